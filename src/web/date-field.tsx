/**
 * The one date field of every form: a plain text field (works without JavaScript and by keyboard) that takes a
 * day, month and Buddhist-era year as a person writes them ("1 ต.ค. 2568", "๑ ต.ค. ๖๘", "1/10/2568"; see
 * parseThaiDate), with the format hint under its label. A stored date (YYYY-MM-DD) is shown back as
 * "1 ต.ค. 2568"; what the person typed and could not be read is shown back as typed, with the error.
 *
 * On the server, {@link formDate} turns the text into YYYY-MM-DD for the app layer and {@link formDateErrors}
 * says, in Thai and English, what is wrong with the dates that could not be read.
 */
import { InputError } from '../errors.ts';
import { messageDate, parseThaiDate, THAI_DATE_HINT } from '../thai/index.ts';
import type { Form } from './forms.ts';
import type { Lang } from './i18n.ts';
import { webMessages } from './messages.ts';
import { TextField } from './view.tsx';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value of a date field as the person reads it: a stored date on the Buddhist era, anything else as it is. */
export function dateFieldValue(lang: Lang, value: string | null | undefined): string {
  if (!value) return '';
  if (!ISO_DATE.test(value)) return value;
  const shown = messageDate(value);
  return lang === 'th' ? shown.th : shown.en;
}

export function DateField(props: { lang: Lang; name: string; label: string; value?: string | null; error?: string | undefined; errorField?: string; required?: boolean; hint?: string }) {
  const hint = props.hint ?? (props.lang === 'th' ? THAI_DATE_HINT.th : THAI_DATE_HINT.en);
  return (
    <TextField
      name={props.name}
      errorField={props.errorField}
      label={props.label}
      hint={hint}
      value={dateFieldValue(props.lang, props.value)}
      error={props.error}
      required={props.required}
      autocomplete="off"
    />
  );
}

/** The date typed in a field as YYYY-MM-DD; null when empty; the text as typed when it cannot be read (see {@link formDateErrors}). */
export function formDate(form: Pick<Form, 'get'>, name: string): string | null {
  const text = form.get(name);
  if (text === '') return null;
  const parsed = parseThaiDate(text);
  return parsed.ok ? parsed.iso : text;
}

/**
 * What is wrong with the dates typed in the named fields (`[name, field the error names]`), one InputError each:
 * text that is not a date, a day not in the calendar, a Gregorian year (refused, not guessed).
 */
export function formDateErrors(form: Pick<Form, 'get'>, fields: readonly (readonly [name: string, errorField: string])[]): InputError[] {
  const errors: InputError[] = [];
  for (const [name, errorField] of fields) {
    const text = form.get(name);
    if (text === '') continue;
    const parsed = parseThaiDate(text);
    if (!parsed.ok) errors.push(new InputError(errorField, webMessages.badDate({ said: parsed })));
  }
  return errors;
}
