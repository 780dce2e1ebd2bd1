import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOitChecklist, scoreFromSources } from '../src/years/scoring.ts';
import { InputError } from '../src/errors.ts';
import { getCriteria } from '../src/ita/index.ts';
import { parseMet, scoreOitChecklist } from '../src/scoring/index.ts';

const allMet = (year: number, except: readonly string[] = []) =>
  new Map(getCriteria(year).oitItems.map((i) => [i.code, !except.includes(i.code)]));
const codesOf = (year: number, sub: string) => getCriteria(year).oitItems.filter((i) => i.subIndicator === sub).map((i) => i.code);

describe('OIT checklist → indicators 9 and 10', () => {
  it('every item met gives 100 and 100', () => {
    for (const year of [2564, 2565, 2566, 2567, 2568]) {
      const r = scoreOitChecklist(getCriteria(year), allMet(year));
      expect(r.indicators.get(9)?.toNumber(2)).toBe(100);
      expect(r.indicators.get(10)?.toNumber(2)).toBe(100);
      expect(r.notMet).toEqual([]);
    }
  });

  it('reproduces published 2564 values by sub-indicator averaging: 97.78 and 93.75', () => {
    // One of the 9 items of 9.1 missed: (8/9·100 + 4·100)/5 = 97.78. One of the 8 items of 10.1: (7/8·100 + 100)/2 = 93.75.
    const missed = [codesOf(2564, '9.1')[0] as string, codesOf(2564, '10.1')[0] as string];
    const r = scoreOitChecklist(getCriteria(2564), allMet(2564, missed));
    expect(r.indicators.get(9)?.toNumber(2)).toBe(97.78);
    expect(r.indicators.get(10)?.toNumber(2)).toBe(93.75);
    expect(r.notMet).toEqual(missed);
    expect(r.groups.find((g) => g.code === '9.1')).toMatchObject({ met: 8, total: 9 });
  });

  it('reproduces 97.50 (one of 8 items of 9.2) and 87.50 (two of 8 items of 10.1)', () => {
    const missed = [codesOf(2564, '9.2')[0] as string, ...codesOf(2564, '10.1').slice(0, 2)];
    const r = scoreOitChecklist(getCriteria(2564), allMet(2564, missed));
    expect(r.indicators.get(9)?.toNumber(2)).toBe(97.5);
    expect(r.indicators.get(10)?.toNumber(2)).toBe(87.5);
  });

  it('2568 rolls up as the share of items met per indicator, as configured for that year', () => {
    const c = getCriteria(2568);
    expect(c.oitAggregation).toBe('item-share');
    const nine = c.oitItems.filter((i) => i.indicator === 9);
    const r = scoreOitChecklist(c, allMet(2568, [nine[0]!.code]));
    expect(r.indicators.get(9)?.toNumber(2)).toBe(Number(((100 * (nine.length - 1)) / nine.length).toFixed(2)));
    expect(r.indicators.get(10)?.toNumber(2)).toBe(100);
  });

  it('a missing or unknown item is an error that names it', () => {
    const c = getCriteria(2568);
    const partial = allMet(2568);
    partial.delete('O5');
    expect(() => scoreOitChecklist(c, partial)).toThrow(/O5/);
    const extra = allMet(2568);
    extra.set('O99', true);
    expect(() => scoreOitChecklist(c, extra)).toThrow(InputError);
    expect(() => scoreOitChecklist(c, extra)).toThrow(/O99/);
  });

  it('reads what people type for met / not met', () => {
    for (const yes of ['1', 'ผ่าน', 'มี', 'yes', 'TRUE', ' ✓ ']) expect(parseMet(yes)).toBe(true);
    for (const no of ['0', 'ไม่ผ่าน', 'ไม่มี', 'no', 'false', '-']) expect(parseMet(no)).toBe(false);
    for (const neither of ['', 'maybe', '2', 'ผ่าน?']) expect(parseMet(neither)).toBeNull();
  });

  it('a checklist file feeds the OIT indicators of a full score', async () => {
    const c = getCriteria(2568);
    const dir = await mkdtemp(join(tmpdir(), 'prongsai-oit-'));
    const file = join(dir, 'oit.csv');
    await writeFile(file, `code,met\n${c.oitItems.map((i) => `${i.code},${i.code === 'O28' ? 'ไม่ผ่าน' : 'ผ่าน'}`).join('\n')}\n`);
    const oit = (await readOitChecklist(c, file)).get('')!;
    expect(oit.notMet).toEqual(['O28']);
    const scored = scoreFromSources(c, { indicators: { 1: 90, 2: 90, 3: 90, 4: 90, 5: 90, 6: 90, 7: 90, 8: 90 }, oit });
    expect(scored.indicators['9']).toBe(100);
    expect(scored.indicators['10']).toBeLessThan(100);
    expect(scored.oitNotMet).toEqual(['O28']);
    await writeFile(file, 'code,met\nO1,perhaps\n');
    await expect(readOitChecklist(c, file)).rejects.toThrow(/perhaps/);
  });

  it('an indicator given twice (list and checklist) is refused rather than silently chosen', () => {
    const c = getCriteria(2568);
    const oit = scoreOitChecklist(c, allMet(2568));
    expect(() => scoreFromSources(c, { indicators: { 9: 50 }, oit })).toThrow(
      expect.objectContaining({ field: 'indicators.9', th: expect.stringMatching(/ตัวชี้วัดที่ 9/) }),
    );
  });
});
