/**
 * Phrases that must not be split at a line end, and a pure function that cuts a text into runs: plain text (the
 * renderer's own dictionary breaking applies), protected phrases (kept on one line: a no-break span in HTML) and
 * long Latin tokens such as URLs (which may wrap anywhere). Renderers use markup for that, never inserted
 * characters: the runs joined are exactly the text.
 *
 * Why a list is needed: ICU's Thai dictionary (Chromium's line breaker, Intl.Segmenter) splits many compounds of
 * official Thai into their parts (งบ|ประมาณ, เผย|แพร่, ตรวจ|สอบ) and some words wrongly (ธร|รมาภิ|บาล), so a line
 * may end inside what a reader sees as one word; and it breaks at the space of "พ.ศ. ๒๕๖๖" or "ตัวชี้วัดที่ ๒",
 * leaving the number alone on the next line.
 */
import { thaiMonthName } from './dates.ts';

/**
 * Common compounds of ITA documents. Sources: the NACC's ITA criteria and manuals (คู่มือการประเมินคุณธรรมและความ
 * โปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ: the indicator names and OIT items), the seed report of อบต.ห้วยทอง
 * (../shared/seed/) and the words the issue-15 review found broken (งบ|ประมาณ, ธรรมาภิ|บาล, เผย|แพร่, ตรวจ|สอบ).
 * Words, not phrases: each is one word to a reader that ICU splits (or splits wrongly); a phrase of several words
 * ("การป้องกัน|การทุจริต") may break between them, and keeping it whole would only widen narrow columns.
 */
export const COMMON_COMPOUNDS: readonly string[] = [
  // The review (words seen broken at line ends) and the seed's table headers.
  'งบประมาณ',
  'ปีงบประมาณ',
  'ธรรมาภิบาล',
  'เผยแพร่',
  'เปิดเผย',
  'ตรวจสอบ',
  'ประชาสัมพันธ์',
  'ระยะเวลา',
  'ดำเนินการ',
  'ดำเนินงาน',
  'ผู้รับผิดชอบ',
  'ผลลัพธ์',
  // Words of the ITA indicators and tools (criteria 2566–2570).
  'คุณธรรม',
  'ทุจริต',
  'ประพฤติมิชอบ',
  'ประสิทธิภาพ',
  'สาธารณะ',
  'ส่งเสริม',
  'พัฒนา',
  'ประเมิน',
  'วิเคราะห์',
  'ข้อเสนอแนะ',
  // Offices, people and documents of local government.
  'ผู้บังคับบัญชา',
  'ผู้ใต้บังคับบัญชา',
  'ผู้บริหาร',
  'เจ้าหน้าที่',
  'บุคลากร',
  'ข้าราชการ',
  'พนักงานจ้าง',
  'ประชาชน',
  'ข้อร้องเรียน',
  'จัดซื้อจัดจ้าง',
  'พัสดุ',
  'ประกาศ',
  'ระเบียบ',
  'หลักเกณฑ์',
  'มาตรฐาน',
  'คู่มือ',
  'ข้อบังคับ',
  'จริยธรรม',
  'เว็บไซต์',
  'รับทราบ',
  'สำนักงาน ป.ป.ช.',
];

const DIGIT = '[0-9๐-๙]';
const NUMBER = `${DIGIT}+(?:[.,]${DIGIT}+)*`;
const MONTHS = Array.from({ length: 12 }, (_, i) => [thaiMonthName(i + 1, 'long'), thaiMonthName(i + 1, 'short')]).flat();
/** Words that a number belongs to when they follow it: "๑๐๐ คะแนน", "๓ ครั้ง". */
const UNITS = ['คะแนนขึ้นไป', 'คะแนน', 'บาท', 'ครั้ง', 'คน', 'ราย', 'วัน', 'เดือน', 'ปี', 'ข้อ', 'เรื่อง', 'ชั่วโมง', 'ฉบับ', 'รายการ', 'แห่ง', 'ช่องทาง'];
/** Words that a number follows: "ตัวชี้วัดที่ ๒", "ร้อยละ ๘๐". */
const LEADS = ['ตัวชี้วัดที่', 'ข้อที่', 'ครั้งที่', 'ไตรมาสที่', 'ฉบับที่', 'ลำดับที่', 'หมวดที่', 'ประเด็นที่', 'ร้อยละ', 'รอบ', 'พ.ศ.', 'ค.ศ.', 'ปี'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

/**
 * Number phrases: a date ("๓๐ กันยายน ๒๕๖๖", "๑ ต.ค. ๒๕๖๕"), a lead word and its number ("พ.ศ. ๒๕๖๖", "พ.ศ.๒๕๖๖",
 * "ตัวชี้วัดที่ ๒", "ร้อยละ ๘๐", "ปี ๒๕๖๖"), a number and its unit ("๑๐๐ คะแนน"), with the brackets around them when
 * they close on the phrase ("(๘๕ คะแนนขึ้นไป)"). Thai or Arabic digits.
 */
/** A unit word ends there: no Thai letter follows ("๒๕๖๖ ราย" is not "๒๕๖๖ รายงาน"). */
const WORD_END = '(?![\u0E01-\u0E4E])';
const NUMBER_PHRASES = [
  `${DIGIT}{1,2} ?(?:${alternatives(MONTHS)})(?: ?(?:พ\\.ศ\\. ?)?${DIGIT}{4})?`,
  `\\((?:${alternatives(LEADS)}) ?${NUMBER}(?: ?(?:${alternatives(UNITS)}))?\\)`,
  `\\(${NUMBER} ?(?:${alternatives(UNITS)})\\)`,
  `(?:${alternatives(LEADS)}) ?${NUMBER}(?: ?(?:${alternatives(UNITS)})${WORD_END})?`,
  `${NUMBER} ?(?:${alternatives(UNITS)})${WORD_END}`,
];

/** A web address, an e-mail address or any Latin token of 20 characters or more: it may wrap anywhere. */
const WRAPPING = String.raw`(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>"]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|[!-~]{20,}`;

export type PhraseRunKind = 'plain' | 'keep' | 'wrap';

export interface PhraseRun {
  readonly text: string;
  /** plain: break where the dictionary says; keep: never break inside; wrap: may break anywhere. */
  readonly kind: PhraseRunKind;
}

/**
 * Splits texts into runs with one set of extra phrases (a document's names), compiled once. `fits`, when given,
 * says whether a phrase fits where it is printed (a narrow table column): one that does not is not kept, and the
 * phrases inside it are kept instead ("ห้วยทอง" of "องค์การบริหารส่วนตำบลห้วยทอง").
 */
export type PhraseSplitter = (text: string, fits?: (phrase: string) => boolean) => PhraseRun[];

/**
 * A splitter for {@link phraseRuns} with the common compounds, the number phrases and `extras` (an organisation's
 * names, its units: see {@link organisationPhrases}). Phrases that overlap are kept as one; phrases side by side
 * ("ระยะเวลา" "ดำเนินการ") stay two runs, so a line may end between them.
 */
export function phraseSplitter(extras: readonly string[] = []): PhraseSplitter {
  const literals = alternatives([...new Set([...COMMON_COMPOUNDS, ...extras.filter((e) => e.trim() !== '')])]);
  const wrapping = new RegExp(WRAPPING, 'giu');
  const keep = new RegExp(`${NUMBER_PHRASES.join('|')}|${literals}`, 'giu');
  /**
   * Protected phrases of a text without wrapping runs; phrases that overlap ("ประจำปี", "ปีงบประมาณ") are one where
   * that fits, else the first is kept.
   */
  const kept = (text: string, runs: PhraseRun[], fits: (phrase: string) => boolean) => {
    let start = -1;
    let end = -1;
    let last = 0;
    const flush = () => {
      if (start < 0) return;
      if (start > last) runs.push({ text: text.slice(last, start), kind: 'plain' });
      runs.push({ text: text.slice(start, end), kind: 'keep' });
      last = end;
    };
    keep.lastIndex = 0;
    for (let m = keep.exec(text); m; m = keep.exec(text)) {
      const to = m.index + m[0].length;
      if (m.index < end) {
        if (to > end && fits(text.slice(start, to))) end = to;
      } else if (fits(m[0])) {
        flush();
        start = m.index;
        end = to;
      }
      // Look for a phrase that starts inside this one, too.
      keep.lastIndex = m.index + 1;
    }
    flush();
    if (last < text.length) runs.push({ text: text.slice(last), kind: 'plain' });
  };
  return (text, fits = () => true) => {
    const runs: PhraseRun[] = [];
    let last = 0;
    for (const match of text.matchAll(wrapping)) {
      kept(text.slice(last, match.index), runs, fits);
      runs.push({ text: match[0], kind: 'wrap' });
      last = match.index + match[0].length;
    }
    kept(text.slice(last), runs, fits);
    return runs;
  };
}

/** `text` as runs (their texts joined are `text`), with the common phrases and `extras`. */
export function phraseRuns(text: string, extras: readonly string[] = []): PhraseRun[] {
  return phraseSplitter(extras)(text);
}

/** What {@link organisationPhrases} reads: an organisation, its units and the responsibles written in its measures. */
export interface OrganisationNames {
  readonly nameTh: string;
  /** The kind's long and short forms ("องค์การบริหารส่วนตำบล", "อบต."), to name the organisation short too. */
  readonly kindTh?: { readonly long: string; readonly short: string };
  readonly subdistrict?: string | null;
  readonly district?: string | null;
  readonly province?: string | null;
  readonly units?: readonly { readonly nameTh: string; readonly shortTh?: string | null }[];
  /** Responsible labels as written ("หัวหน้าสำนักปลัด ผอ.กองคลัง"): each word between spaces is kept whole. */
  readonly responsibles?: readonly string[];
}

/**
 * A document's own phrases: the organisation's name, its short form ("อบต.ห้วยทอง") and its place name
 * ("ห้วยทอง"), the district and province, the units' names and short names, and the responsibles' labels (each
 * space-separated part). Phrases with spaces are split at them: a space stays a place to break a line.
 */
export function organisationPhrases(names: OrganisationNames): string[] {
  const out = new Set<string>();
  const add = (s: string | null | undefined) => {
    for (const part of (s ?? '').split(/\s+/u)) if (part.length > 1) out.add(part);
  };
  add(names.nameTh);
  const kind = names.kindTh;
  if (kind?.long && names.nameTh.startsWith(kind.long)) {
    const place = names.nameTh.slice(kind.long.length);
    add(place);
    if (kind.short) add(`${kind.short}${place}`);
  }
  add(names.subdistrict);
  add(names.district);
  add(names.province);
  for (const unit of names.units ?? []) {
    add(unit.nameTh);
    add(unit.shortTh);
  }
  for (const label of names.responsibles ?? []) add(label);
  return [...out];
}
