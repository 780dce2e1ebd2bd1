/**
 * What every page of a year shares: the year named by the URL (/staff/o/<slug>/<year>/…), the year's place in
 * the navigation with what the person may do there, and the switch to another fiscal year.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createYear, defaultCriteriaYear } from '../../app/carry.ts';
import { canInOrg, listYears, resolveOrg, yearContext, type YearRef } from '../../app/context.ts';
import type { Queryable } from '../../db/index.ts';
import { inOrg } from '../access.ts';
import { inputError, notFound } from '../errors.tsx';
import { principalOf } from '../principal.ts';
import type { AreaOptions } from '../deps.ts';
import { criteriaYears } from '../../ita/index.ts';
import { fiscalYearOf, toArabicDigits } from '../../thai/index.ts';
import { formOf, safeBack } from '../forms.ts';
import { CsrfField, ErrorSummary, errorFor, fieldErrors, Select, sendPage, TextField, viewOf, yearPath, type FieldError, type View, type YearNav, type YearSection } from '../view.tsx';

/** The organisation and fiscal year of the URL. A year that is not four digits is "not found". */
export function yearRef(request: FastifyRequest): YearRef {
  const { slug, year } = request.params as { slug: string; year: string };
  if (!/^\d{4}$/.test(year ?? '')) throw notFound('year', (m) => m.errNoYear(String(year)));
  return { org: slug, year: Number(year) };
}

export async function yearNav(db: Queryable, request: FastifyRequest, current: YearSection): Promise<YearNav> {
  const ctx = await yearContext(db, principalOf(request), yearRef(request));
  return { slug: ctx.slug, orgNameTh: ctx.nameTh, year: ctx.year, criteriaYear: ctx.criteriaYear, status: ctx.status, permissions: ctx.permissions, current };
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
  const { slug } = request.params as { slug: string };
  return (await listYears(db, principalOf(request), slug)).map((y) => y.year);
}

const SECTIONS = new Set(['', '/scores', '/criteria', '/analysis', '/measures', '/approvals', '/documents']);

export async function yearRoutes(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  /** The organisation's newest year. */
  app.get('/staff/o/:slug', { config: { access: inOrg('year.read') } }, async (request, reply) => {
    const years = await yearsOf(deps.db, request);
    const { slug } = request.params as { slug: string };
    if (years.length === 0) return firstYearPage(request, reply);
    return reply.redirect(yearPath(slug, years[0] as number), 303);
  });

  /** An organisation without any fiscal year yet: open its first one. */
  const firstYearPage = async (request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const { slug } = request.params as { slug: string };
    const org = request.org ?? (await resolveOrg(deps.db, principalOf(request), slug));
    const may = canInOrg(principalOf(request), 'measures.write', org.orgId);
    const current = fiscalYearOf(deps.now());
    return sendPage(
      reply,
      {
        view,
        title: org.nameTh,
        children: (
          <>
            <p>
              <a href="/staff">{m.home}</a>
            </p>
            <h1>{org.nameTh}</h1>
            <p>{m.noYears}</p>
            {may ? (
              <form method="post" action={`/staff/o/${encodeURIComponent(slug)}/years`} class="card" novalidate>
                <ErrorSummary view={view} errors={errors} fields={['year', 'criteriaYear']} />
                <CsrfField view={view} />
                <TextField name="year" label={m.fiscalYear} value={String(current)} inputMode="numeric" class="narrow" required error={errorFor(errors, 'year')} />
                <Select
                  name="criteriaYear"
                  label={m.criteriaOfYear}
                  value={String(defaultCriteriaYear(current))}
                  options={criteriaYears().map((y): [string, string] => [String(y), m.criteriaYearOf(y)])}
                  error={errorFor(errors, 'criteriaYear')}
                />
                <button type="submit" class="primary">
                  {m.openYear}
                </button>
              </form>
            ) : null}
          </>
        ),
      },
      status,
    );
  };

  app.post('/staff/o/:slug/years', { config: { access: inOrg('measures.write') } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const form = formOf(request);
    try {
      const year = toArabicDigits(form.get('year'));
      if (!/^\d{4}$/.test(year)) throw inputError('year', (m) => m.errYearDigits);
      const ctx = await createYear(deps.db, principalOf(request), slug, { year: Number(year), criteriaYear: Number(form.get('criteriaYear')) });
      return reply.redirect(yearPath(slug, ctx.year), 303);
    } catch (error) {
      return firstYearPage(request, reply, fieldErrors(request.lang, error, 'year'), 400);
    }
  });

  app.get('/staff/o/:slug/switch', { config: { access: inOrg('year.read') } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const query = request.query as Record<string, string | undefined>;
    const year = /^\d{4}$/.test(query.year ?? '') ? Number(query.year) : NaN;
    const years = await yearsOf(deps.db, request);
    if (!years.includes(year)) throw notFound('year', (m) => m.errNoYear(query.year ?? ''));
    const section = SECTIONS.has(query.section ?? '') ? (query.section ?? '') : '';
    return reply.redirect(safeBack(yearPath(slug, year, section), '/staff'), 303);
  });
}
