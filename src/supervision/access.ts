/**
 * Who may see a roll-up (issue 18, point 3): a system administrator any office and the whole country; a principal
 * with a supervisor's grant on office X the roll-up of X and of every office below X (the office asked for is X or
 * has X among its ancestors); nobody else (Forbidden, 403). The page, GET /api/v1/rollup and `prongsai rollup`
 * (the CLI acts as a system administrator) all go through here.
 */
import { Forbidden, type Principal } from '../app/authz.ts';

/** The office a roll-up is for: its id and its ancestors (parent first); null: the whole country. */
export interface OfficeRef {
  readonly id: string;
  readonly ancestors: readonly string[];
}

/** True when the principal may hold the office's roll-up (null: the country's). */
export function maySupervise(principal: Principal, office: OfficeRef | null): boolean {
  return principal.roles.some((grant) => {
    if (grant.role === 'system_admin') return true;
    if (grant.role !== 'supervisor' || grant.orgId === null || office === null) return false;
    return grant.orgId === office.id || office.ancestors.includes(grant.orgId);
  });
}

/** Whether the principal could see some roll-up at all (a system administrator or a supervisor somewhere). */
export const supervisesAny = (principal: Principal): boolean => principal.roles.some((g) => g.role === 'system_admin' || g.role === 'supervisor');

/** Throws Forbidden unless the principal may hold the office's roll-up. */
export function authorizeOffice(principal: Principal, office: OfficeRef | null): void {
  if (!maySupervise(principal, office)) throw new Forbidden('year.read');
}
