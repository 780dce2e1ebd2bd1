import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { diffIsEmpty, exportPack, importPack, moveToRevision, parsePack, parsePackText, previewRevisionMove } from '../src/criteria/criteria.ts';
import { Conflict } from '../src/app/errors.ts';
import { loadStoredPacks } from '../src/criteria/packs-store.ts';
import { setScores } from '../src/years/scores.ts';
import { loadYear, setYearStatus } from '../src/years/years.ts';
import { backup, restore } from '../src/db/backup.ts';
import { InputError, InputErrors } from '../src/errors.ts';
import { criteriaOf, criteriaOfPack, criteriaRevisions, criteriaYears, forgetRegisteredPacks, getCriteria, type CriteriaPack } from '../src/ita/index.ts';
import { SCHEMA_FILE, schemaFileText } from '../src/ita/schema-file.ts';
import { deriveYear } from '../src/model/derive.ts';
import { DEMO, principal, world, type World } from './app-fixtures.ts';
import { backends, testDb } from './helpers/db.ts';

const PACKS = new URL('../src/ita/packs/', import.meta.url);

/** A deep copy of a built-in pack, to edit. */
const packFor = (year: number, revision?: number): CriteriaPack => structuredClone(exportPack(year, revision)) as CriteriaPack;

/** The fields ("tools.0.weight") an invalid pack is refused at. */
function refusedAt(raw: unknown): string[] {
  try {
    parsePack(raw);
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.field);
    if (error instanceof InputError) return [error.field];
    throw error;
  }
  throw new Error('the pack was accepted');
}

afterEach(() => {
  forgetRegisteredPacks();
});

describe('criteria packs: the built-in years and the schema', () => {
  it('every built-in pack file validates and is the catalogue of its year', () => {
    const files = readdirSync(PACKS).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(criteriaYears());
    for (const file of files) {
      const pack = parsePackText(readFileSync(new URL(file, PACKS), 'utf8'));
      expect(criteriaOfPack(pack)).toEqual(getCriteria(pack.year));
    }
  });

  it('every built-in pack round-trips: export, import as a new revision, same content', () => {
    for (const year of criteriaYears()) {
      const exported = JSON.parse(JSON.stringify(exportPack(year))) as CriteriaPack;
      const next = parsePack({ ...exported, revision: exported.revision + 1 });
      expect({ ...criteriaOfPack(next), revision: 0 }).toEqual({ ...getCriteria(year), revision: 0 });
    }
  });

  it('the published JSON Schema is the one generated from the zod schema (npm run criteria:schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaFileText());
    const schema = JSON.parse(schemaFileText()) as { properties: Record<string, unknown>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'year', 'revision', 'tools', 'oitItems', 'notes']));
    expect(JSON.stringify(schema.properties.oitItems)).toContain('components');
  });
});

describe('criteria packs: broken packs are refused at their JSON path', () => {
  it('a wrong schemaVersion', () => {
    expect(refusedAt({ ...packFor(2568), schemaVersion: 2 })).toEqual(['schemaVersion']);
  });

  it('a tool without its weight', () => {
    const pack = packFor(2568) as unknown as { tools: Record<string, unknown>[] };
    delete pack.tools[1]!.weight;
    expect(refusedAt(pack)).toEqual(['tools.1.weight']);
  });

  it('two OIT items with one code', () => {
    const pack = packFor(2568);
    const items = pack.oitItems.map((i) => ({ ...i }));
    items[5] = { ...items[5]!, code: items[4]!.code };
    expect(refusedAt({ ...pack, oitItems: items })).toEqual(['oitItems.5.code']);
  });

  it('weights that do not sum to 100%, with both messages', () => {
    const pack = packFor(2566);
    const tools = pack.tools.map((t) => (t.code === 'OIT' ? { ...t, weight: '0.5' } : t));
    expect(refusedAt({ ...pack, tools })).toEqual(['tools']);
    const error = (() => {
      try {
        parsePack({ ...pack, tools });
      } catch (e) {
        return e as InputError;
      }
      return null;
    })();
    expect(error?.th).toContain('รวมกันได้ 1');
    expect(error?.en).toContain('must sum to 1 (100%), got 0.3 + 0.3 + 0.5');
  });

  it('an OIT item with a role that does not exist', () => {
    const pack = packFor(2569);
    const items = pack.oitItems.map((i, n) => (n === 3 ? { ...i, role: 'budget' } : i));
    expect(refusedAt({ ...pack, oitItems: items })).toEqual(['oitItems.3.role']);
  });

  it('text that is not JSON, and several problems at once', () => {
    expect(() => parsePackText('{"schemaVersion": 1,')).toThrow(/not valid JSON/);
    const pack = packFor(2568) as unknown as Record<string, unknown>;
    delete pack.notes;
    expect(refusedAt({ ...pack, year: 1999, extra: true }).sort()).toEqual(['', 'notes', 'year'].map((f) => f || 'input').sort());
  });
});

describe.each(backends())('criteria packs in a database (%s)', (backend) => {
  let w: World;
  let admin: Principal;
  let coordinator: Principal;

  beforeEach(async () => {
    w = await world(backend);
    admin = principal('system_admin', null, null, 'ผู้ดูแลระบบ');
    coordinator = principal('coordinator', w.demo.orgId, null, 'ผู้ประสานงาน');
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  /** The 2566 criteria as revision 2: OIT weighs more, O43 is gone, an item O44 is added, indicator 1 renamed. */
  function revision2(): CriteriaPack {
    const pack = packFor(2566);
    return {
      ...pack,
      revision: 2,
      tools: pack.tools.map((t) => ({ ...t, weight: t.code === 'OIT' ? '0.5' : '0.25' })),
      indicators: pack.indicators.map((i) => (i.number === 1 ? { ...i, nameTh: `${i.nameTh} (ปรับปรุง)` } : i)),
      oitItems: [...pack.oitItems.filter((i) => i.code !== 'O43'), { code: 'O44', titleTh: 'ข้อใหม่', groupTh: 'ข้อมูลพื้นฐาน', indicator: 9, subIndicator: '9.1' }],
    };
  }

  it('a system administrator imports a newer revision (dry run first); the server loads it from the database', async () => {
    const dry = await importPack(w.t.db, admin, revision2(), { dryRun: true });
    expect(dry).toMatchObject({ year: 2566, revision: 2, previousRevision: 1, written: false });
    expect(dry.diff?.oitItems).toMatchObject({ added: ['O44'], removed: ['O43'] });
    expect(dry.diff?.tools.map((t) => [t.code, t.from, t.to])).toEqual([['IIT', '0.3', '0.25'], ['EIT', '0.3', '0.25'], ['OIT', '0.4', '0.5']]);
    expect(criteriaRevisions(2566)).toEqual([1]);
    expect(await w.t.db.query('SELECT 1 FROM criteria_packs')).toEqual([]);

    const done = await importPack(w.t.db, admin, revision2());
    expect(done.written).toBe(true);
    expect(criteriaRevisions(2566)).toEqual([1, 2]);
    forgetRegisteredPacks();
    expect(await loadStoredPacks(w.t.db)).toBe(1);
    expect(getCriteria(2566, 2).oitItems.map((i) => i.code)).toContain('O44');
    expect(getCriteria(2566).revision).toBe(2);
    // The import is audited with its importer.
    const [audit] = await w.t.db.query<{ actor_label: string }>("SELECT actor_label FROM audit_log WHERE entity = 'criteria_packs'");
    expect(audit?.actor_label).toBe('ผู้ดูแลระบบ');
  });

  it('refuses a revision that is not newer, a broken pack, and anyone but a system administrator, changing nothing', async () => {
    await expect(importPack(w.t.db, admin, packFor(2566))).rejects.toBeInstanceOf(Conflict);
    await expect(importPack(w.t.db, admin, { ...packFor(2568), revision: 2 })).rejects.toThrow(/already have revision 2/);
    await expect(importPack(w.t.db, admin, { ...revision2(), tools: [] })).rejects.toThrow(/tools/);
    await expect(importPack(w.t.db, principal('org_admin', w.demo.orgId), revision2())).rejects.toBeInstanceOf(Forbidden);
    await importPack(w.t.db, admin, revision2());
    // Another process imported revision 2: this one refuses revision 2 again even without having registered it.
    forgetRegisteredPacks();
    await expect(importPack(w.t.db, admin, revision2())).rejects.toThrow(/already have revision 2/);
    expect(await w.t.db.query('SELECT year, revision FROM criteria_packs')).toEqual([{ year: 2566, revision: 2 }]);
  });

  it('a year moves to the new revision: the diff and the scores before and after first, then applied', async () => {
    const all = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), 90]));
    await setScores(w.t.db, coordinator, DEMO, { indicators: { ...all, 9: 70, 10: 60 } });
    await importPack(w.t.db, admin, revision2());

    const preview = await previewRevisionMove(w.t.db, principal('auditor', w.demo.orgId), DEMO, 2);
    expect(preview).toMatchObject({ year: 2566, criteriaYear: 2566, from: 1, to: 2, applied: false });
    expect(diffIsEmpty(preview.diff)).toBe(false);
    expect(preview.diff.indicators.changed).toEqual([{ key: 1, fields: ['nameTh'] }]);
    // 90×0.3 + 90×0.3 + 65×0.4 = 80; 90×0.25 + 90×0.25 + 65×0.5 = 77.5
    expect(preview.before?.overall).toBe(80);
    expect(preview.after?.overall).toBe(77.5);
    expect((await loadYear(w.t.db, DEMO.org, DEMO.year)).criteriaRevision).toBe(1);

    await expect(moveToRevision(w.t.db, principal('executive', w.demo.orgId), DEMO, 2)).rejects.toBeInstanceOf(Forbidden);
    await expect(moveToRevision(w.t.db, coordinator, DEMO, 3)).rejects.toThrow(/no revision 3/);
    const moved = await moveToRevision(w.t.db, coordinator, DEMO, '2');
    expect(moved).toMatchObject({ from: 1, to: 2, applied: true });
    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    expect(year.criteriaRevision).toBe(2);
    expect(deriveYear(year).computed.score).toMatchObject({ overall: 77.5, criteriaRevision: 2 });
    await expect(moveToRevision(w.t.db, coordinator, DEMO, 2)).rejects.toThrow(/newer revision only/);
  });

  it('a year that another process moved to a pack it imported loads that pack from the database', async () => {
    await importPack(w.t.db, admin, revision2());
    forgetRegisteredPacks(); // this process started before the import
    await w.t.db.query('UPDATE fiscal_years SET criteria_revision = 2 WHERE org_id = $1 AND year = 2566', [w.demo.orgId]);
    expect((await loadYear(w.t.db, DEMO.org, DEMO.year)).criteriaRevision).toBe(2);
    expect(criteriaRevisions(2566)).toEqual([1, 2]);
  });

  it('a year recorded under a built-in revision that a release replaced is computed under the correction', async () => {
    // FY 2568's built-in criteria went from revision 1 to 2 in place; a year saved before records revision 1.
    expect(criteriaOf({ criteriaYear: 2568, criteriaRevision: 1 }).revision).toBe(2);
    await w.t.db.query("UPDATE fiscal_years SET criteria_year = 2568, criteria_revision = 1 WHERE org_id = $1 AND year = 2566", [w.demo.orgId]);
    expect((await loadYear(w.t.db, DEMO.org, DEMO.year)).criteriaRevision).toBe(2);
    await expect(previewRevisionMove(w.t.db, coordinator, DEMO, 2)).rejects.toThrow(/newer revision only/);
  });

  it('a closed year does not move', async () => {
    await importPack(w.t.db, admin, revision2());
    await setYearStatus(w.t.db, principal('org_admin', w.demo.orgId), DEMO, 'closed', { reason: 'ปิดปี' });
    await expect(moveToRevision(w.t.db, coordinator, DEMO, 2)).rejects.toThrow(/closed/);
    expect((await loadYear(w.t.db, DEMO.org, DEMO.year)).criteriaRevision).toBe(1);
  });
});

describe.each(backends())('a freshly migrated database (%s)', (backend) => {
  it('holds no criteria pack (the built-in packs are files), so a restore goes into it; imported packs are backed up', async () => {
    const source = await testDb(backend);
    const target = await testDb(backend);
    const file = join(await mkdtemp(join(tmpdir(), 'prongsai-packs-')), 'backup.jsonl.gz');
    try {
      expect(await target.db.query('SELECT 1 FROM criteria_packs')).toEqual([]);
      await importPack(source.db, principal('system_admin', null), { ...packFor(2570), year: 2571, provisional: undefined });
      await backup(source.db, file);
      await restore(target.db, file);
      forgetRegisteredPacks();
      expect(await loadStoredPacks(target.db)).toBe(1);
      expect(getCriteria(2571).oitItems).toEqual(getCriteria(2570).oitItems);
    } finally {
      await source.dispose();
      await target.dispose();
    }
  });
});
