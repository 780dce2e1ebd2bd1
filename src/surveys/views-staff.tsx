/**
 * The staff pages of the agency's own surveys (issue 19): the year's surveys with the form for a new one, one
 * survey (its links, service points, one-time codes, publishing and closing), the one-time codes' slips (shown once),
 * the results (per indicator score ± 95 % CI, respondents, the minimum sample and its uncertainty, by month and by
 * service point with small groups suppressed, the agency's own questions apart), and the dashboard's small table of
 * the current year's estimates beside last year's official scores and the target.
 */
import type { Lang } from '../web/i18n.ts';
import { CsrfField, DataTable, date, ErrorSummary, errorFor, PostButton, Select, TextArea, TextField, score, yearPath, type FieldError, type View } from '../web/view.tsx';
import { DateField } from '../web/date-field.tsx';
import type { CriteriaYear } from '../ita/index.ts';
import { OWN_SCALES, snapshotOf, SURVEY_KINDS, type OwnQuestion, type SurveyKind } from './model.ts';
import type { GroupResult, IndicatorResult, SurveyResults } from './results.ts';
import type { Survey, SurveyWithResults } from './service.ts';
import type { SurveyEstimate } from './estimates.ts';

/** "YYYY-MM" as a Buddhist-era month: ม.ค. 2570 (th), Jan 2570 BE (en). */
export function monthLabel(lang: Lang, month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang === 'th' ? 'th-TH-u-ca-buddhist-nu-latn' : 'en-GB-u-ca-buddhist', { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(Date.UTC(y, m - 1, 15));
}

/** The own questions as the form's lines: one per line, "| yes-no" after a question on the yes/no scale. */
export const ownLines = (own: readonly OwnQuestion[]): string => own.map((q) => (q.scale === 'four-level' ? q.textTh : `${q.textTh} | ${q.scale}`)).join('\n');

const surveyPath = (slug: string, year: number, id: string, rest = '') => yearPath(slug, year, `/surveys/${id}${rest}`);

/** What a refused form brings back: its values and its problems. */
export interface SurveyFormState {
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: readonly FieldError[];
}

/** A figure or "fewer than 5" (never the exact count of a small group). */
function Respondents({ view, n }: { view: View; n: number | null }) {
  return <>{n === null ? view.m.surveyFewerThan5 : String(n)}</>;
}

const withCi = (r: Pick<IndicatorResult, 'score' | 'ci95'>): string => (r.score === null ? '–' : r.ci95 === null ? score(r.score) : `${score(r.score)} ± ${score(r.ci95)}`);

/** What a kind's questions are, in the year's criteria: how many, and which indicators. */
function kindChoice(view: View, criteria: CriteriaYear, kind: SurveyKind): readonly [string, string] {
  try {
    const s = snapshotOf(criteria, kind);
    const indicators = [...new Set(s.questions.map((q) => q.indicator))];
    return [kind, view.m.surveyKindChoice(kind, s.questions.length, indicators.join(', '))];
  } catch {
    return [kind, view.m.surveyKindNone(kind)];
  }
}

function SurveyFields({ view, values, errors, withOwn }: { view: View; values: Readonly<Record<string, string>>; errors: readonly FieldError[]; withOwn: boolean }) {
  const { m } = view;
  return (
    <>
      <TextField name="title" label={m.surveyTitleField} value={values['title'] ?? ''} error={errorFor(errors, 'title')} required />
      <DateField lang={view.lang} name="opensOn" label={m.surveyOpensOn} value={values['opensOn'] ?? ''} error={errorFor(errors, 'opensOn')} required />
      <DateField lang={view.lang} name="closesOn" label={m.surveyClosesOn} value={values['closesOn'] ?? ''} error={errorFor(errors, 'closesOn')} required />
      <TextField name="targetRespondents" label={m.surveyTarget} inputMode="numeric" value={values['targetRespondents'] ?? ''} error={errorFor(errors, 'targetRespondents')} />
      {withOwn ? (
        <>
          <TextArea name="ownQuestions" label={m.surveyOwnQuestions} hint={m.surveyOwnHint} value={values['ownQuestions'] ?? ''} rows={4} error={errorFor(errors, 'ownQuestions')} />
          <Select name="ownScale" label={m.surveyOwnScale} value={values['ownScale'] ?? 'four-level'} options={OWN_SCALES.map((s) => [s, m.surveyScaleName(s)] as const)} />
        </>
      ) : null}
    </>
  );
}

export function SurveyListPage(props: { view: View; slug: string; year: number; surveys: readonly SurveyWithResults[]; canWrite: boolean; criteria: CriteriaYear; state: SurveyFormState }) {
  const { view, slug, year, surveys, state } = props;
  const { m } = view;
  const errors = state.errors ?? [];
  const values = state.values ?? {};
  return (
    <>
      <h1>
        {m.surveysTitle} · {m.fiscalYearOf(year)}
      </h1>
      <p>{m.surveysIntro}</p>
      {surveys.length === 0 ? (
        <p>{m.surveysNone}</p>
      ) : (
        <DataTable label={m.surveysTitle} columns={[m.surveyTitleField, m.surveyKind, m.surveyPeriod, m.surveyStatus, { label: m.surveyRespondents, num: true }, m.surveyMinimum]}>
          {surveys.map(({ survey: s, results }) => (
            <tr key={s.id}>
              <td>
                <a href={surveyPath(slug, year, s.id)}>{s.title}</a>
                {s.demo ? ` (${m.surveyDemo})` : ''}
              </td>
              <td>{s.kind}</td>
              <td>
                {date(view.lang, s.opensOn)} – {date(view.lang, s.closesOn)}
              </td>
              <td>{m.surveyStatusName(s.status)}</td>
              <td class="num">{s.respondents}</td>
              <td>
                {results.minimum ?? m.surveyMinimumUnknown}
                {results.minimumReached === null ? '' : ` (${results.minimumReached ? m.surveyMinimumReached : m.surveyMinimumNotReached})`} ·{' '}
                <a href={surveyPath(slug, year, s.id, '/results')}>{m.surveyResultsLink}</a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {props.canWrite ? (
        <form method="post" action={yearPath(slug, year, '/surveys')} class="card" novalidate>
          <h2>{m.surveyNew}</h2>
          <ErrorSummary view={view} errors={errors} />
          <CsrfField view={view} />
          <Select name="kind" label={m.surveyKind} value={values['kind'] ?? 'EIT'} options={SURVEY_KINDS.map((k) => kindChoice(view, props.criteria, k))} error={errorFor(errors, 'kind')} />
          <SurveyFields view={view} values={values} errors={errors} withOwn />
          <button type="submit" class="primary">
            {m.surveyCreate}
          </button>
        </form>
      ) : null}
    </>
  );
}

/** One survey: its links, its service points, its codes, publishing, closing, its results' open data switch. */
export function SurveyPage(props: { view: View; slug: string; year: number; survey: Survey; canWrite: boolean; state: SurveyFormState; origin: string }) {
  const { view, slug, year, survey: s, canWrite, state, origin } = props;
  const { m } = view;
  const errors = state.errors ?? [];
  const path = (rest = '') => surveyPath(slug, year, s.id, rest);
  const values = state.values ?? {
    title: s.title,
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    targetRespondents: s.targetRespondents === null ? '' : String(s.targetRespondents),
    ownQuestions: ownLines(s.snapshot.own),
  };
  const indicators = [...new Set(s.snapshot.questions.map((q) => q.indicator))];
  return (
    <>
      <h1>
        {s.title} {s.demo ? `(${m.surveyDemo})` : ''}
      </h1>
      <p>
        {s.kind} · {m.surveyStatusName(s.status)} · {date(view.lang, s.opensOn)} – {date(view.lang, s.closesOn)} · {m.surveyRespondents}: {s.respondents}
        {s.targetRespondents === null ? '' : ` / ${m.surveyTarget}: ${s.targetRespondents}`}
      </p>
      <p class="muted">{m.surveyKindChoice(s.kind, s.snapshot.questions.length, indicators.join(', '))}</p>
      <p>
        <a href={path('/results')}>{m.surveyResultsLink}</a> · <a href={path('/responses.csv')}>responses.csv</a> · <a href={path('/responses.xlsx')}>responses.xlsx</a>
      </p>
      <ErrorSummary view={view} errors={errors} />
      <section class="card" aria-labelledby="links-title">
        <h2 id="links-title">{m.surveyLinks}</h2>
        {s.status === 'draft' ? <p class="muted">{m.surveyDraftLinks}</p> : null}
        <p>
          {m.surveyPublicLink}: <a href={`/s/${s.linkToken}`}>{`${origin}/s/${s.linkToken}`}</a> · <a href={path('/poster.pdf')}>{m.surveyPosterPdf}</a> · <a href={path('/poster.html')}>{m.surveyPosterHtml}</a> ·{' '}
          <a href={path('/qr.png')}>{m.surveyQr}</a>
        </p>
        <h3>{m.surveyPoints}</h3>
        {s.points.length === 0 ? <p>{m.surveyPointsNone}</p> : null}
        <ul>
          {s.points.map((p) => (
            <li key={p.id}>
              {p.name}: <a href={`/s/${p.linkToken}`}>{`${origin}/s/${p.linkToken}`}</a> · <a href={path(`/poster.pdf?point=${p.id}`)}>{m.surveyPosterPdf}</a> · <a href={path(`/qr.png?point=${p.id}`)}>{m.surveyQr}</a>{' '}
              {canWrite ? <PostButton view={view} action={path('/points/remove')} fields={{ pointId: p.id }} label={m.surveyPointRemove} kind="danger" small ariaLabel={`${m.surveyPointRemove} ${p.name}`} /> : null}
            </li>
          ))}
        </ul>
        {canWrite && s.status !== 'closed' ? (
          <form method="post" action={path('/points')} novalidate>
            <CsrfField view={view} />
            <TextField name="name" label={m.surveyPointName} hint={m.surveyPointHint} error={errorFor(errors, 'name')} />
            <button type="submit" class="secondary">
              {m.surveyPointAdd}
            </button>
          </form>
        ) : null}
      </section>
      {canWrite && s.kind === 'IIT' ? (
        <section class="card" aria-labelledby="codes-title">
          <h2 id="codes-title">{m.surveyCodes}</h2>
          <p>{m.surveyCodesIntro(s.codesLeft ?? 0)}</p>
          {s.status !== 'closed' ? (
            <form method="post" action={path('/codes')} novalidate>
              <CsrfField view={view} />
              <TextField name="count" label={m.surveyCodesCount} inputMode="numeric" error={errorFor(errors, 'count')} />
              <button type="submit" class="secondary">
                {m.surveyCodesGenerate}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}
      {canWrite ? (
        <>
          <section class="card" aria-labelledby="status-title">
            <h2 id="status-title">{m.surveyStatus}</h2>
            {s.status === 'draft' ? <PostButton view={view} action={path('/publish')} label={m.surveyPublish} kind="primary" /> : null}
            {s.status === 'published' ? <PostButton view={view} action={path('/close')} label={m.surveyClose} kind="danger" /> : null}
            <p>{s.publishResults ? m.surveyOpenDataOn : m.surveyOpenDataOff}</p>
            <PostButton view={view} action={path('/open-data')} fields={{ publish: s.publishResults ? 'no' : 'yes' }} label={s.publishResults ? m.surveyOpenDataStop : m.surveyOpenDataStart} />
          </section>
          {s.status !== 'closed' ? (
            <form method="post" action={path()} class="card" novalidate>
              <h2>{m.surveyEdit}</h2>
              <CsrfField view={view} />
              <SurveyFields view={view} values={values} errors={errors} withOwn={s.status === 'draft'} />
              <button type="submit" class="primary">
                {m.save}
              </button>
            </form>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** The one-time codes' slips, shown once (printed or downloaded now): the link, how to answer, the code. */
export function CodesPage({ view, survey, codes, csv, link }: { view: View; survey: Survey; codes: readonly string[]; csv: string; link: string }) {
  const { m } = view;
  return (
    <>
      <h1>
        {m.surveyCodes} · {survey.title}
      </h1>
      <p class="notice warn">{m.surveyCodesOnce(codes.length)}</p>
      <p>
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`} download={`codes-${survey.id.slice(0, 8)}.csv`}>
          {m.surveyCodesCsv}
        </a>
      </p>
      <ol class="code-slips">
        {codes.map((c) => (
          <li key={c} class="card">
            <p>
              <strong>{survey.title}</strong>
            </p>
            <p>{m.surveyCodesHow(link, date(view.lang, survey.closesOn))}</p>
            <p class="figure">
              <code>{c}</code>
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}

function IndicatorRows({ view, list }: { view: View; list: readonly IndicatorResult[] }) {
  return (
    <>
      {list.map((i) => (
        <tr key={i.indicator}>
          <td>{view.m.adviceIndicator(i.indicator)}</td>
          <td class="num">{i.suppressed ? view.m.surveySuppressed : withCi(i)}</td>
          <td class="num">
            <Respondents view={view} n={i.respondents} />
          </td>
        </tr>
      ))}
    </>
  );
}

function GroupTable({ view, label, groups, name }: { view: View; label: string; groups: readonly GroupResult[]; name: (key: string) => string }) {
  const { m } = view;
  if (groups.length === 0) return null;
  const numbers = groups[0]?.indicators.map((i) => i.indicator) ?? [];
  return (
    <DataTable label={label} caption={label} columns={[label, { label: m.surveyRespondents, num: true }, ...numbers.map((n) => ({ label: m.adviceIndicator(n), num: true }))]}>
      {groups.map((g) => (
        <tr key={g.key}>
          <td>{name(g.key)}</td>
          <td class="num">
            <Respondents view={view} n={g.respondents} />
          </td>
          {g.indicators.map((i) => (
            <td key={i.indicator} class="num">
              {g.suppressed || i.suppressed ? view.m.surveySuppressed : withCi(i)}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}

export function ResultsPage({ view, slug, year, survey, results }: { view: View; slug: string; year: number; survey: Survey; results: SurveyResults }) {
  const { m, lang } = view;
  const pointName = (id: string) => survey.points.find((p) => p.id === id)?.name ?? m.surveyPointGone;
  return (
    <>
      <h1>
        {m.surveyResults} · {survey.title}
      </h1>
      <p>
        {m.surveyRespondents}: <Respondents view={view} n={results.respondents} /> · {m.surveyMinimum}: {results.minimum ?? m.surveyMinimumUnknown}
        {results.minimumReached === null ? '' : ` (${results.minimumReached ? m.surveyMinimumReached : m.surveyMinimumNotReached})`}
      </p>
      <p class="notice warn">{survey.kind === 'EIT' ? m.surveyMinimumNoteEit : m.surveyMinimumNoteIit}</p>
      <p class="muted">{m.surveyCiNote}</p>
      <DataTable label={m.surveyByIndicator} caption={m.surveyByIndicator} columns={[m.surveyIndicator, { label: m.surveyScoreCi, num: true }, { label: m.surveyRespondents, num: true }]}>
        <IndicatorRows view={view} list={results.indicators} />
      </DataTable>
      {results.tool ? (
        <p>
          {m.surveyTool(survey.kind)}: {score(results.tool.score)}
        </p>
      ) : null}
      <GroupTable view={view} label={m.surveyByMonth} groups={results.byMonth} name={(k) => monthLabel(lang, k)} />
      <GroupTable view={view} label={m.surveyByPoint} groups={results.byPoint} name={pointName} />
      {results.own.length ? (
        <DataTable label={m.surveyOwnResults} caption={m.surveyOwnResults} columns={[m.surveyOwnQuestions, { label: m.surveyScore, num: true }, { label: m.surveyRespondents, num: true }]}>
          {results.own.map((o) => (
            <tr key={o.code}>
              <td>
                {o.code} {survey.snapshot.own.find((q) => q.code === o.code)?.textTh ?? ''}
              </td>
              <td class="num">{o.suppressed ? m.surveySuppressed : score(o.score)}</td>
              <td class="num">
                <Respondents view={view} n={o.respondents} />
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <p>
        <a href={surveyPath(slug, year, survey.id, '/responses.csv')}>{m.surveyDownloadCsv}</a> · <a href={surveyPath(slug, year, survey.id, '/responses.xlsx')}>{m.surveyDownloadXlsx}</a> · <a href={surveyPath(slug, year, survey.id)}>{m.surveyBack}</a>
      </p>
    </>
  );
}

/** The dashboard's section: the current year's survey estimates (nothing when there is none). */
export function SurveyEstimates({ view, estimates, target, slug, year }: { view: View; estimates: readonly SurveyEstimate[]; target: number; slug: string; year: number }) {
  const { m } = view;
  if (estimates.length === 0) return null;
  return (
    <section class="card" aria-labelledby="survey-estimates-title">
      <h2 id="survey-estimates-title">{m.surveyEstimates}</h2>
      <DataTable
        label={m.surveyEstimates}
        columns={[m.surveyIndicator, m.surveyTitleField, { label: m.surveyScoreCi, num: true }, { label: m.surveyRespondents, num: true }, { label: m.surveyLastYear(year - 1), num: true }, { label: m.surveyTargetScore, num: true }]}
      >
        {estimates.map((e) => (
          <tr key={`${e.title}-${e.indicator}`}>
            <td>{m.adviceIndicator(e.indicator)}</td>
            <td>{e.title}</td>
            <td class="num">{withCi(e)}</td>
            <td class="num">{e.respondents}</td>
            <td class="num">{score(e.lastYear)}</td>
            <td class="num">{target}</td>
          </tr>
        ))}
      </DataTable>
      <p>
        <a href={yearPath(slug, year, '/surveys')}>{m.surveysTitle}</a>
      </p>
    </section>
  );
}

/** The analysis page's suggested sentences from the surveys (the officer copies one into a text, or not). */
export function SurveySentences({ view, sentences }: { view: View; sentences: readonly string[] }) {
  const { m } = view;
  if (sentences.length === 0) return null;
  return (
    <section class="card" aria-labelledby="survey-sentences-title">
      <h2 id="survey-sentences-title">{m.surveySentences}</h2>
      <p class="muted">{m.surveySentencesHint}</p>
      <ul>
        {sentences.map((s) => (
          <li key={s} lang="th">
            {s}
          </li>
        ))}
      </ul>
    </section>
  );
}
