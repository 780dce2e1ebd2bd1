/**
 * Complaint statistics of an organisation's fiscal year, for the public portal (the ITA's OIT asks every agency
 * for complaint statistics), open data and the officers' preview.
 *
 * Published per closed, fixed period, never as a running total (two running totals a month apart would tell a
 * small monthly count by subtraction): each fiscal quarter once it is over (Q1 = October–December, on the Bangkok
 * calendar), and the fiscal year once it is over. A period is published the first time its statistics are read
 * after it closed: its tables, already protected (src/complaints/statistics.ts), are stored in
 * `complaint_statistics` (0008_complaint_periods.sql) and shown from there ever after, so that later changes to
 * cases (a type corrected, a case deleted by retention) never change a published figure. A quarter has counts by
 * type, by status (as on the day it was published) and by month; the year has counts by type and by quarter, made
 * from the four published quarters only (so it tells nothing they do not). The current, open period is not shown.
 *
 * Public: no principal is needed, nothing identifying goes out. The signature is a contract with the portal.
 */
import type { Queryable } from '../db/index.ts';
import { COMPLAINT_TYPES, STATUS_LABEL, STATUSES, TYPE_LABEL } from './model.ts';
import { protectPeriod, sumOfPublished, SUPPRESSION_THRESHOLD, type ProtectedLine, type StatCell } from './statistics.ts';
import { InputError } from '../errors.ts';
import { fiscalYearRange, thaiMonthName, toThaiDigits } from '../thai/index.ts';
import { monthRange, todayInBangkok } from '../measures/reporting.ts';
import { complaintsMessages as msg } from './messages.ts';
import { freezePeriod, selectCounts, selectStoredPeriods, type StoredPeriod } from './repo.ts';

export { cellText, SUPPRESSION_THRESHOLD, type StatCell } from './statistics.ts';

export interface StatRow {
  readonly key: string;
  readonly th: string;
  readonly en: string;
  readonly cell: StatCell;
}

export type StatTableKey = 'type' | 'status' | 'month' | 'quarter';

export interface StatTable {
  /** What the counts are by. */
  readonly by: StatTableKey;
  readonly rows: readonly StatRow[];
  readonly total: StatCell;
}

/** The published statistics of one closed period. */
export interface PeriodStatistics {
  /** 1–4: a fiscal quarter; null: the whole fiscal year. */
  readonly quarter: 1 | 2 | 3 | 4 | null;
  /** "ไตรมาสที่ ๑ ปีงบประมาณ ๒๕๗๐" / "Quarter 1 of fiscal year 2570". */
  readonly th: string;
  readonly en: string;
  /** The days counted (YYYY-MM-DD). */
  readonly start: string;
  readonly end: string;
  readonly threshold: number;
  /** When it was first published (ISO instant); it has not changed since. */
  readonly publishedAt: string;
  readonly tables: readonly StatTable[];
  /** The number of complaints received in the period (the total of every table). */
  readonly total: StatCell;
}

export interface ComplaintStatistics {
  readonly orgId: string;
  /** Buddhist era. */
  readonly fiscalYear: number;
  readonly threshold: number;
  /** The closed periods, quarters in order then the year; none before the first quarter is over. */
  readonly periods: readonly PeriodStatistics[];
  /** The last day of the next period to be published, null when the whole year is. */
  readonly nextPublication: string | null;
}

export interface StatisticsOptions {
  /** The moment of reading (default: now): periods closed by then are published. */
  readonly asOf?: Date;
  /** For periods published now; a published period keeps its own. */
  readonly threshold?: number;
}

type Quarter = 1 | 2 | 3 | 4;
const QUARTERS: readonly Quarter[] = [1, 2, 3, 4];
const pad = (n: number) => String(n).padStart(2, '0');
const EN_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

/** The three months of a fiscal quarter as YYYY-MM. */
function monthsOf(fiscalYear: number, quarter: Quarter): string[] {
  const start = Number(fiscalYearRange(fiscalYear).start.slice(0, 4));
  return [0, 1, 2].map((i) => {
    const month = ((9 + (quarter - 1) * 3 + i) % 12) + 1;
    return `${month >= 10 ? start : start + 1}-${pad(month)}`;
  });
}

function quarterRange(fiscalYear: number, quarter: Quarter): { start: string; end: string } {
  const months = monthsOf(fiscalYear, quarter);
  return { start: monthRange(months[0] as string).start, end: monthRange(months[2] as string).end };
}

function periodLabel(fiscalYear: number, quarter: Quarter | null): { th: string; en: string } {
  return quarter === null
    ? { th: `ปีงบประมาณ ${toThaiDigits(fiscalYear)}`, en: `Fiscal year ${fiscalYear}` }
    : { th: `ไตรมาสที่ ${toThaiDigits(quarter)} ปีงบประมาณ ${toThaiDigits(fiscalYear)}`, en: `Quarter ${quarter} of fiscal year ${fiscalYear}` };
}

function monthLabel(m: string): { th: string; en: string } {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return { th: `${thaiMonthName(mm)} ${toThaiDigits(y + 543)}`, en: `${EN_MONTH.format(new Date(Date.UTC(y, mm - 1, 1)))} ${y + 543}` };
}

const table = (by: StatTableKey, labels: readonly { key: string; th: string; en: string }[], line: ProtectedLine): StatTable => ({
  by,
  rows: labels.map((l, i) => ({ ...l, cell: line.cells[i] as StatCell })),
  total: line.total,
});

/** A quarter's tables from the cases as they are now. */
async function quarterTables(db: Queryable, orgId: string, fiscalYear: number, quarter: Quarter, threshold: number): Promise<StatTable[]> {
  const { start, end } = quarterRange(fiscalYear, quarter);
  const rows = await selectCounts(db, orgId, start, end);
  const sum = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).reduce((a, r) => a + r.n, 0);
  const months = monthsOf(fiscalYear, quarter);
  const [byType, byStatus, byMonth] = protectPeriod(
    [COMPLAINT_TYPES.map((t) => sum((r) => r.type === t)), STATUSES.map((s) => sum((r) => r.status === s)), months.map((m) => sum((r) => r.month === m))],
    threshold,
  ) as [ProtectedLine, ProtectedLine, ProtectedLine];
  return [
    table('type', COMPLAINT_TYPES.map((t) => ({ key: t, ...TYPE_LABEL[t] })), byType),
    table('status', STATUSES.map((s) => ({ key: s, ...STATUS_LABEL[s] })), byStatus),
    table('month', months.map((m) => ({ key: m, ...monthLabel(m) })), byMonth),
  ];
}

/** The year's tables from its four published quarters only. */
function yearTables(fiscalYear: number, quarters: readonly PeriodStatistics[]): StatTable[] {
  const lineOf = (p: PeriodStatistics, by: StatTableKey): ProtectedLine => {
    const t = p.tables.find((x) => x.by === by);
    if (!t) throw new Error(`published quarter without a table by ${by}`);
    return { cells: t.rows.map((r) => r.cell), total: t.total };
  };
  const byType = sumOfPublished(quarters.map((q) => lineOf(q, 'type')));
  return [
    table('type', COMPLAINT_TYPES.map((t) => ({ key: t, ...TYPE_LABEL[t] })), byType),
    table('quarter', quarters.map((q) => ({ key: `Q${q.quarter}`, ...periodLabel(fiscalYear, q.quarter) })), { cells: quarters.map((q) => q.total), total: byType.total }),
  ];
}

/** Stores a period's tables unless another request stored them first; returns what is stored. */
const freeze = (db: Queryable, orgId: string, fiscalYear: number, period: number, threshold: number, tables: StatTable[], now: Date): Promise<StoredPeriod> =>
  freezePeriod(db, orgId, fiscalYear, period, threshold, tables, now.toISOString());

function periodOf(fiscalYear: number, row: StoredPeriod): PeriodStatistics {
  const quarter = row.period === 0 ? null : (row.period as Quarter);
  const tables = (typeof row.tables === 'string' ? JSON.parse(row.tables) : row.tables) as StatTable[];
  const range = quarter === null ? fiscalYearRange(fiscalYear) : quarterRange(fiscalYear, quarter);
  return {
    quarter,
    ...periodLabel(fiscalYear, quarter),
    ...range,
    threshold: row.threshold,
    publishedAt: new Date(row.published_at).toISOString(),
    tables,
    total: (tables[0] as StatTable).total,
  };
}

/**
 * The published statistics of the fiscal year's closed periods, publishing (and freezing) those that closed since
 * they were last read.
 */
export async function complaintStatistics(db: Queryable, orgId: string, fiscalYear: number, options: StatisticsOptions = {}): Promise<ComplaintStatistics> {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2500 || fiscalYear > 2700) {
    throw new InputError('year', msg.badYear({ year: String(fiscalYear) }));
  }
  const threshold = options.threshold ?? SUPPRESSION_THRESHOLD;
  const now = options.asOf ?? new Date();
  const today = todayInBangkok(now);
  const stored = new Map(
    (await selectStoredPeriods(db, orgId, fiscalYear)).map((r) => [r.period, r]),
  );
  const quarters: PeriodStatistics[] = [];
  let nextPublication: string | null = null;
  for (const q of QUARTERS) {
    const { end } = quarterRange(fiscalYear, q);
    if (end >= today) {
      nextPublication = end;
      break;
    }
    const row = stored.get(q) ?? (await freeze(db, orgId, fiscalYear, q, threshold, await quarterTables(db, orgId, fiscalYear, q, threshold), now));
    quarters.push(periodOf(fiscalYear, row));
  }
  const periods = [...quarters];
  if (quarters.length === 4) {
    const row = stored.get(0) ?? (await freeze(db, orgId, fiscalYear, 0, threshold, yearTables(fiscalYear, quarters), now));
    periods.push(periodOf(fiscalYear, row));
  }
  return { orgId, fiscalYear, threshold, periods, nextPublication };
}
