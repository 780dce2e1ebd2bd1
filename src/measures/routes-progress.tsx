/**
 * The routes of a measure's monthly progress with its evidence: report a month with its files, change or remove an
 * entry, attach or replace a file, review one, download one. The pages are in views-progress.tsx.
 *
 * A report with files is all or nothing: the files are checked before the entry is written, and if storing one
 * still fails, the entry just written is removed again, so the person fixes the form and sends it again.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFound } from '../app/errors.ts';
import { InputError } from '../errors.ts';
import { downloadEvidence, listEvidence, reviewEvidence, uploadEvidence } from './evidence.ts';
import { checkFile } from './file-types.ts';
import { getMeasure, listMeasures, type MeasureView } from './measures.ts';
import { measuresMessages } from './messages.ts';
import { addProgress, deleteProgress, listProgress, updateProgress } from './progress.ts';
import { todayInBangkok } from './reporting.ts';
import { ProgressSection, type ProgressFormState } from './views-progress.tsx';
import { inOrg } from '../web/access.ts';
import { confirmed, sendConfirmDelete } from '../web/confirm.tsx';
import type { AreaOptions, Deps } from '../web/deps.ts';
import { attachment } from '../web/download.ts';
import { formOf, type Form, type Upload } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { date, fieldErrors, viewOf, yearPath, type View, type YearNav } from '../web/view.tsx';
import { yearNav, yearRef } from '../years/year-pages.tsx';

/** The path parameters of a year's pages (any text: an unknown organisation or year is a 404, said by the app layer). */
export const yearParams = z.object({ slug: z.string(), year: z.string() });
/** …and of one record of the year. */
export const itemParams = yearParams.extend({ id: z.string() });
/** What a measure's page (and the list) take after a redirect: ?done=… and the month just reported (?month=YYYY-MM). */
export const pageQuery = z.object({ done: queryText, month: queryText });
export type PageQuery = z.output<typeof pageQuery>;

/** The progress part of a measure's page, with its entries and evidence read. */
export async function progressSection(deps: Deps, request: FastifyRequest, query: PageQuery, view: View, nav: YearNav, measure: MeasureView, state: ProgressFormState = {}) {
  const principal = principalOf(request);
  const ref = yearRef(request);
  const [entries, evidence] = await Promise.all([listProgress(deps.db, principal, ref, measure.id), listEvidence(deps.db, principal, ref, { measureId: measure.id })]);
  const month = query.month;
  const form = state.month === undefined && month !== undefined ? { ...state, month } : state;
  return <ProgressSection view={view} nav={nav} measure={measure} entries={entries} evidence={evidence} state={form} maxBytes={deps.maxUploadBytes} />;
}

/** Checks every file before anything is written (the same check the app layer makes when storing). */
function checkFiles(deps: Deps, files: readonly Upload[]): void {
  for (const f of files) checkFile(f.bytes, f.filename, f.mediaType, deps.maxUploadBytes);
}

async function uploadAll(deps: Deps, request: FastifyRequest, progressId: string, files: readonly Upload[], replacesId: string | null): Promise<void> {
  for (const f of files) {
    await uploadEvidence(deps.db, principalOf(request), yearRef(request), progressId, { bytes: f.bytes, filename: f.filename, declaredType: f.mediaType, replacesId }, { maxBytes: deps.maxUploadBytes });
  }
}

/** The fields of a progress form that are put back when the form comes back with errors. */
const formValues = (form: Form) => Object.fromEntries(['month', 'done', 'status', 'outcome'].map((k) => [k, form.get(k)]));

export type MeasurePage = (
  request: FastifyRequest,
  reply: FastifyReply,
  query: PageQuery,
  state: { measure: MeasureView; progress?: ProgressFormState },
  status?: number,
) => Promise<FastifyReply>;

const REPORTER = inOrg('progress.write', 'measure.unit.write');

export async function progressRoutes(app: FastifyInstance, { deps }: AreaOptions, measurePage: MeasurePage): Promise<void> {
  const back = (request: FastifyRequest, measureId: string, done: string, month?: string) => {
    const ref = yearRef(request);
    return yearPath(ref.org, ref.year, `/measures/${measureId}?done=${done}${month ? `&month=${month}` : ''}#progress`);
  };

  pageRoute(
    app,
    'POST',
    '/staff/o/:slug/:year/measures/:id/progress',
    { access: REPORTER, params: itemParams, query: pageQuery, config: { uploads: {} } },
    async ({ params, query, request, reply }) => {
      const principal = principalOf(request);
      const ref = yearRef(request);
      const measure = await getMeasure(deps.db, principal, ref, params.id);
      const form = formOf(request);
      const files = await form.files('file');
      let createdId: string | null = null;
      try {
        checkFiles(deps, files);
        const entry = await addProgress(deps.db, principal, ref, measure.id, {
          month: form.get('month'),
          done: form.get('done'),
          status: form.get('status'),
          outcome: form.get('outcome') || null,
          date: todayInBangkok(deps.now()),
        });
        createdId = entry.id;
        await uploadAll(deps, request, entry.id, files, null);
        return reply.redirect(back(request, measure.id, 'progress', entry.periodStart.slice(0, 7)), 303);
      } catch (error) {
        if (createdId) await deleteProgress(deps.db, principal, ref, createdId);
        return measurePage(request, reply, query, { measure, progress: { errors: fieldErrors(request.lang, error), values: formValues(form) } }, 400);
      }
    },
  );

  /** The measure of a progress entry of the year (NotFound for an entry of another year or organisation). */
  const measureOfEntry = async (request: FastifyRequest, progressId: string): Promise<MeasureView> => {
    const measures = await listMeasures(deps.db, principalOf(request), yearRef(request));
    const found = measures.find((x) => x.progress.some((p) => p.id === progressId.toLowerCase()));
    if (!found) throw new NotFound('progressId', measuresMessages.noEntry({ id: progressId }));
    return found;
  };

  pageRoute(app, 'POST', '/staff/o/:slug/:year/progress/:id', { access: REPORTER, params: itemParams, query: pageQuery }, async ({ params, query, request, reply }) => {
    const { id } = params;
    const measure = await measureOfEntry(request, id);
    const form = formOf(request);
    try {
      await updateProgress(deps.db, principalOf(request), yearRef(request), id, { done: form.get('done'), status: form.get('status'), outcome: form.get('outcome') || null }, form.get('updatedAt'));
      return reply.redirect(back(request, measure.id, 'progress'), 303);
    } catch (error) {
      return measurePage(request, reply, query, { measure, progress: { errors: fieldErrors(request.lang, error) } }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/o/:slug/:year/progress/:id/delete', { access: REPORTER, params: itemParams }, async ({ params, request, reply }) => {
    const { id } = params;
    const measure = await measureOfEntry(request, id);
    const form = formOf(request);
    if (!confirmed(form.get('confirm'))) {
      const entry = measure.progress.find((p) => p.id === id.toLowerCase()) as MeasureView['progress'][number];
      const view = viewOf(request, reply);
      const ref = yearRef(request);
      return sendConfirmDelete(reply, {
        view,
        nav: await yearNav(deps.db, request, 'measures'),
        question: view.m.confirmDeleteEntry(`${date(view.lang, entry.periodStart)} – ${date(view.lang, entry.periodEnd)}`),
        action: yearPath(ref.org, ref.year, `/progress/${entry.id}/delete`),
        fields: { updatedAt: form.get('updatedAt') },
        back: yearPath(ref.org, ref.year, `/measures/${measure.id}#progress`),
      });
    }
    await deleteProgress(deps.db, principalOf(request), yearRef(request), id, form.get('updatedAt') || undefined);
    return reply.redirect(back(request, measure.id, 'deleted'), 303);
  });

  pageRoute(
    app,
    'POST',
    '/staff/o/:slug/:year/progress/:id/evidence',
    { access: REPORTER, params: itemParams, query: pageQuery, config: { uploads: {} } },
    async ({ params, query, request, reply }) => {
      const { id } = params;
      const measure = await measureOfEntry(request, id);
      const form = formOf(request);
      const files = await form.files('file');
      try {
        if (files.length === 0) throw new InputError('file', measuresMessages.chooseEvidence());
        checkFiles(deps, files);
        await uploadAll(deps, request, id, files, form.get('replacesId') || null);
        return reply.redirect(back(request, measure.id, 'evidence'), 303);
      } catch (error) {
        return measurePage(request, reply, query, { measure, progress: { errors: fieldErrors(request.lang, error, 'evidence') } }, 400);
      }
    },
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/evidence/:id/review', { access: inOrg('evidence.review'), params: itemParams, query: pageQuery }, async ({ params, query, request, reply }) => {
    const { id } = params;
    const form = formOf(request);
    const principal = principalOf(request);
    const ref = yearRef(request);
    const evidence = (await listEvidence(deps.db, principal, ref)).find((x) => x.id === id.toLowerCase());
    if (!evidence) throw new NotFound('evidenceId', measuresMessages.noEvidence({ id }));
    try {
      await reviewEvidence(deps.db, principal, ref, id, { decision: form.get('decision') as 'accepted' | 'rejected', note: form.get('note') || null });
      return reply.redirect(back(request, evidence.measureId, 'review'), 303);
    } catch (error) {
      const measure = await getMeasure(deps.db, principal, ref, evidence.measureId);
      return measurePage(request, reply, query, { measure, progress: { errors: fieldErrors(request.lang, error, 'review') } }, 400);
    }
  });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/evidence/:id', { access: inOrg('year.read'), params: itemParams }, async ({ params, request, reply }) => {
    const file = await downloadEvidence(deps.db, principalOf(request), yearRef(request), params.id);
    return attachment(reply, file.bytes, file.filename, file.mediaType);
  });
}
