/**
 * The organisation pages of issue 14 without a browser: /staff/system/organisations (the district step without
 * JavaScript, bad input said in Thai and English that creates nothing, a slug in use) and /staff/o/<slug>/setup
 * (offered units by type, steps done when their data exists, bad input that adds nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, listUnits } from '../src/accounts/accounts.ts';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { listOrganisationDetails } from '../src/organisations/organisations.ts';
import { LANG_COOKIE } from '../src/web/cookies.ts';
import { Client, signedInClient, startServer, type TestServer } from './web-support.ts';

const PASSWORD = 'organisation-pages-password';
const system = cliPrincipal(cliActor('web-organisation-pages'));

describe('organisation pages', () => {
  let s: TestServer;
  let root: Client;

  beforeAll(async () => {
    s = await startServer('pglite');
    await completeAdminSetup(s.t.db, (await adminSetupLink(s.t.db))!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: PASSWORD });
    root = await signedInClient(s.app, 'root@example.org', PASSWORD);
  });
  afterAll(async () => s.close());

  const slugs = async () => (await listOrganisationDetails(s.t.db, system)).map((o) => o.slug).sort();
  const FORM = { nameTh: 'เทศบาลตำบลบ้านฝาง', type: 'tambon_municipality', size: 'S', province: '28', slug: 'ban-fang' };

  it('links the page from /staff and shows the districts of the province chosen, then creates the organisation', async () => {
    expect((await root.get('/staff')).body).toContain('href="/staff/system/organisations"');
    const list = await root.get('/staff/system/organisations');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('huai-thong');
    expect(list.body).not.toContain('name="district"');

    const step = await root.post('/staff/system/organisations', FORM);
    expect(step.statusCode).toBe(200);
    expect(step.body).toContain('name="district"');
    expect(step.body).toMatch(/<option value="\d+"[^>]*>บ้านฝาง<\/option>/);
    expect(await slugs()).toEqual(['huai-thong']);

    const district = /<option value="(\d+)"[^>]*>บ้านฝาง<\/option>/.exec(step.body)![1]!;
    const made = await root.post('/staff/system/organisations', { ...FORM, districtShown: '28', district });
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toBe('/staff/o/ban-fang/setup');
    const [org] = (await listOrganisationDetails(s.t.db, system)).filter((o) => o.slug === 'ban-fang');
    expect(org).toMatchObject({ type: 'tambon_municipality', province: 'ขอนแก่น', district: 'บ้านฝาง', sizeGroup: 'S' });
  });

  it('says what is wrong in Thai or English beside the field, and creates nothing', async () => {
    const cases: [Record<string, string>, string, number, string][] = [
      [{ ...FORM, slug: 'no-type', type: '', districtShown: '28' }, 'type', 400, 'เลือกประเภทหน่วยงาน'],
      [{ ...FORM, slug: 'no-province', province: '' }, 'province', 400, 'เลือกจังหวัด'],
      [{ ...FORM, slug: 'Bad Slug', districtShown: '28' }, 'slug', 400, 'ใช้ไม่ได้'],
      [{ ...FORM, slug: 'bad-size', type: 'pao', districtShown: '28' }, 'size', 400, 'กลุ่มขนาด'],
      [{ ...FORM, districtShown: '28' }, 'slug', 409, 'ban-fang'],
    ];
    for (const [form, field, status, text] of cases) {
      const res = await root.post('/staff/system/organisations', form);
      expect(res.statusCode, field).toBe(status);
      expect(res.body, field).toContain(`id="f-${field}"`);
      expect(res.body, field).toContain('aria-invalid="true"');
      expect(res.body, field).toContain(text);
    }
    root.cookies.set(LANG_COOKIE, 'en');
    const english = await root.post('/staff/system/organisations', { ...FORM, slug: 'no-type', type: '', districtShown: '28' });
    root.cookies.delete(LANG_COOKIE);
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('choose the organisation’s type');
    expect(await slugs()).toEqual(['ban-fang', 'huai-thong']);
  });

  it('offers a municipality’s units, adds the chosen ones and another, and says which steps are done', async () => {
    const page = await root.get('/staff/o/ban-fang/setup');
    expect(page.statusCode).toBe(200);
    for (const unit of ['สำนักปลัด', 'กองคลัง', 'กองช่าง', 'กองการศึกษา ศาสนาและวัฒนธรรม', 'กองสาธารณสุขและสิ่งแวดล้อม', 'กองสวัสดิการสังคม']) expect(page.body).toContain(`value="${unit}"`);
    expect(page.body.match(/ยังไม่ได้ทำ/g)).toHaveLength(4);

    // Nothing chosen: refused, nothing added.
    const none = await root.post('/staff/o/ban-fang/setup/units', {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('เลือกหรือกรอกกอง/สำนักอย่างน้อยหนึ่งแห่ง');
    expect(await listUnits(s.t.db, system, 'ban-fang')).toEqual([]);

    const added = await root.post('/staff/o/ban-fang/setup/units', { units: ['สำนักปลัด', 'กองคลัง'], other: 'หน่วยตรวจสอบภายใน' });
    expect(added.statusCode).toBe(303);
    expect((await listUnits(s.t.db, system, 'ban-fang')).map((u) => u.nameTh)).toEqual(['สำนักปลัด', 'กองคลัง', 'หน่วยตรวจสอบภายใน']);

    // A unit head needs a unit; a bad e-mail is refused; neither adds anyone.
    expect((await root.post('/staff/o/ban-fang/setup/people', { email: 'head@ban-fang.example', role: 'unit_head', unit: '' })).statusCode).toBe(400);
    const badEmail = await root.post('/staff/o/ban-fang/setup/people', { email: 'not-an-email', role: 'coordinator' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.body).toContain('aria-invalid="true"');
    const after = await root.get('/staff/o/ban-fang/setup');
    expect(after.body.match(/ยังไม่ได้ทำ/g)).toHaveLength(3);

    const person = await root.post('/staff/o/ban-fang/setup/people', { email: 'ita@ban-fang.example', nameTh: 'ผู้ประสานงาน', role: 'coordinator', unit: '' });
    expect(person.statusCode).toBe(201);
    expect(person.body).toMatch(/\/setup\/[A-Za-z0-9_-]{43}/);
    expect(person.body.match(/ยังไม่ได้ทำ/g)).toHaveLength(2);
  });
  it('keeps a district the dataset lacks when it is typed (อำเภอกู่เวียง is not in the postal lists)', async () => {
    const made = await root.post('/staff/system/organisations', { nameTh: 'องค์การบริหารส่วนตำบลกู่เวียง', type: 'sao', size: 'M', province: '28', districtShown: '28', district: '', districtOther: 'กู่เวียง', slug: 'ku-wiang' });
    expect(made.statusCode).toBe(303);
    const [org] = (await listOrganisationDetails(s.t.db, system)).filter((o) => o.slug === 'ku-wiang');
    expect(org).toMatchObject({ province: 'ขอนแก่น', district: 'กู่เวียง', districtCode: null });
  });
});
