/**
 * The public addresses of the portal, in one place: the pages (src/portal) serve them, and the answer sheet,
 * the feed and the open-data catalogue write them. A version's address never changes; the "latest" address of a
 * thing shows its newest public version. Pure.
 *
 *   /o/<slug>/                                   the organisation's portal
 *   /o/<slug>/ita/<year>                         the ITA page of a fiscal year, item by item
 *   /o/<slug>/ita/<year>/<code>                  an OIT item, latest public version
 *   /o/<slug>/ita/<year>/<code>/v<n>             an OIT item, version n (what the checker was given)
 *   /o/<slug>/ita/<year>/<code>/v<n>/documents/<kind>.<format>   a document frozen at submission
 *   /o/<slug>/declaration/<year>[/v<n>]          the executive's integrity declaration
 *   /o/<slug>/results/<year>[/v<n>]              the published ITA results of a year
 *   /o/<slug>/p/<page>[/v<n>]                    a free page
 *   /o/<slug>/files/<sha256>/<name>              an attached file (content-addressed, immutable)
 */

export type Slot =
  | { readonly kind: 'oit'; readonly year: number; readonly code: string }
  | { readonly kind: 'declaration'; readonly year: number }
  | { readonly kind: 'results'; readonly year: number }
  | { readonly kind: 'page'; readonly page: string };

export type PublicationKind = Slot['kind'];

const seg = encodeURIComponent;

export const portalHome = (slug: string): string => `/o/${seg(slug)}/`;
export const portalYearPath = (slug: string, year: number): string => `/o/${seg(slug)}/ita/${year}`;

/** The latest address of a thing (version null) or the address of one version. */
export function slotPath(slug: string, slot: Slot, version: number | null = null): string {
  const v = version === null ? '' : `/v${version}`;
  switch (slot.kind) {
    case 'oit':
      return `/o/${seg(slug)}/ita/${slot.year}/${seg(slot.code)}${v}`;
    case 'declaration':
      return `/o/${seg(slug)}/declaration/${slot.year}${v}`;
    case 'results':
      return `/o/${seg(slug)}/results/${slot.year}${v}`;
    case 'page':
      return `/o/${seg(slug)}/p/${seg(slot.page)}${v}`;
  }
}

export const documentPath = (slug: string, slot: Slot, version: number, kind: string, format: string): string =>
  `${slotPath(slug, slot, version)}/documents/${seg(kind)}.${seg(format)}`;

export const filePath = (slug: string, sha256: string, filename: string): string => `/o/${seg(slug)}/files/${sha256}/${seg(filename)}`;

export const catalogPath = (slug: string): string => `/o/${seg(slug)}/catalog.jsonld`;
export const ckanCatalogPath = (slug: string): string => `/o/${seg(slug)}/catalog.ckan.json`;
export const feedPath = (slug: string): string => `/o/${seg(slug)}/feed.atom`;
export const dataPagePath = (slug: string): string => `/o/${seg(slug)}/data`;
export const datasetPath = (slug: string, dataset: string, format: 'csv' | 'json'): string => `/o/${seg(slug)}/data/${seg(dataset)}.${format}`;
export const documentsPagePath = (slug: string): string => `/o/${seg(slug)}/documents`;
export const resultsPagePath = (slug: string): string => `/o/${seg(slug)}/results`;
/** The complaint channel's public page (src/complaints), linked from the complaint statistics. */
export const complaintsPagePath = (slug: string): string => `/o/${seg(slug)}/complaints`;

/** An absolute URL on the portal's origin ("https://portal.example.go.th", no trailing slash). */
export const absolute = (origin: string, path: string): string => `${origin.replace(/\/+$/, '')}${path}`;
