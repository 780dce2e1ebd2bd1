/**
 * Complaint statistics (src/complaints/statistics.ts, src/complaints/stats.ts), checked by brute force against
 * someone who knows the rules and reads everything published: for one period, every set of lines that publishes
 * the same output is enumerated; across the four quarters and the year, every set of quarters that publishes the
 * same quarter tables and is consistent with the year's table. No count shown as "< 5" (nor a withheld year count
 * of 1 to 4) may be the same value of 1 to 4 in all of them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintStatistics, type PeriodStatistics } from '../src/complaints/stats.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { cellText, protectLine, protectPeriod, sumOfPublished, type ProtectedLine, type StatCell } from '../src/complaints/statistics.ts';
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

const sum = (x: readonly number[]) => x.reduce((a, b) => a + b, 0);
const texts = (line: ProtectedLine) => [...line.cells.map(cellText), cellText(line.total)];
const small = (v: number) => v >= 1 && v <= 4;

/** Every line of `length` counts adding up to `total`. */
function* compositions(length: number, total: number): Generator<number[]> {
  if (length === 1) {
    yield [total];
    return;
  }
  for (let first = 0; first <= total; first++) for (const rest of compositions(length - 1, total - first)) yield [first, ...rest];
}

/**
 * The counts shown as "< 5" that someone knowing the rules can work out, for periods of lines of the given lengths
 * with totals up to `maxTotal`. An output with the total shown was enumerated whole. One with the total withheld
 * is also published by periods with larger totals (every line's withheld count larger): it is checked when its
 * smallest total leaves room to move each "< 5" over 1 to 4 within `maxTotal`, on what was enumerated (a part of
 * what is possible, so the check can only be stricter than the truth).
 */
function workedOut(lengths: readonly number[], maxTotal: number, publish: (lines: number[][]) => ProtectedLine[] = (l) => protectPeriod(l)): string[] {
  const groups = new Map<string, number[][]>();
  const combine = (i: number, total: number, acc: number[][]) => {
    if (i === lengths.length) {
      const key = JSON.stringify(publish(acc));
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(acc.flat());
      return;
    }
    for (const x of compositions(lengths[i]!, total)) combine(i + 1, total, [...acc, x]);
  };
  for (let total = 0; total <= maxTotal; total++) combine(0, total, []);
  const found: string[] = [];
  for (const [key, xs] of groups) {
    const out = JSON.parse(key) as ProtectedLine[];
    const cells = out.flatMap((l) => l.cells);
    const hidden = cells.filter((c) => c.kind === 'below').length;
    if (out[0]!.total.kind === 'withheld' && Math.min(...xs.map((x) => sum(x) / lengths.length)) + 4 * hidden > maxTotal) continue;
    cells.forEach((c, i) => {
      if (c.kind !== 'below') return;
      const values = new Set(xs.map((x) => x[i]));
      if (values.size === 1 && small([...values][0]!)) found.push(`${out.map((l) => texts(l).join(' ')).join(' | ')} → cell ${i} = ${[...values][0]}`);
    });
  }
  return found;
}

describe('complaint statistics suppression', () => {
  it('shows zeros and counts of 5 or more as they are when a line has no count of 1 to 4 (issue 16)', () => {
    expect(texts(protectLine([30, 0, 0, 0, 0]))).toEqual(['30', '0', '0', '0', '0', '30']);
    expect(texts(protectLine([0, 0, 0]))).toEqual(['0', '0', '0', '0']);
    expect(texts(protectLine([7, 12, 0]))).toEqual(['7', '12', '0', '19']);
  });

  it('hides counts of 1 to 4, and in such a line the largest count and the total, but shows every zero as 0 (issue 16)', () => {
    // 3 + 7 + 9 = 19: with 7, 9 and the total shown, the 3 would be 19 − 16.
    expect(texts(protectLine([3, 7, 9]))).toEqual(['< 5', '7', '–', '–']);
    // A type with no complaint reads "0", never "< 5": the suppression is for 1 to 4 only.
    expect(texts(protectLine([0, 1, 4, 5, 12, 30]))).toEqual(['0', '< 5', '< 5', '5', '12', '–', '–']);
    expect(texts(protectLine([4, 4, 4]))).toEqual(['–', '< 5', '< 5', '–']);
    expect(texts(protectLine([1, 2, 1]))).toEqual(['< 5', '–', '< 5', '–']);
    expect(texts(protectLine([0, 3, 0]))).toEqual(['0', '–', '0', '–']);
  });

  it('withholds the total and the largest count in every line of a period when one line has a "< 5"', () => {
    // [5, 1, 5]: the "< 5" is known to be 1 to 4 (zeros are shown), the withheld 5 is at least the 5 shown: with
    // the total 11 shown, it would be 1.
    const [a, b] = protectPeriod([[5, 1, 5], [11, 0]]);
    expect(texts(a!)).toEqual(['–', '< 5', '5', '–']);
    expect(texts(b!)).toEqual(['–', '0', '–']);
    expect(protectPeriod([[5, 1, 0, 5], [11, 0]]).map(texts)).toEqual([['–', '< 5', '0', '5', '–'], ['–', '0', '–']]);
    expect(protectPeriod([[5, 6, 0], [11, 0]]).map(texts)).toEqual([['5', '6', '0', '11'], ['11', '0', '11']]);
    expect(() => protectPeriod([[1, 2], [4]])).toThrow(RangeError);
  });

  it('refuses negative or fractional counts and a threshold below 2', () => {
    expect(() => protectLine([-1, 3])).toThrow(RangeError);
    expect(() => protectLine([1.5])).toThrow(RangeError);
    expect(() => protectLine([1], 1)).toThrow(RangeError);
  });

  it('lets nobody who knows the rules work out a small count of one period (brute force, one to three lines)', () => {
    for (const [lengths, maxTotal] of [[[1], 30], [[2], 30], [[3], 24], [[4], 20], [[5], 16], [[1, 2], 24], [[2, 2], 24], [[2, 3], 18], [[3, 3], 14], [[2, 2, 2], 14]] as const) {
      expect(workedOut(lengths, maxTotal), JSON.stringify(lengths)).toEqual([]);
    }
  });

  it('would catch a total shown beside a single "< 5" when zeros are shown (the check itself)', () => {
    const totalShown = (lines: number[][]) => lines.map((l): ProtectedLine => ({ ...protectLine(l), total: { kind: 'count', value: sum(l) } }));
    const leaks = workedOut([3], 12, totalShown);
    expect(leaks).toContain('– < 5 5 11 → cell 1 = 1');
  });

  it('would catch a period whose total is withheld but whose other line shows every count (the check itself)', () => {
    const leaky = (lines: number[][]) =>
      protectPeriod(lines).map((line, i) => (lines[i]!.some(small) ? line : { ...line, cells: lines[i]!.map((v): StatCell => ({ kind: 'count', value: v })) }));
    expect(workedOut([3, 2], 18, leaky)).toContain('– < 5 5 – | 11 0 – → cell 1 = 1');
  });

  it('would catch the usual rule: withholding the smallest shown count lets a small count be worked out', () => {
    // With the smallest shown count withheld, [5, 5, 1] (total 11) publishes [–, 5, < 5], and the withheld count,
    // at most the 5 still shown, is exactly 5, so the small one is 11 − 10 = 1.
    const usual = (x: readonly number[]) => {
      const shown = x.filter((c) => c >= 5);
      const smallest = x.some((c) => c < 5) && shown.length ? x.indexOf(Math.min(...shown)) : -1;
      return x.map((c, i) => (i === smallest ? '–' : c < 5 ? '<5' : String(c))).join(',');
    };
    const same = [...vectors(3, 11)].filter((x) => sum(x) === 11 && usual(x) === usual([5, 5, 1]));
    expect(new Set(same.map((x) => x[2]))).toEqual(new Set([1]));
  });

  it('makes a year count only from quarter counts that were all shown', () => {
    const year = sumOfPublished([protectLine([30, 0]), protectLine([5, 0]), protectLine([2, 7]), protectLine([0, 0])]);
    // [2, 7] has a "< 5": that quarter's total is withheld, so the year's is too.
    expect(texts(year)).toEqual(['–', '–', '–']);
    expect(texts(sumOfPublished([protectLine([30, 0]), protectLine([5, 0]), protectLine([0, 7]), protectLine([0, 0])]))).toEqual(['35', '7', '42']);
  });
});

// -------------------------------------------------------------------------------------------------------------
// Several publications: four quarters (a line by type and a line by status, same total) and the year (by type,
// made from the quarters). The attacker knows the rules and every publication.

const TYPES = 2;
const STATUSES = 2;
/** The largest count enumerated for a quarter's cells (the tables generated stay below it). */
const CAP = 11;

interface Quarter {
  readonly type: number[];
  readonly status: number[];
}
type YearRule = (quarters: readonly ProtectedLine[][], typeSums: readonly number[]) => ProtectedLine;

const publishQuarter = (q: Quarter) => protectPeriod([q.type, q.status]);
/** Ours: the year from the quarters' published lines. */
const derivedYear: YearRule = (quarters) => sumOfPublished(quarters.map((q) => q[0]!));
/** A running total: the year protected on its own, as if no quarter had been published. */
const separateYear: YearRule = (_, typeSums) => protectLine([...typeSums]);

/** Every quarter that publishes `out`, with counts up to CAP. */
function quartersPublishing(out: string): Quarter[] {
  const found: Quarter[] = [];
  const statuses = new Map<number, number[][]>();
  for (const s of vectors(STATUSES, CAP)) (statuses.get(sum(s)) ?? statuses.set(sum(s), []).get(sum(s))!).push(s);
  for (const type of vectors(TYPES, CAP)) for (const status of statuses.get(sum(type)) ?? []) if (JSON.stringify(publishQuarter({ type, status })) === out) found.push({ type, status });
  return found;
}

/**
 * The counts of 1 to 4 hidden in the quarters or the year that someone knowing the rules can work out from
 * everything published: a dynamic programme over the quarters, its state the year's counts by type so far.
 */
function workedOutAcrossPeriods(table: readonly Quarter[], yearRule: YearRule): string[] {
  const published = table.map(publishQuarter);
  const year = JSON.stringify(yearRule(published, Array.from({ length: TYPES }, (_, k) => sum(table.map((q) => q.type[k]!)))));
  const candidates = published.map((p) => quartersPublishing(JSON.stringify(p)));
  const key = (s: readonly number[]) => s.join(',');
  const add = (s: readonly number[], q: Quarter) => s.map((v, k) => v + q.type[k]!);
  // Final states the year's publication agrees with; then, backwards, the states from which one is reachable.
  const good: Set<string>[] = new Array(5);
  const reach: Map<string, number[]>[] = [new Map([[key(new Array(TYPES).fill(0)), new Array(TYPES).fill(0)]])];
  for (let i = 0; i < 4; i++) {
    const next = new Map<string, number[]>();
    for (const s of reach[i]!.values()) for (const c of candidates[i]!) next.set(key(add(s, c)), add(s, c));
    reach.push(next);
  }
  good[4] = new Set([...reach[4]!].filter(([, s]) => JSON.stringify(yearRule(published, s)) === year).map(([k]) => k));
  for (let i = 3; i >= 0; i--) {
    good[i] = new Set([...reach[i]!].filter(([, s]) => candidates[i]!.some((c) => good[i + 1]!.has(key(add(s, c))))).map(([k]) => k));
  }
  const found: string[] = [];
  table.forEach((q, i) => {
    const possible = candidates[i]!.filter((c) => [...reach[i]!.values()].some((s) => good[i]!.has(key(s)) && good[i + 1]!.has(key(add(s, c)))));
    const cells = [...published[i]![0]!.cells, published[i]![0]!.total, ...published[i]![1]!.cells];
    const values = (c: Quarter) => [...c.type, sum(c.type), ...c.status];
    cells.forEach((cell, j) => {
      if (cell.kind === 'count') return;
      const seen = new Set(possible.map((c) => values(c)[j]));
      if (seen.size === 1 && small([...seen][0]!)) found.push(`quarter ${i + 1} cell ${j} = ${[...seen][0]}`);
    });
  });
  const finals = [...reach[4]!].filter(([k]) => good[4]!.has(k)).map(([, s]) => s);
  const yearOut = JSON.parse(year) as ProtectedLine;
  [...yearOut.cells, yearOut.total].forEach((cell: StatCell, k) => {
    if (cell.kind === 'count') return;
    const seen = new Set(finals.map((s) => (k < TYPES ? s[k]! : sum(s))));
    if (seen.size === 1 && small([...seen][0]!)) found.push(`year cell ${k} = ${[...seen][0]}`);
  });
  return found;
}

/** A quarter with counts by type from the generator and the same complaints spread over the statuses. */
const quarterArb = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: TYPES, maxLength: TYPES }), fc.integer({ min: 0, max: 100 }))
  .filter(([type]) => sum(type) <= 8)
  .map(([type, split]): Quarter => {
    const first = Math.round((sum(type) * split) / 100);
    return { type, status: [first, sum(type) - first] };
  });

describe('complaint statistics across the quarters and the year', () => {
  it('lets nobody who knows the rules work out a small count from the four quarters and the year together', () => {
    fc.assert(
      fc.property(fc.tuple(quarterArb, quarterArb, quarterArb, quarterArb), (table) => {
        expect(workedOutAcrossPeriods(table, derivedYear)).toEqual([]);
      }),
      { numRuns: 40, seed: 20261204 },
    );
  });

  it('would catch a year protected on its own: the quarters and the year together give a small count away', () => {
    // Quarter 1 had 3 complaints ("< 5" everywhere), the others 5 each, all of one type: a year total of 18 shown
    // beside the three 5s tells that quarter 1 had 3.
    const table: Quarter[] = [{ type: [3, 0], status: [3, 0] }, { type: [5, 0], status: [5, 0] }, { type: [5, 0], status: [0, 5] }, { type: [5, 0], status: [5, 0] }];
    expect(workedOutAcrossPeriods(table, separateYear)).toContain('quarter 1 cell 2 = 3');
    expect(workedOutAcrossPeriods(table, derivedYear)).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------------------------------

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
  const table = (p: PeriodStatistics, by: string) => {
    const found = p.tables.find((x) => x.by === by)!;
    return [...found.rows.map((r) => cellText(r.cell)), cellText(found.total)];
  };

  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    orgId = (await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'huai-thong'`))[0]!.id;
    otherOrgId = (await t.db.query<{ id: string }>(`INSERT INTO organisations (slug, name_th, kind) VALUES ('other-org', 'เทศบาลอื่น', 'municipality') RETURNING id`))[0]!.id;
    // FY 2569: October 2025 … September 2026; quarter 1 is October–December 2025.
    await file(orgId, '2025-10-03', 'service', 'closed', 7);
    await file(orgId, '2025-10-20', 'corruption', 'investigating', 1);
    await file(orgId, '2025-11-02', 'service', 'received', 6);
    await file(orgId, '2025-12-31', 'service', 'acknowledged', 2);
    await file(orgId, '2026-01-01', 'harassment', 'received', 1); // quarter 2
    await file(orgId, '2025-09-30', 'service', 'closed', 9); // FY 2568
    await file(otherOrgId, '2025-10-05', 'service', 'received', 30);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('shows nothing of a quarter that is not over (Bangkok time), and says when the next one is published', async () => {
    const s = await complaintStatistics(t.db, orgId, 2569, { asOf: new Date('2025-12-31T16:59:00Z') }); // 31 December 23:59 in Bangkok
    expect(s.periods).toEqual([]);
    expect(s.nextPublication).toBe('2025-12-31');
    expect(await t.db.query('SELECT 1 FROM complaint_statistics WHERE org_id = $1', [orgId])).toEqual([]);
  });

  it('publishes a closed quarter by type, status and month, labelled in Thai, and freezes it', async () => {
    const s = await complaintStatistics(t.db, orgId, 2569, { asOf: new Date('2026-01-15T05:00:00Z') });
    expect(s.nextPublication).toBe('2026-03-31');
    expect(s.periods).toHaveLength(1);
    const q1 = s.periods[0]!;
    expect(q1).toMatchObject({ quarter: 1, th: 'ไตรมาสที่ ๑ ปีงบประมาณ ๒๕๖๙', en: 'Quarter 1 of fiscal year 2569', start: '2025-10-01', end: '2025-12-31', publishedAt: '2026-01-15T05:00:00.000Z' });
    // 16 complaints: service 15, corruption 1; by month October 8, November 6, December 2. With a "< 5" in the
    // quarter, its total is withheld in every table; the types with no complaint read 0 (issue 16).
    expect(table(q1, 'type')).toEqual(['–', '< 5', '0', '0', '0', '–']);
    expect(table(q1, 'status')).toEqual(['6', '< 5', '< 5', '–', '–']);
    expect(table(q1, 'month')).toEqual(['–', '6', '< 5', '–']);
    expect(q1.tables.find((x) => x.by === 'month')!.rows.map((r) => r.th)).toEqual(['ตุลาคม ๒๕๖๘', 'พฤศจิกายน ๒๕๖๘', 'ธันวาคม ๒๕๖๘']);

    // Later changes to the cases do not change what was published: a late entry, a type corrected, a deletion.
    await file(orgId, '2025-11-20', 'misconduct', 'received', 3);
    await t.db.query(`UPDATE complaints SET type = 'other' WHERE org_id = $1 AND type = 'corruption'`, [orgId]);
    await t.db.query(`DELETE FROM complaints WHERE org_id = $1 AND received_on = '2025-12-31'`, [orgId]);
    const again = await complaintStatistics(t.db, orgId, 2569, { asOf: new Date('2026-02-20T05:00:00Z') });
    expect(again.periods).toEqual(s.periods);
    await expect(t.db.query(`UPDATE complaint_statistics SET tables = '[]' WHERE org_id = $1`, [orgId])).rejects.toThrow(/frozen/);
  });

  it('publishes the year from the four published quarters only once it is over', async () => {
    const s = await complaintStatistics(t.db, orgId, 2569, { asOf: new Date('2026-10-01T00:00:00Z') });
    expect(s.nextPublication).toBeNull();
    expect(s.periods.map((p) => p.quarter)).toEqual([1, 2, 3, 4, null]);
    const [, q2, q3, , year] = s.periods;
    // Quarter 2: a single complaint, withheld as the line's largest count; the other types read 0.
    expect(table(q2!, 'type')).toEqual(['0', '0', '0', '–', '0', '–']);
    expect(table(q3!, 'type')).toEqual(['0', '0', '0', '0', '0', '0']);
    expect(year).toMatchObject({ th: 'ปีงบประมาณ ๒๕๖๙', start: '2025-10-01', end: '2026-09-30' });
    // A type with no complaint in any quarter reads 0 in the year as well.
    expect(table(year!, 'type')).toEqual(['–', '–', '0', '–', '0', '–']);
    expect(table(year!, 'quarter')).toEqual(['–', '–', '0', '0', '–']);
    expect(year!.tables.find((x) => x.by === 'quarter')!.rows[0]!.th).toBe('ไตรมาสที่ ๑ ปีงบประมาณ ๒๕๖๙');
  });

  it('shows a type or quarter with no complaint as 0 (issue 16), and every count of 5 or more exactly', async () => {
    const s = await complaintStatistics(t.db, otherOrgId, 2569, { asOf: new Date('2026-10-01T00:00:00Z') });
    const [q1, q2, , , year] = s.periods;
    expect(table(q1!, 'type')).toEqual(['30', '0', '0', '0', '0', '30']);
    expect(table(q1!, 'month')).toEqual(['30', '0', '0', '30']);
    expect(table(q2!, 'status')).toEqual(['0', '0', '0', '0', '0']);
    expect(table(year!, 'type')).toEqual(['30', '0', '0', '0', '0', '30']);
    expect(table(year!, 'quarter')).toEqual(['30', '0', '0', '0', '30']);
    // No figure anywhere is a number of 1 to 4.
    for (const p of s.periods) for (const x of p.tables) for (const c of [...x.rows.map((r) => r.cell), x.total]) if (c.kind === 'count') expect(small(c.value)).toBe(false);
  });

  it('publishes a period once when several read it at the same time', async () => {
    const asOf = new Date('2027-01-02T00:00:00Z');
    const [a, b] = await Promise.all([complaintStatistics(t.db, orgId, 2570, { asOf }), complaintStatistics(t.db, orgId, 2570, { asOf })]);
    expect(a!.periods).toEqual(b!.periods);
    expect(await t.db.query('SELECT period FROM complaint_statistics WHERE org_id = $1 AND fiscal_year = 2570', [orgId])).toEqual([{ period: 1 }]);
  });

  it('refuses a fiscal year that is not a Buddhist-era year', async () => {
    await expect(complaintStatistics(t.db, orgId, 2025)).rejects.toMatchObject({ field: 'year' });
  });
});
