/**
 * Thai alphabetical order (dictionary order) with ICU's Thai collation.
 *
 * Code-point order is wrong for Thai: leading vowels (เ แ โ ใ ไ) are stored first but sorted by the
 * consonant after them, so ['แก', 'ข', 'ก', 'เก', 'กา', 'ฮ'] sorts as ก กา เก แก ข ฮ.
 */

/** ICU collator for Thai (`Intl.Collator('th')`), shared so it is built once. */
export const thaiCollator: Intl.Collator = new Intl.Collator('th');

/** Compare two strings in Thai order: negative, zero or positive, for `Array#sort`. */
export function compareThai(a: string, b: string): number {
  return thaiCollator.compare(a, b);
}

/**
 * A sorted copy of `items` in Thai order of `key(item)` (default: `String(item)`). The sort is
 * stable (equal keys keep their order) and `items` is not changed; each key is computed once.
 *
 * @example sortThai(['แก', 'ข', 'ก', 'เก', 'กา', 'ฮ']) // ['ก', 'กา', 'เก', 'แก', 'ข', 'ฮ']
 * @example sortThai(agencies, (a) => a.name)
 */
export function sortThai<T>(items: readonly T[], key: (t: T) => string = String): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => thaiCollator.compare(a.key, b.key))
    .map(({ item }) => item);
}
