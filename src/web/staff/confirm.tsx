/**
 * The confirmation step of an irreversible action, without JavaScript: the action's button posts the form without
 * `confirm`, and gets this page (what will be lost, "ยืนยัน ลบ" posting the same fields with confirm=yes, and a
 * way back that changes nothing).
 */
import type { FastifyReply } from 'fastify';
import { CsrfField, sendPage, type View, type YearNav } from '../view.tsx';

/** Whether a posted form carries the confirmation of the step below. */
export const confirmed = (value: string | undefined): boolean => value === 'yes';

export function sendConfirmDelete(
  reply: FastifyReply,
  props: { view: View; nav?: YearNav; question: string; action: string; fields?: Readonly<Record<string, string>>; back: string },
): Promise<FastifyReply> {
  const { view } = props;
  const { m } = view;
  return sendPage(reply, {
    view,
    title: m.confirmDeleteTitle,
    ...(props.nav ? { nav: props.nav } : {}),
    children: (
      <section class="card" aria-labelledby="confirm-title">
        <h1 id="confirm-title">{m.confirmDeleteTitle}</h1>
        <p>{props.question}</p>
        <p class="notice warn">{m.cannotUndo}</p>
        <form method="post" action={props.action} class="buttons">
          <CsrfField view={view} />
          {Object.entries(props.fields ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="danger">
            {m.confirmDelete}
          </button>
          <a class="button secondary" href={props.back}>
            {m.cancel}
          </a>
        </form>
      </section>
    ),
  });
}
