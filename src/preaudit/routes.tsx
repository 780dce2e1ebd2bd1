/**
 * The pre-audit pages: /staff/o/<slug>/<year>/oit-check (every OIT item of the year with where it is answered, a
 * form per item, its latest check and the estimated scores; "check all now" and "check this item") and
 * /staff/o/<slug>/<year>/oit-check/<code> (the item's history). A refused form comes back with its values and
 * problems on its item's row, nothing written. A check runs while the request waits, then redirects back.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { oitAnswers, setOitAnswer } from './answers.ts';
import { injectOf, withOwnSite, type Reader } from './check.ts';
import { sharedFetcher } from './fetch.ts';
import { checkOit, preauditHistory, preauditResults, type ItemResult, type PreauditResults } from './service.ts';
import { OitCheckPage, OitHistoryPage, oitCheckPath, type AnswerFormState } from './views.tsx';
import { Forbidden, type Principal } from '../app/authz.ts';
import type { Db } from '../db/index.ts';
import { naccCalendar } from '../notifications/calendar.ts';
import { originOf } from '../portal/routes-public.tsx';
import { yearNav, yearParams, yearRefOf } from '../years/year-pages.tsx';
import type { YearRef } from '../app/context.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import type { Messages } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf } from '../web/view.tsx';

/**
 * The reader of a check: the portal's own pages (at the origin the answer sheet shows) read in-process, every
 * other address through the process's safe fetcher (its polite limit per host shared by every check).
 */
export function readerOf(app: FastifyInstance): (request: FastifyRequest) => Reader {
  const fetcher = sharedFetcher();
  return (request) => withOwnSite(originOf(request), injectOf(app), fetcher);
}

/** True when no weekly check will run: the calendar lacks the OIT's dates (asked only of those who may read it). */
async function noWeeklyCheck(db: Db, principal: Principal, ref: YearRef): Promise<boolean> {
  try {
    const { dates } = await naccCalendar(db, principal, ref);
    return dates.oit_open === null || dates.oit_close === null;
  } catch (error) {
    if (error instanceof Forbidden) return false;
    throw error;
  }
}

function checkedFlash(m: Messages, results: PreauditResults, checked: string | undefined): string | null {
  if (checked === undefined) return null;
  const done = results.items.flatMap((i) => (i.result ? [i.result] : []));
  const count = (status: ItemResult['status']) => done.filter((r) => r.status === status).length;
  if (checked === 'all') return m.oitCheckedAll(count('pass'), count('manual'), count('fail'));
  const one = done.find((r) => r.item === checked);
  return one ? m.oitCheckedOne(one.item, m.oitStatus[one.status]) : null;
}

export async function preauditPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const read = inOrg('year.read', 'publication.write', 'publication.approve');
  const reader = readerOf(app);
  const page = async (request: FastifyRequest, reply: FastifyReply, params: { slug: string; year: string }, state: { saved?: string | undefined; checked?: string | undefined; form?: AnswerFormState }, status = 200) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'oitCheck');
    const principal = principalOf(request);
    const ref = yearRefOf(params);
    const answers = await oitAnswers(deps.db, principal, ref, originOf(request), deps.now());
    const results = await preauditResults(deps.db, principal, ref);
    const noWeekly = await noWeeklyCheck(deps.db, principal, ref);
    const saved = state.saved !== undefined && answers.items.some((i) => i.code === state.saved) ? state.saved : undefined;
    const text = saved ? view.m.oitSaved(saved) : checkedFlash(view.m, results, state.checked);
    return sendPage(
      reply,
      {
        view,
        title: view.m.oitCheckTitle,
        nav,
        flash: text ? { kind: 'ok', text } : null,
        children: <OitCheckPage view={view} answers={answers} results={results} noWeekly={noWeekly} state={state.form} />,
      },
      status,
    );
  };

  pageRoute(app, 'GET', '/staff/o/:slug/:year/oit-check', { access: read, params: yearParams, query: z.object({ saved: queryText, checked: queryText }) }, ({ params, query, request, reply }) =>
    page(request, reply, params, { saved: query.saved, checked: query.checked }),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/oit-check/run', { access: inOrg('publication.write'), params: yearParams }, async ({ params, request, reply }) => {
    const item = formOf(request).raw('item').trim();
    const ref = yearRefOf(params);
    const run = await checkOit(deps.db, principalOf(request), ref, { ...(item === '' ? {} : { item }), trigger: 'now', now: deps.now(), origin: originOf(request), reader: reader(request) });
    const one = item === '' ? null : (run.items[0]?.item ?? null);
    return reply.redirect(oitCheckPath(ref.org, ref.year, one ? `?checked=${encodeURIComponent(one)}#item-${one}` : '?checked=all'), 303);
  });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/oit-check/:code', { access: read, params: yearParams.extend({ code: z.string().max(20) }) }, async ({ params, request, reply }) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'oitCheck');
    const ref = yearRefOf(params);
    const { item, stretches } = await preauditHistory(deps.db, principalOf(request), ref, params.code);
    return sendPage(reply, { view, title: view.m.oitHistoryTitle(item.code), nav, children: <OitHistoryPage view={view} slug={ref.org} year={ref.year} item={item} stretches={stretches} /> });
  });

  pageRoute(app, 'POST', '/staff/o/:slug/:year/oit-check/:code', { access: inOrg('publication.write'), params: yearParams.extend({ code: z.string() }) }, async ({ params, request, reply }) => {
    const form = formOf(request);
    const values = { urls: form.raw('urls'), explanation: form.raw('explanation') };
    const ref = yearRefOf(params);
    try {
      const set = await setOitAnswer(deps.db, principalOf(request), ref, params.code, values);
      return reply.redirect(`${oitCheckPath(ref.org, ref.year, `?saved=${encodeURIComponent(set.code)}`)}#item-${set.code}`, 303);
    } catch (error) {
      return page(request, reply, params, { form: { code: params.code, values, errors: fieldErrors(request.lang, error) } }, 400);
    }
  });
}
