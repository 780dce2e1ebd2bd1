/**
 * The DOCX as Word reads it, checked in the file's XML (no Word here): the font table that lets Word substitute
 * sensibly, the font and complex-script size of every run, Thai page numbers, and the Sarabun faces embedded
 * when asked for (src/documents/core/docx.ts; the decision in docs/decisions/0007-docx-fonts.md).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildDocument } from '../src/documents/core/build.ts';
import { DOCX_FONT, DOCX_FONT_ALT, DOCX_FONTS, renderDocx, type DocxFontName } from '../src/documents/core/docx.ts';
import { FONT_FILES } from '../src/documents/core/fonts.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../src/documents/core/model.ts';
import { deriveYear } from '../src/model/derive.ts';
import { demoYear, docxPart, wordText } from './fixtures/documents/helpers.ts';

const require = createRequire(import.meta.url);
const FONTS = Object.keys(DOCX_FONTS) as DocxFontName[];

const docx = (kind: DocumentKind, font?: DocxFontName, digits: 'thai' | 'arabic' = 'thai') =>
  renderDocx(buildDocument(kind, deriveYear(demoYear())), { digits, ...(font ? { font } : {}) });

/** Every run (w:r) of a part. */
const runsOf = (xml: string): string[] => [...xml.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*<\/w:r>/g)].map((m) => m[0]);

/** The document's and its headers' XML, one string. */
async function bodyAndHeaders(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = Object.keys(zip.files).filter((f) => /^word\/(document|header\d+)\.xml$/.test(f));
  return (await Promise.all(parts.map((p) => zip.file(p)!.async('string')))).join('\n');
}

describe('the font table (word/fontTable.xml)', () => {
  it('names TH SarabunPSK with TH Sarabun New as its alternate name, PANOSE, Thai charset, family, pitch and signature', async () => {
    const table = await docxPart(await docx('measures-report'), 'word/fontTable.xml');
    const fonts = [...table.matchAll(/<w:font w:name="([^"]+)">([\s\S]*?)<\/w:font>/g)];
    expect(fonts.map((f) => f[1])).toEqual([DOCX_FONT]);
    expect(DOCX_FONT).toBe('TH SarabunPSK');
    expect(fonts[0]![2]).toBe(
      `<w:altName w:val="${DOCX_FONT_ALT}"/><w:panose1 w:val="020B0500040200020003"/><w:charset w:val="DE"/>` +
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/>' +
        '<w:sig w:usb0="A100006F" w:usb1="5000205A" w:usb2="00000000" w:usb3="00000000" w:csb0="60010183" w:csb1="80000000"/>',
    );
    // Nothing embedded: TH SarabunPSK is not ours to ship.
    const zip = await JSZip.loadAsync(await docx('measures-report'));
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/fonts/'))).toEqual([]);
  });

  it('describes the embedded Sarabun as its TTF does (OS/2 PANOSE, Unicode ranges, code pages)', async () => {
    const font = fontkit.create(readFileSync(require.resolve(FONT_FILES.regular)));
    if (!('OS/2' in font)) throw new Error('Sarabun is a font collection, not one font');
    const os2 = (font as unknown as { 'OS/2': { panose: number[]; ulCharRange: number[]; codePageRange: number[] } })['OS/2'];
    const hex = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
    const { entry } = DOCX_FONTS.sarabun;
    expect(entry.panose1).toBe(Buffer.from(os2.panose).toString('hex').toUpperCase());
    expect([entry.sig.usb0, entry.sig.usb1, entry.sig.usb2, entry.sig.usb3]).toEqual(os2.ulCharRange.map(hex));
    expect([entry.sig.csb0, entry.sig.csb1]).toEqual(os2.codePageRange.map(hex));
    // Thai: Unicode range bit 24, code page 874 (bit 16).
    expect(os2.ulCharRange[0]! & (1 << 24)).not.toBe(0);
    expect(os2.codePageRange[0]! & (1 << 16)).not.toBe(0);
  });
});

describe.each(FONTS)('every run of every kind, font %s', (font) => {
  const { entry } = DOCX_FONTS[font];
  const sizes = font === 'national' ? ['32', '28'] : ['22', '19'];

  it.each(DOCUMENT_KINDS)('%s: the font in all four slots, sz and szCs the same official size, Thai language by default', async (kind) => {
    const bytes = await docx(kind, font);
    const runs = runsOf(await bodyAndHeaders(bytes));
    expect(runs.length).toBeGreaterThan(20);
    // A run holding only a picture has no text to draw; every other run carries its font and both sizes.
    const textRuns = runs.filter((r) => !/^<w:r><w:drawing>/.test(r));
    for (const r of textRuns) {
      expect(r).toContain(`<w:rFonts w:ascii="${entry.name}" w:cs="${entry.name}" w:eastAsia="${entry.name}" w:hAnsi="${entry.name}"/>`);
      const size = /<w:sz w:val="(\d+)"\/><w:szCs w:val="(\d+)"\/>/.exec(r);
      expect(size, r).not.toBeNull();
      expect(size![2]).toBe(size![1]);
      expect(sizes).toContain(size![1]);
    }
    const styles = await docxPart(bytes, 'word/styles.xml');
    const defaults = /<w:docDefaults>[\s\S]*<\/w:docDefaults>/.exec(styles)![0];
    expect(defaults).toContain(`<w:rFonts w:ascii="${entry.name}" w:cs="${entry.name}" w:eastAsia="${entry.name}" w:hAnsi="${entry.name}"/>`);
    expect(defaults).toContain(`<w:sz w:val="${sizes[0]}"/><w:szCs w:val="${sizes[0]}"/>`);
    expect(defaults).toContain('<w:lang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH"/>');
  });
});

describe('page numbers', () => {
  it.each(FONTS)('Thai digits in Word (thaiNumbers) from a PAGE field in the header of page 2 on, font %s', async (font) => {
    const bytes = await docx('measures-report', font);
    const xml = await docxPart(bytes, 'word/document.xml');
    expect(xml).toContain('<w:pgNumType w:start="1" w:fmt="thaiNumbers"/>');
    expect(xml).toContain('<w:titlePg/>');
    const headers = await Promise.all([1, 2].map((i) => docxPart(bytes, `word/header${i}.xml`)));
    const numbered = headers.filter((h) => h.includes('>PAGE<'));
    expect(numbered).toHaveLength(1);
    expect(wordText(numbered[0]!).trim()).toBe('-  -');
  });

  it('Arabic digits when the document is asked for in Arabic digits', async () => {
    const xml = await docxPart(await docx('measures-report', 'national', 'arabic'), 'word/document.xml');
    expect(xml).toContain('<w:pgNumType w:start="1" w:fmt="decimal"/>');
  });
});

describe('Sarabun embedded (font: sarabun)', () => {
  /** ECMA-376 Part 1 §17.8.1: the first 32 bytes XORed with the key's 16 bytes, read from the GUID's end. */
  function deobfuscate(data: Uint8Array, fontKey: string): Buffer {
    const key = Buffer.from(fontKey.replace(/[{}-]/g, ''), 'hex').reverse();
    const out = Buffer.from(data);
    for (let i = 0; i < 32; i++) out[i] = out[i]! ^ key[i % 16]!;
    return out;
  }

  it('holds the regular and bold TTF, obfuscated with the keys and relationships the font table names', async () => {
    const bytes = await docx('measures-report', 'sarabun');
    const zip = await JSZip.loadAsync(bytes);
    const table = await docxPart(bytes, 'word/fontTable.xml');
    const rels = await docxPart(bytes, 'word/_rels/fontTable.xml.rels');
    const types = await docxPart(bytes, '[Content_Types].xml');
    expect(types).toContain('<Default ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont" Extension="odttf"/>');
    const faces = [...table.matchAll(/<w:(embedRegular|embedBold) r:id="(rId\d+)" w:fontKey="(\{[0-9A-F-]{36}\})"\/>/g)];
    expect(faces.map((f) => f[1])).toEqual(['embedRegular', 'embedBold']);
    for (const [, element, id, key] of faces) {
      const target = new RegExp(`<Relationship Id="${id}" Type="[^"]+/font" Target="(fonts/font\\d+\\.odttf)"/>`).exec(rels)![1]!;
      const stored = await zip.file(`word/${target}`)!.async('uint8array');
      const ttf = readFileSync(require.resolve(element === 'embedBold' ? FONT_FILES.bold : FONT_FILES.regular));
      expect(stored.subarray(0, 32)).not.toEqual(new Uint8Array(ttf.subarray(0, 32)));
      expect(deobfuscate(stored, key!).equals(ttf)).toBe(true);
    }
  });

  it('has the same text as the DOCX naming TH SarabunPSK, and costs the two faces in size', async () => {
    const [national, sarabun] = await Promise.all(FONTS.map((f) => docx('measures-report', f)));
    expect(wordText(await docxPart(sarabun!, 'word/document.xml'))).toBe(wordText(await docxPart(national!, 'word/document.xml')));
    expect(national!.length).toBeLessThan(40_000);
    expect(sarabun!.length - national!.length).toBeGreaterThan(60_000);
  });
});
