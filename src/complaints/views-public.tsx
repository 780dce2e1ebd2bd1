/**
 * The complainant's pages, without an account and without JavaScript: the filing form of an organisation's public
 * or internal channel, the receipt page (the code, once), and following a case with the receipt code (status,
 * the officers' messages, a reply).
 *
 * What protects the complainant here: no cookie is set and no session is used (a staff member who happens to be
 * signed in is warned and their account is ignored); the receipt code travels only in POST bodies, never in a URL
 * (so it is in no log, history or Referer); answers are never cached; these routes log nothing (route log level
 * 'silent': no address, browser or time of a complainant's request reaches the server's log); the rate limits
 * know clients by a rotating salted hash (limits.ts). The form carries a time-delayed, single-use token and a
 * field people do not see (spam without an outside service). These routes take no CSRF token: they carry no
 * credentials a forged request could borrow.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
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
  type ComplainantView,
  type Filed,
} from './complaints.ts';
import { checkFormToken, issueFormToken, type FormTokenRules } from './form-token.ts';
import { TYPE_LABEL, TYPES_OF_CHANNEL, isChannel, type Channel } from './model.ts';
import { InputError, InputErrors } from '../errors.ts';
import { PUBLIC } from '../web/access.ts';
import { portalHome } from '../portal/paths.ts';
import { assetUrl } from '../web/assets.ts';
import { SESSION_COOKIE } from '../web/cookies.ts';
import type { Deps } from '../web/deps.ts';
import { formOf, type Form } from '../web/forms.ts';
import { isLang, messages, said, type Lang } from '../web/i18n.ts';
import { FORM_OVERHEAD_BYTES } from '../web/uploads.ts';
import { ErrorSummary, errorFor, fieldErrors, TextArea, TextField, type FieldError, type View } from '../web/view.tsx';
import { longDate } from '../portal/components.tsx';
import { complaintMessages, metadataNames, type ComplaintMessages } from './i18n.ts';
import type { ComplaintGuard } from './limits.ts';

/** Route options of every complainant's route: public, no CSRF token, nothing logged. */
export const COMPLAINANT_ROUTE = { config: { access: PUBLIC, csrf: false, complainant: true }, logLevel: 'silent' } as const;
/** The filing form: the one complainant's route that takes files, as many as a complaint may have. */
const FILING_ROUTE = { ...COMPLAINANT_ROUTE, config: { ...COMPLAINANT_ROUTE.config, uploads: { maxBytes: MAX_TOTAL_BYTES + FORM_OVERHEAD_BYTES } } } as const;

export interface PublicOptions {
  readonly deps: Deps;
  readonly guard: ComplaintGuard;
  readonly formToken: FormTokenRules;
}

interface PublicView {
  readonly lang: Lang;
  readonly m: ComplaintMessages;
  /** The staff catalogue's view, for the shared form components. */
  readonly view: View;
}

/** The page's language: ?lang= or the form's lang field, else the language cookie. */
function publicView(request: FastifyRequest, form?: Form): PublicView {
  const asked = form?.get('lang') || (request.query as Record<string, string | undefined>).lang;
  const lang: Lang = isLang(asked) ? asked : request.lang;
  return { lang, m: complaintMessages(lang), view: { lang, m: messages(lang), csrf: '', account: null, url: '' } };
}

/** The organisation's other channels and where a complaint about its executive goes (filing form and receipt). */
function OtherChannels({ pv, org }: { pv: PublicView; org: ChannelInfo }) {
  const { m } = pv;
  const { phone, email, district, province } = org.contact;
  const bangkok = province === 'กรุงเทพมหานคร';
  const place = [district ? `${bangkok ? 'เขต' : 'อำเภอ'}${district}` : '', province ? `${bangkok ? '' : 'จังหวัด'}${province}` : ''].filter(Boolean).join(' ');
  return (
    <section class="card" aria-labelledby="other-channels">
      <h2 id="other-channels">{m.otherChannelsTitle}</h2>
      <p>{m.aboutExecutive}</p>
      <ul>
        {phone ? <li>{m.orgPhone(phone)}</li> : null}
        {email ? <li>{m.orgEmail(email)}</li> : null}
        {place ? <li>{m.orgPlace(place)}</li> : null}
        <li>{m.damrongtham}</li>
        <li>{m.nacc}</li>
      </ul>
    </section>
  );
}

interface PageExtras {
  /** The organisation whose header, portal link and other channels the page carries. */
  readonly org?: ChannelInfo;
  /** copy.js: only the receipt page, the filing form and the follow-up pages work without any script. */
  readonly copyScript?: boolean;
}

function PublicPage(props: { pv: PublicView; title: string; langSwitch?: string; extras: PageExtras; children: ComponentChildren }) {
  const { pv } = props;
  const { org, copyScript } = props.extras;
  const app = messages(pv.lang);
  return (
    <html lang={pv.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${app.appName}`}</title>
        <link rel="icon" type="image/svg+xml" href={assetUrl('favicon.svg')} />
        <link rel="stylesheet" href={assetUrl('app.css')} />
        {copyScript ? <script src={assetUrl('copy.js')} defer /> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {app.skipToContent}
        </a>
        <header class="site-header">
          <div class="bar">
            {org ? (
              <a class="brand" href={portalHome(org.slug)}>
                {org.nameTh}
                <small>{pv.m.tagline}</small>
              </a>
            ) : (
              <span class="brand">
                {app.appName}
                <small>{pv.m.tagline}</small>
              </span>
            )}
            {props.langSwitch ? (
              <div class="header-tools">
                <a href={props.langSwitch} lang={pv.lang === 'th' ? 'en' : 'th'}>
                  {app.langSwitch}
                </a>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {org ? (
            <p class="no-print">
              <a href={portalHome(org.slug)}>{pv.m.backToPortal(org.nameTh)}</a>
            </p>
          ) : null}
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{pv.m.privacyNote}</p>
        </footer>
      </body>
    </html>
  );
}

async function sendPublic(reply: FastifyReply, pv: PublicView, title: string, body: ComponentChildren, status = 200, langSwitch?: string, extras: PageExtras = {}): Promise<FastifyReply> {
  const html = `<!doctype html>${renderToString(
    <PublicPage pv={pv} title={title} langSwitch={langSwitch} extras={extras}>
      {body}
    </PublicPage>,
  )}`;
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(html);
}

const formPath = (slug: string) => `/o/${encodeURIComponent(slug)}/complaints`;
const purposeOf = (org: ChannelInfo, channel: Channel) => `complaint-form/${org.orgId}/${channel}`;

interface FormState {
  readonly type?: string;
  readonly text?: string;
  readonly name?: string;
  readonly contact?: string;
  readonly errors?: readonly FieldError[];
}

const FORM_FIELDS = ['form', 'type', 'text', 'files', 'identity.name', 'identity.contact', 'channel'];

function FilingForm(props: { pv: PublicView; org: ChannelInfo; channel: Channel; token: string; state: FormState }) {
  const { pv, org, channel, state } = props;
  const { m } = pv;
  const errors = state.errors ?? [];
  const typeError = errorFor(errors, 'type');
  return (
    <form method="post" action={formPath(org.slug)} enctype="multipart/form-data" class="card" novalidate>
      <ErrorSummary view={pv.view} errors={errors} fields={FORM_FIELDS} />
      <input type="hidden" name="token" value={props.token} />
      <input type="hidden" name="channel" value={channel} />
      <input type="hidden" name="lang" value={pv.lang} />
      <fieldset class={`field${typeError ? ' invalid' : ''}`} id="f-type">
        <legend>{m.type}</legend>
        {typeError ? <span class="error">{typeError}</span> : null}
        {TYPES_OF_CHANNEL[channel].map((t) => (
          <div key={t}>
            <label>
              <input type="radio" name="type" value={t} checked={state.type === t} required /> {said(pv.lang, TYPE_LABEL[t])}
            </label>
          </div>
        ))}
      </fieldset>
      <TextArea name="text" label={m.text} hint={m.textHint} value={state.text ?? ''} rows={10} required error={errorFor(errors, 'text')} />
      <div class={`field${errorFor(errors, 'files') ? ' invalid' : ''}`}>
        <label for="f-files">{m.files}</label>
        <span class="hint" id="f-files-hint">
          {m.filesHint}
        </span>
        {errorFor(errors, 'files') ? (
          <span class="error" id="f-files-error">
            {errorFor(errors, 'files')}
          </span>
        ) : null}
        <input
          id="f-files"
          type="file"
          name="files"
          multiple
          accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
          aria-describedby={errorFor(errors, 'files') ? 'f-files-hint f-files-error' : 'f-files-hint'}
        />
      </div>
      <fieldset>
        <legend>{m.identityLegend}</legend>
        <p class="hint">{m.identityHint}</p>
        <TextField name="identityName" errorField="identity.name" label={m.identityName} value={state.name ?? ''} autocomplete="off" error={errorFor(errors, 'identity.name')} />
        <TextField name="identityContact" errorField="identity.contact" label={m.identityContact} value={state.contact ?? ''} autocomplete="off" error={errorFor(errors, 'identity.contact')} />
      </fieldset>
      <div class="visually-hidden" aria-hidden="true">
        <label for="f-website">{m.honeypot}</label>
        <input id="f-website" type="text" name="website" value="" tabindex={-1} autocomplete="off" />
      </div>
      <button type="submit" class="primary">
        {m.submit}
      </button>
    </form>
  );
}

async function formPage(request: FastifyRequest, reply: FastifyReply, opts: PublicOptions, org: ChannelInfo, channel: Channel, pv: PublicView, state: FormState, status = 200) {
  const { m } = pv;
  const title = channel === 'internal' ? m.fileTitleInternal(org.nameTh) : m.fileTitle(org.nameTh);
  // A closed channel shows no form (and asks for no secret: they are made when the channel is set up).
  const token = org.open[channel] ? issueFormToken(await serverSecret(opts.deps.db, FORM_SECRET), purposeOf(org, channel), opts.deps.now()) : '';
  const other = channel === 'public' ? 'internal' : 'public';
  const body = (
    <>
      <h1>{title}</h1>
      <nav aria-label={m.channelsNav}>
        <p>
          <a href={`${formPath(org.slug)}?channel=${other}&lang=${pv.lang}`}>{other === 'internal' ? m.channelInternal : m.channelPublic}</a>
          {' · '}
          <a href={`/complaints/status?lang=${pv.lang}`}>{m.followLink}</a>
        </p>
      </nav>
      {request.cookies[SESSION_COOKIE] ? (
        <div class="notice warn" role="status">
          {m.signedInWarning}
        </div>
      ) : null}
      {channel === 'internal' ? <div class="notice">{m.internalAdvice}</div> : null}
      <section class="card" aria-labelledby="protection">
        <h2 id="protection">{m.protectionTitle}</h2>
        <ul>
          {m.protection.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      </section>
      {org.open[channel] ? <FilingForm pv={pv} org={org} channel={channel} token={token} state={state} /> : <div class="notice warn">{m.closedChannel}</div>}
      <OtherChannels pv={pv} org={org} />
    </>
  );
  const langSwitch = `${formPath(org.slug)}?channel=${channel}&lang=${pv.lang === 'th' ? 'en' : 'th'}`;
  return sendPublic(reply, pv, title, body, status, langSwitch, { org });
}

/** A code to copy or print (receipt, recovery), large and labelled. */
export function CodeBlock({ id, label, code, kind }: { id: string; label: string; code: string; kind: 'receipt' | 'recovery' }) {
  return (
    <>
      <p class="label" id={id}>
        {label}
      </p>
      <pre class="token" id={`${id}-code`} aria-labelledby={id} data-code={kind}>
        {code}
      </pre>
    </>
  );
}

function ReceiptPage({ pv, filed, org }: { pv: PublicView; filed: Filed; org: ChannelInfo }) {
  const { m, lang } = pv;
  return (
    <>
      <h1>{m.filedTitle}</h1>
      <div class="card">
        <p>{m.receiptIntro}</p>
        <CodeBlock id="receipt-label" label={m.receiptLabel} code={filed.receipt} kind="receipt" />
        {/* Shown by copy.js (no inline script under the CSP); without JavaScript the code is plain selectable text. */}
        <div class="buttons no-print">
          <button type="button" class="secondary small" data-copy="receipt-label-code" data-status="receipt-copy-status" data-done={m.copied} data-failed={m.copyFailed} hidden>
            {m.copyCode}
          </button>
          <button type="button" class="secondary small" data-print hidden>
            {m.printPage}
          </button>
          <span id="receipt-copy-status" role="status" aria-live="polite" />
        </div>
        <div class="notice warn">{m.receiptWarning}</div>
        <dl class="facts">
          <dt>{m.receivedOn}</dt>
          <dd>{longDate(lang, filed.receivedOn)}</dd>
          <dt>{m.ackBy}</dt>
          <dd>{longDate(lang, filed.ackDue)}</dd>
        </dl>
      </div>
      {filed.attachments.length ? (
        <section class="card" aria-labelledby="cleaned">
          <h2 id="cleaned">{m.cleanedTitle}</h2>
          <ul>
            {filed.attachments.map((a, i) => (
              <li key={i}>
                {!a.complete ? m.cleanedPartial(a.filename) : a.removed.length ? m.cleanedRemoved(a.filename, metadataNames(lang, a.removed)) : m.cleanedNone(a.filename)}
                {a.notes.map((n, j) => (
                  <span key={j}> {said(lang, n)}</span>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        {m.followHow} <a href={`/complaints/status?lang=${lang}`}>{m.followLink}</a>
      </p>
      <OtherChannels pv={pv} org={org} />
    </>
  );
}

function ReceiptForm({ pv, errors, value }: { pv: PublicView; errors: readonly FieldError[]; value: string }) {
  const { m } = pv;
  return (
    <form method="post" action="/complaints/status" class="card" novalidate>
      <ErrorSummary view={pv.view} errors={errors} fields={['receipt']} />
      <input type="hidden" name="lang" value={pv.lang} />
      <TextField name="receipt" label={m.receiptField} hint={m.statusIntro} value={value} autocomplete="off" required error={errorFor(errors, 'receipt')} />
      <button type="submit" class="primary">
        {m.show}
      </button>
    </form>
  );
}

function StatusView({ pv, view, receipt, errors, text }: { pv: PublicView; view: ComplainantView; receipt: string; errors: readonly FieldError[]; text: string }) {
  const { m, lang } = pv;
  return (
    <>
      <h1>{m.caseOf(view.orgNameTh)}</h1>
      <div class="card">
        <dl class="facts">
          <dt>{m.status}</dt>
          <dd>
            <strong data-status={view.status}>{said(lang, view.statusLabel)}</strong>
          </dd>
          {view.outcomeLabel ? (
            <>
              <dt>{m.outcome}</dt>
              <dd>{said(lang, view.outcomeLabel)}</dd>
            </>
          ) : null}
          <dt>{m.channel}</dt>
          <dd>{said(lang, view.channelLabel)}</dd>
          <dt>{m.type}</dt>
          <dd>{said(lang, view.typeLabel)}</dd>
          <dt>{m.receivedOn}</dt>
          <dd>{longDate(lang, view.receivedOn)}</dd>
          {view.acknowledgedOn ? (
            <>
              <dt>{m.acknowledgedOn}</dt>
              <dd>{longDate(lang, view.acknowledgedOn)}</dd>
            </>
          ) : (
            <>
              <dt>{m.ackBy}</dt>
              <dd>{longDate(lang, view.ackDue)}</dd>
            </>
          )}
          {view.closedOn ? (
            <>
              <dt>{m.closedOn}</dt>
              <dd>{longDate(lang, view.closedOn)}</dd>
            </>
          ) : null}
        </dl>
      </div>
      <section class="card" aria-labelledby="messages">
        <h2 id="messages">{m.conversation}</h2>
        {view.messages.length === 0 ? <p class="muted">{m.noMessages}</p> : null}
        <ol class="thread">
          {view.messages.map((msg, i) => (
            <li key={i} data-from={msg.from}>
              <p>
                <strong>{msg.from === 'officer' ? m.fromOfficer : m.fromYou}</strong> · {longDate(lang, msg.on)}
              </p>
              {msg.text === null ? <p class="muted">{m.yourMessageSealed}</p> : msg.text.split(/\r?\n/).map((line, j) => <p key={j}>{line}</p>)}
            </li>
          ))}
        </ol>
      </section>
      {view.status === 'closed' ? (
        <div class="notice">{m.closedNoReply}</div>
      ) : (
        <form method="post" action="/complaints/status/reply" class="card" novalidate>
          <ErrorSummary view={pv.view} errors={errors} fields={['text']} />
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="receipt" value={receipt} />
          <TextArea name="text" label={m.reply} hint={m.replyHint} value={text} rows={5} required error={errorFor(errors, 'text')} />
          <button type="submit" class="primary">
            {m.send}
          </button>
        </form>
      )}
      <p>
        <a href={`/complaints/status?lang=${lang}`}>{m.statusTitle}</a>
      </p>
    </>
  );
}

/** The errors of an InputError(s) for a form; anything else is thrown on. */
const problems = (lang: Lang, error: unknown): FieldError[] => {
  if (error instanceof InputError || error instanceof InputErrors) return fieldErrors(lang, error);
  throw error;
};

export async function complainantPages(app: FastifyInstance, opts: PublicOptions): Promise<void> {
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

  app.get('/o/:slug/complaints', COMPLAINANT_ROUTE, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const org = await channelInfo(deps.db, slug);
    const asked = (request.query as Record<string, string | undefined>).channel;
    const channel: Channel = isChannel(asked) ? asked : 'public';
    return formPage(request, reply, opts, org, channel, publicView(request), {});
  });

  app.post('/o/:slug/complaints', FILING_ROUTE, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const org = await channelInfo(deps.db, slug);
    const form = formOf(request);
    const pv = publicView(request, form);
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

  app.get('/complaints/status', COMPLAINANT_ROUTE, async (request, reply) => {
    const pv = publicView(request);
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

  app.post('/complaints/status', COMPLAINANT_ROUTE, async (request, reply) => {
    const form = formOf(request);
    const pv = publicView(request, form);
    return withReceipt(request, reply, form, pv, async (typed) => {
      const view = await complaintByReceipt(deps.db, typed);
      return sendPublic(reply, pv, pv.m.statusTitle, <StatusView pv={pv} view={view} receipt={typed} errors={[]} text="" />);
    });
  });

  app.post('/complaints/status/reply', COMPLAINANT_ROUTE, async (request, reply) => {
    const form = formOf(request);
    const pv = publicView(request, form);
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
