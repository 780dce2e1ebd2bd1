/**
 * A measure's monthly progress with its evidence, on the measure's page, as pure functions of their data: the
 * entries by period with their files (download, review, replacement by a new revision), and a form to report a
 * month with its files. The routes that take these forms are in routes-progress.tsx.
 *
 * Evidence files are checked by the app layer (src/measures/evidence.ts): size, type by content (PDF, images, DOCX,
 * XLSX), stored in the database; downloads always go out as attachments (download.ts).
 */
import type { EvidenceView } from './evidence.ts';
import type { MeasureView } from './measures.ts';
import type { ProgressView } from './progress.ts';
import { todayInBangkok } from './reporting.ts';
import { PROGRESS_STATUSES } from '../model/year.ts';
import { fiscalYearRange, thaiMonthName, toBuddhistYear } from '../thai/index.ts';
import {
  CsrfField,
  date,
  dateTime,
  ErrorSummary,
  errorFor,
  FileField,
  PostButton,
  Select,
  DataTable,
  TextArea,
  TextField,
  yearPath,
  type FieldError,
  type View,
  type YearNav,
} from '../web/view.tsx';

/** The months of a fiscal year (October to September) as YYYY-MM with a Buddhist-era label. */
export function fiscalMonths(fiscalYear: number, lang: 'th' | 'en'): [string, string][] {
  const { start } = fiscalYearRange(fiscalYear);
  let y = Number(start.slice(0, 4));
  let mo = Number(start.slice(5, 7));
  const out: [string, string][] = [];
  for (let i = 0; i < 12; i++) {
    const key = `${y}-${String(mo).padStart(2, '0')}`;
    const label = lang === 'th' ? `${thaiMonthName(mo)} ${toBuddhistYear(y)}` : `${new Date(Date.UTC(y, mo - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${toBuddhistYear(y)}`;
    out.push([key, label]);
    mo = mo === 12 ? 1 : mo + 1;
    if (mo === 1) y++;
  }
  return out;
}

/** What the file pickers offer (the app layer decides by content, whatever the name says). */
const EVIDENCE_ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx';

/** What the person's form said, kept when it comes back with errors. */
export interface ProgressFormState {
  readonly errors?: readonly FieldError[];
  readonly values?: Readonly<Record<string, string>>;
  readonly flash?: string;
  /** The month just saved (YYYY-MM), chosen again in the month list. */
  readonly month?: string;
}

function ProgressForm({ view, nav, measure, state, maxBytes }: { view: View; nav: YearNav; measure: MeasureView; state: ProgressFormState; maxBytes: number }) {
  const { m, lang } = view;
  const errors = state.errors ?? [];
  const v = state.values ?? {};
  const months = fiscalMonths(nav.year, lang);
  const today = todayInBangkok().slice(0, 7);
  // After a month is saved the list stays on it (the redirect names it), so the next report starts from there.
  const saved = months.some(([k]) => k === state.month) ? state.month : undefined;
  return (
    <form method="post" action={yearPath(nav.slug, nav.year, `/measures/${measure.id}/progress`)} enctype="multipart/form-data" class="card" novalidate>
      <h3 id="add-progress-title">{m.reportProgress}</h3>
      {/* Field ids under "progress." (the problems' own names): the measure's form above has a status too. */}
      <ErrorSummary view={view} errors={errors} fields={['progress.period', 'progress.done', 'progress.status', 'progress.outcome', 'progress.date', 'file']} />
      <CsrfField view={view} />
      <Select
        name="month"
        errorField="progress.period"
        label={m.reportMonth}
        value={v.month ?? saved ?? (months.some(([k]) => k === today) ? today : months[0]?.[0])}
        options={months}
        error={errorFor(errors, 'progress.period') ?? errorFor(errors, 'progress.month') ?? errorFor(errors, 'progress.date')}
      />
      <TextArea name="done" errorField="progress.done" label={m.progressDone} value={v.done ?? ''} rows={4} required error={errorFor(errors, 'progress.done')} />
      <Select
        name="status"
        errorField="progress.status"
        label={m.status}
        value={v.status ?? 'on_track'}
        options={PROGRESS_STATUSES.map((s): [string, string] => [s, m.progressStatus[s]])}
        error={errorFor(errors, 'progress.status')}
      />
      <TextArea name="outcome" errorField="progress.outcome" label={m.progressOutcome} value={v.outcome ?? ''} rows={3} error={errorFor(errors, 'progress.outcome')} />
      <FileField name="file" label={m.evidenceFiles} hint={m.evidenceHint(Math.round(maxBytes / 1024 / 1024))} accept={EVIDENCE_ACCEPT} multiple error={errorFor(errors, 'file')} />
      <button type="submit" class="primary">
        {m.saveProgress}
      </button>
    </form>
  );
}

function EvidenceItem({ view, nav, e, reviewer, reporter }: { view: View; nav: YearNav; e: EvidenceView; reviewer: boolean; reporter: boolean }) {
  const { m, lang } = view;
  const status = e.reviewStatus === 'accepted' ? 'ok' : e.reviewStatus === 'rejected' ? 'bad' : 'warn';
  const latest = e.replacedById === null;
  return (
    <li>
      <a href={yearPath(nav.slug, nav.year, `/evidence/${e.id}`)} download>
        {e.filename}
      </a>{' '}
      <span class="muted">
        ({Math.max(1, Math.round(e.size / 1024))} KB{e.revision > 1 ? ` · ${m.revision(e.revision)}` : ''} · {dateTime(lang, e.uploadedAt)})
      </span>{' '}
      <span class={`badge ${status}`}>{latest ? m.reviewStatus[e.reviewStatus] : m.replaced}</span>
      {e.reviewNote ? <span class="muted"> · {e.reviewNote}</span> : null}
      {latest && (reviewer || reporter) && nav.status === 'open' ? (
        <details>
          <summary>{m.manageEvidence(e.filename)}</summary>
          {reviewer ? (
            <form method="post" action={yearPath(nav.slug, nav.year, `/evidence/${e.id}/review`)} class="buttons">
              <CsrfField view={view} />
              <TextField name="note" errorField={`review-${e.id}.note`} label={m.reviewNote} />
              <button type="submit" name="decision" value="accepted" class="secondary small">
                {m.accept}
              </button>
              <button type="submit" name="decision" value="rejected" class="danger small">
                {m.reject}
              </button>
            </form>
          ) : null}
          {reporter ? (
            <form method="post" action={yearPath(nav.slug, nav.year, `/progress/${e.progressId}/evidence`)} enctype="multipart/form-data" class="buttons">
              <CsrfField view={view} />
              <input type="hidden" name="replacesId" value={e.id} />
              <FileField id={`replace-${e.id}`} name="file" label={m.replaceWith} accept={EVIDENCE_ACCEPT} />
              <button type="submit" class="secondary small">
                {m.replace}
              </button>
            </form>
          ) : null}
        </details>
      ) : null}
    </li>
  );
}

function EntryRow({ view, nav, p, evidence, reviewer, reporter }: { view: View; nav: YearNav; p: ProgressView; evidence: readonly EvidenceView[]; reviewer: boolean; reporter: boolean }) {
  const { m, lang } = view;
  const mine = evidence.filter((e) => e.progressId === p.id);
  const open = nav.status === 'open';
  return (
    <tr>
      <td>
        {date(lang, p.periodStart)} – {date(lang, p.periodEnd)}
        <br />
        <span class="muted">
          {m.reportedOn} {date(lang, p.date)}
          {p.createdBy ? ` · ${p.createdBy}` : ''}
        </span>
      </td>
      <td>
        {p.done}
        {p.outcome ? <p class="muted">{p.outcome}</p> : null}
      </td>
      <td>{m.progressStatus[p.status]}</td>
      <td>
        {mine.length ? (
          <ul>
            {mine.map((e) => (
              <EvidenceItem key={e.id} view={view} nav={nav} e={e} reviewer={reviewer} reporter={reporter} />
            ))}
          </ul>
        ) : (
          <span class="badge warn">{m.noEvidence}</span>
        )}
        {reporter && open ? (
          <details>
            <summary>{m.moreOnEntry(date(lang, p.periodStart))}</summary>
            <form method="post" action={yearPath(nav.slug, nav.year, `/progress/${p.id}/evidence`)} enctype="multipart/form-data">
              <CsrfField view={view} />
              <FileField id={`more-${p.id}`} name="file" label={m.attachFile} accept={EVIDENCE_ACCEPT} multiple />
              <button type="submit" class="secondary small">
                {m.attach}
              </button>
            </form>
            <form method="post" action={yearPath(nav.slug, nav.year, `/progress/${p.id}`)}>
              <CsrfField view={view} />
              <input type="hidden" name="updatedAt" value={p.updatedAt} />
              {/* Field ids of their own: the page has one such form per entry besides the new-entry form. */}
              <TextArea name="done" errorField={`entry-${p.id}.done`} label={m.progressDone} value={p.done} rows={3} />
              <Select name="status" errorField={`entry-${p.id}.status`} label={m.status} value={p.status} options={PROGRESS_STATUSES.map((s): [string, string] => [s, m.progressStatus[s]])} />
              <TextArea name="outcome" errorField={`entry-${p.id}.outcome`} label={m.progressOutcome} value={p.outcome ?? ''} rows={2} />
              <button type="submit" class="secondary small">
                {m.save}
              </button>
            </form>
            <PostButton view={view} action={yearPath(nav.slug, nav.year, `/progress/${p.id}/delete`)} fields={{ updatedAt: p.updatedAt }} label={m.deleteEntry} kind="danger" small />
          </details>
        ) : null}
      </td>
    </tr>
  );
}

/** The progress part of a measure's page: its entries with their evidence, and the form to report (`state`). */
export function ProgressSection(props: {
  view: View;
  nav: YearNav;
  measure: MeasureView;
  entries: readonly ProgressView[];
  evidence: readonly EvidenceView[];
  state: ProgressFormState;
  maxBytes: number;
}) {
  const { view, nav, measure, entries, evidence, state } = props;
  const { m } = view;
  const reporter = (measure.access !== 'none' || nav.permissions.actions.includes('progress.write')) && nav.status === 'open';
  const reviewer = nav.permissions.actions.includes('evidence.review');
  return (
    <section class="card" aria-labelledby="progress-title" id="progress">
      <h2 id="progress-title">{m.navProgress}</h2>
      {state.flash ? (
        <div class="notice ok" role="status">
          {state.flash}
        </div>
      ) : null}
      {entries.length === 0 ? (
        <p>{m.noProgress}</p>
      ) : (
        <DataTable label={m.progressOf(measure.seq)} caption={m.progressOf(measure.seq)} columns={[m.reportPeriod, m.progressDone, m.status, m.evidence]}>
          {entries.map((p) => (
            <EntryRow key={p.id} view={view} nav={nav} p={p} evidence={evidence} reviewer={reviewer} reporter={reporter} />
          ))}
        </DataTable>
      )}
      {reporter ? <ProgressForm view={view} nav={nav} measure={measure} state={state} maxBytes={props.maxBytes} /> : null}
    </section>
  );
}

