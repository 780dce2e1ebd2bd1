/**
 * The check of items whose page links documents (src/preaudit/check.ts `checkItems`): a local อปท.-style site whose
 * item pages link PDFs — one printed by the project's own renderer (needs Chromium and poppler-utils; skipped with
 * the reason in its name when either is missing), one scanned (an image-only PDF), one that answers 404. What the
 * item needs is read from the linked documents, not only from the page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentBrowser, findChromium } from '../src/documents/core/browser.ts';
import type { DocumentModel } from '../src/documents/core/model.ts';
import { renderPdf } from '../src/documents/core/pdf.ts';
import { getCriteria, type OitItem } from '../src/ita/index.ts';
import { checkItems } from '../src/preaudit/check.ts';
import { DEFAULT_POLICY, SafeFetcher } from '../src/preaudit/fetch.ts';
import { missingTools } from './fixtures/documents/helpers.ts';
import { imageOnlyPdf } from './helpers/pdf-fixtures.ts';

const ORG = 'องค์การบริหารส่วนตำบลห้วยทอง';
const pack = getCriteria(2570);
const O7 = pack.oitItems.find((i) => i.code === 'O7') as OitItem; // รายงานผลการดำเนินงานประจำปี: the previous year, 2569

/** The annual report of FY 2569, as our renderer prints it. */
const report: DocumentModel = {
  kind: 'measures-report',
  title: `รายงานผลการดำเนินงานประจำปี ${ORG}`,
  author: ORG,
  subject: 'รายงานผลการดำเนินงานประจำปี',
  lang: 'th',
  year: 2569,
  fileName: 'huai-thong-2569-annual',
  blocks: [
    { type: 'title', lines: ['รายงานผลการดำเนินงานประจำปี', ORG, 'ประจำปีงบประมาณ พ.ศ. ๒๕๖๙'] },
    { type: 'paragraph', text: 'องค์การบริหารส่วนตำบลได้ดำเนินงานตามแผนพัฒนาท้องถิ่น ทั้งนี้ ได้รายงานผลต่อสภาองค์การบริหารส่วนตำบลแล้ว' },
  ],
};

/** A CMS page: the organisation in its header, a menu, and a list of files — the year only in the files. */
const page = (links: string) =>
  `<!doctype html><html lang="th"><head><meta charset="utf-8"><title>อบต.ห้วยทอง</title></head><body><header>อบต.ห้วยทอง อำเภอเมือง</header><nav><a href="/">หน้าแรก</a></nav><main><h1>ดาวน์โหลดเอกสาร</h1><ul>${links}</ul></main></body></html>`;

const pdfMissing = [...(findChromium() ? [] : ['chromium']), ...missingTools(['pdftotext', 'pdfinfo'])];

describe.skipIf(pdfMissing.length > 0)(`documents linked from an item's page${pdfMissing.length ? ` (skipped: ${pdfMissing.join(', ')} not installed)` : ''}`, () => {
  let server: Server;
  let base = '';
  let fetcher: SafeFetcher;
  const served: string[] = [];

  beforeAll(async () => {
    const browser = new DocumentBrowser();
    const pdf = await renderPdf(report, { browser }).finally(() => browser.close());
    const files: Record<string, { type: string; body: Buffer | string }> = {
      '/o7': { type: 'text/html; charset=utf-8', body: page('<li><a href="/files/annual-2569.pdf">รายงานผลการดำเนินงานประจำปี</a></li><li><a href="/news.php?id=3">ข่าว</a></li>') },
      '/o7-scan': { type: 'text/html; charset=utf-8', body: page('<li><a href="/files/scan.pdf">รายงาน (สแกน)</a></li>') },
      '/o7-gone': { type: 'text/html; charset=utf-8', body: page('<li><a href="/files/gone.pdf">รายงาน</a></li>') },
      '/files/annual-2569.pdf': { type: 'application/pdf', body: pdf },
      '/files/scan.pdf': { type: 'application/pdf', body: imageOnlyPdf() },
    };
    server = createServer((req, res) => {
      served.push(req.url ?? '');
      const file = files[req.url ?? ''];
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': file.type }).end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    fetcher = new SafeFetcher({ ...DEFAULT_POLICY, allowHosts: new Set([`127.0.0.1:${port}`]) });
  }, 120_000);
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const check = async (path: string) => {
    const [result] = await checkItems(fetcher, { pack, org: { nameTh: ORG }, items: [{ item: O7, urls: [`${base}${path}`] }], asOf: new Date('2027-03-01T09:00:00+07:00') });
    return result as NonNullable<typeof result>;
  };

  it('passes an item whose page links the report our renderer printed: its fiscal year ๒๕๖๙ is read from the PDF', async () => {
    const result = await check('/o7');
    expect(result.verdict.status).toBe('pass');
    expect(result.verdict.reasons).toEqual([]);
    const [pageRead] = result.urls;
    expect(pageRead).toMatchObject({ status: 200, kind: 'html' });
    // Only the link to a file is followed, not the news page.
    expect(pageRead?.documents.map((d) => [d.url, d.status, d.kind, d.scanned])).toEqual([[`${base}/files/annual-2569.pdf`, 200, 'pdf', false]]);
    expect(served).not.toContain('/news.php?id=3');
  });

  it('leaves an item whose only document is scanned to a person, saying so in Thai', async () => {
    const result = await check('/o7-scan');
    expect(result.verdict.status).toBe('manual');
    expect(result.verdict.reasons.map((r) => r.th).join(' ')).toContain('เอกสารเป็นภาพสแกน ตรวจข้อความไม่ได้');
    expect(result.urls[0]?.documents[0]).toMatchObject({ kind: 'pdf', scanned: true });
  });

  it('says which linked document did not open, with its status', async () => {
    const result = await check('/o7-gone');
    expect(result.verdict.status).not.toBe('pass');
    expect(result.urls[0]?.documents[0]).toMatchObject({ url: `${base}/files/gone.pdf`, status: 404, kind: null });
    expect(result.urls[0]?.documents[0]?.reason?.th).toBe('ลิงก์ตอบกลับ 404');
  });
});
