/**
 * Monthly progress in the documents (issue 15, point 5): the table "ผลการดำเนินงานรายเดือน" of each measure (the
 * month in Thai with its Buddhist-era year, the status, what was done and its outcome, the evidence files), which the
 * yearly report includes on request, and the six-month report "รายงานความก้าวหน้าการดำเนินการตามมาตรการ
 * ส่งเสริมคุณธรรมและความโปร่งใส รอบ 6 เดือน": the report's layout, with the progress recorded for the first half of
 * the fiscal year only (1 October to 31 March), the status as at 31 March, and its evidence.
 *
 * A progress entry belongs to the half year when the period it reports on ends by 31 March (a March entry made on 5
 * April counts; an entry for 15 March to 15 April does not). Its month is the month its period starts in. Pure.
 */
import type { ToolDefinition } from '../../ita/index.ts';
import type { YearData } from '../../model/derive.ts';
import { PROGRESS_STATUS_TH, type Evidence, type Measure, type Progress, type ProgressStatus, type YearInput } from '../../model/year.ts';
import { fiscalYearRange, formatThaiDate, thaiMonthName, toBuddhistYear, toGregorianYear } from '../../thai/index.ts';
import { measureSections } from './measures.ts';
import { DOCUMENT_KIND_NAMES, type Block, type Cell, type CellLine, type Column, type DocumentModel, type HeaderCell, type Table } from './model.ts';
import { documentModel, fiscalYearOf, introText, listCell, ofAgencyKind, responsibleCell, textCell, titleBlock, periodText } from './parts.ts';

/** Said when a measure has no progress entry (up to the date the document is about). */
export const NO_PROGRESS_TH = 'ยังไม่มีรายงานความก้าวหน้า';

/** The last day of the first half of a fiscal year (Buddhist era): 31 March, `YYYY-MM-DD`. */
export function halfYearEnd(fiscalYearBE: number): string {
  return `${toGregorianYear(fiscalYearBE)}-03-31`;
}

/** "1 ตุลาคม 2569" (Arabic digits: renderers convert). */
const thaiDate = (iso: string) => formatThaiDate(iso, { digits: 'arabic' });

/** "ตั้งแต่วันที่ 1 ตุลาคม 2569 ถึงวันที่ 31 มีนาคม 2570": the half year of a fiscal year. */
export function halfYearText(fiscalYearBE: number): string {
  return `ตั้งแต่วันที่ ${thaiDate(fiscalYearRange(fiscalYearBE).start)} ถึงวันที่ ${thaiDate(halfYearEnd(fiscalYearBE))}`;
}

/** A measure's progress entries that report on a period ending by `asOf` (all when null), in the order of their periods. */
export function progressUpTo(measure: Measure, asOf: string | null): Progress[] {
  return measure.progress
    .filter((p) => asOf === null || p.periodEnd <= asOf)
    .sort((a, b) => a.periodStart.localeCompare(b.periodStart) || a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

/** The measures of a year as they stood on `asOf`: only the progress reported by then. */
export function yearAsOf(input: YearInput, asOf: string): YearInput {
  return { ...input, measures: input.measures.map((m) => ({ ...m, progress: progressUpTo(m, asOf) })) };
}

/** The evidence of some progress entries that no later revision replaced. */
export function currentEvidence(progress: readonly Progress[]): Evidence[] {
  const all = progress.flatMap((p) => p.evidence);
  const replaced = new Set(all.flatMap((e) => (e.replacesId === null ? [] : [e.replacesId])));
  return all.filter((e) => !replaced.has(e.id));
}

export interface MonthProgress {
  /** YYYY-MM (Gregorian, as dates are stored). */
  readonly month: string;
  /** "ตุลาคม 2569" (Arabic digits). */
  readonly label: string;
  /** The status of the month's latest entry. */
  readonly status: ProgressStatus;
  readonly entries: readonly Progress[];
  /** The files of the month's entries (current revisions only). */
  readonly evidence: readonly Evidence[];
}

/** "ตุลาคม 2569" for 2026-10. */
export function monthLabel(month: string): string {
  return `${thaiMonthName(Number(month.slice(5, 7)))} ${toBuddhistYear(Number(month.slice(0, 4)))}`;
}

/** A measure's progress month by month (the month its period starts in), up to `asOf` (all when null). */
export function monthlyProgress(measure: Measure, asOf: string | null = null): MonthProgress[] {
  const months = new Map<string, Progress[]>();
  for (const p of progressUpTo(measure, asOf)) {
    const month = p.periodStart.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), p]);
  }
  const current = new Set(currentEvidence(measure.progress).map((e) => e.id));
  return [...months].map(([month, entries]) => ({
    month,
    label: monthLabel(month),
    status: (entries.at(-1) as Progress).status,
    entries,
    evidence: entries.flatMap((p) => p.evidence.filter((e) => current.has(e.id))),
  }));
}

/** The status of a measure as at `asOf`: that of its latest entry by then. */
export function statusAsOf(measure: Measure, asOf: string | null): ProgressStatus | null {
  return progressUpTo(measure, asOf).at(-1)?.status ?? null;
}

const lines = (texts: readonly (string | null)[]): CellLine[] => texts.flatMap((text) => (text ? [{ text }] : []));

/** The table of a measure's monthly progress: month, status, what was done (and its outcome), evidence files. */
function monthlyTable(measure: Measure, months: readonly MonthProgress[]): Table {
  return {
    name: `ผลการดำเนินงานรายเดือน ${measure.seq}`,
    columns: [{ width: 15 }, { width: 15 }, { width: 45 }, { width: 25 }],
    header: [[{ text: 'เดือน' }, { text: 'สถานะ' }, { text: 'ผลการดำเนินงาน' }, { text: 'หลักฐาน' }]],
    rows: months.map((m): Cell[] => [
      textCell(m.label),
      textCell(PROGRESS_STATUS_TH[m.status]),
      { lines: lines(m.entries.flatMap((p) => [p.done, p.outcome === null ? null : `ผลที่ได้: ${p.outcome}`])) },
      { lines: m.evidence.map((e) => ({ text: e.filename })) },
    ]),
    compact: true,
  };
}

/**
 * The section "ผลการดำเนินงานรายเดือน": a heading, then per measure (document order) its caption and monthly table,
 * or a note when it has no entry. Empty when no measure has an entry and `always` is false (a report without any
 * progress keeps the seed's layout).
 */
export function monthlySection(measures: readonly Measure[], asOf: string | null, always: boolean): Block[] {
  const perMeasure = [...measures].sort((a, b) => a.seq - b.seq).map((m) => ({ m, months: monthlyProgress(m, asOf) }));
  if (!always && perMeasure.every(({ months }) => months.length === 0)) return [];
  const heading = asOf === null ? 'ผลการดำเนินงานรายเดือน' : `ผลการดำเนินงานรายเดือน ถึงวันที่ ${thaiDate(asOf)}`;
  return [
    { type: 'heading', text: heading },
    ...perMeasure.flatMap(({ m, months }): Block[] => [
      { type: 'caption', text: `มาตรการที่ ${m.seq} ${m.titleTh}` },
      months.length === 0 ? { type: 'note', text: NO_PROGRESS_TH } : { type: 'table', table: monthlyTable(m, months) },
    ]),
  ];
}

const twoRows = (text: string): HeaderCell => ({ text, rowSpan: 2 });
/** The report's seven columns; the monthly progress takes the room that the follow-up's text takes in the report. */
const COLUMNS: readonly Column[] = [{ width: 11 }, { width: 18 }, { width: 18 }, { width: 11 }, { width: 9 }, { width: 22 }, { width: 11 }];

/** A measure's row in the six-month report: as planned, then the progress by 31 March and the status then. */
function halfYearRow(asOf: string) {
  return (m: Measure): Cell[] => {
    const months = monthlyProgress(m, asOf);
    const status = statusAsOf(m, asOf);
    const latest = progressUpTo(m, asOf).at(-1);
    return [
      textCell(m.titleTh),
      listCell(m.methods),
      listCell(m.actions),
      responsibleCell(m),
      textCell(periodText(m)),
      { lines: months.flatMap((mp) => mp.entries.map((p) => ({ text: `${mp.label}: ${p.done}` }))) },
      { lines: lines([status === null ? NO_PROGRESS_TH : PROGRESS_STATUS_TH[status], latest?.outcome ?? null]) },
    ];
  };
}

function halfYearTable(name: string, measures: readonly Measure[], asOf: string): Table {
  return {
    name,
    columns: COLUMNS,
    // The date once, over both columns, so that no header stacks over more than two lines.
    header: [
      [twoRows('มาตรการ'), twoRows('วิธีดำเนินการ'), twoRows('การดำเนินการ'), twoRows('ผู้รับผิดชอบ'), twoRows('ระยะเวลาดำเนินการ'), { text: `กำกับติดตาม ณ วันที่ ${thaiDate(asOf)}`, colSpan: 2 }],
      [{ text: 'ความก้าวหน้ารายเดือน' }, { text: 'สถานะ' }],
    ],
    rows: measures.map(halfYearRow(asOf)),
    compact: true,
  };
}

/** The six-month report of the measures: the yearly report's layout, with the progress up to 31 March. */
export function buildProgressDocument(data: YearData): DocumentModel {
  const asOf = halfYearEnd(data.year);
  const name = DOCUMENT_KIND_NAMES['measures-progress'].th;
  const title = titleBlock(name, data.organisation, data.year);
  const of = ofAgencyKind(data.organisation);
  const blocks: Block[] = [
    title.type === 'title' ? { ...title, lines: [...title.lines, `(${halfYearText(data.year)})`] } : title,
    { type: 'paragraph', text: introText(data), indent: true },
    { type: 'paragraph', text: `จึงขอรายงานความก้าวหน้าการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส${of} รอบ 6 เดือน ${halfYearText(data.year)} ดังนี้`, indent: true },
    { type: 'heading', text: `ความก้าวหน้าการขับเคลื่อนมาตรการส่งเสริมคุณธรรมและความโปร่งใส${of} รอบ 6 เดือน ประจำ${fiscalYearOf(data, data.year)}` },
    ...measureSections(
      data,
      (tool: ToolDefinition) => `ตารางความก้าวหน้าการดำเนินการตามมาตรการตามผลการประเมิน${tool.nameTh} (${tool.code}) รอบ 6 เดือน ประจำ${fiscalYearOf(data, data.year)}`,
      (tableName, measures) => halfYearTable(tableName, measures, asOf),
    ),
    ...monthlySection(data.measures, asOf, true),
  ];
  return documentModel('measures-progress', data, data.year, blocks);
}
