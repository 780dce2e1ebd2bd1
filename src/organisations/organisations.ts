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
import { controlCharIn, InputError } from '../errors.ts';
import type { Message } from '../messages.ts';
import { compareThai } from '../thai/index.ts';
import { createPerson, ORG_ROLES } from '../accounts/accounts.ts';
import { write } from '../app/actor.ts';
import { actorOf, Forbidden, orgsOf, type Principal, type Role } from '../app/authz.ts';
import { resolveOrg } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { checkFile, KINDS, type CheckedFile } from '../measures/file-types.ts';
import { isUuid, parsePatch } from '../app/input.ts';
import { organisationMessages as msg } from './messages.ts';
import { resolvePlace, type Warning } from './places.ts';
import {
  findUnitId,
  insertOrganisation,
  insertUnit,
  orgIdOfSlug,
  selectDetails,
  selectSlugsOfItasCodes,
  updateItasCodeOfSlug,
  type OrganisationInsert,
  selectDetailBySlug,
  selectEmblemBytes,
  selectSignOff,
  SIGN_OFF_COLUMNS,
  deleteEmblem,
  unitNameTaken,
  updateSignOff,
  upsertEmblem,
  type DetailRow,
} from './repo.ts';
import { slugTaken } from './rename.ts';
import { eitMinimum, orgTypeByCode, parseOrgType, parseSizeGroup, type SizeGroup } from './vocab.ts';

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
    /** The slug of the office it comes under (issue 18); absent or null: not yet placed. */
    parent: text(64).nullish(),
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
  /** The slug of the office it comes under (issue 18); null: not yet placed. */
  readonly parent: string | null;
  readonly years: readonly number[];
}

export const refuseSystemOnly = (principal: Principal) => {
  // Organisations are above any one organisation: only a system administrator (or the CLI operator).
  if (orgsOf(principal) !== null) throw new Forbidden('org.admin');
};

/** A trimmed text of one line: a control character in it is an InputError of `field`. */
function lineText(trimmed: string, field: string): string {
  const control = controlCharIn(trimmed, true);
  if (control) throw new InputError(field, msg.controlChar({ code: control }));
  return trimmed;
}

/** A text that must be given (`missing`: what is said when it is empty), trimmed, of one line. */
export function requiredText(value: string | null | undefined, field: string, missing: Message): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new InputError(field, missing);
  return lineText(trimmed, field);
}

export const optionalText = (value: string | null | undefined, field: string): string | null => (value?.trim() ? lineText(value.trim(), field) : null);

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
    parent: r.parent,
    years: r.years ?? [],
  };
}

/** A new organisation's input, checked (everything but its parent's existence), ready to insert. */
export interface PreparedOrganisation {
  readonly row: Omit<OrganisationInsert, 'parentId'>;
  /** The parent's slug, or null. */
  readonly parent: string | null;
  readonly warnings: readonly Warning[];
}

/**
 * Checks a new organisation's input without touching the database.
 * @throws InputError (Thai and English) naming the field at fault.
 */
export function prepareOrganisation(input: unknown): PreparedOrganisation {
  const parsed = createOrganisationSchema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'organisation');
    throw new InputError(field, msg.invalidData({ field, detail: parsed.error.issues[0]?.message ?? '' }));
  }
  const v = parsed.data;
  const slug = v.slug.trim();
  if (!SLUG.test(slug)) {
    throw new InputError('slug', msg.badSlug({ slug }));
  }
  const nameTh = requiredText(v.nameTh, 'nameTh', msg.noOrgName());
  const type = parseOrgType(v.type);
  const sizeGroup = parseSizeGroup(type, v.size);
  const place = resolvePlace(v.province, v.district);
  const nameEn = optionalText(v.nameEn, 'nameEn');
  const website = optionalText(v.website, 'website');
  const parent = optionalText(v.parent, 'parent');
  const row = {
    slug,
    nameTh,
    nameEn,
    kind: type.kind,
    orgType: type.code,
    province: place.province.nameTh,
    provinceCode: place.province.code,
    district: place.district?.nameTh ?? null,
    districtCode: place.district?.code ?? null,
    sizeGroup,
    website,
  };
  return { row, parent, warnings: place.warnings };
}

/** Inserts a prepared organisation inside the caller's transaction (its parent must exist by then). */
export async function insertOrganisationIn(tx: Queryable, prepared: PreparedOrganisation): Promise<void> {
  // A slug in use, or one another organisation had (its old links still redirect), is taken.
  const taken = await slugTaken(tx, prepared.row.slug, null);
  if (taken) throw taken;
  await insertOrganisation(tx, { ...prepared.row, parentId: prepared.parent === null ? null : await parentIdOf(tx, prepared.parent) });
}

/** The slug of each organisation holding one of the ITAS codes, by code. */
export async function slugsOfItasCodes(q: Queryable, codes: readonly string[]): Promise<Map<string, string>> {
  return new Map((await selectSlugsOfItasCodes(q, [...new Set(codes)])).map((r) => [r.itas_code, r.slug]));
}

/** Records the ITAS code of the organisation of `slug`, inside the caller's transaction. */
export const setItasCodeIn = (tx: Queryable, slug: string, itasCode: string): Promise<void> => updateItasCodeOfSlug(tx, slug, itasCode);

/** Creates an organisation (system administrator). A district the dataset lacks is kept, with a warning. */
export async function createOrganisation(db: Db, principal: Principal, input: unknown): Promise<{ organisation: OrganisationDetail; warnings: readonly Warning[] }> {
  refuseSystemOnly(principal);
  const prepared = prepareOrganisation(input);
  await write(db, actorOf(principal), null, (tx) => insertOrganisationIn(tx, prepared));
  const organisation = await organisationDetail(db, prepared.row.slug);
  if (!organisation) throw new Error(`the organisation ${prepared.row.slug} just made is not there`);
  return { organisation, warnings: prepared.warnings };
}

/** The organisation of `slug` now, or undefined. */
export async function organisationDetail(q: Queryable, slug: string): Promise<OrganisationDetail | undefined> {
  const row = await selectDetailBySlug(q, slug);
  return row && detailOf(row);
}

/**
 * The id of the organisation `parent` (its slug), to place another under it.
 * @throws InputError (field parent) in Thai and English when there is none.
 */
export async function parentIdOf(q: Queryable, parent: string): Promise<string> {
  const id = await orgIdOfSlug(q, parent);
  if (id === undefined) throw new InputError('parent', msg.noParent({ parent }));
  return id;
}

/** The organisations the principal holds a role in (every one for a system administrator), in Thai order. */
export async function listOrganisationDetails(db: Queryable, principal: Principal): Promise<OrganisationDetail[]> {
  return (await selectDetails(db, orgsOf(principal)))
    .map(detailOf).sort((a, b) => compareThai(a.nameTh, b.nameTh) || a.slug.localeCompare(b.slug));
}

export const addUnitSchema = z.object({ nameTh: text(200), shortTh: text(50).nullish() }).strict();

/** Adds a unit (กอง, สำนัก) at the end of the organisation's units (org.admin). */
export async function addUnit(db: Db, principal: Principal, slug: string, input: z.input<typeof addUnitSchema>): Promise<{ id: string; nameTh: string; shortTh: string | null }> {
  const org = await resolveOrg(db, principal, slug, 'org.admin');
  const nameTh = requiredText(input.nameTh, 'nameTh', msg.noUnitName());
  const shortTh = optionalText(input.shortTh, 'shortTh');
  return write(db, actorOf(principal), org.orgId, async (tx) => {
    if (await unitNameTaken(tx, org.orgId, nameTh)) throw new InputError('nameTh', msg.unitExists({ orgName: org.nameTh, slug: org.slug, unit: nameTh }));
    return { id: await insertUnit(tx, org.orgId, nameTh, shortTh), nameTh, shortTh };
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
    throw new InputError('role', msg.unknownRole({ role: textIn, known: ORG_ROLES }));
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
    const found = await findUnitId(db, org.orgId, unit, isUuid(unit) ? unit : null);
    if (!found) throw new NotFound('unit', msg.noUnit({ unit, orgName: org.nameTh, slug: org.slug }));
    unitId = found;
  }
  if (role === 'unit_head' && unitId === null) {
    throw new InputError('unit', msg.unitHeadNeedsUnit());
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

async function signOffRow(q: Queryable, orgId: string): Promise<SignOffSettings> {
  const row = await selectSignOff(q, orgId);
  const { media_type: mediaType, width, height, size, sha256 } = row;
  // The emblem's columns are all there or all NULL (a LEFT JOIN of NOT NULL columns).
  const emblem = mediaType && width !== null && height !== null && size !== null && sha256 !== null ? { mediaType, width, height, size, sha256 } : null;
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
    throw error instanceof InputError ? new InputError('emblem', error.said) : error;
  }
  if (checked.kind !== 'png' && checked.kind !== 'jpeg') {
    throw new InputError('emblem', msg.emblemNotPicture({ label: KINDS[checked.kind].label }));
  }
  let size: { width?: number; height?: number } = {};
  try {
    size = imageSize(upload.bytes);
  } catch {
    // Unreadable: refused below.
  }
  if (!size.width || !size.height) {
    throw new InputError('emblem', msg.emblemUnreadable());
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
  const changes = (Object.keys(SIGN_OFF_COLUMNS) as (keyof typeof SIGN_OFF_COLUMNS)[]).filter((k) => k in given).map((k) => [SIGN_OFF_COLUMNS[k], optionalText(given[k], k)] as const);
  const picture = emblem && emblem !== 'remove' ? checkEmblem(emblem) : null;
  return write(db, actorOf(principal), org.orgId, async (tx) => {
    await updateSignOff(tx, org.orgId, changes);
    if (emblem === 'remove') await deleteEmblem(tx, org.orgId);
    if (picture) await upsertEmblem(tx, org.orgId, picture);
    return signOffRow(tx, org.orgId);
  });
}

/** What the documents print from the settings, the emblem with its picture: for the app layer's SignOff. */
export async function documentSignOffSettings(q: Queryable, orgId: string): Promise<{ settings: SignOffSettings; emblem: Emblem | null }> {
  const settings = await signOffRow(q, orgId);
  if (!settings.emblem) return { settings, emblem: null };
  const bytes = await selectEmblemBytes(q, orgId);
  const emblem = bytes ? { mediaType: settings.emblem.mediaType, width: settings.emblem.width, height: settings.emblem.height, bytes } : null;
  return { settings, emblem };
}
