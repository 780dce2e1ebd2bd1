/**
 * การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส: the ten indicator scores against the pass mark (a table and a bar
 * chart), the tool and overall scores with the grade, the findings, and the measures they lead to (the criteria's
 * notes stay in the staff pages and the API). A missing score is printed as ไม่มีข้อมูล and drawn as a gap, never
 * as 0. Pure.
 */
import { scoreText } from '../../analysis/index.ts';
import type { IndicatorNumber } from '../../ita/index.ts';
import type { YearData } from '../../model/derive.ts';
import { DOCUMENT_KIND_NAMES, type Block, type Cell, type DocumentModel, type Table } from './model.ts';
import {
  MISSING_TH,
  criteriaOf,
  documentModel,
  eraSpacing,
  findingText,
  fiscalYear,
  introText,
  listCell,
  scoreCell,
  sortedMeasures,
  textCell,
  titleBlock,
  withEraSpacing,
} from './parts.ts';

function verdictCell(score: number | null, passMark: number): Cell {
  if (score === null) return { lines: [{ text: MISSING_TH }], align: 'center', missing: true };
  return textCell(score >= passMark ? 'ผ่านเกณฑ์' : 'ต่ำกว่าเกณฑ์', { align: 'center' });
}

function indicatorTable(data: YearData): Table {
  const criteria = criteriaOf(data);
  const passMark = data.computed.findings.passMark;
  const previous = data.previousScores;
  const value = (record: Readonly<Record<string, number | null>>, n: number) => record[String(n)] ?? null;
  const rows = criteria.indicators.map((def) => {
    const score = value(data.scores.indicators, def.number);
    const row: Cell[] = [
      textCell(`${def.number}. ${def.nameTh}`),
      textCell(def.tool, { align: 'center' }),
      scoreCell(score),
      verdictCell(score, passMark),
    ];
    if (previous) {
      const before = value(previous.indicators, def.number);
      const change = data.computed.findings.changes.find((c) => c.indicator === def.number);
      row.push(scoreCell(before));
      row.push(
        change
          ? textCell(`${change.delta > 0 ? '+' : ''}${change.delta.toFixed(2)}`, { align: 'center', value: change.delta })
          : { lines: [{ text: MISSING_TH }], align: 'center', missing: true },
      );
    }
    return row;
  });
  const header = [
    { text: 'ตัวชี้วัด' },
    { text: 'เครื่องมือ' },
    { text: 'คะแนน' },
    { text: `ผลเทียบกับเกณฑ์ (${scoreText(passMark)} คะแนน)` },
    ...(previous ? [{ text: `คะแนนปี ${previous.year}` }, { text: 'เปลี่ยนแปลง' }] : []),
  ];
  const columns = previous
    ? [{ width: 34 }, { width: 11 }, { width: 12 }, { width: 17 }, { width: 13 }, { width: 13 }]
    : [{ width: 46 }, { width: 14 }, { width: 16 }, { width: 24 }];
  return { name: 'คะแนนรายตัวชี้วัด', columns, header: [header], rows };
}

/** "ร้อยละ 30" from the catalogue's decimal weight "0.3". */
function weightText(weight: string): string {
  return `ร้อยละ ${Math.round(Number(weight) * 10000) / 100}`;
}

function toolTable(data: YearData): Table {
  const criteria = criteriaOf(data);
  const score = data.computed.score;
  const rows: Cell[][] = [];
  for (const tool of criteria.tools) {
    const toolScore = data.computed.findings.tools.find((t) => t.tool === tool.code)?.score ?? null;
    rows.push([textCell(`${tool.nameTh} (${tool.code})`), textCell(weightText(tool.weight), { align: 'center' }), scoreCell(toolScore), scoreCell(score?.weighted[tool.code])]);
    const parts = score?.eitParts ?? data.scores.eitParts;
    if (tool.parts && parts) {
      tool.parts.forEach((part, i) => {
        rows.push([textCell(`${tool.code} ${part.nameTh}`), textCell('-', { align: 'center' }), scoreCell(parts[i]), textCell('-', { align: 'center' })]);
      });
    }
  }
  rows.push([textCell('คะแนนรวม', { bold: true }), textCell('ร้อยละ 100', { align: 'center' }), scoreCell(score?.overall), scoreCell(score?.overall)]);
  return {
    name: 'คะแนนรายเครื่องมือ',
    columns: [{ width: 48 }, { width: 14 }, { width: 14 }, { width: 24 }],
    header: [[{ text: 'เครื่องมือ' }, { text: 'น้ำหนัก' }, { text: 'คะแนน' }, { text: 'คะแนนถ่วงน้ำหนัก' }]],
    rows,
  };
}

/**
 * The overall result and the grade, and the published result when known. The criteria's notes on what the figures
 * rest on (and a grade the criteria cannot name) are the software's, not the agency's: the staff pages and the API
 * show them (the dashboard, the scores page), the document does not.
 */
function resultBlocks(data: YearData): Block[] {
  const score = data.computed.score;
  const blocks: Block[] = [];
  if (score) {
    const verdict = score.pass ? 'ผ่าน' : 'ไม่ผ่าน';
    const grade = score.grade ? ` ระดับผลการประเมิน: ${score.grade}` : '';
    blocks.push({ type: 'paragraph', text: `คะแนนรวม ${scoreText(score.overall)} คะแนน ${verdict}เกณฑ์ ${scoreText(score.passMark)} คะแนน${grade}` });
  } else {
    const missing = data.computed.findings.missing;
    blocks.push({
      type: 'paragraph',
      text: `ยังไม่มีผลคะแนนรวมและระดับผลการประเมิน เนื่องจากยังไม่มีผลคะแนนของตัวชี้วัดที่ ${missing.join(', ')}`,
    });
  }
  const official = data.scores.official;
  if (official && official.overall !== null) {
    const grade = official.grade ? ` ระดับ ${official.grade}` : '';
    blocks.push({ type: 'paragraph', text: `ผลที่สำนักงาน ป.ป.ช. ประกาศ: คะแนนรวม ${scoreText(official.overall)} คะแนน${grade}` });
  }
  return blocks;
}

function measuresTable(data: YearData): Table {
  const criteria = criteriaOf(data);
  const rows = sortedMeasures(data.measures).map((m): Cell[] => {
    const linked = m.indicators.flatMap((n) => {
      const def = criteria.indicators.find((i) => i.number === (n as IndicatorNumber));
      if (!def) return [];
      const score = data.scores.indicators[String(n)] ?? null;
      return [`${n}. ${def.nameTh} (${score === null ? MISSING_TH : `${scoreText(score)} คะแนน`})`];
    });
    // A measure linked to no indicator: a dash, as an officer marks an empty cell (the linter reports it).
    return [textCell(m.titleTh), linked.length > 0 ? { lines: linked.map((text) => ({ text })) } : textCell('-', { align: 'center' }), listCell(m.methods)];
  });
  return {
    name: 'มาตรการ',
    columns: [{ width: 24 }, { width: 32 }, { width: 44 }],
    header: [[{ text: 'มาตรการ' }, { text: 'ตัวชี้วัดที่เกี่ยวข้อง (คะแนน)' }, { text: 'วิธีดำเนินการ' }]],
    rows,
    compact: true,
  };
}

export function buildAnalysisDocument(data: YearData): DocumentModel {
  const criteria = criteriaOf(data);
  const passMark = scoreText(data.computed.findings.passMark);
  const era = eraSpacing(data);
  const year = fiscalYear(data.criteriaYear, era);
  const blocks: Block[] = [
    titleBlock(DOCUMENT_KIND_NAMES.analysis.th, data.organisation, data.criteriaYear),
    { type: 'paragraph', text: introText(data), indent: true },
    { type: 'heading', text: `1. คะแนนรายตัวชี้วัดเทียบกับเกณฑ์ ${passMark} คะแนน` },
    { type: 'caption', text: `ตารางคะแนนรายตัวชี้วัด ประจำ${year}` },
    { type: 'table', table: indicatorTable(data) },
    {
      type: 'chart',
      chart: {
        title: `แผนภูมิคะแนนรายตัวชี้วัด ประจำ${year} เทียบกับเกณฑ์ ${passMark} คะแนน`,
        bars: criteria.indicators.map((def) => ({ label: String(def.number), name: def.nameTh, value: data.scores.indicators[String(def.number)] ?? null })),
        target: data.computed.findings.passMark,
        targetLabel: `เกณฑ์ ${passMark} คะแนน`,
        max: 100,
        missingLabel: MISSING_TH,
      },
    },
    { type: 'heading', text: '2. คะแนนรายเครื่องมือและคะแนนรวม' },
    { type: 'caption', text: `ตารางคะแนนรายเครื่องมือและคะแนนรวม ประจำ${year}` },
    { type: 'table', table: toolTable(data) },
    ...resultBlocks(data),
    { type: 'heading', text: '3. ผลการวิเคราะห์' },
  ];
  criteria.tools.forEach((tool, i) => blocks.push({ type: 'numbered', marker: `3.${i + 1}`, text: findingText(data, tool) }));
  const { overall, changes } = data.computed.sentences;
  if (overall) blocks.push({ type: 'paragraph', text: withEraSpacing(overall.th, era), indent: true });
  for (const change of changes) blocks.push({ type: 'paragraph', text: withEraSpacing(change.th, era), indent: true });
  if (data.analysis.summary) blocks.push({ type: 'paragraph', text: data.analysis.summary, indent: true });
  // Without measures yet, the section is left out rather than printed empty.
  if (data.measures.length > 0) {
    blocks.push({ type: 'heading', text: '4. มาตรการที่กำหนดจากผลการวิเคราะห์' });
    blocks.push({ type: 'table', table: measuresTable(data) });
  }
  return documentModel('analysis', data, data.criteriaYear, blocks);
}
