/**
 * Thai-language helpers: digits and numbers, Buddhist-era dates and the fiscal year (always on the
 * Bangkok calendar), Thai collation, word/grapheme segmentation and text normalisation.
 * Pure functions over Node's built-in Intl (full ICU); no I/O.
 */
export * from './digits.ts';
export * from './dates.ts';
export * from './collate.ts';
export * from './text.ts';
export * from './phrases.ts';
