/** The inbox page (/staff/inbox): what waits for the person, unread ones marked, and what was dealt with. */
import type { InboxItem } from './service.ts';
import { dateTime, PostButton, type View } from '../web/view.tsx';

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

function ItemList({ view, items }: { view: View; items: readonly InboxItem[] }) {
  return items.length === 0 ? (
    <p>{view.m.inboxEmpty}</p>
  ) : (
    <ul class="inbox">
      {items.map((item) => (
        <Item key={item.id} view={view} item={item} />
      ))}
    </ul>
  );
}

export function InboxPage({ view, items }: { view: View; items: readonly InboxItem[] }) {
  const { m } = view;
  return (
    <>
      <p>
        <a href="/staff">{m.home}</a>
      </p>
      <h1>{m.navInbox}</h1>
      <p>{m.inboxIntro}</p>
      <section class="card" aria-labelledby="inbox-waiting">
        <h2 id="inbox-waiting">{m.inboxWaiting}</h2>
        <ItemList view={view} items={items.filter((i) => i.doneAt === null)} />
      </section>
      <section class="card" aria-labelledby="inbox-done">
        <h2 id="inbox-done">{m.inboxDoneTitle}</h2>
        <ItemList view={view} items={items.filter((i) => i.doneAt !== null)} />
      </section>
    </>
  );
}
