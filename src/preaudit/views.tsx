/**
 * The pre-audit page's components (/staff/o/<slug>/<year>/oit-check): every OIT item of the year with where it is
 * answered and, for those who may, the form that changes it. One row per item (OitItemRow): the check's latest
 * result comes as a further cell (ResultCell); above the table the estimated scores. And one item's history.
 */
import type { ComponentChildren } from 'preact';
import type { OitAnswer, OitAnswers } from './answers.ts';
import type { ItemResult, PreauditResults, Said, Stretch, UrlResult } from './service.ts';
import type { ItemStatus } from './verdict.ts';
import type { OitItem } from '../ita/index.ts';
import { said } from '../web/i18n.ts';
import { CsrfField, DataTable, ErrorSummary, PostButton, TextArea, date, dateTime, yearPath, type FieldError, type View } from '../web/view.tsx';

/** What a refused form sent and why, shown back on its item's row. */
export interface AnswerFormState {
  readonly code: string;
  readonly values: { readonly urls: string; readonly explanation: string };
  readonly errors: readonly FieldError[];
}

export const oitCheckPath = (slug: string, year: number, rest = ''): string => yearPath(slug, year, `/oit-check${rest}`);

function AnswerForm({ view, slug, year, item, state }: { view: View; slug: string; year: number; item: OitAnswer; state: AnswerFormState | undefined }) {
  const { m } = view;
  const errorOf = (field: string) => state?.errors.find((e) => e.field === field)?.message;
  const urls = state ? state.values.urls : item.source === 'site' ? item.urls.join('\n') : '';
  const explanation = state ? state.values.explanation : item.source === 'site' ? item.explanation : '';
  return (
    <details open={state !== undefined}>
      <summary>{m.oitEdit}</summary>
      <form method="post" action={oitCheckPath(slug, year, `/${encodeURIComponent(item.code)}`)} novalidate>
        {state ? <ErrorSummary view={view} errors={state.errors} /> : null}
        <CsrfField view={view} />
        <TextArea name="urls" errorField={`urls-${item.code}`} label={m.oitUrls} hint={m.oitUrlsHint} rows={3} value={urls} error={errorOf('urls')} />
        <TextArea name="explanation" errorField={`explanation-${item.code}`} label={m.oitExplanation} rows={3} value={explanation} error={errorOf('explanation')} />
        <button type="submit" class="primary">
          {m.oitSave}
        </button>
      </form>
    </details>
  );
}

/** One item's row: code and title, where it is answered, the URLs, the explanation, then `extra` cells. */
export function OitItemRow(props: { view: View; slug: string; year: number; item: OitAnswer; mayWrite: boolean; state?: AnswerFormState | undefined; extra?: ComponentChildren }) {
  const { view, item } = props;
  const { m } = view;
  return (
    <tr id={`item-${item.code}`}>
      <th scope="row">
        {item.code} {item.titleTh}
      </th>
      <td>{item.source === 'site' ? m.oitSourceSite : m.oitSourcePortal}</td>
      <td class="permalink">
        {item.urls.map((u) => (
          <div key={u}>
            <a href={u}>{u}</a>
          </div>
        ))}
      </td>
      <td>
        {item.explanation}
        {props.mayWrite ? <AnswerForm view={view} slug={props.slug} year={props.year} item={item} state={props.state} /> : null}
      </td>
      {props.extra}
    </tr>
  );
}

const BADGE: Record<ItemStatus, string> = { pass: 'ok', manual: 'warn', fail: 'bad' };

/** An outcome as colour AND text (never colour only). */
export function StatusBadge({ view, status }: { view: View; status: ItemStatus }) {
  return <span class={`badge ${BADGE[status]}`}>{view.m.oitStatus[status]}</span>;
}

const saidOf = (view: View, s: Said | null): string | null => (s === null ? null : said(view.lang, s));

/** One address: its HTTP status or why it was not read, a file's problem, and (for a page) the documents read. */
function UrlLine({ view, url }: { view: View; url: UrlResult }) {
  const { m } = view;
  const why = saidOf(view, url.reason);
  const problem = saidOf(view, url.problem);
  return (
    <li>
      <a class="wr" href={url.url}>
        {url.url}
      </a>{' '}
      {url.status !== null ? <span class={url.status >= 400 ? 'fail' : undefined}>HTTP {url.status}</span> : null}
      {why ? <span class="fail">{` ${m.oitNotRead}: ${why}`}</span> : null}
      {url.kind ? ` · ${url.kind}` : null}
      {problem ? <span class="fail">{` · ${problem}`}</span> : null}
      {url.documents.length > 0 ? (
        <details>
          <summary>
            {m.oitDocumentsRead} ({url.documents.length})
          </summary>
          <ul>
            {url.documents.map((d) => (
              <UrlLine key={d.url} view={view} url={d} />
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

/** The reasons of an outcome and what to do, in the page's language. */
function Reasons({ view, reasons }: { view: View; reasons: ItemResult['reasons'] }) {
  const en = view.lang === 'en';
  return reasons.length === 0 ? null : (
    <ul>
      {reasons.map((r) => (
        <li key={r.code}>
          {en ? r.en : r.th}
          <br />
          <span class="muted">
            {view.m.oitTodo}: {en ? r.todoEn : r.todoTh}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** An item's latest result: outcome, when, reasons, addresses, the history link and (for those who may) the check button. */
function ResultCell({ view, slug, year, code, result, mayCheck }: { view: View; slug: string; year: number; code: string; result: ItemResult | null; mayCheck: boolean }) {
  const { m, lang } = view;
  return (
    <td>
      {result === null ? (
        <span class="muted">{m.oitNotChecked}</span>
      ) : (
        <>
          <StatusBadge view={view} status={result.status} />
          <div class="muted">{m.oitCheckedAt(dateTime(lang, result.checkedAt), date(lang, result.since ?? result.checkedAt))}</div>
          <Reasons view={view} reasons={result.reasons} />
          <ul>
            {result.urls.map((u) => (
              <UrlLine key={u.url} view={view} url={u} />
            ))}
          </ul>
        </>
      )}
      <div>
        <a href={oitCheckPath(slug, year, `/${encodeURIComponent(code)}`)}>{m.oitHistoryLink}</a>
      </div>
      {mayCheck ? <PostButton view={view} action={oitCheckPath(slug, year, '/run')} fields={{ item: code }} label={m.oitCheckItem} ariaLabel={m.oitCheckItemLabel(code)} small /> : null}
    </td>
  );
}

/** The estimated indicator 9 and 10 scores, clearly an estimate, and what the year's criteria leave unsure. */
function Estimate({ view, results }: { view: View; results: PreauditResults }) {
  const { m } = view;
  const e = results.estimate;
  return (
    <section aria-labelledby="oit-estimate">
      <h2 id="oit-estimate">
        {m.oitEstimateTitle} <span class="badge warn">{m.oitEstimate}</span>
      </h2>
      <dl>
        <dt>{m.oitIndicator9}</dt>
        <dd>{e.indicator9 ?? '–'}</dd>
        <dt>{m.oitIndicator10}</dt>
        <dd>{e.indicator10 ?? '–'}</dd>
        <dt>{m.oitTotal}</dt>
        <dd>{e.oit ?? '–'}</dd>
      </dl>
      <p class="muted">{view.lang === 'en' ? e.noteEn : e.noteTh}</p>
      {results.notes.length > 0 ? (
        <details>
          <summary>{m.oitNotesTitle}</summary>
          <ul>
            {results.notes.map((n, i) => (
              <li key={i}>{said(view.lang, n)}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function OitCheckPage(props: { view: View; answers: OitAnswers; results: PreauditResults; noWeekly: boolean; state?: AnswerFormState | undefined }) {
  const { view, answers, results, state } = props;
  const { m } = view;
  const resultOf = new Map(results.items.map((i) => [i.item.code, i.result]));
  const mayCheck = answers.mayWrite;
  return (
    <>
      <h1>
        {m.oitCheckTitle} · {m.fiscalYearOf(answers.year)}
      </h1>
      <p>{m.oitCheckIntro}</p>
      {answers.status === 'closed' ? <p class="muted">{m.oitClosed}</p> : null}
      {props.noWeekly ? (
        <p class="notice warn">
          {m.oitNoWeekly} <a href={yearPath(answers.slug, answers.year, '/calendar')}>{m.oitNoWeeklyLink}</a>
        </p>
      ) : null}
      <Estimate view={view} results={results} />
      {mayCheck ? (
        <p>
          <PostButton view={view} action={oitCheckPath(answers.slug, answers.year, '/run')} label={m.oitCheckAll} kind="primary" /> <span class="muted">{m.oitCheckSlow}</span>
        </p>
      ) : null}
      <DataTable label={m.oitCheckTitle} columns={[m.oitItemCol, m.oitSourceCol, 'URL', m.oitExplanation, m.oitResultCol]}>
        {answers.items.map((item) => (
          <OitItemRow
            key={item.code}
            view={view}
            slug={answers.slug}
            year={answers.year}
            item={item}
            mayWrite={answers.mayWrite}
            state={state?.code === item.code ? state : undefined}
            extra={<ResultCell view={view} slug={answers.slug} year={answers.year} code={item.code} result={resultOf.get(item.code) ?? null} mayCheck={mayCheck} />}
          />
        ))}
      </DataTable>
    </>
  );
}

/** One item's history, newest first: "ไม่ผ่าน ตั้งแต่ …", "ผ่าน ตั้งแต่ … ถึง …", each with its reasons. */
export function OitHistoryPage({ view, slug, year, item, stretches }: { view: View; slug: string; year: number; item: OitItem; stretches: readonly Stretch[] }) {
  const { m, lang } = view;
  return (
    <>
      <h1>
        {m.oitHistoryTitle(item.code)} · {m.fiscalYearOf(year)}
      </h1>
      <p>{item.titleTh}</p>
      {stretches.length === 0 ? <p class="muted">{m.oitNoHistory}</p> : null}
      <ol>
        {stretches.map((s, i) => {
          const status = m.oitStatus[s.status];
          return (
            <li key={s.from}>
              <StatusBadge view={view} status={s.status} />{' '}
              {i === 0 ? m.oitStretchOpen(status, dateTime(lang, s.from), dateTime(lang, s.to)) : m.oitStretch(status, dateTime(lang, s.from), dateTime(lang, s.to))}
              <span class="muted"> · {m.oitTrigger[s.trigger]}</span>
              <Reasons view={view} reasons={s.reasons} />
            </li>
          );
        })}
      </ol>
      <p>
        <a href={`${oitCheckPath(slug, year)}#item-${item.code}`}>{m.oitBack}</a>
      </p>
    </>
  );
}
