/**
 * The tree of organisations (issue 18, point 1): creating an organisation under a parent, moving and unplacing
 * it, refusing a cycle, an unknown slug or the organisation itself with nothing changed (the catalogue's Thai and
 * English, not the trigger's words), loading the tree from a CSV all or nothing with every problem by row and a
 * dry run that writes nothing, the audit log's record of a move, the CLI contract (`org create --parent`,
 * `org list`, `org move`, `org tree`), the API (system administrator only) and the organisations page.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminSetupLink, completeAdminSetup, createApiToken, DEMO_PASSWORD, signIn } from '../src/accounts/accounts.ts';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal, Forbidden, type Principal } from '../src/app/authz.ts';
import { NotFound } from '../src/app/errors.ts';
import { InputError } from '../src/errors.ts';
import { tableFromCsv } from '../src/io/tables.ts';
import { createOrganisation, listOrganisationDetails } from '../src/organisations/organisations.ts';
import { loadTree, moveOrganisation } from '../src/organisations/tree.ts';
import { runCli } from './helpers/cli.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const system = cliPrincipal(cliActor('org-tree test'));
const PASSWORD = 'org-tree-test-password';
const DEMO_ROLES = ['org_admin', 'coordinator', 'unit_head', 'executive', 'auditor'] as const;

/** The offices of the tests: the NACC and a department at the top, a province's and a district's office below. */
const OFFICES = [
  { slug: 'nacc', nameTh: 'สำนักงาน ป.ป.ช.', type: 'nacc_office', province: 'กรุงเทพมหานคร' },
  { slug: 'dla', nameTh: 'กรมส่งเสริมการปกครองท้องถิ่น', type: 'department', province: 'กรุงเทพมหานคร' },
  { slug: 'khon-kaen-office', nameTh: 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น', type: 'provincial_local_office', province: 'ขอนแก่น', parent: 'dla' },
  { slug: 'phon-office', nameTh: 'ท้องถิ่นอำเภอพล', type: 'district_local_office', province: 'ขอนแก่น', district: 'พล', parent: 'khon-kaen-office' },
];

const csv = (text: string) => tableFromCsv(new TextEncoder().encode(text), 'tree.csv');

describe.each(backends())('the tree of organisations on %s', (backend) => {
  let s: TestServer;
  const parents = async () => new Map((await listOrganisationDetails(s.t.db, system)).map((o) => [o.slug, o.parent]));
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

  beforeAll(async () => {
    s = await startServer(backend);
    for (const o of OFFICES) await createOrganisation(s.t.db, system, o);
  }, 120_000);
  afterAll(async () => s?.close());

  it('creates an organisation under a parent, and refuses an unknown parent creating nothing', async () => {
    expect(Object.fromEntries(await parents())).toEqual({ 'huai-thong': null, nacc: null, dla: null, 'khon-kaen-office': 'dla', 'phon-office': 'khon-kaen-office' });
    const made = await createOrganisation(s.t.db, system, { slug: 'ban-fang', nameTh: 'เทศบาลตำบลบ้านฝาง', type: 'ทต.', province: 'ขอนแก่น', parent: 'phon-office' });
    expect(made.organisation.parent).toBe('phon-office');
    const error = await refusal(createOrganisation(s.t.db, system, { slug: 'nong-ruea', nameTh: 'เทศบาลเมืองหนองเรือ', type: 'ทม.', province: 'ขอนแก่น', parent: 'nowhere' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'parent', th: expect.stringContaining('ไม่พบหน่วยงานต้นสังกัด'), en: expect.stringContaining('no parent organisation with the slug "nowhere"') });
    expect((await parents()).has('nong-ruea')).toBe(false);
  });

  it('moves an organisation and unplaces it, and the audit log records each move with its actor', async () => {
    const moved = await moveOrganisation(s.t.db, system, 'huai-thong', { parent: 'phon-office' });
    expect(moved).toMatchObject({ slug: 'huai-thong', parent: 'phon-office' });
    expect((await parents()).get('huai-thong')).toBe('phon-office');
    expect((await moveOrganisation(s.t.db, system, 'huai-thong', { parent: null })).parent).toBeNull();

    const ids = new Map((await s.t.db.query<{ id: string; slug: string }>('SELECT id, slug FROM organisations')).map((r) => [r.slug, r.id]));
    const log = await s.t.db.query<{ before: string | null; after: string | null; actor: string; org: string }>(
      `SELECT before ->> 'parent_id' AS before, after ->> 'parent_id' AS after, actor_label AS actor, org_id::text AS org
         FROM audit_log WHERE entity = 'organisations' AND entity_id = $1 AND action = 'update'
          AND (before ->> 'parent_id') IS DISTINCT FROM (after ->> 'parent_id') ORDER BY id`,
      [ids.get('huai-thong')],
    );
    expect(log).toEqual([
      { before: null, after: ids.get('phon-office'), actor: expect.stringContaining('org-tree test'), org: ids.get('huai-thong') },
      { before: ids.get('phon-office'), after: null, actor: expect.stringContaining('org-tree test'), org: ids.get('huai-thong') },
    ]);
    // Moving it where it already is changes nothing and records nothing.
    const last = (await s.t.db.query<{ id: string }>('SELECT max(id)::text AS id FROM audit_log'))[0]!.id;
    await moveOrganisation(s.t.db, system, 'huai-thong', { parent: null });
    const updates = await s.t.db.query(`SELECT 1 FROM audit_log WHERE entity = 'organisations' AND entity_id = $1 AND action = 'update' AND id > $2`, [ids.get('huai-thong'), last]);
    expect(updates.length).toBe(0);
  });

  it('refuses a cycle, an unknown slug and the organisation itself in Thai and English, changing nothing', async () => {
    const before = await parents();
    const count = async () => (await s.t.db.query(`SELECT 1 FROM audit_log WHERE entity = 'organisations'`)).length;
    const logged = await count();

    const cycle = await refusal(moveOrganisation(s.t.db, system, 'dla', { parent: 'ban-fang' }));
    expect(cycle).toBeInstanceOf(InputError);
    expect(cycle).toMatchObject({
      field: 'parent',
      th: 'ย้าย "dla" ไปอยู่ใต้ "ban-fang" ไม่ได้ เพราะ "ban-fang" อยู่ใต้ "dla" เอง (ต้นสังกัดตามลำดับ: ban-fang → phon-office → khon-kaen-office → dla) จึงเกิดวงวน',
      en: 'cannot place "dla" under "ban-fang": "ban-fang" is itself under "dla" (its parents in turn: ban-fang → phon-office → khon-kaen-office → dla), which would make a cycle',
    });
    const self = await refusal(moveOrganisation(s.t.db, system, 'dla', { parent: 'dla' }));
    expect(self).toMatchObject({ field: 'parent', th: 'หน่วยงาน "dla" เป็นต้นสังกัดของตนเองไม่ได้', en: 'the organisation "dla" cannot be its own parent' });
    expect(await refusal(moveOrganisation(s.t.db, system, 'dla', { parent: 'nowhere' }))).toMatchObject({ field: 'parent', en: expect.stringContaining('"nowhere"') });
    const unknown = await refusal(moveOrganisation(s.t.db, system, 'nowhere', { parent: 'dla' }));
    expect(unknown).toBeInstanceOf(NotFound);
    expect(unknown).toMatchObject({ field: 'slug', th: expect.stringContaining('ไม่พบหน่วยงานชื่อย่อ "nowhere"') });
    // Only the system administrator places organisations.
    const orgAdmin: Principal = { personId: 'p', nameTh: 'ผู้ดูแล', roles: [{ role: 'org_admin', orgId: '00000000-0000-0000-0000-000000000000', unitId: null }] };
    expect(await refusal(moveOrganisation(s.t.db, orgAdmin, 'dla', { parent: null }))).toBeInstanceOf(Forbidden);

    expect(await parents()).toEqual(before);
    expect(await count()).toBe(logged);
    // Whatever code tries, the database refuses the cycle too.
    await expect(s.t.db.query(`UPDATE organisations SET parent_id = (SELECT id FROM organisations WHERE slug = 'ban-fang') WHERE slug = 'dla'`)).rejects.toThrow();
    expect(await parents()).toEqual(before);
  });

  it('loads the tree from a CSV all or nothing: every problem by row, nothing written while any remains', async () => {
    const before = await parents();
    const bad = await loadTree(
      s.t.db,
      system,
      csv('agency,parent\nhuai-thong,phon-office\nnowhere,dla\nban-fang,nowhere\nhuai-thong,dla\ndla,phon-office\nnacc,nacc\n'),
    );
    expect(bad.written).toBe(false);
    expect(bad.problems.map((p) => [p.row, p.column, p.severity])).toEqual([
      [3, 'agency', 'error'],
      [4, 'parent', 'error'],
      [5, 'agency', 'error'],
      [6, 'parent', 'error'],
      [7, 'parent', 'error'],
    ]);
    expect(bad.problems.map((p) => p.en)).toEqual([
      'no organisation with the slug "nowhere" (see prongsai org list)',
      'no parent organisation with the slug "nowhere" (see prongsai org list)',
      'the organisation "huai-thong" is given again (first in row 2)',
      expect.stringContaining('cannot place "dla" under "phon-office"'),
      'the organisation "nacc" cannot be its own parent',
    ]);
    expect(bad.problems.every((p) => p.th !== p.en && p.th.length > 0)).toBe(true);
    expect(await parents()).toEqual(before);
    // A missing column is said with the column's name.
    expect((await loadTree(s.t.db, system, csv('agency,office\nhuai-thong,dla\n'))).problems).toMatchObject([{ column: 'parent', en: expect.stringContaining('no column "parent"') }]);

    // khon-kaen-office and phon-office change places: right only when parents are written before their children.
    const good = 'agency,parent\nphon-office,dla\nkhon-kaen-office,phon-office\nhuai-thong,khon-kaen-office\nban-fang,phon-office\nnacc,\n';
    const dry = await loadTree(s.t.db, system, csv(good), { dryRun: true });
    expect(dry).toMatchObject({ problems: [], written: false, unchanged: 2 });
    expect(dry.moves).toEqual([
      { slug: 'phon-office', from: 'khon-kaen-office', to: 'dla' },
      { slug: 'khon-kaen-office', from: 'dla', to: 'phon-office' },
      { slug: 'huai-thong', from: null, to: 'khon-kaen-office' },
    ]);
    expect(await parents()).toEqual(before);

    const done = await loadTree(s.t.db, system, csv(good));
    expect(done).toMatchObject({ problems: [], written: true });
    expect(Object.fromEntries(await parents())).toMatchObject({ 'phon-office': 'dla', 'khon-kaen-office': 'phon-office', 'huai-thong': 'khon-kaen-office', 'ban-fang': 'phon-office', nacc: null, dla: null });
    // Put back as it was for the next tests.
    await loadTree(s.t.db, system, csv('agency,parent\nkhon-kaen-office,dla\nphon-office,khon-kaen-office\nhuai-thong,\n'));
    expect(await parents()).toEqual(before);
  });

  it('answers the API for the system administrator only', async () => {
    const root = await completeAdminSetup(s.t.db, (await adminSetupLink(s.t.db))!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: PASSWORD });
    const tokens: Record<string, string> = { system_admin: (await createApiToken(s.t.db, root.account.principal, 'root')).token };
    for (const role of DEMO_ROLES) tokens[role] = (await createApiToken(s.t.db, (await signIn(s.t.db, demoEmail(role), DEMO_PASSWORD)).account.principal, role)).token;
    const call = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      s.app.inject({ method, url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {}, ...(payload === undefined ? {} : { payload }) });

    for (const who of [null, ...DEMO_ROLES]) {
      expect((await call(who, 'PUT', '/api/v1/orgs/huai-thong/parent', { parent: 'phon-office' })).statusCode, String(who)).toBe(who ? 403 : 401);
    }
    expect((await parents()).get('huai-thong')).toBeNull();
    const moved = await call('system_admin', 'PUT', '/api/v1/orgs/huai-thong/parent', { parent: 'phon-office' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().organisation).toMatchObject({ slug: 'huai-thong', parent: 'phon-office' });
    const cycle = await call('system_admin', 'PUT', '/api/v1/orgs/dla/parent', { parent: 'huai-thong' });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error).toMatchObject({ field: 'parent', th: expect.stringContaining('วงวน'), en: expect.stringContaining('cycle') });
    expect((await call('system_admin', 'PUT', '/api/v1/orgs/nowhere/parent', { parent: null })).statusCode).toBe(404);
    expect((await call('system_admin', 'PUT', '/api/v1/orgs/huai-thong/parent', {})).statusCode).toBe(400);
    const unplaced = await call('system_admin', 'PUT', '/api/v1/orgs/huai-thong/parent', { parent: null });
    expect(unplaced.json().organisation.parent).toBeNull();

    const made = await call('system_admin', 'POST', '/api/v1/organisations', { slug: 'a-song-hong', nameTh: 'เทศบาลตำบลหนองสองห้อง', type: 'ทต.', province: 'ขอนแก่น', parent: 'phon-office' });
    expect(made.statusCode).toBe(201);
    expect(made.json().organisation.parent).toBe('phon-office');
    const list = (await call('system_admin', 'GET', '/api/v1/organisations')).json().organisations as { slug: string; parent: string | null }[];
    expect(list.find((o) => o.slug === 'a-song-hong')?.parent).toBe('phon-office');
    expect(list.find((o) => o.slug === 'huai-thong')?.parent).toBeNull();
  });

  it('shows the tree and those not yet placed on the organisations page, with a form that moves one', async () => {
    const root = await signedInClient(s.app, 'root@example.org', PASSWORD);
    const page = await root.get('/staff/system/organisations');
    expect(page.statusCode).toBe(200);
    const section = (id: string) => page.body.slice(page.body.indexOf(`id="${id}"`), page.body.indexOf('</section>', page.body.indexOf(`id="${id}"`)));
    const tree = section('org-tree-title');
    // dla > khon-kaen-office > phon-office > (ban-fang, a-song-hong: in Thai order of their names, บ before ห, not by slug)
    expect(tree).toMatch(/dla<\/code>[\s\S]*<ul class="org-tree">[\s\S]*khon-kaen-office[\s\S]*<ul class="org-tree">[\s\S]*phon-office[\s\S]*<ul class="org-tree">[\s\S]*ban-fang[\s\S]*a-song-hong/);
    const unplaced = section('org-unplaced-title');
    for (const slug of ['huai-thong', 'nacc', 'dla']) expect(unplaced).toContain(`<code>${slug}</code>`);
    expect(unplaced).not.toContain('<code>ban-fang</code>');
    // The top-level supervising offices are said to be so; the อบต. is not.
    expect(unplaced.match(/หน่วยกำกับระดับบนสุด<\/span>/g)).toHaveLength(2);

    // The create form takes the parent too.
    const form = { nameTh: 'เทศบาลตำบลโนนศิลา', type: 'tambon_municipality', province: '28', districtShown: '28', district: '', slug: 'non-sila' };
    const unknown = await root.post('/staff/system/organisations', { ...form, parent: 'nowhere' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('ไม่พบหน่วยงานต้นสังกัดชื่อย่อ &quot;nowhere&quot;');
    expect((await parents()).has('non-sila')).toBe(false);
    expect((await root.post('/staff/system/organisations', { ...form, parent: 'phon-office' })).statusCode).toBe(303);
    expect((await parents()).get('non-sila')).toBe('phon-office');

    const refused = await root.post('/staff/system/organisations/move', { moveSlug: 'dla', moveParent: 'phon-office' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('จึงเกิดวงวน');
    const moved = await root.post('/staff/system/organisations/move', { moveSlug: 'huai-thong', moveParent: 'phon-office' });
    expect(moved.statusCode).toBe(303);
    expect((await parents()).get('huai-thong')).toBe('phon-office');
    const unplace = await root.post('/staff/system/organisations/move', { moveSlug: 'huai-thong', moveParent: '' });
    expect(unplace.statusCode).toBe(303);
    expect((await parents()).get('huai-thong')).toBeNull();
  });
});

describe.each(backends())('prongsai org create --parent, org list, org move, org tree on %s', (backend) => {
  let t: TestDb;
  let dir = '';
  const run = runCli;
  const parentOf = async (slug: string) => ((JSON.parse((await run('org', 'list', '--json')).out) as { organisations: { slug: string; parent: string | null }[] }).organisations.find((o) => o.slug === slug))?.parent;

  beforeAll(async () => {
    t = await testDb(backend);
    dir = await mkdtemp(join(tmpdir(), 'prongsai-org-tree-'));
    if (backend === 'pglite') {
      // The CLI opens the same data folder itself.
      await t.db.close();
      vi.stubEnv('PRONGSAI_DATA', t.options.dataDir);
      vi.stubEnv('DATABASE_URL', '');
    } else {
      vi.stubEnv('DATABASE_URL', t.options.url);
    }
  }, 120_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
    if (backend === 'pglite') await rm(t.options.dataDir ?? '', { recursive: true, force: true });
    else await t.dispose();
  });

  it('creates organisations under a parent and lists each one’s parent', async () => {
    expect((await run('org', 'create', '--slug', 'dla', '--name', 'กรมส่งเสริมการปกครองท้องถิ่น', '--type', 'กรม', '--province', 'กรุงเทพมหานคร')).code).toBe(0);
    const office = await run('org', 'create', '--slug', 'phon-office', '--name', 'ท้องถิ่นอำเภอพล', '--type', 'ท้องถิ่นอำเภอ', '--province', 'ขอนแก่น', '--parent', 'dla');
    expect(office.code).toBe(0);
    expect(office.out).toContain('phon-office\tท้องถิ่นอำเภอพล');
    expect(office.out).toContain('ภายใต้ / under dla');
    const json = await run('org', 'create', '--slug', 'ban-fang', '--name', 'เทศบาลตำบลบ้านฝาง', '--type', 'ทต.', '--province', 'ขอนแก่น', '--parent', 'phon-office', '--json');
    expect(JSON.parse(json.out).organisation.parent).toBe('phon-office');
    const unknown = await run('org', 'create', '--slug', 'x-y', '--name', 'ทดสอบ', '--type', 'ทต.', '--province', 'ขอนแก่น', '--parent', 'nowhere');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('ข้อผิดพลาด: ไม่พบหน่วยงานต้นสังกัดชื่อย่อ "nowhere"');
    expect(unknown.err).toContain('Error: no parent organisation with the slug "nowhere"');
    const list = await run('org', 'list');
    expect(list.out).toMatch(/^ban-fang\t.*ภายใต้ \/ under phon-office$/m);
    expect(list.out).toMatch(/^dla\t[^\n]*$/m);
    expect(list.out).not.toMatch(/^dla\t.*under/m);
    expect(await parentOf('x-y')).toBeUndefined();
  });

  it('moves with --parent SLUG and --parent none; a cycle, an unknown slug or itself is exit 1 and changes nothing', async () => {
    const moved = await run('org', 'move', 'ban-fang', '--parent', 'dla');
    expect(moved.code).toBe(0);
    expect(moved.out).toContain('ย้ายแล้ว / moved: ban-fang ภายใต้ / under dla');
    const none = await run('org', 'move', 'ban-fang', '--parent', 'none', '--json');
    expect(none.code).toBe(0);
    expect(JSON.parse(none.out).organisation.parent).toBeNull();
    for (const [slug, parent, said] of [
      ['dla', 'phon-office', 'which would make a cycle'],
      ['dla', 'dla', 'cannot be its own parent'],
      ['dla', 'nowhere', 'no parent organisation with the slug "nowhere"'],
      ['nowhere', 'dla', 'no organisation with the slug "nowhere"'],
    ] as const) {
      const r = await run('org', 'move', slug, '--parent', parent);
      expect(r.code, `${slug} ${parent}`).toBe(1);
      expect(r.err).toContain(said);
      expect(r.err).toContain('ข้อผิดพลาด: ');
    }
    expect(await parentOf('dla')).toBeNull();
    expect((await run('org', 'move', 'ban-fang')).code).toBe(2);
  });

  it('loads the tree from a CSV: a dry run writes nothing, problems are listed by row with exit 1, then all is written', async () => {
    const bad = join(dir, 'bad-tree.csv');
    await writeFile(bad, 'agency,parent\nban-fang,phon-office\nnowhere,dla\nban-fang,dla\n');
    const refused = await run('org', 'tree', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('ผิดพลาด  แถวที่ 3 คอลัมน์ "agency": ไม่พบหน่วยงานชื่อย่อ "nowhere"');
    expect(refused.err).toContain('error    row 4 column "agency": the organisation "ban-fang" is given again (first in row 2)');
    expect(refused.err).toContain('not imported: fix the errors above; nothing was changed');
    expect(await parentOf('ban-fang')).toBeNull();

    const good = join(dir, 'tree.csv');
    await writeFile(good, 'agency,parent\nban-fang,phon-office\ndla,\n');
    const dry = await run('org', 'tree', good, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('จะย้าย / would move: 1, ไม่เปลี่ยน / unchanged: 1\nban-fang\t- → phon-office');
    expect(dry.out).toContain('nothing written (--dry-run)');
    expect(await parentOf('ban-fang')).toBeNull();

    const done = await run('org', 'tree', good, '--json');
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ written: true, moves: [{ slug: 'ban-fang', from: null, to: 'phon-office' }], unchanged: 1, problems: [] });
    expect(await parentOf('ban-fang')).toBe('phon-office');
    expect((await run('org', 'tree', join(dir, 'missing.csv'))).code).toBe(1);
  });
});
