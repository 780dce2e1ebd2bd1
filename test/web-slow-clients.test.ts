/**
 * Clients that send a request slowly, or part of it and then nothing (src/web/uploads.ts, the timeouts of
 * src/web/server.ts), over real sockets behind a trusted proxy on 127.0.0.1 (X-Forwarded-For gives each client its
 * address). The tests wait for what the server does (an answer, a closed connection), never for a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, DEMO_PASSWORD } from '../src/accounts/accounts.ts';
import { setUpChannel } from '../src/complaints/keys.ts';
import { complaintsAreaWith } from '../src/complaints/routes.tsx';
import { addressShare } from '../src/web/uploads.ts';
import { portOf, post, send, type Answer, type RawRequest } from './helpers/raw-http.ts';
import { demoEmail, startServer, type TestServer } from './web-support.ts';

const BOUNDARY = 'prongsai-slow-boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

function multipart(fields: Record<string, string>): Buffer {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return Buffer.from(`${parts.join('')}--${BOUNDARY}--\r\n`);
}

/** A form the server refuses once read (no token): a 400 shows that the body was read, not turned away. */
const refusedForm = multipart({ text: 'ทดสอบ' });

/** The head of a complaint form from `client`, as the proxy on 127.0.0.1 forwards it. */
const filingHead = (client: string, length: number) =>
  post('/o/huai-thong/complaints', { 'content-type': MULTIPART, 'content-length': String(length), 'x-forwarded-for': client });

async function listening(options: Parameters<typeof startServer>[1]): Promise<{ s: TestServer; port: number }> {
  const s = await startServer('pglite', { trustProxy: ['127.0.0.1'], areas: [complaintsAreaWith({ formToken: { minAgeMs: 0, maxAgeMs: 3600_000 } })], ...options });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  return { s, port: portOf(s.app.server) };
}

describe('the share of the upload places a client holds', () => {
  it('is per address, and per /64 for IPv6 (what one subscriber gets)', () => {
    expect(addressShare('198.51.100.1')).not.toBe(addressShare('198.51.100.2'));
    expect(addressShare('::ffff:198.51.100.1')).toBe(addressShare('198.51.100.1'));
    expect(addressShare('2001:db8:1:2:aaaa::1')).toBe(addressShare('2001:db8:1:2:bbbb:cccc:dddd:9'));
    expect(addressShare('2001:db8:1:2::1')).not.toBe(addressShare('2001:db8:1:3::1'));
  });
});

describe('sixteen stalled clients from one address', () => {
  let s: TestServer;
  let port: number;
  const stalled: RawRequest[] = [];
  beforeAll(async () => {
    // Nothing is cut off by time here: the stalled clients stay as long as the test needs.
    ({ s, port } = await listening({ timeouts: { requestMs: 120_000, idleMs: 120_000, uploadStallMs: 120_000 } }));
    const coordinator = await signIn(s.t.db, demoEmail('coordinator'), DEMO_PASSWORD);
    await setUpChannel(s.t.db, coordinator.account.principal, 'huai-thong', coordinator.sessionId, 'รหัสผ่านเรื่องร้องเรียนสำหรับทดสอบ', new Date(), { kdfCost: { m: 1024, t: 1, p: 1 } });
  });
  afterAll(async () => {
    for (const r of stalled) r.socket.destroy();
    await s.close();
  });

  it('hold only their address’s share of the upload places: a complaint from another address is filed', async () => {
    const answered: Answer[] = [];
    const turnedAwayOnes: RawRequest[] = [];
    const turnedAway = new Promise<void>((resolve) => {
      for (let i = 0; i < 16; i++) {
        // The head and the start of the body, then nothing.
        const r = send(port, filingHead('198.51.100.1', refusedForm.length), refusedForm.subarray(0, 20));
        stalled.push(r);
        void r.answer.then((a) => {
          answered.push(a);
          turnedAwayOnes.push(r);
          if (answered.length === 14) resolve();
        });
      }
    });
    // Two hold their address's places (PUBLIC_UPLOADS_PER_ADDRESS); the fourteen others are told to come back.
    await turnedAway;
    expect(answered.map((a) => a.status)).toEqual(Array(14).fill(503));
    // Their bodies are not read: the server closes their connections (the test does not).
    await Promise.all(turnedAwayOnes.map((r) => r.closed));

    const form = await s.app.inject({ method: 'GET', url: '/o/huai-thong/complaints', headers: { 'x-forwarded-for': '203.0.113.5' } });
    const token = /name="token" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const body = multipart({ token, channel: 'public', type: 'corruption', text: 'ร้องเรียนระหว่างที่มีผู้ส่งช้าค้างอยู่ SLOW-MARKER', identityName: '', identityContact: '', website: '', lang: 'th' });
    const filing = send(port, filingHead('203.0.113.5', body.length), body);
    const filed = await filing.answer;
    filing.socket.destroy();
    expect(filed.status).toBe(200);
    expect(filed.body).toMatch(/<pre class="token"[^>]*>\s*([0-9A-Z]{4}-){6}[0-9A-Z]{4}\s*<\/pre>/);
    // The stalled ones still hold their places, and their address still has no more.
    const third = send(port, filingHead('198.51.100.1', refusedForm.length), refusedForm);
    expect((await third.answer).status).toBe(503);
    third.socket.destroy();
  });
});

describe('a body or a head that stops coming', () => {
  let s: TestServer;
  let port: number;
  beforeAll(async () => {
    // Short limits for the head and a stalled body; the whole request and an idle connection have long ones, so
    // that only the limit under test can close a connection.
    ({ s, port } = await listening({ publicUploadsPerAddress: 1, timeouts: { headersMs: 300, requestMs: 120_000, idleMs: 120_000, uploadStallMs: 300 } }));
  });
  afterAll(async () => {
    await s.close();
  });

  it('frees the upload place of a body that stalls, and closes its connection', async () => {
    const stalledBody = send(port, filingHead('198.51.100.2', refusedForm.length), refusedForm.subarray(0, 20));
    const received = await stalledBody.closed;
    expect(received).toBe('');
    // The address's only place is free again: the next form from it is read (and refused for its missing token).
    const next = send(port, filingHead('198.51.100.2', refusedForm.length), refusedForm);
    expect((await next.answer).status).toBe(400);
    next.socket.destroy();
  });

  it('closes a body that trickles in a byte at a time', async () => {
    const trickle = send(port, filingHead('198.51.100.3', 100_000), refusedForm.subarray(0, 20));
    const drip = setInterval(() => trickle.socket.write('x'), 50);
    try {
      await trickle.closed;
    } finally {
      clearInterval(drip);
    }
    const next = send(port, filingHead('198.51.100.3', refusedForm.length), refusedForm);
    expect((await next.answer).status).toBe(400);
    next.socket.destroy();
  });

  it('answers 408 to a head that never ends, and closes the connection', async () => {
    const r = send(port, 'POST /o/huai-thong/complaints HTTP/1.1\r\nHost: localhost\r\n');
    const received = await r.closed;
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });
});
