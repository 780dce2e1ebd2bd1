/**
 * Supervisors (issue 18, point 2): the role is granted on an office by a system administrator or the office's own
 * administrator (people page, API, the CLI's `person add`); its holder lists and reads, never changes, every
 * organisation below the office — not the office itself, nothing above or beside it, no complaint — and each read
 * is one entry of action 'read' in the organisation's audit log. Moving an organisation out of the office's
 * subtree ends the access at once.
 *
 * The tree: nacc → khon-kaen-office → ku-wiang-office → { huai-thong (the demo), ku-wiang };
 *                                   → phon-office → na-kham.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createPerson, setPasswordWithLink } from '../src/accounts/accounts.ts';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal, type Principal } from '../src/app/authz.ts';
import { listOrganisations, listYears } from '../src/app/context.ts';
import { addPerson, createOrganisation } from '../src/organisations/organisations.ts';
import { moveOrganisation } from '../src/organisations/tree.ts';
import { compareThai } from '../src/thai/index.ts';
import { backends } from './helpers/db.ts';
import { Client, demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

const system = cliPrincipal(cliActor('supervisors test'));
const PASSWORD = 'supervisors-test-password';
const A = 'huai-thong';

const ORGS = [
  { slug: 'nacc', nameTh: 'สำนักงาน ป.ป.ช.', type: 'nacc_office', province: 'กรุงเทพมหานคร' },
  { slug: 'khon-kaen-office', nameTh: 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น', type: 'provincial_local_office', province: 'ขอนแก่น', parent: 'nacc' },
  { slug: 'ku-wiang-office', nameTh: 'ท้องถิ่นอำเภอกู่เวียง', type: 'district_local_office', province: 'ขอนแก่น', district: 'กู่เวียง', parent: 'khon-kaen-office' },
  { slug: 'phon-office', nameTh: 'ท้องถิ่นอำเภอพล', type: 'district_local_office', province: 'ขอนแก่น', district: 'พล', parent: 'khon-kaen-office' },
  { slug: 'ku-wiang', nameTh: 'เทศบาลตำบลกู่เวียง', type: 'ทต.', province: 'ขอนแก่น', district: 'กู่เวียง', parent: 'ku-wiang-office' },
  { slug: 'na-kham', nameTh: 'เทศบาลตำบลนาคำ', type: 'ทต.', province: 'ขอนแก่น', district: 'พล', parent: 'phon-office' },
];

const tokenOf = (link: string) => link.slice(link.lastIndexOf('/setup/') + '/setup/'.length);

describe.each(backends())('supervisors on %s', (backend) => {
  let s: TestServer;
  let root: Client;
  const sup = new Map<'district' | 'province' | 'national', { client: Client; principal: Principal; personId: string }>();
  let orgIds: Map<string, string>;

  const reads = async (slug?: string) =>
    s.t.db.query<{ actor_id: string | null; entity: string; entity_id: string | null; after: { what: string } }>(
      `SELECT l.actor_id, l.entity, l.entity_id, l.after FROM audit_log l
        WHERE l.action = 'read' AND ($1::text IS NULL OR l.org_id = (SELECT id FROM organisations WHERE slug = $1)) ORDER BY l.id`,
      [slug ?? null],
    );
  const signIn = async (email: string, token: string) => {
    await setPasswordWithLink(s.t.db, token, PASSWORD);
    const client = await sessionClient(s.app, s.t, email, s.clock.now, PASSWORD);
    const me = (await client.json('GET', '/api/v1/me')).json() as Principal;
    return { client, principal: me, personId: me.personId };
  };

  beforeAll(async () => {
    s = await startServer(backend);
    for (const o of ORGS) await createOrganisation(s.t.db, system, o);
    await moveOrganisation(s.t.db, system, A, { parent: 'ku-wiang-office' });
    orgIds = new Map((await s.t.db.query<{ id: string; slug: string }>('SELECT id, slug FROM organisations')).map((r) => [r.slug, r.id]));
    const setup = await completeAdminSetup(s.t.db, (await adminSetupLink(s.t.db))!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@supervisors.example', password: PASSWORD });
    root = await sessionClient(s.app, s.t, 'root@supervisors.example', s.clock.now, PASSWORD);
    expect(setup.account.principal.roles[0]!.role).toBe('system_admin');
  }, 120_000);
  afterAll(async () => s?.close());

  it('lets a system administrator (people page), the office’s administrator (API) and the CLI grant the role, and says what it means', async () => {
    // The people page of the district office, as the system administrator: the hint says what the role means.
    const page = await root.get('/staff/o/ku-wiang-office/people');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('อ่านข้อมูลหน่วยงานในสังกัดได้ทั้งหมด แก้ไขไม่ได้ ไม่เห็นเรื่องร้องเรียน');
    expect(page.body).toContain('value="supervisor"');
    const made = await root.post('/staff/o/ku-wiang-office/people', { nameTh: 'นายอำเภอ ผู้กำกับ', email: 'district@supervisors.example', roles: 'supervisor' });
    expect(made.statusCode).toBe(201);
    sup.set('district', await signIn('district@supervisors.example', tokenOf(/\/setup\/[^<\s]+/.exec(made.body)![0])));
    expect(sup.get('district')!.principal.roles).toEqual([{ role: 'supervisor', orgId: orgIds.get('ku-wiang-office'), unitId: null }]);

    // The province office's own administrator, through the API; another organisation's administrator may not.
    const admin = await createPerson(s.t.db, system, orgIds.get('khon-kaen-office')!, { nameTh: 'ผู้ดูแลจังหวัด', email: 'admin@khon-kaen.example', roles: [{ role: 'org_admin' }] });
    const provinceAdmin = await signIn('admin@khon-kaen.example', admin.link);
    const byApi = await provinceAdmin.client.json('POST', '/api/v1/orgs/khon-kaen-office/people', { email: 'province@supervisors.example', nameTh: 'ผู้กำกับจังหวัด', role: 'supervisor' });
    expect(byApi.statusCode).toBe(201);
    sup.set('province', await signIn('province@supervisors.example', tokenOf((byApi.json() as { link: string }).link)));
    expect((await provinceAdmin.client.json('POST', '/api/v1/orgs/ku-wiang-office/people', { email: 'x@supervisors.example', role: 'supervisor' })).statusCode).toBe(403);
    const demoAdmin = await sessionClient(s.app, s.t, demoEmail('org_admin'), s.clock.now);
    expect((await demoAdmin.json('POST', '/api/v1/orgs/ku-wiang-office/people', { email: 'y@supervisors.example', role: 'supervisor' })).statusCode).toBe(403);

    // The CLI's `person add --role supervisor` (an office with nothing below it yet is allowed: the tree may come later).
    const cli = await addPerson(s.t.db, system, 'nacc', { email: 'national@supervisors.example', nameTh: 'ผู้กำกับระดับประเทศ', role: 'supervisor' });
    sup.set('national', await signIn('national@supervisors.example', cli.link));
    const lonely = await addPerson(s.t.db, system, 'na-kham', { email: 'lonely@supervisors.example', role: 'supervisor' });
    expect(lonely.personId).toBeTruthy();
  });

  it('lists the organisations below the supervisor’s office, in Thai order, on the start page and in the API', async () => {
    const slugs = async (who: 'district' | 'province' | 'national') => (await listOrganisations(s.t.db, sup.get(who)!.principal)).map((o) => o.slug);
    // Thai order: เทศบาลตำบลกู่เวียง (ท…) before องค์การบริหารส่วนตำบลห้วยทอง (อ…), unlike code-point order.
    expect(await slugs('district')).toEqual(['ku-wiang', A]);
    const province = await listOrganisations(s.t.db, sup.get('province')!.principal);
    expect(new Set(province.map((o) => o.slug))).toEqual(new Set(['ku-wiang-office', 'phon-office', 'ku-wiang', 'na-kham', A]));
    expect(province.map((o) => o.nameTh)).toEqual([...province.map((o) => o.nameTh)].sort(compareThai));
    expect(province.every((o) => o.roles.join() === 'supervisor')).toBe(true);
    expect(await slugs('national')).toHaveLength(6); // everything but the NACC's own office
    expect(await slugs('national')).not.toContain('nacc');
    const api = (await sup.get('district')!.client.json('GET', '/api/v1/orgs')).json() as { organisations: { slug: string; years: number[] }[] };
    expect(api.organisations.map((o) => o.slug)).toEqual(['ku-wiang', A]);
    expect(api.organisations[1]!.years).toContain(2566);
    const home = await sup.get('district')!.client.get('/staff');
    expect(home.body).toContain(`/staff/o/${A}`);
    expect(home.body).not.toContain('/staff/o/na-kham');
  });

  it('reads below, never the office itself, above or beside; refuses every change and the complaint cases', async () => {
    const district = sup.get('district')!.client;
    expect((await district.get(`/staff/o/${A}`)).statusCode).toBe(303); // to its newest year
    for (const url of [`/staff/o/${A}/2566`, `/staff/o/${A}/2566/scores`, `/staff/o/${A}/2566/measures`, `/staff/o/${A}/2566/documents`, `/api/v1/orgs/${A}/years/2566/measures`]) {
      expect((await district.get(url)).statusCode, url).toBe(200);
    }
    for (const slug of ['ku-wiang-office', 'khon-kaen-office', 'nacc', 'phon-office', 'na-kham']) {
      expect((await district.get(`/staff/o/${slug}`)).statusCode, slug).toBe(403);
    }
    for (const url of [`/staff/o/${A}/complaints`, `/staff/o/${A}/complaints/statistics`, `/staff/o/${A}/audit`, `/staff/o/${A}/people`]) {
      expect((await district.get(url)).statusCode, url).toBe(403);
    }
    const before = (await s.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action <> 'read'`))[0]!.n;
    expect((await district.json('POST', `/api/v1/orgs/${A}/units`, { nameTh: 'กองใหม่' })).statusCode).toBe(403);
    expect((await district.post(`/staff/o/${A}/2566/analysis`, { text: 'x' })).statusCode).toBe(403);
    expect((await s.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action <> 'read'`))[0]!.n).toBe(before);
  });

  it('records each supervisor’s read once in the organisation’s log, and nobody else’s', async () => {
    const { client, personId, principal } = sup.get('province')!;
    const start = (await reads(A)).length;
    expect((await client.get(`/staff/o/${A}/2566`)).statusCode).toBe(200);
    const after = await reads(A);
    expect(after.slice(start)).toEqual([{ actor_id: personId, entity: 'supervisor_read', entity_id: `${A}/2566`, after: { what: `GET /staff/o/${A}/2566` } }]);
    // The same page again is another read; the cache does not hide it.
    expect((await client.get(`/staff/o/${A}/2566`)).statusCode).toBe(200);
    expect(await reads(A)).toHaveLength(start + 2);
    // A use case called directly records its read too (organisation level: the slug).
    await listYears(s.t.db, principal, A);
    expect((await reads(A)).at(-1)).toMatchObject({ actor_id: personId, entity_id: A, after: { what: A } });
    // Nobody else's reads are recorded: the organisation's own people, the system administrator, refusals.
    const total = (await reads()).length;
    const coordinator = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    expect((await coordinator.get(`/staff/o/${A}/2566`)).statusCode).toBe(200);
    expect((await root.get(`/staff/o/${A}/2566`)).statusCode).toBe(200);
    expect((await sup.get('district')!.client.get('/staff/o/na-kham')).statusCode).toBe(403);
    expect((await client.get('/staff/o/khon-kaen-office')).statusCode).toBe(403);
    expect(await reads()).toHaveLength(total);
    // The organisation's audit page shows the reads in Thai, with what was read.
    const auditor = await sessionClient(s.app, s.t, demoEmail('auditor'), s.clock.now);
    const log = await auditor.get(`/staff/o/${A}/audit?action=read`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('อ่านข้อมูล (ผู้กำกับดูแล)');
    expect(log.body).toContain('ผู้กำกับจังหวัด');
    expect(log.body).toContain(`GET /staff/o/${A}/2566`);
  });

  it('ends the access at once when the organisation moves out of the office’s subtree', async () => {
    const district = sup.get('district')!;
    expect((await district.client.get(`/staff/o/${A}/2566`)).statusCode).toBe(200);
    await moveOrganisation(s.t.db, system, A, { parent: 'phon-office' });
    expect((await district.client.get(`/staff/o/${A}/2566`)).statusCode).toBe(403);
    expect((await listOrganisations(s.t.db, district.principal)).map((o) => o.slug)).toEqual(['ku-wiang']);
    // Still below the province: its supervisor keeps reading it.
    expect((await sup.get('province')!.client.get(`/staff/o/${A}/2566`)).statusCode).toBe(200);
    // Moving an office moves its whole subtree: the province loses phon-office and everything below it.
    await moveOrganisation(s.t.db, system, 'phon-office', { parent: 'nacc' });
    expect((await sup.get('province')!.client.get(`/staff/o/${A}/2566`)).statusCode).toBe(403);
    expect((await sup.get('national')!.client.get(`/staff/o/${A}/2566`)).statusCode).toBe(200);
    await moveOrganisation(s.t.db, system, 'phon-office', { parent: 'khon-kaen-office' });
    await moveOrganisation(s.t.db, system, A, { parent: 'ku-wiang-office' });
    expect((await district.client.get(`/staff/o/${A}/2566`)).statusCode).toBe(200);
  });
});
