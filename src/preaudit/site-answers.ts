/**
 * The agency's own-site answers of a year, for the OIT answer sheet (src/portal/answer-sheet.ts), which calls
 * this after it has authorised the request itself. Kept apart from ./answers.ts, which reads the answer sheet, so
 * that the two modules do not import each other.
 */
import type { Queryable } from '../db/index.ts';
import { selectAnswers } from './repo.ts';

export interface SiteAnswer {
  readonly urls: readonly string[];
  readonly explanation: string;
  /** ISO instant. */
  readonly updatedAt: string;
}

/** The items of an organisation's year answered with the agency's own website, by item code. */
export async function siteAnswersOf(db: Queryable, orgId: string, year: number): Promise<ReadonlyMap<string, SiteAnswer>> {
  const found = await selectAnswers(db, orgId, year);
  return new Map(found.map((r) => [r.item_code, { urls: r.urls, explanation: r.explanation, updatedAt: r.updated_at }]));
}
