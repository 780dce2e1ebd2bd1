/**
 * The complaint channel in real Chromium (playwright-core, the system browser as src/documents/core/browser.ts finds
 * it, the project's flags, a fresh profile per context): an officer sets the channel up and gets the recovery
 * sheet; a complainant with no account files a complaint with a photo that carries EXIF, gets the receipt code,
 * follows the case; the officer reads it (the photo comes back without its EXIF and still draws), answers and
 * acknowledges; the complainant reads the answer and replies; the officer closes the case with an outcome; the
 * complainant sees it closed. The complainant's browser never gets a cookie, and the public pages pass axe-core
 * (injected through the debugging protocol, so the strict CSP stays on).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, findChromium } from '../src/documents/core/browser.ts';
import { complaintsAreaWith } from '../src/complaints/routes.tsx';
import { DEMO_PASSWORD } from '../src/accounts/accounts.ts';
import { startServer, type TestServer } from './web-support.ts';

const require = createRequire(import.meta.url);
const CHROMIUM = findChromium();
const PASSPHRASE = 'รหัสผ่านเรื่องร้องเรียนของสุดา 2569';
const TEXT = 'นายช่างโยธาเรียกเงิน 3,000 บาท เพื่อเร่งออกใบอนุญาตก่อสร้างบ้าน E2E-MARKER';
const ANSWER = 'หน่วยงานได้รับเรื่องแล้ว ขอทราบวันที่เกิดเหตุเพิ่มเติม';
const REPLY = 'เกิดเหตุวันที่ 3 มีนาคม ช่วงบ่าย';

/** Clicks something that submits a form or follows a link, and waits for the next page. */
async function go(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), target.click()]);
  await page.waitForLoadState('load');
}

/** The visible text of the first element found. */
async function text(target: Locator): Promise<string> {
  await target.first().waitFor();
  return (await target.first().innerText()).trim();
}

/** Runs axe-core on the page and returns the violations of WCAG 2.1 A/AA (ids and where). */
async function axe(page: Page): Promise<string[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** A JPEG drawn by the browser, with an EXIF segment (GPS and a camera serial) put in after its JFIF header. */
async function photoWithExif(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 48;
    const g = c.getContext('2d') as CanvasRenderingContext2D;
    g.fillStyle = '#2a6';
    g.fillRect(0, 0, 64, 48);
    g.fillStyle = '#fff';
    g.fillRect(10, 10, 20, 20);
    return c.toDataURL('image/jpeg', 0.9);
  });
  const jpeg = Buffer.from(dataUrl.split(',')[1] as string, 'base64');
  const exif = Buffer.from('Exif\0\0MM\0*GPS 13.7563N 100.5018E E2E-CAMERA-SERIAL', 'latin1');
  const segment = Buffer.concat([Buffer.from([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff]), exif]);
  const jfifEnd = 4 + jpeg.readUInt16BE(4);
  return Buffer.concat([jpeg.subarray(0, jfifEnd), segment, jpeg.subarray(jfifEnd)]);
}

describe.skipIf(!CHROMIUM)(`the complaint journey in Chromium${CHROMIUM ? '' : ' (skipped: no Chromium found: install chromium or set PRONGSAI_CHROMIUM)'}`, () => {
  let server: TestServer;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    // The real clock: the form token must age as the person types.
    server = await startServer('pglite', { now: () => new Date(), areas: [complaintsAreaWith({ formToken: { minAgeMs: 1_000, maxAgeMs: 3600_000 } })] });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: [...CHROMIUM_FLAGS] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('files, follows, answers and closes a complaint, end to end', async () => {
    const officerContext = await browser.newContext({ locale: 'th-TH', timezoneId: 'Asia/Bangkok', acceptDownloads: true });
    const complainantContext = await browser.newContext({ locale: 'th-TH', timezoneId: 'Asia/Bangkok' });
    const officer = await officerContext.newPage();
    const complainant = await complainantContext.newPage();

    // The officer signs in and sets the channel up: the recovery sheet is shown once.
    await officer.goto(`${base}/login`);
    await officer.getByLabel('อีเมล').fill('coordinator@huai-thong.demo');
    await officer.getByLabel(/^รหัสผ่าน/).fill(DEMO_PASSWORD);
    await go(officer, officer.getByRole('button', { name: 'ลงชื่อเข้าใช้' }));
    await officer.goto(`${base}/staff/o/huai-thong/complaints`);
    await officer.getByLabel(/^รหัสผ่านสำหรับเรื่องร้องเรียน/).fill(PASSPHRASE);
    await officer.getByLabel('ยืนยันรหัสผ่านสำหรับเรื่องร้องเรียน').fill(PASSPHRASE);
    await go(officer, officer.getByRole('button', { name: 'ตั้งค่าและสร้างแผ่นกู้คืน' }));
    expect(await text(officer.getByRole('heading', { level: 1 }))).toBe('แผ่นกู้คืนกุญแจเรื่องร้องเรียน');
    expect(await text(officer.locator('pre.token'))).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);

    // The complainant files with a photo, without an account.
    await complainant.goto(`${base}/o/huai-thong/complaints`);
    expect(await axe(complainant)).toEqual([]);
    await complainant.getByLabel('การทุจริตและประพฤติมิชอบ').check();
    await complainant.getByLabel('รายละเอียดเรื่อง').fill(TEXT);
    await complainant.getByLabel('แฟ้มแนบ (ถ้ามี)').setInputFiles({ name: 'หลักฐาน.jpg', mimeType: 'image/jpeg', buffer: await photoWithExif(complainant) });
    await complainant.waitForTimeout(1_100);
    await go(complainant, complainant.getByRole('button', { name: 'ส่งเรื่อง' }));
    expect(await text(complainant.getByRole('heading', { level: 1 }))).toBe('ส่งเรื่องเรียบร้อยแล้ว');
    const receipt = await text(complainant.locator('pre.token'));
    expect(receipt).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    expect(await text(complainant.locator('li', { hasText: 'หลักฐาน.jpg' }))).toMatch(/^หลักฐาน\.jpg: ลบข้อมูลแฝงแล้ว \(ข้อมูลกล้อง เวลาและพิกัดที่ถ่ายภาพ/);
    expect(await axe(complainant)).toEqual([]);

    // … and follows it with the code.
    const follow = async () => {
      await complainant.goto(`${base}/complaints/status`);
      await complainant.getByLabel('รหัสรับเรื่อง').fill(receipt.toLowerCase());
      await go(complainant, complainant.getByRole('button', { name: 'ดูสถานะ' }));
      expect(await text(complainant.getByRole('heading', { level: 1 }))).toContain('เรื่องถึง');
    };
    await follow();
    expect(await text(complainant.locator('[data-status]'))).toBe('ได้รับเรื่องแล้ว');
    expect(await axe(complainant)).toEqual([]);

    // The officer opens the case: the text, the photo without EXIF (and still a picture).
    await officer.goto(`${base}/staff/o/huai-thong/complaints`);
    expect(await axe(officer)).toEqual([]);
    await go(officer, officer.locator('a[href^="/staff/o/huai-thong/complaints/"]', { hasText: /^C-/ }).first());
    expect(await text(officer.locator('[data-complaint-text]'))).toContain('E2E-MARKER');
    expect(await axe(officer)).toEqual([]);
    const [download] = await Promise.all([officer.waitForEvent('download'), officer.getByRole('link', { name: 'หลักฐาน.jpg' }).click()]);
    const photo = readFileSync((await download.path()) as string);
    expect(photo.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    expect(photo.toString('latin1')).not.toContain('Exif');
    expect(photo.toString('latin1')).not.toContain('E2E-CAMERA-SERIAL');
    const drawn = await officer.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/jpeg;base64,${b64}`;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, photo.toString('base64'));
    expect(drawn).toEqual([64, 48]);

    // … answers and acknowledges.
    await officer.getByLabel('ข้อความถึงผู้ร้องเรียน').fill(ANSWER);
    await go(officer, officer.getByRole('button', { name: 'ส่งข้อความ' }));
    await officer.getByLabel('สถานะใหม่').selectOption('acknowledged');
    await go(officer, officer.locator('form[action$="/status"]').getByRole('button', { name: 'บันทึก' }));
    expect(await text(officer.locator('.facts [data-status]'))).toBe('ตอบรับเรื่องแล้ว');

    // The complainant reads the answer and replies.
    await follow();
    expect(await text(complainant.locator('[data-status]'))).toBe('ตอบรับเรื่องแล้ว');
    expect(await text(complainant.locator('[data-from="officer"]'))).toContain(ANSWER);
    await complainant.getByLabel('ส่งข้อความถึงเจ้าหน้าที่').fill(REPLY);
    await go(complainant, complainant.getByRole('button', { name: 'ส่งข้อความ' }));
    expect(await text(complainant.getByRole('status'))).toBe('ส่งข้อความแล้ว');
    expect(await text(complainant.locator('[data-from="complainant"]'))).toContain('เข้ารหัส');
    expect(await complainant.content()).not.toContain(REPLY);

    // The officer sees the reply and closes the case.
    await officer.reload();
    expect(await text(officer.locator('[data-kind="from_complainant"]'))).toContain(REPLY);
    await officer.getByLabel('สถานะใหม่').selectOption('closed');
    await officer.getByLabel('ผลการดำเนินการ (เมื่อปิดเรื่อง)').selectOption('substantiated');
    await go(officer, officer.locator('form[action$="/status"]').getByRole('button', { name: 'บันทึก' }));
    expect(await text(officer.locator('.facts [data-status]'))).toBe('ดำเนินการเสร็จสิ้น');

    // The complainant sees it closed, with the outcome, and can no longer reply.
    await follow();
    expect(await text(complainant.locator('[data-status]'))).toBe('ดำเนินการเสร็จสิ้น');
    expect(await complainant.locator('.facts').innerText()).toContain('ตรวจสอบแล้วมีมูล');
    expect(await complainant.getByLabel('ส่งข้อความถึงเจ้าหน้าที่').count()).toBe(0);

    // The complainant's browser holds no cookie of ours.
    expect(await complainantContext.cookies()).toEqual([]);
    await officerContext.close();
    await complainantContext.close();
  }, 120_000);
});
