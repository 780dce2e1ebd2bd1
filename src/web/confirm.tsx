/**
 * The confirmation step of an irreversible action, without JavaScript: the action's button posts the form without
 * `confirm`, and gets this page (what will be lost, "ยืนยัน ลบ" posting the same fields with confirm=yes, and a
 * way back that changes nothing).
 */
import type { FastifyReply } from 'fastify';
import { CsrfField, sendPage, type View, type YearNav } from './view.tsx';

/** Whether a posted form carries the confirmation of the step below. */
export const confirmed = (value: string | undefined): boolean => value === 'yes';

export function sendConfirmDelete(
  reply: FastifyReply,
  props: {
    view: View;
    nav?: YearNav;
    question: string;
    action: string;
    fields?: Readonly<Record<string, string>>;
    back: string;
    /** Another irreversible action than deleting: its title, button and warning (default: those of deleting). */
    words?: { readonly title: string; readonly button: string; readonly warning: string };
  },
): Promise<FastifyReply> {
  const { view } = props;
  const { m } = view;
  const words = props.words ?? { title: m.confirmDeleteTitle, button: m.confirmDelete, warning: m.cannotUndo };
  return sendPage(reply, {
    view,
    title: words.title,
    ...(props.nav ? { nav: props.nav } : {}),
    children: (
      <section class="card" aria-labelledby="confirm-title">
        <h1 id="confirm-title">{words.title}</h1>
        <p>{props.question}</p>
        <p class="notice warn">{words.warning}</p>
        <form method="post" action={props.action} class="buttons">
          <CsrfField view={view} />
          {Object.entries(props.fields ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="danger">
            {words.button}
          </button>
          <a class="button secondary" href={props.back}>
            {m.cancel}
          </a>
        </form>
      </section>
    ),
  });
}
