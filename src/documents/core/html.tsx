/**
 * HTML renderer of the document model: the web preview and, printed by Chromium, the PDF. Pure: the fonts
 * arrive as URLs (data: URLs from fonts.ts, or whatever the web server serves).
 *
 * Print layout (conventions §1, §3.3): A4 with the official margins; page numbers "- ๒ -" centred at the top
 * from page 2 (CSS margin boxes, Chromium ≥ 131); table headers repeated on every page (thead is a
 * table-header-group) and no row split across pages where it fits on one; lang="th" so that Chromium breaks
 * Thai lines between words (ICU dictionary), never inside one. Every text is printed as phrase runs
 * (src/thai/phrases.ts): protected phrases in a no-break span (class nb), URLs and long Latin tokens in a span that
 * may wrap anywhere (class wr), nothing inserted into the text; no overflow-wrap or word-break on Thai text, and
 * the columns are wide enough for their longest unbreakable piece (columns.ts). Text is left-aligned: justified
 * Thai spreads the few spaces of a line into gaps, and the DOCX does the same (LibreOffice ignores thaiDistribute).
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { renderToString } from 'preact-render-to-string';
import { phraseSplitter, type DigitStyle, type PhraseRun, type PhraseSplitter } from '../../thai/index.ts';
import { chartSvg } from './chart.ts';
import { CELL_EXTRA_PT, cacheOf, columnWidths, documentSplitter, headerPlaces, remembered, tableFontPt, textWidthPt } from './columns.ts';
import { digitsIn } from './digits.ts';
import { DRAFT_WORD, type DraftNote } from './draft.ts';
import { BODY_PT, DEFAULT_LAYOUT, INDENT_CM, LINE_HEIGHT, NOTE_PT, TABLE_PT, sarabunPt, type PageLayout } from './layout.ts';
import type { Block, Cell, DocumentModel, Table } from './model.ts';
import { EMBLEM_HEIGHT_CM, signerLines } from './signoff.ts';

export interface FontUrls {
  readonly regular: string;
  readonly bold: string;
}

export interface HtmlOptions {
  readonly digits?: DigitStyle;
  readonly layout?: PageLayout;
  readonly fonts: FontUrls;
  /** A draft: a "ร่าง" banner above the document, with this note (src/documents/core/draft.ts). */
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
    'h1.title>span{display:block}',
    'h2{font-size:1em;font-weight:700;margin:.8em 0 .4em}',
    'p{margin:0 0 .5em}',
    `p.indent,p.numbered{text-indent:${INDENT_CM}cm}`,
    'p.caption{font-weight:700;text-align:center;margin:.6em 0 .4em;break-after:avoid}',
    `p.note{font-size:${sarabunPt(NOTE_PT)}pt;color:#333}`,
    'table{width:100%;border-collapse:collapse;table-layout:fixed;margin:0 0 1em}',
    `table.compact{font-size:${sarabunPt(TABLE_PT)}pt}`,
    'thead{display:table-header-group}',
    'tr{break-inside:avoid;page-break-inside:avoid}',
    'th,td{border:.75pt solid #000;padding:2pt 3pt;vertical-align:top;text-align:left}',
    '.nb{white-space:nowrap}.wr{overflow-wrap:anywhere}',
    'th{font-weight:700;text-align:center;vertical-align:middle}',
    'td.center{text-align:center}td.right{text-align:right}td.bold{font-weight:700}',
    'td.missing{background:#eee;color:#555;font-style:italic}',
    '.li{display:flex;gap:.3em}.li .mk{flex:none}',
    'figure.chart{margin:.5em 0 1em;break-inside:avoid}figure.chart svg{display:block;width:100%;height:auto}',
    'figure.chart figcaption{font-weight:700;text-align:center;margin-bottom:.3em}',
    `p.emblem{text-align:center;margin:0 0 .5em}p.emblem img{height:${EMBLEM_HEIGHT_CM}cm;width:auto}`,
    // The sign-off: the date in the right half, the two signature blocks side by side, never split across pages.
    '.signoff{break-inside:avoid;page-break-inside:avoid;margin-top:1.5em}.signoff p{margin:0}',
    '.signoff .date{margin:0 0 2em 50%;text-align:center}.signers{display:flex;gap:1em}.signer{flex:1 1 0;text-align:center}',
    '@media screen{body{background:#e8e8e8}main.page{background:#fff;max-width:21cm;min-height:29.7cm;box-sizing:border-box;' +
      `margin:1rem auto;padding:${margins.top}cm ${margins.right}cm ${margins.bottom}cm ${margins.left}cm;box-shadow:0 1px 4px rgba(0,0,0,.3)}}`,
  ].join('\n');
}

/** How the texts of a document are printed: its phrase splitter, and which protected phrases are kept whole. */
interface Printing {
  readonly split: PhraseSplitter;
  /**
   * In a table cell: whether a protected phrase fits the column (columns.ts); one that does not is not kept whole
   * (the phrases inside it are), so it breaks between dictionary words, never inside one. Null: every phrase fits.
   */
  readonly fits: ((phrase: string) => boolean) | null;
  readonly digits: DigitStyle;
  readonly layout: PageLayout;
}

const PrintingContext = createContext<Printing>({ split: phraseSplitter(), fits: null, digits: 'thai', layout: DEFAULT_LAYOUT });

/** The text of a cell `limit` points wide: only the phrases that fit are kept whole. */
function Within({ limit, size, bold, children }: { limit: number; size: number; bold: boolean; children: ComponentChildren }) {
  const printing = useContext(PrintingContext);
  return <PrintingContext.Provider value={{ ...printing, fits: (phrase) => textWidthPt(phrase, size, bold) <= limit }}>{children}</PrintingContext.Provider>;
}

/** Runs split lately, per splitter: a document's texts are split again on every render. */
const splitRuns = new WeakMap<PhraseSplitter, Map<string, readonly PhraseRun[]>>();

function runsOf(split: PhraseSplitter, text: string): readonly PhraseRun[] {
  return remembered(cacheOf(splitRuns, split), text, 20_000, () => split(text));
}

/**
 * Text as phrase runs: protected phrases in a no-break span, URLs and long Latin tokens in a span that may wrap
 * anywhere, the rest as it is. Nothing is added to the text: it copies and extracts exactly as written.
 */
export function PhraseText({ text }: { text: string }): ComponentChildren {
  const printing = useContext(PrintingContext);
  let runs = runsOf(printing.split, text);
  const fits = printing.fits;
  if (fits && runs.some((r) => r.kind === 'keep' && !fits(r.text))) runs = printing.split(text, fits);
  return runs.map((run) =>
    run.kind === 'wrap' ? <span class="wr">{run.text}</span> : run.kind === 'keep' ? <span class="nb">{run.text}</span> : run.text,
  );
}

function CellView({ cell, t, limit, size }: { cell: Cell; t: (s: string) => string; limit: number; size: number }) {
  const classes = [cell.align && cell.align !== 'left' ? cell.align : '', cell.bold ? 'bold' : '', cell.missing ? 'missing' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <td class={classes || undefined}>
      <Within limit={limit} size={size} bold={cell.bold ?? false}>
        {cell.lines.map((line) =>
          line.marker ? (
            <div class="li">
              <span class="mk">{t(line.marker)}</span>
              <span>
                <PhraseText text={t(line.text)} />
              </span>
            </div>
          ) : (
            <div>
              <PhraseText text={t(line.text)} />
            </div>
          ),
        )}
      </Within>
    </td>
  );
}

function TableView({ table, t }: { table: Table; t: (s: string) => string }) {
  const printing = useContext(PrintingContext);
  // Widths from the content: every column holds its longest unbreakable word or phrase (columns.ts).
  const widths = columnWidths(table, { split: printing.split, digits: printing.digits, layout: printing.layout });
  const size = tableFontPt(table);
  const places = headerPlaces(table);
  /** The text width of `span` columns from `column`: their text widths and the padding between them. */
  const limit = (column: number, span = 1) => widths.textPt.slice(column, column + span).reduce((a, w) => a + w + CELL_EXTRA_PT, -CELL_EXTRA_PT);
  let h = 0;
  return (
    <table class={table.compact ? 'compact' : undefined} aria-label={t(table.name)}>
      <colgroup>
        {widths.percents.map((width) => (
          <col style={`width:${width}%`} />
        ))}
      </colgroup>
      <thead>
        {table.header.map((row) => (
          <tr>
            {row.map((cell) => {
              const place = places[h++];
              return (
                <th colSpan={cell.colSpan} rowSpan={cell.rowSpan} scope={cell.colSpan ? 'colgroup' : 'col'}>
                  <Within limit={place ? limit(place.column, place.span) : Infinity} size={size} bold>
                    <PhraseText text={t(cell.text)} />
                  </Within>
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr>
            {row.map((cell, column) => (
              <CellView cell={cell} t={t} limit={limit(column)} size={size} />
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
            <span>
              <PhraseText text={t(line)} />
            </span>
          ))}
        </h1>
      );
    case 'heading':
      return (
        <h2>
          <PhraseText text={t(block.text)} />
        </h2>
      );
    case 'paragraph':
      return (
        <p class={block.indent ? 'indent' : undefined}>
          <PhraseText text={t(block.text)} />
        </p>
      );
    case 'numbered':
      return (
        <p class="numbered">
          <PhraseText text={t(`${block.marker} ${block.text}`)} />
        </p>
      );
    case 'caption':
      return (
        <p class="caption">
          <PhraseText text={t(block.text)} />
        </p>
      );
    case 'note':
      return (
        <p class="note">
          <PhraseText text={t(block.text)} />
        </p>
      );
    case 'table':
      return <TableView table={block.table} t={t} />;
    case 'emblem':
      return (
        <p class="emblem">
          <img src={`data:${block.emblem.mediaType};base64,${Buffer.from(block.emblem.bytes).toString('base64')}`} alt="ตราหน่วยงาน" />
        </p>
      );
    case 'signoff':
      return (
        <section class="signoff" aria-label="ลงนาม">
          <p class="date">
            <PhraseText text={t(block.date)} />
          </p>
          <div class="signers">
            {block.signers.map((signer) => (
              <div class="signer">
                {signerLines(signer).map((line) => (
                  <p>
                    <PhraseText text={t(line)} />
                  </p>
                ))}
              </div>
            ))}
          </div>
        </section>
      );
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
export function DocumentView({ doc, digits = 'thai', layout = DEFAULT_LAYOUT }: { doc: DocumentModel; digits?: DigitStyle; layout?: PageLayout }) {
  const t = (s: string) => digitsIn(s, digits);
  return (
    <PrintingContext.Provider value={{ split: documentSplitter(doc.phrases ?? []), fits: null, digits, layout }}>
      <main class="page" lang="th">
        {doc.blocks.map((block) => (
          <BlockView block={block} t={t} digits={digits} />
        ))}
      </main>
    </PrintingContext.Provider>
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
        <DocumentView doc={doc} digits={digits} {...(options.layout ? { layout: options.layout } : {})} />
      </body>
    </html>
  );
  return `<!doctype html>\n${renderToString(page)}`;
}
