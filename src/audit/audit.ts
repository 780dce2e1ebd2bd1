/**
 * The audit log of an organisation (who changed what, when, before and after: written by the database's
 * triggers whatever code made the change): browse it with filters and pages, or export it as CSV. Only those
 * who hold audit.read (administrators, the executive, the auditor) see it, and only their organisation's rows.
 */
import { z } from 'zod';
import type { Label } from '../complaints/model.ts';
import type { Queryable } from '../db/index.ts';
import { writeCsv } from '../io/workbook.ts';
import type { Principal } from '../app/authz.ts';
import { resolveOrg } from '../app/context.ts';
import { isCalendarDate, parseInput } from '../app/input.ts';
import { auditMessages } from './messages.ts';
import { AUDIT_ACTIONS, countAudit, selectAuditOldestFirst, selectAuditPage, selectMeasureNames, selectPeopleNames, selectUnitNames, type AuditAction, type AuditRow, type Named } from './repo.ts';

/** The records the log follows. */
export const AUDIT_ENTITIES = [
  'organisations', 'units', 'people', 'roles', 'fiscal_years', 'indicator_scores', 'question_results', 'oit_item_results', 'analysis_texts',
  'measures', 'measure_indicators', 'measure_responsibles', 'progress_entries', 'evidence', 'approvals', 'publications', 'survey_batches',
  'organisation_old_slugs', 'organisation_emblems', 'supervisor_read',
] as const;

export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** What each record of the log is, as a person calls it. */
export const AUDIT_ENTITY_LABELS: Readonly<Record<AuditEntity, Label>> = {
  organisations: { th: 'ข้อมูลหน่วยงาน', en: 'Organisation' },
  units: { th: 'หน่วยงานย่อย (กอง/ส่วน)', en: 'Unit' },
  people: { th: 'ผู้ใช้งาน', en: 'Person' },
  roles: { th: 'บทบาทของผู้ใช้งาน', en: 'Role' },
  fiscal_years: { th: 'ปีงบประมาณ', en: 'Fiscal year' },
  indicator_scores: { th: 'คะแนนตัวชี้วัด', en: 'Indicator score' },
  question_results: { th: 'ผลรายข้อของแบบสำรวจ', en: 'Survey results by question' },
  oit_item_results: { th: 'ผลการตรวจข้อ OIT', en: 'OIT item result' },
  analysis_texts: { th: 'ข้อความการวิเคราะห์ผล', en: 'Analysis text' },
  measures: { th: 'มาตรการ', en: 'Measure' },
  measure_indicators: { th: 'ตัวชี้วัดของมาตรการ', en: 'Indicator of a measure' },
  measure_responsibles: { th: 'ผู้รับผิดชอบมาตรการ', en: 'Responsible for a measure' },
  progress_entries: { th: 'ความก้าวหน้าของมาตรการ', en: 'Progress entry' },
  evidence: { th: 'หลักฐาน', en: 'Evidence' },
  approvals: { th: 'การอนุมัติเอกสาร', en: 'Document approval' },
  publications: { th: 'รายการเผยแพร่บนเว็บไซต์', en: 'Portal item' },
  survey_batches: { th: 'ไฟล์ผลแบบสำรวจที่นำเข้า', en: 'Imported survey file' },
  organisation_old_slugs: { th: 'ชื่อย่อเดิมในที่อยู่เว็บ', en: 'Former web address name' },
  organisation_emblems: { th: 'ตราหน่วยงาน', en: 'Emblem' },
  // Not a table: a supervisor's read of the organisation's data (entity_id: the slug, or slug/year).
  supervisor_read: { th: 'ข้อมูลของหน่วยงาน (ผู้กำกับดูแลอ่าน)', en: 'The organisation’s data (read by a supervisor)' },
};

/**
 * How a value of a field is shown: text as it is, a date or an instant in the reader's calendar, yes/no, a
 * list joined, a number, or one of a set of values by its name (`enum`: the reader's messages say which).
 */
export type AuditValueKind = 'text' | 'date' | 'instant' | 'bool' | 'list' | 'number' | `enum:${string}`;

/** A field shown in the log: its label and how its value reads. Fields not listed (ids, hashes, bookkeeping) are left out. */
export interface AuditField extends Label {
  readonly kind: AuditValueKind;
}

const f = (th: string, en: string, kind: AuditValueKind = 'text'): AuditField => ({ th, en, kind });
const statusOf = (name: string) => f('สถานะ', 'Status', `enum:${name}`);

/** The fields each record shows, in this order. */
export const AUDIT_FIELDS: Readonly<Record<AuditEntity, Readonly<Record<string, AuditField>>>> = {
  organisations: {
    name_th: f('ชื่อหน่วยงาน', 'Name (Thai)'),
    name_en: f('ชื่อภาษาอังกฤษ', 'Name (English)'),
    slug: f('ชื่อย่อในที่อยู่เว็บ', 'Web address name'),
    kind: f('ประเภท', 'Kind'),
    subdistrict: f('ตำบล', 'Subdistrict'),
    district: f('อำเภอ', 'District'),
    province: f('จังหวัด', 'Province'),
    website: f('เว็บไซต์', 'Website'),
    itas_code: f('รหัสหน่วยงานในระบบ ITAS', 'ITAS code'),
    preparer_name: f('ผู้จัดทำเอกสาร', 'Preparer'),
    preparer_position: f('ตำแหน่งผู้จัดทำ', 'Preparer’s position'),
    executive_position: f('ตำแหน่งผู้บริหาร', 'Executive’s position'),
  },
  units: { name_th: f('ชื่อ', 'Name'), short_th: f('ชื่อย่อ', 'Short name'), seq: f('ลำดับ', 'Order', 'number'), active: f('ใช้งานอยู่', 'Active', 'bool') },
  people: { name_th: f('ชื่อ', 'Name'), position_th: f('ตำแหน่ง', 'Position'), email: f('อีเมล', 'E-mail'), active: f('ใช้งานอยู่', 'Active', 'bool'), password_changed_at: f('เปลี่ยนรหัสผ่านเมื่อ', 'Password changed', 'instant') },
  roles: { role: f('บทบาท', 'Role', 'enum:roleNames') },
  fiscal_years: {
    year: f('ปีงบประมาณ', 'Fiscal year', 'number'),
    criteria_year: f('เกณฑ์ปี', 'Criteria of', 'number'),
    status: statusOf('yearStatus'),
    status_reason: f('เหตุผล', 'Reason'),
    score_source: f('ที่มาของคะแนน', 'Source of the scores', 'enum:scoreSource'),
    eit_part1: f('EIT ส่วนที่ 1', 'EIT part 1', 'number'),
    eit_part2: f('EIT ส่วนที่ 2', 'EIT part 2', 'number'),
    official_overall: f('คะแนนรวมทางการ', 'Official overall score', 'number'),
    official_grade: f('ระดับผลทางการ', 'Official grade'),
  },
  indicator_scores: { indicator: f('ตัวชี้วัดที่', 'Indicator', 'number'), score: f('คะแนน', 'Score', 'number') },
  question_results: {},
  oit_item_results: { code: f('ข้อ', 'Item'), met: f('ผ่าน', 'Met', 'bool'), urls: f('ลิงก์', 'Links', 'list'), note: f('หมายเหตุ', 'Note') },
  analysis_texts: { section: f('หัวข้อ', 'Section'), text_th: f('ข้อความ', 'Text'), stale: f('ต้องทบทวน', 'Needs review', 'bool') },
  measures: {
    seq: f('ลำดับ', 'Number', 'number'),
    title_th: f('ชื่อมาตรการ', 'Title'),
    methods: f('วิธีการ', 'Methods', 'list'),
    actions: f('กิจกรรม', 'Actions', 'list'),
    period_start: f('เริ่ม', 'From', 'date'),
    period_end: f('สิ้นสุด', 'To', 'date'),
    period_text: f('ระยะเวลา', 'Period'),
    follow_up: f('การติดตามผล', 'Follow-up'),
    expected_outcome: f('ผลที่คาดว่าจะได้รับ', 'Expected outcome'),
    status: statusOf('measureStatus'),
    result: f('ผลการดำเนินการ', 'Result'),
  },
  measure_indicators: { indicator: f('ตัวชี้วัดที่', 'Indicator', 'number') },
  measure_responsibles: { label_th: f('ผู้รับผิดชอบ', 'Responsible'), seq: f('ลำดับ', 'Order', 'number') },
  progress_entries: {
    entry_date: f('วันที่รายงาน', 'Reported on', 'date'),
    period_start: f('ช่วงที่รายงาน เริ่ม', 'Period from', 'date'),
    period_end: f('ช่วงที่รายงาน สิ้นสุด', 'Period to', 'date'),
    done_th: f('สิ่งที่ดำเนินการ', 'What was done'),
    status: statusOf('progressStatus'),
    outcome_th: f('ผลที่เกิดขึ้น', 'Outcome'),
  },
  evidence: {
    filename: f('ไฟล์', 'File'),
    revision: f('ฉบับที่', 'Revision', 'number'),
    review_status: f('ผลการตรวจ', 'Review', 'enum:reviewStatus'),
    reviewed_by: f('ผู้ตรวจ', 'Reviewed by'),
    review_note: f('ความเห็นผู้ตรวจ', 'Reviewer’s note'),
  },
  approvals: {
    subject: f('เอกสาร', 'Document', 'enum:documentKind'),
    status: statusOf('approvalStatus'),
    requested_by: f('ผู้ขออนุมัติ', 'Requested by'),
    decided_by: f('ผู้พิจารณา', 'Decided by'),
    comment: f('ความเห็น', 'Comment'),
    override_reason: f('เหตุผลที่อนุมัติแม้มีข้อผิดพลาด', 'Reason to approve despite errors'),
  },
  publications: {
    title_th: f('ชื่อรายการ', 'Title'),
    version: f('ฉบับที่', 'Version', 'number'),
    status: statusOf('publicationStatus'),
    publish_at: f('เผยแพร่เมื่อ', 'Public from', 'instant'),
    submitted_by: f('ผู้ส่งขออนุมัติ', 'Sent by'),
    decided_by: f('ผู้อนุมัติ', 'Approved by'),
    review_comment: f('สิ่งที่ต้องแก้ไข', 'To change'),
    withdrawn_by: f('ผู้ถอนการเผยแพร่', 'Withdrawn by'),
    withdrawn_reason: f('เหตุผลที่ถอน', 'Reason for withdrawing'),
  },
  survey_batches: { filename: f('ไฟล์', 'File'), respondents: f('จำนวนผู้ตอบ', 'Respondents', 'number'), items: f('ข้อคำถาม', 'Questions', 'list') },
  organisation_old_slugs: { slug: f('ชื่อย่อเดิม', 'Former name'), retired_at: f('เลิกใช้เมื่อ', 'Retired', 'instant') },
  organisation_emblems: { media_type: f('ชนิดไฟล์', 'File type'), width: f('กว้าง (จุด)', 'Width (px)', 'number'), height: f('สูง (จุด)', 'Height (px)', 'number') },
  supervisor_read: { what: f('สิ่งที่อ่าน', 'What was read') },
};

/** The columns whose value names the record (the first one present), e.g. a measure's title. */
const NAME_COLUMNS = ['title_th', 'name_th', 'label_th', 'filename', 'slug', 'section', 'code'] as const;

/** No value: nothing, empty text or an empty list. */
export const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** One field of a change: before and after (an insert has only after, a delete only before). */
export interface AuditFieldChange {
  readonly field: AuditField;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * An entry as a person reads it: the fields that changed (an update) or the fields it held (an insert, a
 * delete), by label, leaving out ids, hashes and bookkeeping; and the name of the record when its row holds one.
 */
export function auditChanges(e: Pick<AuditEntry, 'entity' | 'action' | 'before' | 'after'>): { readonly name: string | null; readonly fields: readonly AuditFieldChange[] } {
  const fields = AUDIT_FIELDS[e.entity as AuditEntity] ?? {};
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const row = e.action === 'delete' ? before : after;
  const out: AuditFieldChange[] = [];
  for (const [column, field] of Object.entries(fields)) {
    if (e.action === 'update' ? JSON.stringify(before[column]) === JSON.stringify(after[column]) : isEmpty(row[column])) continue;
    out.push({ field, before: e.action === 'insert' ? undefined : before[column], after: e.action === 'delete' ? undefined : after[column] });
  }
  const nameColumn = NAME_COLUMNS.find((c) => typeof row[c] === 'string' && row[c] !== '');
  return { name: nameColumn ? (row[nameColumn] as string) : null, fields: out };
}

const day = z.string().refine(isCalendarDate, { error: auditMessages.code('dateFormat') });

export const auditFilterSchema = z
  .object({
    entity: z.enum(AUDIT_ENTITIES).optional(),
    /** Only this record (with `entity`): a measure's id, "fiscal year id:indicator", … */
    entityId: z.string().max(200).optional(),
    /** The person who acted (their id). */
    actorId: z.string().max(64).optional(),
    /** Part of the actor's name as logged. */
    actor: z.string().trim().max(200).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    /** From this day, on the Bangkok calendar. */
    from: day.optional(),
    /** To this day inclusive, on the Bangkok calendar. */
    to: day.optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type AuditFilter = z.input<typeof auditFilterSchema>;

export interface AuditEntry {
  readonly id: number;
  /** ISO instant. */
  readonly at: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly action: AuditAction;
  readonly before: unknown;
  readonly after: unknown;
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  /**
   * Names of the records the page's entries point to (a measure's, a person's, a unit's id → its name), as
   * they are now: an entry of a measure's indicator names its measure. A record deleted since is not named.
   */
  readonly names: Readonly<Record<string, string>>;
}

const entry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actorId: r.actor_id,
  actorLabel: r.actor_label,
  entity: r.entity,
  entityId: r.entity_id,
  action: r.action,
  before: r.before,
  after: r.after,
});

/** One page of the organisation's log, newest first. */
export async function listAudit(db: Queryable, principal: Principal, org: string, filter: AuditFilter = {}): Promise<AuditPage> {
  const ctx = await resolveOrg(db, principal, org, 'audit.read');
  const f = parseInput(auditFilterSchema, filter, 'filter');
  const total = await countAudit(db, ctx.orgId, f);
  const rows = await selectAuditPage(db, ctx.orgId, f, f.pageSize, (f.page - 1) * f.pageSize);
  return { entries: rows.map(entry), total, page: f.page, pageSize: f.pageSize, names: await namesOf(db, ctx.orgId, rows) };
}

/** The ids a row points to by column: measures, people, units. */
const POINTERS = { measure_id: 'measures', person_id: 'people', unit_id: 'units' } as const;

/** The names of the measures, people and units the rows point to, in one query for each kind, bound to the organisation. */
async function namesOf(db: Queryable, orgId: string, rows: readonly AuditRow[]): Promise<Record<string, string>> {
  const ids: Record<(typeof POINTERS)[keyof typeof POINTERS], Set<string>> = { measures: new Set(), people: new Set(), units: new Set() };
  for (const r of rows) {
    for (const image of [r.before, r.after] as Record<string, unknown>[]) {
      if (!image) continue;
      for (const [column, kind] of Object.entries(POINTERS)) if (typeof image[column] === 'string') ids[kind].add(image[column] as string);
    }
  }
  const names: Record<string, string> = {};
  const add = (found: readonly Named[]) => found.forEach((x) => (names[x.id] = x.name));
  if (ids.measures.size) add(await selectMeasureNames(db, orgId, [...ids.measures]));
  if (ids.people.size) add(await selectPeopleNames(db, orgId, [...ids.people]));
  if (ids.units.size) add(await selectUnitNames(db, orgId, [...ids.units]));
  return names;
}

/** The most rows one export holds; narrow the filter for more. */
export const AUDIT_EXPORT_MAX = 100_000;

/** Bangkok wall-clock time of an instant (UTC+7 all year): 2026-11-25 18:05:06. */
function bangkokTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The log as CSV (UTF-8 with BOM, for Excel), oldest first, every row the filter selects (paging ignored, at
 * most AUDIT_EXPORT_MAX): when (Bangkok time and ISO instant), who, what record, which action, before and after
 * as JSON.
 */
export async function exportAuditCsv(
  db: Queryable,
  principal: Principal,
  org: string,
  filter: AuditFilter = {},
): Promise<{ readonly bytes: Buffer; readonly mediaType: string; readonly fileName: string; readonly rows: number }> {
  const ctx = await resolveOrg(db, principal, org, 'audit.read');
  const f = parseInput(auditFilterSchema, filter, 'filter');
  const rows = await selectAuditOldestFirst(db, ctx.orgId, f, AUDIT_EXPORT_MAX);
  const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
  const bytes = writeCsv({
    header: ['เวลา (กรุงเทพฯ)', 'เวลา (ISO)', 'ผู้ทำรายการ', 'รหัสผู้ทำรายการ', 'ข้อมูล', 'รหัสรายการ', 'การกระทำ', 'ก่อน', 'หลัง'],
    rows: rows.map((r) => [bangkokTime(r.at), r.at, r.actor_label, r.actor_id ?? '', r.entity, r.entity_id ?? '', r.action, json(r.before), json(r.after)]),
  });
  return { bytes, mediaType: 'text/csv; charset=utf-8', fileName: `${ctx.slug}-audit-log.csv`, rows: rows.length };
}
