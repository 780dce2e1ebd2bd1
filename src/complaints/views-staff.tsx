/**
 * The officers' pages of the complaint channel, under /staff/o/<slug>/complaints, for people with
 * complaints.handle in the organisation (rule inOrg('complaints.handle') on every route; the use cases check
 * again and bind every case to the organisation). Server-rendered, working without JavaScript.
 *
 * The inbox shows the cases' plain metadata (type, dates, status, deadlines, assignment) without any key; reading
 * a case needs this session unlocked with the officer's complaint passphrase (src/complaints/keys.ts). The
 * set-up and a new recovery sheet show the recovery code once, on a page meant to be printed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Fragment, type ComponentChildren } from 'preact';
import type { Account } from '../accounts/accounts.ts';
import type { Principal } from '../app/authz.ts';
import {
  assignCase,
  caseEvents,
  caseSummary,
  changeStatus,
  listCases,
  newCaseCount,
  openCase,
  readAttachment,
  sendMessage,
  setDeadlines,
  addNote,
  TRANSITIONS,
  type CaseDetail,
  type CaseSummary,
} from './cases.ts';
import {
  channelState,
  complaintsOrg,
  ComplaintsLocked,
  grantAccess,
  handlers,
  lockComplaints,
  newRecoverySheet,
  recoverWithSheet,
  RETENTION_MAX,
  RETENTION_MIN,
  revokeAccess,
  rotateOrgKey,
  setPassphrase,
  setUpChannel,
  unlockComplaints,
  updateChannelSettings,
  type ChannelState,
  type RecoverySheet,
  type Rotation,
} from './keys.ts';
import { decideReveal, readIdentity, requestReveal, revealsOf, type Identity, type RevealView } from './reveal.ts';
import { complaintStatistics } from './stats.ts';
import { CHANNEL_LABEL, OUTCOME_LABEL, OUTCOMES, STATUS_LABEL, TYPE_LABEL, type ComplaintStatus } from './model.ts';
import { Conflict } from '../app/errors.ts';
import { InputError, InputErrors } from '../errors.ts';
import { fiscalYearOf } from '../thai/index.ts';
import { z } from 'zod';
import { throwAll } from '../app/input.ts';
import { inOrg } from '../web/access.ts';
import { DateField, formDate, formDateErrors } from '../web/date-field.tsx';
import { apiRoute, slugParam } from '../web/route.ts';
import type { Deps } from '../web/deps.ts';
import { formOf, safeBack } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { ComplaintStats } from '../portal/components.tsx';
import { portalMessages } from '../portal/i18n.ts';
import { attachment } from '../web/download.ts';
import {
  CsrfField,
  DataTable,
  date,
  dateTime,
  ErrorSummary,
  errorFor,
  fieldErrors,
  PostButton,
  Select,
  sendPage,
  TextArea,
  TextField,
  viewOf,
  type FieldError,
  type View,
} from '../web/view.tsx';
import { complaintMessages, type ComplaintMessages } from './i18n.ts';
import type { ComplaintGuard } from './limits.ts';
import { CodeBlock } from './public-pages.tsx';
import { confirmed, sendConfirmDelete } from '../web/confirm.tsx';

const HANDLE = { config: { access: inOrg('complaints.handle') } } as const;

export interface StaffOptions {
  readonly deps: Deps;
  readonly guard: ComplaintGuard;
}

const base = (slug: string) => `/staff/o/${encodeURIComponent(slug)}/complaints`;
const casePath = (slug: string, id: string) => `${base(slug)}/${id}`;
const principalOf = (request: FastifyRequest): Principal => (request.account as Account).principal;
const slugOf = (request: FastifyRequest) => (request.params as { slug: string }).slug;
const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/**
 * The problems of an input error for a form (a change made on top of someone else's: on the version); anything
 * else is thrown on (and answered by the server).
 */
function problems(request: FastifyRequest, error: unknown): FieldError[] {
  if (error instanceof Conflict) return [{ field: 'version', message: said(request.lang, error) }];
  if (error instanceof InputError || error instanceof InputErrors) return fieldErrors(request.lang, error);
  throw error;
}

/** 409 for a change on top of someone else's, 423 (Locked) when the session must unlock first, else 400. */
const statusOf = (error: unknown): number => (error instanceof Conflict ? 409 : error instanceof ComplaintsLocked ? 423 : 400);

function Facts({ items }: { items: readonly (readonly [string, ComponentChildren])[] }) {
  return (
    <dl class="facts">
      {items.map(([k, v], i) => (
        <Fragment key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function PassphraseFields({ m, errors, twice }: { m: ComplaintMessages; errors: readonly FieldError[]; twice: boolean }) {
  return (
    <>
      <TextField name="passphrase" type="password" label={m.passphrase} hint={twice ? m.passphraseHint : undefined} autocomplete={twice ? 'new-password' : 'current-password'} required error={errorFor(errors, 'passphrase')} />
      {twice ? <TextField name="passphrase2" type="password" label={m.passphraseAgain} autocomplete="new-password" required error={errorFor(errors, 'passphrase2')} /> : null}
    </>
  );
}

function PassphraseForm(props: { view: View; m: ComplaintMessages; action: string; submit: string; errors: readonly FieldError[]; twice: boolean; back?: string; intro?: string }) {
  return (
    <form method="post" action={props.action} class="card" novalidate>
      <ErrorSummary view={props.view} errors={props.errors} fields={['passphrase', 'passphrase2', 'recoveryCode']} />
      <CsrfField view={props.view} />
      {props.back ? <input type="hidden" name="back" value={props.back} /> : null}
      {props.intro ? <p>{props.intro}</p> : null}
      <PassphraseFields m={props.m} errors={props.errors} twice={props.twice} />
      <button type="submit" class="primary">
        {props.submit}
      </button>
    </form>
  );
}

function RecoverForm({ view, m, slug, errors }: { view: View; m: ComplaintMessages; slug: string; errors: readonly FieldError[] }) {
  return (
    <form method="post" action={`${base(slug)}/recover`} class="card" novalidate>
      <h3>{m.recoverTitle}</h3>
      <p>{m.recoverIntro}</p>
      <CsrfField view={view} />
      <TextField name="recoveryCode" label={m.recoveryCode} autocomplete="off" required error={errorFor(errors, 'recoveryCode')} />
      <PassphraseFields m={m} errors={errors} twice />
      <button type="submit" class="secondary">
        {m.recover}
      </button>
    </form>
  );
}

function SheetPage({ m, lang, sheet, slug, rotation }: { m: ComplaintMessages; lang: View['lang']; sheet: RecoverySheet; slug: string; rotation?: Rotation }) {
  return (
    <>
      <h1>{m.sheetTitle}</h1>
      <p>
        <strong>{sheet.orgNameTh}</strong> · {m.sheetSerial(sheet.serial, date(lang, sheet.madeOn, 'long'))}
      </p>
      {rotation ? (
        <div class="notice bad" data-rotated="">
          <p>
            <strong>{m.rotatedSheet}</strong>
          </p>
          <p>{m.rotated(rotation.cases, rotation.officers)}</p>
        </div>
      ) : null}
      <div class="notice warn">{m.sheetIntro}</div>
      <CodeBlock id="sheet-code" label={m.sheetCode} code={sheet.code} kind="recovery" />
      <p>{m.sheetUse}</p>
      <p>
        <strong>{m.print}</strong>
      </p>
      <p>
        <a href={base(slug)}>{m.continue}</a>
      </p>
    </>
  );
}

/** "เรื่องใหม่ N เรื่อง": cases received that no officer has opened or acknowledged yet (newCaseCount). */
function NewCases({ m, count, inline }: { m: ComplaintMessages; count: number; inline?: boolean }) {
  const text = <span class={count > 0 ? 'badge warn' : 'badge'} data-new-cases={count}>{m.newCases(count)}</span>;
  return inline ? text : <p>{text}</p>;
}

function StatusBadges({ m, c }: { m: ComplaintMessages; c: CaseSummary }) {
  return (
    <>
      {c.unread ? <span class="badge warn">{m.unread}</span> : null} {c.overdue === 'acknowledge' ? <span class="badge bad">{m.overdueAck}</span> : null}
      {c.overdue === 'close' ? <span class="badge bad">{m.overdueClose}</span> : null} {c.hasIdentity ? <span class="badge">{m.hasIdentity}</span> : null}
    </>
  );
}

function CasesTable({ view, m, slug, cases, filter }: { view: View; m: ComplaintMessages; slug: string; cases: readonly CaseSummary[]; filter: Record<string, string> }) {
  const { lang } = view;
  return (
    <section class="card" aria-labelledby="cases">
      <h2 id="cases">{m.casesTitle}</h2>
      <form method="get" action={base(slug)} class="buttons">
        <Select
          name="status"
          label={m.filterStatus}
          value={filter.status ?? 'open'}
          options={[['open', m.filterOpen], ['all', m.filterAll], ...(['received', 'acknowledged', 'investigating', 'closed'] as const).map((s): [string, string] => [s, said(lang, STATUS_LABEL[s])])]}
        />
        <Select name="channel" label={m.filterChannel} value={filter.channel ?? 'all'} options={[['all', m.filterAll], ['public', said(lang, CHANNEL_LABEL.public)], ['internal', said(lang, CHANNEL_LABEL.internal)]]} />
        <label>
          <input type="checkbox" name="mine" value="1" checked={filter.mine === '1'} /> {m.filterMine}
        </label>
        <button type="submit" class="secondary small">
          {m.filterApply}
        </button>
      </form>
      {cases.length === 0 ? (
        <p class="muted">{m.noCases}</p>
      ) : (
        <DataTable label={m.casesTitle} columns={[m.ref, m.received, m.channel, m.type, m.status, m.due, m.assignee]}>
          {cases.map((c) => (
            <tr key={c.id} class={c.overdue ? 'late' : undefined}>
              <td>
                <a href={casePath(slug, c.id)}>{c.ref}</a> <StatusBadges m={m} c={c} />
              </td>
              <td>{date(lang, c.receivedOn)}</td>
              <td>{said(lang, CHANNEL_LABEL[c.channel])}</td>
              <td>{said(lang, TYPE_LABEL[c.type])}</td>
              <td>{said(lang, STATUS_LABEL[c.status])}</td>
              <td>{c.status === 'closed' ? '–' : date(lang, c.acknowledgedOn ? c.closeDue : c.ackDue)}</td>
              <td>{c.assignee?.nameTh ?? m.nobody}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function KeyCard({ view, m, state, errors }: { view: View; m: ComplaintMessages; state: ChannelState; errors: readonly FieldError[] }) {
  const slug = state.org.slug;
  const { me } = state;
  if (!me.enrolled) {
    return (
      <section aria-labelledby="my-key">
        <h2 id="my-key">{m.myKeyTitle}</h2>
        <PassphraseForm view={view} m={m} action={`${base(slug)}/passphrase`} submit={m.setPassphrase} errors={errors} twice intro={m.setPassphraseIntro} />
        <RecoverForm view={view} m={m} slug={slug} errors={errors} />
      </section>
    );
  }
  if (!me.granted) {
    return (
      <section aria-labelledby="my-key">
        <h2 id="my-key">{m.myKeyTitle}</h2>
        <div class="notice warn">{m.waitingGrant}</div>
        <RecoverForm view={view} m={m} slug={slug} errors={errors} />
      </section>
    );
  }
  return (
    <section aria-labelledby="my-key">
      <h2 id="my-key">{m.myKeyTitle}</h2>
      {me.unlocked ? (
        <div class="card">
          <p>{m.unlockedUntil(dateTime(view.lang, me.unlockedUntil))}</p>
          <div class="buttons">
            <PostButton view={view} action={`${base(slug)}/lock`} label={m.lock} />
            <PostButton view={view} action={`${base(slug)}/recovery-sheet`} label={m.newSheet} />
          </div>
          <h3>{m.rotateTitle}</h3>
          <p>{m.rotateIntro}</p>
          <PostButton view={view} action={`${base(slug)}/rotate-key`} label={m.rotate} kind="danger" />
        </div>
      ) : (
        <PassphraseForm view={view} m={m} action={`${base(slug)}/unlock`} submit={m.unlock} errors={errors} twice={false} intro={m.unlockIntro} />
      )}
      <details>
        <summary>{m.forgot}</summary>
        <PassphraseForm view={view} m={m} action={`${base(slug)}/passphrase`} submit={m.changePassphrase} errors={[]} twice intro={m.forgotIntro} />
        <RecoverForm view={view} m={m} slug={slug} errors={[]} />
      </details>
    </section>
  );
}

function OfficersCard({ view, m, state }: { view: View; m: ComplaintMessages; state: ChannelState }) {
  const slug = state.org.slug;
  return (
    <section class="card" aria-labelledby="officers">
      <h2 id="officers">{m.officersTitle}</h2>
      <p class="muted">{m.officersIntro}</p>
      <DataTable label={m.officersTitle} columns={[m.officer, m.keyState, { label: m.grant, hidden: true }]}>
        {state.officers.map((o) => (
          <tr key={o.personId}>
            <td>{o.nameTh}</td>
            <td>{o.granted ? m.keyGranted : o.enrolled ? m.keyWaiting : m.keyNone}</td>
            <td>
              {state.me.unlocked && o.enrolled && !o.granted ? (
                <PostButton view={view} action={`${base(slug)}/officers/${o.personId}/grant`} label={m.grant} small ariaLabel={`${m.grant}: ${o.nameTh}`} />
              ) : null}
              {o.granted && o.personId !== state.me.personId ? (
                <PostButton view={view} action={`${base(slug)}/officers/${o.personId}/revoke`} label={m.revoke} small kind="danger" ariaLabel={`${m.revoke}: ${o.nameTh}`} />
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function SettingsCard({ view, m, state, errors }: { view: View; m: ComplaintMessages; state: ChannelState; errors: readonly FieldError[] }) {
  const s = state.settings;
  if (!s) return null;
  return (
    <form method="post" action={`${base(state.org.slug)}/settings`} class="card" novalidate>
      <h2>{m.settingsTitle}</h2>
      <ErrorSummary view={view} errors={errors} fields={['ackDays', 'closeDays', 'retentionYears']} />
      <CsrfField view={view} />
      <TextField name="ackDays" type="number" label={m.ackDays} hint={m.daysHint} value={s.ackDays} min="1" max="365" class="narrow" error={errorFor(errors, 'ackDays')} />
      <TextField name="closeDays" type="number" label={m.closeDays} value={s.closeDays} min="1" max="730" class="narrow" error={errorFor(errors, 'closeDays')} />
      <TextField name="retentionYears" type="number" label={m.retentionYears} hint={m.retentionHint} value={s.retentionYears} min={String(RETENTION_MIN)} max={String(RETENTION_MAX)} class="narrow" error={errorFor(errors, 'retentionYears')} />
      <div class="checks">
        <label>
          <input type="checkbox" name="publicOpen" value="1" checked={s.publicOpen} /> {m.publicOpen}
        </label>
        <label>
          <input type="checkbox" name="internalOpen" value="1" checked={s.internalOpen} /> {m.internalOpen}
        </label>
      </div>
      <p>
        <button type="submit" class="secondary">
          {m.save}
        </button>
      </p>
    </form>
  );
}

interface InboxState {
  readonly keyErrors?: readonly FieldError[];
  readonly settingsErrors?: readonly FieldError[];
  readonly flash?: string | null;
  readonly status?: number;
}

async function inboxPage(request: FastifyRequest, reply: FastifyReply, deps: Deps, s: InboxState = {}): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = complaintMessages(view.lang);
  const principal = principalOf(request);
  const slug = slugOf(request);
  const state = await channelState(deps.db, principal, slug, request.sessionId, deps.now());
  const query = request.query as Record<string, string | undefined>;
  const filter = { status: query.status ?? 'open', channel: query.channel ?? 'all', mine: query.mine === '1' ? '1' : '' };
  const title = m.staffTitle(state.org.nameTh);
  const flash = s.flash ?? (query.done ? m.saved : null);
  let body: ComponentChildren;
  if (!state.settings) {
    body = (
      <>
        <h1>{title}</h1>
        <h2>{m.setUpTitle}</h2>
        <p>{m.setUpIntro}</p>
        <PassphraseForm view={view} m={m} action={`${base(slug)}/setup`} submit={m.setUp} errors={s.keyErrors ?? []} twice />
      </>
    );
  } else {
    const cases = (
      await listCases(deps.db, principal, slug, { status: filter.status as 'open', channel: filter.channel as 'all', mine: filter.mine === '1' }, deps.now()).catch((error: unknown) => {
        if (error instanceof InputError) return { cases: [] };
        throw error;
      })
    ).cases;
    const fresh = await newCaseCount(deps.db, principal, slug);
    body = (
      <>
        <h1>{title}</h1>
        <NewCases m={m} count={fresh} />
        <p>
          <a href={`/o/${encodeURIComponent(slug)}/complaints`}>{m.publicFormLink}</a> · <a href={`/o/${encodeURIComponent(slug)}/complaints?channel=internal`}>{m.internalFormLink}</a> ·{' '}
          <a href={`${base(slug)}/statistics`}>{m.statisticsLink}</a>
        </p>
        <KeyCard view={view} m={m} state={state} errors={s.keyErrors ?? []} />
        <CasesTable view={view} m={m} slug={slug} cases={cases} filter={filter} />
        <OfficersCard view={view} m={m} state={state} />
        <SettingsCard view={view} m={m} state={state} errors={s.settingsErrors ?? []} />
      </>
    );
  }
  return sendPage(reply, { view, title, flash: flash ? { kind: 'ok', text: flash } : null, children: body }, s.status ?? 200);
}

// ---------------------------------------------------------------------------------------------------------
// A case

interface CaseState {
  /** The case (default: the :id of the route). */
  readonly caseId?: string;
  readonly errors?: readonly FieldError[];
  readonly identity?: Identity | null;
  readonly status?: number;
}

/** A status's name, or the text itself (an officer's name in an assignment). */
function statusText(lang: View['lang'], value: string): string {
  const label = STATUS_LABEL[value as ComplaintStatus] as (typeof STATUS_LABEL)[ComplaintStatus] | undefined;
  return label ? said(lang, label) : value;
}

const CASE_FIELDS = ['text', 'note', 'reveal', 'status', 'outcome', 'assigneeId', 'ackDue', 'closeDue', 'reason', 'decision', 'version', 'passphrase'];

function Thread({ m, lang, detail }: { m: ComplaintMessages; lang: View['lang']; detail: CaseDetail }) {
  return (
    <section class="card" aria-labelledby="thread">
      <h2 id="thread">{m.thread}</h2>
      <ol class="thread">
        {detail.thread.map((e) => (
          <li key={e.id} data-kind={e.kind}>
            <p>
              <strong>{e.kind === 'from_complainant' ? m.fromComplainant : e.kind === 'to_complainant' ? m.toComplainant(e.person ?? '') : m.note(e.person ?? '')}</strong> ·{' '}
              {e.at ? dateTime(lang, e.at) : <span title={m.dateOnly}>{date(lang, e.on)}</span>}
            </p>
            {e.text.split(/\r?\n/).map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}

function RevealSection(props: { view: View; m: ComplaintMessages; slug: string; summary: CaseSummary; reveals: readonly RevealView[]; identity: Identity | null; errors: readonly FieldError[]; unlocked: boolean }) {
  const { view, m, slug, summary, reveals } = props;
  const { lang } = view;
  const path = casePath(slug, summary.id);
  if (!summary.hasIdentity) {
    return (
      <section class="card" aria-labelledby="identity">
        <h2 id="identity">{m.identityTitle}</h2>
        <p>{m.identityNone}</p>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="identity" id="f-reveal" tabindex={-1}>
      <h2 id="identity">{m.identityTitle}</h2>
      <p class="muted">{m.identityRule}</p>
      {props.identity ? (
        <div class="notice warn" data-identity="">
          <p>
            <strong>{m.identityShown}</strong>
          </p>
          <Facts items={[[m.identityName, props.identity.name], [m.identityContact, props.identity.contact || '–']]} />
        </div>
      ) : null}
      <ul id="f-decision">
        {reveals.map((r) => (
          <li key={r.id}>
            <strong>{m.revealStatus[r.status]}</strong> · {m.requestedBy(r.requestedBy ?? '', dateTime(lang, r.requestedAt))}
            {r.decidedBy ? ` · ${m.decidedBy(r.decidedBy, dateTime(lang, r.decidedAt))}` : ''}
            <p>{r.reason ?? <span class="muted">{m.reasonLocked}</span>}</p>
            {r.canDecide ? (
              <div class="buttons">
                <PostButton view={view} action={`${path}/reveals/${r.id}`} fields={{ decision: 'approve' }} label={m.approve} small />
                <PostButton view={view} action={`${path}/reveals/${r.id}`} fields={{ decision: 'reject' }} label={m.reject} small kind="danger" />
              </div>
            ) : null}
            {r.canRead && props.unlocked ? <PostButton view={view} action={`${path}/identity`} label={m.showIdentity} small kind="primary" /> : null}
          </li>
        ))}
      </ul>
      {props.unlocked && !reveals.some((r) => r.requestedByMe && r.status === 'requested') ? (
        <form method="post" action={`${path}/reveals`} novalidate>
          <CsrfField view={view} />
          <TextArea name="reason" label={m.revealReason} rows={3} required error={errorFor(props.errors, 'reason')} />
          <button type="submit" class="secondary">
            {m.requestReveal}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function CaseForms({ view, m, slug, summary, officers, errors }: { view: View; m: ComplaintMessages; slug: string; summary: CaseSummary; officers: readonly { personId: string; nameTh: string }[]; errors: readonly FieldError[] }) {
  const { lang } = view;
  const path = casePath(slug, summary.id);
  const version = <input type="hidden" name="version" value={String(summary.version)} />;
  return (
    <div class="grid">
      <form method="post" action={`${path}/status`} class="card" novalidate>
        <h2>{m.changeStatus}</h2>
        <CsrfField view={view} />
        {version}
        <Select name="status" label={m.newStatus} options={TRANSITIONS[summary.status].map((s): [string, string] => [s, said(lang, STATUS_LABEL[s])])} error={errorFor(errors, 'status')} />
        <Select name="outcome" label={m.outcomeField} options={[['', m.noOutcome], ...OUTCOMES.map((o): [string, string] => [o, said(lang, OUTCOME_LABEL[o])])]} error={errorFor(errors, 'outcome')} />
        <button type="submit" class="secondary">
          {m.save}
        </button>
      </form>
      <form method="post" action={`${path}/assign`} class="card" novalidate>
        <h2>{m.assign}</h2>
        <CsrfField view={view} />
        {version}
        <Select name="assigneeId" label={m.assignTo} value={summary.assignee?.personId ?? ''} options={[['', m.nobody], ...officers.map((o): [string, string] => [o.personId, o.nameTh])]} error={errorFor(errors, 'assigneeId')} />
        <button type="submit" class="secondary">
          {m.save}
        </button>
      </form>
      <form method="post" action={`${path}/deadlines`} class="card" novalidate>
        <h2>{m.deadlines}</h2>
        <CsrfField view={view} />
        {version}
        <DateField lang={view.lang} name="ackDue" label={m.ackDue} value={summary.ackDue} error={errorFor(errors, 'ackDue')} />
        <DateField lang={view.lang} name="closeDue" label={m.closeDue} value={summary.closeDue} error={errorFor(errors, 'closeDue')} />
        <button type="submit" class="secondary">
          {m.save}
        </button>
      </form>
    </div>
  );
}

async function casePage(request: FastifyRequest, reply: FastifyReply, deps: Deps, s: CaseState = {}): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = complaintMessages(view.lang);
  const { lang } = view;
  const principal = principalOf(request);
  const slug = slugOf(request);
  const now = deps.now();
  const { org, summary } = await caseSummary(deps.db, principal, slug, s.caseId ?? idOf(request), now);
  let detail: CaseDetail | null = null;
  try {
    detail = await openCase(deps.db, principal, slug, summary.id, request.sessionId, now);
  } catch (error) {
    if (!(error instanceof ComplaintsLocked)) throw error;
  }
  const current = detail?.summary ?? summary;
  const reveals = await revealsOf(deps.db, principal, slug, summary.id, request.sessionId, now);
  const officers = await handlers(deps.db, org.orgId);
  const events = detail?.events ?? (await caseEvents(deps.db, org.orgId, summary.id));
  const errors = s.errors ?? [];
  const path = casePath(slug, summary.id);
  const title = m.caseTitle(current.ref);
  const query = request.query as Record<string, string | undefined>;
  const fresh = await newCaseCount(deps.db, principal, slug);
  const body = (
    <>
      <p>
        <a href={base(slug)}>{m.backToCases}</a> · <NewCases m={m} count={fresh} inline />
      </p>
      <h1>{title}</h1>
      <ErrorSummary view={view} errors={errors} fields={CASE_FIELDS} />
      <div class="card" id="f-version" tabindex={-1}>
        <Facts
          items={[
            [m.channel, said(lang, CHANNEL_LABEL[current.channel])],
            [m.type, said(lang, TYPE_LABEL[current.type])],
            [m.received, date(lang, current.receivedOn, 'long')],
            [m.status, <strong data-status={current.status}>{said(lang, STATUS_LABEL[current.status])}</strong>],
            ...(current.outcome ? [[m.outcome, said(lang, OUTCOME_LABEL[current.outcome])] as const] : []),
            [m.ackDue, date(lang, current.ackDue, 'long')],
            [m.closeDue, date(lang, current.closeDue, 'long')],
            [m.assignee, current.assignee?.nameTh ?? m.nobody],
          ]}
        />
        <p>
          <StatusBadges m={m} c={current} />
        </p>
      </div>
      {detail ? (
        <>
          <section class="card" aria-labelledby="complaint">
            <h2 id="complaint">{m.complaintText}</h2>
            <div data-complaint-text="">
              {detail.text.split(/\r?\n/).map((line, i) => (
                <p key={i}>{line}</p>
              ))}
            </div>
            {detail.attachments.length ? (
              <>
                <h3>{m.attachments}</h3>
                <ul>
                  {detail.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={`${path}/attachments/${a.id}`}>{a.filename}</a> ({a.mediaType}, {Math.ceil(a.size / 1024)} KB) ·{' '}
                      {a.metadata === 'removed' ? m.metadataRemoved : a.metadata === 'none' ? m.metadataNone : <span class="fail">{m.metadataPartial}</span>}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          <Thread m={m} lang={lang} detail={detail} />
          <div class="grid">
            <form method="post" action={`${path}/message`} class="card" novalidate>
              <CsrfField view={view} />
              <TextArea name="text" label={m.messageToComplainant} hint={m.messageHint} rows={4} required error={errorFor(errors, 'text')} />
              <button type="submit" class="primary">
                {m.send}
              </button>
            </form>
            <form method="post" action={`${path}/note`} class="card" novalidate>
              <CsrfField view={view} />
              <TextArea name="text" errorField="note" label={m.internalNote} rows={4} required error={errorFor(errors, 'note')} />
              <button type="submit" class="secondary">
                {m.addNote}
              </button>
            </form>
          </div>
        </>
      ) : (
        <PassphraseForm view={view} m={m} action={`${base(slug)}/unlock`} submit={m.unlock} errors={errors} twice={false} back={path} intro={m.lockedCase} />
      )}
      <CaseForms view={view} m={m} slug={slug} summary={current} officers={officers} errors={errors} />
      <RevealSection view={view} m={m} slug={slug} summary={current} reveals={reveals} identity={s.identity ?? null} errors={errors} unlocked={detail !== null} />
      <section aria-labelledby="trail">
        <h2 id="trail">{m.trail}</h2>
        <DataTable label={m.trail} columns={[m.when, m.who, m.what]}>
          {events.map((e, i) => (
            <tr key={i}>
              <td>{e.at ? dateTime(lang, e.at) : date(lang, e.on)}</td>
              <td>{e.person ?? m.complainant}</td>
              <td>
                {m.event[e.kind] ?? e.kind}
                {typeof e.detail.to === 'string' ? ` → ${statusText(lang, e.detail.to)}` : ''}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </>
  );
  return sendPage(reply, { view, title, flash: query.done ? { kind: 'ok', text: m.saved } : null, children: body }, s.status ?? 200);
}

// ---------------------------------------------------------------------------------------------------------
// Routes

export async function officerPages(app: FastifyInstance, { deps, guard }: StaffOptions): Promise<void> {
  const db = () => deps.db;
  const done = (reply: FastifyReply, path: string) => reply.redirect(`${path}?done=1`, 303);
  const twice = (request: FastifyRequest) => {
    const form = formOf(request);
    if (form.raw('passphrase') !== form.raw('passphrase2')) throw new InputError('passphrase2', complaintMessages('th').passphraseMismatch, complaintMessages('en').passphraseMismatch);
    return form.raw('passphrase');
  };
  const sheet = async (request: FastifyRequest, reply: FastifyReply, made: RecoverySheet, rotation?: Rotation) => {
    const view = viewOf(request, reply);
    const m = complaintMessages(view.lang);
    return sendPage(reply, { view, title: m.sheetTitle, children: <SheetPage m={m} lang={view.lang} sheet={made} slug={slugOf(request)} {...(rotation ? { rotation } : {})} /> });
  };
  /** Runs a change to the channel; input errors go back to the inbox with the key form's errors. */
  const keyAction = (fn: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await fn(request, reply);
      return reply.sent ? reply : done(reply, base(slugOf(request)));
    } catch (error) {
      return inboxPage(request, reply, deps, { keyErrors: problems(request, error), status: 400 });
    }
  };

  app.get('/staff/o/:slug/complaints', HANDLE, async (request, reply) => inboxPage(request, reply, deps));

  app.post('/staff/o/:slug/complaints/setup', HANDLE, keyAction(async (request, reply) => sheet(request, reply, await setUpChannel(db(), principalOf(request), slugOf(request), request.sessionId, twice(request), deps.now()))));

  app.post('/staff/o/:slug/complaints/passphrase', HANDLE, keyAction(async (request) => {
    await setPassphrase(db(), principalOf(request), slugOf(request), request.sessionId, twice(request), deps.now());
  }));

  app.post('/staff/o/:slug/complaints/unlock', HANDLE, async (request, reply) => {
    const form = formOf(request);
    const slug = slugOf(request);
    const back = safeBack(form.get('back'), base(slug));
    const principal = principalOf(request);
    const taken = guard.unlocks.take(principal.personId, deps.now().getTime());
    try {
      if (!taken.ok) {
        reply.header('retry-after', String(taken.retryAfter));
        throw new InputError('passphrase', complaintMessages('th').rateLimited(taken.retryAfter), complaintMessages('en').rateLimited(taken.retryAfter));
      }
      await unlockComplaints(db(), principal, slug, request.sessionId, form.raw('passphrase'), deps.now());
      return reply.redirect(back, 303);
    } catch (error) {
      const errors = problems(request, error);
      const status = taken.ok ? 400 : 429;
      const caseId = /^\/staff\/o\/[^/]+\/complaints\/([0-9a-f-]{36})$/.exec(back)?.[1];
      if (caseId) return casePage(request, reply, deps, { caseId, errors, status });
      return inboxPage(request, reply, deps, { keyErrors: errors, status });
    }
  });

  app.post('/staff/o/:slug/complaints/lock', HANDLE, async (request, reply) => {
    await lockComplaints(db(), principalOf(request), slugOf(request), request.sessionId);
    return reply.redirect(base(slugOf(request)), 303);
  });

  app.post('/staff/o/:slug/complaints/recover', HANDLE, keyAction(async (request) => {
    const code = formOf(request).get('recoveryCode');
    await recoverWithSheet(db(), principalOf(request), slugOf(request), request.sessionId, code, twice(request), deps.now());
  }));

  app.post('/staff/o/:slug/complaints/recovery-sheet', HANDLE, keyAction(async (request, reply) => sheet(request, reply, await newRecoverySheet(db(), principalOf(request), slugOf(request), request.sessionId, deps.now()))));

  app.post('/staff/o/:slug/complaints/rotate-key', HANDLE, keyAction(async (request, reply) => {
    // The old recovery sheet stops working and every other unlocked session is dropped: the page asks first.
    if (!confirmed(formOf(request).get('confirm'))) {
      const view = viewOf(request, reply);
      const m = complaintMessages(view.lang);
      const slug = slugOf(request);
      return sendConfirmDelete(reply, {
        view,
        question: m.rotateIntro,
        action: `${base(slug)}/rotate-key`,
        back: base(slug),
        words: { title: m.rotateTitle, button: m.rotate, warning: m.rotateCannotUndo },
      });
    }
    const rotation = await rotateOrgKey(db(), principalOf(request), slugOf(request), request.sessionId, deps.now());
    return sheet(request, reply, rotation.sheet, rotation);
  }));

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/orgs/:slug/complaints/rotate-key',
      operationId: 'rotateComplaintKey',
      tag: 'complaints',
      summary:
        'Change the organisation’s complaint key (needs a web session unlocked with the complaint passphrase, and its CSRF token): every case re-wrapped, the new key for the officers who still hold access, a new recovery sheet (shown once; the old one stops working)',
      access: inOrg('complaints.handle'),
      params: z.object({ slug: slugParam }),
      response: z.object({
        keyVersion: z.number(),
        cases: z.number(),
        officers: z.number(),
        recoverySheet: z.object({ code: z.string().describe('the new recovery code: print it now; shown once, kept nowhere'), serial: z.number(), madeOn: z.string() }),
      }),
    },
    async ({ params, request }) => {
      const r = await rotateOrgKey(db(), principalOf(request), params.slug, request.sessionId, deps.now());
      return { keyVersion: r.keyVersion, cases: r.cases, officers: r.officers, recoverySheet: { code: r.sheet.code, serial: r.sheet.serial, madeOn: r.sheet.madeOn } };
    },
  );

  app.post('/staff/o/:slug/complaints/officers/:person/grant', HANDLE, keyAction(async (request) => {
    await grantAccess(db(), principalOf(request), slugOf(request), request.sessionId, (request.params as { person: string }).person, deps.now());
  }));

  app.post('/staff/o/:slug/complaints/officers/:person/revoke', HANDLE, keyAction(async (request) => {
    await revokeAccess(db(), principalOf(request), slugOf(request), (request.params as { person: string }).person);
  }));

  app.post('/staff/o/:slug/complaints/settings', HANDLE, async (request, reply) => {
    const form = formOf(request);
    try {
      await updateChannelSettings(db(), principalOf(request), slugOf(request), {
        ackDays: form.get('ackDays'),
        closeDays: form.get('closeDays'),
        publicOpen: form.get('publicOpen') === '1',
        internalOpen: form.get('internalOpen') === '1',
        ...(form.has('retentionYears') ? { retentionYears: form.get('retentionYears') } : {}),
      }, deps.now());
      return done(reply, base(slugOf(request)));
    } catch (error) {
      return inboxPage(request, reply, deps, { settingsErrors: problems(request, error), status: 400 });
    }
  });

  app.get('/staff/o/:slug/complaints/statistics', HANDLE, async (request, reply) => {
    const view = viewOf(request, reply);
    const m = complaintMessages(view.lang);
    const org = await complaintsOrg(db(), principalOf(request), slugOf(request));
    const asked = Number((request.query as Record<string, string | undefined>).year);
    const year = Number.isInteger(asked) && asked >= 2500 && asked <= 2700 ? asked : fiscalYearOf(deps.now());
    const s = await complaintStatistics(db(), org.orgId, year, { asOf: deps.now() });
    const title = m.statisticsTitle(year);
    const body = (
      <>
        <p>
          <a href={base(org.slug)}>{m.backToCases}</a>
        </p>
        <h1>{title}</h1>
        <form method="get" class="buttons">
          <TextField name="year" type="number" label={m.year} value={year} min="2500" max="2700" class="narrow" />
          <button type="submit" class="secondary small">
            {m.filterApply}
          </button>
        </form>
        <p>{m.statisticsIntro(s.threshold)}</p>
        <ComplaintStats lang={view.lang} m={portalMessages(view.lang)} stats={s} channel={`/o/${encodeURIComponent(org.slug)}/complaints`} />
      </>
    );
    return sendPage(reply, { view, title, children: body });
  });

  app.get('/staff/o/:slug/complaints/:id', HANDLE, async (request, reply) => casePage(request, reply, deps));

  /** Runs a change to a case; input errors are shown on the case's page. */
  const caseAction = (fn: (request: FastifyRequest) => Promise<void>) => async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await fn(request);
      return done(reply, casePath(slugOf(request), idOf(request)));
    } catch (error) {
      return casePage(request, reply, deps, { errors: problems(request, error), status: statusOf(error) });
    }
  };
  const version = (request: FastifyRequest) => formOf(request).get('version');

  app.post('/staff/o/:slug/complaints/:id/status', HANDLE, caseAction(async (request) => {
    const form = formOf(request);
    await changeStatus(db(), principalOf(request), slugOf(request), idOf(request), { status: form.get('status'), outcome: form.get('outcome') || null, version: version(request) }, deps.now());
  }));

  app.post('/staff/o/:slug/complaints/:id/assign', HANDLE, caseAction(async (request) => {
    await assignCase(db(), principalOf(request), slugOf(request), idOf(request), { assigneeId: formOf(request).get('assigneeId') || null, version: version(request) }, deps.now());
  }));

  app.post('/staff/o/:slug/complaints/:id/deadlines', HANDLE, caseAction(async (request) => {
    const form = formOf(request);
    throwAll(formDateErrors(form, [['ackDue', 'ackDue'], ['closeDue', 'closeDue']]));
    await setDeadlines(db(), principalOf(request), slugOf(request), idOf(request), { ackDue: formDate(form, 'ackDue') ?? '', closeDue: formDate(form, 'closeDue') ?? '', version: version(request) }, deps.now());
  }));

  app.post('/staff/o/:slug/complaints/:id/message', HANDLE, caseAction(async (request) => {
    await sendMessage(db(), principalOf(request), slugOf(request), idOf(request), request.sessionId, formOf(request).raw('text'), deps.now());
  }));

  app.post('/staff/o/:slug/complaints/:id/note', HANDLE, caseAction(async (request) => {
    try {
      await addNote(db(), principalOf(request), slugOf(request), idOf(request), request.sessionId, formOf(request).raw('text'), deps.now());
    } catch (error) {
      // The note's field on the page is "note" (the message to the complainant is "text").
      if (error instanceof InputError && error.field === 'text') throw new InputError('note', error.th, error.en);
      throw error;
    }
  }));

  app.post('/staff/o/:slug/complaints/:id/reveals', HANDLE, caseAction(async (request) => {
    await requestReveal(db(), principalOf(request), slugOf(request), idOf(request), request.sessionId, formOf(request).raw('reason'), deps.now());
  }));

  app.post('/staff/o/:slug/complaints/:id/reveals/:reveal', HANDLE, caseAction(async (request) => {
    await decideReveal(db(), principalOf(request), slugOf(request), idOf(request), (request.params as { reveal: string }).reveal, formOf(request).get('decision'), deps.now());
  }));

  app.post('/staff/o/:slug/complaints/:id/identity', HANDLE, async (request, reply) => {
    try {
      const identity = await readIdentity(db(), principalOf(request), slugOf(request), idOf(request), request.sessionId, deps.now());
      return await casePage(request, reply, deps, { identity });
    } catch (error) {
      return casePage(request, reply, deps, { errors: problems(request, error), status: statusOf(error) });
    }
  });

  app.get('/staff/o/:slug/complaints/:id/attachments/:attachment', HANDLE, async (request, reply) => {
    const file = await readAttachment(db(), principalOf(request), slugOf(request), idOf(request), (request.params as { attachment: string }).attachment, request.sessionId, deps.now());
    return attachment(reply, file.bytes, file.filename, file.mediaType);
  });
}

