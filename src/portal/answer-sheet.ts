/**
 * The OIT answer sheet (issue 6, point 3): for every OIT item of the year, the portal address(es) and an
 * explanation, in the order and shape of the ITAS answer form (indicator, sub-indicator, heading, item code,
 * item, URL, further URLs, explanation), so that the agency copies instead of retyping. Exported as XLSX and CSV.
 *
 * The ITAS form's own file layout is not published (../shared/conventions.md §7); the columns follow what the
 * form asks per item. The URL given is the address of the version that is (or will be) public, which never
 * changes: a later edit makes a new version at a new address and the checker still sees what was answered.
 */
import type { Queryable } from '../db/index.ts';
import { writeCsv, writeXlsx, type ColumnSpec } from '../io/workbook.ts';
import { formatFiscalYear, formatThaiDate } from '../thai/index.ts';
import type { Principal } from '../app/authz.ts';
import type { YearRef } from '../app/context.ts';
import { absolute, documentPath, filePath, slotPath } from './paths.ts';
import { yearPublications, type SlotSummary, type VersionView } from './publications.ts';
import { siteAnswersOf } from '../preaudit/site-answers.ts';

export type AnswerState = 'public' | 'scheduled' | 'submitted' | 'draft' | 'none';

export interface AnswerRow {
  readonly indicator: number;
  readonly subIndicator: string | null;
  readonly groupTh: string;
  readonly code: string;
  readonly titleTh: string;
  /** Where the item is answered: the portal's page, or the agency's own website (src/preaudit/answers.ts). */
  readonly source: 'portal' | 'site';
  /** The portal's address of the item, whatever the source. */
  readonly portalUrl: string;
  /**
   * The address to give ITAS: the agency's own first URL when it answers with its website; else the public (or
   * scheduled) version's own address, else the item's latest address.
   */
  readonly url: string;
  /** The agency's further URLs; else the documents (PDF) and files of that version, for checkers who want them directly. */
  readonly extraUrls: readonly string[];
  readonly explanation: string;
  readonly state: AnswerState;
  /** When the version answered is (or will be) public. */
  readonly publishAt: string | null;
  readonly version: number | null;
}

export interface AnswerSheet {
  readonly slug: string;
  readonly nameTh: string;
  readonly year: number;
  readonly criteriaYear: number;
  readonly rows: readonly AnswerRow[];
}

const STATE_TH: Readonly<Record<AnswerState, string>> = {
  public: 'เผยแพร่แล้ว',
  scheduled: 'ตั้งเวลาเผยแพร่',
  submitted: 'รออนุมัติ',
  draft: 'ฉบับร่าง',
  none: 'ยังไม่ได้จัดเตรียม',
};

/** What the state column says of an item answered with the agency's own website. */
const SITE_TH = 'ตอบด้วยเว็บไซต์ของหน่วยงาน';

function answered(s: SlotSummary): { version: VersionView | null; state: AnswerState } {
  if (s.current) return { version: s.current, state: 'public' };
  const next = [...s.scheduled].sort((a, b) => Date.parse(a.publishAt as string) - Date.parse(b.publishAt as string))[0] ?? null;
  if (next) return { version: next, state: 'scheduled' };
  if (s.open) return { version: null, state: s.open.status === 'submitted' ? 'submitted' : 'draft' };
  return { version: null, state: 'none' };
}

/** The explanation written by staff, or one said from what the version holds. */
function explanationOf(titleTh: string, v: VersionView | null): string {
  if (!v) return '';
  if (v.content.explanation !== '') return v.content.explanation;
  const parts = [`หน่วยงานเผยแพร่ข้อมูล "${titleTh}" บนเว็บไซต์ของหน่วยงาน ฉบับที่ ${v.version} วันที่ ${formatThaiDate(v.publishAt as string, { digits: 'arabic' })}`];
  if (v.content.coversYear !== null) parts.push(`เป็นข้อมูล${formatFiscalYear(v.content.coversYear, 'arabic')}`);
  const docs = v.files.filter((f) => f.role === 'document' && f.docFormat === 'pdf').map((f) => f.labelTh ?? f.filename);
  const files = v.files.filter((f) => f.role === 'attachment').map((f) => f.labelTh ?? f.filename);
  if (docs.length + files.length) parts.push(`ประกอบด้วย ${[...docs, ...files].join(', ')}`);
  if (v.content.links.length) parts.push(`และลิงก์ ${v.content.links.map((l) => l.label).join(', ')}`);
  return `${parts.join(' ')}`;
}

/** The answer sheet of a fiscal year: one row per OIT item of its criteria, every item. */
export async function answerSheet(db: Queryable, principal: Principal, ref: YearRef, origin: string, now: Date): Promise<AnswerSheet> {
  const pubs = await yearPublications(db, principal, ref, now);
  const url = (path: string) => absolute(origin, path);
  const site = await siteAnswersOf(db, pubs.orgId, pubs.year);
  return {
    slug: pubs.slug,
    nameTh: pubs.nameTh,
    year: pubs.year,
    criteriaYear: pubs.criteriaYear,
    rows: pubs.items.map((s): AnswerRow => {
      const { version, state } = answered(s);
      const extra = version
        ? [
            ...version.files.filter((f) => f.role === 'document' && f.docFormat === 'pdf').map((f) => url(documentPath(pubs.slug, s.slot, version.version, f.docKind as string, 'pdf'))),
            ...version.files.filter((f) => f.role === 'attachment').map((f) => url(filePath(pubs.slug, f.sha256, f.filename))),
          ]
        : [];
      const portalUrl = url(slotPath(pubs.slug, s.slot, version?.version ?? null));
      const own = site.get(s.item.code);
      return {
        indicator: s.item.indicator,
        subIndicator: s.item.subIndicator ?? null,
        groupTh: s.item.groupTh,
        code: s.item.code,
        titleTh: s.item.titleTh,
        source: own ? 'site' : 'portal',
        portalUrl,
        url: own?.urls[0] ?? portalUrl,
        extraUrls: own ? own.urls.slice(1) : extra,
        explanation: own ? own.explanation : explanationOf(s.item.titleTh, version),
        state,
        publishAt: version?.publishAt ?? null,
        version: version?.version ?? null,
      };
    }),
  };
}

const COLUMNS: readonly ColumnSpec[] = [
  { key: 'indicator', th: 'ตัวชี้วัด', width: 9, kind: 'number' },
  { key: 'subIndicator', th: 'ตัวชี้วัดย่อย', width: 11 },
  { key: 'group', th: 'หัวข้อ', width: 30 },
  { key: 'code', th: 'ข้อ', width: 7 },
  { key: 'title', th: 'รายการข้อมูล', width: 45 },
  { key: 'url', th: 'URL', width: 60 },
  { key: 'extraUrls', th: 'URL เพิ่มเติม', width: 60 },
  { key: 'explanation', th: 'คำอธิบายเพิ่มเติม', width: 60 },
  { key: 'state', th: 'สถานะบนเว็บไซต์', width: 18 },
  { key: 'publishAt', th: 'วันที่เผยแพร่', width: 16 },
];

function table(sheet: AnswerSheet) {
  return {
    header: COLUMNS.map((c) => c.th),
    rows: sheet.rows.map((r) => [
      String(r.indicator),
      r.subIndicator ?? '',
      r.groupTh,
      r.code,
      r.titleTh,
      r.url,
      r.extraUrls.join('\n'),
      r.explanation,
      r.source === 'site' ? SITE_TH : STATE_TH[r.state],
      r.publishAt ? formatThaiDate(r.publishAt, { digits: 'arabic' }) : '',
    ]),
  };
}

export const answerSheetName = (sheet: AnswerSheet, ext: 'xlsx' | 'csv'): string => `${sheet.slug}-${sheet.year}-oit-answers.${ext}`;

export function answerSheetCsv(sheet: AnswerSheet): Buffer {
  return writeCsv(table(sheet));
}

export function answerSheetXlsx(sheet: AnswerSheet): Promise<Buffer> {
  return writeXlsx([{ name: `OIT ${sheet.year}`, columns: COLUMNS, table: table(sheet) }]);
}

export { STATE_TH as ANSWER_STATE_TH, SITE_TH as ANSWER_SITE_TH };
