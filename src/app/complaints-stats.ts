/**
 * Complaint statistics of an organisation's fiscal year, for the public portal (the ITA's OIT asks every agency
 * for yearly complaint statistics) and the officers' preview: counts by month, by type and by status, with every
 * count below the threshold shown as "< 5" and complementary suppression (src/complaints/statistics.ts), so that
 * no published figure, alone or with the others, reveals a single case.
 *
 * Only months that are over are counted (as of `asOf`, on the Bangkok calendar): a figure that changes from one
 * day to the next would tell when a complaint came in. Statuses are the current status of those complaints.
 * Public: no principal is needed, nothing identifying goes out. The signature is a contract with the portal.
 */
import type { Queryable } from '../db/index.ts';
import { COMPLAINT_TYPES, STATUS_LABEL, STATUSES, TYPE_LABEL, type ComplaintStatus, type ComplaintType } from '../complaints/model.ts';
import { protectLine, SUPPRESSION_THRESHOLD, type StatCell } from '../complaints/statistics.ts';
import { InputError } from '../errors.ts';
import { bangkokParts, fiscalYearRange, thaiMonthName } from '../thai/index.ts';
import { monthRange } from './reporting.ts';

export { cellText, SUPPRESSION_THRESHOLD, type StatCell } from '../complaints/statistics.ts';

export interface StatRow<K extends string> {
  readonly key: K;
  readonly th: string;
  readonly en: string;
  readonly cell: StatCell;
}

export interface StatTable<K extends string> {
  readonly rows: readonly StatRow<K>[];
  readonly total: StatCell;
}

export interface ComplaintStatistics {
  readonly orgId: string;
  /** Buddhist era. */
  readonly fiscalYear: number;
  readonly threshold: number;
  /** The last day counted (YYYY-MM-DD): the end of the last month that is over; null when none is. */
  readonly countedThrough: string | null;
  /** The twelve months of the fiscal year, October first (key YYYY-MM); months not over yet are 'pending'. */
  readonly byMonth: StatTable<string>;
  readonly byType: StatTable<ComplaintType>;
  readonly byStatus: StatTable<ComplaintStatus>;
  /** The number of complaints counted (the same in every table). */
  readonly total: StatCell;
}

export interface StatisticsOptions {
  /** The day of the publication (default: now). */
  readonly asOf?: Date;
  readonly threshold?: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const EN_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

/** The months of a fiscal year as YYYY-MM, October first. */
function monthsOf(fiscalYear: number): string[] {
  const start = Number(fiscalYearRange(fiscalYear).start.slice(0, 4));
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((9 + i) % 12) + 1;
    return `${month >= 10 ? start : start + 1}-${pad(month)}`;
  });
}

/** Counts by month, type and status of the complaints the organisation received in the fiscal year's finished months. */
export async function complaintStatistics(db: Queryable, orgId: string, fiscalYear: number, options: StatisticsOptions = {}): Promise<ComplaintStatistics> {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2500 || fiscalYear > 2700) {
    throw new InputError('year', `ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก เช่น 2569 (ได้รับ "${String(fiscalYear)}")`, `the fiscal year must be a 4-digit Buddhist-era year such as 2569 (got "${String(fiscalYear)}")`);
  }
  const threshold = options.threshold ?? SUPPRESSION_THRESHOLD;
  const today = bangkokParts(options.asOf ?? new Date());
  const thisMonth = `${today.year}-${pad(today.month)}`;
  const months = monthsOf(fiscalYear);
  const over = months.filter((m) => m < thisMonth);
  const countedThrough = over.length ? monthRange(over[over.length - 1] as string).end : null;
  const rows = countedThrough
    ? await db.query<{ month: string; type: ComplaintType; status: ComplaintStatus; n: number }>(
        `SELECT to_char(received_on, 'YYYY-MM') AS month, type, status, count(*)::int AS n FROM complaints
          WHERE org_id = $1 AND received_on BETWEEN $2 AND $3 GROUP BY 1, 2, 3`,
        [orgId, fiscalYearRange(fiscalYear).start, countedThrough],
      )
    : [];
  const sum = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).reduce((a, r) => a + r.n, 0);

  const monthLine = protectLine(over.map((m) => sum((r) => r.month === m)), threshold);
  const typeLine = protectLine(COMPLAINT_TYPES.map((t) => sum((r) => r.type === t)), threshold);
  const statusLine = protectLine(STATUSES.map((s) => sum((r) => r.status === s)), threshold);
  const monthLabel = (m: string) => {
    const [y, mm] = m.split('-').map(Number) as [number, number];
    return { th: `${thaiMonthName(mm)} ${y + 543}`, en: `${EN_MONTH.format(new Date(Date.UTC(y, mm - 1, 1)))} ${y + 543}` };
  };
  return {
    orgId,
    fiscalYear,
    threshold,
    countedThrough,
    byMonth: {
      rows: months.map((m, i) => ({ key: m, ...monthLabel(m), cell: i < over.length ? (monthLine.cells[i] as StatCell) : { kind: 'pending' } })),
      total: monthLine.total,
    },
    byType: { rows: COMPLAINT_TYPES.map((t, i) => ({ key: t, ...TYPE_LABEL[t], cell: typeLine.cells[i] as StatCell })), total: typeLine.total },
    byStatus: { rows: STATUSES.map((s, i) => ({ key: s, ...STATUS_LABEL[s], cell: statusLine.cells[i] as StatCell })), total: statusLine.total },
    total: typeLine.total,
  };
}
