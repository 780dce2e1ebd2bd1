/**
 * The main journeys in real Chromium, as people do them, with a screenshot of each step in test/artifacts/:
 * the coordinator signs in, enters the year's scores (preview, then save), reads the findings, adds a measure,
 * and records a month's progress with a file; the unit head reports on their unit's measure; the executive
 * approves the plan and the report; the coordinator downloads the report.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, NO_CHROMIUM_REASON, newPage, shot, signIn, startE2e, type E2e } from './e2e-support.ts';
import { demoEmail } from './web-support.ts';

const YEAR = '/staff/o/huai-thong/2566';
const SCORES = ['93.55', '87.72', '91.01', '87.93', '89.52', '90.55', '88.68', '88.58', '72.89', '65.56'];

describe.skipIf(!CHROMIUM)(`main journeys in Chromium${CHROMIUM ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let e2e: E2e;
  let measureUrl = '';

  beforeAll(async () => {
    e2e = await startE2e();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('the coordinator signs in, enters the scores with a preview, and reads the findings', async () => {
    const { context, page, cspErrors } = await newPage(e2e);
    try {
      await page.goto(`${e2e.base}/login`);
      await shot(page, '01-sign-in');
      await signIn(page, e2e.base, demoEmail('coordinator'));
      await shot(page, '02-organisations');
      await page.getByRole('link', { name: /ปีงบประมาณ พ.ศ. 2566/ }).click();
      await expect.poll(() => page.locator('h1').textContent()).toContain('ภาพรวม');
      await page.getByRole('navigation', { name: 'เมนูของปีงบประมาณ' }).getByRole('link', { name: 'คะแนน', exact: true }).click();
      for (const [i, value] of SCORES.entries()) await page.locator(`#f-indicators-${i + 1}`).fill(value);
      // Preview in place (htmx, under the strict CSP, with the CSRF token in its header): nothing is saved yet.
      const htmx = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/scores') && r.headers()['hx-request'] === 'true' && Boolean(r.headers()['x-csrf-token']));
      await page.getByRole('button', { name: 'ดูผลก่อนบันทึก' }).click();
      await htmx;
      await expect.poll(() => page.locator('#score-result').textContent()).toContain('81.45');
      expect(await page.locator('#score-result').textContent()).toContain('ยังไม่ได้บันทึก');
      await shot(page, '03-scores-preview');
      await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await page.waitForURL(/scores\?done=1/);
      expect(await page.locator('[role=status]').first().textContent()).toContain('บันทึกแล้ว');
      // The dashboard and the analysis read from them.
      await page.goto(`${e2e.base}${YEAR}`);
      expect(await page.locator('.figure').textContent()).toBe('81.45');
      expect(await page.locator('#overall-title + p + p').textContent()).toBe('ไม่ผ่านเกณฑ์');
      const findings = await page.locator('section[aria-labelledby=findings-title]').textContent();
      expect(findings).toContain('ตัวชี้วัดที่ 10');
      await shot(page, '04-dashboard-findings');
      await page.goto(`${e2e.base}${YEAR}/analysis`);
      expect(await page.locator('section[aria-labelledby=generated-title]').textContent()).toContain('OIT');
      await shot(page, '05-analysis');
      expect(cspErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the coordinator adds a measure and records a month of progress with a file', async () => {
    const { context, page, cspErrors } = await newPage(e2e);
    try {
      await signIn(page, e2e.base, demoEmail('coordinator'));
      await page.goto(`${e2e.base}${YEAR}/measures`);
      await page.getByRole('link', { name: 'เพิ่มมาตรการ' }).click();
      await page.getByLabel('ชื่อมาตรการ').fill('เผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือนบนเว็บไซต์');
      await page.getByLabel(/^9\. /).check();
      await page.getByLabel(/^10\. /).check();
      await page.getByLabel('วิธีดำเนินการ (ตามลำดับ)').fill('รวบรวมข้อมูลจากกองคลัง\nตรวจทานโดยหัวหน้าสำนักปลัด\nเผยแพร่ภายในวันที่ 10 ของเดือน');
      await page.getByLabel('ผู้รับผิดชอบลำดับที่ 1: กอง/สำนัก').selectOption({ label: 'กองคลัง' });
      await page.getByLabel('วันเริ่ม').fill('1 ต.ค. 2565');
      await page.getByLabel('วันสิ้นสุด').fill('30/9/2566');
      await shot(page, '06-measure-new');
      await page.getByRole('button', { name: 'เพิ่มมาตรการ' }).click();
      await page.waitForURL(/measures\/[0-9a-f-]{36}\?done=1/);
      measureUrl = page.url().replace(/\?.*$/, '').replace(e2e.base, '');
      expect(await page.locator('h1').textContent()).toContain('เผยแพร่ข้อมูลการจัดซื้อจัดจ้าง');
      // A month's progress with a PDF.
      const pdf = join(ARTIFACTS, 'evidence-minutes.pdf');
      writeFileSync(pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      await page.getByLabel('เดือนที่รายงาน').selectOption('2022-11');
      await page.locator('#f-progress-done').fill('เผยแพร่ประกาศจัดซื้อจัดจ้างเดือนพฤศจิกายนแล้ว 12 รายการ');
      await page.locator('#f-file').setInputFiles(pdf);
      await page.getByRole('button', { name: 'บันทึกความก้าวหน้า' }).click();
      await page.waitForURL(/done=progress/);
      const progress = page.locator('#progress table');
      expect(await progress.textContent()).toContain('เผยแพร่ประกาศจัดซื้อจัดจ้างเดือนพฤศจิกายนแล้ว');
      expect(await progress.getByRole('link', { name: 'evidence-minutes.pdf' }).count()).toBe(1);
      await shot(page, '07-measure-progress');
      // The file comes back as an attachment.
      const [download] = await Promise.all([page.waitForEvent('download'), progress.getByRole('link', { name: 'evidence-minutes.pdf' }).click()]);
      expect(download.suggestedFilename()).toBe('evidence-minutes.pdf');
      // A file that is not what it claims is refused, and nothing is recorded.
      const fake = join(ARTIFACTS, 'not-really.pdf');
      writeFileSync(fake, '<html><body>not a pdf</body></html>');
      await page.locator('#f-progress-done').fill('รายการที่ไม่ควรถูกบันทึก');
      await page.locator('#f-file').setInputFiles(fake);
      await page.getByRole('button', { name: 'บันทึกความก้าวหน้า' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('.error-summary').textContent()).toContain('HTML');
      expect(await page.locator('#progress table').textContent()).not.toContain('รายการที่ไม่ควรถูกบันทึก');
      await shot(page, '08-progress-refused-file');
      expect(cspErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the unit head reports on their unit’s measure and cannot change the plan', async () => {
    const { context, page } = await newPage(e2e, { width: 390, height: 844 });
    try {
      await signIn(page, e2e.base, demoEmail('unit_head'));
      await page.goto(`${e2e.base}${measureUrl}`);
      expect(await page.getByLabel('ชื่อมาตรการ').count()).toBe(0);
      await page.getByLabel('สถานะ', { exact: true }).first().selectOption('in_progress');
      await page.getByLabel('ผลลัพธ์/ความสำเร็จ').fill('เผยแพร่ครบทุกเดือนที่ผ่านมา');
      await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await page.waitForURL(/done=1/);
      expect(await page.locator('[role=status]').first().textContent()).toContain('บันทึกแล้ว');
      await shot(page, '09-unit-head-phone');
    } finally {
      await context.close();
    }
  });

  it('the coordinator asks for approval; the executive reads the documents and approves the plan and the report', async () => {
    const coordinator = await newPage(e2e);
    const executive = await newPage(e2e);
    try {
      const c = coordinator.page;
      await signIn(c, e2e.base, demoEmail('coordinator'));
      await c.goto(`${e2e.base}${YEAR}/approvals`);
      for (const subject of ['measures-plan', 'measures-report']) {
        await c.locator(`section[aria-labelledby="approval-${subject}"]`).getByRole('button', { name: 'ขออนุมัติ' }).click();
        await c.waitForURL(/approvals\?done=1/);
      }
      await shot(c, '10-approvals-requested');
      const x = executive.page;
      await signIn(x, e2e.base, demoEmail('executive'));
      await x.goto(`${e2e.base}${YEAR}/approvals`);
      // The executive reads the report in the browser before deciding.
      await x.locator('section[aria-labelledby="approval-measures-report"]').getByRole('link', { name: 'อ่านเอกสาร' }).click();
      await x.waitForURL(/documents\/measures-report$/);
      const frame = x.frameLocator('iframe.doc-frame');
      await expect.poll(() => frame.locator('body').textContent()).toContain('เผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือน');
      await shot(x, '11-report-preview');
      await x.goto(`${e2e.base}${YEAR}/approvals`);
      for (const subject of ['measures-plan', 'measures-report']) {
        const section = x.locator(`section[aria-labelledby="approval-${subject}"]`);
        await section.getByLabel(/ความเห็นของผู้บริหาร/).fill('เห็นชอบ');
        // The demo's texts have the linter's errors (as the real report has): approving them takes a reason.
        await section.getByLabel(/เหตุผลที่อนุมัติทั้งที่มีข้อผิดพลาด/).fill('ข้อความตามรายงานจริงของหน่วยงาน');
        await section.getByRole('button', { name: 'อนุมัติ', exact: true }).click();
        await x.waitForURL(new RegExp(`done=${subject}`));
        expect(await x.locator(`section[aria-labelledby="approval-${subject}"] .badge`).textContent()).toBe('อนุมัติแล้ว');
      }
      await shot(x, '12-approved');
      expect(coordinator.cspErrors).toEqual([]);
      expect(executive.cspErrors).toEqual([]);
    } finally {
      await coordinator.context.close();
      await executive.context.close();
    }
  });

  it('the coordinator downloads the approved report as PDF and DOCX, with the linter’s warnings shown first', async () => {
    const { context, page } = await newPage(e2e);
    try {
      await signIn(page, e2e.base, demoEmail('coordinator'));
      await page.goto(`${e2e.base}${YEAR}/documents`);
      const report = page.locator('section[aria-labelledby="doc-measures-report"]');
      expect(await report.locator('summary').textContent()).toMatch(/ข้อผิดพลาด \d+ รายการ · คำเตือน \d+ รายการ/);
      await shot(page, '13-documents');
      const [pdf] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: /ดาวน์โหลด PDF/ }).click()]);
      expect(pdf.suggestedFilename()).toBe('huai-thong-2566-measures-report.pdf');
      const pdfPath = join(ARTIFACTS, pdf.suggestedFilename());
      await pdf.saveAs(pdfPath);
      expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
      const [docx] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: /ดาวน์โหลด Word/ }).click()]);
      expect(docx.suggestedFilename()).toBe('huai-thong-2566-measures-report.docx');
      const docxPath = join(ARTIFACTS, docx.suggestedFilename());
      await docx.saveAs(docxPath);
      expect(readFileSync(docxPath).subarray(0, 2).toString()).toBe('PK');
    } finally {
      await context.close();
    }
  });
});
