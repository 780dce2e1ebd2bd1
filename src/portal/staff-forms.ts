/**
 * Reading the portal's staff forms: the links textarea ("label | URL | period" a line), the periods staff type
 * (a month 2022-10, a day, or a range 2022-10-01..2022-12-31), the documents checkboxes ("kind:year") and the
 * publication time in Thailand ("2026-12-01 08:30"). Every problem is an InputError naming the line, in Thai and
 * English; the app layer checks the rest (src/portal/publication-content.ts).
 */
import type { DocumentRef, Link, Period } from './publication-content.ts';
import { DOCUMENT_KINDS } from '../documents/core/model.ts';
import { InputError, InputErrors } from '../errors.ts';
import { formatThaiPeriod, parseThaiDate, parseThaiPeriod, toArabicDigits } from '../thai/index.ts';
import { throwAll } from '../app/input.ts';
import { formDate, formDateErrors } from '../web/date-field.tsx';
import type { Form } from '../web/forms.ts';
import { portalErrors } from './messages.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** A period as staff type it, on the Buddhist era (see parseThaiPeriod); null for an empty text. */
export function parsePeriodText(text: string, field: string): Period | null {
  if (text.trim() === '') return null;
  const parsed = parseThaiPeriod(text);
  if (!parsed.ok) throw new InputError(field, portalErrors.unreadableDate({ reason: parsed }));
  return parsed.period;
}

/** The period as typed back in the form: ต.ค. 2565, 31 ต.ค. 2565, 1 ต.ค. 2565 ถึง 31 ธ.ค. 2565. */
export function periodText(p: Period | null): string {
  return p ? formatThaiPeriod(p) : '';
}

/** The links textarea: one link a line, "label | URL | period" (the URL alone is its own label). */
export function parseLinks(text: string): Link[] {
  const errors: InputError[] = [];
  const links: Link[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const parts = line.split('|').map((p) => p.trim());
    const [first, second, third] = parts;
    const label = first as string;
    const url = parts.length === 1 ? label : (second ?? '');
    try {
      if (parts.length > 3) throw new InputError('links', portalErrors.tooManyBars());
      links.push({ label, url, period: parsePeriodText(third ?? '', 'links') });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(new InputError('links', portalErrors.linkLine({ line: i + 1, reason: error.said })));
    }
  });
  if (errors.length === 1) throw errors[0] as InputError;
  if (errors.length > 1) throw new InputErrors(errors);
  return links;
}

/** The links as typed back in the form. */
export const linksText = (links: readonly Link[]): string =>
  links.map((l) => [l.label, l.url, periodText(l.period)].filter((x, i) => i < 2 || x !== '').join(' | ')).join('\n');

/** The documents checkboxes: "measures-plan:2566". */
export function parseDocuments(values: readonly string[]): DocumentRef[] {
  return values.map((v) => {
    const [kind, year] = v.split(':');
    if (!(DOCUMENT_KINDS as readonly string[]).includes(kind ?? '') || !/^\d{4}$/.test(year ?? '')) {
      throw new InputError('documents', portalErrors.unknownDocument({ value: v }));
    }
    return { kind: kind as DocumentRef['kind'], year: Number(year) };
  });
}

/**
 * The publication time typed in Thailand, a Buddhist-era date and an optional time ("1 ธ.ค. 2569 08:30",
 * "1/12/2569 8.30 น."; a date alone: midnight), as an instant.
 *
 * @throws InputError (field publishAt) when the date cannot be read or its year is not B.E.
 */
export function publishAtOf(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const time = /^(.*?)\s+(\d{1,2})[:.](\d{2})(?:\s*น\.?)?$/.exec(toArabicDigits(t));
  const [datePart, hour, minute] = time ? [time[1] as string, Number(time[2]), Number(time[3])] : [t, 0, 0];
  const parsed = parseThaiDate(datePart);
  if (!parsed.ok) throw new InputError('publishAt', portalErrors.unreadableDate({ reason: parsed }));
  if (hour > 23 || minute > 59) throw new InputError('publishAt', portalErrors.noTime({ time: `${hour}:${pad(minute)}` }));
  return `${parsed.iso}T${pad(hour)}:${pad(minute)}+07:00`;
}

/** What a draft form sends, as the app layer takes it (only the fields the form has). */
export function draftFromForm(form: Form): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (form.has('titleTh')) out.titleTh = form.get('titleTh');
  if (form.has('text')) out.text = form.raw('text').replace(/\r\n/g, '\n').trim();
  if (form.has('explanation')) out.explanation = form.get('explanation');
  if (form.has('links')) out.links = parseLinks(form.raw('links'));
  if (form.has('documentsShown')) out.documents = parseDocuments(form.all('documents'));
  if (form.has('coversYear')) out.coversYear = /^\d{4}$/.test(form.get('coversYear')) ? Number(form.get('coversYear')) : null;
  if (form.has('signerName')) out.signerName = form.get('signerName');
  if (form.has('signerPosition')) out.signerPosition = form.get('signerPosition');
  if (form.has('signedOn')) {
    throwAll(formDateErrors(form, [['signedOn', 'signedOn']]));
    out.signedOn = formDate(form, 'signedOn');
  }
  if (form.has('updatedAt')) out.updatedAt = form.get('updatedAt') || null;
  return out;
}
