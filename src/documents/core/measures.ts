/**
 * The yearly measures report (รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส) and the plan that comes
 * before it (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน). Both follow the seed report of อบต.ห้วยทอง: the
 * title block, the introduction, a heading, then one numbered section per ITA tool with its finding, a table
 * caption and the table of the measures linked to the tool's indicators. The report shows what was done and the
 * results; the plan shows the follow-up and the expected outcome instead. Pure.
 */
import type { ToolDefinition } from '../../ita/index.ts';
import type { YearData } from '../../model/derive.ts';
import type { Measure } from '../../model/year.ts';
import { DOCUMENT_KIND_NAMES, type Block, type Cell, type Column, type DocumentModel, type HeaderCell, type Table } from './model.ts';
import {
  criteriaOf,
  documentModel,
  findingText,
  fiscalYearOf,
  introText,
  listCell,
  measuresOfTool,
  ofAgencyKind,
  periodText,
  responsibleCell,
  textCell,
  titleBlock,
  unlinkedMeasures,
} from './parts.ts';
import { monthlySection } from './progress.ts';

type MeasuresKind = 'measures-report' | 'measures-plan';

interface TableShape {
  readonly columns: readonly Column[];
  readonly header: readonly (readonly HeaderCell[])[];
  readonly row: (m: Measure) => Cell[];
}

const twoRows = (text: string): HeaderCell => ({ text, rowSpan: 2 });

/** Both tables have seven columns of the same widths, so the plan and the report line up when compared. */
const COLUMNS: readonly Column[] = [{ width: 11 }, { width: 20 }, { width: 20 }, { width: 12 }, { width: 10 }, { width: 13.5 }, { width: 13.5 }];

/** A row of either table: the same six cells, then the result (report) or the expected outcome (plan). */
const measureRow =
  (last: (m: Measure) => string | null) =>
  (m: Measure): Cell[] => [
    textCell(m.titleTh),
    listCell(m.methods),
    listCell(m.actions),
    responsibleCell(m),
    textCell(periodText(m)),
    textCell(m.followUp),
    textCell(last(m)),
  ];

/** The seed's columns: กำกับติดตาม has two sub-columns, follow-up and result. */
const REPORT_TABLE: TableShape = {
  columns: COLUMNS,
  header: [
    [twoRows('มาตรการ'), twoRows('วิธีดำเนินการ'), twoRows('ผลการดำเนินการ'), twoRows('ผู้รับผิดชอบ'), twoRows('ระยะเวลาดำเนินการ'), { text: 'กำกับติดตาม', colSpan: 2 }],
    [{ text: 'รายงานความก้าวหน้าและสรุปผล ใน ณ สิ้นปีงบประมาณ' }, { text: 'ดำเนินการแล้ว ผลลัพธ์/ความสำเร็จ' }],
  ],
  row: measureRow((m) => m.result),
};

/** Before implementation: no results; the follow-up and the expected outcome. */
const PLAN_TABLE: TableShape = {
  columns: COLUMNS,
  header: [
    [
      { text: 'มาตรการ' },
      { text: 'วิธีดำเนินการ' },
      { text: 'การดำเนินการ' },
      { text: 'ผู้รับผิดชอบ' },
      { text: 'ระยะเวลาดำเนินการ' },
      { text: 'การกำกับติดตาม' },
      { text: 'ผลที่คาดว่าจะได้รับ' },
    ],
  ],
  row: measureRow((m) => m.expectedOutcome),
};

function measuresTable(kind: MeasuresKind, name: string, measures: readonly Measure[]): Table {
  const shape = kind === 'measures-report' ? REPORT_TABLE : PLAN_TABLE;
  return { name, columns: shape.columns, header: shape.header, rows: measures.map(shape.row), compact: true };
}

function caption(kind: MeasuresKind, data: YearData, tool: ToolDefinition): string {
  const subject =
    kind === 'measures-report'
      ? `ตารางผลการประเมิน${tool.nameTh} (${tool.code})`
      : `ตารางมาตรการตามผลการประเมิน${tool.nameTh} (${tool.code})`;
  return `${subject} ประจำ${fiscalYearOf(data, data.criteriaYear)} เพื่อปรับปรุงและพัฒนาใน${fiscalYearOf(data, data.year)}`;
}

function heading(kind: MeasuresKind, data: YearData): string {
  const of = ofAgencyKind(data.organisation);
  return kind === 'measures-report'
    ? `การขับเคลื่อนมาตรการส่งเสริมคุณธรรมและความโปร่งใส${of} ประจำ${fiscalYearOf(data, data.year)}`
    : `มาตรการส่งเสริมคุณธรรมและความโปร่งใส${of} ประจำ${fiscalYearOf(data, data.year)}`;
}

/**
 * One numbered section per ITA tool (its finding, then the caption and the table of its measures, if it has any),
 * and a last section for the measures linked to no indicator of the year's criteria: the body every
 * measures document shares (the plan, the report, the six-month report of src/documents/core/progress.ts).
 */
export function measureSections(
  data: YearData,
  captionOf: (tool: ToolDefinition) => string,
  tableOf: (name: string, measures: readonly Measure[]) => Table,
): Block[] {
  const criteria = criteriaOf(data);
  const blocks: Block[] = [];
  criteria.tools.forEach((tool, i) => {
    blocks.push({ type: 'numbered', marker: `${i + 1}.`, text: findingText(data, tool) });
    const measures = measuresOfTool(data, tool);
    // A tool without measures prints its finding only: what is missing is the linter's to say, not the document's.
    if (measures.length === 0) return;
    blocks.push({ type: 'caption', text: captionOf(tool) });
    blocks.push({ type: 'table', table: tableOf(`มาตรการ ${tool.code}`, measures) });
  });
  const others = unlinkedMeasures(data);
  if (others.length > 0) {
    blocks.push({ type: 'numbered', marker: `${criteria.tools.length + 1}.`, text: 'มาตรการอื่น ๆ' });
    blocks.push({ type: 'table', table: tableOf('มาตรการอื่น', others) });
  }
  return blocks;
}

export interface MeasuresOptions {
  /**
   * The report only: add each measure's monthly progress and evidence files (the section "ผลการดำเนินงานรายเดือน",
   * after the tools' tables). Default on; a year without any progress entry adds nothing.
   */
  readonly progress?: boolean;
}

export function buildMeasuresDocument(kind: MeasuresKind, data: YearData, options: MeasuresOptions = {}): DocumentModel {
  const name = DOCUMENT_KIND_NAMES[kind].th;
  const blocks: Block[] = [titleBlock(name, data.organisation, data.year), { type: 'paragraph', text: introText(data), indent: true }];
  blocks.push({ type: 'heading', text: heading(kind, data) });
  blocks.push(...measureSections(data, (tool) => caption(kind, data, tool), (tableName, measures) => measuresTable(kind, tableName, measures)));
  if (kind === 'measures-report' && (options.progress ?? true)) blocks.push(...monthlySection(data.measures, null, false));
  if (data.analysis.summary) blocks.push({ type: 'paragraph', text: data.analysis.summary, indent: true });
  return documentModel(kind, data, data.year, blocks);
}
