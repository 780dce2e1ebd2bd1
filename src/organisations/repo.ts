/**
 * The organisations' data: organisations (with their places, type, size group, ITAS code and sign-off), their
 * units, their old slugs and their emblems; rows checked as they are read (src/db/rows.ts). The list of an
 * organisation's fiscal years is read here too (fiscal_years belongs to src/years, which has no function for it).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';
import { SIZE_GROUPS } from './vocab.ts';

const sizeGroup = z.enum(SIZE_GROUPS).nullable();

const DetailRow = z.strictObject({
  slug: col.text,
  name_th: col.text,
  name_en: col.text.nullable(),
  org_type: col.text.nullable(),
  kind: col.text,
  province: col.text.nullable(),
  province_code: col.text.nullable(),
  district: col.text.nullable(),
  district_code: col.text.nullable(),
  size_group: sizeGroup,
  parent: col.text.nullable(),
  years: col.intArray.nullable(),
});
export type DetailRow = z.output<typeof DetailRow>;

const DETAIL_SELECT = `SELECT o.slug, o.name_th, o.name_en, o.org_type, o.kind, o.province, o.province_code, o.district, o.district_code, o.size_group,
       (SELECT p.slug FROM organisations p WHERE p.id = o.parent_id) AS parent,
       (SELECT array_agg(f.year ORDER BY f.year DESC) FROM fiscal_years f WHERE f.org_id = o.id) AS years
  FROM organisations o`;

export interface OrganisationInsert {
  readonly slug: string;
  readonly nameTh: string;
  readonly nameEn: string | null;
  readonly kind: string;
  readonly orgType: string;
  readonly province: string;
  readonly provinceCode: string;
  readonly district: string | null;
  readonly districtCode: string | null;
  readonly sizeGroup: string | null;
  readonly website: string | null;
  readonly parentId: string | null;
}

export async function insertOrganisation(tx: Queryable, o: OrganisationInsert): Promise<void> {
  await tx.query(
    `INSERT INTO organisations (slug, name_th, name_en, kind, org_type, province, province_code, district, district_code, size_group, website, parent_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [o.slug, o.nameTh, o.nameEn, o.kind, o.orgType, o.province, o.provinceCode, o.district, o.districtCode, o.sizeGroup, o.website, o.parentId],
  );
}

/** The organisation of `slug`, with its fiscal years. */
export async function selectDetailBySlug(db: Queryable, slug: string): Promise<DetailRow | undefined> {
  return oneRow(db, DetailRow, `${DETAIL_SELECT} WHERE o.slug = $1`, [slug]);
}

/** The organisations of `orgIds` (null: every one), with their fiscal years. */
export async function selectDetails(db: Queryable, orgIds: readonly string[] | null): Promise<DetailRow[]> {
  return rows(db, DetailRow, `${DETAIL_SELECT} WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[])`, [orgIds]);
}

export async function unitNameTaken(tx: Queryable, orgId: string, nameTh: string): Promise<boolean> {
  return (await oneRow(tx, z.strictObject({ taken: col.int }), 'SELECT 1 AS taken FROM units WHERE org_id = $1 AND name_th = $2', [orgId, nameTh])) !== undefined;
}

/** Adds a unit after the organisation's last one; its id. */
export async function insertUnit(tx: Queryable, orgId: string, nameTh: string, shortTh: string | null): Promise<string> {
  const row = await oneRow(
    tx,
    z.strictObject({ id: col.uuid }),
    'INSERT INTO units (org_id, name_th, short_th, seq) SELECT $1, $2, $3, coalesce(max(seq), 0) + 1 FROM units WHERE org_id = $1 RETURNING id',
    [orgId, nameTh, shortTh],
  );
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return row.id;
}

/** The first unit (in order) of the organisation whose Thai name or short name is `unit`, or whose id is `unitId`. */
export async function findUnitId(db: Queryable, orgId: string, unit: string, unitId: string | null): Promise<string | undefined> {
  const row = await oneRow(
    db,
    z.strictObject({ id: col.uuid }),
    'SELECT id FROM units WHERE org_id = $1 AND (name_th = $2 OR short_th = $2 OR id::text = $3) ORDER BY seq LIMIT 1',
    [orgId, unit, unitId],
  );
  return row?.id;
}

const SignOffRow = z.strictObject({
  preparer_name: col.text.nullable(),
  preparer_position: col.text.nullable(),
  executive_position: col.text.nullable(),
  media_type: z.enum(['image/png', 'image/jpeg']).nullable(),
  width: col.int.nullable(),
  height: col.int.nullable(),
  size: col.int.nullable(),
  sha256: col.text.nullable(),
});
export type SignOffRow = z.output<typeof SignOffRow>;

/** The organisation's sign-off settings and its emblem's description (not the picture). */
export async function selectSignOff(q: Queryable, orgId: string): Promise<SignOffRow> {
  const row = await oneRow(
    q,
    SignOffRow,
    `SELECT o.preparer_name, o.preparer_position, o.executive_position, e.media_type, e.width, e.height, e.size, e.sha256
       FROM organisations o LEFT JOIN organisation_emblems e ON e.org_id = o.id WHERE o.id = $1`,
    [orgId],
  );
  if (!row) throw new Error(`no organisation ${orgId}`);
  return row;
}

export const SIGN_OFF_COLUMNS = { preparerName: 'preparer_name', preparerPosition: 'preparer_position', executivePosition: 'executive_position' } as const;

/** Sets the sign-off columns given (none: nothing). */
export async function updateSignOff(tx: Queryable, orgId: string, changes: readonly (readonly [(typeof SIGN_OFF_COLUMNS)[keyof typeof SIGN_OFF_COLUMNS], string | null])[]): Promise<void> {
  if (changes.length === 0) return;
  const set = changes.map(([column], i) => `${column} = $${i + 2}`).join(', ');
  await tx.query(`UPDATE organisations SET ${set}, updated_at = now() WHERE id = $1`, [orgId, ...changes.map(([, v]) => v)]);
}

export async function deleteEmblem(tx: Queryable, orgId: string): Promise<void> {
  await tx.query('DELETE FROM organisation_emblems WHERE org_id = $1', [orgId]);
}

export interface EmblemInsert {
  readonly mediaType: string;
  readonly width: number;
  readonly height: number;
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

export async function upsertEmblem(tx: Queryable, orgId: string, e: EmblemInsert): Promise<void> {
  await tx.query(
    `INSERT INTO organisation_emblems (org_id, media_type, width, height, size, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (org_id) DO UPDATE SET media_type = $2, width = $3, height = $4, size = $5, sha256 = $6, bytes = $7, updated_at = now()`,
    [orgId, e.mediaType, e.width, e.height, e.bytes.length, e.sha256, e.bytes],
  );
}

/** The emblem's picture. */
export async function selectEmblemBytes(q: Queryable, orgId: string): Promise<Uint8Array | undefined> {
  return (await oneRow(q, z.strictObject({ bytes: col.bytes }), 'SELECT bytes FROM organisation_emblems WHERE org_id = $1', [orgId]))?.bytes;
}

/** The id of the organisation whose slug is `slug` now. */
export async function orgIdOfSlug(db: Queryable, slug: string): Promise<string | undefined> {
  return (await oneRow(db, z.strictObject({ id: col.uuid }), 'SELECT id FROM organisations WHERE slug = $1', [slug]))?.id;
}

/** The id of the organisation that had `slug` before a rename. */
export async function orgIdOfOldSlug(db: Queryable, slug: string): Promise<string | undefined> {
  return (await oneRow(db, z.strictObject({ org_id: col.uuid }), 'SELECT org_id FROM organisation_old_slugs WHERE slug = $1', [slug]))?.org_id;
}

/** Gives the organisation the slug `next`, keeping its current slug `previous` as an old one. */
export async function updateSlug(tx: Queryable, orgId: string, previous: string, next: string): Promise<void> {
  await tx.query('DELETE FROM organisation_old_slugs WHERE slug = $1 AND org_id = $2', [next, orgId]);
  await tx.query('INSERT INTO organisation_old_slugs (slug, org_id) VALUES ($1, $2)', [previous, orgId]);
  await tx.query('UPDATE organisations SET slug = $2, updated_at = now() WHERE id = $1', [orgId, next]);
}

/** The current slug of the organisation that had `slug` before a rename. */
export async function currentSlugOfOld(db: Queryable, slug: string): Promise<string | undefined> {
  return (await oneRow(db, z.strictObject({ slug: col.text }), 'SELECT o.slug FROM organisation_old_slugs h JOIN organisations o ON o.id = h.org_id WHERE h.slug = $1', [slug]))?.slug;
}

const ItasRow = z.strictObject({ itas_code: col.text.nullable(), org_type: col.text.nullable(), size_group: sizeGroup });
export type ItasRow = z.output<typeof ItasRow>;

export async function selectItas(db: Queryable, orgId: string): Promise<ItasRow | undefined> {
  return oneRow(db, ItasRow, 'SELECT itas_code, org_type, size_group FROM organisations WHERE id = $1', [orgId]);
}

export async function updateItasCode(tx: Queryable, orgId: string, itasCode: string | null): Promise<void> {
  await tx.query('UPDATE organisations SET itas_code = $2, updated_at = now() WHERE id = $1 AND itas_code IS DISTINCT FROM $2', [orgId, itasCode]);
}

// The tree of organisations (issue 18): each organisation's parent, the office that supervises it.

const TreeNode = z.strictObject({ id: col.uuid, slug: col.text, parent_id: col.uuid.nullable() });
export type TreeNode = z.output<typeof TreeNode>;

/**
 * Serialises the changes of the tree until the transaction ends: two moves at once could each pass the check
 * for a cycle that only both together make (READ COMMITTED does not see the other's uncommitted move).
 */
export async function lockTree(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('prongsai.organisation_tree'))::text AS locked`);
}

/** Every organisation's id, slug and parent: the tree, for checking a CSV of moves against it. */
export async function selectTreeNodes(q: Queryable): Promise<TreeNode[]> {
  return rows(q, TreeNode, 'SELECT id, slug, parent_id FROM organisations ORDER BY slug');
}

/** The organisation `orgId` and those above it, nearest first. */
export async function selectAncestors(q: Queryable, orgId: string): Promise<TreeNode[]> {
  return rows(
    q,
    TreeNode,
    `WITH RECURSIVE up (id, slug, parent_id, depth) AS (
       SELECT id, slug, parent_id, 0 FROM organisations WHERE id = $1
       UNION ALL
       SELECT o.id, o.slug, o.parent_id, up.depth + 1 FROM organisations o JOIN up ON o.id = up.parent_id WHERE up.depth < 1000
     )
     SELECT id, slug, parent_id FROM up ORDER BY depth`,
    [orgId],
  );
}

/** Places the organisation under `parentId` (null: not placed). The audit trigger records the change. */
export async function updateParent(tx: Queryable, orgId: string, parentId: string | null): Promise<void> {
  await tx.query('UPDATE organisations SET parent_id = $2, updated_at = now() WHERE id = $1 AND parent_id IS DISTINCT FROM $2', [orgId, parentId]);
}

const SlugItasRow = z.strictObject({ slug: col.text, itas_code: col.text });

/** The organisations holding any of the ITAS codes (a national import matches by them). */
export async function selectSlugsOfItasCodes(q: Queryable, codes: readonly string[]): Promise<{ slug: string; itas_code: string }[]> {
  if (codes.length === 0) return [];
  return rows(q, SlugItasRow, 'SELECT slug, itas_code FROM organisations WHERE itas_code = ANY($1::text[])', [codes]);
}

/** Sets the ITAS code of the organisation of `slug` (a national import records it for the ones it creates). */
export async function updateItasCodeOfSlug(tx: Queryable, slug: string, itasCode: string): Promise<void> {
  await tx.query('UPDATE organisations SET itas_code = $2, updated_at = now() WHERE slug = $1 AND itas_code IS DISTINCT FROM $2', [slug, itasCode]);
}
