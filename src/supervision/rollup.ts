/**
 * The roll-up of one year for an office (issue 18, point 3): how many organisations, scored, passed, by label, and
 * the means of the overall, tool and indicator scores, over the organisations below the office (or every one), of
 * a province, of a type. The same figures for `prongsai rollup --json` and GET /api/v1/rollup; the computation is
 * src/scoring/rollup.ts. For now only a system administrator may ask (supervisors come with issue 18, point 2).
 */
import { Forbidden, orgsOf, type Principal } from '../app/authz.ts';
import { ensureStoredPack } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import type { Queryable } from '../db/index.ts';
import { criteriaOf, parseFiscalYear } from '../ita/index.ts';
import { resolvePlace } from '../organisations/places.ts';
import { orgTypeByCode, parseOrgType } from '../organisations/vocab.ts';
import { rollupFigures, type RollupFigures, type RollupMember } from '../scoring/rollup.ts';
import { supervisionMessages as msg } from './messages.ts';
import { selectOrganisation, selectScopeYears, type YearRow } from './repo.ts';

export interface RollupRequest {
  /** The fiscal year (4 digits, Arabic or Thai). */
  readonly year: string;
  /** The office's slug: the organisations below it. */
  readonly org?: string | null | undefined;
  /** A province: Thai name or code. */
  readonly province?: string | null | undefined;
  /** A type: code or Thai abbreviation (as `org create --type`). */
  readonly type?: string | null | undefined;
}

export interface Rollup extends RollupFigures {
  readonly year: number;
  readonly scope: {
    readonly org: { readonly slug: string; readonly nameTh: string } | null;
    readonly province: { readonly code: string; readonly nameTh: string } | null;
    readonly type: { readonly code: string; readonly abbrTh: string } | null;
  };
}

const given = (text: string | null | undefined): string | null => (text === undefined || text === null || text.trim() === '' ? null : text.trim());

async function memberOf(db: Queryable, row: YearRow): Promise<RollupMember> {
  await ensureStoredPack(db, row.criteria_year, row.criteria_revision);
  return {
    criteria: criteriaOf({ criteriaYear: row.criteria_year, criteriaRevision: row.criteria_revision }),
    indicators: row.indicators,
    eitParts: row.eit_part1 !== null && row.eit_part2 !== null ? [row.eit_part1, row.eit_part2] : null,
    supervising: orgTypeByCode(row.org_type)?.supervising ?? false,
    office: row.office,
  };
}

export async function rollup(db: Queryable, principal: Principal, request: RollupRequest): Promise<Rollup> {
  if (orgsOf(principal) !== null) throw new Forbidden('year.read');
  const year = parseFiscalYear(request.year);
  const orgSlug = given(request.org);
  const provinceText = given(request.province);
  const typeText = given(request.type);
  const province = provinceText === null ? null : resolvePlace(provinceText).province;
  const type = typeText === null ? null : parseOrgType(typeText);
  const office = orgSlug === null ? null : await selectOrganisation(db, orgSlug);
  if (orgSlug !== null && office === undefined) throw new NotFound('org', msg.noOffice({ slug: orgSlug }));
  const years = await selectScopeYears(db, { year, officeId: office?.id ?? null, province, type: type?.code ?? null });
  const members: RollupMember[] = [];
  for (const row of years) members.push(await memberOf(db, row));
  return {
    year,
    scope: {
      org: office ? { slug: office.slug, nameTh: office.name_th } : null,
      province: province ? { code: province.code, nameTh: province.nameTh } : null,
      type: type ? { code: type.code, abbrTh: type.abbrTh } : null,
    },
    ...rollupFigures(members),
  };
}
