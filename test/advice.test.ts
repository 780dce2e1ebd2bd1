/**
 * Advice from supervisors (issue 18, point 2): a supervisor of a district office above อบต.ห้วยทอง advises on its
 * year (form and API); the coordinator sees it on the dashboard, on the advice page and in the inbox (as do the
 * administrator and the executive, not the unit head nor the auditor), and replies; the supervisor finds the
 * reply in their inbox and on the page. A supervisor of a sibling office is refused, the organisation's staff
 * cannot advise, a supervisor cannot reply, and bad input (empty, too long, unknown indicator) is refused in Thai
 * and English with nothing written. Advice on a closed year is allowed. Every write is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, hashPassword, signIn } from '../src/accounts/accounts.ts';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal, Forbidden, type Principal } from '../src/app/authz.ts';
import { giveAdvice, listAdvice, replyToAdvice } from '../src/advice/service.ts';
import { listInbox } from '../src/inbox/service.ts';
import { createOrganisation } from '../src/organisations/organisations.ts';
import { moveOrganisation } from '../src/organisations/tree.ts';
import { InputError, InputErrors } from '../src/errors.ts';
import { date } from '../src/web/view.tsx';
import { backends } from './helpers/db.ts';
import { demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const system = cliPrincipal(cliActor('advice test'));
const PASSWORD = 'advice-test-password';
const REF = { org: 'huai-thong', year: 2570 };
const PAGE = '/staff/o/huai-thong/2570/advice';
const API = '/api/v1/orgs/huai-thong/years/2570/advice';

const OFFICES = [
  { slug: 'khon-kaen-office', nameTh: 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น', type: 'provincial_local_office', province: 'ขอนแก่น' },
  { slug: 'phon-office', nameTh: 'ท้องถิ่นอำเภอพล', type: 'district_local_office', province: 'ขอนแก่น', district: 'พล', parent: 'khon-kaen-office' },
  { slug: 'nam-phong-office', nameTh: 'ท้องถิ่นอำเภอน้ำพอง', type: 'district_local_office', province: 'ขอนแก่น', district: 'น้ำพอง', parent: 'khon-kaen-office' },
];

describe.each(backends())('advice from supervisors on %s', (backend) => {
  let s: TestServer;
  let supervisor: Principal;
  let sibling: Principal;
  const principalOf = async (email: string, password = DEMO_PASSWORD) => (await signIn(s.t.db, email, password)).account.principal;
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);
  const count = async (table: string) => (await s.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
  const inboxTitles = async (who: Principal) => (await listInbox(s.t.db, who)).map((i) => i.titleTh);

  /** A supervisor (a person of the office, role 'supervisor' on it), inserted directly. */
  async function addSupervisor(office: string, email: string, nameTh: string): Promise<Principal> {
    const [org] = await s.t.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [office]);
    const [person] = await s.t.db.query<{ id: string }>(
      'INSERT INTO people (org_id, name_th, email, password_hash, password_changed_at) VALUES ($1, $2, $3, $4, now()) RETURNING id',
      [org!.id, nameTh, email, await hashPassword(PASSWORD)],
    );
    await s.t.db.query(`INSERT INTO roles (person_id, org_id, role) VALUES ($1, $2, 'supervisor')`, [person!.id, org!.id]);
    return principalOf(email, PASSWORD);
  }

  beforeAll(async () => {
    s = await startServer(backend);
    for (const o of OFFICES) await createOrganisation(s.t.db, system, o);
    await moveOrganisation(s.t.db, system, 'huai-thong', { parent: 'phon-office' });
    supervisor = await addSupervisor('phon-office', 'clinic@phon.example', 'นางสาวคลินิก ไอทีเอ');
    sibling = await addSupervisor('nam-phong-office', 'clinic@nam-phong.example', 'นายข้างเคียง ไม่เกี่ยว');
  }, 120_000);
  afterAll(async () => s?.close());

  it('a supervisor advises through the form; the coordinator sees it on the dashboard, the page and the inbox, and replies; the supervisor sees the reply', async () => {
    const clinic = await signedInClient(s.app, 'clinic@phon.example', PASSWORD);
    expect((await clinic.get(PAGE)).statusCode).toBe(200);
    // Before any advice the supervisor's dashboard offers to give some; the organisation's shows no section.
    expect((await clinic.get('/staff/o/huai-thong/2570')).body).toContain('ให้คำแนะนำ และดูการตอบกลับ');
    const sent = await clinic.post(PAGE, { text: 'ควรเผยแพร่ข้อมูล OIT ให้ครบทุกข้อก่อนสิ้นเดือนมีนาคม', indicators: ['9', '10'] });
    expect(sent.statusCode).toBe(303);
    const [advice] = await listAdvice(s.t.db, supervisor, REF);
    expect(advice).toMatchObject({ officeNameTh: 'ท้องถิ่นอำเภอพล', authorNameTh: 'นางสาวคลินิก ไอทีเอ', indicators: [9, 10], replies: [] });

    const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    expect((await coordinator.get('/staff/o/huai-thong/2566')).body).not.toContain('คำแนะนำจากหน่วยงานกำกับดูแล');
    const dashboard = (await coordinator.get('/staff/o/huai-thong/2570')).body;
    expect(dashboard).toContain('คำแนะนำจากหน่วยงานกำกับดูแล');
    expect(dashboard).toContain('ควรเผยแพร่ข้อมูล OIT ให้ครบทุกข้อก่อนสิ้นเดือนมีนาคม');
    expect(dashboard).toContain(`ท้องถิ่นอำเภอพล · นางสาวคลินิก ไอทีเอ · ${date('th', advice!.createdAt, 'long')}`);
    expect(date('th', advice!.createdAt, 'long')).toContain(String(new Date(advice!.createdAt).getFullYear() + 543));
    expect((await coordinator.get(PAGE)).body).toContain('ตอบกลับคำแนะนำนี้');
    const inbox = (await coordinator.get('/staff/inbox')).body;
    expect(inbox).toContain('คำแนะนำจากท้องถิ่นอำเภอพล ปีงบประมาณ 2570');

    // Those who reply get the item; the unit head and the auditor do not.
    for (const role of ['org_admin', 'executive'] as const) expect(await inboxTitles(await principalOf(demoEmail(role)))).toContain('คำแนะนำจากท้องถิ่นอำเภอพล ปีงบประมาณ 2570 (นางสาวคลินิก ไอทีเอ)');
    for (const role of ['unit_head', 'auditor'] as const) expect(await inboxTitles(await principalOf(demoEmail(role)))).toEqual([]);

    const replied = await coordinator.post(`${PAGE}/${advice!.id}/replies`, { text: 'รับทราบ จะเผยแพร่ให้ครบภายในเดือนมีนาคม' });
    expect(replied.statusCode).toBe(303);
    const clinicInbox = (await clinic.get('/staff/inbox')).body;
    expect(clinicInbox).toContain('ตอบคำแนะนำ ปีงบประมาณ 2570');
    expect((await clinic.get(PAGE)).body).toContain('รับทราบ จะเผยแพร่ให้ครบภายในเดือนมีนาคม');
    // The organisation's item is done once replied.
    expect((await listInbox(s.t.db, await principalOf(demoEmail('executive'))))[0]).toMatchObject({ kind: 'advice', doneAt: expect.any(String) });

    // Audited: the advice under the organisation, on behalf of the supervisor; the reply on behalf of the coordinator.
    const audit = await s.t.db.query<{ entity: string; actor_label: string; slug: string }>(
      `SELECT l.entity, l.actor_label, o.slug FROM audit_log l JOIN organisations o ON o.id = l.org_id WHERE l.entity IN ('advice', 'advice_replies') ORDER BY l.entity`,
    );
    expect(audit).toEqual([
      { entity: 'advice', actor_label: 'นางสาวคลินิก ไอทีเอ', slug: 'huai-thong' },
      { entity: 'advice_replies', actor_label: expect.any(String), slug: 'huai-thong' },
    ]);
  });

  it('the API lists the advice newest first with replies, takes new advice and a reply', async () => {
    const clinic = await signedInClient(s.app, 'clinic@phon.example', PASSWORD);
    const made = await clinic.json('POST', API, { text: 'ตัวชี้วัดที่ 2 ควรมีมาตรการเพิ่ม', indicators: [2] });
    expect(made.statusCode).toBe(201);
    const id = made.json<{ id: string }>().id;
    const executive = await signedInClient(s.app, demoEmail('executive'));
    const reply = await executive.json('POST', `${API}/${id}/replies`, { text: 'มอบหมายกองคลังดำเนินการ' });
    expect(reply.statusCode).toBe(201);
    const list = (await executive.json('GET', API)).json<{ advice: { id: string; text: string; replies: { text: string }[] }[] }>().advice;
    expect(list.map((a) => a.text)).toEqual(['ตัวชี้วัดที่ 2 ควรมีมาตรการเพิ่ม', 'ควรเผยแพร่ข้อมูล OIT ให้ครบทุกข้อก่อนสิ้นเดือนมีนาคม']);
    expect(list[0]!.replies.map((r) => r.text)).toEqual(['มอบหมายกองคลังดำเนินการ']);
  });

  it('refuses a supervisor of a sibling office, the organisation’s staff writing advice, and a supervisor replying', async () => {
    const before = await count('advice');
    expect(await refusal(giveAdvice(s.t.db, sibling, REF, { text: 'คำแนะนำจากข้างเคียง' }))).toBeInstanceOf(Forbidden);
    expect(await refusal(listAdvice(s.t.db, sibling, REF))).toBeInstanceOf(Forbidden);
    const other = await signedInClient(s.app, 'clinic@nam-phong.example', PASSWORD);
    expect((await other.get(PAGE)).statusCode).toBe(403);
    expect((await other.json('POST', API, { text: 'คำแนะนำจากข้างเคียง' })).statusCode).toBe(403);
    for (const role of ['coordinator', 'org_admin', 'executive', 'unit_head', 'auditor'] as const) {
      expect(await refusal(giveAdvice(s.t.db, await principalOf(demoEmail(role)), REF, { text: 'เขียนเอง' }))).toBeInstanceOf(Forbidden);
    }
    const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    expect((await coordinator.post(PAGE, { text: 'เขียนเอง' })).statusCode).toBe(403);
    const [advice] = await listAdvice(s.t.db, supervisor, REF);
    expect(await refusal(replyToAdvice(s.t.db, supervisor, REF, advice!.id, { text: 'ตอบเอง' }))).toBeInstanceOf(Forbidden);
    expect(await count('advice')).toBe(before);
  });

  it('refuses empty, too long text and unknown indicators in Thai and English, writing nothing', async () => {
    const before = { advice: await count('advice'), replies: await count('advice_replies'), inbox: await count('inbox_items') };
    const empty = await refusal(giveAdvice(s.t.db, supervisor, REF, { text: '   ' }));
    expect(empty).toBeInstanceOf(InputError);
    expect(empty).toMatchObject({ field: 'text', th: 'โปรดเขียนข้อความ', en: 'please write the text' });
    const long = await refusal(giveAdvice(s.t.db, supervisor, REF, { text: 'ก'.repeat(4001) }));
    expect(long).toMatchObject({ field: 'text', th: expect.stringContaining('ไม่เกิน 4,000 ตัวอักษร'), en: expect.stringContaining('at most 4,000 characters') });
    const unknown = await refusal(giveAdvice(s.t.db, supervisor, REF, { text: 'ดี', indicators: [3, 11] }));
    expect(unknown).toMatchObject({ field: 'indicators', th: 'ไม่มีตัวชี้วัดที่ "11" (ตัวชี้วัดมีที่ 1 ถึง 10)', en: 'there is no indicator "11" (the indicators are 1 to 10)' });
    const both = await refusal(giveAdvice(s.t.db, supervisor, REF, { text: '', indicators: ['x'] }));
    expect(both).toBeInstanceOf(InputErrors);
    expect((both as InputErrors).errors.map((e) => e.field)).toEqual(['text', 'indicators']);
    const [advice] = await listAdvice(s.t.db, supervisor, REF);
    const coordinator = await principalOf(demoEmail('coordinator'));
    expect(await refusal(replyToAdvice(s.t.db, coordinator, REF, advice!.id, { text: '' }))).toMatchObject({ field: 'text', en: 'please write the text' });
    expect(await refusal(replyToAdvice(s.t.db, coordinator, REF, '00000000-0000-4000-8000-000000000000', { text: 'ตอบ' }))).toMatchObject({ field: 'adviceId', en: expect.stringContaining('no advice') });

    // Through the form and the API: 400, the texts shown, nothing written.
    const clinic = await signedInClient(s.app, 'clinic@phon.example', PASSWORD);
    const form = await clinic.post(PAGE, { text: '', indicators: ['12'] });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('โปรดเขียนข้อความ');
    expect(form.body).toContain('ไม่มีตัวชี้วัดที่ &quot;12&quot;');
    const api = await clinic.json('POST', API, { text: 'ก'.repeat(4001) });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ error: { field: 'text', th: expect.stringContaining('4,000'), en: expect.stringContaining('4,000') } });

    expect({ advice: await count('advice'), replies: await count('advice_replies'), inbox: await count('inbox_items') }).toEqual(before);
    // 4,000 characters is the most, and allowed.
    expect((await giveAdvice(s.t.db, supervisor, REF, { text: 'ก'.repeat(4000) })).text).toHaveLength(4000);
  });

  it('allows advice on a closed year: clinics review results', async () => {
    await s.t.db.query(`UPDATE fiscal_years SET status = 'closed' WHERE year = 2569 AND org_id = (SELECT id FROM organisations WHERE slug = 'huai-thong')`);
    const made = await giveAdvice(s.t.db, supervisor, { org: 'huai-thong', year: 2569 }, { text: 'ผลปี 2569: OIT ต่ำสุด ควรวางมาตรการปีถัดไป', indicators: ['9'] });
    expect(made.indicators).toEqual([9]);
    expect((await listAdvice(s.t.db, await principalOf(demoEmail('auditor')), { org: 'huai-thong', year: 2569 })).map((a) => a.id)).toEqual([made.id]);
  });
});
