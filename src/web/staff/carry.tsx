/**
 * Moving to the next fiscal year: choose the measures of this year to carry forward (unfinished ones by
 * default) and, when the next year does not exist yet, the criteria it is assessed under; the copies start as
 * planned, without results or progress, their periods a year later (src/app/carry.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { carryForward, defaultCriteriaYear, type CarryResult } from '../../app/carry.ts';
import { listMeasures } from '../../app/measures.ts';
import { criteriaYears } from '../../ita/index.ts';
import { inOrg } from '../access.ts';
import type { AreaOptions } from '../deps.ts';
import { formOf } from '../forms.ts';
import { said } from '../i18n.ts';
import { principalOf } from '../principal.ts';
import { Checkboxes, CsrfField, ErrorSummary, errorFor, fieldErrors, Select, sendPage, viewOf, yearPath, type FieldError } from '../view.tsx';
import { yearNav, yearRef, yearsOf } from './year.tsx';

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

  app.get('/staff/o/:slug/:year/carry', { config: { access: inOrg('measures.write') } }, (request, reply) => page(request, reply));

  app.post('/staff/o/:slug/:year/carry', { config: { access: inOrg('measures.write') } }, async (request, reply) => {
    const form = formOf(request);
    const chosen = form.all('measureIds');
    const criteria = form.get('criteriaYear');
    try {
      const result = await carryForward(deps.db, principalOf(request), yearRef(request), {
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
