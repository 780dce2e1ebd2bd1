/**
 * The year's advice page (/staff/o/<slug>/<year>/advice): the advice, newest first, with its replies; a
 * supervisor's form for new advice and, for those who reply, a reply form under each. Forms with the CSRF token,
 * no JavaScript; a refused form comes back with its values and its problems, nothing written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { giveAdvice, listAdvice, replyToAdvice } from './service.ts';
import { AdvicePage, type AdviceFormState } from './views.tsx';
import { yearNav, yearParams, yearRefOf } from '../years/year-pages.tsx';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, yearPath } from '../web/view.tsx';

export async function advicePages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, params: { slug: string; year: string }, state: AdviceFormState & { sent?: boolean }, status = 200) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'dashboard');
    const advice = await listAdvice(deps.db, principalOf(request), yearRefOf(params));
    const actions = nav.permissions.actions;
    return sendPage(
      reply,
      {
        view,
        title: view.m.adviceTitle,
        nav,
        flash: state.sent ? { kind: 'ok', text: view.m.adviceSent } : null,
        children: <AdvicePage view={view} slug={nav.slug} year={nav.year} advice={advice} canWrite={actions.includes('advice.write')} canReply={actions.includes('advice.reply')} state={state} />,
      },
      status,
    );
  };

  pageRoute(app, 'GET', '/staff/o/:slug/:year/advice', { access: inOrg('year.read'), params: yearParams, query: z.object({ sent: queryText }) }, ({ params, query, request, reply }) =>
    page(request, reply, params, { sent: query.sent !== undefined }),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/advice', { access: inOrg('advice.write'), params: yearParams }, async ({ params, request, reply }) => {
    const form = formOf(request);
    const input = { text: form.raw('text'), indicators: form.all('indicators') };
    const ref = yearRefOf(params);
    try {
      await giveAdvice(deps.db, principalOf(request), ref, input);
      return reply.redirect(yearPath(ref.org, ref.year, '/advice?sent=1'), 303);
    } catch (error) {
      return page(request, reply, params, { text: input.text, indicators: input.indicators, errors: fieldErrors(request.lang, error) }, 400);
    }
  });

  const replyParams = yearParams.extend({ id: z.string() });
  pageRoute(app, 'POST', '/staff/o/:slug/:year/advice/:id/replies', { access: inOrg('advice.reply'), params: replyParams }, async ({ params, request, reply }) => {
    const text = formOf(request).raw('text');
    const ref = yearRefOf(params);
    try {
      await replyToAdvice(deps.db, principalOf(request), ref, params.id, { text });
      return reply.redirect(yearPath(ref.org, ref.year, `/advice?sent=1#advice-${params.id}`), 303);
    } catch (error) {
      return page(request, reply, params, { replyTo: params.id, text, errors: fieldErrors(request.lang, error) }, 400);
    }
  });
}
