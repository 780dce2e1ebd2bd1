/**
 * The pages of a forgotten password (password-reset.ts; docs/accounts-security.md §3): the form that asks for the
 * e-mail address, its one answer whether or not an account has it, and the link's page that sets the new password.
 * Without PRONGSAI_SMTP_URL the form is not offered: the page says to ask the organisation's administrator.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from './accounts.ts';
import { requestPasswordReset, resetByEmailEnabled, resetLinkUsable, resetPassword } from './password-reset.ts';
import { accountMessages } from './messages.ts';
import { InputError } from '../errors.ts';
import { PUBLIC } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { pageRoute } from '../web/route.ts';
import { CsrfField, ErrorSummary, errorFor, fieldErrors, NewPasswordFields, sendPage, TextField, viewOf, type FieldError } from '../web/view.tsx';

const tokenParams = z.object({ token: z.string() });
const limit = (perMinute: number) => ({ rateLimit: { max: perMinute, timeWindow: 60_000 } });

type Shown = { kind: 'no-mail' } | { kind: 'form'; email: string; errors: FieldError[] } | { kind: 'sent' };

async function forgotPage(request: FastifyRequest, reply: FastifyReply, shown: Shown, status = 200) {
  const view = viewOf(request, reply);
  const { m } = view;
  const body =
    shown.kind === 'no-mail' ? (
      <>
        <p>{m.forgotBody}</p>
        <p class="muted">{m.forgotAdminSteps}</p>
      </>
    ) : shown.kind === 'sent' ? (
      <>
        <p role="status">
          <strong>{m.forgotSent}</strong>
        </p>
        <p class="muted">{m.forgotSentHint}</p>
      </>
    ) : (
      <>
        <p>{m.forgotIntro}</p>
        <form method="post" action="/forgot-password" class="card" novalidate>
          <ErrorSummary view={view} errors={shown.errors} />
          <CsrfField view={view} />
          <TextField name="email" type="email" label={m.email} value={shown.email} autocomplete="username" required error={errorFor(shown.errors, 'email')} />
          <button type="submit" class="primary">
            {m.forgotSend}
          </button>
        </form>
      </>
    );
  return sendPage(
    reply,
    {
      view,
      title: m.forgotTitle,
      children: (
        <>
          <h1>{m.forgotTitle}</h1>
          {body}
          <p>
            <a href="/login">{m.backToSignIn}</a>
          </p>
        </>
      ),
    },
    status,
  );
}

async function resetPage(request: FastifyRequest, reply: FastifyReply, token: string, usable: boolean, errors: FieldError[] = []) {
  const view = viewOf(request, reply);
  const { m } = view;
  if (!usable) {
    return sendPage(
      reply,
      {
        view,
        title: m.resetGoneTitle,
        children: (
          <>
            <h1>{m.resetGoneTitle}</h1>
            <p>{m.resetGoneBody}</p>
            <p>
              <a href="/forgot-password">{m.resetAskAgain}</a> · <a href="/login">{m.backToSignIn}</a>
            </p>
          </>
        ),
      },
      410,
    );
  }
  return sendPage(
    reply,
    {
      view,
      title: m.resetTitle,
      children: (
        <>
          <h1>{m.resetTitle}</h1>
          <form method="post" action={`/reset/${encodeURIComponent(token)}`} class="card" novalidate>
            <ErrorSummary view={view} errors={errors} />
            <CsrfField view={view} />
            <NewPasswordFields view={view} errors={errors} minLength={PASSWORD_MIN_LENGTH} />
            <button type="submit" class="primary">
              {m.save}
            </button>
          </form>
        </>
      ),
    },
    errors.length ? 400 : 200,
  );
}

export async function passwordResetPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  pageRoute(app, 'GET', '/forgot-password', { access: PUBLIC }, async ({ request, reply }) =>
    forgotPage(request, reply, resetByEmailEnabled() ? { kind: 'form', email: '', errors: [] } : { kind: 'no-mail' }),
  );

  // One answer whether or not an account has the address: the same page, the same status, the same work (a job).
  pageRoute(app, 'POST', '/forgot-password', { access: PUBLIC, config: limit(deps.signInPerMinute) }, async ({ request, reply }) => {
    if (!resetByEmailEnabled()) return forgotPage(request, reply, { kind: 'no-mail' });
    const form = formOf(request);
    const email = form.get('email');
    try {
      const asked = await requestPasswordReset(deps.db, email, request.lang, deps.now());
      if (asked.queued) return await forgotPage(request, reply, { kind: 'sent' });
      reply.header('retry-after', String(asked.retryAfter));
      return await forgotPage(request, reply, { kind: 'form', email, errors: [{ field: 'email', message: said(request.lang, asked.said) }] }, 429);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return forgotPage(request, reply, { kind: 'form', email, errors: fieldErrors(request.lang, error) }, 400);
    }
  });

  pageRoute(app, 'GET', '/reset/:token', { access: PUBLIC, params: tokenParams }, async ({ params: { token }, request, reply }) =>
    resetPage(request, reply, token, await resetLinkUsable(deps.db, token, deps.now())),
  );

  pageRoute(app, 'POST', '/reset/:token', { access: PUBLIC, params: tokenParams, config: limit(deps.signInPerMinute) }, async ({ params: { token }, request, reply }) => {
    if (!(await resetLinkUsable(deps.db, token, deps.now()))) return resetPage(request, reply, token, false);
    const form = formOf(request);
    const password = form.raw('password');
    try {
      if (password !== form.raw('password2')) throw new InputError('password2', accountMessages.passwordMismatch());
      await resetPassword(deps.db, token, password, deps.now());
    } catch (error) {
      if (error instanceof InputError && error.field === 'token') return resetPage(request, reply, token, false);
      return resetPage(request, reply, token, true, fieldErrors(request.lang, error));
    }
    // Every session of the person ended, this browser's too if it had one of theirs: they sign in anew.
    return reply.redirect('/login?reset=1', 303);
  });
}
