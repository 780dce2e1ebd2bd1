import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Forbidden } from '../src/app/authz.ts';
import { dashboard } from '../src/years/dashboard.ts';
import { NotFound } from '../src/app/errors.ts';
import { measureReporting } from '../src/measures/reporting.ts';
import { loadYear, saveYear } from '../src/years/years.ts';
import type { Measure } from '../src/model/year.ts';
import { DEMO, OTHER, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

const pdf = new TextEncoder().encode('%PDF-1.4\n% test\n');
const sha = createHash('sha256').update(pdf).digest('hex');

describe.each(backends())('the dashboard (%s)', (backend) => {
  let w: World;
  beforeEach(async () => {
    w = await world(backend);
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  it('shows the ten indicators against 85 with the gaps the demo has, and no overall score while any is missing', async () => {
    const d = await dashboard(w.t.db, principal('executive', w.demo.orgId), DEMO, { today: '2023-11-01' });
    expect(d.indicators.map((i) => [i.number, i.score])).toEqual([
      [1, null], [2, null], [3, null], [4, null], [5, null], [6, null], [7, null], [8, null], [9, 100], [10, 100],
    ]);
    expect(d.indicators[8]).toMatchObject({ tool: 'OIT', passMark: 85, passes: true, margin: 15 });
    expect(d.indicators[0]).toMatchObject({ passes: null, margin: null });
    expect(d.tools.map((t) => [t.code, t.score, t.weight])).toEqual([['IIT', null, 0.3], ['EIT', null, 0.3], ['OIT', 100, 0.4]]);
    expect(d.tools[0]!.missing).toEqual([1, 2, 3, 4, 5]);
    expect(d.overall).toEqual({ score: null, pass: null, grade: null, gradeNote: null, gradeNoteEn: null, missing: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(d.score).toBeNull();
    expect(d.notes.length).toBeGreaterThan(0);
    expect(d.sentences.tools).toHaveLength(3);
    expect(d.measures.byStatus).toEqual({ planned: 0, in_progress: 0, done: 4, cancelled: 0 });
    // Every demo measure is done: none is late, even with no progress entry at all.
    expect(d.late).toEqual([]);
    expect(d.approvals.map((a) => [a.subject, a.pending, a.approved, a.upToDate])).toEqual([
      ['measures-plan', null, null, false],
      ['measures-report', null, null, false],
      ['analysis', null, null, false],
      ['measures-progress', null, null, false],
    ]);
  });

  it('gives the overall score, grade and notes once every indicator has a score', async () => {
    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    const indicators = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), 90]));
    await saveYear(w.t.db, { id: null, label: 'ทดสอบ' }, { ...year, scores: { ...year.scores, indicators } });
    const d = await dashboard(w.t.db, principal('auditor', w.demo.orgId), DEMO);
    expect(d.overall).toMatchObject({ score: 90, pass: true, missing: [] });
    expect(d.score?.overall).toBe(90);
    expect(d.overall.grade === null ? d.overall.gradeNote : d.overall.grade).toBeTruthy();
    expect(d.tools.map((t) => t.score)).toEqual([90, 90, 90]);
  });

  it('names the months a measure under way is late: no progress, or progress without evidence that counts', async () => {
    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    await w.t.db.query('INSERT INTO files (sha256, size, bytes) VALUES ($1, $2, $3)', [sha, pdf.length, Buffer.from(pdf)]);
    const evidence = { id: 'e1', filename: 'ประชุม.pdf', mediaType: 'application/pdf', size: pdf.length, sha256: sha, periodStart: null, periodEnd: null, revision: 1, replacesId: null, uploadedAt: null, uploadedBy: null };
    const m1: Measure = {
      ...year.measures[0]!,
      status: 'in_progress',
      progress: [
        { id: 'p1', date: '2022-11-02', periodStart: '2022-10-01', periodEnd: '2022-10-31', done: 'ประชุมชี้แจง', status: 'on_track', outcome: null, evidence: [evidence], createdBy: null },
        { id: 'p2', date: '2022-12-02', periodStart: '2022-11-01', periodEnd: '2022-11-30', done: 'จัดทำคู่มือ', status: 'delayed', outcome: null, evidence: [], createdBy: null },
      ],
    };
    await saveYear(w.t.db, { id: null, label: 'ทดสอบ' }, { ...year, measures: [m1, ...year.measures.slice(1)] });
    const exec = principal('executive', w.demo.orgId);
    const d = await dashboard(w.t.db, exec, DEMO, { today: '2023-01-15' });
    expect(d.late).toHaveLength(1);
    const late = d.late[0]!;
    expect(late).toMatchObject({ measureId: m1.id, seq: 1, status: 'in_progress', late: true });
    expect(late.missingProgress).toEqual([{ month: '2022-12', th: 'ธันวาคม ๒๕๖๕', en: 'December 2022' }]);
    expect(late.missingEvidence).toEqual([{ month: '2022-11', th: 'พฤศจิกายน ๒๕๖๕', en: 'November 2022' }]);
    // January is not over yet; the months after it are not due.
    expect(late.months.filter((m) => m.past).map((m) => m.month)).toEqual(['2022-10', '2022-11', '2022-12']);
    expect(d.measures.list.map((m) => m.late)).toEqual([true, false, false, false]);
    expect(d.evidence).toEqual({ pending: 1, rejected: 0 });

    // Evidence a reviewer rejected does not count: October becomes late too.
    await w.t.db.query(`UPDATE evidence SET review_status = 'rejected'`);
    const after = await dashboard(w.t.db, exec, DEMO, { today: '2023-01-15', digits: 'arabic' });
    expect(after.late[0]!.missingEvidence.map((m) => m.th)).toEqual(['ตุลาคม 2565', 'พฤศจิกายน 2565']);
    expect(after.evidence).toEqual({ pending: 0, rejected: 1 });
  });

  it('is refused to another organisation and to a guessed organisation', async () => {
    await expect(dashboard(w.t.db, principal('executive', w.other.orgId), DEMO)).rejects.toBeInstanceOf(Forbidden);
    await expect(dashboard(w.t.db, principal('executive', w.other.orgId), { org: 'no-such-org', year: 2566 })).rejects.toBeInstanceOf(NotFound);
    const d = await dashboard(w.t.db, principal('executive', w.other.orgId), OTHER, { today: '2022-12-05' });
    expect(d.indicators.slice(0, 3).map((i) => i.score)).toEqual([90, 91.5, null]);
    expect(d.late.map((l) => l.missingProgress.map((m) => m.month))).toEqual([['2022-10', '2022-11']]);
  });
});

describe('monthly reporting', () => {
  it('follows a measure only within its own period, and a quarterly entry covers three months', () => {
    const m: Measure = {
      id: 'm', seq: 1, titleTh: 'ก', indicators: [], methods: [], actions: [], responsible: [], followUp: null, expectedOutcome: null,
      status: 'planned', result: null, carriedFromId: null,
      period: { start: '2023-01-10', end: '2023-06-30', textTh: null },
      progress: [{ id: 'p', date: '2023-04-01', periodStart: '2023-01-01', periodEnd: '2023-03-31', done: 'ทำแล้ว', status: 'on_track', outcome: null, evidence: [], createdBy: null }],
    };
    const r = measureReporting(m, 2566, '2023-05-01', new Map(), 'arabic');
    expect(r.months.map((x) => x.month)).toEqual(['2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06']);
    expect(r.missingProgress.map((x) => x.month)).toEqual(['2023-04']);
    expect(r.missingEvidence.map((x) => x.month)).toEqual(['2023-01', '2023-02', '2023-03']);
    expect(measureReporting({ ...m, status: 'cancelled' }, 2566, '2023-05-01', new Map()).late).toBe(false);
  });
});
