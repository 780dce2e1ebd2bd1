/**
 * Sending a stored file of a publication (public or staff preview): inline when a browser shows it safely (PDF,
 * pictures, the frozen HTML documents), as a download otherwise, with nosniff and a file name in ASCII plus the
 * UTF-8 name (RFC 6266) so that Thai names survive. A frozen HTML document is sandboxed: its own styles and
 * fonts (data: URLs), no script. A PDF goes without the pages' CSP, under which Chromium's viewer does not open.
 */
import type { FastifyReply } from 'fastify';

const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox";

export function sendStored(reply: FastifyReply, bytes: Uint8Array, file: { readonly filename: string; readonly mediaType: string }, cacheControl: string): FastifyReply {
  const html = file.mediaType.startsWith('text/html');
  const pdf = file.mediaType === 'application/pdf';
  const inline = html || pdf || file.mediaType.startsWith('image/');
  const ascii = file.filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'file';
  reply
    .header('cache-control', cacheControl)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  if (html) reply.header('content-security-policy', DOCUMENT_CSP);
  else if (pdf) reply.removeHeader('content-security-policy');
  return reply.type(file.mediaType).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
