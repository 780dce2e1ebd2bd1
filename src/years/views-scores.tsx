/**
 * The scores of a year: typed in (the ten indicators, the EIT parts, the published result and where the scores
 * come from) with a preview of the result before saving, or imported from a table (the one-agency-per-row
 * format of `prongsai export`) with a check that writes nothing first. The preview updates in place with htmx
 * when JavaScript runs; without it, the same button reloads the page with the preview.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { previewScores } from './score-preview.ts';
import { getScores, importScores, setScores, type ScoresImportOutcome, type ScoresPatch, type ScoresView } from './scores.ts';
import { criteriaOf } from '../ita/index.ts';
import { CHOSEN_SCORE_SOURCES, SCORE_SOURCES, type ScoreSource } from '../model/year.ts';
import { inOrg } from '../web/access.ts';
import { listYears, resolveOrg } from '../app/context.ts';
import { writeScoresTemplate } from '../io/scores-table.ts';
import { fiscalYearOf, toArabicDigits } from '../thai/index.ts';
import { attachment } from '../web/download.ts';
import { inputError } from '../web/errors.tsx';
import type { AreaOptions } from '../web/deps.ts';
import { formOf, type Form } from '../web/forms.ts';
import {
  CsrfField,
  ErrorSummary,
  errorFor,
  fieldErrors,
  FileField,
  ImportButtons,
  fragment,
  ImportSummary,
  score,
  Select,
  sendPage,
  DataTable,
  TextField,
  viewOf,
  yearPath,
  type FieldError,
  type View,
  type YearNav,
} from '../web/view.tsx';
import { yearNav, yearRef } from './year-pages.tsx';
import { principalOf } from '../web/principal.ts';

/** The form's values as typed (kept when the form comes back with errors). */
type Values = Record<string, string>;

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
  if (source !== '' && !(SCORE_SOURCES as readonly string[]).includes(source)) throw inputError('source', (m) => m.errScoreSource(CHOSEN_SCORE_SOURCES.join(', ')));
  if (hasParts && (eit1 === '') !== (eit2 === '')) {
    throw inputError('eitParts', (m) => m.errEitBothParts);
  }
  const patch: ScoresPatch = {
    indicators,
    ...(hasParts ? { eitParts: eit1 === '' ? null : [eit1, eit2] } : {}),
    official: officialOverall === '' && officialGrade === '' ? null : { overall: officialOverall === '' ? null : officialOverall, grade: officialGrade || null },
    source: source === '' ? null : (source as ScoreSource),
  };
  return { patch, values };
}

function Result({ view, result, preview }: { view: View; result: ScoresView; preview: boolean }) {
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

export async function scorePages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values?: Values; errors?: FieldError[]; preview?: ScoresView; outcome?: ScoresImportOutcome; importErrors?: FieldError[] } = {},
    status = 200,
  ) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const nav = await yearNav(deps.db, request, 'scores');
    const current = await getScores(deps.db, principalOf(request), yearRef(request));
    const editable = nav.permissions.actions.includes('scores.write') && nav.status === 'open';
    const action = yearPath(nav.slug, nav.year, '/scores');
    return sendPage(
      reply,
      {
        view,
        title: m.navScores,
        nav,
        flash: (request.query as Record<string, string | undefined>).done ? { kind: 'ok', text: m.saved } : null,
        children: (
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
        ),
      },
      status,
    );
  };

  app.get('/staff/o/:slug/:year/scores', { config: { access: inOrg('year.read') } }, (request, reply) => page(request, reply));

  app.post('/staff/o/:slug/:year/scores', { config: { access: inOrg('scores.write') } }, async (request, reply) => {
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
        const preview = await previewScores(deps.db, principalOf(request), yearRef(request), built.patch);
        if (mode === 'preview-fragment') return reply.type('text/html; charset=utf-8').send(fragment(<Result view={viewOf(request, reply)} result={preview} preview />));
        return page(request, reply, { values, preview });
      }
      await setScores(deps.db, principalOf(request), yearRef(request), built.patch);
      return reply.redirect(yearPath(nav.slug, nav.year, '/scores?done=1'), 303);
    } catch (error) {
      const errors = fieldErrors(request.lang, error, 'scores');
      if (mode === 'preview-fragment') {
        const view = viewOf(request, reply);
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(fragment(<div id="score-result" class="notice bad" role="alert"><ul>{errors.map((e, i) => <li key={i}>{e.message}</li>)}</ul><p>{view.m.fixAndSave}</p></div>));
      }
      return page(request, reply, { values: Object.keys(values).length ? values : Object.fromEntries(criteria.indicators.map((i) => [`i${i.number}`, form.get(`i${i.number}`)])), errors }, 400);
    }
  });

  // The template holds only the organisation's name and a year: whoever may read the organisation's years gets it.
  app.get('/staff/o/:slug/scores-template', { config: { access: inOrg('year.read') } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const format = query.format ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'csv') throw inputError('format', (m) => m.errBadRequest('format must be xlsx or csv'));
    const yearText = toArabicDigits(query.year ?? '').trim();
    const year = yearText === '' ? fiscalYearOf(deps.now()) : Number(yearText);
    if (!/^\d{4}$/.test(String(year)) || year < 2500 || year > 2700) throw inputError('year', (m) => m.errBadRequest('year must be a Buddhist-era year such as 2569'));
    const org = request.org ?? (await resolveOrg(deps.db, principalOf(request), (request.params as { slug: string }).slug));
    // The year's current scores when it exists, so that a row imported back changes only what was changed.
    const current = (await listYears(deps.db, principalOf(request), org.slug)).some((y) => y.year === year)
      ? (await getScores(deps.db, principalOf(request), { org: org.slug, year })).scores
      : null;
    const bytes = await writeScoresTemplate([{ agency: org.nameTh, year, indicators: current?.indicators ?? {}, eitParts: current?.eitParts ?? null }], format);
    const mediaType = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return attachment(reply, bytes, `แม่แบบคะแนน-${org.slug}-${year}.${format}`, mediaType);
  });

  app.post('/staff/o/:slug/:year/scores/import', { config: { access: inOrg('scores.write'), uploads: {} } }, async (request, reply) => {
    const form = formOf(request);
    const [file] = await form.files('file');
    const source = form.get('source');
    try {
      if (!file) throw inputError('file', (m) => m.errChooseScoresFile);
      if (source !== '' && !(SCORE_SOURCES as readonly string[]).includes(source)) throw inputError('source', (m) => m.errScoreSource(CHOSEN_SCORE_SOURCES.join(', ')));
      const outcome = await importScores(deps.db, principalOf(request), (request.params as { slug: string }).slug, { bytes: file.bytes, filename: file.filename }, {
        dryRun: form.get('mode') !== 'import',
        ...(source !== '' ? { source: source as ScoreSource } : {}),
      });
      return page(request, reply, { outcome }, outcome.problems.some((p) => p.severity === 'error') ? 400 : 200);
    } catch (error) {
      return page(request, reply, { importErrors: fieldErrors(request.lang, error) }, 400);
    }
  });
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
