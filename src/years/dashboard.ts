/**
 * The dashboard of an organisation's year: the indicators against the pass mark (a missing score is shown as a
 * gap, never filled), the tool and overall scores with the grade and the criteria notes they depend on (from
 * deriveYear), the findings and their sentences, the measures by status, the months each measure is late in
 * reporting (src/measures/reporting.ts), the evidence waiting for review, and where each approval stands.
 */
import type { FindingSentences, Findings } from '../analysis/index.ts';
import type { Queryable } from '../db/index.ts';
import { criteriaOf, type IndicatorNumber, type ToolCode } from '../ita/index.ts';
import { deriveYear } from '../model/derive.ts';
import { MEASURE_STATUS_TH, MEASURE_STATUSES, type MeasureStatus, type Organisation, type YearScores } from '../model/year.ts';
import { notesOut, type NoteOut, type ScoreResult } from '../scoring/index.ts';
import type { DigitStyle } from '../thai/index.ts';
import { approvalStates, type ApprovalState } from '../approvals/state.ts';
import type { Principal } from '../app/authz.ts';
import { resolveYear, permissions, type Permissions, type YearContext, type YearRef } from '../app/context.ts';
import { measureAccess, unitIdsOf, type MeasureAccess } from '../measures/measures.ts';
import { evidenceReviews, todayInBangkok, yearReporting, type MeasureReporting } from '../measures/reporting.ts';
import { loadYear } from './years.ts';
import { peerStanding, type PeerStanding } from '../supervision/peers.ts';

export interface IndicatorRow {
  readonly number: IndicatorNumber;
  readonly tool: ToolCode;
  readonly nameTh: string;
  readonly nameEn: string;
  /** Null: no score yet (a gap). */
  readonly score: number | null;
  readonly passMark: number;
  /** Null while there is no score. */
  readonly passes: boolean | null;
  /** score − pass mark (2 decimals); null while there is no score. */
  readonly margin: number | null;
}

export interface ToolRow {
  readonly code: ToolCode;
  readonly nameTh: string;
  readonly nameEn: string;
  readonly weight: number;
  /** Null while any of its indicators has no score. */
  readonly score: number | null;
  readonly passes: boolean | null;
  readonly missing: readonly IndicatorNumber[];
}

export interface MeasureSummary {
  readonly id: string;
  readonly seq: number;
  readonly titleTh: string;
  readonly status: MeasureStatus;
  readonly statusTh: string;
  readonly indicators: readonly number[];
  readonly unitIds: readonly string[];
  readonly access: MeasureAccess;
  readonly late: boolean;
}

export interface Dashboard {
  readonly context: YearContext & { readonly permissions: Permissions };
  readonly organisation: Organisation;
  /** The day the lateness is reckoned on (YYYY-MM-DD, Bangkok). */
  readonly asOf: string;
  readonly criteria: { readonly year: number; readonly titleTh: string; readonly passMark: number };
  readonly indicators: readonly IndicatorRow[];
  readonly tools: readonly ToolRow[];
  /** The overall result; score null while any indicator is missing (then `missing` lists them). */
  readonly overall: {
    readonly score: number | null;
    readonly pass: boolean | null;
    readonly grade: string | null;
    readonly gradeNote: string | null;
    readonly gradeNoteEn: string | null;
    readonly missing: readonly IndicatorNumber[];
  };
  /** The full computed result, when every indicator has a score. */
  readonly score: ScoreResult | null;
  /** The catalogue's notes on uncertain facts the figures depend on. */
  readonly notes: readonly NoteOut[];
  readonly official: YearScores['official'];
  readonly source: YearScores['source'];
  readonly findings: Findings;
  readonly sentences: FindingSentences;
  readonly measures: {
    readonly total: number;
    readonly byStatus: Readonly<Record<MeasureStatus, number>>;
    readonly list: readonly MeasureSummary[];
  };
  /** Measures late in their monthly reporting, each with the months missing. */
  readonly late: readonly MeasureReporting[];
  /** Every measure's months (for a timeline). */
  readonly reporting: readonly MeasureReporting[];
  readonly evidence: { readonly pending: number; readonly rejected: number };
  readonly approvals: readonly ApprovalState[];
  /** Where the year stands among the organisations of its type, from published scores (src/supervision/peers.ts). */
  readonly peers: PeerStanding;
}

export interface DashboardOptions {
  /** Reckon lateness as of this day (YYYY-MM-DD); default today in Bangkok. */
  readonly today?: string;
  readonly digits?: DigitStyle;
}

export async function dashboard(db: Queryable, principal: Principal, ref: YearRef, options: DashboardOptions = {}): Promise<Dashboard> {
  const ctx = await resolveYear(db, principal, ref);
  const year = await loadYear(db, ctx.slug, ctx.year);
  const data = deriveYear(year, options.digits ? { digits: options.digits } : {});
  const criteria = criteriaOf(year);
  const passMark = Number(criteria.passMark);
  const f = data.computed.findings;
  const score = data.computed.score;
  const [reviews, approvals, peers] = await Promise.all([
    evidenceReviews(db, ctx.fiscalYearId),
    approvalStates(db, ctx.fiscalYearId, year),
    peerStanding(db, ctx, { indicators: year.scores.indicators, overall: score?.overall ?? null }),
  ]);
  const asOf = options.today ?? todayInBangkok();
  const reporting = yearReporting(year, asOf, reviews, options.digits ?? 'thai');
  const lateIds = new Set(reporting.filter((r) => r.late).map((r) => r.measureId));

  const indicators = criteria.indicators.map((def): IndicatorRow => {
    const value = year.scores.indicators[String(def.number)] ?? null;
    return {
      number: def.number,
      tool: def.tool,
      nameTh: def.nameTh,
      nameEn: def.nameEn,
      score: value,
      passMark,
      passes: value === null ? null : value >= passMark,
      margin: value === null ? null : Math.round((value - passMark) * 100) / 100,
    };
  });
  const tools = criteria.tools.map((t): ToolRow => {
    const found = f.tools.find((x) => x.tool === t.code);
    const toolScore = score ? score.tools[t.code] : (found?.score ?? null);
    return {
      code: t.code,
      nameTh: t.nameTh,
      nameEn: t.nameEn,
      weight: Number(t.weight),
      score: toolScore,
      passes: toolScore === null ? null : toolScore >= passMark,
      missing: (found?.missing ?? []).map((m) => m.indicator),
    };
  });
  const byStatus = Object.fromEntries(MEASURE_STATUSES.map((s) => [s, year.measures.filter((m) => m.status === s).length])) as Record<MeasureStatus, number>;
  const replaced = new Set(year.measures.flatMap((m) => m.progress.flatMap((p) => p.evidence.flatMap((e) => (e.replacesId === null ? [] : [e.replacesId])))));
  const counting = [...reviews].filter(([id]) => !replaced.has(id)).map(([, review]) => review.status);
  return {
    context: { ...ctx, permissions: permissions(principal, ctx) },
    organisation: year.organisation,
    asOf,
    criteria: { year: criteria.year, titleTh: criteria.titleTh, passMark },
    indicators,
    tools,
    overall: {
      score: score?.overall ?? null,
      pass: score?.pass ?? null,
      grade: score?.grade ?? null,
      gradeNote: score?.gradeNote ?? null,
      gradeNoteEn: score?.gradeNoteEn ?? null,
      missing: f.missing,
    },
    score,
    notes: score?.notes ?? notesOut(criteria, ['weights', 'indicators', 'grade', 'rounding', 'eit-parts']),
    official: year.scores.official,
    source: year.scores.source,
    findings: f,
    sentences: data.computed.sentences,
    measures: {
      total: year.measures.length,
      byStatus,
      list: year.measures.map((m) => ({
        id: m.id,
        seq: m.seq,
        titleTh: m.titleTh,
        status: m.status,
        statusTh: MEASURE_STATUS_TH[m.status],
        indicators: m.indicators,
        unitIds: unitIdsOf(m),
        access: measureAccess(principal, ctx, m),
        late: lateIds.has(m.id),
      })),
    },
    late: reporting.filter((r) => r.late),
    reporting,
    evidence: { pending: counting.filter((s) => s === 'pending').length, rejected: counting.filter((s) => s === 'rejected').length },
    approvals,
    peers,
  };
}
