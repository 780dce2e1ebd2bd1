/**
 * Publishing on the portal, the app layer, on every database backend: who may prepare, approve and withdraw;
 * tenant isolation; nothing public before approval or before its scheduled instant; approved versions frozen
 * (also by the database) and kept at their address after later versions; documents frozen as rendered; results
 * copied at submission; bad input refused with Thai messages and nothing written.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, OwnWork, type Principal } from '../src/app/authz.ts';
import { Conflict, NotFound } from '../src/app/errors.ts';
import {
  approveVersion,
  attachFile,
  discardDraft,
  listPages,
  recallSubmission,
  rejectVersion,
  removeAttachment,
  saveDraft,
  slotView,
  stagedFile,
  submitVersion,
  withdrawVersion,
  yearPublications,
  type SlotRef,
} from '../src/portal/publications.ts';
import { latestOf, loadPortal, lookupVersion, portalOrg, portalState, publicDocuments, publicFile, publicResults, publicYear } from '../src/portal/publications-public.ts';
import { getPortalSettings, setPortalSettings } from '../src/portal/settings.ts';
import { loadYear, saveYear } from '../src/years/years.ts';
import { DocumentBrowser } from '../src/documents/core/index.ts';
import { InputError, InputErrors } from '../src/errors.ts';
import { getCriteria } from '../src/ita/index.ts';
import { DEMO, OTHER, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';
import { htmlText } from './fixtures/documents/helpers.ts';

const browser = new DocumentBrowser();
afterAll(async () => {
  await browser.close();
});

const T0 = new Date('2023-03-15T03:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

const O1: SlotRef = { org: DEMO.org, slot: { kind: 'oit', year: DEMO.year, code: 'O1' } };
const O42: SlotRef = { org: DEMO.org, slot: { kind: 'oit', year: DEMO.year, code: 'O42' } };

/** The Thai messages of a rejected call. */
async function thaiErrors(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof InputErrors) return error.errors.map((e) => e.th);
  if (error instanceof InputError) return [error.th];
  throw new Error(`expected an InputError, got ${String(error)}`);
}

describe.each(backends())('publications (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  let executive: Principal;
  const count = async (sql: string, params: unknown[] = []) => ((await w.t.db.query<{ n: number }>(sql, params))[0] as { n: number }).n;
  const portal = async (now: Date, slug: string = DEMO.org) => {
    const { org } = await portalOrg(w.t.db, slug, now);
    return loadPortal(w.t.db, org, now);
  };

  /** Prepares, submits and approves a version of a slot; returns its number. */
  async function publish(ref: SlotRef, content: Record<string, unknown>, at: Date = T0, publishAt: string | null = null): Promise<number> {
    await saveDraft(w.t.db, coordinator, ref, content, at);
    const submitted = await submitVersion(w.t.db, coordinator, ref, { now: at, browser });
    const approved = await approveVersion(w.t.db, executive, ref, submitted.version, publishAt, at);
    return approved.version;
  }

  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'นางสาวประสาน งานดี');
    executive = principal('executive', w.demo.orgId, null, 'นายกผู้อนุมัติ');
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  it('lets only those who prepare publications prepare them, and only in their own organisation', async () => {
    const ok = ['coordinator', 'org_admin', 'system_admin'] as const;
    for (const role of ok) {
      const p = principal(role, w.demo.orgId);
      const v = await saveDraft(w.t.db, p, O1, { text: `โดย ${role}` }, T0);
      expect(v.status).toBe('draft');
      await discardDraft(w.t.db, p, O1);
    }
    for (const role of ['executive', 'auditor'] as const) {
      await expect(saveDraft(w.t.db, principal(role, w.demo.orgId), O1, { text: 'x' }, T0)).rejects.toBeInstanceOf(Forbidden);
    }
    await expect(saveDraft(w.t.db, principal('unit_head', w.demo.orgId, w.demo.units['กองคลัง']!), O1, { text: 'x' }, T0)).rejects.toBeInstanceOf(Forbidden);
    // Another organisation's coordinator: refused, and cannot even read the demo's drafts.
    const stranger = principal('coordinator', w.other.orgId);
    await expect(saveDraft(w.t.db, stranger, O1, { text: 'x' }, T0)).rejects.toBeInstanceOf(Forbidden);
    await saveDraft(w.t.db, coordinator, O1, { text: 'ร่างของห้วยทอง' }, T0);
    await expect(slotView(w.t.db, stranger, O1, T0)).rejects.toBeInstanceOf(Forbidden);
    await expect(yearPublications(w.t.db, stranger, DEMO, T0)).rejects.toBeInstanceOf(Forbidden);
    // Everyone of the organisation reads the staff view (drafts included).
    const asAuditor = await slotView(w.t.db, principal('auditor', w.demo.orgId), O1, T0);
    expect(asAuditor.open?.content.text).toBe('ร่างของห้วยทอง');
    expect(asAuditor.may).toEqual({ write: false, approve: false });
    expect(await count('SELECT count(*)::int AS n FROM publications')).toBe(1);
  });

  it('lets only an approver who did not prepare the version approve, send back or withdraw it', async () => {
    await saveDraft(w.t.db, coordinator, O1, { text: 'โครงสร้างองค์กร' }, T0);
    const submitted = await submitVersion(w.t.db, coordinator, O1, { now: T0, browser });
    expect(submitted.status).toBe('submitted');
    await expect(approveVersion(w.t.db, coordinator, O1, 1, null, T0)).rejects.toBeInstanceOf(Forbidden);
    await expect(approveVersion(w.t.db, principal('system_admin', null), O1, 1, null, T0)).rejects.toBeInstanceOf(Forbidden);
    await expect(approveVersion(w.t.db, principal('executive', w.other.orgId), O1, 1, null, T0)).rejects.toBeInstanceOf(Forbidden);
    // Someone who is both coordinator and executive prepared a change: they cannot approve it.
    const both: Principal = { personId: '00000000-0000-4000-8000-00000000abcd', nameTh: 'สองบทบาท', roles: [
      { role: 'coordinator', orgId: w.demo.orgId, unitId: null },
      { role: 'executive', orgId: w.demo.orgId, unitId: null },
    ] };
    await recallSubmission(w.t.db, coordinator, O1, T0);
    await saveDraft(w.t.db, both, O1, { text: 'โครงสร้างองค์กร (แก้ไข)', updatedAt: (await slotView(w.t.db, both, O1, T0)).open!.updatedAt }, T0);
    await submitVersion(w.t.db, coordinator, O1, { now: T0, browser });
    const own = await approveVersion(w.t.db, both, O1, 1, null, T0).catch((e: unknown) => e);
    expect(own).toBeInstanceOf(OwnWork);
    expect((await slotView(w.t.db, both, O1, T0)).mayApproveOpen).toBe(false);
    expect((await slotView(w.t.db, executive, O1, T0)).mayApproveOpen).toBe(true);
    const approved = await approveVersion(w.t.db, executive, O1, 1, null, T0);
    expect(approved).toMatchObject({ status: 'approved', state: 'public', decidedBy: 'นายกผู้อนุมัติ', publishAt: T0.toISOString() });
    await expect(withdrawVersion(w.t.db, coordinator, O1, 1, 'ผิดพลาด', later(HOUR))).rejects.toBeInstanceOf(Forbidden);
    const withdrawn = await withdrawVersion(w.t.db, executive, O1, 1, 'เอกสารมีข้อมูลส่วนบุคคล', later(HOUR));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: 'เอกสารมีข้อมูลส่วนบุคคล' });
    // The audit log names who approved.
    const audit = await w.t.db.query<{ actor_label: string; action: string }>("SELECT actor_label, action FROM audit_log WHERE entity = 'publications' ORDER BY id");
    expect(audit.map((a) => a.actor_label)).toContain('นายกผู้อนุมัติ');
  });

  it('sends a submission back with what to change, and the preparer can take a submission back', async () => {
    await saveDraft(w.t.db, coordinator, O1, { text: 'ร่างแรก' }, T0);
    await submitVersion(w.t.db, coordinator, O1, { now: T0, browser });
    expect(await thaiErrors(rejectVersion(w.t.db, executive, O1, 1, '  ', T0))).toEqual(['โปรดระบุสิ่งที่ต้องแก้ไข']);
    const back = await rejectVersion(w.t.db, executive, O1, 1, 'เพิ่มแผนผังโครงสร้าง', T0);
    expect(back).toMatchObject({ status: 'draft', reviewComment: 'เพิ่มแผนผังโครงสร้าง' });
    await expect(rejectVersion(w.t.db, executive, O1, 1, 'อีกครั้ง', T0)).rejects.toBeInstanceOf(Conflict);
    await submitVersion(w.t.db, coordinator, O1, { now: T0, browser });
    await expect(saveDraft(w.t.db, coordinator, O1, { text: 'แก้ระหว่างรอ' }, T0)).rejects.toBeInstanceOf(Conflict);
    expect((await recallSubmission(w.t.db, coordinator, O1, T0)).status).toBe('draft');
  });

  it('shows nothing before approval, nothing scheduled before its instant, and nothing of another organisation', async () => {
    await saveDraft(w.t.db, coordinator, O1, { text: 'ร่างที่ยังไม่อนุมัติ' }, T0);
    expect((await portal(T0)).versions).toEqual([]);
    await submitVersion(w.t.db, coordinator, O1, { now: T0, browser });
    expect((await portal(T0)).versions).toEqual([]);
    expect(() => lookupVersion({ versions: [], withdrawn: [], years: [] } as never, O1.slot, 1)).toThrow(NotFound);

    const at = later(2 * HOUR);
    await w.t.db.query("UPDATE organisations SET updated_at = '2023-01-01T00:00:00Z'");
    await approveVersion(w.t.db, executive, O1, 1, at.toISOString(), T0);
    const before = await portalState(w.t.db, DEMO.org, T0);
    expect(before?.epoch.nextChange).toBe(at.toISOString());
    expect((await portal(later(2 * HOUR - 1))).versions).toEqual([]);
    const early = await portal(later(2 * HOUR - 1));
    expect(() => lookupVersion(early, O1.slot, 1)).toThrow(NotFound);
    const justAfter = await portal(at);
    expect(justAfter.versions.map((v) => [v.slot, v.version, v.content.text])).toEqual([[O1.slot, 1, 'ร่างที่ยังไม่อนุมัติ']]);
    const after = await portalState(w.t.db, DEMO.org, at);
    expect(after?.epoch.key).not.toBe(before?.epoch.key);
    expect(after?.epoch.nextChange).toBeNull();
    expect(after?.epoch.lastModified).toBe(at.toISOString());

    // The other organisation publishes one item and keeps a draft: neither shows on the demo's portal, and its
    // own portal shows only what it approved.
    const otherCoordinator = principal('coordinator', w.other.orgId);
    const otherExecutive = principal('executive', w.other.orgId);
    const otherO1: SlotRef = { org: OTHER.org, slot: { kind: 'oit', year: OTHER.year, code: 'O1' } };
    const otherO2: SlotRef = { org: OTHER.org, slot: { kind: 'oit', year: OTHER.year, code: 'O2' } };
    await saveDraft(w.t.db, otherCoordinator, otherO1, { text: 'โครงสร้างเทศบาลนาคำ' }, T0);
    await submitVersion(w.t.db, otherCoordinator, otherO1, { now: T0, browser });
    await approveVersion(w.t.db, otherExecutive, otherO1, 1, null, T0);
    await saveDraft(w.t.db, otherCoordinator, otherO2, { text: 'ร่างลับของนาคำ' }, T0);
    const demo = await portal(at);
    expect(demo.versions.every((v) => v.content.text !== 'โครงสร้างเทศบาลนาคำ' && v.content.text !== 'ร่างลับของนาคำ')).toBe(true);
    const other = await portal(at, OTHER.org);
    expect(other.versions.map((v) => v.content.text)).toEqual(['โครงสร้างเทศบาลนาคำ']);
    // A version number of the other organisation's draft is not found on its portal either.
    expect(() => lookupVersion(other, otherO2.slot, 1)).toThrow(NotFound);
  });

  it('freezes an approved version: a later edit is a new version and the old one keeps its content and documents', async () => {
    await publish(O42, { text: 'มาตรการปี 2566', documents: [{ kind: 'measures-plan', year: 2566 }] });
    const v1 = (await portal(T0)).versions[0]!;
    const html1 = v1.files.find((f) => f.docKind === 'measures-plan' && f.docFormat === 'html')!;
    expect(v1.files.filter((f) => f.role === 'document').map((f) => f.docFormat)).toEqual(['html', 'pdf', 'docx']);
    const bytes1 = Buffer.from((await publicFile(w.t.db, await portal(T0), html1.sha256)).bytes).toString('utf8');
    const [firstMeasure] = (await loadYear(w.t.db, DEMO.org, DEMO.year)).measures;
    expect(htmlText(bytes1)).toContain(firstMeasure!.titleTh);

    // The database itself refuses to change an approved version or its files.
    await expect(w.t.db.query("UPDATE publications SET content = '{}'::jsonb WHERE version = 1")).rejects.toThrow(/frozen/);
    await expect(w.t.db.query("UPDATE publications SET status = 'draft' WHERE version = 1")).rejects.toThrow(/approved/);
    await expect(w.t.db.query('DELETE FROM publication_files')).rejects.toThrow(/frozen/);

    // The year's data changes; version 2 renders the new data, version 1 keeps the old.
    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    await saveYear(w.t.db, { id: null, label: 'ผู้ทดสอบ' }, { ...year, measures: year.measures.map((m, i) => (i === 0 ? { ...m, titleTh: 'มาตรการที่เปลี่ยนชื่อแล้ว' } : m)) });
    const draft = await saveDraft(w.t.db, coordinator, O42, { text: 'มาตรการปี 2566 (ปรับปรุง)', documents: [{ kind: 'measures-plan', year: 2566 }] }, later(HOUR));
    expect(draft).toMatchObject({ version: 2, supersedesVersion: 1, status: 'draft' });
    await submitVersion(w.t.db, coordinator, O42, { now: later(HOUR), browser });
    await approveVersion(w.t.db, executive, O42, 2, null, later(HOUR));

    const data = await portal(later(HOUR));
    const old = lookupVersion(data, O42.slot, 1);
    const now = lookupVersion(data, O42.slot, null);
    expect(old.kind === 'ok' && old.version.content.text).toBe('มาตรการปี 2566');
    expect(now.kind === 'ok' && [now.version.version, now.version.content.text]).toEqual([2, 'มาตรการปี 2566 (ปรับปรุง)']);
    const oldHtml = old.kind === 'ok' ? old.version.files.find((f) => f.docFormat === 'html')! : null;
    expect(oldHtml?.sha256).toBe(html1.sha256);
    const newHtml = now.kind === 'ok' ? now.version.files.find((f) => f.docFormat === 'html')! : null;
    expect(newHtml?.sha256).not.toBe(html1.sha256);
    expect(htmlText(Buffer.from((await publicFile(w.t.db, data, newHtml!.sha256)).bytes).toString('utf8'))).toContain('มาตรการที่เปลี่ยนชื่อแล้ว');
    expect(htmlText(Buffer.from((await publicFile(w.t.db, data, html1.sha256)).bytes).toString('utf8'))).not.toContain('มาตรการที่เปลี่ยนชื่อแล้ว');
    // The documents page shows the newest version's documents only.
    expect(publicDocuments(data).map((d) => [d.version, d.docKind, d.files.length])).toEqual([[2, 'measures-plan', 3]]);

    // Withdrawing version 2: the latest falls back to version 1, and version 2's address says it was withdrawn.
    await withdrawVersion(w.t.db, executive, O42, 2, 'พบข้อผิดพลาดในตาราง', later(2 * HOUR));
    const after = await portal(later(2 * HOUR));
    expect(latestOf(after, O42.slot)?.version).toBe(1);
    const gone = lookupVersion(after, O42.slot, 2);
    expect(gone.kind).toBe('gone');
    expect(gone.version.withdrawnReason).toBe('พบข้อผิดพลาดในตาราง');
    // Its document is no longer served.
    await expect(publicFile(w.t.db, after, newHtml!.sha256)).rejects.toBeInstanceOf(NotFound);
  });

  it('copies attachments into the next version, checks files by their content, and lists them', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2565\n');
    const o21: SlotRef = { org: DEMO.org, slot: { kind: 'oit', year: DEMO.year, code: 'O21' } };
    const v = await attachFile(w.t.db, coordinator, o21, { filename: 'C:\\เอกสาร\\สขร1-ต.ค.65.pdf', bytes: pdf }, { labelTh: 'สรุปผล ต.ค. 65', period: { start: '2022-10-01', end: '2022-10-31' } }, T0);
    expect(v.files.map((f) => [f.seq, f.filename, f.mediaType, f.labelTh, f.period])).toEqual([
      [1, 'สขร1-ต.ค.65.pdf', 'application/pdf', 'สรุปผล ต.ค. 65', { start: '2022-10-01', end: '2022-10-31' }],
    ]);
    expect(await thaiErrors(attachFile(w.t.db, coordinator, o21, { filename: 'virus.exe', bytes: Buffer.from('MZ\x90\x00') }, {}, T0))).toEqual([
      expect.stringContaining('จึงรับไม่ได้'),
    ]);
    expect(await thaiErrors(attachFile(w.t.db, coordinator, o21, { filename: 'fake.pdf', bytes: Buffer.from('<html><script>x</script>') }, {}, T0))).toEqual([
      expect.stringContaining('หน้าเว็บ HTML'),
    ]);
    await submitVersion(w.t.db, coordinator, o21, { now: T0, browser });
    await approveVersion(w.t.db, executive, o21, 1, null, T0);
    const next = await attachFile(w.t.db, coordinator, o21, { filename: 'พ.ย.65.pdf', bytes: Buffer.from('%PDF-1.4\nพฤศจิกายน') }, { period: { start: '2022-11-01', end: '2022-11-30' } }, later(HOUR));
    expect(next.version).toBe(2);
    expect(next.files.map((f) => f.filename)).toEqual(['สขร1-ต.ค.65.pdf', 'พ.ย.65.pdf']);
    const removed = await removeAttachment(w.t.db, coordinator, o21, 1, next.updatedAt, later(HOUR));
    expect(removed.files.map((f) => f.filename)).toEqual(['พ.ย.65.pdf']);
    // Version 1 still has its file.
    const data = await portal(later(HOUR));
    expect(latestOf(data, o21.slot)?.files.map((f) => f.filename)).toEqual(['สขร1-ต.ค.65.pdf']);
    const file = await publicFile(w.t.db, data, latestOf(data, o21.slot)!.files[0]!.sha256);
    expect(Buffer.from(file.bytes).equals(pdf)).toBe(true);
  });

  it('refuses bad input with Thai messages and writes nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM publications');
    expect(await thaiErrors(saveDraft(w.t.db, coordinator, O1, { links: [{ label: 'x', url: 'javascript:alert(1)' }] }, T0))).toEqual([
      'ลิงก์ ลำดับที่ 1 ที่อยู่ลิงก์: ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// หรือเป็นที่อยู่ในเว็บไซต์นี้ซึ่งขึ้นต้นด้วยเครื่องหมายทับ',
    ]);
    expect(await thaiErrors(saveDraft(w.t.db, coordinator, O1, { signerName: 'นายก' }, T0))).toEqual([expect.stringContaining('ใช้กับรายการประเภทนี้ไม่ได้')]);
    expect(await thaiErrors(saveDraft(w.t.db, coordinator, O1, { documents: [{ kind: 'analysis', year: 2599 }] }, T0))).toEqual([expect.stringContaining('ไม่มีข้อมูลปีงบประมาณ 2599')]);
    expect(await thaiErrors(saveDraft(w.t.db, coordinator, O1, { links: [{ label: 'ต.ค.', url: 'https://x.go.th', period: { start: '2022-10-31', end: '2022-10-01' } }] }, T0))).toEqual([
      expect.stringContaining('วันสิ้นสุดอยู่ก่อนวันเริ่ม'),
    ]);
    await expect(saveDraft(w.t.db, coordinator, { org: DEMO.org, slot: { kind: 'oit', year: DEMO.year, code: 'O99' } }, { text: 'x' }, T0)).rejects.toBeInstanceOf(NotFound);
    await expect(saveDraft(w.t.db, coordinator, { org: DEMO.org, slot: { kind: 'oit', year: 2599, code: 'O1' } }, { text: 'x' }, T0)).rejects.toBeInstanceOf(NotFound);
    await expect(stagedFile(w.t.db, coordinator, DEMO.org, '-'.repeat(36), 1)).rejects.toBeInstanceOf(NotFound);
    expect(await count('SELECT count(*)::int AS n FROM publications')).toBe(before);
    // Nothing to publish: refused at submission; a draft with nothing stays a draft.
    await saveDraft(w.t.db, coordinator, O1, { text: '' }, T0);
    expect(await thaiErrors(submitVersion(w.t.db, coordinator, O1, { now: T0, browser }))).toEqual([expect.stringContaining('ยังไม่มีสิ่งที่จะเผยแพร่')]);
    // A schedule in the past, or too far ahead.
    await saveDraft(w.t.db, coordinator, O1, { text: 'โครงสร้าง', updatedAt: (await slotView(w.t.db, coordinator, O1, T0)).open!.updatedAt }, T0);
    await submitVersion(w.t.db, coordinator, O1, { now: T0, browser });
    expect(await thaiErrors(approveVersion(w.t.db, executive, O1, 1, '2023-01-01T00:00+07:00', T0))).toEqual([expect.stringContaining('ต้องไม่ย้อนหลัง')]);
    expect(await thaiErrors(approveVersion(w.t.db, executive, O1, 1, '2030-01-01T00:00+07:00', T0))).toEqual([expect.stringContaining('ไม่เกิน 366 วัน')]);
    expect(await thaiErrors(approveVersion(w.t.db, executive, O1, 1, 'พรุ่งนี้', T0))).toEqual([expect.stringContaining('อ่านไม่ได้')]);
    expect((await slotView(w.t.db, coordinator, O1, T0)).open?.status).toBe('submitted');
  });

  it('refuses a change made on a stale draft', async () => {
    const first = await saveDraft(w.t.db, coordinator, O1, { text: 'หนึ่ง' }, T0);
    await saveDraft(w.t.db, coordinator, O1, { text: 'สอง', updatedAt: first.updatedAt }, T0);
    const stale = await saveDraft(w.t.db, coordinator, O1, { text: 'สาม', updatedAt: first.updatedAt }, T0).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(Conflict);
    // A form made when there was no draft, sent after someone else created one.
    expect(await saveDraft(w.t.db, coordinator, O1, { text: 'สี่', updatedAt: null }, T0).catch((e: unknown) => e)).toBeInstanceOf(Conflict);
    expect((await slotView(w.t.db, coordinator, O1, T0)).open?.content.text).toBe('สอง');
  });

  it('publishes the results as they were at submission, and refuses results without a score', async () => {
    const results: SlotRef = { org: DEMO.org, slot: { kind: 'results', year: DEMO.year } };
    await saveDraft(w.t.db, coordinator, results, { text: 'ผลการประเมินปี 2566' }, T0);
    expect(await thaiErrors(submitVersion(w.t.db, coordinator, results, { now: T0, browser }))).toEqual([expect.stringContaining('ยังไม่มีคะแนนครบทุกตัวชี้วัด')]);
    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    const scores = { 1: 93.55, 2: 87.72, 3: 91.01, 4: 87.93, 5: 89.52, 6: 90.55, 7: 88.68, 8: 88.58, 9: 72.89, 10: 65.56 };
    await saveYear(w.t.db, { id: null, label: 'ผู้ทดสอบ' }, { ...year, scores: { ...year.scores, indicators: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v])) } });
    await submitVersion(w.t.db, coordinator, results, { now: T0, browser });
    await approveVersion(w.t.db, executive, results, 1, null, T0);
    // Later changes of the scores do not change what was published.
    await saveYear(w.t.db, { id: null, label: 'ผู้ทดสอบ' }, { ...year, scores: { ...year.scores, indicators: { ...year.scores.indicators, 1: 10 } } });
    const [r] = publicResults(await portal(T0));
    expect(r?.snapshot).toMatchObject({ year: 2566, criteriaYear: 2566, passMark: 85, indicators: { '1': 93.55, '10': 65.56 } });
    // 0.3 × IIT + 0.3 × EIT + 0.4 × OIT of the figures above (the ตราด 2564 case): 81.45
    expect(r?.snapshot.overall).toBe(81.45);
    expect(r?.snapshot.pass).toBe(false);
  });

  it('gives the staff overview of every item of the year, and lists pages', async () => {
    await publish(O1, { text: 'โครงสร้าง' });
    await saveDraft(w.t.db, coordinator, O42, { text: 'มาตรการ' }, T0);
    const page: SlotRef = { org: DEMO.org, slot: { kind: 'page', page: 'about' } };
    await publish(page, { titleTh: 'เกี่ยวกับเรา', text: 'องค์การบริหารส่วนตำบลห้วยทอง' });
    const y = await yearPublications(w.t.db, coordinator, DEMO, T0);
    expect(y.items.map((i) => i.item.code)).toEqual(getCriteria(2566).oitItems.map((i) => i.code));
    const o1 = y.items.find((i) => i.item.code === 'O1')!;
    expect(o1.current?.version).toBe(1);
    expect(y.items.find((i) => i.item.code === 'O42')!.open?.status).toBe('draft');
    // A new OIT item's draft starts with the documents its kind asks for.
    const suggestion = await slotView(w.t.db, coordinator, O42, T0);
    expect(suggestion.startingContent.documents).toEqual([
      { kind: 'measures-plan', year: 2566 },
      { kind: 'analysis', year: 2566 },
    ]);
    const pages = await listPages(w.t.db, coordinator, DEMO.org, T0);
    expect(pages.pages.map((p) => [p.titleTh, p.current?.version])).toEqual([['เกี่ยวกับเรา', 1]]);
    const data = await portal(T0);
    expect(publicYear(data, 2566).items.filter((i) => i.latest).map((i) => i.item.code)).toEqual(['O1']);
    expect(() => publicYear(data, 2565)).toThrow(NotFound);
  });

  it('keeps portal settings for the organisation administrator only', async () => {
    const admin = principal('org_admin', w.demo.orgId);
    await expect(setPortalSettings(w.t.db, coordinator, DEMO.org, { contactEmail: 'ita@huaithong.go.th' })).rejects.toBeInstanceOf(Forbidden);
    expect(await thaiErrors(setPortalSettings(w.t.db, admin, DEMO.org, { contactEmail: 'not-an-email' }))).toEqual([expect.stringContaining('อีเมลไม่ถูกต้อง')]);
    await setPortalSettings(w.t.db, admin, DEMO.org, { contactEmail: ' ITA@HuaiThong.go.th ', maintainerTh: 'สำนักปลัด', licenseId: 'Open Data Common' });
    expect(await getPortalSettings(w.t.db, coordinator, DEMO.org)).toMatchObject({ contactEmail: 'ita@huaithong.go.th', maintainerTh: 'สำนักปลัด' });
    const state = await portalState(w.t.db, DEMO.org, T0);
    expect(state?.org.settings.contactEmail).toBe('ita@huaithong.go.th');
  });

  it('deletes an organisation with its published versions (the freeze does not block the cascade)', async () => {
    await publish(O1, { text: 'โครงสร้าง' });
    await attachFile(w.t.db, coordinator, O1, { filename: 'a.pdf', bytes: Buffer.from('%PDF-1.4 a') }, {}, T0);
    await w.t.db.query('DELETE FROM organisations WHERE id = $1', [w.demo.orgId]);
    expect(await count('SELECT count(*)::int AS n FROM publications WHERE org_id = $1', [w.demo.orgId])).toBe(0);
  });
});
