/**
 * The complaint channel's JSON API, a contract other tools rely on (described in /api/openapi.json with the rest):
 *
 *   POST /api/o/<slug>/complaints        {channel: public|internal, type, text, identity?: {name, contact}}
 *                                        → 200 {receipt, receivedOn, ackDue, status}
 *   GET  /api/complaints/status          header x-receipt-code → 200 {status, …, messages}
 *   POST /api/complaints/messages        header x-receipt-code, {text} → 200 {sent: true, on}
 *   GET  /api/o/<slug>/complaints/statistics?year=2569 → the published statistics
 *
 * A code that finds nothing, mistyped or unknown, gets the same 404 and nothing else; using codes is rate-limited
 * per client (429 with retry-after). The complainant's routes log nothing and take no CSRF token (no credentials
 * travel with them); the receipt code travels in a header, never in the URL.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { channelInfo, complaintByReceipt, complaintInputSchema, fileComplaint, isReceiptShape, ReceiptNotFound, replyByReceipt, caseOfReceipt } from './complaints.ts';
import { publicComplaintStatistics } from '../portal/publications-public.ts';
import { NotFound } from '../app/errors.ts';
import { parseInput } from '../app/input.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { CHANNELS, COMPLAINT_TYPES, OUTCOMES, STATUSES } from './model.ts';
import { fiscalYearOf } from '../thai/index.ts';
import { PUBLIC } from '../web/access.ts';
import { apiRoute, slugParam, type ApiOperation } from '../web/route.ts';
import type { Deps } from '../web/deps.ts';
import { complaintsMessages } from './messages.ts';
import type { ComplaintGuard } from './limits.ts';
import { COMPLAINANT_ROUTE } from './routes-public.tsx';

const label = z.object({ th: z.string(), en: z.string() });
const filedSchema = z.object({
  receipt: z.string().describe('the receipt code, 28 characters in groups of 4: shown once, kept nowhere'),
  receivedOn: z.string(),
  ackDue: z.string(),
  status: z.literal('received'),
});
const statusSchema = z.object({
  organisation: z.string(),
  channel: z.enum(CHANNELS),
  type: z.enum(COMPLAINT_TYPES),
  status: z.enum(STATUSES),
  statusLabel: label,
  outcome: z.enum(OUTCOMES).nullable(),
  outcomeLabel: label.nullable(),
  receivedOn: z.string(),
  ackDue: z.string(),
  acknowledgedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  messages: z.array(z.object({ from: z.enum(['officer', 'complainant']), on: z.string(), text: z.string().nullable() })),
});
const cell = z.object({ kind: z.enum(['count', 'below', 'withheld']), value: z.number().optional(), threshold: z.number().optional() });
const table = z.object({
  by: z.enum(['type', 'status', 'month', 'quarter']),
  rows: z.array(z.object({ key: z.string(), th: z.string(), en: z.string(), cell })),
  total: cell,
});
const statisticsSchema = z.object({
  fiscalYear: z.number(),
  threshold: z.number(),
  nextPublication: z.string().nullable().describe('the last day of the current, unpublished quarter; null once the whole year is published'),
  periods: z
    .array(
      z.object({
        quarter: z.number().int().min(1).max(4).nullable().describe('1–4, or null for the whole fiscal year'),
        th: z.string(),
        en: z.string(),
        start: z.string(),
        end: z.string(),
        threshold: z.number(),
        publishedAt: z.string(),
        tables: z.array(table),
        total: cell,
      }),
    )
    .describe('the closed periods only, as first published (frozen)'),
});

export interface ApiOptions {
  readonly deps: Deps;
  readonly guard: ComplaintGuard;
}

/** Registers a complainant's operation: described in OpenAPI, public, no CSRF, nothing logged. */
function complainantRoute(app: FastifyInstance, op: ApiOperation, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): void {
  app.apiOperations.push(op);
  app.route({ method: op.method, url: op.url, ...COMPLAINANT_ROUTE, handler });
}

const receiptHeader = (request: FastifyRequest): string => {
  const h = request.headers['x-receipt-code'];
  return typeof h === 'string' ? h : '';
};

export async function complaintsApi(app: FastifyInstance, { deps, guard }: ApiOptions): Promise<void> {
  const limited = (reply: FastifyReply, seconds: number) => {
    const said = complaintsMessages.rateLimited({ seconds });
    return reply
      .code(429)
      .header('retry-after', String(seconds))
      .header('cache-control', 'no-store')
      .send({ error: { code: 'rate-limited', th: said.th, en: said.en } });
  };
  const notFound = (reply: FastifyReply) => {
    const e = new ReceiptNotFound();
    return reply.code(404).header('cache-control', 'no-store').send({ error: { code: 'not-found', th: e.th, en: e.en } });
  };
  const clientOf = (request: FastifyRequest) => guard.client(request.ip, deps.now().getTime());

  /** Runs `fn` with the case of the x-receipt-code header, or answers 429 or the one 404. */
  async function withReceipt(request: FastifyRequest, reply: FastifyReply, fn: (code: string) => Promise<unknown>): Promise<unknown> {
    const now = deps.now().getTime();
    const client = clientOf(request);
    const may = guard.mayUseReceipt(client, now);
    if (!may.ok) return limited(reply, may.retryAfter);
    const code = receiptHeader(request);
    if (!isReceiptShape(code)) {
      guard.wrongReceipt(client, now);
      return notFound(reply);
    }
    try {
      return await fn(code);
    } catch (error) {
      if (!(error instanceof ReceiptNotFound)) throw error;
      guard.wrongReceipt(client, now);
      return notFound(reply);
    }
  }

  complainantRoute(
    app,
    {
      method: 'POST',
      url: '/api/o/:slug/complaints',
      operationId: 'fileComplaint',
      tag: 'complaints',
      summary: 'File a complaint, anonymously: the answer holds the receipt code (once)',
      access: PUBLIC,
      params: z.object({ slug: slugParam }),
      body: complaintInputSchema,
      response: filedSchema,
    },
    async (request, reply) => {
      const { slug } = parseInput(z.object({ slug: slugParam }), request.params);
      const org = await channelInfo(deps.db, slug);
      const now = deps.now();
      const client = clientOf(request);
      const may = guard.takeFiling(client, org.orgId, now.getTime());
      if (!may.ok) return limited(reply, may.retryAfter);
      const filed = await fileComplaint(deps.db, slug, request.body ?? {}, [], now).catch((error: unknown) => {
        may.refund(); // a refused filing does not count against the limits
        throw error;
      });
      return reply.code(200).header('cache-control', 'no-store').send({ receipt: filed.receipt, receivedOn: filed.receivedOn, ackDue: filed.ackDue, status: 'received' });
    },
  );

  complainantRoute(
    app,
    {
      method: 'GET',
      url: '/api/complaints/status',
      operationId: 'complaintStatus',
      tag: 'complaints',
      summary: 'The status and messages of a complaint, with its receipt code in the x-receipt-code header',
      access: PUBLIC,
      response: statusSchema,
    },
    async (request, reply) =>
      withReceipt(request, reply, async (code) => {
        const v = await complaintByReceipt(deps.db, code);
        return reply.header('cache-control', 'no-store').send({
          organisation: v.orgNameTh,
          channel: v.channel,
          type: v.type,
          status: v.status,
          statusLabel: v.statusLabel,
          outcome: v.outcome,
          outcomeLabel: v.outcomeLabel,
          receivedOn: v.receivedOn,
          ackDue: v.ackDue,
          acknowledgedOn: v.acknowledgedOn,
          closedOn: v.closedOn,
          messages: v.messages,
        });
      }),
  );

  complainantRoute(
    app,
    {
      method: 'POST',
      url: '/api/complaints/messages',
      operationId: 'complaintMessage',
      tag: 'complaints',
      summary: 'Write to the officers of a complaint, with its receipt code in the x-receipt-code header',
      access: PUBLIC,
      body: z.object({ text: z.string() }),
      response: z.object({ sent: z.literal(true), on: z.string() }),
    },
    async (request, reply) =>
      withReceipt(request, reply, async (code) => {
        const found = await caseOfReceipt(deps.db, code);
        const perCase = guard.messages.take(found.id, deps.now().getTime());
        if (!perCase.ok) return limited(reply, perCase.retryAfter);
        const { text } = parseInput(z.object({ text: z.unknown() }), request.body ?? {});
        await replyByReceipt(deps.db, code, text, deps.now());
        return reply.header('cache-control', 'no-store').send({ sent: true, on: todayInBangkok(deps.now()) });
      }),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/o/:slug/complaints/statistics',
      operationId: 'complaintStatistics',
      tag: 'complaints',
      summary: 'Complaint statistics of a fiscal year as published: closed quarters and year only, frozen, counts of 1 to 4 hidden',
      access: PUBLIC,
      params: z.object({ slug: slugParam }),
      query: z.object({ year: z.coerce.number().int().min(2500).max(2700).optional() }),
      response: statisticsSchema,
    },
    async ({ params, query }) => {
      const org = await channelInfo(deps.db, params.slug);
      // As the portal publishes them: nothing while the channel is not set up (zeros would say nobody complained).
      const s = await publicComplaintStatistics(deps.db, org.orgId, query.year ?? fiscalYearOf(deps.now()), deps.now());
      if (!s) throw new NotFound('org', complaintsMessages.notTaking());
      return { fiscalYear: s.fiscalYear, threshold: s.threshold, nextPublication: s.nextPublication, periods: s.periods };
    },
  );
}
