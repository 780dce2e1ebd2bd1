/**
 * The agency's own IIT/EIT surveys (issue 19): data and use cases (src/surveys/service.ts), on both databases.
 * Creating from the year's catalogue, publishing, answering (open, draft, closed, not yet open), the IIT one-time
 * codes (used once, kept only as hashes, never linked to a response), what a response row holds, the export, backup
 * and restore, the demo's survey, and the CLI contract `prongsai survey results --org S --year Y --json`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal, Forbidden, type Principal } from '../src/app/authz.ts';
import { NotFound } from '../src/app/errors.ts';
import { backup, restore } from '../src/db/backup.ts';
import { DEMO_SURVEY_ANSWERS, DEMO_SURVEY_TITLE } from '../src/demo/demo-survey.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { DEMO_CURRENT_YEAR, DEMO_SLUG } from '../src/demo/huai-thong.ts';
import { InputError, InputErrors } from '../src/errors.ts';
import { getCriteria } from '../src/ita/index.ts';
import { answerTable, exportAnswers } from '../src/surveys/export.ts';
import { encodeAnswers, snapshotOf } from '../src/surveys/model.ts';
import {
  addPoint,
  CODE_ALPHABET,
  closeSurvey,
  createSurvey,
  generateCodes,
  listSurveys,
  publishSurvey,
  removePoint,
  submitResponse,
  surveyOfLink,
  surveyResponses,
  surveyResultsOf,
  updateSurvey,
  type Survey,
} from '../src/surveys/service.ts';
import { principal } from './app-fixtures.ts';
import { runCli } from './helpers/cli.ts';
import { backends, testDb, type Backend, type TestDb } from './helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'prongsai-surveys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demo's FY 2569 is under the 2569 criteria. */
const REF = { org: DEMO_SLUG, year: 2569 } as const;
const PERIOD = { opensOn: '2026-03-01', closesOn: '2026-06-30' } as const;
/** 12:00 in Bangkok on a day within PERIOD. */
const DURING = new Date('2026-04-15T05:00:00Z');
const EIT_2569 = getCriteria(2569).questions.filter((q) => q.tool === 'EIT');
const EIT_ITEMS = EIT_2569.flatMap((q) => q.items.map((i) => i.code));

/** A full EIT form: every four-level item "3" (the 3rd option), every yes/no item "2" (N). */
const eitForm = (): Record<string, string> =>
  Object.fromEntries(EIT_2569.flatMap((q) => q.items.map((i) => [i.code, i.scale === 'yes-no' ? '2' : '3'])));

/** The error of a refused call: one InputError, or several (InputErrors). */
async function rejection(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof InputError) return error;
  if (error instanceof InputErrors) return error as unknown as InputError;
  throw new Error(`expected an InputError, got ${String(error)}`);
}

async function count(t: TestDb, table: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? -1;
}

describe.each(backends())('surveys on %s', (backend: Backend) => {
  let t: TestDb;
  let coordinator: Principal;
  let eit: Survey;
  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    const [org] = await t.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [DEMO_SLUG]);
    coordinator = principal('coordinator', org!.id);
  });
  afterAll(async () => t?.dispose());

  it('creates a draft EIT survey whose snapshot is the 2569 catalogue’s EIT questions and their scales', async () => {
    eit = await createSurvey(t.db, coordinator, REF, { kind: 'EIT', title: ' แบบสำรวจผู้รับบริการ ', ...PERIOD, targetRespondents: 40, ownQuestions: [{ code: 's1', textTh: 'พอใจการบริการโดยรวม', scale: 'four-level' }] });
    expect(eit.status).toBe('draft');
    expect(eit.title).toBe('แบบสำรวจผู้รับบริการ');
    expect(eit.snapshot.criteriaYear).toBe(2569);
    expect(eit.snapshot.questions.map((q) => [q.code, q.indicator])).toEqual(EIT_2569.map((q) => [q.code, q.indicator]));
    expect(eit.snapshot.questions.flatMap((q) => q.items.map((i) => i.code))).toEqual(EIT_ITEMS);
    expect(eit.snapshot.questions.find((q) => q.code === 'e4')?.items[0]).toMatchObject({ scale: 'yes-no', reversed: true });
    expect(eit.snapshot.scales.map((s) => s.id).sort()).toEqual(['four-level', 'yes-no']);
    expect(eit).toMatchObject({ targetRespondents: 40, respondents: 0, codesLeft: null, demo: false });
    expect(eit.snapshot.own).toEqual([{ code: 's1', textTh: 'พอใจการบริการโดยรวม', scale: 'four-level' }]);
    expect(eit.linkToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses bad input with Thai and English, writing nothing', async () => {
    const before = await count(t, 'surveys');
    const e = await rejection(createSurvey(t.db, coordinator, REF, { kind: 'OIT', title: '', opensOn: '2026-06-30', closesOn: '2026-03-01' }));
    expect(e).toBeInstanceOf(InputErrors);
    const fields = (e as unknown as InputErrors).errors.map((x) => [x.field, x.code]);
    expect(fields).toEqual([['kind', 'surveys.badKind'], ['title', 'surveys.badTitle'], ['closesOn', 'surveys.badDates']]);
    const own = await rejection(createSurvey(t.db, coordinator, REF, { kind: 'EIT', title: 'x', ...PERIOD, ownQuestions: [{ code: 's1', textTh: 'ข้อ', scale: 'five-level' }] }));
    expect(own.th).toContain('สี่ระดับ');
    expect(own.en).toContain('four-level');
    expect(await count(t, 'surveys')).toBe(before);
  });

  it('lets only the roles that hold scores.write manage surveys; any reader lists them', async () => {
    for (const role of ['auditor', 'executive', 'unit_head'] as const) {
      const p = principal(role, coordinator.roles[0]!.orgId);
      await expect(createSurvey(t.db, p, REF, { kind: 'EIT', title: 'x', ...PERIOD })).rejects.toBeInstanceOf(Forbidden);
      await expect(publishSurvey(t.db, p, REF, eit.id)).rejects.toBeInstanceOf(Forbidden);
      expect((await listSurveys(t.db, p, REF)).map((s) => s.id)).toContain(eit.id);
    }
    const stranger = principal('coordinator', '00000000-0000-4000-8000-000000000999');
    await expect(listSurveys(t.db, stranger, REF)).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses answers to a draft (as an unknown link) and writes nothing', async () => {
    const e = await rejection(submitResponse(t.db, eit.linkToken, eitForm(), null, DURING));
    expect(e).toBeInstanceOf(NotFound);
    expect(e.th).toBe('ไม่พบแบบสำรวจของลิงก์นี้');
    expect(e.en).toBe('no survey has this link');
    expect(await rejection(submitResponse(t.db, 'x'.repeat(22), eitForm(), null, DURING))).toBeInstanceOf(NotFound);
    expect(await count(t, 'survey_responses')).toBe(DEMO_SURVEY_ANSWERS);
  });

  it('publishes; a valid answer is counted with its month and service point only', async () => {
    const point = await addPoint(t.db, coordinator, REF, eit.id, 'จุดบริการกองคลัง');
    eit = await publishSurvey(t.db, coordinator, REF, eit.id);
    expect(eit.status).toBe('published');
    expect((await rejection(publishSurvey(t.db, coordinator, REF, eit.id))).code).toBe('surveys.notPublishable');
    const form = await surveyOfLink(t.db, point.linkToken, DURING);
    expect(form).toMatchObject({ title: 'แบบสำรวจผู้รับบริการ', kind: 'EIT', pointName: 'จุดบริการกองคลัง' });
    await submitResponse(t.db, eit.linkToken, { ...eitForm(), s1: '4' }, null, DURING);
    await submitResponse(t.db, point.linkToken, { e1: '4', e2: '' }, null, DURING);
    const [listed] = (await listSurveys(t.db, coordinator, REF)).filter((s) => s.id === eit.id);
    expect(listed?.respondents).toBe(2);
    const { records } = await surveyResponses(t.db, coordinator, REF, eit.id);
    expect(records).toHaveLength(2);
    const byPoint = records.find((r) => r.pointId === point.id)!;
    expect(byPoint.month).toBe('2026-04');
    expect([...byPoint.answers]).toEqual(EIT_ITEMS.map((c) => (c === 'e1' ? 4 : 0)));
    expect([...byPoint.own]).toEqual([0]);
    const full = records.find((r) => r.pointId === null)!;
    expect([...full.own]).toEqual([4]);
    expect(full.answers[EIT_ITEMS.indexOf('e4')]).toBe(2);
  });

  it('refuses a bad form (unknown field, option out of range, nothing answered) and writes nothing', async () => {
    const before = await count(t, 'survey_responses');
    const unknown = await rejection(submitResponse(t.db, eit.linkToken, { e1: '1', name: 'สมชาย' }, null, DURING));
    expect(unknown).toMatchObject({ field: 'name', code: 'surveys.unknownField' });
    const bad = await rejection(submitResponse(t.db, eit.linkToken, { e1: '5', e4: '3' }, null, DURING));
    expect((bad as unknown as InputErrors).errors.map((x) => x.field)).toEqual(['e1', 'e4']);
    expect((await rejection(submitResponse(t.db, eit.linkToken, { e1: '' }, null, DURING))).code).toBe('surveys.noAnswer');
    expect(await count(t, 'survey_responses')).toBe(before);
  });

  it('refuses answers before the survey opens and after it closes, in Thai and English, writing nothing', async () => {
    const before = await count(t, 'survey_responses');
    const early = await rejection(submitResponse(t.db, eit.linkToken, eitForm(), null, new Date('2026-02-28T16:59:00Z')));
    expect(early.th).toBe('แบบสำรวจนี้ยังไม่เปิดรับคำตอบ (เปิดวันที่ 2026-03-01)');
    expect(early.en).toBe('this survey is not open yet (it opens on 2026-03-01)');
    // 00:00 on 1 Mar in Bangkok is still 28 Feb in UTC: open.
    await submitResponse(t.db, eit.linkToken, { e1: '1' }, null, new Date('2026-02-28T17:00:00Z'));
    const late = await rejection(submitResponse(t.db, eit.linkToken, eitForm(), null, new Date('2026-06-30T17:00:00Z')));
    expect(late.th).toBe('แบบสำรวจนี้ปิดรับคำตอบแล้ว');
    expect(late.en).toBe('this survey is closed');
    expect(await count(t, 'survey_responses')).toBe(before + 1);
  });

  it('changes questions only in a draft, the rest until closed; a closed survey takes no answers', async () => {
    const notDraft = await rejection(updateSurvey(t.db, coordinator, REF, eit.id, { ownQuestions: [] }));
    expect(notDraft.code).toBe('surveys.notDraft');
    const renamed = await updateSurvey(t.db, coordinator, REF, eit.id, { title: 'แบบสำรวจผู้รับบริการ ๒๕๖๙', closesOn: '2026-07-31', targetRespondents: null });
    expect(renamed).toMatchObject({ title: 'แบบสำรวจผู้รับบริการ ๒๕๖๙', closesOn: '2026-07-31', targetRespondents: null, status: 'published' });
    expect((await rejection(updateSurvey(t.db, coordinator, REF, eit.id, { closesOn: '2026-02-01' }))).code).toBe('surveys.badDates');
    const before = await count(t, 'survey_responses');
    await closeSurvey(t.db, coordinator, REF, eit.id);
    const closed = await rejection(submitResponse(t.db, eit.linkToken, eitForm(), null, DURING));
    expect(closed.code).toBe('surveys.closedForAnswers');
    expect((await rejection(updateSurvey(t.db, coordinator, REF, eit.id, { title: 'ใหม่' }))).code).toBe('surveys.closed');
    expect((await updateSurvey(t.db, coordinator, REF, eit.id, { publishResults: true })).publishResults).toBe(true);
    expect(await count(t, 'survey_responses')).toBe(before);
  });

  it('removes a service point: its link stops working, its answers stay without it', async () => {
    const s = await createSurvey(t.db, coordinator, REF, { kind: 'EIT', title: 'จุดบริการ', ...PERIOD });
    const point = await addPoint(t.db, coordinator, REF, s.id, 'กองช่าง');
    await publishSurvey(t.db, coordinator, REF, s.id);
    await submitResponse(t.db, point.linkToken, { e1: '2' }, null, DURING);
    await removePoint(t.db, coordinator, REF, s.id, point.id);
    expect(await rejection(submitResponse(t.db, point.linkToken, { e1: '2' }, null, DURING))).toBeInstanceOf(NotFound);
    expect((await surveyResponses(t.db, coordinator, REF, s.id)).records.map((r) => r.pointId)).toEqual([null]);
    expect(await rejection(removePoint(t.db, coordinator, REF, s.id, point.id))).toBeInstanceOf(NotFound);
  });

  it('takes answers arriving together in one statement, each on its own: the open ones taken, the others refused with their reason', async () => {
    const open = await createSurvey(t.db, coordinator, REF, { kind: 'EIT', title: 'พร้อมกัน', ...PERIOD });
    const gone = await addPoint(t.db, coordinator, REF, open.id, 'จุดที่ถูกลบ');
    await publishSurvey(t.db, coordinator, REF, open.id);
    const shut = await createSurvey(t.db, coordinator, REF, { kind: 'EIT', title: 'ปิดแล้ว', ...PERIOD });
    await publishSurvey(t.db, coordinator, REF, shut.id);
    // Both links held (answered once) before one survey closes and the point goes.
    await submitResponse(t.db, shut.linkToken, { e1: '1' }, null, DURING);
    await submitResponse(t.db, gone.linkToken, { e1: '1' }, null, DURING);
    await closeSurvey(t.db, coordinator, REF, shut.id);
    await removePoint(t.db, coordinator, REF, open.id, gone.id);
    const before = await count(t, 'survey_responses');
    // Twelve answers at once: the first goes alone, the eleven that arrive meanwhile share the next statement.
    const links = [open.linkToken, shut.linkToken, gone.linkToken, ...Array<string>(9).fill(open.linkToken)];
    const outcomes = await Promise.allSettled(links.map((link, i) => submitResponse(t.db, link, { e1: String((i % 4) + 1) }, null, DURING)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', ...Array<string>(9).fill('fulfilled')]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'surveys.closedForAnswers' });
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(NotFound);
    expect(await count(t, 'survey_responses')).toBe(before + 10);
    // The ten, and the one given through the point before it went (kept without it).
    expect((await surveyResponses(t.db, coordinator, REF, open.id)).records.map((r) => r.answers[0]).sort()).toEqual([1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4]);
  });

  it('IIT: each one-time code answers once; used and never issued are refused alike; only hashes are kept', async () => {
    const iit = await createSurvey(t.db, coordinator, REF, { kind: 'IIT', title: 'แบบวัดการรับรู้ของบุคลากร', ...PERIOD });
    expect(iit.snapshot.questions.every((q) => q.code.startsWith('i'))).toBe(true);
    expect((await rejection(generateCodes(t.db, coordinator, REF, eit.id, 3))).code).toBe('surveys.codesForIit');
    expect((await rejection(generateCodes(t.db, coordinator, REF, iit.id, 2001))).code).toBe('surveys.codeCount');
    const codes = await generateCodes(t.db, coordinator, REF, iit.id, 3);
    expect(codes).toHaveLength(3);
    const shape = new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{2}$`);
    for (const code of codes) expect(code).toMatch(shape);
    expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
    await publishSurvey(t.db, coordinator, REF, iit.id);
    const [first, second] = codes as [string, string];
    const form = { [iit.snapshot.questions[0]!.items[0]!.code]: '4' };
    expect((await rejection(submitResponse(t.db, iit.linkToken, form, null, DURING))).code).toBe('surveys.codeRequired');
    // Typed in lower case without the dashes: the same code.
    await submitResponse(t.db, iit.linkToken, form, first.toLowerCase().replaceAll('-', ' '), DURING);
    const used = await rejection(submitResponse(t.db, iit.linkToken, form, first, DURING));
    const never = await rejection(submitResponse(t.db, iit.linkToken, form, 'ABCD-EFGH-JK', DURING));
    expect([used.th, used.en]).toEqual(['รหัสนี้ใช้ไม่ได้', 'this code cannot be used']);
    expect([never.code, never.th]).toEqual([used.code, used.th]);
    await submitResponse(t.db, iit.linkToken, form, second, DURING);
    expect((await surveyResponses(t.db, coordinator, REF, iit.id)).records).toHaveLength(2);
    expect((await listSurveys(t.db, coordinator, REF)).find((s) => s.id === iit.id)?.codesLeft).toBe(1);
    const hashes = await t.db.query<{ code_hash: Uint8Array }>('SELECT code_hash FROM survey_codes WHERE survey_id = $1', [iit.id]);
    const third = (codes[2] as string).replaceAll('-', '');
    expect(hashes.map((h) => Buffer.from(h.code_hash).toString('hex'))).toEqual([createHash('sha256').update(third).digest('hex')]);
    // Nowhere in a dump of the whole database: neither as printed nor as typed.
    const file = join(dir, `codes-${backend}.jsonl.gz`);
    await backup(t.db, file);
    const dump = gunzipSync(readFileSync(file)).toString('utf8');
    for (const code of codes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replaceAll('-', ''));
    }
  });

  it('keeps a response with no column linking it to a code, a person, an address or a time of day; no audit entry', async () => {
    const columns = async (table: string) =>
      (await t.db.query<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [table])).map((c) => c.column_name);
    expect(await columns('survey_responses')).toEqual(['id', 'survey_id', 'point_id', 'month', 'answers', 'own_answers']);
    expect(await columns('survey_codes')).toEqual(['survey_id', 'code_hash']);
    const [types] = await t.db.query<{ month: string }>(`SELECT data_type AS month FROM information_schema.columns WHERE table_name = 'survey_responses' AND column_name = 'month'`);
    expect(types?.month).toBe('date');
    const [days] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses WHERE extract(day FROM month) <> 1');
    expect(days?.n).toBe(0);
    const [audited] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity IN ('survey_responses', 'survey_codes')`);
    expect(audited?.n).toBe(0);
    const [surveys] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'surveys'`);
    expect(surveys?.n).toBeGreaterThan(0);
  });

  it('exports one row per respondent as CSV and XLSX: month, service point, the items’ option codes, own questions; no id or time', async () => {
    const csv = await exportAnswers(t.db, coordinator, REF, eit.id, 'csv');
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header).toEqual(['เดือน', 'จุดบริการ', ...EIT_ITEMS, 's1']);
    expect(header.filter((h) => /id|time|เวลา|created/i.test(h))).toEqual([]);
    expect(lines).toHaveLength(1 + 3);
    const full = lines.slice(1).find((l) => l.endsWith(',4'))!.split(',');
    expect(full[0]).toBe('2026-04');
    expect(full[1]).toBe('');
    expect(full[2 + EIT_ITEMS.indexOf('e1')]).toBe('3');
    expect(full[2 + EIT_ITEMS.indexOf('e4')]).toBe('N');
    expect(lines.some((l) => l.startsWith('2026-04,จุดบริการกองคลัง,4,,'))).toBe(true);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/\d\d:\d\d|[0-9a-f]{8}-[0-9a-f]{4}/);
    const xlsx = await exportAnswers(t.db, coordinator, REF, eit.id, 'xlsx');
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.filename).toMatch(/\.xlsx$/);
  });

  it('a backup restores surveys, service points, codes and responses as they were', async () => {
    const file = join(dir, `round-${backend}.jsonl.gz`);
    const summary = await backup(t.db, file);
    for (const table of ['surveys', 'survey_points', 'survey_codes', 'survey_responses']) expect(summary.tables[table]).toBe(await count(t, table));
    const target = await testDb(backend);
    try {
      await restore(target.db, file);
      const rowsOf = (db: TestDb['db'], table: string, order: string) => db.query(`SELECT * FROM ${table} ORDER BY ${order}`);
      for (const [table, order] of [['surveys', 'id'], ['survey_points', 'id'], ['survey_codes', 'survey_id, code_hash'], ['survey_responses', 'id']] as const) {
        expect(await rowsOf(target.db, table, order)).toEqual(await rowsOf(t.db, table, order));
      }
      const [results] = await surveyResultsOf(target.db, coordinator, REF, eit.id);
      expect(results?.survey.respondents).toBe(3);
    } finally {
      await target.dispose();
    }
  });

  it('the demo holds a published EIT survey in its current year with at least 30 answers, labelled as demo data', async () => {
    const system = cliPrincipal(cliActor('test'));
    const list = await surveyResultsOf(t.db, system, { org: DEMO_SLUG, year: DEMO_CURRENT_YEAR });
    expect(list).toHaveLength(1);
    const [{ survey, results }] = list as [(typeof list)[number]];
    expect(survey).toMatchObject({ kind: 'EIT', demo: true, status: 'published', title: DEMO_SURVEY_TITLE });
    expect(survey.title).toContain('(ข้อมูลตัวอย่าง)');
    expect(survey.points).toHaveLength(2);
    expect(results.respondents).toBeGreaterThanOrEqual(30);
    expect(results.byMonth.map((m) => m.key)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(results.byPoint).toHaveLength(2);
    for (const i of results.indicators) {
      expect(i.score).toBeGreaterThan(50);
      expect(i.score).toBeLessThan(100);
      expect(i.ci95).toBeGreaterThan(0);
    }
  });
});

describe('the snapshot and the form (src/surveys/model.ts)', () => {
  it('an answer must be a valid option index of its item; all problems are reported at once', () => {
    const snapshot = snapshotOf(getCriteria(2569), 'EIT', [{ code: 's1', textTh: 'พอใจ', scale: 'yes-no' }]);
    expect(() => encodeAnswers(snapshot, { e1: '0' })).toThrow(InputError);
    expect(() => encodeAnswers(snapshot, { e1: '1.0' })).toThrow(InputError);
    expect(() => encodeAnswers(snapshot, { s1: '3' })).toThrow(InputError);
    const both = encodeAnswers(snapshot, { e15: ' 4 ', s1: '1' });
    expect(both.answers.at(-1)).toBe(4);
    expect([...both.own]).toEqual([1]);
    expect(() => snapshotOf(getCriteria(2569), 'EIT', [{ code: 's2', textTh: 'x', scale: 'yes-no' }])).toThrow(/s1, s2/);
  });

  it('the export table names the point and leaves unanswered items empty', () => {
    const snapshot = snapshotOf(getCriteria(2569), 'EIT');
    const answers = new Uint8Array(EIT_ITEMS.length);
    answers[0] = 2;
    const table = answerTable({ snapshot, points: [{ id: 'p', name: 'กองคลัง', linkToken: 'x' }] }, [{ month: '2026-05', pointId: 'p', answers, own: new Uint8Array(0) }]);
    expect(table.rows).toEqual([['2026-05', 'กองคลัง', '2', ...EIT_ITEMS.slice(1).map(() => '')]]);
  });
});

describe('prongsai survey results --org S --year Y --json', () => {
  let data = '';
  beforeAll(async () => {
    const t = await testDb('pglite');
    await ensureDemo(t.db);
    await t.db.close();
    data = t.options.dataDir as string;
    vi.stubEnv('PRONGSAI_DATA', data);
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('DATABASE_READ_URL', '');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(data, { recursive: true, force: true });
  });

  it('prints the contract’s keys and types exactly', async () => {
    const r = await runCli('survey', 'results', '--org', DEMO_SLUG, '--year', String(DEMO_CURRENT_YEAR), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['surveys']);
    const surveys = json.surveys as Record<string, unknown>[];
    expect(surveys).toHaveLength(1);
    const s = surveys[0]!;
    expect(Object.keys(s)).toEqual(['id', 'title', 'kind', 'respondents', 'indicators', 'minimumRespondents', 'minimumReached']);
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.title).toBe(DEMO_SURVEY_TITLE);
    expect(s.kind).toBe('EIT');
    expect(s.respondents).toBe(DEMO_SURVEY_ANSWERS);
    const indicators = s.indicators as Record<string, Record<string, unknown>>;
    expect(Object.keys(indicators)).toEqual(['6', '7', '8']);
    for (const i of Object.values(indicators)) {
      expect(Object.keys(i)).toEqual(['score', 'ci95', 'respondents']);
      expect(typeof i.score).toBe('number');
      expect(typeof i.ci95).toBe('number');
      expect(Number.isInteger(i.respondents)).toBe(true);
      expect(Math.round((i.score as number) * 100) / 100).toBe(i.score);
    }
    // The demo organisation has no size group: its minimum is unknown.
    expect(s.minimumRespondents).toBeNull();
    expect(s.minimumReached).toBeNull();
  });

  it('without --json prints a Thai and English table; without --org it says what is missing', async () => {
    const r = await runCli('survey', 'results', '--org', DEMO_SLUG, '--year', String(DEMO_CURRENT_YEAR));
    expect(r.code).toBe(0);
    expect(r.out).toContain('ตัวชี้วัด / indicator 6:');
    const missing = await runCli('survey', 'results', '--year', '2570');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('--org');
  });
});

