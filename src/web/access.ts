/**
 * The authorisation rule registry: every route states who may call it, in its route options
 * (`{ config: { access: … } }`). The server refuses to start with a route that states nothing, and the route
 * matrix test (test/web-routes.test.ts) enumerates every registered route, calls it as every role, anonymously
 * and from another organisation, and checks the answer against the rule.
 *
 * The rules are enforced before the handler runs (src/web/server.ts: signed-in in onRequest, the organisation in
 * preHandler, through the app layer's authorisation), and the use cases authorise again, more finely (a unit
 * head and the measures of their unit), on every call.
 */
import type { Action } from '../app/authz.ts';
import type { UploadRule } from './uploads.ts';

export type Access =
  /** Anyone, signed in or not: the sign-in page, health, static assets. */
  | { readonly kind: 'public' }
  /** Any signed-in person: their own account, the list of their organisations. */
  | { readonly kind: 'signed-in' }
  /**
   * A signed-in person allowed one of `actions` in the organisation named by the route's `:slug` parameter
   * (for measure.unit.write: on the measures of at least one of their units).
   */
  | { readonly kind: 'org'; readonly actions: readonly Action[] }
  /** System administrators only. */
  | { readonly kind: 'system' }
  /** System administrators and supervisors; the use case checks the office (src/supervision/access.ts). */
  | { readonly kind: 'supervision' };

export const PUBLIC: Access = { kind: 'public' };
export const SIGNED_IN: Access = { kind: 'signed-in' };
export const SYSTEM_ADMIN: Access = { kind: 'system' };
export const SUPERVISION: Access = { kind: 'supervision' };
export const inOrg = (...actions: Action[]): Access => ({ kind: 'org', actions });

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (required on every route). */
    access?: Access;
    /**
     * false: the route takes state-changing requests without a CSRF token. Only for requests that a browser
     * cannot be tricked into sending with the person's credentials (none so far: bearer-token requests are
     * exempt anyway).
     */
    csrf?: boolean;
    /**
     * A complainant's route (the complaint channel): public, and a staff session or token in the browser is not
     * even looked up, so nothing records that this person was here (docs/complaints-security.md).
     */
    complainant?: boolean;
    /** The route takes files (multipart/form-data); no other route does (src/web/uploads.ts). */
    uploads?: UploadRule;
  }
}

/** A registered route and its rule, as the route matrix test reads them. */
export interface RouteRule {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
  /** false when the route takes changes without a CSRF token (config.csrf). */
  readonly csrf: boolean;
}

export class MissingAccessRule extends Error {
  constructor(method: string, url: string) {
    super(`route ${method} ${url} has no access rule: add { config: { access: … } } (src/web/access.ts)`);
  }
}
