/**
 * From a year's data to the document model of one kind. Pure: the same model is rendered as HTML, PDF, DOCX
 * and XLSX.
 */
import type { YearData } from '../model/derive.ts';
import { buildAnalysisDocument } from './analysis.ts';
import { buildMeasuresDocument } from './measures.ts';
import type { DocumentKind, DocumentModel } from './model.ts';

export function buildDocument(kind: DocumentKind, data: YearData): DocumentModel {
  return kind === 'analysis' ? buildAnalysisDocument(data) : buildMeasuresDocument(kind, data);
}
