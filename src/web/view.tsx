/**
 * The page frame and the small components every page uses. Server-rendered with preact-render-to-string, so
 * every value is escaped unless a component says otherwise (only the chart's SVG and the document preview,
 * both built and escaped by their own renderers, are inserted as markup).
 *
 * Accessibility (WCAG 2.1 AA, conventions §4.1): lang on <html>, a skip link to <main>, one <h1> per page,
 * landmarks (header, nav, main, footer), labels on every field, errors summarised at the top and linked to their
 * fields (aria-invalid, aria-describedby), visible focus (app.css), tables with captions and scroll regions
 * that take the keyboard focus.
 */
import type { ComponentChildren, JSX } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../app/authz.ts';
import type { Permissions } from '../app/context.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { InputError, InputErrors } from '../errors.ts';
import type { Problem } from '../io/problems.ts';
import { criteriaOf, provisionalFor, type ProvisionalMark } from '../ita/index.ts';
import { PhraseText } from '../documents/core/html.tsx';
import { formatThaiDate } from '../thai/index.ts';
import { assetUrl } from './assets.ts';
import { messages, said, type Lang, type Messages } from './i18n.ts';

/** What every page needs to know about the request. */
export interface View {
  readonly lang: Lang;
  readonly m: Messages;
  readonly csrf: string;
  readonly account: Account | null;
  /** The path and query of the request (the language switch comes back to it). */
  readonly url: string;
}

/** The view of a request. `withCsrf: false` for the pages that must not depend on the database (starting up). */
export function viewOf(request: FastifyRequest, reply: FastifyReply, withCsrf = true): View {
  return { lang: request.lang, m: messages(request.lang), csrf: withCsrf ? reply.generateCsrf() : '', account: request.account, url: request.url };
}

/** One problem of a form: the field (its input's id is fieldId(field)) and the message in the page's language. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export const fieldId = (field: string): string => `f-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

/**
 * The problems of an InputError or InputErrors, in the page's language, with `prefix` taken off the field names
 * ("measure.titleTh" → "titleTh"); other errors (not allowed, not found, conflict) are thrown on.
 */
export function fieldErrors(lang: Lang, error: unknown, prefix = ''): FieldError[] {
  const isPlain = (e: InputError) => !(e instanceof NotFound) && !(e instanceof Conflict);
  const strip = (field: string) => (prefix && field.startsWith(`${prefix}.`) ? field.slice(prefix.length + 1) : field);
  if (error instanceof InputErrors) return error.errors.map((e) => ({ field: strip(e.field), message: said(lang, e) }));
  if (error instanceof InputError && isPlain(error)) return [{ field: strip(error.field), message: said(lang, error) }];
  throw error;
}

export const errorFor = (errors: readonly FieldError[], field: string): string | undefined =>
  errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;

/** A year's place in the navigation: the organisation, the year, and what the person may do there. */
export interface YearNav {
  readonly slug: string;
  readonly orgNameTh: string;
  readonly year: number;
  readonly criteriaYear: number;
  /** The revision of those criteria (absent: the newest known). */
  readonly criteriaRevision?: number;
  readonly status: 'open' | 'closed';
  readonly permissions: Permissions;
  /** Which entry of the year menu this page is. */
  readonly current: YearSection;
}

export type YearSection = 'dashboard' | 'scores' | 'criteria' | 'analysis' | 'measures' | 'approvals' | 'documents' | 'portal' | 'surveys' | 'calendar' | 'complaints' | 'audit' | 'people' | 'notifications' | 'line' | 'itas' | 'setup' | 'oitCheck';

export const yearPath = (slug: string, year: number, rest = ''): string => `/staff/o/${encodeURIComponent(slug)}/${year}${rest}`;

function YearMenu({ view, nav }: { view: View; nav: YearNav }) {
  const { m } = view;
  const p = nav.permissions.actions;
  const items: [YearSection, string, string, boolean][] = [
    ['dashboard', m.navDashboard, yearPath(nav.slug, nav.year), true],
    ['scores', m.navScores, yearPath(nav.slug, nav.year, '/scores'), true],
    ['criteria', m.navCriteria, yearPath(nav.slug, nav.year, '/criteria'), true],
    ['analysis', m.navAnalysis, yearPath(nav.slug, nav.year, '/analysis'), true],
    ['measures', m.navMeasures, yearPath(nav.slug, nav.year, '/measures'), true],
    ['approvals', m.navApprovals, yearPath(nav.slug, nav.year, '/approvals'), true],
    ['documents', m.navDocuments, yearPath(nav.slug, nav.year, '/documents'), true],
    ['portal', m.navPortal, yearPath(nav.slug, nav.year, '/portal'), true],
    ['oitCheck', m.oitCheckTitle, yearPath(nav.slug, nav.year, '/oit-check'), true],
    ['surveys', m.surveysTitle, yearPath(nav.slug, nav.year, '/surveys'), true],
    ['calendar', m.calendarTitle, yearPath(nav.slug, nav.year, '/calendar'), p.includes('measures.write') || p.includes('org.admin')],
    ['complaints', m.navComplaints, `/staff/o/${encodeURIComponent(nav.slug)}/complaints`, p.includes('complaints.handle')],
    ['audit', m.navAudit, `/staff/o/${encodeURIComponent(nav.slug)}/audit`, p.includes('audit.read')],
    ['people', m.navPeople, `/staff/o/${encodeURIComponent(nav.slug)}/people`, p.includes('org.admin')],
    ['notifications', m.notifyOrgTitle, `/staff/o/${encodeURIComponent(nav.slug)}/notifications`, p.includes('org.admin')],
    ['line', m.lineOrgTitle, `/staff/o/${encodeURIComponent(nav.slug)}/line`, p.includes('org.admin') || p.includes('measures.write')],
    ['itas', m.navItas, `/staff/o/${encodeURIComponent(nav.slug)}/itas`, true],
    ['setup', m.orgSetupTitle, `/staff/o/${encodeURIComponent(nav.slug)}/setup`, p.includes('org.admin')],
  ];
  return (
    <nav class="year-nav" aria-label={m.yearNav}>
      <ul>
        {items
          .filter(([, , , shown]) => shown)
          .map(([key, label, href]) => (
            <li key={key}>
              <a href={href} aria-current={nav.current === key ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        {p.includes('measures.write') ? (
          <li>
            <a href={`/staff/o/${encodeURIComponent(nav.slug)}/new-year`}>{m.newYearTitle}</a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export interface PageProps {
  readonly view: View;
  readonly title: string;
  readonly nav?: YearNav;
  /** A message shown above the content (saved, signed out…). */
  readonly flash?: { readonly kind: 'ok' | 'warn' | 'bad'; readonly text: string } | null;
  readonly children?: ComponentChildren;
}

function Page({ view, title, nav, flash, children }: PageProps) {
  const { m, account } = view;
  return (
    <html lang={view.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${m.appName}`}</title>
        <link rel="icon" type="image/svg+xml" href={assetUrl('favicon.svg')} />
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"selfRequestsOnly":true}' />
        <script src={assetUrl('htmx.min.js')} defer />
      </head>
      <body hx-headers={JSON.stringify({ 'x-csrf-token': view.csrf })}>
        <a class="skip" href="#main">
          {m.skipToContent}
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href={account ? '/staff' : '/login'}>
              {m.appName}
              <small>{m.appTagline}</small>
            </a>
            <div class="header-tools">
              <form method="post" action="/lang" class="inline">
                <input type="hidden" name="_csrf" value={view.csrf} />
                <input type="hidden" name="lang" value={view.lang === 'th' ? 'en' : 'th'} />
                <input type="hidden" name="back" value={view.url} />
                <button type="submit" class="linklike" lang={view.lang === 'th' ? 'en' : 'th'} title={m.langSwitchLabel}>
                  {m.langSwitch}
                </button>
              </form>
              {account ? (
                <>
                  <a href="/staff/settings">
                    {m.settings}
                  </a>
                  <span class="who">{account.principal.nameTh}</span>
                  <form method="post" action="/logout" class="inline">
                    <input type="hidden" name="_csrf" value={view.csrf} />
                    <button type="submit" class="linklike">
                      {m.signOut}
                    </button>
                  </form>
                </>
              ) : null}
            </div>
          </div>
        </header>
        {nav ? <YearMenu view={view} nav={nav} /> : null}
        <main id="main" tabindex={-1}>
          {nav ? <YearContextBar view={view} nav={nav} /> : null}
          {flash ? (
            <div class={`notice ${flash.kind}`} role={flash.kind === 'bad' ? 'alert' : 'status'}>
              {flash.text}
            </div>
          ) : null}
          {children}
        </main>
        <footer class="site-footer">
          <p>
            {m.appName} · {m.appTagline}
          </p>
        </footer>
      </body>
    </html>
  );
}

function YearContextBar({ view, nav }: { view: View; nav: YearNav }) {
  const { m } = view;
  return (
    <>
      <div class="context">
        <p>
          <a href="/staff">{m.home}</a> › {nav.orgNameTh} · {m.fiscalYearOf(nav.year)} · {m.criteriaYearOf(nav.criteriaYear)}
          {nav.status === 'closed' ? ` · ${m.yearClosed}` : ''}
        </p>
      </div>
      <ProvisionalNote view={view} of={nav} />
    </>
  );
}

/** A fiscal year and the criteria it is assessed under (a YearNav is one). */
export interface AssessedYear {
  readonly year: number;
  readonly criteriaYear: number;
  /** Absent: the newest revision known. */
  readonly criteriaRevision?: number;
}

/** Why the year's criteria are provisional (src/ita provisionalFor), or null when they are the NACC's. */
function provisionalOf(year: AssessedYear): ProvisionalMark | null {
  return provisionalFor(year.year, criteriaOf(year));
}

/**
 * The provisional mark of a year, never silent: on every staff page of the year (the year's frame, the portal's
 * staff frame) and beside the approve button. Nothing for a year with its NACC criteria (or none given).
 */
export function ProvisionalNote({ view, of, atApproval = false }: { view: View; of: AssessedYear | null; atApproval?: boolean }) {
  const mark = of ? provisionalOf(of) : null;
  if (!mark) return null;
  const { m, lang } = view;
  return (
    <div class="notice warn provisional" role="note">
      <strong>{m.provisionalCriteria}</strong> {said(lang, mark)}
      {atApproval ? <> {m.provisionalAtApproval}</> : null}
    </div>
  );
}

/** Renders a whole page. */
export function page(props: PageProps): string {
  return `<!doctype html>${renderToString(<Page {...props} />)}`;
}

/** Renders a fragment (an htmx partial). */
export function fragment(node: JSX.Element): string {
  return renderToString(node);
}

export async function sendPage(reply: FastifyReply, props: PageProps, status = 200): Promise<FastifyReply> {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page(props));
}

// ---------------------------------------------------------------------------------------------------------
// Components

export function CsrfField({ view }: { view: View }) {
  return <input type="hidden" name="_csrf" value={view.csrf} />;
}

/** The field of the form a problem links to: the problem's field, or the nearest enclosing one the form has. */
function anchorOf(field: string, known: readonly string[] | undefined): string {
  if (!known) return field;
  let f = field;
  while (!known.includes(f) && f.includes('.')) f = f.slice(0, f.lastIndexOf('.'));
  return known.includes(f) ? f : (known[0] ?? field);
}

/**
 * The error summary: first thing in the form, announced (role=alert), each problem linked to its field. `fields`
 * lists the fields of the form, so that a problem deep inside one ("methods.2") links to it ("methods").
 */
export function ErrorSummary({ view, errors, fields }: { view: View; errors: readonly FieldError[]; fields?: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{view.m.errorSummaryTitle}</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <a href={`#${fieldId(anchorOf(e.field, fields))}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly value?: string | number | null;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly required?: boolean;
  readonly type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'search';
  readonly autocomplete?: string;
  readonly inputMode?: 'decimal' | 'numeric' | 'text';
  readonly step?: string;
  readonly min?: string;
  readonly max?: string;
  readonly class?: string;
  /** The field the error summary links to, when it differs from the name. */
  readonly errorField?: string;
}

function described(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function FieldText({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </>
  );
}

export function TextField(props: FieldProps) {
  const id = fieldId(props.errorField ?? props.name);
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="visually-hidden"> ({'*'})</span> : null}
      </label>
      <FieldText id={id} hint={props.hint} error={props.error} />
      <input
        id={id}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        step={props.step}
        min={props.min}
        max={props.max}
        class={props.class}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(id, props.hint, props.error)}
      />
    </div>
  );
}

export function TextArea(props: Omit<FieldProps, 'type' | 'autocomplete' | 'inputMode' | 'step' | 'min' | 'max'> & { rows?: number }) {
  const id = fieldId(props.errorField ?? props.name);
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <FieldText id={id} hint={props.hint} error={props.error} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(id, props.hint, props.error)}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  value?: string | null;
  options: readonly (readonly [string, string])[];
  error?: string | undefined;
  hint?: string;
  errorField?: string;
  required?: boolean;
}) {
  const id = fieldId(props.errorField ?? props.name);
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <FieldText id={id} hint={props.hint} error={props.error} />
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(id, props.hint, props.error)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value} selected={value === (props.value ?? '')}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkboxes(props: {
  name: string;
  legend: string;
  options: readonly (readonly [string, string])[];
  checked: readonly string[];
  error?: string | undefined;
  hint?: string;
  errorField?: string;
}) {
  const id = fieldId(props.errorField ?? props.name);
  return (
    <fieldset class={`field${props.error ? ' invalid' : ''}`} id={id} aria-describedby={described(id, props.hint, props.error)}>
      <legend>{props.legend}</legend>
      <FieldText id={id} hint={props.hint} error={props.error} />
      <div class="checks">
        {props.options.map(([value, label]) => (
          <label key={value}>
            <input type="checkbox" name={props.name} value={value} checked={props.checked.includes(value)} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A table in a scroll region that keyboard users can reach and scroll (axe: scrollable-region-focusable). */
/**
 * Thai text of a table cell as phrase runs, the documents' rule (documents/html.tsx, src/thai/phrases.ts): common
 * compounds (งบประมาณ) and number phrases (พ.ศ. ๒๕๖๖) in a no-break span, so that a narrow screen never ends a line
 * inside them; URLs may wrap anywhere. Nothing is inserted into the text.
 */
export function ThaiText({ text }: { text: string }) {
  return <PhraseText text={text} />;
}

export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}

/** A column of a DataTable: its header, whether it holds numbers (right-aligned), whether its header is for screen readers only. */
export type Column = string | { readonly label: string; readonly num?: boolean; readonly hidden?: boolean };

/**
 * A table with its caption and column headers, in a keyboard-reachable scroll region; the rows are the children,
 * `footer` the rows of its foot (a total).
 */
export function DataTable(props: { label: string; caption?: string; columns: readonly Column[]; footer?: ComponentChildren; children: ComponentChildren }) {
  const { label, caption, columns, footer, children } = props;
  return (
    <TableWrap label={label}>
      <table>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => {
              const col = typeof c === 'string' ? { label: c } : c;
              return (
                <th key={i} scope="col" class={col.num ? 'num' : undefined}>
                  {col.hidden ? <span class="visually-hidden">{col.label}</span> : col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </TableWrap>
  );
}

/** A file field (its id is fieldId(name)), with a hint and the problem with the file, if any. */
export function FileField(props: { name: string; label: string; accept: string; hint?: string; error?: string | undefined; multiple?: boolean; id?: string }) {
  const id = props.id ?? fieldId(props.name);
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <FieldText id={id} hint={props.hint} error={props.error} />
      <input
        id={id}
        type="file"
        name={props.name}
        multiple={props.multiple}
        accept={props.accept}
        aria-describedby={described(id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

/** The two ways to send a file to import: check it only, or import it. */
export function ImportButtons({ view }: { view: View }) {
  const { m } = view;
  return (
    <div class="buttons">
      <button type="submit" name="mode" value="check" class="secondary">
        {m.importCheck}
      </button>
      <button type="submit" name="mode" value="import" class="primary">
        {m.importNow}
      </button>
    </div>
  );
}

/** The new password, twice (set-up links and the settings page). */
export function NewPasswordFields({ view, errors, minLength }: { view: View; errors: readonly FieldError[]; minLength: number }) {
  const { m } = view;
  return (
    <>
      <TextField name="password" type="password" label={m.newPassword} hint={m.passwordHint(minLength)} autocomplete="new-password" required error={errorFor(errors, 'password')} />
      <TextField name="password2" type="password" label={m.passwordAgain} autocomplete="new-password" required error={errorFor(errors, 'password2')} />
    </>
  );
}

/** The outcome of checking or importing a file: whether it was written, and every problem by place. */
export function ImportSummary(props: { view: View; id: string; written: boolean; problems: readonly Problem[]; children?: ComponentChildren }) {
  const { m } = props.view;
  const failed = props.problems.some((p) => p.severity === 'error');
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.written ? m.importDone : failed ? m.importRefused : m.importPreview}</h2>
      {props.problems.length ? <ProblemList view={props.view} problems={props.problems} /> : <p>{m.importNoProblems}</p>}
      {props.children}
    </section>
  );
}

/** A POST button in a form of its own (with the CSRF token): for actions that change something. */
export function PostButton(props: {
  view: View;
  action: string;
  label: string;
  fields?: Readonly<Record<string, string>>;
  kind?: 'primary' | 'secondary' | 'danger';
  small?: boolean;
  ariaLabel?: string;
}) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField view={props.view} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={`${props.kind ?? 'secondary'}${props.small ? ' small' : ''}`} aria-label={props.ariaLabel}>
        {props.label}
      </button>
    </form>
  );
}

/** Problems of an imported file, each with its place (sheet, row, column) and severity. */
export function ProblemList({ view, problems }: { view: View; problems: readonly Problem[] }) {
  const { m, lang } = view;
  return (
    <ul>
      {problems.map((p, i) => {
        const where = m.problemPlace(p.sheet, p.row, p.column);
        return (
          <li key={i} class={p.severity === 'error' ? 'fail' : undefined}>
            {p.severity === 'error' ? m.problemError : m.problemWarning}
            {where ? ` · ${where}` : ''}: {said(lang, p)}
          </li>
        );
      })}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

/** A score as the UI shows it: 2 decimals, Arabic digits; a dash for none. */
export const score = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : value.toFixed(2));

const EN_DATE = new Intl.DateTimeFormat('en-GB-u-ca-buddhist', { timeZone: 'Asia/Bangkok', day: 'numeric', month: 'short', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Bangkok', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * A Buddhist-era date in the page's language, Arabic digits (UI): ๒๕ พ.ย. ๖๙ is written 25 พ.ย. 69 in Thai and
 * 25 Nov 2569 BE in English. A calendar date (YYYY-MM-DD) is shown as it is; an instant on the Bangkok calendar.
 */
export function date(lang: Lang, value: string | null | undefined, style: 'long' | 'short' = 'short'): string {
  if (!value) return '–';
  try {
    if (lang === 'th') return formatThaiDate(value, { style, digits: 'arabic' });
    const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+07:00`) : new Date(value);
    return EN_DATE.format(instant);
  } catch {
    return value;
  }
}

/** A date and time in Bangkok, Buddhist era: 25 พ.ย. 69 14:05. */
export function dateTime(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '–';
  return `${date(lang, iso)} ${TIME.format(new Date(iso))}`;
}
