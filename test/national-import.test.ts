/**
 * The national results in one step (issue 18, point 5): one file of every agency's results for a fiscal year,
 * matched by slug or ITAS code, the missing organisations created in the tree (parents from the same file first),
 * all or nothing, with a dry run; and the CLI contract `prongsai import FILE --year Y --create-orgs [--dry-run]`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { tableFromCsv } from '../src/io/tables.ts';
import { createOrganisation } from '../src/organisations/organisations.ts';
import { importNational } from '../src/years/national-import.ts';
import { scoresRows } from '../src/years/transfer.ts';
import { runCli } from './helpers/cli.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

const actor = cliActor('national-import test');
const system = cliPrincipal(actor);
const HEADER = 'agency,name,type,province,district,parent,1,2,3,4,5,6,7,8,9,10,itas_code,eit1,eit2';
const scores = (n: number) => Array.from({ length: 10 }, (_, i) => String(n + i * 0.5)).join(',');
/** A department and a provincial office new in the file (the office listed first, its parent after it), a
 * municipality under the office, and a stored organisation named only by its ITAS code. */
const GOOD = [
  HEADER,
  `kk-office,สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น,provincial_local_office,ขอนแก่น,,dla,${scores(80)},,,`,
  `dla,กรมส่งเสริมการปกครองท้องถิ่น,department,กรุงเทพมหานคร,,,${scores(85)},,,`,
  `ban-fang,เทศบาลตำบลบ้านฝาง,ทต.,ขอนแก่น,บ้านฝาง,kk-office,${scores(90)},bf01,90,91.5`,
  `old-name,อบต.เดิม,อบต.,ขอนแก่น,,,${scores(70)},u4gpi2,,`,
].join('\n');
const table = (text: string) => tableFromCsv(new TextEncoder().encode(text), 'national.csv');

describe.each(backends())('the national results import on %s', (backend) => {
  let t: TestDb;
  const slugs = async () => (await t.db.query<{ slug: string; parent: string | null; itas: string | null }>(
    'SELECT o.slug, p.slug AS parent, o.itas_code AS itas FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id ORDER BY o.slug',
  ));
  beforeEach(async () => {
    t = await testDb(backend);
    await createOrganisation(t.db, system, { slug: 'stored', nameTh: 'องค์การบริหารส่วนตำบลเก่า', type: 'อบต.', province: 'ขอนแก่น' });
    await t.db.query(`UPDATE organisations SET itas_code = 'u4gpi2' WHERE slug = 'stored'`);
  });
  afterEach(async () => t.dispose());

  it('a dry run lists what would be made and writes nothing; the import creates parents first, matches by ITAS code', async () => {
    const before = await slugs();
    const dry = await importNational(t.db, actor, table(GOOD), { year: 2569, createOrgs: true, dryRun: true });
    expect(dry).toMatchObject({ written: false, problems: [] });
    expect(dry.summary).toEqual({
      created: [{ slug: 'dla', parent: null }, { slug: 'kk-office', parent: 'dla' }, { slug: 'ban-fang', parent: 'kk-office' }],
      matchedByItas: [{ agency: 'old-name', slug: 'stored' }],
      yearsCreated: ['kk-office', 'dla', 'ban-fang', 'stored'],
      organisations: 4,
    });
    expect(await slugs()).toEqual(before);
    expect(await scoresRows(t.db, 2569)).toEqual([]);

    const done = await importNational(t.db, actor, table(GOOD), { year: 2569, createOrgs: true });
    expect(done).toMatchObject({ written: true, problems: [] });
    expect(await slugs()).toEqual([
      { slug: 'ban-fang', parent: 'kk-office', itas: 'bf01' },
      { slug: 'dla', parent: null, itas: null },
      { slug: 'kk-office', parent: 'dla', itas: null },
      { slug: 'stored', parent: null, itas: 'u4gpi2' },
    ]);
    const rows = await scoresRows(t.db, 2569);
    expect(rows.map((r) => r.agency)).toEqual(['ban-fang', 'dla', 'kk-office', 'stored']);
    expect(rows.find((r) => r.agency === 'ban-fang')).toMatchObject({ year: 2569, indicators: { 1: 90, 10: 94.5 }, eitParts: [90, 91.5] });
    expect(rows.find((r) => r.agency === 'stored')?.indicators).toMatchObject({ 1: 70, 5: 72 });

    // Again, with a changed score: the organisations are now matched, the scores updated, nothing made twice.
    const again = await importNational(t.db, actor, table(GOOD.replace(`${scores(70)},u4gpi2`, `${scores(71)},u4gpi2`)), { year: 2569, createOrgs: true });
    expect(again).toMatchObject({ written: true, summary: { created: [], yearsCreated: [], organisations: 4 } });
    expect((await slugs()).length).toBe(4);
    const after = await scoresRows(t.db, 2569);
    expect(after.find((r) => r.agency === 'stored')?.indicators).toMatchObject({ 1: 71 });
    expect(after.filter((r) => r.agency !== 'stored')).toEqual(rows.filter((r) => r.agency !== 'stored'));
  });

  it('without --create-orgs a missing organisation is a problem of its row; one bad row and nothing is written', async () => {
    const before = await slugs();
    const missing = await importNational(t.db, actor, table(GOOD), { year: 2569 });
    expect(missing.written).toBe(false);
    expect(missing.problems.map((p) => [p.row, p.column])).toEqual([[2, 'agency'], [3, 'agency'], [4, 'agency']]);
    expect(missing.problems[0]).toMatchObject({ th: expect.stringContaining('ไม่พบหน่วยงาน'), en: expect.stringContaining('no organisation "kk-office"') });

    const bad = [
      GOOD.replace(`,dla,${scores(80)}`, `,dla,${scores(80).replace(/^80/, '180')}`),
      `bad-type,หน่วยงานแปลก,ไม่มีประเภทนี้,ขอนแก่น,,,${scores(80)},,,`,
      `orphan,เทศบาลตำบลกำพร้า,ทต.,ขอนแก่น,,nowhere,${scores(80)},,,`,
    ].join('\n');
    const refused = await importNational(t.db, actor, table(bad), { year: 2569, createOrgs: true });
    expect(refused.written).toBe(false);
    expect(refused.problems.map((p) => [p.row, p.column])).toEqual([[2, '1'], [6, 'type'], [7, 'parent']]);
    for (const p of refused.problems) expect(p.th).not.toBe(p.en);
    expect(refused.problems[2]).toMatchObject({ th: expect.stringContaining('nowhere'), en: expect.stringContaining('no parent organisation "nowhere"') });
    expect(await slugs()).toEqual(before);
    expect(await scoresRows(t.db, 2569)).toEqual([]);
  });

  it('refuses new organisations whose parents in the file lead back to themselves, and writes nothing', async () => {
    const before = await slugs();
    const loop = [
      HEADER,
      `office-a,ท้องถิ่นอำเภอเอ,district_local_office,ขอนแก่น,,office-b,${scores(80)},,,`,
      `office-b,ท้องถิ่นอำเภอบี,district_local_office,ขอนแก่น,,office-a,${scores(80)},,,`,
      `ban-fang,เทศบาลตำบลบ้านฝาง,ทต.,ขอนแก่น,บ้านฝาง,,${scores(90)},,,`,
    ].join('\n');
    const refused = await importNational(t.db, actor, table(loop), { year: 2569, createOrgs: true });
    expect(refused.written).toBe(false);
    expect(refused.problems.length).toBeGreaterThan(0);
    for (const p of refused.problems) expect(p).toMatchObject({ column: 'parent', th: expect.stringContaining('วนกลับมาที่ตัวเอง'), en: expect.stringContaining('lead back to it') });
    expect(refused.problems.every((p) => p.row === 2 || p.row === 3)).toBe(true);
    expect(await slugs()).toEqual(before);
    expect(await scoresRows(t.db, 2569)).toEqual([]);
  });
});

describe('prongsai import FILE --year Y --create-orgs [--dry-run] (PGlite)', () => {
  let t: TestDb;
  let dir = '';
  beforeAll(async () => {
    t = await testDb('pglite');
    await t.db.close();
    dir = await mkdtemp(join(tmpdir(), 'prongsai-national-'));
    vi.stubEnv('PRONGSAI_DATA', t.options.dataDir);
    vi.stubEnv('DATABASE_URL', '');
  }, 120_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
    await rm(t.options.dataDir ?? '', { recursive: true, force: true });
  });

  it('checks with --dry-run, then imports all rows in one step', async () => {
    const file = join(dir, 'national.csv');
    await writeFile(file, GOOD.split('\n').slice(0, 4).join('\n'));
    const dry = await runCli('import', file, '--year', '2569', '--create-orgs', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('"slug":"dla"');
    expect(dry.out).toContain('checked, nothing written (--dry-run)');
    expect(JSON.parse((await runCli('org', 'list', '--json')).out).organisations).toEqual([]);

    const none = await runCli('import', file, '--year', '2569');
    expect(none.code).toBe(1);
    expect(none.err).toContain('no organisation "kk-office"');

    const done = await runCli('import', file, '--year', '2569', '--create-orgs');
    expect(done.code).toBe(0);
    expect(done.out).toContain('imported');
    const orgs = JSON.parse((await runCli('org', 'list', '--json')).out).organisations as { slug: string; parent: string | null }[];
    expect(orgs.map((o) => [o.slug, o.parent]).sort()).toEqual([['ban-fang', 'kk-office'], ['dla', null], ['kk-office', 'dla']]);
    const exported = join(dir, 'out.csv');
    expect((await runCli('export', '--what', 'scores', '--year', '2569', '--format', 'csv', '--out', exported)).out).toContain('3');
  });
});
