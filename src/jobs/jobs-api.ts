/**
 * The API of the background jobs (system administrators): the queued, running and failed jobs with their last error
 * (`?failed=true`: failed ones only), and retrying a failed one.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { JOB_STATUSES, listJobs, retryJob } from './queue.ts';
import { SYSTEM_ADMIN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { apiRoute, idParam } from '../web/route.ts';

const jobSchema = z.object({
  id: z.number(),
  kind: z.string(),
  orgSlug: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  runAt: z.string(),
  attempts: z.number(),
  maxAttempts: z.number(),
  lockedBy: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export async function jobsApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/admin/jobs',
      operationId: 'listJobs',
      tag: 'jobs',
      summary: 'The background jobs queued, running and failed, with their last error (system administrator); ?failed=true: failed ones only',
      access: SYSTEM_ADMIN,
      query: z.object({ failed: z.enum(['true', 'false']).optional() }),
      response: z.array(jobSchema),
    },
    async ({ request, query }) => listJobs(deps.db, principalOf(request), { failed: query.failed === 'true' }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/admin/jobs/:id/retry',
      operationId: 'retryJob',
      tag: 'jobs',
      summary: 'Queue a failed job again, due now, with all its attempts (system administrator)',
      access: SYSTEM_ADMIN,
      params: z.object({ id: idParam }),
      response: jobSchema,
    },
    async ({ request, params }) => retryJob(deps.db, principalOf(request), params.id, deps.now()),
  );
}
