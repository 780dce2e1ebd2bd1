/**
 * The API of an organisation's year: dashboard, scores (entry, preview, import), criteria, analysis, measures
 * (list, create, change, delete, order, export, import) and the organisation's units. The same use cases as the
 * pages, with the same checks.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listUnits } from '../accounts/accounts.ts';
import { analysisPatchSchema, getAnalysis, resolveStale, STALE_CHOICES, updateAnalysis } from './analysis.ts';
import { dashboard } from './dashboard.ts';
import {
  createMeasure,
  deleteMeasure,
  exportMeasures,
  getMeasure,
  importMeasures,
  listMeasures,
  measureCreateSchema,
  measurePatchSchema,
  reorderMeasures,
  updateMeasure,
} from '../measures/measures.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { previewScores } from './score-preview.ts';
import { getScores, importScores, scoresPatchSchema, setScores } from './scores.ts';
import { ANALYSIS_SECTIONS, setYearStatus } from './years.ts';
import { InputError } from '../errors.ts';
import { parseInput } from '../app/input.ts';
import { yearsMessages } from './messages.ts';
import { criteriaOf, getCriteria, provisionalFor } from '../ita/index.ts';
import { analysisSchema, CHOSEN_SCORE_SOURCES, measureSchema, SCORE_SOURCES, scoresSchema } from '../model/year.ts';
import { inOrg, SIGNED_IN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { attachment } from '../web/download.ts';
import { principalOf } from '../web/principal.ts';
import { heldDb } from '../supervision/peers.ts';
import { apiRoute, idParam, slugParam, yearParam } from '../web/route.ts';

const yearParams = z.object({ slug: slugParam, year: yearParam });
/** A measure's change as sent, checked by the body's schema before (measurePatchSchema) and parsed by the use case. */
const rawChanges = z.object({ changes: z.unknown() });
const measureParams = yearParams.extend({ id: idParam });
const YEAR = '/api/v1/orgs/:slug/years/:year';
const diffParts = z.array(z.object({ op: z.enum(['same', 'ins', 'del']), text: z.string() }));
const analysisView = z.object({
  written: analysisSchema,
  printed: z.object({}).passthrough(),
  generated: z.array(z.object({ tool: z.string(), th: z.string(), en: z.string() })),
  stale: z
    .partialRecord(
      z.enum(ANALYSIS_SECTIONS),
      z.object({ text: z.string(), basedOn: z.string().nullable(), generatedNow: z.string(), generatedDiff: diffParts.nullable(), textDiff: diffParts }),
    )
    .describe('the sections whose written text the scores changed under (the linter reports them as errors)'),
});
const yearStatusView = z.object({
  year: z.number(),
  status: z.enum(['open', 'closed']),
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
  reason: z.string().nullable(),
});

const measureViewSchema = measureSchema.extend({
  updatedAt: z.string(),
  unitIds: z.array(z.string()),
  access: z.enum(['all', 'unit', 'none']),
});
const scoresViewSchema = z.object({ scores: scoresSchema, sourceTh: z.string().nullable(), computed: z.object({ overall: z.number(), pass: z.boolean(), grade: z.string().nullable() }).passthrough().nullable() });
const problemSchema = z.object({ sheet: z.string().nullable(), row: z.number().nullable(), column: z.string().nullable(), th: z.string(), en: z.string(), severity: z.enum(['error', 'warning']) });
const fileFields = {
  file: { type: 'file', description: 'XLSX or CSV', required: true },
  dryRun: { type: 'string', description: '"true" (default): check only; "false": write when there is no error' },
} as const;

const ref = (p: { slug: string; year: number }) => ({ org: p.slug, year: p.year });

export async function yearApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}`,
      operationId: 'getDashboard',
      tag: 'years',
      summary: 'The dashboard of a year: indicators against the pass mark, tools, overall, findings, measures by status, late reporting, approvals, and provisional: why the year’s criteria are provisional ({th, en, basedOn}) or null',
      access: inOrg('year.read'),
      params: yearParams,
      query: z.object({ today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
      response: z.object({}).passthrough(),
    },
    async ({ request, params, query }) => {
      const d = await dashboard(heldDb(deps), principalOf(request), ref(params), { today: query.today ?? todayInBangkok(deps.now()), digits: 'arabic' });
      // Why the year's criteria are provisional ({th, en, basedOn}), or null: never silent.
      return { ...d, provisional: provisionalFor(d.context.year, criteriaOf(d.context)) };
    },
  );

  apiRoute(
    app,
    { method: 'GET', url: `${YEAR}/scores`, operationId: 'getScores', tag: 'scores', summary: 'The scores of a year and the result computed from them', access: inOrg('year.read'), params: yearParams, response: scoresViewSchema },
    async ({ request, params }) => getScores(deps.db, principalOf(request), ref(params)),
  );

  apiRoute(
    app,
    {
      method: 'PATCH',
      url: `${YEAR}/scores`,
      operationId: 'setScores',
      tag: 'scores',
      summary: 'Change scores: only what is given changes; null removes a score',
      access: inOrg('scores.write'),
      params: yearParams,
      body: scoresPatchSchema,
      response: scoresViewSchema,
    },
    async ({ request, params, body }) => setScores(deps.db, principalOf(request), ref(params), body),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/scores/preview`,
      operationId: 'previewScores',
      tag: 'scores',
      summary: 'What a change of scores would give, without saving it',
      access: inOrg('scores.write'),
      params: yearParams,
      body: scoresPatchSchema,
      response: scoresViewSchema,
    },
    async ({ request, params, body }) => previewScores(deps.db, principalOf(request), ref(params), body),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/orgs/:slug/scores/import',
      operationId: 'importScores',
      tag: 'scores',
      summary: 'Import the organisation’s scores (one row per year); a dry run (default) writes nothing',
      access: inOrg('scores.write'),
      params: z.object({ slug: slugParam }),
      body: 'multipart',
      multipart: { ...fileFields, source: { type: 'string', description: `where the scores come from: ${CHOSEN_SCORE_SOURCES.join(', ')} (demo is set only by the demo loader)` } },
      response: z.object({ problems: z.array(problemSchema), written: z.boolean(), rows: z.array(z.object({ row: z.number(), year: z.number(), scores: scoresSchema })) }),
    },
    async ({ request, params }) => {
      const form = formOf(request);
      const [file] = await form.files('file');
      if (!file) throw new InputError('file', yearsMessages.attachScoresFile());
      const source = form.get('source');
      if (source && !(SCORE_SOURCES as readonly string[]).includes(source)) throw new InputError('source', yearsMessages.scoreSource({ list: CHOSEN_SCORE_SOURCES.join(', ') }));
      return importScores(deps.db, principalOf(request), params.slug, { bytes: file.bytes, filename: file.filename }, {
        dryRun: form.get('dryRun') !== 'false',
        ...(source ? { source: source as (typeof SCORE_SOURCES)[number] } : {}),
      });
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/criteria/:year',
      operationId: 'getCriteria',
      tag: 'criteria',
      summary: 'The ITA criteria of a year: tools, weights, indicators, questions, OIT items, grade rule, notes',
      access: SIGNED_IN,
      params: z.object({ year: yearParam }),
      response: z.object({}).passthrough(),
    },
    async ({ params }) => {
      try {
        const criteria = getCriteria(params.year);
        return { ...criteria, provisional: provisionalFor(params.year, criteria) };
      } catch (error) {
        if (error instanceof InputError) throw new InputError('year', error.said);
        throw error;
      }
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/analysis`,
      operationId: 'getAnalysis',
      tag: 'analysis',
      summary: 'The analysis texts: as written, as the documents print them, and generated from the scores',
      access: inOrg('year.read'),
      params: yearParams,
      response: analysisView,
    },
    async ({ request, params }) => getAnalysis(deps.db, principalOf(request), ref(params)),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/analysis/:section/stale`,
      operationId: 'resolveStaleAnalysis',
      tag: 'analysis',
      summary: 'Settle a stale analysis text: take-new (the text generated from the scores, which it then follows) or confirm (keep the written text)',
      access: inOrg('analysis.write'),
      params: yearParams.extend({ section: z.enum(ANALYSIS_SECTIONS) }),
      body: z.object({ choice: z.enum(STALE_CHOICES) }).strict(),
      response: analysisView,
    },
    async ({ request, params, body }) => resolveStale(deps.db, principalOf(request), ref(params), params.section, body.choice),
  );

  for (const [status, verb, summary] of [
    ['closed', 'close', 'Close the fiscal year with a reason: read-only, its documents frozen (organisation administrator)'],
    ['open', 'reopen', 'Reopen a closed fiscal year with a reason (organisation administrator)'],
  ] as const) {
    apiRoute(
      app,
      {
        method: 'POST',
        url: `${YEAR}/${verb}`,
        operationId: `${verb}Year`,
        tag: 'years',
        summary,
        access: inOrg('year.close'),
        params: yearParams,
        body: z.object({ reason: z.string().max(4000) }).strict(),
        response: yearStatusView,
      },
      async ({ request, params, body }) => setYearStatus(deps.db, principalOf(request), ref(params), status, body),
    );
  }

  apiRoute(
    app,
    {
      method: 'PATCH',
      url: `${YEAR}/analysis`,
      operationId: 'updateAnalysis',
      tag: 'analysis',
      summary: 'Change analysis texts: only the sections given; empty or null goes back to the generated text',
      access: inOrg('analysis.write'),
      params: yearParams,
      body: analysisPatchSchema,
    },
    async ({ request, params, body }) => updateAnalysis(deps.db, principalOf(request), ref(params), body),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/orgs/:slug/units',
      operationId: 'listUnits',
      tag: 'organisations',
      summary: 'The units (กอง, สำนัก) of an organisation',
      access: inOrg('year.read'),
      params: z.object({ slug: slugParam }),
      response: z.object({ units: z.array(z.object({ id: z.string(), nameTh: z.string(), shortTh: z.string().nullable() })) }),
    },
    async ({ request, params }) => ({ units: await listUnits(deps.db, principalOf(request), params.slug) }),
  );

  apiRoute(
    app,
    { method: 'GET', url: `${YEAR}/measures`, operationId: 'listMeasures', tag: 'measures', summary: 'The measures of a year, in order', access: inOrg('year.read'), params: yearParams, response: z.object({ measures: z.array(measureViewSchema) }) },
    async ({ request, params }) => ({ measures: await listMeasures(deps.db, principalOf(request), ref(params)) }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/measures`,
      operationId: 'createMeasure',
      tag: 'measures',
      summary: 'Add a measure (at `seq`, default last)',
      access: inOrg('measures.write'),
      params: yearParams,
      body: measureCreateSchema,
      response: measureViewSchema,
      status: 201,
    },
    async ({ request, params, body }) => createMeasure(deps.db, principalOf(request), ref(params), body),
  );

  apiRoute(
    app,
    {
      method: 'PUT',
      url: `${YEAR}/measures/order`,
      operationId: 'reorderMeasures',
      tag: 'measures',
      summary: 'Put the measures in this order (every measure once)',
      access: inOrg('measures.write'),
      params: yearParams,
      body: z.object({ ids: z.array(z.string()).max(1000) }),
      response: z.object({ measures: z.array(measureViewSchema) }),
    },
    async ({ request, params, body }) => ({ measures: await reorderMeasures(deps.db, principalOf(request), ref(params), body.ids) }),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/measures/export`,
      operationId: 'exportMeasures',
      tag: 'measures',
      summary: 'The measures and progress as XLSX (or either table as CSV), in the format the import reads',
      access: inOrg('year.read'),
      params: yearParams,
      query: z.object({ format: z.enum(['xlsx', 'measures-csv', 'progress-csv']).default('xlsx') }),
      response: 'file',
    },
    async ({ request, params, query, reply }) => {
      const file = await exportMeasures(deps.db, principalOf(request), ref(params), query.format);
      return attachment(reply, file.bytes, file.fileName, file.mediaType);
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/measures/import`,
      operationId: 'importMeasures',
      tag: 'measures',
      summary: 'Replace the year’s measures with those of a workbook or CSV; a dry run (default) writes nothing',
      access: inOrg('measures.write'),
      params: yearParams,
      body: 'multipart',
      multipart: fileFields,
      response: z.object({ problems: z.array(problemSchema), written: z.boolean(), measures: z.array(measureSchema), summary: z.object({}).passthrough().nullable() }),
    },
    async ({ request, params }) => {
      const form = formOf(request);
      const [file] = await form.files('file');
      if (!file) throw new InputError('file', yearsMessages.attachMeasuresFile());
      const source = /\.csv$/i.test(file.filename) ? { measuresCsv: file.bytes } : { workbook: file.bytes };
      return importMeasures(deps.db, principalOf(request), ref(params), source, { dryRun: form.get('dryRun') !== 'false' });
    },
  );

  apiRoute(
    app,
    { method: 'GET', url: `${YEAR}/measures/:id`, operationId: 'getMeasure', tag: 'measures', summary: 'One measure with its progress and evidence', access: inOrg('year.read'), params: measureParams, response: measureViewSchema },
    async ({ request, params }) => getMeasure(deps.db, principalOf(request), ref(params), params.id),
  );

  apiRoute(
    app,
    {
      method: 'PATCH',
      url: `${YEAR}/measures/:id`,
      operationId: 'updateMeasure',
      tag: 'measures',
      summary: 'Change a measure: the fields given, with the updatedAt you read (409 when someone changed it since). A unit head may change status and result only.',
      access: inOrg('measures.write', 'measure.unit.write'),
      params: measureParams,
      body: z.object({ updatedAt: z.string(), changes: measurePatchSchema }),
      response: measureViewSchema,
    },
    // The changes as sent (not as parsed, which fills in defaults): only the fields given change.
    async ({ request, params, body }) => updateMeasure(deps.db, principalOf(request), ref(params), params.id, parseInput(rawChanges, request.body).changes, body.updatedAt),
  );

  apiRoute(
    app,
    {
      method: 'DELETE',
      url: `${YEAR}/measures/:id`,
      operationId: 'deleteMeasure',
      tag: 'measures',
      summary: 'Remove a measure with its progress and evidence records',
      access: inOrg('measures.write'),
      params: measureParams,
      query: z.object({ updatedAt: z.string().optional() }),
      status: 204,
    },
    async ({ request, params, query, reply }) => {
      await deleteMeasure(deps.db, principalOf(request), ref(params), params.id, query.updatedAt);
      return reply.code(204).send();
    },
  );
}
