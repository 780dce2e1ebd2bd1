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
import { organisationMessages as msg } from './messages.ts';
import { currentSlugOfOld, orgIdOfOldSlug, orgIdOfSlug, updateSlug } from './repo.ts';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const renameSchema = z
  .object({
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(64, { error: msg.code('slugTooLong') })
      .regex(SLUG_PATTERN, { error: msg.code('slugPattern') }),
  })
  .strict();

/** Why `slug` cannot be given to the organisation `orgId` (null: it can). */
export async function slugTaken(db: Queryable, slug: string, orgId: string | null): Promise<Conflict | null> {
  const current = await orgIdOfSlug(db, slug);
  if (current !== undefined && current !== orgId) return new Conflict('slug', msg.slugInUse({ slug }));
  const old = await orgIdOfOldSlug(db, slug);
  if (old !== undefined && old !== orgId) return new Conflict('slug', msg.slugWasOthers({ slug }));
  return null;
}

/** Gives the organisation a new slug; its old slug keeps answering with a redirect. */
export async function renameOrganisation(db: Db, principal: Principal, slug: string, raw: unknown): Promise<OrgContext> {
  const org = await resolveOrg(db, principal, slug, 'org.admin');
  const { slug: next } = parseInput(renameSchema, raw);
  if (next === org.slug) throw new InputError('slug', msg.sameSlug({ slug: next }));
  await write(db, actorOf(principal), org.orgId, async (tx) => {
    const taken = await slugTaken(tx, next, org.orgId);
    if (taken) throw taken;
    await updateSlug(tx, org.orgId, org.slug, next);
  });
  return { ...org, slug: next };
}

/** The current slug of the organisation that had `slug` before a rename, or null. */
export async function renamedTo(db: Queryable, slug: string): Promise<string | null> {
  return (await currentSlugOfOld(db, slug)) ?? null;
}
