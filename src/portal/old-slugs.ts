/**
 * An organisation's old slugs keep its published URLs working (issue 14, point 1): a request to the public
 * portal /o/<old>/… or the public API /api/o/<old>/… answers with the same path and query under the
 * organisation's current slug: 301 for GET and HEAD, 308 for the others (a complaint POSTed to an old form keeps
 * its method and body). The redirect is kept by browsers for a day only, as a slug may be renamed again.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { renamedTo, SLUG_PATTERN } from '../organisations/rename.ts';
import type { Db } from '../db/index.ts';

/** The slug of a public route's path (a route of the portal or the public API always has one). */
const slugParams = z.object({ slug: z.string() });

const PUBLIC_PREFIX = /^(\/(?:api\/)?o\/)([^/?#]+)/;

/** An onRequest hook: the redirect of a public URL under an old slug; nothing for any other request. */
export function oldSlugRedirect(db: () => Db | null) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const route = request.routeOptions.url ?? '';
    if (!route.startsWith('/o/:slug') && !route.startsWith('/api/o/:slug')) return undefined;
    const database = db();
    const params = slugParams.safeParse(request.params);
    const slug = params.success ? params.data.slug : undefined;
    // Only what could be a slug is looked up (a path with control characters is refused later, 400).
    if (!database || !slug || slug.length > 64 || !SLUG_PATTERN.test(slug)) return undefined;
    const current = await renamedTo(database, slug);
    if (!current) return undefined;
    const location = request.url.replace(PUBLIC_PREFIX, (_all, prefix: string) => `${prefix}${encodeURIComponent(current)}`);
    const status = request.method === 'GET' || request.method === 'HEAD' ? 301 : 308;
    return reply.header('cache-control', 'public, max-age=86400').redirect(location, status);
  };
}
