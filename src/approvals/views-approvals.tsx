/**
 * Approvals of the year's documents, as pure functions of their data: the coordinator asks for the plan, the
 * report (and the analysis) to be approved; the executive reads the document (preview) and approves or rejects it
 * with a comment. An approval holds the hash of what it approved, so a later change shows it as out of date; a
 * decision made on a document that changed since it was shown is refused (the hash travels with the decision
 * form). The routes are in routes-approvals.tsx.
 */
import type { ApprovalState } from './state.ts';
import { said } from '../web/i18n.ts';
import { CsrfField, dateTime, ErrorSummary, errorFor, ProvisionalNote, TextArea, yearPath, type FieldError, type View, type YearNav } from '../web/view.tsx';

function StateBadge({ view, a }: { view: View; a: ApprovalState }) {
  const { m } = view;
  if (a.pending) return <span class="badge warn">{m.approvalState(a.approved !== null, a.upToDate, true)}</span>;
  if (a.approved) return <span class={`badge ${a.upToDate ? 'ok' : 'bad'}`}>{m.approvalState(true, a.upToDate, false)}</span>;
  return <span class="badge">{m.approvalState(false, false, false)}</span>;
}

function Subject({ view, nav, a, errors }: { view: View; nav: YearNav; a: ApprovalState; errors: readonly FieldError[] }) {
  const { m, lang } = view;
  const may = nav.permissions.actions;
  const open = nav.status === 'open';
  const prefix = a.subject;
  return (
    <section class="card" aria-labelledby={`approval-${a.subject}`}>
      <h2 id={`approval-${a.subject}`}>{lang === 'th' ? a.nameTh : a.nameEn}</h2>
      <p>
        <StateBadge view={view} a={a} />{' '}
        <a href={yearPath(nav.slug, nav.year, `/documents/${a.subject}`)}>{m.readDocument}</a>
      </p>
      {a.pending && a.changedSinceRequest ? <p class="notice warn">{m.changedSinceRequest}</p> : null}
      {a.pending && may.includes('approval.decide') && open && a.pending.requestedByPerson === view.account?.principal.personId ? (
        <p class="notice">
          {m.requestedBy(a.pending.requestedBy ?? '–', dateTime(lang, a.pending.requestedAt))} · {m.ownRequest}
        </p>
      ) : null}
      {a.pending && may.includes('approval.decide') && open && a.pending.requestedByPerson !== view.account?.principal.personId ? (
        <form method="post" action={yearPath(nav.slug, nav.year, `/approvals/${a.pending.id}/decide`)} novalidate>
          <ErrorSummary view={view} errors={errors} fields={[`${prefix}.reason`, `${prefix}.comment`]} />
          <CsrfField view={view} />
          <input type="hidden" name="documentSha256" value={a.currentSha256} />
          <p>{m.requestedBy(a.pending.requestedBy ?? '–', dateTime(lang, a.pending.requestedAt))}</p>
          {a.pending.comment ? <p class="muted">{a.pending.comment}</p> : null}
          {a.lintErrors.length ? (
            <div class="notice warn">
              <p>{m.lintErrorsAtApproval(a.lintErrors.length)}</p>
              <ul>
                {a.lintErrors.map((e, i) => (
                  <li key={i}>
                    {e.whereTh}: {said(lang, e)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {a.lintErrors.length ? (
            <TextArea name="reason" errorField={`${prefix}.reason`} label={m.overrideReason} rows={2} error={errorFor(errors, `${prefix}.reason`)} />
          ) : null}
          <TextArea name="comment" errorField={`${prefix}.comment`} label={m.decisionComment} rows={3} error={errorFor(errors, `${prefix}.comment`)} />
          <ProvisionalNote view={view} of={nav} atApproval />
          <div class="buttons">
            <button type="submit" name="decision" value="approved" class="primary">
              {m.approve}
            </button>
            <button type="submit" name="decision" value="rejected" class="danger">
              {m.rejectApproval}
            </button>
          </div>
        </form>
      ) : null}
      {!a.pending && may.includes('approval.request') && open ? (
        <form method="post" action={yearPath(nav.slug, nav.year, '/approvals')} novalidate>
          <CsrfField view={view} />
          <input type="hidden" name="subject" value={a.subject} />
          <TextArea name="comment" errorField={`${prefix}.request`} label={m.requestComment} rows={2} />
          <button type="submit" class="primary">
            {a.approved ? m.requestAgain : m.requestApproval}
          </button>
        </form>
      ) : null}
      {a.history.length ? (
        <details>
          <summary>{m.approvalHistory(a.history.length)}</summary>
          <ol>
            {a.history.map((h) => (
              <li key={h.id}>
                {m.requestedBy(h.requestedBy ?? '–', dateTime(lang, h.requestedAt))}
                {h.status !== 'requested' ? ` · ${m.decidedBy(h.status === 'approved', h.decidedBy ?? '–', dateTime(lang, h.decidedAt))}` : ''}
                {h.comment ? ` · ${h.comment}` : ''}
                {h.overrideReason ? ` · ${m.approvedDespite(h.overrideReason)}` : ''}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

/** The approvals page: each subject's state, with the request and decision forms; `errors` go beside their subject. */
export function ApprovalsPage({ view, nav, states, errors }: { view: View; nav: YearNav; states: readonly ApprovalState[]; errors: readonly FieldError[] }) {
  const { m } = view;
  return (
    <>
      <h1>
        {m.navApprovals} · {m.fiscalYearOf(nav.year)}
      </h1>
      <p>{m.approvalsIntro}</p>
      <p>
        {nav.status === 'closed' ? <span class="badge bad">{m.yearClosed}</span> : null}{' '}
        <a href={yearPath(nav.slug, nav.year, '/status')}>{nav.permissions.actions.includes('year.close') ? (nav.status === 'closed' ? m.reopenYear : m.closeYear) : m.yearStatusTitle}</a>
      </p>
      {states.map((a) => (
        <Subject key={a.subject} view={view} nav={nav} a={a} errors={errors.filter((e) => e.field.startsWith(a.subject))} />
      ))}
    </>
  );
}
