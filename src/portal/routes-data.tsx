/**
 * The open data routes of the portal (issue 6, point 5), all PUBLIC, cached per visibility epoch like the pages,
 * and open to other sites (Access-Control-Allow-Origin: *): the data page, every public table as CSV and JSON, the
 * catalogue as DCAT (JSON-LD) and as CKAN package dicts, and the Atom feed. What they write: data-views.tsx.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFound } from '../app/errors.ts';
import { fiscalYearOf } from '../thai/index.ts';
import { PUBLIC } from '../web/access.ts';
import { pageRoute } from '../web/route.ts';
import { atomFeed, ckanCatalog, dataPage, datasetCsv, datasetJson, dcatCatalog } from './views-data.tsx';
import { portalErrors } from './messages.ts';
import { datasets } from './open-data.ts';
import { publicComplaintYears } from './publications-public.ts';
import { publishedSurveyResults } from '../surveys/service.ts';
import { askedOf, langQuery, servePublic, statsBucket, type PublicOptions } from './routes-public.tsx';
import type { PublicContext } from './views-public.tsx';

export async function dataRoutes(app: FastifyInstance, opts: PublicOptions): Promise<void> {
  const params = z.object({ slug: z.string() });
  const route = { access: PUBLIC, params, query: langQuery } as const;
  const open = { 'access-control-allow-origin': '*' };
  const { deps } = opts;
  // The complaint statistics change with time, not with publications: these answers are kept 10 minutes at most.
  const bucket = () => statsBucket(deps.now());
  const complaints = (c: PublicContext) => publicComplaintYears(deps.db, c.data, fiscalYearOf(c.now));
  const surveys = (c: PublicContext) => publishedSurveyResults(deps.db, c.data.org.orgId);

  pageRoute(app, 'GET', '/o/:slug/data', route, async (input) =>
    servePublic(
      opts,
      askedOf(input),
      async (c) => ({ body: dataPage(c, await complaints(c), await surveys(c)), type: 'text/html; charset=utf-8' }),
      bucket(),
    ),
  );

  pageRoute(app, 'GET', '/o/:slug/data/:dataset', { ...route, params: params.extend({ dataset: z.string() }) }, async (input) => {
    const { dataset } = input.params;
    const match = /^([a-z0-9-]{1,40})\.(csv|json)$/.exec(dataset);
    input.reply.headers(open);
    return servePublic(
      opts,
      askedOf(input),
      async (c) => {
        const d = match ? datasets(c.data, c.origin, await complaints(c), await surveys(c)).find((x) => x.id === match[1]) : undefined;
        if (!d || !match) throw new NotFound('dataset', portalErrors.noDataset({ dataset }));
        return match[2] === 'csv'
          ? { body: datasetCsv(d), type: 'text/csv; charset=utf-8' }
          : { body: datasetJson(d, c.origin, c.data.org.slug), type: 'application/json; charset=utf-8' };
      },
      bucket(),
    );
  });

  /** The catalogue, as DCAT (JSON-LD) and as CKAN package dicts. */
  const catalogues = [
    ['/o/:slug/catalog.jsonld', dcatCatalog, 'application/ld+json; charset=utf-8'],
    ['/o/:slug/catalog.ckan.json', ckanCatalog, 'application/json; charset=utf-8'],
  ] as const;
  for (const [url, catalog, type] of catalogues) {
    pageRoute(app, 'GET', url, route, async (input) => {
      input.reply.headers(open);
      return servePublic(opts, askedOf(input), async (c) => ({ body: JSON.stringify(catalog(c.data, c.origin, await complaints(c), await surveys(c)), null, 1), type }), bucket());
    });
  }

  pageRoute(app, 'GET', '/o/:slug/feed.atom', route, async (input) => {
    input.reply.headers(open);
    return servePublic(opts, askedOf(input), (c) => ({
      body: atomFeed(c.data, c.origin, c.view.epoch.lastModified),
      type: 'application/atom+xml; charset=utf-8',
    }));
  });
}
