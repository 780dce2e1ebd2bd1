/**
 * Pieces shared by the documents of a year: the title block, the organisation line, fiscal-year phrases, the
 * finding sentence of a tool, measures grouped by tool, and table cells for lists, periods and responsibles.
 * Pure. Text is written with Arabic digits where it is generated; renderers convert digits.
 */
import { scoreText } from '../../analysis/index.ts';
import { criteriaOf as criteriaOfYear, type CriteriaYear, type ToolDefinition } from '../../ita/index.ts';
import type { YearData } from '../../model/derive.ts';
import { ORG_KIND_TH, type Measure, type Organisation } from '../../model/year.ts';
import { compareThai, formatFiscalYear, formatThaiDate, organisationPhrases } from '../../thai/index.ts';
import { DOCUMENT_KIND_NAMES, type Block, type Cell, type CellLine, type DocumentKind, type DocumentModel } from './model.ts';

export const MISSING_TH = 'ไม่มีข้อมูล';

export function criteriaOf(data: YearData): CriteriaYear {
  return criteriaOfYear(data);
}

/** How "พ.ศ." stands before a year: 'spaced' ("พ.ศ. ๒๕๖๖", the default) or 'tight' ("พ.ศ.๒๕๖๖"). */
export type EraSpacing = 'spaced' | 'tight';

/** "พ.ศ." before a year (Thai or Arabic digits); group 1 is the space between, empty when tight. */
export const ERA_BEFORE_YEAR = /พ\.\s?ศ\.(\s*)(?=[0-9๐-๙])/g;

/** The spacing of one "พ.ศ." matched by {@link ERA_BEFORE_YEAR}. */
export function spacingOf(match: RegExpMatchArray): EraSpacing {
  return match[1] ? 'spaced' : 'tight';
}

/** Every text of the year the agency wrote that a document prints: the analysis and the measures' cells. */
export function agencyTexts(data: YearData): string[] {
  const { intro, tools, summary } = data.analysis;
  const measureTexts = data.measures.flatMap((m) => [m.titleTh, ...m.methods, ...m.actions, m.followUp, m.result, m.expectedOutcome, m.period.textTh]);
  return [intro, ...Object.values(tools), summary, ...measureTexts].filter((t): t is string => typeof t === 'string' && t !== '');
}

/**
 * The spacing the agency's own texts of the year use most (spaced when they are even or never write "พ.ศ." before
 * a year), so that the phrases a document generates read like the agency's texts around them.
 */
export function eraSpacing(data: YearData): EraSpacing {
  let tight = 0;
  let spaced = 0;
  for (const text of agencyTexts(data)) {
    for (const match of text.matchAll(ERA_BEFORE_YEAR)) {
      if (spacingOf(match) === 'tight') tight++;
      else spaced++;
    }
  }
  return tight > spaced ? 'tight' : 'spaced';
}

/** A generated text with every "พ.ศ." before a year written with `era`'s spacing. */
export function withEraSpacing(text: string, era: EraSpacing): string {
  return text.replace(ERA_BEFORE_YEAR, era === 'spaced' ? 'พ.ศ. ' : 'พ.ศ.');
}

/** "ปีงบประมาณ พ.ศ. 2566", or "ปีงบประมาณ พ.ศ.2566" with `era` 'tight' (digits converted when rendered). */
export function fiscalYear(year: number, era: EraSpacing = 'spaced'): string {
  return withEraSpacing(formatFiscalYear(year, 'arabic'), era);
}

/** {@link fiscalYear} in the spacing the year's agency texts use (see {@link eraSpacing}). */
export function fiscalYearOf(data: YearData, year: number): string {
  return fiscalYear(year, eraSpacing(data));
}

/** "ขององค์การบริหารส่วนตำบลห้วยทอง อำเภอกู่เวียง จังหวัดขอนแก่น": the second line of every title block. */
export function organisationLine(org: Organisation): string {
  const place = [org.district ? `อำเภอ${org.district}` : '', org.province ? `จังหวัด${org.province}` : ''].filter(Boolean);
  return [`ของ${org.nameTh}`, ...place].join(' ');
}

/** "ขององค์กรปกครองส่วนท้องถิ่น" for local governments, "ของหน่วยงาน" for other agencies. */
export function ofAgencyKind(org: Organisation): string {
  return org.kind === 'other' ? 'ของหน่วยงาน' : 'ขององค์กรปกครองส่วนท้องถิ่น';
}

/** The three centred bold lines: document name, organisation, fiscal year (as the seed: no "พ.ศ." there). */
export function titleBlock(name: string, org: Organisation, year: number): Block {
  return { type: 'title', lines: [name, organisationLine(org), `ประจำปีงบประมาณ ${year}`] };
}

/** The introduction as the agency wrote it, or one in the same words for this year. */
export function introText(data: YearData): string {
  if (data.analysis.intro) return data.analysis.intro;
  const of = ofAgencyKind(data.organisation);
  return (
    `ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน ITA ของ${data.organisation.nameTh} ${fiscalYearOf(data, data.criteriaYear)} ` +
    `และได้กำหนดมาตรการ/แนวทางในการส่งเสริมคุณธรรมและความโปร่งใส${of}ใน${fiscalYearOf(data, data.year)} ` +
    `โดยได้มีการดำเนินการขับเคลื่อนมาตรการส่งเสริมคุณธรรมและความโปร่งใส${of} ประจำ${fiscalYearOf(data, data.year)}`
  );
}

/** The finding of a tool: the agency's own text when it wrote one, otherwise the sentence computed from the scores. */
export function findingText(data: YearData, tool: ToolDefinition): string {
  const stored = data.analysis.tools[tool.code];
  if (stored) return stored;
  return data.computed.sentences.tools.find((s) => s.tool === tool.code)?.th ?? '';
}

export function sortedMeasures(measures: readonly Measure[]): Measure[] {
  return [...measures].sort((a, b) => a.seq - b.seq || compareThai(a.titleTh, b.titleTh));
}

/** The measures linked to any indicator of the tool, in document order. */
export function measuresOfTool(data: YearData, tool: ToolDefinition): Measure[] {
  return sortedMeasures(data.measures.filter((m) => m.indicators.some((n) => (tool.indicators as readonly number[]).includes(n))));
}

/** Measures that no tool's table would show: linked to no indicator of the year's criteria. */
export function unlinkedMeasures(data: YearData): Measure[] {
  const known = new Set<number>(criteriaOf(data).indicators.map((i) => i.number));
  return sortedMeasures(data.measures.filter((m) => !m.indicators.some((n) => known.has(n))));
}

export function textCell(text: string | null | undefined, extra: Omit<Cell, 'lines'> = {}): Cell {
  return { lines: text ? [{ text }] : [], ...extra };
}

/** An ordered list in a cell: items numbered 1. 2. … only when there is more than one. */
export function listCell(items: readonly string[]): Cell {
  const lines: CellLine[] = items.map((text, i) => (items.length > 1 ? { marker: `${i + 1}.`, text } : { text }));
  return { lines };
}

/** One responsible unit or person per line. */
export function responsibleCell(measure: Measure): Cell {
  return { lines: measure.responsible.map((r) => ({ text: r.labelTh })) };
}

/** The period as the agency wrote it, else its dates in Thai ("1 ตุลาคม 2565 – 30 กันยายน 2566"). */
export function periodText(measure: Measure): string {
  const { start, end, textTh } = measure.period;
  if (textTh) return textTh;
  const date = (d: string) => formatThaiDate(d, { digits: 'arabic' });
  if (start && end) return `${date(start)} – ${date(end)}`;
  if (start) return `ตั้งแต่ ${date(start)}`;
  if (end) return `ภายใน ${date(end)}`;
  return '';
}

/** A score as the reports print it (100, 87.72), or the visible gap. */
export function scoreCell(score: number | null | undefined): Cell {
  return score === null || score === undefined
    ? { lines: [{ text: MISSING_TH }], align: 'center', missing: true }
    : { lines: [{ text: scoreText(score) }], align: 'center', value: score };
}

/** The phrases of the year's organisation that no line may split (src/thai/phrases.ts). */
export function documentPhrases(data: YearData): string[] {
  const { organisation: org } = data;
  return organisationPhrases({
    nameTh: org.nameTh,
    kindTh: ORG_KIND_TH[org.kind],
    subdistrict: org.subdistrict,
    district: org.district,
    province: org.province,
    units: data.units,
    responsibles: data.measures.flatMap((m) => m.responsible.map((r) => r.labelTh)),
  });
}

/** The model of a document of `kind` about fiscal year `year` (the measures' year, or the assessment year). */
export function documentModel(kind: DocumentKind, data: YearData, year: number, blocks: readonly Block[]): DocumentModel {
  const name = DOCUMENT_KIND_NAMES[kind].th;
  return {
    kind,
    title: `${name} ${data.organisation.nameTh} ${fiscalYearOf(data, year)}`,
    author: data.organisation.nameTh,
    subject: name,
    lang: 'th',
    year,
    fileName: `${data.organisation.slug}-${year}-${kind}`,
    blocks,
    phrases: documentPhrases(data),
  };
}
