/**
 * The roll-up page's own charts as inline SVG, drawn on the server (no script in the browser): the distribution of
 * the overall scores (bins, the pass mark marked) and the year over year (mean overall and passed share, one line
 * each on 0–100). The ten indicators against 85 use the documents' bar chart (src/documents/core/chart.ts).
 * Hand-written: docs/decisions/0010-rollup-charts.md says why. Each chart has a title and a description, and the
 * page shows the same numbers in a table beside it. Pure.
 */
import { escapeXml } from '../documents/core/escape.ts';
import type { Bin, YearPoint } from './rollup-page.ts';

const W = 640;
const H = 260;
const PLOT = { left: 44, right: 16, top: 30, bottom: 40 } as const;
const plotW = W - PLOT.left - PLOT.right;
const plotH = H - PLOT.top - PLOT.bottom;
const base = PLOT.top + plotH;

function frame(title: string, description: string, body: readonly string[]): string {
  const t = escapeXml(title);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${t}" font-family="Sarabun, sans-serif" font-size="12">`,
    `<title>${t}</title><desc>${escapeXml(description)}</desc>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`,
    ...body,
    `<line x1="${PLOT.left}" y1="${base}" x2="${W - PLOT.right}" y2="${base}" stroke="#000"/>`,
    '</svg>',
  ].join('');
}

/** Grid lines and their labels at `step` on 0…max. */
function grid(max: number, step: number): string[] {
  const out: string[] = [];
  for (let v = 0; v <= max; v += step) {
    const y = (base - (v / max) * plotH).toFixed(1);
    out.push(
      `<line x1="${PLOT.left}" y1="${y}" x2="${W - PLOT.right}" y2="${y}" stroke="#d0d0d0" stroke-width="0.8"/>`,
      `<text x="${PLOT.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#333">${v}</text>`,
    );
  }
  return out;
}

/** Bars of the organisations per bin of overall score; bins from the pass mark up in blue, below it in red. */
export function distributionSvg(bins: readonly Bin[], pass: number, text: { title: string; passLabel: string; axis: string }): string {
  const most = Math.max(1, ...bins.map((b) => b.count));
  const step = Math.max(1, Math.ceil(most / 5));
  const max = step * Math.ceil(most / step);
  const slot = plotW / Math.max(1, bins.length);
  const body = grid(max, step);
  bins.forEach((b, i) => {
    const x = PLOT.left + slot * i;
    const h = (b.count / max) * plotH;
    body.push(`<rect x="${(x + 1).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(slot - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${b.from >= pass ? '#1f4e79' : '#b03a2e'}"/>`);
    if (b.count > 0) body.push(`<text x="${(x + slot / 2).toFixed(1)}" y="${(base - h - 4).toFixed(1)}" text-anchor="middle" font-size="11">${b.count}</text>`);
    if (i % 2 === 0) body.push(`<text x="${x.toFixed(1)}" y="${base + 14}" text-anchor="middle" font-size="11" fill="#333">${b.from}</text>`);
  });
  const px = (PLOT.left + (pass / 100) * plotW).toFixed(1);
  body.push(
    `<line x1="${px}" y1="${PLOT.top - 10}" x2="${px}" y2="${base}" stroke="#c00000" stroke-width="1.6" stroke-dasharray="7 4"/>`,
    `<text x="${px}" y="${PLOT.top - 14}" text-anchor="middle" fill="#c00000">${escapeXml(text.passLabel)}</text>`,
    `<text x="${PLOT.left + plotW / 2}" y="${H - 6}" text-anchor="middle" fill="#333">${escapeXml(text.axis)}</text>`,
  );
  const description = bins.filter((b) => b.count > 0).map((b) => `${b.from}–${b.to}: ${b.count}`).join(', ');
  return frame(text.title, description, body);
}

/** Two lines over the years: the mean overall score and the share passed (per cent), with the pass mark. */
export function yearsSvg(points: readonly YearPoint[], pass: number, text: { title: string; mean: string; share: string }): string {
  const body = grid(100, 20);
  const slot = plotW / Math.max(1, points.length);
  const at = (i: number, v: number) => `${(PLOT.left + slot * (i + 0.5)).toFixed(1)},${(base - (v / 100) * plotH).toFixed(1)}`;
  const py = (base - (pass / 100) * plotH).toFixed(1);
  body.push(`<line x1="${PLOT.left}" y1="${py}" x2="${W - PLOT.right}" y2="${py}" stroke="#c00000" stroke-width="1" stroke-dasharray="7 4"/>`);
  const series = [
    { values: points.map((p) => p.meanOverall), colour: '#1f4e79', label: text.mean, dash: '' },
    { values: points.map((p) => p.passedShare), colour: '#7a5c00', label: text.share, dash: ' stroke-dasharray="3 3"' },
  ];
  series.forEach((s, k) => {
    const dots = s.values.flatMap((v, i) => (v === null ? [] : [at(i, v)]));
    if (dots.length > 1) body.push(`<polyline points="${dots.join(' ')}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dash}/>`);
    for (const d of dots) {
      const [x, y] = d.split(',');
      body.push(`<circle cx="${x}" cy="${y}" r="3.5" fill="${s.colour}"/>`);
    }
    body.push(
      `<line x1="${PLOT.left + 10 + k * 220}" y1="12" x2="${PLOT.left + 40 + k * 220}" y2="12" stroke="${s.colour}" stroke-width="2"${s.dash}/>`,
      `<text x="${PLOT.left + 46 + k * 220}" y="12" dominant-baseline="middle">${escapeXml(s.label)}</text>`,
    );
  });
  points.forEach((p, i) => body.push(`<text x="${(PLOT.left + slot * (i + 0.5)).toFixed(1)}" y="${base + 16}" text-anchor="middle" fill="#333">${p.year}</text>`));
  const description = points.map((p) => `${p.year}: ${p.meanOverall ?? '–'} / ${p.passedShare ?? '–'}%`).join(', ');
  return frame(text.title, description, body);
}
