/**
 * The check of OIT items at the addresses the agency answers (issue 21, point 3), without the database: each URL
 * is read (./fetch.ts: the safe fetcher, or the portal's own pages read in-process), its text taken (./extract.ts),
 * and from an HTML page the documents it links (PDF, Word, Excel: what an adviser opens next); then the verdict
 * (./verdict.ts) against what the item needs (./requirements.ts).
 *
 * One run reads an address once, however many items answer with it (an agency often gives one ITA page for
 * several items), and checks a few items at a time; the fetcher keeps its polite limit per host.
 */
import type { CriteriaYear, OitItem } from '../ita/index.ts';
import type { Message } from '../messages.ts';
import { extract, type DocKind, type Extracted } from './extract.ts';
import type { Fetched, NotFetched } from './fetch.ts';
import { fetchMessages } from './fetch-messages.ts';
import { requirementsOf } from './requirements.ts';
import { verdictOf, type ItemVerdict, type SourceReport } from './verdict.ts';

/** Reads one address: the safe fetcher, or a reader of the portal's own pages. */
export interface Reader {
  fetch(url: string): Promise<Fetched | NotFetched>;
}

/** At most this many documents linked from one page are read. */
export const MAX_LINKED_DOCUMENTS = 8;
/** Items checked at the same time in one run. */
export const ITEMS_AT_ONCE = 6;

const DOCUMENT_PATH = /\.(pdf|docx|xlsx|doc|xls)$/i;

/** A document linked from a page: an address naming a file type we read, or a Google Drive file. */
export function isDocumentLink(href: string): boolean {
  try {
    return readableUrl(href) !== href || DOCUMENT_PATH.test(decodeURIComponent(new URL(href).pathname));
  } catch {
    return false;
  }
}

const DRIVE_FILE = /^\/file\/d\/([\w-]{10,})(?:\/|$)/;

/**
 * The address that gives a file's bytes where the answered address shows it in a viewer: a Google Drive file
 * (drive.google.com/file/d/ID/view, which many agencies link) is read from its download address, as the adviser
 * who clicks "download" would. Any other address is read as it is.
 */
export function readableUrl(url: string): string {
  try {
    const u = new URL(url);
    const drive = u.hostname === 'drive.google.com' ? DRIVE_FILE.exec(u.pathname) : null;
    return drive ? `https://drive.google.com/uc?export=download&id=${drive[1] as string}` : url;
  } catch {
    return url;
  }
}

/** What one address gave: its HTTP status or why it was not fetched, and what was read from it. */
export interface UrlReport {
  readonly url: string;
  readonly finalUrl: string | null;
  /** The HTTP status of the last answer, when there was one. */
  readonly status: number | null;
  /** Why it was not read (null when it was). */
  readonly reason: Message | null;
  readonly contentType: string | null;
  readonly size: number | null;
  readonly lastModified: string | null;
  /** The document's own dates (a PDF's creation and change, a DOCX/XLSX's core properties), ISO. */
  readonly dates: readonly string[];
  readonly kind: DocKind | null;
  readonly scanned: boolean;
  /** A broken file, or text that cannot be read. */
  readonly problem: Message | null;
  /** The documents the page links, as read (HTML pages only). */
  readonly documents: readonly UrlReport[];
}

interface Read {
  readonly report: Omit<UrlReport, 'documents'>;
  readonly extracted: Extracted | null;
}

/** One run's reading of addresses, each read once. */
export class Reading {
  private readonly seen = new Map<string, Promise<Read>>();

  constructor(private readonly reader: Reader) {}

  read(url: string): Promise<Read> {
    let found = this.seen.get(url);
    if (!found) {
      found = this.readOnce(url);
      this.seen.set(url, found);
    }
    return found;
  }

  private async readOnce(url: string): Promise<Read> {
    const got = await this.reader.fetch(readableUrl(url));
    if (!got.ok) {
      return {
        report: { url, finalUrl: got.finalUrl, status: got.status, reason: got.message, contentType: null, size: null, lastModified: null, dates: [], kind: null, scanned: false, problem: null },
        extracted: null,
      };
    }
    const extracted = await extract(got.body, got.contentType, got.finalUrl);
    return {
      report: {
        url,
        finalUrl: got.finalUrl,
        status: got.status,
        reason: null,
        contentType: got.contentType,
        size: got.size,
        lastModified: got.lastModified,
        dates: extracted.dates,
        kind: extracted.kind,
        scanned: extracted.scanned,
        problem: extracted.problem,
      },
      extracted,
    };
  }

  /** An answered address and, when it is a page, the documents it links (at most MAX_LINKED_DOCUMENTS). */
  async source(url: string): Promise<{ report: UrlReport; source: SourceReport }> {
    const page = await this.read(url);
    const links = page.extracted?.kind === 'html' ? [...new Set(page.extracted.links.map((l) => l.href).filter(isDocumentLink))].slice(0, MAX_LINKED_DOCUMENTS) : [];
    const linked = await Promise.all(links.map((href) => this.read(href)));
    const asDocument = (r: Read) => ({
      url: r.report.finalUrl ?? r.report.url,
      kind: r.extracted?.kind ?? ('other' as const),
      text: r.extracted?.text ?? '',
      scanned: r.extracted?.scanned ?? false,
      problem: r.extracted?.problem ?? r.report.reason,
    });
    return {
      report: { ...page.report, documents: linked.map((r) => ({ ...r.report, documents: [] })) },
      source: {
        url,
        fetched: page.extracted !== null,
        status: page.report.status,
        failure: page.report.reason,
        documents: page.extracted === null ? [] : [asDocument(page), ...linked.map(asDocument)],
      },
    };
  }
}

export interface ItemCheck {
  readonly item: OitItem;
  readonly verdict: ItemVerdict;
  readonly urls: readonly UrlReport[];
}

export interface CheckInput {
  readonly pack: CriteriaYear;
  readonly org: { readonly nameTh: string; readonly kind?: string };
  /** The items to check, each with the addresses answered for it (none: it fails as unanswered). */
  readonly items: readonly { readonly item: OitItem; readonly urls: readonly string[] }[];
  readonly asOf: Date;
  /** The day the OIT closes: no month after it is asked for. */
  readonly oitClose?: Date;
}

/** Checks the items, a few at a time, each address read once; the results in the items' order. */
export async function checkItems(reader: Reader, input: CheckInput): Promise<ItemCheck[]> {
  const reading = new Reading(reader);
  const out: ItemCheck[] = new Array<ItemCheck>(input.items.length);
  let next = 0;
  const worker = async () => {
    while (next < input.items.length) {
      const index = next++;
      const { item, urls } = input.items[index] as CheckInput['items'][number];
      const requirements = requirementsOf(input.pack, item, input.org, input.asOf, input.oitClose ? { oitClose: input.oitClose } : {});
      const read = [];
      for (const url of urls) read.push(await reading.source(url));
      out[index] = { item, verdict: verdictOf(item, requirements, read.map((r) => r.source), input.asOf), urls: read.map((r) => r.report) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(ITEMS_AT_ONCE, input.items.length) }, worker));
  return out;
}

/** The portal's answer to a path, read in-process (fastify's `inject`). */
export type Inject = (path: string) => Promise<{ readonly status: number; readonly headers: Readonly<Record<string, unknown>>; readonly body: Buffer }>;

const MAX_OWN_REDIRECTS = 5;
const header = (headers: Readonly<Record<string, unknown>>, name: string): string | null => {
  const value = headers[name];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : null;
};

/**
 * A reader that reads the portal's own pages (addresses on `origin`) in-process, by the same routes a visitor
 * gets, and every other address with `other`. The portal's addresses are then checked as published, even where
 * the server's own address is local (the demo's http://localhost) and the safe fetcher would refuse it.
 */
export function withOwnSite(origin: string, inject: Inject, other: Reader): Reader {
  const own = new URL(origin).origin;
  return {
    async fetch(url) {
      const redirects: string[] = [];
      let current = url;
      for (let hop = 0; hop <= MAX_OWN_REDIRECTS; hop++) {
        let parsed: URL;
        try {
          parsed = new URL(current);
        } catch {
          return other.fetch(url);
        }
        if (parsed.origin !== own) {
          if (hop === 0) return other.fetch(url);
          const further = await other.fetch(current);
          return { ...further, url, redirects: [...redirects, ...further.redirects] };
        }
        const answer = await inject(`${parsed.pathname}${parsed.search}`);
        const location = header(answer.headers, 'location');
        if (answer.status >= 300 && answer.status < 400 && location) {
          current = new URL(location, parsed).href;
          redirects.push(current);
          continue;
        }
        if (answer.status >= 400) {
          return { ok: false, url, finalUrl: current, redirects, status: answer.status, failure: 'http-status', message: fetchMessages.httpStatus({ status: answer.status }) };
        }
        const modified = header(answer.headers, 'last-modified');
        return {
          ok: true,
          url,
          finalUrl: current,
          redirects,
          status: answer.status,
          contentType: header(answer.headers, 'content-type'),
          size: answer.body.length,
          lastModified: modified && !Number.isNaN(Date.parse(modified)) ? new Date(modified).toISOString() : null,
          body: answer.body,
          fetchedAt: new Date().toISOString(),
        };
      }
      return { ok: false, url, finalUrl: current, redirects, status: null, failure: 'too-many-redirects', message: fetchMessages.tooManyRedirects({ max: MAX_OWN_REDIRECTS }) };
    },
  };
}

/** What `inject` needs of a fastify instance. */
export interface Injectable {
  inject(options: { readonly method: 'GET'; readonly url: string }): Promise<{ readonly statusCode: number; readonly headers: Readonly<Record<string, unknown>>; readonly rawPayload: Buffer }>;
}

/** fastify's `inject` as the portal's reader. */
export const injectOf =
  (app: Injectable): Inject =>
  async (path) => {
    const answer = await app.inject({ method: 'GET', url: path });
    return { status: answer.statusCode, headers: answer.headers, body: answer.rawPayload };
  };
