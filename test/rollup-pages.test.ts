/**
 * The roll-up page (issue 18, point 3): on a small tree (national → two provinces → a district → agencies with
 * scores of two years, a measure and its progress), the page's numbers, the work in between, the table's filters,
 * sort and pages, the downloads read back (XLSX, CSV) with the same numbers, GET /api/v1/rollup/organisations, and
 * a supervisor of one province refused the other province, the office above and the country. Trees are made with
 * plain SQL; the supervisor's grant is a roles row.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createApiToken } from '../src/accounts/accounts.ts';
import { parseCsv } from '../src/csv/parser.ts';
import type { Db } from '../src/db/index.ts';
import { orgTypeByCode } from '../src/organisations/vocab.ts';
import { distribution } from '../src/supervision/rollup-page.ts';
import type { OrgLine } from '../src/supervision/rollup.ts';
import { DEFAULT_FILTERS, filterLines, pageOf, PAGE_SIZE } from '../src/supervision/table.ts';
import { backends } from './helpers/db.ts';
import { startServer, type TestServer } from './web-support.ts';

interface Node {
  readonly slug: string;
  readonly type: string;
  readonly province: readonly [string, string];
  readonly district?: string;
  readonly parent: string | null;
  /** Year → the one score of all ten indicators. */
  readonly scores?: Readonly<Record<number, string>>;
}
const KK = ['28', 'ขอนแก่น'] as const;
const BKK = ['1', 'กรุงเทพมหานคร'] as const;
const TREE: readonly Node[] = [
  { slug: 'nat', type: 'department', province: BKK, parent: null },
  { slug: 'kk', type: 'provincial_local_office', province: KK, parent: 'nat' },
  { slug: 'bkk', type: 'provincial_local_office', province: BKK, parent: 'nat' },
  { slug: 'd1', type: 'district_local_office', province: KK, district: 'เมืองขอนแก่น', parent: 'kk' },
  { slug: 'a1', type: 'sao', province: KK, district: 'เมืองขอนแก่น', parent: 'd1', scores: { 2569: '90', 2568: '80' } },
  { slug: 'a2', type: 'sao', province: KK, district: 'เมืองขอนแก่น', parent: 'd1', scores: { 2569: '70' } },
  { slug: 'a3', type: 'tambon_municipality', province: KK, district: 'ชนบท', parent: 'kk', scores: { 2569: '86', 2568: '84' } },
  { slug: 'b1', type: 'sao', province: BKK, district: 'บางรัก', parent: 'bkk', scores: { 2569: '95' } },
];

async function seed(db: Db): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const n of TREE) {
    const type = orgTypeByCode(n.type)!;
    const [org] = await db.query<{ id: string }>(
      'INSERT INTO organisations (slug, name_th, kind, org_type, province, province_code, district, parent_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
      [n.slug, `${type.abbrTh}${n.slug}`, type.kind, type.code, n.province[1], n.province[0], n.district ?? null, n.parent === null ? null : ids.get(n.parent)],
    );
    ids.set(n.slug, org!.id);
    for (const [year, score] of Object.entries(n.scores ?? {})) {
      const [fy] = await db.query<{ id: string }>('INSERT INTO fiscal_years (org_id, year, criteria_year) VALUES ($1, $2, $2) RETURNING id', [org!.id, Number(year)]);
      for (let i = 1; i <= 10; i++) await db.query('INSERT INTO indicator_scores (fiscal_year_id, indicator, score) VALUES ($1, $2, $3)', [fy!.id, i, score]);
      ids.set(`${n.slug}/${year}`, fy!.id);
    }
  }
  // a2 (70 everywhere): one measure in progress for indicator 1, its last progress for September: late in December.
  const [m] = await db.query<{ id: string }>("INSERT INTO measures (fiscal_year_id, seq, title_th, status) VALUES ($1, 1, 'มาตรการ', 'in_progress') RETURNING id", [ids.get('a2/2569')]);
  await db.query('INSERT INTO measure_indicators (measure_id, indicator) VALUES ($1, 1)', [m!.id]);
  await db.query("INSERT INTO progress_entries (measure_id, entry_date, period_start, period_end, done_th, status) VALUES ($1, '2026-10-02', '2026-09-01', '2026-09-30', 'ทำแล้ว', 'on_track')", [m!.id]);
  return ids;
}

describe.each(backends())('the roll-up page (%s)', (backend) => {
  let s: TestServer;
  let admin = '';
  let supervisor = '';
  beforeAll(async () => {
    s = await startServer(backend, { demo: false });
    s.clock.now = new Date('2026-12-05T03:00:00Z');
    const link = await adminSetupLink(s.t.db);
    const root = await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: 'rollup-pages-password' });
    admin = (await createApiToken(s.t.db, root.account.principal, 'root')).token;
    const ids = await seed(s.t.db);
    const [person] = await s.t.db.query<{ id: string }>("INSERT INTO people (name_th, email) VALUES ('ผู้กำกับ ขอนแก่น', 'kk@example.org') RETURNING id");
    await s.t.db.query("INSERT INTO roles (person_id, org_id, role) VALUES ($1, $2, 'supervisor')", [person!.id, ids.get('kk')]);
    supervisor = (await createApiToken(s.t.db, { personId: person!.id, nameTh: 'ผู้กำกับ ขอนแก่น', roles: [{ role: 'supervisor', orgId: ids.get('kk')!, unitId: null }] }, 'kk')).token;
  }, 120_000);
  afterAll(async () => s?.close());
  const get = (url: string, token = admin) => s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('shows the numbers of the office and the year before, the work in between and the charts with their tables', async () => {
    const res = await get('/staff/rollup/2569?org=kk');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    // a1 90, a2 70, a3 86: three counted, two passed, mean 82; FY 2568: a1 80, a3 84.
    const api = (await get('/api/v1/rollup?year=2569&org=kk')).json();
    expect(api).toMatchObject({ organisations: 3, scored: 3, passed: 2, meanOverall: 82, work: { noMeasures: 1, lateProgress: 1, oitOpen: 3, notApproved: 3, channelClosed: 3 } });
    expect((await get('/api/v1/rollup?year=2568&org=kk')).json()).toMatchObject({ organisations: 2, passed: 0, meanOverall: 82 });
    expect(html).toContain('หน่วยงานภายใต้ ท้องถิ่นจังหวัดkk');
    expect(html).toMatch(/ผ่านเกณฑ์ 85 คะแนนขึ้นไป \(แห่ง\)<\/th><td class="num">2<\/td><td class="num">0<\/td><td class="num">\+2<\/td>/);
    expect(html).toMatch(/หน่วยงาน \(แห่ง\)<\/th><td class="num">3<\/td><td class="num">2<\/td><td class="num">\+1<\/td>/);
    expect(html).toMatch(/คะแนนรวมเฉลี่ย<\/th><td class="num">82.00<\/td><td class="num">82.00<\/td><td class="num">0.00<\/td>/);
    expect(html).toMatch(/มีตัวชี้วัดต่ำกว่า 85 ที่ไม่มีมาตรการ<\/th><td class="num">1<\/td>/);
    expect(html).toMatch(/รายงานความก้าวหน้ารายเดือนล่าช้า<\/th><td class="num">1<\/td>/);
    // Charts as inline SVG with a title, each beside its table; 85 marked; the bins of the three scores.
    expect(html.match(/<svg [^>]*role="img"/g)).toHaveLength(3);
    expect(html).toContain('เกณฑ์ 85 คะแนน');
    expect(html).toMatch(/<th scope="row">70–75<\/th><td class="num">1<\/td>/);
    expect(html).toMatch(/<th scope="row">85–90<\/th><td class="num">1<\/td>/);
    expect(html).toMatch(/<th scope="row">90–95<\/th><td class="num">1<\/td>/);
    // The weakest indicators, and every row a link into the organisation's year.
    expect(html).toContain('ตัวชี้วัดที่ 1: เฉลี่ย 82.00 ต่ำกว่า 85 จำนวน 1 จาก 3 แห่ง');
    for (const slug of ['a1', 'a2', 'a3']) expect(html).toContain(`href="/staff/o/${slug}/2569"`);
    expect(html).not.toContain('/staff/o/b1/');
  });

  it('filters, sorts and pages the table (the API gives the same rows)', async () => {
    const slugs = async (query: string) => ((await get(`/api/v1/rollup/organisations?year=2569&org=kk&${query}`)).json() as { organisations: { slug: string }[] }).organisations.map((o) => o.slug);
    expect(await slugs('sort=overall&dir=desc')).toEqual(['a1', 'a3', 'a2']);
    expect(await slugs('sort=overall')).toEqual(['a2', 'a3', 'a1']);
    expect(await slugs('below85=1')).toEqual(['a2']);
    expect(await slugs('late=1')).toEqual(['a2']);
    expect(await slugs(`district=${encodeURIComponent('เมืองขอนแก่น')}&sort=weak&dir=desc`)).toEqual(['a2', 'a1']);
    expect(await slugs('type=sao')).toEqual(['a1', 'a2']);
    const a2 = (await get('/api/v1/rollup/organisations?year=2569&org=kk&late=1')).json();
    expect(a2).toMatchObject({ total: 1, page: 1, pages: 1, organisations: [{ slug: 'a2', overall: 70, passed: false, weakUnmeasured: 9, lateMeasures: 1, notApproved: 2, channelOpen: false }] });
    const page = (await get('/staff/rollup/2569?org=kk&below85=1')).body;
    expect(page).toContain('หน่วยงาน 1 แห่ง หน้า 1 จาก 1');
    expect(page).toContain('href="/staff/o/a2/2569"');
    expect(page).not.toContain('href="/staff/o/a1/2569"');
    // Bad values: 400 with Thai and English, naming the field.
    for (const [query, field] of [['sort=colour', 'sort'], ['dir=up', 'dir'], ['page=0', 'page'], ['late=yes', 'late']] as const) {
      const bad = await get(`/api/v1/rollup/organisations?year=2569&org=kk&${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().error).toMatchObject({ field, th: expect.any(String), en: expect.any(String) });
      expect((await get(`/staff/rollup/2569?org=kk&${query}`)).statusCode, query).toBe(400);
    }
  });

  it('downloads the same numbers and table as XLSX and CSV', async () => {
    const csv = await get('/staff/rollup/2569/organisations.csv?org=kk&sort=overall&dir=desc');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('rollup-2569-kk.csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(csv.rawPayload).map((r) => r.cells);
    expect(rows[0]).toContain('คะแนนรวม');
    const overall = rows[0]!.indexOf('คะแนนรวม');
    expect(rows.slice(1).map((r) => [r[0], r[overall]])).toEqual([['a1', '90'], ['a3', '86'], ['a2', '70']]);
    const figures = parseCsv((await get('/staff/rollup/2569/figures.csv?org=kk')).rawPayload).map((r) => r.cells);
    expect(figures).toContainEqual(['ผ่านเกณฑ์ (85 คะแนนขึ้นไป) (passed)', '2', '0', '2']);
    expect(figures).toContainEqual(['คะแนนรวมเฉลี่ย (meanOverall)', '82', '82', '0']);
    const xlsx = await get('/staff/rollup/2569/rollup.xlsx?org=kk&late=1');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('หน่วยงาน')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('a2');
    expect(sheet.getRow(2).getCell(overall + 1).value).toBe(70);
    const sums = book.getWorksheet('ตัวเลขสรุป')!;
    const organisations = sums.getRows(2, sums.rowCount - 1)!.find((r) => String(r.getCell(1).value).endsWith('(organisations)'))!;
    expect([organisations.getCell(2).value, organisations.getCell(3).value, organisations.getCell(4).value]).toEqual([3, 2, 1]);
  });

  it('shows the map of provinces on a national office’s page, none on a province’s (src/supervision/map.tsx)', async () => {
    const [nat] = await s.t.db.query<{ id: string }>("SELECT id FROM organisations WHERE slug = 'nat'");
    const [person] = await s.t.db.query<{ id: string }>("INSERT INTO people (name_th, email) VALUES ('ผู้กำกับ ส่วนกลาง', 'nat@example.org') RETURNING id");
    await s.t.db.query("INSERT INTO roles (person_id, org_id, role) VALUES ($1, $2, 'supervisor')", [person!.id, nat!.id]);
    const national = (await createApiToken(s.t.db, { personId: person!.id, nameTh: 'ผู้กำกับ ส่วนกลาง', roles: [{ role: 'supervisor', orgId: nat!.id, unitId: null }] }, 'nat')).token;
    const html = (await get('/staff/rollup/2569', national)).body;
    expect(html).toContain('id="ru-map"');
    // ขอนแก่น: 90, 70, 86 (mean 82, under 85); กรุงเทพมหานคร: 95; each a link to the same page of that province.
    const shape = (code: string) => html.match(new RegExp(`<a href="([^"]*)" data-province="${code}"><title>([^<]*)</title><use href="[^"#]*#p${code}" fill="([^"]*)"`))?.slice(1);
    expect(shape('28')).toEqual([`/staff/rollup/2569?org=nat&amp;province=${encodeURIComponent('ขอนแก่น')}`, 'ขอนแก่น: คะแนนรวมเฉลี่ย 82.00 มีคะแนนครบ 3 แห่ง ผ่านเกณฑ์ 2 แห่ง', '#ffffbf']);
    expect(shape('1')?.[2]).toBe('#2c7bb6');
    expect(shape('30')?.[2]).toBe('#e0e0e0');
    expect((await get('/staff/rollup/2569', supervisor)).body).not.toContain('id="ru-map"');
    expect((await get('/staff/rollup/2569?org=nat&province=28', national)).body).not.toContain('id="ru-map"');
    // The outlines the map refers to: one SVG file, kept by the browser (its URL carries its hash), for supervisors.
    const url = /<use href="([^"#]*)#p28"/.exec(html)![1]!.replaceAll('&amp;', '&');
    const outlines = await get(url, national);
    expect(outlines.statusCode).toBe(200);
    expect(outlines.headers['content-type']).toBe('image/svg+xml');
    expect(outlines.headers['cache-control']).toContain('immutable');
    expect(outlines.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="[^"]+"><defs>(<path id="p\d+" d="M[^"]*"\/>){77}<\/defs><\/svg>$/);
    const again = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${national}`, 'if-none-match': String(outlines.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('lets a supervisor see their province and below, never the other province, the office above or the country', async () => {
    expect((await get('/staff/rollup/2569?org=kk', supervisor)).statusCode).toBe(200);
    expect((await get('/staff/rollup/2569?org=d1', supervisor)).statusCode).toBe(200);
    // Without an office: their own.
    const own = await get('/staff/rollup/2569', supervisor);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('หน่วยงานภายใต้ ท้องถิ่นจังหวัดkk');
    for (const url of ['/staff/rollup/2569?org=bkk', '/staff/rollup/2569?org=nat', '/staff/rollup/2569/organisations.csv?org=bkk', '/staff/rollup/2569/rollup.xlsx?org=b1']) {
      expect((await get(url, supervisor)).statusCode, url).toBe(403);
    }
    for (const url of ['/api/v1/rollup?year=2569&org=bkk', '/api/v1/rollup?year=2569', '/api/v1/rollup/organisations?year=2569&org=bkk']) {
      const res = await get(url, supervisor);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await get('/api/v1/rollup?year=2569&org=d1', supervisor)).json()).toMatchObject({ organisations: 2, passed: 1 });
    // The country is the system administrator's.
    expect((await get('/api/v1/rollup?year=2569')).json()).toMatchObject({ organisations: 4, passed: 3 });
  });
});

describe('the distribution of overall scores', () => {
  it('puts each score in its bin of 5, 100 in the last, 85 at a bin edge', () => {
    const bins = distribution([0, 4.99, 84.99, 85, 100]);
    expect(bins).toHaveLength(20);
    expect(bins.filter((b) => b.count > 0).map((b) => [b.from, b.count])).toEqual([[0, 2], [80, 1], [85, 1], [95, 1]]);
  });
});

describe('the table’s pages', () => {
  const line = (k: number): OrgLine => ({
    slug: `o${String(k).padStart(3, '0')}`,
    nameTh: `หน่วยงาน ${String(k).padStart(3, '0')}`,
    type: 'อบต.',
    province: 'ขอนแก่น',
    district: null,
    overall: k % 7 === 0 ? null : 60 + (k % 40),
    tools: { IIT: null, EIT: null, OIT: null },
    indicators: {},
    label: null,
    passed: k % 7 === 0 ? null : 60 + (k % 40) >= 85,
    weakUnmeasured: 0,
    lateMeasures: k % 3 === 0 ? 1 : 0,
    oitOpen: 0,
    oitStale: 0,
    notApproved: 0,
    channelOpen: true,
  });
  const lines = Array.from({ length: 120 }, (_, k) => line(k + 1));

  it('pages of 50, the last partial, out-of-range pages clamped, every line once', () => {
    const sorted = filterLines(lines, { ...DEFAULT_FILTERS, sort: 'overall', dir: 'desc' });
    const pages = [1, 2, 3].map((p) => pageOf(sorted, p));
    expect(pages.map((p) => p.rows.length)).toEqual([PAGE_SIZE, PAGE_SIZE, 20]);
    expect(pages.every((p) => p.total === 120 && p.pages === 3)).toBe(true);
    expect(pages.flatMap((p) => p.rows.map((r) => r.slug)).sort()).toEqual(lines.map((l) => l.slug));
    expect(pageOf(sorted, 9).page).toBe(3);
    // Highest first, not scored last.
    const overall = sorted.map((l) => l.overall);
    expect(overall.slice(0, 3)).toEqual([99, 99, 98]);
    expect(overall.slice(-17).every((v) => v === null)).toBe(true);
    expect(filterLines(lines, { ...DEFAULT_FILTERS, late: true, below85: true }).every((l) => l.lateMeasures > 0 && l.passed === false)).toBe(true);
  });
});
