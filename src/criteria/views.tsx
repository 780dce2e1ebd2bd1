/**
 * The criteria pages' views (routes.tsx handles the requests): the criteria a year is assessed under (src/ita):
 * tools and weights, indicators, the grade rule, the survey questions, the OIT items, and the notes on what is not
 * certain. The criteria are frozen data, so the page's content is rendered once per criteria year, revision and
 * language and kept. The page names the pack and revision the year is assessed under and, when a newer revision
 * exists, leads to moving the year to it (the diff and the result before and after first). The system
 * administrator's page /staff/system/criteria imports packs.
 */
import { criteriaCatalogue, diffIsEmpty, newerRevisions, type CriteriaDiff, type ListDiff, type PackImportResult, type ResultSummary, type RevisionMove } from './criteria.ts';
import { criteriaYears, getCriteria, isBuiltIn, TOOL_CODES, type CriteriaYear } from '../ita/index.ts';
import { messages, said, type Lang } from '../web/i18n.ts';
import { CsrfField, DataTable, ErrorSummary, errorFor, FileField, fragment, ImportButtons, PostButton, score, yearPath, type FieldError, type View, type YearNav } from '../web/view.tsx';

function CriteriaBody({ criteria, lang }: { criteria: CriteriaYear; lang: Lang }) {
  const m = messages(lang);
  const rule = criteria.gradeRule;
  return (
    <>
      <p>{criteria.titleTh}</p>
      <p>
        {m.passMark(Number(criteria.passMark))} · {m.decimals(criteria.decimals)} · {m.criteriaRevision(criteria.revision)}
      </p>
      <DataTable label={m.toolsAndIndicators} caption={m.toolsAndIndicators} columns={[m.tool, { label: m.weight, num: true }, m.indicator]}>
        {criteria.tools.map((t) => (
          <tr key={t.code}>
            <th scope="row">
              {t.code} {lang === 'th' ? t.nameTh : t.nameEn}
            </th>
            <td class="num">{Math.round(Number(t.weight) * 100)}%</td>
            <td>
              <ul>
                {criteria.indicators
                  .filter((i) => i.tool === t.code)
                  .map((i) => (
                    <li key={i.number}>
                      {i.number}. {lang === 'th' ? i.nameTh : i.nameEn}
                    </li>
                  ))}
              </ul>
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>{m.gradeRule}</h2>
      {rule.kind === 'bands' ? (
        <ul>
          {rule.bands.map((b) => (
            <li key={b.grade}>
              {b.grade}: {m.fromScore(b.min)}
            </li>
          ))}
        </ul>
      ) : (
        <ul>
          {rule.levels.map((l) => (
            <li key={l.label}>
              {l.label}: {m.fromScore(l.minOverall)}
              {l.minEveryTool ? ` · ${m.everyToolFrom(l.minEveryTool)}` : ''}
            </li>
          ))}
        </ul>
      )}
      {criteria.questions.length ? (
        <details class="card">
          <summary>{m.surveyQuestions(criteria.questions.length)}</summary>
          <ol>
            {criteria.questions.map((q) => (
              <li key={q.code}>
                <strong>{q.code}</strong> ({m.indicator} {q.indicator}): {q.textTh}
                {q.items.length > 1 ? (
                  <ul>
                    {q.items.map((it) => (
                      <li key={it.code}>
                        {it.code}: {it.textTh}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        </details>
      ) : (
        <p>{m.noQuestions}</p>
      )}
      {criteria.oitItems.length ? (
        <details class="card">
          <summary>{m.oitItems(criteria.oitItems.length)}</summary>
          <DataTable label={m.oitItems(criteria.oitItems.length)} columns={[m.code, m.item, m.indicator]}>
            {criteria.oitItems.map((o) => (
              <tr key={o.code}>
                <td>{o.code}</td>
                <td>
                  {o.titleTh}
                  <br />
                  <span class="muted">{o.groupTh}</span>
                </td>
                <td>{o.subIndicator ?? o.indicator}</td>
              </tr>
            ))}
          </DataTable>
        </details>
      ) : (
        <p>{m.noOitItems}</p>
      )}
      {criteria.notes.length ? (
        <>
          <h2>{m.criteriaNotes}</h2>
          <ul>
            {criteria.notes.map((n) => (
              <li key={n.id}>{said(lang, n)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

const cache = new Map<string, string>();

/** The criteria's part of the page, rendered once per criteria year, revision and language (a revision never changes). */
function criteriaHtml(year: number, revision: number, lang: Lang): string {
  const key = `${year}:${revision}:${lang}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = fragment(<CriteriaBody criteria={getCriteria(year, revision)} lang={lang} />);
    cache.set(key, html);
  }
  return html;
}

/** The words of the pack pages (issue 13, point 2), in both languages. */
const PACK_TH = {
  assessedUnder: (year: number, revision: number, builtIn: boolean) => `ปีนี้ประเมินตามชุดเกณฑ์ปี ${year} ฉบับปรับปรุงที่ ${revision} (${builtIn ? 'มากับโปรแกรม' : 'นำเข้าโดยผู้ดูแลระบบ'})`,
  newer: (revision: number) => `มีเกณฑ์ฉบับปรับปรุงที่ ${revision} ที่ใหม่กว่า`,
  seeMove: (revision: number) => `ดูสิ่งที่เปลี่ยนและย้ายไปฉบับที่ ${revision}`,
  moveTitle: (from: number, to: number) => `ย้ายจากเกณฑ์ฉบับปรับปรุงที่ ${from} ไปฉบับที่ ${to}`,
  moveIntro: 'คะแนนรายตัวชี้วัดที่บันทึกไว้ยังคงเดิม คะแนนรายเครื่องมือ คะแนนรวม ระดับผล และผลการวิเคราะห์จะคำนวณตามเกณฑ์ฉบับใหม่ทันทีที่ย้าย',
  moveButton: (revision: number) => `ย้ายไปเกณฑ์ฉบับปรับปรุงที่ ${revision}`,
  moved: (revision: number) => `ย้ายไปเกณฑ์ฉบับปรับปรุงที่ ${revision} แล้ว`,
  closed: 'ปีงบประมาณนี้ปิดแล้ว จึงย้ายเกณฑ์ไม่ได้',
  changes: 'สิ่งที่เปลี่ยน',
  noChanges: 'ไม่มีความแตกต่าง',
  toolWeight: (code: string, from: string | null, to: string | null) => `${code}: น้ำหนัก ${from ?? '–'} → ${to ?? '–'}`,
  toolFields: (code: string, fields: string) => `${code}: เปลี่ยน ${fields}`,
  added: (what: string, list: string) => `${what}ที่เพิ่ม: ${list}`,
  removed: (what: string, list: string) => `${what}ที่ตัดออก: ${list}`,
  changed: (what: string, key: string, fields: string) => `${what} ${key} เปลี่ยน: ${fields}`,
  other: (fields: string) => `ส่วนอื่นที่เปลี่ยน: ${fields}`,
  indicators: 'ตัวชี้วัด',
  oitItems: 'ข้อ OIT',
  questions: 'ข้อคำถาม',
  result: 'ผลการประเมิน',
  before: (revision: number) => `ตามฉบับที่ ${revision}`,
  after: (revision: number) => `ตามฉบับที่ ${revision}`,
  incomplete: 'ยังไม่ครบทุกตัวชี้วัด',
  overall: 'คะแนนรวม',
  grade: 'ระดับผล',
  packsTitle: 'ชุดเกณฑ์การประเมิน',
  packsIntro: 'ชุดเกณฑ์เป็นแฟ้ม JSON ตามรูปแบบที่เผยแพร่ (docs/criteria-pack.schema.json) นำเข้าแล้วหน่วยงานใช้ได้ทันทีโดยไม่ต้องติดตั้งโปรแกรมรุ่นใหม่ ฉบับที่นำเข้าต้องใหม่กว่าฉบับที่มีอยู่ของปีนั้น',
  packFile: 'แฟ้มชุดเกณฑ์ (JSON)',
  checked: (year: number, revision: number) => `ตรวจแล้ว: ชุดเกณฑ์ปี ${year} ฉบับที่ ${revision} ถูกต้อง ยังไม่ได้นำเข้า`,
  imported: (year: number, revision: number) => `นำเข้าชุดเกณฑ์ปี ${year} ฉบับที่ ${revision} แล้ว`,
  newYear: 'ปีที่ยังไม่มีเกณฑ์ในระบบ',
  year: 'ปี',
  revision: 'ฉบับที่',
  title: 'ชื่อ',
  source: 'ที่มา',
  builtIn: 'มากับโปรแกรม',
  imported2: 'นำเข้า',
  provisional: 'ชั่วคราว',
};
const PACK_EN: typeof PACK_TH = {
  assessedUnder: (year, revision, builtIn) => `This year is assessed under the FY ${year} criteria pack, revision ${revision} (${builtIn ? 'built in' : 'imported by a system administrator'})`,
  newer: (revision) => `A newer revision of the criteria exists: revision ${revision}`,
  seeMove: (revision) => `See what changes and move to revision ${revision}`,
  moveTitle: (from, to) => `Move from criteria revision ${from} to revision ${to}`,
  moveIntro: 'The stored indicator scores stay as they are; the tool scores, the overall score, the grade and the analysis follow the new revision as soon as the year moves.',
  moveButton: (revision) => `Move to criteria revision ${revision}`,
  moved: (revision) => `The year is now assessed under criteria revision ${revision}`,
  closed: 'This fiscal year is closed: its criteria cannot change.',
  changes: 'What changes',
  noChanges: 'No differences',
  toolWeight: (code, from, to) => `${code}: weight ${from ?? '–'} → ${to ?? '–'}`,
  toolFields: (code, fields) => `${code}: ${fields} changed`,
  added: (what, list) => `${what} added: ${list}`,
  removed: (what, list) => `${what} removed: ${list}`,
  changed: (what, key, fields) => `${what} ${key} changed: ${fields}`,
  other: (fields) => `Other changes: ${fields}`,
  indicators: 'Indicators',
  oitItems: 'OIT items',
  questions: 'Questions',
  result: 'Result',
  before: (revision) => `Under revision ${revision}`,
  after: (revision) => `Under revision ${revision}`,
  incomplete: 'Not every indicator has a score yet',
  overall: 'Overall',
  grade: 'Grade',
  packsTitle: 'Criteria packs',
  packsIntro: 'A criteria pack is a JSON file in the published format (docs/criteria-pack.schema.json). Once imported, organisations can use it at once, without a new release. An imported pack must be a newer revision than the one the system has for its year.',
  packFile: 'Criteria pack file (JSON)',
  checked: (year, revision) => `Checked: the FY ${year} pack, revision ${revision}, is valid; nothing was imported`,
  imported: (year, revision) => `The FY ${year} pack, revision ${revision}, is imported`,
  newYear: 'A year the system had no criteria for',
  year: 'Year',
  revision: 'Revision',
  title: 'Title',
  source: 'Source',
  builtIn: 'Built in',
  imported2: 'Imported',
  provisional: 'provisional',
};
export const packWords = (lang: Lang) => (lang === 'th' ? PACK_TH : PACK_EN);

/** The differences between two revisions, as a list. */
function DiffList({ diff, lang }: { diff: CriteriaDiff; lang: Lang }) {
  const w = packWords(lang);
  if (diffIsEmpty(diff)) return <p>{w.noChanges}</p>;
  const lines: string[] = diff.tools.map((t) => (t.fields.includes('weight') ? w.toolWeight(t.code, t.from, t.to) : w.toolFields(t.code, t.fields.join(', '))));
  const list = (what: string, l: ListDiff<string | number>) => {
    if (l.added.length) lines.push(w.added(what, l.added.join(', ')));
    if (l.removed.length) lines.push(w.removed(what, l.removed.join(', ')));
    for (const c of l.changed) lines.push(w.changed(what, String(c.key), c.fields.join(', ')));
  };
  list(w.indicators, diff.indicators);
  list(w.oitItems, diff.oitItems);
  list(w.questions, diff.questions);
  if (diff.other.length) lines.push(w.other(diff.other.join(', ')));
  return (
    <ul>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

function ResultTable({ move, lang, label }: { move: RevisionMove; lang: Lang; label: string }) {
  const w = packWords(lang);
  const cell = (r: ResultSummary | null, pick: (r: ResultSummary) => string) => (r ? pick(r) : w.incomplete);
  const rows: [string, (r: ResultSummary) => string][] = [
    ...TOOL_CODES.map((code): [string, (r: ResultSummary) => string] => [code, (r) => score(r.tools[code])]),
    [w.overall, (r) => score(r.overall)],
    [w.grade, (r) => r.grade ?? '–'],
  ];
  return (
    <DataTable label={label} caption={w.result} columns={['', { label: w.before(move.from), num: true }, { label: w.after(move.to), num: true }]}>
      {rows.map(([name, pick]) => (
        <tr key={name}>
          <th scope="row">{name}</th>
          <td class="num">{cell(move.before, pick)}</td>
          <td class="num">{cell(move.after, pick)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The criteria of the year's criteria year and revision; `moved`: the year was just moved to that revision. */
export function CriteriaPage({ view, nav, revision, moved }: { view: View; nav: YearNav; revision: number; moved: boolean }) {
  const w = packWords(view.lang);
  const newer = newerRevisions(nav.criteriaYear, revision).at(-1);
  return (
    <>
      <h1>
        {view.m.navCriteria} · {view.m.criteriaYearOf(nav.criteriaYear)}
      </h1>
      {moved ? (
        <p class="notice ok" role="status">
          {w.moved(revision)}
        </p>
      ) : null}
      <p>{w.assessedUnder(nav.criteriaYear, revision, isBuiltIn(nav.criteriaYear, revision))}</p>
      {newer !== undefined ? (
        <p class="notice">
          {w.newer(newer)}
          {nav.permissions.actions.includes('measures.write') && nav.status === 'open' ? (
            <>
              {' · '}
              <a href={yearPath(nav.slug, nav.year, `/criteria/revision?to=${newer}`)}>{w.seeMove(newer)}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <div dangerouslySetInnerHTML={{ __html: criteriaHtml(nav.criteriaYear, revision, view.lang) }} />
    </>
  );
}

/** What moving the year to another revision changes, and the button that moves it. */
export function MovePage({ view, nav, move, errors }: { view: View; nav: YearNav; move: RevisionMove; errors: readonly FieldError[] }) {
  const w = packWords(view.lang);
  return (
    <>
      <p>
        <a href={yearPath(nav.slug, nav.year, '/criteria')}>← {view.m.navCriteria}</a>
      </p>
      <h1>{w.moveTitle(move.from, move.to)}</h1>
      <ErrorSummary view={view} errors={errors} />
      <h2>{w.changes}</h2>
      <DiffList diff={move.diff} lang={view.lang} />
      <ResultTable move={move} lang={view.lang} label={w.result} />
      <p>{w.moveIntro}</p>
      {nav.status === 'open' ? (
        <PostButton view={view} action={yearPath(nav.slug, nav.year, '/criteria/revision')} fields={{ to: String(move.to) }} label={w.moveButton(move.to)} kind="primary" />
      ) : (
        <p class="notice warn">{w.closed}</p>
      )}
    </>
  );
}

/** The criteria packs known, the form that imports one, and what the last import or check found. */
export function PacksPage({ view, result: r, errors }: { view: View; result: PackImportResult | undefined; errors: readonly FieldError[] }) {
  const w = packWords(view.lang);
  return (
    <>
      <h1>{w.packsTitle}</h1>
      <p>{w.packsIntro}</p>
      {r ? (
        <section class={`notice${r.written ? ' ok' : ''}`} role="status" aria-labelledby="pack-result">
          <h2 id="pack-result">{r.written ? w.imported(r.year, r.revision) : w.checked(r.year, r.revision)}</h2>
          <p>{r.titleTh}</p>
          {r.diff ? <DiffList diff={r.diff} lang={view.lang} /> : <p>{w.newYear}</p>}
        </section>
      ) : null}
      <form method="post" action="/staff/system/criteria" enctype="multipart/form-data" class="card" novalidate>
        <ErrorSummary view={view} errors={errors} />
        <CsrfField view={view} />
        <FileField name="file" label={w.packFile} accept=".json,application/json" error={errorFor(errors, 'file')} />
        <ImportButtons view={view} />
      </form>
      <DataTable label={w.packsTitle} caption={w.packsTitle} columns={[w.year, { label: w.revision, num: true }, w.title, w.source]}>
        {criteriaCatalogue(criteriaYears()).map((p) => (
          <tr key={`${p.year}:${p.revision}`}>
            <td>{p.year}</td>
            <td class="num">{p.revision}</td>
            <td>
              {p.titleTh}
              {p.provisional ? ` (${w.provisional})` : ''}
            </td>
            <td>{p.builtIn ? w.builtIn : w.imported2}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
