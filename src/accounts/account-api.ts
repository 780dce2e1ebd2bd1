/**
 * The API of the person themself: who am I, my organisations, my API tokens.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken, tokenNameSchema } from './accounts.ts';
import type { Account } from '../app/authz.ts';
import { ROLES } from '../app/authz.ts';
import { listOrganisations, listYears } from '../app/context.ts';
import { ORG_KINDS } from '../model/year.ts';
import { inOrg, SIGNED_IN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { apiRoute, idParam, slugParam } from '../web/route.ts';

const grantSchema = z.object({ role: z.enum(ROLES), orgId: z.string().nullable(), unitId: z.string().nullable() });
const meSchema = z.object({ personId: z.string(), nameTh: z.string(), email: z.string().nullable(), roles: z.array(grantSchema) });
const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const orgSchema = z.object({
  slug: z.string(),
  nameTh: z.string(),
  kind: z.enum(ORG_KINDS),
  province: z.string().nullable(),
  years: z.array(z.number().int()),
  roles: z.array(z.enum(ROLES)),
});
const yearSummarySchema = z.object({ year: z.number().int(), criteriaYear: z.number().int(), status: z.enum(['open', 'closed']), measures: z.number().int() });

export async function accountApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const me = (account: Account | null) => account as Account;

  apiRoute(
    app,
    { method: 'GET', url: '/api/v1/me', operationId: 'getMe', tag: 'account', summary: 'The signed-in person (or the token’s owner) and their roles', access: SIGNED_IN, response: meSchema },
    async ({ request }) => {
      const a = me(request.account);
      return { personId: a.principal.personId, nameTh: a.principal.nameTh, email: a.email, roles: a.principal.roles };
    },
  );

  apiRoute(
    app,
    { method: 'GET', url: '/api/v1/me/tokens', operationId: 'listTokens', tag: 'account', summary: 'My API tokens (never the tokens themselves)', access: SIGNED_IN, response: z.object({ tokens: z.array(tokenSchema) }) },
    async ({ request }) => ({ tokens: await listApiTokens(deps.db, me(request.account).principal) }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/me/tokens',
      operationId: 'createToken',
      tag: 'account',
      summary: 'Make an API token with my current roles; the token is in this answer only',
      access: SIGNED_IN,
      body: z.object({ name: tokenNameSchema }),
      response: z.object({ id: z.string(), token: z.string(), prefix: z.string() }),
      status: 201,
    },
    async ({ request, body }) => createApiToken(deps.db, me(request.account).principal, body.name, deps.now()),
  );

  apiRoute(
    app,
    { method: 'DELETE', url: '/api/v1/me/tokens/:id', operationId: 'revokeToken', tag: 'account', summary: 'Revoke one of my API tokens', access: SIGNED_IN, params: z.object({ id: idParam }), status: 204 },
    async ({ request, params, reply }) => {
      await revokeApiToken(deps.db, me(request.account).principal, params.id, deps.now());
      return reply.code(204).send();
    },
  );

  apiRoute(
    app,
    { method: 'GET', url: '/api/v1/orgs', operationId: 'listOrganisations', tag: 'organisations', summary: 'The organisations I may see', access: SIGNED_IN, response: z.object({ organisations: z.array(orgSchema) }) },
    async ({ request }) => ({ organisations: await listOrganisations(deps.db, me(request.account).principal) }),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/orgs/:slug/years',
      operationId: 'listYears',
      tag: 'organisations',
      summary: 'The fiscal years of an organisation, newest first',
      access: inOrg('year.read'),
      params: z.object({ slug: slugParam }),
      response: z.object({ years: z.array(yearSummarySchema) }),
    },
    async ({ request, params }) => ({ years: await listYears(deps.db, me(request.account).principal, params.slug) }),
  );
}
