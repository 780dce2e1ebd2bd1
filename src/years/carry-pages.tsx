/**
 * Moving to the next fiscal year: choose the measures of this year to carry forward (unfinished ones by
 * default) and, when the next year does not exist yet, the criteria it is assessed under; the copies start as
 * planned, without results or progress, their periods a year later (src/years/carry.ts). And starting a new year in
 * one step (/staff/o/<slug>/new-year): the year and its criteria, last year's published scores, last year's
 * unfinished measures, saved together or not at all (startYear).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { carryForward, defaultCriteriaYear, startYear, type CarryResult } from './carry.ts';
import { listYears, resolveOrg } from '../app/context.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { listMeasures } from '../measures/measures.ts';
import { criteriaYears, getCriteria, provisionalFor } from '../ita/index.ts';
import { fiscalYearOf, toArabicDigits } from '../thai/index.ts';
import { TemplateLinks } from './views-scores.tsx';
import { InputError } from '../errors.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf, type Form } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import { Checkboxes, CsrfField, ErrorSummary, errorFor, fieldErrors, FileField, Select, sendPage, TextField, viewOf, yearPath, type FieldError } from '../web/view.tsx';
import { pageRoute, queryText } from '../web/route.ts';
import { yearsMessages } from './messages.ts';
import { orgParams, yearNav, yearParams, yearRef, yearRefOf, yearsOf } from './year-pages.tsx';

export async function carryPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, state: { errors?: FieldError[]; result?: CarryResult; chosen?: string[] } = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m, lang } = view;
    const nav = await yearNav(deps.db, request, 'measures');
    const measures = await listMeasures(deps.db, principalOf(request), yearRef(request));
    const years = await yearsOf(deps.db, request);
    const next = nav.year + 1;
    const nextExists = years.includes(next);
    const errors = state.errors ?? [];
    const chosen = state.chosen ?? measures.filter((x) => x.status === 'planned' || x.status === 'in_progress').map((x) => x.id);
    const r = state.result;
    return sendPage(
      reply,
      {
        view,
        title: m.carryTitle(next),
        nav,
        children: (
          <>
            <p>
              <a href={yearPath(nav.slug, nav.year, '/measures')}>← {m.navMeasures}</a>
            </p>
            <h1>{m.carryTitle(next)}</h1>
            {r ? (
              <section class="notice ok" role="status" aria-labelledby="carry-result">
                <h2 id="carry-result">{m.carryDone(r.carried.length, r.year)}</h2>
                {r.created ? <p>{m.yearCreated(r.year, r.criteriaYear)}</p> : null}
                {r.carried.length ? (
                  <ul>
                    {r.carried.map((c) => (
                      <li key={c.id}>
                        <a href={yearPath(nav.slug, r.year, `/measures/${c.id}`)}>
                          {m.measureNo(c.seq)} {c.titleTh}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {r.skipped.map((x) => (
                  <p key={x.fromId}>{said(lang, x)}</p>
                ))}
                {r.droppedIndicators.length ? <p>{m.droppedIndicators(r.droppedIndicators.map((d) => d.indicators.join(', ')).join('; '))}</p> : null}
                <p>
                  <a href={yearPath(nav.slug, r.year, '/measures')}>{m.goToYear(r.year)}</a>
                </p>
              </section>
            ) : null}
            <p>{m.carryIntro(next)}</p>
            {nextExists ? null : (
              <p>
                <a class="button secondary" href={`/staff/o/${encodeURIComponent(nav.slug)}/new-year?year=${next}`}>
                  {m.newYearTitle}: {m.newYearButton(next)}
                </a>
              </p>
            )}
            <form method="post" action={yearPath(nav.slug, nav.year, '/carry')} class="card" novalidate>
              <ErrorSummary view={view} errors={errors} fields={['measureIds', 'criteriaYear']} />
              <CsrfField view={view} />
              <Checkboxes
                name="measureIds"
                legend={m.measuresToCarry}
                options={measures.map((x): [string, string] => [x.id, `${x.seq}. ${x.titleTh} (${m.measureStatus[x.status]})`])}
                checked={chosen}
                error={errorFor(errors, 'measureIds')}
              />
              {nextExists ? (
                <p>{m.nextYearExists(next)}</p>
              ) : (
                <Select
                  name="criteriaYear"
                  label={m.nextCriteria(next)}
                  value={String(defaultCriteriaYear(next))}
                  options={criteriaYears().map((y): [string, string] => [String(y), m.criteriaYearOf(y)])}
                  error={errorFor(errors, 'criteriaYear')}
                />
              )}
              <button type="submit" class="primary">
                {m.carryButton(next)}
              </button>
            </form>
          </>
        ),
      },
      status,
    );
  };

  /** เริ่มปีงบประมาณใหม่: the new year, its criteria, last year's scores and last year's unfinished measures, in one form. */
  const newYearPage = async (request: FastifyRequest, reply: FastifyReply, slug: string, query: { year?: string | undefined }, state: { errors?: FieldError[]; form?: Form } = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const principal = principalOf(request);
    const org = await resolveOrg(deps.db, principal, slug, 'measures.write');
    const asked = state.form?.get('year') ?? query.year ?? '';
    const year = /^\d{4}$/.test(toArabicDigits(asked)) ? Number(toArabicDigits(asked)) : fiscalYearOf(deps.now());
    const previous = year - 1;
    const held = (await listYears(deps.db, principal, slug)).find((y) => y.year === previous);
    const measures = held ? await listMeasures(deps.db, principal, { org: slug, year: previous }) : [];
    const lastCriteria = getCriteria(held?.criteriaYear ?? defaultCriteriaYear(previous));
    const errors = state.errors ?? [];
    const chosen = state.form ? state.form.all('measureIds') : measures.filter((x) => x.status === 'planned' || x.status === 'in_progress').map((x) => x.id);
    const criteriaLabel = (y: number) => (provisionalFor(year, getCriteria(y)) ? `${m.criteriaYearOf(y)} ${m.provisionalMark}` : m.criteriaYearOf(y));
    const action = `/staff/o/${encodeURIComponent(org.slug)}/new-year`;
    return sendPage(
      reply,
      {
        view,
        title: m.newYearTitle,
        children: (
          <>
            <p>
              <a href={`/staff/o/${encodeURIComponent(org.slug)}`}>← {org.nameTh}</a>
            </p>
            <h1>{m.newYearTitle}</h1>
            <p>{m.newYearIntro(year, previous)}</p>
            <form method="get" action={action} class="buttons">
              <TextField name="year" label={m.fiscalYear} value={String(year)} inputMode="numeric" class="narrow" />
              <button type="submit" class="secondary small">
                {m.newYearPick}
              </button>
            </form>
            <form method="post" action={action} class="card" enctype="multipart/form-data" novalidate>
              <ErrorSummary view={view} errors={errors} />
              <CsrfField view={view} />
              <input type="hidden" name="year" value={String(year)} />
              <Select
                name="criteriaYear"
                label={m.nextCriteria(year)}
                value={state.form?.get('criteriaYear') || String(defaultCriteriaYear(year))}
                options={criteriaYears().map((y): [string, string] => [String(y), criteriaLabel(y)])}
                error={errorFor(errors, 'criteriaYear')}
              />
              <fieldset>
                <legend>{m.previousScoresLegend(previous)}</legend>
                <p class="hint">{m.previousScoresHint(previous)}</p>
                <div class="grid">
                  {lastCriteria.indicators.map((i) => (
                    <TextField
                      key={i.number}
                      name={`i${i.number}`}
                      errorField={`previousScores.indicators.${i.number}`}
                      label={`${i.number}. ${view.lang === 'th' ? i.nameTh : i.nameEn}`}
                      value={state.form?.get(`i${i.number}`) ?? ''}
                      inputMode="decimal"
                      class="narrow"
                      error={errorFor(errors, `previousScores.indicators.${i.number}`)}
                    />
                  ))}
                </div>
                <FileField
                  name="previousScoresFile"
                  label={m.previousScoresFile}
                  hint={m.previousScoresFileHint(previous)}
                  accept=".xlsx,.csv"
                  error={errorFor(errors, 'previousScoresFile')}
                />
                <TemplateLinks view={view} slug={org.slug} year={previous} />
              </fieldset>
              {measures.length ? (
                <Checkboxes
                  name="measureIds"
                  legend={m.newYearMeasures(previous)}
                  options={measures.map((x): [string, string] => [x.id, `${x.seq}. ${x.titleTh} (${m.measureStatus[x.status]})`])}
                  checked={chosen}
                  error={errorFor(errors, 'measureIds')}
                />
              ) : (
                <p>{m.newYearNoMeasures(previous)}</p>
              )}
              <button type="submit" class="primary">
                {m.newYearButton(year)}
              </button>
            </form>
          </>
        ),
      },
      status,
    );
  };

  const yearQuery = z.object({ year: queryText });
  pageRoute(app, 'GET', '/staff/o/:slug/new-year', { access: inOrg('measures.write'), params: orgParams, query: yearQuery }, ({ params, query, request, reply }) =>
    newYearPage(request, reply, params.slug, query),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/new-year', { access: inOrg('measures.write'), params: orgParams, query: yearQuery, config: { uploads: {} } }, async ({ params, query, request, reply }) => {
    const { slug } = params;
    const form = formOf(request);
    try {
      const [file] = await form.files('previousScoresFile');
      const year = toArabicDigits(form.get('year'));
      if (!/^\d{4}$/.test(year)) throw new InputError('year', yearsMessages.yearDigits());
      const typed = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), form.get(`i${i + 1}`)]).filter(([, v]) => v !== ''));
      const criteria = form.get('criteriaYear');
      const r = await startYear(
        deps.db,
        principalOf(request),
        slug,
        {
          year: Number(year),
          // Checked by the use case: a year that is not one of the criteria is refused, not ignored.
          ...(criteria !== '' ? { criteriaYear: Number(criteria) } : {}),
          ...(Object.keys(typed).length ? { previousScores: { indicators: typed } } : {}),
          measureIds: form.all('measureIds'),
          ...(file ? { previousScoresFile: { bytes: file.bytes, filename: file.filename } } : {}),
        },
        todayInBangkok(deps.now()),
      );
      return reply.redirect(yearPath(slug, r.year), 303);
    } catch (error) {
      return newYearPage(request, reply, slug, query, { errors: fieldErrors(request.lang, error, 'year'), form }, 400);
    }
  });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/carry', { access: inOrg('measures.write'), params: yearParams }, ({ request, reply }) => page(request, reply));

  pageRoute(app, 'POST', '/staff/o/:slug/:year/carry', { access: inOrg('measures.write'), params: yearParams }, async ({ params, request, reply }) => {
    const form = formOf(request);
    const chosen = form.all('measureIds');
    const criteria = form.get('criteriaYear');
    try {
      const result = await carryForward(deps.db, principalOf(request), yearRefOf(params), {
        measureIds: chosen,
        // Checked by the use case: a year that is not one of the criteria is refused, not ignored.
        ...(criteria !== '' ? { criteriaYear: Number(criteria) } : {}),
      });
      return page(request, reply, { result, chosen });
    } catch (error) {
      return page(request, reply, { errors: fieldErrors(request.lang, error, 'carry'), chosen }, 400);
    }
  });
}
