/**
 * Errors as answers. The API answers {error: {code, th, en, field?, problems?}} with the status of the error;
 * pages answer an error page in the page's language. Unknown errors are logged (message and stack, never a
 * request body) and answered 500 without detail.
 *
 * | error                                        | status | code             |
 * |----------------------------------------------|--------|------------------|
 * | InputError, InputErrors, bad JSON            | 400    | invalid-input    |
 * | not signed in, unknown or revoked API token  | 401    | unauthenticated  |
 * | SignInError (wrong e-mail or password)       | 401    | sign-in-failed   |
 * | Forbidden (app/authz)                        | 403    | forbidden        |
 * | OwnWork: approving one's own work            | 403    | own-work         |
 * | missing or wrong CSRF token                  | 403    | csrf             |
 * | NotFound (app/errors), unknown route         | 404    | not-found        |
 * | Conflict (app/errors)                        | 409    | conflict         |
 * | files sent to a route that takes none        | 415    | invalid-input    |
 * | files without a stated length                | 411    | invalid-input    |
 * | file or body too large                       | 413    | too-large        |
 * | rate limit, sign-in lockout                  | 429    | rate-limited     |
 * | database still starting, no PDF browser      | 503    | unavailable      |
 * | too many anonymous uploads at once           | 503    | busy             |
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, OwnWork } from '../app/authz.ts';
import { Conflict, NotFound, SignInError } from '../app/errors.ts';
import { ChromiumNotFoundError } from '../documents/core/index.ts';
import { InputError, InputErrors } from '../errors.ts';
import type { Message } from '../messages.ts';
import { said, type Lang } from './i18n.ts';
import { webMessages } from './messages.ts';
import { BODY_LIMIT_BYTES, UploadRefused } from './uploads.ts';
import { sendPage, viewOf } from './view.tsx';

export interface ApiError {
  readonly code: string;
  readonly th: string;
  readonly en: string;
  readonly field?: string;
  readonly problems?: readonly { readonly field: string; readonly th: string; readonly en: string }[];
}

export interface Classified {
  readonly status: number;
  readonly error: ApiError;
  /** Seconds, for 429 and 503. */
  readonly retryAfter?: number;
}

/** The texts of a message, as the API's error carries them. */
const texts = (said: Message) => ({ th: said.th, en: said.en });


export class Unauthenticated extends Error {
  override readonly name = 'Unauthenticated';
  readonly said: Message = webMessages.unauthenticated();
  readonly th = this.said.th;
  readonly en = this.said.en;
}

export class Unavailable extends Error {
  override readonly name = 'Unavailable';
}

export function classify(error: unknown, maxUploadBytes: number): Classified {
  const input = (e: InputError) => ({ th: e.th, en: e.en, field: e.field });
  if (error instanceof InputErrors) {
    const first = error.errors[0];
    return {
      status: 400,
      error: { code: 'invalid-input', th: first?.th ?? '', en: first?.en ?? '', ...(first ? { field: first.field } : {}), problems: error.errors.map(input) },
    };
  }
  if (error instanceof NotFound) return { status: 404, error: { code: 'not-found', ...input(error) } };
  if (error instanceof Conflict) return { status: 409, error: { code: 'conflict', ...input(error) } };
  if (error instanceof InputError) return { status: 400, error: { code: 'invalid-input', ...input(error) } };
  if (error instanceof OwnWork) return { status: 403, error: { code: 'own-work', th: error.detailTh, en: error.detailEn } };
  if (error instanceof Forbidden) return { status: 403, error: { code: 'forbidden', th: error.th, en: error.en } };
  if (error instanceof Unauthenticated) return { status: 401, error: { code: 'unauthenticated', th: error.th, en: error.en } };
  if (error instanceof SignInError) {
    return error.code === 'locked'
      ? { status: 429, error: { code: 'rate-limited', th: error.th, en: error.en }, retryAfter: error.retryAfter ?? 60 }
      : { status: 401, error: { code: 'sign-in-failed', th: error.th, en: error.en } };
  }
  if (error instanceof ChromiumNotFoundError) return { status: 503, error: { code: 'unavailable', th: error.th, en: error.en } };
  if (error instanceof Unavailable) return { status: 503, error: { code: 'unavailable', ...texts(webMessages.starting()) } };
  if (error instanceof UploadRefused) {
    const code = error.statusCode === 413 ? 'too-large' : error.statusCode === 503 ? 'busy' : 'invalid-input';
    return { status: error.statusCode, error: { code, th: error.th, en: error.en }, ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}) };
  }
  const fe = error as Partial<FastifyError>;
  if (typeof fe.code === 'string' && fe.code.startsWith('FST_CSRF')) return { status: 403, error: { code: 'csrf', ...texts(webMessages.csrf()) } };
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    // A JSON body or a form without files past fastify's bodyLimit: not a file.
    return { status: 413, error: { code: 'too-large', ...texts(webMessages.bodyTooLarge({ mb: BODY_LIMIT_BYTES / 1024 / 1024 })) } };
  }
  if (status === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_PARTS_LIMIT' || fe.code === 'FST_FILES_LIMIT') {
    const mb = Math.round(maxUploadBytes / 1024 / 1024);
    return { status: 413, error: { code: 'too-large', ...texts(webMessages.fileTooLarge({ mb })) } };
  }
  if (status === 429) return { status: 429, error: { code: 'rate-limited', ...texts(webMessages.rateLimited()) }, retryAfter: 60 };
  if (status === 404) return { status: 404, error: { code: 'not-found', ...texts(webMessages.notFound()) } };
  if (status >= 400 && status < 500) {
    // Fastify's own complaints about the request itself (bad JSON, wrong content type).
    return {
      status: status === 415 ? 415 : 400,
      error: { code: 'invalid-input', ...texts(webMessages.badRequest({ detail: fe.message ?? 'unreadable body' })) },
    };
  }
  return { status: 500, error: { code: 'internal', ...texts(webMessages.serverError()) } };
}

export const isApi = (request: FastifyRequest): boolean => request.url.startsWith('/api/');

/** Answers an error: JSON for the API, a page for everything else. */
export async function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown, maxUploadBytes: number): Promise<FastifyReply> {
  const c = classify(error, maxUploadBytes);
  if (c.status >= 500 && c.error.code === 'internal') request.log.error({ err: error }, 'request failed');
  if (c.retryAfter) reply.header('retry-after', String(c.retryAfter));
  if (c.status === 401 && isApi(request)) reply.header('www-authenticate', 'Bearer');
  if (isApi(request) || request.headers.accept === 'application/json') return reply.code(c.status).type('application/json; charset=utf-8').send({ error: c.error });
  return sendErrorPage(request, reply, c);
}

async function sendErrorPage(request: FastifyRequest, reply: FastifyReply, c: Classified): Promise<FastifyReply> {
  // No CSRF cookie while starting (no database), nor for a complainant (no cookie at all, docs/complaints-security.md).
  const view = viewOf(request, reply, c.status !== 503 && !request.routeOptions.config?.complainant);
  const { m } = view;
  const title = c.status === 404 ? m.notFoundTitle : c.status === 403 ? m.forbiddenTitle : m.errorTitle(c.status);
  const lang: Lang = view.lang;
  return sendPage(
    reply,
    {
      view,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{said(lang, c.error)}</p>
          {c.error.problems && c.error.problems.length > 1 ? (
            <ul>
              {c.error.problems.map((p, i) => (
                <li key={i}>{said(lang, p)}</li>
              ))}
            </ul>
          ) : null}
          <p>
            <a href={view.account ? '/staff' : '/login'}>{view.account ? m.home : m.signIn}</a>
          </p>
        </>
      ),
    },
    c.status,
  );
}
