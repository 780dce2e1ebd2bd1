/**
 * Starting a real organisation (issue 14): the system administrator creates it (type, province, district, size
 * group), its administrator adds its units (กอง, สำนัก) and its people (each with a one-time set-password link),
 * and its coordinator opens its first fiscal year (createYear in carry.ts). The CLI (`prongsai org …`, src/cli/org.ts)
 * and the API (src/organisations/organisations-api.ts) call these.
 *
 * Types come from the vocabulary of vocab.ts, provinces and districts from the address dataset of places.ts.
 */
import { createHash } from 'node:crypto';
import { imageSize } from 'image-size';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import type { Emblem } from '../documents/core/signoff.ts';
import { controlCharIn, controlCharText, InputError } from '../errors.ts';
import { compareThai } from '../thai/index.ts';
import { createPerson, ORG_ROLES } from '../accounts/accounts.ts';
import { write } from '../app/actor.ts';
import { actorOf, Forbidden, orgsOf, type Principal, type Role } from '../app/authz.ts';
import { resolveOrg } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { checkFile, KINDS, type CheckedFile } from '../measures/file-types.ts';
import { parsePatch } from '../app/input.ts';
import { resolvePlace, type Warning } from './places.ts';
import { slugTaken } from './rename.ts';
import { eitMinimum, orgTypeByCode, parseOrgType, parseSizeGroup, type SizeGroup } from './vocab.ts';
import { isUuid } from '../years/years.ts';

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

// ---------------------------------------------------------------------------------------------------------
// The sign-off of the official documents (issue 15): who prepares them, the executive's position, the emblem.
// Beside the year's data, never inside what an approval's hash covers (approval-state.ts approvalPayload).

export const signOffSettingsSchema = z
  .object({
    /** ผู้จัดทำ/ผู้รายงาน: the name printed under the preparer's signature line; null or '' clears it. */
    preparerName: text(200).nullish(),
    preparerPosition: text(200).nullish(),
    /** The executive's position, e.g. นายกองค์การบริหารส่วนตำบลห้วยทอง (the name comes from the approval). */
    executivePosition: text(200).nullish(),
  })
  .strict();
export type SignOffSettingsInput = z.input<typeof signOffSettingsSchema>;

/** The emblem as the settings show it: what it is, not the picture. */
export interface EmblemInfo {
  readonly mediaType: 'image/png' | 'image/jpeg';
  readonly width: number;
  readonly height: number;
  readonly size: number;
  readonly sha256: string;
}

export interface SignOffSettings {
  readonly preparerName: string | null;
  readonly preparerPosition: string | null;
  readonly executivePosition: string | null;
  readonly emblem: EmblemInfo | null;
}

/** The largest emblem taken: 1 MB. */
export const EMBLEM_MAX_BYTES = 1024 * 1024;

interface SignOffRow {
  preparer_name: string | null;
  preparer_position: string | null;
  executive_position: string | null;
  media_type: 'image/png' | 'image/jpeg' | null;
  width: number | null;
  height: number | null;
  size: number | null;
  sha256: string | null;
}

async function signOffRow(q: Queryable, orgId: string): Promise<SignOffSettings> {
  const [r] = await q.query<SignOffRow>(
    `SELECT o.preparer_name, o.preparer_position, o.executive_position, e.media_type, e.width, e.height, e.size, e.sha256
       FROM organisations o LEFT JOIN organisation_emblems e ON e.org_id = o.id WHERE o.id = $1`,
    [orgId],
  );
  const row = r as SignOffRow;
  const emblem = row.media_type ? { mediaType: row.media_type, width: row.width as number, height: row.height as number, size: row.size as number, sha256: row.sha256 as string } : null;
  return { preparerName: row.preparer_name, preparerPosition: row.preparer_position, executivePosition: row.executive_position, emblem };
}

/** The sign-off settings of an organisation (its administrator). */
export async function getSignOffSettings(db: Queryable, principal: Principal, slug: string): Promise<SignOffSettings> {
  const org = await resolveOrg(db, principal, slug, 'org.admin');
  return signOffRow(db, org.orgId);
}

/** An emblem checked and ready to store. */
interface CheckedEmblem {
  readonly mediaType: string;
  readonly width: number;
  readonly height: number;
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/**
 * An emblem upload: PNG or JPEG by its content (file-types.ts), at most 1 MB, whatever its name says.
 * @throws InputError (field emblem) in Thai and English for anything else.
 */
function checkEmblem(upload: EmblemUpload): CheckedEmblem {
  let checked: CheckedFile;
  try {
    checked = checkFile(upload.bytes, upload.filename, upload.mediaType, EMBLEM_MAX_BYTES);
  } catch (error) {
    // The settings have one file field: the emblem.
    throw error instanceof InputError ? new InputError('emblem', error.th, error.en) : error;
  }
  if (checked.kind !== 'png' && checked.kind !== 'jpeg') {
    throw new InputError('emblem', `ตราหน่วยงานต้องเป็นภาพ PNG หรือ JPEG (แฟ้มนี้เป็น ${KINDS[checked.kind].label})`, `the emblem must be a PNG or JPEG picture (this file is ${KINDS[checked.kind].label})`);
  }
  let size: { width?: number; height?: number } = {};
  try {
    size = imageSize(upload.bytes);
  } catch {
    // Unreadable: refused below.
  }
  if (!size.width || !size.height) {
    throw new InputError('emblem', 'อ่านขนาดของภาพตราหน่วยงานไม่ได้ (แฟ้มภาพอาจเสีย)', 'cannot read the size of the emblem picture (the file may be damaged)');
  }
  return { mediaType: checked.mediaType, width: size.width, height: size.height, sha256: createHash('sha256').update(upload.bytes).digest('hex'), bytes: upload.bytes };
}

export interface EmblemUpload {
  readonly filename: string;
  readonly mediaType: string | null;
  readonly bytes: Uint8Array;
}

/**
 * Changes the names and positions given (absent: unchanged; null or '': cleared), and sets the emblem from an
 * upload or removes it, in one transaction: anything refused changes nothing. Audited (the organisation's row,
 * and the emblem's type, size and hash without the picture).
 */
export async function setSignOffSettings(db: Db, principal: Principal, slug: string, input: unknown, emblem?: EmblemUpload | 'remove'): Promise<SignOffSettings> {
  const org = await resolveOrg(db, principal, slug, 'org.admin');
  const given = parsePatch(signOffSettingsSchema, input, 'signOff');
  const columns = { preparerName: 'preparer_name', preparerPosition: 'preparer_position', executivePosition: 'executive_position' } as const;
  const changes = (Object.keys(columns) as (keyof typeof columns)[]).filter((k) => k in given).map((k) => [columns[k], optionalText(given[k], k)] as const);
  const picture = emblem && emblem !== 'remove' ? checkEmblem(emblem) : null;
  return write(db, actorOf(principal), org.orgId, async (tx) => {
    if (changes.length > 0) {
      const set = changes.map(([column], i) => `${column} = $${i + 2}`).join(', ');
      await tx.query(`UPDATE organisations SET ${set}, updated_at = now() WHERE id = $1`, [org.orgId, ...changes.map(([, v]) => v)]);
    }
    if (emblem === 'remove') await tx.query('DELETE FROM organisation_emblems WHERE org_id = $1', [org.orgId]);
    if (picture) {
      await tx.query(
        `INSERT INTO organisation_emblems (org_id, media_type, width, height, size, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (org_id) DO UPDATE SET media_type = $2, width = $3, height = $4, size = $5, sha256 = $6, bytes = $7, updated_at = now()`,
        [org.orgId, picture.mediaType, picture.width, picture.height, picture.bytes.length, picture.sha256, picture.bytes],
      );
    }
    return signOffRow(tx, org.orgId);
  });
}

/** What the documents print from the settings, the emblem with its picture: for the app layer's SignOff. */
export async function documentSignOffSettings(q: Queryable, orgId: string): Promise<{ settings: SignOffSettings; emblem: Emblem | null }> {
  const settings = await signOffRow(q, orgId);
  if (!settings.emblem) return { settings, emblem: null };
  const [row] = await q.query<{ bytes: Uint8Array }>('SELECT bytes FROM organisation_emblems WHERE org_id = $1', [orgId]);
  const emblem = row ? { mediaType: settings.emblem.mediaType, width: settings.emblem.width, height: settings.emblem.height, bytes: row.bytes } : null;
  return { settings, emblem };
}
