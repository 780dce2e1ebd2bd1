/**
 * Starting a real organisation (issue 14): the system administrator creates it (type, province, district, size
 * group), its administrator adds its units (กอง, สำนัก) and its people (each with a one-time set-password link),
 * and its coordinator opens its first fiscal year (createYear in carry.ts). The CLI (`prongsai org …`, src/cli/org.ts)
 * and the API (src/web/api/organisations.ts) call these.
 *
 * Types come from the vocabulary of vocab.ts, provinces and districts from the address dataset of places.ts.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { controlCharIn, controlCharText, InputError } from '../errors.ts';
import { compareThai } from '../thai/index.ts';
import { createPerson, ORG_ROLES } from './accounts.ts';
import { write } from './actor.ts';
import { actorOf, Forbidden, orgsOf, type Principal, type Role } from './authz.ts';
import { resolveOrg } from './context.ts';
import { NotFound } from './errors.ts';
import { resolvePlace, type Warning } from './places.ts';
import { slugTaken } from './org-rename.ts';
import { eitMinimum, orgTypeByCode, parseOrgType, parseSizeGroup, type SizeGroup } from './vocab.ts';
import { isUuid } from './years.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const text = (max: number) => z.string().max(max);
export const createOrganisationSchema = z
  .object({
    slug: text(64),
    nameTh: text(200),
    nameEn: text(200).nullish(),
    type: text(100),
    province: text(100),
    district: text(100).nullish(),
    size: text(10).nullish(),
    website: text(300).nullish(),
  })
  .strict();
export type CreateOrganisation = z.input<typeof createOrganisationSchema>;

export interface OrganisationDetail {
  readonly slug: string;
  readonly nameTh: string;
  readonly nameEn: string | null;
  /** The type's code (vocab.ts); null for an organisation made before types (the demo). */
  readonly type: string | null;
  readonly typeTh: string | null;
  readonly kind: string;
  readonly province: string | null;
  readonly provinceCode: string | null;
  readonly district: string | null;
  readonly districtCode: string | null;
  readonly sizeGroup: SizeGroup | null;
  /** The EIT minimum sample of the size group (ITA 2568 figures); null: not known. */
  readonly eitMinimum: number | null;
  readonly years: readonly number[];
}

const refuseSystemOnly = (principal: Principal) => {
  // Organisations are above any one organisation: only a system administrator (or the CLI operator).
  if (orgsOf(principal) !== null) throw new Forbidden('org.admin');
};

export function requiredText(value: string | null | undefined, field: string, th: string, en: string): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new InputError(field, th, en);
  const control = controlCharIn(trimmed, true);
  if (control) {
    const c = controlCharText(control);
    throw new InputError(field, c.th, c.en);
  }
  return trimmed;
}

export const optionalText = (value: string | null | undefined, field: string): string | null => (value?.trim() ? requiredText(value, field, '', '') : null);

interface DetailRow {
  slug: string;
  name_th: string;
  name_en: string | null;
  org_type: string | null;
  kind: string;
  province: string | null;
  province_code: string | null;
  district: string | null;
  district_code: string | null;
  size_group: SizeGroup | null;
  years: number[] | null;
}

const DETAIL_SELECT = `SELECT o.slug, o.name_th, o.name_en, o.org_type, o.kind, o.province, o.province_code, o.district, o.district_code, o.size_group,
       (SELECT array_agg(f.year ORDER BY f.year DESC) FROM fiscal_years f WHERE f.org_id = o.id) AS years
  FROM organisations o`;

function detailOf(r: DetailRow): OrganisationDetail {
  const type = orgTypeByCode(r.org_type);
  return {
    slug: r.slug,
    nameTh: r.name_th,
    nameEn: r.name_en,
    type: r.org_type,
    typeTh: type?.abbrTh ?? null,
    kind: r.kind,
    province: r.province,
    provinceCode: r.province_code,
    district: r.district,
    districtCode: r.district_code,
    sizeGroup: r.size_group,
    eitMinimum: eitMinimum(type, r.size_group),
    years: r.years ?? [],
  };
}

/** Creates an organisation (system administrator). A district the dataset lacks is kept, with a warning. */
export async function createOrganisation(db: Db, principal: Principal, input: unknown): Promise<{ organisation: OrganisationDetail; warnings: readonly Warning[] }> {
  refuseSystemOnly(principal);
  const parsed = createOrganisationSchema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'organisation');
    throw new InputError(field, `ข้อมูลหน่วยงานไม่ถูกต้อง (${field})`, `invalid organisation data (${field}): ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const v = parsed.data;
  const slug = v.slug.trim();
  if (!SLUG.test(slug)) {
    throw new InputError('slug', `ชื่อย่อ "${slug}" ใช้ไม่ได้: ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และ - เช่น na-kham (ไม่เกิน 64 ตัว)`, `the slug "${slug}" is not allowed: use lower-case letters, digits and -, e.g. na-kham (at most 64)`);
  }
  const nameTh = requiredText(v.nameTh, 'nameTh', 'กรอกชื่อหน่วยงาน (ไม่เกิน 200 ตัวอักษร)', 'give the organisation’s name (at most 200 characters)');
  const type = parseOrgType(v.type);
  const sizeGroup = parseSizeGroup(type, v.size);
  const place = resolvePlace(v.province, v.district);
  const nameEn = optionalText(v.nameEn, 'nameEn');
  const website = optionalText(v.website, 'website');
  await write(db, actorOf(principal), null, async (tx) => {
    // A slug in use, or one another organisation had (its old links still redirect), is taken.
    const taken = await slugTaken(tx, slug, null);
    if (taken) throw taken;
    await tx.query(
      `INSERT INTO organisations (slug, name_th, name_en, kind, org_type, province, province_code, district, district_code, size_group, website)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [slug, nameTh, nameEn, type.kind, type.code, place.province.nameTh, place.province.code, place.district?.nameTh ?? null, place.district?.code ?? null, sizeGroup, website],
    );
  });
  const [row] = await db.query<DetailRow>(`${DETAIL_SELECT} WHERE o.slug = $1`, [slug]);
  return { organisation: detailOf(row as DetailRow), warnings: place.warnings };
}

/** The organisations the principal holds a role in (every one for a system administrator), in Thai order. */
export async function listOrganisationDetails(db: Queryable, principal: Principal): Promise<OrganisationDetail[]> {
  const rows = await db.query<DetailRow>(`${DETAIL_SELECT} WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[])`, [orgsOf(principal)]);
  return rows.map(detailOf).sort((a, b) => compareThai(a.nameTh, b.nameTh) || a.slug.localeCompare(b.slug));
}

export const addUnitSchema = z.object({ nameTh: text(200), shortTh: text(50).nullish() }).strict();

/** Adds a unit (กอง, สำนัก) at the end of the organisation's units (org.admin). */
export async function addUnit(db: Db, principal: Principal, slug: string, input: z.input<typeof addUnitSchema>): Promise<{ id: string; nameTh: string; shortTh: string | null }> {
  const org = await resolveOrg(db, principal, slug, 'org.admin');
  const nameTh = requiredText(input.nameTh, 'nameTh', 'กรอกชื่อกอง/สำนัก (ไม่เกิน 200 ตัวอักษร)', 'give the unit’s name (at most 200 characters)');
  const shortTh = optionalText(input.shortTh, 'shortTh');
  return write(db, actorOf(principal), org.orgId, async (tx) => {
    const [taken] = await tx.query('SELECT 1 FROM units WHERE org_id = $1 AND name_th = $2', [org.orgId, nameTh]);
    if (taken) throw new InputError('nameTh', `${org.nameTh} มีกอง/สำนัก "${nameTh}" อยู่แล้ว`, `${org.slug} already has the unit "${nameTh}"`);
    const [row] = await tx.query<{ id: string }>(
      'INSERT INTO units (org_id, name_th, short_th, seq) SELECT $1, $2, $3, coalesce(max(seq), 0) + 1 FROM units WHERE org_id = $1 RETURNING id',
      [org.orgId, nameTh, shortTh],
    );
    return { id: (row as { id: string }).id, nameTh, shortTh };
  });
}

export const addPersonSchema = z
  .object({
    email: text(320),
    role: text(40),
    /** The unit by id or by Thai name (required for unit_head). */
    unit: text(200).nullish(),
    /** Defaults to the e-mail address until the person's name is set on the people page. */
    nameTh: text(200).nullish(),
    positionTh: text(200).nullish(),
  })
  .strict();

/** The role by its name (org_admin, coordinator, unit_head, executive, auditor). */
export function parseRole(textIn: string): Exclude<Role, 'system_admin'> {
  const role = ORG_ROLES.find((r) => r === textIn.trim());
  if (!role) {
    throw new InputError('role', `ไม่รู้จักบทบาท "${textIn}" (ใช้ได้: ${ORG_ROLES.join(', ')})`, `unknown role "${textIn}" (known: ${ORG_ROLES.join(', ')})`);
  }
  return role;
}

/**
 * Adds a person with one role to the organisation (org.admin), through createPerson: returns the one-time
 * set-password token (valid 24 hours; the caller makes the link /setup/<token>).
 */
export async function addPerson(db: Db, principal: Principal, slug: string, input: z.input<typeof addPersonSchema>, now: Date = new Date()): Promise<{ personId: string; link: string }> {
  const org = await resolveOrg(db, principal, slug, 'org.admin');
  const role = parseRole(input.role);
  let unitId: string | null = null;
  const unit = input.unit?.trim();
  if (unit) {
    const [row] = await db.query<{ id: string }>('SELECT id FROM units WHERE org_id = $1 AND (name_th = $2 OR short_th = $2 OR id::text = $3) ORDER BY seq LIMIT 1', [
      org.orgId,
      unit,
      isUuid(unit) ? unit : null,
    ]);
    if (!row) throw new NotFound('unit', `ไม่พบกอง/สำนัก "${unit}" ใน${org.nameTh} (เพิ่มด้วย prongsai unit add)`, `no unit "${unit}" in ${org.slug} (add it with prongsai unit add)`);
    unitId = row.id;
  }
  if (role === 'unit_head' && unitId === null) {
    throw new InputError('unit', 'หัวหน้าส่วนราชการต้องระบุกอง/สำนัก (--unit)', 'a unit head needs a unit (--unit)');
  }
  const email = (input.email ?? '').trim();
  return createPerson(
    db,
    principal,
    org.orgId,
    { nameTh: input.nameTh?.trim() || email, positionTh: input.positionTh?.trim() || null, email, unitId, roles: [{ role, unitId: role === 'unit_head' ? unitId : null }] },
    now,
  );
}
