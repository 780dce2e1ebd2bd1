/**
 * The NACC calendar page (/staff/o/<slug>/<year>/calendar): the dates of the year's milestones that the
 * coordinator enters from the NACC's announcements, and the organisation's progress due day; the reminders remind
 * of them (./reminders.ts). A refused form comes back with its values and problems, nothing written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CALENDAR_ACTIONS, MILESTONES, naccCalendar, setNaccCalendar } from './calendar.ts';
import { CalendarPage } from './calendar-views.tsx';
import { yearNav, yearParams, yearRefOf } from '../years/year-pages.tsx';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, yearPath, type FieldError } from '../web/view.tsx';

export async function calendarPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const access = inOrg(...CALENDAR_ACTIONS);
  const page = async (request: FastifyRequest, reply: FastifyReply, params: { slug: string; year: string }, state: { saved?: boolean; values?: Record<string, string>; errors?: FieldError[] }, status = 200) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'dashboard');
    const calendar = await naccCalendar(deps.db, principalOf(request), yearRefOf(params));
    return sendPage(
      reply,
      {
        view,
        title: view.m.calendarTitle,
        nav,
        flash: state.saved ? { kind: 'ok', text: view.m.calendarSaved } : null,
        children: <CalendarPage view={view} slug={nav.slug} calendar={calendar} values={state.values} errors={state.errors ?? []} />,
      },
      status,
    );
  };

  pageRoute(app, 'GET', '/staff/o/:slug/:year/calendar', { access, params: yearParams, query: z.object({ saved: queryText }) }, ({ params, query, request, reply }) =>
    page(request, reply, params, { saved: query.saved !== undefined }),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/calendar', { access, params: yearParams }, async ({ params, request, reply }) => {
    const form = formOf(request);
    const values: Record<string, string> = { dueDay: form.raw('dueDay') };
    for (const m of MILESTONES) values[m] = form.raw(m);
    const ref = yearRefOf(params);
    try {
      await setNaccCalendar(deps.db, principalOf(request), ref, { dueDay: values.dueDay ?? '', dates: values });
      return reply.redirect(yearPath(ref.org, ref.year, '/calendar?saved=1'), 303);
    } catch (error) {
      return page(request, reply, params, { values, errors: fieldErrors(request.lang, error) }, 400);
    }
  });
}
