/**
 * Issue 16, point 7 (first half) in real Chromium: deleting a measure through its confirmation page, the
 * executive's inbox reached from the dashboard, and the audit log in Thai; desktop and phone (390 px)
 * screenshots in test/artifacts/rough-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, signIn as signInApp } from '../src/accounts/accounts.ts';
import { requestApproval } from '../src/approvals/approvals.ts';
import { createMeasure } from '../src/measures/measures.ts';
import { CHROMIUM, NO_CHROMIUM_REASON, newPage, shot, signIn, startE2e, type E2e } from './e2e-support.ts';
import { demoEmail } from './web-support.ts';

const Y = '/staff/o/huai-thong/2566';
const PHONE = { width: 390, height: 844 };

describe.skipIf(!CHROMIUM)(`rough edges in Chromium${CHROMIUM ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let e2e: E2e;
  const as = async (role: 'coordinator' | 'executive') => (await signInApp(e2e.server.t.db, demoEmail(role), DEMO_PASSWORD, new Date())).account.principal;

  beforeAll(async () => {
    e2e = await startE2e();
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('deletes a measure only after its confirmation page, and says ลบแล้ว', async () => {
    const measure = await createMeasure(e2e.server.t.db, await as('coordinator'), { org: 'huai-thong', year: 2566 }, { titleTh: 'มาตรการทดลองที่จะลบ', indicators: [1] });
    for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]] as const) {
      const { context, page } = await newPage(e2e, viewport);
      try {
        await signIn(page, e2e.base, demoEmail('coordinator'));
        await page.goto(`${e2e.base}${Y}/measures/${measure.id}`);
        await page.getByRole('button', { name: 'ลบมาตรการนี้' }).click();
        await page.waitForLoadState('load');
        await expect(page.getByRole('heading', { name: 'ยืนยันการลบ' }).isVisible()).resolves.toBe(true);
        await shot(page, `rough-01-confirm-delete-${name}`);
        if (name === 'desktop') {
          // Cancel changes nothing: the measure is still there.
          await page.getByRole('link', { name: 'ยกเลิก' }).click();
          await page.waitForURL(new RegExp(`/measures/${measure.id}$`));
        } else {
          await page.getByRole('button', { name: 'ยืนยัน ลบ' }).click();
          await page.waitForURL(/measures\?done=deleted/);
          expect(await page.locator('[role=status], .notice').first().textContent()).toContain('ลบแล้ว');
          await shot(page, `rough-02-deleted-${name}`);
        }
      } finally {
        await context.close();
      }
    }
  }, 180_000);

  it('takes the executive from the dashboard to their inbox and to what waits for approval', async () => {
    await requestApproval(e2e.server.t.db, await as('coordinator'), { org: 'huai-thong', year: 2566 }, { subject: 'measures-report', comment: 'ขออนุมัติรายงาน' });
    for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]] as const) {
      const { context, page } = await newPage(e2e, viewport);
      try {
        await signIn(page, e2e.base, demoEmail('executive'));
        await page.goto(`${e2e.base}${Y}`);
        await page.getByRole('link', { name: /กล่องงานของฉัน/ }).click();
        await page.waitForURL(/\/staff\/inbox$/);
        await shot(page, `rough-03-inbox-${name}`);
        if (name === 'phone') {
          await page.getByRole('button', { name: /รออนุมัติ: รายงานผลการดำเนินการ/ }).click();
          await page.waitForURL(/\/approvals$/);
        }
      } finally {
        await context.close();
      }
    }
  }, 180_000);

  it('shows the audit log in Thai', async () => {
    for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]] as const) {
      const { context, page } = await newPage(e2e, viewport);
      try {
        await signIn(page, e2e.base, demoEmail('org_admin'));
        await page.goto(`${e2e.base}/staff/o/huai-thong/audit?entity=measures`);
        const text = (await page.locator('table').textContent()) ?? '';
        expect(text).toContain('ชื่อมาตรการ');
        expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
        await shot(page, `rough-04-audit-${name}`);
      } finally {
        await context.close();
      }
    }
  }, 180_000);
});
