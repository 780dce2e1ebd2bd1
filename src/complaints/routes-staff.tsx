/**
 * The officers' pages of the complaint channel, under /staff/o/<slug>/complaints, for people with
 * complaints.handle in the organisation (rule inOrg('complaints.handle') on every route; the use cases check
 * again and bind every case to the organisation). Server-rendered, working without JavaScript; the pages
 * themselves are in views-staff.tsx.
 *
 * The inbox shows the cases' plain metadata (type, dates, status, deadlines, assignment) without any key; reading
 * a case needs this session unlocked with the officer's complaint passphrase (src/complaints/keys.ts). The
 * set-up and a new recovery sheet show the recovery code once, on a page meant to be printed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assignCase, caseEvents, caseSummary, changeStatus, listCases, newCaseCount, openCase, readAttachment, sendMessage, setDeadlines, addNote, type CaseDetail } from './cases.ts';
import {
  channelState,
  complaintsOrg,
  ComplaintsLocked,
  grantAccess,
  handlers,
  lockComplaints,
  newRecoverySheet,
  recoverWithSheet,
  revokeAccess,
  rotateOrgKey,
  setPassphrase,
  setUpChannel,
  unlockComplaints,
  updateChannelSettings,
  type RecoverySheet,
  type Rotation,
} from './keys.ts';
import { decideReveal, readIdentity, requestReveal, revealsOf, type Identity } from './reveal.ts';
import { complaintStatistics } from './stats.ts';
import { Conflict } from '../app/errors.ts';
import { InputError, InputErrors } from '../errors.ts';
import { fiscalYearOf } from '../thai/index.ts';
import { throwAll } from '../app/input.ts';
import { inOrg } from '../web/access.ts';
import { formDate, formDateErrors } from '../web/date-field.tsx';
import { apiRoute, pageRoute, queryText, slugParam, type PageInput } from '../web/route.ts';
import type { Deps } from '../web/deps.ts';
import { formOf, safeBack } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import { attachment } from '../web/download.ts';
import { fieldErrors, sendPage, viewOf, type FieldError } from '../web/view.tsx';
import { complaintMessages } from './i18n.ts';
import type { ComplaintGuard } from './limits.ts';
import { complaintsMessages as msg } from './messages.ts';
import { confirmed, sendConfirmDelete } from '../web/confirm.tsx';
import { base, CaseBody, casePath, InboxBody, SheetPage, StatisticsBody } from './views-staff.tsx';

const HANDLE = { access: inOrg('complaints.handle') } as const;

export interface StaffOptions {
  readonly deps: Deps;
  readonly guard: ComplaintGuard;
}

/** Path parameters: any text, as the routes always took (the use cases answer NotFound for anything else). */
const org = z.object({ slug: z.string() });
const officer = z.object({ slug: z.string(), person: z.string() });
const aCase = z.object({ slug: z.string(), id: z.string() });
const reveal = z.object({ slug: z.string(), id: z.string(), reveal: z.string() });
const file = z.object({ slug: z.string(), id: z.string(), attachment: z.string() });

/** The inbox's query: the cases' filter, and done=1 after a change. */
const inboxQuery = z.object({ status: queryText, channel: queryText, mine: queryText, done: queryText });
type InboxQuery = z.output<typeof inboxQuery>;
/** A case page's query: done=1 after a change. */
const caseQuery = z.object({ done: queryText });
type CaseQuery = z.output<typeof caseQuery>;

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

interface InboxState {
  readonly keyErrors?: readonly FieldError[];
  readonly settingsErrors?: readonly FieldError[];
  readonly status?: number;
}

async function inboxPage(request: FastifyRequest, reply: FastifyReply, deps: Deps, slug: string, query: InboxQuery, s: InboxState = {}): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = complaintMessages(view.lang);
  const principal = principalOf(request);
  const state = await channelState(deps.db, principal, slug, request.sessionId, deps.now());
  const filter = { status: query.status ?? 'open', channel: query.channel ?? 'all', mine: query.mine === '1' ? '1' : '' };
  const title = m.staffTitle(state.org.nameTh);
  const flash = query.done ? m.saved : null;
  let listing = null;
  if (state.settings) {
    const cases = (
      await listCases(deps.db, principal, slug, { status: filter.status as 'open', channel: filter.channel as 'all', mine: filter.mine === '1' }, deps.now()).catch((error: unknown) => {
        if (error instanceof InputError) return { cases: [] };
        throw error;
      })
    ).cases;
    listing = { cases, fresh: await newCaseCount(deps.db, principal, slug) };
  }
  const data = { slug, title, state, listing, filter, keyErrors: s.keyErrors ?? [], settingsErrors: s.settingsErrors ?? [] };
  return sendPage(reply, { view, title, flash: flash ? { kind: 'ok', text: flash } : null, children: <InboxBody view={view} m={m} data={data} /> }, s.status ?? 200);
}

interface CaseState {
  readonly errors?: readonly FieldError[];
  readonly identity?: Identity | null;
  readonly status?: number;
}

async function casePage(request: FastifyRequest, reply: FastifyReply, deps: Deps, slug: string, caseId: string, query: CaseQuery, s: CaseState = {}): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = complaintMessages(view.lang);
  const principal = principalOf(request);
  const now = deps.now();
  const { org, summary } = await caseSummary(deps.db, principal, slug, caseId, now);
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
  const title = m.caseTitle(current.ref);
  const fresh = await newCaseCount(deps.db, principal, slug);
  const data = { slug, title, current, detail, reveals, officers, events, errors: s.errors ?? [], identity: s.identity ?? null, fresh };
  return sendPage(reply, { view, title, flash: query.done ? { kind: 'ok', text: m.saved } : null, children: <CaseBody view={view} m={m} data={data} /> }, s.status ?? 200);
}

export async function officerPages(app: FastifyInstance, { deps, guard }: StaffOptions): Promise<void> {
  const db = () => deps.db;
  const done = (reply: FastifyReply, path: string) => reply.redirect(`${path}?done=1`, 303);
  const twice = (request: FastifyRequest) => {
    const form = formOf(request);
    if (form.raw('passphrase') !== form.raw('passphrase2')) throw new InputError('passphrase2', msg.passphraseMismatch());
    return form.raw('passphrase');
  };
  const sheet = async (request: FastifyRequest, reply: FastifyReply, slug: string, made: RecoverySheet, rotation?: Rotation) => {
    const view = viewOf(request, reply);
    const m = complaintMessages(view.lang);
    return sendPage(reply, { view, title: m.sheetTitle, children: <SheetPage m={m} lang={view.lang} sheet={made} slug={slug} {...(rotation ? { rotation } : {})} /> });
  };

  /** A change to the channel; input errors go back to the inbox with the key form's errors. */
  const keyAction =
    <P extends { slug: string }>(fn: (p: P, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    async ({ params, query, request, reply }: PageInput<P, InboxQuery>) => {
      try {
        await fn(params, request, reply);
        return reply.sent ? reply : done(reply, base(params.slug));
      } catch (error) {
        return inboxPage(request, reply, deps, params.slug, query, { keyErrors: problems(request, error), status: 400 });
      }
    };
  /** The route of a change to the channel. */
  const keyRoute = { ...HANDLE, params: org, query: inboxQuery };

  pageRoute(app, 'GET', '/staff/o/:slug/complaints', { ...HANDLE, params: org, query: inboxQuery }, async ({ params, query, request, reply }) => inboxPage(request, reply, deps, params.slug, query));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/setup', keyRoute, keyAction(async ({ slug }, request, reply) => sheet(request, reply, slug, await setUpChannel(db(), principalOf(request), slug, request.sessionId, twice(request), deps.now()))));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/passphrase', keyRoute, keyAction(async ({ slug }, request) => {
    await setPassphrase(db(), principalOf(request), slug, request.sessionId, twice(request), deps.now());
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/unlock', { ...HANDLE, params: org, query: inboxQuery }, async ({ params: { slug }, query, request, reply }) => {
    const form = formOf(request);
    const back = safeBack(form.get('back'), base(slug));
    const principal = principalOf(request);
    const taken = guard.unlocks.take(principal.personId, deps.now().getTime());
    try {
      if (!taken.ok) {
        reply.header('retry-after', String(taken.retryAfter));
        throw new InputError('passphrase', msg.rateLimited({ seconds: taken.retryAfter }));
      }
      await unlockComplaints(db(), principal, slug, request.sessionId, form.raw('passphrase'), deps.now());
      return reply.redirect(back, 303);
    } catch (error) {
      const errors = problems(request, error);
      const status = taken.ok ? 400 : 429;
      const caseId = /^\/staff\/o\/[^/]+\/complaints\/([0-9a-f-]{36})$/.exec(back)?.[1];
      if (caseId) return casePage(request, reply, deps, slug, caseId, query, { errors, status });
      return inboxPage(request, reply, deps, slug, query, { keyErrors: errors, status });
    }
  });

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/lock', { ...HANDLE, params: org }, async ({ params: { slug }, request, reply }) => {
    await lockComplaints(db(), principalOf(request), slug, request.sessionId);
    return reply.redirect(base(slug), 303);
  });

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/recover', keyRoute, keyAction(async ({ slug }, request) => {
    const code = formOf(request).get('recoveryCode');
    await recoverWithSheet(db(), principalOf(request), slug, request.sessionId, code, twice(request), deps.now());
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/recovery-sheet', keyRoute, keyAction(async ({ slug }, request, reply) => sheet(request, reply, slug, await newRecoverySheet(db(), principalOf(request), slug, request.sessionId, deps.now()))));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/rotate-key', keyRoute, keyAction(async ({ slug }, request, reply) => {
    // The old recovery sheet stops working and every other unlocked session is dropped: the page asks first.
    if (!confirmed(formOf(request).get('confirm'))) {
      const view = viewOf(request, reply);
      const m = complaintMessages(view.lang);
      return sendConfirmDelete(reply, {
        view,
        question: m.rotateIntro,
        action: `${base(slug)}/rotate-key`,
        back: base(slug),
        words: { title: m.rotateTitle, button: m.rotate, warning: m.rotateCannotUndo },
      });
    }
    const rotation = await rotateOrgKey(db(), principalOf(request), slug, request.sessionId, deps.now());
    return sheet(request, reply, slug, rotation.sheet, rotation);
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

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/officers/:person/grant', { ...keyRoute, params: officer }, keyAction(async ({ slug, person }, request) => {
    await grantAccess(db(), principalOf(request), slug, request.sessionId, person, deps.now());
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/officers/:person/revoke', { ...keyRoute, params: officer }, keyAction(async ({ slug, person }, request) => {
    await revokeAccess(db(), principalOf(request), slug, person);
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/settings', { ...HANDLE, params: org, query: inboxQuery }, async ({ params: { slug }, query, request, reply }) => {
    const form = formOf(request);
    try {
      await updateChannelSettings(db(), principalOf(request), slug, {
        ackDays: form.get('ackDays'),
        closeDays: form.get('closeDays'),
        publicOpen: form.get('publicOpen') === '1',
        internalOpen: form.get('internalOpen') === '1',
        ...(form.has('retentionYears') ? { retentionYears: form.get('retentionYears') } : {}),
      }, deps.now());
      return done(reply, base(slug));
    } catch (error) {
      return inboxPage(request, reply, deps, slug, query, { settingsErrors: problems(request, error), status: 400 });
    }
  });

  pageRoute(app, 'GET', '/staff/o/:slug/complaints/statistics', { ...HANDLE, params: org, query: z.object({ year: queryText }) }, async ({ params, query, request, reply }) => {
    const view = viewOf(request, reply);
    const m = complaintMessages(view.lang);
    const found = await complaintsOrg(db(), principalOf(request), params.slug);
    const asked = Number(query.year);
    const year = Number.isInteger(asked) && asked >= 2500 && asked <= 2700 ? asked : fiscalYearOf(deps.now());
    const stats = await complaintStatistics(db(), found.orgId, year, { asOf: deps.now() });
    const title = m.statisticsTitle(year);
    return sendPage(reply, { view, title, children: <StatisticsBody view={view} m={m} title={title} year={year} slug={found.slug} stats={stats} /> });
  });

  pageRoute(app, 'GET', '/staff/o/:slug/complaints/:id', { ...HANDLE, params: aCase, query: caseQuery }, async ({ params, query, request, reply }) => casePage(request, reply, deps, params.slug, params.id, query));

  /** A change to a case; input errors are shown on the case's page. */
  const caseAction =
    <P extends { slug: string; id: string }>(fn: (p: P, request: FastifyRequest) => Promise<void>) =>
    async ({ params, query, request, reply }: PageInput<P, CaseQuery>) => {
      try {
        await fn(params, request);
        return done(reply, casePath(params.slug, params.id));
      } catch (error) {
        return casePage(request, reply, deps, params.slug, params.id, query, { errors: problems(request, error), status: statusOf(error) });
      }
    };
  /** The route of a change to a case. */
  const caseRoute = { ...HANDLE, params: aCase, query: caseQuery };
  const version = (request: FastifyRequest) => formOf(request).get('version');

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/:id/status', caseRoute, caseAction(async ({ slug, id }, request) => {
    const form = formOf(request);
    await changeStatus(db(), principalOf(request), slug, id, { status: form.get('status'), outcome: form.get('outcome') || null, version: version(request) }, deps.now());
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/:id/assign', caseRoute, caseAction(async ({ slug, id }, request) => {
    await assignCase(db(), principalOf(request), slug, id, { assigneeId: formOf(request).get('assigneeId') || null, version: version(request) }, deps.now());
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/:id/deadlines', caseRoute, caseAction(async ({ slug, id }, request) => {
    const form = formOf(request);
    throwAll(formDateErrors(form, [['ackDue', 'ackDue'], ['closeDue', 'closeDue']]));
    await setDeadlines(db(), principalOf(request), slug, id, { ackDue: formDate(form, 'ackDue') ?? '', closeDue: formDate(form, 'closeDue') ?? '', version: version(request) }, deps.now());
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/:id/message', caseRoute, caseAction(async ({ slug, id }, request) => {
    await sendMessage(db(), principalOf(request), slug, id, request.sessionId, formOf(request).raw('text'), deps.now());
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/:id/note', caseRoute, caseAction(async ({ slug, id }, request) => {
    try {
      await addNote(db(), principalOf(request), slug, id, request.sessionId, formOf(request).raw('text'), deps.now());
    } catch (error) {
      // The note's field on the page is "note" (the message to the complainant is "text").
      if (error instanceof InputError && error.field === 'text') throw new InputError('note', error.said);
      throw error;
    }
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/:id/reveals', caseRoute, caseAction(async ({ slug, id }, request) => {
    await requestReveal(db(), principalOf(request), slug, id, request.sessionId, formOf(request).raw('reason'), deps.now());
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/:id/reveals/:reveal', { ...caseRoute, params: reveal }, caseAction(async ({ slug, id, reveal: revealId }, request) => {
    await decideReveal(db(), principalOf(request), slug, id, revealId, formOf(request).get('decision'), deps.now());
  }));

  pageRoute(app, 'POST', '/staff/o/:slug/complaints/:id/identity', { ...HANDLE, params: aCase, query: caseQuery }, async ({ params: { slug, id }, query, request, reply }) => {
    try {
      const identity = await readIdentity(db(), principalOf(request), slug, id, request.sessionId, deps.now());
      return await casePage(request, reply, deps, slug, id, query, { identity });
    } catch (error) {
      return casePage(request, reply, deps, slug, id, query, { errors: problems(request, error), status: statusOf(error) });
    }
  });

  pageRoute(app, 'GET', '/staff/o/:slug/complaints/:id/attachments/:attachment', { ...HANDLE, params: file }, async ({ params, request, reply }) => {
    const found = await readAttachment(db(), principalOf(request), params.slug, params.id, params.attachment, request.sessionId, deps.now());
    return attachment(reply, found.bytes, found.filename, found.mediaType);
  });
}
