/**
 * A submitted version's frozen contents: the documents it names, rendered in every frozen format (HTML, PDF, DOCX)
 * and stored by SHA-256 as files of the version, and the ITA results of a year as they are at submission.
 */
import type { Queryable } from '../db/index.ts';
import { DOCUMENT_KIND_NAMES, renderDocument, type DocumentBrowser, type DocumentFormat } from '../documents/core/index.ts';
import { yearLintContext, yearSignOff } from '../documents/service.ts';
import { InputError } from '../errors.ts';
import { documentSha256 } from '../approvals/state.ts';
import { criteriaOf } from '../ita/index.ts';
import { deriveYear } from '../model/derive.ts';
import type { YearInput } from '../model/year.ts';
import { formatFiscalYear } from '../thai/index.ts';
import { loadYear } from '../years/years.ts';
import { portalErrors } from './messages.ts';
import type { Content, ResultsSnapshot } from './publication-content.ts';
import { storeFile } from './publication-files.ts';
import type { FileView, SlotContext } from './publications.ts';
import { countFiles, insertDocument } from './repo.ts';

/** The formats every document is frozen in at submission. */
export const FROZEN_FORMATS: readonly DocumentFormat[] = ['html', 'pdf', 'docx'];

export interface RenderedFile {
  readonly role: 'document';
  readonly bytes: Buffer;
  readonly filename: string;
  readonly mediaType: string;
  readonly labelTh: string;
  readonly docKind: NonNullable<FileView['docKind']>;
  readonly docYear: number;
  readonly docFormat: DocumentFormat;
  readonly dataSha256: string;
  readonly problems: FileView['problems'];
}

/** The ITA results of a year as published: the scores, tools, overall and grade where computable. */
export function resultsSnapshot(year: YearInput): ResultsSnapshot {
  const data = deriveYear(year);
  const criteria = criteriaOf(year);
  const score = data.computed.score;
  const tools = Object.fromEntries(
    criteria.tools.map((t) => [t.code, score ? score.tools[t.code] : (data.computed.findings.tools.find((f) => f.tool === t.code)?.score ?? null)]),
  );
  return {
    year: year.year,
    criteriaYear: year.criteriaYear,
    passMark: Number(criteria.passMark),
    indicators: Object.fromEntries(criteria.indicators.map((i) => [String(i.number), year.scores.indicators[String(i.number)] ?? null])),
    tools,
    eitParts: year.scores.eitParts,
    overall: score?.overall ?? null,
    pass: score?.pass ?? null,
    grade: score?.grade ?? null,
    source: year.scores.source,
    official: year.scores.official,
  };
}

export async function loadDocumentYear(db: Queryable, ctx: SlotContext, year: number): Promise<YearInput> {
  try {
    return await loadYear(db, ctx.slug, year);
  } catch (error) {
    if (error instanceof InputError) throw new InputError('documents', portalErrors.documentYear({ year, reason: error.said }));
    throw error;
  }
}

export async function renderDocuments(db: Queryable, ctx: SlotContext, content: Content, browser: DocumentBrowser | undefined, today: string): Promise<RenderedFile[]> {
  const out: RenderedFile[] = [];
  for (const ref of content.documents) {
    const year = await loadDocumentYear(db, ctx, ref.year);
    const dataSha256 = documentSha256(ref.kind, year);
    const lint = await yearLintContext(db, ctx.slug, ref.year);
    // Signed and dated as the staff pages show it now: the approver's name once the executive approved this data.
    const signOff = await yearSignOff(db, ctx.slug, year, ref.kind, today);
    for (const format of FROZEN_FORMATS) {
      const doc = await renderDocument(year, { kind: ref.kind, format, lint, signOff, ...(browser ? { browser } : {}) });
      out.push({
        role: 'document',
        bytes: doc.bytes,
        filename: doc.fileName,
        mediaType: doc.mediaType,
        labelTh: `${DOCUMENT_KIND_NAMES[ref.kind].th} ${formatFiscalYear(ref.year, 'arabic')}`,
        docKind: ref.kind,
        docYear: ref.year,
        docFormat: format,
        dataSha256,
        problems: doc.problems.map((p) => ({ severity: p.severity, th: p.th, en: p.en })),
      });
    }
  }
  return out;
}

/** Stores rendered documents as files of a draft, after the files it has. */
export async function saveRendered(tx: Queryable, publicationId: string, rendered: readonly RenderedFile[]): Promise<void> {
  let seq = (await countFiles(tx, publicationId)).next;
  for (const f of rendered) {
    const sha = await storeFile(tx, f.bytes);
    await insertDocument(tx, publicationId, {
      seq: seq++,
      sha256: sha,
      filename: f.filename,
      mediaType: f.mediaType,
      size: f.bytes.length,
      labelTh: f.labelTh,
      docKind: f.docKind,
      docYear: f.docYear,
      docFormat: f.docFormat,
      dataSha256: f.dataSha256,
      problems: f.problems,
    });
  }
}
