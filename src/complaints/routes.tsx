/**
 * The complaint and whistleblowing channel (issue 7): the complainant's pages and JSON API, public and without an
 * account, and the officers' pages. Design: docs/complaints-security.md.
 *
 * Registered like the other areas (src/web/server.ts, AREAS) as `complaintsArea`; tests give other limits with
 * `complaintsAreaWith`. Every registration has its own rate limits (in memory, see limits.ts).
 */
import type { FastifyInstance } from 'fastify';
import { FORM_TOKEN_RULES, type FormTokenRules } from './form-token.ts';
import type { AreaOptions } from '../web/deps.ts';
import { complaintsApi } from './complaints-api.ts';
import { ComplaintGuard, DEFAULT_LIMITS, type ComplaintLimits } from './limits.ts';
import { complainantPages } from './routes-public.tsx';
import { officerPages } from './routes-staff.tsx';

export interface ComplaintsAreaOptions {
  readonly limits?: ComplaintLimits;
  /** How old the filing form's token must be, and may be. */
  readonly formToken?: FormTokenRules;
  /** Receives the guard (tests look into its buckets). */
  readonly onGuard?: (guard: ComplaintGuard) => void;
}

export function complaintsAreaWith(options: ComplaintsAreaOptions = {}) {
  return async function complaintsArea(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
    const guard = new ComplaintGuard(options.limits ?? DEFAULT_LIMITS, deps.now().getTime());
    options.onGuard?.(guard);
    await complainantPages(app, { deps, guard, formToken: options.formToken ?? FORM_TOKEN_RULES });
    await complaintsApi(app, { deps, guard });
    await officerPages(app, { deps, guard });
  };
}

/** The area with the default limits: the line for AREAS in src/web/server.ts. */
export const complaintsArea = complaintsAreaWith();
