/**
 * The complainant's pages (routes-public.tsx), without an account and without JavaScript: the page around them
 * (no cookie, no referrer, never cached), the filing form of an organisation's public or internal channel, the
 * receipt page (the code, once), and following a case with the receipt code. Components only: pure functions of
 * the data the routes give them.
 */
import type { ComponentChildren } from 'preact';
import type { ChannelInfo, ComplainantView, Filed } from './complaints.ts';
import { TYPE_LABEL, TYPES_OF_CHANNEL, type Channel } from './model.ts';
import { assetUrl } from '../web/assets.ts';
import { said, messages, type Lang } from '../web/i18n.ts';
import { portalHome } from '../portal/paths.ts';
import { ErrorSummary, errorFor, TextArea, TextField, type FieldError, type View } from '../web/view.tsx';
import { longDate } from '../portal/components.tsx';
import { metadataNames, type ComplaintMessages } from './i18n.ts';

export interface PublicView {
  readonly lang: Lang;
  readonly m: ComplaintMessages;
  /** The staff catalogue's view, for the shared form components. */
  readonly view: View;
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

export interface PageExtras {
  /** The organisation whose header, portal link and other channels the page carries. */
  readonly org?: ChannelInfo;
  /** copy.js: only the receipt page, the filing form and the follow-up pages work without any script. */
  readonly copyScript?: boolean;
}

export function PublicPage(props: { pv: PublicView; title: string; langSwitch?: string; extras: PageExtras; children: ComponentChildren }) {
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

export const formPath = (slug: string) => `/o/${encodeURIComponent(slug)}/complaints`;

export interface FormState {
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

/** The filing page: the channels, the protection, the form (or why there is none), the other channels. */
export function FilingPage({ pv, org, channel, title, token, state, signedIn }: { pv: PublicView; org: ChannelInfo; channel: Channel; title: string; token: string; state: FormState; signedIn: boolean }) {
  const { m } = pv;
  const other = channel === 'public' ? 'internal' : 'public';
  return (
    <>
      <h1>{title}</h1>
      <nav aria-label={m.channelsNav}>
        <p>
          <a href={`${formPath(org.slug)}?channel=${other}&lang=${pv.lang}`}>{other === 'internal' ? m.channelInternal : m.channelPublic}</a>
          {' · '}
          <a href={`/complaints/status?lang=${pv.lang}`}>{m.followLink}</a>
        </p>
      </nav>
      {signedIn ? (
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

export function ReceiptPage({ pv, filed, org }: { pv: PublicView; filed: Filed; org: ChannelInfo }) {
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

export function ReceiptForm({ pv, errors, value }: { pv: PublicView; errors: readonly FieldError[]; value: string }) {
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

export function StatusView({ pv, view, receipt, errors, text }: { pv: PublicView; view: ComplainantView; receipt: string; errors: readonly FieldError[]; text: string }) {
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
