/**
 * The routes of the approvals of the year's documents: the page, asking for an approval, deciding one (which also
 * publishes the approved documents' OIT items). The page is in views-approvals.tsx.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listApprovals, requestApproval } from './approvals.ts';
import { ApprovalsPage } from './views-approvals.tsx';
import { decideAndPublish } from '../portal/publications-approved.ts';
import { OwnWork } from '../app/authz.ts';
import { Conflict } from '../app/errors.ts';
import type { ApprovalSubject } from '../model/year.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, yearPath, type FieldError } from '../web/view.tsx';
import { yearNav, yearRef } from '../years/year-pages.tsx';

/** The path parameters of the year's approvals (any text: an unknown organisation or year is a 404, said by the app layer). */
const yearParams = z.object({ slug: z.string(), year: z.string() });
/** ?done=… after a redirect. */
const pageQuery = z.object({ done: queryText });
type PageQuery = z.output<typeof pageQuery>;

export async function approvalPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, query: PageQuery, state: { errors?: FieldError[]; flash?: string } = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const nav = await yearNav(deps.db, request, 'approvals');
    const states = await listApprovals(deps.db, principalOf(request), yearRef(request));
    const done = query.done;
    return sendPage(
      reply,
      {
        view,
        title: m.navApprovals,
        nav,
        flash: state.flash ? { kind: 'bad', text: state.flash } : done ? { kind: 'ok', text: m.saved } : null,
        children: <ApprovalsPage view={view} nav={nav} states={states} errors={state.errors ?? []} />,
      },
      status,
    );
  };

  pageRoute(app, 'GET', '/staff/o/:slug/:year/approvals', { access: inOrg('year.read'), params: yearParams, query: pageQuery }, ({ query, request, reply }) => page(request, reply, query));

  pageRoute(app, 'POST', '/staff/o/:slug/:year/approvals', { access: inOrg('approval.request'), params: yearParams, query: pageQuery }, async ({ query, request, reply }) => {
    const form = formOf(request);
    const subject = form.get('subject');
    const ref = yearRef(request);
    try {
      await requestApproval(deps.db, principalOf(request), ref, { subject: subject as ApprovalSubject, comment: form.get('comment') || null });
      return reply.redirect(yearPath(ref.org, ref.year, '/approvals?done=1'), 303);
    } catch (error) {
      // Said at the top of the page: a request already waiting has no request form to show it beside.
      return page(request, reply, query, { flash: fieldErrors(request.lang, error).map((e) => e.message).join(' ') }, 400);
    }
  });

  pageRoute(
    app,
    'POST',
    '/staff/o/:slug/:year/approvals/:id/decide',
    { access: inOrg('approval.decide'), params: yearParams.extend({ id: z.string() }), query: pageQuery },
    async ({ params, query, request, reply }) => {
      const { id } = params;
      const form = formOf(request);
      const ref = yearRef(request);
      try {
        // An approval also publishes the OIT items that are the approved documents (src/portal/publications-approved.ts).
        const { state: decided } = await decideAndPublish(
          deps.db,
          principalOf(request),
          ref,
          id,
          {
            decision: form.get('decision') as 'approved' | 'rejected',
            comment: form.get('comment') || null,
            reason: form.get('reason') || null,
            ...(form.get('documentSha256') ? { documentSha256: form.get('documentSha256') } : {}),
          },
          { now: deps.now(), browser: deps.browser },
        );
        return reply.redirect(yearPath(ref.org, ref.year, `/approvals?done=${decided.subject}`), 303);
      } catch (error) {
        if (error instanceof Conflict) return page(request, reply, query, { flash: said(request.lang, error) }, 409);
        if (error instanceof OwnWork) return page(request, reply, query, { flash: said(request.lang, { th: error.detailTh, en: error.detailEn }) }, 403);
        const subject = (await listApprovals(deps.db, principalOf(request), ref)).find((a) => a.history.some((h) => h.id === id.toLowerCase()))?.subject;
        if (!subject) throw error;
        const errors = fieldErrors(request.lang, error).map((e) => ({ field: `${subject}.${e.field === 'reason' ? 'reason' : 'comment'}`, message: e.message }));
        return page(request, reply, query, { errors }, 400);
      }
    },
  );
}
