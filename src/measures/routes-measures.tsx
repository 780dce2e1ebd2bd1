/**
 * The routes of the measures (มาตรการ) of a year: the list, the editor, reordering, removal, and the spreadsheet
 * export and import. The pages are in views-measures.tsx; progress and evidence routes in routes-progress.tsx.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listUnits, type UnitInfo } from '../accounts/accounts.ts';
import { yearContext } from '../app/context.ts';
import { Conflict } from '../app/errors.ts';
import { throwAll } from '../app/input.ts';
import { InputError } from '../errors.ts';
import { createMeasure, deleteMeasure, exportMeasures, getMeasure, importMeasures, listMeasures, reorderMeasures, updateMeasure, type MeasuresImportOutcome, type MeasureView } from './measures.ts';
import { measuresMessages } from './messages.ts';
import { itemParams, pageQuery, progressRoutes, progressSection, yearParams, type PageQuery } from './routes-progress.tsx';
import { doneFlash, editorTitle, MeasureEditor, MeasuresList, type Draft } from './views-measures.tsx';
import type { ProgressFormState } from './views-progress.tsx';
import { inOrg } from '../web/access.ts';
import { confirmed, sendConfirmDelete } from '../web/confirm.tsx';
import { formDate, formDateErrors } from '../web/date-field.tsx';
import type { AreaOptions } from '../web/deps.ts';
import { attachment } from '../web/download.ts';
import { formOf, type Form } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, yearPath, type FieldError } from '../web/view.tsx';
import { yearNav, yearRef, yearsOf } from '../years/year-pages.tsx';

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The date fields of a measure's period, and the fields their errors name. */
const PERIOD_FIELDS = [['periodStart', 'measure.period.start'], ['periodEnd', 'measure.period.end']] as const;

/** The measure a planner's form describes, as the app layer takes it. */
export function measureFromForm(form: Form, units: readonly UnitInfo[]): Record<string, unknown> {
  const responsible: { unitId: string | null; personId: null; labelTh: string }[] = [];
  for (let i = 0; i < 50; i++) {
    if (!form.has(`responsible.${i}.unitId`) && !form.has(`responsible.${i}.labelTh`)) break;
    const unitId = form.get(`responsible.${i}.unitId`) || null;
    const label = form.get(`responsible.${i}.labelTh`) || units.find((u) => u.id === unitId)?.nameTh || '';
    if (unitId === null && label === '') continue;
    responsible.push({ unitId, personId: null, labelTh: label });
  }
  const text = (name: string) => form.get(name) || null;
  return {
    titleTh: form.get('titleTh'),
    indicators: form.all('indicators').map(Number),
    methods: lines(form.get('methods')),
    actions: lines(form.get('actions')),
    responsible,
    period: { start: formDate(form, 'periodStart'), end: formDate(form, 'periodEnd'), textTh: text('periodText') },
    followUp: text('followUp'),
    expectedOutcome: text('expectedOutcome'),
    status: form.get('status') || 'planned',
    result: text('result'),
  };
}

/** What the editor page shows besides the year: the measure, the form as sent, its errors, the progress form's state. */
export interface EditorState {
  readonly measure?: MeasureView;
  readonly draft?: Draft;
  readonly errors?: FieldError[];
  readonly flash?: { kind: 'ok' | 'bad'; text: string };
  readonly progress?: ProgressFormState;
}

const exportQuery = z.object({ format: queryText });

export async function measurePages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const listPage = async (request: FastifyRequest, reply: FastifyReply, query: PageQuery, extra: { outcome?: MeasuresImportOutcome; errors?: FieldError[] } = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const nav = await yearNav(deps.db, request, 'measures');
    const measures = await listMeasures(deps.db, principalOf(request), yearRef(request));
    const years = await yearsOf(deps.db, request);
    return sendPage(
      reply,
      {
        view,
        title: m.navMeasures,
        nav,
        flash: doneFlash(m, query.done),
        children: <MeasuresList view={view} nav={nav} measures={measures} years={years} errors={extra.errors ?? []} outcome={extra.outcome} />,
      },
      status,
    );
  };

  pageRoute(app, 'GET', '/staff/o/:slug/:year/measures', { access: inOrg('year.read'), params: yearParams, query: pageQuery }, ({ query, request, reply }) => listPage(request, reply, query));

  const editorPage = async (request: FastifyRequest, reply: FastifyReply, query: PageQuery, state: EditorState, status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const nav = await yearNav(deps.db, request, 'measures');
    const units = await listUnits(deps.db, principalOf(request), nav.slug);
    const measure = state.measure;
    const progress = measure ? await progressSection(deps, request, query, view, nav, measure, state.progress) : null;
    return sendPage(
      reply,
      {
        view,
        title: editorTitle(m, measure),
        nav,
        flash: state.flash ?? doneFlash(m, query.done),
        children: <MeasureEditor view={view} nav={nav} units={units} measure={measure} draft={state.draft} errors={state.errors ?? []} progress={progress} />,
      },
      status,
    );
  };

  await progressRoutes(app, { deps }, (request, reply, query, state, status) => editorPage(request, reply, query, state, status));

  pageRoute(app, 'GET', '/staff/o/:slug/:year/measures/new', { access: inOrg('measures.write'), params: yearParams, query: pageQuery }, ({ query, request, reply }) =>
    editorPage(request, reply, query, {}),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/measures', { access: inOrg('measures.write'), params: yearParams, query: pageQuery }, async ({ params, query, request, reply }) => {
    const units = await listUnits(deps.db, principalOf(request), params.slug);
    const form = formOf(request);
    const draft = measureFromForm(form, units);
    try {
      throwAll(formDateErrors(form, PERIOD_FIELDS));
      const created = await createMeasure(deps.db, principalOf(request), yearRef(request), draft);
      return reply.redirect(yearPath(params.slug, yearRef(request).year, `/measures/${created.id}?done=1`), 303);
    } catch (error) {
      return editorPage(request, reply, query, { draft: draft as Draft, errors: fieldErrors(request.lang, error, 'measure') }, 400);
    }
  });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/measures/export', { access: inOrg('year.read'), params: yearParams, query: exportQuery }, async ({ query, request, reply }) => {
    const format = query.format;
    if (format !== undefined && format !== 'xlsx' && format !== 'measures-csv' && format !== 'progress-csv') {
      throw new InputError('format', measuresMessages.exportFormat());
    }
    const file = await exportMeasures(deps.db, principalOf(request), yearRef(request), format ?? 'xlsx');
    return attachment(reply, file.bytes, file.fileName, file.mediaType);
  });

  pageRoute(
    app,
    'POST',
    '/staff/o/:slug/:year/measures/import',
    { access: inOrg('measures.write'), params: yearParams, query: pageQuery, config: { uploads: {} } },
    async ({ query, request, reply }) => {
      const form = formOf(request);
      const [file] = await form.files('file');
      try {
        if (!file) throw new InputError('file', measuresMessages.chooseMeasuresFile());
        const isCsv = /\.csv$/i.test(file.filename);
        const outcome = await importMeasures(
          deps.db,
          principalOf(request),
          yearRef(request),
          isCsv ? { measuresCsv: file.bytes } : { workbook: file.bytes },
          { dryRun: form.get('mode') !== 'import' },
        );
        return listPage(request, reply, query, { outcome }, outcome.problems.some((p) => p.severity === 'error') ? 400 : 200);
      } catch (error) {
        return listPage(request, reply, query, { errors: fieldErrors(request.lang, error) }, 400);
      }
    },
  );

  pageRoute(app, 'GET', '/staff/o/:slug/:year/measures/:id', { access: inOrg('year.read'), params: itemParams, query: pageQuery }, async ({ params, query, request, reply }) => {
    const measure = await getMeasure(deps.db, principalOf(request), yearRef(request), params.id);
    return editorPage(request, reply, query, { measure });
  });

  pageRoute(
    app,
    'POST',
    '/staff/o/:slug/:year/measures/:id',
    { access: inOrg('measures.write', 'measure.unit.write'), params: itemParams, query: pageQuery },
    async ({ params, query, request, reply }) => {
      const { id, slug } = params;
      const principal = principalOf(request);
      const ref = yearRef(request);
      const form = formOf(request);
      const measure = await getMeasure(deps.db, principal, ref, id);
      const ctx = await yearContext(deps.db, principal, ref);
      const planner = ctx.permissions.actions.includes('measures.write');
      const patch = planner ? measureFromForm(form, await listUnits(deps.db, principal, slug)) : { status: form.get('status'), result: form.get('result') || null };
      try {
        if (planner) throwAll(formDateErrors(form, PERIOD_FIELDS));
        await updateMeasure(deps.db, principal, ref, id, patch, form.get('updatedAt'));
        return reply.redirect(yearPath(slug, ref.year, `/measures/${id}?done=1`), 303);
      } catch (error) {
        if (error instanceof Conflict) {
          return editorPage(request, reply, query, { measure, draft: patch as Draft, flash: { kind: 'bad', text: said(request.lang, error) } }, 409);
        }
        return editorPage(request, reply, query, { measure, draft: patch as Draft, errors: fieldErrors(request.lang, error, 'measure') }, 400);
      }
    },
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/measures/:id/delete', { access: inOrg('measures.write'), params: itemParams }, async ({ params, request, reply }) => {
    const { id, slug } = params;
    const ref = yearRef(request);
    const form = formOf(request);
    if (!confirmed(form.get('confirm'))) {
      const measure = await getMeasure(deps.db, principalOf(request), ref, id);
      const view = viewOf(request, reply);
      return sendConfirmDelete(reply, {
        view,
        nav: await yearNav(deps.db, request, 'measures'),
        question: view.m.confirmDeleteMeasure(measure.seq, measure.titleTh),
        action: yearPath(slug, ref.year, `/measures/${measure.id}/delete`),
        fields: { updatedAt: form.get('updatedAt') || measure.updatedAt },
        back: yearPath(slug, ref.year, `/measures/${measure.id}`),
      });
    }
    await deleteMeasure(deps.db, principalOf(request), ref, id, form.get('updatedAt') || undefined);
    return reply.redirect(yearPath(slug, ref.year, '/measures?done=deleted'), 303);
  });

  pageRoute(app, 'POST', '/staff/o/:slug/:year/measures/:id/move', { access: inOrg('measures.write'), params: itemParams }, async ({ params, request, reply }) => {
    const { id, slug } = params;
    const ref = yearRef(request);
    const direction = formOf(request).get('direction');
    if (direction !== 'up' && direction !== 'down') throw new InputError('direction', measuresMessages.direction());
    const ids = (await listMeasures(deps.db, principalOf(request), ref)).map((x) => x.id);
    const at = ids.indexOf(id.toLowerCase());
    if (at < 0) await getMeasure(deps.db, principalOf(request), ref, id); // not found, said by the app layer
    const to = direction === 'up' ? at - 1 : at + 1;
    if (at >= 0 && to >= 0 && to < ids.length) {
      [ids[at], ids[to]] = [ids[to] as string, ids[at] as string];
      await reorderMeasures(deps.db, principalOf(request), ref, ids);
    }
    return reply.redirect(yearPath(slug, ref.year, '/measures'), 303);
  });
}
