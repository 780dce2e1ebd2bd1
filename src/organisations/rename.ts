/**
 * Renaming an organisation's slug (issue 14, point 1) keeps its published URLs working: the old slug is kept in
 * organisation_old_slugs, and the public portal /o/<old>/… and the public API /api/o/<old>/… answer 301 with the
 * same path under the new slug (src/portal/old-slugs.ts). No other organisation may take an old slug (also refused
 * by a trigger, migration 0015, whatever code creates an organisation); the organisation itself may take back
 * one of its own old slugs.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { write } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { resolveOrg, type OrgContext } from '../app/context.ts';
import { Conflict } from '../app/errors.ts';
import { parseInput } from '../app/input.ts';
import { InputError } from '../errors.ts';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const renameSchema = z
  .object({
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(64, { error: 'ชื่อย่อยาวได้ไม่เกิน 64 ตัว / the slug is at most 64 characters' })
      .regex(SLUG_PATTERN, { error: 'ชื่อย่อใช้ได้เฉพาะ a–z, 0–9 และขีด (-) คั่นกลาง เช่น huai-thong / the slug is a–z, 0–9 and single hyphens between them, e.g. huai-thong' }),
  })
  .strict();

/** Why `slug` cannot be given to the organisation `orgId` (null: it can). */
export async function slugTaken(db: Queryable, slug: string, orgId: string | null): Promise<Conflict | null> {
  const [current] = await db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [slug]);
  if (current && current.id !== orgId) return new Conflict('slug', `ชื่อย่อ "${slug}" มีหน่วยงานอื่นใช้อยู่`, `the slug "${slug}" is taken by another organisation`);
  const [old] = await db.query<{ org_id: string }>('SELECT org_id FROM organisation_old_slugs WHERE slug = $1', [slug]);
  if (old && old.org_id !== orgId) {
    return new Conflict('slug', `ชื่อย่อ "${slug}" เคยเป็นของหน่วยงานอื่น ลิงก์เดิมของหน่วยงานนั้นยังใช้อยู่ จึงใช้ซ้ำไม่ได้`, `the slug "${slug}" belonged to another organisation, whose old links still use it`);
  }
  return null;
}

/** Gives the organisation a new slug; its old slug keeps answering with a redirect. */
export async function renameOrganisation(db: Db, principal: Principal, slug: string, raw: unknown): Promise<OrgContext> {
  const org = await resolveOrg(db, principal, slug, 'org.admin');
  const { slug: next } = parseInput(renameSchema, raw);
  if (next === org.slug) throw new InputError('slug', `ชื่อย่อใหม่เหมือนชื่อย่อเดิม ("${next}")`, `the new slug is the current one ("${next}")`);
  await write(db, actorOf(principal), org.orgId, async (tx) => {
    const taken = await slugTaken(tx, next, org.orgId);
    if (taken) throw taken;
    await tx.query('DELETE FROM organisation_old_slugs WHERE slug = $1 AND org_id = $2', [next, org.orgId]);
    await tx.query('INSERT INTO organisation_old_slugs (slug, org_id) VALUES ($1, $2)', [org.slug, org.orgId]);
    await tx.query('UPDATE organisations SET slug = $2, updated_at = now() WHERE id = $1', [org.orgId, next]);
  });
  return { ...org, slug: next };
}

/** The current slug of the organisation that had `slug` before a rename, or null. */
export async function renamedTo(db: Queryable, slug: string): Promise<string | null> {
  const [row] = await db.query<{ slug: string }>('SELECT o.slug FROM organisation_old_slugs h JOIN organisations o ON o.id = h.org_id WHERE h.slug = $1', [slug]);
  return row?.slug ?? null;
}
