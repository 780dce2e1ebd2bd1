/**
 * A measure's monthly progress with its evidence, on the measure's page: the entries by period with their
 * files (download, review, replacement by a new revision), a form to report a month with its files, and the
 * routes that take these forms.
 *
 * Evidence files are checked by the app layer (src/measures/evidence.ts): size, type by content (PDF, images, DOCX,
 * XLSX), stored in the database; downloads always go out as attachments (download.ts).
 *
 * A report with files is all or nothing: the files are checked before the entry is written, and if storing one
 * still fails, the entry just written is removed again, so the person fixes the form and sends it again.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadEvidence, listEvidence, reviewEvidence, uploadEvidence, type EvidenceView } from './evidence.ts';
import { checkFile } from './file-types.ts';
import { getMeasure, listMeasures, type MeasureView } from './measures.ts';
import { addProgress, deleteProgress, listProgress, updateProgress, type ProgressView } from './progress.ts';
import { todayInBangkok } from './reporting.ts';
import { PROGRESS_STATUSES } from '../model/year.ts';
import { fiscalYearRange, thaiMonthName, toBuddhistYear } from '../thai/index.ts';
import { inOrg } from '../web/access.ts';
import { inputError, notFound } from '../web/errors.tsx';
import type { AreaOptions, Deps } from '../web/deps.ts';
import { formOf, type Form, type Upload } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import {
  CsrfField,
  date,
  dateTime,
  ErrorSummary,
  errorFor,
  fieldErrors,
  FileField,
  PostButton,
  Select,
  DataTable,
  TextArea,
  TextField,
  yearPath,
  type FieldError,
  type View,
  viewOf,
  type YearNav,
} from '../web/view.tsx';
import { confirmed, sendConfirmDelete } from '../web/confirm.tsx';
import { attachment } from '../web/download.ts';
import { yearNav, yearRef } from '../years/year-pages.tsx';

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

/** The progress part of a measure's page. */
export async function progressSection(deps: Deps, request: FastifyRequest, view: View, nav: YearNav, measure: MeasureView, state: ProgressFormState = {}) {
  const { m } = view;
  const principal = principalOf(request);
  const ref = yearRef(request);
  const [entries, evidence] = await Promise.all([listProgress(deps.db, principal, ref, measure.id), listEvidence(deps.db, principal, ref, { measureId: measure.id })]);
  const reporter = (measure.access !== 'none' || nav.permissions.actions.includes('progress.write')) && nav.status === 'open';
  const reviewer = nav.permissions.actions.includes('evidence.review');
  const month = (request.query as Record<string, string | undefined>).month;
  const form = state.month === undefined && month !== undefined ? { ...state, month } : state;
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
      {reporter ? <ProgressForm view={view} nav={nav} measure={measure} state={form} maxBytes={deps.maxUploadBytes} /> : null}
    </section>
  );
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

export type MeasurePage = (request: FastifyRequest, reply: FastifyReply, state: { measure: MeasureView; progress?: ProgressFormState }, status?: number) => Promise<FastifyReply>;

export async function progressRoutes(app: FastifyInstance, { deps }: AreaOptions, measurePage: MeasurePage): Promise<void> {
  const back = (request: FastifyRequest, measureId: string, done: string, month?: string) => {
    const ref = yearRef(request);
    return yearPath(ref.org, ref.year, `/measures/${measureId}?done=${done}${month ? `&month=${month}` : ''}#progress`);
  };

  app.post('/staff/o/:slug/:year/measures/:id/progress', { config: { access: inOrg('progress.write', 'measure.unit.write'), uploads: {} } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const principal = principalOf(request);
    const ref = yearRef(request);
    const measure = await getMeasure(deps.db, principal, ref, id);
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
      return measurePage(request, reply, { measure, progress: { errors: fieldErrors(request.lang, error), values: formValues(form) } }, 400);
    }
  });

  /** The measure of a progress entry of the year (NotFound for an entry of another year or organisation). */
  const measureOfEntry = async (request: FastifyRequest, progressId: string): Promise<MeasureView> => {
    const measures = await listMeasures(deps.db, principalOf(request), yearRef(request));
    const found = measures.find((x) => x.progress.some((p) => p.id === progressId.toLowerCase()));
    if (!found) throw notFound('progressId', (m) => m.errNoProgressEntry(progressId));
    return found;
  };

  app.post('/staff/o/:slug/:year/progress/:id', { config: { access: inOrg('progress.write', 'measure.unit.write') } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const measure = await measureOfEntry(request, id);
    const form = formOf(request);
    try {
      await updateProgress(deps.db, principalOf(request), yearRef(request), id, { done: form.get('done'), status: form.get('status'), outcome: form.get('outcome') || null }, form.get('updatedAt'));
      return reply.redirect(back(request, measure.id, 'progress'), 303);
    } catch (error) {
      return measurePage(request, reply, { measure, progress: { errors: fieldErrors(request.lang, error) } }, 400);
    }
  });

  app.post('/staff/o/:slug/:year/progress/:id/delete', { config: { access: inOrg('progress.write', 'measure.unit.write') } }, async (request, reply) => {
    const { id } = request.params as { id: string };
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

  app.post('/staff/o/:slug/:year/progress/:id/evidence', { config: { access: inOrg('progress.write', 'measure.unit.write'), uploads: {} } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const measure = await measureOfEntry(request, id);
    const form = formOf(request);
    const files = await form.files('file');
    try {
      if (files.length === 0) throw inputError('file', (m) => m.errChooseEvidence);
      checkFiles(deps, files);
      await uploadAll(deps, request, id, files, form.get('replacesId') || null);
      return reply.redirect(back(request, measure.id, 'evidence'), 303);
    } catch (error) {
      return measurePage(request, reply, { measure, progress: { errors: fieldErrors(request.lang, error, 'evidence') } }, 400);
    }
  });

  app.post('/staff/o/:slug/:year/evidence/:id/review', { config: { access: inOrg('evidence.review') } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const form = formOf(request);
    const principal = principalOf(request);
    const ref = yearRef(request);
    const evidence = (await listEvidence(deps.db, principal, ref)).find((x) => x.id === id.toLowerCase());
    if (!evidence) throw notFound('evidenceId', (m) => m.errNoEvidence(id));
    try {
      await reviewEvidence(deps.db, principal, ref, id, { decision: form.get('decision') as 'accepted' | 'rejected', note: form.get('note') || null });
      return reply.redirect(back(request, evidence.measureId, 'review'), 303);
    } catch (error) {
      const measure = await getMeasure(deps.db, principal, ref, evidence.measureId);
      return measurePage(request, reply, { measure, progress: { errors: fieldErrors(request.lang, error, 'review') } }, 400);
    }
  });

  app.get('/staff/o/:slug/:year/evidence/:id', { config: { access: inOrg('year.read') } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const file = await downloadEvidence(deps.db, principalOf(request), yearRef(request), id);
    return attachment(reply, file.bytes, file.filename, file.mediaType);
  });
}
