/**
 * The measures (มาตรการ) of a year: the list with status and lateness, the editor (ordered methods and
 * actions, responsible units, period, linked indicators, follow-up, outcome), reordering, removal, and the
 * spreadsheet export and import (with a check before anything is written).
 *
 * Planners (measures.write) edit everything; a unit head edits the status and result of their unit's measures
 * (the app layer decides, src/measures/measures.ts). Progress and evidence are on the measure's page (progress.tsx).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listUnits, type UnitInfo } from '../accounts/accounts.ts';
import { yearContext } from '../app/context.ts';
import { Conflict } from '../app/errors.ts';
import {
  createMeasure,
  deleteMeasure,
  exportMeasures,
  getMeasure,
  importMeasures,
  listMeasures,
  reorderMeasures,
  UNIT_STATUSES,
  updateMeasure,
  type MeasuresImportOutcome,
  type MeasureView,
} from './measures.ts';
import { criteriaOf } from '../ita/index.ts';
import { MEASURE_STATUSES, type Measure } from '../model/year.ts';
import { throwAll } from '../app/input.ts';
import { inOrg } from '../web/access.ts';
import { DateField, formDate, formDateErrors } from '../web/date-field.tsx';
import { inputError } from '../web/errors.tsx';
import type { AreaOptions } from '../web/deps.ts';
import { formOf, type Form } from '../web/forms.ts';
import { said, type Messages } from '../web/i18n.ts';
import {
  Checkboxes,
  DataTable,
  ImportSummary,
  CsrfField,
  date,
  ErrorSummary,
  errorFor,
  fieldErrors,
  FileField,
  ImportButtons,
  PostButton,
  Select,
  sendPage,
  TextArea,
  TextField,
  ThaiText,
  viewOf,
  yearPath,
  type FieldError,
  type View,
  type YearNav,
} from '../web/view.tsx';
import { attachment } from '../web/download.ts';
import { confirmed, sendConfirmDelete } from '../web/confirm.tsx';
import { progressRoutes, progressSection, type ProgressFormState } from './progress-pages.tsx';
import { yearNav, yearRef, yearsOf } from '../years/year-pages.tsx';
import { principalOf } from '../web/principal.ts';

/** The editor's fields, in form order (the error summary links each problem to one of them). */
const FIELDS = ['titleTh', 'indicators', 'methods', 'actions', 'responsible', 'period.start', 'period.end', 'period.textTh', 'followUp', 'expectedOutcome', 'status', 'result', 'updatedAt'];
/** Empty responsible rows offered below the filled ones (a form without JavaScript cannot add rows). */
const SPARE_ROWS = 2;

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

type Draft = Partial<Pick<Measure, 'titleTh' | 'indicators' | 'methods' | 'actions' | 'responsible' | 'period' | 'followUp' | 'expectedOutcome' | 'status' | 'result'>>;

function PlannerForm(props: { view: View; nav: YearNav; units: readonly UnitInfo[]; draft: Draft; action: string; updatedAt?: string; errors: readonly FieldError[]; submit: string }) {
  const { view, nav, units, draft, errors } = props;
  const { m, lang } = view;
  const criteria = criteriaOf(nav);
  const rows = [...(draft.responsible ?? []), ...Array.from({ length: SPARE_ROWS }, () => ({ unitId: null, personId: null, labelTh: '' }))];
  const unitOptions: [string, string][] = [['', m.noUnit], ...units.map((u): [string, string] => [u.id, u.nameTh])];
  return (
    <form method="post" action={props.action} class="card" novalidate>
      <ErrorSummary view={view} errors={errors} fields={[...FIELDS, ...rows.flatMap((_, i) => [`responsible.${i}.unitId`, `responsible.${i}.labelTh`])]} />
      <CsrfField view={view} />
      {props.updatedAt ? <input type="hidden" name="updatedAt" value={props.updatedAt} /> : null}
      <TextArea name="titleTh" label={m.measureTitle} value={draft.titleTh ?? ''} rows={2} required error={errorFor(errors, 'titleTh')} />
      <Checkboxes
        name="indicators"
        legend={m.linkedIndicators}
        options={criteria.indicators.map((i): [string, string] => [String(i.number), `${i.number}. ${lang === 'th' ? i.nameTh : i.nameEn}`])}
        checked={(draft.indicators ?? []).map(String)}
        error={errorFor(errors, 'indicators')}
      />
      <TextArea name="methods" label={m.methods} hint={m.onePerLine} value={(draft.methods ?? []).join('\n')} rows={5} error={errorFor(errors, 'methods')} />
      <TextArea name="actions" label={m.plannedActions} hint={m.onePerLine} value={(draft.actions ?? []).join('\n')} rows={5} error={errorFor(errors, 'actions')} />
      <fieldset id="f-responsible">
        <legend>{m.responsible}</legend>
        <p class="hint">{m.responsibleHint}</p>
        {rows.map((r, i) => (
          <div class="grid" key={i}>
            <Select
              name={`responsible.${i}.unitId`}
              label={m.responsibleUnit(i + 1)}
              value={r.unitId ?? ''}
              options={unitOptions}
              error={errorFor(errors, `responsible.${i}.unitId`)}
            />
            <TextField name={`responsible.${i}.labelTh`} label={m.responsibleLabel(i + 1)} value={r.labelTh} error={errorFor(errors, `responsible.${i}.labelTh`)} />
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{m.period}</legend>
        <div class="grid">
          <DateField lang={lang} name="periodStart" errorField="period.start" label={m.periodStart} value={draft.period?.start} error={errorFor(errors, 'period.start')} />
          <DateField lang={lang} name="periodEnd" errorField="period.end" label={m.periodEnd} value={draft.period?.end} error={errorFor(errors, 'period.end')} />
        </div>
        <TextField name="periodText" errorField="period.textTh" label={m.periodText} hint={m.periodTextHint} value={draft.period?.textTh ?? ''} error={errorFor(errors, 'period.textTh')} />
      </fieldset>
      <TextArea name="followUp" label={m.followUp} value={draft.followUp ?? ''} error={errorFor(errors, 'followUp')} />
      <TextArea name="expectedOutcome" label={m.expectedOutcome} value={draft.expectedOutcome ?? ''} error={errorFor(errors, 'expectedOutcome')} />
      <Select name="status" label={m.status} value={draft.status ?? 'planned'} options={MEASURE_STATUSES.map((s): [string, string] => [s, m.measureStatus[s]])} error={errorFor(errors, 'status')} />
      <TextArea name="result" label={m.measureResult} value={draft.result ?? ''} error={errorFor(errors, 'result')} />
      <div class="buttons">
        <button type="submit" class="primary">
          {props.submit}
        </button>
      </div>
    </form>
  );
}

function UnitForm({ view, measure, action, errors }: { view: View; measure: MeasureView; action: string; errors: readonly FieldError[] }) {
  const { m } = view;
  return (
    <form method="post" action={action} class="card" novalidate>
      <h2>{m.unitReport}</h2>
      <ErrorSummary view={view} errors={errors} fields={['status', 'result', 'updatedAt']} />
      <CsrfField view={view} />
      <input type="hidden" name="updatedAt" value={measure.updatedAt} />
      <Select name="status" label={m.status} value={measure.status} options={UNIT_STATUSES.map((s): [string, string] => [s, m.measureStatus[s]])} error={errorFor(errors, 'status')} />
      <TextArea name="result" label={m.measureResult} value={measure.result ?? ''} error={errorFor(errors, 'result')} />
      <button type="submit" class="primary">
        {m.save}
      </button>
    </form>
  );
}

function MeasureFacts({ view, measure }: { view: View; measure: MeasureView }) {
  const { m, lang } = view;
  const list = (items: readonly string[]) =>
    items.length ? (
      <ol class="methods">
        {items.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ol>
    ) : (
      m.none
    );
  return (
    <dl class="facts card">
      <dt>{m.linkedIndicators}</dt>
      <dd>{measure.indicators.join(', ') || m.none}</dd>
      <dt>{m.methods}</dt>
      <dd>{list(measure.methods)}</dd>
      <dt>{m.plannedActions}</dt>
      <dd>{list(measure.actions)}</dd>
      <dt>{m.responsible}</dt>
      <dd>{measure.responsible.map((r) => r.labelTh).join(', ') || m.none}</dd>
      <dt>{m.period}</dt>
      <dd>
        {measure.period.textTh ?? ''} {measure.period.start ? `(${date(lang, measure.period.start)} – ${date(lang, measure.period.end)})` : ''}
      </dd>
      <dt>{m.followUp}</dt>
      <dd>{measure.followUp ?? '–'}</dd>
      <dt>{m.expectedOutcome}</dt>
      <dd>{measure.expectedOutcome ?? '–'}</dd>
      <dt>{m.status}</dt>
      <dd>{m.measureStatus[measure.status]}</dd>
      <dt>{m.measureResult}</dt>
      <dd>{measure.result ?? '–'}</dd>
    </dl>
  );
}

function ImportResult({ view, outcome }: { view: View; outcome: MeasuresImportOutcome }) {
  const { m } = view;
  return (
    <ImportSummary view={view} id="import-result" written={outcome.written} problems={outcome.problems}>
      {outcome.measures.length ? (
        <ol>
          {outcome.measures.map((x) => (
            <li key={x.id}>
              {x.titleTh} ({m.measureStatus[x.status]}, {m.progressCount(x.progress.length)})
            </li>
          ))}
        </ol>
      ) : null}
    </ImportSummary>
  );
}

/** The message after a redirect with ?done=…: deleted, or saved. */
const doneFlash = (m: Messages, done: string | undefined) => (done ? { kind: 'ok' as const, text: done === 'deleted' ? m.deleted : m.saved } : null);

export async function measurePages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const base = (nav: { slug: string; year: number }, rest = '') => yearPath(nav.slug, nav.year, `/measures${rest}`);

  const listPage = async (request: FastifyRequest, reply: FastifyReply, extra: { outcome?: MeasuresImportOutcome; errors?: FieldError[] } = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const nav = await yearNav(deps.db, request, 'measures');
    const measures = await listMeasures(deps.db, principalOf(request), yearRef(request));
    const years = await yearsOf(deps.db, request);
    const planner = nav.permissions.actions.includes('measures.write') && nav.status === 'open';
    const carrier = nav.permissions.actions.includes('measures.write');
    const query = request.query as Record<string, string | undefined>;
    return sendPage(
      reply,
      {
        view,
        title: m.navMeasures,
        nav,
        flash: doneFlash(m, query.done),
        children: (
          <>
            <h1>
              {m.navMeasures} · {m.fiscalYearOf(nav.year)}
            </h1>
            <ErrorSummary view={view} errors={extra.errors ?? []} fields={['file']} />
            <p class="buttons">
              {planner ? (
                <a class="button" href={base(nav, '/new')}>
                  {m.addMeasure}
                </a>
              ) : null}
              {carrier && years.includes(nav.year - 1) ? (
                <a class="button secondary" href={yearPath(nav.slug, nav.year - 1, '/carry')}>
                  {m.carryFrom(nav.year - 1)}
                </a>
              ) : null}
              {carrier ? (
                <a class="button secondary" href={yearPath(nav.slug, nav.year, '/carry')}>
                  {m.carryTitle(nav.year + 1)}
                </a>
              ) : null}
              {carrier && !years.includes(nav.year + 1) ? (
                <a class="button secondary" href={`/staff/o/${encodeURIComponent(nav.slug)}/new-year?year=${nav.year + 1}`}>
                  {m.newYearButton(nav.year + 1)}
                </a>
              ) : null}
            </p>
            {measures.length === 0 ? (
              <p>{m.noMeasures}</p>
            ) : (
              <DataTable
                label={m.navMeasures}
                caption={m.measuresOfYear(nav.year)}
                columns={[{ label: m.seq, num: true }, m.measureTitle, m.linkedIndicators, m.responsible, m.status, ...(planner ? [m.order] : [])]}
              >
                {measures.map((x, i) => (
                  <tr key={x.id}>
                    <td class="num">{x.seq}</td>
                    <td>
                      <a href={base(nav, `/${x.id}`)}>
                        <ThaiText text={x.titleTh} />
                      </a>
                    </td>
                    <td>{x.indicators.join(', ') || '–'}</td>
                    <td>
                      <ThaiText text={x.responsible.map((r) => r.labelTh).join(', ') || '–'} />
                    </td>
                    <td>{m.measureStatus[x.status]}</td>
                    {planner ? (
                      <td>
                        <div class="buttons">
                          {i > 0 ? (
                            <PostButton view={view} action={base(nav, `/${x.id}/move`)} fields={{ direction: 'up' }} label="↑" ariaLabel={m.moveUp(x.seq)} small />
                          ) : null}
                          {i < measures.length - 1 ? (
                            <PostButton view={view} action={base(nav, `/${x.id}/move`)} fields={{ direction: 'down' }} label="↓" ariaLabel={m.moveDown(x.seq)} small />
                          ) : null}
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </DataTable>
            )}
            <section class="card" aria-labelledby="spreadsheet-title">
              <h2 id="spreadsheet-title">{m.spreadsheet}</h2>
              <p>
                <a href={base(nav, '/export?format=xlsx')}>{m.exportXlsx}</a> · <a href={base(nav, '/export?format=measures-csv')}>{m.exportCsv}</a>
              </p>
              {planner ? (
                <form method="post" action={base(nav, '/import')} enctype="multipart/form-data" novalidate>
                  <CsrfField view={view} />
                  <FileField name="file" label={m.importFile} hint={m.importHint} accept=".xlsx,.csv" error={errorFor(extra.errors ?? [], 'file')} />
                  <ImportButtons view={view} />
                </form>
              ) : null}
            </section>
            {extra.outcome ? <ImportResult view={view} outcome={extra.outcome} /> : null}
          </>
        ),
      },
      status,
    );
  };

  app.get('/staff/o/:slug/:year/measures', { config: { access: inOrg('year.read') } }, (request, reply) => listPage(request, reply));

  const editorPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { measure?: MeasureView; draft?: Draft; errors?: FieldError[]; flash?: { kind: 'ok' | 'bad'; text: string }; progress?: ProgressFormState },
    status = 200,
  ) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const nav = await yearNav(deps.db, request, 'measures');
    const units = await listUnits(deps.db, principalOf(request), nav.slug);
    const measure = state.measure;
    const planner = nav.permissions.actions.includes('measures.write') && nav.status === 'open';
    const title = measure ? `${m.measureNo(measure.seq)} ${measure.titleTh}` : m.addMeasure;
    const errors = state.errors ?? [];
    return sendPage(
      reply,
      {
        view,
        title,
        nav,
        flash: state.flash ?? doneFlash(m, (request.query as Record<string, string | undefined>).done),
        children: (
          <>
            <p>
              <a href={base(nav)}>← {m.navMeasures}</a>
            </p>
            <h1>{title}</h1>
            {measure && !planner ? <MeasureFacts view={view} measure={measure} /> : null}
            {planner ? (
              <PlannerForm
                view={view}
                nav={nav}
                units={units}
                draft={state.draft ?? measure ?? {}}
                action={measure ? base(nav, `/${measure.id}`) : base(nav)}
                {...(measure ? { updatedAt: measure.updatedAt } : {})}
                errors={errors}
                submit={measure ? m.save : m.addMeasure}
              />
            ) : measure && measure.access === 'unit' && nav.status === 'open' ? (
              <UnitForm view={view} measure={measure} action={base(nav, `/${measure.id}`)} errors={errors} />
            ) : null}
            {measure && planner ? (
              <PostButton view={view} action={base(nav, `/${measure.id}/delete`)} fields={{ updatedAt: measure.updatedAt }} label={m.deleteMeasure} kind="danger" />
            ) : null}
            {measure ? await progressSection(deps, request, view, nav, measure, state.progress) : null}
          </>
        ),
      },
      status,
    );
  };

  await progressRoutes(app, { deps }, (request, reply, state, status) => editorPage(request, reply, state, status));

  app.get('/staff/o/:slug/:year/measures/new', { config: { access: inOrg('measures.write') } }, (request, reply) => editorPage(request, reply, {}));

  app.post('/staff/o/:slug/:year/measures', { config: { access: inOrg('measures.write') } }, async (request, reply) => {
    const units = await listUnits(deps.db, principalOf(request), (request.params as { slug: string }).slug);
    const form = formOf(request);
    const draft = measureFromForm(form, units);
    try {
      throwAll(formDateErrors(form, PERIOD_FIELDS));
      const created = await createMeasure(deps.db, principalOf(request), yearRef(request), draft);
      return reply.redirect(yearPath((request.params as { slug: string }).slug, yearRef(request).year, `/measures/${created.id}?done=1`), 303);
    } catch (error) {
      return editorPage(request, reply, { draft: draft as Draft, errors: fieldErrors(request.lang, error, 'measure') }, 400);
    }
  });

  app.get('/staff/o/:slug/:year/measures/export', { config: { access: inOrg('year.read') } }, async (request, reply) => {
    const format = (request.query as Record<string, string | undefined>).format;
    if (format !== undefined && format !== 'xlsx' && format !== 'measures-csv' && format !== 'progress-csv') {
      throw inputError('format', (m) => m.errExportFormat);
    }
    const file = await exportMeasures(deps.db, principalOf(request), yearRef(request), format ?? 'xlsx');
    return attachment(reply, file.bytes, file.fileName, file.mediaType);
  });

  app.post('/staff/o/:slug/:year/measures/import', { config: { access: inOrg('measures.write'), uploads: {} } }, async (request, reply) => {
    const form = formOf(request);
    const [file] = await form.files('file');
    try {
      if (!file) throw inputError('file', (m) => m.errChooseMeasuresFile);
      const isCsv = /\.csv$/i.test(file.filename);
      const outcome = await importMeasures(
        deps.db,
        principalOf(request),
        yearRef(request),
        isCsv ? { measuresCsv: file.bytes } : { workbook: file.bytes },
        { dryRun: form.get('mode') !== 'import' },
      );
      return listPage(request, reply, { outcome }, outcome.problems.some((p) => p.severity === 'error') ? 400 : 200);
    } catch (error) {
      return listPage(request, reply, { errors: fieldErrors(request.lang, error) }, 400);
    }
  });

  app.get('/staff/o/:slug/:year/measures/:id', { config: { access: inOrg('year.read') } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const measure = await getMeasure(deps.db, principalOf(request), yearRef(request), id);
    return editorPage(request, reply, { measure });
  });

  app.post('/staff/o/:slug/:year/measures/:id', { config: { access: inOrg('measures.write', 'measure.unit.write') } }, async (request, reply) => {
    const { id, slug } = request.params as { id: string; slug: string };
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
        return editorPage(request, reply, { measure, draft: patch as Draft, flash: { kind: 'bad', text: said(request.lang, error) } }, 409);
      }
      return editorPage(request, reply, { measure, draft: patch as Draft, errors: fieldErrors(request.lang, error, 'measure') }, 400);
    }
  });

  app.post('/staff/o/:slug/:year/measures/:id/delete', { config: { access: inOrg('measures.write') } }, async (request, reply) => {
    const { id, slug } = request.params as { id: string; slug: string };
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

  app.post('/staff/o/:slug/:year/measures/:id/move', { config: { access: inOrg('measures.write') } }, async (request, reply) => {
    const { id, slug } = request.params as { id: string; slug: string };
    const ref = yearRef(request);
    const direction = formOf(request).get('direction');
    if (direction !== 'up' && direction !== 'down') throw inputError('direction', (m) => m.errDirection);
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
