/**
 * Advice's components: the section on the year's dashboard (newest first, each with its office, its supervisor
 * and its date in the Buddhist era) and the year's advice page, with the supervisor's form and the replies.
 */
import type { Advice } from './service.ts';
import { ADVICE_INDICATORS } from './service.ts';
import { Checkboxes, CsrfField, date, ErrorSummary, errorFor, TextArea, yearPath, type FieldError, type View } from '../web/view.tsx';

/** Who advised and when: the office, the supervisor, the date (Buddhist era). */
function AdviceHead({ view, advice }: { view: View; advice: Advice }) {
  const { m, lang } = view;
  return (
    <p class="muted">
      {m.adviceBy(advice.officeNameTh, advice.authorNameTh, date(lang, advice.createdAt, 'long'))}
      {advice.indicators.length ? ` · ${m.adviceAbout(advice.indicators.join(', '))}` : ''}
    </p>
  );
}

/** The dashboard's section: the year's advice, newest first (nothing when there is none, unless the reader may advise). */
export function AdviceSection({ view, advice, slug, year, canWrite }: { view: View; advice: readonly Advice[]; slug: string; year: number; canWrite: boolean }) {
  const { m } = view;
  if (advice.length === 0 && !canWrite) return null;
  return (
    <section class="card" aria-labelledby="advice-title">
      <h2 id="advice-title">{m.adviceTitle}</h2>
      {advice.length === 0 ? (
        <p>{m.adviceNone}</p>
      ) : (
        <ul>
          {advice.map((a) => (
            <li key={a.id}>
              <AdviceHead view={view} advice={a} />
              <p>{a.text}</p>
              <p class="muted">{m.adviceReplies(a.replies.length)}</p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={yearPath(slug, year, '/advice')}>{canWrite ? m.adviceGive : m.adviceAll}</a>
      </p>
    </section>
  );
}

/** What the page shows after a refused form: which form (new advice, or the reply to one), its values, its problems. */
export interface AdviceFormState {
  readonly replyTo?: string;
  readonly text?: string;
  readonly indicators?: readonly string[];
  readonly errors?: readonly FieldError[];
}

function ReplyForm({ view, slug, year, advice, state }: { view: View; slug: string; year: number; advice: Advice; state: AdviceFormState }) {
  const { m } = view;
  const mine = state.replyTo === advice.id;
  const errors = mine ? (state.errors ?? []) : [];
  return (
    <form method="post" action={yearPath(slug, year, `/advice/${advice.id}/replies`)} novalidate>
      <ErrorSummary view={view} errors={errors} fields={['text']} />
      <CsrfField view={view} />
      <TextArea name="text" errorField={`reply-${advice.id}`} label={m.adviceReplyText} hint={m.adviceTextHint} value={mine ? (state.text ?? '') : ''} rows={3} error={errorFor(errors, 'text')} />
      <button type="submit" class="secondary">
        {m.adviceReplySubmit}
      </button>
    </form>
  );
}

export function AdvicePage(props: { view: View; slug: string; year: number; advice: readonly Advice[]; canWrite: boolean; canReply: boolean; state: AdviceFormState }) {
  const { view, slug, year, advice, state } = props;
  const { m } = view;
  const newErrors = state.replyTo === undefined ? (state.errors ?? []) : [];
  return (
    <>
      <h1>
        {m.adviceTitle} · {m.fiscalYearOf(year)}
      </h1>
      <p>{m.adviceIntro}</p>
      {props.canWrite ? (
        <form method="post" action={yearPath(slug, year, '/advice')} class="card" novalidate>
          <ErrorSummary view={view} errors={newErrors} fields={['text', 'indicators']} />
          <CsrfField view={view} />
          <TextArea name="text" label={m.adviceText} hint={m.adviceTextHint} value={state.replyTo === undefined ? (state.text ?? '') : ''} rows={6} error={errorFor(newErrors, 'text')} />
          <Checkboxes
            name="indicators"
            legend={m.adviceIndicators}
            options={ADVICE_INDICATORS.map((n) => [String(n), m.adviceIndicator(n)] as const)}
            checked={state.replyTo === undefined ? (state.indicators ?? []) : []}
            error={errorFor(newErrors, 'indicators')}
          />
          <button type="submit" class="primary">
            {m.adviceSubmit}
          </button>
        </form>
      ) : null}
      {advice.length === 0 ? <p>{m.adviceNone}</p> : null}
      {advice.map((a) => (
        <section key={a.id} class="card" id={`advice-${a.id}`}>
          <AdviceHead view={view} advice={a} />
          <p>{a.text}</p>
          <h2>{m.adviceReplies(a.replies.length)}</h2>
          {a.replies.length ? (
            <ul>
              {a.replies.map((r) => (
                <li key={r.id}>
                  <p class="muted">
                    {r.authorNameTh} · {date(view.lang, r.createdAt, 'long')}
                  </p>
                  <p>{r.text}</p>
                </li>
              ))}
            </ul>
          ) : null}
          {props.canReply ? <ReplyForm view={view} slug={slug} year={year} advice={a} state={state} /> : null}
        </section>
      ))}
    </>
  );
}
