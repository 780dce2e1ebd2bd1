/**
 * The indicator bar chart as SVG: one bar per indicator on a 0–100 scale, a dashed line at the pass mark, the
 * score above each bar, and a dashed empty box marked ไม่มีข้อมูล where a score is missing (a gap, not a bar at
 * 0). Pure; used inline by the HTML (and so the PDF), and rasterised to PNG by Chromium for DOCX.
 */
import { scoreText } from '../../analysis/index.ts';
import type { DigitStyle } from '../../thai/index.ts';
import { digitsIn } from './digits.ts';
import { escapeXml } from './escape.ts';
import type { BarChart } from './model.ts';

/** The chart's own size in SVG units (it scales to the width of the text block). */
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 300;
export const CHART_FONT = 'Sarabun';

const PLOT = { left: 44, right: 16, top: 40, bottom: 40 } as const;

export function chartSvg(chart: BarChart, digits: DigitStyle): string {
  const t = (s: string) => escapeXml(digitsIn(s, digits));
  const plotWidth = CHART_WIDTH - PLOT.left - PLOT.right;
  const plotHeight = CHART_HEIGHT - PLOT.top - PLOT.bottom;
  const baseline = PLOT.top + plotHeight;
  const y = (v: number) => baseline - (Math.min(Math.max(v, 0), chart.max) / chart.max) * plotHeight;
  const slot = plotWidth / Math.max(chart.bars.length, 1);
  const barWidth = Math.min(36, slot * 0.6);
  const parts: string[] = [];
  const description = chart.bars.map((b) => `${b.label} ${b.name}: ${b.value === null ? chart.missingLabel : scoreText(b.value)}`).join(', ');
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" ` +
      `role="img" aria-label="${t(chart.title)}" font-family="${CHART_FONT}, sans-serif" font-size="13">`,
    `<title>${t(chart.title)}</title><desc>${t(description)}</desc>`,
    `<rect x="0" y="0" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#fff"/>`,
  );
  for (let v = 0; v <= chart.max; v += 20) {
    const gy = y(v).toFixed(1);
    parts.push(
      `<line x1="${PLOT.left}" y1="${gy}" x2="${CHART_WIDTH - PLOT.right}" y2="${gy}" stroke="#d0d0d0" stroke-width="0.8"/>`,
      `<text x="${PLOT.left - 6}" y="${gy}" text-anchor="end" dominant-baseline="middle" fill="#333">${t(String(v))}</text>`,
    );
  }
  chart.bars.forEach((bar, i) => {
    const cx = PLOT.left + slot * (i + 0.5);
    const x = (cx - barWidth / 2).toFixed(1);
    parts.push(`<text x="${cx.toFixed(1)}" y="${baseline + 18}" text-anchor="middle" fill="#000">${t(bar.label)}</text>`);
    if (bar.value === null) {
      const top = y(chart.target / 3);
      parts.push(
        `<rect x="${x}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(baseline - top).toFixed(1)}" fill="none" stroke="#777" stroke-dasharray="4 3"/>`,
        `<text x="${cx.toFixed(1)}" y="${(top - 6).toFixed(1)}" text-anchor="middle" font-size="11" fill="#555">${t(chart.missingLabel)}</text>`,
      );
      return;
    }
    const top = y(bar.value);
    const fill = bar.value >= chart.target ? '#1f4e79' : '#b03a2e';
    parts.push(
      `<rect x="${x}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(baseline - top).toFixed(1)}" fill="${fill}"/>`,
      `<text x="${cx.toFixed(1)}" y="${(top - 5).toFixed(1)}" text-anchor="middle" font-size="12" fill="#000">${t(scoreText(bar.value))}</text>`,
    );
  });
  const ty = y(chart.target).toFixed(1);
  parts.push(
    `<line x1="${PLOT.left}" y1="${ty}" x2="${CHART_WIDTH - PLOT.right}" y2="${ty}" stroke="#c00000" stroke-width="1.6" stroke-dasharray="7 4"/>`,
    // The legend of the target line sits above the plot, where no bar or score label can cover it.
    `<line x1="${CHART_WIDTH - PLOT.right - 150}" y1="12" x2="${CHART_WIDTH - PLOT.right - 120}" y2="12" stroke="#c00000" stroke-width="1.6" stroke-dasharray="7 4"/>`,
    `<text x="${CHART_WIDTH - PLOT.right - 114}" y="12" dominant-baseline="middle" font-size="12" fill="#c00000">${t(chart.targetLabel)}</text>`,
    `<line x1="${PLOT.left}" y1="${baseline}" x2="${CHART_WIDTH - PLOT.right}" y2="${baseline}" stroke="#000" stroke-width="1"/>`,
    `<text x="${(PLOT.left + plotWidth / 2).toFixed(1)}" y="${CHART_HEIGHT - 4}" text-anchor="middle" font-size="12" fill="#333">${t('ตัวชี้วัดที่')}</text>`,
    '</svg>',
  );
  return parts.join('');
}
