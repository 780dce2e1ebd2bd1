/**
 * The public transparency portal (issue 6) as a route area of the web server: the public pages of every
 * organisation under /o/<slug>/ (public-routes.tsx), their open data (data-routes.tsx), and the staff pages
 * that prepare and approve what they show (staff-routes.tsx). One in-process cache (cache.ts) is shared by the public
 * routes, which read it, and the staff routes, which empty an organisation's part of it when they publish.
 *
 * Register it in src/web/server.ts: `export const AREAS = [authArea, staffArea, apiArea, portalArea];`
 */
import type { FastifyInstance } from 'fastify';
import { configValue } from '../config.ts';
import type { AreaOptions } from '../web/deps.ts';
import { PortalCache, type PortalCacheOptions } from './cache.ts';
import { dataRoutes } from './routes-data.tsx';
import { publicRoutes } from './routes-public.tsx';
import { staffRoutes } from './routes-staff.tsx';

/** The portal with its own cache (tests and the benchmark make one with other options). */
export function makePortalArea(options: PortalCacheOptions = {}) {
  return async function portalArea(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
    const cache = new PortalCache(options);
    // What another process changed (src/db/notify.ts).
    const stop = deps.changes.on((change) => {
      if (change.kind === 'org') cache.forget(change.slug);
      if (change.kind === 'all') cache.clear();
    });
    app.addHook('onClose', async () => {
      stop();
    });
    await publicRoutes(app, { deps, cache });
    await dataRoutes(app, { deps, cache });
    await staffRoutes(app, { deps, cache });
  };
}

/** The portal of the server, its cache kept PRONGSAI_PORTAL_REVALIDATE_MS (src/config.ts, read when it is registered). */
export const portalArea = async (app: FastifyInstance, options: AreaOptions): Promise<void> =>
  makePortalArea({ revalidateMs: configValue('PRONGSAI_PORTAL_REVALIDATE_MS') })(app, options);
