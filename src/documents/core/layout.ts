/**
 * Page layout and type sizes of the official documents (conventions §1.2–1.4, §2.3–2.4): A4, margins left 3 cm,
 * right 2 cm (the สลน. guidance), top 2.5 cm and bottom 2 cm (common practice, configurable), body text 16 pt,
 * tables 14 pt, page numbers from page 2 centred at the top as "- ๒ -".
 *
 * Sizes are given in the points officials mean: TH SarabunPSK / TH Sarabun New points, the fonts their Word
 * documents use. DOCX names "TH SarabunPSK" and uses these sizes as they are. HTML and PDF embed Google's
 * Sarabun instead (OFL; TH SarabunPSK may not be shipped), which draws its glyphs about 1.5 times larger per
 * point, so they are scaled by {@link SARABUN_SCALE} — see there.
 */

export interface Margins {
  /** Centimetres. */
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export interface PageLayout {
  readonly margins: Margins;
}

export const DEFAULT_LAYOUT: PageLayout = { margins: { top: 2.5, right: 2, bottom: 2, left: 3 } };

/** A4 in centimetres. */
export const A4 = { width: 21, height: 29.7 } as const;

/** Official point sizes (TH SarabunPSK points). */
export const BODY_PT = 16;
export const TABLE_PT = 14;
export const NOTE_PT = 14;
/** First-line indent of a body paragraph (one tab of the official layout). */
export const INDENT_CM = 2.5;

/**
 * Google Sarabun points per official (TH SarabunPSK) point.
 *
 * TLWG's fontconfig rule that stands in for "TH Sarabun*" with its Laksaman font (a Sarabun derivative, drawn at
 * the same size as Google's Sarabun) scales it by 0.66 (conventions §2.3): that is the Thai font maintainers'
 * own measure of how much larger these fonts draw per point than TH SarabunPSK. Laksaman's consonant ก is
 * 0.602 em high and Sarabun's 0.586 em (conventions §2.4, measured from the font files), so Sarabun needs
 * 0.66 × 0.602 / 0.586 ≈ 0.678 to draw its ก as high as TH SarabunPSK does: "16 pt" becomes 10.85 pt, which
 * gives about as many characters per line as the same letter typed in Word with TH SarabunPSK 16 pt. An
 * unscaled 16 pt Sarabun would look one and a half times too large and paginate differently from the DOCX.
 * The ratio is inferred, not measured against a real TH SarabunPSK page (none could be used here); change
 * this one number if a side-by-side print shows otherwise.
 */
export const SARABUN_SCALE = 0.678;

/** CSS size of Sarabun that looks like `officialPt` of TH SarabunPSK, rounded to 0.05 pt. */
export function sarabunPt(officialPt: number): number {
  return Math.round(officialPt * SARABUN_SCALE * 20) / 20;
}

/**
 * Line height of HTML/PDF text, in em. Sarabun's line box from its typo metrics is 1.30 em (ascender 1.068),
 * but its stacked Thai marks (a tone mark over an upper vowel, as in เครื่อง) reach 1.286 em above the baseline
 * (its win ascent). Where a mark rises above its line box, Chromium paints that ink on the previous page when
 * the line is moved to the next one (a stray mark at the foot of the page, seen while building this), and it
 * can touch the line above. The half-leading must cover the difference: (h − 1.30) / 2 ≥ 1.286 − 1.068, so
 * h ≥ 1.74. 1.75 em of 10.85 pt is a 19 pt line, close to Word's single spacing of TH SarabunPSK 16 pt; it is
 * well above the 1.4 minimum for Thai.
 */
export const LINE_HEIGHT = 1.75;

/** DOCX measures: twentieths of a point per centimetre. */
export const TWIPS_PER_CM = 1440 / 2.54;

export function twips(cm: number): number {
  return Math.round(cm * TWIPS_PER_CM);
}
