/**
 * ITA FY 2568: the NACC's shorter OIT list of 28 items (O1–O28, §4.4, RTRDA's 2568 page), each scored 100 only
 * when every required component is published, otherwise 0. Several items must show the current fiscal year
 * (plans) and others the previous one (reports); no monthly or six-month reports remain. The item → indicator
 * mapping and the roll-up into indicators 9 and 10 are not published with the list (see the notes). EIT in two
 * parts, the labels, the weights and the IIT questions are carried over by inference.
 */
import {
  LABEL_YEAR_FRAME,
  NOTE_EIT_PARTS_CONTINUED,
  NOTE_IIT_FORM,
  NOTES_ALL_YEARS,
  NOTES_LABEL_YEARS,
  SOURCES_LABEL_YEARS,
  SRC,
  oitGroup,
  titleTh,
} from './common.ts';
import { deepFreeze } from './freeze.ts';
import type { CriteriaYear, OitItem } from './types.ts';

const CURRENT = { period: 'current' } as const;
const PREVIOUS = { period: 'previous' } as const;

/** §4.4; titles cut short in the framework table are completed from the RTRDA page's own headings. */
const OIT_ITEMS_2568: readonly OitItem[] = [
  ...oitGroup(9, undefined, 'ข้อมูลพื้นฐาน', [
    ['O1', 'โครงสร้างและอำนาจหน้าที่'],
    ['O2', 'ข้อมูลผู้บริหาร'],
    ['O3', 'ข้อมูลการติดต่อ'],
  ]),
  ...oitGroup(9, undefined, 'การประชาสัมพันธ์', [['O4', 'ข่าวประชาสัมพันธ์']]),
  ...oitGroup(9, undefined, 'แผนการดำเนินงานและงบประมาณ', [
    ['O5', 'แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน'],
    ['O6', 'แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี', CURRENT],
    ['O7', 'รายงานผลการดำเนินงานประจำปี', PREVIOUS],
  ]),
  ...oitGroup(9, undefined, 'การปฏิบัติงาน', [['O8', 'คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่']]),
  ...oitGroup(9, undefined, 'การให้บริการและการติดต่อประสานงาน', [
    ['O9', 'คู่มือหรือแนวทางการขอรับบริการ'],
    ['O10', 'E–Service'],
    ['O11', 'ข้อมูลสถิติการให้บริการ'],
  ]),
  ...oitGroup(9, undefined, 'การจัดซื้อจัดจ้าง', [
    [
      'O12',
      'รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ',
      CURRENT,
    ],
    ['O13', 'รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี', PREVIOUS],
  ]),
  ...oitGroup(9, undefined, 'การบริหารและพัฒนาทรัพยากรบุคคล', [
    ['O14', 'แผนการบริหารและพัฒนาทรัพยากรบุคคล', CURRENT],
    ['O15', 'รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี', PREVIOUS],
    ['O16', 'ประมวลจริยธรรมและการขับเคลื่อนจริยธรรม'],
  ]),
  ...oitGroup(9, undefined, 'การจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ', [
    ['O17', 'แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ'],
    ['O18', 'ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ'],
    ['O19', 'ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปี', PREVIOUS],
  ]),
  ...oitGroup(9, undefined, 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', [['O20', 'การเปิดโอกาสให้เกิดการมีส่วนร่วม']]),
  ...oitGroup(10, undefined, 'การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน (No Gift Policy)', [
    ['O21', 'ประกาศเจตนารมณ์และการสร้างวัฒนธรรม ตามนโยบาย No Gift Policy จากการปฏิบัติหน้าที่'],
    ['O22', 'รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา'],
  ]),
  ...oitGroup(10, undefined, 'การประเมินความเสี่ยงเพื่อป้องกันการทุจริต', [
    ['O23', 'การประเมินความเสี่ยงที่อาจเกิดการให้หรือรับสินบนจากการดำเนินงานตามภารกิจของหน่วยงาน', CURRENT],
    ['O24', 'รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ', PREVIOUS],
  ]),
  ...oitGroup(10, undefined, 'แผนป้องกันการทุจริต', [
    ['O25', 'แผนปฏิบัติการป้องกันการทุจริต', CURRENT],
    ['O26', 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี', PREVIOUS],
  ]),
  ...oitGroup(10, undefined, 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', [
    ['O27', 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', CURRENT],
    ['O28', 'รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี', PREVIOUS],
  ]),
];

export const criteria2568: CriteriaYear = deepFreeze({
  year: 2568,
  revision: 1,
  titleTh: titleTh(2568),
  ...LABEL_YEAR_FRAME,
  oitSubIndicators: [],
  oitItems: OIT_ITEMS_2568,
  oitAggregation: 'item-share',
  notes: [
    ...NOTES_LABEL_YEARS,
    NOTE_EIT_PARTS_CONTINUED,
    NOTE_IIT_FORM,
    {
      id: 'oit-indicator-mapping',
      certainty: 'inferred',
      topics: ['oit-indicator-mapping'],
      th:
        'รายการ OIT ปี 2568 ไม่ได้ระบุว่าข้อใดอยู่ในตัวชี้วัดใด ระบบนี้ถือว่าข้อ O1–O20 อยู่ในตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ' +
        'และข้อ O21–O28 อยู่ในตัวชี้วัดที่ 10 การป้องกันการทุจริต ตามลำดับหัวข้อ',
      en:
        'The 2568 OIT list does not say which item belongs to which indicator; we place O1–O20 under indicator 9 ' +
        '(information disclosure) and O21–O28 under indicator 10 (corruption prevention), following the order of the headings.',
      sources: [SRC.rtrda2568],
    },
    {
      id: 'oit-aggregation',
      certainty: 'not-found',
      topics: ['oit-aggregation'],
      th:
        'แต่ละข้อได้ 100 คะแนนเมื่อเปิดเผยข้อมูลครบทุกองค์ประกอบและตรงตามเกณฑ์ มิฉะนั้นได้ 0 คะแนน ' +
        'แต่ไม่พบวิธีรวมคะแนนรายข้อเป็นคะแนนตัวชี้วัดที่ 9 และ 10 ระบบนี้ใช้ร้อยละของข้อที่ผ่านในแต่ละตัวชี้วัด',
      en:
        'Each item scores 100 when every required component is published and meets the criteria, otherwise 0, but how ' +
        'items roll up into indicators 9 and 10 was not found; we use the share of items met in each indicator.',
      sources: [SRC.itachon2568],
    },
    ...NOTES_ALL_YEARS,
  ],
  sources: [
    SRC.rtrda2568,
    SRC.itachon2568,
    SRC.manual2568Eit,
    SRC.results2568,
    SRC.results2568Th,
    ...SOURCES_LABEL_YEARS,
  ],
});
