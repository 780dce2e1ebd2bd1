/**
 * Open data of the portal (issue 6, point 5): every public table as CSV and JSON, the catalogue of the
 * organisation's datasets as DCAT in JSON-LD (/o/<slug>/catalog.jsonld, which ckanext-dcat's RDF harvester reads
 * by its content type) and as CKAN package dicts with the Thai GDC fields (/o/<slug>/catalog.ckan.json, for
 * package_create on data.go.th or a provincial CKAN), and an Atom feed of new publications. The datasets
 * themselves come from src/portal/open-data.ts; this module only writes them in each format, and the data page
 * (the routes that serve them: data-routes.tsx).
 *
 * DCAT: the standard terms (dct:title, dct:description, dcat:keyword, dct:issued, dct:modified,
 * dct:accrualPeriodicity, dct:publisher, dcat:contactPoint, dcat:distribution with dcat:downloadURL, dct:format,
 * dcat:mediaType, dct:license) map to CKAN's fields in ckanext-dcat's default profile. The Thai GDC fields have
 * no DCAT term; they are given under the `thgdc:` prefix with the GDC schema's own field names and values, so a
 * catalogue's profile can copy them one to one.
 */
import { absolute, catalogPath, ckanCatalogPath, dataPagePath, datasetPath, feedPath, portalHome, slotPath } from './paths.ts';
import { datasets, type Cell, type Dataset } from './open-data.ts';
import type { ComplaintStatistics } from '../complaints/stats.ts';
import type { PublishedSurveyResults } from '../surveys/service.ts';
import type { PortalData } from './publications-public.ts';
import { writeCsv } from '../io/workbook.ts';
import { toThaiDigits, truncateGraphemes } from '../thai/index.ts';
import { inLang, longDate, n } from './components.tsx';
import { publicPage } from './layout.tsx';
import type { PublicContext } from './views-public.tsx';

const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g; // eslint-disable-line no-control-regex
const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Text for an XML document: characters XML 1.0 forbids dropped, the five special ones escaped. */
export const xmlText = (text: string): string => text.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string);

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

function cellCsv(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'ใช่' : 'ไม่ใช่';
  return String(value);
}

export function datasetCsv(d: Dataset): Buffer {
  return writeCsv({ header: d.columns.map((c) => c.th), rows: d.rows.map((r) => d.columns.map((c) => cellCsv(r[c.key] ?? null))) });
}

export function datasetJson(d: Dataset, origin: string, slug: string): string {
  return JSON.stringify(
    {
      dataset: d.id,
      title: d.titleTh,
      description: d.descriptionTh,
      modified: d.modified,
      url: absolute(origin, datasetPath(slug, d.id, 'json')),
      columns: d.columns,
      rows: d.rows,
    },
    null,
    1,
  );
}

const MEDIA = { csv: 'text/csv', json: 'application/json' } as const;

/** The organisation's catalogue as DCAT (JSON-LD). */
export function dcatCatalog(data: PortalData, origin: string, complaints: readonly ComplaintStatistics[] = [], surveys: readonly PublishedSurveyResults[] = []): unknown {
  const org = data.org;
  const url = (path: string) => absolute(origin, path);
  const th = (value: string) => ({ '@value': value, '@language': 'th' });
  const s = org.settings;
  const publisher = { '@id': url(portalHome(org.slug)), '@type': 'foaf:Organization', 'foaf:name': [th(org.nameTh), ...(org.nameEn ? [{ '@value': org.nameEn, '@language': 'en' }] : [])] };
  const place = [org.subdistrict && `ตำบล${org.subdistrict}`, org.district && `อำเภอ${org.district}`, org.province && `จังหวัด${org.province}`].filter(Boolean).join(' ');
  const contact = s.contactEmail || s.maintainerTh ? { '@type': 'vcard:Organization', 'vcard:fn': s.maintainerTh ?? org.nameTh, ...(s.contactEmail ? { 'vcard:hasEmail': { '@id': `mailto:${s.contactEmail}` } } : {}) } : null;
  const license = { '@type': 'dct:LicenseDocument', 'rdfs:label': s.licenseId };
  const sets = datasets(data, origin, complaints, surveys);
  const modified = sets.map((d) => d.modified).filter((x): x is string => x !== null).sort().at(-1) ?? null;
  const dateTime = (iso: string | null) => (iso ? { '@value': iso, '@type': 'xsd:dateTime' } : undefined);
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
      locn: 'http://www.w3.org/ns/locn#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      thgdc: url('/ns/thai-gdc#'),
    },
    '@id': url(catalogPath(org.slug)),
    '@type': 'dcat:Catalog',
    'dct:title': th(`บัญชีชุดข้อมูลของ${org.nameTh}`),
    'dct:description': th(s.descriptionTh ?? `ชุดข้อมูลที่${org.nameTh}เปิดเผยตามการประเมินคุณธรรมและความโปร่งใส (ITA)`),
    'dct:publisher': publisher,
    'dct:language': { '@id': 'http://id.loc.gov/vocabulary/iso639-1/th' },
    'foaf:homepage': { '@id': url(portalHome(org.slug)) },
    ...(modified ? { 'dct:modified': dateTime(modified) } : {}),
    'dcat:dataset': sets.map((d) => ({
      '@id': url(`${dataPagePath(org.slug)}#${d.id}`),
      '@type': 'dcat:Dataset',
      'dct:identifier': `${org.slug}-${d.id}`,
      'dct:title': [th(d.titleTh), { '@value': d.titleEn, '@language': 'en' }],
      'dct:description': th(d.descriptionTh),
      'dcat:keyword': d.keywords.map(th),
      ...(d.issued ? { 'dct:issued': dateTime(d.issued) } : {}),
      ...(d.modified ? { 'dct:modified': dateTime(d.modified) } : {}),
      'dct:accrualPeriodicity': { '@id': d.accrualPeriodicity },
      'dct:language': { '@id': 'http://id.loc.gov/vocabulary/iso639-1/th' },
      'dct:publisher': publisher,
      ...(place ? { 'dct:spatial': { '@type': 'dct:Location', 'locn:geographicName': th(place) } } : {}),
      ...(contact ? { 'dcat:contactPoint': contact } : {}),
      'dcat:landingPage': { '@id': url(dataPagePath(org.slug)) },
      'dct:license': license,
      'dcat:distribution': (['csv', 'json'] as const).map((format) => ({
        '@id': url(datasetPath(org.slug, d.id, format)),
        '@type': 'dcat:Distribution',
        'dct:title': th(`${d.titleTh} (${format.toUpperCase()})`),
        'dcat:accessURL': { '@id': url(datasetPath(org.slug, d.id, format)) },
        'dcat:downloadURL': { '@id': url(datasetPath(org.slug, d.id, format)) },
        'dct:format': format.toUpperCase(),
        'dcat:mediaType': MEDIA[format],
        'dct:license': license,
        ...(d.modified ? { 'dct:modified': dateTime(d.modified) } : {}),
      })),
      ...Object.fromEntries(Object.entries(d.gdc).map(([k, v]) => [`thgdc:${k}`, v])),
      'thgdc:maintainer': s.maintainerTh ?? org.nameTh,
      ...(s.contactEmail ? { 'thgdc:maintainer_email': s.contactEmail } : {}),
      'thgdc:license_id': s.licenseId,
      ...(d.issued ? { 'thgdc:created_date': day(d.issued) } : {}),
      ...(d.modified ? { 'thgdc:last_updated_date': day(d.modified) } : {}),
    })),
  };
}

/** The catalogue as CKAN package dicts with the Thai GDC fields (ckanext-thai_gdc), ready for package_create. */
export function ckanCatalog(data: PortalData, origin: string, complaints: readonly ComplaintStatistics[] = [], surveys: readonly PublishedSurveyResults[] = []): unknown {
  const org = data.org;
  const s = org.settings;
  return {
    organization: { name: org.slug, title: org.nameTh },
    packages: datasets(data, origin, complaints, surveys).map((d) => ({
      name: `${org.slug}-${d.id}`.slice(0, 100),
      title: d.titleTh,
      notes: d.descriptionTh,
      url: absolute(origin, dataPagePath(org.slug)),
      maintainer: s.maintainerTh ?? org.nameTh,
      maintainer_email: s.contactEmail,
      license_id: s.licenseId,
      tags: d.keywords.map((name) => ({ name })),
      tag_string: d.keywords.join(','),
      ...d.gdc,
      created_date: day(d.issued),
      last_updated_date: day(d.modified),
      resources: (['csv', 'json'] as const).map((format) => ({
        name: `${d.titleTh} (${format.toUpperCase()})`,
        url: absolute(origin, datasetPath(org.slug, d.id, format)),
        format: format.toUpperCase(),
        mimetype: MEDIA[format],
      })),
    })),
  };
}

const KIND_TERM = { oit: 'OIT', declaration: 'declaration', results: 'results', page: 'page' } as const;

/** The newest 50 publications as an Atom feed (RFC 4287); `updated`: when what the public sees last changed. */
export function atomFeed(data: PortalData, origin: string, updated: string): string {
  const org = data.org;
  const url = (path: string) => absolute(origin, path);
  const entries = data.versions.slice(0, 50).map((v) => {
    const link = url(slotPath(org.slug, v.slot, v.version));
    const summary = truncateGraphemes(v.content.text.replace(/\s+/g, ' ').trim(), 300) || v.titleTh;
    return [
      '  <entry>',
      `    <title>${xmlText(v.titleTh)}</title>`,
      `    <id>${xmlText(link)}</id>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(link)}"/>`,
      `    <published>${v.publishAt}</published>`,
      `    <updated>${v.publishAt}</updated>`,
      `    <category term="${KIND_TERM[v.slot.kind]}"/>`,
      `    <summary type="text">${xmlText(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="th">',
    `  <title>${xmlText(`ข้อมูลเผยแพร่ของ${org.nameTh}`)}</title>`,
    `  <id>${xmlText(url(portalHome(org.slug)))}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(url(feedPath(org.slug)))}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(url(portalHome(org.slug)))}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xmlText(org.nameTh)}</name></author>`,
    '  <generator>Prongsai</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export function dataPage(c: PublicContext, complaints: readonly ComplaintStatistics[], surveys: readonly PublishedSurveyResults[] = []): string {
  const { m, lang, data, origin } = c;
  const org = data.org;
  const sets = datasets(data, origin, complaints, surveys);
  const s = org.settings;
  return publicPage({
    lang,
    origin,
    org,
    latestYear: data.years[0]?.year ?? null,
    path: dataPagePath(org.slug),
    title: m.openData,
    description: m.openDataIntro,
    nav: 'data',
    crumbs: [[m.home, portalHome(org.slug)], [m.navData, null]],
    children: (
      <>
        <h1>{m.openData}</h1>
        <p class="lead">{m.openDataIntro}</p>
        <ul class="plain">
          <li>
            <a href={catalogPath(org.slug)} type="application/ld+json">
              {m.catalogDcat}
            </a>
          </li>
          <li>
            <a href={ckanCatalogPath(org.slug)} type="application/json">
              {m.catalogCkan}
            </a>
          </li>
          <li>
            <a href={feedPath(org.slug)} type="application/atom+xml">
              {m.feed}
            </a>
          </li>
        </ul>
        {sets.map((d) => (
          <section key={d.id} id={d.id} class="card" aria-labelledby={`ds-${d.id}`}>
            <h2 id={`ds-${d.id}`} lang="th">
              {toThaiDigits(d.titleTh)}
            </h2>
            <p lang="th">{toThaiDigits(d.descriptionTh)}</p>
            <p class="facts">
              <span>{d.gdc.data_type}</span>
              {d.modified ? <span>{m.lastUpdated(longDate(lang, d.modified))}</span> : null}
              <span>
                {n(lang, d.rows.length)} {lang === 'th' ? 'แถว' : 'rows'}
              </span>
            </p>
            <p class="formats">
              <a href={datasetPath(org.slug, d.id, 'csv')} type="text/csv">
                CSV<span class="visually-hidden"> {toThaiDigits(d.titleTh)}</span>
              </a>
              <a href={datasetPath(org.slug, d.id, 'json')} type="application/json">
                JSON<span class="visually-hidden"> {toThaiDigits(d.titleTh)}</span>
              </a>
            </p>
          </section>
        ))}
        {s.contactEmail && s.maintainerTh ? null : <p class="muted">{m.missingContact}</p>}
        <p>
          <a href={inLang(lang, portalHome(org.slug))}>{m.home}</a>
        </p>
      </>
    ),
  });
}
