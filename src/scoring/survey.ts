/**
 * From raw IIT/EIT answers to question and indicator scores.
 *
 * item score = mean over respondents of the answer's score (mirrored for negatively worded items);
 * question = mean of its answered items; indicator = mean of its answered questions. Counts are tallied per
 * answer option and turned into exact means at the end, so a million responses cost one increment per answer.
 *
 * Response file: CSV, one respondent per row; columns are the year's item codes (i1.1, i2, … e15), optionally
 * `agency` (to score many agencies from one file) and ignored bookkeeping columns (respondent, id, tool,
 * timestamp). A cell holds the answer's code (1–4, Y/N) or its Thai label; empty means not answered.
 */
import { InputError, InputErrors } from '../errors.ts';
import type { AnswerScale, CriteriaYear, IndicatorNumber, SurveyItem, SurveyQuestion } from '../ita/index.ts';
import { CsvByteParser, cellString, type CsvRow } from '../csv/parser.ts';
import { Exact } from './exact.ts';
import { scoringMessages } from './messages.ts';

const IGNORED_COLUMNS = new Set(['respondent', 'id', 'tool', 'timestamp']);
const MAX_ERRORS = 50;

interface Column {
  readonly item: SurveyItem;
  readonly question: SurveyQuestion;
  /** Single-byte answer code → option index, -1 when not a one-byte code. */
  readonly byteIndex: Int16Array;
  /** Any accepted text (code or Thai label, trimmed) → option index. */
  readonly textIndex: ReadonlyMap<string, number>;
  readonly scores: readonly Exact[];
  /** Position of the item in the catalogue's item order (the layout of kept answers). */
  readonly position: number;
}

export interface QuestionScore {
  readonly code: string;
  readonly indicator: IndicatorNumber;
  readonly score: Exact;
  /** Number of answers to the question (all its items together). */
  readonly answers: number;
}

export interface SurveyScores {
  /** The `agency` cell, or "" when the file has no agency column. */
  readonly agency: string;
  /** Only the indicators that have at least one answer. */
  readonly indicators: ReadonlyMap<IndicatorNumber, Exact>;
  readonly questions: readonly QuestionScore[];
  readonly respondents: { readonly IIT: number; readonly EIT: number };
  /**
   * With `keepAnswers`: every response of the agency, one record of `surveyItemCodes(criteria).length` bytes per
   * row in file order; a byte is 0 for no answer, k for the k-th option of the item's scale.
   */
  readonly answers?: Uint8Array;
}

/** The answerable items of a year in catalogue order: the layout of a kept answer record. */
export function surveyItemCodes(criteria: CriteriaYear): string[] {
  return criteria.questions.flatMap((q) => q.items.map((i) => i.code));
}

interface AgencyTally {
  readonly counts: Int32Array;
  /** Kept answer records (with keepAnswers): `rows` records of `width` bytes at the start of `kept`. */
  kept: Uint8Array | null;
  rows: number;
  respondentsIIT: number;
  respondentsEIT: number;
}

export class SurveyTally {
  private readonly criteria: CriteriaYear;
  private readonly stride: number;
  private columns: (Column | null)[] = [];
  private agencyColumn = -1;
  private header: string[] | null = null;
  private readonly tallies = new Map<string, AgencyTally>();
  private readonly errors: InputError[] = [];
  private errorCount = 0;
  private lastAgencyBytes = new Uint8Array(0);
  private lastAgency: AgencyTally | null = null;
  rows = 0;
  /** Bytes of one kept answer record, or 0 when answers are not kept. */
  private readonly width: number;
  private readonly positions: ReadonlyMap<string, number>;

  /** `keepAnswers`: also keep every response (for storing the raw answers), not only the counts. */
  constructor(criteria: CriteriaYear, options: { keepAnswers?: boolean } = {}) {
    this.criteria = criteria;
    const codes = surveyItemCodes(criteria);
    this.positions = new Map(codes.map((c, i) => [c, i]));
    this.width = options.keepAnswers ? codes.length : 0;
    this.stride = Math.max(1, ...criteria.scales.map((s) => s.options.length));
    if (criteria.questions.length === 0) {
      throw new InputError('year', scoringMessages.noQuestionnaire({ year: criteria.year }));
    }
  }

  /** Feeds a whole response file given as chunks (e.g. from a read stream). */
  parser(): CsvByteParser {
    return new CsvByteParser((row) => this.addRow(row));
  }

  setHeader(cells: readonly string[]): void {
    const items = new Map<string, { item: SurveyItem; question: SurveyQuestion }>();
    for (const question of this.criteria.questions) {
      for (const item of question.items) items.set(item.code.toLowerCase(), { item, question });
    }
    const seen = new Set<string>();
    const unknown: string[] = [];
    this.columns = cells.map((raw, index) => {
      const name = raw.trim().toLowerCase();
      if (seen.has(name) && name !== '') {
        this.fail(new InputError(`column ${index + 1}`, scoringMessages.duplicateColumn({ column: raw })));
      }
      seen.add(name);
      if (name === 'agency') {
        this.agencyColumn = index;
        return null;
      }
      if (IGNORED_COLUMNS.has(name) || name === '') return null;
      const found = items.get(name);
      if (!found) {
        unknown.push(raw);
        return null;
      }
      return this.column(found.item, found.question);
    });
    if (unknown.length > 0) {
      const sample = [...items.keys()].slice(0, 3).join(', ');
      this.fail(new InputError('header', scoringMessages.unknownColumns({ columns: unknown, year: this.criteria.year, sample })));
    }
    if (!this.columns.some((c) => c !== null)) {
      this.fail(new InputError('header', scoringMessages.noAnswerColumns()));
    }
    this.header = [...cells];
  }

  private column(item: SurveyItem, question: SurveyQuestion): Column {
    const scale = this.criteria.scales.find((s) => s.id === item.scale);
    if (!scale) throw new Error(`catalogue ${this.criteria.year}: item ${item.code} has unknown scale ${item.scale}`);
    const byteIndex = new Int16Array(256).fill(-1);
    const textIndex = new Map<string, number>();
    scale.options.forEach((option, i) => {
      const code = new TextEncoder().encode(option.code);
      if (code.length === 1) byteIndex[code[0] as number] = i;
      textIndex.set(option.code, i);
      textIndex.set(option.code.toLowerCase(), i);
      textIndex.set(option.labelTh, i);
    });
    const scores = optionScores(scale, item.reversed);
    return { item, question, byteIndex, textIndex, scores, position: this.positions.get(item.code) as number };
  }

  /** Adds one parsed CSV row; the first row is the header. */
  addRow(row: CsvRow): void {
    if (this.header === null) {
      const cells: string[] = [];
      for (let i = 0; i < row.length; i++) cells.push(cellString(row, i));
      this.setHeader(cells);
      return;
    }
    if (row.length === 1 && row.ends[0] === row.starts[0]) return; // blank line
    this.rows++;
    const tally = this.tallyFor(row);
    const { counts } = tally;
    const record = this.width > 0 ? this.nextRecord(tally) : -1;
    const stride = this.stride;
    const bytes = row.bytes;
    let answeredIIT = false;
    let answeredEIT = false;
    const n = Math.min(row.length, this.columns.length);
    if (row.length > this.columns.length) {
      this.fail(new InputError(`row ${row.line}`, scoringMessages.tooManyCells({ line: row.line, cells: row.length, header: this.columns.length })));
    }
    for (let c = 0; c < n; c++) {
      const column = this.columns[c];
      if (!column) continue;
      const start = row.starts[c] as number;
      const end = row.ends[c] as number;
      if (end === start) continue;
      let option = end - start === 1 ? (column.byteIndex[bytes[start] as number] as number) : -1;
      if (option < 0) {
        const text = cellString(row, c).trim();
        if (text === '') continue;
        option = column.textIndex.get(text) ?? column.textIndex.get(text.toLowerCase()) ?? -1;
        if (option < 0) {
          this.badAnswer(row.line, c, text, column);
          continue;
        }
      }
      const at = c * stride + option;
      counts[at] = (counts[at] as number) + 1;
      if (record >= 0) (tally.kept as Uint8Array)[record + column.position] = option + 1;
      if (column.question.tool === 'IIT') answeredIIT = true;
      else answeredEIT = true;
    }
    if (answeredIIT) tally.respondentsIIT++;
    if (answeredEIT) tally.respondentsEIT++;
  }

  /** Room for one more answer record of the agency (zero-filled); returns its offset. */
  private nextRecord(tally: AgencyTally): number {
    const offset = tally.rows * this.width;
    const kept = tally.kept as Uint8Array;
    if (offset + this.width > kept.length) {
      const grown = new Uint8Array(Math.max(kept.length * 2, this.width * 64));
      grown.set(kept);
      tally.kept = grown;
    }
    tally.rows++;
    return offset;
  }

  private tallyFor(row: CsvRow): AgencyTally {
    let start = 0;
    let end = 0;
    if (this.agencyColumn >= 0 && this.agencyColumn < row.length) {
      start = row.starts[this.agencyColumn] as number;
      end = row.ends[this.agencyColumn] as number;
    }
    // Files are usually grouped by agency: reuse the last tally while the agency bytes are the same.
    const last = this.lastAgencyBytes;
    if (this.lastAgency && end - start === last.length) {
      let same = true;
      for (let i = 0; i < last.length; i++) {
        if (row.bytes[start + i] !== last[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastAgency;
    }
    const key = new TextDecoder().decode(row.bytes.subarray(start, end)).trim();
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = {
        counts: new Int32Array(this.columns.length * this.stride),
        kept: this.width > 0 ? new Uint8Array(0) : null,
        rows: 0,
        respondentsIIT: 0,
        respondentsEIT: 0,
      };
      this.tallies.set(key, tally);
    }
    this.lastAgencyBytes = row.bytes.slice(start, end);
    this.lastAgency = tally;
    return tally;
  }

  private badAnswer(line: number, c: number, text: string, column: Column): void {
    const allowed = [...new Set(column.textIndex.keys())].filter((k) => k === k.toUpperCase() || /[ก-๙]/.test(k));
    this.fail(
      new InputError(`row ${line}, column ${c + 1} (${column.item.code})`, scoringMessages.badAnswer({ line, item: column.item.code, answer: text, allowed: allowed.join(', ') })),
    );
  }

  private fail(error: InputError): void {
    this.errorCount++;
    if (this.errors.length < MAX_ERRORS) this.errors.push(error);
  }

  /**
   * The scores of every agency in the file, in the order they first appear. Throws InputErrors listing the problems (at most
   * 50, then a count) when any row was bad: scores are never computed from a file with errors.
   */
  results(): SurveyScores[] {
    if (this.header === null) {
      this.fail(new InputError('file', scoringMessages.emptyFile()));
    } else if (this.rows === 0) {
      this.fail(new InputError('file', scoringMessages.noResponses()));
    }
    if (this.errorCount > 0) {
      const more = this.errorCount - this.errors.length;
      const list = [...this.errors];
      if (more > 0) list.push(new InputError('file', scoringMessages.moreProblems({ more })));
      throw new InputErrors(list);
    }
    return [...this.tallies].map(([agency, tally]) => this.scoresOf(agency, tally));
  }

  private scoresOf(agency: string, tally: AgencyTally): SurveyScores {
    const byItem = new Map<string, ItemScore>();
    this.columns.forEach((column, c) => {
      const score = column ? itemScore(column.scores, tally.counts, c * this.stride) : null;
      if (column && score) byItem.set(column.item.code, score);
    });
    const { questions, indicators } = aggregateItems(this.criteria.questions, this.criteria.indicators.map((d) => d.number), byItem);
    return {
      agency,
      indicators,
      questions,
      respondents: { IIT: tally.respondentsIIT, EIT: tally.respondentsEIT },
      ...(tally.kept ? { answers: tally.kept.subarray(0, tally.rows * this.width) } : {}),
    };
  }
}

/** The score of each option of an item's scale, mirrored (100 − score) for a negatively worded item. */
export function optionScores(scale: AnswerScale, reversed: boolean | undefined): Exact[] {
  const hundred = Exact.int(100);
  return scale.options.map((o) => (reversed ? hundred.sub(Exact.parse(o.score)) : Exact.parse(o.score)));
}

export interface ItemScore {
  readonly score: Exact;
  readonly answers: number;
}

/**
 * An item's score from how many respondents chose each option (`counts[offset + o]` for option o, `scores` from
 * `optionScores`): the mean of the chosen options' scores; null when nobody answered it.
 */
export function itemScore(scores: readonly Exact[], counts: ArrayLike<number>, offset: number): ItemScore | null {
  let answers = 0;
  let total = Exact.ZERO;
  scores.forEach((score, o) => {
    const count = counts[offset + o] as number;
    if (count > 0) {
      answers += count;
      total = total.add(score.mul(Exact.int(count)));
    }
  });
  return answers > 0 ? { score: total.div(Exact.int(answers)), answers } : null;
}

/** What `aggregateItems` needs of a question: a catalogue question or a survey's snapshot of one. */
export interface AggregatedQuestion {
  readonly code: string;
  readonly indicator: IndicatorNumber;
  readonly items: readonly { readonly code: string }[];
}

/**
 * Item scores → question = mean of its answered items → indicator = mean of its answered questions. Questions in
 * the given order, indicators in `indicatorOrder`; only what has at least one answer.
 */
export function aggregateItems(
  questionList: readonly AggregatedQuestion[],
  indicatorOrder: readonly IndicatorNumber[],
  byItem: ReadonlyMap<string, ItemScore>,
): { questions: QuestionScore[]; indicators: Map<IndicatorNumber, Exact> } {
  const questions: QuestionScore[] = [];
  for (const question of questionList) {
    const answered = question.items.map((i) => byItem.get(i.code)).filter((x) => x !== undefined);
    if (answered.length === 0) continue;
    questions.push({
      code: question.code,
      indicator: question.indicator,
      score: Exact.mean(answered.map((a) => a.score)),
      answers: answered.reduce((sum, a) => sum + a.answers, 0),
    });
  }
  const indicators = new Map<IndicatorNumber, Exact>();
  for (const number of indicatorOrder) {
    const scores = questions.filter((q) => q.indicator === number).map((q) => q.score);
    if (scores.length > 0) indicators.set(number, Exact.mean(scores));
  }
  return { questions, indicators };
}

/** Scores a whole response file held in memory (tests, small uploads). */
export function scoreResponses(criteria: CriteriaYear, csv: string | Uint8Array): SurveyScores[] {
  const tally = new SurveyTally(criteria);
  const parser = tally.parser();
  parser.push(typeof csv === 'string' ? new TextEncoder().encode(csv) : csv);
  parser.end();
  return tally.results();
}
