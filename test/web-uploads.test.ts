/**
 * Which requests may bring files (src/web/uploads.ts), over a real socket: the answer comes before the body is
 * sent, so the server never holds what it refuses.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './web-support.ts';

const BOUNDARY = 'prongsai-test-boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A small, complete multipart body with one field. */
const smallBody = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\nทดสอบ\r\n--${BOUNDARY}--\r\n`);

interface Answer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/** Sends the head of a request (and `body`, which may be shorter than the stated length); resolves with the answer's start. */
function send(port: number, head: string, body: Buffer = Buffer.alloc(0)): { socket: Socket; answer: Promise<Answer> } {
  const socket = connect(port, '127.0.0.1');
  const answer = new Promise<Answer>((resolve, reject) => {
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headText = text.slice(0, end);
      const length = Number(/content-length:\s*(\d+)/i.exec(headText)?.[1] ?? NaN);
      if (Buffer.byteLength(text.slice(end + 4)) >= length) resolve({ status: Number(headText.split(' ')[1]), head: headText, body: text.slice(end + 4) });
    });
    socket.on('error', reject);
  });
  socket.write(head);
  socket.write(body);
  return { socket, answer };
}

const post = (path: string, headers: Record<string, string>) =>
  `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAccept-Language: th\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe('files only where a route takes them', () => {
  let s: TestServer;
  let port: number;
  beforeAll(async () => {
    s = await startServer('pglite', { publicUploadsAtOnce: 1 });
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const address = s.app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses files sent to a form that takes none (the sign-in form), in Thai', async () => {
    const { socket, answer } = send(port, post('/login', { 'content-type': MULTIPART, 'content-length': String(smallBody.length) }), smallBody);
    const a = await answer;
    socket.destroy();
    expect(a.status).toBe(415);
    expect(a.body).toContain('แบบฟอร์มนี้ไม่รับแฟ้มแนบ');
  });

  it('answers 413 to a complaint form stated larger than a complaint may be, without waiting for its bytes', async () => {
    const { socket, answer } = send(port, post('/o/huai-thong/complaints', { 'content-type': MULTIPART, 'content-length': String(60 * 1024 * 1024) }));
    const a = await answer;
    socket.destroy();
    expect(a.status).toBe(413);
    expect(a.body).toContain('รวมกันไม่เกิน 21 MB');
  });

  it('answers 411 to files whose length is not stated', async () => {
    const { socket, answer } = send(port, post('/o/huai-thong/complaints', { 'content-type': MULTIPART, 'transfer-encoding': 'chunked' }));
    const a = await answer;
    socket.destroy();
    expect(a.status).toBe(411);
  });

  it('reads anonymous files a few requests at a time: the next waits (503, Retry-After) until one ends', async () => {
    // The first sends half of its body and stays: it holds the only place (publicUploadsAtOnce: 1).
    const first = send(port, post('/o/huai-thong/complaints', { 'content-type': MULTIPART, 'content-length': String(smallBody.length) }), smallBody.subarray(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = send(port, post('/o/huai-thong/complaints', { 'content-type': MULTIPART, 'content-length': String(smallBody.length) }), smallBody);
    const busy = await second.answer;
    second.socket.destroy();
    expect(busy.status).toBe(503);
    expect(busy.head).toMatch(/retry-after: 10/i);
    expect(busy.body).toContain('มีผู้ส่งแฟ้มแนบพร้อมกันจำนวนมาก');

    // The first finishes (its form is refused: no token), and the place is free again.
    first.socket.write(smallBody.subarray(20));
    expect((await first.answer).status).toBe(400);
    first.socket.destroy();
    const third = send(port, post('/o/huai-thong/complaints', { 'content-type': MULTIPART, 'content-length': String(smallBody.length) }), smallBody);
    expect((await third.answer).status).toBe(400);
    third.socket.destroy();

    // A client that goes away mid-body frees its place too.
    const gone = send(port, post('/o/huai-thong/complaints', { 'content-type': MULTIPART, 'content-length': String(smallBody.length) }), smallBody.subarray(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    gone.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = send(port, post('/o/huai-thong/complaints', { 'content-type': MULTIPART, 'content-length': String(smallBody.length) }), smallBody);
    expect((await after.answer).status).toBe(400);
    after.socket.destroy();
  });
});
