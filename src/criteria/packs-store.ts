/**
 * The criteria packs stored in the database (criteria_packs, src/criteria/criteria.ts), registered with src/ita so that
 * getCriteria knows them: all of them when the server starts (and, one at a time, when a year needs a pack another
 * process imported after this one started: ensureStoredPack in src/app/context.ts).
 */
import type { Queryable } from '../db/index.ts';
import { forgetRegisteredPacks, packSchema, registerPack } from '../ita/index.ts';
import { selectPacks } from './repo.ts';

/** Registers the packs stored in the database (after forgetting any registered before); returns how many. */
export async function loadStoredPacks(q: Queryable): Promise<number> {
  const packs = await selectPacks(q);
  forgetRegisteredPacks();
  for (const pack of packs) registerPack(packSchema.parse(pack));
  return packs.length;
}
