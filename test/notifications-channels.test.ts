/**
 * The notification channels (issue 20, points 2, 6 and 7): e-mail to an SMTP server started here (read back with
 * mailparser: subject, Thai body, HTML, link, one-click unsubscribe); deliverOnce sends once across a retry and a
 * failed send stays retryable; LINE push against a local HTTP server standing in for the Messaging API (Bearer
 * token, X-Line-Retry-Key, the JSON shape; a 500 throws); the webhook links a person and a group by their one-time
 * codes with a good signature and changes nothing with a forged or missing one, and answers in LINE through the
 * reply endpoint (linked; a wrong or expired code; the bot joining a group) with the event's replyToken; the LINE secrets are stored
 * sealed (the plain values appear nowhere in the tables) and the settings page never shows them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configValue } from '../src/config.ts';
import { ConfigError, InputError } from '../src/errors.ts';
import { deliverOnce } from '../src/notifications/deliver.ts';
import { lineRetryKey, lineSignature, LinePushError, pushLine, validLineSignature } from '../src/notifications/line.ts';
import { mailer, mailerFromEnv, sendMail, type MailMessage } from '../src/notifications/mail.ts';
import { KEY_FILE, secretBox, secretKey } from '../src/notifications/secret-box.ts';
import { codeOfText, linePushTarget } from '../src/notifications/service.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { fakeLine, type FakeLine } from './helpers/line.ts';
import { startSmtp, type TestSmtp } from './helpers/smtp.ts';
import { demoEmail, signedInClient, startServer, type Client, type TestServer } from './web-support.ts';

const KEY = randomBytes(32).toString('base64');

describe('e-mail over SMTP', () => {
  let smtp: TestSmtp;
  let port = 0;
  beforeAll(async () => {
    smtp = await startSmtp();
    port = Number(new URL(smtp.url).port);
  });
  afterAll(async () => smtp.close());

  it('sends a Thai message with its text, HTML, deep link and one-click unsubscribe', async () => {
    const m = mailer(`smtp://127.0.0.1:${port}`, 'ITA อบต.ห้วยทอง <ita@huai-thong.example>');
    const message: MailMessage = {
      to: 'unit@huai-thong.demo',
      subject: 'ถึงเวลารายงานความก้าวหน้าประจำเดือนธันวาคม',
      lines: ['เรียน หัวหน้าหน่วยงาน', 'มาตรการ "เปิดเผยข้อมูล <ทั้งหมด>" ยังไม่มีความก้าวหน้าของเดือนธันวาคม ๒๕๖๙'],
      link: 'https://ita.example.go.th/staff/o/huai-thong/2570/measures',
      linkLabel: 'เปิดในโปร่งใส',
      unsubscribeUrl: 'https://ita.example.go.th/unsubscribe/abc123',
      unsubscribeLabel: 'เลิกรับการแจ้งเตือนประเภทนี้',
      lang: 'th',
    };
    try {
      await sendMail(m, message);
    } finally {
      m.close();
    }
    expect(smtp.received).toHaveLength(1);
    const { to: envelopeTo, mail } = smtp.received[0]!;
    expect(envelopeTo).toEqual(['unit@huai-thong.demo']);
    expect(mail.subject).toBe('ถึงเวลารายงานความก้าวหน้าประจำเดือนธันวาคม');
    expect(mail.from?.text).toContain('ita@huai-thong.example');
    expect(mail.text).toContain('มาตรการ "เปิดเผยข้อมูล <ทั้งหมด>" ยังไม่มีความก้าวหน้าของเดือนธันวาคม ๒๕๖๙');
    expect(mail.text).toContain('เปิดในโปร่งใส: https://ita.example.go.th/staff/o/huai-thong/2570/measures');
    const html = String(mail.html);
    expect(html).toContain('<a href="https://ita.example.go.th/staff/o/huai-thong/2570/measures">เปิดในโปร่งใส</a>');
    expect(html).toContain('&lt;ทั้งหมด&gt;');
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line;
    expect(header('list-unsubscribe')).toBe('List-Unsubscribe: <https://ita.example.go.th/unsubscribe/abc123>');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('needs PRONGSAI_SMTP_URL, and never shows the SMTP URL or the secret key in a configuration error', () => {
    expect(() => mailerFromEnv({})).toThrow(InputError);
    for (const [name, value] of [
      ['PRONGSAI_SMTP_URL', 'http://user:hunter2-password@mail.example'],
      ['PRONGSAI_SECRET_KEY', 'hunter2-not-a-key'],
    ] as const) {
      const error = (() => {
        try {
          configValue(name, { [name]: value });
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(String((error as Error).message)).not.toContain('hunter2');
      expect(String((error as Error).message)).toContain(name);
    }
    expect(configValue('PRONGSAI_SECRET_KEY', { PRONGSAI_SECRET_KEY: KEY })).toBe(KEY);
    expect(configValue('PRONGSAI_LINE_API_URL', {})).toBe('https://api.line.me');
  });
});

describe('sealed secrets', () => {
  it('seals with AES-256-GCM; another key or an altered value does not open', () => {
    const box = secretBox(Buffer.from(KEY, 'base64'));
    const sealed = box.seal('โทเค็นลับ-token');
    expect(sealed).not.toContain('token');
    expect(box.open(sealed)).toBe('โทเค็นลับ-token');
    expect(box.seal('same')).not.toBe(box.seal('same'));
    expect(() => secretBox(randomBytes(32)).open(sealed)).toThrow(InputError);
    const altered = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(() => box.open(altered)).toThrow(InputError);
  });

  it('takes the key from PRONGSAI_SECRET_KEY, else a 0600 key file in the data folder (embedded database only)', () => {
    expect(secretKey({ PRONGSAI_SECRET_KEY: KEY }).equals(Buffer.from(KEY, 'base64'))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'prongsai-key-'));
    try {
      const first = secretKey({ PRONGSAI_DATA: dir });
      expect(first).toHaveLength(32);
      expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(secretKey({ PRONGSAI_DATA: dir }).equals(first)).toBe(true);
      expect(() => secretKey({ PRONGSAI_DATA: dir, DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' })).toThrow(InputError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LINE push and signatures', () => {
  it('pushes with the Bearer token, X-Line-Retry-Key and the Messaging API shape; a 500 throws', async () => {
    const line = await fakeLine();
    try {
      const retryKey = lineRetryKey('notification:1:line:person-1');
      expect(retryKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(lineRetryKey('notification:1:line:person-1')).toBe(retryKey);
      expect(lineRetryKey('notification:2:line:person-1')).not.toBe(retryKey);
      const to = `U${'a'.repeat(32)}`;
      await pushLine({ apiUrl: line.url, token: 'channel-token-123', to, texts: ['มีเรื่องร้องเรียนใหม่ 1 เรื่อง', 'https://ita.example.go.th/x'], retryKey });
      expect(line.requests).toHaveLength(1);
      const [request] = line.requests;
      expect(request!.url).toBe('/v2/bot/message/push');
      expect(request!.headers.authorization).toBe('Bearer channel-token-123');
      expect(request!.headers['x-line-retry-key']).toBe(retryKey);
      expect(request!.headers['content-type']).toBe('application/json');
      expect(request!.body).toEqual({
        to,
        messages: [
          { type: 'text', text: 'มีเรื่องร้องเรียนใหม่ 1 เรื่อง' },
          { type: 'text', text: 'https://ita.example.go.th/x' },
        ],
      });
      line.status.code = 500;
      const error = await pushLine({ apiUrl: line.url, token: 'channel-token-123', to, texts: ['x'], retryKey }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(LinePushError);
      expect((error as LinePushError).status).toBe(500);
      expect((error as Error).message).not.toContain('channel-token-123');
      line.status.code = 409; // the retry key was accepted before: sent
      await pushLine({ apiUrl: line.url, token: 'channel-token-123', to, texts: ['x'], retryKey });
    } finally {
      await line.close();
    }
  });

  it('checks X-Line-Signature over the raw body', () => {
    const body = Buffer.from('{"events":[]}');
    const secret = 'a'.repeat(32);
    expect(validLineSignature(secret, body, lineSignature(secret, body))).toBe(true);
    expect(validLineSignature(secret, Buffer.from('{"events": []}'), lineSignature(secret, body))).toBe(false);
    expect(validLineSignature('b'.repeat(32), body, lineSignature(secret, body))).toBe(false);
    expect(validLineSignature(secret, body, undefined)).toBe(false);
    expect(validLineSignature(secret, body, 'short')).toBe(false);
  });

  it('reads a link code from a message however it is typed', () => {
    expect(codeOfText(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(codeOfText('ABCD EFGH')).toBe('ABCDEFGH');
    expect(codeOfText('ABCD-EFG0')).toBeNull();
    expect(codeOfText('สวัสดีครับ')).toBeNull();
  });
});

describe.each(backends())('deliveries on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(backend);
  }, 120_000);
  afterAll(async () => t.dispose());

  it('sends once across a retry; a failed send stays retryable', async () => {
    let sends = 0;
    const send = async () => {
      sends++;
    };
    expect(await deliverOnce(t.db, 'notification:a:email:p1', send)).toBe('sent');
    expect(await deliverOnce(t.db, 'notification:a:email:p1', send)).toBe('already-sent');
    expect(sends).toBe(1);

    const failing = async () => {
      sends++;
      throw new Error('SMTP 451 try again later');
    };
    await expect(deliverOnce(t.db, 'notification:b:line:p1', failing)).rejects.toThrow('451');
    expect(await t.db.query('SELECT status, attempts, sent_at FROM deliveries WHERE key = $1', ['notification:b:line:p1'])).toEqual([{ status: 'sending', attempts: 1, sent_at: null }]);
    expect(await deliverOnce(t.db, 'notification:b:line:p1', send)).toBe('sent');
    expect(await deliverOnce(t.db, 'notification:b:line:p1', send)).toBe('already-sent');
    expect(sends).toBe(3);
    expect(await t.db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM deliveries WHERE key = $1', ['notification:b:line:p1'])).toEqual([{ status: 'sent', attempts: 2 }]);
  });
});

describe.each(backends())('LINE settings, linking and the webhook on %s', (backend) => {
  let s: TestServer;
  const SECRET = randomBytes(16).toString('hex');
  const TOKEN = `tok${randomBytes(48).toString('base64url')}`;
  const ORG = '/staff/o/huai-thong/line';
  const userId = `U${randomBytes(16).toString('hex')}`;
  const groupId = `C${randomBytes(16).toString('hex')}`;

  const hook = (events: unknown[], signature: 'good' | 'forged' | 'none' = 'good') => {
    const body = JSON.stringify({ destination: `U${'0'.repeat(32)}`, events });
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (signature === 'good') headers['x-line-signature'] = lineSignature(SECRET, Buffer.from(body));
    if (signature === 'forged') headers['x-line-signature'] = lineSignature('f'.repeat(32), Buffer.from(body));
    return s.app.inject({ method: 'POST', url: '/line/webhook/huai-thong', payload: body, headers });
  };
  const textEvent = (text: string, source: Record<string, string>, replyToken = 'r') => ({ type: 'message', replyToken, timestamp: 1, source, message: { id: '1', type: 'text', text } });
  const codeIn = (html: string) => /<strong class="code" lang="en">([A-Z0-9-]+)<\/strong>/.exec(html)?.[1];
  const tableDump = async () =>
    JSON.stringify(await s.t.db.query("SELECT (SELECT json_agg(c) FROM line_channels c) AS channels, (SELECT json_agg(a) FROM audit_log a) AS audit, (SELECT json_agg(d) FROM deliveries d) AS deliveries"));
  const links = () => s.t.db.query<{ line_user_id: string }>('SELECT line_user_id FROM line_links');
  let admin: Client;
  let unitHead: Client;
  /** The LINE stand-in the webhook's replies go to. */
  let line: FakeLine;
  /** The replies LINE was asked to send since the last call: their token and texts (shape and header checked). */
  const replies = () => {
    const taken = line.requests.splice(0);
    for (const r of taken) {
      expect(r.url).toBe('/v2/bot/message/reply');
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.body).toEqual({ replyToken: expect.any(String), messages: [{ type: 'text', text: expect.any(String) }] });
    }
    return taken.map((r) => {
      const body = r.body as { replyToken: string; messages: { text: string }[] };
      return [body.replyToken, body.messages[0]!.text];
    });
  };

  beforeAll(async () => {
    vi.stubEnv('PRONGSAI_SECRET_KEY', KEY);
    line = await fakeLine();
    vi.stubEnv('PRONGSAI_LINE_API_URL', line.url);
    s = await startServer(backend);
    admin = await signedInClient(s.app, demoEmail('org_admin'));
    unitHead = await signedInClient(s.app, demoEmail('unit_head'));
  }, 120_000);
  afterAll(async () => {
    await s.close();
    await line.close();
    vi.unstubAllEnvs();
  });

  it('stores the channel secret and token sealed, shows them only as set, refuses bad input', async () => {
    let page = await admin.get(ORG);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ยังไม่ได้ตั้งค่า');
    expect(page.body).toContain('/line/webhook/huai-thong');
    // No code for a person while the organisation has no LINE channel: nothing could reach them.
    expect((await unitHead.get('/staff/settings/line')).body).toContain('หน่วยงานของคุณยังไม่ได้ตั้งค่า LINE Official Account');
    const early = await unitHead.post('/staff/settings/line/code');
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('หน่วยงานยังไม่ได้ตั้งค่า LINE Official Account');

    const bad = await admin.post(`${ORG}/channel`, { secret: 'not-hex', token: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Channel secret ต้องเป็นตัวอักษรฐานสิบหก 32 ตัว');
    expect(bad.body).toContain('Channel access token ต้องเป็นข้อความยาว 20 ถึง 500 ตัวอักษร');
    expect(bad.body).not.toContain('not-hex');
    expect(await s.t.db.query('SELECT org_id FROM line_channels')).toEqual([]);

    const saved = await admin.post(`${ORG}/channel`, { secret: SECRET, token: TOKEN });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${ORG}?done=saved`);
    page = await admin.get(`${ORG}?done=saved`);
    expect(page.body).toContain('บันทึกการตั้งค่า LINE แล้ว');
    expect(page.body).not.toContain(SECRET);
    expect(page.body).not.toContain(TOKEN);
    expect(page.body).not.toContain('ยังไม่ได้ตั้งค่า');
    const dump = await tableDump();
    expect(dump).toContain('v1:');
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain(TOKEN);
    // An empty field keeps the stored value.
    expect((await admin.post(`${ORG}/channel`, { secret: '', token: '' })).statusCode).toBe(400);
    expect((await admin.post(`${ORG}/channel`, { secret: '', token: TOKEN })).statusCode).toBe(303);
    // The unit head may neither see nor set the channel.
    expect((await unitHead.get(ORG)).statusCode).toBe(403);
    expect((await unitHead.post(`${ORG}/channel`, { secret: SECRET, token: TOKEN })).statusCode).toBe(403);
  });

  it('links a person by the code they send, only with a good signature', async () => {
    const mine = await unitHead.get('/staff/settings/line');
    expect(mine.body).toContain('ยังไม่ได้เชื่อมบัญชี LINE');
    const made = await unitHead.post('/staff/settings/line/code');
    const code = codeIn(made.body)!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    for (const signature of ['forged', 'none'] as const) {
      const refused = await hook([textEvent(code, { type: 'user', userId })], signature);
      expect(refused.statusCode).toBe(401);
    }
    expect(await links()).toEqual([]);
    expect(replies()).toEqual([]); // a refused call is not answered
    const unknown = await s.app.inject({ method: 'POST', url: '/line/webhook/no-such-org', payload: '{"events":[]}', headers: { 'content-type': 'application/json', 'x-line-signature': 'x' } });
    expect(unknown.statusCode).toBe(401);

    expect((await hook([textEvent('สวัสดีครับ', { type: 'user', userId })])).statusCode).toBe(200);
    expect(await links()).toEqual([]);
    expect(replies()).toEqual([]); // a chat that is no code gets no answer
    expect((await hook([textEvent(code.toLowerCase(), { type: 'user', userId }, 'reply-good')])).statusCode).toBe(200);
    expect(await links()).toEqual([{ line_user_id: userId }]);
    const [good] = replies();
    expect(good![0]).toBe('reply-good');
    expect(good![1]).toMatch(/^เชื่อมบัญชี LINE กับ Prongsai แล้ว /);
    expect((await unitHead.get('/staff/settings/line')).body).toContain('บัญชี LINE ของคุณเชื่อมแล้ว');

    const [person] = await s.t.db.query<{ id: string; org_id: string }>('SELECT id, org_id FROM people WHERE email = $1', [demoEmail('unit_head')]);
    expect(await linePushTarget(s.t.db, person!.org_id, person!.id)).toEqual({ token: TOKEN, to: userId });

    // One-time: the same code again from another account links nobody.
    const other = `U${randomBytes(16).toString('hex')}`;
    await hook([textEvent(code, { type: 'user', userId: other }, 'reply-used')]);
    expect(await links()).toEqual([{ line_user_id: userId }]);
    expect(replies()).toEqual([['reply-used', expect.stringContaining('รหัสเชื่อมไม่ถูกต้องหรือหมดอายุแล้ว')]]);
    // LINE refusing the reply (an expired reply token) changes nothing of the answer or the link.
    line.status.code = 400;
    expect((await hook([textEvent(code, { type: 'user', userId: other }, 'reply-stale')])).statusCode).toBe(200);
    line.status.code = 200;
    expect(replies().map(([token]) => token)).toEqual(['reply-stale']);

    expect((await unitHead.post('/staff/settings/line/unlink')).statusCode).toBe(303);
    expect(await links()).toEqual([]);
  });

  it('refuses an expired code', async () => {
    const code = codeIn((await unitHead.post('/staff/settings/line/code')).body)!;
    s.clock.now = new Date(Date.now() + 16 * 60_000);
    try {
      expect((await hook([textEvent(code, { type: 'user', userId }, 'reply-expired')])).statusCode).toBe(200);
      expect(await links()).toEqual([]);
      expect(replies()).toEqual([['reply-expired', expect.stringContaining('รหัสเชื่อมไม่ถูกต้องหรือหมดอายุแล้ว')]]);
    } finally {
      s.clock.now = new Date();
    }
  });

  it('follows the bot into a group and links the group by a coordinator’s code sent there', async () => {
    const groups = () => s.t.db.query<{ group_id: string; linked: boolean }>('SELECT group_id, linked_at IS NOT NULL AS linked FROM line_groups');
    expect((await hook([{ type: 'join', replyToken: 'reply-join', timestamp: 1, source: { type: 'group', groupId } }])).statusCode).toBe(200);
    expect(await groups()).toEqual([{ group_id: groupId, linked: false }]);
    expect(replies()).toEqual([['reply-join', expect.stringContaining('รหัสเชื่อมกลุ่ม')]]);

    const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    const page = await coordinator.get(ORG);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="secret"'); // the channel is the administrator's
    expect(page.body).toContain(groupId);
    const code = codeIn((await coordinator.post(`${ORG}/group-code`)).body)!;
    // A group code sent in a one-to-one chat links nothing, and a forged call changes nothing.
    await hook([textEvent(code, { type: 'user', userId })]);
    expect((await hook([textEvent(code, { type: 'group', groupId, userId })], 'forged')).statusCode).toBe(401);
    expect(await links()).toEqual([]);
    expect(await groups()).toEqual([{ group_id: groupId, linked: false }]);

    replies();
    expect((await hook([textEvent(code, { type: 'group', groupId, userId }, 'reply-group')])).statusCode).toBe(200);
    expect(await groups()).toEqual([{ group_id: groupId, linked: true }]);
    expect(replies()).toEqual([['reply-group', expect.stringMatching(/^เชื่อมกลุ่ม LINE นี้กับ Prongsai แล้ว/)]]);
    expect((await coordinator.get(ORG)).body).toContain('เชื่อมแล้ว (โดย');

    expect((await hook([{ type: 'leave', timestamp: 2, source: { type: 'group', groupId } }])).statusCode).toBe(200);
    expect(await groups()).toEqual([]);
  });
});
