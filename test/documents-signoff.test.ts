/**
 * Issue 15, points 1 and 2: an official document holds nothing but the agency's content (the criteria's notes
 * stay in the staff pages and the API), and ends with its date and the sign-off of the preparer and of the
 * executive who approves: named on the approved version, an empty line on a draft.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideApproval, requestApproval } from '../src/approvals/approvals.ts';
import type { Principal } from '../src/app/authz.ts';
import { renderYearDocument, yearSignOff } from '../src/documents/service.ts';
import { setSignOffSettings } from '../src/organisations/organisations.ts';
import { updateMeasure, listMeasures } from '../src/measures/measures.ts';
import { todayInBangkok } from '../src/measures/reporting.ts';
import { loadYear } from '../src/years/years.ts';
import { DEMO_SIGN_OFF, DEMO_YEARS } from '../src/demo/huai-thong.ts';
import { buildDocument } from '../src/documents/core/build.ts';
import { renderDocx } from '../src/documents/core/docx.ts';
import { renderHtml } from '../src/documents/core/html.tsx';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentModel } from '../src/documents/core/model.ts';
import { documentDate, SIGN_DOTS, type SignOff } from '../src/documents/core/signoff.ts';
import { deriveYear } from '../src/model/derive.ts';
import { yearInputSchema, type YearInput } from '../src/model/year.ts';
import { notesOut } from '../src/scoring/index.ts';
import { criteriaOf } from '../src/ita/index.ts';
import { DEMO, principal, world, type World } from './app-fixtures.ts';
import { docxPart, htmlText, normalise, wordText } from './fixtures/documents/helpers.ts';

const FONTS = { regular: 'data:font/ttf;base64,AAAA', bold: 'data:font/ttf;base64,BBBB' };
const KINDS: readonly DocumentKind[] = ['measures-report', 'measures-plan', 'analysis'];
/** Text without whitespace (renderers may wrap phrases in markup): what a reader sees, for `includes`. */
const seen = (doc: DocumentModel) => normalise(htmlText(renderHtml(doc, { fonts: FONTS, digits: 'arabic' })));
const flat = (text: string) => normalise(text);

function tinyPng(width = 4, height = 2): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(200);
  return PNG.sync.write(png);
}

describe('nothing but the agency’s content', () => {
  const years = DEMO_YEARS.map((y) => yearInputSchema.parse(y));

  it('no document of the demo prints the criteria’s notes, the grade note, or the software’s own remarks', () => {
    let notesChecked = 0;
    for (const input of years) {
      const data = deriveYear(input);
      const notes = [
        ...(data.computed.score?.notes ?? notesOut(criteriaOf(input), ['weights', 'indicators', 'grade', 'rounding', 'eit-parts'])).map((n) => n.th),
        ...(data.computed.score?.gradeNote ? [data.computed.score.gradeNote] : []),
      ];
      expect(notes.length, `notes of ${input.year}`).toBeGreaterThan(0);
      for (const kind of KINDS) {
        const text = seen(buildDocument(kind, data));
        for (const note of notes) {
          expect(text, `${kind} ${input.year}`).not.toContain(flat(note.slice(0, 40)));
          notesChecked++;
        }
        for (const phrase of ['หมายเหตุ', 'ยังไม่พบในเอกสาร', 'สันนิษฐาน', 'มหาวิทยาลัยพะเยา', 'ยังระบุไม่ได้', 'ยังไม่มีมาตรการที่เชื่อม', 'ยังไม่ได้เชื่อม', 'ยังไม่ได้กำหนดมาตรการ', 'คำนวณ', 'ระบบ']) {
          expect(text, `${kind} ${input.year}: ${phrase}`).not.toContain(flat(phrase));
        }
      }
    }
    expect(notesChecked).toBeGreaterThan(30);
  });

  it('a year without a grade the criteria can name prints the score and the verdict only', () => {
    const data = deriveYear(years.find((y) => y.year === 2569)!);
    expect(data.computed.score?.grade).toBeNull();
    expect(data.computed.score?.gradeNote).toBeTruthy();
    const text = seen(buildDocument('analysis', data));
    expect(text).toContain(flat(`คะแนนรวม ${data.computed.score!.overall.toFixed(2)} คะแนน ไม่ผ่านเกณฑ์ 85 คะแนน`));
    expect(text).not.toContain(flat('ระดับผลการประเมิน:'));
  });

  it('measures linked to no indicator are printed under มาตรการอื่น ๆ, not under a remark on the data', () => {
    const input = years[0]!;
    const unlinked: YearInput = { ...input, measures: input.measures.map((m, i) => (i === 0 ? { ...m, indicators: [] } : m)) };
    const report = seen(buildDocument('measures-report', deriveYear(unlinked)));
    expect(report).toContain(flat('มาตรการอื่น ๆ'));
    expect(report).toContain(flat(input.measures[0]!.titleTh));
  });
});

describe('the sign-off block', () => {
  const data = deriveYear(yearInputSchema.parse(DEMO_YEARS[0]));
  const signOff: SignOff = {
    date: '2023-09-30',
    preparer: { name: 'นางสาวทดสอบ ใจดี', position: 'นักวิเคราะห์นโยบายและแผน' },
    approver: { name: 'นายผู้บริหาร ทดสอบ', position: 'นายกองค์การบริหารส่วนตำบลห้วยทอง' },
  };

  it('ends every kind (a new kind too); without a sign-off every line is empty, to be filled in by hand', () => {
    expect(DOCUMENT_KINDS.length).toBeGreaterThanOrEqual(KINDS.length);
    for (const kind of DOCUMENT_KINDS) {
      const doc = buildDocument(kind, data);
      const last = doc.blocks.at(-1);
      expect(last?.type, kind).toBe('signoff');
      if (last?.type !== 'signoff') continue;
      expect(last.date).toBe(`ณ วันที่ ${SIGN_DOTS}`);
      expect(last.signers).toEqual([
        { role: kind === 'measures-report' || kind === 'measures-progress' ? 'ผู้รายงาน' : 'ผู้จัดทำ', name: null, position: null },
        { role: 'ผู้อนุมัติ', name: null, position: null },
      ]);
      expect(doc.blocks.some((b) => b.type === 'emblem')).toBe(false);
    }
  });

  it('prints the names, positions and the Thai date in HTML, kept together on one page', () => {
    const doc = buildDocument('measures-plan', data, { signOff });
    const html = renderHtml(doc, { fonts: FONTS });
    const text = htmlText(html);
    for (const line of ['ณ วันที่ ๓๐ กันยายน ๒๕๖๖', `ลงชื่อ ${SIGN_DOTS} ผู้จัดทำ`, '(นางสาวทดสอบ ใจดี)', 'ตำแหน่ง นักวิเคราะห์นโยบายและแผน', `ลงชื่อ ${SIGN_DOTS} ผู้อนุมัติ`, '(นายผู้บริหาร ทดสอบ)', 'ตำแหน่ง นายกองค์การบริหารส่วนตำบลห้วยทอง']) {
      expect(normalise(text)).toContain(normalise(line));
    }
    expect(html).toMatch(/\.signoff\{break-inside:avoid/);
    const draft = htmlText(renderHtml(buildDocument('measures-plan', data, { signOff: { ...signOff, approver: { name: null, position: signOff.approver.position } } }), { fonts: FONTS }));
    expect(normalise(draft)).toContain(normalise(`(${SIGN_DOTS})`));
    expect(draft).not.toContain('นายผู้บริหาร');
  });

  it('prints the same lines in the DOCX, in a row that is not split across pages', async () => {
    const doc = buildDocument('measures-report', data, { signOff });
    const xml = await docxPart(await renderDocx(doc), 'word/document.xml');
    const text = wordText(xml);
    for (const line of ['ณ วันที่ ๓๐ กันยายน ๒๕๖๖', `ลงชื่อ ${SIGN_DOTS} ผู้รายงาน`, '(นางสาวทดสอบ ใจดี)', `ลงชื่อ ${SIGN_DOTS} ผู้อนุมัติ`, '(นายผู้บริหาร ทดสอบ)', 'ตำแหน่ง นายกองค์การบริหารส่วนตำบลห้วยทอง']) {
      expect(text).toContain(line);
    }
    const signTable = xml.slice(xml.lastIndexOf('<w:tbl>'));
    expect(signTable).toContain('<w:cantSplit/>');
    expect(signTable).toContain('ผู้อนุมัติ');
  });

  it('puts the emblem at the top of the first page, in HTML and DOCX, about 3 cm high', async () => {
    const emblem = { mediaType: 'image/png' as const, bytes: tinyPng(4, 2), width: 4, height: 2 };
    const doc = buildDocument('analysis', data, { signOff: { ...signOff, emblem } });
    expect(doc.blocks[0]).toMatchObject({ type: 'emblem' });
    const html = renderHtml(doc, { fonts: FONTS });
    expect(html).toContain(`src="data:image/png;base64,${emblem.bytes.toString('base64')}"`);
    expect(html).toContain('p.emblem img{height:3cm');
    const docx = await renderDocx(doc);
    const xml = await docxPart(docx, 'word/document.xml');
    // 3 cm = 1,080,000 EMU high, twice as wide as high.
    expect(xml).toMatch(/<wp:extent cx="2\d{6}" cy="1\d{6}"\/>/);
    expect(xml.indexOf('<w:drawing>')).toBeLessThan(xml.indexOf('การวิเคราะห์ผลการประเมิน'));
  });

  it('is dated: the yearly report by its data (the year’s end once over), the plan and the analysis by the approval', () => {
    expect(documentDate('measures-report', 2566, '2026-12-04', null)).toBe('2023-09-30');
    expect(documentDate('measures-report', 2570, '2026-12-04', null)).toBe('2026-12-04');
    expect(documentDate('measures-report', 2566, '2026-12-04', '2024-01-15')).toBe('2023-09-30');
    expect(documentDate('measures-plan', 2570, '2026-12-04', '2026-11-02')).toBe('2026-11-02');
    expect(documentDate('analysis', 2570, '2026-12-04', null)).toBe('2026-12-04');
    // The six-month report covers the year to 31 March.
    expect(documentDate('measures-progress', 2570, '2026-12-04', null)).toBe('2026-12-04');
    expect(documentDate('measures-progress', 2570, '2027-05-02', '2027-04-20')).toBe('2027-03-31');
  });
});

describe('sign-off from the settings and the approval record (pglite)', () => {
  let w: World;
  let coordinator: Principal;
  let executive: Principal;
  let admin: Principal;

  beforeAll(async () => {
    w = await world('pglite');
    coordinator = principal('coordinator', w.demo.orgId, null, 'นางสาวประสาน งานดี');
    executive = principal('executive', w.demo.orgId, null, 'นายสมศักดิ์ บริหารดี');
    admin = principal('org_admin', w.demo.orgId);
  }, 120_000);
  afterAll(async () => w.t.dispose());

  const html = async (kind: DocumentKind, today = '2026-12-04') =>
    normalise(htmlText((await renderYearDocument(w.t.db, coordinator, DEMO, { kind, format: 'html' }, { fonts: FONTS, today })).bytes.toString('utf8')));

  it('a draft names the preparer from the demo’s settings and leaves the executive’s name empty, dated today', async () => {
    const text = await html('measures-plan');
    expect(text).toContain(normalise(`(${DEMO_SIGN_OFF.preparerName})`));
    expect(text).toContain(normalise(`ตำแหน่ง ${DEMO_SIGN_OFF.executivePosition}`));
    expect(text).toContain(normalise(`(${SIGN_DOTS})`));
    expect(text).toContain(normalise('ณ วันที่ ๔ ธันวาคม ๒๕๖๙'));
    // The yearly report of FY 2566 is dated as of its data: the year's last day.
    expect(await html('measures-report')).toContain(normalise('ณ วันที่ ๓๐ กันยายน ๒๕๖๖'));
  });

  it('the approved version names the approver and is dated by the approval; a change of data makes it a draft again', async () => {
    const asked = await requestApproval(w.t.db, coordinator, DEMO, { subject: 'measures-plan' });
    const decided = await decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'approved', documentSha256: asked.currentSha256, reason: 'ข้อมูลจริงของหน่วยงาน' });
    const approved = await html('measures-plan', '2027-01-20');
    expect(approved).toContain(normalise('(นายสมศักดิ์ บริหารดี)'));
    expect(approved).not.toContain(normalise(`(${SIGN_DOTS})`));
    expect(approved).not.toContain(normalise('ณ วันที่ ๒๐ มกราคม ๒๕๗๐'));
    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    const signOff = await yearSignOff(w.t.db, DEMO.org, year, 'measures-plan', '2027-01-20');
    expect(signOff.approver).toEqual({ name: 'นายสมศักดิ์ บริหารดี', position: DEMO_SIGN_OFF.executivePosition });
    expect(signOff.date).toBe(todayInBangkok(new Date(decided.approved!.decidedAt!)));

    const [measure] = await listMeasures(w.t.db, coordinator, DEMO);
    await updateMeasure(w.t.db, coordinator, DEMO, measure!.id, { followUp: 'รายงานผลทุกไตรมาส' }, measure!.updatedAt);
    const draft = await html('measures-plan', '2027-01-20');
    expect(draft).not.toContain(normalise('(นายสมศักดิ์ บริหารดี)'));
    expect(draft).toContain(normalise('ณ วันที่ ๒๐ มกราคม ๒๕๗๐'));
  });

  it('settings changed after an approval change the printed names, never the approval', async () => {
    await setSignOffSettings(w.t.db, admin, DEMO.org, { preparerName: 'นายใหม่ จัดทำ', executivePosition: null });
    const text = await html('analysis');
    expect(text).toContain(normalise('(นายใหม่ จัดทำ)'));
    expect(text).toContain(normalise(`ตำแหน่ง ${DEMO_SIGN_OFF.preparerPosition}`));
    expect(text).toContain(normalise(`ตำแหน่ง ${SIGN_DOTS}`));
  });
});
