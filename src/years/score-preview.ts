/**
 * What a change of scores would give, before it is saved: the scores as they would be and the result computed
 * from them. Read-only (nothing is written), for the score entry's preview; allowed to whoever may change the
 * scores. Checks exactly as setScores does (src/years/scores.ts), so a preview that passes saves.
 */
import type { Queryable } from '../db/index.ts';
import { criteriaOf } from '../ita/index.ts';
import type { Principal } from '../app/authz.ts';
import { resolveYear, type YearRef } from '../app/context.ts';
import { parseInput } from '../app/input.ts';
import { applyScores, scoresPatchSchema, scoresViewOf, type ScoresPatch, type ScoresView } from './scores.ts';
import { loadYear } from './years.ts';

export async function previewScores(db: Queryable, principal: Principal, ref: YearRef, patch: ScoresPatch | unknown): Promise<ScoresView> {
  const ctx = await resolveYear(db, principal, ref, 'scores.write');
  const parsed = parseInput(scoresPatchSchema, patch, 'scores');
  const year = await loadYear(db, ctx.slug, ctx.year);
  const next = { ...year, scores: applyScores(criteriaOf(year), year.scores, parsed) };
  return scoresViewOf(next);
}
