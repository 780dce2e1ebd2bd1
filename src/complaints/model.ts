/**
 * The complaint channel's vocabulary: channels, types, statuses and outcomes, with their Thai and English names.
 * Pure data, shared by the app layer, the web pages, the API and the statistics.
 */

/** The longest complaint text, and the longest message of a conversation (characters). */
export const MAX_TEXT = 20_000;
export const MAX_MESSAGE = 5_000;
/** The bounds of an officer's complaint passphrase (characters). */
export const PASSPHRASE_MIN = 12;
export const PASSPHRASE_MAX = 200;

export const CHANNELS = ['public', 'internal'] as const;
export type Channel = (typeof CHANNELS)[number];

export const COMPLAINT_TYPES = ['service', 'corruption', 'misconduct', 'harassment', 'other'] as const;
export type ComplaintType = (typeof COMPLAINT_TYPES)[number];

/** The types a channel takes: the public reports service problems and corruption; staff also misconduct and harassment. */
export const TYPES_OF_CHANNEL: Readonly<Record<Channel, readonly ComplaintType[]>> = {
  public: ['service', 'corruption', 'other'],
  internal: ['corruption', 'misconduct', 'harassment', 'other'],
};

export const STATUSES = ['received', 'acknowledged', 'investigating', 'closed'] as const;
export type ComplaintStatus = (typeof STATUSES)[number];

export const OUTCOMES = ['resolved', 'substantiated', 'unsubstantiated', 'referred', 'not_accepted'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Label {
  readonly th: string;
  readonly en: string;
}

export const CHANNEL_LABEL: Readonly<Record<Channel, Label>> = {
  public: { th: 'ร้องเรียนจากประชาชน', en: 'Public complaints' },
  internal: { th: 'แจ้งเบาะแสสำหรับบุคลากรของหน่วยงาน', en: 'Whistleblowing by staff' },
};

export const TYPE_LABEL: Readonly<Record<ComplaintType, Label>> = {
  service: { th: 'การให้บริการหรือเรื่องร้องทุกข์ทั่วไป', en: 'Service or general grievance' },
  corruption: { th: 'การทุจริตและประพฤติมิชอบ', en: 'Corruption or malfeasance' },
  misconduct: { th: 'การผิดวินัยหรือจริยธรรม', en: 'Breach of discipline or ethics' },
  harassment: { th: 'การล่วงละเมิดหรือคุกคาม รวมถึงทางเพศ', en: 'Abuse or harassment, sexual harassment included' },
  other: { th: 'เรื่องอื่น ๆ', en: 'Other' },
};

export const STATUS_LABEL: Readonly<Record<ComplaintStatus, Label>> = {
  received: { th: 'ได้รับเรื่องแล้ว', en: 'Received' },
  acknowledged: { th: 'ตอบรับเรื่องแล้ว', en: 'Acknowledged' },
  investigating: { th: 'อยู่ระหว่างตรวจสอบ', en: 'Under investigation' },
  closed: { th: 'ดำเนินการเสร็จสิ้น', en: 'Closed' },
};

export const OUTCOME_LABEL: Readonly<Record<Outcome, Label>> = {
  resolved: { th: 'แก้ไขปัญหาแล้ว', en: 'Resolved' },
  substantiated: { th: 'ตรวจสอบแล้วมีมูล', en: 'Investigated: substantiated' },
  unsubstantiated: { th: 'ตรวจสอบแล้วไม่มีมูล', en: 'Investigated: not substantiated' },
  referred: { th: 'ส่งต่อหน่วยงานที่มีอำนาจ', en: 'Referred to the competent agency' },
  not_accepted: { th: 'ไม่รับไว้พิจารณา (ไม่อยู่ในอำนาจหรือข้อมูลไม่เพียงพอ)', en: 'Not accepted (outside our powers or too little information)' },
};

export const isChannel = (v: unknown): v is Channel => (CHANNELS as readonly unknown[]).includes(v);
