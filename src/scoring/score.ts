/**
 * From indicator scores to tool scores, the overall ITA score and the year's grade or label.
 *
 * tool = mean of its indicators (EIT published in parts: mean of the parts); overall = Σ weight·tool;
 * everything exact until the end, then rounded half-up to the year's decimals. Pass = overall ≥ pass mark.
 */
import { InputError } from '../errors.ts';
import { notesOn, TOOL_CODES } from '../ita/index.ts';
import type {
  CriteriaNote,
  CriteriaYear,
  IndicatorNumber,
  LabelGradeRule,
  NoteTopic,
  ToolCode,
} from '../ita/index.ts';
import { toArabicDigits } from '../thai/index.ts';
import { Exact } from './exact.ts';
import { scoringMessages } from './messages.ts';

/** A score as given: a number, decimal text (Thai digits allowed), or an exact value computed upstream. */
export type ScoreValue = number | string | Exact;

export interface ScoreInput {
  /** Indicator number → score 0..100; every indicator of the year must be present. */
  readonly indicators: Readonly<Partial<Record<number, ScoreValue>>>;
  /** EIT tool scores of part 1 and part 2, where the year publishes EIT in parts and they are known. */
  readonly eitParts?: readonly ScoreValue[];
}

export interface NoteOut {
  readonly id: string;
  readonly certainty: CriteriaNote['certainty'];
  readonly th: string;
  readonly en: string;
}

export interface ScoreResult {
  readonly year: number;
  readonly criteriaRevision: number;
  /** Indicator number → score as given (2 decimals). */
  readonly indicators: Readonly<Record<string, number>>;
  readonly tools: Readonly<Record<ToolCode, number>>;
  /** Each tool's contribution to the overall score (weight × tool score), as the NACC prints it (out of 30/30/40). */
  readonly weighted: Readonly<Record<ToolCode, number>>;
  readonly eitParts?: readonly number[];
  readonly overall: number;
  readonly passMark: number;
  readonly pass: boolean;
  /** AA..F (to FY 2565) or the label (from FY 2566); null where the year's rule cannot decide. */
  readonly grade: string | null;
  readonly gradeScheme: 'bands' | 'labels';
  /** Why the grade is uncertain or missing (Thai); null when the year's rule is confirmed and decides. */
  readonly gradeNote: string | null;
  readonly gradeNoteEn: string | null;
  /** The catalogue's notes on uncertain facts this result depends on. */
  readonly notes: readonly NoteOut[];
}

/** Exact scores, for callers that combine them further (analysis, roll-ups). */
export interface ExactScores {
  readonly indicators: ReadonlyMap<IndicatorNumber, Exact>;
  readonly tools: ReadonlyMap<ToolCode, Exact>;
  readonly overall: Exact;
}

const HUNDRED = Exact.int(100);

/**
 * Parses and checks one score: a finite number in 0..100, no NaN, no silent default. Thai digits are accepted
 * in text.
 */
export function parseScore(value: ScoreValue | undefined | null, field: string, labelTh: string): Exact {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new InputError(field, scoringMessages.missingScore({ field, labelTh }));
  }
  let exact: Exact | null;
  if (value instanceof Exact) exact = value;
  else if (typeof value === 'number') exact = Number.isFinite(value) ? Exact.fromNumber(value) : null;
  else exact = Exact.tryParse(toArabicDigits(value));
  if (exact === null) {
    throw new InputError(field, scoringMessages.notANumber({ field, labelTh, value: String(value) }));
  }
  if (exact.lt(Exact.ZERO) || HUNDRED.lt(exact)) {
    throw new InputError(field, scoringMessages.outOfRange({ field, labelTh, value: String(value) }));
  }
  return exact;
}

/** Per-year constants that every score needs, parsed once. */
interface Compiled {
  readonly known: ReadonlySet<string>;
  readonly fields: ReadonlyMap<IndicatorNumber, { readonly field: string; readonly labelTh: string }>;
}

const COMPILED = new WeakMap<CriteriaYear, Compiled>();

function compiled(criteria: CriteriaYear): Compiled {
  let c = COMPILED.get(criteria);
  if (!c) {
    c = {
      known: new Set(criteria.indicators.map((i) => String(i.number))),
      fields: new Map(
        criteria.indicators.map((i) => [i.number, { field: `indicators.${i.number}`, labelTh: `ตัวชี้วัดที่ ${i.number} ${i.nameTh}` }]),
      ),
    };
    COMPILED.set(criteria, c);
  }
  return c;
}

/** Checks and parses the indicator scores of a year: every indicator present, nothing else, each in 0..100. */
export function parseIndicatorScores(
  criteria: CriteriaYear,
  indicators: Readonly<Partial<Record<number, ScoreValue>>>,
): Map<IndicatorNumber, Exact> {
  const { known, fields } = compiled(criteria);
  for (const key in indicators) {
    if (!known.has(key)) {
      throw new InputError(`indicators.${key}`, scoringMessages.unknownIndicator({ key, year: criteria.year, count: criteria.indicators.length }));
    }
  }
  const parsed = new Map<IndicatorNumber, Exact>();
  for (const def of criteria.indicators) {
    const value = indicators[def.number];
    if (value === undefined) {
      throw new InputError(`indicators.${def.number}`, scoringMessages.missingIndicator({ number: def.number, nameTh: def.nameTh, nameEn: def.nameEn }));
    }
    const { field, labelTh } = fields.get(def.number) as { field: string; labelTh: string };
    parsed.set(def.number, parseScore(value, field, labelTh));
  }
  return parsed;
}

/** Scores one agency's year from its indicator scores. Throws InputError on bad input. */
export function scoreIndicators(criteria: CriteriaYear, input: ScoreInput): ScoreResult {
  const indicators = parseIndicatorScores(criteria, input.indicators);
  const eitTool = criteria.tools.find((t) => t.code === 'EIT');
  const parts = input.eitParts?.length ? parseEitParts(criteria, input.eitParts) : undefined;
  if (parts && !eitTool?.parts) {
    throw new InputError('eitParts', scoringMessages.noEitParts({ year: criteria.year }));
  }
  const exact = combine(criteria, indicators, parts);
  const decimals = criteria.decimals;
  const passMark = Exact.parse(criteria.passMark);
  const overall = exact.overall.round(decimals);
  const tools = {} as Record<ToolCode, number>;
  const weighted = {} as Record<ToolCode, number>;
  for (const tool of criteria.tools) {
    const score = exact.tools.get(tool.code) as Exact;
    tools[tool.code] = score.toNumber(decimals);
    weighted[tool.code] = score.mul(Exact.parse(tool.weight)).toNumber(decimals);
  }
  const grade = decideGrade(criteria, overall, exact.tools, parts);
  const topics: NoteTopic[] = ['weights', 'indicators', 'grade', 'rounding'];
  if (eitTool?.parts) topics.push('eit-parts');
  return {
    year: criteria.year,
    criteriaRevision: criteria.revision,
    indicators: Object.fromEntries([...indicators].map(([n, v]) => [String(n), v.toNumber(decimals)])),
    tools,
    weighted,
    ...(parts ? { eitParts: parts.map((p) => p.toNumber(decimals)) } : {}),
    overall: overall.toNumber(decimals),
    passMark: passMark.toNumber(decimals),
    pass: overall.gte(passMark),
    grade: grade.grade,
    gradeScheme: criteria.gradeRule.kind,
    gradeNote: grade.noteTh,
    gradeNoteEn: grade.noteEn,
    notes: notesOut(criteria, topics),
  };
}

const NOTES_OUT = new WeakMap<CriteriaYear, Map<string, readonly NoteOut[]>>();

/** The year's notes on the topics, as results carry them (computed once per year and topic list, then shared). */
export function notesOut(criteria: CriteriaYear, topics: readonly NoteTopic[]): readonly NoteOut[] {
  let byTopics = NOTES_OUT.get(criteria);
  if (!byTopics) NOTES_OUT.set(criteria, (byTopics = new Map()));
  const key = topics.join(',');
  let notes = byTopics.get(key);
  if (!notes) {
    notes = Object.freeze(notesOn(criteria, topics).map(({ id, certainty, th, en }) => Object.freeze({ id, certainty, th, en })));
    byTopics.set(key, notes);
  }
  return notes;
}

function parseEitParts(criteria: CriteriaYear, values: readonly ScoreValue[]): Exact[] {
  const eit = criteria.tools.find((t) => t.code === 'EIT');
  const expected = eit?.parts?.length ?? 0;
  if (values.length !== expected) {
    throw new InputError('eitParts', scoringMessages.eitPartsCount({ expected, got: values.length }));
  }
  return values.map((v, i) => parseScore(v, `eitParts.${i + 1}`, `EIT ส่วนที่ ${i + 1}`));
}

/** Tool scores and the overall score, exact. The EIT tool score is the mean of its parts when they are given. */
export function combine(
  criteria: CriteriaYear,
  indicators: ReadonlyMap<IndicatorNumber, Exact>,
  eitParts?: readonly Exact[],
): ExactScores {
  const tools = new Map<ToolCode, Exact>();
  let overall = Exact.ZERO;
  for (const tool of criteria.tools) {
    const score =
      tool.code === 'EIT' && eitParts
        ? Exact.mean(eitParts)
        : Exact.mean(tool.indicators.map((n) => indicators.get(n) as Exact));
    tools.set(tool.code, score);
    overall = overall.add(score.mul(Exact.parse(tool.weight)));
  }
  return { indicators, tools, overall };
}

interface GradeDecision {
  readonly grade: string | null;
  readonly noteTh: string | null;
  readonly noteEn: string | null;
}

function decideGrade(
  criteria: CriteriaYear,
  overall: Exact,
  tools: ReadonlyMap<ToolCode, Exact>,
  eitParts: readonly Exact[] | undefined,
): GradeDecision {
  const rule = criteria.gradeRule;
  if (rule.kind === 'bands') {
    const band = rule.bands.find((b) => overall.gte(Exact.parse(b.min)));
    return { grade: band ? band.grade : null, noteTh: null, noteEn: null };
  }
  return decideLabel(criteria, rule, overall, tools, eitParts);
}

type Tri = 'yes' | 'no' | 'unknown';

/**
 * FY 2566+ labels. Every tool must reach a level's minimum; where EIT counts as its two parts and the parts are
 * not given, only the EIT mean is known: a part can be as low as 2·EIT − 100, so the condition may be
 * undecidable. The label is returned only when exactly one level is possible; otherwise null and a note that
 * names the possible labels.
 */
function decideLabel(
  criteria: CriteriaYear,
  rule: LabelGradeRule,
  overall: Exact,
  tools: ReadonlyMap<ToolCode, Exact>,
  eitParts: readonly Exact[] | undefined,
): GradeDecision {
  const decimals = criteria.decimals;
  const passMark = Exact.parse(criteria.passMark);
  const eitHasParts = rule.eitPartsCountAsTools && criteria.tools.some((t) => t.code === 'EIT' && t.parts);
  const rounded = (v: Exact) => v.round(decimals);
  const everyToolAtLeast = (min: Exact): Tri => {
    let result: Tri = 'yes';
    for (const code of TOOL_CODES) {
      const score = tools.get(code);
      if (!score) continue;
      if (code === 'EIT' && eitHasParts) {
        if (eitParts) {
          if (eitParts.some((p) => rounded(p).lt(min))) return 'no';
          continue;
        }
        if (rounded(score).lt(min)) return 'no';
        const lowestPossiblePart = rounded(score).mul(Exact.int(2)).sub(HUNDRED);
        if (lowestPossiblePart.lt(min)) result = 'unknown';
        continue;
      }
      if (rounded(score).lt(min)) return 'no';
    }
    return result;
  };

  if (overall.lt(passMark)) {
    const names = rule.unconfirmedBelowPass;
    const probable = names.find((b) => overall.gte(Exact.parse(b.minOverall)));
    const list = names.map((b) => b.label).join(' / ');
    return {
      grade: null,
      noteTh:
        `คะแนนรวมต่ำกว่า ${criteria.passMark} คะแนน จึงไม่ผ่านเกณฑ์ ชื่อระดับที่ต่ำกว่าเกณฑ์ผ่าน (${list}) ` +
        `ยังไม่พบในเอกสารของสำนักงาน ป.ป.ช.${probable ? ` ตามเกณฑ์ที่พบในระบบอื่นคะแนนนี้จะอยู่ในระดับ "${probable.label}"` : ''} ` +
        `จึงไม่ระบุระดับ`,
      noteEn:
        `The overall score is below ${criteria.passMark}: not a pass. The names of the levels below the pass mark ` +
        `(${list}) were not found in an NACC source${probable ? `; other systems would call this "${probable.label}"` : ''}, ` +
        `so no label is given.`,
    };
  }

  const candidates: string[] = [];
  for (const level of rule.levels) {
    if (overall.lt(Exact.parse(level.minOverall))) continue;
    const tri = level.minEveryTool === undefined ? 'yes' : everyToolAtLeast(Exact.parse(level.minEveryTool));
    if (tri === 'no') continue;
    candidates.push(level.label);
    if (tri === 'yes') break;
  }
  const mappingTh = 'การจัดระดับตามคะแนนรวมและคะแนนของทุกเครื่องมืออ้างอิงจากมติคณะกรรมการ ป.ป.ช. ๘ มิ.ย. ๒๕๖๖ ตามที่ระบบอื่นนำไปใช้ (ยังไม่พบคู่มือของ ป.ป.ช. ที่ระบุเงื่อนไขโดยตรง)';
  const mappingEn = 'Labels follow the NACC board resolution of 8 Jun 2566 as implemented by other systems; no NACC manual stating the conditions was found.';
  if (candidates.length === 1) {
    return { grade: candidates[0] as string, noteTh: mappingTh, noteEn: mappingEn };
  }
  if (candidates.length === 0) {
    return { grade: null, noteTh: `ไม่มีระดับในเกณฑ์ปี ${criteria.year} ที่ตรงกับคะแนนนี้`, noteEn: `no level of the ${criteria.year} rule fits this score` };
  }
  const list = candidates.map((c) => `"${c}"`).join(' หรือ ');
  return {
    grade: null,
    noteTh:
      `ระดับขึ้นอยู่กับคะแนน EIT ส่วนที่ 1 และส่วนที่ 2 ซึ่งไม่ได้ระบุ: จากคะแนน EIT รวมอาจเป็น ${list} ` +
      `โปรดระบุคะแนน EIT แยกส่วนเพื่อให้ระบบตัดสินระดับได้ (${mappingTh})`,
    noteEn:
      `The label depends on the EIT part 1 and part 2 scores, which were not given: from the EIT mean it may be ` +
      `${candidates.map((c) => `"${c}"`).join(' or ')}. Give the EIT parts to decide. (${mappingEn})`,
  };
}

/** Parses the scores that are present (each still checked: range, known indicator); missing ones stay missing. */
export function partialScores(criteria: CriteriaYear, values: Readonly<Partial<Record<number, ScoreValue>>>): Map<IndicatorNumber, Exact> {
  const present: Partial<Record<number, ScoreValue>> = {};
  const filled: Record<number, ScoreValue> = {};
  for (const def of criteria.indicators) filled[def.number] = '0';
  for (const [n, v] of Object.entries(values)) {
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
    present[Number(n)] = v;
    filled[Number(n)] = v;
  }
  // Validate the given values (and reject unknown indicators) with the same rules as full scoring.
  const parsed = parseIndicatorScores(criteria, filled);
  const out = new Map<IndicatorNumber, Exact>();
  for (const [n, v] of parsed) if (present[n] !== undefined) out.set(n, v);
  return out;
}
