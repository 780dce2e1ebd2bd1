/**
 * The authorisation matrix: every use case × every role (a unit head of the unit responsible for the measure
 * acted on, and of another unit) × the organisation's own people and another organisation's. Each call acts on
 * the demo organisation's year; an allowed call must succeed, a refused one must throw Forbidden.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { listYears, resolveYear, yearContext } from '../src/app/context.ts';
import { dashboard } from '../src/years/dashboard.ts';
import {
  createMeasure,
  deleteMeasure,
  exportMeasures,
  getMeasure,
  importMeasures,
  listMeasures,
  reorderMeasures,
  updateMeasure,
  type MeasureView,
} from '../src/measures/measures.ts';
import { getAnalysis, resolveStale, updateAnalysis } from '../src/years/analysis.ts';
import { decideApproval, listApprovals, requestApproval } from '../src/approvals/approvals.ts';
import { exportAuditCsv, listAudit } from '../src/audit/audit.ts';
import { carryForward, createYear } from '../src/years/carry.ts';
import { addPerson, addUnit, createOrganisation } from '../src/organisations/organisations.ts';
import { lintYearDocuments, renderYearDocument } from '../src/documents/service.ts';
import { downloadEvidence, listEvidence, reviewEvidence, uploadEvidence, type EvidenceView } from '../src/measures/evidence.ts';
import { addProgress, deleteProgress, listProgress, updateProgress, type ProgressView } from '../src/measures/progress.ts';
import { getScores, importScores, setScores } from '../src/years/scores.ts';
import { setYearStatus, yearStatus } from '../src/years/years.ts';
import { CASES, DEMO, principal, principalOf, world, type Case, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

const ALL = CASES;
const PLANNERS: readonly Case[] = ['system_admin', 'org_admin', 'coordinator'];
const AUDITORS: readonly Case[] = ['system_admin', 'org_admin', 'executive', 'auditor'];
const REPORTERS: readonly Case[] = [...PLANNERS, 'unit_head'];

interface Env {
  readonly w: World;
  readonly admin: Principal;
  /** A new measure of the demo year, กองคลัง responsible. */
  measure(): Promise<MeasureView>;
  /** A progress entry of a new such measure. */
  entry(): Promise<ProgressView>;
  /** Evidence of a new such entry. */
  evidence(): Promise<EvidenceView>;
}

const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
const OCTOBER = { date: '2022-11-01', month: '2022-10', done: 'ประชุม', status: 'on_track' } as const;

interface UseCase {
  readonly name: string;
  readonly allowed: readonly Case[];
  run(p: Principal, env: Env): Promise<unknown>;
}

let yearsOpened = 0;
let scoreChanges = 0;
let madeForOrgs = 0;

const USE_CASES: readonly UseCase[] = [
  { name: 'resolveYear', allowed: ALL, run: (p, { w }) => resolveYear(w.t.db, p, DEMO) },
  { name: 'yearContext', allowed: ALL, run: (p, { w }) => yearContext(w.t.db, p, DEMO) },
  { name: 'listYears', allowed: ALL, run: (p, { w }) => listYears(w.t.db, p, DEMO.org) },
  { name: 'dashboard', allowed: ALL, run: (p, { w }) => dashboard(w.t.db, p, DEMO) },
  { name: 'listMeasures', allowed: ALL, run: (p, { w }) => listMeasures(w.t.db, p, DEMO) },
  { name: 'getMeasure', allowed: ALL, run: async (p, env) => getMeasure(env.w.t.db, p, DEMO, (await env.measure()).id) },
  { name: 'exportMeasures', allowed: ALL, run: (p, { w }) => exportMeasures(w.t.db, p, DEMO) },
  { name: 'createMeasure', allowed: PLANNERS, run: (p, { w }) => createMeasure(w.t.db, p, DEMO, { titleTh: 'มาตรการทดสอบสิทธิ์' }) },
  {
    name: 'updateMeasure (status, result)',
    allowed: REPORTERS,
    run: async (p, env) => {
      const m = await env.measure();
      return updateMeasure(env.w.t.db, p, DEMO, m.id, { status: 'in_progress', result: 'คืบหน้า' }, m.updatedAt);
    },
  },
  {
    name: 'updateMeasure (plan)',
    allowed: PLANNERS,
    run: async (p, env) => {
      const m = await env.measure();
      return updateMeasure(env.w.t.db, p, DEMO, m.id, { titleTh: 'ชื่อใหม่' }, m.updatedAt);
    },
  },
  {
    name: 'deleteMeasure',
    allowed: PLANNERS,
    run: async (p, env) => deleteMeasure(env.w.t.db, p, DEMO, (await env.measure()).id),
  },
  {
    name: 'reorderMeasures',
    allowed: PLANNERS,
    run: async (p, env) => {
      const ids = (await listMeasures(env.w.t.db, env.admin, DEMO)).map((m) => m.id);
      return reorderMeasures(env.w.t.db, p, DEMO, [...ids].reverse());
    },
  },
  {
    name: 'importMeasures',
    allowed: PLANNERS,
    run: async (p, env) => {
      const file = await exportMeasures(env.w.t.db, env.admin, DEMO);
      return importMeasures(env.w.t.db, p, DEMO, { workbook: file.bytes }, { dryRun: true });
    },
  },
  { name: 'getScores', allowed: ALL, run: (p, { w }) => getScores(w.t.db, p, DEMO) },
  { name: 'setScores', allowed: PLANNERS, run: (p, { w }) => setScores(w.t.db, p, DEMO, { indicators: { 1: 90 } }) },
  {
    name: 'importScores',
    allowed: PLANNERS,
    run: (p, { w }) => importScores(w.t.db, p, DEMO.org, { bytes: new TextEncoder().encode(`agency,year,1\n${DEMO.org},2566,90\n`), filename: 's.csv' }, { dryRun: true }),
  },
  { name: 'getAnalysis', allowed: ALL, run: (p, { w }) => getAnalysis(w.t.db, p, DEMO) },
  { name: 'updateAnalysis', allowed: PLANNERS, run: (p, { w }) => updateAnalysis(w.t.db, p, DEMO, { summary: 'สรุป' }) },
  {
    name: 'resolveStale',
    allowed: PLANNERS,
    run: async (p, { w, admin }) => {
      await setScores(w.t.db, admin, DEMO, { indicators: { 9: 100 - ++scoreChanges / 100 } });
      return resolveStale(w.t.db, p, DEMO, 'OIT', 'confirm');
    },
  },
  { name: 'yearStatus', allowed: ALL, run: (p, { w }) => yearStatus(w.t.db, p, DEMO) },
  {
    name: 'setYearStatus (close, then reopen)',
    allowed: ['system_admin', 'org_admin'],
    run: async (p, { w }) => {
      await setYearStatus(w.t.db, p, DEMO, 'closed', { reason: 'ปิดปีเพื่อทดสอบสิทธิ์' });
      return setYearStatus(w.t.db, p, DEMO, 'open', { reason: 'เปิดปีอีกครั้ง' });
    },
  },
  { name: 'listProgress', allowed: ALL, run: async (p, env) => listProgress(env.w.t.db, p, DEMO, (await env.measure()).id) },
  { name: 'addProgress', allowed: REPORTERS, run: async (p, env) => addProgress(env.w.t.db, p, DEMO, (await env.measure()).id, OCTOBER) },
  {
    name: 'updateProgress',
    allowed: REPORTERS,
    run: async (p, env) => {
      const e = await env.entry();
      return updateProgress(env.w.t.db, p, DEMO, e.id, { status: 'done' }, e.updatedAt);
    },
  },
  { name: 'deleteProgress', allowed: REPORTERS, run: async (p, env) => deleteProgress(env.w.t.db, p, DEMO, (await env.entry()).id) },
  { name: 'uploadEvidence', allowed: REPORTERS, run: async (p, env) => uploadEvidence(env.w.t.db, p, DEMO, (await env.entry()).id, { bytes: PDF, filename: 'x.pdf' }) },
  { name: 'listEvidence', allowed: ALL, run: (p, { w }) => listEvidence(w.t.db, p, DEMO) },
  { name: 'reviewEvidence', allowed: PLANNERS, run: async (p, env) => reviewEvidence(env.w.t.db, p, DEMO, (await env.evidence()).id, { decision: 'accepted' }) },
  { name: 'downloadEvidence', allowed: ALL, run: async (p, env) => downloadEvidence(env.w.t.db, p, DEMO, (await env.evidence()).id) },
  { name: 'listApprovals', allowed: ALL, run: (p, { w }) => listApprovals(w.t.db, p, DEMO) },
  {
    name: 'requestApproval',
    allowed: PLANNERS,
    run: async (p, { w }) => {
      await w.t.db.query(`DELETE FROM approvals WHERE status = 'requested'`);
      return requestApproval(w.t.db, p, DEMO, { subject: 'measures-plan' });
    },
  },
  {
    name: 'decideApproval',
    allowed: ['executive'],
    run: async (p, { w, admin }) => {
      await w.t.db.query(`DELETE FROM approvals WHERE status = 'requested'`);
      const asked = await requestApproval(w.t.db, admin, DEMO, { subject: 'analysis' });
      return decideApproval(w.t.db, p, DEMO, asked.pending!.id, { decision: 'approved', reason: 'อนุมัติทั้งที่มีข้อผิดพลาด' });
    },
  },
  { name: 'carryForward', allowed: PLANNERS, run: (p, { w }) => carryForward(w.t.db, p, DEMO) },
  { name: 'createYear', allowed: PLANNERS, run: (p, { w }) => createYear(w.t.db, p, DEMO.org, { year: 2600 + ++yearsOpened }) },
  // Issue 14: organisations are the system administrator's; units and people the organisation's administrator's.
  {
    name: 'createOrganisation',
    allowed: ['system_admin'],
    run: (p, { w }) => createOrganisation(w.t.db, p, { slug: `authz-${++madeForOrgs}`, nameTh: 'อบต.ทดสอบสิทธิ์', type: 'อบต.', province: 'ขอนแก่น' }),
  },
  { name: 'addUnit', allowed: ['system_admin', 'org_admin'], run: (p, { w }) => addUnit(w.t.db, p, DEMO.org, { nameTh: `กองทดสอบ ${++madeForOrgs}` }) },
  {
    name: 'addPerson',
    allowed: ['system_admin', 'org_admin'],
    run: (p, { w }) => addPerson(w.t.db, p, DEMO.org, { email: `authz-${++madeForOrgs}@example.org`, role: 'unit_head', unit: 'กองคลัง' }),
  },
  { name: 'listAudit', allowed: AUDITORS, run: (p, { w }) => listAudit(w.t.db, p, DEMO.org, { entity: 'measures' }) },
  { name: 'exportAuditCsv', allowed: AUDITORS, run: (p, { w }) => exportAuditCsv(w.t.db, p, DEMO.org, { entity: 'approvals' }) },
  { name: 'renderYearDocument', allowed: ALL, run: (p, { w }) => renderYearDocument(w.t.db, p, DEMO, { kind: 'measures-plan', format: 'html' }) },
  { name: 'lintYearDocuments', allowed: ALL, run: (p, { w }) => lintYearDocuments(w.t.db, p, DEMO) },
];

describe.each(backends())('authorisation matrix (%s)', (backend) => {
  let env: Env;
  beforeAll(async () => {
    const w = await world(backend);
    const admin = principal('system_admin', null);
    const finance = w.demo.units['กองคลัง']!;
    const measure = () => createMeasure(w.t.db, admin, DEMO, { titleTh: 'มาตรการของกองคลัง', responsible: [{ unitId: finance, labelTh: 'กองคลัง' }] });
    const entry = async () => addProgress(w.t.db, admin, DEMO, (await measure()).id, OCTOBER);
    const evidence = async () => uploadEvidence(w.t.db, admin, DEMO, (await entry()).id, { bytes: PDF, filename: 'x.pdf' });
    env = { w, admin, measure, entry, evidence };
  });
  afterAll(async () => {
    await env.w.t.dispose();
  });

  it.each(USE_CASES.map((u) => [u.name, u] as const))('%s', async (_name, useCase) => {
    const { w } = env;
    const responsible = w.demo.units['กองคลัง']!;
    const otherUnit = w.demo.units['กองช่าง']!;
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const c of CASES) {
      for (const where of ['own', 'other'] as const) {
        const p =
          where === 'own'
            ? principalOf(c, w.demo, responsible, otherUnit)
            : principalOf(c, w.other, w.other.units['กองคลัง']!, w.other.units['กองช่าง']!);
        const allowed = useCase.allowed.includes(c) && (where === 'own' || c === 'system_admin');
        expected.push(`${c} ${where}: ${allowed ? 'allowed' : 'Forbidden'}`);
        const result = await useCase.run(p, env).then(
          () => 'allowed',
          (e: unknown) => (e instanceof Forbidden ? 'Forbidden' : `error ${String(e)}`),
        );
        outcomes.push(`${c} ${where}: ${result}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
