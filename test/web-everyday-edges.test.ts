/**
 * Issue 16, the rough edges a new user hit (second half), over HTTP without a browser: "ลืมรหัสผ่าน" on the sign-in
 * page and the administrator's one-click link, the scores import template with Thai headers and an import check
 * that shows what each value replaces, the complaint pages' organisation header, other channels and receipt
 * buttons, Thai names (no English) on Thai pages, and the favicon. The phone layout and the copy button in a real
 * browser are in test/e2e-complaints.test.ts and test/e2e-a11y.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromCsv } from '../src/io/tables.ts';
import { metadataNames } from '../src/complaints/i18n.ts';
import { complaintsAreaWith } from '../src/complaints/routes.tsx';
import { DEFAULT_LIMITS } from '../src/complaints/limits.ts';
import { LANG_COOKIE } from '../src/web/cookies.ts';
import { portalArea } from '../src/portal/routes.tsx';
import { replaced } from '../src/years/views-scores.tsx';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const PASS = 'รหัสผ่านเรื่องร้องเรียนของผู้ประสานงาน';
const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

function multipart(fields: Record<string, string>) {
  const boundary = `----prongsai${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { payload: `${parts.join('')}--${boundary}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('rough edges of everyday use (issue 16)', () => {
  let s: TestServer;
  let coordinator: Client;
  let admin: Client;

  beforeAll(async () => {
    s = await startServer('pglite', { areas: [portalArea, complaintsAreaWith({ formToken: { minAgeMs: 1_000, maxAgeMs: 3600_000 }, limits: DEFAULT_LIMITS })] });
    coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    admin = await signedInClient(s.app, demoEmail('org_admin'));
  }, 120_000);
  afterAll(async () => s.close());

  it('offers "ลืมรหัสผ่าน" on the sign-in page, which says to ask the administrator, who makes the link in one click', async () => {
    const anonymous = new Client(s.app);
    const login = await anonymous.get('/login');
    expect(login.body).toContain('<a href="/forgot-password">ลืมรหัสผ่าน</a>');
    const forgot = await anonymous.get('/forgot-password');
    expect(forgot.statusCode).toBe(200);
    expect(text(forgot.body)).toContain('โปรดติดต่อผู้ดูแลระบบของหน่วยงานของท่าน');
    expect(text(forgot.body)).toContain('สร้างลิงก์ตั้งรหัสผ่านใหม่');
    const english = await s.app.inject({ method: 'GET', url: '/forgot-password', cookies: { [LANG_COOKIE]: 'en' } });
    expect(text(english.body)).toContain("ask your organisation’s administrator");
    expect(/<main[^>]*>(.*)<\/main>/s.exec(english.body)![1]).not.toMatch(/[ก-๙]/);

    // The people page: the button is in the person's row, not behind "จัดการ" (a <details> to open first).
    const people = await admin.get('/staff/o/huai-thong/people');
    const row = people.body.split('<tr').find((r) => r.includes('auditor@huai-thong.demo'))!;
    const action = /action="(\/staff\/o\/huai-thong\/people\/[^"]+\/link)"/.exec(row)![1]!;
    expect(row.indexOf(action)).toBeLessThan(row.indexOf('<details'));
    const made = await admin.post(action);
    expect(made.statusCode).toBe(200);
    expect(made.body).toMatch(/\/setup\/[A-Za-z0-9_-]{20,}/);
  });

  it('serves the scores import template with Thai headers beside the form, and the check shows what each score replaces', async () => {
    const page = await coordinator.get('/staff/o/huai-thong/2566/scores');
    expect(page.body).toContain('href="/staff/o/huai-thong/scores-template?year=2566&amp;format=xlsx"');
    const csv = await coordinator.get('/staff/o/huai-thong/scores-template?year=2566&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment;/);
    const table = tableFromCsv(csv.rawPayload);
    expect(table.header).toEqual(['หน่วยงาน', 'ปีงบประมาณ', ...Array.from({ length: 10 }, (_, i) => `ตัวชี้วัดที่ ${i + 1}`), 'EIT ส่วนที่ 1', 'EIT ส่วนที่ 2']);
    // The year's current scores are filled in: change what changed, and the rest stays as it is.
    const current = ((await coordinator.json('GET', '/api/v1/orgs/huai-thong/years/2566/scores')).json() as { scores: { indicators: Record<string, number | null> } }).scores;
    expect(table.rows[0]!.cells.slice(0, 12)).toEqual(['องค์การบริหารส่วนตำบลห้วยทอง', '2566', ...Array.from({ length: 10 }, (_, i) => String(current.indicators[String(i + 1)] ?? ''))]);
    const xlsx = await coordinator.get('/staff/o/huai-thong/scores-template?year=2566');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await coordinator.get('/staff/o/huai-thong/scores-template?format=pdf')).statusCode).toBe(400);

    // Change indicator 9 in the template and check it: the current score and the new one, side by side.
    const cells = [...table.rows[0]!.cells];
    cells[10] = '72.89';
    const filled = Buffer.from(`${csv.body.replace(/\r?\n.*$/s, '')}\r\n${cells.join(',')}\r\n`);
    const check = await coordinator.postFiles('/staff/o/huai-thong/2566/scores/import', { source: 'itas' }, [{ name: 'file', filename: 'scores.csv', type: 'text/csv', bytes: filled }]);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain(`<td class="num">${replaced(current.indicators['9'], 72.89)}</td>`);
    expect(check.body).not.toMatch(/→ –/); // nothing else is wiped out
    expect(replaced(100, 72.89)).toBe('100.00 → 72.89');
    expect(replaced(88, 88)).toBe('88.00');
    expect(replaced(null, null)).toBe('–');
  });

  it('gives the complaint pages the organisation’s header, its portal, the other channels and the receipt’s copy and print buttons', async () => {
    const officers = await coordinator.get('/staff/o/huai-thong/complaints');
    if (officers.body.includes('complaints/setup"')) await coordinator.post('/staff/o/huai-thong/complaints/setup', { passphrase: PASS, passphrase2: PASS });
    await s.t.db.query(`INSERT INTO portal_settings (org_id, contact_phone) SELECT id, '0 4400 1234' FROM organisations WHERE slug = 'huai-thong' ON CONFLICT (org_id) DO UPDATE SET contact_phone = EXCLUDED.contact_phone`);
    const anonymous = new Client(s.app);
    const form = await anonymous.get('/o/huai-thong/complaints');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<a class="brand" href="\/o\/huai-thong\/">องค์การบริหารส่วนตำบลห้วยทอง/);
    const words = text(form.body);
    expect(words).toContain('หน้าเผยแพร่ข้อมูลขององค์การบริหารส่วนตำบลห้วยทอง');
    expect(words).toContain('โทรศัพท์ของหน่วยงาน 0 4400 1234');
    expect(words).toContain('ศูนย์ดำรงธรรม กระทรวงมหาดไทย สายด่วน ๑๕๖๗');
    expect(words).toContain('สำนักงานคณะกรรมการ ป.ป.ช. สายด่วน ๑๒๐๕');
    expect(words).toContain('เรื่องร้องเรียนเกี่ยวกับผู้บริหารของหน่วยงาน');
    expect(form.body).not.toContain('<script'); // the filing form stays without JavaScript
    const english = await anonymous.get('/o/huai-thong/complaints?lang=en');
    expect(text(english.body)).toContain('Damrongdhama Centre, Ministry of Interior: hotline 1567');

    s.clock.now = new Date(s.clock.now.getTime() + 2_000);
    const filed = await anonymous.request({
      method: 'POST',
      url: '/o/huai-thong/complaints',
      ...multipart({ token: tokenOf(form.body), channel: 'public', type: 'service', text: 'ไฟถนนหน้าโรงเรียนดับมาสองสัปดาห์แล้ว', identityName: '', identityContact: '', website: '', lang: 'th' }),
    });
    expect(filed.statusCode).toBe(200);
    expect(filed.body).toContain('<pre class="token" id="receipt-label-code"');
    expect(filed.body).toMatch(/<button type="button" class="secondary small" data-copy="receipt-label-code"[^>]* hidden>คัดลอกรหัส<\/button>/);
    expect(filed.body).toMatch(/<button[^>]*data-print[^>]*hidden>พิมพ์หน้านี้<\/button>/);
    expect(filed.body).toMatch(/<script src="\/assets\/copy\.js\?v=[^"]+" defer><\/script>/);
    expect(text(filed.body)).toContain('สายด่วน ๑๒๐๕');
    const script = await anonymous.get(/src="(\/assets\/copy\.js[^"]+)"/.exec(filed.body)![1]!);
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('navigator.clipboard');
    const css = await anonymous.get('/assets/app.css');
    expect(css.body).toMatch(/@media print \{[^}]*\.no-print, button \{ display: none !important; \}/);
  });

  it('names the hidden data taken out of an attachment in Thai on Thai pages', () => {
    expect(metadataNames('th', ['PDF Info', 'PDF ID'])).toBe('ข้อมูลผู้สร้างและโปรแกรมที่สร้างแฟ้ม, รหัสประจำแฟ้ม');
    expect(metadataNames('th', ['EXIF', 'eXIf', 'APP3'])).toBe('ข้อมูลกล้อง เวลาและพิกัดที่ถ่ายภาพ, ข้อมูลแฝงอื่น');
    expect(metadataNames('en', ['PDF Info'])).toBe('PDF Info');
  });

  it('shows the open-data licences in Thai on the Thai portal settings page', async () => {
    const page = await admin.get('/staff/o/huai-thong/portal/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('>สัญญาอนุญาตข้อมูลเปิดทั่วไป</option>');
    expect(page.body).not.toContain('>Creative Commons Attributions</option>');
  });

  it('keeps a publication’s format links apart on the staff review pages too (app.css, not only the portal’s stylesheet)', async () => {
    const css = (await s.app.inject({ method: 'GET', url: '/assets/app.css' })).body;
    expect(css).toMatch(/\n\.formats \{ display: flex; flex-wrap: wrap; gap: [^}]+\}/);
    expect(css).toMatch(/\n\.doc-title \{ display: block;/);
  });

  it('serves an icon at /favicon.ico and links it from staff, portal and complaint pages', async () => {
    const icon = await s.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.body).toMatch(/^<svg /);
    for (const url of ['/login', '/o/huai-thong/', '/o/huai-thong/complaints']) {
      expect((await s.app.inject({ method: 'GET', url })).body, url).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\/assets\/favicon\.svg\?v=/);
    }
  });
});
