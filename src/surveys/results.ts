/**
 * The results of an agency's own survey, as the NACC would compute them: pure, no I/O.
 *
 * One pass over the answer records counts, per item, how many respondents chose each option (typed arrays, for the
 * whole survey, each month and each service point); the scores are then made from the counts with the scoring core
 * of src/scoring/survey.ts (`optionScores`, `itemScore`, `aggregateItems`), exactly:
 * item = mean of the chosen options' scores (a negatively worded item mirrored, 100 − score) → question = mean of its
 * answered items → indicator = mean of its answered questions → tool = mean of its answered indicators. Scores are
 * given as `Exact` and as numbers rounded half-up to 2 decimals (`Exact.toNumber(2)`, as src/scoring does).
 *
 * Respondents: every kept record is one respondent (an empty answer is refused when encoded); an indicator's (or a
 * question's) respondents are those who answered at least one of its items.
 *
 * 95 % confidence interval of an indicator: the half-width t(0.975, n − 1) · s / √n, where n is the indicator's
 * respondents and s the sample standard deviation of the respondents' OWN indicator scores (each respondent's mean
 * of their answered question scores in that indicator, a question's score being the mean of their answered items
 * in it). It is computed in floating point (a square root is not exact) and rounded half-up to 2 decimals; null
 * when suppressed. The t quantile comes from the usual two-sided 95 % table for df 1–30 (3 decimals) and, beyond,
 * from the Cornish–Fisher expansion around the normal quantile (z + (z³ + z)/4df + (5z⁵ + 16z³ + 3z)/96df²: 2.021 at
 * df 40, 2.000 at 60, 1.980 at 120, as the tables print) — no npm package: @stdlib/stats-base-dists-t-quantile was
 * considered but pulls in a tree of stdlib packages for these few numbers.
 *
 * Small groups: the whole survey, each month (`YYYY-MM`) and each service point with fewer than 5 respondents is
 * SUPPRESSED: no score, no interval and no exact count (`respondents: null`, shown as "fewer than 5"); so is any
 * indicator, question or own question with fewer than 5 respondents inside a shown group. Records without a
 * service point (the survey's general link) count in the whole survey and their month only.
 *
 * A record whose length does not match the snapshot, or whose answer is not an option of the item's scale, is not
 * the survey's: the function throws rather than guess.
 *
 * Own questions (the agency's satisfaction questions) are scored the same way, separately: they never enter an
 * indicator or the tool score.
 */
import type { IndicatorNumber } from '../ita/index.ts';
import { Exact } from '../scoring/exact.ts';
import { aggregateItems, itemScore, optionScores, type ItemScore } from '../scoring/survey.ts';
import type { ResponseRecord, SurveyKind, SurveySnapshot } from './model.ts';

/** Groups (and indicators, questions, own questions) with fewer respondents than this are suppressed. */
export const SMALL_GROUP = 5;
/** Decimals of the output numbers (the ITA's published scores have 2). */
const DECIMALS = 2;

/**
 * t(0.975, df) for df = 1..30 (index df − 1), the two-sided 95 % quantile of Student's t distribution as printed in
 * the standard tables; the Cornish–Fisher expansion beyond.
 */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
] as const;

export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer: ${df}`);
  const tabled = T_975[df - 1];
  if (tabled !== undefined) return tabled;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

/** A score with its respondents; score, exact and respondents are null when suppressed (fewer than 5). */
export interface Figure {
  readonly exact: Exact | null;
  /** Rounded half-up to 2 decimals. */
  readonly score: number | null;
  readonly respondents: number | null;
  readonly suppressed: boolean;
}

export interface IndicatorResult extends Figure {
  readonly indicator: IndicatorNumber;
  /** Half-width of the 95 % confidence interval, rounded half-up to 2 decimals; null when suppressed. */
  readonly ci95: number | null;
}

export interface QuestionResult extends Figure {
  readonly code: string;
  readonly indicator: IndicatorNumber;
}

export interface OwnResult extends Figure {
  readonly code: string;
}

/** A month ("YYYY-MM") or a service point (its id): respondents null and every indicator suppressed when < 5. */
export interface GroupResult {
  readonly key: string;
  readonly respondents: number | null;
  readonly suppressed: boolean;
  readonly indicators: readonly IndicatorResult[];
}

export interface SurveyResults {
  readonly kind: SurveyKind;
  /** Null when the whole survey has fewer than 5 respondents (suppressed). */
  readonly respondents: number | null;
  readonly suppressed: boolean;
  /** Every indicator of the snapshot, in number order. */
  readonly indicators: readonly IndicatorResult[];
  /** Mean of the answered indicators; null when suppressed or nothing was answered. */
  readonly tool: { readonly exact: Exact; readonly score: number } | null;
  /** Every question of the snapshot, in snapshot order. */
  readonly questions: readonly QuestionResult[];
  /** The agency's own questions, in order; never part of an indicator or the tool. */
  readonly own: readonly OwnResult[];
  /** Months in order. */
  readonly byMonth: readonly GroupResult[];
  /** Service points in id order (the caller names them). */
  readonly byPoint: readonly GroupResult[];
  /** The minimum sample given (EIT: the catalogue's minimum for the organisation's group), null when unknown. */
  readonly minimum: number | null;
  /** Null when the minimum is unknown. */
  readonly minimumReached: boolean | null;
}

/** Counts of one group. */
interface Tally {
  respondents: number;
  /** item × stride + option index → respondents who chose it. */
  readonly counts: Int32Array;
  /** Per indicator (index in `Layout.indicators`): respondents, and the sum and sum of squares of their own scores. */
  readonly n: Int32Array;
  readonly sum: Float64Array;
  readonly sumSq: Float64Array;
}

/** The snapshot, prepared once for the pass over the records. */
interface Layout {
  readonly stride: number;
  readonly itemCodes: readonly string[];
  /** Exact option scores per item (reversal applied), for the exact scores. */
  readonly exactScores: readonly (readonly Exact[])[];
  /** The same as floats, item × stride + option index, for the respondents' own scores. */
  readonly floatScores: Float64Array;
  readonly optionCounts: Int32Array;
  readonly itemQuestion: Int32Array;
  readonly questionIndicator: Int32Array;
  readonly indicators: readonly IndicatorNumber[];
  readonly ownExactScores: readonly (readonly Exact[])[];
  readonly ownOptionCounts: Int32Array;
}

function layoutOf(snapshot: SurveySnapshot): Layout {
  const scale = (id: string) => {
    const found = snapshot.scales.find((s) => s.id === id);
    if (!found) throw new Error(`scale ${id} is not in the survey's snapshot`);
    return found;
  };
  const items = snapshot.questions.flatMap((q, qi) => q.items.map((item) => ({ item, qi })));
  const stride = Math.max(1, ...snapshot.scales.map((s) => s.options.length));
  const indicators = [...new Set(snapshot.questions.map((q) => q.indicator))].sort((a, b) => a - b);
  const exactScores = items.map(({ item }) => optionScores(scale(item.scale), item.reversed));
  const floatScores = new Float64Array(items.length * stride);
  exactScores.forEach((scores, i) => scores.forEach((s, o) => (floatScores[i * stride + o] = Number(s.n) / Number(s.d))));
  return {
    stride,
    itemCodes: items.map(({ item }) => item.code),
    exactScores,
    floatScores,
    optionCounts: Int32Array.from(exactScores, (s) => s.length),
    itemQuestion: Int32Array.from(items, ({ qi }) => qi),
    questionIndicator: Int32Array.from(snapshot.questions, (q) => indicators.indexOf(q.indicator)),
    indicators,
    ownExactScores: snapshot.own.map((q) => optionScores(scale(q.scale), false)),
    ownOptionCounts: Int32Array.from(snapshot.own, (q) => scale(q.scale).options.length),
  };
}

function newTally(layout: Layout): Tally {
  const k = layout.indicators.length;
  return {
    respondents: 0,
    counts: new Int32Array(layout.itemCodes.length * layout.stride),
    n: new Int32Array(k),
    sum: new Float64Array(k),
    sumSq: new Float64Array(k),
  };
}

function tallyOf(groups: Map<string, Tally>, key: string, layout: Layout): Tally {
  let tally = groups.get(key);
  if (!tally) {
    tally = newTally(layout);
    groups.set(key, tally);
  }
  return tally;
}

function badLength(record: ResponseRecord, items: number, own: number): never {
  throw new RangeError(`a response record has ${record.answers.length} + ${record.own.length} answers; the survey has ${items} items + ${own} own questions`);
}

function badOption(code: string, option: number, max: number): never {
  throw new RangeError(`a response record answers ${code} with option ${option}; its scale has ${max}`);
}

/**
 * The survey's results from its snapshot and its answer records (one pass). `minimum`: the minimum sample for the
 * organisation's group (EIT), or null when it is not known (IIT: the NACC's formula was not found).
 */
export function surveyResults(snapshot: SurveySnapshot, records: Iterable<ResponseRecord>, options: { minimum: number | null }): SurveyResults {
  const layout = layoutOf(snapshot);
  const { stride, floatScores, optionCounts, itemQuestion, questionIndicator } = layout;
  const itemCount = layout.itemCodes.length;
  const questionCount = snapshot.questions.length;
  const indicatorCount = layout.indicators.length;
  const whole = newTally(layout);
  const byMonth = new Map<string, Tally>();
  const byPoint = new Map<string, Tally>();
  const ownCounts = new Int32Array(snapshot.own.length * stride);
  const questionRespondents = new Int32Array(questionCount);
  // One respondent's sums, reset after each record.
  const qSum = new Float64Array(questionCount);
  const qCount = new Int32Array(questionCount);
  const iSum = new Float64Array(indicatorCount);
  const iCount = new Int32Array(indicatorCount);

  for (const record of records) {
    const month = tallyOf(byMonth, record.month, layout);
    const point = record.pointId === null ? null : tallyOf(byPoint, record.pointId, layout);
    whole.respondents++;
    month.respondents++;
    if (point) point.respondents++;
    const answers = record.answers;
    const ownAnswers = record.own;
    if (answers.length !== itemCount || ownAnswers.length !== snapshot.own.length) badLength(record, itemCount, snapshot.own.length);
    for (let i = 0; i < itemCount; i++) {
      const option = answers[i] as number;
      if (option === 0) continue;
      if (option > (optionCounts[i] as number)) badOption(layout.itemCodes[i] as string, option, optionCounts[i] as number);
      const at = i * stride + option - 1;
      whole.counts[at] = (whole.counts[at] as number) + 1;
      month.counts[at] = (month.counts[at] as number) + 1;
      if (point) point.counts[at] = (point.counts[at] as number) + 1;
      const q = itemQuestion[i] as number;
      qSum[q] = (qSum[q] as number) + (floatScores[at] as number);
      qCount[q] = (qCount[q] as number) + 1;
    }
    for (let q = 0; q < questionCount; q++) {
      const count = qCount[q] as number;
      if (count === 0) continue;
      questionRespondents[q] = (questionRespondents[q] as number) + 1;
      const k = questionIndicator[q] as number;
      iSum[k] = (iSum[k] as number) + (qSum[q] as number) / count;
      iCount[k] = (iCount[k] as number) + 1;
      qSum[q] = 0;
      qCount[q] = 0;
    }
    for (let k = 0; k < indicatorCount; k++) {
      const count = iCount[k] as number;
      if (count === 0) continue;
      const own = (iSum[k] as number) / count;
      addScore(whole, k, own);
      addScore(month, k, own);
      if (point) addScore(point, k, own);
      iSum[k] = 0;
      iCount[k] = 0;
    }
    for (let j = 0; j < ownAnswers.length; j++) {
      const option = ownAnswers[j] as number;
      if (option === 0) continue;
      if (option > (layout.ownOptionCounts[j] as number)) badOption((snapshot.own[j] as { code: string }).code, option, layout.ownOptionCounts[j] as number);
      const at = j * stride + option - 1;
      ownCounts[at] = (ownCounts[at] as number) + 1;
    }
  }

  const wholeScores = groupScores(snapshot, layout, whole);
  const suppressed = whole.respondents < SMALL_GROUP;
  const shown = (respondents: number, exact: Exact | null): Figure =>
    suppressed || respondents < SMALL_GROUP || exact === null
      ? { exact: null, score: null, respondents: null, suppressed: true }
      : { exact, score: exact.toNumber(DECIMALS), respondents, suppressed: false };
  const answeredIndicators = [...wholeScores.indicators.values()];
  const tool = suppressed || answeredIndicators.length === 0 ? null : Exact.mean(answeredIndicators);
  return {
    kind: snapshot.kind,
    respondents: suppressed ? null : whole.respondents,
    suppressed,
    indicators: wholeScores.results,
    tool: tool === null ? null : { exact: tool, score: tool.toNumber(DECIMALS) },
    questions: snapshot.questions.map((q, qi) => {
      const scored = wholeScores.questions.find((x) => x.code === q.code);
      return { code: q.code, indicator: q.indicator, ...shown(questionRespondents[qi] as number, scored?.score ?? null) };
    }),
    own: snapshot.own.map((q, j) => {
      const scored = itemScore(layout.ownExactScores[j] as readonly Exact[], ownCounts, j * stride);
      return { code: q.code, ...shown(scored?.answers ?? 0, scored?.score ?? null) };
    }),
    byMonth: groupList(snapshot, layout, byMonth),
    byPoint: groupList(snapshot, layout, byPoint),
    minimum: options.minimum,
    minimumReached: options.minimum === null ? null : whole.respondents >= options.minimum,
  };
}

function addScore(tally: Tally, k: number, score: number): void {
  tally.n[k] = (tally.n[k] as number) + 1;
  tally.sum[k] = (tally.sum[k] as number) + score;
  tally.sumSq[k] = (tally.sumSq[k] as number) + score * score;
}

/** A group's exact question and indicator scores (from its counts) and its indicator figures. */
function groupScores(snapshot: SurveySnapshot, layout: Layout, tally: Tally) {
  const byItem = new Map<string, ItemScore>();
  layout.itemCodes.forEach((code, i) => {
    const score = itemScore(layout.exactScores[i] as readonly Exact[], tally.counts, i * layout.stride);
    if (score) byItem.set(code, score);
  });
  const { questions, indicators } = aggregateItems(snapshot.questions, layout.indicators, byItem);
  const groupSuppressed = tally.respondents < SMALL_GROUP;
  const results = layout.indicators.map((indicator, k): IndicatorResult => {
    const n = tally.n[k] as number;
    const exact = indicators.get(indicator);
    if (groupSuppressed || n < SMALL_GROUP || exact === undefined) {
      return { indicator, exact: null, score: null, ci95: null, respondents: null, suppressed: true };
    }
    return { indicator, exact, score: exact.toNumber(DECIMALS), ci95: halfWidth(n, tally.sum[k] as number, tally.sumSq[k] as number), respondents: n, suppressed: false };
  });
  return { questions, indicators, results };
}

/** t(0.975, n − 1) · s / √n from the respondents' count, sum and sum of squares, rounded half-up to 2 decimals. */
function halfWidth(n: number, sum: number, sumSq: number): number {
  const variance = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return Exact.fromNumber(half).toNumber(DECIMALS);
}

function groupList(snapshot: SurveySnapshot, layout: Layout, groups: Map<string, Tally>): GroupResult[] {
  return [...groups.keys()].sort().map((key) => {
    const tally = groups.get(key) as Tally;
    const suppressed = tally.respondents < SMALL_GROUP;
    return { key, respondents: suppressed ? null : tally.respondents, suppressed, indicators: groupScores(snapshot, layout, tally).results };
  });
}
