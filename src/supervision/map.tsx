/**
 * The roll-up page's map (issue 18, point 3): Thailand's provinces, each filled by the mean overall score of the
 * scope's organisations in it, in classes around the pass mark 85 (ColorBrewer RdYlBu, diverging and
 * colour-blind-safe; light grey for a province without scores), each a link to the same roll-up filtered by that
 * province, with a Thai title, a legend, and below it the table of the same numbers. Shown when the scope spans two
 * provinces or more (the country, a regional office); a district map would need admin-2 boundaries that the
 * registries do not have in the public domain (docs/decisions/0010-rollup-charts.md).
 *
 * The outlines: src/supervision/thailand-provinces.json, generated once by scripts/thailand-map.ts from Natural
 * Earth (public domain), served as one SVG file of shapes (OUTLINES_PATH, cached by the browser for good: its URL
 * carries its hash) that the page's map refers to by id (`<use href="…#p28">`): the page carries 77 references and
 * their colours, not 47 KB of outlines on every roll-up. The figures per province are computed once per scope with
 * the page's summary (src/supervision/rollup-page.ts). Pure but for reading the outlines once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { compareThai } from '../thai/index.ts';
import { DataTable, score, type View } from '../web/view.tsx';
import type { OrgLine } from './rollup.ts';

/** The scope's organisations of one province (by the Thai name they are stored with). */
export interface ProvinceFigure {
  readonly nameTh: string;
  readonly organisations: number;
  readonly scored: number;
  readonly passed: number;
  /** The mean overall score of those scored (2 decimals); null when none is. */
  readonly mean: number | null;
}

export interface ProvinceShape {
  readonly code: string;
  readonly hasc: string;
  readonly nameTh: string;
  readonly nameEn: string;
  readonly d: string;
}

export interface ProvinceMap {
  readonly source: string;
  readonly licence: string;
  readonly generatedBy: string;
  readonly viewBox: string;
  readonly provinces: readonly ProvinceShape[];
}

let outlines: ProvinceMap | null = null;

/** The provinces' outlines (read once). */
export const provinceMap = (): ProvinceMap =>
  (outlines ??= JSON.parse(readFileSync(new URL('./thailand-provinces.json', import.meta.url), 'utf8')) as ProvinceMap);

/** Where the outlines are served (src/supervision/routes.tsx). */
export const OUTLINES_PATH = '/staff/rollup/provinces.svg';

let outlinesFile: { readonly svg: string; readonly etag: string } | null = null;

/** The outlines as one SVG file of shapes by id (p + the province code), and its hash. */
export function outlinesSvg(): { readonly svg: string; readonly etag: string } {
  if (outlinesFile) return outlinesFile;
  const map = provinceMap();
  const shapes = map.provinces.map((p) => `<path id="p${p.code}" d="${p.d}"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${map.viewBox}"><defs>${shapes}</defs></svg>`;
  return (outlinesFile = { svg, etag: `"${createHash('sha256').update(svg).digest('base64url').slice(0, 22)}"` });
}

/** The URL of the outlines with their version (a new file, a new URL). */
export const outlinesUrl = (): string => `${OUTLINES_PATH}?v=${outlinesSvg().etag.slice(1, 11)}`;

/** The figures per province of `lines` (those with a province), in Thai order. */
export function provinceFigures(lines: readonly OrgLine[]): ProvinceFigure[] {
  const by = new Map<string, { organisations: number; scores: number[]; passed: number }>();
  for (const l of lines) {
    if (l.province === null) continue;
    const p = by.get(l.province) ?? { organisations: 0, scores: [], passed: 0 };
    p.organisations++;
    if (l.overall !== null) p.scores.push(l.overall);
    if (l.passed === true) p.passed++;
    by.set(l.province, p);
  }
  return [...by]
    .map(([nameTh, p]) => ({
      nameTh,
      organisations: p.organisations,
      scored: p.scores.length,
      passed: p.passed,
      mean: p.scores.length === 0 ? null : Math.round((p.scores.reduce((a, b) => a + b, 0) * 100) / p.scores.length) / 100,
    }))
    .sort((a, b) => compareThai(a.nameTh, b.nameTh));
}

/** The classes of the mean overall score, lowest first: up to (excluding) `below`, its colour. */
export const MAP_CLASSES = [
  { below: 70, fill: '#d7191c', label: '< 70' },
  { below: 80, fill: '#fdae61', label: '70–79.99' },
  { below: 85, fill: '#ffffbf', label: '80–84.99' },
  { below: 90, fill: '#abd9e9', label: '85–89.99' },
  { below: Infinity, fill: '#2c7bb6', label: '≥ 90' },
] as const;
export const NO_SCORES_FILL = '#e0e0e0';

export const fillOf = (mean: number | null): string => (mean === null ? NO_SCORES_FILL : (MAP_CLASSES.find((c) => mean < c.below) ?? MAP_CLASSES[4]).fill);

/**
 * The map and its table. `href(nameTh)` is the roll-up of the same query filtered by that province.
 */
export function ProvinceMapCard({ view, figures, href }: { view: View; figures: readonly ProvinceFigure[]; href: (nameTh: string) => string }) {
  const { m } = view;
  const map = provinceMap();
  const byName = new Map(figures.map((f) => [f.nameTh, f]));
  const url = outlinesUrl();
  return (
    <section class="card" aria-labelledby="ru-map">
      <h2 id="ru-map">{m.ruMap}</h2>
      <div class="chart ru-map">
        <svg xmlns="http://www.w3.org/2000/svg" viewBox={map.viewBox} width="400" role="img" aria-label={m.ruMapLabel(figures.filter((f) => f.mean !== null).length)}>
          {map.provinces.map((p) => {
            const f = byName.get(p.nameTh);
            const mean = f?.mean ?? null;
            return (
              <a key={p.code} href={href(p.nameTh)} data-province={p.code}>
                <title>{f === undefined || mean === null ? m.ruMapNoScores(p.nameTh) : m.ruMapTitle(p.nameTh, score(mean), f.scored, f.passed)}</title>
                <use href={`${url}#p${p.code}`} fill={fillOf(mean)} stroke="#ffffff" stroke-width="0.4" />
              </a>
            );
          })}
        </svg>
        <ul class="ru-legend" aria-label={m.ruMapLegend}>
          {[...MAP_CLASSES.map((c) => [c.fill, c.label] as const), [NO_SCORES_FILL, m.ruMapNone] as const].map(([fill, label]) => (
            <li key={fill}>
              <svg width="14" height="14" aria-hidden="true">
                <rect width="14" height="14" fill={fill} stroke="#888888" />
              </svg>{' '}
              {label}
            </li>
          ))}
        </ul>
        <p class="hint">{m.ruMapSource}</p>
      </div>
      <details>
        <summary>{m.ruMapTable}</summary>
        <DataTable
          label={m.ruMapTable}
          caption={m.ruMapTable}
          columns={[m.ruColProvince, { label: m.ruCount, num: true }, { label: m.ruScored, num: true }, { label: m.ruColPassed, num: true }, { label: m.ruMeanOverall, num: true }]}
        >
          {figures.map((f) => (
            <tr key={f.nameTh}>
              <th scope="row">
                <a href={href(f.nameTh)}>{f.nameTh}</a>
              </th>
              <td class="num">{f.organisations}</td>
              <td class="num">{f.scored}</td>
              <td class="num">{f.passed}</td>
              <td class="num">{score(f.mean)}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </section>
  );
}
