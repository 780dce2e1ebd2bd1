/**
 * ITA FY 2567: 10 indicators confirmed (a police unit's "มาตรฐาน ITA-2567" page); the OIT list of 2567 was not
 * found, so the 2566 list (the same item objects) stands in for it. EIT in two parts, the labels, the weights and
 * the IIT questions are carried over from 2566 by inference, and the notes say so.
 */
import {
  NOTE_EIT_PARTS_CONTINUED,
  NOTE_IIT_FORM_2567,
  NOTES_ALL_YEARS,
  NOTES_LABEL_YEARS,
  SOURCES_LABEL_YEARS,
  SRC,
  titleTh,
} from './common.ts';
import { deepFreeze } from './freeze.ts';
import type { CriteriaNote, CriteriaYear } from './types.ts';
import { criteria2566, NOTE_OIT_AGGREGATION_2566, NOTE_OIT_LIST_OBEC, NOTE_OIT_SUB_INDICATORS_2566 } from './y2566.ts';

const NOTE_OIT_LIST_2567: CriteriaNote = {
  id: 'oit-list-2567',
  certainty: 'not-found',
  topics: ['oit-items', 'oit-indicator-mapping'],
  th:
    'ไม่พบรายการ OIT ของปี 2567 ระบบนี้ใช้รายการปี 2566 ไปก่อน โปรดตรวจสอบกับคู่มือการประเมิน ITA ปี 2567 ' +
    'ของสำนักงาน ป.ป.ช. (หน้าเว็บของ อปท. ปี 2567 ยังใช้ตัวชี้วัดย่อย 9.1–9.5 และข้อ o1 โครงสร้าง o2 ข้อมูลผู้บริหาร o3 อำนาจหน้าที่)',
  en:
    'The 2567 OIT list was not found; the 2566 list is used until it is checked against the NACC 2567 manual (a ' +
    'local-government page for 2567 still uses sub-indicators 9.1–9.5 and o1 structure, o2 executives, o3 authority).',
  sources: [SRC.song2567, SRC.klongkhwang2567],
};

export const criteria2567: CriteriaYear = deepFreeze({
  ...criteria2566,
  year: 2567,
  revision: 1,
  titleTh: titleTh(2567),
  notes: [
    ...NOTES_LABEL_YEARS,
    NOTE_EIT_PARTS_CONTINUED,
    NOTE_IIT_FORM_2567,
    NOTE_OIT_LIST_2567,
    NOTE_OIT_LIST_OBEC,
    NOTE_OIT_SUB_INDICATORS_2566,
    NOTE_OIT_AGGREGATION_2566,
    ...NOTES_ALL_YEARS,
  ],
  sources: [SRC.police2567, SRC.song2567, SRC.results2567, SRC.obecIit2567, SRC.obecOit2567, ...SOURCES_LABEL_YEARS],
});
