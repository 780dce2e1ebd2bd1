/**
 * Reading a submitted form the same way whether it came urlencoded (@fastify/formbody) or as multipart with
 * files (@fastify/multipart, fields attached to the body as { value } objects and files kept in memory).
 */
import type { FastifyRequest } from 'fastify';

export interface Upload {
  readonly filename: string;
  /** What the browser claims; the app layer checks the content itself. */
  readonly mediaType: string;
  readonly bytes: Buffer;
}

export interface Form {
  /** The field's value, trimmed; '' when absent. The first one when the field is repeated. */
  get(name: string): string;
  /** The field's value exactly as sent (passwords are not trimmed); '' when absent. */
  raw(name: string): string;
  /** Every value of a repeated field (checkboxes), trimmed, without empty ones. */
  all(name: string): string[];
  has(name: string): boolean;
  /** The files of a file field (none when the browser sent an empty file input). */
  files(name: string): Promise<Upload[]>;
}

interface MultipartField {
  readonly type: 'field' | 'file';
  readonly value?: unknown;
  readonly filename?: string;
  readonly mimetype?: string;
  toBuffer?: () => Promise<Buffer>;
}

/** A field or a file of a multipart body (attachFieldsToBody), as opposed to a plain value. */
export const isPart = (v: unknown): v is MultipartField => typeof v === 'object' && v !== null && 'type' in v && 'fieldname' in v;

function valuesOf(raw: unknown): unknown[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((v) => (isPart(v) ? (v.type === 'field' ? v.value : v) : v));
}

/** A parsed form body: its fields by name (urlencoded values, or multipart parts). */
const isFields = (body: unknown): body is Readonly<Record<string, unknown>> => typeof body === 'object' && body !== null;

export function formOf(request: FastifyRequest): Form {
  const body: Readonly<Record<string, unknown>> = isFields(request.body) ? request.body : {};
  const strings = (name: string) =>
    valuesOf(body[name])
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim());
  return {
    get: (name) => strings(name)[0] ?? '',
    raw: (name) => valuesOf(body[name]).find((v): v is string => typeof v === 'string') ?? '',
    all: (name) => strings(name).filter((v) => v !== ''),
    has: (name) => body[name] !== undefined,
    async files(name) {
      const out: Upload[] = [];
      for (const v of valuesOf(body[name])) {
        if (!isPart(v) || v.type !== 'file' || !v.toBuffer) continue;
        const bytes = await v.toBuffer();
        if (bytes.length === 0 && !v.filename) continue;
        out.push({ filename: v.filename ?? 'file', mediaType: v.mimetype ?? 'application/octet-stream', bytes });
      }
      return out;
    },
  };
}

const HERE = 'http://prongsai.invalid';

/**
 * A path of this site to go back to after a form (never another site: no open redirect). Read as a browser reads
 * it (which drops tabs and line breaks and takes "\\" for "/"), and kept only when it stays on this site; the
 * path given back is the one the browser would resolve (dot segments removed), and it never starts with "//",
 * which a browser reads as another host ("/.//evil.example" resolves to "//evil.example").
 */
export function safeBack(value: string | undefined, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  if (!value || !value.startsWith('/') || /[\x00-\x1f\x7f\\]/.test(value)) return fallback;
  const url = URL.canParse(value, HERE) ? new URL(value, HERE) : null;
  if (url?.origin !== HERE || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
