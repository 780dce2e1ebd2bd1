/**
 * Extraction for the OIT pre-audit (src/preaudit/extract.ts): every fixture is made here — an อปท.-style CMS page,
 * a PDF printed by the project's own renderer (needs Chromium and poppler-utils; skipped with the reason in its name
 * when either is missing, as in test/documents-render.test.ts), an image-only PDF written by hand, DOCX and XLSX
 * with Thai text, broken files. The Thai must come out as written: SARA AM, tone marks, Thai digits.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentBrowser, findChromium } from '../src/documents/core/browser.ts';
import { renderDocx } from '../src/documents/core/docx.ts';
import type { DocumentModel } from '../src/documents/core/model.ts';
import { renderPdf } from '../src/documents/core/pdf.ts';
import { extract, MAX_TEXT, MAX_UNPACKED, type DocKind, type Extracted } from '../src/preaudit/extract.ts';
import { missingTools } from './fixtures/documents/helpers.ts';
import { imageOnlyPdf } from './helpers/pdf-fixtures.ts';

const ORG = 'องค์การบริหารส่วนตำบลห้วยทอง';
const YEAR = 'ปีงบประมาณ พ.ศ. ๒๕๗๐';
const BODY = 'รายงานผลการดำเนินงานประจำเดือนธันวาคม ๒๕๖๙ ผู้นำท้องถิ่นได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Thai in the text exactly as written (NFC; no space breaking a word). */
function expectThai(text: string): void {
  expect(text).toContain(ORG);
  expect(text).toContain(YEAR);
  expect(text).toContain('ธันวาคม');
  expect(text).toContain('ผู้นำท้องถิ่นได้กำหนดมาตรการ');
  expect(text).toBe(text.normalize('NFC'));
  expect(text).not.toContain('\u0e4d\u0e32'); // ํา: SARA AM split in two
}

const CMS_PAGE = `<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title> ข้อมูลพื้นฐาน | ${ORG} </title>
<base href="https://www.huaithong.go.th/site/">
<style>.menu{color:red}</style><script>var secret = "ไม่ควรเห็น";</script></head>
<body>
<nav class="menu"><ul>
  <li><a href="index.php">หน้าแรก</a></li>
  <li><a href="/about/structure">โครงสร้าง&nbsp;องค์กร</a></li>
  <li><a href="javascript:void(0)">เมนูย่อย</a></li>
  <li><a href="mailto:saraban@huaithong.go.th">ติดต่อเรา</a></li>
  <li><a href="#top">บนสุด</a></li>
</ul></nav>
<h1>ประกาศ${ORG}</h1>
<p>เรื่อง แผนดำเนินงาน ${YEAR}</p>
<table><tr><td>เดือนธันวาคม</td><td>๑๒ รายการ</td></tr></table>
<a href="files/plan-2570.pdf"><img src="pdf.png" alt="ไฟล์ PDF"> แผนดำเนินงาน</a>
<a href="https://www.huaithong.go.th/site/files/plan-2570.pdf#page=2">ดาวน์โหลดอีกครั้ง</a>
<a href="HTTPS://dla.go.th/report.pdf">รายงาน</a>
<iframe src="files/report-6-months.pdf" title="รายงานรอบ ๖ เดือน"></iframe>
<noscript>เปิด JavaScript</noscript>
</body></html>`;

describe('HTML', () => {
  it('an อปท.-style CMS page: visible Thai text, title, links resolved against <base href>, http(s) only, no #fragment, deduplicated', async () => {
    const out = await extract(Buffer.from(CMS_PAGE), 'text/html; charset=UTF-8', 'https://www.huaithong.go.th/index.php?page=about');
    expect(out.kind).toBe('html');
    expect(out.problem).toBeNull();
    expect(out.title).toBe(`ข้อมูลพื้นฐาน | ${ORG}`);
    expect(out.text).toContain(`ประกาศ${ORG}`);
    expect(out.text).toContain(`เรื่อง แผนดำเนินงาน ${YEAR}`);
    expect(out.text).toContain('เดือนธันวาคม ๑๒ รายการ');
    expect(out.text).toContain('โครงสร้าง องค์กร');
    for (const hidden of ['ไม่ควรเห็น', 'color:red', 'เปิด JavaScript', 'ข้อมูลพื้นฐาน |']) expect(out.text).not.toContain(hidden);
    expect(out.links).toEqual([
      { href: 'https://www.huaithong.go.th/site/index.php', label: 'หน้าแรก' },
      { href: 'https://www.huaithong.go.th/about/structure', label: 'โครงสร้าง องค์กร' },
      { href: 'https://www.huaithong.go.th/site/files/plan-2570.pdf', label: 'ไฟล์ PDF แผนดำเนินงาน' },
      { href: 'https://dla.go.th/report.pdf', label: 'รายงาน' },
      { href: 'https://www.huaithong.go.th/site/files/report-6-months.pdf', label: 'รายงานรอบ ๖ เดือน' },
    ]);
    expect(out.pages).toBeNull();
    expect(out.scanned).toBe(false);
  });

  it('without <base>, relative links resolve against the page address; a TIS-620 page is decoded', async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=tis-620"></head><body><a href="../doc/o1.pdf">${ORG}</a></body></html>`;
    // TIS-620: the Thai block U+0E01..U+0E5B is bytes 0xA1..0xFB.
    const bytes = Buffer.from([...html].map((c) => (c >= '\u0e01' && c <= '\u0e5b' ? c.charCodeAt(0) - 0x0e00 + 0xa0 : c.charCodeAt(0))));
    const out = await extract(bytes, 'text/html', 'http://huaithong.go.th/web/page.php');
    expect(out.text).toBe(ORG);
    expect(out.links).toEqual([{ href: 'http://huaithong.go.th/doc/o1.pdf', label: ORG }]);
  });

  it('bounded: a 20 MiB page gives at most MAX_TEXT characters, in seconds', async () => {
    const row = `<tr><td>${ORG}</td><td>${YEAR}</td></tr>\n`;
    const page = Buffer.from(`<html><body><table>${row.repeat(Math.ceil((20 * 1024 * 1024) / Buffer.byteLength(row)))}</table></body></html>`);
    const out = await extract(page, 'text/html', 'https://x.go.th/big');
    expect(out.text.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(out.text.length).toBeGreaterThan(MAX_TEXT - 200);
    expect(out.text.startsWith(`${ORG} ${YEAR}`)).toBe(true);
  }, 60_000);

  it('kind from the bytes when the content type says nothing, then from the extension', async () => {
    expect((await extract(Buffer.from(CMS_PAGE), null, 'https://x.go.th/a')).kind).toBe('html');
    expect((await extract(Buffer.from('<p>สวัสดี</p>'), 'application/octet-stream', 'https://x.go.th/a.htm')).text).toBe('สวัสดี');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(await extract(png, null, 'https://x.go.th/scan')).toMatchObject({ kind: 'image', scanned: true, text: '', problem: null });
    expect(await extract(Buffer.from('a,b\nก,ข'), 'text/csv', 'https://x.go.th/a.csv')).toMatchObject({ kind: 'other', text: 'a,b\nก,ข' });
  });
});

const popplerMissing = missingTools(['pdftotext', 'pdfinfo']);
describe.skipIf(popplerMissing.length > 0)(`PDF without Chromium${popplerMissing.length ? ` (skipped: ${popplerMissing.join(', ')} not installed)` : ''}`, () => {
  it('an image-only PDF is scanned: one page, no text', async () => {
    const out = await extract(imageOnlyPdf(), 'application/pdf', 'https://x.go.th/scan.pdf');
    expect(out).toMatchObject({ kind: 'pdf', text: '', pages: 1, scanned: true, problem: null, links: [] });
  });

  it('a truncated PDF and a file that only says it is a PDF: a problem in Thai and English, no throw', async () => {
    const truncated = imageOnlyPdf().subarray(0, 120);
    for (const body of [truncated, Buffer.from('%PDF-1.7\nnot really')]) {
      const out = await extract(body, 'application/pdf', 'https://x.go.th/broken.pdf');
      expect(out.kind).toBe('pdf');
      expect(out.text).toBe('');
      expect(out.scanned).toBe(false);
      expect(out.problem).toMatchObject({ code: 'preaudit.extract.pdfBroken', th: 'ไฟล์ PDF เสียหายหรือไม่สมบูรณ์ อ่านข้อความไม่ได้' });
    }
  });

  it('kind from the magic bytes when the server says octet-stream', async () => {
    expect((await extract(imageOnlyPdf(), 'application/octet-stream', 'https://x.go.th/download?id=1')).kind).toBe('pdf');
  });
});

const doc: DocumentModel = {
  kind: 'measures-report',
  title: `ประกาศ${ORG}`,
  author: ORG,
  subject: 'ทดสอบการอ่านข้อความ',
  lang: 'th',
  year: 2570,
  fileName: 'huai-thong-2570-extract',
  blocks: [
    { type: 'title', lines: [`ประกาศ${ORG}`, YEAR] },
    { type: 'paragraph', text: BODY },
  ],
};

/** What extraction reads of `doc` as our renderer made it. */
function expectRendered(out: Extracted, kind: DocKind): void {
  expect(out.kind).toBe(kind);
  expect(out.problem).toBeNull();
  expectThai(out.text);
  expect(out.title).toBe(`ประกาศ${ORG}`);
  expect(out.scanned).toBe(false);
  expect(out.links).toEqual([]);
  expect(out.dates.length).toBeGreaterThan(0);
  for (const d of out.dates) expect(d).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
}

const chromium = findChromium();
const pdfMissing = [...(chromium ? [] : ['chromium']), ...popplerMissing];
describe.skipIf(pdfMissing.length > 0)(`PDF printed by our renderer${pdfMissing.length ? ` (skipped: ${pdfMissing.join(', ')} not installed)` : ''}`, () => {
  const browser = new DocumentBrowser();
  afterAll(() => browser.close());

  it('Thai text as written, the title, one page, the dates; not scanned', async () => {
    const pdf = await renderPdf(doc, { browser });
    const out = await extract(pdf, 'application/pdf', 'https://www.huaithong.go.th/files/plan.pdf');
    expectRendered(out, 'pdf');
    expect(out.pages).toBe(1);
  }, 60_000);
});

describe('DOCX and XLSX', () => {
  it('a DOCX made by our renderer: Thai text as written, the title, the core dates', async () => {
    const out = await extract(await renderDocx(doc), DOCX, 'https://x.go.th/plan.docx');
    expectRendered(out, 'docx');
    expect(out.dates).toHaveLength(2);
  });

  it('an XLSX (exceljs): every cell text, sheet by sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.created = new Date('2026-11-02T03:04:05Z');
    const sheet = wb.addWorksheet('ธ.ค. ๖๙');
    sheet.addRow([ORG, YEAR]);
    sheet.addRow(['เดือน', 'ธันวาคม', 12]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const out = await extract(bytes, 'application/octet-stream', 'https://x.go.th/d.xlsx');
    expect(out.kind).toBe('xlsx');
    expect(out.problem).toBeNull();
    expect(out.text).toBe(`ธ.ค. ๖๙\n${ORG}\t${YEAR}\nเดือน\tธันวาคม\t12`);
    expect(out.dates).toContain('2026-11-02T03:04:05.000Z');
  });

  it('a zip that is not a DOCX, and bytes that are no zip at all: a problem, no throw', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', 'ไม่ใช่เอกสาร Word');
    const notDocx = await zip.generateAsync({ type: 'nodebuffer' });
    for (const [body, type] of [[notDocx, DOCX], [notDocx, null], [Buffer.from('PK\x03\x04garbage'), DOCX]] as const) {
      const out = await extract(body, type, 'https://x.go.th/plan.docx');
      expect(out).toMatchObject({ kind: 'docx', text: '', problem: { code: 'preaudit.extract.zipBroken', th: 'ไฟล์ DOCX เสียหายหรือไม่ใช่ไฟล์ DOCX อ่านข้อความไม่ได้' } });
    }
    expect((await extract(notDocx, XLSX, 'https://x.go.th/d.xlsx')).problem?.code).toBe('preaudit.extract.zipBroken');
  });

  it('a zip bomb is refused before it is unpacked', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', Buffer.alloc(MAX_UNPACKED + 1, 0x20));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
    expect(bomb.length).toBeLessThan(MAX_UNPACKED / 100);
    const out = await extract(bomb, DOCX, 'https://x.go.th/bomb.docx');
    expect(out).toMatchObject({ kind: 'docx', text: '', problem: { code: 'preaudit.extract.zipTooLarge' } });
  }, 60_000);
});
