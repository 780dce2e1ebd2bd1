/**
 * Issue 14 in real Chromium, from an empty database: the system administrator sets up their account with the
 * one-time link, creates an อบต. in ขอนแก่น on /staff/system/organisations
 * (the district chosen after the province, without JavaScript's help), adds its units and its coordinator on the
 * set-up page; the coordinator sets a password through the one-time link, sets the ITAS code and opens the QR
 * poster, then opens FY 2570 on the new-year page with FY 2569's scores. Screenshots in test/artifacts/new-org-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, listUnits } from '../src/accounts/accounts.ts';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { listYears } from '../src/app/context.ts';
import { CHROMIUM, NO_CHROMIUM_REASON, newPage, shot, startE2e, type E2e } from './e2e-support.ts';

const ROOT = { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: 'new-organisation-root-password' };
const COORDINATOR = { email: 'ita@nong-ruea.example', nameTh: 'สมใจ ใจดี', password: 'new-organisation-coordinator' };
const SLUG = 'nong-ruea';
const SCORES_2569 = ['93.55', '87.72', '91.01', '87.93', '89.52', '90.55', '88.68', '88.58', '72.89', '65.56'];

describe.skipIf(!CHROMIUM)(`new organisation journey in Chromium${CHROMIUM ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let e2e: E2e;
  let setupLink = '';

  beforeAll(async () => {
    // An empty database: no demo, no account; only the one-time link the console prints on the first start.
    e2e = await startE2e({ demo: false });
    setupLink = (await adminSetupLink(e2e.server.t.db))!;
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('the system administrator creates an อบต. and sets it up; its coordinator sets the ITAS code and opens FY 2570', async () => {
    const admin = await newPage(e2e);
    const coordinator = await newPage(e2e);
    try {
      const a = admin.page;
      // The system administrator sets up their account through the link; that signs them in.
      await a.goto(`${e2e.base}/setup/${setupLink}`);
      await a.locator('input[name="nameTh"]').fill(ROOT.nameTh);
      await a.locator('input[name="email"]').fill(ROOT.email);
      await a.locator('input[name="password"]').fill(ROOT.password);
      await a.locator('input[name="password2"]').fill(ROOT.password);
      await Promise.all([a.waitForURL(/\/staff$/), a.locator('form.card button.primary').click()]);
      await a.goto(`${e2e.base}/staff`);
      await a.getByRole('link', { name: /หน่วยงานในระบบ/ }).click();
      await a.waitForURL(/\/staff\/system\/organisations$/);

      // The form: the province first, then (a second step, no JavaScript needed) its districts.
      await a.getByLabel('ชื่อหน่วยงาน (ภาษาไทย)').fill('องค์การบริหารส่วนตำบลหนองเรือ');
      await a.getByLabel('ประเภทหน่วยงาน').selectOption('sao');
      await a.getByLabel('กลุ่มขนาด').selectOption('M');
      await a.getByLabel('จังหวัด', { exact: true }).selectOption({ label: 'ขอนแก่น' });
      await a.getByLabel('ชื่อย่อในลิงก์').fill(SLUG);
      await a.getByRole('button', { name: /ถัดไป/ }).click();
      await a.waitForLoadState('load');
      await a.getByLabel('อำเภอ', { exact: true }).selectOption({ label: 'หนองเรือ' });
      await shot(a, 'new-org-01-create');
      await a.getByRole('button', { name: 'สร้างหน่วยงาน' }).click();
      await a.waitForURL(new RegExp(`/staff/o/${SLUG}/setup$`));

      // The set-up page: the six units of an อบต. are offered (checked); one more is added by name.
      for (const unit of ['สำนักปลัด', 'กองคลัง', 'กองช่าง']) expect(await a.getByLabel(unit, { exact: true }).isChecked()).toBe(true);
      await a.getByLabel('กอง/สำนักอื่น (ถ้ามี)').fill('หน่วยตรวจสอบภายใน');
      await a.getByRole('button', { name: 'เพิ่มกอง/สำนัก' }).click();
      await a.waitForURL(/setup\?done=units/);
      const units = (await listUnits(e2e.server.t.db, cliPrincipal(cliActor('e2e')), SLUG)).map((u) => u.nameTh);
      expect(units).toEqual(['สำนักปลัด', 'กองคลัง', 'กองช่าง', 'กองการศึกษา ศาสนาและวัฒนธรรม', 'กองสาธารณสุขและสิ่งแวดล้อม', 'กองสวัสดิการสังคม', 'หน่วยตรวจสอบภายใน']);
      expect(await a.locator('section[aria-labelledby=setup-units] .badge').textContent()).toBe('เสร็จแล้ว');

      // The coordinator, with the one-time set-password link shown once.
      await a.getByLabel('อีเมล').fill(COORDINATOR.email);
      await a.getByLabel('ชื่อ-สกุล').fill(COORDINATOR.nameTh);
      await a.getByLabel('บทบาท', { exact: true }).selectOption('coordinator');
      await a.getByRole('button', { name: 'เพิ่มผู้ใช้งาน' }).click();
      await a.waitForLoadState('load');
      const link = ((await a.locator('#set-password-link').textContent()) ?? '').trim();
      expect(link).toMatch(new RegExp(`^${e2e.base}/setup/[A-Za-z0-9_-]{43}$`));
      expect(await a.locator('section[aria-labelledby=setup-people] .badge').textContent()).toBe('เสร็จแล้ว');
      await shot(a, 'new-org-02-setup');

      // The coordinator sets a password and is signed in.
      const c = coordinator.page;
      await c.goto(link);
      await c.getByLabel('รหัสผ่านใหม่').fill(COORDINATOR.password);
      await c.getByLabel('ยืนยันรหัสผ่าน').fill(COORDINATOR.password);
      await Promise.all([c.waitForURL(/\/staff/), c.getByRole('button', { name: 'บันทึก' }).click()]);

      // The ITAS code, then the IIT poster with its QR code.
      await c.goto(`${e2e.base}/staff/o/${SLUG}/itas`);
      await c.getByLabel('รหัส ITAS ของหน่วยงาน').fill('u4gpi2');
      await c.getByRole('button', { name: 'บันทึก' }).click();
      await c.waitForURL(/itas\?done=saved/);
      expect(await c.locator('#itas-link-eit').getAttribute('href')).toBe('https://itas.nacc.go.th/go/eit/u4gpi2');
      await shot(c, 'new-org-03-itas');
      await c.locator('a[href$="/itas/iit/poster"]').click();
      await c.waitForURL(/itas\/iit\/poster$/);
      expect(await c.locator('svg').count()).toBeGreaterThan(0);
      await shot(c, 'new-org-04-poster');

      // FY 2570 on the new-year page, with FY 2569's published scores typed in.
      await c.goto(`${e2e.base}/staff/o/${SLUG}/new-year?year=2570`);
      for (const [i, value] of SCORES_2569.entries()) await c.locator(`#f-previousScores-indicators-${i + 1}`).fill(value);
      await shot(c, 'new-org-05-new-year');
      await c.getByRole('button', { name: /2570/ }).click();
      await c.waitForURL(new RegExp(`/staff/o/${SLUG}/2570$`));
      const years = (await listYears(e2e.server.t.db, cliPrincipal(cliActor('e2e')), SLUG)).map((y) => y.year).sort();
      expect(years).toEqual([2569, 2570]);

      // Every step of the set-up is done now.
      await a.goto(`${e2e.base}/staff/o/${SLUG}/setup`);
      expect(await a.locator('.badge').allTextContents()).toEqual(['เสร็จแล้ว', 'เสร็จแล้ว', 'เสร็จแล้ว', 'เสร็จแล้ว']);
      expect(await a.getByRole('status').first().textContent()).toContain('ตั้งค่าครบทุกขั้นแล้ว');
      await shot(a, 'new-org-06-setup-done');
      expect(admin.cspErrors).toEqual([]);
      expect(coordinator.cspErrors).toEqual([]);
    } finally {
      await admin.context.close();
      await coordinator.context.close();
    }
  }, 300_000);
});
