/**
 * The person's own pages: the organisations they work in (the staff home) and their account: roles, password,
 * and API tokens for scripts (created and revoked here; a token is shown once).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  changePassword,
  createApiToken,
  listApiTokens,
  PASSWORD_MIN_LENGTH,
  revokeApiToken,
} from './accounts.ts';
import { orgsOf, type Account } from '../app/authz.ts';
import { listOrganisations } from '../app/context.ts';
import { ORG_KIND_TH } from '../model/year.ts';
import { SIGNED_IN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { confirmed, sendConfirmDelete } from '../web/confirm.tsx';
import { InputError } from '../errors.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { accountMessages } from './messages.ts';
import {
  CsrfField,
  dateTime,
  ErrorSummary,
  errorFor,
  fieldErrors,
  NewPasswordFields,
  PostButton,
  sendPage,
  DataTable,
  TextField,
  viewOf,
  yearPath,
  type FieldError,
} from '../web/view.tsx';

const account = (request: FastifyRequest): Account => request.account as Account;

/** The settings page's query: what was just done (a flash). */
const settingsQuery = z.object({ done: queryText });
type SettingsQuery = z.output<typeof settingsQuery>;

interface SettingsState {
  readonly errors?: readonly FieldError[];
  /** A token just made: shown once. */
  readonly newToken?: string;
  readonly flash?: string;
  readonly tokenName?: string;
  /** The password form's "also revoke all my API tokens", as sent. */
  readonly revokeTokens?: boolean;
}

export async function accountPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  pageRoute(app, 'GET', '/staff', { access: SIGNED_IN }, async ({ request, reply }) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const orgs = await listOrganisations(deps.db, account(request).principal);
    return sendPage(reply, {
      view,
      title: m.orgsTitle,
      children: (
        <>
          <h1>{m.orgsTitle}</h1>
          {orgsOf(account(request).principal) === null ? (
            <ul>
              <li>
                <a href="/staff/system/organisations">{m.organisationsLink}</a>
              </li>
              <li>
                <a href="/staff/system/signups">{m.signupsTitle}</a>
              </li>
              <li>
                <a href="/staff/system/criteria">{m.criteriaPacksLink}</a>
              </li>
              <li>
                <a href="/staff/admin/jobs">{m.jobsLink}</a>
              </li>
            </ul>
          ) : null}
          {orgs.length === 0 ? <p>{m.noOrgs}</p> : null}
          <div class="grid">
            {orgs.map((o) => (
              <section class="card" key={o.slug} aria-labelledby={`org-${o.slug}`}>
                <h2 id={`org-${o.slug}`}>{o.nameTh}</h2>
                <p class="muted">
                  {ORG_KIND_TH[o.kind].long}
                  {o.province ? ` · ${o.province}` : ''}
                </p>
                <p>{o.roles.map((r) => m.roleNames[r]).join(', ')}</p>
                {o.years.length === 0 ? (
                  <p>{m.noYears}</p>
                ) : (
                  <ul>
                    {o.years.map((y) => (
                      <li key={y}>
                        <a href={yearPath(o.slug, y)}>{m.fiscalYearOf(y)}</a>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            ))}
          </div>
        </>
      ),
    });
  });

  const settingsPage = async (request: FastifyRequest, reply: FastifyReply, query: SettingsQuery, state: SettingsState = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m, lang } = view;
    const me = account(request);
    const tokens = await listApiTokens(deps.db, me.principal);
    const errors = state.errors ?? [];
    const done: Record<string, string> = { password: m.passwordChanged, 'password-tokens': m.passwordChangedTokens, revoked: m.tokenRevoked };
    const flash = state.flash ?? (query.done ? done[query.done] : undefined);
    return sendPage(
      reply,
      {
        view,
        title: m.settingsTitle,
        flash: flash ? { kind: 'ok', text: flash } : null,
        children: (
          <>
            <h1>{m.settingsTitle}</h1>
            <p><a href="/staff/settings/line">{m.lineMyTitle}</a></p>
            <p><a href="/staff/settings/notifications">{m.notifyMyTitle}</a></p>
            <ErrorSummary view={view} errors={errors} />
            <section class="card" aria-labelledby="me-title">
              <h2 id="me-title">{me.principal.nameTh}</h2>
              <dl class="facts">
                <dt>{m.email}</dt>
                <dd>{me.email ?? '–'}</dd>
                <dt>{m.yourRoles}</dt>
                <dd>{[...new Set(me.principal.roles.map((r) => m.roleNames[r.role]))].join(', ') || m.none}</dd>
              </dl>
            </section>
            <section class="card" aria-labelledby="password-title">
              <h2 id="password-title">{m.changePassword}</h2>
              <form method="post" action="/staff/settings/password" novalidate>
                <CsrfField view={view} />
                <TextField name="current" type="password" label={m.currentPassword} autocomplete="current-password" required error={errorFor(errors, 'current')} />
                <NewPasswordFields view={view} errors={errors} minLength={PASSWORD_MIN_LENGTH} />
                <div class="checks">
                  <label>
                    <input type="checkbox" name="revokeTokens" value="1" checked={state.revokeTokens ?? false} /> {m.revokeMyTokens}
                  </label>
                </div>
                <button type="submit" class="primary">
                  {m.changePassword}
                </button>
              </form>
            </section>
            <section class="card" aria-labelledby="tokens-title">
              <h2 id="tokens-title">{m.apiTokens}</h2>
              <p>{m.apiTokensIntro}</p>
              {state.newToken ? (
                <div class="notice ok" role="status">
                  <p>{m.tokenCreated}</p>
                  <pre class="token" id="new-token">
                    {state.newToken}
                  </pre>
                </div>
              ) : null}
              {tokens.length === 0 ? (
                <p>{m.noTokens}</p>
              ) : (
                <DataTable label={m.apiTokens} columns={[m.tokenName, m.tokenPrefix, m.createdAt, m.lastUsedAt, m.actions]}>
                  {tokens.map((t) => (
                    <tr key={t.id}>
                      <td>{t.name}</td>
                      <td>
                        <code>{t.prefix}…</code>
                      </td>
                      <td>{dateTime(lang, t.createdAt)}</td>
                      <td>{t.lastUsedAt ? dateTime(lang, t.lastUsedAt) : m.never}</td>
                      <td>
                        {t.revokedAt ? (
                          `${m.revokedAt} ${dateTime(lang, t.revokedAt)}`
                        ) : (
                          <PostButton view={view} action={`/staff/settings/tokens/${t.id}/revoke`} label={m.revoke} ariaLabel={m.revokeToken(t.name)} small kind="danger" />
                        )}
                      </td>
                    </tr>
                  ))}
                </DataTable>
              )}
              <form method="post" action="/staff/settings/tokens" novalidate>
                <CsrfField view={view} />
                <TextField name="name" label={m.tokenName} value={state.tokenName ?? ''} required error={errorFor(errors, 'name')} />
                <button type="submit" class="primary">
                  {m.createToken}
                </button>
              </form>
            </section>
          </>
        ),
      },
      status,
    );
  };

  pageRoute(app, 'GET', '/staff/settings', { access: SIGNED_IN, query: settingsQuery }, ({ query, request, reply }) => settingsPage(request, reply, query));

  pageRoute(app, 'POST', '/staff/settings/password', { access: SIGNED_IN, query: settingsQuery }, async ({ query, request, reply }) => {
    const form = formOf(request);
    const revokeTokens = form.get('revokeTokens') === '1';
    try {
      if (form.raw('password') !== form.raw('password2')) throw new InputError('password2', accountMessages.passwordMismatch());
      await changePassword(deps.db, account(request).principal, form.raw('current'), form.raw('password'), request.sessionId, deps.now(), { revokeTokens });
      return reply.redirect(`/staff/settings?done=${revokeTokens ? 'password-tokens' : 'password'}`, 303);
    } catch (error) {
      return settingsPage(request, reply, query, { errors: fieldErrors(request.lang, error), revokeTokens }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/settings/tokens', { access: SIGNED_IN, query: settingsQuery }, async ({ query, request, reply }) => {
    const name = formOf(request).get('name');
    try {
      const made = await createApiToken(deps.db, account(request).principal, name, deps.now());
      // Shown in this answer only (not after a redirect): the token is never stored in the clear.
      return settingsPage(request, reply, query, { newToken: made.token }, 201);
    } catch (error) {
      return settingsPage(request, reply, query, { errors: fieldErrors(request.lang, error), tokenName: name }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/settings/tokens/:id/revoke', { access: SIGNED_IN, params: z.object({ id: z.string() }) }, async ({ params: { id }, request, reply }) => {
    if (!confirmed(formOf(request).get('confirm'))) {
      const view = viewOf(request, reply);
      const { m } = view;
      return sendConfirmDelete(reply, {
        view,
        question: m.confirmRevokeToken,
        action: `/staff/settings/tokens/${encodeURIComponent(id)}/revoke`,
        back: '/staff/settings',
        words: { title: m.confirmRevokeTitle, button: m.confirmRevoke, warning: m.revokeCannotUndo },
      });
    }
    await revokeApiToken(deps.db, account(request).principal, id, deps.now());
    return reply.redirect('/staff/settings?done=revoked', 303);
  });
}
