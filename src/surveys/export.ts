/**
 * A survey's answers as CSV and XLSX (src/io/workbook.ts): one row per respondent, with the month (YYYY-MM), the
 * service point's name, one column per item of the snapshot (its code: e1, i1.1, …) holding the answer's option code
 * (1–4, Y/N; empty when not answered), then the agency's own questions (s1, s2, …). No id, no time of day, nothing
 * that identifies a respondent; rows in month order.
 */
import { writeCsv, writeXlsx, type ColumnSpec, type TextTable } from '../io/workbook.ts';
import type { Db } from '../db/index.ts';
import type { Principal } from '../app/authz.ts';
import type { YearRef } from '../app/context.ts';
import { snapshotItems, type ResponseRecord, type SurveySnapshot } from './model.ts';
import { surveyResponses, type Survey } from './service.ts';

/** The export's columns: month, service point, the items, the own questions. */
export function answerColumns(snapshot: SurveySnapshot): ColumnSpec[] {
  return [
    { key: 'month', th: 'เดือน', width: 10 },
    { key: 'point', th: 'จุดบริการ', width: 24 },
    ...snapshotItems(snapshot).map((i) => ({ key: i.code, th: i.code, width: 7 })),
    ...snapshot.own.map((q) => ({ key: q.code, th: q.code, width: 7 })),
  ];
}

/** The answers as a table of text. */
export function answerTable(survey: Pick<Survey, 'snapshot' | 'points'>, records: Iterable<ResponseRecord>): TextTable {
  const { snapshot } = survey;
  const codes = (scale: string) => snapshot.scales.find((s) => s.id === scale)?.options.map((o) => o.code) ?? [];
  const itemCodes = snapshotItems(snapshot).map((i) => codes(i.scale));
  const ownCodes = snapshot.own.map((q) => codes(q.scale));
  const pointName = new Map(survey.points.map((p) => [p.id, p.name]));
  const cell = (options: readonly string[], byte: number | undefined) => (byte ? (options[byte - 1] ?? '') : '');
  const rows: string[][] = [];
  for (const r of records) {
    rows.push([
      r.month,
      r.pointId === null ? '' : (pointName.get(r.pointId) ?? ''),
      ...itemCodes.map((options, i) => cell(options, r.answers[i])),
      ...ownCodes.map((options, j) => cell(options, r.own[j])),
    ]);
  }
  return { header: answerColumns(snapshot).map((c) => c.th), rows };
}

/** A survey's answers as a CSV or XLSX file (year.read). */
export async function exportAnswers(db: Db, principal: Principal, ref: YearRef, surveyId: string, format: 'csv' | 'xlsx'): Promise<{ bytes: Buffer; filename: string }> {
  const { survey, records } = await surveyResponses(db, principal, ref, surveyId);
  const table = answerTable(survey, records);
  const filename = `survey-${ref.year}-${survey.kind.toLowerCase()}-${survey.id.slice(0, 8)}.${format}`;
  if (format === 'csv') return { bytes: writeCsv(table), filename };
  return { bytes: await writeXlsx([{ name: 'คำตอบ', columns: answerColumns(survey.snapshot), table }]), filename };
}
