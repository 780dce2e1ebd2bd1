/**
 * Small-count suppression (src/complaints/statistics.ts), checked by brute force against someone who knows the
 * rules: for every line of counts, every other line that publishes the same output is enumerated, and no count
 * shown as "< 5" may be the same (1 to 4) in all of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintStatistics } from '../src/app/complaints-stats.ts';
import { ensureDemo } from '../src/app/demo.ts';
import { cellText, protectLine } from '../src/complaints/statistics.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

function* vectors(length: number, max: number): Generator<number[]> {
  const v = new Array<number>(length).fill(0);
  for (;;) {
    yield [...v];
    let i = 0;
    while (i < length && v[i] === max) v[i++] = 0;
    if (i === length) return;
    v[i]!++;
  }
}

/** The small counts that someone knowing the rules can work out: "output → position = value". */
function workedOut(length: number, max: number): string[] {
  const groups = new Map<string, number[][]>();
  for (const x of vectors(length, max)) {
    const out = protectLine(x);
    const key = JSON.stringify(out);
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(x);
  }
  const found: string[] = [];
  for (const [key, xs] of groups) {
    // An output whose total is above `max` was only partly enumerated (a count may be above it): leave it out.
    const out = JSON.parse(key) as ReturnType<typeof protectLine>;
    if (out.total.kind === 'count' && out.total.value > max) continue;
    out.cells.forEach((c, i) => {
      if (c.kind !== 'below') return;
      const values = new Set(xs.map((x) => x[i]));
      if (values.size === 1 && !values.has(0)) found.push(`${cellsText(out.cells)} total ${cellText(out.total)} → cell ${i} = ${[...values][0]}`);
    });
  }
  return found;
}

const cellsText = (cells: readonly Parameters<typeof cellText>[0][]) => `[${cells.map(cellText).join(', ')}]`;

describe('complaint statistics suppression', () => {
  it('never shows a count below the threshold, and shows the others as they are', () => {
    const line = protectLine([0, 1, 4, 5, 12, 30]);
    expect(line.cells.map(cellText)).toEqual(['< 5', '< 5', '< 5', '5', '12', '–']);
    expect(line.total).toEqual({ kind: 'count', value: 52 });
    expect(protectLine([7, 12, 30]).cells.map(cellText)).toEqual(['7', '12', '30']);
    expect(protectLine([1, 2, 1]).total).toEqual({ kind: 'below', threshold: 5 });
    expect(protectLine([1, 2, 1]).cells.map(cellText)).toEqual(['< 5', '< 5', '< 5']);
  });

  it('withholds the largest count of a line with a small count, so that the total does not give the small one away', () => {
    // 3 + 7 + 9 = 19: with 7 and 9 shown, the 3 would be 19 − 16.
    expect(protectLine([3, 7, 9]).cells.map(cellText)).toEqual(['< 5', '7', '–']);
    // All small, total 12: shown as they are, each would be exactly 4.
    expect(protectLine([4, 4, 4]).cells.map(cellText)).toEqual(['–', '< 5', '< 5']);
    expect(protectLine([4, 4, 4]).total).toEqual({ kind: 'count', value: 12 });
  });

  it('refuses negative or fractional counts and a threshold below 2', () => {
    expect(() => protectLine([-1, 3])).toThrow(RangeError);
    expect(() => protectLine([1.5])).toThrow(RangeError);
    expect(() => protectLine([1], 1)).toThrow(RangeError);
  });

  it('lets nobody who knows the rules work out a small count (brute force over every line of 1 to 5 counts)', () => {
    for (const [length, max] of [[1, 20], [2, 20], [3, 18], [4, 14], [5, 11]] as const) expect(workedOut(length, max)).toEqual([]);
  });

  it('would catch the usual rule: withholding the smallest shown count lets a small count be worked out', () => {
    // The check itself: with the smallest shown count withheld, [5, 5, 1] (total 11) publishes [–, 5, < 5], and
    // the withheld count, at most the 5 still shown, is exactly 5, so the small one is 11 − 10 = 1.
    const usual = (x: readonly number[]) => {
      const small = x.some((c) => c < 5);
      const shown = x.filter((c) => c >= 5);
      const smallest = small && shown.length ? x.indexOf(Math.min(...shown)) : -1;
      return x.map((c, i) => (i === smallest ? '–' : c < 5 ? '<5' : String(c))).join(',');
    };
    const same = [...vectors(3, 11)].filter((x) => x.reduce((a, b) => a + b, 0) === 11 && usual(x) === usual([5, 5, 1]));
    expect(new Set(same.map((x) => x[2]))).toEqual(new Set([1]));
  });
});

describe.each(backends())('complaintStatistics on %s', (backend) => {
  let t: TestDb;
  let orgId: string;
  let otherOrgId: string;

  /** Complaints as rows (the statistics read only the plain columns; the boxes are placeholders here). */
  async function file(org: string, receivedOn: string, type: string, status = 'received', n = 1) {
    for (let i = 0; i < n; i++) {
      await t.db.query(
        `INSERT INTO complaints (org_id, channel, type, receipt_lookup, received_on, status, outcome, closed_on, ack_due, close_due, key_version, dek_box, body_box, message_key_box)
         VALUES ($1, $2, $3, md5(random()::text) || md5(random()::text), $4, $5, $6, $7, $4, $4, 1, '\\x00', '\\x00', '\\x00')`,
        [org, type === 'service' ? 'public' : 'internal', type, receivedOn, status, status === 'closed' ? 'resolved' : null, status === 'closed' ? receivedOn : null],
      );
    }
  }

  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    orgId = (await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'huai-thong'`))[0]!.id;
    otherOrgId = (await t.db.query<{ id: string }>(`INSERT INTO organisations (slug, name_th, kind) VALUES ('other-org', 'เทศบาลอื่น', 'municipality') RETURNING id`))[0]!.id;
    // FY 2569: October 2025 … September 2026.
    await file(orgId, '2025-10-03', 'service', 'closed', 7);
    await file(orgId, '2025-10-20', 'corruption', 'investigating', 1);
    await file(orgId, '2025-11-02', 'service', 'received', 6);
    await file(orgId, '2025-12-31', 'service', 'acknowledged', 2);
    await file(orgId, '2026-01-01', 'harassment', 'received', 1); // January: not over on 15 January
    await file(orgId, '2025-09-30', 'service', 'closed', 9); // FY 2568
    await file(otherOrgId, '2025-10-05', 'service', 'received', 30);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('counts the finished months of the fiscal year by month, type and status, hiding every count below 5', async () => {
    const s = await complaintStatistics(t.db, orgId, 2569, { asOf: new Date('2026-01-15T05:00:00Z') });
    expect(s.countedThrough).toBe('2025-12-31');
    expect(s.byMonth.rows.map((r) => r.key)).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
    expect(s.byMonth.rows[0]).toMatchObject({ th: 'ตุลาคม 2568', en: 'October 2568' });
    // October 8, November 6, December 2 (< 5): the largest (October) is withheld so that December cannot be worked out.
    expect(s.byMonth.rows.slice(0, 4).map((r) => cellText(r.cell))).toEqual(['–', '6', '< 5', '']);
    expect(s.byMonth.rows.slice(3).every((r) => r.cell.kind === 'pending')).toBe(true);
    expect(s.total).toEqual({ kind: 'count', value: 16 });
    expect(s.byType.total).toEqual(s.total);
    expect(s.byStatus.total).toEqual(s.total);
    expect(Object.fromEntries(s.byType.rows.map((r) => [r.key, cellText(r.cell)]))).toEqual({ service: '–', corruption: '< 5', misconduct: '< 5', harassment: '< 5', other: '< 5' });
    expect(Object.fromEntries(s.byStatus.rows.map((r) => [r.key, cellText(r.cell)]))).toEqual({ received: '6', acknowledged: '< 5', investigating: '< 5', closed: '–' });
    // No figure of any table is a number below the threshold.
    for (const table of [s.byMonth, s.byType, s.byStatus]) {
      for (const cell of [...table.rows.map((r) => r.cell), table.total]) if (cell.kind === 'count') expect(cell.value).toBeGreaterThanOrEqual(5);
    }
  });

  it('counts nothing before the first month is over, and a finished year whole', async () => {
    const early = await complaintStatistics(t.db, orgId, 2569, { asOf: new Date('2025-10-31T16:00:00Z') }); // 31 Oct 23:00 in Bangkok
    expect(early.countedThrough).toBeNull();
    expect(early.total).toEqual({ kind: 'below', threshold: 5 });
    const later = await complaintStatistics(t.db, orgId, 2569, { asOf: new Date('2026-10-01T00:00:00Z') });
    expect(later.countedThrough).toBe('2026-09-30');
    expect(later.total).toEqual({ kind: 'count', value: 17 });
    const other = await complaintStatistics(t.db, otherOrgId, 2569, { asOf: new Date('2026-10-01T00:00:00Z') });
    expect(other.total).toEqual({ kind: 'count', value: 30 });
    // 30 in October and none in the other months: 0 is below the threshold too, so October is withheld.
    expect(other.byMonth.rows.map((r) => cellText(r.cell))).toEqual(['–', ...new Array(11).fill('< 5')]);
    expect(other.byType.rows.map((r) => cellText(r.cell))).toEqual(['–', '< 5', '< 5', '< 5', '< 5']);
  });

  it('refuses a fiscal year that is not a Buddhist-era year', async () => {
    await expect(complaintStatistics(t.db, orgId, 2025)).rejects.toMatchObject({ field: 'year' });
  });
});
