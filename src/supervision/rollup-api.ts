/**
 * GET /api/v1/rollup: the roll-up of a year (src/supervision/rollup.ts), the same object as
 * `prongsai rollup --json`. System administrators only, for now (supervisors come with issue 18, point 2).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SYSTEM_ADMIN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { apiRoute, queryText } from '../web/route.ts';
import { rollup } from './rollup.ts';

const mean = z.number().nullable();
export const rollupSchema = z.object({
  year: z.number(),
  scope: z.object({
    org: z.object({ slug: z.string(), nameTh: z.string() }).nullable(),
    province: z.object({ code: z.string(), nameTh: z.string() }).nullable(),
    type: z.object({ code: z.string(), abbrTh: z.string() }).nullable(),
  }),
  organisations: z.number().int(),
  scored: z.number().int(),
  passed: z.number().int(),
  ungraded: z.number().int(),
  meanOverall: mean,
  tools: z.object({ IIT: mean, EIT: mean, OIT: mean }),
  indicators: z.object(Object.fromEntries(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].map((n) => [n, mean]))),
  labels: z.record(z.string(), z.number().int()),
});

export async function rollupApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/rollup',
      operationId: 'getRollup',
      tag: 'supervision',
      summary:
        'The roll-up of a fiscal year (system administrator): organisations counted, scored, passed (≥ 85), by label; the means of the overall, tool and indicator scores (2 decimals, null for none); `org` (an office’s slug: its whole subtree), `province` (Thai name or code), `type` (code or Thai abbreviation) narrow it. The same object as `prongsai rollup --json`',
      access: SYSTEM_ADMIN,
      query: z.object({ year: queryText, org: queryText, province: queryText, type: queryText }),
      response: rollupSchema,
    },
    async ({ request, query }) => rollup(deps.db, principalOf(request), { ...query, year: query.year ?? '' }),
  );
}
