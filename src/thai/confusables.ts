/**
 * Commonly misspelt words of official Thai, as data: the wrong spelling, the right one and where the right one is
 * given. The linter (src/documents/core/lint.ts) warns about a wrong spelling and suggests the right one; it never edits.
 *
 * Sources (no web access when this list was made: the lists are cited by name, from memory, and each right form is
 * the headword of the Royal Institute's dictionary or of its transliteration rules):
 * - `rbs-misspelt`: ราชบัณฑิตยสภา (ราชบัณฑิตยสถาน), "คำที่มักเขียนผิด" (its published lists of words often misspelt);
 * - `ri-dictionary`: พจนานุกรม ฉบับราชบัณฑิตยสถาน พ.ศ. ๒๕๕๔ (the headword of the right form);
 * - `ri-transliteration`: ราชบัณฑิตยสถาน, หลักเกณฑ์การทับศัพท์ภาษาอังกฤษ และศัพท์คอมพิวเตอร์ (loanwords);
 * - `law`: the word as the civil-service laws write it (พระราชบัญญัติระเบียบข้าราชการพลเรือน พ.ศ. ๒๕๕๑).
 * `unsure` marks an entry that we cannot vouch the named list carries (its right form is still the source's).
 *
 * Rules every entry keeps (test/documents-lint-proofreading.test.ts checks them): a wrong spelling is never part of
 * a right one, so correct text never matches; and the matcher ({@link findConfusables}) skips a match that is the
 * start of a right spelling or ends inside a grapheme (a vowel or tone mark follows).
 */

export const CONFUSABLE_SOURCES = {
  'rbs-misspelt': 'ราชบัณฑิตยสภา, คำที่มักเขียนผิด',
  'ri-dictionary': 'พจนานุกรม ฉบับราชบัณฑิตยสถาน พ.ศ. ๒๕๕๔',
  'ri-transliteration': 'ราชบัณฑิตยสถาน, หลักเกณฑ์การทับศัพท์ภาษาอังกฤษ และศัพท์คอมพิวเตอร์',
  law: 'พระราชบัญญัติระเบียบข้าราชการพลเรือน พ.ศ. ๒๕๕๑',
} as const;
export type ConfusableSource = keyof typeof CONFUSABLE_SOURCES;

export interface Confusable {
  readonly wrong: string;
  readonly right: string;
  readonly source: ConfusableSource;
  /** We cannot vouch that the named source lists this misspelling (the right form is still its own). */
  readonly unsure?: true;
}

const e = (wrong: string, right: string, source: ConfusableSource, unsure?: 'unsure'): Confusable =>
  unsure ? { wrong, right, source, unsure: true } : { wrong, right, source };

export const CONFUSABLES: readonly Confusable[] = [
  // Words of official letters and ITA documents.
  e('ผู้ได้บังคับบัญชา', 'ผู้ใต้บังคับบัญชา', 'law'),
  e('อนุญาติ', 'อนุญาต', 'rbs-misspelt'),
  e('สังเกตุ', 'สังเกต', 'rbs-misspelt'),
  e('กระทันหัน', 'กะทันหัน', 'rbs-misspelt'),
  e('โอกาศ', 'โอกาส', 'rbs-misspelt'),
  e('บุคคลากร', 'บุคลากร', 'rbs-misspelt'),
  e('ผลลัพท์', 'ผลลัพธ์', 'rbs-misspelt'),
  e('ปรากฎ', 'ปรากฏ', 'rbs-misspelt'),
  e('กฏ', 'กฎ', 'rbs-misspelt'),
  e('ปฎิบัติ', 'ปฏิบัติ', 'rbs-misspelt'),
  e('ปฎิทิน', 'ปฏิทิน', 'rbs-misspelt'),
  e('ประสิทธิ์ภาพ', 'ประสิทธิภาพ', 'rbs-misspelt', 'unsure'),
  e('มาตราการ', 'มาตรการ', 'ri-dictionary', 'unsure'),
  e('มาตราฐาน', 'มาตรฐาน', 'rbs-misspelt'),
  e('ภาระกิจ', 'ภารกิจ', 'rbs-misspelt'),
  e('ดุลยพินิจ', 'ดุลพินิจ', 'rbs-misspelt'),
  e('คำนวน', 'คำนวณ', 'rbs-misspelt'),
  e('ประเมิณ', 'ประเมิน', 'ri-dictionary', 'unsure'),
  e('ประมาน', 'ประมาณ', 'ri-dictionary', 'unsure'),
  e('ปริมาน', 'ปริมาณ', 'ri-dictionary', 'unsure'),
  e('วิเคาระห์', 'วิเคราะห์', 'ri-dictionary', 'unsure'),
  e('จำนงค์', 'จำนง', 'rbs-misspelt'),
  e('ประจักษณ์', 'ประจักษ์', 'ri-dictionary', 'unsure'),
  e('สัมนา', 'สัมมนา', 'rbs-misspelt'),
  e('ประสพการณ์', 'ประสบการณ์', 'rbs-misspelt'),
  e('คุรุภัณฑ์', 'ครุภัณฑ์', 'rbs-misspelt'),
  e('บันทัดฐาน', 'บรรทัดฐาน', 'rbs-misspelt'),
  e('ลายเซ็นต์', 'ลายเซ็น', 'rbs-misspelt'),
  e('กิติมศักดิ์', 'กิตติมศักดิ์', 'rbs-misspelt'),
  e('ลิขสิทธ์', 'ลิขสิทธิ์', 'rbs-misspelt'),
  e('ผาสุข', 'ผาสุก', 'rbs-misspelt'),
  e('ดำริห์', 'ดำริ', 'rbs-misspelt'),
  e('ปราณีต', 'ประณีต', 'rbs-misspelt'),
  e('เอนกประสงค์', 'อเนกประสงค์', 'rbs-misspelt'),
  e('ผลัดวันประกันพรุ่ง', 'ผัดวันประกันพรุ่ง', 'rbs-misspelt'),
  e('สร้างสรร', 'สร้างสรรค์', 'rbs-misspelt'),
  e('เลือกสรรค์', 'เลือกสรร', 'rbs-misspelt'),
  e('นานับประการ', 'นานัปการ', 'rbs-misspelt'),
  e('เกล็ดความรู้', 'เกร็ดความรู้', 'rbs-misspelt'),
  e('ขมักเขม้น', 'ขะมักเขม้น', 'rbs-misspelt'),
  e('อนุเสาวรีย์', 'อนุสาวรีย์', 'rbs-misspelt'),
  e('อานิสงฆ์', 'อานิสงส์', 'rbs-misspelt'),
  e('ศรีษะ', 'ศีรษะ', 'rbs-misspelt'),
  e('รสชาด', 'รสชาติ', 'rbs-misspelt'),
  e('จราจล', 'จลาจล', 'rbs-misspelt'),
  e('ภาพยนต์', 'ภาพยนตร์', 'rbs-misspelt'),
  e('พิศดาร', 'พิสดาร', 'rbs-misspelt'),
  e('ปาฏิหารย์', 'ปาฏิหาริย์', 'rbs-misspelt'),
  e('บิณฑบาตร', 'บิณฑบาต', 'rbs-misspelt'),
  e('ทะเลสาป', 'ทะเลสาบ', 'rbs-misspelt'),
  e('เครื่องสำอางค์', 'เครื่องสำอาง', 'rbs-misspelt'),
  e('อัตจันทร์', 'อัฒจันทร์', 'rbs-misspelt'),
  // Loanwords, as the Royal Institute transliterates them.
  e('อินเตอร์เน็ต', 'อินเทอร์เน็ต', 'ri-transliteration'),
  e('เว็ปไซต์', 'เว็บไซต์', 'ri-transliteration'),
  e('เว็บไซท์', 'เว็บไซต์', 'ri-transliteration'),
  e('อีเมล์', 'อีเมล', 'ri-transliteration'),
  e('คลีนิค', 'คลินิก', 'ri-transliteration'),
  e('โควต้า', 'โควตา', 'ri-transliteration'),
  e('แอพพลิเคชั่น', 'แอปพลิเคชัน', 'ri-transliteration'),
];

/** Thai vowels above and below, tone marks and other marks that sit on the letter before them. */
const COMBINING = /^[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/u;

export interface ConfusableMatch {
  readonly entry: Confusable;
  /** Index of the wrong spelling in the text. */
  readonly index: number;
}

/**
 * Every misspelling of {@link CONFUSABLES} in `text`, in order. A match is skipped where the text there is a right
 * spelling that begins with (or contains) the wrong one, and where a combining mark follows it (the letters
 * belong to another syllable).
 */
export function findConfusables(text: string, entries: readonly Confusable[] = CONFUSABLES): ConfusableMatch[] {
  const found: ConfusableMatch[] = [];
  for (const entry of entries) {
    for (let index = text.indexOf(entry.wrong); index !== -1; index = text.indexOf(entry.wrong, index + 1)) {
      if (COMBINING.test(text.slice(index + entry.wrong.length))) continue;
      const insideRight = entries.some((other) => {
        const at = other.right.indexOf(entry.wrong);
        return at !== -1 && index >= at && text.startsWith(other.right, index - at);
      });
      if (!insideRight) found.push({ entry, index });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
