/**
 * The findings as sentences, in the style of the yearly measures report ("๑. แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย
 * ภายใน (IIT) พบว่า ผลคะแนนของตัวชี้วัดที่ ๒ การใช้งบประมาณ คือ ๘๗.๗๒ คะแนน มีค่าต่ำสุดของ IIT แต่ผ่านเกณฑ์เป้าหมาย
 * (๘๕ คะแนนขึ้นไป)"). Thai digits by default; English for the API and for users who switch language.
 */
import { applyDigits, type DigitStyle } from '../thai/index.ts';
import type { Findings, IndicatorChange, IndicatorScore, ToolFindings } from './findings.ts';

export interface SentenceOptions {
  /** Thai digits (default) or Arabic digits in Thai sentences. */
  readonly digits?: DigitStyle;
}

export interface FindingSentences {
  /** One sentence per tool, in catalogue order (IIT, EIT, OIT). */
  readonly tools: readonly { readonly tool: string; readonly th: string; readonly en: string }[];
  /** The overall result and its change since last year, when every indicator is known. */
  readonly overall: { readonly th: string; readonly en: string } | null;
  /** One sentence per indicator that changed since last year (and those that did not). */
  readonly changes: readonly { readonly indicator: number; readonly th: string; readonly en: string }[];
}

/** 100 → "100", 87.7 → "87.70": whole numbers without decimals, others with two, as the reports print them. */
export function scoreText(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(2);
}

function listTh(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(' ')} และ${parts[parts.length - 1]}`;
}

function listEn(parts: readonly string[]): string {
  if (parts.length <= 2) return parts.join(' and ');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const indicatorTh = (e: { indicator: number; nameTh: string }) => `ตัวชี้วัดที่ ${e.indicator} ${e.nameTh}`;
const indicatorEn = (e: { indicator: number; nameEn: string }) => `indicator ${e.indicator} (${e.nameEn})`;
const withScoreTh = (e: IndicatorScore) => `${indicatorTh(e)} คือ ${scoreText(e.score)} คะแนน`;
const withScoreEn = (e: IndicatorScore) => `${indicatorEn(e)} scored ${scoreText(e.score)}`;

export function toolSentenceTh(t: ToolFindings, passMark: number): string {
  const target = `เกณฑ์เป้าหมาย (${scoreText(passMark)} คะแนนขึ้นไป)`;
  const head = `${t.nameTh} (${t.nameEn} : ${t.tool}) พบว่า`;
  const missingText = t.missing.length > 0 ? `ยังไม่มีผลคะแนนของ${listTh(t.missing.map(indicatorTh))}` : '';
  if (!t.lowest) return `${head} ${missingText}`;

  let sentence: string;
  if (t.missing.length === 0 && t.lowest.score === 100) {
    // Every indicator of the tool at 100.
    sentence =
      `${head} ผลคะแนนของ${listTh(t.fullMarks.map(withScoreTh))} ` +
      `ได้คะแนนเต็ม 100 คะแนนทั้ง ${t.fullMarks.length} ตัวชี้วัด ตาม${target}`;
  } else {
    const lowest = t.lowest.indicators;
    const subject =
      lowest.length === 1
        ? `ผลคะแนนของ${withScoreTh(lowest[0] as IndicatorScore)}`
        : `ผลคะแนนของ${listTh(lowest.map(indicatorTh))} คือ ${scoreText(t.lowest.score)} คะแนนเท่ากัน`;
    const verdict = t.lowest.passes ? `แต่ผ่าน${target}` : `และต่ำกว่า${target}`;
    sentence = `${head} ${subject} มีค่าต่ำสุดของ ${t.tool} ${verdict}`;
    const otherBelow = t.belowPass.filter((b) => !lowest.some((l) => l.indicator === b.indicator));
    if (otherBelow.length > 0) {
      sentence += ` นอกจากนี้${listTh(otherBelow.map(withScoreTh))} ก็ต่ำกว่าเกณฑ์เป้าหมายด้วย`;
    }
    if (t.fullMarks.length > 0) {
      sentence += ` ส่วน${listTh(t.fullMarks.map(indicatorTh))} ได้คะแนนเต็ม 100 คะแนน`;
    }
  }
  return missingText ? `${sentence} (${missingText})` : sentence;
}

export function toolSentenceEn(t: ToolFindings, passMark: number): string {
  const target = `the target (${scoreText(passMark)} or more)`;
  const head = `${t.nameEn} (${t.tool}):`;
  const missingText =
    t.missing.length > 0 ? `no score yet for ${listEn(t.missing.map(indicatorEn))}` : '';
  if (!t.lowest) return `${head} ${missingText}.`;
  let sentence: string;
  if (t.missing.length === 0 && t.lowest.score === 100) {
    sentence = `${head} ${listEn(t.fullMarks.map(withScoreEn))}: full marks on all ${t.fullMarks.length} indicators, meeting ${target}.`;
  } else {
    const lowest = t.lowest.indicators;
    const subject =
      lowest.length === 1
        ? withScoreEn(lowest[0] as IndicatorScore)
        : `${listEn(lowest.map(indicatorEn))} both scored ${scoreText(t.lowest.score)}`;
    sentence = `${head} ${subject}, the lowest of ${t.tool}, ${t.lowest.passes ? 'but it meets' : 'and it is below'} ${target}.`;
    const otherBelow = t.belowPass.filter((b) => !lowest.some((l) => l.indicator === b.indicator));
    if (otherBelow.length > 0) sentence += ` ${listEn(otherBelow.map(withScoreEn))} ${otherBelow.length > 1 ? 'are' : 'is'} also below the target.`;
    if (t.fullMarks.length > 0) sentence += ` ${listEn(t.fullMarks.map(indicatorEn))} scored full marks.`;
  }
  return missingText ? `${sentence} (${missingText[0]?.toUpperCase()}${missingText.slice(1)}.)` : sentence;
}

function changeTh(c: IndicatorChange, year: number, previousYear: number): string {
  const head = `${indicatorTh(c)} ปี ${year}`;
  if (c.direction === 'same') return `${head} ได้ ${scoreText(c.current)} คะแนน เท่ากับปี ${previousYear}`;
  const word = c.direction === 'up' ? 'เพิ่มขึ้น' : 'ลดลง';
  return `${head} ได้ ${scoreText(c.current)} คะแนน ${word}จากปี ${previousYear} (${scoreText(c.previous)} คะแนน) ${Math.abs(c.delta).toFixed(2)} คะแนน`;
}

function changeEn(c: IndicatorChange, year: number, previousYear: number): string {
  const head = `${indicatorEn(c)} scored ${scoreText(c.current)} in ${year}`;
  if (c.direction === 'same') return `${head}, the same as in ${previousYear}.`;
  return `${head}, ${c.direction === 'up' ? 'up' : 'down'} ${Math.abs(c.delta).toFixed(2)} from ${scoreText(c.previous)} in ${previousYear}.`;
}

export function sentences(f: Findings, options: SentenceOptions = {}): FindingSentences {
  const digits = options.digits ?? 'thai';
  const th = (s: string) => applyDigits(s, digits);
  let overall: FindingSentences['overall'] = null;
  if (f.overall.current !== null) {
    const passes = f.overall.current >= f.passMark;
    let sTh =
      `ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ${f.year} ได้คะแนนรวม ${scoreText(f.overall.current)} คะแนน ` +
      `${passes ? 'ผ่าน' : 'ต่ำกว่า'}เกณฑ์เป้าหมาย (${scoreText(f.passMark)} คะแนนขึ้นไป)`;
    let sEn = `The ${f.year} ITA overall score is ${scoreText(f.overall.current)}, ${passes ? 'meeting' : 'below'} the target of ${scoreText(f.passMark)}.`;
    if (f.overall.previous !== null && f.overall.delta !== null && f.previousYear !== null) {
      const d = Math.abs(f.overall.delta).toFixed(2);
      sTh +=
        f.overall.delta === 0
          ? ` เท่ากับปี ${f.previousYear}`
          : ` ${f.overall.delta > 0 ? 'เพิ่มขึ้น' : 'ลดลง'}จากปี ${f.previousYear} (${scoreText(f.overall.previous)} คะแนน) ${d} คะแนน`;
      sEn +=
        f.overall.delta === 0
          ? ` The same as in ${f.previousYear}.`
          : ` ${f.overall.delta > 0 ? 'Up' : 'Down'} ${d} from ${scoreText(f.overall.previous)} in ${f.previousYear}.`;
    }
    overall = { th: th(sTh), en: sEn };
  }
  return {
    tools: f.tools.map((t) => ({ tool: t.tool, th: th(toolSentenceTh(t, f.passMark)), en: toolSentenceEn(t, f.passMark) })),
    overall,
    changes:
      f.previousYear === null
        ? []
        : f.changes.map((c) => ({
            indicator: c.indicator,
            th: th(changeTh(c, f.year, f.previousYear as number)),
            en: changeEn(c, f.year, f.previousYear as number),
          })),
  };
}
