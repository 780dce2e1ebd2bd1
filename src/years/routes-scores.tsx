/**
 * The scores of a year: typed in (the ten indicators, the EIT parts, the published result and where the scores
 * come from) with a preview of the result before saving, or imported from a table (the one-agency-per-row
 * format of `prongsai export`) with a check that writes nothing first. The preview updates in place with htmx
 * when JavaScript runs; without it, the same button reloads the page with the preview. (Views: views-scores.tsx.)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { previewScores } from './score-preview.ts';
import { getScores, importScores, setScores, type ScoresPatch } from './scores.ts';
import { yearsMessages } from './messages.ts';
import { criteriaOf } from '../ita/index.ts';
import { InputError } from '../errors.ts';
import { CHOSEN_SCORE_SOURCES, SCORE_SOURCES, type ScoreSource } from '../model/year.ts';
import { inOrg } from '../web/access.ts';
import { listYears, resolveOrg } from '../app/context.ts';
import { writeScoresTemplate } from '../io/scores-table.ts';
import { fiscalYearOf, toArabicDigits } from '../thai/index.ts';
import { attachment } from '../web/download.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf, type Form } from '../web/forms.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { fieldErrors, fragment, sendPage, viewOf, yearPath } from '../web/view.tsx';
import { orgParams, yearNav, yearParams, yearRef, yearRefOf } from './year-pages.tsx';
import { principalOf } from '../web/principal.ts';
import { PreviewErrors, Result, ScoresPage, type ScoresPageState, type Values } from './views-scores.tsx';

/** The change the form describes: every field of the form, an empty one meaning "no score". */
export function scoresPatchFromForm(form: Form, indicatorNumbers: readonly number[], hasParts: boolean): { patch: ScoresPatch; values: Values } {
  const values: Values = {};
  const indicators: Record<string, string | null> = {};
  for (const n of indicatorNumbers) {
    const v = form.get(`i${n}`);
    values[`i${n}`] = v;
    indicators[String(n)] = v === '' ? null : v;
  }
  for (const k of ['eit1', 'eit2', 'officialOverall', 'officialGrade', 'source']) values[k] = form.get(k);
  const { eit1 = '', eit2 = '', officialOverall = '', officialGrade = '', source = '' } = values;
  checkSource(source);
  if (hasParts && (eit1 === '') !== (eit2 === '')) {
    throw new InputError('eitParts', yearsMessages.eitBothPartsForm());
  }
  const patch: ScoresPatch = {
    indicators,
    ...(hasParts ? { eitParts: eit1 === '' ? null : [eit1, eit2] } : {}),
    official: officialOverall === '' && officialGrade === '' ? null : { overall: officialOverall === '' ? null : officialOverall, grade: officialGrade || null },
    source: source === '' ? null : (source as ScoreSource),
  };
  return { patch, values };
}

/** A source named in a form: none, or one of the sources. */
function checkSource(source: string): void {
  if (source !== '' && !(SCORE_SOURCES as readonly string[]).includes(source)) throw new InputError('source', yearsMessages.scoreSource({ list: CHOSEN_SCORE_SOURCES.join(', ') }));
}

export async function scorePages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, done: string | undefined, state: ScoresPageState = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const nav = await yearNav(deps.db, request, 'scores');
    const current = await getScores(deps.db, principalOf(request), yearRef(request));
    return sendPage(
      reply,
      {
        view,
        title: m.navScores,
        nav,
        flash: done ? { kind: 'ok', text: m.saved } : null,
        children: <ScoresPage view={view} nav={nav} current={current} state={state} />,
      },
      status,
    );
  };

  const doneQuery = z.object({ done: queryText });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/scores', { access: inOrg('year.read'), params: yearParams, query: doneQuery }, ({ query, request, reply }) =>
    page(request, reply, query.done),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/scores', { access: inOrg('scores.write'), params: yearParams, query: doneQuery }, async ({ params, query, request, reply }) => {
    const form = formOf(request);
    const nav = await yearNav(deps.db, request, 'scores');
    const criteria = criteriaOf(nav);
    const hasParts = Boolean(criteria.tools.find((t) => t.code === 'EIT')?.parts);
    // htmx asks for the preview alone (to swap it in place); a plain form post gets the whole page.
    const mode = form.get('mode') === 'preview' && request.headers['hx-request'] === 'true' ? 'preview-fragment' : form.get('mode');
    let values: Values = {};
    try {
      const built = scoresPatchFromForm(form, criteria.indicators.map((i) => i.number), hasParts);
      values = built.values;
      if (mode === 'preview' || mode === 'preview-fragment') {
        const preview = await previewScores(deps.db, principalOf(request), yearRefOf(params), built.patch);
        if (mode === 'preview-fragment') return reply.type('text/html; charset=utf-8').send(fragment(<Result view={viewOf(request, reply)} result={preview} preview />));
        return page(request, reply, query.done, { values, preview });
      }
      await setScores(deps.db, principalOf(request), yearRefOf(params), built.patch);
      return reply.redirect(yearPath(nav.slug, nav.year, '/scores?done=1'), 303);
    } catch (error) {
      const errors = fieldErrors(request.lang, error, 'scores');
      if (mode === 'preview-fragment') {
        const view = viewOf(request, reply);
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(fragment(<PreviewErrors view={view} errors={errors} />));
      }
      return page(request, reply, query.done, { values: Object.keys(values).length ? values : Object.fromEntries(criteria.indicators.map((i) => [`i${i.number}`, form.get(`i${i.number}`)])), errors }, 400);
    }
  });

  // The template holds only the organisation's name and a year: whoever may read the organisation's years gets it.
  const templateQuery = z.object({ format: queryText, year: queryText });
  pageRoute(app, 'GET', '/staff/o/:slug/scores-template', { access: inOrg('year.read'), params: orgParams, query: templateQuery }, async ({ params, query, request, reply }) => {
    const format = query.format ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'csv') throw new InputError('format', yearsMessages.templateFormat());
    const yearText = toArabicDigits(query.year ?? '').trim();
    const year = yearText === '' ? fiscalYearOf(deps.now()) : Number(yearText);
    if (!/^\d{4}$/.test(String(year)) || year < 2500 || year > 2700) throw new InputError('year', yearsMessages.templateYear());
    const org = request.org ?? (await resolveOrg(deps.db, principalOf(request), params.slug));
    // The year's current scores when it exists, so that a row imported back changes only what was changed.
    const current = (await listYears(deps.db, principalOf(request), org.slug)).some((y) => y.year === year)
      ? (await getScores(deps.db, principalOf(request), { org: org.slug, year })).scores
      : null;
    const bytes = await writeScoresTemplate([{ agency: org.nameTh, year, indicators: current?.indicators ?? {}, eitParts: current?.eitParts ?? null }], format);
    const mediaType = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return attachment(reply, bytes, `แม่แบบคะแนน-${org.slug}-${year}.${format}`, mediaType);
  });

  pageRoute(
    app,
    'POST',
    '/staff/o/:slug/:year/scores/import',
    { access: inOrg('scores.write'), params: yearParams, query: doneQuery, config: { uploads: {} } },
    async ({ params, query, request, reply }) => {
      const form = formOf(request);
      const [file] = await form.files('file');
      const source = form.get('source');
      try {
        if (!file) throw new InputError('file', yearsMessages.chooseScoresFile());
        checkSource(source);
        const outcome = await importScores(deps.db, principalOf(request), params.slug, { bytes: file.bytes, filename: file.filename }, {
          dryRun: form.get('mode') !== 'import',
          ...(source !== '' ? { source: source as ScoreSource } : {}),
        });
        return page(request, reply, query.done, { outcome }, outcome.problems.some((p) => p.severity === 'error') ? 400 : 200);
      } catch (error) {
        return page(request, reply, query.done, { importErrors: fieldErrors(request.lang, error) }, 400);
      }
    },
  );
}
