/**
 * The complainant's routes, without an account and without JavaScript: the filing form of an organisation's public
 * or internal channel, the receipt page (the code, once), and following a case with the receipt code (status,
 * the officers' messages, a reply). The pages themselves are in views-public.tsx.
 *
 * What protects the complainant here: no cookie is set and no session is used (a staff member who happens to be
 * signed in is warned and their account is ignored); the receipt code travels only in POST bodies, never in a URL
 * (so it is in no log, history or Referer); answers are never cached; these routes log nothing (log level
 * 'silent' for every route of complainantPages: no address, browser or time of a complainant's request reaches
 * the server's log); the rate limits know clients by a rotating salted hash (limits.ts). The form carries a
 * time-delayed, single-use token and a field people do not see (spam without an outside service). These routes
 * take no CSRF token: they carry no credentials a forged request could borrow.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { z } from 'zod';
import { serverSecret } from '../accounts/accounts.ts';
import {
  channelInfo,
  complaintByReceipt,
  fileComplaint,
  isReceiptShape,
  ReceiptNotFound,
  replyByReceipt,
  caseOfReceipt,
  FORM_SECRET,
  MAX_TOTAL_BYTES,
  type ChannelInfo,
  type Filed,
} from './complaints.ts';
import { checkFormToken, issueFormToken, type FormTokenRules } from './form-token.ts';
import { isChannel, type Channel } from './model.ts';
import { InputError, InputErrors } from '../errors.ts';
import { PUBLIC } from '../web/access.ts';
import { SESSION_COOKIE } from '../web/cookies.ts';
import type { Deps } from '../web/deps.ts';
import { formOf, type Form } from '../web/forms.ts';
import { isLang, messages, said, type Lang } from '../web/i18n.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { FORM_OVERHEAD_BYTES } from '../web/uploads.ts';
import { fieldErrors, type FieldError } from '../web/view.tsx';
import { complaintMessages } from './i18n.ts';
import type { ComplaintGuard } from './limits.ts';
import { FilingPage, formPath, PublicPage, ReceiptForm, ReceiptPage, StatusView, type FormState, type PageExtras, type PublicView } from './views-public.tsx';

/** Route options of every complainant's route: public, no CSRF token, nothing logged. */
export const COMPLAINANT_ROUTE = { config: { access: PUBLIC, csrf: false, complainant: true }, logLevel: 'silent' } as const;
/** The complainant's page routes (their log level is the one of the context they are registered in: silent). */
const COMPLAINANT_PAGE = { access: PUBLIC, config: { csrf: false, complainant: true } } as const;
/** The filing form: the one complainant's route that takes files, as many as a complaint may have. */
const FILING_PAGE = { ...COMPLAINANT_PAGE, config: { ...COMPLAINANT_PAGE.config, uploads: { maxBytes: MAX_TOTAL_BYTES + FORM_OVERHEAD_BYTES } } } as const;

const slugParams = z.object({ slug: z.string() });
/** ?lang= on every page (a form's lang field comes first). */
const langQuery = z.object({ lang: queryText });
type LangQuery = z.output<typeof langQuery>;

export interface PublicOptions {
  readonly deps: Deps;
  readonly guard: ComplaintGuard;
  readonly formToken: FormTokenRules;
}

/** The page's language: ?lang= or the form's lang field, else the language cookie. */
function publicView(request: FastifyRequest, query: LangQuery, form?: Form): PublicView {
  const asked = form?.get('lang') || query.lang;
  const lang: Lang = isLang(asked) ? asked : request.lang;
  return { lang, m: complaintMessages(lang), view: { lang, m: messages(lang), csrf: '', account: null, url: '' } };
}

async function sendPublic(reply: FastifyReply, pv: PublicView, title: string, body: ComponentChildren, status = 200, langSwitch?: string, extras: PageExtras = {}): Promise<FastifyReply> {
  const html = `<!doctype html>${renderToString(
    <PublicPage pv={pv} title={title} langSwitch={langSwitch} extras={extras}>
      {body}
    </PublicPage>,
  )}`;
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(html);
}

const purposeOf = (org: ChannelInfo, channel: Channel) => `complaint-form/${org.orgId}/${channel}`;

async function formPage(request: FastifyRequest, reply: FastifyReply, opts: PublicOptions, org: ChannelInfo, channel: Channel, pv: PublicView, state: FormState, status = 200) {
  const { m } = pv;
  const title = channel === 'internal' ? m.fileTitleInternal(org.nameTh) : m.fileTitle(org.nameTh);
  // A closed channel shows no form (and asks for no secret: they are made when the channel is set up).
  const token = org.open[channel] ? issueFormToken(await serverSecret(opts.deps.db, FORM_SECRET), purposeOf(org, channel), opts.deps.now()) : '';
  const body = <FilingPage pv={pv} org={org} channel={channel} title={title} token={token} state={state} signedIn={!!request.cookies[SESSION_COOKIE]} />;
  const langSwitch = `${formPath(org.slug)}?channel=${channel}&lang=${pv.lang === 'th' ? 'en' : 'th'}`;
  return sendPublic(reply, pv, title, body, status, langSwitch, { org });
}

/** The errors of an InputError(s) for a form; anything else is thrown on. */
const problems = (lang: Lang, error: unknown): FieldError[] => {
  if (error instanceof InputError || error instanceof InputErrors) return fieldErrors(lang, error);
  throw error;
};

/** Registers the complainant's pages in a context of their own whose routes log nothing (log level silent). */
export async function complainantPages(parent: FastifyInstance, opts: PublicOptions): Promise<void> {
  await parent.register((app) => silentPages(app, opts), { logLevel: 'silent' });
}

async function silentPages(app: FastifyInstance, opts: PublicOptions): Promise<void> {
  const { deps, guard } = opts;
  const clientOf = (request: FastifyRequest) => guard.client(request.ip, deps.now().getTime());
  const limited = (reply: FastifyReply, pv: PublicView, retryAfter: number, body: ComponentChildren) =>
    sendPublic(reply.header('retry-after', String(retryAfter)), pv, pv.m.statusTitle, (
      <>
        <div class="notice bad" role="alert">
          {pv.m.rateLimited(retryAfter)}
        </div>
        {body}
      </>
    ), 429);

  const filingQuery = z.object({ channel: queryText, lang: queryText });
  pageRoute(app, 'GET', '/o/:slug/complaints', { ...COMPLAINANT_PAGE, params: slugParams, query: filingQuery }, async ({ params: { slug }, query, request, reply }) => {
    const org = await channelInfo(deps.db, slug);
    const asked = query.channel;
    const channel: Channel = isChannel(asked) ? asked : 'public';
    return formPage(request, reply, opts, org, channel, publicView(request, query), {});
  });

  pageRoute(app, 'POST', '/o/:slug/complaints', { ...FILING_PAGE, params: slugParams, query: langQuery }, async ({ params: { slug }, query, request, reply }) => {
    const org = await channelInfo(deps.db, slug);
    const form = formOf(request);
    const pv = publicView(request, query, form);
    const channel: Channel = isChannel(form.get('channel')) ? (form.get('channel') as Channel) : 'public';
    const state: FormState = { type: form.get('type'), text: form.raw('text'), name: form.get('identityName'), contact: form.get('identityContact') };
    const again = (message: string, status = 400) => formPage(request, reply, opts, org, channel, pv, { ...state, errors: [{ field: 'form', message }] }, status);
    if (!org.open[channel]) return formPage(request, reply, opts, org, channel, pv, state, 400);
    const now = deps.now();
    const client = clientOf(request);
    const may = guard.takeFiling(client, org.orgId, now.getTime());
    if (!may.ok) {
      reply.header('retry-after', String(may.retryAfter));
      return again(pv.m.rateLimited(may.retryAfter), 429);
    }
    let filed: Filed | null = null;
    try {
      const token = checkFormToken(await serverSecret(deps.db, FORM_SECRET), purposeOf(org, channel), form.get('token'), now, opts.formToken);
      if (!token.ok) return await again(token.reason === 'too-soon' ? pv.m.formTooSoon : pv.m.formExpired);
      if (form.get('website') !== '') return await again(pv.m.honeypotFilled);
      if (!guard.useNonce(token.nonce, now.getTime())) return await again(pv.m.formExpired);
      const identity = state.name || state.contact ? { name: state.name ?? '', contact: state.contact ?? '' } : null;
      try {
        const files = await form.files('files');
        filed = await fileComplaint(deps.db, slug, { channel, type: state.type, text: state.text, identity }, files.map((f) => ({ filename: f.filename, bytes: f.bytes })), now);
      } catch (error) {
        return await formPage(request, reply, opts, org, channel, pv, { ...state, errors: problems(pv.lang, error) }, 400);
      }
      return await sendPublic(reply, pv, pv.m.filedTitle, <ReceiptPage pv={pv} filed={filed} org={org} />, 200, undefined, { org, copyScript: true });
    } finally {
      // Only a complaint filed counts against the limits; a refused form gives its place back.
      if (!filed) may.refund();
    }
  });

  pageRoute(app, 'GET', '/complaints/status', { ...COMPLAINANT_PAGE, query: langQuery }, async ({ query, request, reply }) => {
    const pv = publicView(request, query);
    const body = (
      <>
        <h1>{pv.m.statusTitle}</h1>
        <ReceiptForm pv={pv} errors={[]} value="" />
      </>
    );
    return sendPublic(reply, pv, pv.m.statusTitle, body, 200, `/complaints/status?lang=${pv.lang === 'th' ? 'en' : 'th'}`);
  });

  /** The case of the typed code, or the receipt form again (rate-limited, mistyped, or no such case). */
  async function withReceipt(request: FastifyRequest, reply: FastifyReply, form: Form, pv: PublicView, show: (typed: string) => Promise<FastifyReply>): Promise<FastifyReply> {
    const typed = form.get('receipt');
    const now = deps.now().getTime();
    const client = clientOf(request);
    const back = (message: string, status: number) =>
      sendPublic(reply, pv, pv.m.statusTitle, (
        <>
          <h1>{pv.m.statusTitle}</h1>
          <ReceiptForm pv={pv} errors={[{ field: 'receipt', message }]} value={typed} />
        </>
      ), status);
    const may = guard.mayUseReceipt(client, now);
    if (!may.ok) return limited(reply, pv, may.retryAfter, <ReceiptForm pv={pv} errors={[]} value="" />);
    if (!isReceiptShape(typed)) {
      guard.wrongReceipt(client, now);
      return back(pv.m.receiptMistyped, 400);
    }
    try {
      return await show(typed);
    } catch (error) {
      if (!(error instanceof ReceiptNotFound)) throw error;
      guard.wrongReceipt(client, now);
      return back(said(pv.lang, error), 404);
    }
  }

  pageRoute(app, 'POST', '/complaints/status', { ...COMPLAINANT_PAGE, query: langQuery }, async ({ query, request, reply }) => {
    const form = formOf(request);
    const pv = publicView(request, query, form);
    return withReceipt(request, reply, form, pv, async (typed) => {
      const view = await complaintByReceipt(deps.db, typed);
      return sendPublic(reply, pv, pv.m.statusTitle, <StatusView pv={pv} view={view} receipt={typed} errors={[]} text="" />);
    });
  });

  pageRoute(app, 'POST', '/complaints/status/reply', { ...COMPLAINANT_PAGE, query: langQuery }, async ({ query, request, reply }) => {
    const form = formOf(request);
    const pv = publicView(request, query, form);
    return withReceipt(request, reply, form, pv, async (typed) => {
      const found = await caseOfReceipt(deps.db, typed);
      const text = form.raw('text');
      const perCase = guard.messages.take(found.id, deps.now().getTime());
      let errors: FieldError[] = [];
      let flash = false;
      if (!perCase.ok) errors = [{ field: 'text', message: pv.m.rateLimited(perCase.retryAfter) }];
      else {
        try {
          await replyByReceipt(deps.db, typed, text, deps.now());
          flash = true;
        } catch (error) {
          errors = problems(pv.lang, error);
        }
      }
      const view = await complaintByReceipt(deps.db, typed);
      const body = (
        <>
          {flash ? (
            <div class="notice ok" role="status">
              {pv.m.sent}
            </div>
          ) : null}
          <StatusView pv={pv} view={view} receipt={typed} errors={errors} text={flash ? '' : text} />
        </>
      );
      return sendPublic(reply, pv, pv.m.statusTitle, body, errors.length ? (perCase.ok ? 400 : 429) : 200);
    });
  });
}
