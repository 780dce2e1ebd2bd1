/**
 * What every page of a year shares: the year named by the URL (/staff/o/<slug>/<year>/…), the year's place in
 * the navigation with what the person may do there, and the switch to another fiscal year. Also the year's
 * status page (/status): an organisation administrator closes the year or reopens it, with a reason and a
 * confirmation box (no script: the form is refused without the box ticked).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canInOrg, listYears, resolveOrg, yearContext, type YearRef } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { parseInput } from '../app/input.ts';
import type { Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { inOrg } from '../web/access.ts';
import { principalOf } from '../web/principal.ts';
import type { AreaOptions } from '../web/deps.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { yearsMessages } from './messages.ts';
import { setYearStatus, yearStatus } from './years.ts';
import { formOf, safeBack } from '../web/forms.ts';
import { Checkboxes, CsrfField, dateTime, ErrorSummary, errorFor, fieldErrors, sendPage, TextArea, viewOf, yearPath, type FieldError, type View, type YearNav, type YearSection } from '../web/view.tsx';

/** The path parameters of an organisation's pages (/staff/o/<slug>/…). */
export const orgParams = z.object({ slug: z.string() });
/** The path parameters of a year's pages (/staff/o/<slug>/<year>/…). */
export const yearParams = z.object({ slug: z.string(), year: z.string() });

/** The organisation and fiscal year of the URL's parameters. A year that is not four digits is "not found". */
export function yearRefOf(params: { readonly slug: string; readonly year?: string | undefined }): YearRef {
  const { slug, year } = params;
  if (!/^\d{4}$/.test(year ?? '')) throw new NotFound('year', yearsMessages.noYear({ year: String(year) }));
  return { org: slug, year: Number(year) };
}

/** The organisation and fiscal year of the URL. A year that is not four digits is "not found". */
export function yearRef(request: FastifyRequest): YearRef {
  return yearRefOf(parseInput(orgParams.extend({ year: z.string().optional() }), request.params));
}

export async function yearNav(db: Queryable, request: FastifyRequest, current: YearSection): Promise<YearNav> {
  const ctx = await yearContext(db, principalOf(request), yearRef(request));
  return { slug: ctx.slug, orgNameTh: ctx.nameTh, year: ctx.year, criteriaYear: ctx.criteriaYear, criteriaRevision: ctx.criteriaRevision, status: ctx.status, permissions: ctx.permissions, current };
}

/** The fiscal years to switch to, as a small GET form (works without JavaScript). */
export function YearSwitch({ view, slug, year, years, section }: { view: View; slug: string; year: number; years: readonly number[]; section: string }) {
  const { m } = view;
  if (years.length < 2) return null;
  return (
    <form method="get" action={`/staff/o/${encodeURIComponent(slug)}/switch`} class="buttons">
      <input type="hidden" name="section" value={section} />
      <label for="year-switch">{m.yearSwitch}</label>
      <select id="year-switch" name="year" class="narrow">
        {years.map((y) => (
          <option key={y} value={String(y)} selected={y === year}>
            {m.fiscalYearOf(y)}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary small">
        {m.go}
      </button>
    </form>
  );
}

export async function yearsOf(db: Queryable, request: FastifyRequest): Promise<number[]> {
  const { slug } = parseInput(orgParams, request.params);
  return (await listYears(db, principalOf(request), slug)).map((y) => y.year);
}

const SECTIONS = new Set(['', '/scores', '/criteria', '/analysis', '/measures', '/approvals', '/documents']);

export async function yearRoutes(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  /** The organisation's newest year. */
  pageRoute(app, 'GET', '/staff/o/:slug', { access: inOrg('year.read'), params: orgParams }, async ({ params, request, reply }) => {
    const years = await yearsOf(deps.db, request);
    if (years.length === 0) return firstYearPage(request, reply, params.slug);
    return reply.redirect(yearPath(params.slug, years[0] as number), 303);
  });

  /** An organisation without any fiscal year yet: start its first one (the new-year page, src/years/carry-pages.tsx). */
  const firstYearPage = async (request: FastifyRequest, reply: FastifyReply, slug: string) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const org = request.org ?? (await resolveOrg(deps.db, principalOf(request), slug));
    const may = canInOrg(principalOf(request), 'measures.write', org);
    return sendPage(reply, {
      view,
      title: org.nameTh,
      children: (
        <>
          <p>
            <a href="/staff">{m.home}</a>
          </p>
          <h1>{org.nameTh}</h1>
          <p>{m.noYears}</p>
          {canInOrg(principalOf(request), 'org.admin', org) ? (
            <p>
              <a href={`/staff/o/${encodeURIComponent(org.slug)}/setup`}>{m.setupLink}</a>
            </p>
          ) : null}
          {may ? (
            <p>
              <a class="button primary" href={`/staff/o/${encodeURIComponent(org.slug)}/new-year`}>
                {m.newYearTitle}
              </a>
            </p>
          ) : null}
        </>
      ),
    });
  };

  const statusPage = async (request: FastifyRequest, reply: FastifyReply, done: string | undefined, errors: FieldError[] = [], status = 200) => {
    const view = viewOf(request, reply);
    const { m, lang } = view;
    const nav = await yearNav(deps.db, request, 'approvals');
    const now = await yearStatus(deps.db, principalOf(request), yearRef(request));
    const closed = now.status === 'closed';
    return sendPage(
      reply,
      {
        view,
        title: m.yearStatusTitle,
        nav,
        flash: done ? { kind: 'ok', text: m.saved } : null,
        children: (
          <>
            <h1>
              {m.yearStatusTitle} · {m.fiscalYearOf(nav.year)}
            </h1>
            <p>
              <span class={`badge ${closed ? 'bad' : 'ok'}`}>{closed ? m.yearClosedNow : m.yearOpenNow}</span>
            </p>
            {now.reason ? <p>{m.yearStatusChanged(closed, now.changedBy ?? '–', dateTime(lang, now.changedAt), now.reason)}</p> : null}
            {nav.permissions.actions.includes('year.close') ? (
              <form method="post" action={yearPath(nav.slug, nav.year, closed ? '/reopen' : '/close')} class="card" novalidate>
                <ErrorSummary view={view} errors={errors} fields={['reason', 'confirm', 'status']} />
                <CsrfField view={view} />
                <TextArea name="reason" label={m.statusReason} rows={3} error={errorFor(errors, 'reason')} />
                <Checkboxes name="confirm" legend={closed ? m.reopenYear : m.closeYear} options={[['yes', closed ? m.confirmReopen : m.confirmClose]]} checked={[]} error={errorFor(errors, 'confirm')} />
                <button type="submit" class={closed ? 'primary' : 'danger'}>
                  {closed ? m.reopenYear : m.closeYear}
                </button>
              </form>
            ) : null}
          </>
        ),
      },
      status,
    );
  };

  const doneQuery = z.object({ done: queryText });
  pageRoute(app, 'GET', '/staff/o/:slug/:year/status', { access: inOrg('year.read'), params: yearParams, query: doneQuery }, ({ query, request, reply }) =>
    statusPage(request, reply, query.done),
  );

  for (const [verb, target] of [
    ['close', 'closed'],
    ['reopen', 'open'],
  ] as const) {
    pageRoute(app, 'POST', `/staff/o/:slug/:year/${verb}`, { access: inOrg('year.close'), params: yearParams, query: doneQuery }, async ({ params, query, request, reply }) => {
      const form = formOf(request);
      const ref = yearRefOf(params);
      try {
        if (form.get('confirm') !== 'yes') throw new InputError('confirm', yearsMessages.confirmFirst());
        await setYearStatus(deps.db, principalOf(request), ref, target, { reason: form.get('reason') });
        return reply.redirect(yearPath(ref.org, ref.year, '/status?done=1'), 303);
      } catch (error) {
        return statusPage(request, reply, query.done, fieldErrors(request.lang, error), 400);
      }
    });
  }

  const switchQuery = z.object({ year: queryText, section: queryText });
  pageRoute(app, 'GET', '/staff/o/:slug/switch', { access: inOrg('year.read'), params: orgParams, query: switchQuery }, async ({ params, query, request, reply }) => {
    const { slug } = params;
    const year = /^\d{4}$/.test(query.year ?? '') ? Number(query.year) : NaN;
    const years = await yearsOf(deps.db, request);
    if (!years.includes(year)) throw new NotFound('year', yearsMessages.noYear({ year: query.year ?? '' }));
    const section = SECTIONS.has(query.section ?? '') ? (query.section ?? '') : '';
    return reply.redirect(safeBack(yearPath(slug, year, section), '/staff'), 303);
  });
}
