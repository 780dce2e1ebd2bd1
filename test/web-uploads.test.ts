/**
 * Which requests may bring files (src/web/uploads.ts), over a real socket: the answer comes before the body is
 * sent, so the server never holds what it refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portOf, post, send } from './helpers/raw-http.ts';
import { demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const BOUNDARY = 'prongsai-test-boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A small, complete multipart body with one field. */
const smallBody = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\nทดสอบ\r\n--${BOUNDARY}--\r\n`);

describe('files only where a route takes them', () => {
  let s: TestServer;
  let port: number;
  beforeAll(async () => {
    s = await startServer('pglite', { publicUploadsAtOnce: 1 });
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    port = portOf(s.app.server);
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

  it('answers a JSON body past the 2 MB limit with its own message, not the file limit', async () => {
    const c = await signedInClient(s.app, demoEmail('coordinator'));
    const res = await c.json('POST', '/api/v1/me/tokens', { name: 'ก'.repeat(1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({ code: 'too-large', th: 'ข้อมูลที่ส่งมาใหญ่เกินไป (ไม่เกิน 2 MB)', en: 'The data sent is too large (at most 2 MB).' });
    // A form without files has the same limit and the same words, on its page.
    const form = await c.post('/staff/settings/tokens', { name: 'x'.repeat(3 * 1024 * 1024) });
    expect(form.statusCode).toBe(413);
    expect(form.body).toContain('ข้อมูลที่ส่งมาใหญ่เกินไป (ไม่เกิน 2 MB)');
    expect(form.body).not.toContain('แฟ้มใหญ่เกินไป');
  });
});
