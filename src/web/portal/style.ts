/**
 * The portal's stylesheet (portal.css, on top of the staff app.css), read once and served from memory with a
 * content hash in its address, so that it can be cached for a year.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../access.ts';

const CSS = readFileSync(new URL('./portal.css', import.meta.url));
const ETAG = `"${createHash('sha256').update(CSS).digest('base64url').slice(0, 22)}"`;

export const PORTAL_CSS_PATH = '/portal-assets/portal.css';
export const PORTAL_CSS_URL = `${PORTAL_CSS_PATH}?v=${ETAG.slice(1, 11)}`;

export async function portalStyleRoute(app: FastifyInstance): Promise<void> {
  app.get(PORTAL_CSS_PATH, { config: { access: PUBLIC } }, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', ETAG).type('text/css; charset=utf-8');
    if (request.headers['if-none-match'] === ETAG) return reply.code(304).send();
    return reply.send(CSS);
  });
}
