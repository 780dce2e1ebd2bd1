/**
 * A local HTTP server standing in for the LINE Messaging API (push and reply): it records each request (path,
 * headers, JSON body) and answers with `status.code` (200 unless a test changes it).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LineRequest {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface FakeLine {
  /** http://127.0.0.1:PORT, for PRONGSAI_LINE_API_URL. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: LineRequest[];
  readonly status: { code: number };
  close(): Promise<void>;
}

export async function fakeLine(): Promise<FakeLine> {
  const requests: LineRequest[] = [];
  const status = { code: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') });
      res.writeHead(status.code, { 'content-type': 'application/json' }).end(status.code === 200 ? '{"sentMessages":[{"id":"1"}]}' : '{"message":"error"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, status, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
