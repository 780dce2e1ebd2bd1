/**
 * The A4 poster of a survey link: an ITAS survey's (issue 14, point 2) or the agency's own survey's (issue 19): the
 * organisation's name, a short instruction in Thai for its staff (IIT) or its service users (EIT), the QR code and
 * the link written out, to print and put up. The ITAS texts are POSTER_TEXT; an own survey brings its `PosterText`.
 * HTML with print CSS (the browser prints it), and PDF through the warm Chromium (browser.ts), as the reports are.
 */
import { renderToString } from 'preact-render-to-string';
import { sharedBrowser, type DocumentBrowser } from './browser.ts';
import { PRINT_FONT_URLS } from './fonts.ts';
import type { FontUrls } from './html.tsx';
import { PDF_CREATOR } from './pdf.ts';
import { withPdfInfo } from './pdf-info.ts';

export type Survey = 'iit' | 'eit';

/** What a poster says around the QR code. */
export interface PosterText {
  /** The survey's name (the document's title). */
  readonly title: string;
  /** The poster's heading. */
  readonly heading: string;
  readonly who: string;
  readonly steps: readonly string[];
  readonly foot: string;
}

export interface PosterInput {
  readonly orgNameTh: string;
  /** An ITAS survey, or the texts of another survey. */
  readonly survey: Survey | PosterText;
  readonly link: string;
  /** The QR code of the link, as SVG markup (qrcode's own output). */
  readonly qrSvg: string;
}

const ITAS_FOOT = 'การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) โดยสำนักงาน ป.ป.ช.';

export const POSTER_TEXT: Readonly<Record<Survey, PosterText>> = {
  iit: {
    title: 'แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)',
    heading: 'ขอเชิญตอบแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)',
    who: 'สำหรับบุคลากรของหน่วยงาน',
    steps: [
      'สแกนคิวอาร์โค้ดด้วยกล้องโทรศัพท์ หรือพิมพ์ลิงก์ด้านล่าง',
      'ตอบแบบสำรวจตามความเป็นจริง ไม่ต้องระบุชื่อ ใช้เวลาประมาณ 10 นาที',
      'ตอบได้คนละหนึ่งครั้ง ภายในระยะเวลาที่ สำนักงาน ป.ป.ช. กำหนด',
    ],
    foot: ITAS_FOOT,
  },
  eit: {
    title: 'แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)',
    heading: 'ขอเชิญตอบแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)',
    who: 'สำหรับประชาชนและผู้มาติดต่อรับบริการ',
    steps: [
      'สแกนคิวอาร์โค้ดด้วยกล้องโทรศัพท์ หรือพิมพ์ลิงก์ด้านล่าง',
      'ประเมินการให้บริการของหน่วยงานตามที่ท่านได้รับ ไม่ต้องระบุชื่อ',
      'ความเห็นของท่านช่วยให้หน่วยงานโปร่งใสและบริการดีขึ้น',
    ],
    foot: ITAS_FOOT,
  },
};

const textOf = (input: PosterInput): PosterText => (typeof input.survey === 'string' ? POSTER_TEXT[input.survey] : input.survey);

const css = (fonts: FontUrls) => `
@font-face{font-family:'Sarabun';font-weight:400;src:url("${fonts.regular.replace(/"/g, '%22')}") format('truetype')}
@font-face{font-family:'Sarabun';font-weight:700;src:url("${fonts.bold.replace(/"/g, '%22')}") format('truetype')}
@page{size:A4 portrait;margin:15mm}
*{box-sizing:border-box}
body{margin:0;font-family:'Sarabun',sans-serif;color:#000;background:#fff;text-align:center;line-height:1.5}
.poster{max-width:180mm;margin:0 auto;padding:8mm 0}
.org{font-size:20pt;font-weight:700;margin:0}
h1{font-size:24pt;margin:4mm 0 0}
.who{font-size:18pt;margin:2mm 0 6mm}
.qr{width:110mm;height:110mm;margin:0 auto}
.qr svg{width:100%;height:100%}
.link{font-size:15pt;font-weight:700;word-break:break-all;margin:4mm 0}
ol{text-align:left;font-size:15pt;margin:6mm auto 0;max-width:160mm}
.foot{font-size:11pt;margin-top:8mm}
.no-print{margin:4mm}
@media print{.no-print{display:none}}
`;

/** The poster as a whole HTML document; `fonts`: where the page finds Sarabun. */
export function posterHtml(input: PosterInput, fonts: FontUrls, options: { printHint?: boolean } = {}): string {
  const text = textOf(input);
  const body = renderToString(
    <main class="poster">
      <p class="org">{input.orgNameTh}</p>
      <h1>{text.heading}</h1>
      <p class="who">{text.who}</p>
      <div class="qr" role="img" aria-label={`คิวอาร์โค้ด ${input.link}`} dangerouslySetInnerHTML={{ __html: input.qrSvg }} />
      <p class="link">{input.link}</p>
      <ol>
        {text.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      <p class="foot">{text.foot}</p>
      {options.printHint ? <p class="no-print">พิมพ์ลงกระดาษ A4 จากเมนูพิมพ์ของเบราว์เซอร์ (Ctrl+P) / Print on A4 from the browser (Ctrl+P)</p> : null}
    </main>,
  );
  const title = `${input.orgNameTh}: ${text.title}`;
  return `<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${renderToString(<>{title}</>)}</title><style>${css(fonts)}</style></head><body>${body}</body></html>`;
}

/** The poster as PDF (A4), printed by Chromium. */
export async function posterPdf(input: PosterInput, browser: DocumentBrowser = sharedBrowser()): Promise<Buffer> {
  const html = posterHtml(input, PRINT_FONT_URLS);
  const pdf = await browser.withPage(async (page) => {
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: false });
  });
  return withPdfInfo(pdf, { title: `${input.orgNameTh}: ${textOf(input).title}`, author: input.orgNameTh, subject: input.link, creator: PDF_CREATOR });
}
