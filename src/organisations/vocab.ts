/**
 * The types of organisation, defined once: what `prongsai org create --type` takes (the code or the Thai
 * abbreviation), what `prongsai org types` and GET /api/v1/org-types list, and which `kind` (src/model/year.ts) the
 * older pages see. The supervising offices (ท้องถิ่นอำเภอ, ท้องถิ่นจังหวัด, กรม, กระทรวง, สำนักงาน ป.ป.ช.) are here for
 * the issue that lets them follow the organisations they supervise; they are flagged `supervising`.
 *
 * Size groups: the NACC groups some agencies by size for the EIT minimum sample. The figures known are those of
 * the NACC manual for ITA 2568 (p. 39; ../shared/ita/ita-framework.md "Minimum samples"): อบต. S 30, M 40, L 50;
 * เทศบาลตำบล S 60, M 70. Any other group keeps its letter and says the minimum is unknown (null).
 */
import { InputError } from '../errors.ts';
import { organisationMessages as msg } from './messages.ts';
import type { OrgKind } from '../model/year.ts';

export const SIZE_GROUPS = ['S', 'M', 'L'] as const;
export type SizeGroup = (typeof SIZE_GROUPS)[number];

export interface OrgType {
  readonly code: string;
  /** The abbreviation in Thai (อบต.), or the name where there is none. */
  readonly abbrTh: string;
  readonly nameTh: string;
  readonly nameEn: string;
  /** The older, coarser kind (pages, documents). */
  readonly kind: OrgKind;
  /** A supervising office, not an agency assessed in the ITA cycle as a local government. */
  readonly supervising: boolean;
  /** The NACC's size groups for this type and the EIT minimum sample of each (null: not known); none: no groups. */
  readonly eitMinimum?: Readonly<Partial<Record<SizeGroup, number | null>>>;
}

/** The source of the EIT minimum figures, said wherever a minimum is shown. */
export const EIT_MINIMUM_SOURCE = {
  th: 'คู่มือ ITA 2568 ของสำนักงาน ป.ป.ช. หน้า 39',
  en: 'NACC ITA 2568 manual, p. 39',
} as const;

export const ORG_TYPES: readonly OrgType[] = [
  { code: 'sao', abbrTh: 'อบต.', nameTh: 'องค์การบริหารส่วนตำบล', nameEn: 'subdistrict administrative organisation', kind: 'sao', supervising: false, eitMinimum: { S: 30, M: 40, L: 50 } },
  { code: 'tambon_municipality', abbrTh: 'ทต.', nameTh: 'เทศบาลตำบล', nameEn: 'subdistrict municipality', kind: 'municipality', supervising: false, eitMinimum: { S: 60, M: 70, L: null } },
  { code: 'town_municipality', abbrTh: 'ทม.', nameTh: 'เทศบาลเมือง', nameEn: 'town municipality', kind: 'municipality', supervising: false, eitMinimum: { S: null, M: null, L: null } },
  { code: 'city_municipality', abbrTh: 'ทน.', nameTh: 'เทศบาลนคร', nameEn: 'city municipality', kind: 'municipality', supervising: false },
  { code: 'pao', abbrTh: 'อบจ.', nameTh: 'องค์การบริหารส่วนจังหวัด', nameEn: 'provincial administrative organisation', kind: 'pao', supervising: false },
  { code: 'bma', abbrTh: 'กทม.', nameTh: 'กรุงเทพมหานคร', nameEn: 'Bangkok Metropolitan Administration', kind: 'other', supervising: false },
  { code: 'pattaya', abbrTh: 'เมืองพัทยา', nameTh: 'เมืองพัทยา', nameEn: 'Pattaya City', kind: 'other', supervising: false },
  { code: 'central_agency', abbrTh: 'ส่วนกลาง', nameTh: 'ส่วนราชการส่วนกลาง', nameEn: 'central government agency', kind: 'other', supervising: false },
  { code: 'regional_agency', abbrTh: 'ส่วนภูมิภาค', nameTh: 'ส่วนราชการส่วนภูมิภาค', nameEn: 'regional government agency', kind: 'other', supervising: false },
  { code: 'other', abbrTh: 'อื่น ๆ', nameTh: 'หน่วยงานอื่น', nameEn: 'other agency', kind: 'other', supervising: false },
  { code: 'district_local_office', abbrTh: 'ท้องถิ่นอำเภอ', nameTh: 'สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอ', nameEn: 'district local administration office', kind: 'other', supervising: true },
  { code: 'provincial_local_office', abbrTh: 'ท้องถิ่นจังหวัด', nameTh: 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด', nameEn: 'provincial local administration office', kind: 'other', supervising: true },
  { code: 'department', abbrTh: 'กรม', nameTh: 'กรม', nameEn: 'department', kind: 'other', supervising: true },
  { code: 'ministry', abbrTh: 'กระทรวง', nameTh: 'กระทรวง', nameEn: 'ministry', kind: 'other', supervising: true },
  { code: 'nacc_office', abbrTh: 'สำนักงาน ป.ป.ช.', nameTh: 'สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ', nameEn: 'NACC office', kind: 'other', supervising: true },
];

/** Spaces and a final dot do not matter: "อบต" and "สำนักงาน ป.ป.ช" are the same as "อบต." and "สำนักงาน ป.ป.ช.". */
const typeKey = (text: string) => text.normalize('NFC').replace(/\s+/g, '').replace(/\.$/, '').toLowerCase();
const TYPE_BY_KEY = new Map(ORG_TYPES.flatMap((t) => [[typeKey(t.code), t], [typeKey(t.abbrTh), t], [typeKey(t.nameTh), t]] as const));

export const orgTypeByCode = (code: string | null): OrgType | undefined => (code === null ? undefined : ORG_TYPES.find((t) => t.code === code));

/** The type a code, a Thai abbreviation or a Thai name stands for; InputError (field `type`) otherwise. */
export function parseOrgType(text: string): OrgType {
  const found = TYPE_BY_KEY.get(typeKey(text));
  if (found) return found;
  throw new InputError('type', msg.unknownType({ type: text, abbrs: ORG_TYPES.map((t) => t.abbrTh), codes: ORG_TYPES.map((t) => t.code) }));
}

/** The size group, checked against the type (null when none is given). */
export function parseSizeGroup(type: OrgType, text: string | null | undefined): SizeGroup | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const group = SIZE_GROUPS.find((g) => g === text.trim().toUpperCase());
  const groups = Object.keys(type.eitMinimum ?? {});
  if (group === undefined || !groups.includes(group)) {
    throw new InputError('size', msg.badSizeGroup({ size: text, abbrTh: type.abbrTh, code: type.code, groups }));
  }
  return group;
}

/** The EIT minimum sample of a type's size group: a number, or null when it is not known (or there is no group). */
export function eitMinimum(type: OrgType | undefined, group: SizeGroup | null): number | null {
  if (!type || group === null) return null;
  return type.eitMinimum?.[group] ?? null;
}

/**
 * The units (กอง, สำนัก) a new organisation of a type usually has, offered on its set-up page (each can be left
 * out, and others added). อบต. and เทศบาล have the same standard set; other types get none offered.
 */
const LOCAL_UNITS = ['สำนักปลัด', 'กองคลัง', 'กองช่าง', 'กองการศึกษา ศาสนาและวัฒนธรรม', 'กองสาธารณสุขและสิ่งแวดล้อม', 'กองสวัสดิการสังคม'] as const;

export const UNITS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  sao: LOCAL_UNITS,
  tambon_municipality: LOCAL_UNITS,
  town_municipality: LOCAL_UNITS,
  city_municipality: LOCAL_UNITS,
};

/** The units offered to a new organisation of the type (none for an unknown type). */
export const unitsOfType = (code: string | null): readonly string[] => (code === null ? [] : (UNITS_BY_TYPE[code] ?? []));
