/**
 * Where a request acts: an organisation (by its slug, as in the URL) and one of its fiscal years, with the
 * principal allowed to act there. Every use case starts here, so that a principal of one organisation never
 * reads or changes another's data: the organisation is resolved and authorised first, and every later query by
 * id is also bound to that organisation's year.
 *
 * A slug that does not exist is NotFound (slugs are public: the portal lists organisations); an organisation
 * where the principal holds no fitting role is Forbidden.
 */
import type { Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { criteriaRevisions, effectiveRevision, packSchema, registerPack } from '../ita/index.ts';
import { itaMessages } from '../ita/messages.ts';
import type { OrgKind } from '../model/year.ts';
import { compareThai } from '../thai/index.ts';
import { ACTIONS, actorOf, can, Forbidden, orgsOf, type Action, type Principal, type Role } from './authz.ts';
import { NotFound } from './errors.ts';
import { appMessages } from './messages.ts';
import { fiscalYearOf, insertRead, organisationsWithYears, orgBySlug, storedPack, yearsOfOrg } from './repo.ts';

/** An organisation's fiscal year as a URL names it: /o/huai-thong/2566. */
export interface YearRef {
  /** The organisation's slug. */
  readonly org: string;
  /** Fiscal year, Buddhist era. */
  readonly year: number;
}

export interface OrgContext {
  readonly orgId: string;
  readonly slug: string;
  readonly nameTh: string;
  readonly kind: OrgKind;
  /** Its parent, the parent's parent… (a supervisor's grant on one of them lets them read it). */
  readonly ancestors: readonly string[];
}

export interface YearContext extends OrgContext {
  readonly fiscalYearId: string;
  readonly year: number;
  /** The criteria year the fiscal year is assessed under. */
  readonly criteriaYear: number;
  /** The revision of those criteria (criteria_revision): the pack the year is assessed under. */
  readonly criteriaRevision: number;
  /** A closed year is frozen: every change is refused. */
  readonly status: 'open' | 'closed';
}

/** The units of the organisation where the principal is a unit head. */
export function unitsOf(principal: Principal, orgId: string): string[] {
  return principal.roles.filter((g) => g.role === 'unit_head' && g.orgId === orgId && g.unitId !== null).map((g) => g.unitId as string);
}

/** An organisation as authorisation sees it: its id and its ancestors (none known: a supervisor is refused). */
export type OrgRef = string | Pick<OrgContext, 'orgId' | 'ancestors'>;

/**
 * True when the principal may do the action somewhere in the organisation: for measure.unit.write, on the
 * measures of at least one of their units (which measure is checked when it is known).
 */
export function canInOrg(principal: Principal, action: Action, org: OrgRef): boolean {
  const { orgId, ancestors } = typeof org === 'string' ? { orgId: org, ancestors: [] } : org;
  return can(principal, action, { orgId, ancestors, unitIds: unitsOf(principal, orgId) });
}

/** Throws Forbidden unless the principal may do one of the actions in the organisation. */
function authorizeInOrg(principal: Principal, actions: Action | readonly Action[], org: OrgRef): void {
  const list: readonly Action[] = typeof actions === 'string' ? [actions] : actions;
  if (!list.some((a) => canInOrg(principal, a, org))) throw new Forbidden(list[0] ?? 'year.read');
}

/** What the principal may do in the organisation (measure.unit.write: for the measures of `unitIds`). */
export interface Permissions {
  readonly actions: readonly Action[];
  readonly roles: readonly Role[];
  /** The units whose measures a unit head may change. */
  readonly unitIds: readonly string[];
}

export function permissions(principal: Principal, org: OrgRef): Permissions {
  const { orgId, ancestors } = typeof org === 'string' ? { orgId: org, ancestors: [] } : org;
  const holds = (g: Principal['roles'][number]) =>
    g.role === 'system_admin' || (g.role === 'supervisor' ? g.orgId !== null && ancestors.includes(g.orgId) : g.orgId === orgId);
  return {
    actions: ACTIONS.filter((a) => canInOrg(principal, a, { orgId, ancestors })),
    roles: [...new Set(principal.roles.filter(holds).map((g) => g.role))],
    unitIds: unitsOf(principal, orgId),
  };
}

function checkSlug(slug: unknown): string {
  if (typeof slug !== 'string' || slug === '' || slug.length > 64) {
    throw new NotFound('org', appMessages.noOrganisation({ slug: String(slug) }));
  }
  return slug;
}

/** The organisation of a slug, authorised, without recording a supervisor's read (the caller records it). */
export async function authorizeOrg(db: Queryable, principal: Principal, slug: string, actions: Action | readonly Action[] = 'year.read'): Promise<OrgContext> {
  const row = await orgBySlug(db, checkSlug(slug));
  if (!row) throw new NotFound('org', appMessages.noOrganisation({ slug }));
  authorizeInOrg(principal, actions, { orgId: row.id, ancestors: row.ancestors });
  return { orgId: row.id, slug: row.slug, nameTh: row.name_th, kind: row.kind, ancestors: row.ancestors };
}

/** The organisation of a slug, with the principal allowed to do one of `actions` there (a supervisor's read recorded). */
export async function resolveOrg(db: Queryable, principal: Principal, slug: string, actions: Action | readonly Action[] = 'year.read'): Promise<OrgContext> {
  const org = await authorizeOrg(db, principal, slug, actions);
  await recordSupervisorRead(db, principal, org, actions, org.slug);
  return org;
}

// ---------------------------------------------------------------------------------------------------------
// Supervisors' reads (issue 18): each is recorded in the organisation's audit log

/** The organisations whose read was recorded, per principal object: a request's, so one entry per request. */
const readsRecorded = new WeakMap<Principal, Set<string>>();

/** True when the principal may do one of `actions` in the organisation only through a supervisor's grant. */
export function onlyAsSupervisor(principal: Principal, actions: Action | readonly Action[], org: Pick<OrgContext, 'orgId' | 'ancestors'>): boolean {
  const list: readonly Action[] = typeof actions === 'string' ? [actions] : actions;
  const own: Principal = { ...principal, roles: principal.roles.filter((g) => g.role !== 'supervisor') };
  return !list.some((a) => canInOrg(own, a, org)) && list.some((a) => canInOrg(principal, a, org));
}

/**
 * Writes an audit entry of action 'read' (entity 'supervisor_read', entity_id `entityId`: "slug" or
 * "slug/year", after {"what": what}) in the organisation's log when the principal reads it only as a
 * supervisor, once per principal object (one request) and organisation; nothing for anyone else's reads.
 */
export async function recordSupervisorRead(db: Queryable, principal: Principal, org: Pick<OrgContext, 'orgId' | 'ancestors'>, actions: Action | readonly Action[], entityId: string, what: string = entityId): Promise<void> {
  const list: readonly Action[] = typeof actions === 'string' ? [actions] : actions;
  if (!list.includes('year.read') || !onlyAsSupervisor(principal, list, org)) return; // reads only: advice is a change, logged as one
  const seen = readsRecorded.get(principal) ?? new Set<string>();
  if (seen.has(org.orgId)) return;
  seen.add(org.orgId);
  readsRecorded.set(principal, seen);
  const actor = actorOf(principal);
  await insertRead(db, { actorId: actor.id, actorLabel: actor.label, orgId: org.orgId, entity: 'supervisor_read', entityId, what });
}

function checkYear(year: unknown): number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2500 || year > 2700) {
    throw new InputError('year', itaMessages.yearDigits({ given: String(year) }));
  }
  return year;
}

/**
 * Makes sure the criteria pack of (year, revision) is registered when the database has it (one query, only when
 * unknown): a year may have been moved to a pack that another process imported after this one started.
 */
export async function ensureStoredPack(db: Queryable, year: number, revision: number): Promise<void> {
  if (criteriaRevisions(year).includes(revision)) return;
  const pack = await storedPack(db, year, revision);
  if (pack !== undefined) registerPack(packSchema.parse(pack));
}

/** An organisation's fiscal year, with the principal allowed to do one of `actions` in the organisation. */
export async function resolveYear(db: Queryable, principal: Principal, ref: YearRef, actions: Action | readonly Action[] = 'year.read'): Promise<YearContext> {
  const year = checkYear(ref.year);
  const org = await authorizeOrg(db, principal, ref.org, actions);
  const fy = await fiscalYearOf(db, org.orgId, year);
  if (!fy) throw new NotFound('year', appMessages.noYear({ nameTh: org.nameTh, slug: org.slug, year }));
  await recordSupervisorRead(db, principal, org, actions, `${org.slug}/${year}`);
  await ensureStoredPack(db, fy.criteria_year, fy.criteria_revision);
  return { ...org, fiscalYearId: fy.id, year, criteriaYear: fy.criteria_year, criteriaRevision: effectiveRevision(fy.criteria_year, fy.criteria_revision) as number, status: fy.status };
}

export interface OrgSummary {
  readonly slug: string;
  readonly nameTh: string;
  readonly kind: OrgKind;
  readonly province: string | null;
  /** Fiscal years held, newest first. */
  readonly years: readonly number[];
  /** The principal's roles there (system_admin: everywhere). */
  readonly roles: readonly Role[];
}

/**
 * The organisations the principal may see (every one for a system administrator; for a supervisor, every one
 * below their offices), in Thai order.
 */
export async function listOrganisations(db: Queryable, principal: Principal): Promise<OrgSummary[]> {
  const visible = orgsOf(principal);
  // A supervisor's offices: the organisations below them are listed (the offices themselves only by another role).
  const offices = [...new Set(principal.roles.flatMap((g) => (g.role === 'supervisor' && g.orgId !== null ? [g.orgId] : [])))];
  const rows = await organisationsWithYears(db, visible, offices);
  return rows
    .filter((r) => canInOrg(principal, 'year.read', { orgId: r.id, ancestors: r.above }))
    .map((r) => ({
      slug: r.slug,
      nameTh: r.name_th,
      kind: r.kind,
      province: r.province,
      years: r.years ?? [],
      roles: permissions(principal, { orgId: r.id, ancestors: r.above }).roles,
    }))
    .sort((a, b) => compareThai(a.nameTh, b.nameTh) || a.slug.localeCompare(b.slug));
}

export interface YearSummary {
  readonly year: number;
  readonly criteriaYear: number;
  readonly status: 'open' | 'closed';
  readonly measures: number;
}

/** The fiscal years of an organisation, newest first. */
export async function listYears(db: Queryable, principal: Principal, slug: string): Promise<YearSummary[]> {
  const org = await resolveOrg(db, principal, slug);
  const rows = await yearsOfOrg(db, org.orgId);
  return rows.map((r) => ({ year: r.year, criteriaYear: r.criteria_year, status: r.status, measures: r.measures }));
}

/** The year of a request with what the principal may do there (for the pages to offer only what is allowed). */
export async function yearContext(db: Queryable, principal: Principal, ref: YearRef): Promise<YearContext & { readonly permissions: Permissions }> {
  const ctx = await resolveYear(db, principal, ref);
  return { ...ctx, permissions: permissions(principal, ctx) };
}
