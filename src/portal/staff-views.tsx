/**
 * The staff pages of the portal, under /staff/o/<slug>/…: the year's publications item by item with their
 * freshness, the page of one thing (an OIT item, the declaration, the results, a free page) where a version is
 * prepared, sent for approval, approved or scheduled, sent back or withdrawn, the OIT answer sheet (page, XLSX,
 * CSV), the free pages, and the portal settings. Server-rendered, working without JavaScript: every action is a
 * form that posts and comes back (303) to the page it came from.
 *
 * Access rules (src/web/access.ts) on every route; the app layer authorises again on every call
 * (src/portal/publications.ts): reading needs any role in the organisation, preparing publication.write, deciding
 * publication.approve, the settings org.admin.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { ANSWER_STATE_TH, answerSheet, answerSheetCsv, answerSheetName, answerSheetXlsx } from './answer-sheet.ts';
import { OwnWork } from '../app/authz.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { itemFreshness, type ItemFreshness } from './freshness.ts';
import { expectedCoverage, KIND_FIELDS, type Content } from './publication-content.ts';
import { portalHome, slotPath, type Slot } from './paths.ts';
import { GDC_LICENSES, getPortalSettings, setPortalSettings } from './settings.ts';
import {
  approveVersion,
  attachFile,
  discardDraft,
  listPages,
  recallSubmission,
  rejectVersion,
  removeAttachment,
  saveDraft,
  slotView,
  stagedFile,
  submitVersion,
  withdrawVersion,
  yearPublications,
  type SlotRef,
  type SlotSummary,
  type SlotView,
  type VersionView,
} from './publications.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { DOCUMENT_KIND_NAMES, DOCUMENT_KINDS } from '../documents/core/model.ts';
import { InputError } from '../errors.ts';
import { inOrg } from '../web/access.ts';
import { assetUrl } from '../web/assets.ts';
import type { Deps } from '../web/deps.ts';
import { formOf, type Form } from '../web/forms.ts';
import { said, type Lang } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import {
  CsrfField,
  DataTable,
  dateTime,
  ErrorSummary,
  errorFor,
  fieldErrors,
  PostButton,
  ProvisionalNote,
  Select,
  sendPage,
  TextArea,
  TextField,
  viewOf,
  type AssessedYear,
  type FieldError,
  type View,
} from '../web/view.tsx';
import { DateField } from '../web/date-field.tsx';
import type { PortalCache } from './cache.ts';
import { longDate, VersionBody, VersionFacts, type Hrefs } from './components.tsx';
import { portalMessages, type PortalMessages } from './i18n.ts';
import { attachment } from '../web/download.ts';
import { yearRef } from '../years/year-pages.tsx';
import { originOf } from './public-pages.tsx';
import { draftFromForm, linksText, parsePeriodText, periodText, publishAtOf } from './staff-forms.ts';
import { sendStored } from './files.ts';

export interface StaffOptions {
  readonly deps: Deps;
  readonly cache: PortalCache;
}

const seg = encodeURIComponent;
const yearBase = (slug: string, year: number) => `/staff/o/${seg(slug)}/${year}/portal`;

/** The staff address of a thing. */
export function staffSlotPath(slug: string, slot: Slot): string {
  switch (slot.kind) {
    case 'oit':
      return `${yearBase(slug, slot.year)}/oit/${seg(slot.code)}`;
    case 'declaration':
      return `${yearBase(slug, slot.year)}/declaration`;
    case 'results':
      return `${yearBase(slug, slot.year)}/results`;
    case 'page':
      return `/staff/o/${seg(slug)}/portal/pages/${seg(slot.page)}`;
  }
}

const stagedHref = (slug: string, version: VersionView) => (seq: number) => `/staff/o/${seg(slug)}/portal/files/${version.id}/${seq}`;

function staffHrefs(slug: string, version: VersionView): Hrefs {
  const href = stagedHref(slug, version);
  return { file: (f) => href(f.seq), document: (f) => href(f.seq) };
}

const FLASH: Readonly<Record<string, keyof PortalMessages>> = {
  saved: 'saved',
  submitted: 'submitted',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  discarded: 'discarded',
  recalled: 'saved',
};

function flashOf(request: FastifyRequest, m: PortalMessages): { kind: 'ok'; text: string } | null {
  const done = (request.query as Record<string, string | undefined>).done ?? '';
  const key = FLASH[done];
  return key ? { kind: 'ok', text: m[key] as string } : null;
}

/** The year a slot belongs to and its criteria (null: a slot of no year). */
const assessedOf = (c: { year: number | null; criteriaYear: number | null }): AssessedYear | null =>
  c.year !== null && c.criteriaYear !== null ? { year: c.year, criteriaYear: c.criteriaYear } : null;

/** The fiscal year of the URL (as the year pages read it: src/years/year-pages.tsx). */
const yearParam = (request: FastifyRequest): number => yearRef(request).year;

function Frame(props: { view: View; m: PortalMessages; slug: string; orgName: string; year: number | null; children: ComponentChildren; assessed?: AssessedYear | null }) {
  const { view, m, slug, orgName, year, children } = props;
  return (
    <div class="staff-portal">
      <ProvisionalNote view={view} of={props.assessed ?? null} />
      <link rel="stylesheet" href={assetUrl('portal.css')} />
      <nav class="crumbs" aria-label={view.m.breadcrumb}>
        <ol>
          <li>
            <a href="/staff">{view.m.home}</a>
          </li>
          <li>{orgName}</li>
          {year !== null ? (
            <li>
              <a href={`/staff/o/${seg(slug)}/${year}`}>{view.m.fiscalYearOf(year)}</a>
            </li>
          ) : null}
          {year !== null ? (
            <li>
              <a href={yearBase(slug, year)}>{m.staffTitle(String(year))}</a>
            </li>
          ) : null}
        </ol>
      </nav>
      {children}
    </div>
  );
}

function StateBadge({ m, state }: { m: PortalMessages; state: VersionView['state'] | 'none' }) {
  return <span class={`state-${state}`}>{state === 'none' ? m.none : m.versionState[state]}</span>;
}

function summaryState(s: SlotSummary): VersionView['state'] | 'none' {
  if (s.current) return 'public';
  if (s.scheduled.length) return 'scheduled';
  return s.open?.state ?? 'none';
}

function Problems({ lang, f }: { lang: Lang; f: ItemFreshness }) {
  if (f.problems.length === 0) return null;
  return (
    <ul class="problems">
      {f.problems.map((p) => (
        <li key={p.code} class={p.severity}>
          {said(lang, p)}
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------------------
// The year's publications

/** OIT items with where each stands and what is to do; with `periods`, the months or half-year of each. */
function ItemTable({ view, m, slug, caption, rows, periods = false }: { view: View; m: PortalMessages; slug: string; caption: string; rows: readonly { s: SlotSummary; f: ItemFreshness }[]; periods?: boolean }) {
  const label = (p: { th: string; en: string } | undefined) => (p ? (view.lang === 'th' ? p.th : p.en) : '');
  return (
    <DataTable label={caption} caption={caption} columns={[m.item, m.state, m.problems]}>
      {rows.map(({ s, f }) => (
        <tr key={f.code}>
          <th scope="row">
            <a href={staffSlotPath(slug, s.slot)}>
              {f.code} {f.titleTh}
            </a>
          </th>
          <td>
            <StateBadge m={m} state={summaryState(s)} />
            {s.current ? <div class="muted">{m.publishedOn(longDate(view.lang, s.current.publishAt))}</div> : null}
            {s.open && s.current ? (
              <div>
                <StateBadge m={m} state={s.open.state} />
              </div>
            ) : null}
          </td>
          <td>
            {f.problems.length ? <Problems lang={view.lang} f={f} /> : m.noProblems}
            {periods && f.periods.length > 1 ? (
              <details>
                <summary>{m.period(label(f.periods[0]), label(f.periods.at(-1)))}</summary>
                <ul>
                  {f.periods.map((p) => (
                    <li key={p.start}>
                      {label(p)}: {m.periodState[p.state]}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

async function yearPage(request: FastifyRequest, reply: FastifyReply, opts: StaffOptions): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const { slug } = request.params as { slug: string };
  const year = yearParam(request);
  const now = opts.deps.now();
  const pubs = await yearPublications(opts.deps.db, principalOf(request), { org: slug, year }, now);
  const today = todayInBangkok(now);
  const rows = pubs.items.map((s) => ({ s, f: itemFreshness(s.item, year, s, today) }));
  const recurring = rows.filter(({ f }) => f.recurring || f.coverage);
  const title = m.staffTitle(String(year));
  return sendPage(reply, {
    view,
    title,
    flash: flashOf(request, m),
    children: (
      <Frame view={view} m={m} slug={slug} orgName={pubs.nameTh} year={null} assessed={pubs}>
        <h1>{title}</h1>
        <p>{m.staffIntro}</p>
        <p class="buttons">
          <a href={portalHome(slug)}>{m.viewPublic}</a>
          <a href={`${yearBase(slug, year)}/answer-sheet`}>{m.answerSheet}</a>
          <a href={`/staff/o/${seg(slug)}/portal/pages`}>{m.freePages}</a>
          <a href={`/staff/o/${seg(slug)}/portal/settings`}>{m.portalSettings}</a>
        </p>
        <h2>{m.declarationAndResults}</h2>
        <ul>
          {[pubs.declaration, pubs.results].map((s) => (
            <li key={s.slot.kind}>
              <a href={staffSlotPath(slug, s.slot)}>{s.titleTh}</a> — <StateBadge m={m} state={summaryState(s)} />
            </li>
          ))}
        </ul>
        {recurring.length ? (
          <>
            <h2>{m.freshness}</h2>
            <p class="muted">{m.freshnessIntro}</p>
            <ItemTable view={view} m={m} slug={slug} caption={m.freshness} rows={recurring} periods />
          </>
        ) : null}
        <h2>{m.itaYear(String(year))}</h2>
        <ItemTable view={view} m={m} slug={slug} caption={m.criteriaOf(String(pubs.criteriaYear))} rows={rows} />
      </Frame>
    ),
  });
}

// ---------------------------------------------------------------------------------------------------------
// One thing: prepare, submit, decide

interface SlotPageState {
  readonly errors?: readonly FieldError[];
  /** What the form sent, shown back after a refusal. */
  readonly values?: Record<string, string | string[]>;
  readonly flash?: { kind: 'ok' | 'warn' | 'bad'; text: string } | null;
}

const DRAFT_FIELDS = ['titleTh', 'text', 'explanation', 'coversYear', 'links', 'documents', 'signerName', 'signerPosition', 'signedOn', 'updatedAt'];

function DraftForm({ view, m, sv, base, state }: { view: View; m: PortalMessages; sv: SlotView; base: string; state: SlotPageState }) {
  const kind = sv.context.slot.kind;
  const open = sv.open?.status === 'draft' ? sv.open : null;
  const content: Content = open?.content ?? sv.startingContent;
  const fields = KIND_FIELDS[kind];
  const value = (name: string, fallback: string) => {
    const v = state.values?.[name];
    return typeof v === 'string' ? v : fallback;
  };
  const errors = state.errors ?? [];
  const checked = state.values ? [state.values.documents ?? []].flat() : content.documents.map((d) => `${d.kind}:${d.year}`);
  const expected = sv.context.item && sv.context.year !== null ? expectedCoverage(sv.context.item, sv.context.year) : null;
  return (
    <form method="post" action={`${base}/draft`} class="stack" novalidate>
      <CsrfField view={view} />
      <ErrorSummary view={view} errors={errors} fields={DRAFT_FIELDS} />
      <input type="hidden" name="updatedAt" value={value('updatedAt', open?.updatedAt ?? '')} />
      {fields.includes('titleTh') ? (
        <TextField name="titleTh" label={m.titleField} value={value('titleTh', open?.titleTh ?? sv.versions[0]?.titleTh ?? sv.context.defaultTitle)} error={errorFor(errors, 'titleTh')} required />
      ) : null}
      {fields.includes('signerName') ? (
        <>
          <TextField name="signerName" label={m.signerName} value={value('signerName', content.signerName)} error={errorFor(errors, 'signerName')} />
          <TextField name="signerPosition" label={m.signerPosition} value={value('signerPosition', content.signerPosition)} error={errorFor(errors, 'signerPosition')} />
          <DateField lang={view.lang} name="signedOn" label={m.signedOn} value={value('signedOn', content.signedOn ?? '')} error={errorFor(errors, 'signedOn')} />
        </>
      ) : null}
      <TextArea name="text" label={m.textField} hint={m.textHint} rows={8} value={value('text', content.text)} error={errorFor(errors, 'text')} />
      {fields.includes('explanation') ? (
        <TextArea name="explanation" label={m.explanationField} hint={m.explanationHint} rows={3} value={value('explanation', content.explanation)} error={errorFor(errors, 'explanation')} />
      ) : null}
      {fields.includes('coversYear') ? (
        <Select
          name="coversYear"
          label={m.coversYearField}
          hint={expected === null ? undefined : m.coversYearHint(String(expected))}
          value={value('coversYear', content.coversYear === null ? '' : String(content.coversYear))}
          options={[['', m.notSaid], ...[...new Set([...(expected === null ? [] : [expected]), ...sv.years])].sort((a, b) => b - a).map((y) => [String(y), view.m.fiscalYearOf(y)] as const)]}
          error={errorFor(errors, 'coversYear')}
        />
      ) : null}
      {fields.includes('links') ? <TextArea name="links" label={m.linksField} hint={m.linksHint} rows={4} value={value('links', linksText(content.links))} error={errorFor(errors, 'links')} /> : null}
      {fields.includes('documents') ? (
        <fieldset class="field" id="f-documents">
          <legend>{m.documentsField}</legend>
          {errorFor(errors, 'documents') ? <span class="error">{errorFor(errors, 'documents')}</span> : null}
          <input type="hidden" name="documentsShown" value="1" />
          <div class="checks">
            {sv.years.flatMap((y) =>
              DOCUMENT_KINDS.map((k) => (
                <label key={`${k}:${y}`}>
                  <input type="checkbox" name="documents" value={`${k}:${y}`} checked={checked.includes(`${k}:${y}`)} />
                  {DOCUMENT_KIND_NAMES[k].th} {view.m.fiscalYearOf(y)}
                </label>
              )),
            )}
          </div>
        </fieldset>
      ) : null}
      <p>
        <button type="submit" class="primary">
          {m.saveDraft}
        </button>
      </p>
    </form>
  );
}

function AttachForm({ view, m, base, open, errors }: { view: View; m: PortalMessages; base: string; open: VersionView | null; errors: readonly FieldError[] }) {
  return (
    <form method="post" action={`${base}/attach`} enctype="multipart/form-data" class="stack">
      <CsrfField view={view} />
      <input type="hidden" name="updatedAt" value={open?.updatedAt ?? ''} />
      <div class={`field${errorFor(errors, 'file') ? ' invalid' : ''}`}>
        <label for="f-file">{m.fileField}</label>
        <span class="hint" id="f-file-hint">
          {m.attachHint}
        </span>
        {errorFor(errors, 'file') ? (
          <span class="error" id="f-file-error">
            {errorFor(errors, 'file')}
          </span>
        ) : null}
        <input id="f-file" type="file" name="file" aria-describedby={errorFor(errors, 'file') ? 'f-file-hint f-file-error' : 'f-file-hint'} />
      </div>
      <TextField name="labelTh" label={m.fileLabel} error={errorFor(errors, 'labelTh')} />
      <TextField name="period" label={m.filePeriod} error={errorFor(errors, 'period')} />
      <p>
        <button type="submit" class="secondary">
          {m.attachFile}
        </button>
      </p>
    </form>
  );
}

function Attachments({ view, m, slug, base, open }: { view: View; m: PortalMessages; slug: string; base: string; open: VersionView }) {
  const files = open.files.filter((f) => f.role === 'attachment');
  if (files.length === 0) return null;
  const href = stagedHref(slug, open);
  return (
    <ul class="files">
      {files.map((f) => (
        <li key={f.seq}>
          <a href={href(f.seq)}>{f.labelTh ?? f.filename}</a> <span class="muted">{periodText(f.period)}</span>{' '}
          <PostButton view={view} action={`${base}/detach`} label={m.removeFile(f.filename)} fields={{ seq: String(f.seq), updatedAt: open.updatedAt }} small />
        </li>
      ))}
    </ul>
  );
}

function Decision({ view, m, sv, base, state }: { view: View; m: PortalMessages; sv: SlotView; base: string; state: SlotPageState }) {
  const open = sv.open as VersionView;
  const errors = state.errors ?? [];
  if (!sv.may.approve) return null;
  if (!sv.mayApproveOpen) return <p class="notice warn">{m.ownWork}</p>;
  return (
    <div class="decision">
      <form method="post" action={`${base}/approve`} class="stack">
        <CsrfField view={view} />
        <input type="hidden" name="version" value={String(open.version)} />
        <TextField name="publishAt" label={m.publishAt} hint={m.publishAtHint} value={typeof state.values?.publishAt === 'string' ? state.values.publishAt : ''} error={errorFor(errors, 'publishAt')} />
        <p>
          <button type="submit" class="primary">
            {m.approve}
          </button>
        </p>
      </form>
      <form method="post" action={`${base}/reject`} class="stack">
        <CsrfField view={view} />
        <input type="hidden" name="version" value={String(open.version)} />
        <TextArea name="comment" label={m.rejectComment} rows={3} error={errorFor(errors, 'comment')} />
        <p>
          <button type="submit" class="secondary">
            {m.reject}
          </button>
        </p>
      </form>
    </div>
  );
}

function LintNotes({ m, lang, version }: { m: PortalMessages; lang: Lang; version: VersionView }) {
  const docs = version.files.filter((f) => f.role === 'document' && f.docFormat === 'html' && f.problems.length > 0);
  if (docs.length === 0) return null;
  return (
    <>
      {docs.map((f) => (
        <details key={f.seq} class="notice warn">
          <summary>
            {f.labelTh}: {m.lintProblems(String(f.problems.length))}
          </summary>
          <ul>
            {f.problems.map((p, i) => (
              <li key={i}>{said(lang, p)}</li>
            ))}
          </ul>
        </details>
      ))}
    </>
  );
}

async function slotPage(request: FastifyRequest, reply: FastifyReply, opts: StaffOptions, ref: SlotRef, state: SlotPageState = {}, status = 200): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const lang = view.lang;
  const sv = await slotView(opts.deps.db, principalOf(request), ref, opts.deps.now());
  const slug = sv.context.slug;
  const base = staffSlotPath(slug, ref.slot);
  const open = sv.open;
  const title = sv.versions[0]?.titleTh ?? sv.context.defaultTitle;
  const errors = state.errors ?? [];
  return sendPage(
    reply,
    {
      view,
      title,
      flash: state.flash ?? flashOf(request, m),
      children: (
        <Frame view={view} m={m} slug={slug} orgName={sv.context.nameTh} year={sv.context.year} assessed={assessedOf(sv.context)}>
          <h1>{title}</h1>
          {sv.current ? (
            <section class="version" aria-labelledby="current-title">
              <h2 id="current-title">{m.currentPublic}</h2>
              <VersionFacts lang={lang} m={m} version={sv.current} />
              <p>
                <a href={slotPath(slug, ref.slot, sv.current.version)}>{`${originOf(request)}${slotPath(slug, ref.slot, sv.current.version)}`}</a>
              </p>
            </section>
          ) : null}
          {sv.scheduled.map((v) => (
            <section key={v.id} class="version">
              <h2>
                {m.versionNo(String(v.version))}: {m.scheduledFor(dateTime(lang, v.publishAt))}
              </h2>
            </section>
          ))}
          {open?.status === 'submitted' ? (
            <section class="version submitted" aria-labelledby="open-title">
              <h2 id="open-title">{m.submittedTitle(String(open.version))}</h2>
              <p class="muted">
                {open.submittedBy} · {dateTime(lang, open.submittedAt)}
              </p>
              <ErrorSummary view={view} errors={errors} fields={['publishAt', 'comment']} />
              <h3>{m.preview}</h3>
              <VersionBody lang={lang} m={m} version={open} hrefs={staffHrefs(slug, open)} level={4} />
              <LintNotes m={m} lang={lang} version={open} />
              <Decision view={view} m={m} sv={sv} base={base} state={state} />
              {sv.may.write ? <PostButton view={view} action={`${base}/recall`} label={m.recall} /> : null}
            </section>
          ) : sv.may.write ? (
            <section class="version draft" aria-labelledby="open-title">
              <h2 id="open-title">{open ? m.draftTitle(String(open.version)) : m.newDraft}</h2>
              {open?.reviewComment ? (
                <div class="notice warn" role="status">
                  <p>
                    <strong>{m.reviewComment}:</strong> {open.reviewComment}
                  </p>
                </div>
              ) : null}
              <DraftForm view={view} m={m} sv={sv} base={base} state={state} />
              <h3>{m.attachments}</h3>
              {open ? <Attachments view={view} m={m} slug={slug} base={base} open={open} /> : null}
              <AttachForm view={view} m={m} base={base} open={open} errors={errors} />
              {open ? (
                <p class="buttons">
                  <PostButton view={view} action={`${base}/submit`} label={m.submit} kind="primary" />
                  <PostButton view={view} action={`${base}/discard`} label={m.discard} kind="danger" />
                </p>
              ) : null}
            </section>
          ) : open ? (
            <p>
              {m.draftTitle(String(open.version))}: <StateBadge m={m} state={open.state} />
            </p>
          ) : null}
          {sv.versions.length ? (
            <section aria-labelledby="history-title">
              <h2 id="history-title">{m.history}</h2>
              <DataTable label={m.history} caption={m.history} columns={[m.versionNo(''), m.state, m.publishedAtColumn, m.edit]}>
                {sv.versions.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">{v.version}</th>
                    <td>
                      <StateBadge m={m} state={v.state} />
                      {v.decidedBy ? <div class="muted">{`${v.decidedBy} · ${dateTime(lang, v.decidedAt)}`}</div> : null}
                      {v.withdrawnReason ? <div class="muted">{v.withdrawnReason}</div> : null}
                    </td>
                    <td>{v.publishAt ? dateTime(lang, v.publishAt) : '–'}</td>
                    <td>
                      {v.state === 'public' ? <a href={slotPath(slug, ref.slot, v.version)}>{m.permalink}</a> : null}
                      {sv.may.approve && v.status === 'approved' ? (
                        <form method="post" action={`${base}/withdraw`} class="stack">
                          <CsrfField view={view} />
                          <input type="hidden" name="version" value={String(v.version)} />
                          <TextField name="reason" label={m.withdrawReason} errorField={`reason-${v.version}`} />
                          <button type="submit" class="danger small">
                            {m.withdraw(String(v.version))}
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </DataTable>
            </section>
          ) : null}
        </Frame>
      ),
    },
    status,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Answer sheet, pages, settings

async function answerSheetPage(request: FastifyRequest, reply: FastifyReply, opts: StaffOptions): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const { slug } = request.params as { slug: string };
  const year = yearParam(request);
  const sheet = await answerSheet(opts.deps.db, principalOf(request), { org: slug, year }, originOf(request), opts.deps.now());
  return sendPage(reply, {
    view,
    title: m.answerSheet,
    children: (
      <Frame view={view} m={m} slug={slug} orgName={sheet.nameTh} year={year} assessed={sheet}>
        <h1>{m.answerSheet}</h1>
        <p>{m.answerSheetIntro}</p>
        <p class="buttons">
          <a class="button secondary" href={`${yearBase(slug, year)}/answer-sheet.xlsx`}>
            {m.downloadXlsx}
          </a>
          <a class="button secondary" href={`${yearBase(slug, year)}/answer-sheet.csv`}>
            {m.downloadCsv}
          </a>
        </p>
        <DataTable label={m.answerSheet} caption={m.criteriaOf(String(sheet.criteriaYear))} columns={[m.item, 'URL', m.explanationField, m.state]}>
          {sheet.rows.map((r) => (
            <tr key={r.code}>
              <th scope="row">
                {r.code} {r.titleTh}
              </th>
              <td class="permalink">
                <a href={r.url}>{r.url}</a>
                {r.extraUrls.map((u) => (
                  <div key={u}>
                    <a href={u}>{u}</a>
                  </div>
                ))}
              </td>
              <td>{r.explanation}</td>
              <td>
                {ANSWER_STATE_TH[r.state]}
                {r.publishAt ? <div class="muted">{dateTime(view.lang, r.publishAt)}</div> : null}
              </td>
            </tr>
          ))}
        </DataTable>
      </Frame>
    ),
  });
}

async function pagesPage(request: FastifyRequest, reply: FastifyReply, opts: StaffOptions, errors: readonly FieldError[] = [], status = 200): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const { slug } = request.params as { slug: string };
  const { org, pages } = await listPages(opts.deps.db, principalOf(request), slug, opts.deps.now());
  return sendPage(
    reply,
    {
      view,
      title: m.freePages,
      children: (
        <Frame view={view} m={m} slug={slug} orgName={org.nameTh} year={null}>
          <h1>{m.freePages}</h1>
          <ul>
            {pages.map((p) => (
              <li key={JSON.stringify(p.slot)}>
                <a href={staffSlotPath(slug, p.slot)}>{p.titleTh}</a> — <StateBadge m={m} state={summaryState(p)} />
              </li>
            ))}
          </ul>
          <form method="get" action={`/staff/o/${seg(slug)}/portal/pages/new`} class="stack">
            <ErrorSummary view={view} errors={errors} fields={['page']} />
            <TextField name="page" label={m.newPageSlug} error={errorFor(errors, 'page')} />
            <button type="submit" class="secondary">
              {m.newPage}
            </button>
          </form>
        </Frame>
      ),
    },
    status,
  );
}

async function settingsPage(request: FastifyRequest, reply: FastifyReply, opts: StaffOptions, state: SlotPageState = {}, status = 200): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const { slug } = request.params as { slug: string };
  const s = await getPortalSettings(opts.deps.db, principalOf(request), slug);
  const errors = state.errors ?? [];
  const v = (name: string, fallback: string | null) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : (fallback ?? ''));
  return sendPage(
    reply,
    {
      view,
      title: m.portalSettings,
      flash: state.flash ?? flashOf(request, m),
      children: (
        <Frame view={view} m={m} slug={slug} orgName={request.org?.nameTh ?? slug} year={null}>
          <h1>{m.portalSettings}</h1>
          <form method="post" action={`/staff/o/${seg(slug)}/portal/settings`} class="stack">
            <CsrfField view={view} />
            <ErrorSummary view={view} errors={errors} fields={['descriptionTh', 'maintainerTh', 'contactEmail', 'contactPhone', 'licenseId']} />
            <TextArea name="descriptionTh" label={m.descriptionField} rows={3} value={v('descriptionTh', s.descriptionTh)} error={errorFor(errors, 'descriptionTh')} />
            <TextField name="maintainerTh" label={m.maintainerField} value={v('maintainerTh', s.maintainerTh)} error={errorFor(errors, 'maintainerTh')} />
            <TextField name="contactEmail" type="email" label={m.emailField} value={v('contactEmail', s.contactEmail)} error={errorFor(errors, 'contactEmail')} autocomplete="email" />
            <TextField name="contactPhone" label={m.phoneField} value={v('contactPhone', s.contactPhone)} error={errorFor(errors, 'contactPhone')} />
            <Select name="licenseId" label={m.licenseField} value={v('licenseId', s.licenseId)} options={GDC_LICENSES.map((l) => [l, m.licenseNames[l] ?? l] as const)} error={errorFor(errors, 'licenseId')} />
            <button type="submit" class="primary">
              {m.save}
            </button>
          </form>
        </Frame>
      ),
    },
    status,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Routes

const versionOf = (value: string): number => {
  if (!/^\d{1,6}$/.test(value)) throw new InputError('version', 'ไม่ได้ระบุฉบับ', 'no version given');
  return Number(value);
};

function formValues(request: FastifyRequest): Record<string, string | string[]> {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

export async function staffRoutes(app: FastifyInstance, opts: StaffOptions): Promise<void> {
  const { deps, cache } = opts;
  const read = { config: { access: inOrg('year.read', 'publication.write', 'publication.approve') } };
  const writeRule = { config: { access: inOrg('publication.write') } };
  const approveRule = { config: { access: inOrg('publication.approve') } };
  const adminRule = { config: { access: inOrg('org.admin') } };

  app.get('/staff/o/:slug/:year/portal', read, async (request, reply) => yearPage(request, reply, opts));

  app.get('/staff/o/:slug/:year/portal/answer-sheet', read, async (request, reply) => answerSheetPage(request, reply, opts));
  for (const ext of ['xlsx', 'csv'] as const) {
    app.get(`/staff/o/:slug/:year/portal/answer-sheet.${ext}`, read, async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const sheet = await answerSheet(deps.db, principalOf(request), { org: slug, year: yearParam(request) }, originOf(request), deps.now());
      const bytes = ext === 'xlsx' ? await answerSheetXlsx(sheet) : answerSheetCsv(sheet);
      return attachment(reply, bytes, answerSheetName(sheet, ext), ext === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
    });
  }

  /** The routes of one kind of thing: its page and its actions. */
  const slotRoutes = (base: string, refOf: (request: FastifyRequest) => SlotRef) => {
    const page = (request: FastifyRequest, reply: FastifyReply, state?: SlotPageState, status?: number) => slotPage(request, reply, opts, refOf(request), state, status);
    const back = (request: FastifyRequest, reply: FastifyReply, done: string) => {
      const ref = refOf(request);
      return reply.redirect(`${staffSlotPath(ref.org, ref.slot)}?done=${done}`, 303);
    };
    /** Runs an action; bad input or a conflict shows the page again with what was sent and why. */
    const act = async (request: FastifyRequest, reply: FastifyReply, run: () => Promise<unknown>, done: string, publishes: boolean, withFields: boolean) => {
      try {
        await run();
      } catch (error) {
        const values = formValues(request);
        if (error instanceof OwnWork) return page(request, reply, { values, flash: { kind: 'bad', text: said(request.lang, { th: error.detailTh, en: error.detailEn }) } }, 403);
        if (error instanceof Conflict) return page(request, reply, { values, flash: { kind: 'bad', text: said(request.lang, error) } }, 409);
        const errors = fieldErrors(request.lang, error);
        // A form with fields shows each problem at its field; a button (submit, withdraw…) says them at the top.
        if (withFields) return page(request, reply, { values, errors }, 400);
        return page(request, reply, { flash: { kind: 'bad', text: errors.map((e) => e.message).join(' · ') } }, 400);
      }
      if (publishes && request.org) cache.invalidate(request.org.orgId);
      return back(request, reply, done);
    };
    app.get(base, read, async (request, reply) => page(request, reply));
    const user = (request: FastifyRequest) => principalOf(request);
    const version = (form: Form) => versionOf(form.get('version'));
    /**
     * Each action: its rule, where it comes back to (done=…), whether it changes what is public, whether its form has
     * fields to show problems at, what it does.
     */
    const actions: readonly [string, typeof writeRule, string, boolean, boolean, (request: FastifyRequest, form: Form) => Promise<unknown>][] = [
      ['draft', writeRule, 'saved', false, true, (r, f) => saveDraft(deps.db, user(r), refOf(r), draftFromForm(f), deps.now())],
      [
        'attach',
        writeRule,
        'saved',
        false,
        true,
        async (r, f) => {
          const [file] = await f.files('file');
          if (!file) throw new InputError('file', 'โปรดเลือกแฟ้ม', 'choose a file');
          const meta = { labelTh: f.get('labelTh') || null, period: parsePeriodText(f.get('period'), 'period'), updatedAt: f.get('updatedAt') || null };
          return attachFile(deps.db, user(r), refOf(r), { filename: file.filename, bytes: file.bytes, mediaType: file.mediaType }, meta, deps.now());
        },
      ],
      [
        'detach',
        writeRule,
        'saved',
        false,
        false,
        async (r, f) => {
          if (!/^\d{1,4}$/.test(f.get('seq'))) throw new InputError('seq', 'ไม่ได้ระบุแฟ้ม', 'no file given');
          return removeAttachment(deps.db, user(r), refOf(r), Number(f.get('seq')), f.get('updatedAt') || null, deps.now());
        },
      ],
      ['submit', writeRule, 'submitted', false, false, (r) => submitVersion(deps.db, user(r), refOf(r), { now: deps.now(), browser: deps.browser })],
      ['recall', writeRule, 'recalled', false, false, (r) => recallSubmission(deps.db, user(r), refOf(r), deps.now())],
      ['discard', writeRule, 'discarded', false, false, (r) => discardDraft(deps.db, user(r), refOf(r))],
      ['approve', approveRule, 'approved', true, true, (r, f) => approveVersion(deps.db, user(r), refOf(r), version(f), publishAtOf(f.get('publishAt')), deps.now())],
      ['reject', approveRule, 'rejected', false, true, (r, f) => rejectVersion(deps.db, user(r), refOf(r), version(f), f.get('comment'), deps.now())],
      ['withdraw', approveRule, 'withdrawn', true, false, (r, f) => withdrawVersion(deps.db, user(r), refOf(r), version(f), f.get('reason'), deps.now())],
    ];
    for (const [name, rule, done, publishes, withFields, run] of actions) {
      const route = name === 'attach' ? { ...rule, config: { ...rule.config, uploads: {} } } : rule;
      app.post(`${base}/${name}`, route, async (request, reply) => act(request, reply, () => run(request, formOf(request)), done, publishes, withFields));
    }
  };
  const params = (request: FastifyRequest) => request.params as Record<string, string>;
  slotRoutes('/staff/o/:slug/:year/portal/oit/:code', (r) => ({ org: params(r).slug as string, slot: { kind: 'oit', year: yearParam(r), code: params(r).code as string } }));
  slotRoutes('/staff/o/:slug/:year/portal/declaration', (r) => ({ org: params(r).slug as string, slot: { kind: 'declaration', year: yearParam(r) } }));
  slotRoutes('/staff/o/:slug/:year/portal/results', (r) => ({ org: params(r).slug as string, slot: { kind: 'results', year: yearParam(r) } }));

  app.get('/staff/o/:slug/portal/pages', read, async (request, reply) => pagesPage(request, reply, opts));
  app.get('/staff/o/:slug/portal/pages/new', writeRule, async (request, reply) => {
    const page = ((request.query as Record<string, string | undefined>).page ?? '').trim().toLowerCase();
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(page) || page.length > 64 || page === 'new') {
      const error = new InputError('page', 'ชื่อหน้าในที่อยู่ใช้ได้เฉพาะ a-z, 0-9 และ - (ไม่เกิน 64 ตัว)', 'the page name may hold only a-z, 0-9 and - (at most 64)');
      return pagesPage(request, reply, opts, fieldErrors(request.lang, error), 400);
    }
    return reply.redirect(staffSlotPath((request.params as { slug: string }).slug, { kind: 'page', page }), 303);
  });
  slotRoutes('/staff/o/:slug/portal/pages/:page', (r) => ({ org: params(r).slug as string, slot: { kind: 'page', page: params(r).page as string } }));

  app.get('/staff/o/:slug/portal/files/:publication/:seq', read, async (request, reply) => {
    const { slug, publication, seq } = request.params as { slug: string; publication: string; seq: string };
    if (!/^[0-9a-f-]{36}$/i.test(publication) || !/^\d{1,4}$/.test(seq)) throw new NotFound('file', 'ไม่พบแฟ้ม', 'no such file');
    const file = await stagedFile(deps.db, principalOf(request), slug, publication, Number(seq));
    return sendStored(reply, file.bytes, file, 'private, no-store');
  });

  app.get('/staff/o/:slug/portal/settings', adminRule, async (request, reply) => settingsPage(request, reply, opts));
  app.post('/staff/o/:slug/portal/settings', adminRule, async (request, reply) => {
    const form = formOf(request);
    const { slug } = request.params as { slug: string };
    try {
      await setPortalSettings(deps.db, principalOf(request), slug, {
        descriptionTh: form.get('descriptionTh'),
        maintainerTh: form.get('maintainerTh'),
        contactEmail: form.get('contactEmail'),
        contactPhone: form.get('contactPhone'),
        licenseId: form.get('licenseId') || undefined,
      });
    } catch (error) {
      return settingsPage(request, reply, opts, { values: formValues(request), errors: fieldErrors(request.lang, error) }, 400);
    }
    if (request.org) cache.invalidate(request.org.orgId);
    return reply.redirect(`/staff/o/${seg(slug)}/portal/settings?done=saved`, 303);
  });
}
