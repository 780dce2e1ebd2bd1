/**
 * Freshness of a year's disclosures (issue 6, point 4): what the year's OIT list requires to be kept current,
 * and what is missing or overdue, for staff.
 *
 * - Monthly items (the monthly procurement summary, O23 up to 2565, O21 in 2566–2567): every month of the fiscal
 *   year that has ended must be covered by a link or file of the item's newest public version whose period
 *   overlaps that month. A month not covered is "due" until the end of the following month, then "overdue".
 * - Six-monthly items (the six-month reports): the first half of the fiscal year (1 October – 31 March) must be
 *   covered by a link or file whose period reaches into March; due by 30 April, then overdue.
 * - Items that must cover the current or the previous fiscal year (FY 2568: plans of the year, reports of the year
 *   before): the newest public version must say that it covers that year.
 * - Every item: published at all.
 * A month covered only by a scheduled version, or by the draft in preparation, is shown as such, not as done.
 *
 * The due dates are our assumption [I]: the OIT manuals we could read ask for the summaries "every month" and
 * the report "at six months" without a deadline; the lead can change DUE_AFTER_MONTHS if the NACC gives one.
 * Pure, but for the loader at the end.
 */
import type { Queryable } from '../db/index.ts';
import type { OitItem } from '../ita/index.ts';
import { fiscalYearRange, thaiMonthName, toBuddhistYear } from '../thai/index.ts';
import type { Principal } from '../app/authz.ts';
import type { YearRef } from '../app/context.ts';
import { expectedCoverage, type Period } from './publication-content.ts';
import { yearPublications, type SlotSummary, type VersionView } from './publications.ts';
import { EN_MONTHS, todayInBangkok } from '../measures/reporting.ts';

/** A month's (or half-year's) disclosure is due this many months after the period ends (end of that month). */
export const DUE_AFTER_MONTHS = 1;

export type PeriodState = 'ok' | 'scheduled' | 'pending' | 'due' | 'overdue' | 'upcoming';

export interface PeriodCheck {
  readonly start: string;
  readonly end: string;
  /** Last day to publish it (YYYY-MM-DD, Bangkok). */
  readonly due: string;
  readonly th: string;
  readonly en: string;
  readonly state: PeriodState;
}

export type PublicationState = 'public' | 'scheduled' | 'submitted' | 'draft' | 'none';

export interface Problem {
  readonly code: 'not-published' | 'period-due' | 'period-overdue' | 'no-coverage-year' | 'wrong-coverage-year';
  readonly severity: 'warn' | 'bad';
  readonly th: string;
  readonly en: string;
}

export interface ItemFreshness {
  readonly code: string;
  readonly titleTh: string;
  readonly recurring: OitItem['recurring'] | null;
  readonly publication: PublicationState;
  /** When the newest public version became public. */
  readonly lastPublished: string | null;
  /** The months (or the half-year) the item must cover, for recurring items. */
  readonly periods: readonly PeriodCheck[];
  /** The fiscal year the content must cover, and the one the newest public version says it covers. */
  readonly coverage: { readonly expected: number; readonly given: number | null } | null;
  readonly problems: readonly Problem[];
  readonly severity: 'ok' | 'warn' | 'bad';
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
/** The last day of the month `months` after (y, m). */
function monthEndAfter(y: number, m: number, months: number): string {
  const index = y * 12 + (m - 1) + months;
  return lastDay(Math.floor(index / 12), (index % 12) + 1);
}

interface Span {
  readonly start: string;
  readonly end: string;
  /** The part of the span a disclosure must reach into (the last month of a half-year; the month itself). */
  readonly reach: string;
  readonly due: string;
  readonly th: string;
  readonly en: string;
}

/** The periods a recurring item must cover in a fiscal year. */
export function requiredSpans(recurring: NonNullable<OitItem['recurring']>, fiscalYear: number): Span[] {
  const range = fiscalYearRange(fiscalYear);
  const startYear = Number(range.start.slice(0, 4));
  if (recurring === 'six-monthly') {
    const end = lastDay(startYear + 1, 3);
    return [
      {
        start: range.start,
        end,
        reach: `${startYear + 1}-03-01`,
        due: monthEndAfter(startYear + 1, 3, DUE_AFTER_MONTHS),
        th: `รอบ 6 เดือน (ตุลาคม ${toBuddhistYear(startYear)} – มีนาคม ${toBuddhistYear(startYear + 1)})`,
        en: `six months (October ${startYear} – March ${startYear + 1})`,
      },
    ];
  }
  return Array.from({ length: 12 }, (_, i) => {
    const index = startYear * 12 + 9 + i;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    const start = `${y}-${pad(m)}-01`;
    return { start, end: lastDay(y, m), reach: start, due: monthEndAfter(y, m, DUE_AFTER_MONTHS), th: `${thaiMonthName(m)} ${toBuddhistYear(y)}`, en: `${EN_MONTHS[m - 1]} ${y}` };
  });
}

/** The periods a version's links and files say they cover. */
function coveredPeriods(v: VersionView | null): Period[] {
  if (!v) return [];
  return [...v.content.links.map((l) => l.period), ...v.files.filter((f) => f.role === 'attachment').map((f) => f.period)].filter((p): p is Period => p !== null);
}

const covers = (periods: readonly Period[], span: Span) => periods.some((p) => p.start <= span.end && p.end >= span.reach);

function publicationState(s: SlotSummary): PublicationState {
  if (s.current) return 'public';
  if (s.scheduled.length) return 'scheduled';
  if (s.open) return s.open.status === 'submitted' ? 'submitted' : 'draft';
  return 'none';
}

/** What the versions of one item cover: the newest public one, the scheduled ones and the one in preparation. */
export interface Coverage {
  readonly publication: PublicationState;
  readonly current: readonly Period[];
  readonly scheduled: readonly Period[];
  readonly pending: readonly Period[];
  /** The fiscal year the newest public version says it covers (null: not given, or nothing public). */
  readonly given: number | null;
}

/** The problems of one OIT item of a fiscal year from what its versions cover, as of `today` (YYYY-MM-DD, Bangkok). */
export function coverageFreshness(item: OitItem, fiscalYear: number, cover: Coverage, today: string): Pick<ItemFreshness, 'periods' | 'coverage' | 'problems' | 'severity'> {
  const problems: Problem[] = [];
  const { publication } = cover;
  if (publication !== 'public') {
    problems.push({
      code: 'not-published',
      severity: 'warn',
      th: publication === 'none' ? 'ยังไม่ได้จัดเตรียม' : 'ยังไม่ได้เผยแพร่',
      en: publication === 'none' ? 'not prepared yet' : 'not published yet',
    });
  }
  const periods: PeriodCheck[] = (item.recurring ? requiredSpans(item.recurring, fiscalYear) : []).map((span) => {
    let state: PeriodState;
    if (span.end >= today) state = 'upcoming';
    else if (covers(cover.current, span)) state = 'ok';
    else if (covers(cover.scheduled, span)) state = 'scheduled';
    else if (covers(cover.pending, span)) state = 'pending';
    else state = today <= span.due ? 'due' : 'overdue';
    return { start: span.start, end: span.end, due: span.due, th: span.th, en: span.en, state };
  });
  const late = periods.filter((p) => p.state === 'overdue');
  const due = periods.filter((p) => p.state === 'due' || p.state === 'pending' || p.state === 'scheduled');
  if (late.length) {
    problems.push({
      code: 'period-overdue',
      severity: 'bad',
      th: `เลยกำหนดเผยแพร่: ${late.map((p) => p.th).join(', ')}`,
      en: `overdue: ${late.map((p) => p.en).join(', ')}`,
    });
  }
  if (due.length) {
    problems.push({
      code: 'period-due',
      severity: 'warn',
      th: `ยังไม่ได้เผยแพร่ (ยังไม่เลยกำหนด): ${due.map((p) => p.th).join(', ')}`,
      en: `not published yet (not overdue): ${due.map((p) => p.en).join(', ')}`,
    });
  }
  const expected = expectedCoverage(item, fiscalYear);
  const given = cover.given;
  if (expected !== null && publication === 'public') {
    if (given === null) {
      problems.push({ code: 'no-coverage-year', severity: 'warn', th: `ไม่ได้ระบุว่าข้อมูลเป็นของปีงบประมาณใด (ข้อนี้ต้องเป็นข้อมูลปี ${expected})`, en: `the fiscal year covered is not given (this item must cover ${expected})` });
    } else if (given !== expected) {
      problems.push({ code: 'wrong-coverage-year', severity: 'bad', th: `ข้อมูลที่เผยแพร่เป็นของปี ${given} แต่ข้อนี้ต้องเป็นข้อมูลปี ${expected}`, en: `the published content covers ${given} but this item must cover ${expected}` });
    }
  }
  return {
    periods,
    coverage: expected === null ? null : { expected, given },
    problems,
    severity: problems.some((p) => p.severity === 'bad') ? 'bad' : problems.length ? 'warn' : 'ok',
  };
}

/** The freshness of one OIT item of a fiscal year, as of `today` (YYYY-MM-DD, Bangkok). */
export function itemFreshness(item: OitItem, fiscalYear: number, summary: SlotSummary, today: string): ItemFreshness {
  const cover: Coverage = {
    publication: publicationState(summary),
    current: coveredPeriods(summary.current),
    scheduled: summary.scheduled.flatMap((v) => coveredPeriods(v)),
    pending: coveredPeriods(summary.open),
    given: summary.current?.content.coversYear ?? null,
  };
  return {
    code: item.code,
    titleTh: item.titleTh,
    recurring: item.recurring ?? null,
    publication: cover.publication,
    lastPublished: summary.current?.publishAt ?? null,
    ...coverageFreshness(item, fiscalYear, cover, today),
  };
}

/** The freshness of every OIT item of a fiscal year, in catalogue order. */
export async function yearFreshness(db: Queryable, principal: Principal, ref: YearRef, now: Date): Promise<ItemFreshness[]> {
  const pubs = await yearPublications(db, principal, ref, now);
  const today = todayInBangkok(now);
  return pubs.items.map((s) => itemFreshness(s.item, pubs.year, s, today));
}
