/**
 * ITAS links (issue 14, point 2): the organisation's ITAS code, validated and audited; the IIT and EIT links;
 * their QR codes, which decode back to the links (PNG decoded with jsqr, SVG parsed as XML); the minimum EIT
 * respondents with year and source (and "not in our sources" when it is not); who may read and set the code; the
 * A4 poster in Thai with the link.
 */
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Forbidden, type Principal, type Role } from '../src/app/authz.ts';
import { getItas, itasLinks, minimumEit, qrPng, qrSvg, setItas, typeOf } from '../src/organisations/itas.ts';
import { DocumentBrowser } from '../src/documents/core/index.ts';
import { POSTER_TEXT } from '../src/documents/core/itas-poster.tsx';
import { InputError } from '../src/errors.ts';
import { backends } from './helpers/db.ts';
import { demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

// jsqr is CommonJS: its module object is the function, and the function is also its own `default` (what the types say).
const jsQR = jsqr.default;
const SLUG = 'huai-thong';
const LINKS = { iit: 'https://itas.nacc.go.th/go/iit/u4gpi2', eit: 'https://itas.nacc.go.th/go/eit/u4gpi2' };

const decodePng = (bytes: Buffer): string | null => {
  const png = PNG.sync.read(bytes);
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)?.data ?? null;
};

/** Draws the SVG's QR path (qrcode writes "M x y h n" runs of one module high) onto a bitmap and decodes it. */
function decodeSvg(svg: string): string | null {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const path = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)?.[1] ?? /<path[^>]*d="([^"]+)"[^>]*stroke="#000000"/.exec(svg)?.[1];
  if (!size || !path) return null;
  const scale = 8;
  const w = size * scale;
  const data = new Uint8ClampedArray(w * w * 4).fill(255);
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of path.matchAll(/([MmHhVv])(-?\d+(?:\.\d+)?)(?:\s(-?\d+(?:\.\d+)?))?/g)) {
    const n = Number(a);
    if (cmd === 'M') [x, y] = [n, Number(b)];
    else if (cmd === 'm') [x, y] = [x + n, y + Number(b)];
    else if (cmd === 'h') {
      for (let px = Math.round(x * scale); px < Math.round((x + n) * scale); px++) {
        for (let py = Math.round((y - 0.5) * scale); py < Math.round((y + 0.5) * scale); py++) data.fill(0, (py * w + px) * 4, (py * w + px) * 4 + 3);
      }
      x += n;
    }
  }
  return jsQR(data, w, w)?.data ?? null;
}

describe('ITAS links and QR codes', () => {
  it('makes the IIT and EIT links from the code', () => {
    expect(itasLinks('u4gpi2')).toEqual(LINKS);
  });

  it('makes a PNG QR code that decodes back to the link', async () => {
    const png = await qrPng(LINKS.eit);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(decodePng(png)).toBe(LINKS.eit);
  });

  it('makes an SVG QR code that is well-formed SVG and decodes back to the link', async () => {
    const svg = await qrSvg(LINKS.iit);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/<script|on\w+=/i);
    expect(decodeSvg(svg)).toBe(LINKS.iit);
  });

  it('gives the minimum EIT respondents of the type and size group with year and source, and says when our sources have none', () => {
    expect(minimumEit(typeOf('sao', 'sao'), 'M')).toMatchObject({ count: 40, year: 2568, source: expect.stringContaining('fliphtml5.com/gwwiq/kgpc/eBOOK1/56') });
    expect(minimumEit(typeOf('tambon_municipality', 'municipality'), 'S')).toMatchObject({ count: 60, year: 2568 });
    // An organisation made before types existed: its kind gives the type when the kind has only one.
    expect(minimumEit(typeOf(null, 'sao'), 'L')).toMatchObject({ count: 50 });
    expect(minimumEit(typeOf(null, 'sao'), null)).toMatchObject({ count: null, note: expect.stringContaining('ยังไม่ได้ระบุกลุ่มขนาด') });
    expect(minimumEit(typeOf(null, 'municipality'), 'S')).toMatchObject({ count: null, note: expect.stringContaining('ยังไม่ได้ระบุประเภทหน่วยงาน') });
    expect(minimumEit(typeOf('town_municipality', 'municipality'), 'M')).toMatchObject({ count: null, note: expect.stringContaining('แหล่งข้อมูลของเราไม่มี') });
    expect(minimumEit(typeOf('pao', 'pao'), null)).toMatchObject({ count: null, note: expect.stringContaining('แหล่งข้อมูลของเราไม่มี'), noteEn: expect.stringContaining('our sources have no') });
  });
});

describe.each(backends())('ITAS code on %s', (backend) => {
  let s: TestServer;
  let browser: DocumentBrowser;
  let orgId: string;
  let otherOrgId: string;
  const as = (role: Role, org: string | null = orgId): Principal => ({ personId: `p-${role}`, nameTh: role, roles: [{ role, orgId: role === 'system_admin' ? null : org, unitId: null }] });

  beforeAll(async () => {
    browser = new DocumentBrowser();
    s = await startServer(backend, { browser });
    orgId = (await s.t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = $1`, [SLUG]))[0]!.id;
    otherOrgId = (await s.t.db.query<{ id: string }>(`INSERT INTO organisations (slug, name_th, kind) VALUES ('other-itas', 'อบจ.อื่น', 'pao') RETURNING id`))[0]!.id;
    // The demo อบต. is of size L (set where an organisation is made, migration 0014).
    await s.t.db.query(`UPDATE organisations SET size_group = 'L' WHERE id = $1`, [orgId]);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await browser?.close();
  });

  it('is set by the organisation administrator, the coordinator or a system administrator, read by every role, audited', async () => {
    for (const role of ['org_admin', 'coordinator', 'system_admin'] as const) {
      const saved = await setItas(s.t.db, as(role), SLUG, { itasCode: 'u4gpi2' });
      expect(saved.links).toEqual(LINKS);
    }
    for (const role of ['unit_head', 'executive', 'auditor'] as const) {
      await expect(setItas(s.t.db, as(role), SLUG, { itasCode: 'zzzz99' })).rejects.toBeInstanceOf(Forbidden);
      expect((await getItas(s.t.db, as(role), SLUG)).itasCode).toBe('u4gpi2');
    }
    // From another organisation: neither read nor set.
    await expect(getItas(s.t.db, as('org_admin', otherOrgId), SLUG)).rejects.toBeInstanceOf(Forbidden);
    await expect(setItas(s.t.db, as('coordinator', otherOrgId), SLUG, { itasCode: 'zzzz99' })).rejects.toBeInstanceOf(Forbidden);
    const got = await getItas(s.t.db, as('auditor'), SLUG);
    expect(got).toMatchObject({ itasCode: 'u4gpi2', sizeGroup: 'L', minimumEit: { count: 50, year: 2568 } });
    const audit = await s.t.db.query<{ actor_label: string; after: { itas_code: string } }>(
      `SELECT actor_label, after FROM audit_log WHERE entity = 'organisations' AND entity_id = $1 AND action = 'update' AND after ->> 'itas_code' = 'u4gpi2' ORDER BY at`,
      [orgId],
    );
    expect(audit[0]?.actor_label).toBe('org_admin');
  });

  it('refuses a malformed code, in Thai and English, and changes nothing', async () => {
    for (const bad of ['ab', 'u4g pi2', 'u4gpi2/../x', 'ก1234', 'a'.repeat(17)]) {
      const error = await setItas(s.t.db, as('coordinator'), SLUG, { itasCode: bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'itasCode', th: expect.stringContaining('รหัส ITAS'), en: expect.stringContaining('ITAS code') });
    }
    expect((await getItas(s.t.db, as('auditor'), SLUG)).itasCode).toBe('u4gpi2');
  });

  it('answers the links and the QR images through the API, and a 404 in Thai and English before a code is set', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('executive'), s.clock.now);
    const links = await c.get(`/api/v1/orgs/${SLUG}/itas/links`);
    expect(links.statusCode).toBe(200);
    expect(links.json()).toEqual({ ...LINKS, minimumEit: { count: 50, year: 2568, source: expect.any(String), note: expect.any(String), noteEn: expect.any(String) } });
    const png = await c.get(`/api/v1/orgs/${SLUG}/itas/eit/qr.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(decodePng(png.rawPayload)).toBe(LINKS.eit);
    const svg = await c.get(`/api/v1/orgs/${SLUG}/itas/iit/qr.svg`);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(decodeSvg(svg.body)).toBe(LINKS.iit);
    expect((await c.get(`/api/v1/orgs/${SLUG}/itas/oit/qr.png`)).statusCode).toBe(400);
    // The executive may read but not set.
    expect((await c.json('PUT', `/api/v1/orgs/${SLUG}/itas`, { itasCode: 'zzzz99' })).statusCode).toBe(403);
    const coordinator = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    const bad = await coordinator.json('PUT', `/api/v1/orgs/${SLUG}/itas`, { itasCode: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ field: 'itasCode', th: expect.stringContaining('รหัส ITAS'), en: expect.stringContaining('ITAS code') });
    const cleared = await coordinator.json('PUT', `/api/v1/orgs/${SLUG}/itas`, { itasCode: null });
    expect(cleared.json()).toMatchObject({ itasCode: null, links: null, minimumEit: { count: 50 } });
    const none = await c.get(`/api/v1/orgs/${SLUG}/itas/links`);
    expect(none.statusCode).toBe(404);
    expect(none.json().error).toMatchObject({ th: expect.stringContaining('ยังไม่ได้ใส่รหัส ITAS'), en: expect.stringContaining('no ITAS code') });
    expect((await coordinator.json('PUT', `/api/v1/orgs/${SLUG}/itas`, { itasCode: 'u4gpi2' })).statusCode).toBe(200);
  });

  it('shows the links, the QR codes and the minimum on the staff page, and saves the code from its form', async () => {
    const coordinator = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    const page = await coordinator.get(`/staff/o/${SLUG}/itas`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ลิงก์แบบสำรวจ ITAS');
    expect(page.body).toContain(LINKS.iit);
    expect(page.body).toContain(LINKS.eit);
    expect(page.body.match(/<svg /g)?.length).toBe(2);
    expect(page.body).toContain('50 คน');
    expect(page.body).toContain('2568');
    const bad = await coordinator.post(`/staff/o/${SLUG}/itas`, { itasCode: 'no!' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('รหัส ITAS ต้องเป็น');
    const ok = await coordinator.post(`/staff/o/${SLUG}/itas`, { itasCode: '6bq910' });
    expect(ok.statusCode).toBe(303);
    expect((await coordinator.get(`/api/v1/orgs/${SLUG}/itas/links`)).json()).toMatchObject({ iit: 'https://itas.nacc.go.th/go/iit/6bq910', minimumEit: { count: 50 } });
    const auditor = await sessionClient(s.app, s.t, demoEmail('auditor'), s.clock.now);
    const readOnly = await auditor.get(`/staff/o/${SLUG}/itas`);
    expect(readOnly.statusCode).toBe(200);
    expect(readOnly.body).not.toContain('name="itasCode"');
    expect((await auditor.post(`/staff/o/${SLUG}/itas`, { itasCode: 'u4gpi2' })).statusCode).toBe(403);
    expect((await coordinator.post(`/staff/o/${SLUG}/itas`, { itasCode: 'u4gpi2' })).statusCode).toBe(303);
  });

  it('prints an A4 poster in Thai with the QR code and the link, as HTML and PDF', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('auditor'), s.clock.now);
    for (const survey of ['iit', 'eit'] as const) {
      const html = await c.get(`/staff/o/${SLUG}/itas/${survey}/poster`);
      expect(html.statusCode).toBe(200);
      expect(html.body).toContain('@page{size:A4 portrait');
      expect(html.body).toContain(LINKS[survey]);
      expect(html.body).toContain(POSTER_TEXT[survey].who);
      expect(html.body).toContain('สแกนคิวอาร์โค้ด');
      expect(html.body).toContain('<svg');
    }
    const pdf = await c.get(`/staff/o/${SLUG}/itas/eit/poster.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);
});
