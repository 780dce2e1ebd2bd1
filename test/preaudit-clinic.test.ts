/**
 * The ITA clinic's agenda (issue 21, point 6): over the organisations below an office, the OIT items that fail most
 * in their latest pre-audit of the year, with how many checked them — in the roll-up (use case, GET /api/v1/rollup,
 * the roll-up page). Counts only: no reason or address of any organisation's check reaches a supervisor here.
 * Organisations are made with plain SQL, checks recorded with the pre-audit's repository.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createApiToken } from '../src/accounts/accounts.ts';
import { cliPrincipal, type Principal } from '../src/app/authz.ts';
import type { Db } from '../src/db/index.ts';
import { getCriteria } from '../src/ita/index.ts';
import { orgTypeByCode } from '../src/organisations/vocab.ts';
import { oitClinic } from '../src/preaudit/clinic.ts';
import { recordCheck, type CheckInsert } from '../src/preaudit/repo.ts';
import { rollup } from '../src/supervision/rollup.ts';
import { backends } from './helpers/db.ts';
import { startServer, type TestServer } from './web-support.ts';

const YEAR = 2569;
const SECRET_REASON = 'เหตุผลลับเฉพาะหน่วยงาน';
const SECRET_URL = 'https://secret.example.go.th/page';

/** An office kk with four SAOs below it (s4 never checked), and x elsewhere; each with FY 2569. */
async function seed(db: Db): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const nodes: [string, string, string | null][] = [
    ['kk', 'provincial_local_office', null],
    ['s1', 'sao', 'kk'],
    ['s2', 'sao', 'kk'],
    ['s3', 'sao', 'kk'],
    ['s4', 'sao', 'kk'],
    ['x', 'sao', null],
  ];
  for (const [slug, code, parent] of nodes) {
    const type = orgTypeByCode(code)!;
    const [org] = await db.query<{ id: string }>(
      'INSERT INTO organisations (slug, name_th, kind, org_type, province, province_code, parent_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [slug, `${type.abbrTh}${slug}`, type.kind, type.code, 'ขอนแก่น', '28', parent === null ? null : ids.get(parent)],
    );
    ids.set(slug, org!.id);
    await db.query('INSERT INTO fiscal_years (org_id, year, criteria_year) VALUES ($1, $2, $2)', [org!.id, YEAR]);
  }
  return ids;
}

const check = (itemCode: string, status: CheckInsert['status'], checkedAt: string): CheckInsert => ({
  itemCode,
  status,
  reasons: status === 'pass' ? [] : [{ code: 'x', th: SECRET_REASON, en: 'secret', todoTh: SECRET_REASON, todoEn: 'secret' }],
  urls: [{ url: SECRET_URL, status: status === 'fail' ? 404 : 200, reason: null }],
  requirements: [],
  fingerprint: `${itemCode}:${status}`,
  checkedAt,
  trigger: 'weekly',
});

describe.each(backends())('the ITA clinic agenda (%s)', (backend) => {
  let s: TestServer;
  let ids: Map<string, string>;
  let admin = '';
  let supervisor = '';
  let supervisorPrincipal: Principal;
  const items = getCriteria(YEAR).oitItems;
  const [first, second, third] = items as [(typeof items)[number], (typeof items)[number], (typeof items)[number]];
  const title = (code: string) => items.find((i) => i.code === code)!.titleTh;

  beforeAll(async () => {
    s = await startServer(backend, { demo: false });
    const link = await adminSetupLink(s.t.db);
    const root = await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: 'clinic-test-password' });
    admin = (await createApiToken(s.t.db, root.account.principal, 'root')).token;
    ids = await seed(s.t.db);
    const [person] = await s.t.db.query<{ id: string }>("INSERT INTO people (name_th, email) VALUES ('ผู้กำกับ ขอนแก่น', 'kk@example.org') RETURNING id");
    await s.t.db.query("INSERT INTO roles (person_id, org_id, role) VALUES ($1, $2, 'supervisor')", [person!.id, ids.get('kk')]);
    supervisorPrincipal = { personId: person!.id, nameTh: 'ผู้กำกับ ขอนแก่น', roles: [{ role: 'supervisor', orgId: ids.get('kk')!, unitId: null }] };
    supervisor = (await createApiToken(s.t.db, supervisorPrincipal, 'kk')).token;

    const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    const record = (slug: string, code: string, status: CheckInsert['status'], day: number) => recordCheck(s.t.db, ids.get(slug)!, YEAR, check(code, status, at(day)));
    // The third item: s1, s2, s3 fail it now. s3 passed it before (its latest counts).
    await record('s3', third.code, 'pass', 1);
    for (const org of ['s1', 's2', 's3']) await record(org, third.code, 'fail', 8);
    // The first item: s1 fails; s2 failed it but passes now; s3 must be looked at by a person.
    await record('s1', first.code, 'fail', 8);
    await record('s2', first.code, 'fail', 1);
    await record('s2', first.code, 'pass', 8);
    await record('s3', first.code, 'manual', 8);
    // The second item: s2 fails (one of one checked).
    await record('s2', second.code, 'fail', 8);
    // Outside kk: x fails the second item; and a check of another year does not count.
    await record('x', second.code, 'fail', 8);
    await recordCheck(s.t.db, ids.get('s1')!, YEAR - 1, check(second.code, 'fail', at(8)));
  }, 120_000);
  afterAll(async () => s?.close());
  const get = (url: string, token = admin) => s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  const KK = () => ({
    organisations: 4,
    checked: 3,
    items: [
      { code: third.code, titleTh: title(third.code), indicator: third.indicator, failing: 3, checked: 3, share: 100 },
      { code: first.code, titleTh: title(first.code), indicator: first.indicator, failing: 1, checked: 3, share: 33.33 },
      { code: second.code, titleTh: title(second.code), indicator: second.indicator, failing: 1, checked: 1, share: 100 },
    ],
  });

  it('counts, per item, the organisations below the office whose latest check fails, of those that checked it', async () => {
    expect((await rollup(s.t.db, supervisorPrincipal, { year: String(YEAR), org: 'kk' })).clinic).toEqual(KK());
    // The country: x's failure of the second item too; the office kk is not counted (no scores), s4 never checked.
    const country = await rollup(s.t.db, cliPrincipal({ id: null, label: 'test' }), { year: String(YEAR) });
    expect(country.clinic.organisations).toBe(5);
    expect(country.clinic.checked).toBe(4);
    expect(country.clinic.items.map((i) => [i.code, i.failing, i.checked])).toEqual([
      [third.code, 3, 3],
      [second.code, 2, 2],
      [first.code, 1, 3],
    ]);
    // Another year, or no organisation at all: nothing.
    expect(await oitClinic(s.t.db, [...ids.values()], YEAR + 5)).toEqual({ organisations: 6, checked: 0, items: [] });
    expect(await oitClinic(s.t.db, [], YEAR)).toEqual({ organisations: 0, checked: 0, items: [] });
  });

  it('answers in GET /api/v1/rollup as a new field, counts only', async () => {
    const res = await get(`/api/v1/rollup?year=${YEAR}&org=kk`, supervisor);
    expect(res.statusCode).toBe(200);
    expect(res.json().clinic).toEqual(KK());
    expect(res.body).not.toContain(SECRET_URL);
    expect(res.body).not.toContain(SECRET_REASON);
    // A supervisor of kk cannot ask for the country.
    expect((await get(`/api/v1/rollup?year=${YEAR}`, supervisor)).statusCode).toBe(403);
  });

  it('shows the agenda on the roll-up page: Thai titles, failing of checked and the share, no reasons or addresses', async () => {
    const res = await get(`/staff/rollup/${YEAR}?org=kk`, supervisor);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('วาระคลินิก ITA');
    expect(html).toContain('ข้อ OIT ที่ไม่ผ่าน (ตรวจแล้ว 3 จาก 4 แห่ง)');
    const row = (code: string, failing: number, checked: number, share: string) =>
      `<th scope="row">${code}</th><td>${title(code)}</td><td class="num">${failing}</td><td class="num">${checked}</td><td class="num">${share}</td>`;
    expect(html).toContain(row(third.code, 3, 3, '100.00'));
    expect(html).toContain(row(first.code, 1, 3, '33.33'));
    expect(html.indexOf(row(third.code, 3, 3, '100.00'))).toBeLessThan(html.indexOf(row(first.code, 1, 3, '33.33')));
    expect(html).not.toContain(SECRET_URL);
    expect(html).not.toContain(SECRET_REASON);
    // A check recorded after the page was shown is on the next one (the agenda is not held with the figures).
    await recordCheck(s.t.db, ids.get('s4')!, YEAR, check(first.code, 'fail', '2026-11-20T00:00:00.000Z'));
    expect((await get(`/staff/rollup/${YEAR}?org=kk`, supervisor)).body).toContain(row(first.code, 2, 4, '50.00'));
    expect((await get(`/api/v1/rollup?year=${YEAR}&org=kk`, supervisor)).json().clinic).toMatchObject({ checked: 4, items: [{ code: third.code }, { code: first.code, failing: 2, checked: 4, share: 50 }, { code: second.code }] });
  });
});
