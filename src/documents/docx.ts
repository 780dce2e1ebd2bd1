/**
 * DOCX renderer of the document model, with the `docx` package: what officials open and edit in Word or
 * LibreOffice. The font is "TH Sarabun New" 16 pt (tables 14 pt) in all four font slots, with the complex-script
 * size too: Word draws Thai with the `cs` font and `szCs` size (conventions §3.4), so a run without them falls
 * back to another font. Line spacing is Word's single; paragraphs are left-aligned (LibreOffice ignores
 * thaiDistribute, conventions §3). Table header rows repeat on every page and no row is split across pages.
 * Page numbers from page 2, centred at the top as "- ๒ -": the section's page-number format thaiNumbers gives
 * Thai digits in Word; LibreOffice (7.4, checked by converting with soffice) ignores that format and shows
 * "- 2 -". LibreOffice also draws "TH Sarabun New" with Laksaman at full size, 1.5 times too large
 * (conventions §2.4), so its tables look cramped: the DOCX is laid out for Word with the Thai national fonts.
 *
 * The chart is a PNG drawn by Chromium from the same SVG as the HTML (passed in by the caller); without it the
 * document says that the chart is left out and points at the table above it. Pure apart from zipping.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  HeightRule,
  ImageRun,
  NumberFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table as DocxTable,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
} from 'docx';
import type { DigitStyle } from '../thai/index.ts';
import { CHART_HEIGHT, CHART_WIDTH } from './chart.ts';
import { digitsIn } from './digits.ts';
import { DRAFT_WORD, type DraftNote } from './draft.ts';
import { A4, BODY_PT, DEFAULT_LAYOUT, INDENT_CM, NOTE_PT, TABLE_PT, twips, type PageLayout } from './layout.ts';
import type { BarChart, Block, Cell, DocumentModel, Table } from './model.ts';

export const DOCX_FONT = 'TH Sarabun New';

export interface DocxOptions {
  readonly digits?: DigitStyle;
  readonly layout?: PageLayout;
  /** PNG pictures of the document's charts (from renderChartPng); a chart without one is replaced by a remark. */
  readonly chartPngs?: ReadonlyMap<BarChart, Uint8Array>;
  /** A draft: a boxed "ร่าง" paragraph before the document's content (never part of the model). */
  readonly draft?: DraftNote;
}

/** Run properties every run carries: the font in all four slots and the size for both normal and complex script. */
function runFormat(pt: number, extra: { bold?: boolean; italics?: boolean } = {}): Omit<IRunOptions, 'text' | 'children'> {
  const halfPoints = pt * 2;
  return {
    font: { ascii: DOCX_FONT, hAnsi: DOCX_FONT, cs: DOCX_FONT, eastAsia: DOCX_FONT },
    size: halfPoints,
    sizeComplexScript: halfPoints,
    ...(extra.bold ? { bold: true, boldComplexScript: true } : {}),
    ...(extra.italics ? { italics: true, italicsComplexScript: true } : {}),
  };
}

const CHART_MISSING =
  '(แผนภูมิไม่ได้แสดงในแฟ้มนี้ เพราะไม่มีเบราว์เซอร์สำหรับวาดภาพแผนภูมิ คะแนนทุกตัวชี้วัดอยู่ในตารางข้างต้น / ' +
  'the chart is left out of this file because no browser was available to draw it; every score is in the table above)';

export async function renderDocx(doc: DocumentModel, options: DocxOptions = {}): Promise<Buffer> {
  const digits = options.digits ?? 'thai';
  const t = (s: string) => digitsIn(s, digits);
  const { margins } = options.layout ?? DEFAULT_LAYOUT;
  const textWidth = twips(A4.width - margins.left - margins.right);

  const run = (text: string, pt: number, extra: { bold?: boolean; italics?: boolean } = {}) => new TextRun({ text: t(text), ...runFormat(pt, extra) });

  function cellParagraphs(cell: Cell, pt: number): Paragraph[] {
    const alignment = cell.align === 'center' ? AlignmentType.CENTER : cell.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
    const style = { bold: cell.bold ?? false, italics: cell.missing ?? false };
    if (cell.lines.length === 0) return [new Paragraph({ children: [] })];
    return cell.lines.map((line) =>
      line.marker
        ? new Paragraph({
            alignment,
            indent: { left: twips(0.6), hanging: twips(0.6) },
            children: [new TextRun({ children: [t(line.marker), new Tab(), t(line.text)], ...runFormat(pt, style) })],
          })
        : new Paragraph({ alignment, children: [run(line.text, pt, style)] }),
    );
  }

  function table(model: Table): DocxTable {
    const pt = model.compact ? TABLE_PT : BODY_PT;
    const widths = model.columns.map((c) => Math.round((textWidth * c.width) / 100));
    const header = model.header.map(
      (row) =>
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: row.map(
            (h) =>
              new TableCell({
                ...(h.colSpan ? { columnSpan: h.colSpan } : {}),
                ...(h.rowSpan ? { rowSpan: h.rowSpan } : {}),
                verticalAlign: VerticalAlignTable.CENTER,
                children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(h.text, pt, { bold: true })] })],
              }),
          ),
        }),
    );
    const body = model.rows.map(
      (row) =>
        new TableRow({
          cantSplit: true,
          height: { value: 0, rule: HeightRule.AUTO },
          children: row.map(
            (cell) =>
              new TableCell({
                ...(cell.missing ? { shading: { type: ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } } : {}),
                children: cellParagraphs(cell, pt),
              }),
          ),
        }),
    );
    return new DocxTable({
      width: { size: textWidth, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [...header, ...body],
    });
  }

  const after = { after: 120 };
  function block(b: Block): (Paragraph | DocxTable)[] {
    switch (b.type) {
      case 'title':
        return b.lines.map(
          (line, i) =>
            new Paragraph({ alignment: AlignmentType.CENTER, spacing: i === b.lines.length - 1 ? { after: 240 } : {}, children: [run(line, BODY_PT, { bold: true })] }),
        );
      case 'heading':
        return [new Paragraph({ keepNext: true, spacing: { before: 120, after: 120 }, children: [run(b.text, BODY_PT, { bold: true })] })];
      case 'paragraph':
        return [new Paragraph({ spacing: after, ...(b.indent ? { indent: { firstLine: twips(INDENT_CM) } } : {}), children: [run(b.text, BODY_PT)] })];
      case 'numbered':
        return [new Paragraph({ spacing: after, indent: { firstLine: twips(INDENT_CM) }, children: [run(`${b.marker} ${b.text}`, BODY_PT)] })];
      case 'caption':
        return [new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: after, children: [run(b.text, BODY_PT, { bold: true })] })];
      case 'note':
        return [new Paragraph({ spacing: after, children: [run(b.text, NOTE_PT)] })];
      case 'table':
        return [table(b.table), new Paragraph({ children: [] })];
      case 'chart': {
        const png = options.chartPngs?.get(b.chart);
        const caption = new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [run(b.chart.title, BODY_PT, { bold: true })] });
        if (!png) return [caption, new Paragraph({ spacing: after, children: [run(CHART_MISSING, NOTE_PT, { italics: true })] })];
        // Pixels at 96 per inch: the full text width.
        const width = Math.round((textWidth / 1440) * 96);
        const height = Math.round((width * CHART_HEIGHT) / CHART_WIDTH);
        return [
          caption,
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: after,
            children: [
              new ImageRun({
                type: 'png',
                data: png,
                transformation: { width, height },
                altText: { name: 'chart', title: t(b.chart.title), description: t(b.chart.title) },
              }),
            ],
          }),
        ];
      }
    }
  }

  function draftBanner(note: DraftNote): Paragraph {
    const side = { style: BorderStyle.SINGLE, size: 12, color: 'AA0000', space: 4 };
    return new Paragraph({
      spacing: { after: 240 },
      border: { top: side, bottom: side, left: side, right: side },
      children: [run(`${DRAFT_WORD.th} · ${note.th}`, NOTE_PT, { bold: true }), new TextRun({ text: `${DRAFT_WORD.en} · ${note.en}`, break: 1, ...runFormat(NOTE_PT) })],
    });
  }

  const pageNumber = new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'], ...runFormat(BODY_PT) })],
  });
  const document = new Document({
    creator: doc.author,
    title: t(doc.title),
    subject: doc.subject,
    styles: {
      default: {
        document: {
          run: { ...runFormat(BODY_PT), language: { value: 'th-TH', eastAsia: 'th-TH', bidirectional: 'th-TH' } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: twips(A4.width), height: twips(A4.height) },
            margin: {
              top: twips(margins.top),
              right: twips(margins.right),
              bottom: twips(margins.bottom),
              left: twips(margins.left),
              header: twips(1.25),
              footer: twips(1),
            },
            pageNumbers: { start: 1, formatType: digits === 'thai' ? NumberFormat.THAI_NUMBERS : NumberFormat.DECIMAL },
          },
        },
        headers: { default: new Header({ children: [pageNumber] }), first: new Header({ children: [new Paragraph({ children: [] })] }) },
        children: [...(options.draft ? [draftBanner(options.draft)] : []), ...doc.blocks.flatMap(block)],
      },
    ],
  });
  return Packer.toBuffer(document);
}
