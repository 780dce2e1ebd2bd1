/**
 * The staff pages of the agency's own surveys (/staff/o/<slug>/<year>/surveys…): the list and the form for a new
 * survey, one survey (edit, service points, one-time codes, publish, close, the open-data switch), its results and
 * its answers as CSV and XLSX. Reading is year.read (supervisors read results, never codes); every change is
 * survey.write, a form with the CSRF token; publishing, closing and removing a service point ask for a
 * confirmation first. A refused form comes back with its values and its problems, nothing written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { criteriaOf } from '../ita/index.ts';
import { originOf } from '../portal/routes-public.tsx';
import { writeCsv } from '../io/workbook.ts';
import { yearNav, yearParams, yearRefOf } from '../years/year-pages.tsx';
import { inOrg } from '../web/access.ts';
import { confirmed, sendConfirmDelete } from '../web/confirm.tsx';
import type { AreaOptions } from '../web/deps.ts';
import { attachment } from '../web/download.ts';
import { formDate } from '../web/date-field.tsx';
import { formOf, type Form } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { idParam, pageRoute } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, yearPath } from '../web/view.tsx';
import { exportAnswers } from './export.ts';
import type { OwnQuestion } from './model.ts';
import { addPoint, closeSurvey, createSurvey, generateCodes, getSurvey, publishSurvey, removePoint, surveyResultsOf, updateSurvey, type Survey } from './service.ts';
import { CodesPage, ResultsPage, SurveyListPage, SurveyPage, type SurveyFormState } from './views-staff.tsx';

const surveyParams = yearParams.extend({ id: idParam });
type YearParams = z.output<typeof yearParams>;
type SurveyParams = z.output<typeof surveyParams>;

const FIELDS = ['kind', 'title', 'opensOn', 'closesOn', 'targetRespondents', 'ownQuestions', 'ownScale'] as const;

/** The own questions of the form: one per line; "| yes-no" (or "| four-level") after a line gives its scale. */
export function ownQuestionsOf(text: string, defaultScale: string): OwnQuestion[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, i) => {
      const bar = line.lastIndexOf('|');
      const scale = bar >= 0 ? line.slice(bar + 1).trim() : defaultScale || 'four-level';
      return { code: `s${i + 1}`, textTh: (bar >= 0 ? line.slice(0, bar) : line).trim(), scale };
    });
}

const valuesOf = (form: Form): Record<string, string> => Object.fromEntries(FIELDS.map((f) => [f, form.raw(f)]));

export async function surveyStaffPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const listPage = async (request: FastifyRequest, reply: FastifyReply, params: YearParams, state: SurveyFormState, status = 200) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'surveys');
    const surveys = await surveyResultsOf(deps.db, principalOf(request), yearRefOf(params));
    const canWrite = nav.permissions.actions.includes('survey.write');
    const page = <SurveyListPage view={view} slug={nav.slug} year={nav.year} surveys={surveys} canWrite={canWrite} criteria={criteriaOf(nav)} state={state} />;
    return sendPage(reply, { view, title: view.m.surveysTitle, nav, children: page }, status);
  };

  const surveyPage = async (request: FastifyRequest, reply: FastifyReply, params: SurveyParams, state: SurveyFormState, status = 200, flash: string | null = null) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'surveys');
    const survey = await getSurvey(deps.db, principalOf(request), yearRefOf(params), params.id);
    const canWrite = nav.permissions.actions.includes('survey.write');
    const page = <SurveyPage view={view} slug={nav.slug} year={nav.year} survey={survey} canWrite={canWrite} state={state} origin={originOf(request)} />;
    return sendPage(reply, { view, title: survey.title, nav, flash: flash ? { kind: 'ok', text: flash } : null, children: page }, status);
  };

  /** Runs a change of one survey; back to its page when done, or the page with the problems (400). */
  const change = async (request: FastifyRequest, reply: FastifyReply, params: SurveyParams, run: () => Promise<unknown>, values?: Record<string, string>) => {
    try {
      await run();
      return reply.redirect(yearPath(params.slug, Number(params.year), `/surveys/${encodeURIComponent(params.id)}?saved=1`), 303);
    } catch (error) {
      return surveyPage(request, reply, params, { errors: fieldErrors(request.lang, error), ...(values ? { values } : {}) }, 400);
    }
  };

  pageRoute(app, 'GET', '/staff/o/:slug/:year/surveys', { access: inOrg('year.read'), params: yearParams }, ({ params, request, reply }) => listPage(request, reply, params, {}));

  pageRoute(app, 'POST', '/staff/o/:slug/:year/surveys', { access: inOrg('survey.write'), params: yearParams }, async ({ params, request, reply }) => {
    const form = formOf(request);
    const values = valuesOf(form);
    try {
      const survey = await createSurvey(deps.db, principalOf(request), yearRefOf(params), {
        kind: form.get('kind'),
        title: form.get('title'),
        opensOn: formDate(form, 'opensOn') ?? '',
        closesOn: formDate(form, 'closesOn') ?? '',
        targetRespondents: form.get('targetRespondents'),
        ownQuestions: ownQuestionsOf(form.raw('ownQuestions'), form.get('ownScale')),
      });
      return reply.redirect(yearPath(params.slug, survey.year, `/surveys/${survey.id}`), 303);
    } catch (error) {
      return listPage(request, reply, params, { values, errors: fieldErrors(request.lang, error) }, 400);
    }
  });

  const savedQuery = z.object({ saved: z.string().optional() });
  pageRoute(app, 'GET', '/staff/o/:slug/:year/surveys/:id', { access: inOrg('year.read'), params: surveyParams, query: savedQuery }, ({ params, query, request, reply }) =>
    surveyPage(request, reply, params, {}, 200, query.saved === undefined ? null : viewOf(request, reply).m.saved),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/surveys/:id', { access: inOrg('survey.write'), params: surveyParams }, async ({ params, request, reply }) => {
    const form = formOf(request);
    const values = valuesOf(form);
    const principal = principalOf(request);
    const ref = yearRefOf(params);
    return change(
      request,
      reply,
      params,
      async () => {
        const survey = await getSurvey(deps.db, principal, ref, params.id);
        await updateSurvey(deps.db, principal, ref, params.id, {
          title: form.get('title'),
          opensOn: formDate(form, 'opensOn') ?? '',
          closesOn: formDate(form, 'closesOn') ?? '',
          targetRespondents: form.get('targetRespondents'),
          ...(survey.status === 'draft' ? { ownQuestions: ownQuestionsOf(form.raw('ownQuestions'), form.get('ownScale')) } : {}),
        });
      },
      values,
    );
  });

  /** Publishing and closing: a confirmation first, then the change. */
  for (const [step, run] of [
    ['publish', publishSurvey],
    ['close', closeSurvey],
  ] as const) {
    pageRoute(app, 'POST', `/staff/o/:slug/:year/surveys/:id/${step}`, { access: inOrg('survey.write'), params: surveyParams }, async ({ params, request, reply }) => {
      const principal = principalOf(request);
      const ref = yearRefOf(params);
      if (!confirmed(formOf(request).get('confirm'))) {
        const survey = await getSurvey(deps.db, principal, ref, params.id);
        const view = viewOf(request, reply);
        const { m } = view;
        const words = step === 'publish' ? { title: m.surveyPublish, button: m.surveyPublish, warning: m.surveyPublishWarning } : { title: m.surveyClose, button: m.surveyClose, warning: m.surveyCloseWarning };
        return sendConfirmDelete(reply, {
          view,
          nav: await yearNav(deps.db, request, 'surveys'),
          question: step === 'publish' ? m.surveyPublishQuestion(survey.title) : m.surveyCloseQuestion(survey.title),
          action: yearPath(params.slug, survey.year, `/surveys/${survey.id}/${step}`),
          back: yearPath(params.slug, survey.year, `/surveys/${survey.id}`),
          words,
        });
      }
      return change(request, reply, params, () => run(deps.db, principal, ref, params.id));
    });
  }

  pageRoute(app, 'POST', '/staff/o/:slug/:year/surveys/:id/open-data', { access: inOrg('survey.write'), params: surveyParams }, ({ params, request, reply }) =>
    change(request, reply, params, () => updateSurvey(deps.db, principalOf(request), yearRefOf(params), params.id, { publishResults: formOf(request).get('publish') === 'yes' })),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/surveys/:id/points', { access: inOrg('survey.write'), params: surveyParams }, ({ params, request, reply }) =>
    change(request, reply, params, () => addPoint(deps.db, principalOf(request), yearRefOf(params), params.id, formOf(request).get('name'))),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/surveys/:id/points/remove', { access: inOrg('survey.write'), params: surveyParams }, async ({ params, request, reply }) => {
    const form = formOf(request);
    const principal = principalOf(request);
    const ref = yearRefOf(params);
    const pointId = form.get('pointId');
    if (!confirmed(form.get('confirm'))) {
      const survey = await getSurvey(deps.db, principal, ref, params.id);
      const point = survey.points.find((p) => p.id === pointId);
      if (!point) return change(request, reply, params, () => removePoint(deps.db, principal, ref, params.id, pointId));
      const view = viewOf(request, reply);
      return sendConfirmDelete(reply, {
        view,
        nav: await yearNav(deps.db, request, 'surveys'),
        question: view.m.surveyPointRemoveQuestion(point.name),
        action: yearPath(params.slug, survey.year, `/surveys/${survey.id}/points/remove`),
        fields: { pointId },
        back: yearPath(params.slug, survey.year, `/surveys/${survey.id}`),
      });
    }
    return change(request, reply, params, () => removePoint(deps.db, principal, ref, params.id, pointId));
  });

  // The codes are shown once, on this answer (printed or downloaded now): the database keeps only their hashes.
  pageRoute(app, 'POST', '/staff/o/:slug/:year/surveys/:id/codes', { access: inOrg('survey.write'), params: surveyParams }, async ({ params, request, reply }) => {
    const principal = principalOf(request);
    const ref = yearRefOf(params);
    const raw = formOf(request).get('count');
    let codes: string[];
    let survey: Survey;
    try {
      codes = await generateCodes(deps.db, principal, ref, params.id, /^\d{1,5}$/.test(raw) ? Number(raw) : NaN);
      survey = await getSurvey(deps.db, principal, ref, params.id);
    } catch (error) {
      return surveyPage(request, reply, params, { errors: fieldErrors(request.lang, error) }, 400);
    }
    const view = viewOf(request, reply);
    const link = `${originOf(request)}/s/${survey.linkToken}`;
    const csv = writeCsv({ header: ['code', 'link'], rows: codes.map((c) => [c, link]) }).toString('utf8');
    reply.header('cache-control', 'no-store');
    return sendPage(reply, { view, title: view.m.surveyCodes, nav: await yearNav(deps.db, request, 'surveys'), children: <CodesPage view={view} survey={survey} codes={codes} csv={csv} link={link} /> });
  });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/surveys/:id/results', { access: inOrg('year.read'), params: surveyParams }, async ({ params, request, reply }) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'surveys');
    const [found] = await surveyResultsOf(deps.db, principalOf(request), yearRefOf(params), params.id);
    const { survey, results } = found as NonNullable<typeof found>;
    return sendPage(reply, { view, title: `${view.m.surveyResults} · ${survey.title}`, nav, children: <ResultsPage view={view} slug={nav.slug} year={nav.year} survey={survey} results={results} /> });
  });

  for (const format of ['csv', 'xlsx'] as const) {
    pageRoute(app, 'GET', `/staff/o/:slug/:year/surveys/:id/responses.${format}`, { access: inOrg('year.read'), params: surveyParams }, async ({ params, request, reply }) => {
      const file = await exportAnswers(deps.db, principalOf(request), yearRefOf(params), params.id, format);
      return attachment(reply, file.bytes, file.filename, format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    });
  }
}
