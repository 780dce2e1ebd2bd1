/**
 * The ITA cycle of one organisation's fiscal year, as data: what `prongsai export --format json` prints, what
 * documents are rendered from (`prongsai report --input FILE`), and what an import or a restore of one year
 * reads back. One zod schema per shape, shared by the CLI, the API and the importers.
 *
 * Scores are numbers with at most the published decimals, or null where the agency has no score yet (the
 * product shows the gap instead of inventing a number). Dates are ISO calendar dates (YYYY-MM-DD) on the
 * Bangkok calendar; timestamps are ISO instants.
 */
import { z } from 'zod';
import { controlCharIn } from '../errors.ts';
import { modelMessages } from './messages.ts';

export const ORG_KINDS = ['sao', 'municipality', 'pao', 'other'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** How each kind is written in Thai, short (in running text) and long. */
export const ORG_KIND_TH: Readonly<Record<OrgKind, { readonly short: string; readonly long: string }>> = {
  sao: { short: 'อบต.', long: 'องค์การบริหารส่วนตำบล' },
  municipality: { short: 'เทศบาล', long: 'เทศบาล' },
  pao: { short: 'อบจ.', long: 'องค์การบริหารส่วนจังหวัด' },
  other: { short: '', long: 'หน่วยงาน' },
};

export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
export const MEASURE_STATUS_TH: Readonly<Record<MeasureStatus, string>> = {
  planned: 'ยังไม่เริ่ม',
  in_progress: 'กำลังดำเนินการ',
  done: 'ดำเนินการแล้ว',
  cancelled: 'ยกเลิก',
};

export const PROGRESS_STATUSES = ['on_track', 'delayed', 'done', 'blocked'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
export const PROGRESS_STATUS_TH: Readonly<Record<ProgressStatus, string>> = {
  on_track: 'เป็นไปตามแผน',
  delayed: 'ล่าช้า',
  done: 'แล้วเสร็จ',
  blocked: 'ติดปัญหา',
};

/** `demo`: made-up scores of the demo organisation (ข้อมูลตัวอย่าง), said so wherever they are shown. */
export const SCORE_SOURCES = ['itas', 'survey', 'manual', 'demo'] as const;
export type ScoreSource = (typeof SCORE_SOURCES)[number];
/** The sources a person may choose: `demo` is set only by the demo loader (src/demo). */
export const CHOSEN_SCORE_SOURCES = ['itas', 'survey', 'manual'] as const satisfies readonly ScoreSource[];
/** Where the scores come from, as the API says it beside the code. */
export const SCORE_SOURCE_TH: Readonly<Record<ScoreSource, string>> = {
  itas: 'ผลทางการจากระบบ ITAS',
  survey: 'คำนวณจากแบบสอบถามของหน่วยงาน',
  manual: 'บันทึกเอง',
  demo: 'ข้อมูลตัวอย่าง (สมมติ)',
};

/** The documents the executive approves (src/documents DOCUMENT_KINDS): the six-month report too. */
export const APPROVAL_SUBJECTS = ['measures-plan', 'measures-report', 'analysis', 'measures-progress'] as const;
export type ApprovalSubject = (typeof APPROVAL_SUBJECTS)[number];
export const APPROVAL_STATUSES = ['requested', 'approved', 'rejected'] as const;

/** Any string of the model: without control characters (the message names the first one). */
const plain = z.string().superRefine((value, ctx) => {
  const char = controlCharIn(value);
  if (char !== null) {
    const said = modelMessages.controlChar({ char });
    ctx.addIssue({ code: 'custom', message: said.code, params: { said }, input: value });
  }
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: modelMessages.code('isoDate') });
const instant = z.string().datetime({ offset: true });
const text = plain.trim();
/** An item of a list (a method, an action, a label): one line, as the form and the spreadsheet give one per line. */
const line = text.regex(/^[^\r\n]*$/, { error: modelMessages.code('oneLine') });
const score = z.number().min(0).max(100);
const id = plain.min(1).max(64);

export const organisationSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: modelMessages.code('slug') }).max(64),
  nameTh: text.min(1).max(200),
  nameEn: text.max(200).nullable().default(null),
  kind: z.enum(ORG_KINDS),
  subdistrict: text.max(100).nullable().default(null),
  district: text.max(100).nullable().default(null),
  province: text.max(100).nullable().default(null),
  website: plain.url().max(500).nullable().default(null),
});
export type Organisation = z.infer<typeof organisationSchema>;

export const unitSchema = z.object({
  id,
  nameTh: text.min(1).max(200),
  /** How the unit is usually abbreviated (กองการศึกษาฯ); null when it has no short form. */
  shortTh: text.max(100).nullable().default(null),
});
export type Unit = z.infer<typeof unitSchema>;

export const personSchema = z.object({
  id,
  nameTh: text.min(1).max(200),
  positionTh: text.max(200).nullable().default(null),
  unitId: id.nullable().default(null),
});
export type Person = z.infer<typeof personSchema>;

export const scoresSchema = z.object({
  /** Indicator number ("1".."10") → score, or null where there is no score yet. */
  indicators: z.record(z.string().regex(/^\d{1,2}$/), score.nullable()),
  /** EIT part 1 and part 2 (FY 2566+), when published. */
  eitParts: z.array(score).length(2).nullable().default(null),
  source: z.enum(SCORE_SOURCES).nullable().default(null),
  /** What the NACC published, kept beside our recomputation so the two can be compared. */
  official: z
    .object({ overall: score.nullable().default(null), grade: text.max(50).nullable().default(null) })
    .nullable()
    .default(null),
});
export type YearScores = z.infer<typeof scoresSchema>;

export const questionResultSchema = z.object({
  code: text.min(1).max(20),
  score,
  respondents: z.number().int().min(0),
});

export const oitItemResultSchema = z.object({
  code: z.string().regex(/^O\d{1,2}$/),
  met: z.boolean().nullable(),
  urls: z.array(plain.max(2000)).default([]),
  note: text.max(4000).nullable().default(null),
});

/** The analysis as the agency writes it. Null parts are generated from the scores (analysis/sentences.ts). */
export const analysisSchema = z.object({
  intro: text.max(20000).nullable().default(null),
  tools: z
    .object({ IIT: text.max(20000).nullable().default(null), EIT: text.max(20000).nullable().default(null), OIT: text.max(20000).nullable().default(null) })
    .default({ IIT: null, EIT: null, OIT: null }),
  summary: text.max(20000).nullable().default(null),
});
export type Analysis = z.infer<typeof analysisSchema>;

export const evidenceSchema = z.object({
  id,
  filename: text.min(1).max(255),
  mediaType: text.max(100),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The period the evidence covers. */
  periodStart: isoDate.nullable().default(null),
  periodEnd: isoDate.nullable().default(null),
  /** 1 for the first upload; a replacement gets the next revision and keeps the one it replaces. */
  revision: z.number().int().min(1).default(1),
  replacesId: id.nullable().default(null),
  uploadedAt: instant.nullable().default(null),
  uploadedBy: text.max(200).nullable().default(null),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const progressSchema = z.object({
  id,
  /** The date of the entry. */
  date: isoDate,
  /** The period it reports on (usually a month). */
  periodStart: isoDate,
  periodEnd: isoDate,
  done: text.min(1).max(20000),
  status: z.enum(PROGRESS_STATUSES),
  outcome: text.max(20000).nullable().default(null),
  evidence: z.array(evidenceSchema).default([]),
  createdBy: text.max(200).nullable().default(null),
});
export type Progress = z.infer<typeof progressSchema>;

export const responsibleSchema = z.object({
  unitId: id.nullable().default(null),
  personId: id.nullable().default(null),
  /** As it is written in the documents: "กองคลัง", "ผอ.กองช่าง", "หัวหน้าสำนักปลัด". */
  labelTh: line.min(1).max(200),
});
export type Responsible = z.infer<typeof responsibleSchema>;

export const measureSchema = z.object({
  id,
  /** Order in the documents, 1-based. */
  seq: z.number().int().min(1),
  titleTh: text.min(1).max(1000),
  /** The indicators the measure improves. */
  indicators: z.array(z.number().int().min(1).max(10)).default([]),
  /** วิธีดำเนินการ: ordered. */
  methods: z.array(line.min(1).max(4000)).default([]),
  /** The actions planned (shown as ผลการดำเนินการ in the report): ordered. */
  actions: z.array(line.min(1).max(4000)).default([]),
  responsible: z.array(responsibleSchema).default([]),
  period: z
    .object({ start: isoDate.nullable().default(null), end: isoDate.nullable().default(null), textTh: text.max(200).nullable().default(null) })
    .default({ start: null, end: null, textTh: null }),
  /** การกำกับติดตาม: how progress is followed up and reported. */
  followUp: text.max(4000).nullable().default(null),
  expectedOutcome: text.max(4000).nullable().default(null),
  status: z.enum(MEASURE_STATUSES).default('planned'),
  /** ผลลัพธ์/ความสำเร็จ: the outcome achieved, filled in as the year goes. */
  result: text.max(20000).nullable().default(null),
  /** The measure of an earlier year this one was carried forward from. */
  carriedFromId: id.nullable().default(null),
  progress: z.array(progressSchema).default([]),
});
export type Measure = z.infer<typeof measureSchema>;

export const approvalSchema = z.object({
  id,
  subject: z.enum(APPROVAL_SUBJECTS),
  status: z.enum(APPROVAL_STATUSES),
  requestedBy: text.max(200).nullable().default(null),
  requestedAt: instant.nullable().default(null),
  decidedBy: text.max(200).nullable().default(null),
  decidedAt: instant.nullable().default(null),
  comment: text.max(4000).nullable().default(null),
});
export type Approval = z.infer<typeof approvalSchema>;

/** One organisation's fiscal year: the input of every document and the unit of export and import. */
export const yearInputSchema = z.object({
  format: z.literal('prongsai-year').default('prongsai-year'),
  version: z.literal(1).default(1),
  organisation: organisationSchema,
  units: z.array(unitSchema).default([]),
  people: z.array(personSchema).default([]),
  /** Fiscal year (Buddhist era). */
  year: z.number().int().min(2500).max(2700),
  /** The criteria year the fiscal year is assessed under (usually the same year). */
  criteriaYear: z.number().int().min(2500).max(2700),
  /** The revision of those criteria; absent: the newest known (src/ita/index.ts). */
  criteriaRevision: z.number().int().min(1).optional(),
  scores: scoresSchema,
  /** The previous year's indicator scores, for "change since last year". */
  previousScores: z
    .object({ year: z.number().int(), criteriaYear: z.number().int(), indicators: z.record(plain, score.nullable()) })
    .nullable()
    .default(null),
  questionResults: z.array(questionResultSchema).default([]),
  oitItems: z.array(oitItemResultSchema).default([]),
  analysis: analysisSchema.default({ intro: null, tools: { IIT: null, EIT: null, OIT: null }, summary: null }),
  measures: z.array(measureSchema).default([]),
  approvals: z.array(approvalSchema).default([]),
});
export type YearInput = z.infer<typeof yearInputSchema>;
/** What the schema accepts before defaults are filled in (hand-written data, JSON files). */
export type YearInputDraft = z.input<typeof yearInputSchema>;
