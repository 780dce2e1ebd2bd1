/**
 * The principal of a request whose route requires an account (the server has already refused the request
 * without one, so there is always one here).
 */
import type { FastifyRequest } from 'fastify';
import type { Account } from '../app/authz.ts';
import type { Principal } from '../app/authz.ts';

export const principalOf = (request: FastifyRequest): Principal => (request.account as Account).principal;

/** The principal's grants that count in an organisation, as a key (what they may do there shapes a page). */
export function grantsIn(principal: Principal, orgId: string | undefined): string {
  return principal.roles
    .filter((g) => g.role === 'system_admin' || g.orgId === orgId)
    .map((g) => `${g.role}/${g.unitId ?? ''}`)
    .sort()
    .join(',');
}
