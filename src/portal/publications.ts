/**
 * Publishing on the portal (issue 6), the staff side: prepare a version of an OIT item, of the executive's
 * integrity declaration, of the year's results or of a free page; send it for approval; approve it now or for a
 * later instant; send it back; withdraw it. Nothing is public until approved, and an approved version never
 * changes again: a later edit is a new version, and the old one stays at its address (src/portal/paths.ts).
 *
 * Who may do what (src/app/authz.ts):
 * - read the staff views (drafts included): anyone with a role in the organisation (year.read);
 * - prepare, attach, submit, take a submission back, discard a draft: publication.write (organisation
 *   administrator, ITA coordinator, system administrator);
 * - approve, schedule, send back, withdraw: publication.approve (the executive). Approving (and scheduling) is
 *   never on a version they prepared themselves (anyone who created, changed or submitted it); sending back or
 *   withdrawing their own is allowed, since it only takes something away from the public.
 *
 * A submitted version is frozen: the documents it names are rendered then (HTML, PDF, DOCX) and stored by
 * SHA-256, so that the approver reads, and the public later gets, exactly those bytes, whatever happens to the
 * year's data afterwards; results are copied likewise. The database refuses any change to a frozen version
 * (src/db/migrations/0004_portal.sql). Writes run in one transaction on behalf of the principal (audited);
 * documents are rendered before that transaction (publication-render.ts), which then checks that the draft did not
 * change meanwhile. The SQL is in repo.ts; the messages in messages.ts.
 */
import type { Db, Queryable } from '../db/index.ts';
import type { Message } from '../messages.ts';
import type { DocumentBrowser, DocumentFormat, DocumentKind } from '../documents/core/index.ts';
import { InputError } from '../errors.ts';
import { criteriaOf, type OitItem } from '../ita/index.ts';
import { formatFiscalYear } from '../thai/index.ts';
import { write } from '../app/actor.ts';
import { actorOf, can, OwnWork, type Action, type Principal } from '../app/authz.ts';
import { resolveOrg, resolveYear, type OrgContext, type YearRef } from '../app/context.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { closeSubject, notifyDeciders } from '../inbox/service.ts';
import { notify } from '../notifications/events.ts';
import { parseInput, requireUuid, throwAll } from '../app/input.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import {
  checkFields,
  contentFor,
  contentSchema,
  parseDraft,
  periodSchema,
  readinessProblems,
  suggestedContent,
  type Content,
  type Period,
} from './publication-content.ts';
import { checkFile } from '../measures/file-types.ts';
import { storeFile } from './publication-files.ts';
import { loadDocumentYear, renderDocuments, resultsSnapshot, saveRendered } from './publication-render.ts';
import type { PublicationKind, Slot } from './paths.ts';
import { portalErrors } from './messages.ts';
import {
  copyAttachments,
  countFiles,
  deleteAttachment,
  deleteDraft,
  insertAttachment,
  insertDraft,
  markApproved,
  markDraftAgain,
  markSubmitted,
  markWithdrawn,
  selectFiles,
  selectPages,
  selectPageTitle,
  selectSlot,
  selectStagedFile,
  selectYearPublications,
  selectYears,
  touchDraft,
  updateDraft,
  type FileRow,
  type PublicationRow,
  type PublicationStatus,
} from './repo.ts';

export type { Slot, PublicationKind } from './paths.ts';

/** Where a version stands at an instant: an approved version is scheduled until its publish_at, then public. */
export type VersionState = 'draft' | 'submitted' | 'scheduled' | 'public' | 'withdrawn';

export const MAX_ATTACHMENTS = 50;
/** How far ahead a publication may be scheduled. */
export const MAX_SCHEDULE_DAYS = 366;
/** How far in the past an approval's publication instant may lie (a form filled a minute ago). */
const CLOCK_SLACK_MS = 5 * 60_000;

export interface SlotRef {
  /** The organisation's slug. */
  readonly org: string;
  readonly slot: Slot;
}

export interface SlotContext {
  readonly orgId: string;
  readonly slug: string;
  readonly nameTh: string;
  readonly slot: Slot;
  readonly fiscalYearId: string | null;
  readonly year: number | null;
  readonly criteriaYear: number | null;
  readonly itemCode: string | null;
  /** The OIT item of an 'oit' slot. */
  readonly item: OitItem | null;
  /** The title of a new version (fixed for OIT items and results). */
  readonly defaultTitle: string;
}

export interface FileView {
  readonly seq: number;
  readonly role: 'attachment' | 'document';
  readonly sha256: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly size: number;
  readonly labelTh: string | null;
  readonly period: Period | null;
  readonly docKind: DocumentKind | null;
  readonly docYear: number | null;
  readonly docFormat: DocumentFormat | null;
  /** Documents: the hash of the data they were rendered from (src/approvals/state.ts). */
  readonly dataSha256: string | null;
  /** Documents: what the document linter said about that data. */
  readonly problems: readonly { readonly severity: string; readonly th: string; readonly en: string }[];
}

export interface VersionView {
  readonly id: string;
  readonly version: number;
  readonly status: PublicationStatus;
  readonly state: VersionState;
  readonly titleTh: string;
  readonly content: Content;
  readonly files: readonly FileView[];
  readonly createdBy: string | null;
  readonly createdAt: string;
  /** The version's version (optimistic concurrency on drafts). */
  readonly updatedAt: string;
  readonly preparerIds: readonly string[];
  readonly submittedBy: string | null;
  readonly submittedAt: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** Approved: the instant it becomes (or became) public. */
  readonly publishAt: string | null;
  readonly reviewComment: string | null;
  readonly withdrawnBy: string | null;
  readonly withdrawnAt: string | null;
  readonly withdrawnReason: string | null;
  readonly supersedesVersion: number | null;
}

export function stateOf(row: Pick<PublicationRow, 'status' | 'publish_at'>, now: Date): VersionState {
  if (row.status === 'approved') return row.publish_at !== null && Date.parse(row.publish_at) <= now.getTime() ? 'public' : 'scheduled';
  return row.status;
}

export function fileFromRow(r: FileRow): FileView {
  return {
    seq: r.seq,
    role: r.role,
    sha256: r.sha256,
    filename: r.filename,
    mediaType: r.media_type,
    size: r.size,
    labelTh: r.label_th,
    period: r.period_start !== null && r.period_end !== null ? { start: r.period_start, end: r.period_end } : null,
    docKind: r.doc_kind,
    docYear: r.doc_year,
    docFormat: r.doc_format,
    dataSha256: r.data_sha256,
    problems: r.problems ?? [],
  };
}

export function versionFromRow(r: PublicationRow, files: readonly FileRow[], now: Date, versionOf: (id: string) => number | null = () => null): VersionView {
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    state: stateOf(r, now),
    titleTh: r.title_th,
    content: contentSchema.parse(r.content ?? {}),
    files: files.filter((f) => f.publication_id === r.id).sort((a, b) => a.seq - b.seq).map(fileFromRow),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    preparerIds: r.preparer_ids,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    publishAt: r.publish_at,
    reviewComment: r.review_comment,
    withdrawnBy: r.withdrawn_by,
    withdrawnAt: r.withdrawn_at,
    withdrawnReason: r.withdrawn_reason,
    supersedesVersion: r.supersedes_id === null ? null : versionOf(r.supersedes_id),
  };
}

/** The files of some publications, in order. */
export async function filesOf(q: Queryable, ids: readonly string[]): Promise<FileRow[]> {
  return selectFiles(q, ids);
}

// ---------------------------------------------------------------------------------------------------------
// Slots

const PAGE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slotTitle(kind: PublicationKind, year: number | null, item: OitItem | null): string {
  switch (kind) {
    case 'oit':
      return `${(item as OitItem).code} ${(item as OitItem).titleTh}`;
    case 'declaration':
      return `เจตจำนงสุจริตของผู้บริหาร ${formatFiscalYear(year as number, 'arabic')}`;
    case 'results':
      return `ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ${formatFiscalYear(year as number, 'arabic')}`;
    case 'page':
      return 'หน้าใหม่';
  }
}

/** The organisation (and year, and OIT item) of a slot, with the principal allowed one of `actions` there. */
export async function resolveSlot(q: Queryable, principal: Principal, ref: SlotRef, actions: Action | readonly Action[]): Promise<SlotContext> {
  const { slot } = ref;
  if (slot.kind === 'page') {
    if (!PAGE_SLUG.test(slot.page) || slot.page.length > 64) {
      throw new InputError('page', portalErrors.badPageName({ page: slot.page }));
    }
    const org = await resolveOrg(q, principal, ref.org, actions);
    const title = await selectPageTitle(q, org.orgId, slot.page);
    return { orgId: org.orgId, slug: org.slug, nameTh: org.nameTh, slot, fiscalYearId: null, year: null, criteriaYear: null, itemCode: slot.page, item: null, defaultTitle: title ?? slotTitle('page', null, null) };
  }
  const ctx = await resolveYear(q, principal, { org: ref.org, year: slot.year }, actions);
  let item: OitItem | null = null;
  if (slot.kind === 'oit') {
    item = criteriaOf(ctx).oitItems.find((i) => i.code === slot.code) ?? null;
    if (!item) {
      throw new NotFound('code', portalErrors.noOitItem({ code: slot.code, criteriaYear: ctx.criteriaYear }));
    }
  }
  return {
    orgId: ctx.orgId,
    slug: ctx.slug,
    nameTh: ctx.nameTh,
    slot,
    fiscalYearId: ctx.fiscalYearId,
    year: ctx.year,
    criteriaYear: ctx.criteriaYear,
    itemCode: item?.code ?? null,
    item,
    defaultTitle: slotTitle(slot.kind, ctx.year, item),
  };
}

const pubKind = (ctx: SlotContext): PublicationKind => ctx.slot.kind;

/** The versions of a slot, newest first (`lock`: locked for a change). */
export async function slotRows(q: Queryable, ctx: SlotContext, lock = false): Promise<PublicationRow[]> {
  return selectSlot(q, { orgId: ctx.orgId, kind: pubKind(ctx), fiscalYearId: ctx.fiscalYearId, itemCode: ctx.itemCode }, lock);
}

export const isOpen = (r: PublicationRow) => r.status === 'draft' || r.status === 'submitted';

function views(rows: readonly PublicationRow[], files: readonly FileRow[], now: Date): VersionView[] {
  const versionOf = new Map(rows.map((r) => [r.id, r.version]));
  return rows.map((r) => versionFromRow(r, files, now, (id) => versionOf.get(id) ?? null));
}

async function versionViewOf(q: Queryable, ctx: SlotContext, id: string, now: Date): Promise<VersionView> {
  const rows = await slotRows(q, ctx);
  const all = views(rows, await filesOf(q, [id]), now);
  return all.find((v) => v.id === id) as VersionView;
}

// ---------------------------------------------------------------------------------------------------------
// Reading (staff)

export interface SlotView {
  readonly context: SlotContext;
  /** Every version, newest first. */
  readonly versions: readonly VersionView[];
  /** The version in preparation (draft or submitted), if any. */
  readonly open: VersionView | null;
  /** The newest public version. */
  readonly current: VersionView | null;
  /** Approved versions not public yet. */
  readonly scheduled: readonly VersionView[];
  /** What a new version starts from: the newest approved version's content, or a suggestion. */
  readonly startingContent: Content;
  /** The organisation's fiscal years (documents can come from any of them). */
  readonly years: readonly number[];
  readonly may: { readonly write: boolean; readonly approve: boolean };
  /** True when the principal may approve the submitted version (an approver who did not prepare it). */
  readonly mayApproveOpen: boolean;
}

export async function slotView(db: Queryable, principal: Principal, ref: SlotRef, now: Date): Promise<SlotView> {
  const ctx = await resolveSlot(db, principal, ref, ['year.read', 'publication.write', 'publication.approve']);
  const rows = await slotRows(db, ctx);
  const all = views(rows, await filesOf(db, rows.map((r) => r.id)), now);
  const open = all.find((v) => v.status === 'draft' || v.status === 'submitted') ?? null;
  const base = all.find((v) => v.status === 'approved') ?? null;
  const years = await selectYears(db, ctx.orgId);
  const may = { write: can(principal, 'publication.write', { orgId: ctx.orgId }), approve: can(principal, 'publication.approve', { orgId: ctx.orgId }) };
  return {
    context: ctx,
    versions: all,
    open,
    current: all.find((v) => v.state === 'public') ?? null,
    scheduled: all.filter((v) => v.state === 'scheduled'),
    startingContent: base ? { ...base.content, snapshot: null } : suggestedOrEmpty(ctx),
    years,
    may,
    mayApproveOpen: may.approve && open?.status === 'submitted' && !open.preparerIds.includes(principal.personId),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Preparing

function addPreparer(ids: readonly string[], personId: string): string[] {
  return ids.includes(personId) ? [...ids] : [...ids, personId];
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

const changedMeanwhile = (current: string | null) => new Conflict('updatedAt', portalErrors.changedMeanwhile(), current);

const submittedAlready = () => new Conflict('status', portalErrors.submittedAlready());

/**
 * The draft of a slot, created when there is none: the next version number, starting from the newest approved
 * version (its content and attachments) or, for a first version, from `content`.
 */
export async function openDraft(tx: Queryable, principal: Principal, ctx: SlotContext, rows: readonly PublicationRow[], content: Content | null, title: string | null): Promise<PublicationRow> {
  const open = rows.find(isOpen);
  if (open) {
    if (open.status === 'submitted') throw submittedAlready();
    return open;
  }
  const base = rows.find((r) => r.status === 'approved') ?? null;
  const version = (rows[0]?.version ?? 0) + 1;
  const start = content ?? (base ? { ...contentSchema.parse(base.content ?? {}), snapshot: null } : suggestedOrEmpty(ctx));
  let row: PublicationRow | undefined;
  try {
    row = await insertDraft(tx, {
      orgId: ctx.orgId,
      kind: pubKind(ctx),
      fiscalYearId: ctx.fiscalYearId,
      itemCode: ctx.itemCode,
      titleTh: title ?? base?.title_th ?? ctx.defaultTitle,
      version,
      supersedesId: base?.id ?? null,
      content: start,
      createdBy: principal.nameTh,
      preparerIds: [principal.personId],
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw changedMeanwhile(null);
    throw error;
  }
  if (base) await copyAttachments(tx, (row as PublicationRow).id, base.id);
  return row as PublicationRow;
}

function suggestedOrEmpty(ctx: SlotContext): Content {
  return ctx.item && ctx.year !== null ? suggestedContent(ctx.item, ctx.year) : contentSchema.parse({});
}

function checkVersionToken(open: PublicationRow | undefined, updatedAt: string | null | undefined): void {
  if (updatedAt === undefined) return;
  if (open ? open.updated_at !== updatedAt : updatedAt !== null) throw changedMeanwhile(open?.updated_at ?? null);
}

/** Runs `fn` in a transaction for the principal with the slot's versions locked. */
async function withSlot<T>(db: Db, principal: Principal, ctx: SlotContext, fn: (tx: Queryable, rows: PublicationRow[]) => Promise<T>): Promise<T> {
  return write(db, actorOf(principal), ctx.orgId, async (tx) => fn(tx, await slotRows(tx, ctx, true)));
}

/**
 * Saves the draft of a slot (creating the next version when there is none): the content is replaced by what is
 * given. `updatedAt` (the draft's, as read) guards against overwriting someone else's change.
 */
export async function saveDraft(db: Db, principal: Principal, ref: SlotRef, raw: unknown, now: Date): Promise<VersionView> {
  const ctx = await resolveSlot(db, principal, ref, 'publication.write');
  const input = parseDraft(raw);
  checkFields(pubKind(ctx), (raw ?? {}) as Record<string, unknown>, input);
  await checkDocumentYears(db, ctx, input.documents.map((d) => d.year));
  const content = contentFor(pubKind(ctx), input);
  const title = input.titleTh ?? null;
  const id = await withSlot(db, principal, ctx, async (tx, rows) => {
    checkVersionToken(rows.find(isOpen), input.updatedAt);
    const draft = await openDraft(tx, principal, ctx, rows, content, title);
    await updateDraft(tx, draft.id, content, title, addPreparer(draft.preparer_ids, principal.personId));
    return draft.id;
  });
  return versionViewOf(db, ctx, id, now);
}

async function checkDocumentYears(q: Queryable, ctx: SlotContext, years: readonly number[]): Promise<void> {
  if (years.length === 0) return;
  const found = await selectYears(q, ctx.orgId, [...new Set(years)]);
  const missing = [...new Set(years)].filter((y) => !found.includes(y));
  if (missing.length) throw new InputError('documents', portalErrors.noDocumentYears({ nameTh: ctx.nameTh, slug: ctx.slug, years: missing.join(', ') }));
}

export interface Upload {
  readonly filename: string;
  readonly bytes: Uint8Array;
  /** What the browser declared (checked against the content); null when nothing was declared. */
  readonly mediaType?: string | null;
}

/** The largest file a publication may carry. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface AttachmentMeta {
  readonly labelTh?: string | null;
  readonly period?: Period | null;
  readonly updatedAt?: string | null;
}

/** Attaches a file to the draft (created when there is none). The type is checked from the bytes. */
export async function attachFile(db: Db, principal: Principal, ref: SlotRef, upload: Upload, meta: AttachmentMeta, now: Date): Promise<VersionView> {
  const ctx = await resolveSlot(db, principal, ref, 'publication.write');
  const { filename, mediaType } = checkFile(upload.bytes, upload.filename, upload.mediaType ?? null, MAX_FILE_BYTES);
  const label = meta.labelTh?.trim() || null;
  if (label !== null && label.length > 300) throw new InputError('labelTh', portalErrors.labelTooLong());
  const period = meta.period ? parseInput(periodSchema, meta.period, 'period') : null;
  const id = await withSlot(db, principal, ctx, async (tx, rows) => {
    checkVersionToken(rows.find(isOpen), meta.updatedAt);
    const draft = await openDraft(tx, principal, ctx, rows, null, null);
    const count = await countFiles(tx, draft.id);
    if (count.attachments >= MAX_ATTACHMENTS) throw new InputError('file', portalErrors.tooManyFiles({ max: MAX_ATTACHMENTS }));
    const sha = await storeFile(tx, upload.bytes);
    await insertAttachment(tx, draft.id, {
      seq: count.next,
      sha256: sha,
      filename,
      mediaType,
      size: upload.bytes.length,
      labelTh: label,
      periodStart: period?.start ?? null,
      periodEnd: period?.end ?? null,
    });
    await touch(tx, draft, principal);
    return draft.id;
  });
  return versionViewOf(db, ctx, id, now);
}

async function touch(tx: Queryable, draft: PublicationRow, principal: Principal): Promise<void> {
  await touchDraft(tx, draft.id, addPreparer(draft.preparer_ids, principal.personId));
}

export async function removeAttachment(db: Db, principal: Principal, ref: SlotRef, seq: number, updatedAt: string | null | undefined, now: Date): Promise<VersionView> {
  const ctx = await resolveSlot(db, principal, ref, 'publication.write');
  const id = await withSlot(db, principal, ctx, async (tx, rows) => {
    const open = rows.find(isOpen);
    checkVersionToken(open, updatedAt);
    if (!open) throw new NotFound('seq', portalErrors.noDraftToDetach());
    if (open.status === 'submitted') throw submittedAlready();
    if (!(await deleteAttachment(tx, open.id, seq))) throw new NotFound('seq', portalErrors.noFileSeq({ seq }));
    await touch(tx, open, principal);
    return open.id;
  });
  return versionViewOf(db, ctx, id, now);
}

/** Deletes the draft (never a submitted, approved or withdrawn version). */
export async function discardDraft(db: Db, principal: Principal, ref: SlotRef): Promise<void> {
  const ctx = await resolveSlot(db, principal, ref, 'publication.write');
  await withSlot(db, principal, ctx, async (tx, rows) => {
    const open = rows.find(isOpen);
    if (!open) throw new NotFound('status', portalErrors.noDraftToDiscard());
    if (open.status === 'submitted') throw submittedAlready();
    await deleteDraft(tx, open.id);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Submitting

export interface SubmitOptions {
  readonly now: Date;
  /** The browser that prints the PDFs (default: the process's shared one). */
  readonly browser?: DocumentBrowser;
}

/**
 * Sends the draft for approval: checks that it has something to publish, renders its documents and takes the
 * results, and freezes it with them.
 */
export async function submitVersion(db: Db, principal: Principal, ref: SlotRef, options: SubmitOptions): Promise<VersionView> {
  const ctx = await resolveSlot(db, principal, ref, 'publication.write');
  const before = (await slotRows(db, ctx)).find(isOpen);
  if (!before) throw new NotFound('status', portalErrors.noDraftToSubmit());
  if (before.status === 'submitted') throw submittedAlready();
  const content = contentSchema.parse(before.content ?? {});
  const attachments = (await filesOf(db, [before.id])).filter((f) => f.role === 'attachment').length;
  throwAll(readinessProblems(pubKind(ctx), content, attachments));
  const rendered = await renderDocuments(db, ctx, content, options.browser, todayInBangkok(options.now));
  const snapshot = pubKind(ctx) === 'results' ? resultsSnapshot(await loadDocumentYear(db, ctx, ctx.year as number)) : null;
  if (snapshot && snapshot.overall === null && (snapshot.official?.overall ?? null) === null) {
    throw new InputError('snapshot', portalErrors.resultsNotReady({ year: ctx.year }));
  }
  await withSlot(db, principal, ctx, async (tx, rows) => {
    const open = rows.find(isOpen);
    if (!open || open.id !== before.id || open.updated_at !== before.updated_at || open.status !== 'draft') throw changedMeanwhile(open?.updated_at ?? null);
    await saveRendered(tx, open.id, rendered);
    await markSubmitted(tx, open.id, {
      content: { ...content, snapshot },
      submittedBy: principal.nameTh,
      submittedAt: options.now.toISOString(),
      preparerIds: addPreparer(open.preparer_ids, principal.personId),
    });
    const where = ctx.year === null ? `/staff/o/${encodeURIComponent(ctx.slug)}/portal/pages` : `/staff/o/${encodeURIComponent(ctx.slug)}/${ctx.year}/portal`;
    await notifyDeciders(tx, ctx.orgId, 'publication.approve', principal.personId, {
      kind: 'publication',
      subject: `publication:${open.id}`,
      titleTh: `รออนุมัติเผยแพร่: ${open.title_th} ฉบับที่ ${open.version} (ส่งโดย ${principal.nameTh})`,
      titleEn: `Waiting for approval to publish: ${open.title_th}, version ${open.version} (sent by ${principal.nameTh})`,
      link: where,
    });
  });
  return versionViewOf(db, ctx, before.id, options.now);
}

/** A submitted version back to draft: its rendered documents and results are dropped (made again next time). */
async function backToDraft(tx: Queryable, open: PublicationRow, comment: string | null): Promise<void> {
  await markDraftAgain(tx, open.id, comment);
}

/** The preparer takes a submission back to change it. */
export async function recallSubmission(db: Db, principal: Principal, ref: SlotRef, now: Date): Promise<VersionView> {
  const ctx = await resolveSlot(db, principal, ref, 'publication.write');
  const id = await withSlot(db, principal, ctx, async (tx, rows) => {
    const open = rows.find((r) => r.status === 'submitted');
    if (!open) throw new NotFound('status', portalErrors.noSubmission());
    await backToDraft(tx, open, null);
    await closeSubject(tx, ctx.orgId, `publication:${open.id}`);
    return open.id;
  });
  return versionViewOf(db, ctx, id, now);
}

// ---------------------------------------------------------------------------------------------------------
// Deciding

/** The submitted version numbered `version`, locked, for a decision. */
function submittedVersion(rows: readonly PublicationRow[], version: number): PublicationRow {
  const row = rows.find((r) => r.version === version);
  if (!row) throw new NotFound('version', portalErrors.noVersion({ version }));
  if (row.status !== 'submitted') throw new Conflict('version', portalErrors.notWaiting({ version }));
  return row;
}

/** When an approval makes a version public: now (null or empty), or a later instant given with its offset. */
export function parsePublishAt(value: string | null | undefined, now: Date): Date {
  if (value === null || value === undefined || value.trim() === '') return now;
  const text = value.trim();
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    throw new InputError('publishAt', portalErrors.publishAtUnreadable({ value }));
  }
  if (at.getTime() < now.getTime() - CLOCK_SLACK_MS) {
    throw new InputError('publishAt', portalErrors.publishAtPast());
  }
  if (at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) {
    throw new InputError('publishAt', portalErrors.publishAtTooFar({ days: MAX_SCHEDULE_DAYS }));
  }
  return at < now ? now : at;
}

/** Approves the submitted version: public at `publishAt` (now when not given). */
export async function approveVersion(db: Db, principal: Principal, ref: SlotRef, version: number, publishAt: string | null | undefined, now: Date): Promise<VersionView> {
  const ctx = await resolveSlot(db, principal, ref, 'publication.approve');
  const at = parsePublishAt(publishAt, now);
  const id = await withSlot(db, principal, ctx, async (tx, rows) => {
    const row = submittedVersion(rows, version);
    if (row.preparer_ids.includes(principal.personId)) {
      throw new OwnWork('publication.approve', portalErrors.ownWork());
    }
    await markApproved(tx, row.id, { publishAt: at.toISOString(), deciderId: principal.personId, deciderName: principal.nameTh, decidedAt: now.toISOString() });
    await closeSubject(tx, ctx.orgId, `publication:${row.id}`);
    const scheduled = at.getTime() > now.getTime();
    await notify(
      tx,
      {
        kind: scheduled ? 'publication.scheduled' : 'publication.approved',
        orgId: ctx.orgId,
        to: { people: row.preparer_ids },
        subject: `publication-approved:${row.id}`,
        titleTh: `${scheduled ? 'อนุมัติและตั้งเวลาเผยแพร่แล้ว' : 'อนุมัติเผยแพร่แล้ว'}: ${row.title_th} ฉบับที่ ${row.version} (โดย ${principal.nameTh})`,
        titleEn: `${scheduled ? 'Approved and scheduled' : 'Approved and published'}: ${row.title_th}, version ${row.version} (by ${principal.nameTh})`,
        link: ctx.year === null ? `/staff/o/${encodeURIComponent(ctx.slug)}/portal/pages` : `/staff/o/${encodeURIComponent(ctx.slug)}/${ctx.year}/portal`,
      },
      now,
    );
    return row.id;
  });
  return versionViewOf(db, ctx, id, now);
}

const commentSchema = (field: string, empty: Message) => (value: unknown): string => {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw new InputError(field, empty);
  if (text.length > 1000) throw new InputError(field, portalErrors.textTooLong());
  return text;
};
const rejectComment = commentSchema('comment', portalErrors.rejectComment());
const withdrawReason = commentSchema('reason', portalErrors.withdrawReason());

/** Sends the submitted version back to draft with what must change. */
export async function rejectVersion(db: Db, principal: Principal, ref: SlotRef, version: number, comment: unknown, now: Date): Promise<VersionView> {
  const ctx = await resolveSlot(db, principal, ref, 'publication.approve');
  const text = rejectComment(comment);
  const id = await withSlot(db, principal, ctx, async (tx, rows) => {
    const row = submittedVersion(rows, version);
    await backToDraft(tx, row, text);
    await closeSubject(tx, ctx.orgId, `publication:${row.id}`);
    return row.id;
  });
  return versionViewOf(db, ctx, id, now);
}

/** Takes an approved version (public or scheduled) down; its address then says it was withdrawn, and why. */
export async function withdrawVersion(db: Db, principal: Principal, ref: SlotRef, version: number, reason: unknown, now: Date): Promise<VersionView> {
  const ctx = await resolveSlot(db, principal, ref, 'publication.approve');
  const text = withdrawReason(reason);
  const id = await withSlot(db, principal, ctx, async (tx, rows) => {
    const row = rows.find((r) => r.version === version);
    if (!row) throw new NotFound('version', portalErrors.noVersion({ version }));
    if (row.status !== 'approved') throw new Conflict('version', portalErrors.notApproved({ version }));
    await markWithdrawn(tx, row.id, principal.nameTh, now.toISOString(), text);
    return row.id;
  });
  return versionViewOf(db, ctx, id, now);
}

// ---------------------------------------------------------------------------------------------------------
// Files for staff (any version of the organisation, drafts included)

export interface StoredFile {
  readonly bytes: Uint8Array;
  readonly filename: string;
  readonly mediaType: string;
  readonly sha256: string;
}

/** A file of one of the organisation's versions, for staff to check before approving. */
export async function stagedFile(db: Queryable, principal: Principal, org: string, publicationId: string, seq: number): Promise<StoredFile> {
  const ctx = await resolveOrg(db, principal, org, ['year.read', 'publication.write', 'publication.approve']);
  const id = requireUuid(publicationId, 'file', portalErrors.noFileId);
  const row = await selectStagedFile(db, ctx.orgId, id, seq);
  if (!row) throw new NotFound('file', portalErrors.noFile());
  return { bytes: row.bytes, filename: row.filename, mediaType: row.media_type, sha256: row.sha256 };
}

// ---------------------------------------------------------------------------------------------------------
// Overviews (staff)

export interface SlotSummary {
  readonly slot: Slot;
  readonly titleTh: string;
  readonly open: VersionView | null;
  readonly current: VersionView | null;
  readonly scheduled: readonly VersionView[];
  /** Every approved version (public, scheduled, later withdrawn…), newest first, for the freshness checks. */
  readonly versions: readonly VersionView[];
}

function summarise(slot: Slot, title: string, list: readonly VersionView[]): SlotSummary {
  return {
    slot,
    titleTh: list[0]?.titleTh ?? title,
    open: list.find((v) => v.status === 'draft' || v.status === 'submitted') ?? null,
    current: list.find((v) => v.state === 'public') ?? null,
    scheduled: list.filter((v) => v.state === 'scheduled'),
    versions: list,
  };
}

export interface YearPublications {
  readonly orgId: string;
  readonly slug: string;
  readonly nameTh: string;
  readonly year: number;
  readonly criteriaYear: number;
  /** Every OIT item of the year's criteria, in catalogue order. */
  readonly items: readonly (SlotSummary & { readonly item: OitItem })[];
  readonly declaration: SlotSummary;
  readonly results: SlotSummary;
  readonly may: { readonly write: boolean; readonly approve: boolean };
}

/** Where every publication of a fiscal year stands: each OIT item of its criteria, the declaration, the results. */
export async function yearPublications(db: Queryable, principal: Principal, ref: YearRef, now: Date): Promise<YearPublications> {
  const ctx = await resolveYear(db, principal, ref, ['year.read', 'publication.write', 'publication.approve']);
  const rows = await selectYearPublications(db, ctx.orgId, ctx.fiscalYearId);
  const all = views(rows, await filesOf(db, rows.map((r) => r.id)), now);
  const byRow = new Map(rows.map((r, i) => [r.id, all[i] as VersionView]));
  const of = (kind: PublicationKind, code: string | null) => rows.filter((r) => r.kind === kind && r.item_code === code).map((r) => byRow.get(r.id) as VersionView);
  const criteria = criteriaOf(ctx);
  return {
    orgId: ctx.orgId,
    slug: ctx.slug,
    nameTh: ctx.nameTh,
    year: ctx.year,
    criteriaYear: ctx.criteriaYear,
    items: criteria.oitItems.map((item) => ({ ...summarise({ kind: 'oit', year: ctx.year, code: item.code }, slotTitle('oit', ctx.year, item), of('oit', item.code)), item })),
    declaration: summarise({ kind: 'declaration', year: ctx.year }, slotTitle('declaration', ctx.year, null), of('declaration', null)),
    results: summarise({ kind: 'results', year: ctx.year }, slotTitle('results', ctx.year, null), of('results', null)),
    may: { write: can(principal, 'publication.write', { orgId: ctx.orgId }), approve: can(principal, 'publication.approve', { orgId: ctx.orgId }) },
  };
}

/** The free pages of an organisation, each with where it stands. */
export async function listPages(db: Queryable, principal: Principal, org: string, now: Date): Promise<{ org: OrgContext; pages: SlotSummary[] }> {
  const ctx = await resolveOrg(db, principal, org, ['year.read', 'publication.write', 'publication.approve']);
  const rows = await selectPages(db, ctx.orgId);
  const all = views(rows, [], now);
  const codes = [...new Set(rows.map((r) => r.item_code as string))];
  return {
    org: ctx,
    pages: codes.map((page) => summarise({ kind: 'page', page }, page, all.filter((_, i) => rows[i]?.item_code === page))),
  };
}
