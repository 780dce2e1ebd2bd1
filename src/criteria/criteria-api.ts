/**
 * The API of criteria packs (src/criteria/criteria.ts): the criteria known (built-in and imported), importing a pack (a
 * system administrator; a dry run first), and moving a year to a newer revision of its criteria (a preview with the
 * diff and the scores before and after, then the move).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { criteriaCatalogue, importPack, moveToRevision, previewRevisionMove } from './criteria.ts';
import { criteriaYears, packSchema } from '../ita/index.ts';
import { inOrg, SIGNED_IN, SYSTEM_ADMIN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { apiRoute, slugParam, yearParam } from '../web/route.ts';

const listDiff = <K extends z.ZodType>(key: K) =>
  z.object({ added: z.array(key), removed: z.array(key), changed: z.array(z.object({ key, fields: z.array(z.string()) })) });
const diffSchema = z.object({
  tools: z.array(z.object({ code: z.enum(['IIT', 'EIT', 'OIT']), from: z.string().nullable(), to: z.string().nullable(), fields: z.array(z.string()) })),
  indicators: listDiff(z.number()),
  oitItems: listDiff(z.string()),
  questions: listDiff(z.string()),
  other: z.array(z.string()),
});
const resultSchema = z.object({ overall: z.number(), grade: z.string().nullable(), pass: z.boolean(), tools: z.record(z.string(), z.number()) }).nullable();
const moveSchema = z.object({
  year: z.number(),
  criteriaYear: z.number(),
  from: z.number(),
  to: z.number(),
  diff: diffSchema,
  before: resultSchema,
  after: resultSchema,
  applied: z.boolean(),
});
const revisionQuery = z.object({ to: z.coerce.number().int().min(1) });
const yearParams = z.object({ slug: slugParam, year: yearParam });
const REVISION = '/api/v1/orgs/:slug/years/:year/criteria/revision';

export async function criteriaApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/criteria-packs',
      operationId: 'listCriteriaPacks',
      tag: 'criteria',
      summary: 'The criteria packs known: every year and revision, built-in or imported',
      access: SIGNED_IN,
      response: z.array(z.object({ year: z.number(), revision: z.number(), titleTh: z.string(), builtIn: z.boolean(), provisional: z.boolean(), oitItems: z.number() })),
    },
    async () => criteriaCatalogue(criteriaYears()),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/criteria-packs',
      operationId: 'importCriteriaPack',
      tag: 'criteria',
      summary: 'Import a criteria pack (docs/criteria-pack.schema.json; system administrator); ?dryRun=true checks it and writes nothing',
      access: SYSTEM_ADMIN,
      query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      body: packSchema,
      response: z.object({
        year: z.number(),
        revision: z.number(),
        titleTh: z.string(),
        oitItems: z.number(),
        previousRevision: z.number().nullable(),
        diff: diffSchema.nullable(),
        written: z.boolean(),
      }),
    },
    async ({ request, query, body }) => importPack(deps.db, principalOf(request), body, { dryRun: query.dryRun === 'true' }),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: REVISION,
      operationId: 'previewCriteriaRevision',
      tag: 'criteria',
      summary: 'What moving the year to a newer revision of its criteria changes: the diff, the result before and after',
      access: inOrg('year.read'),
      params: yearParams,
      query: revisionQuery,
      response: moveSchema,
    },
    async ({ request, params, query }) => previewRevisionMove(deps.db, principalOf(request), { org: params.slug, year: params.year }, query.to),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: REVISION,
      operationId: 'moveCriteriaRevision',
      tag: 'criteria',
      summary: 'Move the year to a newer revision of its criteria (refused for a closed year); its results follow the new revision',
      access: inOrg('measures.write'),
      params: yearParams,
      body: z.object({ to: z.number().int().min(1) }),
      response: moveSchema,
    },
    async ({ request, params, body }) => moveToRevision(deps.db, principalOf(request), { org: params.slug, year: params.year }, body.to),
  );
}
