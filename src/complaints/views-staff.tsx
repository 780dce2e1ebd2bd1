/**
 * The officers' pages of the complaint channel (routes-staff.tsx): the inbox with the channel's keys, officers and
 * settings, a case, the recovery sheet and the statistics. Components only: pure functions of the data the
 * routes give them. Server-rendered, working without JavaScript.
 */
import { Fragment, type ComponentChildren } from 'preact';
import { TRANSITIONS, type CaseDetail, type CaseEvent, type CaseSummary } from './cases.ts';
import { RETENTION_MAX, RETENTION_MIN, type ChannelState, type RecoverySheet, type Rotation } from './keys.ts';
import type { Identity, RevealView } from './reveal.ts';
import type { ComplaintStatistics } from './stats.ts';
import { CHANNEL_LABEL, OUTCOME_LABEL, OUTCOMES, STATUS_LABEL, TYPE_LABEL, type ComplaintStatus } from './model.ts';
import { DateField } from '../web/date-field.tsx';
import { said } from '../web/i18n.ts';
import { ComplaintStats } from '../portal/components.tsx';
import { portalMessages } from '../portal/i18n.ts';
import { CsrfField, DataTable, date, dateTime, ErrorSummary, errorFor, PostButton, Select, TextArea, TextField, type FieldError, type View } from '../web/view.tsx';
import type { ComplaintMessages } from './i18n.ts';
import { CodeBlock } from './views-public.tsx';

export const base = (slug: string) => `/staff/o/${encodeURIComponent(slug)}/complaints`;
export const casePath = (slug: string, id: string) => `${base(slug)}/${id}`;

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

export function PassphraseForm(props: { view: View; m: ComplaintMessages; action: string; submit: string; errors: readonly FieldError[]; twice: boolean; back?: string; intro?: string }) {
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

export function SheetPage({ m, lang, sheet, slug, rotation }: { m: ComplaintMessages; lang: View['lang']; sheet: RecoverySheet; slug: string; rotation?: Rotation }) {
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

// ---------------------------------------------------------------------------------------------------------
// Pages

/** The cases' filter as the inbox's query gives it. */
export type CaseFilterForm = { readonly status: string; readonly channel: string; readonly mine: string };

export interface InboxData {
  readonly slug: string;
  readonly title: string;
  readonly state: ChannelState;
  /** The cases and the count of new ones; null before the channel is set up. */
  readonly listing: { readonly cases: readonly CaseSummary[]; readonly fresh: number } | null;
  readonly filter: CaseFilterForm;
  readonly keyErrors: readonly FieldError[];
  readonly settingsErrors: readonly FieldError[];
}

/** The inbox: the set-up form before the channel is set up; then the cases, the keys, the officers and the settings. */
export function InboxBody({ view, m, data }: { view: View; m: ComplaintMessages; data: InboxData }) {
  const { slug, title, state, listing, filter } = data;
  if (!state.settings || !listing) {
    return (
      <>
        <h1>{title}</h1>
        <h2>{m.setUpTitle}</h2>
        <p>{m.setUpIntro}</p>
        <PassphraseForm view={view} m={m} action={`${base(slug)}/setup`} submit={m.setUp} errors={data.keyErrors} twice />
      </>
    );
  }
  return (
    <>
      <h1>{title}</h1>
      <NewCases m={m} count={listing.fresh} />
      <p>
        <a href={`/o/${encodeURIComponent(slug)}/complaints`}>{m.publicFormLink}</a> · <a href={`/o/${encodeURIComponent(slug)}/complaints?channel=internal`}>{m.internalFormLink}</a> ·{' '}
        <a href={`${base(slug)}/statistics`}>{m.statisticsLink}</a>
      </p>
      <KeyCard view={view} m={m} state={state} errors={data.keyErrors} />
      <CasesTable view={view} m={m} slug={slug} cases={listing.cases} filter={filter} />
      <OfficersCard view={view} m={m} state={state} />
      <SettingsCard view={view} m={m} state={state} errors={data.settingsErrors} />
    </>
  );
}

export interface CaseData {
  readonly slug: string;
  readonly title: string;
  /** The case as it is now (opened: marked read). */
  readonly current: CaseSummary;
  /** Null while this session has not unlocked the complaints. */
  readonly detail: CaseDetail | null;
  readonly reveals: readonly RevealView[];
  readonly officers: readonly { personId: string; nameTh: string }[];
  readonly events: readonly CaseEvent[];
  readonly errors: readonly FieldError[];
  readonly identity: Identity | null;
  /** The count of new cases. */
  readonly fresh: number;
}

/** A case: its facts, its text, attachments and conversation when unlocked, the forms, the identity, the trail. */
export function CaseBody({ view, m, data }: { view: View; m: ComplaintMessages; data: CaseData }) {
  const { lang } = view;
  const { slug, title, current, detail, reveals, officers, events, errors, fresh } = data;
  const path = casePath(slug, current.id);
  return (
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
      <RevealSection view={view} m={m} slug={slug} summary={current} reveals={reveals} identity={data.identity} errors={errors} unlocked={detail !== null} />
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
}

/** The statistics of a fiscal year as the portal publishes them (closed periods only). */
export function StatisticsBody({ view, m, title, year, slug, stats }: { view: View; m: ComplaintMessages; title: string; year: number; slug: string; stats: ComplaintStatistics }) {
  return (
    <>
      <p>
        <a href={base(slug)}>{m.backToCases}</a>
      </p>
      <h1>{title}</h1>
      <form method="get" class="buttons">
        <TextField name="year" type="number" label={m.year} value={year} min="2500" max="2700" class="narrow" />
        <button type="submit" class="secondary small">
          {m.filterApply}
        </button>
      </form>
      <p>{m.statisticsIntro(stats.threshold)}</p>
      <ComplaintStats lang={view.lang} m={portalMessages(view.lang)} stats={stats} channel={`/o/${encodeURIComponent(slug)}/complaints`} />
    </>
  );
}
