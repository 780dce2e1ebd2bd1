/**
 * Who may do what. Every use case that reads or changes an organisation's data calls `authorize` first, on the
 * server, whatever the caller (page, API, CLI with an account). Roles are held per organisation; a unit head's
 * role is held for one unit and lets them change only the measures that unit is responsible for. A supervisor's
 * role is held on a supervising office and lets them read, never change, every organisation below it (not the
 * office itself, nor anything above or beside it): the scope names the organisation's ancestors for that.
 */
import type { Actor } from './actor.ts';
import type { Message } from '../messages.ts';
import { appMessages } from './messages.ts';

export const ROLES = ['system_admin', 'org_admin', 'coordinator', 'unit_head', 'executive', 'auditor', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TH: Readonly<Record<Role, string>> = {
  system_admin: 'ผู้ดูแลระบบ',
  org_admin: 'ผู้ดูแลหน่วยงาน',
  coordinator: 'ผู้ประสานงาน ITA',
  unit_head: 'หัวหน้าส่วนราชการ/กอง',
  executive: 'ผู้บริหาร',
  auditor: 'ผู้ตรวจสอบ (อ่านอย่างเดียว)',
  supervisor: 'ผู้กำกับดูแลหน่วยงานในสังกัด',
};

export interface RoleGrant {
  readonly role: Role;
  /** Null only for system_admin; for a supervisor, the office whose subtree they read. */
  readonly orgId: string | null;
  /** Set only for unit_head. */
  readonly unitId: string | null;
}

/** A signed-in person (or an API token acting for them). */
export interface Principal {
  readonly personId: string;
  readonly nameTh: string;
  readonly roles: readonly RoleGrant[];
}

/** Every action a role may be granted, in the order permission lists show them. */
export const ACTIONS = [
  'year.read', // dashboard, scores, analysis, measures, progress, documents, criteria
  'scores.write', // enter or import scores, survey answers, OIT checklist
  'survey.write', // the agency's own surveys: create, edit, publish, close, service points, one-time codes
  'analysis.write',
  'measures.write', // add, edit, reorder, remove measures; carry forward; move to next year's criteria
  'measure.unit.write', // edit a measure, or add progress and evidence to it, as the responsible unit
  'progress.write', // add progress and evidence to any measure
  'evidence.review',
  'approval.request',
  'approval.decide', // the executive approves the plan and the report
  'publication.write', // prepare portal items
  'publication.approve',
  'complaints.handle',
  'audit.read',
  'org.admin', // people, roles, units, API tokens of the organisation
  'year.close', // close a fiscal year (read-only, its documents frozen) or reopen it, with a reason
  'advice.write', // a supervisor's advice on a year of an organisation below their office (an ITA clinic)
  'advice.reply', // the organisation's answer to a supervisor's advice
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Readonly<Record<Role, readonly Action[]>> = {
  system_admin: [
    'year.read', 'scores.write', 'survey.write', 'analysis.write', 'measures.write', 'measure.unit.write', 'progress.write', 'evidence.review',
    'approval.request', 'publication.write', 'audit.read', 'org.admin', 'year.close',
  ],
  org_admin: [
    'year.read', 'scores.write', 'survey.write', 'analysis.write', 'measures.write', 'measure.unit.write', 'progress.write', 'evidence.review',
    'approval.request', 'publication.write', 'audit.read', 'org.admin', 'year.close', 'advice.reply',
  ],
  coordinator: [
    'year.read', 'scores.write', 'survey.write', 'analysis.write', 'measures.write', 'measure.unit.write', 'progress.write', 'evidence.review',
    'approval.request', 'publication.write', 'complaints.handle', 'advice.reply',
  ],
  unit_head: ['year.read', 'measure.unit.write'],
  executive: ['year.read', 'approval.decide', 'publication.approve', 'complaints.handle', 'audit.read', 'advice.reply'],
  auditor: ['year.read', 'audit.read'],
  // Never complaints.handle: a supervisor sees whether the channel is open and its published statistics only.
  supervisor: ['year.read', 'advice.write'],
};

export interface Scope {
  readonly orgId: string;
  /** The units responsible for the measure being changed (for measure.unit.write). */
  readonly unitIds?: readonly string[];
  /**
   * The organisation's ancestors (its parent, the parent's parent…), for supervisors' grants. A scope without
   * them is treated as having none: a supervisor is refused rather than let in by a caller that did not look.
   */
  readonly ancestors?: readonly string[];
}

/** True when the principal may do `action` in `scope`. */
export function can(principal: Principal, action: Action, scope: Scope): boolean {
  return principal.roles.some((grant) => {
    if (!GRANTS[grant.role].includes(action)) return false;
    if (grant.role === 'system_admin') return true;
    if (grant.role === 'supervisor') return grant.orgId !== null && (scope.ancestors ?? []).includes(grant.orgId);
    if (grant.orgId !== scope.orgId) return false;
    // Only changing a measure is limited to the unit's own measures; a unit head reads the whole year.
    if (grant.role === 'unit_head' && action === 'measure.unit.write') return grant.unitId !== null && (scope.unitIds ?? []).includes(grant.unitId);
    return true;
  });
}

export class Forbidden extends Error {
  override readonly name = 'Forbidden';
  /** What is said (src/app/messages.ts): the same whatever the action. */
  readonly said: Message = appMessages.forbidden();
  readonly th = this.said.th;
  readonly en = this.said.en;
  constructor(readonly action: Action) {
    super(`forbidden: ${action}`);
  }
}

/**
 * Asked to approve one's own work (a publication one prepared, a request one made): forbidden like any action the
 * principal may not do, whatever their roles; the detail says why (Forbidden's own message is fixed, so pages that
 * know this error show the detail).
 */
export class OwnWork extends Forbidden {
  /** Why (a message of the capability's catalogue). */
  readonly detail: Message;
  constructor(action: Action, detail: Message) {
    super(action);
    this.detail = detail;
  }

  get detailTh(): string {
    return this.detail.th;
  }

  get detailEn(): string {
    return this.detail.en;
  }
}

/** Throws Forbidden unless the principal may do `action` in `scope`. */
export function authorize(principal: Principal, action: Action, scope: Scope): void {
  if (!can(principal, action, scope)) throw new Forbidden(action);
}

/** The organisations where the principal holds any role (all of them for a system administrator: null). */
export function orgsOf(principal: Principal): readonly string[] | null {
  if (principal.roles.some((g) => g.role === 'system_admin')) return null;
  return [...new Set(principal.roles.flatMap((g) => (g.orgId ? [g.orgId] : [])))];
}

/**
 * The operator at the command line: whoever can run `prongsai` on the server holds the database anyway, so the
 * CLI acts as a system administrator, named in the audit log as the command and the system user.
 */
export function cliPrincipal(actor: Actor): Principal {
  return { personId: 'cli', nameTh: actor.label, roles: [{ role: 'system_admin', orgId: null, unitId: null }] };
}

/** The audit log's actor for a principal. */
export function actorOf(principal: Principal): Actor {
  return { id: principal.personId, label: principal.nameTh };
}

/** A signed-in person as the web layer sees them. */
export interface Account {
  readonly principal: Principal;
  readonly email: string | null;
  /** The person's organisation (null for a system administrator). */
  readonly orgId: string | null;
}
