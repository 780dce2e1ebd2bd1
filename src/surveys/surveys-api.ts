/**
 * The API of the agency's own surveys (year.read: supervisors included; results only, never codes):
 *
 * - `GET /api/v1/orgs/{slug}/years/{year}/surveys`: `{surveys: [{id, title, kind, respondents, indicators: {"6":
 *   {score, ci95, respondents}, …}, minimumRespondents, minimumReached}]}`, the object of the CLI contract
 *   (`prongsai survey results --json`, src/cli/survey.ts prints `surveyResultsJson`);
 * - `GET …/surveys/{id}/results`: the full results, by indicator, question, month and service point, with the
 *   suppression of groups under 5 respondents and the notes on what is uncertain.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { apiRoute, idParam, slugParam, yearParam } from '../web/route.ts';
import type { Figure, GroupResult, IndicatorResult } from './results.ts';
import { surveyResultsOf, type SurveyWithResults } from './service.ts';

const YEAR = '/api/v1/orgs/:slug/years/:year';
const yearParams = z.object({ slug: slugParam, year: yearParam });
const ref = (p: { slug: string; year: number }) => ({ org: p.slug, year: p.year });

const nullableNumber = z.number().nullable();
const contractIndicator = z.object({
  score: nullableNumber.describe('rounded half-up to 2 decimals; null when fewer than 5 answered'),
  ci95: nullableNumber.describe('half-width of the 95 % confidence interval, 2 decimals'),
  respondents: nullableNumber.describe('null when fewer than 5 (suppressed)'),
});
const contractSurvey = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['IIT', 'EIT']),
  respondents: nullableNumber.describe('null when fewer than 5 answered (suppressed)'),
  indicators: z.record(z.string(), contractIndicator).describe('by indicator number ("6")'),
  minimumRespondents: nullableNumber.describe('EIT: the minimum of the organisation’s group (ITA 2568 table); IIT: null (formula not found)'),
  minimumReached: z.boolean().nullable().describe('null when the minimum is unknown'),
});
export const surveyResultsJsonSchema = z.object({ surveys: z.array(contractSurvey) });
export type SurveyResultsJson = z.output<typeof surveyResultsJsonSchema>;

/** The JSON of the CLI contract. */
export function surveyResultsJson(list: readonly SurveyWithResults[]): SurveyResultsJson {
  return {
    surveys: list.map(({ survey, results }) => ({
      id: survey.id,
      title: survey.title,
      kind: survey.kind,
      respondents: results.respondents,
      indicators: Object.fromEntries(results.indicators.map((i) => [String(i.indicator), { score: i.score, ci95: i.ci95, respondents: i.respondents }])),
      minimumRespondents: results.minimum,
      minimumReached: results.minimumReached,
    })),
  };
}

const figure = { score: nullableNumber, respondents: nullableNumber, suppressed: z.boolean() };
const indicatorSchema = z.object({ indicator: z.number().int(), ...figure, ci95: nullableNumber });
const groupSchema = z.object({ respondents: nullableNumber.describe('null when fewer than 5'), suppressed: z.boolean(), indicators: z.array(indicatorSchema) });
const note = z.object({ th: z.string(), en: z.string() });
export const surveyFullResultsSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['IIT', 'EIT']),
  status: z.enum(['draft', 'published', 'closed']),
  opensOn: z.string(),
  closesOn: z.string(),
  demo: z.boolean(),
  respondents: nullableNumber,
  suppressed: z.boolean(),
  tool: nullableNumber.describe('mean of the answered indicators'),
  indicators: z.array(indicatorSchema),
  questions: z.array(z.object({ code: z.string(), indicator: z.number().int(), ...figure })),
  own: z.array(z.object({ code: z.string(), textTh: z.string(), ...figure })).describe('the agency’s own questions, never part of the ITA score'),
  byMonth: z.array(groupSchema.extend({ month: z.string().describe('YYYY-MM') })),
  byPoint: z.array(groupSchema.extend({ pointId: z.string(), name: z.string().nullable().describe('null for a removed service point') })),
  minimumRespondents: nullableNumber,
  minimumReached: z.boolean().nullable(),
  notes: z.array(note).describe('what the figures depend on that is uncertain'),
});

/** Notes on what is uncertain: where the minimum comes from, how the interval is computed. */
export const UNCERTAINTY = {
  EIT: { th: 'จำนวนขั้นต่ำของ EIT มาจากคู่มือ ITA 2568 ยังไม่พบตารางของปี 2569/2570', en: 'the EIT minimum comes from the ITA 2568 manual; the 2569/2570 table was not found' },
  IIT: { th: 'ยังไม่พบสูตรจำนวนขั้นต่ำของ IIT ของ ป.ป.ช.', en: 'the NACC’s formula for the IIT minimum was not found' },
  ci: {
    th: 'ช่วงความเชื่อมั่น 95 % = t(0.975, n−1) × ส่วนเบี่ยงเบนมาตรฐาน ÷ √n ของคะแนนตัวชี้วัดของผู้ตอบแต่ละคน กลุ่มที่มีผู้ตอบน้อยกว่า 5 คนไม่แสดงผล',
    en: '95 % CI half-width = t(0.975, n−1) × s ÷ √n over the respondents’ own indicator scores; groups under 5 respondents are suppressed',
  },
} as const;

const fig = (f: Figure) => ({ score: f.score, respondents: f.respondents, suppressed: f.suppressed });
const ind = (i: IndicatorResult) => ({ indicator: i.indicator, ...fig(i), ci95: i.ci95 });
const group = (g: GroupResult) => ({ respondents: g.respondents, suppressed: g.suppressed, indicators: g.indicators.map(ind) });

/** A survey's full results as the API gives them. */
export function surveyFullResults({ survey, results }: SurveyWithResults): z.output<typeof surveyFullResultsSchema> {
  return {
    id: survey.id,
    title: survey.title,
    kind: survey.kind,
    status: survey.status,
    opensOn: survey.opensOn,
    closesOn: survey.closesOn,
    demo: survey.demo,
    respondents: results.respondents,
    suppressed: results.suppressed,
    tool: results.tool?.score ?? null,
    indicators: results.indicators.map(ind),
    questions: results.questions.map((q) => ({ code: q.code, indicator: q.indicator, ...fig(q) })),
    own: results.own.map((o) => ({ code: o.code, textTh: survey.snapshot.own.find((q) => q.code === o.code)?.textTh ?? '', ...fig(o) })),
    byMonth: results.byMonth.map((g) => ({ month: g.key, ...group(g) })),
    byPoint: results.byPoint.map((g) => ({ pointId: g.key, name: survey.points.find((p) => p.id === g.key)?.name ?? null, ...group(g) })),
    minimumRespondents: results.minimum,
    minimumReached: results.minimumReached,
    notes: [UNCERTAINTY[survey.kind], UNCERTAINTY.ci],
  };
}

export async function surveysApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/surveys`,
      operationId: 'listSurveyResults',
      tag: 'surveys',
      summary: 'The year’s own IIT/EIT surveys with their results per indicator (the object of `prongsai survey results --json`)',
      access: inOrg('year.read'),
      params: yearParams,
      response: surveyResultsJsonSchema,
    },
    async ({ request, params }) => surveyResultsJson(await surveyResultsOf(deps.db, principalOf(request), ref(params))),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/surveys/:id/results`,
      operationId: 'getSurveyResults',
      tag: 'surveys',
      summary: 'One survey’s full results: by indicator, question, month and service point, groups under 5 respondents suppressed, with the notes on what is uncertain',
      access: inOrg('year.read'),
      params: yearParams.extend({ id: idParam }),
      response: surveyFullResultsSchema,
    },
    async ({ request, params }) => {
      const [found] = await surveyResultsOf(deps.db, principalOf(request), ref(params), params.id);
      return surveyFullResults(found as SurveyWithResults);
    },
  );
}
