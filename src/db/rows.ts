/**
 * Rows checked where they enter. A repository (`<capability>/repo.ts`) names the shape of each query's rows with
 * a strict zod object built from the column kinds below; `rows` and `oneRow` check every row against it once, so a
 * query that returns a column the shape lacks, lacks one it has, or returns another kind of value fails at once
 * (and in the tests), instead of travelling on under a trusted cast.
 *
 *     const MeasureRow = z.strictObject({ id: col.uuid, seq: col.int, title_th: col.text, updated_at: col.timestamp });
 *     const found = await rows(tx, MeasureRow, 'SELECT id, seq, title_th, updated_at FROM measures WHERE …', [id]);
 *
 * The kinds are what src/db/connection.ts makes of PostgreSQL's types on both databases.
 */
import { z } from 'zod';
import type { Queryable } from './connection.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Column kinds, as both drivers return them. */
export const col = {
  text: z.string(),
  /** uuid (lower case). */
  uuid: z.string(),
  /** int2/int4/int8 (int8 comes back as a number). */
  int: z.number().int(),
  /** float4/float8. */
  float: z.number(),
  /** numeric: a string, exact (scores are parsed with Exact). */
  numeric: z.string(),
  bool: z.boolean(),
  /** date: 'YYYY-MM-DD'. */
  date,
  /** timestamptz: an ISO string. */
  timestamp: z.string(),
  bytes: z.instanceof(Uint8Array),
  /** jsonb: any value, checked further by the caller's own schema where it matters. */
  json: z.unknown(),
  textArray: z.array(z.string()),
  intArray: z.array(z.number().int()),
} as const;

/** A query whose rows do not have the shape its repository declared: a programming error, never bad input. */
export class RowShapeError extends Error {
  override readonly name = 'RowShapeError';
}

function checked<S extends z.ZodType>(shape: S, found: readonly unknown[], text: string): z.output<S>[] {
  return found.map((row, i) => {
    const parsed = shape.safeParse(row);
    if (parsed.success) return parsed.data;
    const first = parsed.error.issues[0];
    const where = first?.path.length ? first.path.join('.') : '(row)';
    throw new RowShapeError(`row ${i + 1} of "${text.replace(/\s+/g, ' ').slice(0, 120)}" does not have the declared shape: ${where}: ${first?.message ?? ''}`);
  });
}

/** The rows of a query, each checked against `shape`. */
export async function rows<S extends z.ZodType>(db: Queryable, shape: S, text: string, params: readonly unknown[] = []): Promise<z.output<S>[]> {
  return checked(shape, await db.query<unknown>(text, params), text);
}

/** The first row of a query (checked), or undefined when there is none. */
export async function oneRow<S extends z.ZodType>(db: Queryable, shape: S, text: string, params: readonly unknown[] = []): Promise<z.output<S> | undefined> {
  return (await rows(db, shape, text, params))[0];
}
