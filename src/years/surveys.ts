/**
 * Importing raw survey answers (IIT/EIT) of one or many organisations: the answers are kept (compactly, one
 * record per respondent) for audit and recomputation, and the question and indicator scores computed from them
 * replace the organisations' survey-based scores of that year. All or nothing; a bad cell anywhere and nothing
 * is written.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { Db } from '../db/index.ts';
import { InputError, InputErrors } from '../errors.ts';
import { getCriteria } from '../ita/index.ts';
import type { Problem } from '../io/problems.ts';
import { surveyItemCodes, type SurveyScores } from '../scoring/index.ts';
import { write, type Actor } from '../app/actor.ts';
import type { Message } from '../messages.ts';
import { yearsMessages } from './messages.ts';
import { copySurveyBatches, insertSurveyYears, replaceSurveyedScores, selectOrgIdsBySlugs, selectYearIdsOf, upsertQuestionResults } from './repo.ts';
import { tallyResponsesFile } from './scoring.ts';

export interface SurveyImportOutcome {
  readonly problems: readonly Problem[];
  readonly written: boolean;
  readonly organisations: number;
  readonly respondents: number;
}

/** Survey-based scores are kept to 4 decimals (shown to 2): the overall score then rounds as from exact means. */
const STORED_DECIMALS = 4;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const agencyProblem = (said: Message): Problem => ({ sheet: null, row: null, column: 'agency', th: said.th, en: said.en, severity: 'error' });

const problem = (e: InputError): Problem => {
  const row = /^row (\d+)/.exec(e.field);
  return { sheet: null, row: row ? Number(row[1]) : null, column: e.field.replace(/^row \d+,? ?/, '') || null, th: e.th, en: e.en, severity: 'error' };
};

/**
 * Imports a response file (CSV: optional `agency` column holding the organisation's slug, then the year's item
 * codes). Without an agency column, `org` names the organisation.
 */
export async function importSurveyResponses(
  db: Db,
  actor: Actor,
  path: string,
  year: number,
  options: { org?: string; dryRun?: boolean } = {},
): Promise<SurveyImportOutcome> {
  const criteria = getCriteria(year);
  let results: SurveyScores[];
  try {
    results = await tallyResponsesFile(criteria, path, { keepAnswers: true });
  } catch (error) {
    if (error instanceof InputErrors) return { problems: error.errors.map(problem), written: false, organisations: 0, respondents: 0 };
    if (error instanceof InputError) return { problems: [problem(error)], written: false, organisations: 0, respondents: 0 };
    throw error;
  }
  const slugOf = (agency: string) => (agency === '' ? (options.org ?? '') : agency);
  const slugs = [...new Set(results.map((r) => slugOf(r.agency)))];
  const orgs = await selectOrgIdsBySlugs(db, slugs);
  const orgId = new Map(orgs.map((o) => [o.slug, o.id]));
  const problems: Problem[] = slugs
    .filter((s) => !orgId.has(s))
    .map((s) => agencyProblem(s === '' ? yearsMessages.noAgencyColumn() : yearsMessages.noOrg({ slug: s })));
  const respondents = results.reduce((n, r) => n + r.respondents.IIT + r.respondents.EIT, 0);
  if (problems.length > 0 || options.dryRun) return { problems, written: false, organisations: results.length, respondents };

  const items = surveyItemCodes(criteria);
  const sha = await sha256Of(path);
  const filename = basename(path);
  const surveyed = criteria.indicators.filter((i) => i.tool !== 'OIT').map((i) => i.number);
  await write(db, actor, null, async (tx) => {
    const ids = results.map((r) => orgId.get(slugOf(r.agency)) as string);
    await insertSurveyYears(tx, ids, year, criteria.revision);
    const fyRows = await selectYearIdsOf(tx, year, ids);
    const fyOf = new Map(fyRows.map((f) => [f.org_id, f.id]));
    const fys = ids.map((id) => fyOf.get(id) as string);
    // The raw answers: one batch per organisation.
    const itemsLiteral = `{${items.map((c) => `"${c}"`).join(',')}}`;
    const batchIds = results.map(() => randomUUID());
    await copySurveyBatches(
      tx,
      results.map((r, i) => {
        const respondentsOf = (r.answers as Uint8Array).length / items.length;
        return `${batchIds[i]}\t${fys[i]}\t${copyText(filename)}\t${sha}\t${itemsLiteral}\t${respondentsOf}\t${copyText(actor.label)}\n`;
      }),
      results.map((r, i) => {
        return `${batchIds[i]}\t\\\\x${deflateRawSync(r.answers as Uint8Array).toString('hex')}\n`;
      }),
    );
    // The scores they give, replacing the previous survey results of these years.
    const s = { fy: [] as string[], indicator: [] as number[], score: [] as string[] };
    const questionRows = results.map((r, i) => {
      const fy = fys[i] as string;
      for (const [indicator, score] of r.indicators) {
        s.fy.push(fy);
        s.indicator.push(indicator);
        s.score.push(score.toFixed(STORED_DECIMALS));
      }
      return JSON.stringify(r.questions.map((q) => ({ code: q.code, score: Number(q.score.toFixed(STORED_DECIMALS)), respondents: q.answers })));
    });
    await upsertQuestionResults(tx, fys, questionRows);
    await replaceSurveyedScores(tx, fys, surveyed, s);
  });
  return { problems, written: true, organisations: results.length, respondents };
}

/** A value in COPY's text format: backslash, tab and line breaks escaped. */
function copyText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
