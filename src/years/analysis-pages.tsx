/**
 * The analysis of a year's result: what the documents will print for the introduction, each tool and the
 * summary, next to the sentences generated from the scores. A section left empty is generated. A written text
 * that the scores changed under is marked out of date, with the word-level difference (escaped like every text),
 * and buttons to take the new generated text or to confirm the written one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getAnalysis, resolveStale, updateAnalysis, type AnalysisPatch, type AnalysisView, type DiffPart } from './analysis.ts';
import { ANALYSIS_SECTIONS, type AnalysisSection } from './years.ts';
import { criteriaOf } from '../ita/index.ts';
import { notesOut } from '../scoring/index.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { CsrfField, ErrorSummary, errorFor, fieldErrors, sendPage, TextArea, viewOf, yearPath, type FieldError } from '../web/view.tsx';
import { pageRoute, queryText } from '../web/route.ts';
import { yearNav, yearParams, yearRef, yearRefOf } from './year-pages.tsx';
import { principalOf } from '../web/principal.ts';
import { surveySentences } from '../surveys/estimates.ts';
import { SurveySentences } from '../surveys/views-staff.tsx';

const TOOLS = ['IIT', 'EIT', 'OIT'] as const;

/** A word-level difference: inserted words in <ins>, deleted ones in <del> (text, so escaped). */
function Diff({ parts }: { parts: readonly DiffPart[] }) {
  return (
    <p class="diff">
      {parts.map((p, i) => (p.op === 'ins' ? <ins key={i}>{p.text}</ins> : p.op === 'del' ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>))}
    </p>
  );
}

export async function analysisPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, state: { values?: Record<string, string>; errors?: FieldError[]; flash?: string; done?: string | undefined } = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m, lang } = view;
    const nav = await yearNav(deps.db, request, 'analysis');
    const a: AnalysisView = await getAnalysis(deps.db, principalOf(request), yearRef(request));
    const sentences = await surveySentences(deps.db, principalOf(request), yearRef(request));
    const editable = nav.permissions.actions.includes('analysis.write') && nav.status === 'open';
    const errors = state.errors ?? [];
    const value = (key: string, written: string | null) => state.values?.[key] ?? written ?? '';
    const sectionName = (section: AnalysisSection) => (section === 'intro' ? m.analysisIntro : section === 'summary' ? m.analysisSummary : m.analysisTool(section));
    const mark = (section: AnalysisSection) => (a.stale[section] ? <span class="badge bad">{m.staleMark}</span> : null);
    return sendPage(
      reply,
      {
        view,
        title: m.navAnalysis,
        nav,
        flash: state.flash ? { kind: 'bad', text: state.flash } : state.done ? { kind: 'ok', text: m.saved } : null,
        children: (
          <>
            <h1>
              {m.navAnalysis} · {m.fiscalYearOf(nav.year)}
            </h1>
            <section class="card" aria-labelledby="generated-title">
              <h2 id="generated-title">{m.generatedFindings}</h2>
              <ol>
                {a.generated.map((g) => (
                  <li key={g.tool}>{said(lang, g)}</li>
                ))}
              </ol>
            </section>
            {/* What the figures rest on: for the staff, never printed in the documents (issue 15). */}
            <details class="card">
              <summary>{m.criteriaNotes}</summary>
              <ul>
                {notesOut(criteriaOf(nav), ['weights', 'indicators', 'grade', 'rounding', 'eit-parts']).map((n) => (
                  <li key={n.id}>{said(lang, n)}</li>
                ))}
              </ul>
            </details>
            {Object.keys(a.stale).length ? (
              <section class="card" aria-labelledby="stale-title">
                <h2 id="stale-title">{m.staleTitle}</h2>
                <p class="hint">{m.staleHint}</p>
                {ANALYSIS_SECTIONS.map((section) => {
                  const stale = a.stale[section];
                  if (!stale) return null;
                  return (
                    <div key={section} id={`stale-${section}`}>
                      <h3>
                        {sectionName(section)} <span class="badge bad">{m.staleMark}</span>
                      </h3>
                      {stale.generatedDiff ? (
                        <>
                          <h4>{m.staleGeneratedDiff}</h4>
                          <Diff parts={stale.generatedDiff} />
                        </>
                      ) : null}
                      <h4>{m.staleTextDiff}</h4>
                      <Diff parts={stale.textDiff} />
                      {editable ? (
                        <form method="post" action={yearPath(nav.slug, nav.year, `/analysis/${section}/stale`)} class="buttons">
                          <CsrfField view={view} />
                          <button type="submit" name="choice" value="take-new" class="primary">
                            {m.takeNewText}
                          </button>
                          <button type="submit" name="choice" value="confirm" class="secondary">
                            {m.confirmOldText}
                          </button>
                        </form>
                      ) : null}
                    </div>
                  );
                })}
              </section>
            ) : null}
            <SurveySentences view={view} sentences={sentences} />
            {editable ? (
              <form method="post" action={yearPath(nav.slug, nav.year, '/analysis')} class="card" novalidate>
                <ErrorSummary view={view} errors={errors} fields={['intro', 'tools.IIT', 'tools.EIT', 'tools.OIT', 'summary']} />
                <CsrfField view={view} />
                <p class="hint">{m.analysisHint}</p>
                <TextArea name="intro" label={m.analysisIntro} value={value('intro', a.written.intro)} rows={5} error={errorFor(errors, 'intro')} />
                {TOOLS.map((t) => (
                  <TextArea key={t} name={`tools.${t}`} label={m.analysisTool(t)} value={value(`tools.${t}`, a.written.tools[t])} rows={5} error={errorFor(errors, `tools.${t}`)} />
                ))}
                <TextArea name="summary" label={m.analysisSummary} value={value('summary', a.written.summary)} rows={4} error={errorFor(errors, 'summary')} />
                <button type="submit" class="primary">
                  {m.save}
                </button>
              </form>
            ) : null}
            <section class="card" aria-labelledby="printed-title">
              <h2 id="printed-title">{m.printedAnalysis}</h2>
              <h3>
                {m.analysisIntro} {mark('intro')}
              </h3>
              <p>{a.printed.intro}</p>
              {TOOLS.map((t) => (
                <div key={t}>
                  <h3>
                    {m.analysisTool(t)} {mark(t)}
                  </h3>
                  <p>{a.printed.tools[t]}</p>
                </div>
              ))}
              <h3>{m.analysisSummary}</h3>
              <p>{a.printed.summary ?? m.none}</p>
            </section>
          </>
        ),
      },
      status,
    );
  };

  const doneQuery = z.object({ done: queryText });
  pageRoute(app, 'GET', '/staff/o/:slug/:year/analysis', { access: inOrg('year.read'), params: yearParams, query: doneQuery }, ({ query, request, reply }) =>
    page(request, reply, { done: query.done }),
  );

  const staleParams = yearParams.extend({ section: z.string() });
  pageRoute(app, 'POST', '/staff/o/:slug/:year/analysis/:section/stale', { access: inOrg('analysis.write'), params: staleParams, query: doneQuery }, async ({ params, query, request, reply }) => {
    const { section } = params;
    const ref = yearRefOf(params);
    try {
      await resolveStale(deps.db, principalOf(request), ref, section, formOf(request).get('choice'));
      return reply.redirect(yearPath(ref.org, ref.year, '/analysis?done=1'), 303);
    } catch (error) {
      return page(request, reply, { flash: fieldErrors(request.lang, error).map((e) => e.message).join(' '), done: query.done }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/o/:slug/:year/analysis', { access: inOrg('analysis.write'), params: yearParams, query: doneQuery }, async ({ params, query, request, reply }) => {
    const form = formOf(request);
    const values = Object.fromEntries(['intro', 'summary', ...TOOLS.map((t) => `tools.${t}`)].map((k) => [k, form.get(k)]));
    const patch: AnalysisPatch = {
      intro: values.intro || null,
      tools: { IIT: values['tools.IIT'] || null, EIT: values['tools.EIT'] || null, OIT: values['tools.OIT'] || null },
      summary: values.summary || null,
    };
    try {
      const ref = yearRefOf(params);
      await updateAnalysis(deps.db, principalOf(request), ref, patch);
      return reply.redirect(yearPath(ref.org, ref.year, '/analysis?done=1'), 303);
    } catch (error) {
      return page(request, reply, { values, errors: fieldErrors(request.lang, error, 'analysis'), done: query.done }, 400);
    }
  });
}
