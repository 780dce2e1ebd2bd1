/**
 * Issue 16 point 6: every date a person types or reads is on the Buddhist era, and one digit rule: Thai digits on
 * public pages (portal, complaint pages), Arabic digits on staff pages, never both in one sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMeasures } from '../src/measures/measures.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { SYSTEM } from '../src/app/actor.ts';
import { thaiDigitsInText } from '../src/web/digit-rule.ts';
import { backends } from './helpers/db.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const YEAR = { org: 'huai-thong', year: 2566 };
const ADMIN = cliPrincipal(SYSTEM);
const MEASURES = '/staff/o/huai-thong/2566/measures';
const PORTAL = '/staff/o/huai-thong/2566/portal';

/** The value a page's field shows, by the field's name. */
const fieldValue = (html: string, name: string) => new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html)?.[1];

const BLOCKS = /<\/?(?:p|div|li|ul|ol|h[1-6]|td|th|tr|table|dd|dt|dl|br|section|article|header|footer|nav|main|form|fieldset|legend|label|summary|details|figcaption|caption|option|select|button|title|pre|blockquote|aside)\b[^>]*>/gi;

/** What a person reads on a page, one entry a block (a paragraph, a cell, a heading...): text and the values of visible fields. */
function visibleBlocks(html: string): string[] {
  const shownValues = [...html.matchAll(/<input\b(?![^>]*type="hidden")[^>]*\bvalue="([^"]*)"[^>]*>/gi)].map((m) => m[1] ?? '');
  const text = html
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/<style\b[\s\S]*?<\/style>/gi, '')
    .replace(/<head\b[\s\S]*?<title>([\s\S]*?)<\/title>[\s\S]*?<\/head>/i, '<title>$1</title>')
    .replace(BLOCKS, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
  return [...text.split('\n'), ...shownValues].map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Written as they are whatever the digit rule: web and e-mail addresses, and the NACC's codes of OIT items (O1–O43). */
const IDENTIFIERS = /\S*(?:https?:\/\/|www\.|@)\S*|\bO\d{1,2}\b/g;

const SKIP = /\.(?:pdf|docx|xlsx|csv|zip|json|jsonld|atom|xml|txt|ico|png|svg|css|js)(?:\?|$)|\/logout|\/files\/|\/download|[?&]format=|\/export/;

/** Every page reachable by links from `seeds` (GET, HTML, same site), at most `limit`. */
async function crawl(c: Client, seeds: readonly string[], within: RegExp, limit: number): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const queue = [...seeds];
  while (queue.length > 0 && pages.size < limit) {
    const url = queue.shift() as string;
    if (pages.has(url)) continue;
    const res = await c.get(url);
    if (!String(res.headers['content-type'] ?? '').startsWith('text/html') || res.statusCode >= 300) {
      pages.set(url, '');
      continue;
    }
    pages.set(url, res.body);
    for (const m of res.body.matchAll(/href="([^"#]+)/g)) {
      const href = (m[1] as string).replace(/&amp;/g, '&');
      if (href.startsWith('/') && within.test(href) && !SKIP.test(href) && !pages.has(href)) queue.push(href);
    }
  }
  return new Map([...pages].filter(([, body]) => body !== ''));
}

describe('thaiDigitsInText: the digits of a Thai public page', () => {
  it('writes the text in Thai digits and leaves tags, scripts, code, addresses and item codes alone', () => {
    const html = '<title>ปี 2566</title><a href="/o/x/ita/2566/O12" data-n="3">O12 รอบ 6 เดือน</a> https://example.go.th/q1 a@b.go.th &#39;10&#x27; <code>AB12</code><script>{"year":2566}</script><p>10 MB</p>';
    expect(thaiDigitsInText(html)).toBe('<title>ปี ๒๕๖๖</title><a href="/o/x/ita/2566/O12" data-n="3">O12 รอบ ๖ เดือน</a> https://example.go.th/q1 a@b.go.th &#39;๑๐&#x27; <code>AB12</code><script>{"year":2566}</script><p>๑๐ MB</p>');
  });
});

describe.each(backends())('Buddhist-era dates and the digit rule (%s)', (backend) => {
  let s: TestServer;
  let planner: Client;

  beforeAll(async () => {
    s = await startServer(backend);
    planner = await signedInClient(s.app, demoEmail('coordinator'));
  }, 120_000);
  afterAll(async () => s?.close());

  it('takes a measure period typed the Thai way, saves it as a date and shows it back on the Buddhist era', async () => {
    await planner.get(`${MEASURES}/new`);
    const saved = await planner.post(MEASURES, { titleTh: 'มาตรการวันที่ไทย', indicators: '1', periodStart: '๑ ต.ค. ๖๕', periodEnd: '30/9/2566', status: 'planned' });
    expect(saved.statusCode).toBe(303);
    const measure = (await listMeasures(s.t.db, ADMIN, YEAR)).find((x) => x.titleTh === 'มาตรการวันที่ไทย');
    expect(measure?.period).toMatchObject({ start: '2022-10-01', end: '2023-09-30' });
    const page = await planner.get(`${MEASURES}/${measure?.id}`);
    expect(fieldValue(page.body, 'periodStart')).toBe('1 ต.ค. 2565');
    expect(fieldValue(page.body, 'periodEnd')).toBe('30 ก.ย. 2566');
    expect(page.body).toContain('วัน เดือน ปี พ.ศ. เช่น 1 ต.ค. 2568 หรือ 1/10/2568');
    expect(page.body).not.toMatch(/type="date"/);

    // Saved again as shown: nothing changes.
    const again = await planner.post(`${MEASURES}/${measure?.id}`, { titleTh: 'มาตรการวันที่ไทย', indicators: '1', periodStart: '1 ต.ค. 2565', periodEnd: '30 กันยายน 2566', status: 'planned', updatedAt: fieldValue(page.body, 'updatedAt') ?? '' });
    expect(again.statusCode).toBe(303);
    expect((await listMeasures(s.t.db, ADMIN, YEAR)).find((x) => x.id === measure?.id)?.period).toMatchObject({ start: '2022-10-01', end: '2023-09-30' });
  });

  it('refuses a Gregorian or unreadable date, and a date outside the year, naming the dates in พ.ศ., and saves nothing', async () => {
    const before = (await listMeasures(s.t.db, ADMIN, YEAR)).length;
    await planner.get(`${MEASURES}/new`);
    const gregorian = await planner.post(MEASURES, { titleTh: 'ปีผิด', indicators: '1', periodStart: '2022-10-01', periodEnd: 'พรุ่งนี้', status: 'planned' });
    expect(gregorian.statusCode).toBe(400);
    expect(gregorian.body).toContain('ปีของวันที่ &quot;2022-10-01&quot; ต้องเป็นปี พ.ศ. (ปี ค.ศ. 2022 คือ พ.ศ. 2565)');
    expect(gregorian.body).toContain('อ่านวันที่ &quot;พรุ่งนี้&quot; ไม่ได้');
    expect(fieldValue(gregorian.body, 'periodEnd')).toBe('พรุ่งนี้');

    const outside = await planner.post(MEASURES, { titleTh: 'นอกปี', indicators: '1', periodStart: '1 ต.ค. 2566', periodEnd: '', status: 'planned' });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('วันเริ่ม 1 ต.ค. 2566 อยู่นอกปีงบประมาณ พ.ศ. 2566 (1 ต.ค. 2565 ถึง 30 ก.ย. 2566)');
    expect(fieldValue(outside.body, 'periodStart')).toBe('1 ต.ค. 2566');
    expect((await listMeasures(s.t.db, ADMIN, YEAR)).length).toBe(before);

    const english = await planner.request({ method: 'POST', url: MEASURES, payload: new URLSearchParams({ _csrf: planner.csrf, titleTh: 'x', periodStart: '1/10/2022' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' } });
    expect(english.body).toMatch(/must be a Buddhist-era year \(2022 CE is 2565 BE\)|ต้องเป็นปี พ.ศ./);
  });

  it('filters the audit log by dates typed the Thai way', async () => {
    const auditor = await signedInClient(s.app, demoEmail('auditor'));
    const ok = await auditor.get(`/staff/o/huai-thong/audit?from=${encodeURIComponent('๑ ต.ค. ๖๕')}&to=${encodeURIComponent('31/12/2570')}`);
    expect(ok.statusCode).toBe(200);
    expect(fieldValue(ok.body, 'from')).toBe('๑ ต.ค. ๖๕');
    expect(ok.body).not.toContain('class="field invalid"');
    const bad = await auditor.get(`/staff/o/huai-thong/audit?from=2022-10-01`);
    expect(bad.body).toContain('ต้องเป็นปี พ.ศ.');
  });

  it('publishes with dates typed the Thai way: links, a declaration signed on a day, an approval at a time', async () => {
    s.clock.now = new Date('2023-03-15T03:00:00.000Z');
    const [coordinator, executive] = [await signedInClient(s.app, demoEmail('coordinator')), await signedInClient(s.app, demoEmail('executive'))];
    const prepare = async (slot: string, form: Record<string, string>, publishAt: string) => {
      await coordinator.get(`${PORTAL}/${slot}`);
      const saved = await coordinator.post(`${PORTAL}/${slot}/draft`, { updatedAt: '', ...form });
      expect(saved.statusCode, saved.body.replace(/[\s\S]*<main/, "").replace(/<[^>]+>/g, " ").slice(0, 600)).toBe(303);
      expect((await coordinator.post(`${PORTAL}/${slot}/submit`, {})).statusCode).toBe(303);
      const page = await executive.get(`${PORTAL}/${slot}`);
      expect(page.body).toContain('เช่น 1 ธ.ค. 2569 08:30');
      return executive.post(`${PORTAL}/${slot}/approve`, { version: /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '', publishAt });
    };
    const links = 'รายงานไตรมาส | https://example.go.th/q1 | 1 ต.ค. 2565 ถึง 31 ธ.ค. 2565\nรายงานเดือน | https://example.go.th/m | ม.ค. ๒๕๖๖';
    expect((await prepare('oit/O1', { text: 'โครงสร้างหน่วยงาน', explanation: '', links, documentsShown: '1' }, '')).statusCode).toBe(303);
    const declaration = { titleTh: 'ประกาศเจตจำนง', text: 'ข้าพเจ้าขอประกาศเจตจำนงว่าจะบริหารงานด้วยความซื่อสัตย์สุจริต', links: '', signerName: 'นายประเสริฐ บริหารดี', signerPosition: 'นายก', signedOn: '๓ ต.ค. ๖๕' };
    expect((await prepare('declaration', declaration, '๑๖ มี.ค. ๒๕๖๖ ๐๘:๓๐')).statusCode).toBe(303);

    await coordinator.get(`${PORTAL}/oit/O1`);
    const refused = await coordinator.post(`${PORTAL}/oit/O1/draft`, { updatedAt: '', documentsShown: '1', text: 'x', explanation: '', links: 'ก | https://example.go.th | 2022-10' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('ลิงก์บรรทัดที่ 1: อ่านช่วงเวลา &quot;2022-10&quot; ไม่ได้');

    // The complaint channel open, so that its pages show their form (the demo may already have opened it).
    await coordinator.get('/staff/o/huai-thong/complaints');
    const PASS = 'รหัสผ่านเรื่องร้องเรียนสำหรับทดสอบวันที่';
    expect([200, 400, 409]).toContain((await coordinator.post('/staff/o/huai-thong/complaints/setup', { passphrase: PASS, passphrase2: PASS })).statusCode);

    s.clock.now = new Date('2023-03-17T03:00:00.000Z');
    const visitor = new Client(s.app);
    const item = await visitor.get('/o/huai-thong/ita/2566/O1');
    expect(item.statusCode).toBe(200);
    const declared = await visitor.get('/o/huai-thong/declaration/2566');
    expect(declared.body).toContain('๓ ตุลาคม ๒๕๖๕');
    expect(declared.body).toContain('๑๖ มีนาคม ๒๕๖๖');
  });

  it('shows no YYYY-MM-DD date to a person, and public pages in Thai write Thai digits only', async () => {
    s.clock.now = new Date('2023-03-17T03:00:00.000Z');
    const staffClient = await signedInClient(s.app, demoEmail('coordinator'));
    const staff = await crawl(staffClient, ['/staff', '/staff/o/huai-thong', '/staff/o/huai-thong/2566', `${MEASURES}/new`, PORTAL, `${PORTAL}/oit/O1`, `${PORTAL}/declaration`], /^\/staff\//, 250);
    const visitor = new Client(s.app);
    const portal = await crawl(visitor, ['/o/huai-thong/complaints?channel=public', '/o/huai-thong/', '/o/huai-thong/ita/2566', '/o/huai-thong/ita/2566/O1', '/o/huai-thong/declaration/2566', '/o/huai-thong/complaints', '/o/huai-thong/documents', '/o/huai-thong/results', '/o/huai-thong/data'], /^\/o\//, 150);
    expect(staff.size).toBeGreaterThan(50);
    expect(portal.size).toBeGreaterThan(10);
    expect(portal.get('/o/huai-thong/complaints?channel=public')).toContain('name="text"');
    const isoDates: string[] = [];
    const arabicOnThaiPublicPage: string[] = [];
    for (const [url, html] of [...staff, ...portal]) {
      const publicThai = portal.has(url) && /<html[^>]*lang="th"/.test(html);
      for (const block of visibleBlocks(html)) {
        if (/\d{4}-\d{2}-\d{2}/.test(block)) isoDates.push(`${url}: ${block.slice(0, 160)}`);
        // Web and e-mail addresses are written as they are.
        if (publicThai && /[0-9]/.test(block.replace(IDENTIFIERS, ''))) arabicOnThaiPublicPage.push(`${url}: ${block.slice(0, 160)}`);
      }
    }
    // One line per distinct text (the same hint on forty pages is one problem).
    const distinct = (found: string[]) => [...new Map(found.map((f) => [f.replace(/^\S+: /, ''), f])).values()];
    expect(distinct(isoDates)).toEqual([]);
    expect(distinct(arabicOnThaiPublicPage)).toEqual([]);
  }, 180_000);
});
