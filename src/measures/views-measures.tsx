/**
 * The pages of the measures (มาตรการ) of a year, as pure functions of their data: the list with status and the
 * spreadsheet export and import (with a check before anything is written), and the editor (ordered methods and
 * actions, responsible units, period, linked indicators, follow-up, outcome). The routes are in routes-measures.tsx.
 *
 * Planners (measures.write) edit everything; a unit head edits the status and result of their unit's measures
 * (the app layer decides, src/measures/measures.ts). Progress and evidence are on the measure's page (views-progress.tsx).
 */
import type { ComponentChildren } from 'preact';
import type { UnitInfo } from '../accounts/accounts.ts';
import { UNIT_STATUSES, type MeasuresImportOutcome, type MeasureView } from './measures.ts';
import { criteriaOf } from '../ita/index.ts';
import { MEASURE_STATUSES, type Measure } from '../model/year.ts';
import { DateField } from '../web/date-field.tsx';
import type { Messages } from '../web/i18n.ts';
import {
  Checkboxes,
  DataTable,
  ImportSummary,
  CsrfField,
  date,
  ErrorSummary,
  errorFor,
  FileField,
  ImportButtons,
  PostButton,
  Select,
  TextArea,
  TextField,
  ThaiText,
  yearPath,
  type FieldError,
  type View,
  type YearNav,
} from '../web/view.tsx';

/** The editor's fields, in form order (the error summary links each problem to one of them). */
const FIELDS = ['titleTh', 'indicators', 'methods', 'actions', 'responsible', 'period.start', 'period.end', 'period.textTh', 'followUp', 'expectedOutcome', 'status', 'result', 'updatedAt'];
/** Empty responsible rows offered below the filled ones (a form without JavaScript cannot add rows). */
const SPARE_ROWS = 2;

/** The page of the year's measures, or of one of them (`rest`: "/…"). */
export const measuresPath = (nav: { slug: string; year: number }, rest = ''): string => yearPath(nav.slug, nav.year, `/measures${rest}`);
const base = measuresPath;

export type Draft = Partial<Pick<Measure, 'titleTh' | 'indicators' | 'methods' | 'actions' | 'responsible' | 'period' | 'followUp' | 'expectedOutcome' | 'status' | 'result'>>;

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
export const doneFlash = (m: Messages, done: string | undefined) => (done ? { kind: 'ok' as const, text: done === 'deleted' ? m.deleted : m.saved } : null);

/** The list of the year's measures, with the spreadsheet export and import (and an import's outcome). */
export function MeasuresList(props: { view: View; nav: YearNav; measures: readonly MeasureView[]; years: readonly number[]; errors: readonly FieldError[]; outcome?: MeasuresImportOutcome | undefined }) {
  const { view, nav, measures, years, errors, outcome } = props;
  const { m } = view;
  const planner = nav.permissions.actions.includes('measures.write') && nav.status === 'open';
  const carrier = nav.permissions.actions.includes('measures.write');
  return (
    <>
      <h1>
        {m.navMeasures} · {m.fiscalYearOf(nav.year)}
      </h1>
      <ErrorSummary view={view} errors={errors} fields={['file']} />
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
            <FileField name="file" label={m.importFile} hint={m.importHint} accept=".xlsx,.csv" error={errorFor(errors, 'file')} />
            <ImportButtons view={view} />
          </form>
        ) : null}
      </section>
      {outcome ? <ImportResult view={view} outcome={outcome} /> : null}
    </>
  );
}

/** The title of a measure's page (or of the page adding one). */
export const editorTitle = (m: Messages, measure: MeasureView | undefined): string => (measure ? `${m.measureNo(measure.seq)} ${measure.titleTh}` : m.addMeasure);

/** A measure's page: its facts or its form (the planner's or the unit's), and its progress section (`progress`). */
export function MeasureEditor(props: {
  view: View;
  nav: YearNav;
  units: readonly UnitInfo[];
  measure?: MeasureView | undefined;
  draft?: Draft | undefined;
  errors: readonly FieldError[];
  progress: ComponentChildren;
}) {
  const { view, nav, units, measure, draft, errors, progress } = props;
  const { m } = view;
  const planner = nav.permissions.actions.includes('measures.write') && nav.status === 'open';
  const title = editorTitle(m, measure);
  return (
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
          draft={draft ?? measure ?? {}}
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
      {progress}
    </>
  );
}
