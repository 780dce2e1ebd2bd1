/**
 * The route matrix: every route the server registers (read from fastify, so a new route is tested the day it is
 * added) is called as every role of the demo organisation, as a system administrator, anonymously, and as the
 * coordinator of another organisation, and the answer is checked against the route's access rule
 * (src/web/access.ts) and the roles' grants (src/app/authz.ts). Every state-changing route is also called
 * without its CSRF token. Then another organisation's data is asked for by id, and a unit head's limits are
 * checked measure by measure.
 *
 * Supervisors (issue 18) at three levels of a tree above A — national → province → district → A, with B beside A
 * under another district of the province — call every route too; what they may do is written out here (SUPERVISOR
 * below), not taken from the production grants.
 *
 * A route whose path has a parameter this file does not know fails the test: teach `fill` what to put there.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createPerson, setPasswordWithLink } from '../src/accounts/accounts.ts';
import type { Principal, Role } from '../src/app/authz.ts';
import { requestApproval } from '../src/approvals/approvals.ts';
import { canInOrg } from '../src/app/context.ts';
import { uploadEvidence } from '../src/measures/evidence.ts';
import { listMeasures } from '../src/measures/measures.ts';
import { addProgress } from '../src/measures/progress.ts';
import { loadYear, saveYear } from '../src/years/years.ts';
import { createOrganisation } from '../src/organisations/organisations.ts';
import { moveOrganisation } from '../src/organisations/tree.ts';
import { yearInputSchema } from '../src/model/year.ts';
import type { Access, RouteRule } from '../src/web/access.ts';
import { Client, demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

const A = 'huai-thong';
const B = 'na-kham-web';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

type Supervisor = 'district-supervisor' | 'province-supervisor' | 'national-supervisor';
type Who = 'anonymous' | Exclude<Role, 'supervisor'> | 'other-coordinator' | Supervisor;
const SUPERVISORS: readonly Supervisor[] = ['district-supervisor', 'province-supervisor', 'national-supervisor'];
// The supervisors come last: they change nothing, so the answers of those before them stay as they were.
const WHO: readonly Who[] = ['anonymous', 'system_admin', 'org_admin', 'coordinator', 'unit_head', 'executive', 'auditor', 'other-coordinator', ...SUPERVISORS];
const isSupervisor = (who: Who): who is Supervisor => (SUPERVISORS as readonly Who[]).includes(who);

/**
 * The tree above A and B, and where each supervisor's role is held. A supervisor may, in an organisation below
 * their office (never the office itself, above or beside it): GET the routes that read a year (the rule names
 * year.read), and leave advice (advice.write); anything signed-in people may do; nothing else — no change, no
 * complaint case, no audit log, no people.
 */
const TREE = { national: 'route-nacc', province: 'route-province', district: 'route-district', otherDistrict: 'route-district-2' } as const;
const SUPERVISOR_OFFICE: Readonly<Record<Supervisor, string>> = { 'district-supervisor': TREE.district, 'province-supervisor': TREE.province, 'national-supervisor': TREE.national };
const ABOVE: Readonly<Record<string, readonly string[]>> = {
  [A]: [TREE.district, TREE.province, TREE.national],
  [B]: [TREE.otherDistrict, TREE.province, TREE.national],
};
function supervisorMay(access: Access, method: string, who: Supervisor, slug: string): boolean {
  // Public and signed-in routes, and the supervision pages (their use cases check the office); not the system's.
  if (access.kind !== 'org') return access.kind !== 'system';
  if (!(ABOVE[slug] ?? []).includes(SUPERVISOR_OFFICE[who])) return false;
  return (method === 'GET' && access.actions.includes('year.read')) || access.actions.includes('advice.write');
}

interface Ids {
  readonly approval: string;
  readonly measure: string;
  readonly otherUnitMeasure: string;
  readonly progress: string;
  readonly evidence: string;
  readonly person: string;
}

let s: TestServer;
let orgA: string;
let ids: Ids;
let idsB: Ids;
const clients = new Map<Who, Client>();
const principals = new Map<Who, Principal>();
const emails = new Map<Who, string>();
const PASSWORD = 'route-matrix-password';

/** The route's path with its parameters filled for organisation `slug` and the ids given. */
function fill(url: string, slug: string, with_: Ids): string {
  return url.replace(/:(\w+)/g, (_match, name: string, offset: number) => {
    const before = url.slice(0, offset);
    switch (name) {
      case 'slug':
        return slug;
      case 'year':
        return '2566';
      case 'token':
        return 'not-a-real-link';
      case 'kind':
        return 'measures-report';
      case 'id':
        if (before.endsWith('/measures/')) return with_.measure;
        if (before.endsWith('/progress/')) return with_.progress;
        if (before.endsWith('/evidence/')) return with_.evidence;
        if (before.endsWith('/people/')) return with_.person;
        if (before.endsWith('/approvals/')) return with_.approval;
        if (before.endsWith('/tokens/')) return randomUUID();
        if (before.endsWith('/complaints/')) return randomUUID(); // a case the officers' pages answer 404 or 423 for
        if (before.endsWith('/publications/')) return randomUUID();
        if (before.endsWith('/signups/')) return randomUUID(); // no such request: 404 for the system administrator
        if (before.endsWith('/inbox/')) return randomUUID(); // no such item in the caller's inbox: 404
        if (before.endsWith('/advice/')) return randomUUID(); // no such advice: 404
        if (before.endsWith('/advice/')) return randomUUID(); // no such advice on the year: 404 (400 first for an empty reply)
        if (before.endsWith('/surveys/')) return randomUUID(); // no such survey of the year: 404
        if (before.endsWith('/jobs/')) return '999999999'; // no such failed job: 404
        throw new Error(`route ${url}: the route matrix does not know which id to use after ${before}`);
      // The portal and the complaint channel.
      case 'code':
        return 'O1';
      case 'version':
        return '1';
      case 'document':
        return 'measures-plan.pdf';
      case 'sha256':
        return '0'.repeat(64);
      case 'name':
        return 'file.pdf';
      case 'page':
        return 'about';
      case 'dataset':
        return 'publications.csv';
      case 'publication':
      case 'reveal':
      case 'attachment':
        return randomUUID();
      case 'person':
        return with_.person;
      case 'seq':
        return '1';
      case 'section':
        return 'OIT';
      case 'survey': // the ITAS links (test/itas.test.ts)
        return 'eit';
      default:
        throw new Error(`route ${url}: unknown parameter :${name}; teach fill() in test/web-routes.test.ts what to put there`);
    }
  });
}

function allowed(access: Access, who: Who, method: string): boolean {
  if (access.kind === 'public') return true;
  if (who === 'anonymous') return false;
  if (access.kind === 'signed-in') return true;
  if (isSupervisor(who)) return supervisorMay(access, method, who, A);
  const principal = principals.get(who) as Principal;
  if (access.kind !== 'org') return principal.roles.some((r) => r.role === 'system_admin'); // system (and supervision)
  return access.actions.some((a) => canInOrg(principal, a, orgA));
}

const isApi = (url: string) => url.startsWith('/api/');

async function call(client: Client, rule: RouteRule, url: string, csrf = true): Promise<LightMyRequestResponse> {
  if (rule.method === 'GET') return client.get(url);
  if (isApi(url)) {
    if (csrf) return client.json(rule.method as 'POST', url, {});
    return client.request({ method: rule.method as 'POST', url, payload: {} });
  }
  return client.post(url, {}, csrf);
}

/** A client for `who`, signed in again if a route (sign-out) ended its session. */
async function clientOf(who: Who): Promise<Client> {
  const existing = clients.get(who);
  if (existing && (who === 'anonymous' || existing.signedIn)) return existing;
  const client = who === 'anonymous' ? new Client(s.app) : await sessionClient(s.app, s.t, emails.get(who) as string, s.clock.now, who === 'system_admin' || who === 'other-coordinator' || isSupervisor(who) ? PASSWORD : undefined);
  if (who === 'anonymous') await client.get('/login');
  if (isSupervisor(who)) {
    // Each supervisor calls from an address of their own: the public routes' rate limits count per address, and
    // the answers of those who call before them stay what they were.
    const request = client.request.bind(client);
    const remoteAddress = `10.18.0.${SUPERVISORS.indexOf(who) + 1}`;
    client.request = (options) => request({ ...options, remoteAddress });
  }
  clients.set(who, client);
  return client;
}

async function seedProgress(slug: string, measureId: string, by: Principal): Promise<{ progress: string; evidence: string }> {
  const entry = await addProgress(s.t.db, by, { org: slug, year: 2566 }, measureId, { month: '2022-11', done: 'ประชุมชี้แจงบุคลากร', status: 'on_track' });
  const ev = await uploadEvidence(s.t.db, by, { org: slug, year: 2566 }, entry.id, { bytes: PDF, filename: 'minutes.pdf', declaredType: 'application/pdf' });
  return { progress: entry.id, evidence: ev.id };
}

beforeAll(async () => {
  s = await startServer('pglite');
  orgA = (await s.t.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [A]))[0]!.id;
  // A system administrator, through the one-time set-up link.
  const link = await adminSetupLink(s.t.db);
  const root = await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: PASSWORD });
  const sys = root.account.principal;
  // Another organisation with a year, a unit, a measure with progress and evidence, and its coordinator.
  await saveYear(s.t.db, { id: null, label: 'test' }, yearInputSchema.parse({
    organisation: { slug: B, nameTh: 'เทศบาลตำบลนาคำ', kind: 'municipality' },
    units: [{ id: 'fin', nameTh: 'กองคลัง' }],
    year: 2566,
    criteriaYear: 2566,
    scores: { indicators: { 1: 90 } },
    measures: [{ id: 'b1', seq: 1, titleTh: 'มาตรการของนาคำ', responsible: [{ unitId: 'fin', labelTh: 'กองคลัง' }] }],
  }));
  const orgB = (await s.t.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [B]))[0]!.id;
  const made = await createPerson(s.t.db, sys, orgB, { nameTh: 'ผู้ประสานงานนาคำ', email: 'coord@na-kham.example', roles: [{ role: 'coordinator' }] });
  await setPasswordWithLink(s.t.db, made.link, PASSWORD);
  const throwaway = await createPerson(s.t.db, sys, orgA, { nameTh: 'บุคคลทดสอบ', email: 'someone@huai-thong.example', roles: [{ role: 'auditor' }] });
  const throwawayB = await createPerson(s.t.db, sys, orgB, { nameTh: 'บุคคลทดสอบนาคำ', email: 'someone@na-kham.example', roles: [{ role: 'auditor' }] });

  // The tree above A and B, and a supervisor on each level of it above A.
  for (const o of [
    { slug: TREE.national, nameTh: 'สำนักงาน ป.ป.ช. (ทดสอบ)', type: 'nacc_office', province: 'กรุงเทพมหานคร' },
    { slug: TREE.province, nameTh: 'ท้องถิ่นจังหวัดขอนแก่น (ทดสอบ)', type: 'provincial_local_office', province: 'ขอนแก่น', parent: TREE.national },
    { slug: TREE.district, nameTh: 'ท้องถิ่นอำเภอกู่เวียง (ทดสอบ)', type: 'district_local_office', province: 'ขอนแก่น', parent: TREE.province },
    { slug: TREE.otherDistrict, nameTh: 'ท้องถิ่นอำเภอพล (ทดสอบ)', type: 'district_local_office', province: 'ขอนแก่น', parent: TREE.province },
  ]) {
    await createOrganisation(s.t.db, sys, o);
  }
  await moveOrganisation(s.t.db, sys, A, { parent: TREE.district });
  await moveOrganisation(s.t.db, sys, B, { parent: TREE.otherDistrict });
  for (const who of SUPERVISORS) {
    const office = (await s.t.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [SUPERVISOR_OFFICE[who]]))[0]!.id;
    const supervisor = await createPerson(s.t.db, sys, office, { nameTh: `ผู้กำกับดูแล ${who}`, email: `${who}@offices.example`, roles: [{ role: 'supervisor' }] });
    await setPasswordWithLink(s.t.db, supervisor.link, PASSWORD);
    emails.set(who, `${who}@offices.example`);
  }
  emails.set('system_admin', 'root@example.org');
  emails.set('other-coordinator', 'coord@na-kham.example');
  for (const role of ['org_admin', 'coordinator', 'unit_head', 'executive', 'auditor'] as const) emails.set(role, demoEmail(role));
  for (const who of WHO) {
    const client = await clientOf(who);
    if (who !== 'anonymous') principals.set(who, (await client.json('GET', '/api/v1/me')).json() as Principal);
  }
  const unitHead = principals.get('unit_head')!;
  const unitId = unitHead.roles[0]!.unitId;
  const measures = await listMeasures(s.t.db, sys, { org: A, year: 2566 });
  const mine = measures.find((m) => m.unitIds.includes(unitId!))!;
  const notMine = measures.find((m) => !m.unitIds.includes(unitId!))!;
  const seeded = await seedProgress(A, mine.id, sys);
  const approval = await requestApproval(s.t.db, sys, { org: A, year: 2566 }, { subject: 'measures-plan' });
  ids = { approval: approval.pending!.id, measure: mine.id, otherUnitMeasure: notMine.id, ...seeded, person: throwaway.personId };
  const measuresB = await listMeasures(s.t.db, sys, { org: B, year: 2566 });
  const seededB = await seedProgress(B, measuresB[0]!.id, sys);
  const approvalB = await requestApproval(s.t.db, sys, { org: B, year: 2566 }, { subject: 'measures-plan' });
  idsB = { approval: approvalB.pending!.id, measure: measuresB[0]!.id, otherUnitMeasure: measuresB[0]!.id, ...seededB, person: throwawayB.personId };
});

afterAll(async () => {
  await s.close();
});

describe('route matrix', () => {
  it('has a rule on every route, and knows how to call each', () => {
    const rules = s.app.routeRules.filter((r) => r.method !== 'HEAD');
    expect(rules.length).toBeGreaterThan(40);
    for (const r of rules) {
      expect(r.access, `${r.method} ${r.url}`).toBeDefined();
      expect(() => fill(r.url, A, ids)).not.toThrow();
      // No staff page or staff API changes anything for someone who is not signed in.
      if (r.method !== 'GET' && /^\/(staff|api\/v1)\//.test(r.url)) expect(r.access.kind, `${r.method} ${r.url}`).not.toBe('public');
      // Changing a year's data needs more than reading it.
      if (r.method !== 'GET' && r.access.kind === 'org') expect(r.access.actions, `${r.method} ${r.url}`).not.toContain('year.read');
    }
  });

  it('refuses another organisation’s data asked for by id, under the caller’s own organisation, and changes nothing', async () => {
    const before = JSON.stringify(await loadYear(s.t.db, A, 2566));
    const client = await clientOf('other-coordinator');
    // The same requests with the caller's own ids work: the refusals below are about the ids, nothing else.
    expect((await client.get(fill('/staff/o/:slug/:year/measures/:id', B, idsB))).statusCode).toBe(200);
    expect((await client.get(fill('/staff/o/:slug/:year/evidence/:id', B, idsB))).statusCode).toBe(200);
    const rules = s.app.routeRules.filter((r) => r.method !== 'HEAD' && r.access.kind === 'org' && /:id/.test(r.url));
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) {
      // B's slug (where the caller may act), A's ids.
      const url = fill(rule.url, B, ids);
      const res = await call(client, rule, url);
      expect(res.statusCode, `${rule.method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${rule.method} ${url}`).toBeLessThan(500);
      if (rule.method === 'GET') expect(res.statusCode, `${rule.method} ${url}`).toBe(404);
    }
    expect(JSON.stringify(await loadYear(s.t.db, A, 2566))).toBe(before);
  });

  it('refuses a supervisor every route of an organisation beside their subtree (B for the district supervisor of A), and lets those above it read B', async () => {
    const rules = s.app.routeRules.filter((r) => r.method !== 'HEAD' && r.access.kind === 'org');
    const failures: string[] = [];
    for (const who of SUPERVISORS) {
      const client = await clientOf(who);
      for (const rule of rules) {
        if (rule.method !== 'GET' && who !== 'district-supervisor') continue; // the writes: the district's refusal is enough here
        const url = fill(rule.url, B, idsB);
        const res = await call(client, rule, url);
        const may = supervisorMay(rule.access, rule.method, who, B);
        if (res.statusCode >= 500 || (may ? res.statusCode === 403 || res.statusCode === 401 : res.statusCode !== 403)) failures.push(`${who} ${rule.method} ${url} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets a unit head change and report on their unit’s measures only', async () => {
    const unit = await clientOf('unit_head');
    const page = await unit.get(`/staff/o/${A}/2566/measures/${ids.measure}`);
    const updatedAt = /name="updatedAt" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await unit.post(`/staff/o/${A}/2566/measures/${ids.measure}`, { updatedAt, status: 'in_progress', result: 'ดำเนินการแล้วครึ่งหนึ่ง' })).statusCode).toBe(303);
    const other = await unit.get(`/staff/o/${A}/2566/measures/${ids.otherUnitMeasure}`);
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('name="updatedAt"');
    const otherAt = (await listMeasures(s.t.db, principals.get('system_admin')!, { org: A, year: 2566 })).find((m) => m.id === ids.otherUnitMeasure)!.updatedAt;
    expect((await unit.post(`/staff/o/${A}/2566/measures/${ids.otherUnitMeasure}`, { updatedAt: otherAt, status: 'done' })).statusCode).toBe(403);
    expect((await unit.post(`/staff/o/${A}/2566/measures/${ids.otherUnitMeasure}/progress`, { month: '2022-12', done: 'x', status: 'on_track' })).statusCode).toBe(403);
    expect((await unit.json('POST', `/api/v1/orgs/${A}/years/2566/measures/${ids.otherUnitMeasure}/progress`, { month: '2022-12', done: 'x', status: 'on_track' })).statusCode).toBe(403);
    expect((await unit.json('POST', `/api/v1/orgs/${A}/years/2566/measures/${ids.measure}/progress`, { month: '2022-12', done: 'รายงานของกองคลัง', status: 'on_track' })).statusCode).toBe(201);
    // Planning stays the coordinator's.
    expect((await unit.json('PATCH', `/api/v1/orgs/${A}/years/2566/measures/${ids.measure}`, { updatedAt, changes: { titleTh: 'ชื่อใหม่' } })).statusCode).toBe(403);
  });

  it('refuses every state-changing request that comes without its CSRF token', async () => {
    // Routes with csrf: false carry no credentials (the complainant's own forms and API): nothing to forge.
    const rules = s.app.routeRules.filter((r) => !['GET', 'HEAD'].includes(r.method) && r.csrf);
    expect(s.app.routeRules.filter((r) => !r.csrf).every((r) => r.access.kind === 'public')).toBe(true);
    for (const who of ['system_admin', 'anonymous'] as const) {
      const client = await clientOf(who);
      for (const rule of rules) {
        if (who === 'anonymous' && !allowed(rule.access, who, rule.method)) continue; // refused earlier as not signed in
        const url = fill(rule.url, A, ids);
        const res = await call(client, rule, url, false);
        expect(res.statusCode, `${who} ${rule.method} ${url}`).toBe(403);
        if (isApi(url)) expect(res.json().error.code).toBe('csrf');
      }
    }
  });

  // Some 3,500 requests (every route × 11 callers): 12 s alone, 60 s on a machine loaded by other work.
  it('answers every route as its rule says, for every role, anonymously and from another organisation', async () => {
    const rules = s.app.routeRules.filter((r) => r.method !== 'HEAD');
    // Every area is in the matrix: staff, API, the public portal and the complaint channel.
    for (const prefix of ['/staff/o/:slug', '/api/v1/', '/o/:slug', '/api/o/:slug/complaints', '/staff/o/:slug/complaints']) {
      expect(rules.some((r) => r.url.startsWith(prefix)), prefix).toBe(true);
    }
    const failures: string[] = [];
    const answers: string[] = [];
    for (const rule of rules) {
      const url = fill(rule.url, A, ids);
      answers.push(`${rule.method} ${rule.url} ${JSON.stringify(rule.access)}${rule.csrf ? '' : ' csrf:false'}`);
      for (const who of WHO) {
        const client = await clientOf(who);
        const res = await call(client, rule, url);
        const where = `${who} ${rule.method} ${url} → ${res.statusCode}`;
        answers.push(`  ${who} → ${res.statusCode}${res.statusCode === 303 ? ` ${String(res.headers.location).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')}` : ''}`);
        if (res.statusCode >= 500) failures.push(`${where}: server error`);
        if (rule.access.kind === 'public') continue;
        const toLogin = res.statusCode === 303 && String(res.headers.location).startsWith('/login');
        if (allowed(rule.access, who, rule.method)) {
          if (res.statusCode === 401 || res.statusCode === 403 || toLogin) failures.push(`${where}: should be allowed`);
        } else if (who === 'anonymous') {
          if (!(res.statusCode === 401 || (toLogin && rule.method === 'GET' && !isApi(url)))) failures.push(`${where}: should ask to sign in`);
        } else if (res.statusCode !== 403) {
          failures.push(`${where}: should be forbidden`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Every route and every answer, written down: a change to either is a deliberate change of this file.
    const sorted = [...answers.join('\n').split(/\n(?! )/)].sort().join('\n');
    await expect(`${sorted}\n`).toMatchFileSnapshot('./fixtures/route-matrix.txt');
  }, 240_000);
});
