/**
 * The Sarabun TTF files (Google Fonts, SIL OFL 1.1, "Copyright 2018 The Sarabun Project Authors") shipped by
 * @expo-google-fonts/sarabun, read once and kept. TTF, not woff2: Chromium embeds a TTF loaded by @font-face
 * as a CID TrueType font with a ToUnicode map, so the PDF's text copies and extracts correctly (conventions
 * §3.3). Adapter: reads files.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FontUrls } from './html.tsx';

const require = createRequire(import.meta.url);

/**
 * The faces. Documents print their body text in Sarabun Light, not Regular: at the size that matches TH SarabunPSK
 * 16 pt, Regular puts 1.41 times the ink of TH SarabunPSK on the page (issue 15's measure); Light 1.19 times less
 * than Regular, so about 1.18 times TH SarabunPSK, and only 1.2 % narrower (the seed's text, fontkit advances), so
 * lines and pages hardly change. ExtraLight would match the ink (0.94) but its strokes are spindly in print and it
 * is 2.5 % narrower. docs/decisions/0008-document-body-face.md has the figures. The web pages keep Regular (`regular`,
 * read on screens at small sizes), and the DOCX embeds Regular under the name "Sarabun" (a Light file is named
 * "Sarabun Light" inside, which a word processor would not match to the run's font).
 */
export const FONT_FILES = {
  regular: '@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf',
  body: '@expo-google-fonts/sarabun/300Light/Sarabun_300Light.ttf',
  bold: '@expo-google-fonts/sarabun/700Bold/Sarabun_700Bold.ttf',
} as const;

const files = new Map<keyof typeof FONT_FILES, Buffer>();

/** One face's TTF file, read once. */
export function fontFile(name: keyof typeof FONT_FILES): Buffer {
  let bytes = files.get(name);
  if (!bytes) {
    bytes = readFileSync(require.resolve(FONT_FILES[name]));
    files.set(name, bytes);
  }
  return bytes;
}

let cached: { readonly regular: Buffer; readonly bold: Buffer; readonly urls: FontUrls } | null = null;

/** The documents' two faces: the body (weight 400 in their CSS) and bold. */
function load() {
  if (!cached) {
    const regular = fontFile('body');
    const bold = fontFile('bold');
    const dataUrl = (b: Buffer) => `data:font/ttf;base64,${b.toString('base64')}`;
    cached = { regular, bold, urls: { regular: dataUrl(regular), bold: dataUrl(bold) } };
  }
  return cached;
}

/** The two faces as data: URLs, so that an HTML file needs nothing else. */
export function sarabunDataUrls(): FontUrls {
  return load().urls;
}

/**
 * Where the printing browser finds the fonts: an address that exists only inside it (browser.ts answers it
 * from memory), so a page fetches each face once and then takes it from the browser's cache, instead of
 * parsing 220 KB of data: URLs for every document.
 */
export const PRINT_FONT_ORIGIN = 'https://fonts.prongsai.invalid';
export const PRINT_FONT_URLS: FontUrls = {
  regular: `${PRINT_FONT_ORIGIN}/Sarabun-Regular.ttf`,
  bold: `${PRINT_FONT_ORIGIN}/Sarabun-Bold.ttf`,
};

/** The TTF file behind one of {@link PRINT_FONT_URLS}, or null. */
export function printFont(url: string): Buffer | null {
  if (url === PRINT_FONT_URLS.regular) return load().regular;
  if (url === PRINT_FONT_URLS.bold) return load().bold;
  return null;
}
