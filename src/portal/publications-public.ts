/**
 * Publishing on the portal (issue 6), the public side: what anyone may read, without signing in. Only approved
 * versions whose publication instant has come are ever read here (status = 'approved' AND publish_at <= now,
 * with `now` the clock of the request), so a draft, a submission or a scheduled version never leaves the
 * database early, and another organisation's versions are never read at all (every query is bound to the
 * organisation of the slug). Staff names are not part of what is returned: only what was published.
 *
 * The portal's pages are cached by the web layer; `portalState` gives what the cache is keyed on (the
 * "visibility epoch": which versions are visible now and when that set last changed) and when it will change
 * next (the next scheduled version), in one small query.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import { complaintStatistics, type ComplaintStatistics } from '../complaints/stats.ts';
import { criteriaOf, type CriteriaYear, type OitItem } from '../ita/index.ts';
import type { Organisation } from '../model/year.ts';
import { NotFound } from '../app/errors.ts';
import type { ResultsSnapshot } from './publication-content.ts';
import { orgFromRow } from '../years/years.ts';
import { filesOf, versionFromRow, type FileView, type StoredFile, type VersionView } from './publications.ts';
import { portalErrors } from './messages.ts';
import { selectBytes, selectChannelOpened, selectPortalState, selectPublic, type PublicRow } from './repo.ts';
import type { Slot } from './paths.ts';

export interface PortalSettings {
  readonly descriptionTh: string | null;
  readonly maintainerTh: string | null;
  readonly contactEmail: string | null;
  readonly contactPhone: string | null;
  /** Thai GDC license label (ckanext-thai_gdc): "Open Data Common" unless the organisation chose another. */
  readonly licenseId: string;
}

export interface PortalOrg extends Readonly<Organisation> {
  readonly orgId: string;
  readonly settings: PortalSettings;
  /** When the organisation's record or portal settings last changed. */
  readonly updatedAt: string;
}

export interface PortalEpoch {
  /** Changes whenever what the public may see changes: the cache key. */
  readonly key: string;
  /** The next instant at which a scheduled version becomes public (the key changes then), or null. */
  readonly nextChange: string | null;
  /** The last instant what the public sees changed (a version became public or was withdrawn, settings). */
  readonly lastModified: string;
}

const latest = (...instants: (string | null)[]): string =>
  instants.filter((x): x is string => x !== null).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b), '1970-01-01T00:00:00.000Z');

/** The organisation of a public slug and its visibility epoch at `now`; null when there is no such slug. */
export async function portalState(q: Queryable, slug: string, now: Date): Promise<{ org: PortalOrg; epoch: PortalEpoch } | null> {
  if (typeof slug !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) || slug.length > 64) return null;
  const r = await selectPortalState(q, slug, now.toISOString());
  if (!r) return null;
  const org: PortalOrg = {
    orgId: r.id,
    ...orgFromRow(r),
    settings: {
      descriptionTh: r.description_th,
      maintainerTh: r.maintainer_th,
      contactEmail: r.contact_email,
      contactPhone: r.contact_phone,
      licenseId: r.license_id ?? 'Open Data Common',
    },
    updatedAt: latest(r.org_updated, r.settings_updated),
  };
  const key = createHash('sha256')
    .update([r.visible, r.changed ?? '', r.org_updated, r.settings_updated ?? ''].join('|'))
    .digest('base64url')
    .slice(0, 22);
  // Never later than the request's clock (a record changed "in the future" of a clock set back in tests).
  const modified = latest(r.last_public, r.org_updated, r.settings_updated);
  return { org, epoch: { key, nextChange: r.next_due, lastModified: Date.parse(modified) > now.getTime() ? now.toISOString() : modified } };
}

/** The organisation of a public slug (NotFound when there is none). */
export async function portalOrg(q: Queryable, slug: string, now: Date): Promise<{ org: PortalOrg; epoch: PortalEpoch }> {
  const state = await portalState(q, slug, now);
  if (!state) throw new NotFound('org', portalErrors.noOrg({ slug }));
  return state;
}

// ---------------------------------------------------------------------------------------------------------
// What the public may read

export interface PublicVersion extends VersionView {
  readonly slot: Slot;
}

export interface PortalYear {
  readonly year: number;
  readonly criteriaYear: number;
}

/** Everything public of an organisation at an instant. */
export interface PortalData {
  readonly org: PortalOrg;
  readonly now: Date;
  /** Visible versions, the most recently published first. */
  readonly versions: readonly PublicVersion[];
  /** Versions that were public and have been withdrawn (their addresses say so). */
  readonly withdrawn: readonly PublicVersion[];
  /** Fiscal years with something public, newest first. */
  readonly years: readonly PortalYear[];
}

function slotOf(r: PublicRow): Slot {
  switch (r.kind) {
    case 'oit':
      return { kind: 'oit', year: r.fy_year as number, code: r.item_code as string };
    case 'declaration':
      return { kind: 'declaration', year: r.fy_year as number };
    case 'results':
      return { kind: 'results', year: r.fy_year as number };
    case 'page':
      return { kind: 'page', page: r.item_code as string };
  }
}

/** Reads every public version of the organisation (and those withdrawn after being public) with their files. */
export async function loadPortal(q: Queryable, org: PortalOrg, now: Date): Promise<PortalData> {
  const rows = await selectPublic(q, org.orgId, now.toISOString());
  const usable = rows.filter((r) => r.kind === 'page' || r.fy_year !== null);
  const files = await filesOf(
    q,
    usable.filter((r) => r.status === 'approved').map((r) => r.id),
  );
  const versionOf = new Map(usable.map((r) => [r.id, r.version]));
  const toView = (r: PublicRow): PublicVersion => ({ ...versionFromRow(r, files, now, (id) => versionOf.get(id) ?? null), slot: slotOf(r) });
  const versions = usable.filter((r) => r.status === 'approved').map(toView);
  const years = new Map<number, number>();
  for (const r of usable) if (r.status === 'approved' && r.fy_year !== null) years.set(r.fy_year, r.fy_criteria_year as number);
  return {
    org,
    now,
    versions,
    withdrawn: usable.filter((r) => r.status === 'withdrawn').map(toView),
    years: [...years].map(([year, criteriaYear]) => ({ year, criteriaYear })).sort((a, b) => b.year - a.year),
  };
}

export const sameSlot = (a: Slot, b: Slot): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The visible versions of a slot, newest version first. */
export function versionsOf(data: PortalData, slot: Slot): PublicVersion[] {
  return data.versions.filter((v) => sameSlot(v.slot, slot)).sort((a, b) => b.version - a.version);
}

/** The newest visible version of a slot. */
export function latestOf(data: PortalData, slot: Slot): PublicVersion | null {
  return versionsOf(data, slot)[0] ?? null;
}

export type VersionLookup =
  | { readonly kind: 'ok'; readonly version: PublicVersion; readonly history: readonly PublicVersion[]; readonly latest: PublicVersion }
  | { readonly kind: 'gone'; readonly version: PublicVersion; readonly latest: PublicVersion | null };

const notPublished = () => new NotFound('version', portalErrors.notPublished());

/**
 * A version of a slot as the public may see it (the newest when `version` is null); a version withdrawn after
 * being public is 'gone'. Anything else (a draft, a scheduled version, a number that does not exist) is
 * NotFound, all alike, so that the answer does not tell that something is being prepared.
 */
export function lookupVersion(data: PortalData, slot: Slot, version: number | null): VersionLookup {
  const history = versionsOf(data, slot);
  const newest = history[0] ?? null;
  if (version === null) {
    if (!newest) throw notPublished();
    return { kind: 'ok', version: newest, history, latest: newest };
  }
  const found = history.find((v) => v.version === version);
  if (found) return { kind: 'ok', version: found, history, latest: newest as PublicVersion };
  const gone = data.withdrawn.find((v) => sameSlot(v.slot, slot) && v.version === version);
  if (gone) return { kind: 'gone', version: gone, latest: newest };
  throw notPublished();
}

export interface PublicItem {
  readonly item: OitItem;
  readonly latest: PublicVersion | null;
}

export interface PublicYear {
  readonly year: number;
  readonly criteria: CriteriaYear;
  /** Every OIT item of the year's criteria, with its newest public version (null: nothing published). */
  readonly items: readonly PublicItem[];
  readonly declaration: PublicVersion | null;
  readonly results: PublicVersion | null;
}

/** The ITA page of a fiscal year; NotFound when nothing of the year is public. */
export function publicYear(data: PortalData, year: number): PublicYear {
  const found = data.years.find((y) => y.year === year);
  if (!found) throw new NotFound('year', portalErrors.nothingOfYear({ year }));
  const criteria = criteriaOf(found);
  return {
    year,
    criteria,
    items: criteria.oitItems.map((item) => ({ item, latest: latestOf(data, { kind: 'oit', year, code: item.code }) })),
    declaration: latestOf(data, { kind: 'declaration', year }),
    results: latestOf(data, { kind: 'results', year }),
  };
}

export interface PublicDocument {
  readonly slot: Slot;
  readonly version: number;
  readonly publishAt: string;
  readonly docKind: NonNullable<FileView['docKind']>;
  readonly docYear: number;
  readonly labelTh: string;
  /** The formats it was frozen in: html, pdf, docx. */
  readonly files: readonly FileView[];
}

/** The documents (measures plans and reports, analyses) of the newest public version of every slot. */
export function publicDocuments(data: PortalData): PublicDocument[] {
  const out: PublicDocument[] = [];
  const seen = new Set<string>();
  for (const v of data.versions) {
    const key = JSON.stringify(v.slot);
    if (seen.has(key) || latestOf(data, v.slot)?.id !== v.id) continue;
    seen.add(key);
    const docs = v.files.filter((f) => f.role === 'document');
    const groups = new Map<string, FileView[]>();
    for (const f of docs) groups.set(`${f.docKind}/${f.docYear}`, [...(groups.get(`${f.docKind}/${f.docYear}`) ?? []), f]);
    for (const group of groups.values()) {
      const first = group[0] as FileView;
      out.push({
        slot: v.slot,
        version: v.version,
        publishAt: v.publishAt as string,
        docKind: first.docKind as NonNullable<FileView['docKind']>,
        docYear: first.docYear as number,
        labelTh: first.labelTh ?? '',
        files: group,
      });
    }
  }
  return out.sort((a, b) => b.docYear - a.docYear || a.docKind.localeCompare(b.docKind));
}

export interface PublicResult {
  readonly year: number;
  readonly version: number;
  readonly publishAt: string;
  readonly snapshot: ResultsSnapshot;
}

/** The published ITA results, one per fiscal year (its newest public version), oldest year first. */
export function publicResults(data: PortalData): PublicResult[] {
  const out: PublicResult[] = [];
  for (const y of data.years) {
    const v = latestOf(data, { kind: 'results', year: y.year });
    if (v?.content.snapshot) out.push({ year: y.year, version: v.version, publishAt: v.publishAt as string, snapshot: v.content.snapshot });
  }
  return out.sort((a, b) => a.year - b.year);
}

/** The free pages (newest public version of each), in Thai order of their titles. */
export function publicPages(data: PortalData): PublicVersion[] {
  const pages = new Map<string, PublicVersion>();
  for (const v of data.versions) if (v.slot.kind === 'page' && !pages.has(v.slot.page)) pages.set(v.slot.page, latestOf(data, v.slot) as PublicVersion);
  return [...pages.values()].sort((a, b) => new Intl.Collator('th').compare(a.titleTh, b.titleTh));
}

/** The file of a public version, or a document frozen in one: only files of visible versions are served. */
export async function publicFile(q: Queryable, data: PortalData, sha256: string): Promise<StoredFile> {
  const ref = data.versions.flatMap((v) => v.files).find((f) => f.sha256 === sha256);
  if (!ref) throw new NotFound('file', portalErrors.fileNotPublished());
  const bytes = await selectBytes(q, sha256);
  if (!bytes) throw new NotFound('file', portalErrors.fileGone());
  return { bytes, filename: ref.filename, mediaType: ref.mediaType, sha256 };
}

/**
 * The complaint statistics of a fiscal year for the portal (src/complaints/stats.ts: closed quarters and
 * year only, frozen when first published, small counts suppressed), or null while the organisation has not opened its complaint channel: a table of
 * zeros would tell the public that nobody complained when complaints simply go elsewhere.
 */
export async function publicComplaintStatistics(q: Queryable, orgId: string, fiscalYear: number, now: Date): Promise<ComplaintStatistics | null> {
  return (await selectChannelOpened(q, orgId)) ? complaintStatistics(q, orgId, fiscalYear, { asOf: now }) : null;
}


/** The complaint statistics the portal shows: the current fiscal year's and those of the years with something public. */
export async function publicComplaintYears(q: Queryable, data: PortalData, currentYear: number): Promise<ComplaintStatistics[]> {
  if (!(await selectChannelOpened(q, data.org.orgId))) return [];
  const years = [...new Set([currentYear, ...data.years.map((y) => y.year)])].sort((a, b) => b - a);
  const out: ComplaintStatistics[] = [];
  for (const year of years) out.push(await complaintStatistics(q, data.org.orgId, year, { asOf: data.now }));
  return out;
}
