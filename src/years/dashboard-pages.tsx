/**
 * The dashboard of an organisation's year: the ten indicators against the pass mark as a chart (an inline SVG
 * with a title and description, and the same figures as a table), the tool and overall scores, the findings,
 * the measures by status, the progress that is late, evidence waiting for review, and the approvals.
 */
import type { FastifyInstance } from 'fastify';
import { Fragment } from 'preact';
import { dashboard, type Dashboard } from './dashboard.ts';
import type { PeerGroup } from '../supervision/peers.ts';
import { unreadCount } from '../inbox/service.ts';
import { listAdvice } from '../advice/service.ts';
import { AdviceSection } from '../advice/views.tsx';
import { surveyEstimates } from '../surveys/estimates.ts';
import { criteriaOf } from '../ita/index.ts';
import { SurveyEstimates } from '../surveys/views-staff.tsx';
import { todayInBangkok } from '../measures/reporting.ts';
import { chartSvg } from '../documents/core/chart.ts';
import type { BarChart } from '../documents/core/model.ts';
import { MEASURE_STATUSES } from '../model/year.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { said, type Lang, type Messages } from '../web/i18n.ts';
import { date, fragment, score, sendPage, DataTable, viewOf, yearPath, type View, type YearNav } from '../web/view.tsx';
import { pageRoute } from '../web/route.ts';
import { yearParams, yearRefOf, yearsOf, YearSwitch } from './year-pages.tsx';
import { grantsIn, principalOf } from '../web/principal.ts';
import { heldDb } from '../supervision/peers.ts';

function chartOf(d: Dashboard, m: Messages, lang: Lang): BarChart {
  return {
    title: m.chartTitle(d.criteria.passMark),
    bars: d.indicators.map((i) => ({ label: String(i.number), name: lang === 'th' ? i.nameTh : i.nameEn, value: i.score })),
    target: d.criteria.passMark,
    targetLabel: m.passMark(d.criteria.passMark),
    max: 100,
    missingLabel: m.noData,
  };
}

const passText = (m: Messages, passes: boolean | null) => (passes === null ? m.noData : passes ? m.passes : m.fails);
const passClass = (passes: boolean | null) => (passes === null ? 'muted' : passes ? 'pass' : 'fail');

function Overall({ view, d }: { view: View; d: Dashboard }) {
  const { m, lang } = view;
  const o = d.overall;
  return (
    <section class="card" aria-labelledby="overall-title">
      <h2 id="overall-title">{m.overallScore}</h2>
      {o.score === null ? (
        <p>{m.missingIndicators(o.missing.join(', '))}</p>
      ) : (
        <>
          <p class="figure">{score(o.score)}</p>
          <p class={passClass(o.pass)}>{passText(m, o.pass)}</p>
          {o.grade ? (
            <p>
              {m.grade}: <strong>{o.grade}</strong>
            </p>
          ) : null}
          {o.gradeNote ? <p class="muted">{lang === 'th' ? o.gradeNote : (o.gradeNoteEn ?? o.gradeNote)}</p> : null}
        </>
      )}
      {d.official && d.official.overall !== null ? (
        <p class="muted">
          {m.officialResult}: {score(d.official.overall)} {d.official.grade ?? ''}
        </p>
      ) : null}
      {d.source ? <p class="muted">{m.scoreSource[d.source]}</p> : null}
    </section>
  );
}

function Tools({ view, d }: { view: View; d: Dashboard }) {
  const { m, lang } = view;
  return (
    <DataTable label={m.toolScores} caption={m.toolScores} columns={[m.tool, { label: m.weight, num: true }, { label: m.score, num: true }, m.result]}>
      {d.tools.map((t) => (
        <tr key={t.code}>
          <th scope="row">
            {t.code} {lang === 'th' ? t.nameTh : t.nameEn}
          </th>
          <td class="num">{Math.round(t.weight * 100)}%</td>
          <td class="num">{score(t.score)}</td>
          <td class={passClass(t.passes)}>{t.score === null ? m.missingIndicators(t.missing.join(', ')) : passText(m, t.passes)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function Indicators({ view, d }: { view: View; d: Dashboard }) {
  const { m, lang } = view;
  const svg = chartSvg(chartOf(d, m, lang), 'arabic');
  return (
    <section class="card" aria-labelledby="indicators-title">
      <h2 id="indicators-title">{m.chartTitle(d.criteria.passMark)}</h2>
      <div class="chart" dangerouslySetInnerHTML={{ __html: svg }} />
      <DataTable label={m.chartTable} caption={m.chartTable} columns={[m.indicator, m.tool, { label: m.score, num: true }, { label: m.margin, num: true }, m.result]}>
        {d.indicators.map((i) => (
          <tr key={i.number}>
            <th scope="row">
              {i.number}. {lang === 'th' ? i.nameTh : i.nameEn}
            </th>
            <td>{i.tool}</td>
            <td class="num">{score(i.score)}</td>
            <td class="num">{i.margin === null ? '–' : `${i.margin > 0 ? '+' : ''}${i.margin.toFixed(2)}`}</td>
            <td class={passClass(i.passes)}>{passText(m, i.passes)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function PeerCell({ view, d, group, where }: { view: View; d: Dashboard; group: PeerGroup; where: string }) {
  const { m } = view;
  const type = d.peers.type;
  if (type === null) return <td>–</td>;
  const text =
    group.peers < d.peers.minPeers ? m.peersFew(d.peers.minPeers, group.peers) : group.percentile === null ? m.peersNoOwn(group.peers) : m.peersAbove(group.percentile, type, where, group.peers);
  return (
    <td>
      {text}
      {group.median === null ? null : (
        <>
          <br />
          <span class="muted">{m.peersMedian(score(group.median))}</span>
        </>
      )}
    </td>
  );
}

/** Where the year stands among the organisations of its type, in its province and in the country. */
function Peers({ view, d }: { view: View; d: Dashboard }) {
  const { m, lang } = view;
  const p = d.peers;
  const inProvince = m.peersInProvince(p.province);
  const name = (item: Dashboard['peers']['items'][number]['item']) => {
    if (item === 'overall') return m.overallScore;
    const def = d.indicators.find((i) => i.number === item);
    return `${item}. ${def ? (lang === 'th' ? def.nameTh : def.nameEn) : ''}`;
  };
  return (
    <section class="card" aria-labelledby="peers-title">
      <h2 id="peers-title">{m.peersTitle}</h2>
      {p.type === null ? (
        <p>{m.peersNoType}</p>
      ) : (
        <DataTable label={m.peersTitle} caption={m.peersTitle} columns={[m.indicator, { label: m.score, num: true }, inProvince, m.peersInCountry]}>
          {p.items.map((i) => (
            <tr key={String(i.item)}>
              <th scope="row">{name(i.item)}</th>
              <td class="num">{score(i.own)}</td>
              <PeerCell view={view} d={d} group={i.province} where={inProvince} />
              <PeerCell view={view} d={d} group={i.country} where={m.peersInCountry} />
            </tr>
          ))}
        </DataTable>
      )}
      <p class="muted">{m.peersNote(p.minPeers)}</p>
    </section>
  );
}

function Findings({ view, d }: { view: View; d: Dashboard }) {
  const { m, lang } = view;
  return (
    <section class="card" aria-labelledby="findings-title">
      <h2 id="findings-title">{m.findings}</h2>
      <ol>
        {d.sentences.tools.map((s) => (
          <li key={s.tool}>{said(lang, s)}</li>
        ))}
        {d.sentences.overall ? <li>{said(lang, d.sentences.overall)}</li> : null}
      </ol>
      {d.sentences.changes.length ? (
        <>
          <h3>{m.changesSinceLastYear}</h3>
          <ul>
            {d.sentences.changes.map((c) => (
              <li key={c.indicator}>{said(lang, c)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Measures({ view, d, slug, year }: { view: View; d: Dashboard; slug: string; year: number }) {
  const { m } = view;
  return (
    <section class="card" aria-labelledby="measures-title">
      <h2 id="measures-title">{m.measuresByStatus}</h2>
      <dl class="facts">
        {MEASURE_STATUSES.map((s) => (
          <Fragment key={s}>
            <dt>{m.measureStatus[s]}</dt>
            <dd>{d.measures.byStatus[s]}</dd>
          </Fragment>
        ))}
        <dt>{m.total}</dt>
        <dd>{d.measures.total}</dd>
      </dl>
      <p>
        <a href={yearPath(slug, year, '/measures')}>{m.allMeasures}</a>
      </p>
      {d.evidence.pending || d.evidence.rejected ? <p>{m.evidenceToReview(d.evidence.pending, d.evidence.rejected)}</p> : null}
    </section>
  );
}

function Late({ view, d, slug, year }: { view: View; d: Dashboard; slug: string; year: number }) {
  const { m, lang } = view;
  return (
    <section class="card" aria-labelledby="late-title">
      <h2 id="late-title">{m.lateProgress}</h2>
      {d.late.length === 0 ? (
        <p>{m.noLateProgress(date(lang, d.asOf, 'long'))}</p>
      ) : (
        <>
          <p>{m.lateIntro(date(lang, d.asOf, 'long'))}</p>
          <ul>
            {d.late.map((r) => (
              <li key={r.measureId}>
                <a href={yearPath(slug, year, `/measures/${r.measureId}`)}>
                  {m.measureNo(r.seq)} {r.titleTh}
                </a>
                {r.missingProgress.length ? (
                  <>
                    <br />
                    {m.missingProgressIn(r.missingProgress.map((x) => (lang === 'th' ? x.th : x.en)).join(', '))}
                  </>
                ) : null}
                {r.missingEvidence.length ? (
                  <>
                    <br />
                    {m.missingEvidenceIn(r.missingEvidence.map((x) => (lang === 'th' ? x.th : x.en)).join(', '))}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Approvals({ view, d, slug, year }: { view: View; d: Dashboard; slug: string; year: number }) {
  const { m, lang } = view;
  return (
    <section class="card" aria-labelledby="approvals-title">
      <h2 id="approvals-title">{m.navApprovals}</h2>
      <ul>
        {d.approvals.map((a) => (
          <li key={a.subject}>
            <strong>{lang === 'th' ? a.nameTh : a.nameEn}</strong>: {m.approvalState(a.approved !== null, a.upToDate, a.pending !== null)}
          </li>
        ))}
      </ul>
      <p>
        <a href={yearPath(slug, year, '/approvals')}>{m.navApprovals}</a>
      </p>
    </section>
  );
}

/** The dashboard's content (everything but the page frame, which holds the person's name and CSRF token). */
function DashboardContent({ view, d, years }: { view: View; d: Dashboard; years: readonly number[] }) {
  const { m, lang } = view;
  const ctx = d.context;
  return (
    <>
      <div class="context">
        <h1>
          {m.navDashboard} · {m.fiscalYearOf(ctx.year)}
        </h1>
        <YearSwitch view={view} slug={ctx.slug} year={ctx.year} years={years} section="" />
      </div>
      <div class="grid">
        <Overall view={view} d={d} />
        <Measures view={view} d={d} slug={ctx.slug} year={ctx.year} />
        <Approvals view={view} d={d} slug={ctx.slug} year={ctx.year} />
      </div>
      <Tools view={view} d={d} />
      <Indicators view={view} d={d} />
      <Peers view={view} d={d} />
      <Findings view={view} d={d} />
      <Late view={view} d={d} slug={ctx.slug} year={ctx.year} />
      {d.notes.length ? (
        <details class="card">
          <summary>{m.criteriaNotes}</summary>
          <ul>
            {d.notes.map((n) => (
              <li key={n.id}>{said(lang, n)}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

interface Rendered {
  readonly html: string;
  readonly nav: YearNav;
}

export async function dashboardPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  pageRoute(app, 'GET', '/staff/o/:slug/:year', { access: inOrg('year.read'), params: yearParams }, async ({ params, request, reply }) => {
    const view = viewOf(request, reply);
    const principal = principalOf(request);
    const ref = yearRefOf(params);
    const today = todayInBangkok(deps.now());
    // The content is the same for everyone with the same roles here, on the same day, in the same language: it
    // is computed and rendered once for them all for a few seconds (cache.ts).
    const key = `dashboard:${ref.year}:${today}:${view.lang}:${grantsIn(principal, request.org?.orgId)}`;
    const rendered = (await deps.cache.get(ref.org, key, deps.now().getTime(), async (): Promise<Rendered> => {
      const d = await dashboard(heldDb(deps), principal, ref, { today, digits: 'arabic' });
      const years = await yearsOf(deps.db, request);
      const ctx = d.context;
      const nav: YearNav = { slug: ctx.slug, orgNameTh: ctx.nameTh, year: ctx.year, criteriaYear: ctx.criteriaYear, criteriaRevision: ctx.criteriaRevision, status: ctx.status, permissions: ctx.permissions, current: 'dashboard' };
      return { html: fragment(<DashboardContent view={view} d={d} years={years} />), nav };
    })) as Rendered;
    // The inbox is the person's own: counted for each request, outside the shared content; so is the advice, read
    // for each request so that new advice shows at once.
    const [unread, advice, estimates] = await Promise.all([unreadCount(deps.db, principal), listAdvice(deps.db, principal, ref), surveyEstimates(deps.db, principal, ref, deps.now())]);
    return sendPage(reply, {
      view,
      title: `${view.m.navDashboard} ${rendered.nav.year}`,
      nav: rendered.nav,
      children: (
        <>
          <p class="inbox-link">
            <a href="/staff/inbox">{view.m.inboxLink(unread)}</a>
          </p>
          <div dangerouslySetInnerHTML={{ __html: rendered.html }} />
          <SurveyEstimates view={view} estimates={estimates} target={Number(criteriaOf(rendered.nav).passMark)} slug={rendered.nav.slug} year={rendered.nav.year} />
          <AdviceSection view={view} advice={advice} slug={rendered.nav.slug} year={rendered.nav.year} canWrite={rendered.nav.permissions.actions.includes('advice.write')} />
        </>
      ),
    });
  });
}
