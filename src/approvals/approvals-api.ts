/**
 * The API of approvals and of moving between years: where each document's approval stands, asking for one,
 * deciding one; opening a fiscal year; carrying measures into the next year; starting a new year in one step.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listApprovals, requestApproval } from './approvals.ts';
import { decideAndPublish } from '../portal/publications-approved.ts';
import { carryForward, carrySchema, createYear, createYearSchema, startYear, startYearSchema } from '../years/carry.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { APPROVAL_SUBJECTS } from '../model/year.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { apiRoute, idParam, slugParam, yearParam } from '../web/route.ts';

const YEAR = '/api/v1/orgs/:slug/years/:year';
const yearParams = z.object({ slug: slugParam, year: yearParam });
const ref = (p: { slug: string; year: number }) => ({ org: p.slug, year: p.year });
const approvalView = z.object({
  id: z.string(),
  subject: z.enum(APPROVAL_SUBJECTS),
  status: z.enum(['requested', 'approved', 'rejected']),
  requestedBy: z.string().nullable(),
  requestedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
  documentSha256: z.string().nullable(),
  requestedByPerson: z.string().nullable().describe('the person who asked: they cannot decide it (403 own-work)'),
  overrideReason: z.string().nullable().describe('why it was approved although the linter reported errors in the document'),
});
const lintError = z.object({ code: z.string(), severity: z.string(), where: z.string(), whereTh: z.string(), th: z.string(), en: z.string() });
const approvalState = z.object({
  subject: z.enum(APPROVAL_SUBJECTS),
  nameTh: z.string(),
  nameEn: z.string(),
  currentSha256: z.string(),
  pending: approvalView.nullable(),
  changedSinceRequest: z.boolean(),
  approved: approvalView.nullable(),
  upToDate: z.boolean(),
  history: z.array(approvalView),
  lintErrors: z.array(lintError).describe('the linter’s errors in the document now: approving it needs a reason'),
});

export async function approvalsApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    { method: 'GET', url: `${YEAR}/approvals`, operationId: 'listApprovals', tag: 'approvals', summary: 'Where the approval of each document stands, with its history', access: inOrg('year.read'), params: yearParams, response: z.object({ approvals: z.array(approvalState) }) },
    async ({ request, params }) => ({ approvals: await listApprovals(deps.db, principalOf(request), ref(params)) }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/approvals`,
      operationId: 'requestApproval',
      tag: 'approvals',
      summary: 'Ask for the approval of a document as its data stands now',
      access: inOrg('approval.request'),
      params: yearParams,
      body: z.object({ subject: z.enum(APPROVAL_SUBJECTS), comment: z.string().max(4000).nullable().optional() }),
      response: approvalState,
      status: 201,
    },
    async ({ request, params, body }) => requestApproval(deps.db, principalOf(request), ref(params), body),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/approvals/:id/decision`,
      operationId: 'decideApproval',
      tag: 'approvals',
      summary:
        'Approve or reject a waiting request (a rejection says why; whoever asked cannot decide: 403 own-work); pass the documentSha256 you were shown to refuse a changed document (409); approving a document the linter reports errors in needs a reason (400, field reason)',
      access: inOrg('approval.decide'),
      params: yearParams.extend({ id: idParam }),
      body: z.object({
        decision: z.enum(['approved', 'rejected']),
        comment: z.string().max(4000).nullable().optional(),
        documentSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
        reason: z.string().max(4000).nullable().optional(),
      }),
      response: approvalState,
    },
    // An approval also publishes the OIT items that are the approved documents (src/portal/publications-approved.ts).
    async ({ request, params, body }) => (await decideAndPublish(deps.db, principalOf(request), ref(params), params.id, body, { now: deps.now(), browser: deps.browser })).state,
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/orgs/:slug/years',
      operationId: 'createYear',
      tag: 'years',
      summary: 'Open a fiscal year with no data yet (an organisation’s first year)',
      access: inOrg('measures.write'),
      params: z.object({ slug: slugParam }),
      body: createYearSchema,
      response: z.object({ year: z.number(), criteriaYear: z.number(), status: z.enum(['open', 'closed']) }),
      status: 201,
    },
    async ({ request, params, body }) => {
      const ctx = await createYear(deps.db, principalOf(request), params.slug, body);
      return { year: ctx.year, criteriaYear: ctx.criteriaYear, status: ctx.status };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/orgs/:slug/new-year',
      operationId: 'startYear',
      tag: 'years',
      summary:
        'Start a new fiscal year in one step and one transaction (default: the current one): its criteria, the previous year’s published scores (that year is created when missing), the previous year’s chosen measures (default: the unfinished ones) carried; any problem creates nothing. JSON only: the scores are typed (previousScores); a scores file is taken by the page /staff/o/{slug}/new-year, or by importScores once the year exists',
      access: inOrg('measures.write'),
      params: z.object({ slug: slugParam }),
      body: startYearSchema,
      response: z.object({}).passthrough(),
      status: 201,
    },
    async ({ request, params, body }) => startYear(deps.db, principalOf(request), params.slug, body, todayInBangkok(deps.now())),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/carry`,
      operationId: 'carryForward',
      tag: 'years',
      summary: 'Carry measures (default: the unfinished ones) into the next fiscal year, creating it under the criteria given when needed',
      access: inOrg('measures.write'),
      params: yearParams,
      body: carrySchema,
      response: z.object({}).passthrough(),
    },
    async ({ request, params, body }) => carryForward(deps.db, principalOf(request), ref(params), body),
  );
}
