/**
 * HTML renderer of the document model: the web preview and, printed by Chromium, the PDF. Pure: the fonts
 * arrive as URLs (data: URLs from fonts.ts, or whatever the web server serves).
 *
 * Print layout (conventions §1, §3.3): A4 with the official margins; page numbers "- ๒ -" centred at the top
 * from page 2 (CSS margin boxes, Chromium ≥ 131); table headers repeated on every page (thead is a
 * table-header-group) and no row split across pages where it fits on one; lang="th" so that Chromium breaks
 * Thai lines between words (ICU dictionary), never inside one — so no word-break: break-all anywhere, only
 * overflow-wrap for strings that cannot fit (long URLs). Text is left-aligned: justified Thai spreads the few
 * spaces of a line into gaps, and the DOCX does the same (LibreOffice ignores thaiDistribute).
 */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { DigitStyle } from '../thai/index.ts';
import { chartSvg } from './chart.ts';
import { digitsIn } from './digits.ts';
import { DRAFT_WORD, type DraftNote } from './draft.ts';
import { BODY_PT, DEFAULT_LAYOUT, INDENT_CM, LINE_HEIGHT, NOTE_PT, TABLE_PT, sarabunPt, type PageLayout } from './layout.ts';
import type { Block, Cell, DocumentModel, Table } from './model.ts';

export interface FontUrls {
  readonly regular: string;
  readonly bold: string;
}

export interface HtmlOptions {
  readonly digits?: DigitStyle;
  readonly layout?: PageLayout;
  readonly fonts: FontUrls;
  /** A draft: a "ร่าง" banner above the document, with this note (src/documents/draft.ts). */
  readonly draft?: DraftNote;
}

const DRAFT_CSS =
  'aside.draft{border:1.5pt solid #a00;color:#a00;padding:4pt 8pt;margin:0 auto 1em;max-width:21cm;box-sizing:border-box;background:#fff}' +
  'aside.draft p{margin:0}aside.draft strong{font-size:1.2em;letter-spacing:.1em}';

/** The banner of a draft, outside the document's own content. */
function DraftBanner({ note, t }: { note: DraftNote; t: (s: string) => string }) {
  return (
    <aside class="draft" role="note" aria-label={DRAFT_WORD.th}>
      <p>
        <strong>{DRAFT_WORD.th}</strong> · {t(note.th)}
      </p>
      <p lang="en">
        {DRAFT_WORD.en} · {note.en}
      </p>
    </aside>
  );
}

/** The stylesheet of the documents: fonts, print page, typography. */
export function documentCss(options: HtmlOptions): string {
  const { margins } = options.layout ?? DEFAULT_LAYOUT;
  const counter = (options.digits ?? 'thai') === 'thai' ? 'thai' : 'decimal';
  const font = (weight: number, url: string) =>
    `@font-face{font-family:'Sarabun';font-style:normal;font-weight:${weight};src:url("${url.replace(/"/g, '%22')}") format('truetype')}`;
  const body = sarabunPt(BODY_PT);
  return [
    font(400, options.fonts.regular),
    font(700, options.fonts.bold),
    `@page{size:A4;margin:${margins.top}cm ${margins.right}cm ${margins.bottom}cm ${margins.left}cm;` +
      `@top-center{content:"- " counter(page, ${counter}) " -";font-family:'Sarabun';font-size:${body}pt}}`,
    '@page:first{@top-center{content:none}}',
    `html{font-family:'Sarabun',sans-serif;font-size:${body}pt;line-height:${LINE_HEIGHT};color:#000;-webkit-print-color-adjust:exact;print-color-adjust:exact}`,
    'body{margin:0}',
    'h1.title{font-size:1em;font-weight:700;text-align:center;margin:0 0 1em}',
    'h1.title span{display:block}',
    'h2{font-size:1em;font-weight:700;margin:.8em 0 .4em}',
    'p{margin:0 0 .5em}',
    `p.indent,p.numbered{text-indent:${INDENT_CM}cm}`,
    'p.caption{font-weight:700;text-align:center;margin:.6em 0 .4em;break-after:avoid}',
    `p.note{font-size:${sarabunPt(NOTE_PT)}pt;color:#333}`,
    'table{width:100%;border-collapse:collapse;table-layout:fixed;margin:0 0 1em}',
    `table.compact{font-size:${sarabunPt(TABLE_PT)}pt}`,
    'thead{display:table-header-group}',
    'tr{break-inside:avoid;page-break-inside:avoid}',
    'th,td{border:.75pt solid #000;padding:2pt 3pt;vertical-align:top;text-align:left;overflow-wrap:break-word}',
    'th{font-weight:700;text-align:center;vertical-align:middle}',
    'td.center{text-align:center}td.right{text-align:right}td.bold{font-weight:700}',
    'td.missing{background:#eee;color:#555;font-style:italic}',
    '.li{display:flex;gap:.3em}.li .mk{flex:none}',
    'figure.chart{margin:.5em 0 1em;break-inside:avoid}figure.chart svg{display:block;width:100%;height:auto}',
    'figure.chart figcaption{font-weight:700;text-align:center;margin-bottom:.3em}',
    '@media screen{body{background:#e8e8e8}main.page{background:#fff;max-width:21cm;min-height:29.7cm;box-sizing:border-box;' +
      `margin:1rem auto;padding:${margins.top}cm ${margins.right}cm ${margins.bottom}cm ${margins.left}cm;box-shadow:0 1px 4px rgba(0,0,0,.3)}}`,
  ].join('\n');
}

function CellView({ cell, t }: { cell: Cell; t: (s: string) => string }) {
  const classes = [cell.align && cell.align !== 'left' ? cell.align : '', cell.bold ? 'bold' : '', cell.missing ? 'missing' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <td class={classes || undefined}>
      {cell.lines.map((line) =>
        line.marker ? (
          <div class="li">
            <span class="mk">{t(line.marker)}</span>
            <span>{t(line.text)}</span>
          </div>
        ) : (
          <div>{t(line.text)}</div>
        ),
      )}
    </td>
  );
}

function TableView({ table, t }: { table: Table; t: (s: string) => string }) {
  return (
    <table class={table.compact ? 'compact' : undefined} aria-label={t(table.name)}>
      <colgroup>
        {table.columns.map((c) => (
          <col style={`width:${c.width}%`} />
        ))}
      </colgroup>
      <thead>
        {table.header.map((row) => (
          <tr>
            {row.map((h) => (
              <th colSpan={h.colSpan} rowSpan={h.rowSpan} scope={h.colSpan ? 'colgroup' : 'col'}>
                {t(h.text)}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr>
            {row.map((cell) => (
              <CellView cell={cell} t={t} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BlockView({ block, t, digits }: { block: Block; t: (s: string) => string; digits: DigitStyle }): ComponentChildren {
  switch (block.type) {
    case 'title':
      return (
        <h1 class="title">
          {block.lines.map((line) => (
            <span>{t(line)}</span>
          ))}
        </h1>
      );
    case 'heading':
      return <h2>{t(block.text)}</h2>;
    case 'paragraph':
      return <p class={block.indent ? 'indent' : undefined}>{t(block.text)}</p>;
    case 'numbered':
      return <p class="numbered">{t(`${block.marker} ${block.text}`)}</p>;
    case 'caption':
      return <p class="caption">{t(block.text)}</p>;
    case 'note':
      return <p class="note">{t(block.text)}</p>;
    case 'table':
      return <TableView table={block.table} t={t} />;
    case 'chart':
      return (
        <figure class="chart">
          <figcaption>{t(block.chart.title)}</figcaption>
          <div dangerouslySetInnerHTML={{ __html: chartSvg(block.chart, digits) }} />
        </figure>
      );
  }
}

/** The document's body, for embedding in a web page that also includes {@link documentCss}. */
export function DocumentView({ doc, digits = 'thai' }: { doc: DocumentModel; digits?: DigitStyle }) {
  const t = (s: string) => digitsIn(s, digits);
  return (
    <main class="page" lang="th">
      {doc.blocks.map((block) => (
        <BlockView block={block} t={t} digits={digits} />
      ))}
    </main>
  );
}

/** A complete HTML document: the web preview, and what Chromium prints to PDF. */
export function renderHtml(doc: DocumentModel, options: HtmlOptions): string {
  const digits = options.digits ?? 'thai';
  const t = (s: string) => digitsIn(s, digits);
  const page = (
    <html lang="th">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t(doc.title)}</title>
        <meta name="author" content={doc.author} />
        <meta name="description" content={t(doc.subject)} />
        <style dangerouslySetInnerHTML={{ __html: documentCss(options) + (options.draft ? `\n${DRAFT_CSS}` : '') }} />
      </head>
      <body>
        {options.draft ? <DraftBanner note={options.draft} t={t} /> : null}
        <DocumentView doc={doc} digits={digits} />
      </body>
    </html>
  );
  return `<!doctype html>\n${renderToString(page)}`;
}
