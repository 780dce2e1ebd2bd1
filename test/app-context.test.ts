import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Forbidden } from '../src/app/authz.ts';
import { listOrganisations, listYears, resolveYear, yearContext } from '../src/app/context.ts';
import { NotFound } from '../src/app/errors.ts';
import { InputError } from '../src/errors.ts';
import { DEMO, OTHER, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

describe.each(backends())('organisation and year context (%s)', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await world(backend);
  });
  afterAll(async () => {
    await w.t.dispose();
  });

  it('resolves an organisation year the principal may read', async () => {
    const ctx = await resolveYear(w.t.db, principal('auditor', w.demo.orgId), DEMO);
    expect(ctx).toMatchObject({ orgId: w.demo.orgId, slug: DEMO.org, year: 2566, criteriaYear: 2566, status: 'open', kind: 'sao' });
    expect(ctx.fiscalYearId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a unit head reads the whole year of their organisation', async () => {
    const head = principal('unit_head', w.demo.orgId, w.demo.units['กองคลัง']!);
    const ctx = await yearContext(w.t.db, head, DEMO);
    expect(ctx.permissions.actions).toEqual(['year.read', 'measure.unit.write']);
    expect(ctx.permissions.unitIds).toEqual([w.demo.units['กองคลัง']]);
  });

  it('refuses another organisation, and says which organisation or year does not exist', async () => {
    const outsider = principal('org_admin', w.other.orgId);
    await expect(resolveYear(w.t.db, outsider, DEMO)).rejects.toBeInstanceOf(Forbidden);
    await expect(resolveYear(w.t.db, outsider, { org: 'nowhere', year: 2566 })).rejects.toBeInstanceOf(NotFound);
    await expect(resolveYear(w.t.db, outsider, { org: OTHER.org, year: 2570 })).rejects.toThrow(/no fiscal year 2570/);
    const error = await resolveYear(w.t.db, outsider, { org: OTHER.org, year: 66 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).th).toContain('ปีงบประมาณต้องเป็นปี พ.ศ.');
  });

  it('lists the organisations a principal may see, in Thai order, with their years', async () => {
    const admin = principal('system_admin', null);
    const all = await listOrganisations(w.t.db, admin);
    expect(all.map((o) => o.slug)).toEqual([OTHER.org, DEMO.org]); // เทศบาล… before องค์การ…
    expect(all[1]).toMatchObject({ nameTh: 'องค์การบริหารส่วนตำบลห้วยทอง', years: [2570, 2569, 2566], roles: ['system_admin'] });
    const mine = await listOrganisations(w.t.db, principal('executive', w.other.orgId));
    expect(mine.map((o) => o.slug)).toEqual([OTHER.org]);
    expect(await listOrganisations(w.t.db, { personId: 'x', nameTh: 'ไม่มีบทบาท', roles: [] })).toEqual([]);
  });

  it('lists the years of an organisation, newest first, only to its people', async () => {
    expect(await listYears(w.t.db, principal('coordinator', w.demo.orgId), DEMO.org)).toEqual([
      { year: 2570, criteriaYear: 2570, status: 'open', measures: 4 },
      { year: 2569, criteriaYear: 2569, status: 'open', measures: 0 },
      { year: 2566, criteriaYear: 2566, status: 'open', measures: 4 },
    ]);
    await expect(listYears(w.t.db, principal('coordinator', w.other.orgId), DEMO.org)).rejects.toBeInstanceOf(Forbidden);
  });
});
