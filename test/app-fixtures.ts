/**
 * What the app-layer tests share: the demo organisation (อบต.ห้วยทอง 2566) and a second organisation (เทศบาลตำบล
 * นาคำ 2566) in a fresh database, and principals of every role built directly (no accounts or sessions).
 */
import { ensureDemo } from '../src/demo/demo.ts';
import { saveYear } from '../src/years/years.ts';
import type { Principal, Role } from '../src/app/authz.ts';
import { InputError, InputErrors } from '../src/errors.ts';
import { yearInputSchema } from '../src/model/year.ts';
import { testDb, type Backend, type TestDb } from './helpers/db.ts';

export const DEMO = { org: 'huai-thong', year: 2566 } as const;
export const OTHER = { org: 'na-kham', year: 2566 } as const;

export interface OrgFixture {
  readonly orgId: string;
  /** Unit name → id. */
  readonly units: Readonly<Record<string, string>>;
}

export interface World {
  readonly t: TestDb;
  readonly demo: OrgFixture;
  readonly other: OrgFixture;
}

export const otherYear = () =>
  yearInputSchema.parse({
    organisation: { slug: OTHER.org, nameTh: 'เทศบาลตำบลนาคำ', kind: 'municipality', province: 'อุดรธานี' },
    units: [
      { id: 'u-fin', nameTh: 'กองคลัง' },
      { id: 'u-eng', nameTh: 'กองช่าง' },
    ],
    year: OTHER.year,
    criteriaYear: 2566,
    scores: { indicators: { 1: 90, 2: 91.5 } },
    measures: [
      {
        id: 'x1',
        seq: 1,
        titleTh: 'เปิดเผยงบประมาณรายเดือน',
        indicators: [9],
        responsible: [{ unitId: 'u-fin', labelTh: 'กองคลัง' }],
        period: { start: '2022-10-01', end: '2023-09-30' },
        status: 'in_progress',
      },
    ],
  });

async function fixture(t: TestDb, slug: string): Promise<OrgFixture> {
  const [org] = await t.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [slug]);
  const units = await t.db.query<{ id: string; name_th: string }>('SELECT id, name_th FROM units WHERE org_id = $1', [org!.id]);
  return { orgId: org!.id, units: Object.fromEntries(units.map((u) => [u.name_th, u.id])) };
}

/** A fresh database with the demo and the second organisation. */
export async function world(backend: Backend): Promise<World> {
  const t = await testDb(backend);
  await ensureDemo(t.db);
  await saveYear(t.db, { id: null, label: 'ผู้ทดสอบ' }, otherYear());
  return { t, demo: await fixture(t, DEMO.org), other: await fixture(t, OTHER.org) };
}

let n = 0;
/** A principal holding one role (a unit head for `unitId`). */
export function principal(role: Role, orgId: string | null, unitId: string | null = null, nameTh?: string): Principal {
  n++;
  return {
    personId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    nameTh: nameTh ?? `${role} ${n}`,
    roles: [{ role, orgId: role === 'system_admin' ? null : orgId, unitId: role === 'unit_head' ? unitId : null }],
  };
}

/** The roles of the authorisation matrix; a unit head is the head of the responsible unit or of another unit. */
export const CASES = ['system_admin', 'org_admin', 'coordinator', 'unit_head', 'unit_head_other', 'executive', 'auditor'] as const;
export type Case = (typeof CASES)[number];

/**
 * The principal of a case in an organisation: `responsible` is the unit responsible for the measure acted on,
 * `otherUnit` a unit of the same organisation that is not.
 */
export function principalOf(c: Case, org: OrgFixture, responsible: string, otherUnit: string): Principal {
  if (c === 'unit_head') return principal('unit_head', org.orgId, responsible);
  if (c === 'unit_head_other') return principal('unit_head', org.orgId, otherUnit);
  return principal(c, org.orgId);
}

/** The Thai messages of a rejected call (one InputError or several); anything else fails the test. */
export async function thaiErrors(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof InputErrors) return error.errors.map((e) => e.th);
  if (error instanceof InputError) return [error.th];
  throw new Error(`expected an InputError, got ${String(error)}`);
}
