/**
 * What every page of a year shares: the year named by the URL (/staff/o/<slug>/<year>/…), the year's place in
 * the navigation with what the person may do there, and the switch to another fiscal year.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listYears, yearContext, type YearRef } from '../../app/context.ts';
import { NotFound } from '../../app/errors.ts';
import type { Queryable } from '../../db/index.ts';
import { inOrg } from '../access.ts';
import { principalOf } from '../principal.ts';
import type { AreaOptions } from '../deps.ts';
import { safeBack } from '../forms.ts';
import { yearPath, type View, type YearNav, type YearSection } from '../view.tsx';

/** The organisation and fiscal year of the URL. A year that is not four digits is "not found". */
export function yearRef(request: FastifyRequest): YearRef {
  const { slug, year } = request.params as { slug: string; year: string };
  if (!/^\d{4}$/.test(year ?? '')) throw new NotFound('year', `ไม่พบปีงบประมาณ "${year}"`, `no fiscal year "${year}"`);
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
    if (years.length === 0) throw new NotFound('year', 'หน่วยงานนี้ยังไม่มีข้อมูลปีงบประมาณ', 'this organisation has no fiscal year yet');
    return reply.redirect(yearPath(slug, years[0] as number), 303);
  });

  app.get('/staff/o/:slug/switch', { config: { access: inOrg('year.read') } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const query = request.query as Record<string, string | undefined>;
    const year = /^\d{4}$/.test(query.year ?? '') ? Number(query.year) : NaN;
    const years = await yearsOf(deps.db, request);
    if (!years.includes(year)) throw new NotFound('year', `ไม่พบปีงบประมาณ "${query.year ?? ''}"`, `no fiscal year "${query.year ?? ''}"`);
    const section = SECTIONS.has(query.section ?? '') ? (query.section ?? '') : '';
    return reply.redirect(safeBack(yearPath(slug, year, section), '/staff'), 303);
  });
}
