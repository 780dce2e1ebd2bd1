/**
 * What a publication holds, kind by kind, as one zod shape (stored in publications.content), and the checks
 * that say when a version is complete enough to be sent for approval. Pure.
 *
 * - oit: an OIT item of a fiscal year: a text, the explanation for the ITAS answer form, links (each may name
 *   the period it covers), the documents of the year to render (measures plan, measures report, analysis), and
 *   the fiscal year the content covers (several items must cover the current or the previous year);
 * - declaration: the executive's integrity declaration: the text, who signs it and when;
 * - results: the ITA results of a year: a short text; the scores are copied at submission (snapshot) and never
 *   follow later changes of the year's data;
 * - page: a free page: a title, a text and links.
 * Attached files are rows of publication_files, not part of the content.
 */
import { z } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind } from '../documents/core/model.ts';
import { InputError } from '../errors.ts';
import type { OitItem } from '../ita/index.ts';
import type { Message } from '../messages.ts';
import { SCORE_SOURCES } from '../model/year.ts';
import { isCalendarDate, parseInput } from '../app/input.ts';
import type { PublicationKind } from './paths.ts';
import { portalErrors } from './messages.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: portalErrors.code('dateFormat') });

/** A period a link or file covers: calendar dates, the end not before the start. */
export const periodSchema = z
  .object({ start: isoDate, end: isoDate })
  .refine((p) => isCalendarDate(p.start) && isCalendarDate(p.end), { error: portalErrors.code('notCalendarDate') })
  .refine((p) => p.end >= p.start, { error: portalErrors.code('endBeforeStart') });
export type Period = z.infer<typeof periodSchema>;

/** http(s) on any site, or a path on this site ("/o/huai-thong/declaration/2566"). */
export function isLinkTarget(url: string): boolean {
  if (/^\/(?!\/)[^\s\\]*$/.test(url)) return true;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export const linkSchema = z.object({
  label: z.string().trim().min(1, { error: portalErrors.code('linkLabel') }).max(300),
  url: z
    .string()
    .trim()
    .max(2000)
    .refine(isLinkTarget, { error: portalErrors.code('linkTarget') }),
  period: periodSchema.nullable().default(null),
});
export type Link = z.infer<typeof linkSchema>;

export const documentRefSchema = z.object({ kind: z.enum(DOCUMENT_KINDS), year: z.number().int().min(2500).max(2700) });
export type DocumentRef = z.infer<typeof documentRefSchema>;

/** The ITA results of a year as they were when the version was submitted. */
export const resultsSnapshotSchema = z.object({
  year: z.number().int(),
  criteriaYear: z.number().int(),
  passMark: z.number(),
  /** Indicator number → score, null where there is none. */
  indicators: z.record(z.string(), z.number().nullable()),
  tools: z.record(z.string(), z.number().nullable()),
  eitParts: z.array(z.number()).nullable(),
  overall: z.number().nullable(),
  pass: z.boolean().nullable(),
  grade: z.string().nullable(),
  source: z.enum(SCORE_SOURCES).nullable(),
  official: z.object({ overall: z.number().nullable(), grade: z.string().nullable() }).nullable(),
});
export type ResultsSnapshot = z.infer<typeof resultsSnapshotSchema>;

export const contentSchema = z.object({
  text: z.string().trim().max(50_000).default(''),
  explanation: z.string().trim().max(2000).default(''),
  links: z.array(linkSchema).max(50).default([]),
  documents: z.array(documentRefSchema).max(6).default([]),
  coversYear: z.number().int().min(2500).max(2700).nullable().default(null),
  signerName: z.string().trim().max(200).default(''),
  signerPosition: z.string().trim().max(200).default(''),
  signedOn: isoDate.refine(isCalendarDate, { error: portalErrors.code('notCalendarDate') }).nullable().default(null),
  snapshot: resultsSnapshotSchema.nullable().default(null),
});
export type Content = z.infer<typeof contentSchema>;

/** What staff send: the content without the snapshot (the system takes it), and a title where the kind has one. */
export const draftInputSchema = contentSchema
  .omit({ snapshot: true })
  .extend({
    titleTh: z.string().trim().min(1).max(500).optional(),
    /** The version of the draft as the form read it (its updatedAt); null when the form was made without one. */
    updatedAt: z.string().nullable().optional(),
  })
  .strict();
export type DraftInput = z.input<typeof draftInputSchema>;

type Field = Exclude<keyof z.output<typeof draftInputSchema>, 'updatedAt'>;

/** The fields each kind uses; a field given for another kind is refused. */
export const KIND_FIELDS: Readonly<Record<PublicationKind, readonly Field[]>> = {
  oit: ['text', 'explanation', 'links', 'documents', 'coversYear'],
  declaration: ['titleTh', 'text', 'links', 'signerName', 'signerPosition', 'signedOn'],
  results: ['text'],
  page: ['titleTh', 'text', 'links'],
};

export const EMPTY_CONTENT: Content = contentSchema.parse({});

/** How the fields of a publication are called in Thai, for the messages (input.ts knows the general ones). */
const FIELD_TH: Readonly<Record<string, string>> = {
  links: 'ลิงก์',
  label: 'ชื่อลิงก์',
  url: 'ที่อยู่ลิงก์',
  documents: 'เอกสาร',
  year: 'ปี',
  coversYear: 'ปีงบประมาณที่ข้อมูลครอบคลุม',
  explanation: 'คำอธิบายสำหรับแบบ OIT',
  text: 'ข้อความ',
  signerName: 'ชื่อผู้ประกาศ',
  signerPosition: 'ตำแหน่งผู้ประกาศ',
  signedOn: 'วันที่ประกาศ',
  titleTh: 'ชื่อเรื่อง',
};

/** Parses what staff send for a draft; the messages name the fields in Thai. */
export function parseDraft(raw: unknown): z.output<typeof draftInputSchema> {
  return parseInput(draftInputSchema, raw, '', { names: FIELD_TH });
}

/** Refuses fields the kind does not use, and documents named twice. */
export function checkFields(kind: PublicationKind, raw: Record<string, unknown>, input: z.output<typeof draftInputSchema>): void {
  const allowed = new Set<string>([...KIND_FIELDS[kind], 'updatedAt']);
  const extra = Object.keys(raw).filter((k) => !allowed.has(k));
  if (extra.length) {
    throw new InputError(extra[0] as string, portalErrors.notOfKind({ fields: extra.join(', '), kind }));
  }
  const seen = new Set<string>();
  for (const d of input.documents) {
    const key = `${d.kind}/${d.year}`;
    if (seen.has(key)) throw new InputError('documents', portalErrors.documentTwice({ key }));
    seen.add(key);
  }
}

/** Why a version cannot be sent for approval yet (empty when it can). */
export function readinessProblems(kind: PublicationKind, content: Content, attachments: number): InputError[] {
  const problems: InputError[] = [];
  const need = (field: string, said: Message) => problems.push(new InputError(field, said));
  switch (kind) {
    case 'oit':
      if (content.text === '' && content.links.length === 0 && content.documents.length === 0 && attachments === 0) {
        need('text', portalErrors.nothingToPublish());
      }
      break;
    case 'declaration':
      if (content.text === '') need('text', portalErrors.declarationText());
      if (content.signerName === '') need('signerName', portalErrors.declarationSigner());
      break;
    case 'page':
      if (content.text === '' && content.links.length === 0 && attachments === 0) need('text', portalErrors.pageEmpty());
      break;
    case 'results':
      break;
  }
  return problems;
}

/** The content a kind keeps: the fields of other kinds back to their defaults. */
export function contentFor(kind: PublicationKind, input: z.output<typeof draftInputSchema>): Content {
  const fields = new Set<string>(KIND_FIELDS[kind]);
  const picked = Object.fromEntries(Object.entries(input).filter(([k]) => fields.has(k) && k !== 'titleTh'));
  return { ...EMPTY_CONTENT, ...picked };
}

/** The fiscal year an item's content must cover: the year itself, the one before, or none said. */
export function expectedCoverage(item: OitItem, year: number): number | null {
  if (item.period === 'previous') return year - 1;
  if (item.period === 'current') return year;
  return null;
}

/** The documents of the year an item of each role starts with (the catalogue marks the roles, never titles). */
const ROLE_DOCUMENTS: Partial<Record<NonNullable<OitItem['role']>, readonly DocumentKind[]>> = {
  measures: ['measures-plan', 'analysis'],
  'measures-report': ['measures-report'],
};

/**
 * What a new version of an OIT item starts with: the measures item (role `measures`: O42 up to 2567, O27 in 2568,
 * O25 in 2569) gets the measures plan and the analysis of the year; the report on the measures (`measures-report`:
 * O43, O28, O26) gets the measures report of the year it must cover — or, when it asks about the year being
 * assessed (O43 up to 2567: no period), whose yearly report does not exist yet during the assessment, the six-month
 * progress report of that year; and the fiscal year covered is the one the item asks for.
 */
export function suggestedContent(item: OitItem, year: number): Content {
  const coversYear = expectedCoverage(item, year);
  const duringYear = item.role === 'measures-report' && item.period !== 'previous';
  const kinds: readonly DocumentKind[] = duringYear ? ['measures-progress'] : item.role ? (ROLE_DOCUMENTS[item.role] ?? []) : [];
  const documents: DocumentRef[] = kinds.map((kind) => ({ kind, year: coversYear ?? year }));
  return { ...EMPTY_CONTENT, documents, coversYear };
}
