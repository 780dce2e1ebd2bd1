/**
 * The staff side of the agency's own surveys (issue 19, points 1, 3, 4): the journey through the pages (create
 * with own questions, a service point, publish with its confirmation, one-time codes shown once and kept only as
 * hashes, close), the results page (suppression of groups under 5, the uncertainty notes), the downloads without an
 * identifying column, the API objects (the CLI contract's), the dashboard's estimates and the analysis page's
 * sentence on a hand-computed example, and the open-data switch. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { surveySentence } from '../src/analysis/survey-sentence.ts';
import { DEMO_SURVEY_ANSWERS, DEMO_SURVEY_TITLE } from '../src/demo/demo-survey.ts';
import { Exact } from '../src/scoring/exact.ts';
import { addPoint, createSurvey, getSurvey, publishSurvey, submitResponse, surveyResultsOf } from '../src/surveys/service.ts';
import { surveyResultsJson } from '../src/surveys/surveys-api.ts';
import { ownQuestionsOf } from '../src/surveys/routes-staff.tsx';
import { getScores } from '../src/years/scores.ts';
import { score } from '../src/web/view.tsx';
import { backends } from './helpers/db.ts';
import { demoEmail, signedInClient, startServer, type Client, type TestServer } from './web-support.ts';

const system = cliPrincipal(cliActor('surveys staff test'));
const REF = { org: 'huai-thong', year: 2570 } as const;
const BASE = '/staff/o/huai-thong/2570/surveys';
const API = '/api/v1/orgs/huai-thong/years/2570/surveys';
/** 12:00 on 5 Dec 2026 in Bangkok: FY 2570, the demo survey open. */
const NOW = new Date('2026-12-05T05:00:00Z');
const CODE = /\b[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{2}\b/g;

describe('the analysis sentence', () => {
  it('is written exactly in the issue’s form: Thai digits, short month, Buddhist year, 1 decimal half-up', () => {
    expect(surveySentence({ month: '2027-01', indicator: 6, exact: Exact.parse('82.35'), ci95: 3.05, respondents: 42 })).toBe('แบบสำรวจของหน่วยงานเดือน ม.ค. ๒๕๗๐ ตัวชี้วัดที่ ๖ ได้ ๘๒.๔ (±๓.๑) จาก ๔๒ คน');
  });

  it('reads own questions one per line, with a scale after a bar', () => {
    expect(ownQuestionsOf('สะดวกไหม\n\n มีที่จอดรถ | yes-no ', 'four-level')).toEqual([
      { code: 's1', textTh: 'สะดวกไหม', scale: 'four-level' },
      { code: 's2', textTh: 'มีที่จอดรถ', scale: 'yes-no' },
    ]);
  });
});

describe.each(backends())('the staff survey pages on %s', (backend) => {
  let s: TestServer;
  let coordinator: Client;
  let auditor: Client;
  const count = async (sql: string, params: unknown[] = []) => (await s.t.db.query<{ n: number }>(sql, params))[0]!.n;
  const idFrom = (location: unknown) => /\/surveys\/([0-9a-f-]{36})/.exec(String(location))![1]!;

  beforeAll(async () => {
    s = await startServer(backend);
    s.clock.now = NOW;
    coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    auditor = await signedInClient(s.app, demoEmail('auditor'));
  }, 120_000);
  afterAll(async () => s?.close());

  it('walks an IIT survey from creation to closing; the codes are shown once and kept as hashes only', async () => {
    const list = await coordinator.get(BASE);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(DEMO_SURVEY_TITLE);
    expect(list.body).toMatch(/EIT: 15 ข้อคำถาม ตัวชี้วัดที่ 6, 7, 8/);

    const surveysBefore = await count('SELECT count(*)::int AS n FROM surveys');
    const bad = await coordinator.post(BASE, { kind: 'IIT', title: '', opensOn: '31/12/2569', closesOn: '1/12/2569' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('ต้องมีชื่อแบบสำรวจ');
    expect(bad.body).toContain('ต้องไม่ก่อนวันเปิดรับ');
    expect(await count('SELECT count(*)::int AS n FROM surveys')).toBe(surveysBefore);

    const created = await coordinator.post(BASE, {
      kind: 'IIT',
      title: 'แบบสำรวจบุคลากร ธ.ค.',
      opensOn: '1 ธ.ค. 2569',
      closesOn: '31/1/2570',
      targetRespondents: '30',
      ownQuestions: 'บรรยากาศการทำงานดีขึ้น\nมีช่องทางเสนอแนะ | yes-no',
      ownScale: 'four-level',
    });
    expect(created.statusCode).toBe(303);
    const id = idFrom(created.headers.location);
    let survey = await getSurvey(s.t.db, system, REF, id);
    expect(survey).toMatchObject({ kind: 'IIT', status: 'draft', targetRespondents: 30 });
    expect(survey.snapshot.own).toEqual([
      { code: 's1', textTh: 'บรรยากาศการทำงานดีขึ้น', scale: 'four-level' },
      { code: 's2', textTh: 'มีช่องทางเสนอแนะ', scale: 'yes-no' },
    ]);

    const edited = await coordinator.post(`${BASE}/${id}`, { title: 'แบบสำรวจบุคลากร ธ.ค. ๒๕๖๙', opensOn: '๑ ธ.ค. ๒๕๖๙', closesOn: '31/1/2570', targetRespondents: '', ownQuestions: 'บรรยากาศการทำงานดีขึ้น', ownScale: 'four-level' });
    expect(edited.statusCode).toBe(303);
    survey = await getSurvey(s.t.db, system, REF, id);
    expect(survey).toMatchObject({ title: 'แบบสำรวจบุคลากร ธ.ค. ๒๕๖๙', targetRespondents: null });
    expect(survey.snapshot.own).toHaveLength(1);

    expect((await coordinator.post(`${BASE}/${id}/points`, { name: '' })).statusCode).toBe(400);
    expect((await coordinator.post(`${BASE}/${id}/points`, { name: 'ห้องประชุมสำนักปลัด' })).statusCode).toBe(303);
    const page = await coordinator.get(`${BASE}/${id}`);
    survey = await getSurvey(s.t.db, system, REF, id);
    expect(page.body).toContain('ห้องประชุมสำนักปลัด');
    expect(page.body).toContain(`/s/${survey.points[0]!.linkToken}`);
    expect(page.body).toContain(`/s/${survey.linkToken}`);
    expect(page.body).toContain(`${BASE}/${id}/poster.pdf`);

    // Publishing asks first; only the confirmation publishes.
    const ask = await coordinator.post(`${BASE}/${id}/publish`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('name="confirm" value="yes"');
    expect((await getSurvey(s.t.db, system, REF, id)).status).toBe('draft');
    expect((await coordinator.post(`${BASE}/${id}/publish`, { confirm: 'yes' })).statusCode).toBe(303);
    expect((await getSurvey(s.t.db, system, REF, id)).status).toBe('published');

    // The auditor reads, but neither sees the codes' form nor makes codes.
    const read = await auditor.get(`${BASE}/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(`${BASE}/${id}/codes`);
    expect((await auditor.post(`${BASE}/${id}/codes`, { count: '3' })).statusCode).toBe(403);

    const codesPage = await coordinator.post(`${BASE}/${id}/codes`, { count: '7' });
    expect(codesPage.statusCode).toBe(200);
    const codes = [...new Set(codesPage.body.match(CODE))];
    expect(codes).toHaveLength(7);
    expect(codesPage.body).toContain('แสดงครั้งเดียว');
    const csvHref = /href="(data:text\/csv[^"]+)"/.exec(codesPage.body)![1]!.replace(/&amp;/g, '&');
    const csv = decodeURIComponent(csvHref.slice(csvHref.indexOf(',') + 1));
    for (const c of codes) expect(csv).toContain(c);
    expect(await count('SELECT count(*)::int AS n FROM survey_codes WHERE survey_id = $1', [id])).toBe(7);
    const hashes = await s.t.db.query<{ code_hash: Uint8Array }>('SELECT code_hash FROM survey_codes WHERE survey_id = $1', [id]);
    expect(hashes.every((h) => h.code_hash.length === 32)).toBe(true);
    const again = await coordinator.get(`${BASE}/${id}`);
    for (const c of codes) expect(again.body).not.toContain(c);
    expect(again.body).toContain('รหัสที่ยังไม่ได้ใช้: 7 รหัส');

    // A code answers once, through the public use case.
    await submitResponse(s.t.db, survey.linkToken, { s1: '4' }, codes[0]!, NOW);
    expect(await count('SELECT count(*)::int AS n FROM survey_codes WHERE survey_id = $1', [id])).toBe(6);

    expect((await coordinator.post(`${BASE}/${id}/close`)).body).toContain('name="confirm" value="yes"');
    expect((await coordinator.post(`${BASE}/${id}/close`, { confirm: 'yes' })).statusCode).toBe(303);
    expect((await getSurvey(s.t.db, system, REF, id)).status).toBe('closed');
    const iitResults = await coordinator.get(`${BASE}/${id}/results`);
    expect(iitResults.body).toContain('ยังไม่พบสูตรจำนวนขั้นต่ำของ IIT');
    expect(iitResults.body).toContain('น้อยกว่า ๕ คน');
  });

  describe('an EIT survey with five answers to e1 (4, 4, 4, 3, 3): three at a service point, two on the survey’s link', () => {
    let id: string;
    beforeAll(async () => {
      const created = await createSurvey(s.t.db, system, REF, { kind: 'EIT', title: 'ตัวอย่างคำนวณมือ', opensOn: '2026-12-01', closesOn: '2026-12-31' });
      id = created.id;
      const point = await addPoint(s.t.db, system, REF, id, 'เคาน์เตอร์กองช่าง');
      await publishSurvey(s.t.db, system, REF, id);
      for (const [token, option] of [
        [point.linkToken, '4'],
        [point.linkToken, '4'],
        [point.linkToken, '3'],
        [created.linkToken, '4'],
        [created.linkToken, '3'],
      ] as const) {
        await submitResponse(s.t.db, token, { e1: option }, null, NOW);
      }
    });

    it('shows the results: score ± CI by hand, the point under 5 suppressed, the minimum’s uncertainty', async () => {
      const res = await auditor.get(`${BASE}/${id}/results`);
      expect(res.statusCode).toBe(200);
      // Option scores 100 and 66.67: mean 433.34 / 5 = 86.668; s = √(1333.066 / 4) = 18.2556, s/√5 = 8.1642, × t(0.975, 4) 2.776 = 22.66.
      expect(res.body).toContain('86.67 ± 22.66');
      expect(res.body).toContain('เคาน์เตอร์กองช่าง');
      expect(res.body).toContain('น้อยกว่า ๕ คน');
      expect(res.body).toContain('คู่มือ ITA 2568');
    });

    it('downloads the answers without an identifying column', async () => {
      const csv = await auditor.get(`${BASE}/${id}/responses.csv`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-disposition']).toContain('attachment');
      const [header, ...rows] = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(header!.split(',').slice(0, 3)).toEqual(['เดือน', 'จุดบริการ', 'e1']);
      expect(header).not.toMatch(/\bid\b|code|ip|time/i);
      expect(rows).toHaveLength(5);
      expect(rows.every((r) => r.startsWith('2026-12,'))).toBe(true);
      const xlsx = await auditor.get(`${BASE}/${id}/responses.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    });

    it('answers the API with the CLI contract’s object and the full results', async () => {
      const list = await auditor.get(API);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual(surveyResultsJson(await surveyResultsOf(s.t.db, system, REF)));
      const mine = list.json().surveys.find((x: { id: string }) => x.id === id);
      expect(mine).toEqual({ id, title: 'ตัวอย่างคำนวณมือ', kind: 'EIT', respondents: 5, indicators: expect.any(Object), minimumRespondents: null, minimumReached: null });
      expect(mine.indicators['6']).toEqual({ score: 86.67, ci95: 22.66, respondents: 5 });
      const demo = list.json().surveys.find((x: { title: string }) => x.title === DEMO_SURVEY_TITLE);
      expect(demo.respondents).toBe(DEMO_SURVEY_ANSWERS);

      const full = await auditor.get(`${API}/${id}/results`);
      expect(full.statusCode).toBe(200);
      const body = full.json();
      expect(body.byPoint).toEqual([{ pointId: expect.any(String), name: 'เคาน์เตอร์กองช่าง', respondents: null, suppressed: true, indicators: expect.any(Array) }]);
      expect(body.byPoint[0].indicators.every((i: { score: unknown }) => i.score === null)).toBe(true);
      expect(body.byMonth).toMatchObject([{ month: '2026-12', respondents: 5, suppressed: false }]);
      expect(body.notes.map((n: { en: string }) => n.en).join(' ')).toContain('2568 manual');
      expect((await auditor.get(`${API}/00000000-0000-4000-8000-000000000000/results`)).statusCode).toBe(404);
    });

    it('puts the estimate on the dashboard beside last year’s score and the target', async () => {
      const res = await coordinator.get('/staff/o/huai-thong/2570');
      expect(res.statusCode).toBe(200);
      const section = res.body.slice(res.body.indexOf('ประมาณการจากแบบสำรวจของหน่วยงาน'));
      const last = (await getScores(s.t.db, system, { org: 'huai-thong', year: 2569 })).scores.indicators['6'] ?? null;
      const row = section.slice(section.indexOf('ตัวอย่างคำนวณมือ'), section.indexOf('</tr>', section.indexOf('ตัวอย่างคำนวณมือ')));
      expect(row).toContain('86.67 ± 22.66');
      expect(row).toContain(`>${score(last)}<`);
      expect(row).toContain('>85<');
      // Another year than the current one shows none.
      expect((await coordinator.get('/staff/o/huai-thong/2569')).body).not.toContain('ประมาณการจากแบบสำรวจของหน่วยงาน');
    });

    it('offers the analysis a sentence in the issue’s form', async () => {
      const res = await coordinator.get('/staff/o/huai-thong/2570/analysis');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('แบบสำรวจของหน่วยงานเดือน ธ.ค. ๒๕๖๙ ตัวชี้วัดที่ ๖ ได้ ๘๖.๗ (±๒๒.๗) จาก ๕ คน');
    });

    it('switches the results into the open data and out again', async () => {
      expect((await coordinator.get('/o/huai-thong/data/surveys.json')).statusCode).toBe(404);
      const on = await coordinator.post(`${BASE}/${id}/open-data`, { publish: 'yes' });
      expect(on.statusCode).toBe(303);
      expect((await getSurvey(s.t.db, system, REF, id)).publishResults).toBe(true);
      // The portal's open data answers are kept up to 10 minutes, as the complaint statistics.
      s.clock.now = new Date(NOW.getTime() + 11 * 60_000);
      const json = await coordinator.get('/o/huai-thong/data/surveys.json');
      expect(json.statusCode).toBe(200);
      const text = json.body;
      expect(text).toContain('ตัวอย่างคำนวณมือ');
      expect(text).toContain('86.67');
      expect(text).not.toContain('e1');
      const csv = await coordinator.get('/o/huai-thong/data/surveys.csv');
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain('ตัวอย่างคำนวณมือ');
      expect(csv.body).toContain('< 5');
      expect((await auditor.post(`${BASE}/${id}/open-data`, { publish: 'no' })).statusCode).toBe(403);
      expect((await coordinator.post(`${BASE}/${id}/open-data`, { publish: 'no' })).statusCode).toBe(303);
      expect((await getSurvey(s.t.db, system, REF, id)).publishResults).toBe(false);
      s.clock.now = new Date(NOW.getTime() + 22 * 60_000);
      expect((await coordinator.get('/o/huai-thong/data/surveys.json')).statusCode).toBe(404);
      s.clock.now = NOW;
    });
  });
});
