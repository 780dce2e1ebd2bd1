/**
 * "ลิงก์แบบสำรวจ ITAS" (issue 14, point 2): the organisation's ITAS code (set by the organisation administrator
 * or the ITA coordinator), its IIT and EIT links with their QR codes (SVG on the page, PNG to download for LINE),
 * the A4 posters (HTML to print, PDF), and the minimum EIT respondents of its group with year and source.
 * Also the organisation's slug (point 1): an organisation administrator renames it; the old links redirect.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getItas, ITAS_WRITE, qrSvg, setItas, surveyLink, type ItasSettings } from './itas.ts';
import { NotFound } from '../app/errors.ts';
import { renameOrganisation } from './rename.ts';
import { organisationMessages as msg } from './messages.ts';
import { canInOrg, resolveOrg } from '../app/context.ts';
import { posterHtml, posterPdf, POSTER_TEXT, type Survey } from '../documents/core/itas-poster.tsx';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import type { Lang } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { CsrfField, ErrorSummary, errorFor, fieldErrors, sendPage, TextField, viewOf, type FieldError } from '../web/view.tsx';
import { attachment } from '../web/download.ts';
import { PREVIEW_CSP, PREVIEW_FONTS } from '../documents/documents-pages.tsx';

const SURVEYS: readonly Survey[] = ['iit', 'eit'];

const TEXT = {
  th: {
    title: 'ลิงก์แบบสำรวจ ITAS',
    code: 'รหัส ITAS ของหน่วยงาน',
    codeHint: 'รหัสท้ายลิงก์แบบสำรวจที่ ITAS ให้ เช่น u4gpi2 ใน https://itas.nacc.go.th/go/eit/u4gpi2 (สำนักงาน ป.ป.ช. ไม่ได้ประกาศรูปแบบรหัส: รับตัวอักษรอังกฤษและตัวเลข 4–16 ตัว)',
    save: 'บันทึก',
    saved: 'บันทึกแล้ว',
    noCode: 'ยังไม่ได้ใส่รหัส ITAS จึงยังไม่มีลิงก์และคิวอาร์โค้ด',
    iit: 'IIT: บุคลากรของหน่วยงาน',
    eit: 'EIT: ผู้รับบริการและผู้มีส่วนได้ส่วนเสียภายนอก',
    png: 'ดาวน์โหลด PNG (ส่งทาง LINE)',
    svg: 'ดาวน์โหลด SVG',
    poster: 'โปสเตอร์ A4 (พิมพ์)',
    posterPdf: 'โปสเตอร์ A4 (PDF)',
    minimum: 'จำนวนผู้ตอบ EIT ขั้นต่ำ',
    people: (n: number) => `${n} คน`,
    source: 'ที่มา',
    rename: 'เปลี่ยนชื่อย่อของหน่วยงาน (ในลิงก์)',
    renameHint: 'ลิงก์เดิม /o/<ชื่อย่อเดิม>/… จะพาไปยังชื่อย่อใหม่โดยอัตโนมัติ และหน่วยงานอื่นจะใช้ชื่อย่อเดิมไม่ได้',
    slug: 'ชื่อย่อใหม่',
    renamed: 'เปลี่ยนชื่อย่อแล้ว ลิงก์เดิมยังใช้ได้',
  },
  en: {
    title: 'ITAS survey links',
    code: 'The organisation’s ITAS code',
    codeHint: 'The code at the end of the survey link ITAS gives, e.g. u4gpi2 in https://itas.nacc.go.th/go/eit/u4gpi2 (the NACC publishes no format: 4 to 16 letters or digits are accepted)',
    save: 'Save',
    saved: 'Saved',
    noCode: 'No ITAS code yet, so no links or QR codes',
    iit: 'IIT: the organisation’s staff',
    eit: 'EIT: service users and other outside stakeholders',
    png: 'Download PNG (for LINE)',
    svg: 'Download SVG',
    poster: 'A4 poster (print)',
    posterPdf: 'A4 poster (PDF)',
    minimum: 'Minimum EIT respondents',
    people: (n: number) => `${n} people`,
    source: 'Source',
    rename: 'Change the organisation’s slug (in its links)',
    renameHint: 'The old links /o/<old slug>/… lead to the new slug, and no other organisation may take the old slug',
    slug: 'New slug',
    renamed: 'Slug changed; the old links still work',
  },
} as const satisfies Record<Lang, unknown>;

const seg = encodeURIComponent;
export const itasPagePath = (slug: string): string => `/staff/o/${seg(slug)}/itas`;
const apiQrPath = (slug: string, survey: Survey, ext: 'png' | 'svg') => `/api/v1/orgs/${seg(slug)}/itas/${survey}/qr.${ext}`;

interface PageState {
  /** What was just done (?done=saved|renamed). */
  readonly done?: string | undefined;
  readonly errors?: readonly FieldError[];
  readonly values?: Readonly<Record<string, string>>;
}

function surveyOf(survey: string): Survey {
  if (survey !== 'iit' && survey !== 'eit') throw new NotFound('survey', msg.noSurvey({ survey }));
  return survey;
}

const orgParams = z.object({ slug: z.string() });
const surveyParams = z.object({ slug: z.string(), survey: z.string() });
const doneQuery = z.object({ done: queryText });

export async function itasPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, slug: string, state: PageState = {}, status = 200) => {
    const view = viewOf(request, reply);
    const t = TEXT[view.lang];
    const principal = principalOf(request);
    const s: ItasSettings = await getItas(deps.db, principal, slug);
    const org = request.org ?? (await resolveOrg(deps.db, principal, s.slug));
    const mayWrite = canInOrg(principal, ITAS_WRITE, org);
    const mayRename = canInOrg(principal, 'org.admin', org);
    const errors = state.errors ?? [];
    const v = (name: string, fallback: string | null) => state.values?.[name] ?? fallback ?? '';
    const flash = state.done === 'saved' ? t.saved : state.done === 'renamed' ? t.renamed : null;
    const qrs = s.links ? await Promise.all(SURVEYS.map((survey) => qrSvg(surveyLink(s, survey)))) : [];
    const m = s.minimumEit;
    return sendPage(
      reply,
      {
        view,
        title: t.title,
        flash: flash ? { kind: 'ok', text: flash } : null,
        children: (
          <>
            <p>
              <a href="/staff">{view.m.home}</a> › <a href={`/staff/o/${seg(s.slug)}`}>{s.nameTh}</a>
            </p>
            <h1>
              {t.title} · {s.nameTh}
            </h1>
            {mayWrite ? (
              <form method="post" action={itasPagePath(s.slug)} class="stack">
                <CsrfField view={view} />
                <ErrorSummary view={view} errors={errors} fields={['itasCode']} />
                <TextField name="itasCode" label={t.code} hint={t.codeHint} value={v('itasCode', s.itasCode)} error={errorFor(errors, 'itasCode')} autocomplete="off" />
                <button type="submit" class="primary">
                  {t.save}
                </button>
              </form>
            ) : null}
            {s.links ? (
              SURVEYS.map((survey, i) => (
                <section key={survey} class="itas-survey" aria-labelledby={`itas-${survey}`}>
                  <h2 id={`itas-${survey}`}>{survey === 'iit' ? t.iit : t.eit}</h2>
                  <p>
                    <a href={surveyLink(s, survey)} id={`itas-link-${survey}`}>
                      {surveyLink(s, survey)}
                    </a>
                  </p>
                  <div class="qr" role="img" aria-label={`QR ${surveyLink(s, survey)}`} dangerouslySetInnerHTML={{ __html: qrs[i] ?? '' }} />
                  <p>
                    <a href={apiQrPath(s.slug, survey, 'png')} download>
                      {t.png}
                    </a>{' '}
                    · <a href={apiQrPath(s.slug, survey, 'svg')} download>{t.svg}</a> · <a href={`${itasPagePath(s.slug)}/${survey}/poster`}>{t.poster}</a> ·{' '}
                    <a href={`${itasPagePath(s.slug)}/${survey}/poster.pdf`}>{t.posterPdf}</a>
                  </p>
                  <p class="hint">{POSTER_TEXT[survey].who}</p>
                </section>
              ))
            ) : (
              <p class="notice warn">{t.noCode}</p>
            )}
            <section aria-labelledby="itas-minimum">
              <h2 id="itas-minimum">{t.minimum}</h2>
              {m.count !== null ? <p id="itas-minimum-count">{t.people(m.count)}</p> : null}
              <p>{view.lang === 'th' ? m.note : m.noteEn}</p>
              <p class="hint">
                {t.source}: {m.source} (ITA {m.year})
              </p>
            </section>
            {mayRename ? (
              <section aria-labelledby="org-rename">
                <h2 id="org-rename">{t.rename}</h2>
                <form method="post" action={`/staff/o/${seg(s.slug)}/rename`} class="stack">
                  <CsrfField view={view} />
                  <ErrorSummary view={view} errors={errors} fields={['slug']} />
                  <TextField name="slug" label={t.slug} hint={t.renameHint} value={v('slug', s.slug)} error={errorFor(errors, 'slug')} autocomplete="off" />
                  <button type="submit">{t.save}</button>
                </form>
              </section>
            ) : null}
          </>
        ),
      },
      status,
    );
  };

  pageRoute(app, 'GET', '/staff/o/:slug/itas', { access: inOrg('year.read'), params: orgParams, query: doneQuery }, ({ params, query, request, reply }) =>
    page(request, reply, params.slug, { done: query.done }),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/itas', { access: inOrg(ITAS_WRITE), params: orgParams, query: doneQuery }, async ({ params, query, request, reply }) => {
    const form = formOf(request);
    const values = { itasCode: form.get('itasCode') ?? '' };
    const { slug } = params;
    try {
      await setItas(deps.db, principalOf(request), slug, values);
    } catch (error) {
      return page(request, reply, slug, { done: query.done, errors: fieldErrors(request.lang, error), values }, 400);
    }
    return reply.redirect(`${itasPagePath(slug)}?done=saved`, 303);
  });

  pageRoute(app, 'POST', '/staff/o/:slug/rename', { access: inOrg('org.admin'), params: orgParams, query: doneQuery }, async ({ params, query, request, reply }) => {
    const values = { slug: formOf(request).get('slug') ?? '' };
    const { slug } = params;
    try {
      const renamed = await renameOrganisation(deps.db, principalOf(request), slug, values);
      return reply.redirect(`${itasPagePath(renamed.slug)}?done=renamed`, 303);
    } catch (error) {
      return page(request, reply, slug, { done: query.done, errors: fieldErrors(request.lang, error), values }, 400);
    }
  });

  const posterInput = async (request: FastifyRequest, params: z.output<typeof surveyParams>) => {
    const survey = surveyOf(params.survey);
    const s = await getItas(deps.db, principalOf(request), params.slug);
    const link = surveyLink(s, survey);
    return { s, input: { orgNameTh: s.nameTh, survey, link, qrSvg: await qrSvg(link) } };
  };

  pageRoute(app, 'GET', '/staff/o/:slug/itas/:survey/poster', { access: inOrg('year.read'), params: surveyParams }, async ({ params, request, reply }) => {
    const { input } = await posterInput(request, params);
    return reply
      .header('content-security-policy', PREVIEW_CSP)
      .header('cache-control', 'private, no-store')
      .type('text/html; charset=utf-8')
      .send(posterHtml(input, PREVIEW_FONTS, { printHint: true }));
  });

  pageRoute(app, 'GET', '/staff/o/:slug/itas/:survey/poster.pdf', { access: inOrg('year.read'), params: surveyParams }, async ({ params, request, reply }) => {
    const { s, input } = await posterInput(request, params);
    return attachment(reply, await posterPdf(input, deps.browser), `${s.slug}-itas-${input.survey}-poster.pdf`, 'application/pdf');
  });
}
