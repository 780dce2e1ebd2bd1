/**
 * The preferences pages' components: a table of the event kinds × channels (e-mail, LINE; the inbox always),
 * the digest, quiet hours for LINE and the language; and the one-click unsubscribe's confirmation. Forms with
 * the CSRF token (the unsubscribe's POST takes none: mail clients post it, RFC 8058), no JavaScript.
 */
import { EVENT_KINDS } from './events.ts';
import type { Preferences } from './preferences.ts';
import { CsrfField, DataTable, ErrorSummary, errorFor, Select, TextField, type FieldError, type View } from '../web/view.tsx';

export function PreferencesForm({ view, action, prefs, errors, help }: { view: View; action: string; prefs: Preferences; errors: readonly FieldError[]; help: string }) {
  const m = view.m;
  return (
    <form method="post" action={action} novalidate>
      <CsrfField view={view} />
      <p>{help}</p>
      <ErrorSummary view={view} errors={errors} fields={['kinds', 'quietStart', 'quietEnd', 'lang']} />
      <DataTable label={m.notifyKind} columns={[m.notifyKind, m.notifyEmail, m.notifyLine]}>
        {EVENT_KINDS.map((kind) => (
          <tr key={kind}>
            <th scope="row">{m.notifyKindName({ kind })}</th>
            <td>
              <input type="checkbox" name="email" value={kind} checked={prefs.email.includes(kind)} aria-label={`${m.notifyKindName({ kind })}: ${m.notifyEmail}`} />
            </td>
            <td>
              <input type="checkbox" name="line" value={kind} checked={prefs.line.includes(kind)} aria-label={`${m.notifyKindName({ kind })}: ${m.notifyLine}`} />
            </td>
          </tr>
        ))}
      </DataTable>
      <div class="field">
        <label>
          <input type="checkbox" name="digest" value="yes" checked={prefs.digest} /> {m.notifyDigest}
        </label>
      </div>
      <TextField name="quietStart" label={m.notifyQuietStart} value={prefs.quietStart} hint={m.notifyQuietHint} error={errorFor(errors, 'quietStart')} />
      <TextField name="quietEnd" label={m.notifyQuietEnd} value={prefs.quietEnd} error={errorFor(errors, 'quietEnd')} />
      <Select
        name="lang"
        label={m.notifyLang}
        value={prefs.lang}
        options={[
          ['th', m.notifyLangTh],
          ['en', m.notifyLangEn],
        ]}
        error={errorFor(errors, 'lang')}
      />
      <button type="submit" class="primary">
        {m.notifySave}
      </button>
    </form>
  );
}

/** The unsubscribe page: a confirmation button, the outcome, or why the link does not work. */
export function UnsubscribePage({ view, action, kindName, state }: { view: View; action: string; kindName: string; state: 'ask' | 'done' }) {
  const m = view.m;
  if (state === 'done') return <p role="status">{m.unsubscribeDone({ kind: kindName })}</p>;
  return (
    <form method="post" action={action}>
      <p>{m.unsubscribeAsk({ kind: kindName })}</p>
      <button type="submit" class="primary">
        {m.unsubscribeButton}
      </button>
    </form>
  );
}
