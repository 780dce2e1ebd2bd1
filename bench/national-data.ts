/**
 * A synthetic country for bench/national.ts (issue 18, point 7), generated in memory from a fixed seed: the real 77
 * provinces and their districts (src/organisations/places.ts) in a tree of organisations —
 *
 *   กรมส่งเสริมการปกครองท้องถิ่น (the national office, type department)
 *     ├─ สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด… (76 provinces)
 *     │    ├─ องค์การบริหารส่วนจังหวัด… (the province's อบจ.)
 *     │    └─ สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอ… (one per district)
 *     │         └─ the local governments (อบต., ทต., ทม., ทน.)
 *     └─ กรุงเทพมหานคร
 *
 * — 8,300 organisations at scale 1 (the offices always, the local governments scaled), the indicator scores of
 * five fiscal years (2565–2569) for every assessed organisation, and 40,000 staff accounts (scaled). Measures and
 * their monthly progress are made by the database from the fiscal years (bench/national.ts). Ids are made here
 * (random UUIDs) so that rows can point at each other without reading anything back.
 */
import { randomUUID } from 'node:crypto';
import { provinces } from '../src/organisations/places.ts';
import { orgTypeByCode, type OrgType } from '../src/organisations/vocab.ts';

export const SCORE_YEARS = [2565, 2566, 2567, 2568, 2569] as const;
export const FULL_ORGANISATIONS = 8300;
export const FULL_ACCOUNTS = 40_000;
export const NATIONAL_SLUG = 'dla';
export const BANGKOK = 'กรุงเทพมหานคร';

export interface OrgSeed {
  readonly id: string;
  readonly slug: string;
  readonly nameTh: string;
  readonly type: OrgType;
  readonly provinceCode: string | null;
  readonly province: string | null;
  readonly districtCode: string | null;
  readonly district: string | null;
  readonly parentId: string | null;
  /** 0: the national office, 1: provinces (and Bangkok), 2: districts and อบจ., 3: local governments. */
  readonly level: number;
  /** Assessed in the ITA cycle (has fiscal years and scores); the supervising offices are not. */
  readonly assessed: boolean;
}

export interface PersonSeed {
  readonly id: string;
  readonly orgId: string;
  readonly nameTh: string;
  readonly email: string;
  readonly role: 'org_admin' | 'coordinator' | 'executive' | 'auditor' | 'supervisor';
}

export interface ScoreSeed {
  readonly fiscalYearId: string;
  readonly orgId: string;
  readonly year: number;
  /** The ten indicator scores, 2 decimals. */
  readonly indicators: readonly string[];
}

export interface Country {
  readonly organisations: readonly OrgSeed[];
  readonly people: readonly PersonSeed[];
  readonly years: readonly ScoreSeed[];
  /** A province office's slug with many organisations below it (the province measured). */
  readonly provinceSlug: string;
}

/** A small deterministic generator (mulberry32), so every run builds the same country. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const typeOf = (code: string): OrgType => {
  const type = orgTypeByCode(code);
  if (!type) throw new Error(`unknown organisation type ${code}`);
  return type;
};

/** The local governments' types, with their shares (roughly the country's: 5,300 อบต., 2,450 เทศบาล). */
const LOCAL_TYPES: readonly (readonly [string, number])[] = [
  ['sao', 0.68],
  ['tambon_municipality', 0.285],
  ['town_municipality', 0.03],
  ['city_municipality', 0.005],
];

export function generateCountry(scale: number, seed = 2570): Country {
  const rnd = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const orgs: OrgSeed[] = [];
  const add = (o: Omit<OrgSeed, 'id'>): OrgSeed => {
    const org = { id: randomUUID(), ...o };
    orgs.push(org);
    return org;
  };
  const nation = add({
    slug: NATIONAL_SLUG, nameTh: 'กรมส่งเสริมการปกครองท้องถิ่น', type: typeOf('department'), provinceCode: null, province: null,
    districtCode: null, district: null, parentId: null, level: 0, assessed: false,
  });
  const districtOffices: OrgSeed[] = [];
  let provinceSlug = '';
  let mostDistricts = 0;
  for (const p of provinces()) {
    const place = { provinceCode: p.code, province: p.nameTh };
    if (p.nameTh === BANGKOK) {
      add({ slug: 'bma', nameTh: BANGKOK, type: typeOf('bma'), ...place, districtCode: null, district: null, parentId: nation.id, level: 1, assessed: true });
      continue;
    }
    const office = add({
      slug: `pvo-${p.code}`, nameTh: `สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด${p.nameTh}`, type: typeOf('provincial_local_office'), ...place,
      districtCode: null, district: null, parentId: nation.id, level: 1, assessed: false,
    });
    if (p.districts.length > mostDistricts) [mostDistricts, provinceSlug] = [p.districts.length, office.slug];
    add({ slug: `pao-${p.code}`, nameTh: `องค์การบริหารส่วนจังหวัด${p.nameTh}`, type: typeOf('pao'), ...place, districtCode: null, district: null, parentId: office.id, level: 2, assessed: true });
    for (const d of p.districts) {
      districtOffices.push(add({
        slug: `dlo-${d.code}`, nameTh: `สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอ${d.nameTh}`, type: typeOf('district_local_office'), ...place,
        districtCode: d.code, district: d.nameTh, parentId: office.id, level: 2, assessed: false,
      }));
    }
  }
  // The local governments: the rest of the 8,300 (scaled), spread over the districts, a few more in some.
  const locals = Math.max(districtOffices.length > 0 ? 1 : 0, Math.round((FULL_ORGANISATIONS - orgs.length) * scale));
  for (let n = 0; n < locals; n++) {
    const office = districtOffices[rnd() < 0.5 ? n % districtOffices.length : Math.floor(rnd() * districtOffices.length)] as OrgSeed;
    let pick = rnd();
    const code = LOCAL_TYPES.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'sao';
    const type = typeOf(code);
    add({
      slug: `lg-${String(n + 1).padStart(4, '0')}`, nameTh: `${type.nameTh}ตัวอย่าง ${n + 1} อำเภอ${office.district ?? ''}`, type,
      provinceCode: office.provinceCode, province: office.province, districtCode: office.districtCode, district: office.district,
      parentId: office.id, level: 3, assessed: true,
    });
  }

  // Scores: each organisation has its own level, rising a little year by year; the OIT (indicators 9, 10) is the
  // weakest and varies most, as in the published results; about a fifth of the organisations end below 85.
  const years: ScoreSeed[] = [];
  const offset = [1.5, 0.5, 2, 1, 0, 0.5, -1, -1.5, -4, -5];
  const spread = [3, 4, 3, 4, 5, 4, 5, 5, 9, 10];
  for (const org of orgs.filter((o) => o.assessed)) {
    const level = 88 + 5 * normal();
    for (const [i, year] of SCORE_YEARS.entries()) {
      const indicators = offset.map((o, k) => {
        const score = Math.min(100, Math.max(20, level + o + (i - 4) * 0.8 + (spread[k] as number) * 0.6 * normal()));
        return score.toFixed(2);
      });
      years.push({ fiscalYearId: randomUUID(), orgId: org.id, year, indicators });
    }
  }

  // Staff: the offices' supervisors first (the national office 5, a province 3, a district 2), then the local
  // governments' people, every organisation in turn, until the number of accounts is reached.
  const accounts = Math.round(FULL_ACCOUNTS * scale);
  const people: PersonSeed[] = [];
  const person = (org: OrgSeed, role: PersonSeed['role']) => {
    const n = people.length + 1;
    people.push({ id: randomUUID(), orgId: org.id, nameTh: `เจ้าหน้าที่ทดสอบ ${n}`, email: `staff${n}@${org.slug}.bench`, role });
  };
  for (const org of orgs.filter((o) => !o.assessed)) {
    for (let k = 0; k < ([5, 3, 2][org.level] ?? 0) && people.length < accounts; k++) person(org, 'supervisor');
  }
  const roles = ['org_admin', 'coordinator', 'executive', 'auditor', 'coordinator', 'coordinator'] as const;
  const assessed = orgs.filter((o) => o.assessed);
  for (let k = 0; people.length < accounts && assessed.length > 0; k++) {
    person(assessed[k % assessed.length] as OrgSeed, roles[Math.floor(k / assessed.length) % roles.length] as PersonSeed['role']);
  }
  return { organisations: orgs, people, years, provinceSlug };
}
