import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportPack } from '../src/criteria/criteria.ts';
import { getCriteria, type CriteriaPack } from '../src/ita/index.ts';
import { runCli } from './helpers/cli.ts';

const run = runCli;

const ALL_90 = Array.from({ length: 10 }, (_, i) => `${i + 1}=90`).join(',');
const BIN = fileURLToPath(new URL('../bin/prongsai.js', import.meta.url));

let dir = '';
/** FY 2571, which the release does not know: the 2570 criteria with OIT weighing 50%. */
let pack2571 = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prongsai-cli-criteria-'));
  const base = structuredClone(exportPack(2570)) as CriteriaPack & { provisional?: unknown };
  delete base.provisional;
  const pack = { ...base, year: 2571, titleTh: base.titleTh.replace('2570', '2571'), tools: base.tools.map((t) => ({ ...t, weight: t.code === 'OIT' ? '0.5' : '0.25' })) };
  pack2571 = join(dir, '2571.json');
  await writeFile(pack2571, JSON.stringify(pack, null, 2));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prongsai criteria --year Y --json keeps its shape', () => {
  it('prints the year exactly as the registry holds it, fields in today’s order, no schemaVersion', async () => {
    const r = await run('criteria', '--year', '2568', '--json');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${JSON.stringify(getCriteria(2568), null, 2)}\n`);
    const json = JSON.parse(r.out) as Record<string, unknown> & { oitItems: { code: string; titleTh: string }[] };
    expect(Object.keys(json)).toEqual([
      'year', 'revision', 'titleTh', 'indicators', 'passMark', 'decimals', 'scales', 'questions', 'tools', 'gradeRule', 'oitSubIndicators',
      'oitItems', 'oitAggregation', 'notes', 'sources',
    ]);
    expect(json).toMatchObject({ year: 2568, revision: 2 });
    expect(json.oitItems[0]).toMatchObject({ code: 'O1', titleTh: expect.any(String) });
  });
});

describe('--criteria-pack FILE', () => {
  it('score, analyze and criteria use the pack for the command, and forget it afterwards', async () => {
    const scored = await run('score', '--year', '2571', '--indicators', ALL_90.replace('9=90', '9=70'), '--criteria-pack', pack2571, '--json');
    expect(scored.code).toBe(0);
    // 90×0.25 + 90×0.25 + 80×0.5 = 85
    expect(JSON.parse(scored.out)).toMatchObject({ year: 2571, overall: 85 });
    const analysed = await run('analyze', '--year', '2571', '--indicators', ALL_90, '--criteria-pack', pack2571, '--json');
    expect(JSON.parse(analysed.out)).toMatchObject({ year: 2571 });
    const listed = await run('criteria', '--json', '--criteria-pack', pack2571);
    expect(JSON.parse(listed.out).years).toContain(2571);
    expect(JSON.parse((await run('criteria', '--json')).out).years).not.toContain(2571);
    expect((await run('score', '--year', '2571', '--indicators', ALL_90)).code).toBe(1);
  });

  it('a broken pack file ends with exit 1 and the path of each problem', async () => {
    const broken = join(dir, 'broken.json');
    const pack = structuredClone(exportPack(2568)) as unknown as { schemaVersion: number; tools: { weight?: string }[] };
    pack.schemaVersion = 2;
    delete pack.tools[2]!.weight;
    await writeFile(broken, JSON.stringify(pack));
    const r = await run('score', '--year', '2568', '--indicators', ALL_90, '--criteria-pack', broken);
    expect(r.code).toBe(1);
    expect(r.err).toContain('schemaVersion');
    expect(r.err).toContain('tools.2.weight');
    expect(r.err).toContain('ข้อผิดพลาด: tools.2.weight: ต้องระบุ');
    expect(r.err).toContain('Error: tools.2.weight: is required');
  });

  it('score never opens a database: no data folder is created', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'prongsai-nodb-'));
    const env = { ...process.env };
    delete env.PRONGSAI_DATA;
    delete env.DATABASE_URL;
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'score', '--year', '2571', '--indicators', ALL_90, '--criteria-pack', pack2571, '--json'], { cwd, env });
    expect(JSON.parse(stdout)).toMatchObject({ year: 2571, overall: 90 });
    expect(await readdir(cwd)).toEqual([]);
    await rm(cwd, { recursive: true, force: true });
  }, 60_000);
});

describe('prongsai criteria import and export', () => {
  it('export writes a pack that validates; import checks (dry run), stores, then refuses the same revision', async () => {
    vi.stubEnv('PRONGSAI_DATA', join(dir, 'data'));
    vi.stubEnv('DATABASE_URL', '');
    try {
      const out = join(dir, '2566.json');
      expect((await run('criteria', 'export', '--year', '2566', '--out', out)).code).toBe(0);
      expect(existsSync(join(dir, 'data'))).toBe(false);
      const exported = JSON.parse(await readFile(out, 'utf8')) as CriteriaPack;
      expect(exported).toMatchObject({ schemaVersion: 1, year: 2566, revision: 1 });

      const next = join(dir, '2566-r2.json');
      await writeFile(next, JSON.stringify({ ...exported, revision: 2, oitItems: exported.oitItems.filter((i) => i.code !== 'O43') }));
      const dry = await run('criteria', 'import', next, '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.out).toContain('OIT items removed: O43');
      expect(dry.out).toContain('--dry-run');
      expect((await run('criteria', 'export', '--year', '2566')).out).toContain('"revision": 1');

      const done = await run('criteria', 'import', next);
      expect(done.code).toBe(0);
      expect(done.out).toContain('imported');
      const again = await run('criteria', 'import', next);
      expect(again.code).toBe(1);
      expect(again.err).toContain('already have revision 2');

      // Export reads the stored packs: the newest revision by default, any revision on request; same content.
      const r2 = JSON.parse((await run('criteria', 'export', '--year', '2566')).out) as CriteriaPack;
      expect(r2).toEqual(JSON.parse(await readFile(next, 'utf8')));
      expect(JSON.parse((await run('criteria', 'export', '--year', '2566', '--revision', '1')).out)).toEqual(exported);
      expect((await run('criteria', 'export', '--year', '2566', '--revision', '9')).code).toBe(1);
      // `criteria` itself never opens the database: it knows the built-in revision only.
      expect(JSON.parse((await run('criteria', '--year', '2566', '--json')).out).revision).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
  }, 120_000);
});
