/**
 * Monthly reporting: a measure under way reports its progress every month of its period, with evidence. A month
 * that has ended (on the Bangkok calendar) with no progress entry covering it, or with progress but no evidence
 * for it, is late, and is named.
 *
 * - A measure is followed while it is planned or in progress; a measure done or cancelled is not late.
 * - Its months are those of its period (the whole fiscal year when the period has no dates), within the year.
 * - A progress entry covers every month its period overlaps (a quarterly entry covers three months).
 * - Evidence counts for the months its own period overlaps (the entry's period when it has none), unless it was
 *   rejected by a reviewer or replaced by a later revision.
 */
import type { Queryable } from '../db/index.ts';
import { selectEvidenceReviews, type REVIEW_STATUSES } from './repo.ts';
import type { Measure, MeasureStatus, YearInput } from '../model/year.ts';
import { applyDigits, bangkokParts, fiscalYearRange, thaiMonthName, toBuddhistYear, type DigitStyle } from '../thai/index.ts';

export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A reviewer's decision on one evidence record. */
export interface Review {
  readonly status: ReviewStatus;
  readonly by: string | null;
  readonly at: string | null;
  readonly note: string | null;
}

/** The review of every evidence record of a fiscal year, by evidence id. */
export async function evidenceReviews(q: Queryable, fiscalYearId: string): Promise<Map<string, Review>> {
  const rows = await selectEvidenceReviews(q, fiscalYearId);
  return new Map(rows.map((r) => [r.id, { status: r.review_status, by: r.reviewed_by, at: r.reviewed_at, note: r.review_note }]));
}

/** Today on the Bangkok calendar, YYYY-MM-DD. */
export function todayInBangkok(now: Date = new Date()): string {
  const { year, month, day } = bangkokParts(now);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface MonthLabel {
  /** YYYY-MM (Gregorian, as dates are stored). */
  readonly month: string;
  /** มกราคม ๒๕๖๖ */
  readonly th: string;
  /** January 2023 */
  readonly en: string;
}

export interface MonthReport extends MonthLabel {
  /** The month has ended. */
  readonly past: boolean;
  readonly progress: boolean;
  readonly evidence: boolean;
}

export interface MeasureReporting {
  readonly measureId: string;
  readonly seq: number;
  readonly titleTh: string;
  readonly status: MeasureStatus;
  /** Every month of the measure's period, with what was reported for it. */
  readonly months: readonly MonthReport[];
  /** Months that ended without a progress entry (only for a measure that is followed). */
  readonly missingProgress: readonly MonthLabel[];
  /** Months that ended with progress but without evidence that counts (only for a measure that is followed). */
  readonly missingEvidence: readonly MonthLabel[];
  readonly late: boolean;
}

const FOLLOWED: readonly MeasureStatus[] = ['planned', 'in_progress'];
/** English month names, January first. */
export const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The first and last day of a month YYYY-MM. */
export function monthRange(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: `${month}-01`, end: `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}` };
}

function monthsBetween(start: string, end: string): { month: string; first: string; last: string; y: number; m: number }[] {
  const out = [];
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7));
  const endKey = end.slice(0, 7);
  for (let guard = 0; guard < 240; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > endKey) break;
    const { start: first, end: last } = monthRange(month);
    out.push({ month, first, last, y, m });
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
  return out;
}

const overlaps = (start: string, end: string, first: string, last: string) => start <= last && end >= first;

/** The monthly reporting of one measure, as of `today` (YYYY-MM-DD, Bangkok). Pure. */
export function measureReporting(
  measure: Measure,
  fiscalYear: number,
  today: string,
  reviews: ReadonlyMap<string, Pick<Review, 'status'>>,
  digits: DigitStyle = 'thai',
): MeasureReporting {
  const range = fiscalYearRange(fiscalYear);
  const clamp = (d: string | null, fallback: string) => (d === null ? fallback : d < range.start ? range.start : d > range.end ? range.end : d);
  const start = clamp(measure.period.start, range.start);
  const end = clamp(measure.period.end, range.end);
  const evidence = measure.progress.flatMap((p) => p.evidence.map((e) => ({ e, p })));
  const replaced = new Set(evidence.flatMap(({ e }) => (e.replacesId === null ? [] : [e.replacesId])));
  const counting = evidence.filter(({ e }) => !replaced.has(e.id) && reviews.get(e.id)?.status !== 'rejected');
  const months = (end < start ? [] : monthsBetween(start, end)).map(({ month, first, last, y, m }): MonthReport => ({
    month,
    th: applyDigits(`${thaiMonthName(m)} ${toBuddhistYear(y)}`, digits),
    en: `${EN_MONTHS[m - 1]} ${y}`,
    past: last < today,
    progress: measure.progress.some((p) => overlaps(p.periodStart, p.periodEnd, first, last)),
    evidence: counting.some(({ e, p }) => overlaps(e.periodStart ?? p.periodStart, e.periodEnd ?? p.periodEnd, first, last)),
  }));
  const followed = FOLLOWED.includes(measure.status);
  const label = ({ month, th, en }: MonthReport): MonthLabel => ({ month, th, en });
  const missingProgress = followed ? months.filter((m) => m.past && !m.progress).map(label) : [];
  const missingEvidence = followed ? months.filter((m) => m.past && m.progress && !m.evidence).map(label) : [];
  return {
    measureId: measure.id,
    seq: measure.seq,
    titleTh: measure.titleTh,
    status: measure.status,
    months,
    missingProgress,
    missingEvidence,
    late: missingProgress.length + missingEvidence.length > 0,
  };
}

/** The monthly reporting of every measure of a year. */
export function yearReporting(year: YearInput, today: string, reviews: ReadonlyMap<string, Pick<Review, 'status'>>, digits: DigitStyle = 'thai'): MeasureReporting[] {
  return year.measures.map((m) => measureReporting(m, year.year, today, reviews, digits));
}
