/**
 * The administrators' page of the background jobs (/staff/admin/jobs): the queued, running and failed jobs with
 * their last error, and retrying a failed one. System administrators only. Forms, no JavaScript.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listJobs, retryJob } from './queue.ts';
import { JOBS_PATH, JobsPage } from './views.tsx';
import { SYSTEM_ADMIN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { idParam, pageRoute } from '../web/route.ts';
import { sendPage, viewOf } from '../web/view.tsx';

export async function jobsPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  pageRoute(app, 'GET', JOBS_PATH, { access: SYSTEM_ADMIN, query: z.object({ failed: z.string().max(8).optional() }) }, async ({ query, request, reply }) => {
    const view = viewOf(request, reply);
    const failedOnly = query.failed !== undefined && query.failed !== '0';
    const jobs = await listJobs(deps.db, principalOf(request), { failed: failedOnly });
    return sendPage(reply, { view, title: view.m.jobsTitle, children: <JobsPage view={view} jobs={jobs} failedOnly={failedOnly} /> });
  });

  pageRoute(app, 'POST', `${JOBS_PATH}/:id/retry`, { access: SYSTEM_ADMIN, params: z.object({ id: idParam }) }, async ({ params, request, reply }) => {
    await retryJob(deps.db, principalOf(request), params.id, deps.now());
    return reply.redirect(`${JOBS_PATH}?failed=1`, 303);
  });
}
