/**
 * The API of self-service sign-up (src/accounts/signup.ts): an agency's request (anyone, when the instance allows it;
 * rate-limited per client address like signing in), and for the system administrator the pending requests,
 * approving (the answer holds the new administrator's one-time set-password link), rejecting, and the setting.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { approveSignup, approveSignupSchema, listSignups, rejectSignup, rejectSignupSchema, requestSignup, setSignupOpen, signupRequestSchema, signupSettingSchema } from './signup.ts';
import { PUBLIC, SYSTEM_ADMIN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { originOf } from '../portal/routes-public.tsx';
import { principalOf } from '../web/principal.ts';
import { apiRoute, idParam } from '../web/route.ts';

const requestSchema = z.object({
  id: z.string(),
  nameTh: z.string(),
  type: z.string(),
  province: z.string(),
  district: z.string().nullable(),
  requesterName: z.string(),
  requesterPosition: z.string(),
  requesterEmail: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export async function signupApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/public/signup',
      operationId: 'requestSignup',
      tag: 'signup',
      summary: 'An agency requests an organisation (anyone, when the instance allows self-service sign-up; otherwise 404); the system administrator checks it',
      access: PUBLIC,
      rateLimit: { max: deps.signInPerMinute, timeWindow: 60_000 },
      body: signupRequestSchema,
      response: z.object({ received: z.literal(true) }),
      status: 202,
    },
    async ({ body }) => {
      await requestSignup(deps.db, body);
      return { received: true as const };
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/signups',
      operationId: 'listSignups',
      tag: 'signup',
      summary: 'The pending sign-up requests, oldest first (system administrator)',
      access: SYSTEM_ADMIN,
      response: z.object({ signups: z.array(requestSchema) }),
    },
    async ({ request }) => ({ signups: await listSignups(deps.db, principalOf(request)) }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/signups/:id/approve',
      operationId: 'approveSignup',
      tag: 'signup',
      summary: 'Approve a request under the chosen slug: creates the organisation and its administrator; the answer holds a one-time set-password link (24 hours) to hand over',
      access: SYSTEM_ADMIN,
      params: z.object({ id: idParam }),
      body: approveSignupSchema,
      response: z.object({ slug: z.string(), personId: z.string(), link: z.string() }),
      status: 201,
    },
    async ({ request, params, body }) => {
      const made = await approveSignup(deps.db, principalOf(request), params.id, body, deps.now());
      return { slug: made.organisation.slug, personId: made.personId, link: `${originOf(request)}/setup/${made.link}` };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/signups/:id/reject',
      operationId: 'rejectSignup',
      tag: 'signup',
      summary: 'Reject a request with a reason (system administrator)',
      access: SYSTEM_ADMIN,
      params: z.object({ id: idParam }),
      body: rejectSignupSchema,
      response: z.object({ rejected: z.literal(true) }),
    },
    async ({ request, params, body }) => {
      await rejectSignup(deps.db, principalOf(request), params.id, body, deps.now());
      return { rejected: true as const };
    },
  );

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/settings/signup',
      operationId: 'setSignupOpen',
      tag: 'signup',
      summary: 'Turn self-service sign-up on or off (system administrator; off by default)',
      access: SYSTEM_ADMIN,
      body: signupSettingSchema,
      response: z.object({ open: z.boolean() }),
    },
    async ({ request, body }) => setSignupOpen(deps.db, principalOf(request), body),
  );
}
