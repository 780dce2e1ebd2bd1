/**
 * The person's inbox (/staff/inbox): opening an item marks it read and goes to its page; an item can be marked
 * read or unread again. Forms, no JavaScript.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listInbox, markRead } from './service.ts';
import { InboxPage } from './views.tsx';
import { SIGNED_IN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute } from '../web/route.ts';
import { sendPage, viewOf } from '../web/view.tsx';

const item = z.object({ id: z.string() });

export async function inboxPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  pageRoute(app, 'GET', '/staff/inbox', { access: SIGNED_IN }, async ({ request, reply }) => {
    const view = viewOf(request, reply);
    const items = await listInbox(deps.db, principalOf(request));
    return sendPage(reply, { view, title: view.m.navInbox, children: <InboxPage view={view} items={items} /> });
  });

  /** Opens an item: marks it read and goes to its page. */
  pageRoute(app, 'POST', '/staff/inbox/:id/open', { access: SIGNED_IN, params: item }, async ({ params, request, reply }) => {
    const opened = await markRead(deps.db, principalOf(request), params.id);
    return reply.redirect(opened.link, 303);
  });

  pageRoute(app, 'POST', '/staff/inbox/:id/read', { access: SIGNED_IN, params: item }, async ({ params, request, reply }) => {
    await markRead(deps.db, principalOf(request), params.id, formOf(request).get('read') !== 'no');
    return reply.redirect('/staff/inbox', 303);
  });
}
