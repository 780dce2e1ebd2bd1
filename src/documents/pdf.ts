/**
 * PDF: the document's HTML printed by the warm Chromium (HarfBuzz shaping, ICU line breaking, repeated table
 * headers, copy/paste that keeps SARA AM), tagged so that the catalogue carries /Lang (th), then given its
 * Author and Subject (pdf-info.ts). Also the chart pictures for DOCX, drawn from the same SVG. Adapter.
 */
import type { DigitStyle } from '../thai/index.ts';
import { sharedBrowser, type DocumentBrowser } from './browser.ts';
import { digitsIn } from './digits.ts';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg } from './chart.ts';
import { PRINT_FONT_URLS } from './fonts.ts';
import type { DraftNote } from './draft.ts';
import { documentCss, renderHtml } from './html.tsx';
import type { PageLayout } from './layout.ts';
import type { BarChart, DocumentModel } from './model.ts';
import { withPdfInfo } from './pdf-info.ts';

export interface PdfOptions {
  readonly digits?: DigitStyle;
  readonly layout?: PageLayout;
  readonly browser?: DocumentBrowser;
  /** A draft: the HTML's "ร่าง" banner is printed above the document. */
  readonly draft?: DraftNote;
}

export const PDF_CREATOR = 'Prongsai (โปร่งใส)';

export async function renderPdf(doc: DocumentModel, options: PdfOptions = {}): Promise<Buffer> {
  const html = renderHtml(doc, { fonts: PRINT_FONT_URLS, ...(options.digits ? { digits: options.digits } : {}), ...(options.layout ? { layout: options.layout } : {}), ...(options.draft ? { draft: options.draft } : {}) });
  const browser = options.browser ?? sharedBrowser();
  const pdf = await browser.withPage(async (page) => {
    await page.setContent(html, { waitUntil: 'load' });
    // Web fonts load asynchronously: print only once they are in.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: false });
  });
  // The same title as the HTML's <title>, digits included.
  const title = digitsIn(doc.title, options.digits ?? 'thai');
  return withPdfInfo(pdf, { title, author: doc.author, subject: doc.subject, creator: PDF_CREATOR });
}

/** The chart as a PNG at twice its SVG size, drawn by Chromium from the very SVG the HTML shows. */
export async function renderChartPng(chart: BarChart, options: { digits?: DigitStyle; browser?: DocumentBrowser } = {}): Promise<Buffer> {
  const css = documentCss({ fonts: PRINT_FONT_URLS });
  const html = `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>${css}\nbody{margin:0;background:#fff}</style></head><body>${chartSvg(chart, options.digits ?? 'thai')}</body></html>`;
  const browser = options.browser ?? sharedBrowser();
  return browser.withPage(async (page) => {
    await page.setViewportSize({ width: CHART_WIDTH, height: CHART_HEIGHT });
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: CHART_WIDTH, height: CHART_HEIGHT } });
  });
}
