/**
 * One call from a year's data to a finished file: derive the year, lint it, build the document model of the
 * kind asked for, render it in the format asked for. The problems the linter found come back with the file.
 * Adapter (the PDF and the DOCX chart use the browser).
 */
import type { DigitStyle } from '../../thai/index.ts';
import { deriveYear } from '../../model/derive.ts';
import type { YearInput } from '../../model/year.ts';
import { ChromiumNotFoundError, type DocumentBrowser } from './browser.ts';
import { buildDocument } from './build.ts';
import { renderDocx, type DocxFontName } from './docx.ts';
import { sarabunDataUrls } from './fonts.ts';
import { renderHtml, type FontUrls } from './html.tsx';
import type { PageLayout } from './layout.ts';
import type { DraftNote } from './draft.ts';
import { lintDocument, type LintContext, type LintProblem } from './lint.ts';
import type { BarChart, DocumentKind } from './model.ts';
import { renderChartPng, renderPdf } from './pdf.ts';
import type { SignOff } from './signoff.ts';
import { renderXlsx } from './xlsx.ts';

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'html', 'xlsx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const MEDIA_TYPES: Readonly<Record<DocumentFormat, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface RenderOptions {
  readonly kind: DocumentKind;
  readonly format: DocumentFormat;
  /** Thai (default) or Arabic digits; converted at render time, never inside URLs or e-mail addresses. */
  readonly digits?: DigitStyle;
  readonly layout?: PageLayout;
  /** Default: the process's shared browser. */
  readonly browser?: DocumentBrowser;
  /** HTML only: font URLs (default: the fonts embedded as data: URLs, so the file stands alone). */
  readonly fonts?: FontUrls;
  /**
   * A draft of a year with provisional criteria: HTML, PDF and DOCX carry a "ร่าง" banner with this note. Never
   * given for an approved or published document (the default: none).
   */
  readonly draft?: DraftNote;
  /** What the linter needs beyond the year's data: the analysis texts marked stale (the database knows them). */
  readonly lint?: LintContext;
  /** The report only: include each measure's monthly progress and evidence (default: yes). */
  readonly progress?: boolean;
  /**
   * Who signs and when, and the organisation's emblem (signoff.ts), decided by the app layer; without it the
   * sign-off is printed with empty lines.
   */
  readonly signOff?: SignOff;
  /**
   * DOCX only: `national` (default) names TH SarabunPSK 16 pt for Word on government PCs; `sarabun` embeds the
   * PDF's Sarabun so that LibreOffice without TH SarabunPSK lays it out like the PDF (docx.ts DOCX_FONTS).
   */
  readonly docxFont?: DocxFontName;
}

export interface RenderedDocument {
  readonly bytes: Buffer;
  readonly mediaType: string;
  /** ASCII file name with extension: huai-thong-2566-measures-report.pdf. */
  readonly fileName: string;
  /** What the linter found in the data this document shows, plus anything left out of the file. */
  readonly problems: readonly LintProblem[];
}

/** The charts of a DOCX as PNG pictures; none (and a problem saying so) when no browser can draw them. */
async function chartPictures(charts: readonly BarChart[], options: RenderOptions): Promise<{ pngs: Map<BarChart, Uint8Array>; problems: LintProblem[] }> {
  const pngs = new Map<BarChart, Uint8Array>();
  try {
    for (const chart of charts) {
      pngs.set(chart, await renderChartPng(chart, { ...(options.digits ? { digits: options.digits } : {}), ...(options.browser ? { browser: options.browser } : {}) }));
    }
    return { pngs, problems: [] };
  } catch (error) {
    if (!(error instanceof ChromiumNotFoundError)) throw error;
    const problem: LintProblem = {
      code: 'chart-left-out',
      severity: 'warning',
      where: 'chart',
      whereTh: 'แผนภูมิ',
      th: 'แฟ้ม DOCX ไม่มีภาพแผนภูมิ เพราะไม่พบเบราว์เซอร์ Chromium สำหรับวาดภาพ (คะแนนทั้งหมดอยู่ในตาราง)',
      en: 'the DOCX has no chart picture because no Chromium browser was found to draw it (every score is in the table)',
      documents: [options.kind],
    };
    return { pngs: new Map(), problems: [problem] };
  }
}

export async function renderDocument(input: YearInput, options: RenderOptions): Promise<RenderedDocument> {
  const data = deriveYear(input);
  const problems = lintDocument(data, options.kind, options.lint);
  const doc = buildDocument(options.kind, data, {
    ...(options.progress === undefined ? {} : { progress: options.progress }),
    ...(options.signOff ? { signOff: options.signOff } : {}),
  });
  const digits = options.digits ?? 'thai';
  const common = { digits, ...(options.layout ? { layout: options.layout } : {}), ...(options.draft ? { draft: options.draft } : {}) };
  let bytes: Buffer;
  switch (options.format) {
    case 'html':
      bytes = Buffer.from(renderHtml(doc, { ...common, fonts: options.fonts ?? sarabunDataUrls() }), 'utf8');
      break;
    case 'pdf':
      bytes = await renderPdf(doc, { ...common, ...(options.browser ? { browser: options.browser } : {}) });
      break;
    case 'docx': {
      const charts = doc.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : []));
      const pictures = await chartPictures(charts, options);
      problems.push(...pictures.problems);
      bytes = await renderDocx(doc, { ...common, chartPngs: pictures.pngs, ...(options.docxFont ? { font: options.docxFont } : {}) });
      break;
    }
    case 'xlsx':
      bytes = await renderXlsx(doc, input, digits);
      break;
  }
  return { bytes, mediaType: MEDIA_TYPES[options.format], fileName: `${doc.fileName}.${options.format}`, problems };
}
