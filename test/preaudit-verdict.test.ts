import { describe, expect, it } from 'vitest';
import { getCriteria, packSchema, type OitItem } from '../src/ita/index.ts';
import type { Message } from '../src/messages.ts';
import { requirementsOf } from '../src/preaudit/requirements.ts';
import { predictScores, verdictOf, type ItemVerdict, type SourceReport } from '../src/preaudit/verdict.ts';

const ORG = { nameTh: 'องค์การบริหารส่วนตำบลบ้านนา' };
const C2570 = getCriteria(2570);
const item = (code: string, year = C2570): OitItem => {
  const found = year.oitItems.find((i) => i.code === code);
  if (!found) throw new Error(code);
  return found;
};
/** 5 Mar 2027 (2570) in Bangkok: October 2569 to February 2570 have ended. */
const MARCH = new Date('2027-03-05T03:00:00Z');
const page = (text: string, extra: Partial<SourceReport['documents'][number]> = {}): SourceReport => ({
  url: 'https://bannna.go.th/o11',
  fetched: true,
  status: 200,
  failure: null,
  documents: [{ url: 'https://bannna.go.th/o11', kind: 'html', text, scanned: false, problem: null, ...extra }],
});
const failure = (th: string, en: string): Message => ({ code: 'preaudit.fetch.httpStatus', params: {}, th, en });
const MONTHS = 'ตุลาคม ๒๕๖๙ พฤศจิกายน ๒๕๖๙ ธันวาคม ๒๕๖๙ มกราคม ๒๕๗๐';

function check(code: string, sources: readonly SourceReport[], asOf = MARCH): ItemVerdict {
  return verdictOf(item(code), requirementsOf(C2570, item(code), ORG, asOf), sources, asOf);
}

describe('requirementsOf', () => {
  it('a monthly item needs the organisation, the year, and one entry per month ended, from ต.ค. (not after the OIT close)', () => {
    const codes = requirementsOf(C2570, item('O11'), ORG, MARCH).map((r) => r.code);
    expect(codes).toEqual(['organisation', 'fiscal-year', 'month-2026-10', 'month-2026-11', 'month-2026-12', 'month-2027-01', 'month-2027-02']);
    expect(requirementsOf(C2570, item('O11'), ORG, new Date('2026-12-05T03:00:00Z')).map((r) => r.code).slice(2)).toEqual(['month-2026-10', 'month-2026-11']);
    const closed = requirementsOf(C2570, item('O11'), ORG, new Date('2027-12-01T00:00:00Z'), { oitClose: new Date('2027-01-15T00:00:00Z') });
    expect(closed.filter((r) => r.check.kind === 'month')).toHaveLength(3);
    expect(requirementsOf(C2570, item('O11'), ORG, new Date('2028-01-01T00:00:00Z')).filter((r) => r.check.kind === 'month')).toHaveLength(12);
    expect(requirementsOf(C2570, item('O11'), ORG, MARCH)[6]?.titleTh).toBe('ข้อมูลเดือน ก.พ. ๒๕๗๐');
  });

  it('a previous-year item names year − 1; an item without a period only the organisation; components follow', () => {
    const o7 = requirementsOf(C2570, item('O7'), ORG, MARCH);
    expect(o7.map((r) => r.check)).toEqual([{ kind: 'organisation', nameTh: ORG.nameTh }, { kind: 'fiscal-year', year: 2569 }]);
    const o1 = requirementsOf(C2570, item('O1'), ORG, MARCH).map((r) => `${r.code}:${r.certainty}`);
    expect(o1).toEqual(['organisation:inferred', 'O1-structure:inferred', 'O1-political:inferred', 'O1-permanent:inferred', 'O1-duties:inferred', 'O1-summary:inferred']);
  });

  it('a six-monthly item asks for the first half once it ended', () => {
    const half: OitItem = { ...item('O6'), recurring: 'six-monthly' };
    expect(requirementsOf(C2570, half, ORG, MARCH).map((r) => r.code)).not.toContain('first-half');
    expect(requirementsOf(C2570, half, ORG, new Date('2027-04-02T00:00:00Z')).map((r) => r.code)).toContain('first-half');
  });
});

describe('verdictOf', () => {
  it('no URL → fail "ยังไม่ได้ระบุ URL"', () => {
    const v = check('O7', []);
    expect(v).toMatchObject({ item: 'O7', status: 'fail', reasons: [{ code: 'no-url', th: 'ยังไม่ได้ระบุ URL' }] });
  });

  it('a URL that does not open → fail with its reason', () => {
    const v = check('O7', [{ url: 'https://bannna.go.th/x', fetched: false, status: 404, failure: failure('ลิงก์ตอบกลับ 404', 'the link answered 404'), documents: [] }]);
    expect(v.status).toBe('fail');
    expect(v.reasons.map((r) => r.th)).toEqual(['เปิดลิงก์ https://bannna.go.th/x ไม่ได้: ลิงก์ตอบกลับ 404']);
    expect(v.reasons[0]?.en).toContain('the link answered 404');
    expect(v.requirements.every((r) => r.met === false)).toBe(true);
  });

  it('a document naming neither the organisation nor the fiscal year → fail', () => {
    const v = check('O7', [page('รายงานผลการดำเนินงาน'), page('รายงานผลการดำเนินงานประจำปี อบต.บ้านนา ปีงบประมาณ ๒๕๖๙')]);
    expect(v.status).toBe('fail');
    expect(v.reasons.map((r) => r.code)).toEqual(['unnamed-document']);
    expect(v.reasons[0]?.th).toBe('เอกสาร https://bannna.go.th/o11 ไม่ระบุชื่อหน่วยงานและปีงบประมาณ พ.ศ. ๒๕๖๙');
    // naming one of them is enough for the document; the item still needs both somewhere
    expect(check('O7', [page('รายงานผลการดำเนินงาน ปีงบประมาณ ๒๕๖๙')]).reasons.map((r) => r.code)).toEqual(['missing:organisation']);
  });

  it('a missing month → fail "ไม่พบข้อมูลเดือน ก.พ. ๒๕๗๐" with what to do', () => {
    const v = check('O11', [page(`สรุปผลการจัดซื้อจัดจ้าง อบต.บ้านนา ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ ${MONTHS}`)]);
    expect(v.status).toBe('fail');
    expect(v.reasons).toEqual([
      { code: 'missing:month-2027-02', th: 'ไม่พบข้อมูลเดือน ก.พ. ๒๕๗๐', en: 'Not found: the entry for Feb 2570', todoTh: 'เผยแพร่ข้อมูลเดือน ก.พ. ๒๕๗๐ในหน้าหรือเอกสารของข้อนี้', todoEn: "Publish the entry for Feb 2570 on this item's page or documents" },
    ]);
    expect(v.requirements.find((r) => r.code === 'month-2027-01')?.met).toBe(true);
  });

  it('every month present across the page and its documents → pass', () => {
    const v = check('O11', [page(`สรุปผลการจัดซื้อจัดจ้าง อบต.บ้านนา ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ ${MONTHS}`), page('อบต.บ้านนา สรุปผล ก.พ. 70')]);
    expect(v).toMatchObject({ status: 'pass', reasons: [] });
  });

  it('only scanned documents → manual "เอกสารเป็นภาพสแกน ตรวจข้อความไม่ได้"', () => {
    const v = check('O7', [page('', { kind: 'pdf', scanned: true })]);
    expect(v.status).toBe('manual');
    expect(v.reasons.map((r) => r.th)).toEqual(['เอกสารเป็นภาพสแกน ตรวจข้อความไม่ได้']);
  });

  it('a requirement missing from the text but possibly in a scan → manual, not fail', () => {
    const v = check('O11', [page(`อบต.บ้านนา ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ ${MONTHS}`), page('', { kind: 'pdf', scanned: true })]);
    expect(v.status).toBe('manual');
    expect(v.reasons.map((r) => r.code)).toEqual(['scanned', 'missing:month-2027-02']);
  });

  it('a broken document → manual with its problem', () => {
    const broken: Message = { code: 'preaudit.extract.broken', params: {}, th: 'ไฟล์เสีย', en: 'broken file' };
    const v = check('O7', [page('อบต.บ้านนา ประจำปีงบประมาณ ๒๕๖๙'), page('', { url: 'https://bannna.go.th/a.pdf', kind: 'pdf', problem: broken })]);
    expect(v.status).toBe('manual');
    expect(v.reasons[0]).toMatchObject({ code: 'unreadable', th: 'อ่านเอกสาร https://bannna.go.th/a.pdf ไม่ได้: ไฟล์เสีย' });
  });

  it('machine checks met but person components left → manual, the reasons say what to look at', () => {
    const v = check('O1', [page('โครงสร้าง อบต.บ้านนา ฝ่ายการเมือง นายกองค์การบริหารส่วนตำบล ฝ่ายประจำ ปลัด อบต. หน้าที่และอำนาจ')]);
    expect(v.status).toBe('manual');
    expect(v.reasons.map((r) => r.code)).toEqual(['person:O1-summary']);
    expect(v.reasons[0]?.th).toContain('ต้องให้คนตรวจ: ดูว่าหน้าที่และอำนาจเป็นข้อสรุปของหน่วยงาน');
    expect(v.requirements.find((r) => r.code === 'O1-summary')?.met).toBeNull();
    expect(check('O1', [page('โครงสร้าง อบต.บ้านนา ฝ่ายการเมือง หน้าที่และอำนาจ')]).reasons.map((r) => r.code)).toEqual(['missing:O1-permanent', 'person:O1-summary']);
  });

  it('a component the NACC list was not found for never fails an item: manual', () => {
    const o25 = check('O25', [page('อบต.บ้านนา ปีงบประมาณ ๒๕๗๐ มาตรการ ลงนาม')]);
    expect(o25.status).toBe('manual');
    expect(o25.reasons.map((r) => r.code)).toEqual(['uncertain:M-analysis', 'person:M-plan', 'person:O25-guidance']);
  });

  it('the signature component is a signature or date line', () => {
    const base = 'อบต.บ้านนา ปีงบประมาณ ๒๕๖๙ ผลการดำเนินการตามมาตรการ ปัญหาและอุปสรรค';
    expect(check('O26', [page(base)]).reasons.map((r) => r.code)).toEqual(['missing:R-signed']);
    expect(check('O26', [page(`${base} ประกาศ ณ วันที่ ๑ ต.ค. ๒๕๖๙`)]).status).toBe('pass');
  });
});

describe('predictScores', () => {
  const verdicts = (status: (code: string) => ItemVerdict['status']): ItemVerdict[] =>
    C2570.oitItems.map((i) => ({ item: i.code, status: status(i.code), reasons: [], requirements: [] }));

  it('every item passing → 100 on both indicators, an estimate', () => {
    expect(predictScores(C2570, verdicts(() => 'pass'))).toMatchObject({ indicator9: '100.00', indicator10: '100.00', oit: '100.00', estimate: true });
  });

  it('fail = 0, pass = 100 per item; manual items make a low and a high estimate (exact decimals)', () => {
    const nine = C2570.oitItems.filter((i) => i.indicator === 9).length;
    const p = predictScores(C2570, verdicts((c) => (c === 'O1' ? 'fail' : c === 'O2' ? 'manual' : 'pass')));
    const low = (((nine - 2) * 100) / nine).toFixed(2);
    const high = (((nine - 1) * 100) / nine).toFixed(2);
    expect(p.indicator9).toBe(`${low}–${high}`);
    expect(p.low.indicator9).toBe(low);
    expect(p.indicator10).toBe('100.00');
    expect(p.noteTh).toContain('ประมาณ');
  });

  it('an item without a verdict counts both ways; a year without an OIT list has no estimate', () => {
    const p = predictScores(C2570, []);
    expect(p.low).toEqual({ indicator9: '0.00', indicator10: '0.00', oit: '0.00' });
    expect(p.high.oit).toBe('100.00');
    expect(predictScores({ ...C2570, oitItems: [] }, []).indicator9).toBeNull();
  });
});

describe('the packs\' components', () => {
  it('2568 O1 and O2 are confirmed; later years carry them over as inferred; the measures chain is there', () => {
    const c2568 = getCriteria(2568);
    expect(item('O1', c2568).components?.every((c) => c.certainty === 'confirmed' && (c.sources?.length ?? 0) > 0)).toBe(true);
    expect(item('O2', c2568).components?.map((c) => c.code)).toEqual(['O2-political', 'O2-permanent', 'O2-details']);
    for (const year of [2569, 2570]) expect(item('O1', getCriteria(year)).components?.every((c) => c.certainty === 'inferred')).toBe(true);
    expect(item('O27', c2568).components?.map((c) => c.code)).toEqual(['M-analysis', 'M-measures', 'M-plan', 'M-signed']);
    expect(item('O25').components?.some((c) => c.certainty === 'not-found')).toBe(true);
  });

  it('the schema refuses a component without a known check', () => {
    const raw = JSON.parse(JSON.stringify(C2570)) as Record<string, unknown> & { oitItems: Record<string, unknown>[] };
    raw.oitItems[0] = { ...raw.oitItems[0], components: [{ code: 'x', titleTh: 'x', titleEn: 'x', check: { kind: 'guess' }, certainty: 'inferred' }] };
    expect(packSchema.safeParse({ schemaVersion: 1, ...raw }).success).toBe(false);
    raw.oitItems[0] = { ...raw.oitItems[0], components: [{ code: 'x', titleTh: 'x', titleEn: 'x', check: { kind: 'signature' }, certainty: 'inferred' }] };
    expect(packSchema.safeParse({ schemaVersion: 1, ...raw }).success).toBe(true);
  });
});
