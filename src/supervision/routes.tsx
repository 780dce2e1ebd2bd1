/**
 * The roll-up page and its downloads (issue 18, point 3): GET /staff/rollup/:year with the scope (org, province,
 * type) and the table's filters, sort and page in the query; /staff/rollup/:year/rollup.xlsx,
 * /organisations.csv and /figures.csv with the same query. One URL for the country and any office: the office is a
 * filter of the same page (`org`, as in the API and the CLI), so a link, a bookmark and a download carry the whole
 * selection. Who may see it: src/supervision/access.ts (the server lets in system administrators and supervisors).
 * Read from the read replica when there is one (deps.readDb), through the roll-ups' memory (src/supervision/cache.ts).
 * The page's body is rendered once per held scope, language and query (`bodies`): 50 supervisors asking for the
 * same province share one rendering, as they share the figures; only the frame (the signed-in person, the form
 * token) is rendered per request.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { z } from 'zod';
import { todayInBangkok } from '../measures/reporting.ts';
import { SUPERVISION } from '../web/access.ts';
import type { AreaOptions, Deps } from '../web/deps.ts';
import { attachment } from '../web/download.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, yearParam } from '../web/route.ts';
import { sendPage, viewOf, type View } from '../web/view.tsx';
import { figuresCsv, organisationsCsv, rollupXlsx } from './export.ts';
import { parseTableQuery, tableQuery, type TableQuery } from './query.ts';
import { rollupReader } from './cache.ts';
import { OUTLINES_PATH, outlinesSvg } from './map.tsx';
import { rollupPage, type RollupPageData } from './rollup-page.ts';
import type { OrgLine } from './rollup.ts';
import { ClinicCard, RollupPage, type PageQuery } from './views.tsx';

const params = z.object({ year: yearParam });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function load(deps: Deps, request: FastifyRequest, year: number, query: TableQuery) {
  const parsed = parseTableQuery(query);
  const data = await rollupPage(rollupReader(deps), principalOf(request), { year: String(year), ...parsed.scope }, parsed.filters, parsed.page, todayInBangkok(deps.now()));
  return { parsed, data };
}

/**
 * The body's HTML by the lines it shows (held: a change anywhere makes new ones, and these go with the old), then by
 * language and query. The rendering depends on nothing else: not on the person, not on the form token.
 */
const bodies = new WeakMap<readonly OrgLine[], Map<string, string>>();
const BODIES_PER_SCOPE = 200;

function bodyOf(view: View, d: RollupPageData, q: PageQuery): string {
  let byQuery = bodies.get(d.filtered);
  if (!byQuery) bodies.set(d.filtered, (byQuery = new Map()));
  const key = `${view.lang}:${JSON.stringify(q)}`;
  let html = byQuery.get(key);
  if (html === undefined) {
    if (byQuery.size >= BODIES_PER_SCOPE) byQuery.clear();
    html = renderToString(<RollupPage view={view} d={d} q={q} />);
    byQuery.set(key, html);
  }
  return html;
}

const fileName = (d: RollupPageData, ext: string) => `rollup-${d.rollup.year}${d.rollup.scope.org ? `-${d.rollup.scope.org.slug}` : ''}.${ext}`;

export async function rollupPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const spec = { access: SUPERVISION, params, query: tableQuery };

  // The map's outlines (src/supervision/map.tsx), kept by the browser: the URL the page gives carries their hash.
  pageRoute(app, 'GET', OUTLINES_PATH, { access: SUPERVISION }, async ({ request, reply }) => {
    const { svg, etag } = outlinesSvg();
    reply.header('cache-control', 'private, max-age=31536000, immutable').header('etag', etag).type('image/svg+xml');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(svg);
  });

  pageRoute(app, 'GET', '/staff/rollup/:year', spec, async ({ params: p, query, request, reply }) => {
    const view = viewOf(request, reply);
    const { parsed, data } = await load(deps, request, p.year, query);
    const q = { ...parsed.scope, org: data.request.org ?? null, filters: parsed.filters, page: data.table.page };
    return sendPage(reply, { view, title: view.m.ruTitle(data.rollup.year), children: (
        <>
          <div dangerouslySetInnerHTML={{ __html: bodyOf(view, data, q) }} />
          <ClinicCard view={view} d={data} />
        </>
      ),
    });
  });

  pageRoute(app, 'GET', '/staff/rollup/:year/rollup.xlsx', spec, async ({ params: p, query, request, reply }) => {
    const { data } = await load(deps, request, p.year, query);
    return attachment(reply, await rollupXlsx(data), fileName(data, 'xlsx'), XLSX);
  });

  pageRoute(app, 'GET', '/staff/rollup/:year/organisations.csv', spec, async ({ params: p, query, request, reply }) => {
    const { data } = await load(deps, request, p.year, query);
    return attachment(reply, organisationsCsv(data), fileName(data, 'csv'), 'text/csv; charset=utf-8');
  });

  pageRoute(app, 'GET', '/staff/rollup/:year/figures.csv', spec, async ({ params: p, query, request, reply }) => {
    const { data } = await load(deps, request, p.year, query);
    return attachment(reply, figuresCsv(data), fileName(data, 'figures.csv').replace('.figures.csv', '-figures.csv'), 'text/csv; charset=utf-8');
  });
}
