/**
 * PDF: the document's HTML printed by the warm Chromium (HarfBuzz shaping, ICU line breaking, repeated table
 * headers, copy/paste that keeps SARA AM), tagged so that the catalogue carries /Lang (th), then given its
 * Author and Subject (pdf-info.ts). Also the chart pictures for DOCX, drawn from the same SVG. Adapter.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { DigitStyle } from '../../thai/index.ts';
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

/**
 * Puts `html` in the page and waits for its load event and its web fonts, in one call into the page (what
 * page.setContent does, writing the document, then a second call for the fonts): fewer round trips between the
 * processes of a busy machine, the same document. Chromium does not wait for web fonts when it prints or draws.
 */
async function showHtml(page: Page, html: string): Promise<void> {
  await page.evaluate(async (content) => {
    document.open();
    document.write(content);
    document.close();
    if (document.readyState !== 'complete') await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
    await document.fonts.ready;
  }, html);
}

/** Each page's DevTools session, opened on its first PDF and kept while the page lives. */
const sessions = new WeakMap<Page, CDPSession>();

/**
 * The page printed, with the options page.pdf() would send (margins 0 and Letter, both replaced by the CSS @page
 * size and margins), the file returned in the one reply rather than read back in chunks (Playwright's IO.read
 * round trips): the same bytes, fewer round trips between the processes of a busy machine.
 */
async function printToPdf(page: Page): Promise<Buffer> {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  const { data } = await session.send('Page.printToPDF', {
    transferMode: 'ReturnAsBase64',
    landscape: false,
    displayHeaderFooter: false,
    printBackground: true,
    scale: 1,
    paperWidth: 8.5,
    paperHeight: 11,
    marginTop: 0,
    marginBottom: 0,
    marginLeft: 0,
    marginRight: 0,
    pageRanges: '',
    preferCSSPageSize: true,
    // Tagged: the catalogue carries /Lang (th) from <html lang>.
    generateTaggedPDF: true,
    generateDocumentOutline: false,
  });
  return Buffer.from(data, 'base64');
}

export async function renderPdf(doc: DocumentModel, options: PdfOptions = {}): Promise<Buffer> {
  const html = renderHtml(doc, { fonts: PRINT_FONT_URLS, ...(options.digits ? { digits: options.digits } : {}), ...(options.layout ? { layout: options.layout } : {}), ...(options.draft ? { draft: options.draft } : {}) });
  const browser = options.browser ?? sharedBrowser();
  const pdf = await browser.withPage(async (page) => {
    await showHtml(page, html);
    return printToPdf(page);
  }, { media: 'print' });
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
    await showHtml(page, html);
    return page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: CHART_WIDTH, height: CHART_HEIGHT } });
  });
}
