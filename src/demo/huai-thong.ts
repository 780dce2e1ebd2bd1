/**
 * The demo organisation: องค์การบริหารส่วนตำบลห้วยทอง, อำเภอกู่เวียง, จังหวัดขอนแก่น, fiscal year 2566, as data.
 *
 * Every measure, method, action, responsible unit, period, follow-up and outcome comes from the agency's real
 * yearly report (../shared/seed/000_5235fc7e27f8526d.txt), word for word, with two exceptions:
 * - the spaces that the PDF inserted where a table cell wrapped ("ประจำเดือนทุก เดือน") are removed;
 * - the two slips listed in `SEED_CORRECTIONS` are corrected, because the product would otherwise publish the
 *   organisation's own name misspelt.
 * What the report leaves blank stays blank: it names indicator 2 and indicator 6 as the lowest of their tools
 * but gives no score ("คือ คะแนน"), and it gives no other score than indicators 9 and 10. The introduction names
 * both ๒๕๖๖ and ๒๕๖๕. These gaps are kept on purpose so that the product (the linter, the dashboard) shows them.
 */
import type { Measure, YearInputDraft } from '../model/year.ts';
import { getCriteria } from '../ita/index.ts';
import { fiscalYearRange, toThaiDigits } from '../thai/index.ts';

/** Corrections made to the seed's words, as [seed text, demo text]. */
export const SEED_CORRECTIONS: readonly (readonly [string, string])[] = [
  ['อบต.หัว้าทอง', 'อบต.ห้วยทอง'],
  ['ไม่มีกร ร้องเรียน', 'ไม่มีการร้องเรียน'],
];

export const DEMO_SLUG = 'huai-thong';
export const DEMO_YEAR = 2566;

const WHOLE_YEAR = { start: '2022-10-01', end: '2023-09-30', textTh: 'ตลอดปี ๒๕๖๖' };

export const huaiThong2566: YearInputDraft = {
  organisation: {
    slug: DEMO_SLUG,
    nameTh: 'องค์การบริหารส่วนตำบลห้วยทอง',
    nameEn: 'Huai Thong Subdistrict Administrative Organization',
    kind: 'sao',
    subdistrict: 'ห้วยทอง',
    district: 'กู่เวียง',
    province: 'ขอนแก่น',
    website: null,
  },
  units: [
    { id: 'palad', nameTh: 'สำนักปลัด', shortTh: null },
    { id: 'finance', nameTh: 'กองคลัง', shortTh: null },
    { id: 'works', nameTh: 'กองช่าง', shortTh: null },
    { id: 'education', nameTh: 'กองการศึกษา ศาสนาและวัฒนธรรม', shortTh: 'กองการศึกษาฯ' },
  ],
  people: [],
  year: DEMO_YEAR,
  criteriaYear: 2566,
  scores: {
    indicators: { 1: null, 2: null, 3: null, 4: null, 5: null, 6: null, 7: null, 8: null, 9: 100, 10: 100 },
    eitParts: null,
    source: 'manual',
    official: null,
  },
  analysis: {
    intro:
      'ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน ITA ขององค์การบริหารส่วนตำบลห้วยทอง ปีงบประมาณ พ.ศ.๒๕๖๖ ' +
      'และได้กำหนดมาตรการ/แนวทางในการส่งเสริมคุณธรรมและความโปร่งใสขององค์กรปกครองส่วนท้องถิ่นในปีงบประมาณ พ.ศ.๒๕๖๖ ' +
      'โดยได้มีการดำเนินการขับเคลื่อนมาตรการส่งเสริมคุณธรรมและความโปร่งใสขององค์กรปกครองส่วนท้องถิ่น ประจำปีงบประมาณ พ.ศ.๒๕๖๕',
    tools: {
      IIT:
        'วัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) พบว่า ผลคะแนนของตัวชี้วัดที่ ๒ การใช้งบประมาณ คือ คะแนน ' +
        'มีค่าต่ำสุดของ IIT แต่ผ่านเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)',
      EIT:
        'แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (External Integrity and Transparency Assessment : EIT) พบว่า ' +
        'ผลคะแนนของตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน คือ คะแนน คะแนนต่ำสุดของ EIT แต่ผ่านเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)',
      OIT:
        'แบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment : OIT) พบว่า ' +
        'ผลคะแนนของตัวชี้วัดที่ ๙ การเปิดเผยข้อมูลคือ ๑๐๐ คะแนน และ ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต คือ ๑๐๐ คะแนน ' +
        'ได้คะแนนเต็ม ๑๐๐ คะแนนทั้ง ๒ ตัวชี้วัด ตามเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)',
    },
    summary: null,
  },
  measures: [
    {
      id: 'm1',
      seq: 1,
      titleTh: 'การใช้งบประมาณ',
      indicators: [2],
      methods: [
        'สร้างการรับรู้เกี่ยวกับแผนการใช้จ่ายงบประมาณประจำปีให้บุคลากรภายในหน่วยงาน',
        'เปิดโอกาสให้บุคลากรภายในหน่วยงานมีส่วนร่วมในการตรวจสอบการใช้งบประมาณ',
        'มีช่องทางเพื่อให้บุคลากรภายในหน่วยงานสามารถแจ้งเบาะแสที่สงสัยโดยมีมาตรการคุ้มครองผู้ร้องเรียน',
      ],
      actions: [
        'จัดทำมาตรการตรวจสอบการทำงานของหน่วยงาน',
        'จัดทำคู่มือการใช้งบประมาณหรือหลักเกณฑ์มาตรฐานในการใช้งบประมาณ',
        'กำหนดบทบาทหน้าที่ของผู้บริหารทุกระดับให้ครอบคลุมถึงการตรวจสอบกำกับดูแลติดตามการการใช้งบประมาณและการใช้ดุลพินิจของผู้ได้บังคับบัญชา',
      ],
      responsible: [{ unitId: 'finance', labelTh: 'กองคลัง' }],
      period: WHOLE_YEAR,
      followUp: 'รายงานผลการดำเนินการใช้งบประมาณให้หน่วยงานและผู้ได้บังคับบัญชาทราบทุกเดือน',
      expectedOutcome: null,
      status: 'done',
      result: 'บุคลากรในหน่วยงานใช้จ่ายงบประมาณได้อย่างถูกต้อง โปร่งใส สามารถตรวจสอบได้',
    },
    {
      id: 'm2',
      seq: 2,
      titleTh: 'คุณภาพการดำเนินงาน',
      indicators: [6],
      methods: [
        'ปฏิบัติงาน/ให้บริการเป็นไปตามขั้นตอนและระยะเวลาที่กำหนด',
        'ปฏิบัติงาน/ให้บริการแก่ผู้มาใช้บริการ/ผู้มาติดต่ออื่นๆ อย่างเท่าเทียมกัน',
        'ให้ข้อมูลเกี่ยวกับการดำเนินงาน/ให้บริการแก่ผู้มาใช้บริการอย่างตรงไปตรงมา',
      ],
      actions: [
        'ประชุมชี้แจงการปฏิบัติการทำงานหรือหลักเกณฑ์มาตรฐานในการปฏิบัติงาน',
        'ผู้บริหารประกาศหลักเกณฑ์หรือมาตรการเพื่อให้บุคลากรภายในหน่วยงานรับทราบ ดุลพินิจของผู้ได้บังคับบัญชาเป็นไปตามกฎหมาย กฎระเบียบ ข้อบังคับ ประกาศ หลักเกณฑ์ มาตรฐาน คู่มือการปฏิบัติงานอย่างเคร่งครัด',
      ],
      responsible: [
        { unitId: 'palad', labelTh: 'หัวหน้าสำนักปลัด' },
        { unitId: 'finance', labelTh: 'ผอ.กองคลัง' },
        { unitId: 'works', labelTh: 'ผอ.กองช่าง' },
        { unitId: 'education', labelTh: 'การศึกษาฯ' },
      ],
      period: WHOLE_YEAR,
      followUp: 'รายงานผลการดำเนินการในการประชุมองค์กร ประจำเดือนทุกเดือน',
      expectedOutcome: null,
      status: 'done',
      result: 'ประชาชนในพื้นที่ของ อบต.ห้วยทอง มีการรับรู้เกี่ยวกับข้อมูลต่างๆ ในการมาติดต่อขอรับบริการ',
    },
    {
      id: 'm3',
      seq: 3,
      titleTh: 'การเปิดเผยข้อมูล',
      indicators: [9],
      methods: ['ประชุมชี้แจง', 'แต่งตั้งเจ้าหน้าที่รับผิดชอบการเผยแพร่ข้อมูลสาธารณชน, เว็บไซต์, Facebook, Line ๑๒๓.๑'],
      actions: [
        'ผู้รับผิดชอบจัดการข้อมูลเผยแพร่ต่อสาธารณชนบนเว็บไซต์หลักของหน่วยงาน เว็บไซต์, Facebook, Line',
        'เพิ่มช่องทางให้ประชาชนมีส่วนร่วมในการเสนอแนะการปฏิบัติงานตามความเป็นจริง องค์การบริหารส่วนตำบลห้วยทอง มีเว็บไซต์ Facebook, Line ' +
          'องค์การบริหารส่วนตำบลห้วยทอง เพื่อเป็นช่องทางให้ประชาชนมีส่วนร่วมในการปฏิบัติงาน การเผยแพร่ข้อมูลมานานแล้ว ' +
          'แต่ประชาชนอาจเข้าไม่ถึงและไม่ทราบชื่อเว็บไซต์, Facebook, Line องค์การบริหารส่วนตำบลห้วยทอง',
        'ติดตามและตรวจสอบสถานะของข้อมูลข่าวสารให้เป็นปัจจุบัน',
      ],
      responsible: [{ unitId: 'palad', labelTh: 'สำนักปลัด' }],
      period: WHOLE_YEAR,
      followUp: 'ดำเนินการเผยแพร่ช่องทางให้ในการเผยแพร่ข้อมูลข่าวสาร เช่น เว็บไซต์, Facebook, Line องค์การบริหารส่วนตำบลห้วยทอง',
      expectedOutcome: null,
      status: 'done',
      result:
        'ประชาชนที่มาติดต่อขอรับบริการทราบขั้นตอนระยะเวลาหน่วยงานที่รับผิดชอบและเอกสารที่จำเป็นต้องใช้ รวมทั้งมีความพึงพอใจในการให้บริการของหน่วยงาน',
    },
    {
      id: 'm4',
      seq: 4,
      titleTh: 'การป้องกันการทุจริต',
      indicators: [10],
      methods: ['ผู้บริหารควรแสดงเจตจำนงหรือคำมั่นสัญญาว่าจะปฏิบัติงานด้วยความซื่อสัตย์สุจริตโปร่งใสและเป็นไปตามหลักธรรมาภิบาล'],
      actions: ['ผู้บริหารประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริต อย่างมีความโปร่งใส ประจำปีงบประมาณ ๒๕๖๖'],
      responsible: [
        { unitId: 'palad', labelTh: 'สำนักปลัด' },
        { unitId: 'finance', labelTh: 'กองคลัง' },
        { unitId: 'works', labelTh: 'กองช่าง' },
        { unitId: 'education', labelTh: 'กองการศึกษา' },
      ],
      period: WHOLE_YEAR,
      followUp: 'รายงานผลการดำเนินการและเอกสารต่างๆ ในการป้องกันการทุจริต ประจำเดือนทุกเดือน',
      expectedOutcome: null,
      status: 'done',
      result: 'อบต.ห้วยทอง ไม่มีการทุจริตภายในหน่วยงาน และไม่มีการร้องเรียนจากบุคคลภายนอก',
    },
  ],
};

/**
 * Two later years, made up (ข้อมูลตัวอย่าง) so that the demo shows a whole cycle; nothing below comes from the
 * agency. FY 2569: ten indicator scores that look like a real อบต.'s (the overall a little under 85, the OIT the
 * weakest), marked with the source `demo` wherever they are shown, their findings generated. FY 2570, the
 * current year under the provisional 2570 criteria: the seed's measures that address an indicator FY 2569 left
 * under the pass mark, carried forward (`carriedFromId` names the seed measure; src/demo/demo.ts links them),
 * under way, with progress for ต.ค. and พ.ย. ๒๕๖๙ only, so that December and later months show as late.
 */
export const DEMO_SCORES_YEAR = 2569;
export const DEMO_CURRENT_YEAR = 2570;
/** What the staff pages and the API say beside made-up scores. */
export const DEMO_DATA_TH = 'ข้อมูลตัวอย่าง (สมมติ)';

/**
 * Who signs the demo's documents (the organisation's settings, src/organisations/organisations.ts): a made-up preparer,
 * marked as such, and the executive's position. The executive's name comes from the approval (the demo user).
 */
export const DEMO_SIGN_OFF = {
  preparerName: 'นางสาวสมใจ ตั้งใจดี (ชื่อสมมติ)',
  preparerPosition: 'นักวิเคราะห์นโยบายและแผน',
  executivePosition: 'นายกองค์การบริหารส่วนตำบลห้วยทอง',
} as const;

/**
 * The demo's complaint channel (src/demo/demo.ts): set up on the first start for the demo's ITA coordinator, whose
 * complaint passphrase is this made-up value (public, in the README, like the demo password). The recovery code
 * made with it is shown to nobody: the officer prints a new recovery sheet after unlocking.
 */
export const DEMO_COMPLAINT_OFFICER = `coordinator@${DEMO_SLUG}.demo`;
export const DEMO_COMPLAINT_PASSPHRASE = 'huaithong-complaints-demo';

/** What the demo's executive writes when approving the FY 2566 documents for the portal. */
export const DEMO_APPROVAL_NOTE = 'อนุมัติในข้อมูลตัวอย่าง (สมมติ): ข้อมูลจากรายงานจริง ปีงบประมาณ พ.ศ. ๒๕๖๖';

const { organisation, units } = huaiThong2566;

export const huaiThong2569: YearInputDraft = {
  organisation,
  units,
  people: [],
  year: DEMO_SCORES_YEAR,
  criteriaYear: DEMO_SCORES_YEAR,
  scores: {
    indicators: { 1: 91.36, 2: 82.48, 3: 89.05, 4: 87.92, 5: 86.4, 6: 83.17, 7: 85.62, 8: 84.09, 9: 77.25, 10: 81.5 },
    eitParts: [84.6, 83.1],
    source: 'demo',
    official: null,
  },
};

const passMark = Number(getCriteria(DEMO_SCORES_YEAR).passMark);
const weak = new Set(
  Object.entries(huaiThong2569.scores.indicators)
    .filter(([, score]) => score !== null && score < passMark)
    .map(([n]) => Number(n)),
);
const current = fiscalYearRange(DEMO_CURRENT_YEAR);
const seedYearTh = toThaiDigits(DEMO_YEAR);
const currentYearTh = toThaiDigits(DEMO_CURRENT_YEAR);
const moved = (text: string) => text.replaceAll(seedYearTh, currentYearTh);
/** The months with progress: ต.ค. and พ.ย. ๒๕๖๙ (the first two of FY 2570), each reported early the next month. */
const REPORTED_MONTHS = [
  { periodStart: '2026-10-01', periodEnd: '2026-10-31', date: '2026-11-05' },
  { periodStart: '2026-11-01', periodEnd: '2026-11-30', date: '2026-12-03' },
] as const;

/** The seed's measures that address an indicator under the pass mark in FY 2569, as FY 2570 measures. */
function carriedMeasures(): YearInputDraft['measures'] {
  const seed = (huaiThong2566.measures ?? []) as Measure[];
  const chosen = seed.filter((m) => m.indicators.some((n) => weak.has(n)));
  return chosen.map((m, i) => {
    // The last one has not started yet: it reports nothing, so every month that ends is late.
    const started = i < chosen.length - 1;
    return {
      ...m,
      id: `${m.id}-${DEMO_CURRENT_YEAR}`,
      seq: i + 1,
      methods: m.methods.map(moved),
      actions: m.actions.map(moved),
      followUp: m.followUp === null ? null : moved(m.followUp),
      period: { ...current, textTh: `ตลอดปี ${currentYearTh}` },
      status: started ? 'in_progress' : 'planned',
      result: null,
      carriedFromId: m.id,
      progress: started
        ? REPORTED_MONTHS.map((month, k) => ({
            id: `${m.id}-${DEMO_CURRENT_YEAR}-p${k + 1}`,
            ...month,
            done: `ดำเนินการแล้ว: ${m.actions[k % m.actions.length] as string} (${DEMO_DATA_TH})`,
            status: 'on_track' as const,
            createdBy: DEMO_DATA_TH,
          }))
        : [],
    };
  });
}

export const huaiThong2570: YearInputDraft = {
  organisation,
  units,
  people: [],
  year: DEMO_CURRENT_YEAR,
  criteriaYear: DEMO_CURRENT_YEAR,
  scores: { indicators: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), null])), eitParts: null, source: null, official: null },
  measures: carriedMeasures(),
};

/** Every year of the demo, oldest first: the order they are loaded in. */
export const DEMO_YEARS: readonly YearInputDraft[] = [huaiThong2566, huaiThong2569, huaiThong2570];
