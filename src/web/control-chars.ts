/**
 * Control characters in a request are refused before any route reads it: a NUL makes PostgreSQL fail (a 500),
 * and none of them is text a person writes. Path parameters and the query may hold none (C0 and DEL); texts of a
 * body (JSON, a form, the fields and file names of a multipart form) may hold tab, LF and CR, nothing else; a key
 * of a body (a field's name) none. The answer is a 400 naming the field (src/web/errors.tsx), in Thai and English.
 */
import type { FastifyRequest } from 'fastify';
import { controlCharIn, InputError } from '../errors.ts';
import { isPart } from './forms.ts';
import { webMessages } from './messages.ts';

interface Found {
  readonly field: string;
  readonly code: string;
}

const join = (field: string, key: string | number) => (field === '' ? String(key) : `${field}.${key}`);

/**
 * The first string (or key) in `root` holding a control character, with its path (`measures.0.titleTh`). Walked
 * with a stack, not recursion: a JSON body may be nested deeper than the call stack goes.
 */
function firstControlChar(root: unknown, inLine: boolean): Found | null {
  const stack: { value: unknown; field: string }[] = [{ value: root, field: '' }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value, field } = stack.pop() as { value: unknown; field: string };
    if (typeof value === 'string') {
      const code = controlCharIn(value, inLine);
      if (code !== null) return { field: field || 'input', code };
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value) || Buffer.isBuffer(value)) continue;
    seen.add(value);
    if (isPart(value)) {
      // A multipart field's value, or a file's name (its content is the app layer's to check).
      stack.push({ value: value.type === 'field' ? value.value : (value.filename ?? ''), field });
      continue;
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    for (const [key, v] of entries.reverse()) {
      const inKey = typeof key === 'string' ? controlCharIn(key, true) : null;
      if (inKey !== null) return { field: field || 'input', code: inKey };
      stack.push({ value: v, field: join(field, key) });
    }
  }
  return null;
}

/** Fastify preValidation hook (after the body is parsed, multipart included; before any handler or database). */
export async function refuseControlChars(request: FastifyRequest): Promise<void> {
  const found = firstControlChar(request.params, true) ?? firstControlChar(request.query, true) ?? firstControlChar(request.body, false);
  if (!found) return;
  throw new InputError(found.field, webMessages.controlChar({ field: found.field, char: found.code }));
}
