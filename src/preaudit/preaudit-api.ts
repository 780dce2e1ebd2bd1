/**
 * The API of the OIT pre-audit: every OIT item of a year with where it is answered (the portal or the agency's own
 * website), setting one item's answer (no URLs: back to the portal); running the check (all items or one), the
 * latest results with the estimated scores, and one item's history.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { oitAnswerInput, oitAnswers, setOitAnswer } from './answers.ts';
import { readerOf } from './routes.tsx';
import { checkOit, preauditHistory, preauditResults } from './service.ts';
import { originOf } from '../portal/routes-public.tsx';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { apiRoute, slugParam, yearParam } from '../web/route.ts';

const YEAR = '/api/v1/orgs/:slug/years/:year';
const yearParams = z.object({ slug: slugParam, year: yearParam });
const source = z.enum(['site', 'portal']);

const answerSchema = z.object({
  code: z.string(),
  titleTh: z.string(),
  groupTh: z.string(),
  indicator: z.number(),
  subIndicator: z.string().nullable(),
  source,
  urls: z.array(z.string()),
  explanation: z.string(),
  portalUrl: z.string(),
  portalState: z.enum(['public', 'scheduled', 'submitted', 'draft', 'none']),
});

const said = z.object({ th: z.string(), en: z.string() });
const status = z.enum(['pass', 'manual', 'fail']);
const reasonSchema = z.object({ code: z.string(), th: z.string(), en: z.string(), todoTh: z.string(), todoEn: z.string() });
const urlFields = {
  url: z.string(),
  finalUrl: z.string().nullable(),
  status: z.number().int().nullable().describe('The HTTP status of the last answer, when there was one'),
  reason: said.nullable().describe('Why it was not read (null when it was)'),
  contentType: z.string().nullable(),
  size: z.number().int().nullable(),
  lastModified: z.string().nullable(),
  dates: z.array(z.string()).optional().describe('The document’s own dates (PDF creation and change, DOCX/XLSX core properties), ISO'),
  kind: z.string().nullable(),
  scanned: z.boolean(),
  problem: said.nullable(),
};
const urlSchema = z.object({ ...urlFields, documents: z.array(z.object({ ...urlFields, documents: z.array(z.unknown()).describe('Always empty: documents are read one level deep') })) });
const itemResultSchema = z.object({
  item: z.string(),
  titleTh: z.string(),
  indicator: z.number().int(),
  status,
  reasons: z.array(reasonSchema),
  requirements: z.array(z.object({ code: z.string(), titleTh: z.string(), met: z.boolean().nullable(), certainty: z.string() })),
  urls: z.array(urlSchema),
  answeredOn: z.enum(['site', 'portal', 'given']),
  checkedAt: z.string(),
  since: z.string().nullable(),
});
const scores = { indicator9: z.string().nullable(), indicator10: z.string().nullable(), oit: z.string().nullable() };
const estimateSchema = z
  .object({ ...scores, low: z.object(scores), high: z.object(scores), estimate: z.literal(true), noteTh: z.string(), noteEn: z.string() })
  .describe('An estimate, not the real score: items a person must check count both ways (low and high)');
const yearOf = { slug: z.string(), nameTh: z.string(), year: z.number().int(), criteriaYear: z.number().int() };

export async function preauditApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/oit-answers`,
      operationId: 'listOitAnswers',
      tag: 'preaudit',
      summary: 'Every OIT item of the year with where it is answered: the portal page, or the agency’s own URLs and explanation',
      access: inOrg('year.read', 'publication.write', 'publication.approve'),
      params: yearParams,
      response: z.object({
        slug: z.string(),
        nameTh: z.string(),
        year: z.number(),
        criteriaYear: z.number(),
        status: z.enum(['open', 'closed']),
        mayWrite: z.boolean(),
        items: z.array(answerSchema),
      }),
    },
    async ({ request, params }) => oitAnswers(deps.db, principalOf(request), { org: params.slug, year: params.year }, originOf(request), deps.now()),
  );

  apiRoute(
    app,
    {
      method: 'PUT',
      url: `${YEAR}/oit-answers/:code`,
      operationId: 'setOitAnswer',
      tag: 'preaudit',
      summary: 'Answer one OIT item with the agency’s own URLs (1–5, http/https) and an explanation; no URLs: back to the portal page',
      access: inOrg('publication.write'),
      params: yearParams.extend({ code: z.string().min(1).max(20) }),
      body: oitAnswerInput,
      response: z.object({ code: z.string(), source, urls: z.array(z.string()), explanation: z.string() }),
    },
    async ({ request, params, body }) => setOitAnswer(deps.db, principalOf(request), { org: params.slug, year: params.year }, params.code, body),
  );

  const reader = readerOf(app);
  const read = inOrg('year.read', 'publication.write', 'publication.approve');

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/oit-check`,
      operationId: 'runOitCheck',
      tag: 'preaudit',
      summary: 'Check the OIT items (all, or one with `item`) at the addresses answered, record the outcome in each item’s history, and return the results with the estimated scores',
      access: inOrg('publication.write'),
      params: yearParams,
      body: z.object({ item: z.string().trim().min(1).max(20).optional() }),
      response: z.object({ ...yearOf, checkedAt: z.string(), recorded: z.boolean(), items: z.array(itemResultSchema), broken: z.array(z.string()), estimate: estimateSchema, notes: z.array(said) }),
    },
    async ({ request, params, body }) =>
      checkOit(deps.db, principalOf(request), { org: params.slug, year: params.year }, { ...(body.item === undefined ? {} : { item: body.item }), trigger: 'now', now: deps.now(), origin: originOf(request), reader: reader(request) }),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/oit-check`,
      operationId: 'getOitCheck',
      tag: 'preaudit',
      summary: 'Every OIT item of the year with its latest check (null when never checked), the estimated indicator 9 and 10 scores, and what the criteria leave unsure',
      access: read,
      params: yearParams,
      response: z.object({
        ...yearOf,
        items: z.array(z.object({ code: z.string(), titleTh: z.string(), indicator: z.number().int(), result: itemResultSchema.nullable() })),
        estimate: estimateSchema,
        notes: z.array(said),
      }),
    },
    async ({ request, params }) => {
      const results = await preauditResults(deps.db, principalOf(request), { org: params.slug, year: params.year });
      return { ...results, items: results.items.map(({ item, result }) => ({ code: item.code, titleTh: item.titleTh, indicator: item.indicator, result })) };
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/oit-check/:code/history`,
      operationId: 'getOitCheckHistory',
      tag: 'preaudit',
      summary: 'One OIT item’s check history, newest first: each stretch of the same outcome from its first check to its last',
      access: read,
      params: yearParams.extend({ code: z.string().min(1).max(20) }),
      response: z.object({
        code: z.string(),
        titleTh: z.string(),
        stretches: z.array(z.object({ status, from: z.string(), to: z.string(), reasons: z.array(reasonSchema), trigger: z.enum(['now', 'weekly', 'cli']) })),
      }),
    },
    async ({ request, params }) => {
      const { item, stretches } = await preauditHistory(deps.db, principalOf(request), { org: params.slug, year: params.year }, params.code);
      return { code: item.code, titleTh: item.titleTh, stretches };
    },
  );
}
