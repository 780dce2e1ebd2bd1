/**
 * Notification preferences over HTTP: a person's own (/staff/settings/notifications), the organisation's defaults
 * for its administrators (/staff/o/<slug>/notifications), and the one-click unsubscribe of an e-mail
 * (/unsubscribe/<token>: GET shows a confirmation button, POST turns the kind off — RFC 8058's
 * List-Unsubscribe-Post, which mail clients send without a session or CSRF token: the signed token is the
 * authority, and it names only the person and the kind).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULTS_ACTION, myPreferences, orgPreferences, setMyPreferences, setOrgPreferences, unsubscribe, unsubscribeState, type Preferences, type PreferencesInput } from './preferences.ts';
import { PreferencesForm, UnsubscribePage } from './preferences-views.tsx';
import type { OrgContext } from '../app/context.ts';
import type { Account } from '../app/authz.ts';
import { inOrg, PUBLIC, SIGNED_IN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf, type Form } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText, slugParam } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, type FieldError } from '../web/view.tsx';

const orgParams = z.object({ slug: slugParam });
const tokenParams = z.object({ token: z.string().max(100) });
const doneQuery = z.object({ done: queryText });

const inputOf = (form: Form): PreferencesInput => ({
  email: form.all('email'),
  line: form.all('line'),
  digest: form.get('digest') === 'yes',
  quietStart: form.get('quietStart'),
  quietEnd: form.get('quietEnd'),
  lang: form.get('lang'),
});

export async function notificationPreferencePages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const show = (request: FastifyRequest, reply: FastifyReply, p: { title: string; action: string; help: string; prefs: Preferences; done: boolean; errors?: FieldError[] }, status = 200) => {
    const view = viewOf(request, reply);
    return sendPage(
      reply,
      {
        view,
        title: p.title,
        flash: p.done ? { kind: 'ok', text: view.m.notifySaved } : null,
        children: <PreferencesForm view={view} action={p.action} prefs={p.prefs} errors={p.errors ?? []} help={p.help} />,
      },
      status,
    );
  };
  const orgOf = (request: FastifyRequest): OrgContext => request.org as OrgContext;

  // A person's own.
  const MINE = '/staff/settings/notifications';
  const mine = async (request: FastifyRequest, reply: FastifyReply, done: boolean, errors?: FieldError[], prefs?: Preferences) => {
    const m = viewOf(request, reply).m;
    const current = prefs ?? (await myPreferences(deps.db, request.account as Account));
    return show(request, reply, { title: m.notifyMyTitle, action: MINE, help: m.notifyInboxAlways, prefs: current, done, ...(errors ? { errors } : {}) }, errors ? 400 : 200);
  };
  pageRoute(app, 'GET', MINE, { access: SIGNED_IN, query: doneQuery }, ({ query, request, reply }) => mine(request, reply, query.done === 'saved'));
  pageRoute(app, 'POST', MINE, { access: SIGNED_IN }, async ({ request, reply }) => {
    try {
      await setMyPreferences(deps.db, request.account as Account, inputOf(formOf(request)));
    } catch (error) {
      return mine(request, reply, false, fieldErrors(request.lang, error));
    }
    return reply.redirect(`${MINE}?done=saved`, 303);
  });

  // The organisation's defaults.
  const orgPath = (request: FastifyRequest) => `/staff/o/${encodeURIComponent(orgOf(request).slug)}/notifications`;
  const defaults = async (request: FastifyRequest, reply: FastifyReply, done: boolean, errors?: FieldError[]) => {
    const m = viewOf(request, reply).m;
    const prefs = await orgPreferences(deps.db, principalOf(request), orgOf(request));
    const title = `${m.notifyOrgTitle} · ${orgOf(request).nameTh}`;
    return show(request, reply, { title, action: orgPath(request), help: m.notifyOrgHelp, prefs, done, ...(errors ? { errors } : {}) }, errors ? 400 : 200);
  };
  pageRoute(app, 'GET', '/staff/o/:slug/notifications', { access: inOrg(DEFAULTS_ACTION), params: orgParams, query: doneQuery }, ({ query, request, reply }) =>
    defaults(request, reply, query.done === 'saved'),
  );
  pageRoute(app, 'POST', '/staff/o/:slug/notifications', { access: inOrg(DEFAULTS_ACTION), params: orgParams }, async ({ request, reply }) => {
    try {
      await setOrgPreferences(deps.db, principalOf(request), orgOf(request), inputOf(formOf(request)));
    } catch (error) {
      return defaults(request, reply, false, fieldErrors(request.lang, error));
    }
    return reply.redirect(`${orgPath(request)}?done=saved`, 303);
  });

  // The one-click unsubscribe (a bad or used link: 400 with the reason).
  const unsubscribePage = (request: FastifyRequest, reply: FastifyReply, token: string, kind: string, state: 'ask' | 'done') => {
    const view = viewOf(request, reply, false);
    const action = `/unsubscribe/${encodeURIComponent(token)}`;
    return sendPage(reply, { view, title: view.m.unsubscribeTitle, children: <UnsubscribePage view={view} action={action} kindName={view.m.notifyKindName({ kind })} state={state} /> });
  };
  pageRoute(app, 'GET', '/unsubscribe/:token', { access: PUBLIC, params: tokenParams }, async ({ params, request, reply }) => {
    const state = await unsubscribeState(deps.db, params.token);
    return unsubscribePage(request, reply, params.token, state.kind, state.done ? 'done' : 'ask');
  });
  pageRoute(app, 'POST', '/unsubscribe/:token', { access: PUBLIC, params: tokenParams, config: { csrf: false } }, async ({ params, request, reply }) => {
    const kind = await unsubscribe(deps.db, params.token);
    return unsubscribePage(request, reply, params.token, kind, 'done');
  });
}
