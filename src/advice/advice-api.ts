/** The API of advice: a year's advice with its replies, a supervisor's new advice, the organisation's reply. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { giveAdvice, listAdvice, replyToAdvice } from './service.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { apiRoute, idParam, slugParam, yearParam } from '../web/route.ts';

const YEAR = '/api/v1/orgs/:slug/years/:year';
const yearParams = z.object({ slug: slugParam, year: yearParam });
const ref = (p: { slug: string; year: number }) => ({ org: p.slug, year: p.year });
const text = z.string().describe('Thai text, 1 to 4,000 characters (trimmed)');
const replyView = z.object({ id: z.string(), authorNameTh: z.string(), text: z.string(), createdAt: z.string() });
const adviceView = z.object({
  id: z.string(),
  officeNameTh: z.string().describe('the supervising office the advice comes from'),
  authorNameTh: z.string(),
  text: z.string(),
  indicators: z.array(z.number()),
  createdAt: z.string(),
  replies: z.array(replyView).describe('oldest first'),
});

export async function adviceApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    { method: 'GET', url: `${YEAR}/advice`, operationId: 'listAdvice', tag: 'advice', summary: 'The advice of supervising offices on the year, newest first, with the replies', access: inOrg('year.read'), params: yearParams, response: z.object({ advice: z.array(adviceView) }) },
    async ({ request, params }) => ({ advice: await listAdvice(deps.db, principalOf(request), ref(params)) }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/advice`,
      operationId: 'giveAdvice',
      tag: 'advice',
      summary: 'A supervisor (of an office above the organisation) advises on the year, optionally about indicators 1–10; also allowed on a closed year',
      access: inOrg('advice.write'),
      params: yearParams,
      body: z.object({ text, indicators: z.array(z.number().int()).optional() }),
      response: adviceView,
      status: 201,
    },
    async ({ request, params, body }) => giveAdvice(deps.db, principalOf(request), ref(params), body),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/advice/:id/replies`,
      operationId: 'replyToAdvice',
      tag: 'advice',
      summary: 'The organisation (coordinator, administrator, executive) replies to a piece of advice; the adviser finds it in their inbox',
      access: inOrg('advice.reply'),
      params: yearParams.extend({ id: idParam }),
      body: z.object({ text }),
      response: replyView,
      status: 201,
    },
    async ({ request, params, body }) => replyToAdvice(deps.db, principalOf(request), ref(params), params.id, body),
  );
}
