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

export const FONT_FILES = {
  regular: '@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf',
  bold: '@expo-google-fonts/sarabun/700Bold/Sarabun_700Bold.ttf',
} as const;

let cached: { readonly regular: Buffer; readonly bold: Buffer; readonly urls: FontUrls } | null = null;

function load() {
  if (!cached) {
    const regular = readFileSync(require.resolve(FONT_FILES.regular));
    const bold = readFileSync(require.resolve(FONT_FILES.bold));
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
