/**
 * Files sent to the browser: always as attachments (never shown inline, whatever the file holds), with
 * nosniff, a sandboxing CSP in case a browser renders one anyway, no caching, and a file name in ASCII plus
 * the UTF-8 name (RFC 6266) so that Thai file names survive.
 */
import type { FastifyReply } from 'fastify';

/** Types a browser might render or run: sent as application/octet-stream instead. */
const ACTIVE = /^(text\/html|application\/xhtml|image\/svg|text\/xml|application\/xml|text\/javascript|application\/javascript)/i;

export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function attachment(reply: FastifyReply, bytes: Uint8Array, fileName: string, mediaType: string): FastifyReply {
  return reply
    .header('content-disposition', contentDisposition(fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .type(ACTIVE.test(mediaType) ? 'application/octet-stream' : mediaType)
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
