/**
 * The linter as an officer's proof-reader (issue 15, point 6): doubled words, stray numbers, "พ.ศ." with and
 * without the space in one document, Thai and Arabic digits mixed in one text, and commonly misspelt words. Each
 * is a warning with the place and a suggested fix, and correct official Thai is not flagged.
 */
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { problemText } from '../src/cli/report.ts';
import { DEMO_YEARS, huaiThong2566, huaiThong2569 } from '../src/demo/huai-thong.ts';
import { buildDocument } from '../src/documents/core/build.ts';
import { lintYear, type LintCode, type LintProblem } from '../src/documents/core/lint.ts';
import { DOCUMENT_KINDS, type Block, type DocumentModel } from '../src/documents/core/model.ts';
import { fiscalYear } from '../src/documents/core/parts.ts';
import { deriveYear } from '../src/model/derive.ts';
import { yearInputSchema, type Measure, type YearInput } from '../src/model/year.ts';
import { CONFUSABLE_SOURCES, CONFUSABLES, findConfusables } from '../src/thai/confusables.ts';
import { ALLOWED_DOUBLES, findDoubledWords } from '../src/thai/doubles.ts';
import { messages } from '../src/web/i18n.ts';
import { Problems } from '../src/documents/documents-pages.tsx';
import { fragment } from '../src/web/view.tsx';

const PROOFREADING: readonly LintCode[] = ['doubled-word', 'stray-token', 'mixed-era-spacing', 'mixed-digits', 'misspelling'];
const proofreading = (input: YearInput): LintProblem[] => lintYear(deriveYear(input)).filter((p) => PROOFREADING.includes(p.code));
const summary = (problems: readonly LintProblem[]) => problems.map((p) => `${p.code} ${p.where}`);

/** Correct official Thai, written as an officer would (with the words the misspellings list is about). */
const CORRECT_PARAGRAPH =
  'องค์การบริหารส่วนตำบลห้วยทองได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ' +
  'โดยผู้บริหารได้ประกาศเจตจำนงสุจริตในการบริหารงาน และกำหนดให้ผู้ใต้บังคับบัญชาปฏิบัติหน้าที่ตามกฎหมาย ระเบียบ ' +
  'และมาตรฐานการปฏิบัติงานอย่างเคร่งครัด การใช้ดุลพินิจเป็นไปตามหลักเกณฑ์ มีการประชุมชี้แจงบุคลากรทุกเดือน ' +
  'เพื่อสร้างการรับรู้เกี่ยวกับการใช้จ่ายงบประมาณ การเปิดเผยข้อมูลข่าวสารบนเว็บไซต์ อินเทอร์เน็ต อีเมล และแอปพลิเคชัน ' +
  'ของหน่วยงาน และช่องทางการร้องเรียนต่างๆ ในที่ที่ประชาชนเข้าถึงได้ ผลการดำเนินการปรากฏว่าบุคลากรมีความรู้ความเข้าใจ ' +
  'สามารถนำไปปฏิบัติได้อย่างมีประสิทธิภาพ ไม่มีกรณีต้องอนุญาตหรือสั่งการอย่างกะทันหัน และจากการสังเกตการณ์ของคณะกรรมการ ' +
  'ยังไม่มีการร้องเรียนเรื่องการทุจริตในรอบปี โครงการคนคนเดียวกันไม่ซ้ำซ้อน ส่งเสริมนโยบาย Thailand ๔.๐ ' +
  'การประเมินผลสัมฤทธิ์และการวิเคราะห์ความเสี่ยงดำเนินการอย่างสร้างสรรค์ ครั้งที่ ๒ ตามข้อ ๑๒.๓ ของคู่มือ';

/** The demo of FY 2566 with `change` made to its first measure. */
function demoWith(change: (m: Measure) => Partial<Measure>): YearInput {
  const input = yearInputSchema.parse(huaiThong2566);
  input.measures[0] = { ...input.measures[0]!, ...change(input.measures[0]!) };
  return input;
}

/** A measure's first action set to `text`; its proof-reading warnings. */
const actionProblems = (text: string) => proofreading(demoWith(() => ({ actions: [text] }))).filter((p) => p.where === 'measures.m1.actions.0');

describe('doubled words', () => {
  it('flags "การการ" with its place, an excerpt and the fix', () => {
    const [p, ...rest] = actionProblems('กำหนดบทบาทหน้าที่ของผู้บริหารในการกำกับดูแลติดตามการการใช้งบประมาณ');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      code: 'doubled-word',
      severity: 'warning',
      where: 'measures.m1.actions.0',
      whereTh: 'มาตรการที่ 1 การใช้งบประมาณ: ผลการดำเนินการ/การดำเนินการ',
      documents: expect.arrayContaining(['measures-report', 'measures-plan']),
      suggestion: { find: 'การการ', replace: 'การ' },
    });
    expect(p!.th).toContain('ติดตามการการใช้งบ');
    expect(p!.en).toContain('"การ" is written twice');
    expect(p!.suggestion!.th).toContain('"การการ" เป็น "การ"');
  });

  it('flags a word repeated across one space, and "ที่ที่" where no preposition makes it a place', () => {
    expect(findDoubledWords('ผลคะแนน คือ คะแนน คะแนนต่ำสุด').map((d) => d.text)).toEqual(['คะแนน คะแนน']);
    expect(findDoubledWords('ดำเนินการที่ที่สำนักงาน').map((d) => d.text)).toEqual(['ที่ที่']);
    expect(findDoubledWords('มากมาก').map((d) => d.index)).toEqual([0]);
  });

  it('finds long words and words after an earlier repeat, as segmenting the whole text would', () => {
    expect(findDoubledWords('การประชาสัมพันธ์ประชาสัมพันธ์ข่าวสาร').map((d) => d.text)).toEqual(['ประชาสัมพันธ์ประชาสัมพันธ์']);
    expect(findDoubledWords('ขององค์การ คือ คะแนน คะแนนต่ำสุด และการการ').map((d) => d.text)).toEqual(['คะแนน คะแนน', 'การการ']);
    // The same finds as a plain pass over ICU's segments of the whole text, on every demo text and the paragraph.
    const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
    const plain = (text: string) => {
      const s = [...segmenter.segment(text)].map((x) => x.segment);
      return s.flatMap((w, i) => (/\p{L}/u.test(w) && w.trim() === w && (s[i + 1] === w || (s[i + 1] === ' ' && s[i + 2] === w)) ? [w] : []));
    };
    const texts = [CORRECT_PARAGRAPH, ...DEMO_YEARS.flatMap((y) => [...Object.values(y.analysis?.tools ?? {}), ...(y.measures ?? []).flatMap((m) => [...(m.methods ?? []), ...(m.actions ?? [])])])];
    for (const text of texts.filter((t): t is string => typeof t === 'string')) {
      // The plain pass knows no allow-list: an allow-listed word it finds may be left out (คนคนเดียวกัน, ในที่ที่).
      const found = findDoubledWords(text).map((d) => d.word);
      const mayLeaveOut = ALLOWED_DOUBLES.map((a) => a.word);
      expect(plain(text).filter((w) => found.includes(w) || !mayLeaveOut.includes(w)), text).toEqual(found);
    }
  });

  it('does not flag ไม้ยมก, lexical doubles, the allow-list, numbers or look-alike words', () => {
    for (const text of ['ข้อมูลต่างๆ', 'เด็กๆ', 'นานาประเทศ', 'เห็นจะจะ', 'ในที่ที่มีความเสี่ยง', 'ทุกที่ที่ไป', 'คนคนนี้', 'คนคนเดียว', 'เพื่อเพื่อน', '๑๐๐ ๑๐๐ คะแนน', 'Line, Facebook']) {
      expect(findDoubledWords(text), text).toEqual([]);
    }
    expect(ALLOWED_DOUBLES.every((a) => a.why.length > 0)).toBe(true);
  });
});

describe('stray tokens', () => {
  it('flags a section number after a Latin word, in Thai or Arabic digits', () => {
    const [p] = actionProblems('แต่งตั้งเจ้าหน้าที่รับผิดชอบการเผยแพร่ข้อมูลสาธารณชน, เว็บไซต์, Facebook, Line ๑๒๓.๑');
    expect(p).toMatchObject({ code: 'stray-token', where: 'measures.m1.actions.0', suggestion: { find: 'Line ๑๒๓.๑', replace: 'Line' } });
    expect(p!.th).toContain('"๑๒๓.๑"');
    expect(summary(actionProblems('ช่องทาง Line 123.1 และ Facebook'))).toEqual(['stray-token measures.m1.actions.0']);
    expect(summary(actionProblems('ช่องทาง Line123.45.6'))).toEqual(['stray-token measures.m1.actions.0']);
  });

  it('does not flag versions, Thai section numbers, scores or plain numbers', () => {
    for (const text of ['ส่งเสริม Thailand ๔.๐', 'ส่งเสริม Web 2.0', 'ตามข้อ ๑๒๓.๑ ของระเบียบ', 'ตัวชี้วัดที่ ๙ ได้ ๘๗.๗๒ คะแนน', 'ISO 9001 และ Office 365', 'ร้อยละ 100.00 ของ EIT']) {
      expect(actionProblems(text), text).toEqual([]);
    }
  });
});

describe('"พ.ศ." with and without the space in one document', () => {
  it('flags the texts written against the year’s usage, with the fix to it', () => {
    // The seed's introduction writes "พ.ศ.๒๕๖๖" three times; a measure that writes "พ.ศ. ๒๕๖๖" mixes the two.
    const [p, ...rest] = actionProblems('ผู้บริหารประกาศเจตจำนง ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ และ พ.ศ. ๒๕๖๖');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      code: 'mixed-era-spacing',
      where: 'measures.m1.actions.0',
      documents: expect.arrayContaining(['measures-report', 'measures-plan']),
      suggestion: { find: 'พ.ศ. ๒๕๖๖', replace: 'พ.ศ.๒๕๖๖' },
    });
    expect(p!.th).toContain('(2 แห่ง)');
  });

  it('follows the majority: more spaced texts make the tight introduction the odd one', () => {
    const input = demoWith(() => ({ actions: ['ปีงบประมาณ พ.ศ. ๒๕๖๖', 'ปีงบประมาณ พ.ศ. ๒๕๖๖', 'ปีงบประมาณ พ.ศ. ๒๕๖๖', 'ปีงบประมาณ พ.ศ. ๒๕๖๖'] }));
    const mixed = proofreading(input).filter((p) => p.code === 'mixed-era-spacing');
    expect(summary(mixed)).toEqual(['mixed-era-spacing analysis.intro']);
    expect(mixed[0]!.suggestion).toMatchObject({ find: 'พ.ศ.๒๕๖๖', replace: 'พ.ศ. ๒๕๖๖' });
  });

  it('the documents’ own phrases follow the agency’s texts, so the seed’s documents write "พ.ศ." one way only', () => {
    const texts = (doc: DocumentModel) =>
      [doc.title, ...doc.blocks.flatMap((b: Block) => ('text' in b ? [b.text] : b.type === 'title' ? b.lines : b.type === 'chart' ? [b.chart.title] : []))].join('\n');
    const seed = deriveYear(yearInputSchema.parse(huaiThong2566));
    for (const kind of DOCUMENT_KINDS) {
      const text = texts(buildDocument(kind, seed));
      expect(text, kind).not.toMatch(/พ\.ศ\.\s+[0-9๐-๙]/);
      if (kind !== 'analysis') expect(text, kind).toContain('ปีงบประมาณ พ.ศ.2566');
    }
    // A year whose texts never write "พ.ศ." before a year: the phrases keep the space.
    const made = texts(buildDocument('analysis', deriveYear(yearInputSchema.parse(huaiThong2569))));
    expect(made).toContain('ปีงบประมาณ พ.ศ. 2569');
    expect(made).not.toMatch(/พ\.ศ\.[0-9๐-๙]/);
    expect(fiscalYear(2566)).toBe('ปีงบประมาณ พ.ศ. 2566');
    expect(fiscalYear(2566, 'tight')).toBe('ปีงบประมาณ พ.ศ.2566');
  });
});

describe('Thai and Arabic digits mixed in one text', () => {
  it('flags a text with both, naming the Arabic numbers and the Thai form', () => {
    const [p] = actionProblems('ประชุมชี้แจง 2 ครั้ง ภายในปี ๒๕๖๖ และ 12 ครั้งในปีถัดไป');
    expect(p).toMatchObject({ code: 'mixed-digits', where: 'measures.m1.actions.0', suggestion: { find: '2', replace: '๒' } });
    expect(p!.th).toContain('(2, 12)');
    expect(p!.en).toContain('(2, 12)');
  });

  it('does not flag a text in one style, numbers in web or e-mail addresses, or codes in Latin letters', () => {
    for (const text of ['ประชุม 2 ครั้ง ภายในปี 2566', 'ประชุม ๒ ครั้ง ภายในปี ๒๕๖๖', 'ปี ๒๕๖๖ ดู https://www.example.go.th/ita/2566 หรือ ita2566@example.go.th', 'ป้องกัน COVID-19 และ 5G ในปี ๒๕๖๖']) {
      expect(actionProblems(text), text).toEqual([]);
    }
  });
});

describe('commonly misspelt words (src/thai/confusables.ts)', () => {
  it('flags the seed’s ผู้ได้บังคับบัญชา, counted per text, with the right spelling and its source', () => {
    const [p, ...rest] = actionProblems('รายงานให้ผู้ได้บังคับบัญชาทราบ และผู้ได้บังคับบัญชาลงนาม');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'misspelling', where: 'measures.m1.actions.0', suggestion: { find: 'ผู้ได้บังคับบัญชา', replace: 'ผู้ใต้บังคับบัญชา' } });
    expect(p!.th).toContain('(2 แห่ง)');
    expect(p!.suggestion!.th).toContain(CONFUSABLE_SOURCES.law);
  });

  it('every entry is found in a sentence and its right spelling is never flagged', () => {
    for (const entry of CONFUSABLES) {
      expect(findConfusables(`มีการ${entry.wrong}ในเอกสาร`).map((m) => m.entry), entry.wrong).toContain(entry);
      expect(findConfusables(`มีการ${entry.right}ในเอกสาร`), entry.right).toEqual([]);
    }
    expect(findConfusables(CONFUSABLES.map((e) => e.right).join(' '))).toEqual([]);
  });

  it('is data: 30 to 60 distinct entries, each with a known source', () => {
    expect(CONFUSABLES.length).toBeGreaterThanOrEqual(30);
    expect(CONFUSABLES.length).toBeLessThanOrEqual(60);
    expect(new Set(CONFUSABLES.map((e) => e.wrong)).size).toBe(CONFUSABLES.length);
    for (const e of CONFUSABLES) {
      expect(e.wrong).not.toBe(e.right);
      expect(Object.keys(CONFUSABLE_SOURCES)).toContain(e.source);
    }
  });

  it('skips a wrong spelling that is the start of a right one (สร้างสรร / สร้างสรรค์)', () => {
    expect(findConfusables('อย่างสร้างสรรค์').map((m) => m.entry.wrong)).toEqual([]);
    expect(findConfusables('อย่างสร้างสรร และ').map((m) => m.entry.wrong)).toEqual(['สร้างสรร']);
  });
});

describe('correct text and the demo', () => {
  it('a paragraph of correct official Thai has no proof-reading warning, in any field', () => {
    const input = demoWith(() => ({ actions: [CORRECT_PARAGRAPH], methods: [CORRECT_PARAGRAPH], result: CORRECT_PARAGRAPH, followUp: CORRECT_PARAGRAPH }));
    input.measures = [input.measures[0]!];
    input.analysis = { intro: CORRECT_PARAGRAPH, tools: { IIT: CORRECT_PARAGRAPH, EIT: null, OIT: null }, summary: CORRECT_PARAGRAPH };
    expect(proofreading(input)).toEqual([]);
  });

  it('the demo years: the seed’s slips are found, nothing else, and the linter edits nothing', () => {
    const [seed, scores, current] = DEMO_YEARS.map((y) => yearInputSchema.parse(y)) as [YearInput, YearInput, YearInput];
    const before = JSON.stringify(seed);
    expect(summary(proofreading(seed))).toEqual([
      'doubled-word analysis.tools.EIT',
      'doubled-word measures.m1.actions.2',
      'misspelling measures.m1.actions.2',
      'misspelling measures.m1.followUp',
      'misspelling measures.m2.actions.1',
      'stray-token measures.m3.methods.1',
    ]);
    expect(JSON.stringify(seed)).toBe(before);
    // "คือ คะแนน คะแนนต่ำสุด": the score is missing between the two words.
    expect(proofreading(seed)[0]!.suggestion!.th).toContain('เติมข้อความที่ขาด');
    expect(proofreading(scores)).toEqual([]);
    expect(summary(proofreading(current))).toEqual([
      'doubled-word measures.m1-2570.actions.2',
      'misspelling measures.m1-2570.actions.2',
      'misspelling measures.m1-2570.followUp',
      'misspelling measures.m2-2570.actions.1',
      'stray-token measures.m3-2570.methods.1',
    ]);
  });
});

describe('where the problems are shown', () => {
  const [problem] = actionProblems('ติดตามการการใช้งบประมาณ');

  it('the staff documents page prints the suggestion under the problem, in the page’s language', () => {
    const view = (lang: 'th' | 'en') => ({ lang, m: messages(lang), csrf: '', account: null, url: '/' });
    const th = fragment(h(Problems, { view: view('th'), problems: [problem!] }));
    expect(th).toContain('แนะนำ: ลบคำที่ซ้ำ (&quot;การการ&quot; เป็น &quot;การ&quot;)');
    expect(fragment(h(Problems, { view: view('en'), problems: [problem!] }))).toContain('Suggestion: write &quot;การ&quot; once');
  });

  it('the CLI prints it with its text exactly as written', () => {
    const text = problemText({ ...problem!, suggestion: { th: 'แก้ "2" เป็น "๒"', en: 'write "๒"', find: '2', replace: '๒' } }, 'thai');
    expect(text).toContain('แนะนำ / suggestion: แก้ "2" เป็น "๒" / write "๒"');
  });
});
