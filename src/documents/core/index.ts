/**
 * Official documents of a year (issue 4): one document model built from a year's data, rendered as HTML (also
 * the web preview), PDF (that HTML printed by Chromium), DOCX and XLSX, and a linter run before rendering.
 */
export { DOCUMENT_KINDS, DOCUMENT_KIND_NAMES, type DocumentKind, type DocumentModel } from './model.ts';
export { buildDocument } from './build.ts';
export { lintYear, lintDocument, type LintContext, type LintProblem, type LintCode, type Severity } from './lint.ts';
export { DRAFT_WORD, type DraftNote } from './draft.ts';
export { renderDocument, DOCUMENT_FORMATS, MEDIA_TYPES, type DocumentFormat, type RenderOptions, type RenderedDocument } from './render.ts';
export { renderHtml, documentCss, DocumentView, type FontUrls, type HtmlOptions } from './html.tsx';
export { DocumentBrowser, sharedBrowser, closeSharedBrowser, findChromium, ChromiumNotFoundError } from './browser.ts';
export { DEFAULT_LAYOUT, type PageLayout, type Margins } from './layout.ts';
