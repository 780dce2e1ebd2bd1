/**
 * The ITA criteria of one fiscal year, as frozen data.
 *
 * One criteria pack per fiscal year and revision (src/ita/pack.ts: the built-in ones are src/ita/packs/<year>.json;
 * more are imported at run time) holds a `CriteriaYear`. A year is never edited in place once published: a
 * correction or a new NACC manual is a new `revision`, so results computed under an earlier revision can always be
 * recomputed the same way.
 *
 * Numbers that take part in scoring (weights, answer scores, thresholds) are decimal strings ("0.3", "33.33")
 * so that they are parsed exactly by the scoring code and never pass through binary floating point.
 */

export type ToolCode = 'IIT' | 'EIT' | 'OIT';

export const TOOL_CODES: readonly ToolCode[] = ['IIT', 'EIT', 'OIT'];

/** Indicators are numbered 1..10 in every year from 2563 to 2570. */
export type IndicatorNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** What a note's uncertainty affects; outputs that depend on a topic carry the year's notes on that topic. */
export type NoteTopic =
  | 'weights' // the 30/30/40 tool weights
  | 'indicators' // indicator names or their grouping into tools
  | 'questions' // IIT/EIT question texts, count, mapping to indicators
  | 'answer-scales' // the score of each answer option
  | 'eit-parts' // EIT published in part 1 / part 2 and how they combine
  | 'oit-items' // the OIT item list, codes, titles, sub-groups
  | 'oit-indicator-mapping' // which OIT item belongs to indicator 9 or 10
  | 'oit-aggregation' // how met/not-met items become indicator 9/10 scores
  | 'grade' // the grade bands or labels
  | 'rounding'; // rounding to 2 decimals before comparing with thresholds

/**
 * A fact our sources could not confirm. Every output that depends on the topic shows the note (Thai and
 * English), so that an official never mistakes our assumption for the NACC's rule.
 */
export interface CriteriaNote {
  /** Stable identifier, unique within a year, e.g. "eit-parts-weight". */
  readonly id: string;
  /** `inferred`: a reasoned assumption; `not-found`: the fact was looked for and not found. */
  readonly certainty: 'inferred' | 'not-found';
  readonly topics: readonly NoteTopic[];
  readonly th: string;
  readonly en: string;
  /** URLs or repository paths that the assumption rests on. */
  readonly sources?: readonly string[];
}

export interface ToolDefinition {
  readonly code: ToolCode;
  readonly nameTh: string;
  readonly nameEn: string;
  /** Weight in the overall ITA score as a decimal string ("0.3"); the three weights sum to 1. */
  readonly weight: string;
  readonly indicators: readonly IndicatorNumber[];
  /**
   * EIT from FY 2566 is collected in two parts (ส่วนที่ 1: stakeholders answer through the agency's published
   * channels; ส่วนที่ 2: NACC contacts the stakeholders the agency lists). Absent when the tool has no parts.
   */
  readonly parts?: readonly { readonly nameTh: string; readonly nameEn: string }[];
}

export interface IndicatorDefinition {
  readonly number: IndicatorNumber;
  readonly tool: ToolCode;
  readonly nameTh: string;
  readonly nameEn: string;
  /** Other spellings seen in official pages that year (e.g. การใช้ทรัพย์สินของทางราชการ). */
  readonly altNamesTh?: readonly string[];
}

export interface AnswerOption {
  /** What a response file holds for this answer, e.g. "1".."4" or "Y"/"N". */
  readonly code: string;
  readonly labelTh: string;
  /** Score of this answer, 0..100, as a decimal string. */
  readonly score: string;
}

export interface AnswerScale {
  readonly id: string;
  readonly nameTh: string;
  /** Options in the order shown on the form. */
  readonly options: readonly AnswerOption[];
}

/** One answerable item: a question without sub-items, or one sub-item of a question. */
export interface SurveyItem {
  /** Column name in a response file, e.g. "i2" or "i1.1". */
  readonly code: string;
  readonly textTh: string;
  /** Scale id from `CriteriaYear.scales`. */
  readonly scale: string;
  /** True for negatively worded items: option scores are mirrored (100 - score). */
  readonly reversed?: boolean;
}

export interface SurveyQuestion {
  /** "i1".."i30", "e1".."e15". */
  readonly code: string;
  readonly tool: 'IIT' | 'EIT';
  readonly indicator: IndicatorNumber;
  readonly textTh: string;
  /**
   * The answerable items. A question without sub-items has exactly one item whose code equals the question
   * code; a question with sub-items scores as the mean of its sub-items.
   */
  readonly items: readonly SurveyItem[];
}

export interface OitSubIndicator {
  /** "9.1" .. "9.5", "10.1", "10.2". */
  readonly code: string;
  readonly indicator: 9 | 10;
  readonly nameTh: string;
}

/**
 * What an OIT item is for, where code depends on it (never on the item's title or code, which change from year to
 * year: the measures are O42 up to 2567, O27 in 2568 and O25 in 2569):
 * - `measures`: the integrity and transparency measures of the year (มาตรการส่งเสริมคุณธรรมและความโปร่งใส…; in 2569
 *   การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร), built on the analysis of the previous year's results;
 * - `measures-report`: the report on those measures (O43, O28, O26);
 * - `complaint-statistics`: the statistics of corruption and misconduct complaints;
 * - `procurement-summary`: the monthly summary of procurement (สรุปผลการจัดซื้อจัดจ้าง…รายเดือน).
 */
export type OitItemRole = 'measures' | 'measures-report' | 'complaint-statistics' | 'procurement-summary';

export const OIT_ITEM_ROLES: readonly OitItemRole[] = ['measures', 'measures-report', 'complaint-statistics', 'procurement-summary'];

export interface OitItem {
  /** "O1" .. "O43". */
  readonly code: string;
  readonly titleTh: string;
  /** The heading the item is listed under in that year's list (e.g. ข้อมูลพื้นฐาน). */
  readonly groupTh: string;
  readonly indicator: 9 | 10;
  /** Sub-indicator code, where the year has sub-indicators. */
  readonly subIndicator?: string;
  /** Which fiscal year the published content must cover, relative to the assessment year. */
  readonly period?: 'current' | 'previous';
  /** True when the item must be kept current during the year (monthly summaries, six-month reports...). */
  readonly recurring?: 'monthly' | 'six-monthly';
  /** What the item is for, when code depends on it; at most one item of a year has a given role. */
  readonly role?: OitItemRole;
  /** Parts of the item that are checked on their own: what the OIT pre-audit (src/preaudit/) looks for. */
  readonly components?: readonly OitComponent[];
}

/**
 * How a component of an OIT item is checked (src/preaudit/verdict.ts):
 * - `phrases`: every group of `anyOf` must have one of its phrases in the item's texts;
 * - `file-type`: a document of one of the kinds is published (html, pdf, docx, xlsx, image);
 * - `signature`: a signature or date line (ลงชื่อ / ลงนาม / ประกาศ ณ วันที่);
 * - `person`: a machine cannot tell; `th`/`en` say what a person must look at.
 */
export type OitComponentCheck =
  | { readonly kind: 'phrases'; readonly anyOf: readonly (readonly string[])[] }
  | { readonly kind: 'file-type'; readonly types: readonly ('html' | 'pdf' | 'docx' | 'xlsx' | 'image')[] }
  | { readonly kind: 'signature' }
  | { readonly kind: 'person'; readonly th: string; readonly en: string };

/** A required part of an OIT item, with how sure we are that the NACC requires it and where that comes from. */
export interface OitComponent {
  readonly code: string;
  readonly titleTh: string;
  readonly titleEn: string;
  readonly check: OitComponentCheck;
  /** confirmed: an NACC (or NACC-guideline) source says so; inferred: from agencies' practice; not-found: the NACC's list was not found. */
  readonly certainty: 'confirmed' | 'inferred' | 'not-found';
  readonly sources?: readonly string[];
}

/**
 * How met/not-met OIT items become indicator 9 and 10 scores:
 * - `sub-indicator-mean`: each sub-indicator scores the share of its items met (×100); the indicator is the
 *   mean of its sub-indicators (reproduces every published 2564 value);
 * - `item-share`: the indicator scores the share of its items met (×100).
 */
export type OitAggregation = 'sub-indicator-mean' | 'item-share';

export interface GradeBand {
  readonly grade: string;
  /** Lowest overall score (inclusive) of the band, decimal string. */
  readonly min: string;
}

/** Legacy Rating Score (up to FY 2565): AA..F by the overall score alone. */
export interface BandGradeRule {
  readonly kind: 'bands';
  /** Highest band first. */
  readonly bands: readonly GradeBand[];
}

export interface LabelLevel {
  readonly label: string;
  /** Lowest overall score (inclusive). */
  readonly minOverall: string;
  /** Lowest score (inclusive) every tool must reach; absent when the level puts no condition on tools. */
  readonly minEveryTool?: string;
}

/**
 * Rating labels from FY 2566 (NACC board resolution 8 Jun 2566): the label depends on the overall score and on
 * every tool's score. Levels below the pass mark are not confirmed: they are listed as `unconfirmedBelowPass`
 * and never returned as the grade.
 */
export interface LabelGradeRule {
  readonly kind: 'labels';
  /** Highest level first; every level here has minOverall ≥ the pass mark. */
  readonly levels: readonly LabelLevel[];
  /** Names seen in non-NACC code for scores below the pass mark: shown in notes, not used as the grade. */
  readonly unconfirmedBelowPass: readonly { readonly label: string; readonly minOverall: string }[];
  /** When true, each EIT part counts as a separate tool for `minEveryTool` (the ท่าไม้ 2566 statement). */
  readonly eitPartsCountAsTools: boolean;
}

export type GradeRule = BandGradeRule | LabelGradeRule;

/**
 * Why a year's criteria are not (yet) the NACC's own, shown wherever the criteria are (staff pages, API, CLI):
 * the year's list comes from an agency rather than the NACC manual (2569), or the NACC has not announced the
 * year and another year's criteria stand in for it (2570).
 */
export interface ProvisionalMark {
  readonly th: string;
  readonly en: string;
  /** The fiscal year whose criteria this year's repeat, wholly or (where the year has its own OIT list) except that list. */
  readonly basedOn: number;
}

export interface CriteriaYear {
  /** Fiscal year, Buddhist era (2566 = 1 Oct 2565 – 30 Sep 2566). */
  readonly year: number;
  /** Bumped when a correction is published for the same year; results record the revision they used. */
  readonly revision: number;
  readonly titleTh: string;
  readonly tools: readonly ToolDefinition[];
  readonly indicators: readonly IndicatorDefinition[];
  /** Pass mark of the overall score (85 in every known year), decimal string. */
  readonly passMark: string;
  /** Decimal places of published scores; rounding is half-up. */
  readonly decimals: number;
  readonly gradeRule: GradeRule;
  /** Empty when the year's questionnaire is not in the catalogue. */
  readonly scales: readonly AnswerScale[];
  readonly questions: readonly SurveyQuestion[];
  /** Empty when the year has no sub-indicators (or they are unknown). */
  readonly oitSubIndicators: readonly OitSubIndicator[];
  /** Empty when the year's OIT list is not in the catalogue. */
  readonly oitItems: readonly OitItem[];
  readonly oitAggregation: OitAggregation;
  readonly notes: readonly CriteriaNote[];
  /** Present while the criteria are provisional (see ProvisionalMark); absent for a year with its NACC criteria. */
  readonly provisional?: ProvisionalMark;
  /** Main sources for the year as a whole. */
  readonly sources: readonly string[];
}
