/**
 * Where the survey results show outside the survey pages: the dashboard's estimates of the current fiscal year
 * (each indicator a survey scores, beside last year's score and the target) and the analysis page's suggested
 * sentences (src/analysis/survey-sentence.ts). Reading is year.read, as the results.
 */
import type { Principal } from '../app/authz.ts';
import type { YearRef } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import type { Queryable } from '../db/index.ts';
import { surveySentence } from '../analysis/survey-sentence.ts';
import { fiscalYearOf } from '../thai/dates.ts';
import { getScores } from '../years/scores.ts';
import { SMALL_GROUP } from './results.ts';
import { surveyResultsOf } from './service.ts';
import type { IndicatorNumber } from '../ita/index.ts';

/** One line of the dashboard: a survey's estimate of an indicator beside last year's official score and the target. */
export interface SurveyEstimate {
  readonly indicator: IndicatorNumber;
  readonly title: string;
  readonly score: number;
  readonly ci95: number | null;
  readonly respondents: number;
  readonly lastYear: number | null;
}

/** Last year's indicator scores, or none when the organisation has no such year. */
async function lastYearScores(db: Queryable, principal: Principal, ref: YearRef): Promise<Readonly<Record<string, number | null>>> {
  try {
    return (await getScores(db, principal, { org: ref.org, year: ref.year - 1 })).scores.indicators;
  } catch (error) {
    if (error instanceof NotFound) return {};
    throw error;
  }
}

/** The estimates of the year's surveys, when the year is the current fiscal year (none otherwise). */
export async function surveyEstimates(db: Queryable, principal: Principal, ref: YearRef, now: Date): Promise<SurveyEstimate[]> {
  if (ref.year !== fiscalYearOf(now)) return [];
  const list = await surveyResultsOf(db, principal, ref);
  if (list.length === 0) return [];
  const last = await lastYearScores(db, principal, ref);
  return list.flatMap(({ survey, results }) =>
    results.indicators.flatMap((i) =>
      i.score === null || i.respondents === null ? [] : [{ indicator: i.indicator, title: survey.title, score: i.score, ci95: i.ci95, respondents: i.respondents, lastYear: last[String(i.indicator)] ?? null }],
    ),
  );
}

/** Sentences the analysis may cite: per survey, its latest month with at least 5 respondents, each indicator scored. */
export async function surveySentences(db: Queryable, principal: Principal, ref: YearRef): Promise<string[]> {
  const list = await surveyResultsOf(db, principal, ref);
  return list.flatMap(({ results }) => {
    const month = [...results.byMonth].reverse().find((g) => !g.suppressed && (g.respondents ?? 0) >= SMALL_GROUP);
    if (!month) return [];
    return month.indicators.flatMap((i) => (i.exact === null || i.respondents === null ? [] : [surveySentence({ month: month.key, indicator: i.indicator, exact: i.exact, ci95: i.ci95, respondents: i.respondents })]));
  });
}
