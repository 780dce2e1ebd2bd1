/**
 * The public pages of an organisation (addresses: src/portal/paths.ts), as HTML made from what the public may see
 * (src/portal/publications-public.ts): the home page, a fiscal year's ITA page, a version of any kind (or the notice
 * that it was withdrawn), the documents, the results over the years, and the portal's own 404 page. The routes
 * that serve them: public-routes.tsx.
 */
import {
  complaintsPagePath,
  documentPath,
  documentsPagePath,
  filePath,
  portalHome,
  portalYearPath,
  resultsPagePath,
  slotPath,
  type Slot,
} from './paths.ts';
import {
  latestOf,
  lookupVersion,
  publicComplaintStatistics,
  publicDocuments,
  publicPages,
  publicResults,
  publicYear,
  type PortalData,
  type PublicVersion,
} from './publications-public.ts';
import { truncateGraphemes } from '../thai/index.ts';
import type { Lang } from '../web/i18n.ts';
import type { PortalView } from './cache.ts';
import { ComplaintStats, DocumentList, FileList, LinkList, longDate, n, Paragraphs, ResultsChart, VersionBody, VersionFacts, type Hrefs, inLang } from './components.tsx';
import type { PortalMessages } from './i18n.ts';
import { DataTable } from '../web/view.tsx';
import { publicPage, type NavKey, type PublicPageProps } from './layout.tsx';

export interface PublicContext {
  readonly lang: Lang;
  readonly m: PortalMessages;
  readonly origin: string;
  readonly view: PortalView;
  readonly data: PortalData;
  readonly now: Date;
}

const hrefsOf = (slug: string, slot: Slot, version: number): Hrefs => ({
  file: (f) => filePath(slug, f.sha256, f.filename),
  document: (f) => documentPath(slug, slot, version, f.docKind as string, f.docFormat as string),
});

function page(c: PublicContext, props: Omit<PublicPageProps, 'lang' | 'origin' | 'org' | 'latestYear'>): string {
  return publicPage({ ...props, lang: c.lang, origin: c.origin, org: c.data.org, latestYear: c.data.years[0]?.year ?? null });
}

const excerpt = (text: string, max = 400) => truncateGraphemes(text.split(/\n\s*\n/)[0]?.trim() ?? '', max);

function yearCrumbs(c: PublicContext, year: number): [string, string | null][] {
  return [
    [c.m.home, portalHome(c.data.org.slug)],
    [c.m.itaYearShort(n(c.lang, year)), portalYearPath(c.data.org.slug, year)],
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Pages

export function homePage(c: PublicContext, stats: Awaited<ReturnType<typeof publicComplaintStatistics>>): string {
  const { m, lang, data } = c;
  const org = data.org;
  const results = publicResults(data);
  // The newest version of each thing, most recently published first.
  const recent = data.versions.filter((v) => latestOf(data, v.slot)?.id === v.id).slice(0, 10);
  const pages = publicPages(data);
  const description = org.settings.descriptionTh ?? m.homeDescription(org.nameTh);
  return page(c, {
    path: portalHome(org.slug),
    title: m.homeIta,
    description,
    nav: 'home',
    modified: data.versions[0]?.publishAt ?? null,
    children: (
      <>
        <h1 lang="th">{org.nameTh}</h1>
        <p class="lead">{description}</p>
        <section aria-labelledby="ita-title">
          <h2 id="ita-title">{m.homeIta}</h2>
          {data.years.length === 0 ? (
            <p>{m.nothingYet}</p>
          ) : (
            <ul class="year-list">
              {data.years.map((y) => {
                const py = publicYear(data, y.year);
                const done = py.items.filter((i) => i.latest).length;
                return (
                  <li key={y.year}>
                    <a href={inLang(lang, portalYearPath(org.slug, y.year))}>{m.itaYearShort(n(lang, y.year))}</a>
                    <p>{m.itemsPublished(n(lang, done), n(lang, py.items.length))}</p>
                    {py.declaration ? (
                      <p>
                        <a href={inLang(lang, slotPath(org.slug, py.declaration.slot))}>{m.declaration}</a>
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        {results.length ? (
          <section aria-labelledby="results-title">
            <h2 id="results-title">{m.resultsOverYears}</h2>
            <ResultsChart lang={lang} m={m} results={results} />
          </section>
        ) : null}
        {stats ? <ComplaintStats lang={lang} m={m} stats={stats} channel={complaintsPagePath(org.slug)} /> : null}
        {recent.length ? (
          <section aria-labelledby="recent-title">
            <h2 id="recent-title">{m.recent}</h2>
            <ul class="history">
              {recent.map((v) => (
                <li key={v.id}>
                  <a href={inLang(lang, slotPath(org.slug, v.slot, v.version))}>{v.titleTh}</a> <span class="muted">{m.publishedOn(longDate(lang, v.publishAt))}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {pages.length ? (
          <section aria-labelledby="pages-title">
            <h2 id="pages-title">{m.pages}</h2>
            <ul class="plain">
              {pages.map((p) => (
                <li key={p.id}>
                  <a href={inLang(lang, slotPath(org.slug, p.slot))}>{p.titleTh}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </>
    ),
  });
}

function ItemSummary({ c, year, code, titleTh, latest }: { c: PublicContext; year: number; code: string; titleTh: string; latest: PublicVersion | null }) {
  const { m, lang } = c;
  const slug = c.data.org.slug;
  const slot: Slot = { kind: 'oit', year, code };
  const id = `item-${code}`;
  return (
    <article class={`oit-item${latest ? ' published' : ''}`} aria-labelledby={id}>
      <h3 id={id}>
        <span class="code">{code}</span> {titleTh}
      </h3>
      {latest ? (
        <>
          <VersionFacts lang={lang} m={m} version={latest} />
          {latest.content.text ? <p>{excerpt(latest.content.text)}</p> : null}
          <DocumentList m={m} files={latest.files} hrefs={hrefsOf(slug, slot, latest.version)} />
          <FileList lang={lang} m={m} files={latest.files} hrefs={hrefsOf(slug, slot, latest.version)} />
          <LinkList lang={lang} m={m} version={latest} />
          <p>
            <a href={inLang(lang, slotPath(slug, slot))}>{m.readItem(code)}</a>
          </p>
        </>
      ) : (
        <p class="muted">{m.notPublishedYet}</p>
      )}
    </article>
  );
}

export function yearPage(c: PublicContext, year: number, stats: Awaited<ReturnType<typeof publicComplaintStatistics>>): string {
  const { m, lang, data } = c;
  const py = publicYear(data, year);
  const slug = data.org.slug;
  const groups: { title: string; items: typeof py.items }[] = [];
  for (const i of py.items) {
    const last = groups.at(-1);
    if (last && last.title === i.item.groupTh) (last.items as (typeof py.items)[number][]).push(i);
    else groups.push({ title: i.item.groupTh, items: [i] });
  }
  const done = py.items.filter((i) => i.latest).length;
  const title = m.itaYear(n(lang, year));
  return page(c, {
    path: portalYearPath(slug, year),
    title,
    description: `${m.itaIntro} ${m.itemsPublished(n(lang, done), n(lang, py.items.length))}`,
    nav: 'ita',
    crumbs: [[m.home, portalHome(slug)], [m.itaYearShort(n(lang, year)), null]],
    modified: py.items.map((i) => i.latest?.publishAt ?? '').sort().at(-1) || null,
    children: (
      <>
        <h1>{title}</h1>
        <p class="lead">{m.itaIntro}</p>
        <p class="facts">
          <span>{m.criteriaOf(n(lang, py.criteria.year))}</span>
          <span>{m.itemsPublished(n(lang, done), n(lang, py.items.length))}</span>
        </p>
        {py.declaration || py.results ? (
          <ul class="plain">
            {py.declaration ? (
              <li>
                <a href={inLang(lang, slotPath(slug, py.declaration.slot))}>{m.declaration}</a>
              </li>
            ) : null}
            {py.results ? (
              <li>
                <a href={inLang(lang, slotPath(slug, py.results.slot))}>{m.results}</a>
              </li>
            ) : null}
          </ul>
        ) : null}
        {groups.map((g, gi) => (
          <section key={gi} class="oit-group" aria-labelledby={`group-${gi}`}>
            <h2 id={`group-${gi}`}>{g.title}</h2>
            {g.items.map((i) => (
              <ItemSummary key={i.item.code} c={c} year={year} code={i.item.code} titleTh={i.item.titleTh} latest={i.latest} />
            ))}
          </section>
        ))}
        {stats ? <ComplaintStats lang={lang} m={m} stats={stats} channel={complaintsPagePath(slug)} /> : null}
      </>
    ),
  });
}

function History({ c, slot, history, current }: { c: PublicContext; slot: Slot; history: readonly PublicVersion[]; current: number }) {
  const { m, lang } = c;
  if (history.length < 2) return null;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{m.history}</h2>
      <p class="muted">{m.historyIntro}</p>
      <ul class="history">
        {history.map((v) => (
          <li key={v.id}>
            {v.version === current ? (
              <strong aria-current="page">{m.versionNo(n(lang, v.version))}</strong>
            ) : (
              <a href={inLang(lang, slotPath(c.data.org.slug, slot, v.version))}>{m.versionNo(n(lang, v.version))}</a>
            )}{' '}
            <span class="muted">{m.publishedOn(longDate(lang, v.publishAt))}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function crumbsFor(c: PublicContext, slot: Slot, title: string): [string, string | null][] {
  const home: [string, string | null] = [c.m.home, portalHome(c.data.org.slug)];
  if (slot.kind === 'page') return [home, [title, null]];
  if (slot.kind === 'results') return [home, [c.m.navResults, resultsPagePath(c.data.org.slug)], [title, null]];
  return [...yearCrumbs(c, slot.year), [title, null]];
}

/** A version of any kind (the newest when `version` is null), or the notice that it was withdrawn. */
export function versionPage(c: PublicContext, slot: Slot, version: number | null): { body: string; status: number } {
  const { m, lang, data, origin } = c;
  const slug = data.org.slug;
  const found = lookupVersion(data, slot, version);
  const path = slotPath(slug, slot, version);
  const nav: NavKey = slot.kind === 'results' ? 'results' : slot.kind === 'page' ? null : 'ita';
  if (found.kind === 'gone') {
    const v = found.version;
    return {
      status: 410,
      body: page(c, {
        path,
        title: `${v.titleTh} (${m.withdrawnTitle})`,
        description: m.withdrawnBody(longDate(lang, v.withdrawnAt)),
        nav,
        crumbs: crumbsFor(c, slot, v.titleTh),
        children: (
          <>
            <h1>{v.titleTh}</h1>
            <div class="notice withdrawn" role="status">
              <p>
                <strong>{m.withdrawnTitle}</strong> {m.versionNo(n(lang, v.version))}. {m.withdrawnBody(longDate(lang, v.withdrawnAt))}
              </p>
              {v.withdrawnReason ? (
                <p>
                  {m.withdrawnReason}: {v.withdrawnReason}
                </p>
              ) : null}
            </div>
            {found.latest ? (
              <p>
                <a href={inLang(lang, slotPath(slug, slot))}>{m.readNewer}</a>
              </p>
            ) : null}
          </>
        ),
      }),
    };
  }
  const v = found.version;
  const isLatest = v.id === found.latest.id;
  const hrefs = hrefsOf(slug, slot, v.version);
  const permalink = `${origin}${slotPath(slug, slot, v.version)}`;
  let body;
  if (slot.kind === 'declaration') {
    body = (
      <div class="declaration">
        <blockquote>
          <Paragraphs text={v.content.text} />
        </blockquote>
        <p class="signature">
          {v.content.signerName}
          {v.content.signerPosition ? (
            <>
              <br />
              {v.content.signerPosition}
            </>
          ) : null}
          {v.content.signedOn ? (
            <>
              <br />
              {m.declaredOn} {longDate(lang, v.content.signedOn)}
            </>
          ) : null}
        </p>
        <FileList lang={lang} m={m} files={v.files} hrefs={hrefs} />
        <LinkList lang={lang} m={m} version={v} />
      </div>
    );
  } else if (slot.kind === 'results' && v.content.snapshot) {
    body = (
      <>
        {v.content.text ? <Paragraphs text={v.content.text} /> : null}
        <ResultsTable c={c} version={v} />
      </>
    );
  } else {
    body = <VersionBody lang={lang} m={m} version={v} hrefs={hrefs} />;
  }
  return {
    status: 200,
    body: page(c, {
      path,
      title: v.titleTh,
      description: v.content.text ? excerpt(v.content.text, 200) : `${v.titleTh} ${m.publishedOn(longDate(lang, v.publishAt))}`,
      nav,
      ogType: 'article',
      modified: v.publishAt,
      crumbs: crumbsFor(c, slot, v.titleTh),
      children: (
        <>
          <h1>{v.titleTh}</h1>
          <VersionFacts lang={lang} m={m} version={v} />
          {isLatest ? null : (
            <div class="notice warn" role="status">
              <p>
                {m.newerVersion(n(lang, found.latest.version))} <a href={inLang(lang, slotPath(slug, slot))}>{m.readNewer}</a>
              </p>
            </div>
          )}
          {body}
          <p class="permalink">
            {m.permalink}: <a href={slotPath(slug, slot, v.version)}>{permalink}</a>
          </p>
          <History c={c} slot={slot} history={found.history} current={v.version} />
        </>
      ),
    }),
  };
}

function ResultsTable({ c, version }: { c: PublicContext; version: PublicVersion }) {
  const { m, lang } = c;
  const s = version.content.snapshot;
  if (!s) return null;
  const score = (x: number | null | undefined) => (x === null || x === undefined ? m.noScore : x.toFixed(2));
  return (
    <DataTable
      label={`${m.results} ${m.fiscalYearOf(n(lang, s.year))}`}
      caption={`${m.results} ${m.fiscalYearOf(n(lang, s.year))}`}
      columns={[m.indicator, { label: m.score, num: true }]}
      footer={
        <>
          <tr>
            <th scope="row">{m.overall}</th>
            <td class="num">
              {score(s.overall)} {s.grade ?? ''}
            </td>
          </tr>
          {s.official && s.official.overall !== null ? (
            <tr>
              <th scope="row">{m.official}</th>
              <td class="num">
                {score(s.official.overall)} {s.official.grade ?? ''}
              </td>
            </tr>
          ) : null}
        </>
      }
    >
      {Object.entries(s.indicators).map(([k, v]) => (
        <tr key={k}>
          <th scope="row">
            {m.indicator} {k}
          </th>
          <td class="num">{score(v)}</td>
        </tr>
      ))}
      {Object.entries(s.tools).map(([k, v]) => (
        <tr key={k}>
          <th scope="row">
            {m.tool} {k}
          </th>
          <td class="num">{score(v)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function documentsPage(c: PublicContext): string {
  const { m, lang, data } = c;
  const docs = publicDocuments(data);
  const slug = data.org.slug;
  return page(c, {
    path: documentsPagePath(slug),
    title: m.documentsTitle,
    description: m.documentsIntro,
    nav: 'documents',
    crumbs: [[m.home, portalHome(slug)], [m.navDocuments, null]],
    children: (
      <>
        <h1>{m.documentsTitle}</h1>
        <p class="lead">{m.documentsIntro}</p>
        {docs.length === 0 ? <p>{m.nothingYet}</p> : null}
        {[...new Set(docs.map((d) => d.docYear))].map((year) => (
          <section key={year} aria-labelledby={`docs-${year}`}>
            <h2 id={`docs-${year}`}>{m.fiscalYearOf(n(lang, year))}</h2>
            <ul class="documents">
              {docs
                .filter((d) => d.docYear === year)
                .map((d) => (
                  <li key={`${d.docKind}-${d.version}-${JSON.stringify(d.slot)}`}>
                    <DocumentList m={m} files={d.files} hrefs={hrefsOf(slug, d.slot, d.version)} />
                    <span class="muted">
                      {m.publishedOn(longDate(lang, d.publishAt))} · <a href={inLang(lang, slotPath(slug, d.slot, d.version))}>{d.slot.kind === 'oit' ? m.readItem(d.slot.code) : m.versionNo(n(lang, d.version))}</a>
                    </span>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </>
    ),
  });
}

export function resultsPage(c: PublicContext): string {
  const { m, lang, data } = c;
  const results = publicResults(data);
  const slug = data.org.slug;
  return page(c, {
    path: resultsPagePath(slug),
    title: m.resultsOverYears,
    description: results.length ? m.resultsChart(String(results.at(-1)?.snapshot.passMark ?? 85)) : m.nothingYet,
    nav: 'results',
    crumbs: [[m.home, portalHome(slug)], [m.navResults, null]],
    children: (
      <>
        <h1>{m.resultsOverYears}</h1>
        {results.length === 0 ? <p>{m.nothingYet}</p> : <ResultsChart lang={lang} m={m} results={results} />}
        {results.length ? (
          <ul class="plain">
            {results.map((r) => (
              <li key={r.year}>
                <a href={inLang(lang, slotPath(slug, { kind: 'results', year: r.year }))}>{`${m.results} ${m.fiscalYearOf(n(lang, r.year))}`}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </>
    ),
  });
}

export function notFoundPage(c: Omit<PublicContext, 'view'>): string {
  const { m } = c;
  return page(c as PublicContext, {
    path: portalHome(c.data.org.slug),
    title: m.notFoundTitle,
    description: m.notFoundBody,
    nav: null,
    children: (
      <>
        <h1>{m.notFoundTitle}</h1>
        <p>{m.notFoundBody}</p>
        <p>
          <a href={inLang(c.lang, portalHome(c.data.org.slug))}>{m.home}</a>
        </p>
      </>
    ),
  });
}

