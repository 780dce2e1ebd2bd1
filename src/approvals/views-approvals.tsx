/**
 * Approvals of the year's documents: the coordinator asks for the plan, the report (and the analysis) to be
 * approved; the executive reads the document (preview) and approves or rejects it with a comment. An approval
 * holds the hash of what it approved, so a later change shows it as out of date; a decision made on a document
 * that changed since it was shown is refused (the hash travels with the decision form).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApprovalState } from './state.ts';
import { listApprovals, requestApproval } from './approvals.ts';
import { decideAndPublish } from '../portal/publications-approved.ts';
import { OwnWork } from '../app/authz.ts';
import { Conflict } from '../app/errors.ts';
import type { ApprovalSubject } from '../model/year.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import { CsrfField, dateTime, ErrorSummary, errorFor, fieldErrors, ProvisionalNote, sendPage, TextArea, viewOf, yearPath, type FieldError, type View, type YearNav } from '../web/view.tsx';
import { yearNav, yearRef } from '../years/year-pages.tsx';

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

export async function approvalPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, state: { errors?: FieldError[]; flash?: string } = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const nav = await yearNav(deps.db, request, 'approvals');
    const states = await listApprovals(deps.db, principalOf(request), yearRef(request));
    const done = (request.query as Record<string, string | undefined>).done;
    return sendPage(
      reply,
      {
        view,
        title: m.navApprovals,
        nav,
        flash: state.flash ? { kind: 'bad', text: state.flash } : done ? { kind: 'ok', text: m.saved } : null,
        children: (
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
              <Subject key={a.subject} view={view} nav={nav} a={a} errors={(state.errors ?? []).filter((e) => e.field.startsWith(a.subject))} />
            ))}
          </>
        ),
      },
      status,
    );
  };

  app.get('/staff/o/:slug/:year/approvals', { config: { access: inOrg('year.read') } }, (request, reply) => page(request, reply));

  app.post('/staff/o/:slug/:year/approvals', { config: { access: inOrg('approval.request') } }, async (request, reply) => {
    const form = formOf(request);
    const subject = form.get('subject');
    const ref = yearRef(request);
    try {
      await requestApproval(deps.db, principalOf(request), ref, { subject: subject as ApprovalSubject, comment: form.get('comment') || null });
      return reply.redirect(yearPath(ref.org, ref.year, '/approvals?done=1'), 303);
    } catch (error) {
      // Said at the top of the page: a request already waiting has no request form to show it beside.
      return page(request, reply, { flash: fieldErrors(request.lang, error).map((e) => e.message).join(' ') }, 400);
    }
  });

  app.post('/staff/o/:slug/:year/approvals/:id/decide', { config: { access: inOrg('approval.decide') } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const form = formOf(request);
    const ref = yearRef(request);
    try {
      // An approval also publishes the OIT items that are the approved documents (src/portal/publications-approved.ts).
      const { state: decided } = await decideAndPublish(
        deps.db,
        principalOf(request),
        ref,
        id,
        {
          decision: form.get('decision') as 'approved' | 'rejected',
          comment: form.get('comment') || null,
          reason: form.get('reason') || null,
          ...(form.get('documentSha256') ? { documentSha256: form.get('documentSha256') } : {}),
        },
        { now: deps.now(), browser: deps.browser },
      );
      return reply.redirect(yearPath(ref.org, ref.year, `/approvals?done=${decided.subject}`), 303);
    } catch (error) {
      if (error instanceof Conflict) return page(request, reply, { flash: said(request.lang, error) }, 409);
      if (error instanceof OwnWork) return page(request, reply, { flash: said(request.lang, { th: error.detailTh, en: error.detailEn }) }, 403);
      const subject = (await listApprovals(deps.db, principalOf(request), ref)).find((a) => a.history.some((h) => h.id === id.toLowerCase()))?.subject;
      if (!subject) throw error;
      const errors = fieldErrors(request.lang, error).map((e) => ({ field: `${subject}.${e.field === 'reason' ? 'reason' : 'comment'}`, message: e.message }));
      return page(request, reply, { errors }, 400);
    }
  });
}
