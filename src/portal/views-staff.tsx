/**
 * The staff pages of the portal, under /staff/o/<slug>/… (their routes: staff-routes.tsx): the year's publications item by item with their
 * freshness, the page of one thing (an OIT item, the declaration, the results, a free page) where a version is
 * prepared, sent for approval, approved or scheduled, sent back or withdrawn, the OIT answer sheet (page, XLSX,
 * CSV), the free pages, and the portal settings. Server-rendered, working without JavaScript: every action is a
 * form that posts and comes back (303) to the page it came from.
 *
 * Access rules (src/web/access.ts) on every route; the app layer authorises again on every call
 * (src/portal/publications.ts): reading needs any role in the organisation, preparing publication.write, deciding
 * publication.approve, the settings org.admin.
 */
import type { ComponentChildren } from 'preact';
import { ANSWER_SITE_TH, ANSWER_STATE_TH, type AnswerSheet } from './answer-sheet.ts';
import type { ItemFreshness } from './freshness.ts';
import { expectedCoverage, KIND_FIELDS, type Content } from './publication-content.ts';
import { portalHome, slotPath, type Slot } from './paths.ts';
import { GDC_LICENSES } from './settings.ts';
import type { PortalSettings } from './publications-public.ts';
import type { SlotRef, SlotSummary, SlotView, VersionView, YearPublications } from './publications.ts';
import { DOCUMENT_KIND_NAMES, DOCUMENT_KINDS } from '../documents/core/model.ts';
import { assetUrl } from '../web/assets.ts';
import { said, type Lang } from '../web/i18n.ts';
import {
  CsrfField,
  DataTable,
  dateTime,
  ErrorSummary,
  errorFor,
  PostButton,
  ProvisionalNote,
  Select,
  TextArea,
  TextField,
  type AssessedYear,
  type FieldError,
  type View,
} from '../web/view.tsx';
import { DateField } from '../web/date-field.tsx';
import { longDate, VersionBody, VersionFacts, type Hrefs } from './components.tsx';
import type { PortalMessages } from './i18n.ts';
import { linksText, periodText } from './staff-forms.ts';

export const seg = encodeURIComponent;
export const yearBase = (slug: string, year: number) => `/staff/o/${seg(slug)}/${year}/portal`;

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

/** The year a slot belongs to and its criteria (null: a slot of no year). */
const assessedOf = (c: { year: number | null; criteriaYear: number | null }): AssessedYear | null =>
  c.year !== null && c.criteriaYear !== null ? { year: c.year, criteriaYear: c.criteriaYear } : null;

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

/** A year's publications: each OIT item with where it stands and what is to do (`rows`), the recurring ones apart. */
export function YearPortalPage(props: { view: View; m: PortalMessages; slug: string; year: number; title: string; pubs: YearPublications; rows: readonly { s: SlotSummary; f: ItemFreshness }[] }) {
  const { view, m, slug, year, title, pubs, rows } = props;
  const recurring = rows.filter(({ f }) => f.recurring || f.coverage);
  return (
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
  );
}

// ---------------------------------------------------------------------------------------------------------
// One thing: prepare, submit, decide

export interface SlotPageState {
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

/** The page of one thing: what is public, what is scheduled, the version in preparation, the history. */
export function SlotPage(props: { view: View; m: PortalMessages; sv: SlotView; ref: SlotRef; title: string; origin: string; state: SlotPageState }) {
  const { view, m, sv, ref, title, origin, state } = props;
  const lang = view.lang;
  const slug = sv.context.slug;
  const base = staffSlotPath(slug, ref.slot);
  const open = sv.open;
  const errors = state.errors ?? [];
  return (
    <Frame view={view} m={m} slug={slug} orgName={sv.context.nameTh} year={sv.context.year} assessed={assessedOf(sv.context)}>
      <h1>{title}</h1>
      {sv.current ? (
        <section class="version" aria-labelledby="current-title">
          <h2 id="current-title">{m.currentPublic}</h2>
          <VersionFacts lang={lang} m={m} version={sv.current} />
          <p>
            <a href={slotPath(slug, ref.slot, sv.current.version)}>{`${origin}${slotPath(slug, ref.slot, sv.current.version)}`}</a>
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
  );
}

// ---------------------------------------------------------------------------------------------------------
// Answer sheet, pages, settings

export function AnswerSheetPage({ view, m, slug, year, sheet }: { view: View; m: PortalMessages; slug: string; year: number; sheet: AnswerSheet }) {
  return (
    <Frame view={view} m={m} slug={slug} orgName={sheet.nameTh} year={year} assessed={sheet}>
      <h1>{m.answerSheet}</h1>
      <p>{m.answerSheetIntro}</p>
      <p>
        <a href={`/staff/o/${seg(slug)}/${year}/oit-check`}>{m.answerSheetPreaudit}</a>
      </p>
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
              {r.source === 'site' ? ANSWER_SITE_TH : ANSWER_STATE_TH[r.state]}
              {r.publishAt ? <div class="muted">{dateTime(view.lang, r.publishAt)}</div> : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </Frame>
  );
}

export function PagesPage({ view, m, slug, orgName, pages, errors }: { view: View; m: PortalMessages; slug: string; orgName: string; pages: readonly SlotSummary[]; errors: readonly FieldError[] }) {
  return (
    <Frame view={view} m={m} slug={slug} orgName={orgName} year={null}>
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
  );
}

export function SettingsPage({ view, m, slug, orgName, s, state }: { view: View; m: PortalMessages; slug: string; orgName: string; s: PortalSettings; state: SlotPageState }) {
  const errors = state.errors ?? [];
  const v = (name: string, fallback: string | null) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : (fallback ?? ''));
  return (
    <Frame view={view} m={m} slug={slug} orgName={orgName} year={null}>
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
  );
}
