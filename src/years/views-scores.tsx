/**
 * The scores page's views (its routes: routes-scores.tsx): the result, the score entry form with its preview, the
 * import form and what an import found, the table for those who only read.
 */
import type { ScoresImportOutcome, ScoresView } from './scores.ts';
import { criteriaOf } from '../ita/index.ts';
import { CHOSEN_SCORE_SOURCES } from '../model/year.ts';
import {
  CsrfField,
  ErrorSummary,
  errorFor,
  FileField,
  ImportButtons,
  ImportSummary,
  score,
  Select,
  DataTable,
  TextField,
  yearPath,
  type FieldError,
  type View,
  type YearNav,
} from '../web/view.tsx';

/** The form's values as typed (kept when the form comes back with errors). */
export type Values = Record<string, string>;

/** What the scores page shows besides the year's scores: the form's values and errors, a preview, an import's outcome. */
export interface ScoresPageState {
  readonly values?: Values;
  readonly errors?: FieldError[];
  readonly preview?: ScoresView;
  readonly outcome?: ScoresImportOutcome;
  readonly importErrors?: FieldError[];
}

/** The scores page: the result (or its preview), the form and the import for whoever may change the scores, else the table. */
export function ScoresPage({ view, nav, current, state }: { view: View; nav: YearNav; current: ScoresView; state: ScoresPageState }) {
  const { m } = view;
  const editable = nav.permissions.actions.includes('scores.write') && nav.status === 'open';
  const action = yearPath(nav.slug, nav.year, '/scores');
  return (
    <>
      <h1>
        {m.navScores} · {m.fiscalYearOf(nav.year)}
      </h1>
      <Result view={view} result={state.preview ?? current} preview={state.preview !== undefined} />
      {editable ? (
        <>
          <ScoresForm view={view} nav={nav} values={state.values ?? valuesOf(current)} errors={state.errors ?? []} action={action} />
          <section class="card" aria-labelledby="scores-import-title">
            <h2 id="scores-import-title">{m.importScores}</h2>
            <p>{m.importScoresHint}</p>
            <TemplateLinks view={view} slug={nav.slug} year={nav.year} />
            <form method="post" action={`${action}/import`} enctype="multipart/form-data" novalidate>
              <ErrorSummary view={view} errors={state.importErrors ?? []} fields={['file']} />
              <CsrfField view={view} />
              <FileField name="file" label={m.scoresFile} accept=".xlsx,.csv" error={errorFor(state.importErrors ?? [], 'file')} />
              <Select name="source" errorField="import.source" label={m.scoreSourceLabel} value="itas" options={CHOSEN_SCORE_SOURCES.map((s): [string, string] => [s, m.scoreSource[s]])} />
              <ImportButtons view={view} />
            </form>
          </section>
        </>
      ) : (
        <ScoresTable view={view} nav={nav} current={current} />
      )}
      {state.outcome ? <ImportOutcome view={view} outcome={state.outcome} /> : null}
    </>
  );
}

/** What a preview asked by htmx gets when the form has errors: the errors in place of the result. */
export function PreviewErrors({ view, errors }: { view: View; errors: readonly FieldError[] }) {
  return (
    <div id="score-result" class="notice bad" role="alert">
      <ul>
        {errors.map((e, i) => (
          <li key={i}>{e.message}</li>
        ))}
      </ul>
      <p>{view.m.fixAndSave}</p>
    </div>
  );
}

function valuesOf(view: ScoresView): Values {
  const s = view.scores;
  const v: Values = {};
  for (const [k, value] of Object.entries(s.indicators)) v[`i${k}`] = value === null ? '' : String(value);
  v.eit1 = s.eitParts?.[0] !== undefined ? String(s.eitParts[0]) : '';
  v.eit2 = s.eitParts?.[1] !== undefined ? String(s.eitParts[1]) : '';
  v.officialOverall = s.official?.overall !== undefined && s.official?.overall !== null ? String(s.official.overall) : '';
  v.officialGrade = s.official?.grade ?? '';
  v.source = s.source ?? '';
  return v;
}

export function Result({ view, result, preview }: { view: View; result: ScoresView; preview: boolean }) {
  const { m, lang } = view;
  const c = result.computed;
  return (
    <div id="score-result" class={`notice${preview ? ' warn' : ''}`} role="status" aria-live="polite">
      {preview ? <p>{m.previewNotSaved}</p> : null}
      {result.scores.source ? <p class="muted">{m.scoreSource[result.scores.source]}</p> : null}
      {c ? (
        <>
          <p>
            {m.overallScore}: <strong>{score(c.overall)}</strong> · {c.pass ? m.passes : m.fails}
            {c.grade ? ` · ${m.grade} ${c.grade}` : ''}
          </p>
          <p>
            IIT {score(c.tools.IIT)} · EIT {score(c.tools.EIT)} · OIT {score(c.tools.OIT)}
          </p>
          {c.gradeNote ? <p class="muted">{lang === 'th' ? c.gradeNote : (c.gradeNoteEn ?? c.gradeNote)}</p> : null}
        </>
      ) : (
        <p>{m.scoresIncomplete}</p>
      )}
    </div>
  );
}

function ScoresForm(props: { view: View; nav: YearNav; values: Values; errors: readonly FieldError[]; action: string }) {
  const { view, nav, values, errors } = props;
  const { m, lang } = view;
  const criteria = criteriaOf(nav);
  const hasParts = Boolean(criteria.tools.find((t) => t.code === 'EIT')?.parts);
  const fields = [...criteria.indicators.map((i) => `indicators.${i.number}`), 'eitParts', 'eitParts.1', 'eitParts.2', 'official.overall', 'official.grade', 'source'];
  return (
    <form method="post" action={props.action} class="card" novalidate>
      <ErrorSummary view={view} errors={errors} fields={fields} />
      <CsrfField view={view} />
      {criteria.tools.map((tool) => (
        <fieldset key={tool.code}>
          <legend>
            {tool.code} {lang === 'th' ? tool.nameTh : tool.nameEn}
          </legend>
          <div class="grid">
            {criteria.indicators
              .filter((i) => i.tool === tool.code)
              .map((i) => (
                <TextField
                  key={i.number}
                  name={`i${i.number}`}
                  errorField={`indicators.${i.number}`}
                  label={`${i.number}. ${lang === 'th' ? i.nameTh : i.nameEn}`}
                  value={values[`i${i.number}`] ?? ''}
                  inputMode="decimal"
                  class="narrow"
                  error={errorFor(errors, `indicators.${i.number}`)}
                />
              ))}
          </div>
        </fieldset>
      ))}
      {hasParts ? (
        <fieldset>
          <legend>{m.eitParts}</legend>
          <p class="hint">{m.eitPartsHint}</p>
          <div class="grid">
            <TextField name="eit1" errorField="eitParts.1" label={m.eitPart(1)} value={values.eit1 ?? ''} inputMode="decimal" class="narrow" error={errorFor(errors, 'eitParts.1') ?? errorFor(errors, 'eitParts')} />
            <TextField name="eit2" errorField="eitParts.2" label={m.eitPart(2)} value={values.eit2 ?? ''} inputMode="decimal" class="narrow" error={errorFor(errors, 'eitParts.2')} />
          </div>
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{m.officialResult}</legend>
        <div class="grid">
          <TextField name="officialOverall" errorField="official.overall" label={m.officialOverall} value={values.officialOverall ?? ''} inputMode="decimal" class="narrow" error={errorFor(errors, 'official.overall')} />
          <TextField name="officialGrade" errorField="official.grade" label={m.officialGrade} value={values.officialGrade ?? ''} error={errorFor(errors, 'official.grade')} />
        </div>
      </fieldset>
      <Select
        name="source"
        label={m.scoreSourceLabel}
        value={values.source ?? ''}
        options={[['', m.notStated], ...CHOSEN_SCORE_SOURCES.map((s): [string, string] => [s, m.scoreSource[s]])]}
        error={errorFor(errors, 'source')}
      />
      <p class="hint">{m.scoresHint}</p>
      <div class="buttons">
        <button type="submit" name="mode" value="preview" class="secondary" hx-post={props.action} hx-target="#score-result" hx-swap="outerHTML">
          {m.previewResult}
        </button>
        <button type="submit" name="mode" value="save" class="primary">
          {m.save}
        </button>
      </div>
    </form>
  );
}

/** The import template (Thai headers, the organisation and the year filled in) beside a scores import form. */
export function TemplateLinks({ view, slug, year }: { view: View; slug: string; year: number }) {
  const href = `/staff/o/${encodeURIComponent(slug)}/scores-template?year=${year}`;
  return (
    <p>
      <a href={`${href}&format=xlsx`} download>
        {view.m.templateXlsx}
      </a>{' '}
      · <a href={`${href}&format=csv`} download>{view.m.templateCsv}</a>
    </p>
  );
}

/** An imported score beside the one it replaces: "100.00 → 72.89", or the score alone when it does not change. */
export const replaced = (before: number | null | undefined, after: number | null | undefined): string =>
  (before ?? null) === (after ?? null) ? score(after) : `${score(before)} → ${score(after)}`;

function ImportOutcome({ view, outcome }: { view: View; outcome: ScoresImportOutcome }) {
  const { m } = view;
  const indicators = Array.from({ length: 10 }, (_, i) => i + 1);
  return (
    <ImportSummary view={view} id="scores-import-result" written={outcome.written} problems={outcome.problems}>
      {outcome.rows.length ? (
        <DataTable label={m.importRows} caption={m.importRows} columns={[m.row, m.fiscalYear, ...indicators.map((n) => ({ label: String(n), num: true }))]}>
          {outcome.rows.map((r) => (
            <tr key={r.row}>
              <td>{r.row}</td>
              <td>{r.year}</td>
              {indicators.map((n) => (
                <td class="num" key={n}>
                  {replaced(r.before.indicators[String(n)], r.scores.indicators[String(n)])}
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
      ) : null}
    </ImportSummary>
  );
}

function ScoresTable({ view, nav, current }: { view: View; nav: YearNav; current: ScoresView }) {
  const { m, lang } = view;
  const criteria = criteriaOf(nav);
  return (
    <DataTable label={m.navScores} caption={m.indicatorScores} columns={[m.indicator, { label: m.score, num: true }]}>
      {criteria.indicators.map((i) => (
        <tr key={i.number}>
          <th scope="row">
            {i.number}. {lang === 'th' ? i.nameTh : i.nameEn}
          </th>
          <td class="num">{score(current.scores.indicators[String(i.number)])}</td>
        </tr>
      ))}
    </DataTable>
  );
}
