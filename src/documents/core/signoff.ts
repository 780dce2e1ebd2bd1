/**
 * The sign-off of an official document, as Thai official documents have it: the document's date ("ณ วันที่
 * ๓๐ กันยายน ๒๕๖๖": day, full month, Buddhist-era year, no "พ.ศ.", conventions §1.5), then the signature blocks of
 * the preparer and of the executive who approves, side by side:
 *
 *     ลงชื่อ .................................. ผู้รายงาน
 *               (ชื่อ นามสกุล)
 *     ตำแหน่ง ..................................
 *
 * and, optionally, the organisation's emblem (ตรา) centred at the top of the first page. A generic step applied
 * to the model of every kind (build.ts), so that a new kind gets it for free. Pure: the app layer decides the
 * names, the positions and the date (src/documents/service.ts signOffOf); without a SignOff every line is left
 * empty, to be filled in by hand.
 */
import { formatThaiDate, fiscalYearRange } from '../../thai/index.ts';
import type { Block, DocumentKind, DocumentModel, SignOffBlock, Signer } from './model.ts';

/** An image to print at the top of the first page: PNG or JPEG, with its size in pixels (for the aspect ratio). */
export interface Emblem {
  readonly mediaType: 'image/png' | 'image/jpeg';
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface SignOffPerson {
  /** The person's name; null: an empty line to sign over. */
  readonly name: string | null;
  readonly position: string | null;
}

/** What the app layer knows about who signs a document and when. */
export interface SignOff {
  /** The document's date, YYYY-MM-DD on the Bangkok calendar; null: an empty line. */
  readonly date: string | null;
  readonly preparer: SignOffPerson;
  /** The executive: named only on the version the executive approved (the data still what was approved). */
  readonly approver: SignOffPerson;
  readonly emblem?: Emblem | null;
}

/** The dotted line of what is written by hand. */
export const SIGN_DOTS = '............................';

/** How the preparer signs each kind: the reports are reported (ผู้รายงาน), the others prepared (ผู้จัดทำ). */
const PREPARER_ROLE: Partial<Record<DocumentKind, string>> = { 'measures-report': 'ผู้รายงาน', 'measures-progress': 'ผู้รายงาน' };
const APPROVER_ROLE = 'ผู้อนุมัติ';

/** The emblem's printed height, in centimetres (conventions §1.3: 3 cm on ตราครุฑ letters). */
export const EMBLEM_HEIGHT_CM = 3;

/** The last day of the data a report covers: the fiscal year's end, or 31 March for the six-month report. */
function asOfEnd(kind: DocumentKind, fiscalYear: number): string | null {
  const { end } = fiscalYearRange(fiscalYear);
  if (kind === 'measures-report') return end;
  if (kind === 'measures-progress') return `${end.slice(0, 4)}-03-31`;
  return null;
}

/**
 * The document's date: a report is dated as of its data (the last day it covers once that day is past, today
 * before); the plan and the analysis by the executive's approval (today for a draft).
 */
export function documentDate(kind: DocumentKind, fiscalYear: number, today: string, approvedOn: string | null): string {
  const end = asOfEnd(kind, fiscalYear);
  if (end) return today < end ? today : end;
  return approvedOn ?? today;
}

/** "ณ วันที่ 30 กันยายน 2566" (digits converted when rendered), or the dotted line. */
export function dateLine(date: string | null): string {
  return `ณ วันที่ ${date ? formatThaiDate(date, { digits: 'arabic' }) : SIGN_DOTS}`;
}

/** The three lines of a signature block: ลงชื่อ … role, (name), ตำแหน่ง position. */
export function signerLines(signer: Signer): readonly [string, string, string] {
  return [`ลงชื่อ ${SIGN_DOTS} ${signer.role}`, `(${signer.name ?? SIGN_DOTS})`, `ตำแหน่ง ${signer.position ?? SIGN_DOTS}`];
}

export function signOffBlock(kind: DocumentKind, signOff?: SignOff): SignOffBlock {
  const person = (p: SignOffPerson | undefined, role: string): Signer => ({ role, name: p?.name || null, position: p?.position || null });
  return {
    type: 'signoff',
    date: dateLine(signOff?.date ?? null),
    signers: [person(signOff?.preparer, PREPARER_ROLE[kind] ?? 'ผู้จัดทำ'), person(signOff?.approver, APPROVER_ROLE)],
  };
}

/** The document with its emblem at the top (when there is one) and its sign-off at the end. */
export function withSignOff(doc: DocumentModel, signOff?: SignOff): DocumentModel {
  const emblem: Block[] = signOff?.emblem ? [{ type: 'emblem', emblem: signOff.emblem }] : [];
  return { ...doc, blocks: [...emblem, ...doc.blocks, signOffBlock(doc.kind, signOff)] };
}
