/**
 * The official documents of the year (src/documents through src/documents/service.ts): what the linter finds in the
 * data each one shows, a preview of the document itself in the browser (its own HTML, in a sandboxed frame, with
 * the Sarabun served by this site), and downloads as PDF, DOCX and XLSX (always as attachments).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFound } from '../app/errors.ts';
import { lintYearDocuments, renderYearDocument } from './service.ts';
import { DOCUMENT_KIND_NAMES, DOCUMENT_KINDS, type DocumentKind, type LintProblem } from './core/index.ts';
import { inOrg } from '../web/access.ts';
import { documentMessages as msg } from './messages.ts';
import type { AreaOptions } from '../web/deps.ts';
import { said } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute } from '../web/route.ts';
import { sendPage, viewOf, yearPath, type View, type YearNav } from '../web/view.tsx';
import { attachment } from '../web/download.ts';
import { yearNav, yearRef } from '../years/year-pages.tsx';

/** What a printable HTML page served from the staff pages may load: its own inline style, the fonts, data: images. */
export const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'";
/** The fonts of a preview, from this site (the frame's CSP allows only them). */
/** The faces the PDF embeds (src/documents/core/fonts.ts: the body in Light), so that the preview sets lines as it does. */
export const PREVIEW_FONTS = { regular: '/assets/fonts/sarabun-300.ttf', bold: '/assets/fonts/sarabun-700.ttf' } as const;
/** The downloads offered, in the order shown. */
export const DOWNLOAD_FORMATS = ['pdf', 'docx', 'xlsx'] as const;
const FORMAT_NAMES: Readonly<Record<(typeof DOWNLOAD_FORMATS)[number], string>> = { pdf: 'PDF', docx: 'Word (DOCX)', xlsx: 'Excel (XLSX)' };

export function documentKind(value: string): DocumentKind {
  const kind = DOCUMENT_KINDS.find((k) => k === value);
  if (kind === undefined) throw new NotFound('kind', msg.noKind({ kind: value }));
  return kind;
}

const kindParams = z.object({ kind: z.string() });
/** The download's options as they came: renderYearDocument checks them (a wrong format is named as the API names it). */
const fileQuery = z.object({ format: z.unknown().optional(), digits: z.unknown().optional(), progress: z.unknown().optional() });

/** The linter's problems of a document, each with its suggested fix when it has one. */
export function Problems({ view, problems }: { view: View; problems: readonly LintProblem[] }) {
  const { m, lang } = view;
  if (problems.length === 0) return <p class="pass">{m.lintClean}</p>;
  return (
    <ul>
      {problems.map((p, i) => (
        <li key={i} class={p.severity === 'error' ? 'fail' : undefined}>
          {p.severity === 'error' ? m.problemError : m.problemWarning} · {lang === 'th' ? p.whereTh : p.where}: {said(lang, p)}
          {p.suggestion ? (
            <>
              <br />
              {m.problemSuggestion}: {said(lang, p.suggestion)}
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The kinds whose request takes the monthly progress option (src/documents/service.ts documentRequestSchema). */
const WITH_PROGRESS_OPTION: readonly DocumentKind[] = ['measures-report'];

/**
 * The report's downloads: a form whose checkbox (ticked by default) keeps the monthly progress in; the hidden
 * "false" before it is what an unticked box leaves (progressOption).
 */
function DownloadsWithProgress({ view, nav, kind, name }: { view: View; nav: YearNav; kind: DocumentKind; name: string }) {
  const { m } = view;
  return (
    <form method="get" action={yearPath(nav.slug, nav.year, `/documents/${kind}/file`)} aria-label={m.downloadsOf(name)}>
      <input type="hidden" name="progress" value="false" />
      <div class="checks">
        <label>
          <input type="checkbox" name="progress" value="true" checked /> {m.includeProgress}
        </label>
      </div>
      <ul class="buttons">
        {DOWNLOAD_FORMATS.map((f) => (
          <li key={f} class="inline">
            <button type="submit" class="secondary small" name="format" value={f}>
              {m.downloadAs(FORMAT_NAMES[f])}
              <span class="visually-hidden"> {name}</span>
            </button>
          </li>
        ))}
      </ul>
    </form>
  );
}

/** The progress option of a download: "true"/"false", or both from the form (the box ticked); absent: the default. */
export function progressOption(value: unknown): boolean | undefined {
  const values = Array.isArray(value) ? value : [value];
  if (values.includes('true')) return true;
  return values.includes('false') ? false : undefined;
}

function Downloads({ view, nav, kind }: { view: View; nav: YearNav; kind: DocumentKind }) {
  const { m, lang } = view;
  const name = lang === 'th' ? DOCUMENT_KIND_NAMES[kind].th : DOCUMENT_KIND_NAMES[kind].en;
  if (WITH_PROGRESS_OPTION.includes(kind)) return <DownloadsWithProgress view={view} nav={nav} kind={kind} name={name} />;
  return (
    <ul class="buttons" aria-label={m.downloadsOf(name)}>
      {DOWNLOAD_FORMATS.map((f) => (
        <li key={f} class="inline">
          <a class="button secondary small" href={yearPath(nav.slug, nav.year, `/documents/${kind}/file?format=${f}`)} download>
            {m.downloadAs(FORMAT_NAMES[f])}
            <span class="visually-hidden"> {name}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export async function documentPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const problemsOf = async (request: FastifyRequest) => lintYearDocuments(deps.db, principalOf(request), yearRef(request));

  pageRoute(app, 'GET', '/staff/o/:slug/:year/documents', { access: inOrg('year.read') }, async ({ request, reply }) => {
    const view = viewOf(request, reply);
    const { m, lang } = view;
    const nav = await yearNav(deps.db, request, 'documents');
    const problems = await problemsOf(request);
    return sendPage(reply, {
      view,
      title: m.navDocuments,
      nav,
      children: (
        <>
          <h1>
            {m.navDocuments} · {m.fiscalYearOf(nav.year)}
          </h1>
          <p>{m.documentsIntro}</p>
          {DOCUMENT_KINDS.map((kind) => {
            const name = lang === 'th' ? DOCUMENT_KIND_NAMES[kind].th : DOCUMENT_KIND_NAMES[kind].en;
            const mine = problems.filter((p) => p.documents.includes(kind));
            return (
              <section class="card" key={kind} aria-labelledby={`doc-${kind}`}>
                <h2 id={`doc-${kind}`}>{name}</h2>
                <p>
                  <a href={yearPath(nav.slug, nav.year, `/documents/${kind}`)}>{m.previewDocument}</a>
                </p>
                <Downloads view={view} nav={nav} kind={kind} />
                <details open={mine.some((p) => p.severity === 'error')}>
                  <summary>{m.lintSummary(mine.filter((p) => p.severity === 'error').length, mine.filter((p) => p.severity === 'warning').length)}</summary>
                  <Problems view={view} problems={mine} />
                </details>
              </section>
            );
          })}
        </>
      ),
    });
  });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/documents/:kind', { access: inOrg('year.read'), params: kindParams }, async ({ params, request, reply }) => {
    const kind = documentKind(params.kind);
    const view = viewOf(request, reply);
    const { m, lang } = view;
    const nav = await yearNav(deps.db, request, 'documents');
    const problems = (await problemsOf(request)).filter((p) => p.documents.includes(kind));
    const name = lang === 'th' ? DOCUMENT_KIND_NAMES[kind].th : DOCUMENT_KIND_NAMES[kind].en;
    return sendPage(reply, {
      view,
      title: name,
      nav,
      children: (
        <>
          <p>
            <a href={yearPath(nav.slug, nav.year, '/documents')}>← {m.navDocuments}</a>
          </p>
          <h1>{name}</h1>
          <Downloads view={view} nav={nav} kind={kind} />
          <section class="card" aria-labelledby="lint-title">
            <h2 id="lint-title">{m.lintTitle}</h2>
            <Problems view={view} problems={problems} />
          </section>
          {/* Same origin (for the fonts), but no script, form or navigation can run inside. */}
          <iframe class="doc-frame" title={m.previewOf(name)} src={yearPath(nav.slug, nav.year, `/documents/${kind}/preview`)} sandbox="allow-same-origin" />
        </>
      ),
    });
  });

  /** The document's own HTML, for the frame: no script can run in it (its CSP allows none), fonts from this site. */
  pageRoute(app, 'GET', '/staff/o/:slug/:year/documents/:kind/preview', { access: inOrg('year.read'), params: kindParams }, async ({ params, request, reply }) => {
    const kind = documentKind(params.kind);
    const ref = yearRef(request);
    // The document depends on the year's data only: one render serves everyone who may read the year (cache.ts).
    const bytes = (await deps.cache.get(ref.org, `preview:${ref.year}:${kind}`, deps.now().getTime(), async () =>
      (await renderYearDocument(deps.db, principalOf(request), ref, { kind, format: 'html' }, { fonts: PREVIEW_FONTS })).bytes,
    )) as Buffer;
    return reply
      .header('content-security-policy', PREVIEW_CSP)
      .header('cache-control', 'private, no-store')
      .type('text/html; charset=utf-8')
      .send(bytes);
  });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/documents/:kind/file', { access: inOrg('year.read'), params: kindParams, query: fileQuery }, async ({ params, query, request, reply }) => {
    const kind = documentKind(params.kind);
    const progress = progressOption(query.progress);
    const doc = await renderYearDocument(
      deps.db,
      principalOf(request),
      yearRef(request),
      { kind, format: query.format ?? '', ...(query.digits ? { digits: query.digits } : {}), ...(progress === undefined ? {} : { progress }) },
      { browser: deps.browser },
    );
    return downloadDocument(reply, doc);
  });
}

/** A rendered document as a download, with the count of the linter's problems in a header (for scripts). */
export function downloadDocument(reply: FastifyReply, doc: { bytes: Buffer; fileName: string; mediaType: string; problems: readonly LintProblem[] }): FastifyReply {
  reply.header('x-prongsai-lint-errors', String(doc.problems.filter((p) => p.severity === 'error').length));
  reply.header('x-prongsai-lint-warnings', String(doc.problems.filter((p) => p.severity === 'warning').length));
  return attachment(reply, doc.bytes, doc.fileName, doc.mediaType);
}
