/**
 * A measure's monthly progress with its evidence, shown on the measure's page.
 */
import type { FastifyRequest } from 'fastify';
import type { MeasureView } from '../../app/measures.ts';
import type { Deps } from '../deps.ts';
import { date, TableWrap, type View, type YearNav } from '../view.tsx';

export async function progressSection(_deps: Deps, _request: FastifyRequest, view: View, _nav: YearNav, measure: MeasureView) {
  const { m, lang } = view;
  return (
    <section class="card" aria-labelledby="progress-title">
      <h2 id="progress-title">{m.navProgress}</h2>
      {measure.progress.length === 0 ? (
        <p>{m.noProgress}</p>
      ) : (
        <TableWrap label={m.navProgress}>
          <table>
            <caption>{m.progressOf(measure.seq)}</caption>
            <thead>
              <tr>
                <th scope="col">{m.reportPeriod}</th>
                <th scope="col">{m.progressDone}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.evidence}</th>
              </tr>
            </thead>
            <tbody>
              {measure.progress.map((p) => (
                <tr key={p.id}>
                  <td>
                    {date(lang, p.periodStart)} – {date(lang, p.periodEnd)}
                  </td>
                  <td>
                    {p.done}
                    {p.outcome ? <p class="muted">{p.outcome}</p> : null}
                  </td>
                  <td>{m.progressStatus[p.status]}</td>
                  <td>{p.evidence.length ? p.evidence.map((e) => e.filename).join(', ') : m.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
