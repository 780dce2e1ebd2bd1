/**
 * The roll-up page (/staff/rollup/:year): the numbers of an office's (or the country's) organisations for a year
 * and the year before, the charts with their numbers in tables, the work in between, and the table of organisations
 * (filters, sort, pages), each row a link into the organisation's year. Pure functions of their data.
 */
import { chartSvg } from '../documents/core/chart.ts';
import { DataTable, score, Select, TextField, yearPath, type View } from '../web/view.tsx';
import { distributionSvg, yearsSvg } from './charts.ts';
import { change, figureRows } from './export.ts';
import { ProvinceMapCard } from './map.tsx';
import { PASS, type RollupPageData } from './rollup-page.ts';
import { WORK_KEYS, type OrgLine } from './rollup.ts';
import { SORT_KEYS, type SortKey, type TableFilters } from './table.ts';

/** The page's query: the scope, the table's filters and sort, the page. */
export interface PageQuery {
  readonly org: string | null;
  readonly province: string | null;
  readonly type: string | null;
  readonly filters: TableFilters;
  readonly page: number;
}

/** The query string of `q` with `change` applied (empty values left out). */
export function queryOf(q: PageQuery, changes: Readonly<Record<string, string | number | null>> = {}): string {
  const f = q.filters;
  const all: Record<string, string | number | null> = {
    org: q.org,
    province: q.province,
    type: q.type,
    district: f.district,
    label: f.label,
    below85: f.below85 ? '1' : null,
    late: f.late ? '1' : null,
    sort: f.sort === 'name' ? null : f.sort,
    dir: f.dir === 'asc' ? null : f.dir,
    page: q.page > 1 ? q.page : null,
    ...changes,
  };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(all)) if (v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

const signed = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${v.toFixed(2)}`);
const whole = (v: number | null) => (v === null ? '–' : String(v));

function Figures({ view, d }: { view: View; d: RollupPageData }) {
  const { m } = view;
  const rows = figureRows(d.rollup, d.previous).filter((f) => !/^i\d/.test(f.key));
  const isCount = (key: string) => !/^(meanOverall|IIT|EIT|OIT)$/.test(key);
  return (
    <section class="card" aria-labelledby="ru-figures">
      <h2 id="ru-figures">{m.ruFigures}</h2>
      <DataTable label={m.ruFigures} caption={m.ruFiguresCaption(d.rollup.year, d.previous.year)} columns={[m.ruItem, { label: String(d.rollup.year), num: true }, { label: String(d.previous.year), num: true }, { label: m.ruChange, num: true }]}>
        {rows
          .filter((f) => !(WORK_KEYS as readonly string[]).includes(f.key))
          .map((f) => (
            <tr key={f.key}>
              <th scope="row">{f.key.startsWith('label:') ? m.ruLabelCount(f.key.slice(6)) : (m.ruFigure[f.key as keyof typeof m.ruFigure] ?? f.key)}</th>
              <td class="num">{isCount(f.key) ? whole(f.value) : score(f.value)}</td>
              <td class="num">{isCount(f.key) ? whole(f.previous) : score(f.previous)}</td>
              <td class="num">{isCount(f.key) ? signed(change(f.value, f.previous)).replace('.00', '') : signed(change(f.value, f.previous))}</td>
            </tr>
          ))}
      </DataTable>
    </section>
  );
}

function Work({ view, d }: { view: View; d: RollupPageData }) {
  const { m } = view;
  return (
    <section class="card" aria-labelledby="ru-work">
      <h2 id="ru-work">{m.ruWork}</h2>
      <p>{m.ruWorkIntro}</p>
      <DataTable label={m.ruWork} caption={m.ruWorkCaption(d.rollup.organisations)} columns={[m.ruItem, { label: String(d.rollup.year), num: true }, { label: String(d.previous.year), num: true }]}>
        {WORK_KEYS.map((k) => (
          <tr key={k}>
            <th scope="row">{m.ruWorkItem[k]}</th>
            <td class="num">{d.rollup.work[k]}</td>
            <td class="num">{d.previous.work[k]}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function Scores({ view, d }: { view: View; d: RollupPageData }) {
  const { m } = view;
  const indicators = chartSvg(
    {
      title: m.ruIndicatorsChart,
      bars: d.stats.filter((s) => /^\d+$/.test(s.key)).map((s) => ({ label: s.key, name: m.ruIndicator(s.key), value: s.mean })),
      target: PASS,
      targetLabel: m.ruPassLine,
      max: 100,
      missingLabel: m.ruNoData,
    },
    'arabic',
  );
  const name = (key: string) => (key === 'overall' ? m.ruOverall : /^\d+$/.test(key) ? m.ruIndicator(key) : key);
  return (
    <section class="card" aria-labelledby="ru-scores">
      <h2 id="ru-scores">{m.ruScores}</h2>
      <div class="chart" dangerouslySetInnerHTML={{ __html: distributionSvg(d.distribution, PASS, { title: m.ruDistribution, passLabel: m.ruPassLine, axis: m.ruOverall }) }} />
      <DataTable label={m.ruDistribution} caption={m.ruDistribution} columns={[m.ruBin, { label: m.ruCount, num: true }]}>
        {d.distribution.map((b) => (
          <tr key={b.from}>
            <th scope="row">{`${b.from}–${b.to}`}</th>
            <td class="num">{b.count}</td>
          </tr>
        ))}
      </DataTable>
      <div class="chart" dangerouslySetInnerHTML={{ __html: indicators }} />
      <DataTable
        label={m.ruStats}
        caption={m.ruStats}
        columns={[m.ruItem, { label: m.ruN, num: true }, { label: m.ruMean, num: true }, { label: m.ruMin, num: true }, { label: m.ruMedian, num: true }, { label: m.ruMax, num: true }, { label: m.ruBelow, num: true }]}
      >
        {d.stats.map((s) => (
          <tr key={s.key}>
            <th scope="row">{name(s.key)}</th>
            <td class="num">{s.n}</td>
            <td class="num">{score(s.mean)}</td>
            <td class="num">{score(s.min)}</td>
            <td class="num">{score(s.median)}</td>
            <td class="num">{score(s.max)}</td>
            <td class="num">{s.below}</td>
          </tr>
        ))}
      </DataTable>
      <h3>{m.ruWeakest}</h3>
      {d.weakest.length === 0 ? (
        <p>{m.ruNoData}</p>
      ) : (
        <ol class="ru-weakest">
          {d.weakest.slice(0, 3).map((s) => (
            <li key={s.key}>{m.ruWeak(name(s.key), score(s.mean), s.below, s.n)}</li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Years({ view, d }: { view: View; d: RollupPageData }) {
  const { m } = view;
  return (
    <section class="card" aria-labelledby="ru-years">
      <h2 id="ru-years">{m.ruYears}</h2>
      <div class="chart" dangerouslySetInnerHTML={{ __html: yearsSvg(d.history, PASS, { title: m.ruYears, mean: m.ruMeanOverall, share: m.ruPassedShare }) }} />
      <DataTable label={m.ruYears} caption={m.ruYears} columns={[m.ruYear, { label: m.ruScored, num: true }, { label: m.ruMeanOverall, num: true }, { label: m.ruPassedShare, num: true }]}>
        {d.history.map((p) => (
          <tr key={p.year}>
            <th scope="row">{p.year}</th>
            <td class="num">{p.scored}</td>
            <td class="num">{score(p.meanOverall)}</td>
            <td class="num">{score(p.passedShare)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function SortHeader({ view, q, label, sort, base }: { view: View; q: PageQuery; label: string; sort: SortKey; base: string }) {
  const active = q.filters.sort === sort;
  const dir = active && q.filters.dir === 'asc' ? 'desc' : 'asc';
  return (
    <a href={`${base}${queryOf(q, { sort, dir, page: null })}`}>
      {label}
      {active ? <span aria-label={q.filters.dir === 'asc' ? view.m.ruAsc : view.m.ruDesc}>{q.filters.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
    </a>
  );
}

function Row({ view, year, line }: { view: View; year: number; line: OrgLine }) {
  const { m } = view;
  return (
    <tr>
      <th scope="row">
        <a href={yearPath(line.slug, year)}>{line.nameTh}</a>
      </th>
      <td>{line.type ?? '–'}</td>
      <td>{line.district ?? '–'}</td>
      <td class="num">{score(line.overall)}</td>
      <td>{line.label ?? (line.overall === null ? m.ruNotScored : '–')}</td>
      <td class="num">{line.weakUnmeasured}</td>
      <td class="num">{line.lateMeasures}</td>
      <td class="num">
        {line.oitOpen}
        {line.oitStale ? <small class="muted"> ({m.ruStale(line.oitStale)})</small> : null}
      </td>
      <td class="num">{line.notApproved}</td>
      <td>{line.channelOpen ? m.ruYes : m.ruNo}</td>
    </tr>
  );
}

function Table({ view, d, q, base }: { view: View; d: RollupPageData; q: PageQuery; base: string }) {
  const { m } = view;
  const t = d.table;
  const sortable = (label: string, sort: SortKey) => ({ label, sort });
  const heads = [
    sortable(m.ruColName, 'name'),
    { label: m.ruColType, sort: null },
    sortable(m.ruColDistrict, 'district'),
    sortable(m.ruColOverall, 'overall'),
    sortable(m.ruColLabel, 'label'),
    sortable(m.ruColWeak, 'weak'),
    sortable(m.ruColLate, 'late'),
    sortable(m.ruColOit, 'oit'),
    sortable(m.ruColDocs, 'documents'),
    { label: m.ruColChannel, sort: null },
  ];
  return (
    <section class="card" aria-labelledby="ru-table">
      <h2 id="ru-table">{m.ruTable}</h2>
      <form method="get" action={base} class="filters">
        {q.org ? <input type="hidden" name="org" value={q.org} /> : null}
        {q.province ? <input type="hidden" name="province" value={q.province} /> : null}
        {q.type ? <input type="hidden" name="type" value={q.type} /> : null}
        <Select name="district" label={m.ruColDistrict} value={q.filters.district} options={[['', m.all], ...d.districts.map((x) => [x, x] as const)]} />
        <Select name="label" label={m.ruColLabel} value={q.filters.label} options={[['', m.all], ...d.labels.map((x) => [x, x] as const), ['-', m.ruUngraded]]} />
        <Select name="below85" label={m.ruBelow85} value={q.filters.below85 ? '1' : ''} options={[['', m.all], ['1', m.ruYes]]} />
        <Select name="late" label={m.ruLate} value={q.filters.late ? '1' : ''} options={[['', m.all], ['1', m.ruYes]]} />
        <Select name="sort" label={m.ruSort} value={q.filters.sort} options={SORT_KEYS.map((k) => [k, m.ruSortKey[k]] as const)} />
        <Select name="dir" label={m.ruDir} value={q.filters.dir} options={[['asc', m.ruAsc], ['desc', m.ruDesc]]} />
        <button type="submit">{m.filter}</button>
      </form>
      <DataTable label={m.ruTable} caption={m.ruTableCaption(t.total, t.page, t.pages)} columns={heads.map((h) => h.label)}>
        {t.rows.map((line) => (
          <Row key={line.slug} view={view} year={d.rollup.year} line={line} />
        ))}
      </DataTable>
      <p class="ru-sort">
        {m.ruSortBy}{' '}
        {heads.map((h) =>
          h.sort === null ? null : (
            <span key={h.sort}>
              <SortHeader view={view} q={q} label={h.label} sort={h.sort} base={base} />{' '}
            </span>
          ),
        )}
      </p>
      {t.pages > 1 ? (
        <nav aria-label={m.pages}>
          {t.page > 1 ? <a href={`${base}${queryOf(q, { page: t.page - 1 })}`}>{m.previousPage}</a> : null}{' '}
          <span>{m.ruPageOf(t.page, t.pages)}</span>{' '}
          {t.page < t.pages ? <a href={`${base}${queryOf(q, { page: t.page + 1 })}`}>{m.nextPage}</a> : null}
        </nav>
      ) : null}
    </section>
  );
}

export function RollupPage({ view, d, q }: { view: View; d: RollupPageData; q: PageQuery }) {
  const { m } = view;
  const base = `/staff/rollup/${d.rollup.year}`;
  const s = d.rollup.scope;
  const files = queryOf({ ...q, page: 1 });
  return (
    <>
      <p>
        <a href="/staff">{m.home}</a>
      </p>
      <h1>{m.ruTitle(d.rollup.year)}</h1>
      <p class="lead">
        {[s.org ? m.ruBelowOffice(s.org.nameTh) : m.ruCountry, s.province ? m.ruInProvince(s.province.nameTh) : null, s.type ? m.ruOfType(s.type.abbrTh) : null].filter(Boolean).join(' · ')}
      </p>
      <form method="get" action={base} class="filters">
        <TextField name="org" label={m.ruOffice} value={q.org ?? ''} hint={m.ruOfficeHint} />
        <TextField name="province" label={m.ruProvince} value={q.province ?? ''} />
        <TextField name="type" label={m.ruType} value={q.type ?? ''} />
        <button type="submit">{m.ruShow}</button>
      </form>
      <p>
        {m.ruDownloads}: <a href={`${base}/rollup.xlsx${files}`}>XLSX</a> · <a href={`${base}/organisations.csv${files}`}>{m.ruCsvOrganisations}</a> ·{' '}
        <a href={`${base}/figures.csv${files}`}>{m.ruCsvFigures}</a>
      </p>
      <Figures view={view} d={d} />
      <Work view={view} d={d} />
      <Scores view={view} d={d} />
      {d.provinces.length > 0 ? <ProvinceMapCard view={view} figures={d.provinces} href={(name) => `${base}${queryOf(q, { province: name, district: null, page: null })}`} /> : null}
      <Years view={view} d={d} />
      <Table view={view} d={d} q={q} base={base} />
    </>
  );
}

/**
 * The ITA clinic's agenda (src/preaudit/clinic.ts): the OIT items failed most, counts and shares only. Rendered per
 * request, outside the held body: the checks it counts change without the roll-up's figures changing.
 */
export function ClinicCard({ view, d }: { view: View; d: RollupPageData }) {
  const { m } = view;
  const c = d.clinic;
  return (
    <section class="card" aria-labelledby="ru-clinic">
      <h2 id="ru-clinic">{m.ruClinic}</h2>
      <p>{m.ruClinicIntro}</p>
      {c.items.length === 0 ? (
        <p>{m.ruClinicNone}</p>
      ) : (
        <DataTable
          label={m.ruClinic}
          caption={m.ruClinicCaption(c.checked, c.organisations)}
          columns={[m.ruClinicItemCol, m.ruItem, { label: m.ruClinicFailing, num: true }, { label: m.ruClinicChecked, num: true }, { label: m.ruClinicShare, num: true }]}
        >
          {c.items.map((i) => (
            <tr key={i.code}>
              <th scope="row">{i.code}</th>
              <td>{i.titleTh}</td>
              <td class="num">{i.failing}</td>
              <td class="num">{i.checked}</td>
              <td class="num">{i.share.toFixed(2)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
