/**
 * The one document model that every official document is built into and every renderer (html, pdf, docx, xlsx)
 * reads: a title block, paragraphs, numbered sections, table captions, tables with multi-level headers, charts
 * and notes. Text is stored as it will be printed except for digits: renderers write them in the document's
 * digit style (Thai or Arabic) at render time, so the model is the same for both.
 */

import type { Emblem } from './signoff.ts';

export const DOCUMENT_KINDS = ['measures-report', 'measures-plan', 'analysis', 'measures-progress'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** How each kind is named, in Thai and English (file names, messages, CLI help). */
export const DOCUMENT_KIND_NAMES: Readonly<Record<DocumentKind, { readonly th: string; readonly en: string }>> = {
  'measures-report': { th: 'รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส', en: 'report on the integrity and transparency measures' },
  'measures-plan': { th: 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', en: 'plan of the integrity and transparency measures' },
  analysis: { th: 'การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส', en: 'analysis of the ITA result' },
  'measures-progress': {
    th: 'รายงานความก้าวหน้าการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส รอบ 6 เดือน',
    en: 'six-month progress report on the integrity and transparency measures',
  },
};

/** One line of a table cell; `marker` ("1.", "-") is printed before the text with a hanging indent. */
export interface CellLine {
  readonly text: string;
  readonly marker?: string;
}

export interface Cell {
  readonly lines: readonly CellLine[];
  readonly align?: 'left' | 'center' | 'right';
  /** A number for spreadsheets (the text is what documents print). */
  readonly value?: number;
  /** The cell shows a gap (a missing score): renderers set it apart instead of printing a number. */
  readonly missing?: boolean;
  readonly bold?: boolean;
}

export interface HeaderCell {
  readonly text: string;
  readonly colSpan?: number;
  readonly rowSpan?: number;
}

export interface Column {
  /** Share of the table width, in percent; the columns of a table sum to 100. */
  readonly width: number;
  readonly align?: 'left' | 'center' | 'right';
}

export interface Table {
  /** Short name: the sheet name in a workbook, the accessible name in HTML. */
  readonly name: string;
  readonly columns: readonly Column[];
  /** Header rows, top first; cells span with colSpan/rowSpan as in HTML. Repeated on every page. */
  readonly header: readonly (readonly HeaderCell[])[];
  readonly rows: readonly (readonly Cell[])[];
  /** Smaller text than the body (14 pt official size instead of 16 pt), as wide tables are printed. */
  readonly compact?: boolean;
}

export interface Bar {
  /** Short label under the bar ("1"), and the full name for the accessible description. */
  readonly label: string;
  readonly name: string;
  /** Null: no score; the chart shows a gap marked ไม่มีข้อมูล, never a bar at 0. */
  readonly value: number | null;
}

export interface BarChart {
  readonly title: string;
  readonly bars: readonly Bar[];
  /** The pass mark, drawn as a line across the chart. */
  readonly target: number;
  readonly targetLabel: string;
  readonly max: number;
  readonly missingLabel: string;
}

export type Block =
  | { readonly type: 'title'; readonly lines: readonly string[] }
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string; readonly indent?: boolean }
  /** A numbered section paragraph: "๑. <text>". */
  | { readonly type: 'numbered'; readonly marker: string; readonly text: string }
  | { readonly type: 'caption'; readonly text: string }
  | { readonly type: 'table'; readonly table: Table }
  | { readonly type: 'chart'; readonly chart: BarChart }
  /** A remark in smaller type. */
  | { readonly type: 'note'; readonly text: string }
  /** The organisation's emblem (ตรา), centred at the top of the first page (signoff.ts). */
  | { readonly type: 'emblem'; readonly emblem: Emblem }
  | SignOffBlock;

/** One signature block: "ลงชื่อ …… <role>", "(<name>)", "ตำแหน่ง <position>"; null prints a dotted line. */
export interface Signer {
  readonly role: string;
  readonly name: string | null;
  readonly position: string | null;
}

/** The date line and the signature blocks that end every document, kept together on one page (signoff.ts). */
export interface SignOffBlock {
  readonly type: 'signoff';
  /** "ณ วันที่ 30 กันยายน 2566", or with a dotted line. */
  readonly date: string;
  readonly signers: readonly Signer[];
}

export interface DocumentModel {
  readonly kind: DocumentKind;
  /** Document title (PDF Title, HTML <title>): the title block on one line. */
  readonly title: string;
  /** The organisation's name (PDF Author, DOCX creator). */
  readonly author: string;
  readonly subject: string;
  readonly lang: 'th';
  /** Fiscal year of the document (Buddhist era). */
  readonly year: number;
  /** File name without extension, ASCII: huai-thong-2566-measures-report. */
  readonly fileName: string;
  readonly blocks: readonly Block[];
  /** The document's own phrases that a line must not split: its organisation's names, units (src/thai/phrases.ts). */
  readonly phrases?: readonly string[];
}
