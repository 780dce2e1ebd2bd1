/** Readable Thai (or English) text for the terminal. Thai digits by default, as officials read them. */
import type { AnalysisResult } from '../years/scoring.ts';
import type { ScoredAgency } from '../years/scoring.ts';
import type { CriteriaYear } from '../ita/index.ts';
import { Exact, type ScoreResult } from '../scoring/index.ts';
import { applyDigits, type DigitStyle } from '../thai/index.ts';

const fixed = (n: number) => n.toFixed(2);
/** "0.3" → "30", exactly. */
const percent = (weight: string) => Exact.parse(weight).mul(Exact.int(100)).toString();

export function scoreText(result: ScoreResult | ScoredAgency, criteria: CriteriaYear, digits: DigitStyle): string {
  const lines: string[] = [];
  const agency = 'agency' in result && result.agency ? `${result.agency} · ` : '';
  lines.push(`${agency}ผลการประเมิน ITA ปีงบประมาณ พ.ศ. ${result.year}`);
  lines.push('');
  for (const tool of criteria.tools) {
    lines.push(`${tool.code} ${tool.nameTh}: ${fixed(result.tools[tool.code])} คะแนน (ถ่วงน้ำหนัก ${fixed(result.weighted[tool.code])} จาก ${percent(tool.weight)})`);
    for (const n of tool.indicators) {
      const def = criteria.indicators.find((i) => i.number === n);
      lines.push(`    ตัวชี้วัดที่ ${n} ${def?.nameTh ?? ''}: ${fixed(result.indicators[String(n)] as number)}`);
    }
  }
  if (result.eitParts) lines.push(`EIT ส่วนที่ 1 / ส่วนที่ 2: ${result.eitParts.map(fixed).join(' / ')}`);
  if ('respondents' in result && result.respondents) {
    lines.push(`ผู้ตอบแบบสอบถาม: IIT ${result.respondents.IIT} คน, EIT ${result.respondents.EIT} คน`);
  }
  if ('oitNotMet' in result && result.oitNotMet) {
    lines.push(`ข้อ OIT ที่ยังไม่ผ่าน: ${result.oitNotMet.length ? result.oitNotMet.join(', ') : 'ไม่มี'}`);
  }
  lines.push('');
  lines.push(`คะแนนรวม ${fixed(result.overall)} คะแนน: ${result.pass ? 'ผ่าน' : 'ไม่ผ่าน'}เกณฑ์ (${result.passMark} คะแนนขึ้นไป)`);
  lines.push(`ระดับ: ${result.grade ?? 'ไม่ระบุ'}`);
  if (result.gradeNote) lines.push(`หมายเหตุระดับ: ${result.gradeNote}`);
  if (result.notes.length > 0) {
    lines.push('');
    lines.push('ข้อมูลเกณฑ์ที่ยังไม่ยืนยัน:');
    for (const note of result.notes) lines.push(`  - ${note.th}`);
  }
  return applyDigits(lines.join('\n'), digits);
}

export function scoreTableText(rows: readonly (ScoredAgency & { row: number })[], digits: DigitStyle): string {
  const lines = rows.map(
    (r) =>
      `แถวที่ ${r.row}\t${r.agency ?? '-'}\tปี ${r.year}\tIIT ${fixed(r.tools.IIT)}\tEIT ${fixed(r.tools.EIT)}\tOIT ${fixed(r.tools.OIT)}\t` +
      `รวม ${fixed(r.overall)}\t${r.pass ? 'ผ่าน' : 'ไม่ผ่าน'}\t${r.grade ?? '(ไม่ระบุระดับ)'}`,
  );
  return applyDigits(lines.join('\n'), digits);
}

export function analysisText(result: AnalysisResult, lang: 'th' | 'en'): string {
  const s = result.sentences;
  const lines: string[] = [];
  const thaiNumber = (i: number) => applyDigits(String(i), 'thai');
  s.tools.forEach((t, i) => lines.push(lang === 'th' ? `${thaiNumber(i + 1)}. ${t.th}` : `${i + 1}. ${t.en}`));
  if (s.overall) lines.push('', lang === 'th' ? s.overall.th : s.overall.en);
  if (s.changes.length > 0) {
    lines.push('', lang === 'th' ? 'เทียบกับปีก่อน:' : 'Compared with last year:');
    for (const c of s.changes) lines.push(`  - ${lang === 'th' ? c.th : c.en}`);
  }
  if (result.score?.gradeNote) lines.push('', lang === 'th' ? `หมายเหตุ: ${result.score.gradeNote}` : `Note: ${result.score.gradeNoteEn}`);
  return lines.join('\n');
}

export function criteriaText(c: CriteriaYear, digits: DigitStyle): string {
  const lines: string[] = [];
  lines.push(`${c.titleTh} (ฉบับที่ ${c.revision})`);
  if (c.provisional) lines.push(`ฉบับชั่วคราว / PROVISIONAL: ${c.provisional.th}`, `  ${c.provisional.en}`);
  lines.push(`เกณฑ์ผ่าน ${c.passMark} คะแนน · คะแนนปัดเศษทศนิยม ${c.decimals} ตำแหน่ง`);
  lines.push('');
  lines.push('เครื่องมือและตัวชี้วัด:');
  for (const tool of c.tools) {
    lines.push(`  ${tool.code} ${tool.nameTh} (${tool.nameEn}) น้ำหนัก ${percent(tool.weight)}%`);
    if (tool.parts) lines.push(`      แบ่งเป็น ${tool.parts.map((p) => p.nameTh).join(' และ ')}`);
    for (const n of tool.indicators) {
      const def = c.indicators.find((i) => i.number === n);
      const questions = c.questions.filter((q) => q.indicator === n).map((q) => q.code);
      lines.push(`    ${n}. ${def?.nameTh ?? ''} (${def?.nameEn ?? ''})${questions.length ? ` ข้อ ${questions.join(', ')}` : ''}`);
    }
  }
  lines.push('');
  if (c.gradeRule.kind === 'bands') {
    lines.push(`ระดับคะแนน: ${c.gradeRule.bands.map((b) => `${b.grade} ≥ ${b.min}`).join(', ')}`);
  } else {
    lines.push('ระดับผลการประเมิน:');
    for (const l of c.gradeRule.levels) {
      lines.push(`  ${l.label}: คะแนนรวม ≥ ${l.minOverall}${l.minEveryTool ? ` และทุกเครื่องมือ ≥ ${l.minEveryTool}` : ''}`);
    }
    lines.push(`  ต่ำกว่า ${c.passMark}: ไม่ผ่าน (ชื่อระดับยังไม่ยืนยัน: ${c.gradeRule.unconfirmedBelowPass.map((b) => b.label).join(' / ')})`);
  }
  if (c.oitItems.length > 0) {
    lines.push('');
    lines.push(`รายการข้อมูล OIT (${c.oitItems.length} ข้อ):`);
    let group = '';
    for (const item of c.oitItems) {
      const heading = `${item.subIndicator ? `${item.subIndicator} ` : `ตัวชี้วัดที่ ${item.indicator} · `}${item.groupTh}`;
      if (heading !== group) {
        lines.push(`  ${heading}`);
        group = heading;
      }
      const period = item.period === 'previous' ? ' (ข้อมูลปีก่อน)' : item.period === 'current' ? ' (ข้อมูลปีปัจจุบัน)' : '';
      lines.push(`    ${item.code} ${item.titleTh}${period}`);
    }
  }
  if (c.notes.length > 0) {
    lines.push('');
    lines.push('ข้อมูลที่ยังไม่ยืนยัน (ตรวจสอบกับคู่มือของสำนักงาน ป.ป.ช.):');
    for (const n of c.notes) lines.push(`  - ${n.th}`);
  }
  return applyDigits(lines.join('\n'), digits);
}
