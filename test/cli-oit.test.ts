/**
 * `prongsai oit check` (issue 21, wave 2, W1): JSON Lines, one object per item, with Thai and English reasons and
 * each address's status; the readable table with the estimate on stderr; exit 1 with Thai and English on a bad
 * --org, --year or --item. Addresses of a local test site, let through by PRONGSAI_OIT_ALLOW_HOSTS.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb } from '../src/db/index.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { runCli } from './helpers/cli.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { startOitSite, type OitSite } from './helpers/oit-site.ts';

const ORIGIN = 'https://ita.huai-thong.example';
const base = ['oit', 'check', '--org', 'huai-thong', '--year', '2570'];

describe.each(backends())('prongsai oit check (%s)', (backend) => {
  let t: TestDb;
  let site: OitSite;

  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    site = await startOitSite();
    vi.stubEnv('PRONGSAI_PUBLIC_URL', ORIGIN);
    vi.stubEnv('PRONGSAI_OIT_ALLOW_HOSTS', site.host);
    vi.stubEnv('DATABASE_URL', t.options.url ?? '');
    if (t.options.dataDir) vi.stubEnv('PRONGSAI_DATA', t.options.dataDir);
    // PGlite: one process at a time on its folder; the CLI opens it itself.
    await t.db.close();
  }, 120_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    await site?.close();
    await t?.dispose().catch(() => undefined);
  });

  it('--json: one object per item, with each address’s status and the reasons in Thai and English', async () => {
    const good = await runCli(...base, '--item', 'O12', '--url', `${site.base}/o12`, '--json');
    expect(good.err).toBe('');
    expect(good.code).toBe(0);
    const lines = good.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ item: 'O12', status: 'pass', reasons: [], urls: [{ url: `${site.base}/o12`, status: 200, reason: null }] });

    // --url repeats; a 404 and a redirect to the cloud metadata address fail with their reasons.
    const bad = await runCli(...base, '--item', 'O12', '--url', `${site.base}/missing`, '--url', `${site.base}/to-metadata`, '--json');
    expect(bad.code).toBe(0);
    const [o12] = bad.out.trim().split('\n').map((l) => JSON.parse(l) as { status: string; reasons: { code: string; th: string; en: string; todoTh: string; todoEn: string }[]; urls: { url: string; status: number | null; reason: { th: string; en: string } | null }[] });
    expect(o12!.status).toBe('fail');
    expect(o12!.urls.map((u) => u.status)).toEqual([404, null]);
    expect(o12!.urls[0]!.reason).toMatchObject({ th: 'ลิงก์ตอบกลับ 404' });
    expect(o12!.urls[1]!.reason?.th).toContain('169.254.169.254');
    expect(o12!.reasons.every((r) => r.code && r.th && r.en && r.todoTh && r.todoEn)).toBe(true);
  }, 60_000);

  it('every item of the year, one line each, the history recorded', async () => {
    const all = await runCli(...base, '--json');
    expect(all.code).toBe(0);
    const items = all.out.trim().split('\n').map((l) => JSON.parse(l) as { item: string; status: string });
    expect(items.map((i) => i.item)).toEqual(Array.from({ length: items.length }, (_, i) => `O${i + 1}`));
    expect(items.every((i) => ['pass', 'manual', 'fail'].includes(i.status))).toBe(true);
    const opened = await openDb(t.options);
    try {
      const recorded = await opened.query<{ item_code: string; trigger: string }>('SELECT item_code, trigger FROM oit_checks');
      expect(recorded.map((r) => r.item_code).sort()).toEqual(items.map((i) => i.item).sort());
      expect(recorded.every((r) => r.trigger === 'cli')).toBe(true);
    } finally {
      await opened.close();
    }
  }, 60_000);

  it('without --json: a Thai and English table, the estimate on stderr', async () => {
    const plain = await runCli(...base, '--item', 'O12', '--url', `${site.base}/o12`);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('O12  ผ่าน / pass');
    expect(plain.out).toContain('ไม่บันทึกประวัติ / the given URLs only: not recorded');
    expect(plain.err).toContain('คะแนนโดยประมาณ / estimated');
  }, 60_000);

  it('a bad --org, --year or --item: exit 1 with Thai and English', async () => {
    for (const args of [
      ['oit', 'check', '--org', 'no-such-org', '--year', '2570'],
      ['oit', 'check', '--org', 'huai-thong', '--year', 'xx'],
      ['oit', 'check', '--org', 'huai-thong', '--year', '2567'],
      [...base, '--item', 'O99'],
      ['oit', 'check', '--year', '2570'],
    ]) {
      const r = await runCli(...args, '--json');
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.out, args.join(' ')).toBe('');
      expect(r.err, args.join(' ')).toMatch(/ข้อผิดพลาด: .+\nError: .+/);
    }
  }, 60_000);
});
