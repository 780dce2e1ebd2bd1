/**
 * GET /api/v1/orgs/{slug}/years/{year}/peers: where an organisation's year stands among the organisations of its
 * type, in its province and in the country (src/supervision/peers.ts), for whoever may read the year. Read through
 * the database registered as a handle whose reads are held (peers.ts `heldDb`), as the dashboards read.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { apiRoute, slugParam, yearParam } from '../web/route.ts';
import { heldDb, peers } from './peers.ts';

const group = z.object({
  peers: z.number().int().describe('peers with a published score for the item'),
  lower: z.number().int().describe('of them, strictly lower than the organisation’s score'),
  ties: z.number().int().describe('of them, equal to it'),
  percentile: z.number().int().nullable().describe('(lower + ties/2) / peers as a whole percent, rounded half-up; null with fewer than minPeers peers or without a score of its own'),
  median: z.number().nullable().describe('the peers’ median, 2 decimals; null without peers'),
});

export const peersSchema = z.object({
  year: z.number().int(),
  type: z.object({ code: z.string(), abbrTh: z.string(), nameTh: z.string(), nameEn: z.string() }).nullable(),
  province: z.string().nullable(),
  minPeers: z.number().int(),
  publishedSources: z.array(z.string()),
  items: z.array(
    z.object({
      item: z.union([z.literal('overall'), z.number().int()]),
      own: z.number().nullable(),
      province: group,
      country: group,
    }),
  ),
});

export async function peersApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/orgs/:slug/years/:year/peers',
      operationId: 'getPeers',
      tag: 'supervision',
      summary:
        'Where the year stands among the organisations of its type in its province and in the country, overall and per indicator: the peers counted, the mid-rank percentile, the median; published scores only (score source itas or manual)',
      access: inOrg('year.read'),
      params: z.object({ slug: slugParam, year: yearParam }),
      response: peersSchema,
    },
    async ({ request, params }) => peers(heldDb(deps), principalOf(request), { org: params.slug, year: params.year }),
  );
}
