/**
 * GET /api/v1/rollup: the roll-up of a year (src/supervision/rollup.ts), the same object as `prongsai rollup --json`;
 * GET /api/v1/rollup/organisations: the roll-up page's table (src/supervision/table.ts), every organisation the
 * filters keep, sorted, a page of 50. System administrators, and supervisors for their office and below
 * (src/supervision/access.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInBangkok } from '../measures/reporting.ts';
import { SUPERVISION } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { apiRoute, queryText } from '../web/route.ts';
import { rollupReader } from './cache.ts';
import { parseTableQuery, tableQuery } from './query.ts';
import { loadScope, rollup } from './rollup.ts';
import { filterLines, pageOf, PAGE_SIZE } from './table.ts';

const mean = z.number().nullable();
const tools = z.object({ IIT: mean, EIT: mean, OIT: mean });
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
  tools,
  indicators: z.object(Object.fromEntries(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].map((n) => [n, mean]))),
  labels: z.record(z.string(), z.number().int()),
  work: z.object({
    noMeasures: z.number().int(),
    lateProgress: z.number().int(),
    oitOpen: z.number().int(),
    oitStale: z.number().int(),
    notApproved: z.number().int(),
    channelClosed: z.number().int(),
  }),
  /** The ITA clinic's agenda (src/preaudit/clinic.ts): the OIT items failed most in the latest pre-audits, counts only. */
  clinic: z.object({
    organisations: z.number().int(),
    checked: z.number().int(),
    items: z.array(
      z.object({ code: z.string(), titleTh: z.string(), indicator: z.number().int().nullable(), failing: z.number().int(), checked: z.number().int(), share: z.number() }),
    ),
  }),
});

const line = z.object({
  slug: z.string(),
  nameTh: z.string(),
  type: z.string().nullable(),
  province: z.string().nullable(),
  district: z.string().nullable(),
  overall: mean,
  tools,
  indicators: z.record(z.string(), z.number()),
  label: z.string().nullable(),
  passed: z.boolean().nullable(),
  weakUnmeasured: z.number().int(),
  lateMeasures: z.number().int(),
  oitOpen: z.number().int(),
  oitStale: z.number().int(),
  notApproved: z.number().int(),
  channelOpen: z.boolean(),
});
export const organisationsSchema = z.object({ year: z.number(), total: z.number().int(), page: z.number().int(), pages: z.number().int(), pageSize: z.number().int(), organisations: z.array(line) });

export async function rollupApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/rollup',
      operationId: 'getRollup',
      tag: 'supervision',
      summary:
        'The roll-up of a fiscal year (a system administrator: any office or the whole country; a supervisor: their office or an office below it): organisations counted, scored, passed (≥ 85), by label; the means of the overall, tool and indicator scores (2 decimals, null for none); `work`: organisations with work outstanding; `org` (an office’s slug: its whole subtree), `province` (Thai name or code), `type` (code or Thai abbreviation) narrow it. The same object as `prongsai rollup --json`',
      access: SUPERVISION,
      query: z.object({ year: queryText, org: queryText, province: queryText, type: queryText }),
      response: rollupSchema,
    },
    async ({ request, query }) => rollup(rollupReader(deps), principalOf(request), { ...query, year: query.year ?? '' }, todayInBangkok(deps.now())),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/rollup/organisations',
      operationId: 'getRollupOrganisations',
      tag: 'supervision',
      summary: `The organisations of a roll-up (the same scope and rule as getRollup) with their scores and work outstanding, as the roll-up page's table: \`district\`, \`label\` ('-' for none), \`below85\` and \`late\` (1) filter; \`sort\` (name, district, overall, label, weak, late, oit, documents) and \`dir\` (asc, desc); ${PAGE_SIZE} a page (\`page\`, from 1)`,
      access: SUPERVISION,
      query: tableQuery.extend({ year: queryText }),
      response: organisationsSchema,
    },
    async ({ request, query }) => {
      const parsed = parseTableQuery(query);
      const data = await loadScope(rollupReader(deps), principalOf(request), { year: query.year ?? '', ...parsed.scope }, todayInBangkok(deps.now()));
      const t = pageOf(filterLines(data.lines, parsed.filters), parsed.page);
      return { year: data.year, total: t.total, page: t.page, pages: t.pages, pageSize: PAGE_SIZE, organisations: t.rows };
    },
  );
}
