/**
 * Checks a year's data before its documents are rendered and lists the problems in Thai and English, each with
 * a severity, the place in the data, and the documents it shows in. Rendering is still allowed: the problems
 * travel with the document so that the caller can show them. Pure.
 *
 * What is checked (the problems the seed report of อบต.ห้วยทอง really has are marked *):
 * - a missing indicator score*; a finding text the agency wrote that names an indicator "คือ คะแนน" with no
 *   number*;
 * - a Buddhist-era year (Thai or Arabic digits) after ปีงบประมาณ / พ.ศ. / ปี that is not the document's year,
 *   the assessment year or the previous scores' year*; a period whose dates fall outside the fiscal year;
 * - empty cells: a measure without methods or actions; without follow-up or result (the report); without
 *   follow-up or expected outcome* (the plan); without a responsible unit or a period;
 * - a measure linked to no indicator (no tool's table would show it);
 * - a written finding that the scores contradict, when the scores exist: the indicator it calls the lowest is
 *   not, it passes or fails against the scores, it has full marks when it does not, or it gives another score;
 * - a written analysis text marked stale (the scores changed after it was written; the caller says which).
 */
import type { IndicatorNumber, ToolCode } from '../ita/index.ts';
import type { YearData } from '../model/derive.ts';
import type { Measure } from '../model/year.ts';
import { fiscalYearRange, parseThaiNumber, toArabicDigits } from '../thai/index.ts';
import { DOCUMENT_KINDS, type DocumentKind } from './model.ts';
import { criteriaOf } from './parts.ts';

export type Severity = 'error' | 'warning';

export type LintCode =
  | 'missing-score'
  | 'finding-without-score'
  | 'finding-contradicts-scores'
  | 'year-mismatch'
  | 'period-outside-year'
  | 'empty-cell'
  | 'no-responsible'
  | 'no-period'
  | 'unlinked-measure'
  /** An analysis text a person wrote that the scores have changed under (src/app/analysis.ts). */
  | 'analysis-stale'
  /** Not found by the linter but by the renderer: the DOCX chart could not be drawn (no browser). */
  | 'chart-left-out';

export interface LintProblem {
  readonly code: LintCode;
  /** error: the document would state something false or blank; warning: something is missing or doubtful. */
  readonly severity: Severity;
  /** The place in the year's data: "scores.indicators.2", "analysis.tools.IIT", "measures.m1.result". */
  readonly where: string;
  /** The place, said for people: "ผลการวิเคราะห์ IIT", "มาตรการที่ 1 การใช้งบประมาณ: ผลลัพธ์". */
  readonly whereTh: string;
  readonly th: string;
  readonly en: string;
  /** The documents the problem shows in. */
  readonly documents: readonly DocumentKind[];
}

const ALL: readonly DocumentKind[] = DOCUMENT_KINDS;
const REPORT: readonly DocumentKind[] = ['measures-report'];
const PLAN: readonly DocumentKind[] = ['measures-plan'];
const MEASURE_DOCS: readonly DocumentKind[] = ['measures-report', 'measures-plan'];

/** A measure's text fields, their Thai column names, and the documents that print them. */
const MEASURE_FIELDS = {
  titleTh: { th: 'มาตรการ', documents: ALL },
  methods: { th: 'วิธีดำเนินการ', documents: ALL },
  actions: { th: 'ผลการดำเนินการ/การดำเนินการ', documents: MEASURE_DOCS },
  followUp: { th: 'การกำกับติดตาม', documents: MEASURE_DOCS },
  result: { th: 'ผลลัพธ์/ความสำเร็จ', documents: REPORT },
  expectedOutcome: { th: 'ผลที่คาดว่าจะได้รับ', documents: PLAN },
  period: { th: 'ระยะเวลาดำเนินการ', documents: MEASURE_DOCS },
} as const;
type MeasureField = keyof typeof MEASURE_FIELDS;

interface Text {
  readonly where: string;
  readonly whereTh: string;
  readonly text: string;
  readonly documents: readonly DocumentKind[];
}

function measureName(m: Measure): string {
  return `มาตรการที่ ${m.seq} ${m.titleTh}`;
}

function measureTexts(m: Measure): Text[] {
  const at = (field: MeasureField, text: string | null, index?: number): Text[] =>
    text
      ? [{
          where: `measures.${m.id}.${field}${index === undefined ? '' : `.${index}`}`,
          whereTh: `${measureName(m)}: ${MEASURE_FIELDS[field].th}`,
          text,
          documents: MEASURE_FIELDS[field].documents,
        }]
      : [];
  return [
    ...at('titleTh', m.titleTh),
    ...m.methods.flatMap((text, i) => at('methods', text, i)),
    ...m.actions.flatMap((text, i) => at('actions', text, i)),
    ...at('followUp', m.followUp),
    ...at('result', m.result),
    ...at('expectedOutcome', m.expectedOutcome),
    ...at('period', m.period.textTh),
  ];
}

function analysisTexts(data: YearData): Text[] {
  const texts: Text[] = [];
  if (data.analysis.intro) texts.push({ where: 'analysis.intro', whereTh: 'บทนำ', text: data.analysis.intro, documents: ALL });
  for (const tool of criteriaOf(data).tools) {
    const text = data.analysis.tools[tool.code];
    if (text) texts.push({ where: `analysis.tools.${tool.code}`, whereTh: `ผลการวิเคราะห์ ${tool.code}`, text, documents: ALL });
  }
  if (data.analysis.summary) texts.push({ where: 'analysis.summary', whereTh: 'สรุป', text: data.analysis.summary, documents: ALL });
  return texts;
}

/** A four-digit year (Thai or Arabic digits) right after ปีงบประมาณ, พ.ศ. or ปี. */
const YEAR_IN_TEXT = /(?:ปีงบประมาณ|พ\.\s?ศ\.|ปี)\s*(?:พ\.\s?ศ\.)?\s*([0-9๐-๙]{4})(?![0-9๐-๙])/g;

function yearProblems(data: YearData, texts: readonly Text[]): LintProblem[] {
  const allowed = new Set([data.year, data.criteriaYear, ...(data.previousScores ? [data.previousScores.year] : [])]);
  const problems: LintProblem[] = [];
  for (const t of texts) {
    const wrong = new Set<number>();
    for (const match of t.text.matchAll(YEAR_IN_TEXT)) {
      const year = Number(toArabicDigits(match[1] as string));
      if (year >= 2400 && year <= 2700 && !allowed.has(year)) wrong.add(year);
    }
    for (const year of wrong) {
      problems.push({
        code: 'year-mismatch',
        severity: 'error',
        where: t.where,
        whereTh: t.whereTh,
        th: `ข้อความระบุปี ${year} แต่เอกสารเป็นของปีงบประมาณ ${data.year}${data.criteriaYear !== data.year ? ` (ผลการประเมินปี ${data.criteriaYear})` : ''}`,
        en: `the text names the year ${year} but the document is for fiscal year ${data.year}${data.criteriaYear !== data.year ? ` (assessment ${data.criteriaYear})` : ''}`,
        documents: t.documents,
      });
    }
  }
  return problems;
}

function missingScoreProblems(data: YearData): LintProblem[] {
  const criteria = criteriaOf(data);
  return criteria.indicators
    .filter((def) => (data.scores.indicators[String(def.number)] ?? null) === null)
    .map((def) => ({
      code: 'missing-score' as const,
      severity: 'warning' as const,
      where: `scores.indicators.${def.number}`,
      whereTh: `คะแนนตัวชี้วัดที่ ${def.number}`,
      th: `ไม่มีคะแนนตัวชี้วัดที่ ${def.number} ${def.nameTh} (${def.tool}): เอกสารจะแสดงว่าไม่มีข้อมูล และยังคำนวณคะแนนรวมไม่ได้`,
      en: `no score for indicator ${def.number} (${def.nameEn}, ${def.tool}): documents show it as missing and the overall score cannot be computed`,
      documents: ALL,
    }));
}

/** The parts of a finding text, one per "ตัวชี้วัดที่ N" it names (N null for text before the first). */
function indicatorSegments(text: string): { indicator: number | null; text: string }[] {
  const marks = [...text.matchAll(/ตัวชี้วัดที่\s*([0-9๐-๙]{1,2})/g)];
  const segments: { indicator: number | null; text: string }[] = [];
  if ((marks[0]?.index ?? text.length) > 0) segments.push({ indicator: null, text: text.slice(0, marks[0]?.index ?? text.length) });
  marks.forEach((m, i) => {
    segments.push({ indicator: Number(toArabicDigits(m[1] as string)), text: text.slice(m.index, marks[i + 1]?.index ?? text.length) });
  });
  return segments;
}

const SCORE_STATED = /คือ\s*([0-9๐-๙]+(?:\.[0-9๐-๙]+)?)\s*คะแนน/;
const SCORE_BLANK = /คือ\s*คะแนน/;

function findingProblems(data: YearData): LintProblem[] {
  const criteria = criteriaOf(data);
  const findings = data.computed.findings;
  const problems: LintProblem[] = [];
  for (const tool of criteria.tools) {
    const text = data.analysis.tools[tool.code as ToolCode];
    if (!text) continue;
    const where = `analysis.tools.${tool.code}`;
    const whereTh = `ผลการวิเคราะห์ ${tool.code}`;
    const toolFindings = findings.tools.find((t) => t.tool === tool.code);
    const contradiction = (n: number, th: string, en: string) =>
      problems.push({ code: 'finding-contradicts-scores', severity: 'error', where, whereTh, th: `ข้อความกล่าวถึงตัวชี้วัดที่ ${n} ว่า${th}`, en: `the text says indicator ${n} ${en}`, documents: ALL });
    for (const segment of indicatorSegments(text)) {
      const n = segment.indicator;
      if (SCORE_BLANK.test(segment.text)) {
        problems.push({
          code: 'finding-without-score',
          severity: 'error',
          where,
          whereTh,
          th: n === null ? 'ข้อความเขียนว่า "คือ คะแนน" แต่ไม่มีตัวเลขคะแนน' : `ข้อความระบุคะแนนของตัวชี้วัดที่ ${n} ว่า "คือ คะแนน" แต่ไม่มีตัวเลขคะแนน`,
          en: n === null ? 'the text says "คือ คะแนน" (the score is) with no number' : `the text gives indicator ${n}'s score as "คือ คะแนน" (the score is) with no number`,
          documents: ALL,
        });
      }
      const score = n === null ? null : (data.scores.indicators[String(n)] ?? null);
      if (n === null || score === null) continue;
      const stated = segment.text.match(SCORE_STATED)?.[1];
      const statedValue = stated === undefined ? null : parseThaiNumber(stated);
      if (statedValue !== null && Math.abs(statedValue - score) > 0.005) {
        contradiction(n, ` ได้ ${stated} คะแนน แต่คะแนนที่บันทึกไว้คือ ${score}`, `scored ${statedValue} but the recorded score is ${score}`);
      }
      const lowest = toolFindings?.lowest;
      if (/ต่ำสุด/.test(segment.text) && lowest && toolFindings.missing.length === 0 && !lowest.indicators.some((l) => l.indicator === (n as IndicatorNumber))) {
        const actual = lowest.indicators.map((l) => l.indicator).join(', ');
        contradiction(n, `ต่ำสุดของ ${tool.code} แต่ตามคะแนนตัวชี้วัดที่ต่ำสุดคือ ${actual}`, `is the lowest of ${tool.code} but by the scores the lowest is ${actual}`);
      }
      const saysPass = /(?<!ไม่)ผ่านเกณฑ์/.test(segment.text);
      const saysFail = /ไม่ผ่านเกณฑ์|ต่ำกว่าเกณฑ์/.test(segment.text);
      if (saysPass && score < findings.passMark) {
        contradiction(n, `ผ่านเกณฑ์ แต่คะแนน ${score} ต่ำกว่าเกณฑ์ ${findings.passMark}`, `meets the target but its score ${score} is below ${findings.passMark}`);
      } else if (saysFail && score >= findings.passMark) {
        contradiction(n, `ไม่ผ่านเกณฑ์ แต่คะแนน ${score} ผ่านเกณฑ์ ${findings.passMark}`, `is below the target but its score ${score} meets ${findings.passMark}`);
      }
      if (/คะแนนเต็ม/.test(segment.text) && score < 100) {
        contradiction(n, `ได้คะแนนเต็ม แต่คะแนนคือ ${score}`, `has full marks but its score is ${score}`);
      }
    }
  }
  return problems;
}

function measureProblems(data: YearData): LintProblem[] {
  const known = new Set<number>(criteriaOf(data).indicators.map((i) => i.number));
  const range = fiscalYearRange(data.year);
  const problems: LintProblem[] = [];
  for (const m of data.measures) {
    const base = { where: `measures.${m.id}`, whereTh: measureName(m) };
    const empty = (field: MeasureField, isEmpty: boolean, en: string) => {
      if (!isEmpty) return;
      const { th, documents } = MEASURE_FIELDS[field];
      problems.push({
        code: 'empty-cell',
        severity: 'warning',
        where: `measures.${m.id}.${field}`,
        whereTh: `${measureName(m)}: ${th}`,
        th: `ช่อง "${th}" ว่าง`,
        en: `the ${en} cell is empty`,
        documents,
      });
    };
    empty('methods', m.methods.length === 0, 'methods (วิธีดำเนินการ)');
    empty('actions', m.actions.length === 0, 'actions (ผลการดำเนินการ)');
    empty('followUp', !m.followUp, 'follow-up (กำกับติดตาม)');
    empty('result', !m.result, 'result (ผลลัพธ์/ความสำเร็จ)');
    empty('expectedOutcome', !m.expectedOutcome, 'expected outcome (ผลที่คาดว่าจะได้รับ)');
    if (m.responsible.length === 0) {
      problems.push({ code: 'no-responsible', severity: 'warning', ...base, th: 'ไม่ได้ระบุผู้รับผิดชอบ', en: 'no responsible unit or person', documents: MEASURE_DOCS });
    }
    const { start, end, textTh } = m.period;
    if (!start && !end && !textTh) {
      problems.push({ code: 'no-period', severity: 'warning', ...base, th: 'ไม่ได้ระบุระยะเวลาดำเนินการ', en: 'no period', documents: MEASURE_DOCS });
    }
    const outside = [start, end].filter((d): d is string => d !== null && (d < range.start || d > range.end));
    if (outside.length > 0) {
      problems.push({
        code: 'period-outside-year',
        severity: 'warning',
        ...base,
        th: `ระยะเวลาดำเนินการ (${outside.join(', ')}) อยู่นอกปีงบประมาณ ${data.year} (${range.start} ถึง ${range.end})`,
        en: `the period (${outside.join(', ')}) falls outside fiscal year ${data.year} (${range.start} to ${range.end})`,
        documents: MEASURE_DOCS,
      });
    }
    if (!m.indicators.some((n) => known.has(n))) {
      problems.push({
        code: 'unlinked-measure',
        severity: 'warning',
        ...base,
        th: 'มาตรการไม่ได้เชื่อมกับตัวชี้วัดใด จึงไม่อยู่ในตารางของเครื่องมือใด (แสดงไว้ท้ายเอกสารในหัวข้อมาตรการอื่น)',
        en: 'the measure is linked to no indicator, so no tool’s table shows it (it is listed at the end, under other measures)',
        documents: ALL,
      });
    }
  }
  return problems;
}

/** What the year's data does not hold but the database knows: the analysis sections marked stale. */
export interface LintContext {
  /** 'intro', 'IIT', 'EIT', 'OIT', 'summary': texts a person wrote before the scores changed under them. */
  readonly staleAnalysis?: readonly string[];
}

function staleProblems(data: YearData, context: LintContext): LintProblem[] {
  return (context.staleAnalysis ?? []).flatMap((section) => {
    const where = section === 'intro' || section === 'summary' ? `analysis.${section}` : `analysis.tools.${section}`;
    const whereTh = analysisTexts(data).find((t) => t.where === where)?.whereTh ?? where;
    return [
      {
        code: 'analysis-stale' as const,
        severity: 'error' as const,
        where,
        whereTh,
        th: 'คะแนนเปลี่ยนไปหลังจากเขียนข้อความนี้: โปรดใช้ข้อความใหม่ที่สร้างจากคะแนน หรือยืนยันข้อความเดิม',
        en: 'the scores changed after this text was written: take the new text generated from them, or confirm this one',
        documents: ALL,
      },
    ];
  });
}

/** Every problem of the year, errors first, each group in the order of the data. */
export function lintYear(data: YearData, context: LintContext = {}): LintProblem[] {
  const texts = [...analysisTexts(data), ...data.measures.flatMap(measureTexts)];
  const problems = [...staleProblems(data, context), ...missingScoreProblems(data), ...findingProblems(data), ...yearProblems(data, texts), ...measureProblems(data)];
  return [...problems.filter((p) => p.severity === 'error'), ...problems.filter((p) => p.severity === 'warning')];
}

/** The problems that show in one document. */
export function lintDocument(data: YearData, kind: DocumentKind, context: LintContext = {}): LintProblem[] {
  return lintYear(data, context).filter((p) => p.documents.includes(kind));
}
