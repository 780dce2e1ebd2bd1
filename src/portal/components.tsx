/**
 * What the portal's pages share, public and staff alike: Thai dates and digits, a version's content (text,
 * documents, files, links), the history of a thing, the results chart and table, and the complaint statistics.
 * Everything is escaped by preact; the chart's SVG is built and escaped by src/documents/chart.ts.
 */
import type { ComponentChildren } from 'preact';
import type { ComplaintStatistics, StatTable } from '../complaints/stats.ts';
import { cellText } from '../complaints/stats.ts';
import type { Period } from './publication-content.ts';
import type { FileView, VersionView } from './publications.ts';
import type { PublicResult } from './publications-public.ts';
import { chartSvg } from '../documents/core/chart.ts';
import { escapeXml } from '../documents/core/escape.ts';
import { formatThaiDate, toThaiDigits } from '../thai/index.ts';
import type { Lang } from '../web/i18n.ts';
import { DataTable } from '../web/view.tsx';
import type { PortalMessages } from './i18n.ts';

const EN_DATE = new Intl.DateTimeFormat('en-GB-u-ca-buddhist', { timeZone: 'Asia/Bangkok', day: 'numeric', month: 'long', year: 'numeric' });

/** A date as officials write it: ๑๕ มีนาคม ๒๕๖๖ (Thai digits, Buddhist era); 15 March 2566 BE in English. */
export function longDate(lang: Lang, value: string | null | undefined): string {
  if (!value) return '–';
  if (lang === 'th') return formatThaiDate(value, { digits: 'thai' });
  return EN_DATE.format(/^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+07:00`) : new Date(value));
}

/** A number in running Thai text (๑๒), as is in English. */
export const n = (lang: Lang, value: number | string): string => (lang === 'th' ? toThaiDigits(String(value)) : String(value));

/** A path of the portal in the page's language (English pages carry ?lang=en). */
export const inLang = (lang: Lang, path: string): string => (lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path);

export const kb = (size: number): string => (size / 1024).toLocaleString('en-US', { maximumFractionDigits: size < 10_240 ? 1 : 0 });

/** Plain text as paragraphs: an empty line separates them, a line break stays a line break. */
export function Paragraphs({ text }: { text: string }) {
  const paras = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {paras.map((p, i) => (
        <p key={i}>
          {p.split('\n').map((line, j) => (
            <>
              {j > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

function PeriodText({ lang, m, period }: { lang: Lang; m: PortalMessages; period: Period | null }) {
  return period ? <span class="muted"> ({m.period(longDate(lang, period.start), longDate(lang, period.end))})</span> : null;
}

export interface Hrefs {
  /** The address of an attached file. */
  file(f: FileView): string;
  /** The address of a document frozen in a format. */
  document(f: FileView): string;
}

const FORMAT_ORDER = ['html', 'pdf', 'docx'] as const;

/** The documents of a version, each with its formats. */
export function DocumentList({ m, files, hrefs }: { m: PortalMessages; files: readonly FileView[]; hrefs: Hrefs }) {
  const docs = files.filter((f) => f.role === 'document');
  if (docs.length === 0) return null;
  const groups = new Map<string, FileView[]>();
  for (const f of docs) groups.set(`${f.docKind}/${f.docYear}`, [...(groups.get(`${f.docKind}/${f.docYear}`) ?? []), f]);
  const label = (f: FileView) => (f.docFormat === 'html' ? m.readHtml : f.docFormat === 'pdf' ? m.downloadPdf : m.downloadDocx);
  return (
    <ul class="documents">
      {[...groups.values()].map((group) => {
        const title = group[0]?.labelTh ?? '';
        return (
          <li key={title}>
            <span class="doc-title">{title}</span>
            <span class="formats">
              {FORMAT_ORDER.flatMap((format) => group.filter((f) => f.docFormat === format)).map((f) => (
                <a key={f.docFormat} href={hrefs.document(f)} class="format">
                  {label(f)}
                  <span class="visually-hidden">
                    {' '}
                    {title}
                  </span>
                  {f.docFormat === 'html' ? null : <span class="muted"> ({m.fileSize(kb(f.size))})</span>}
                </a>
              ))}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

export function FileList({ lang, m, files, hrefs }: { lang: Lang; m: PortalMessages; files: readonly FileView[]; hrefs: Hrefs }) {
  const attachments = files.filter((f) => f.role === 'attachment');
  if (attachments.length === 0) return null;
  return (
    <ul class="files">
      {attachments.map((f) => (
        <li key={f.seq}>
          <a href={hrefs.file(f)}>{f.labelTh ?? f.filename}</a>
          <span class="muted">
            {' '}
            ({f.labelTh ? `${f.filename}, ` : ''}
            {m.fileSize(kb(f.size))})
          </span>
          <PeriodText lang={lang} m={m} period={f.period} />
        </li>
      ))}
    </ul>
  );
}

export function LinkList({ lang, m, version }: { lang: Lang; m: PortalMessages; version: VersionView }) {
  if (version.content.links.length === 0) return null;
  return (
    <ul class="links">
      {version.content.links.map((l, i) => (
        <li key={i}>
          <a href={l.url}>{l.label}</a>
          <PeriodText lang={lang} m={m} period={l.period} />
        </li>
      ))}
    </ul>
  );
}

/** A version's content as published: text, documents, files, links, with a heading level for its parts. */
export function VersionBody({ lang, m, version, hrefs, level = 2 }: { lang: Lang; m: PortalMessages; version: VersionView; hrefs: Hrefs; level?: 2 | 3 | 4 }) {
  const H = `h${level}` as 'h2';
  const hasDocs = version.files.some((f) => f.role === 'document');
  const hasFiles = version.files.some((f) => f.role === 'attachment');
  return (
    <>
      {version.content.text ? (
        <div class="text">
          <Paragraphs text={version.content.text} />
        </div>
      ) : null}
      {hasDocs ? (
        <>
          <H>{m.documents}</H>
          <DocumentList m={m} files={version.files} hrefs={hrefs} />
        </>
      ) : null}
      {hasFiles ? (
        <>
          <H>{m.attachments}</H>
          <FileList lang={lang} m={m} files={version.files} hrefs={hrefs} />
        </>
      ) : null}
      {version.content.links.length ? (
        <>
          <H>{m.links}</H>
          <LinkList lang={lang} m={m} version={version} />
        </>
      ) : null}
    </>
  );
}

/** The facts under a version's title: version, publication date, year covered. */
export function VersionFacts({ lang, m, version, children }: { lang: Lang; m: PortalMessages; version: VersionView; children?: ComponentChildren }) {
  return (
    <p class="facts">
      <span>{m.versionNo(n(lang, version.version))}</span>
      {version.publishAt ? <span>{m.publishedOn(longDate(lang, version.publishAt))}</span> : null}
      {version.content.coversYear !== null ? <span>{m.coversYear(n(lang, version.content.coversYear))}</span> : null}
      {children}
    </p>
  );
}

const score = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(2));

/** The overall score by year as a bar chart (with its data as a table). */
export function ResultsChart({ lang, m, results }: { lang: Lang; m: PortalMessages; results: readonly PublicResult[] }) {
  if (results.length === 0) return null;
  const passMark = results.at(-1)?.snapshot.passMark ?? 85;
  const svg = chartSvg(
    {
      title: m.resultsChart(String(passMark)),
      bars: results.map((r) => ({ label: String(r.year), name: `${m.fiscalYear} ${r.year}`, value: r.snapshot.overall ?? r.snapshot.official?.overall ?? null })),
      target: passMark,
      targetLabel: m.passMark(String(passMark)),
      max: 100,
      missingLabel: m.noScore,
    },
    'arabic',
    // The chart names its axis for indicators; here the bars are fiscal years (src/documents/core/chart.ts has no
    // option for the axis title yet).
  ).replace('>ตัวชี้วัดที่</text>', `>${escapeXml(m.fiscalYear)}</text>`);
  return (
    <>
      <div class="chart" dangerouslySetInnerHTML={{ __html: svg }} />
      <DataTable label={m.resultsTable} caption={m.resultsTable} columns={[m.fiscalYear, { label: m.overall, num: true }, m.grade, m.official]}>
        {results.map((r) => (
          <tr key={r.year}>
            <th scope="row">{n(lang, r.year)}</th>
            <td class="num">{score(r.snapshot.overall)}</td>
            <td>{r.snapshot.grade ?? (r.snapshot.pass === null ? '–' : r.snapshot.pass ? m.passes : m.fails)}</td>
            <td>{r.snapshot.official && r.snapshot.official.overall !== null ? `${score(r.snapshot.official.overall)} ${r.snapshot.official.grade ?? ''}` : '–'}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

const STAT_CAPTION = { type: 'complaintsByType', status: 'complaintsByStatus', month: 'complaintsByMonth', quarter: 'complaintsByQuarter' } as const;
const STAT_HEAD = { type: 'type', status: 'statusLabel', month: 'month', quarter: 'quarter' } as const;

function StatTableView({ lang, m, period, table }: { lang: Lang; m: PortalMessages; period: string; table: StatTable }) {
  const caption = `${m[STAT_CAPTION[table.by]]} (${period})`;
  return (
    <DataTable
      label={caption}
      caption={caption}
      columns={[m[STAT_HEAD[table.by]], { label: m.count, num: true }]}
      footer={
        <tr>
          <th scope="row">{m.total}</th>
          <td class="num">{cellText(table.total)}</td>
        </tr>
      }
    >
      {table.rows.map((r) => (
        <tr key={r.key}>
          <th scope="row">{lang === 'th' ? r.th : r.en}</th>
          <td class="num">{cellText(r.cell)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * Complaint statistics of a fiscal year as src/complaints/stats.ts publishes them (nothing identifying): the
 * closed periods only, newest first (the year, then its quarters); the current quarter is not shown.
 */
export function ComplaintStats({ lang, m, stats, channel, headingLevel = 2 }: { lang: Lang; m: PortalMessages; stats: ComplaintStatistics; channel: string; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as 'h2';
  const P = `h${headingLevel + 1}` as 'h3';
  const id = `complaints-${stats.fiscalYear}`;
  return (
    <section class="card" aria-labelledby={id}>
      <H id={id}>
        {m.complaints} {m.fiscalYearOf(n(lang, stats.fiscalYear))}
      </H>
      <p class="muted">{m.complaintsIntro(n(lang, stats.threshold))}</p>
      <p>
        <a href={channel}>{m.complaintsChannel}</a>
      </p>
      {stats.periods.length === 0 ? <p>{m.complaintsNone}</p> : null}
      {stats.nextPublication && stats.periods.length > 0 ? <p>{m.complaintsNext(longDate(lang, stats.nextPublication))}</p> : null}
      {[...stats.periods].reverse().map((p) => {
        const label = lang === 'th' ? p.th : p.en;
        const pid = `${id}-${p.quarter === null ? 'year' : `q${p.quarter}`}`;
        return (
          <section key={pid} aria-labelledby={pid}>
            <P id={pid}>{label}</P>
            <p class="muted">{m.complaintsPublished(longDate(lang, p.publishedAt))}</p>
            <div class="grid">
              {p.tables.map((t) => (
                <StatTableView key={t.by} lang={lang} m={m} period={label} table={t} />
              ))}
            </div>
          </section>
        );
      })}
    </section>
  );
}
