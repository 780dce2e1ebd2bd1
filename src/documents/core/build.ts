/**
 * From a year's data to the document model of one kind. Pure: the same model is rendered as HTML, PDF, DOCX
 * and XLSX.
 */
import type { YearData } from '../../model/derive.ts';
import { buildAnalysisDocument } from './analysis.ts';
import { buildMeasuresDocument, type MeasuresOptions } from './measures.ts';
import type { DocumentKind, DocumentModel } from './model.ts';
import { buildProgressDocument } from './progress.ts';
import { withSignOff, type SignOff } from './signoff.ts';

/**
 * What a request may choose beyond the kind: the monthly progress in the report (MeasuresOptions); and who signs
 * the document and when (signoff.ts: without it, empty lines to fill in by hand).
 */
export type BuildOptions = MeasuresOptions & { readonly signOff?: SignOff };

/** The document of a kind, with its emblem and sign-off: a step every kind gets (signoff.ts). */
export function buildDocument(kind: DocumentKind, data: YearData, options: BuildOptions = {}): DocumentModel {
  return withSignOff(contentOf(kind, data, options), options.signOff);
}

function contentOf(kind: DocumentKind, data: YearData, options: BuildOptions): DocumentModel {
  if (kind === 'analysis') return buildAnalysisDocument(data);
  if (kind === 'measures-progress') return buildProgressDocument(data);
  return buildMeasuresDocument(kind, data, options);
}
