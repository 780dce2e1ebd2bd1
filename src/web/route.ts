/**
 * Routes with their rule and their zod schemas: the path parameters, the query and (for the API) the JSON body are
 * parsed before the handler runs, so the handler gets them typed and a complaint is a 400 with the field, in Thai
 * and English. `apiRoute` registers a JSON API operation and records it for the OpenAPI description
 * (/api/openapi.json), generated from the same schemas; `pageRoute` registers a page or a form
 * (docs/decisions/0009-own-route-helper-and-openapi.md says why this and not a type provider).
 */
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../app/input.ts';
import type { Access } from './access.ts';
import { webMessages } from './messages.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiOperation {
  readonly method: HttpMethod;
  /** Fastify route syntax: /api/v1/orgs/:slug/years/:year */
  readonly url: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A JSON body; or 'multipart' for a file upload (described by `multipart`). */
  readonly body?: z.ZodType | 'multipart';
  /** The fields of a multipart body, for the description. */
  readonly multipart?: Readonly<Record<string, { readonly type: 'string' | 'file'; readonly description: string; readonly required?: boolean }>>;
  /** The success answer; 'file' for a download. */
  readonly response?: z.ZodType | 'file';
  /** The success status (default 200). */
  readonly status?: number;
  /** Requests per time window from one client address (@fastify/rate-limit), for an anonymous operation. */
  readonly rateLimit?: { readonly max: number; readonly timeWindow: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The API operations registered so far, for /api/openapi.json. */
    readonly apiOperations: ApiOperation[];
  }
}

export interface ApiInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The input a route's schemas describe, parsed (a complaint is an InputError: 400, with the field, in Thai and English). */
function parsedInput(op: Pick<RouteSpec, 'params' | 'query'>, request: FastifyRequest): { params: unknown; query: unknown } {
  return {
    params: op.params ? parseInput(op.params, request.params) : undefined,
    query: op.query ? parseInput(op.query, request.query) : undefined,
  };
}

/**
 * Registers an operation. The handler returns the JSON answer, or sends the reply itself (downloads) and returns
 * the reply.
 */
export function apiRoute<const O extends ApiOperation>(
  app: FastifyInstance,
  op: O,
  handler: (input: ApiInput<Out<O['params']>, Out<O['query']>, O['body'] extends z.ZodType ? z.output<O['body']> : unknown>) => Promise<unknown>,
): void {
  app.apiOperations.push(op);
  app.route({
    method: op.method,
    url: op.url,
    config: { access: op.access, ...(op.body === 'multipart' ? { uploads: {} } : {}), ...(op.rateLimit ? { rateLimit: op.rateLimit } : {}) },
    handler: async (request, reply) => {
      const { params, query } = parsedInput(op, request);
      const body = op.body && op.body !== 'multipart' ? parseInput(op.body, request.body ?? {}) : request.body;
      const result = await handler({ params, query, body, request, reply } as never);
      if (result === reply || reply.sent) return reply;
      return reply.code(op.status ?? 200).header('cache-control', 'no-store').send(result);
    },
  });
}

/** A page or form route: who may call it, and the zod schemas of its path parameters and query. */
export interface RouteSpec {
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** The route's other options (src/web/access.ts): uploads, csrf, complainant, rate limit. */
  readonly config?: Omit<FastifyContextConfig, 'access'> & { readonly rateLimit?: { readonly max: number; readonly timeWindow: number } };
}

export interface PageInput<P, Q> {
  readonly params: P;
  readonly query: Q;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/**
 * Registers a page or form route (`GET` also answers `HEAD`, as fastify's own `app.get` does). Its path parameters
 * and query are parsed with its schemas before the handler runs, so the handler gets them typed; a form's fields
 * are read with formOf (src/web/forms.ts).
 */
export function pageRoute<const S extends RouteSpec>(
  app: FastifyInstance,
  method: 'GET' | 'POST',
  url: string,
  spec: S,
  handler: (input: PageInput<Out<S['params']>, Out<S['query']>>) => Promise<unknown>,
): void {
  app.route({
    method,
    url,
    config: { ...spec.config, access: spec.access },
    handler: async (request, reply) => {
      const { params, query } = parsedInput(spec, request);
      return handler({ params, query, request, reply } as never);
    },
  });
}

/** A query parameter's text: undefined when absent, the first value when it is repeated (?done=1&done=1). */
export const queryText = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v[0] : v));

/** A path parameter of digits (a fiscal year), as a number. */
export const yearParam = z
  .string()
  .regex(/^\d{4}$/, { error: webMessages.code('yearDigits') })
  .transform(Number);
export const slugParam = z.string().min(1).max(64);
export const idParam = z.string().min(1).max(64);

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'th', 'en'],
      properties: {
        code: { type: 'string', example: 'invalid-input' },
        th: { type: 'string', description: 'ข้อความภาษาไทย' },
        en: { type: 'string', description: 'English message' },
        field: { type: 'string', description: 'the field at fault, when there is one' },
        problems: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, th: { type: 'string' }, en: { type: 'string' } } } },
      },
    },
  },
} as const;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  try {
    return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
  } catch {
    return {};
  }
};

function ruleText(access: Access): string {
  switch (access.kind) {
    case 'public':
      return 'anyone';
    case 'signed-in':
      return 'any signed-in person or API token';
    case 'system':
      return 'system administrators';
    case 'supervision':
      return 'system administrators, and supervisors for their office and the offices below it';
    case 'org':
      return `a role in the organisation allowed: ${access.actions.join(' or ')}`;
  }
}

/** The OpenAPI 3 description of the registered operations. */
export function openApiDocument(operations: readonly ApiOperation[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', op.params], ['query', op.query]] as const) {
      if (!schema) continue;
      const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: s });
      }
    }
    const requestBody =
      op.body === 'multipart'
        ? {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: Object.entries(op.multipart ?? {}).filter(([, f]) => f.required).map(([n]) => n),
                  properties: Object.fromEntries(
                    Object.entries(op.multipart ?? {}).map(([n, f]) => [n, f.type === 'file' ? { type: 'string', format: 'binary', description: f.description } : { type: 'string', description: f.description }]),
                  ),
                },
              },
            },
          }
        : op.body
          ? { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } }
          : undefined;
    const success =
      op.response === 'file'
        ? { description: 'the file, as an attachment', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }
        : op.response
          ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } }
          : { description: 'OK' };
    const errors = Object.fromEntries(
      [
        ['400', 'invalid input'],
        ['401', 'not signed in, or an unknown or revoked token'],
        ['403', 'not allowed, or a missing CSRF header on a cookie session'],
        ['404', 'no such organisation, year or record (or not yours to see)'],
        ['409', 'changed by someone else in the meantime'],
      ].map(([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
    );
    (paths[path] ??= {})[op.method.toLowerCase()] = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      description: `Who may call it: ${ruleText(op.access)}.`,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: { [String(op.status ?? 200)]: success, ...errors },
      ...(op.access.kind === 'public' ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Prongsai (โปร่งใส) API',
      version,
      description:
        'Everything the staff pages do, as JSON. Authenticate with an API token (Authorization: Bearer prs_…, made in the settings page), ' +
        'or with the session cookie plus the x-csrf-token header on changes. Errors: {error: {code, th, en, field?}}.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token made in the settings page (/staff/settings)' },
        session: { type: 'apiKey', in: 'cookie', name: 'prongsai_session', description: 'the staff session; changes also need the x-csrf-token header' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
