/**
 * The API of starting a real organisation (issue 14): the system administrator creates and lists organisations,
 * the organisation's administrator adds units and people (with a one-time set-password link) and opens the first
 * year; every other role, and the administrator of another organisation, is refused; bad input is a 400 in Thai
 * and English that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createApiToken, DEMO_PASSWORD, setPasswordWithLink, signIn } from '../src/accounts/accounts.ts';
import type { Principal } from '../src/app/authz.ts';
import { demoEmail, startServer, type TestServer } from './web-support.ts';

const PASSWORD = 'organisations-test-password';
const DEMO_ROLES = ['org_admin', 'coordinator', 'unit_head', 'executive', 'auditor'] as const;

describe('organisations API', () => {
  let s: TestServer;
  const tokens: Record<string, string> = {};
  const tokenOf = async (principal: Principal, name: string) => (await createApiToken(s.t.db, principal, name)).token;

  beforeAll(async () => {
    s = await startServer('pglite');
    const link = await adminSetupLink(s.t.db);
    const root = await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: PASSWORD });
    tokens.system_admin = await tokenOf(root.account.principal, 'root');
    for (const role of DEMO_ROLES) tokens[role] = await tokenOf((await signIn(s.t.db, demoEmail(role), DEMO_PASSWORD)).account.principal, role);
  });
  afterAll(async () => s.close());

  const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    s.app.inject({ method, url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {}, ...(payload === undefined ? {} : { payload }) });

  const KU_WIANG = { slug: 'ku-wiang', nameTh: 'องค์การบริหารส่วนตำบลกู่เวียง', type: 'อบต.', province: 'ขอนแก่น', district: 'อำเภอกู่เวียง', size: 'L' };

  it('lets only the system administrator create and list organisations', async () => {
    for (const who of [null, ...DEMO_ROLES]) {
      const res = await call(who, 'POST', '/api/v1/organisations', KU_WIANG);
      expect(res.statusCode, String(who)).toBe(who ? 403 : 401);
      expect((await call(who, 'GET', '/api/v1/organisations')).statusCode, String(who)).toBe(who ? 403 : 401);
    }
    const made = await call('system_admin', 'POST', '/api/v1/organisations', KU_WIANG);
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({
      organisation: { slug: 'ku-wiang', type: 'sao', typeTh: 'อบต.', provinceCode: '28', district: 'กู่เวียง', districtCode: null, sizeGroup: 'L', eitMinimum: 50, years: [] },
      warnings: [{ field: 'district', th: expect.stringContaining('คำเตือน'), en: expect.stringContaining('warning') }],
    });
    const list = await call('system_admin', 'GET', '/api/v1/organisations');
    expect((list.json().organisations as { slug: string }[]).map((o) => o.slug).sort()).toEqual(['huai-thong', 'ku-wiang']);
  });

  it('says what is wrong in Thai and English, and creates nothing', async () => {
    const cases: [object, string, number][] = [
      [{ ...KU_WIANG, slug: 'bad-type', type: 'บริษัท' }, 'type', 400],
      [{ ...KU_WIANG, slug: 'bad-province', province: 'Atlantis' }, 'province', 400],
      [{ ...KU_WIANG, slug: 'bad-size', type: 'กทม.', province: 'กรุงเทพมหานคร', district: 'จตุจักร' }, 'size', 400],
      // A slug in use is a conflict with what exists, not malformed input.
      [{ ...KU_WIANG }, 'slug', 409],
      [{ ...KU_WIANG, slug: 'no-name', nameTh: '  ' }, 'nameTh', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await call('system_admin', 'POST', '/api/v1/organisations', body);
      expect(res.statusCode, field).toBe(status);
      expect(res.json().error, field).toMatchObject({ field, th: expect.any(String), en: expect.any(String) });
    }
    const list = await call('system_admin', 'GET', '/api/v1/organisations');
    expect(list.json().organisations).toHaveLength(2);
  });

  it('lets the organisation’s administrator add units and people and open a year; nobody else', async () => {
    // The system administrator adds ku-wiang's administrator, who sets a password with the link.
    const admin = await call('system_admin', 'POST', '/api/v1/orgs/ku-wiang/people', { email: 'admin@ku-wiang.example', role: 'org_admin' });
    expect(admin.statusCode).toBe(201);
    const link = admin.json().link as string;
    expect(link).toMatch(/\/setup\/[A-Za-z0-9_-]{43}$/);
    const signedIn = await setPasswordWithLink(s.t.db, link.slice(link.lastIndexOf('/') + 1), PASSWORD);
    tokens.ku_admin = await tokenOf(signedIn.account.principal, 'ku-wiang admin');

    // huai-thong's people, whatever their role, cannot touch ku-wiang; ku-wiang's administrator cannot touch huai-thong.
    for (const who of DEMO_ROLES) {
      expect((await call(who, 'POST', '/api/v1/orgs/ku-wiang/units', { nameTh: 'กองคลัง' })).statusCode, who).toBe(403);
      expect((await call(who, 'POST', '/api/v1/orgs/ku-wiang/people', { email: `${who}@x.example`, role: 'auditor' })).statusCode, who).toBe(403);
    }
    expect((await call('ku_admin', 'POST', '/api/v1/orgs/huai-thong/units', { nameTh: 'กองใหม่' })).statusCode).toBe(403);
    expect((await call('ku_admin', 'POST', '/api/v1/organisations', { ...KU_WIANG, slug: 'another' })).statusCode).toBe(403);
    // In their own organisation, only the administrator adds units and people.
    for (const who of ['coordinator', 'unit_head', 'executive', 'auditor']) {
      expect((await call(who, 'POST', '/api/v1/orgs/huai-thong/units', { nameTh: 'กองใหม่' })).statusCode, who).toBe(403);
    }
    expect((await call('org_admin', 'POST', '/api/v1/orgs/huai-thong/units', { nameTh: 'กองใหม่' })).statusCode).toBe(201);

    const unit = await call('ku_admin', 'POST', '/api/v1/orgs/ku-wiang/units', { nameTh: 'กองช่าง', shortTh: 'กช.' });
    expect(unit.statusCode).toBe(201);
    expect(unit.json()).toMatchObject({ nameTh: 'กองช่าง', shortTh: 'กช.' });
    const head = await call('ku_admin', 'POST', '/api/v1/orgs/ku-wiang/people', { email: 'head@ku-wiang.example', role: 'unit_head', unit: 'กช.', nameTh: 'นายช่าง ตัวอย่าง' });
    expect(head.statusCode).toBe(201);
    const bad = await call('ku_admin', 'POST', '/api/v1/orgs/ku-wiang/people', { email: 'x@ku-wiang.example', role: 'mayor' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ field: 'role', th: expect.stringContaining('ไม่รู้จักบทบาท'), en: expect.stringContaining('unknown role') });

    const year = await call('ku_admin', 'POST', '/api/v1/orgs/ku-wiang/years', { year: 2569 });
    expect(year.statusCode).toBe(201);
    const units = await call('ku_admin', 'GET', '/api/v1/orgs/ku-wiang/units');
    expect(units.json().units).toEqual([{ id: unit.json().id, nameTh: 'กองช่าง', shortTh: 'กช.' }]);
    const mine = await call('ku_admin', 'GET', '/api/v1/orgs');
    expect(mine.json().organisations.map((o: { slug: string }) => o.slug)).toEqual(['ku-wiang']);
  });

  it('gives the types and the provinces to anyone signed in', async () => {
    expect((await call(null, 'GET', '/api/v1/org-types')).statusCode).toBe(401);
    const types = await call('auditor', 'GET', '/api/v1/org-types');
    expect(types.statusCode).toBe(200);
    expect(types.json().types.find((t: { code: string }) => t.code === 'tambon_municipality')).toMatchObject({ abbrTh: 'ทต.', eitMinimum: { S: 60, M: 70, L: null } });
    const provinces = await call('auditor', 'GET', '/api/v1/provinces');
    const list = provinces.json().provinces as { code: string; nameTh: string; districts: { nameTh: string }[] }[];
    expect(list).toHaveLength(77);
    const khonKaen = list.find((p) => p.nameTh === 'ขอนแก่น')!;
    expect(khonKaen.districts.map((d) => d.nameTh)).toContain('เมืองขอนแก่น');
    expect(khonKaen.districts.map((d) => d.nameTh)).not.toContain('กู่เวียง');
  });
});
