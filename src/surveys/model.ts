/**
 * An agency's own IIT/EIT survey, as data (no I/O): the snapshot of the year's catalogue it asks, and the answer
 * records it keeps.
 *
 * A survey takes a SNAPSHOT of its tool's questions and scales from the year's criteria when it is created, so a
 * later revision of the criteria pack never changes what its answers mean. The agency's own satisfaction questions
 * (`own`, codes s1, s2, …) use the same scales and are scored apart from the ITA indicators.
 *
 * An answer record is one byte per item of the snapshot in order (then one per own question): 0 = not answered,
 * k = the k-th option of the item's scale (1-based), as `surveyItemCodes` lays out kept answers in src/scoring/survey.ts.
 */
import { z } from 'zod';
import { InputError, InputErrors } from '../errors.ts';
import type { AnswerScale, CriteriaYear, IndicatorNumber } from '../ita/index.ts';
import { surveyMessages } from './messages.ts';

export const SURVEY_KINDS = ['IIT', 'EIT'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** Scales an own question may use (the catalogue's). */
export const OWN_SCALES = ['four-level', 'yes-no'] as const;
export const MAX_OWN_QUESTIONS = 20;

/** One answerable item of a snapshot question (a question without sub-items has one item of its own code). */
export interface SnapshotItem {
  readonly code: string;
  readonly textTh: string;
  /** Scale id in `SurveySnapshot.scales`. */
  readonly scale: string;
  readonly reversed: boolean;
}

export interface SnapshotQuestion {
  readonly code: string;
  readonly indicator: IndicatorNumber;
  readonly textTh: string;
  readonly items: readonly SnapshotItem[];
}

/** The agency's own satisfaction question: kept apart from the ITA score. */
export interface OwnQuestion {
  /** "s1", "s2", … */
  readonly code: string;
  readonly textTh: string;
  /** "four-level" or "yes-no". */
  readonly scale: string;
}

export interface SurveySnapshot {
  readonly kind: SurveyKind;
  /** The criteria year and revision the questions were taken from. */
  readonly criteriaYear: number;
  readonly revision: number;
  readonly questions: readonly SnapshotQuestion[];
  /** The scales the questions and own questions use (options in form order; scores as decimal strings). */
  readonly scales: readonly AnswerScale[];
  readonly own: readonly OwnQuestion[];
}

/** One respondent's kept answers. */
export interface ResponseRecord {
  /** 'YYYY-MM' (the Bangkok month of the answer: the only time kept). */
  readonly month: string;
  readonly pointId: string | null;
  /** One byte per snapshot item in order: 0 = not answered, k = k-th option (1-based). */
  readonly answers: Uint8Array;
  /** One byte per own question, the same way. */
  readonly own: Uint8Array;
}

const scaleSchema = z.strictObject({
  id: z.string(),
  nameTh: z.string(),
  options: z.array(z.strictObject({ code: z.string(), labelTh: z.string(), score: z.string() })).min(1).max(255),
});
const itemSchema = z.strictObject({ code: z.string(), textTh: z.string(), scale: z.string(), reversed: z.boolean() });
const questionSchema = z.strictObject({
  code: z.string(),
  indicator: z.number().int().min(1).max(10),
  textTh: z.string(),
  items: z.array(itemSchema).min(1),
});
export const ownQuestionSchema = z.strictObject({ code: z.string(), textTh: z.string(), scale: z.string() });

/** The `surveys.questions` column: the catalogue part of the snapshot. */
export const storedQuestionsSchema = z.strictObject({
  criteriaYear: z.number().int(),
  revision: z.number().int(),
  questions: z.array(questionSchema),
  scales: z.array(scaleSchema),
});
export type StoredQuestions = Omit<SurveySnapshot, 'kind' | 'own'>;
/** The `surveys.own_questions` column. */
export const storedOwnSchema = z.array(ownQuestionSchema);

/** The snapshot of `kind`'s questions of a year's criteria, with the scales they (and own questions) use. */
export function snapshotOf(criteria: CriteriaYear, kind: SurveyKind, own: readonly OwnQuestion[] = []): SurveySnapshot {
  const questions: SnapshotQuestion[] = criteria.questions
    .filter((q) => q.tool === kind)
    .map((q) => ({
      code: q.code,
      indicator: q.indicator,
      textTh: q.textTh,
      items: q.items.map((i) => ({ code: i.code, textTh: i.textTh, scale: i.scale, reversed: i.reversed === true })),
    }));
  if (questions.length === 0) throw new InputError('kind', surveyMessages.noQuestions({ year: criteria.year, kind }));
  const used = new Set([...questions.flatMap((q) => q.items.map((i) => i.scale)), ...OWN_SCALES]);
  const scales = criteria.scales.filter((s) => used.has(s.id)).map((s) => ({ id: s.id, nameTh: s.nameTh, options: s.options.map((o) => ({ ...o })) }));
  const snapshot = { kind, criteriaYear: criteria.year, revision: criteria.revision, questions, scales, own: [] };
  return { ...snapshot, own: checkOwnQuestions(snapshot, own) };
}

/** The agency's own questions checked against the snapshot's scales: codes s1..sN in order, at most 20. */
export function checkOwnQuestions(snapshot: Pick<SurveySnapshot, 'scales'>, own: readonly OwnQuestion[]): OwnQuestion[] {
  if (own.length > MAX_OWN_QUESTIONS) throw new InputError('ownQuestions', surveyMessages.tooManyOwn({ max: MAX_OWN_QUESTIONS }));
  const scaleIds = new Set(snapshot.scales.map((s) => s.id));
  return own.map((q, i) => {
    const field = `ownQuestions.${i}`;
    if (q.code !== `s${i + 1}`) throw new InputError(`${field}.code`, surveyMessages.badOwnCode({ code: q.code }));
    if (!(OWN_SCALES as readonly string[]).includes(q.scale) || !scaleIds.has(q.scale)) {
      throw new InputError(`${field}.scale`, surveyMessages.badScale({ scale: q.scale }));
    }
    return { code: q.code, textTh: q.textTh.trim(), scale: q.scale };
  });
}

/** The snapshot's items in record order. */
export function snapshotItems(snapshot: Pick<SurveySnapshot, 'questions'>): SnapshotItem[] {
  return snapshot.questions.flatMap((q) => q.items);
}

/** Number of options of a scale of the snapshot. */
function optionCount(snapshot: SurveySnapshot, scale: string): number {
  const found = snapshot.scales.find((s) => s.id === scale);
  if (!found) throw new Error(`scale ${scale} is not in the survey's snapshot`);
  return found.options.length;
}

/**
 * A form's answers (field = item code or own question code; value = the 1-based option index, "" or absent = not
 * answered) as the byte records. Every answer must be a valid option index, an unknown field is refused, and at
 * least one item or own question must be answered; all problems are reported at once.
 */
export function encodeAnswers(snapshot: SurveySnapshot, form: Readonly<Record<string, string>>): { answers: Uint8Array; own: Uint8Array } {
  const items = snapshotItems(snapshot);
  const slots = new Map<string, { bytes: 'answers' | 'own'; index: number; max: number }>();
  items.forEach((item, index) => slots.set(item.code, { bytes: 'answers', index, max: optionCount(snapshot, item.scale) }));
  snapshot.own.forEach((q, index) => slots.set(q.code, { bytes: 'own', index, max: optionCount(snapshot, q.scale) }));
  const out = { answers: new Uint8Array(items.length), own: new Uint8Array(snapshot.own.length) };
  const errors: InputError[] = [];
  let answered = 0;
  for (const [field, raw] of Object.entries(form)) {
    const slot = slots.get(field);
    if (!slot) {
      errors.push(new InputError(field, surveyMessages.unknownField({ field })));
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    const option = /^[0-9]{1,3}$/.test(value) ? Number(value) : NaN;
    if (!(option >= 1 && option <= slot.max)) {
      errors.push(new InputError(field, surveyMessages.badAnswer({ field, max: slot.max })));
      continue;
    }
    out[slot.bytes][slot.index] = option;
    answered += 1;
  }
  if (errors.length === 0 && answered === 0) errors.push(new InputError('answers', surveyMessages.noAnswer()));
  if (errors.length === 1) throw errors[0] as InputError;
  if (errors.length > 1) throw new InputErrors(errors);
  return out;
}

