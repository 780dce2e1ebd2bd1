/**
 * Signing in and out, the one-time set-up and set-password links, and the language switch. A forgotten password:
 * password-reset-pages.tsx.
 *
 * Sign-in answers an unknown address and a wrong password with the same words (src/accounts/accounts.ts), is
 * rate-limited per client address (@fastify/rate-limit), locked per account and client address after repeated
 * failures and slowed per account (docs/accounts-security.md).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { completeAdminSetup, describeLink, PASSWORD_MIN_LENGTH, setPasswordWithLink, signIn, signOut, type LinkInfo } from './accounts.ts';
import { PUBLIC } from '../web/access.ts';
import { clearSessionCookie, setLangCookie, setSessionCookie } from '../web/cookies.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf, safeBack } from '../web/forms.ts';
import { InputError } from '../errors.ts';
import { NotFound, SignInError } from '../app/errors.ts';
import { isLang, said } from '../web/i18n.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { accountMessages } from './messages.ts';
import { CsrfField, ErrorSummary, errorFor, fieldErrors, NewPasswordFields, sendPage, TextField, viewOf, type FieldError, type View } from '../web/view.tsx';

function LoginForm({ view, email, next, errors }: { view: View; email: string; next: string; errors: readonly FieldError[] }) {
  const { m } = view;
  return (
    <form method="post" action="/login" class="card" novalidate>
      <ErrorSummary view={view} errors={errors} />
      <CsrfField view={view} />
      <input type="hidden" name="next" value={next} />
      <TextField name="email" type="email" label={m.email} value={email} autocomplete="username" required error={errorFor(errors, 'email')} />
      <TextField name="password" type="password" label={m.password} autocomplete="current-password" required error={errorFor(errors, 'password')} />
      <button type="submit" class="primary">
        {m.signIn}
      </button>
    </form>
  );
}

/**
 * The sign-in page's query: a flash after signing out (out), when the session ended (ended) or after a password
 * reset by e-mail (reset, password-reset-pages.tsx), and where to go next.
 */
const loginQuery = z.object({ out: queryText, ended: queryText, reset: queryText, next: queryText });
type LoginQuery = z.output<typeof loginQuery>;
const tokenParams = z.object({ token: z.string() });
const signInLimit = (perMinute: number) => ({ rateLimit: { max: perMinute, timeWindow: 60_000 } });

async function loginPage(request: FastifyRequest, reply: FastifyReply, query: LoginQuery, state: { email?: string; next?: string; errors?: FieldError[]; status?: number }) {
  const view = viewOf(request, reply);
  const { m } = view;
  const flash = query.out
    ? { kind: 'ok' as const, text: m.signedOut }
    : query.reset
      ? { kind: 'ok' as const, text: m.passwordResetDone }
      : query.ended
        ? { kind: 'warn' as const, text: m.sessionEnded }
        : null;
  return sendPage(
    reply,
    {
      view,
      title: m.signInTitle,
      flash,
      children: (
        <>
          <h1>{m.signInTitle}</h1>
          <p>{m.signInIntro}</p>
          <LoginForm view={view} email={state.email ?? ''} next={state.next ?? safeBack(query.next, '')} errors={state.errors ?? []} />
          <p>
            <a href="/forgot-password">{m.forgotPassword}</a>
          </p>
          <p class="muted">{m.demoHint}</p>
        </>
      ),
    },
    state.status ?? 200,
  );
}

function SetupForm({ view, info, errors, values }: { view: View; info: LinkInfo; errors: readonly FieldError[]; values: Record<string, string> }) {
  const { m } = view;
  return (
    <form method="post" class="card" novalidate>
      <ErrorSummary view={view} errors={errors} />
      <CsrfField view={view} />
      {info.purpose === 'admin-setup' ? (
        <>
          <TextField name="nameTh" label={m.nameTh} value={values.nameTh ?? ''} autocomplete="name" required error={errorFor(errors, 'nameTh')} />
          <TextField name="email" type="email" label={m.email} value={values.email ?? ''} autocomplete="username" required error={errorFor(errors, 'email')} />
        </>
      ) : (
        <p>
          {m.email}: <strong>{info.email}</strong>
        </p>
      )}
      <NewPasswordFields view={view} errors={errors} minLength={PASSWORD_MIN_LENGTH} />
      <button type="submit" class="primary">
        {m.save}
      </button>
    </form>
  );
}

async function setupPage(request: FastifyRequest, reply: FastifyReply, info: LinkInfo | null, errors: FieldError[] = [], values: Record<string, string> = {}) {
  if (!info) throw new NotFound('token', accountMessages.linkUnknown());
  const view = viewOf(request, reply);
  const { m } = view;
  const title = info.purpose === 'admin-setup' ? m.setupTitle : m.setPasswordTitle;
  return sendPage(
    reply,
    {
      view,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{info.purpose === 'admin-setup' ? m.setupIntro : m.setPasswordIntro(info.nameTh ?? '')}</p>
          <SetupForm view={view} info={info} errors={errors} values={values} />
        </>
      ),
    },
    errors.length ? 400 : 200,
  );
}

export async function authArea(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  pageRoute(app, 'GET', '/login', { access: PUBLIC, query: loginQuery }, async ({ query, request, reply }) => {
    if (request.account) return reply.redirect('/staff', 303);
    return loginPage(request, reply, query, {});
  });

  pageRoute(
    app,
    'POST',
    '/login',
    { access: PUBLIC, query: loginQuery, config: signInLimit(deps.signInPerMinute) },
    async ({ query, request, reply }) => {
      const form = formOf(request);
      const next = safeBack(form.get('next'), '/staff');
      try {
        const signed = await signIn(deps.db, form.get('email'), form.raw('password'), deps.now(), request.ip);
        // A session this browser had before (another person, or the same) ends: one browser, one session.
        if (request.sessionId) await signOut(deps.db, request.sessionId);
        setSessionCookie(reply, signed.sessionId);
        return reply.redirect(next, 303);
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        if (error.retryAfter) reply.header('retry-after', String(error.retryAfter));
        return loginPage(request, reply, query, {
          email: form.get('email'),
          next: form.get('next'),
          errors: [{ field: 'email', message: said(request.lang, error) }],
          status: error.code === 'invalid-credentials' ? 401 : 429,
        });
      }
    },
  );

  pageRoute(app, 'POST', '/logout', { access: PUBLIC }, async ({ request, reply }) => {
    if (request.sessionId) await signOut(deps.db, request.sessionId);
    clearSessionCookie(reply);
    return reply.redirect('/login?out=1', 303);
  });

  pageRoute(app, 'GET', '/setup/:token', { access: PUBLIC, params: tokenParams }, async ({ params: { token }, request, reply }) => {
    return setupPage(request, reply, await describeLink(deps.db, token, deps.now()));
  });

  pageRoute(app, 'POST', '/setup/:token', { access: PUBLIC, params: tokenParams, config: signInLimit(deps.signInPerMinute) }, async ({ params: { token }, request, reply }) => {
    const info = await describeLink(deps.db, token, deps.now());
    if (!info) return setupPage(request, reply, null);
    const form = formOf(request);
    const values = { nameTh: form.get('nameTh'), email: form.get('email') };
    const raw = form.raw('password');
    try {
      if (raw !== form.raw('password2')) throw new InputError('password2', accountMessages.passwordMismatch());
      const signed =
        info.purpose === 'admin-setup'
          ? await completeAdminSetup(deps.db, token, { nameTh: values.nameTh, email: values.email, password: raw }, deps.now())
          : await setPasswordWithLink(deps.db, token, raw, deps.now());
      if (request.sessionId) await signOut(deps.db, request.sessionId);
      setSessionCookie(reply, signed.sessionId);
      return reply.redirect('/staff', 303);
    } catch (error) {
      return setupPage(request, reply, info, fieldErrors(request.lang, error), values);
    }
  });

  pageRoute(app, 'POST', '/lang', { access: PUBLIC }, async ({ request, reply }) => {
    const form = formOf(request);
    const lang = form.get('lang');
    if (isLang(lang)) setLangCookie(reply, lang);
    return reply.redirect(safeBack(form.get('back'), '/'), 303);
  });
}
