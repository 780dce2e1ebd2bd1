/**
 * The organisation's ITAS links (issue 14, point 2): with its ITAS code, the staff survey link (IIT,
 * https://itas.nacc.go.th/go/iit/<code>) and the service users' one (EIT, /go/eit/<code>), as QR codes (SVG for the
 * page and posters, PNG for LINE), and the minimum EIT respondents of the organisation's type and size group, from
 * the NACC table in our sources (ITA 2568, src/organisations/vocab.ts), marked with its year and source. The code is set by those who enter the
 * scores (organisation administrator, ITA coordinator); everyone in the organisation reads it.
 *
 * Facts: ../shared/ita/fy2569-research.md §3 ("How respondents are invited", "EIT minimum respondents by agency
 * group"). The NACC publishes no format for the code: the codes seen are 6 lowercase letters and digits, so
 * letters and digits, 4 to 16 of them, are accepted (the format is unconfirmed).
 */
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import type { OrgKind } from '../model/year.ts';
import { write } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { resolveOrg, type OrgContext } from '../app/context.ts';
import { parseInput } from '../app/input.ts';
import { EIT_MINIMUM_SOURCE, eitMinimum, ORG_TYPES, orgTypeByCode, type OrgType, type SizeGroup } from './vocab.ts';
import { NotFound } from '../app/errors.ts';
import { organisationMessages as msg } from './messages.ts';
import { selectItas, updateItasCode } from './repo.ts';

export const ITAS_BASE = 'https://itas.nacc.go.th/go';

export interface ItasLinks {
  readonly iit: string;
  readonly eit: string;
}

export const itasLinks = (code: string): ItasLinks => ({ iit: `${ITAS_BASE}/iit/${encodeURIComponent(code)}`, eit: `${ITAS_BASE}/eit/${encodeURIComponent(code)}` });

/** The year of the NACC table the minimum EIT respondents come from (src/organisations/vocab.ts, EIT_MINIMUM_SOURCE). */
export const EIT_MINIMUM_YEAR = 2568;
const EIT_MINIMUM_URL = 'https://fliphtml5.com/gwwiq/kgpc/eBOOK1/56';

/**
 * The organisation's type: its own (migration 0014), else, for an organisation made before types existed, the one
 * type of its kind when there is only one (อบต., อบจ.); undefined when the kind has several (เทศบาล: ทต., ทม., ทน.).
 */
export function typeOf(orgType: string | null, kind: OrgKind): OrgType | undefined {
  const own = orgTypeByCode(orgType);
  if (own) return own;
  const ofKind = ORG_TYPES.filter((t) => t.kind === kind && !t.supervising);
  return ofKind.length === 1 ? ofKind[0] : undefined;
}

export interface MinimumEit {
  readonly count: number | null;
  readonly year: number;
  readonly source: string;
  readonly note: string;
  readonly noteEn: string;
}

/** The minimum EIT respondents of the organisation's group, from the NACC table in our sources; never guessed. */
export function minimumEit(type: OrgType | undefined, size: SizeGroup | null): MinimumEit {
  const base = { year: EIT_MINIMUM_YEAR, source: `${EIT_MINIMUM_SOURCE.th} (${EIT_MINIMUM_URL})` };
  const none = (note: string, noteEn: string): MinimumEit => ({ ...base, count: null, note, noteEn });
  if (!type) return none('ยังไม่ได้ระบุประเภทหน่วยงาน (เช่น ทต. ทม. ทน.) จึงยังบอกจำนวนขั้นต่ำไม่ได้', 'the organisation’s type (e.g. tambon, town or city municipality) is not set, so the minimum cannot be told');
  const table = type.eitMinimum;
  const notInSources = () =>
    none(`แหล่งข้อมูลของเราไม่มีจำนวนผู้ตอบ EIT ขั้นต่ำของ${type.abbrTh}${size ? ` ขนาด ${size}` : ''} ตรวจในคู่มือการประเมินใน ITAS`, `our sources have no minimum EIT respondents for ${type.code}${size ? ` size ${size}` : ''}; check the assessment manual in ITAS`);
  if (!table || Object.keys(table).length === 0) return notInSources();
  if (!size) return none(`ยังไม่ได้ระบุกลุ่มขนาดของหน่วยงาน (${Object.keys(table).join(', ')}) จึงยังบอกจำนวนขั้นต่ำไม่ได้`, `the organisation’s size group (${Object.keys(table).join(', ')}) is not set, so the minimum cannot be told`);
  const count = eitMinimum(type, size);
  if (count === null) return notInSources();
  return {
    ...base,
    count,
    note: `${type.abbrTh} ขนาด ${size}: ตัวเลขของ ITA ${EIT_MINIMUM_YEAR} ปีอื่นอาจต่างไป ตรวจกับคู่มือของปีนั้นใน ITAS`,
    noteEn: `${type.code} size ${size}: the ITA ${EIT_MINIMUM_YEAR} figure; other years may differ, check that year's manual in ITAS`,
  };
}

export const itasCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{4,16}$/, { error: msg.code('badItasCode') });

export const itasSettingsSchema = z
  .object({
    itasCode: z.union([z.literal('').transform(() => null), itasCodeSchema, z.null()]).default(null),
  })
  .strict();

export interface ItasSettings {
  readonly slug: string;
  readonly nameTh: string;
  readonly kind: OrgKind;
  readonly itasCode: string | null;
  /** The organisation's type and size group (set where the organisation is made, migration 0014). */
  readonly orgType: string | null;
  readonly sizeGroup: SizeGroup | null;
  readonly links: ItasLinks | null;
  readonly minimumEit: MinimumEit;
}

async function settingsOf(db: Queryable, org: OrgContext): Promise<ItasSettings> {
  const row = await selectItas(db, org.orgId);
  const itasCode = row?.itas_code ?? null;
  const orgType = row?.org_type ?? null;
  const sizeGroup = row?.size_group ?? null;
  return { slug: org.slug, nameTh: org.nameTh, kind: org.kind, itasCode, orgType, sizeGroup, links: itasCode ? itasLinks(itasCode) : null, minimumEit: minimumEit(typeOf(orgType, org.kind), sizeGroup) };
}

/** Who may set the ITAS code: those who enter the scores (organisation administrator, ITA coordinator). */
export const ITAS_WRITE = 'scores.write' as const;

export async function getItas(db: Queryable, principal: Principal, slug: string): Promise<ItasSettings> {
  return settingsOf(db, await resolveOrg(db, principal, slug, 'year.read'));
}

export async function setItas(db: Db, principal: Principal, slug: string, raw: unknown): Promise<ItasSettings> {
  const org = await resolveOrg(db, principal, slug, ITAS_WRITE);
  const input = parseInput(itasSettingsSchema, raw);
  await write(db, actorOf(principal), org.orgId, (tx) => updateItasCode(tx, org.orgId, input.itasCode));
  return settingsOf(db, org);
}

/** The QR code of a link: SVG (scalable, for the page and posters). */
export const qrSvg = (text: string): Promise<string> => QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });

/** The QR code of a link: PNG of about `width` pixels (LINE, chat apps). */
export const qrPng = (text: string, width = 512): Promise<Buffer> => QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width });

/** The link of a survey, or a clear error when the organisation has no ITAS code yet. */
export function surveyLink(settings: ItasSettings, survey: 'iit' | 'eit'): string {
  if (!settings.links) {
    throw new NotFound('itasCode', msg.noItasCode({ nameTh: settings.nameTh, slug: settings.slug }));
  }
  return settings.links[survey];
}
