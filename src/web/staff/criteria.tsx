/**
 * The criteria a year is assessed under (src/ita): tools and weights, indicators, the grade rule, the survey
 * questions, the OIT items, and the notes on what is not certain. The criteria are frozen data, so the page's
 * content is rendered once per criteria year and language and kept.
 */
import type { FastifyInstance } from 'fastify';
import { getCriteria, type CriteriaYear } from '../../ita/index.ts';
import { inOrg } from '../access.ts';
import type { AreaOptions } from '../deps.ts';
import { messages, said, type Lang } from '../i18n.ts';
import { fragment, sendPage, DataTable, viewOf } from '../view.tsx';
import { yearNav } from './year.tsx';

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

/** The criteria's part of the page, rendered once per criteria year and language. */
function criteriaHtml(year: number, lang: Lang): string {
  const key = `${year}:${lang}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = fragment(<CriteriaBody criteria={getCriteria(year)} lang={lang} />);
    cache.set(key, html);
  }
  return html;
}

export async function criteriaPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  app.get('/staff/o/:slug/:year/criteria', { config: { access: inOrg('year.read') } }, async (request, reply) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'criteria');
    return sendPage(reply, {
      view,
      title: view.m.navCriteria,
      nav,
      children: (
        <>
          <h1>
            {view.m.navCriteria} · {view.m.criteriaYearOf(nav.criteriaYear)}
          </h1>
          <div dangerouslySetInnerHTML={{ __html: criteriaHtml(nav.criteriaYear, view.lang) }} />
        </>
      ),
    });
  });
}
