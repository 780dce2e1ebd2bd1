/**
 * Issue 15 in the web application: the sign-off settings on the organisation's set-up page (names, positions and
 * the emblem, for its administrator, audited; a refused emblem changes nothing and is said in Thai and English),
 * the same text fields in the API, and the criteria's notes that the documents no longer print still shown on the
 * staff pages and in the API.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/actor.ts';
import { listAudit } from '../src/audit/audit.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { getSignOffSettings } from '../src/organisations/organisations.ts';
import { DEMO_SIGN_OFF, DEMO_SCORES_YEAR } from '../src/demo/huai-thong.ts';
import { LANG_COOKIE } from '../src/web/cookies.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const SLUG = 'huai-thong';
const PAGE = `/staff/o/${SLUG}/setup`;
const system = cliPrincipal(cliActor('web-signoff'));

function png(width: number, height: number, noise = false): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < image.data.length; i++) image.data[i] = noise ? Math.floor(Math.random() * 256) : 180;
  return PNG.sync.write(image);
}

describe('sign-off settings and the notes the documents leave out', () => {
  let s: TestServer;
  let admin: Client;

  beforeAll(async () => {
    s = await startServer('pglite');
    admin = await signedInClient(s.app, demoEmail('org_admin'));
  }, 120_000);
  afterAll(async () => s.close());

  const settings = () => getSignOffSettings(s.t.db, system, SLUG);

  it('shows the demo’s settings on the set-up page and saves a change with an emblem, audited', async () => {
    const page = await admin.get(PAGE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ผู้ลงนามในเอกสารและตราหน่วยงาน');
    expect(page.body).toContain(`value="${DEMO_SIGN_OFF.executivePosition}"`);
    expect(page.body).toContain('enctype="multipart/form-data"');

    const picture = png(40, 30);
    const saved = await admin.postFiles(`${PAGE}/signoff`, { preparerName: 'นายทดสอบ จัดทำ', preparerPosition: 'เจ้าพนักงานธุรการ', executivePosition: 'นายกองค์การบริหารส่วนตำบลห้วยทอง' }, [
      { name: 'emblem', filename: 'ตรา.png', type: 'image/png', bytes: picture },
    ]);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${PAGE}?done=signoff#setup-signoff`);
    expect(await settings()).toMatchObject({
      preparerName: 'นายทดสอบ จัดทำ',
      preparerPosition: 'เจ้าพนักงานธุรการ',
      emblem: { mediaType: 'image/png', width: 40, height: 30, size: picture.length },
    });
    const after = await admin.get(PAGE);
    expect(after.body).toContain('value="นายทดสอบ จัดทำ"');
    expect(after.body).toContain('มีตราหน่วยงานแล้ว: PNG 40×30 พิกเซล');

    const audit = await listAudit(s.t.db, system, SLUG, { entity: 'organisation_emblems' });
    expect(audit.entries[0]).toMatchObject({ action: 'insert' });
    expect(JSON.stringify(audit.entries[0]!.after)).not.toContain('bytes');
    const orgAudit = await listAudit(s.t.db, system, SLUG, { entity: 'organisations', action: 'update' });
    expect(JSON.stringify(orgAudit.entries.map((e) => e.after))).toContain('นายทดสอบ จัดทำ');
  });

  it('refuses an emblem that is not a PNG or JPEG, or larger than 1 MB, in Thai and English, and changes nothing', async () => {
    const before = await settings();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const big = png(560, 560, true);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const cases: [string, string, Buffer, string][] = [
      ['emblem.pdf', 'application/pdf', pdf, 'PNG หรือ JPEG'],
      ['emblem.png', 'image/png', pdf, 'เนื้อแฟ้มเป็นPDF'],
      ['emblem.gif', 'image/gif', gif, 'PNG หรือ JPEG'],
      ['emblem.png', 'image/png', big, 'แฟ้มใหญ่เกินไป'],
    ];
    for (const [filename, type, bytes, text] of cases) {
      const res = await admin.postFiles(`${PAGE}/signoff`, { preparerName: 'ไม่ควรบันทึก', preparerPosition: '', executivePosition: '' }, [{ name: 'emblem', filename, type, bytes }]);
      expect(res.statusCode, filename).toBe(400);
      expect(res.body, filename).toContain('id="f-emblem"');
      expect(res.body, filename).toContain('aria-invalid="true"');
      expect(res.body.replace(/\s+/g, ''), filename).toContain(text.replace(/\s+/g, ''));
    }
    admin.cookies.set(LANG_COOKIE, 'en');
    const english = await admin.postFiles(`${PAGE}/signoff`, {}, [{ name: 'emblem', filename: 'emblem.gif', type: 'image/gif', bytes: gif }]);
    admin.cookies.delete(LANG_COOKIE);
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('the emblem must be a PNG or JPEG picture');
    expect(await settings()).toEqual(before);
  });

  it('removes the emblem when asked, and refuses the page to anyone but the administrator', async () => {
    const removed = await admin.postFiles(`${PAGE}/signoff`, { preparerName: 'นายทดสอบ จัดทำ', removeEmblem: 'yes' }, []);
    expect(removed.statusCode).toBe(303);
    expect((await settings()).emblem).toBeNull();
    const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    expect((await coordinator.get(PAGE)).statusCode).toBe(403);
    expect((await coordinator.post(`${PAGE}/signoff`, { preparerName: 'x' })).statusCode).toBe(403);
    expect((await settings()).preparerName).toBe('นายทดสอบ จัดทำ');
  });

  it('the API reads and changes the text fields; bad input is an error in Thai and English that changes nothing', async () => {
    const got = await admin.json('GET', `/api/v1/orgs/${SLUG}/signoff`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ preparerName: 'นายทดสอบ จัดทำ', emblem: null });
    const put = await admin.json('PUT', `/api/v1/orgs/${SLUG}/signoff`, { executivePosition: 'นายกองค์การบริหารส่วนตำบลห้วยทอง (ทดสอบ)', preparerPosition: null });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ preparerName: 'นายทดสอบ จัดทำ', preparerPosition: null, executivePosition: 'นายกองค์การบริหารส่วนตำบลห้วยทอง (ทดสอบ)' });
    const before = await settings();
    for (const body of [{ preparerName: 'ก'.repeat(201) }, { preparerName: 'ชื่อ\u0007' }, { somethingElse: 'x' }]) {
      const bad = await admin.json('PUT', `/api/v1/orgs/${SLUG}/signoff`, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      const error = bad.json().error;
      expect(error.th).toMatch(/[ก-๙]/);
      expect(error.en).toMatch(/[a-z]/);
      expect(typeof error.field).toBe('string');
    }
    expect(await settings()).toEqual(before);
  });

  it('the criteria’s notes and the grade note stay on the staff dashboard and in its API', async () => {
    const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    const api = await coordinator.json('GET', `/api/v1/orgs/${SLUG}/years/${DEMO_SCORES_YEAR}`);
    expect(api.statusCode).toBe(200);
    const d = api.json();
    expect(d.notes.length).toBeGreaterThan(0);
    const gradeNote: string = d.overall.gradeNote;
    expect(gradeNote).toContain('ยังไม่พบในเอกสารของสำนักงาน ป.ป.ช.');
    const page = await coordinator.get(`/staff/o/${SLUG}/${DEMO_SCORES_YEAR}`);
    expect(page.statusCode).toBe(200);
    const text = page.body.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/\s+/g, '');
    expect(text).toContain(gradeNote.replace(/\s+/g, ''));
    for (const note of d.notes as { th: string }[]) expect(text).toContain(note.th.replace(/&/g, '').replace(/\s+/g, '').slice(0, 40));
    // The analysis page, where the texts the documents print are written, shows them too.
    const analysis = await coordinator.get(`/staff/o/${SLUG}/${DEMO_SCORES_YEAR}/analysis`);
    expect(analysis.statusCode).toBe(200);
    const analysisText = analysis.body.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/\s+/g, '');
    expect(analysisText).toContain('หมายเหตุเกี่ยวกับเกณฑ์ที่ยังไม่แน่นอน');
    for (const note of d.notes as { th: string }[]) expect(analysisText).toContain(note.th.replace(/&/g, '').replace(/\s+/g, '').slice(0, 40));
  });
});
