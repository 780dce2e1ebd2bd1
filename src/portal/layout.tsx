/**
 * The frame of the public pages: lang="th" (or "en"), a title and description for search engines, Open Graph
 * and Twitter metadata for link previews, the canonical address, the feed, the language switch as a plain link
 * (the language is in the address, so that caches and search engines see two pages), a skip link and the
 * landmarks (header, nav, main, footer). No script at all: the portal works without JavaScript.
 *
 * WCAG 2.1 AA: one <h1> per page (the page's own), breadcrumbs as a labelled nav, visible focus (app.css),
 * colours with enough contrast (portal.css), tables with captions and header cells.
 */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { absolute, dataPagePath, documentsPagePath, feedPath, portalHome, portalYearPath, resultsPagePath } from './paths.ts';
import type { PortalOrg } from './publications-public.ts';
import { truncateGraphemes } from '../thai/index.ts';
import { assetUrl } from '../web/assets.ts';
import { thaiDigitsInText } from '../web/digit-rule.ts';
import type { Lang } from '../web/i18n.ts';
import { inLang, n } from './components.tsx';
import { portalMessages, type PortalMessages } from './i18n.ts';

export type NavKey = 'home' | 'ita' | 'documents' | 'results' | 'data' | null;

export interface PublicPageProps {
  readonly lang: Lang;
  /** The portal's origin for absolute addresses (canonical, Open Graph). */
  readonly origin: string;
  readonly org: PortalOrg;
  /** The page's path without the language query. */
  readonly path: string;
  readonly title: string;
  readonly description: string;
  readonly ogType?: 'website' | 'article';
  readonly crumbs?: readonly (readonly [string, string | null])[];
  readonly nav: NavKey;
  /** The newest fiscal year with something public (the ITA entry of the menu). */
  readonly latestYear: number | null;
  /** When the page's content was published (article:modified_time). */
  readonly modified?: string | null;
  readonly children?: ComponentChildren;
}

function Head({ lang, origin, org, path, title, description, ogType, modified, m }: PublicPageProps & { m: PortalMessages }) {
  const url = absolute(origin, inLang(lang, path));
  const other: Lang = lang === 'th' ? 'en' : 'th';
  const full = `${title} · ${org.nameTh}`;
  const desc = truncateGraphemes(description.replace(/\s+/g, ' ').trim(), 200);
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{full}</title>
      <meta name="description" content={desc} />
      <link rel="canonical" href={url} />
      <link rel="alternate" hrefLang={lang} href={url} />
      <link rel="alternate" hrefLang={other} href={absolute(origin, inLang(other, path))} />
      <link rel="alternate" type="application/atom+xml" title={m.feed} href={absolute(origin, feedPath(org.slug))} />
      <meta property="og:type" content={ogType ?? 'website'} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={desc} />
      <meta property="og:url" content={url} />
      <meta property="og:site_name" content={org.nameTh} />
      <meta property="og:locale" content={lang === 'th' ? 'th_TH' : 'en_GB'} />
      <meta property="og:locale:alternate" content={lang === 'th' ? 'en_GB' : 'th_TH'} />
      {modified ? <meta property="article:modified_time" content={modified} /> : null}
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={desc} />
      <link rel="icon" type="image/svg+xml" href={assetUrl('favicon.svg')} />
      <link rel="stylesheet" href={assetUrl('app.css')} />
      <link rel="stylesheet" href={assetUrl('portal.css')} />
    </head>
  );
}

function Page(props: PublicPageProps) {
  const { lang, org, path, nav, latestYear, crumbs, children } = props;
  const m = portalMessages(lang);
  const other: Lang = lang === 'th' ? 'en' : 'th';
  const items: [Exclude<NavKey, null>, string, string][] = [
    ['home', m.home, portalHome(org.slug)],
    ...(latestYear === null ? [] : ([['ita', m.itaYearShort(n(lang, latestYear)), portalYearPath(org.slug, latestYear)]] as [Exclude<NavKey, null>, string, string][])),
    ['documents', m.navDocuments, documentsPagePath(org.slug)],
    ['results', m.navResults, resultsPagePath(org.slug)],
    ['data', m.navData, dataPagePath(org.slug)],
  ];
  const s = org.settings;
  return (
    <html lang={lang}>
      <Head {...props} m={m} />
      <body class="portal">
        <a class="skip" href="#main">
          {m.skipToContent}
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href={inLang(lang, portalHome(org.slug))} lang="th">
              {org.nameTh}
              <small>{m.portalName}</small>
            </a>
            <div class="header-tools">
              <a href={inLang(other, path)} lang={other} hrefLang={other} title={m.otherLanguageLabel}>
                {m.otherLanguage}
              </a>
            </div>
          </div>
        </header>
        <nav class="year-nav" aria-label={m.mainNav}>
          <ul>
            {items.map(([key, label, href]) => (
              <li key={key}>
                <a href={inLang(lang, href)} aria-current={nav === key ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabindex={-1}>
          {crumbs && crumbs.length ? (
            <nav class="crumbs" aria-label={m.breadcrumb}>
              <ol>
                {crumbs.map(([label, href], i) => (
                  <li key={i}>{href ? <a href={inLang(lang, href)}>{label}</a> : <span aria-current="page">{label}</span>}</li>
                ))}
              </ol>
            </nav>
          ) : null}
          {children}
        </main>
        <footer class="site-footer">
          {s.contactEmail || s.contactPhone ? (
            <p>
              {m.contact}: {s.maintainerTh ? `${s.maintainerTh} ` : ''}
              {s.contactEmail ? <a href={`mailto:${s.contactEmail}`}>{s.contactEmail}</a> : null}
              {s.contactEmail && s.contactPhone ? ' · ' : ''}
              {s.contactPhone ?? ''}
            </p>
          ) : null}
          <p>
            <a href={inLang(lang, dataPagePath(org.slug))}>{m.openData}</a> · <a href={feedPath(org.slug)}>{m.feed}</a>
          </p>
          <p>{m.poweredBy}</p>
        </footer>
      </body>
    </html>
  );
}

export function publicPage(props: PublicPageProps): string {
  const html = `<!doctype html>${renderToString(<Page {...props} />)}`;
  return props.lang === 'th' ? thaiDigitsInText(html) : html;
}
