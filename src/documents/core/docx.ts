/**
 * DOCX renderer of the document model, with the `docx` package: what officials open and edit in Word or
 * LibreOffice. The font is TH SarabunPSK 16 pt (tables 14 pt), the Cabinet's national font that government PCs
 * have, in all four font slots, with the complex-script size too: Word draws Thai with the `cs` font and `szCs`
 * size (conventions §3.4), so a run without them falls back to another font. word/fontTable.xml describes it
 * (alternate name TH Sarabun New, PANOSE, Thai charset, family, pitch, Unicode and code-page signature) so that
 * a Word without it substitutes a like font. Line spacing is Word's single; paragraphs are left-aligned
 * (LibreOffice ignores thaiDistribute, conventions §3). Table header rows repeat on every page and no row is
 * split across pages. Page numbers from page 2, centred at the top as "- ๒ -": the section's page-number format
 * thaiNumbers gives Thai digits in Word; LibreOffice (7.4, and its source today) maps no DOCX format or field
 * switch to Thai digits (thaiNumbers → "2", PAGE \* ThaiArabic → "ข"), so it shows "- 2 -".
 *
 * Without TH SarabunPSK, LibreOffice draws it with Laksaman at full size, 1.5 times too large (conventions §2.4):
 * the demo's 4-page report becomes 11 pages and table rows split across pages. `font: 'sarabun'` gives instead a
 * DOCX with the PDF's Sarabun embedded (word/fonts/*.odttf, ECMA-376 obfuscation) at the PDF's sizes, which
 * LibreOffice lays out like the PDF, at the cost of Word showing "Sarabun 11" (docs/decisions/0007-docx-fonts.md).
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
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
} from 'docx';
import type { DigitStyle } from '../../thai/index.ts';
import { CHART_HEIGHT, CHART_WIDTH } from './chart.ts';
import { columnWidths } from './columns.ts';
import { digitsIn } from './digits.ts';
import { DRAFT_WORD, type DraftNote } from './draft.ts';
import { escapeXml } from './escape.ts';
import { fontFile } from './fonts.ts';
import { A4, BODY_PT, DEFAULT_LAYOUT, INDENT_CM, NOTE_PT, sarabunPt, TABLE_PT, twips, type PageLayout } from './layout.ts';
import type { BarChart, Block, Cell, DocumentModel, Table } from './model.ts';
import { EMBLEM_HEIGHT_CM, signerLines } from './signoff.ts';

/** The font the DOCX names (TH SarabunPSK, the Cabinet's national font of 2553/2010). */
export const DOCX_FONT = 'TH SarabunPSK';
/** Its alternate name in the font table: the same design's 2011 revision, which some PCs have instead. */
export const DOCX_FONT_ALT = 'TH Sarabun New';

/** A font's entry in word/fontTable.xml (ECMA-376 §17.8.3.10): what Word matches a missing font by. */
export interface FontTableEntry {
  readonly name: string;
  readonly altName?: string;
  /** The PANOSE-1 classification, 10 bytes in hexadecimal. */
  readonly panose1: string;
  /** The Windows character set, in hexadecimal: DE is Thai. */
  readonly charset: string;
  readonly family: 'swiss' | 'roman' | 'modern' | 'script' | 'decorative' | 'auto';
  readonly pitch: 'variable' | 'fixed' | 'default';
  /** The OS/2 Unicode ranges (usb0–3) and code pages (csb0–1), each 8 hexadecimal digits. */
  readonly sig: { readonly usb0: string; readonly usb1: string; readonly usb2: string; readonly usb3: string; readonly csb0: string; readonly csb1: string };
}

export interface DocxFont {
  readonly entry: FontTableEntry;
  /** Its size in points for an official (TH SarabunPSK) size: whole or half points, what Word stores. */
  readonly pt: (officialPt: number) => number;
  /** The faces embedded in the file; none for a font the reader's computer is expected to have. */
  readonly faces?: () => { readonly regular: Buffer; readonly bold: Buffer };
}

/**
 * The two fonts a DOCX can use. `national`: TH SarabunPSK at the official sizes, not embedded (TH SarabunPSK
 * may not be shipped); its PANOSE, charset and family are those Office writes for it, the signature that of
 * its TH Sarabun New revision's OS/2 table (Thai, Latin; code page 874). `sarabun`: the PDF's Google Sarabun
 * (OFL 1.1, embedding allowed), embedded, at the PDF's sizes (layout.ts sarabunPt, rounded to Word's half
 * points: 16 → 11, 14 → 9.5); its entry is from the TTF's own OS/2 table.
 */
export const DOCX_FONTS = {
  national: {
    entry: {
      name: DOCX_FONT,
      altName: DOCX_FONT_ALT,
      panose1: '020B0500040200020003',
      charset: 'DE',
      family: 'swiss',
      pitch: 'variable',
      sig: { usb0: 'A100006F', usb1: '5000205A', usb2: '00000000', usb3: '00000000', csb0: '60010183', csb1: '80000000' },
    },
    pt: (officialPt) => officialPt,
  },
  sarabun: {
    entry: {
      name: 'Sarabun',
      panose1: '00000500000000000000',
      charset: 'DE',
      family: 'swiss',
      pitch: 'variable',
      sig: { usb0: '21000007', usb1: '00000001', usb2: '00000000', usb3: '00000000', csb0: '20010193', csb1: '00000000' },
    },
    pt: (officialPt) => Math.round(sarabunPt(officialPt) * 2) / 2,
    faces: () => ({ regular: fontFile('regular'), bold: fontFile('bold') }),
  },
} as const satisfies Readonly<Record<string, DocxFont>>;
export type DocxFontName = keyof typeof DOCX_FONTS;

/** An embedded face's place in the file: its relationship from the font table and its obfuscation key. */
interface EmbeddedFace {
  readonly element: 'w:embedRegular' | 'w:embedBold';
  readonly id: string;
  readonly fontKey: string;
}

/** word/fontTable.xml: the docx package writes entries for embedded fonts only, without PANOSE or alternate names. */
function fontTableXml(entry: FontTableEntry, embedded: readonly EmbeddedFace[] = []): string {
  const value = (element: string, v: string) => `<w:${element} w:val="${escapeXml(v)}"/>`;
  const sig = Object.entries(entry.sig)
    .map(([k, v]) => ` w:${k}="${v}"`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `<w:font w:name="${escapeXml(entry.name)}">` +
    (entry.altName ? value('altName', entry.altName) : '') +
    value('panose1', entry.panose1) +
    value('charset', entry.charset) +
    value('family', entry.family) +
    value('pitch', entry.pitch) +
    `<w:sig${sig}/>` +
    embedded.map((e) => `<${e.element} r:id="${e.id}" w:fontKey="${e.fontKey}"/>`).join('') +
    '</w:font></w:fonts>'
  );
}

export interface DocxOptions {
  readonly digits?: DigitStyle;
  readonly layout?: PageLayout;
  /** PNG pictures of the document's charts (from renderChartPng); a chart without one is replaced by a remark. */
  readonly chartPngs?: ReadonlyMap<BarChart, Uint8Array>;
  /** A draft: a boxed "ร่าง" paragraph before the document's content (never part of the model). */
  readonly draft?: DraftNote;
  /** The font (default `national`: TH SarabunPSK 16 pt, for Word on government PCs); see {@link DOCX_FONTS}. */
  readonly font?: DocxFontName;
}

/** Run properties every run carries: the font in all four slots and the size for both normal and complex script. */
function runProperties(font: DocxFont, pt: number, extra: { bold?: boolean; italics?: boolean } = {}): Omit<IRunOptions, 'text' | 'children'> {
  const halfPoints = font.pt(pt) * 2;
  const name = font.entry.name;
  return {
    font: { ascii: name, hAnsi: name, cs: name, eastAsia: name },
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
  const font: DocxFont = DOCX_FONTS[options.font ?? 'national'];
  const runFormat = (pt: number, extra: { bold?: boolean; italics?: boolean } = {}) => runProperties(font, pt, extra);
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
    // The widths the PDF prints (columns.ts): every column holds its longest word; Word breaks inside the cells.
    const widths = columnWidths(model, { digits, phrases: doc.phrases ?? [], ...(options.layout ? { layout: options.layout } : {}) }).percents.map((w) => Math.round((textWidth * w) / 100));
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
      case 'emblem': {
        // Pixels at 96 per inch, EMBLEM_HEIGHT_CM high, the width by the picture's aspect ratio.
        const height = Math.round((EMBLEM_HEIGHT_CM / 2.54) * 96);
        const width = Math.round((height * b.emblem.width) / b.emblem.height);
        const picture = b.emblem.mediaType === 'image/png' ? { type: 'png' as const } : { type: 'jpg' as const };
        return [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: after,
            children: [new ImageRun({ ...picture, data: b.emblem.bytes, transformation: { width, height }, altText: { name: 'emblem', title: 'ตราหน่วยงาน', description: 'ตราหน่วยงาน' } })],
          }),
        ];
      }
      case 'signoff': {
        // The date in the right half, then the signature blocks side by side in a table without borders; every
        // paragraph keeps with the next and the row is not split, so the sign-off stays on one page.
        const centred = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, keepLines: true, children: [run(text, BODY_PT)] });
        const half = Math.round(textWidth / 2);
        const date = new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, indent: { left: half }, spacing: { before: 360, after: 480 }, children: [run(b.date, BODY_PT)] });
        const signers = new DocxTable({
          width: { size: textWidth, type: WidthType.DXA },
          columnWidths: b.signers.map(() => Math.round(textWidth / b.signers.length)),
          layout: TableLayoutType.FIXED,
          borders: TableBorders.NONE,
          rows: [new TableRow({ cantSplit: true, children: b.signers.map((signer) => new TableCell({ children: signerLines(signer).map(centred) })) })],
        });
        return [date, signers];
      }
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
  const faces = font.faces?.();
  const document = new Document({
    ...(faces ? { fonts: [{ name: font.entry.name, data: faces.regular, bold: faces.bold }] } : {}),
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
  // The package names the n-th embedded face's file fonts/font<n>.odttf, related from the font table as rId<n>.
  const embedded = document.FontTable.files.map((face, i): EmbeddedFace => ({ element: face.bold ? 'w:embedBold' : 'w:embedRegular', id: `rId${i + 1}`, fontKey: `{${face.fontKey.toUpperCase()}}` }));
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTableXml(font.entry, embedded) }]);
}
