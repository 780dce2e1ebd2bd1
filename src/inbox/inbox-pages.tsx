/**
 * The person's inbox (/staff/inbox): what waits for them, unread ones marked, and what was dealt with. Opening an
 * item marks it read and goes to its page; an item can be marked read or unread again. Forms, no JavaScript.
 */
import type { FastifyInstance } from 'fastify';
import { listInbox, markRead, type InboxItem } from './inbox.ts';
import { SIGNED_IN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { dateTime, PostButton, sendPage, viewOf, type View } from '../web/view.tsx';

function Item({ view, item }: { view: View; item: InboxItem }) {
  const { m, lang } = view;
  const unread = item.readAt === null;
  return (
    <li class={unread ? 'unread' : undefined}>
      {unread ? <span class="badge warn">{m.inboxUnread}</span> : <span class="badge">{m.inboxRead}</span>}{' '}
      <PostButton view={view} action={`/staff/inbox/${item.id}/open`} label={lang === 'th' ? item.titleTh : item.titleEn} small />
      <span class="muted"> · {dateTime(lang, item.createdAt)}</span>{' '}
      <PostButton view={view} action={`/staff/inbox/${item.id}/read`} fields={{ read: unread ? 'yes' : 'no' }} label={unread ? m.inboxMarkRead : m.inboxMarkUnread} small />
    </li>
  );
}

export async function inboxPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  app.get('/staff/inbox', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const items = await listInbox(deps.db, principalOf(request));
    const waiting = items.filter((i) => i.doneAt === null);
    const done = items.filter((i) => i.doneAt !== null);
    const list = (of: readonly InboxItem[]) =>
      of.length === 0 ? (
        <p>{m.inboxEmpty}</p>
      ) : (
        <ul class="inbox">
          {of.map((item) => (
            <Item key={item.id} view={view} item={item} />
          ))}
        </ul>
      );
    return sendPage(reply, {
      view,
      title: m.navInbox,
      children: (
        <>
          <p>
            <a href="/staff">{m.home}</a>
          </p>
          <h1>{m.navInbox}</h1>
          <p>{m.inboxIntro}</p>
          <section class="card" aria-labelledby="inbox-waiting">
            <h2 id="inbox-waiting">{m.inboxWaiting}</h2>
            {list(waiting)}
          </section>
          <section class="card" aria-labelledby="inbox-done">
            <h2 id="inbox-done">{m.inboxDoneTitle}</h2>
            {list(done)}
          </section>
        </>
      ),
    });
  });

  /** Opens an item: marks it read and goes to its page. */
  app.post('/staff/inbox/:id/open', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const item = await markRead(deps.db, principalOf(request), (request.params as { id: string }).id);
    return reply.redirect(item.link, 303);
  });

  app.post('/staff/inbox/:id/read', { config: { access: SIGNED_IN } }, async (request, reply) => {
    await markRead(deps.db, principalOf(request), (request.params as { id: string }).id, formOf(request).get('read') !== 'no');
    return reply.redirect('/staff/inbox', 303);
  });
}
