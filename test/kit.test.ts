/**
 * The kit every capability builds on (issue 17): messages by code (src/messages.ts), rows checked where they
 * enter (src/db/rows.ts) and typed page routes (src/web/route.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { z } from 'zod';
import { parseInput } from '../src/app/input.ts';
import { col, oneRow, rows, RowShapeError } from '../src/db/rows.ts';
import { InputError } from '../src/errors.ts';
import { catalogue, messageOfCode } from '../src/messages.ts';
import { PUBLIC } from '../src/web/access.ts';
import { pageRoute, queryText } from '../src/web/route.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

const th = {
  fixed: 'ต้องระบุชื่อ',
  withYear: (p: { year: number }) => `ปีงบประมาณ ${p.year} ปิดแล้ว`,
};
const en: typeof th = {
  fixed: 'a name is required',
  withYear: (p) => `fiscal year ${p.year} is closed`,
};
const messages = catalogue('kit-test', th, en);

describe('messages by code', () => {
  it('gives each message a stable code, its parameters and the texts of both languages', () => {
    const said = messages.withYear({ year: 2569 });
    expect(said).toEqual({ code: 'kit-test.withYear', params: { year: 2569 }, th: 'ปีงบประมาณ 2569 ปิดแล้ว', en: 'fiscal year 2569 is closed' });
    const error = new InputError('year', said);
    expect([error.code, error.th, error.en, error.field]).toEqual(['kit-test.withYear', 'ปีงบประมาณ 2569 ปิดแล้ว', 'fiscal year 2569 is closed', 'year']);
  });

  it('lets a zod schema name a fixed message by its code, and parseInput gives its texts without splitting anything', () => {
    expect(messageOfCode(messages.code('fixed'))).toMatchObject({ th: 'ต้องระบุชื่อ', en: 'a name is required' });
    const schema = z.object({ name: z.string().refine((v) => v.trim() !== '', { error: messages.code('fixed') }) });
    const error = (() => {
      try {
        parseInput(schema, { name: ' ' });
      } catch (e) {
        return e as InputError;
      }
      return null;
    })();
    expect(error?.th).toContain('ต้องระบุชื่อ');
    expect(error?.en).toContain('a name is required');
    expect(error?.en).not.toContain('kit-test.fixed');
  });

  it('refuses a catalogue defined twice, and the code of a text that takes parameters', () => {
    expect(() => catalogue('kit-test', th, en)).toThrow(/twice/);
    expect(() => (messages.code as (k: string) => string)('withYear')).toThrow(/not a fixed text/);
  });
});

describe.each(backends())('rows checked where they enter (%s)', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(backend);
  }, 60_000);
  afterAll(async () => t.dispose());

  const Shape = z.strictObject({ n: col.int, label: col.text, day: col.date, at: col.timestamp, amount: col.numeric, flag: col.bool });
  const select = `SELECT 2::int AS n, 'ก'::text AS label, DATE '2026-12-04' AS day, TIMESTAMPTZ '2026-12-04 01:02:03Z' AS at, 85.50::numeric AS amount, true AS flag`;

  it('returns the rows when they have the declared shape, as both drivers give the values', async () => {
    expect(await rows(t.db, Shape, select)).toEqual([{ n: 2, label: 'ก', day: '2026-12-04', at: '2026-12-04T01:02:03.000Z', amount: '85.50', flag: true }]);
    expect(await oneRow(t.db, Shape, `${select} WHERE false`)).toBeUndefined();
  });

  it('fails on a column the shape lacks, a column missing, or a value of another kind', async () => {
    await expect(rows(t.db, Shape, `${select}, 1 AS extra`)).rejects.toThrow(RowShapeError);
    await expect(rows(t.db, Shape, `SELECT 2::int AS n`)).rejects.toThrow(/label/);
    await expect(rows(t.db, Shape, select.replace('2::int AS n', `'2'::text AS n`))).rejects.toThrow(/n:/);
  });
});

describe('typed page routes', () => {
  it('parses path parameters and the query with their schemas before the handler runs', async () => {
    const app = Fastify();
    pageRoute(app, 'GET', '/t/:id', { access: PUBLIC, params: z.object({ id: z.string() }), query: z.object({ done: queryText }) }, async ({ params, query }) => ({ id: params.id, done: query.done ?? null }));
    app.setErrorHandler((error, _request, reply) => reply.code(error instanceof InputError ? 400 : 500).send({ field: (error as InputError).field }));
    expect((await app.inject('/t/abc?done=1&done=2')).json()).toEqual({ id: 'abc', done: '1' });
    expect((await app.inject('/t/abc')).json()).toEqual({ id: 'abc', done: null });
    expect((await app.inject({ method: 'HEAD', url: '/t/abc' })).statusCode).toBe(200);
    await app.close();
  });
});
