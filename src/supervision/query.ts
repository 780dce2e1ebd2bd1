/**
 * The query of the roll-up page, its downloads and GET /api/v1/rollup/organisations: the scope (org, province,
 * type: src/supervision/rollup.ts) and the table's filters, sort and page (src/supervision/table.ts), checked with
 * a Thai and English message for each bad value.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { supervisionMessages as msg } from './messages.ts';
import { SORT_KEYS, type SortKey, type TableFilters } from './table.ts';

const text = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v[0] : v));

export const tableQuery = z.object({
  org: text,
  province: text,
  type: text,
  district: text,
  label: text,
  below85: text,
  late: text,
  sort: text,
  dir: text,
  page: text,
});
export type TableQuery = z.output<typeof tableQuery>;

const given = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());

function flag(field: string, v: string | undefined): boolean {
  const value = given(v);
  if (value === null) return false;
  if (value === '1' || value === 'true') return true;
  throw new InputError(field, msg.badFlag({ field, given: value }));
}

export interface ParsedTableQuery {
  readonly scope: { readonly org: string | null; readonly province: string | null; readonly type: string | null };
  readonly filters: TableFilters;
  readonly page: number;
}

export function parseTableQuery(q: TableQuery): ParsedTableQuery {
  const sort = given(q.sort) ?? 'name';
  if (!(SORT_KEYS as readonly string[]).includes(sort)) throw new InputError('sort', msg.badSort({ given: sort, keys: SORT_KEYS.join(', ') }));
  const dir = given(q.dir) ?? 'asc';
  if (dir !== 'asc' && dir !== 'desc') throw new InputError('dir', msg.badDir({ given: dir }));
  const pageText = given(q.page) ?? '1';
  if (!/^[1-9]\d{0,5}$/.test(pageText)) throw new InputError('page', msg.badPage({ given: pageText }));
  return {
    scope: { org: given(q.org), province: given(q.province), type: given(q.type) },
    filters: { district: given(q.district), label: given(q.label), below85: flag('below85', q.below85), late: flag('late', q.late), sort: sort as SortKey, dir },
    page: Number(pageText),
  };
}
