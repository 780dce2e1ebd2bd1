/**
 * ITA FY 2566: the first year of the new rating labels (NACC board resolution 8 Jun 2566) and of EIT in two
 * parts (ส่วนที่ 1 / ส่วนที่ 2, confirmed by เทศบาลตำบลท่าไม้'s 2566 statement). The OIT list is the 43-item variant
 * with new items on personal data, No Gift Policy and ethics, seen on OBEC school pages (§4.2); its NACC wording
 * and its sub-indicator membership are inferred. The weights and the IIT questions are carried over from 2564.
 */
import {
  LABEL_YEAR_FRAME,
  NOTE_IIT_FORM,
  NOTES_ALL_YEARS,
  NOTES_LABEL_YEARS,
  OIT_ITEMS_43,
  OIT_SUB_INDICATORS,
  SOURCES_LABEL_YEARS,
  SRC,
  oitGroup,
  oitItem,
  titleTh,
} from './common.ts';
import { deepFreeze } from './freeze.ts';
import type { CriteriaNote, CriteriaYear, OitItem } from './types.ts';

/** Items of the 2563–2565 list carried into the 2566 list under new codes O<start>, O<start+1> …, unchanged otherwise. */
function renumbered(codes: readonly string[], start: number): OitItem[] {
  return codes.map((code, i) => ({ ...oitItem(OIT_ITEMS_43, code), code: `O${start + i}` }));
}

/**
 * The 2566 list (§4.2). Sub-indicators follow the section headings of an OBEC school page (SRC.obecOit2566):
 * 9.1 O1–O10, 9.2 O11–O18, 9.3 O19–O22, 9.4 O23–O26, 9.5 O27–O30, 10.1 O31–O38, 10.2 O39–O43. Items carried
 * over from the 2565 list keep their heading; O1–O9, O42 and O43 are the very same objects.
 */
export const OIT_ITEMS_2566: readonly OitItem[] = deepFreeze([
  ...OIT_ITEMS_43.slice(0, 9),
  ...oitGroup(9, '9.1', 'การปฏิสัมพันธ์ข้อมูล', [['O10', 'นโยบายคุ้มครองข้อมูลส่วนบุคคล']]),
  ...oitGroup(9, '9.2', 'การดำเนินงาน', [
    ['O11', 'แผนดำเนินงานและการใช้งบประมาณประจำปี'],
    ['O12', 'รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณ ประจำปี รอบ 6 เดือน', { recurring: 'six-monthly' }],
  ]),
  ...renumbered(['O12', 'O13', 'O14', 'O15', 'O16', 'O17'], 13),
  ...renumbered(['O21', 'O22', 'O23', 'O24'], 19),
  ...oitGroup(9, '9.4', 'การบริหารและพัฒนาทรัพยากรบุคคล', [
    ['O23', 'นโยบายหรือแผนการบริหารทรัพยากรบุคคล'],
    ['O24', 'การดำเนินการตามนโยบายหรือแผนการบริหารทรัพยากรบุคคล'],
  ]),
  ...renumbered(['O27', 'O28', 'O29', 'O30', 'O31', 'O33'], 25),
  ...oitGroup(10, '10.1', 'การดำเนินการเพื่อป้องกันการทุจริต', [
    ['O31', 'ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่'],
    ['O32', 'การสร้างวัฒนธรรม No Gift Policy'],
    ['O33', 'รายงานผลตามนโยบาย No Gift Policy'],
  ]),
  ...oitGroup(10, '10.1', 'การประเมินความเสี่ยงเพื่อการป้องกันการทุจริต', [
    ['O34', 'การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี'],
    ['O35', 'การดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ'],
  ]),
  ...renumbered(['O39', 'O40', 'O41'], 36),
  ...oitGroup(10, '10.2', 'มาตรการส่งเสริมคุณธรรมและความโปร่งใส', [
    ['O39', 'ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ'],
    ['O40', 'การขับเคลื่อนจริยธรรม'],
    ['O41', 'การประเมินจริยธรรมเจ้าหน้าที่ของรัฐ'],
  ]),
  ...OIT_ITEMS_43.slice(41),
]);

export const NOTE_OIT_LIST_OBEC: CriteriaNote = deepFreeze({
  id: 'oit-list-obec',
  certainty: 'inferred',
  topics: ['oit-items'],
  th:
    'รายการ OIT 43 ข้อชุดนี้ (มีข้อใหม่เรื่องนโยบายคุ้มครองข้อมูลส่วนบุคคล นโยบาย No Gift Policy และจริยธรรม) ' +
    'พบในเว็บไซต์สถานศึกษาสังกัด สพฐ. สำหรับปี 2566 ยังไม่พบรายการจากสำนักงาน ป.ป.ช. หรือ อปท. โดยตรง ' +
    'ชื่อข้อและหัวข้ออาจต่างจากฉบับของสำนักงาน ป.ป.ช. เล็กน้อย',
  en:
    'This 43-item OIT list (with new items on personal data protection, the No Gift Policy and ethics) was seen on ' +
    'OBEC school websites for 2566; no NACC or local-government source for it was found, so item titles and ' +
    'headings may differ slightly from the NACC wording.',
  sources: [SRC.obecOit2566, SRC.klongkhwang2567],
});

export const NOTE_OIT_SUB_INDICATORS_2566: CriteriaNote = deepFreeze({
  id: 'oit-sub-indicators',
  certainty: 'inferred',
  topics: ['oit-indicator-mapping', 'oit-items'],
  th:
    'การจัดข้อ OIT เข้าตัวชี้วัดย่อยเป็นการอนุมานจากหัวข้อในเว็บไซต์สถานศึกษาสังกัด สพฐ. และโครงสร้างปี 2565 ดังนี้ ' +
    '9.1 ข้อ O1–O10, 9.2 ข้อ O11–O18, 9.3 ข้อ O19–O22, 9.4 ข้อ O23–O26, 9.5 ข้อ O27–O30, ' +
    '10.1 ข้อ O31–O38 และ 10.2 ข้อ O39–O43',
  en:
    'The sub-indicator membership is inferred from the headings of an OBEC school page and the 2565 structure: ' +
    '9.1 O1–O10, 9.2 O11–O18, 9.3 O19–O22, 9.4 O23–O26, 9.5 O27–O30, 10.1 O31–O38, 10.2 O39–O43.',
  sources: [SRC.obecOit2566, SRC.gitOit2565],
});

export const NOTE_OIT_AGGREGATION_2566: CriteriaNote = deepFreeze({
  id: 'oit-aggregation-sub-indicators',
  certainty: 'inferred',
  topics: ['oit-aggregation'],
  th:
    'การคิดคะแนนตัวชี้วัดที่ 9 และ 10 จากค่าเฉลี่ยของตัวชี้วัดย่อยยืนยันได้จากคะแนนปี 2564 ปีนี้ถือว่ายังใช้วิธีเดิมโดยอนุมาน ' +
    '(หน้าเว็บของ อปท. ปี 2567 ยังแบ่งตัวชี้วัดที่ 9 เป็น 5 ตัวชี้วัดย่อย)',
  en:
    'Scoring indicators 9 and 10 as the mean of their sub-indicators is confirmed by the 2564 scores; this year is ' +
    'assumed to keep it (a local-government page for 2567 still splits indicator 9 into 5 sub-indicators).',
  sources: [SRC.report2564Group, SRC.song2567],
});

export const criteria2566: CriteriaYear = deepFreeze({
  year: 2566,
  revision: 1,
  titleTh: titleTh(2566),
  ...LABEL_YEAR_FRAME,
  oitSubIndicators: OIT_SUB_INDICATORS,
  oitItems: OIT_ITEMS_2566,
  oitAggregation: 'sub-indicator-mean',
  notes: [
    ...NOTES_LABEL_YEARS,
    NOTE_IIT_FORM,
    NOTE_OIT_LIST_OBEC,
    NOTE_OIT_SUB_INDICATORS_2566,
    NOTE_OIT_AGGREGATION_2566,
    ...NOTES_ALL_YEARS,
  ],
  sources: [...SOURCES_LABEL_YEARS, SRC.calendar2566, SRC.obecOit2566, SRC.sduForm],
});
