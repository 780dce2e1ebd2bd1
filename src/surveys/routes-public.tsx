/**
 * Answering a survey in public (issue 19, point 2), and its posters.
 *
 * `GET /s/:token` (a survey's or a service point's link) is the form; `POST /s/:token` takes one response. The
 * form's contract (a benchmark and a browser test rely on it): `<form method="post" action="/s/:token">` with a
 * hidden `formToken`, one radio group per item named by its code (e1, i1.1, …) with values "1".."k" (the option's
 * 1-based index), own questions s1…, and for an IIT survey a text field `code`. Taken: 200 and the thank-you page;
 * closed or not yet open: 409; used or unknown code, bad answers, form token too soon, expired or used: 400, the
 * form again; too many from one address: 429; a draft or unknown link: 404. Every refusal writes nothing. No account, no cookie, no
 * JavaScript; the pages are in views-public.tsx.
 *
 * What keeps a respondent anonymous here, as on the complaint channel (src/complaints/routes-public.tsx): these
 * routes log nothing (log level 'silent': no address, browser, URL or time of a respondent's request reaches the
 * server's log, and bodies are never logged anyway); a staff session in the browser is not even looked up
 * (`complainant`); the per-address rate limit knows clients by a rotating salted hash, in memory only
 * (src/complaints/limits.ts); the form token's time is checked and forgotten, its nonce kept in memory until it
 * expires (used once per process: N processes accept a replay at most N times); the service keeps the answers and
 * the month only (src/surveys/service.ts submitResponse).
 *
 * Staff: `GET /staff/o/:slug/:year/surveys/:id/poster.pdf`, `poster.html` and `qr.png` (`?point=ID`: a service
 * point's link), year.read: the A4 poster (src/documents/core/itas-poster.tsx, shared with the ITAS links) and the
 * QR code as a PNG for LINE and Facebook.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { z } from 'zod';
import { serverSecret } from '../accounts/accounts.ts';
import { principalOf } from '../web/principal.ts';
import { NotFound } from '../app/errors.ts';
import { checkFormToken, FORM_TOKEN_RULES, issueFormToken, type FormTokenRules } from '../complaints/form-token.ts';
import { ComplaintGuard, DEFAULT_LIMITS, type ComplaintLimits } from '../complaints/limits.ts';
import { posterHtml, posterPdf, type PosterText } from '../documents/core/itas-poster.tsx';
import { PREVIEW_CSP, PREVIEW_FONTS } from '../documents/documents-pages.tsx';
import { InputError, InputErrors } from '../errors.ts';
import { qrPng, qrSvg } from '../organisations/itas.ts';
import { originOf } from '../portal/routes-public.tsx';
import { inOrg, PUBLIC } from '../web/access.ts';
import type { AreaOptions, Deps } from '../web/deps.ts';
import { attachment } from '../web/download.ts';
import { formOf } from '../web/forms.ts';
import { pageRoute, queryText, yearParam } from '../web/route.ts';
import { fieldErrors, type FieldError } from '../web/view.tsx';
import { surveyMessages } from './messages.ts';
import { snapshotItems } from './model.ts';
import { getSurvey, linkOf, submitResponse, surveyOfLink, type AnswerLink, type OpenSurvey, type Survey } from './service.ts';
import { formatThaiDate } from '../thai/index.ts';
import { NoticePage, PUBLIC_TEXT, SurveyForm, SurveyPublicPage, type FormState } from './views-public.tsx';

const HOUR = 3600_000;

/**
 * The limits: answers per client address (a counter's shared wifi or a mobile operator's shared address carries
 * many people: generous) and per survey; the complaint guard's other buckets are not used here.
 */
export const SURVEY_LIMITS: ComplaintLimits = {
  ...DEFAULT_LIMITS,
  filingsPerAddress: { capacity: 60, windowMs: HOUR },
  filingsPerOrg: { capacity: 100_000, windowMs: HOUR },
};

/** The name of the form tokens' key (src/accounts/accounts.ts serverSecret). */
const FORM_SECRET = 'surveys-form';

export interface SurveysAreaOptions {
  readonly limits?: ComplaintLimits;
  readonly formToken?: FormTokenRules;
}

const linkParams = z.object({ token: z.string() });
/** Public routes: no CSRF token (the form token replaces it), no session looked up, nothing logged. */
const RESPONDENT = { access: PUBLIC, params: linkParams, config: { csrf: false, complainant: true } } as const;

export const surveyPath = (token: string): string => `/s/${encodeURIComponent(token)}`;
const purposeOf = (surveyId: string) => `survey:${surveyId}`;

function send(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(`<!doctype html>${renderToString(page)}`);
}

/** The page of a link that takes no answers (unknown, draft, closed, not yet open); anything else is thrown on. */
function refusal(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof NotFound) return send(reply, <NoticePage title={PUBLIC_TEXT.notFoundTitle} lines={[PUBLIC_TEXT.notFound]} />, 404);
  if (error instanceof InputError && error.field === 'token') {
    return send(reply, <NoticePage title={PUBLIC_TEXT.closedTitle} lines={[fieldErrors('th', error)[0]?.message ?? '', PUBLIC_TEXT.closedWhat]} />, 409);
  }
  throw error;
}

/** The area: the public answering routes (silent) and the staff's posters. */
export function surveysAreaWith(options: SurveysAreaOptions = {}) {
  return async function surveysArea(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
    const guard = new ComplaintGuard(options.limits ?? SURVEY_LIMITS, deps.now().getTime());
    await app.register((silent) => respondentPages(silent, deps, guard, options.formToken ?? FORM_TOKEN_RULES), { logLevel: 'silent' });
    posterRoutes(app, deps);
  };
}

/** The area with the default limits: the line for PUBLIC_AREAS in src/web/server.ts. */
export const surveysArea = surveysAreaWith();

async function respondentPages(app: FastifyInstance, deps: Deps, guard: ComplaintGuard, rules: FormTokenRules): Promise<void> {
  const formPage = async (reply: FastifyReply, token: string, survey: OpenSurvey, state: FormState, status = 200) => {
    const formToken = issueFormToken(await serverSecret(deps.db, FORM_SECRET), purposeOf(survey.id), deps.now());
    return send(
      reply,
      <SurveyPublicPage title={survey.title} orgNameTh={survey.orgNameTh}>
        <SurveyForm survey={survey} action={surveyPath(token)} formToken={formToken} state={state} />
      </SurveyPublicPage>,
      status,
    );
  };

  pageRoute(app, 'GET', '/s/:token', RESPONDENT, async ({ params: { token }, reply }) => {
    let survey: OpenSurvey;
    try {
      survey = await surveyOfLink(deps.db, token, deps.now());
    } catch (error) {
      return refusal(reply, error);
    }
    return formPage(reply, token, survey, { values: {}, errors: [] });
  });

  pageRoute(app, 'POST', '/s/:token', RESPONDENT, async ({ params: { token }, request, reply }) => {
    const now = deps.now();
    // What the link opens, as held (src/surveys/service.ts linkOf): an answer costs one statement, not three.
    let link: AnswerLink;
    try {
      link = await linkOf(deps.db, token, now);
    } catch (error) {
      return refusal(reply, error);
    }
    const form = formOf(request);
    const fields = [...snapshotItems(link.snapshot).map((i) => i.code), ...link.snapshot.own.map((q) => q.code)];
    const values = Object.fromEntries(fields.filter((f) => form.has(f)).map((f) => [f, form.get(f)]));
    const purpose = purposeOf(link.surveyId);
    // The form again, with what was wrong (the survey's page read afresh: it may have closed meanwhile).
    const again = async (errors: readonly FieldError[], status = 400) => {
      let survey: OpenSurvey;
      try {
        survey = await surveyOfLink(deps.db, token, now);
      } catch (error) {
        return refusal(reply, error);
      }
      return formPage(reply, token, survey, { values, errors }, status);
    };
    const may = guard.takeFiling(guard.client(request.ip, now.getTime()), link.surveyId, now.getTime());
    if (!may.ok) {
      reply.header('retry-after', String(may.retryAfter));
      return again([{ field: 'form', message: PUBLIC_TEXT.tooMany(may.retryAfter) }], 429);
    }
    let taken = false;
    try {
      const checked = checkFormToken(await serverSecret(deps.db, FORM_SECRET), purpose, form.get('formToken'), now, rules);
      if (!checked.ok) return await again([{ field: 'form', message: checked.reason === 'too-soon' ? PUBLIC_TEXT.tooSoon : PUBLIC_TEXT.expired }]);
      if (!guard.useNonce(checked.nonce, now.getTime())) return await again([{ field: 'form', message: PUBLIC_TEXT.expired }]);
      let orgNameTh: string;
      try {
        orgNameTh = await submitResponse(deps.db, token, values, link.kind === 'IIT' ? form.get('code') : null, now);
      } catch (error) {
        if (error instanceof NotFound || (error instanceof InputError && error.field === 'token')) return refusal(reply, error);
        if (error instanceof InputError || error instanceof InputErrors) return await again(fieldErrors('th', error));
        throw error;
      }
      taken = true;
      return send(reply, <NoticePage title={PUBLIC_TEXT.thanksTitle} orgNameTh={orgNameTh} lines={[PUBLIC_TEXT.thanks]} />);
    } finally {
      // Only an answer taken counts against the limits; a refused form gives its place back.
      if (!taken) may.refund();
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Staff: the posters and the QR image

const posterParams = z.object({ slug: z.string(), year: yearParam, id: z.string() });
const pointQuery = z.object({ point: queryText });
const POSTER = { access: inOrg('year.read'), params: posterParams, query: pointQuery } as const;

/** What a survey's (or a service point's) poster says. */
export function posterText(survey: Survey, pointName: string | null): PosterText {
  const eit = survey.kind === 'EIT';
  return {
    title: survey.title,
    heading: `ขอเชิญตอบแบบสำรวจ: ${survey.title}`,
    who: `${eit ? 'สำหรับประชาชนและผู้มาติดต่อรับบริการ' : 'สำหรับบุคลากรของหน่วยงาน (ใช้รหัสใช้ครั้งเดียวที่ได้รับ)'}${pointName ? ` · จุดบริการ: ${pointName}` : ''}`,
    steps: [
      'สแกนคิวอาร์โค้ดด้วยกล้องโทรศัพท์ หรือพิมพ์ลิงก์ด้านล่าง',
      eit ? 'ประเมินการให้บริการของหน่วยงานตามที่ท่านได้รับ ไม่ต้องระบุชื่อ' : 'กรอกรหัสใช้ครั้งเดียวของท่าน แล้วตอบตามความเป็นจริง ไม่ต้องระบุชื่อ',
      PUBLIC_TEXT.period(formatThaiDate(survey.opensOn), formatThaiDate(survey.closesOn)),
    ],
    foot: `แบบสำรวจของหน่วยงานเอง ไม่ระบุตัวตน: เก็บเฉพาะคำตอบและเดือนที่ตอบ ไม่เก็บชื่อ รหัส ที่อยู่ หรือเวลาที่ตอบ`,
  };
}

function posterRoutes(app: FastifyInstance, deps: Deps): void {
  /** The survey, the link of the poster (the survey's or the asked service point's) and the organisation's name. */
  const linkOf = async (request: FastifyRequest, params: z.output<typeof posterParams>, point: string | undefined) => {
    const survey = await getSurvey(deps.db, principalOf(request), { org: params.slug, year: params.year }, params.id);
    const found = point === undefined ? null : survey.points.find((p) => p.id === point);
    if (found === undefined) throw new NotFound('point', surveyMessages.noPoint({ id: point ?? '' }));
    const link = `${originOf(request)}${surveyPath(found ? found.linkToken : survey.linkToken)}`;
    return { survey, link, orgNameTh: request.org?.nameTh ?? '', pointName: found ? found.name : null, fileName: `survey-${survey.id.slice(0, 8)}${found ? `-${found.id.slice(0, 8)}` : ''}` };
  };
  const posterInput = async (request: FastifyRequest, params: z.output<typeof posterParams>, point: string | undefined) => {
    const l = await linkOf(request, params, point);
    return { ...l, input: { orgNameTh: l.orgNameTh, survey: posterText(l.survey, l.pointName), link: l.link, qrSvg: await qrSvg(l.link) } };
  };

  pageRoute(app, 'GET', '/staff/o/:slug/:year/surveys/:id/poster.html', POSTER, async ({ params, query, request, reply }) => {
    const { input } = await posterInput(request, params, query.point);
    return reply.header('content-security-policy', PREVIEW_CSP).header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(posterHtml(input, PREVIEW_FONTS, { printHint: true }));
  });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/surveys/:id/poster.pdf', POSTER, async ({ params, query, request, reply }) => {
    const { input, fileName } = await posterInput(request, params, query.point);
    return attachment(reply, await posterPdf(input, deps.browser), `${fileName}-poster.pdf`, 'application/pdf');
  });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/surveys/:id/qr.png', POSTER, async ({ params, query, request, reply }) => {
    const { link, fileName } = await linkOf(request, params, query.point);
    return attachment(reply, await qrPng(link), `${fileName}-qr.png`, 'image/png');
  });
}
