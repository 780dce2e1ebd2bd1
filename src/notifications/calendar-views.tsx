/** The NACC calendar page's component (/staff/o/<slug>/<year>/calendar): the due day and the milestones' dates. */
import type { NaccCalendar } from './calendar.ts';
import { MILESTONES } from './calendar.ts';
import { reminderMessages } from './reminder-messages.ts';
import { CsrfField, ErrorSummary, errorFor, TextField, yearPath, type FieldError, type View } from '../web/view.tsx';

export function CalendarPage({ view, slug, calendar, values, errors }: { view: View; slug: string; calendar: NaccCalendar; values?: Readonly<Record<string, string>>; errors: readonly FieldError[] }) {
  const { m, lang } = view;
  const value = (field: string, stored: string | number | null) => values?.[field] ?? (stored === null ? '' : String(stored));
  return (
    <>
      <h1>
        {m.calendarTitle} · {m.fiscalYearOf(calendar.year)}
      </h1>
      <p>{m.calendarIntro}</p>
      <form method="post" action={yearPath(slug, calendar.year, '/calendar')} class="card" novalidate>
        <ErrorSummary view={view} errors={errors} fields={['dueDay', ...MILESTONES]} />
        <CsrfField view={view} />
        <TextField name="dueDay" label={m.calendarDueDay} hint={m.calendarDueDayHint} type="number" min="1" max="28" value={value('dueDay', calendar.dueDay)} error={errorFor(errors, 'dueDay')} />
        <fieldset>
          <legend>{m.calendarMilestones}</legend>
          {MILESTONES.map((ms) => (
            <TextField key={ms} name={ms} label={reminderMessages[ms]()[lang]} type="date" value={value(ms, calendar.dates[ms])} error={errorFor(errors, ms)} />
          ))}
        </fieldset>
        <button type="submit" class="primary">
          {m.calendarSave}
        </button>
      </form>
    </>
  );
}
