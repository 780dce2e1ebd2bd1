/**
 * LINE over HTTP: the organisation's LINE page (/staff/o/<slug>/line: the channel for its administrator, the
 * groups for its coordinators), a person's own link (/staff/settings/line), and the webhook LINE calls
 * (POST /line/webhook/<slug>).
 *
 * The webhook is public and takes no CSRF token (LINE's servers call it; they carry no session): it is trusted
 * only through X-Line-Signature, checked against the raw body before anything in it is read. Its body is kept raw
 * by a content-type parser of its own plugin (every type, as bytes), so no other route's parsing changes. A bad
 * or missing signature, or an organisation without a channel secret, is 401 and changes nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  clearLineChannel,
  CHANNEL_ACTION,
  GROUP_ACTION,
  groupLinkCode,
  lineChannelState,
  lineGroups,
  lineWebhook,
  personLine,
  personLinkCode,
  removeGroup,
  setLineChannel,
  unlinkPerson,
  type LinkCode,
} from './service.ts';
import { OrgLinePage, PersonLinePage } from './views.tsx';
import { canInOrg, type OrgContext } from '../app/context.ts';
import type { Account } from '../app/authz.ts';
import { originOf } from '../portal/routes-public.tsx';
import { inOrg, PUBLIC, SIGNED_IN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { Unauthenticated } from '../web/errors.tsx';
import { formOf } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText, slugParam } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, type FieldError } from '../web/view.tsx';

const orgParams = z.object({ slug: slugParam });
const doneQuery = z.object({ done: queryText });
/** The most a webhook body may be (LINE sends a few events at a time). */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** Calls per minute from one address (LINE's servers send far fewer; a flood of forged calls is cut short). */
const WEBHOOK_RATE = { max: 600, timeWindow: 60_000 };

type Done = 'saved' | 'cleared' | 'removed' | 'unlinked';
const DONE: readonly Done[] = ['saved', 'cleared', 'removed', 'unlinked'];
const doneOf = (text: string | undefined): Done | null => DONE.find((d) => d === text) ?? null;

export async function linePages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const orgOf = (request: FastifyRequest): OrgContext => request.org as OrgContext;

  const orgPage = async (request: FastifyRequest, reply: FastifyReply, state: { done?: Done | null; errors?: FieldError[]; groupCode?: LinkCode }, status = 200) => {
    const view = viewOf(request, reply);
    const principal = principalOf(request);
    const org = orgOf(request);
    const channel = canInOrg(principal, CHANNEL_ACTION, org) ? await lineChannelState(deps.db, principal, org) : null;
    const groups = canInOrg(principal, GROUP_ACTION, org) ? await lineGroups(deps.db, principal, org) : [];
    const m = view.m;
    const flash = { saved: m.lineSaved, cleared: m.lineCleared, removed: m.lineGroupRemoved, unlinked: m.lineMyUnlinked };
    return sendPage(
      reply,
      {
        view,
        title: `${m.lineOrgTitle} · ${org.nameTh}`,
        flash: state.done ? { kind: 'ok', text: flash[state.done] } : null,
        children: (
          <OrgLinePage
            view={view}
            slug={org.slug}
            webhookUrl={`${originOf(request)}/line/webhook/${encodeURIComponent(org.slug)}`}
            channel={channel}
            groups={groups}
            groupCode={state.groupCode}
            errors={state.errors ?? []}
          />
        ),
      },
      status,
    );
  };
  const back = (request: FastifyRequest, reply: FastifyReply, done: Done) => reply.redirect(`/staff/o/${encodeURIComponent(orgOf(request).slug)}/line?done=${done}`, 303);

  const anyLine = inOrg(CHANNEL_ACTION, GROUP_ACTION);
  pageRoute(app, 'GET', '/staff/o/:slug/line', { access: anyLine, params: orgParams, query: doneQuery }, ({ query, request, reply }) =>
    orgPage(request, reply, { done: doneOf(query.done) }),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/line/channel', { access: inOrg(CHANNEL_ACTION), params: orgParams }, async ({ request, reply }) => {
    const form = formOf(request);
    try {
      await setLineChannel(deps.db, principalOf(request), orgOf(request), { secret: form.raw('secret'), token: form.raw('token') });
      return back(request, reply, 'saved');
    } catch (error) {
      // The values sent are never written back into the page.
      return orgPage(request, reply, { errors: fieldErrors(request.lang, error) }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/o/:slug/line/channel/clear', { access: inOrg(CHANNEL_ACTION), params: orgParams }, async ({ request, reply }) => {
    await clearLineChannel(deps.db, principalOf(request), orgOf(request));
    return back(request, reply, 'cleared');
  });

  pageRoute(app, 'POST', '/staff/o/:slug/line/group-code', { access: inOrg(GROUP_ACTION), params: orgParams }, async ({ request, reply }) => {
    const groupCode = await groupLinkCode(deps.db, principalOf(request), orgOf(request), deps.now());
    return orgPage(request, reply, { groupCode });
  });

  pageRoute(app, 'POST', '/staff/o/:slug/line/groups/remove', { access: inOrg(GROUP_ACTION), params: orgParams }, async ({ request, reply }) => {
    await removeGroup(deps.db, principalOf(request), orgOf(request), formOf(request).get('group'));
    return back(request, reply, 'removed');
  });

  // A person's own LINE link, in their organisation.
  const personPage = async (request: FastifyRequest, reply: FastifyReply, state: { done?: Done | null; code?: LinkCode }) => {
    const view = viewOf(request, reply);
    const line = await personLine(deps.db, request.account as Account);
    return sendPage(reply, {
      view,
      title: view.m.lineMyTitle,
      flash: state.done ? { kind: 'ok', text: view.m.lineMyUnlinked } : null,
      children: <PersonLinePage view={view} line={line} code={state.code} />,
    });
  };
  pageRoute(app, 'GET', '/staff/settings/line', { access: SIGNED_IN, query: doneQuery }, ({ query, request, reply }) =>
    personPage(request, reply, { done: doneOf(query.done) === 'unlinked' ? 'unlinked' : null }),
  );
  pageRoute(app, 'POST', '/staff/settings/line/code', { access: SIGNED_IN }, async ({ request, reply }) => {
    const code = await personLinkCode(deps.db, request.account as Account, deps.now());
    return personPage(request, reply, { code });
  });
  pageRoute(app, 'POST', '/staff/settings/line/unlink', { access: SIGNED_IN }, async ({ request, reply }) => {
    await unlinkPerson(deps.db, request.account as Account);
    return reply.redirect('/staff/settings/line?done=unlinked', 303);
  });

  // The webhook, in a plugin of its own: its body stays raw bytes, whatever the content type.
  await app.register(async (hook) => {
    hook.removeAllContentTypeParsers();
    hook.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    pageRoute(hook, 'POST', '/line/webhook/:slug', { access: PUBLIC, params: orgParams, config: { csrf: false, complainant: true, rateLimit: WEBHOOK_RATE } }, async ({ params, request, reply }) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['x-line-signature'];
      const ok = await lineWebhook(deps.db, params.slug, body, typeof signature === 'string' ? signature : undefined, deps.now());
      if (!ok) throw new Unauthenticated();
      return reply.code(200).header('cache-control', 'no-store').send({});
    });
  });
}
