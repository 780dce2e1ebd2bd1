/**
 * Reading the portal's staff forms: the links textarea ("label | URL | period" a line), the periods staff type
 * (a month 2022-10, a day, or a range 2022-10-01..2022-12-31), the documents checkboxes ("kind:year") and the
 * publication time in Thailand ("2026-12-01 08:30"). Every problem is an InputError naming the line, in Thai and
 * English; the app layer checks the rest (src/app/publication-content.ts).
 */
import type { DocumentRef, Link, Period } from '../../app/publication-content.ts';
import { DOCUMENT_KINDS } from '../../documents/model.ts';
import { InputError, InputErrors } from '../../errors.ts';
import type { Form } from '../forms.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** A period as staff type it; null for an empty text. */
export function parsePeriodText(text: string, field: string): Period | null {
  const t = text.trim();
  if (t === '') return null;
  const month = /^(\d{4})-(\d{2})$/.exec(t);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    if (m >= 1 && m <= 12) return { start: `${y}-${pad(m)}-01`, end: `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}` };
  }
  const range = /^(\d{4}-\d{2}-\d{2})(?:\s*\.\.\s*(\d{4}-\d{2}-\d{2}))?$/.exec(t);
  if (range) return { start: range[1] as string, end: range[2] ?? (range[1] as string) };
  throw new InputError(
    field,
    `ช่วงเวลา "${t}" อ่านไม่ได้: ใช้เดือน (2022-10) วัน (2022-10-31) หรือช่วง (2022-10-01..2022-12-31)`,
    `cannot read the period "${t}": give a month (2022-10), a day (2022-10-31) or a range (2022-10-01..2022-12-31)`,
  );
}

/** The period as typed back in the form. */
export function periodText(p: Period | null): string {
  if (!p) return '';
  const monthEnd = (() => {
    const [y, m] = p.start.split('-').map(Number) as [number, number];
    return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
  })();
  if (p.start.endsWith('-01') && p.end === monthEnd) return p.start.slice(0, 7);
  return p.start === p.end ? p.start : `${p.start}..${p.end}`;
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
      if (parts.length > 3) throw new InputError('links', 'มีเครื่องหมาย | เกินสองตัว', 'more than two | signs');
      links.push({ label, url, period: parsePeriodText(third ?? '', 'links') });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(new InputError('links', `ลิงก์บรรทัดที่ ${i + 1}: ${error.th}`, `link on line ${i + 1}: ${error.en}`));
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
      throw new InputError('documents', `ไม่รู้จักเอกสาร "${v}"`, `unknown document "${v}"`);
    }
    return { kind: kind as DocumentRef['kind'], year: Number(year) };
  });
}

/** The publication time typed in Thailand ("2026-12-01 08:30", or a date alone: midnight) as an instant. */
export function publishAtOf(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(t);
  if (!m) return t; // the app layer says what is wrong with it
  return `${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}+07:00`;
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
  if (form.has('signedOn')) out.signedOn = form.get('signedOn') || null;
  if (form.has('updatedAt')) out.updatedAt = form.get('updatedAt') || null;
  return out;
}
