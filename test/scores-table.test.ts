import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readIndicatorTable, scoreFromSources, type IndicatorRow } from '../src/years/scoring.ts';
import { InputError } from '../src/errors.ts';
import { getCriteria } from '../src/ita/index.ts';
import { scoresToTable, writeScoresCsv, writeScoresWorkbook, type ScoresRow } from '../src/io/scores-table.ts';

const TRAT = { 1: 93.55, 2: 87.72, 3: 91.01, 4: 87.93, 5: 89.52, 6: 90.55, 7: 88.68, 8: 88.58, 9: 72.89, 10: 65.56 };

const rows: ScoresRow[] = [
  { agency: 'trat', year: 2564, indicators: TRAT, eitParts: null },
  { agency: 'huai-thong', year: 2566, indicators: { ...TRAT, 2: null, 6: null }, eitParts: [96.1, 95.4] },
  { agency: 'empty', year: 2567, indicators: {}, eitParts: null },
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prongsai-scores-'));
});

/** Writes the rows in both formats and reads each file with the reader of `prongsai score --indicators FILE`. */
async function readBack(data: readonly ScoresRow[]): Promise<IndicatorRow[][]> {
  const xlsx = join(dir, 'scores.xlsx');
  const csv = join(dir, 'scores.csv');
  await writeFile(xlsx, await writeScoresWorkbook(data));
  await writeFile(csv, writeScoresCsv(data));
  return Promise.all(
    [xlsx, csv].map(async (path) =>
      (await readIndicatorTable(path)).map((outcome) => {
        if (!outcome.ok) throw outcome.error;
        return outcome.value;
      }),
    ),
  );
}

/** A row as read, with a missing cell as "no score" (null): what an import into the database keeps. */
function asScores(row: IndicatorRow): ScoresRow {
  const indicators: Record<string, number | null> = {};
  for (let n = 1; n <= 10; n++) indicators[n] = row.indicators[n] === undefined ? null : Number(row.indicators[n]);
  return { agency: row.agency, year: row.year, indicators, eitParts: row.eitParts ? row.eitParts.map(Number) : null };
}

const withNulls = (r: ScoresRow): ScoresRow => ({
  ...r,
  indicators: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), r.indicators[String(i + 1)] ?? null])),
});

describe('scores export in the CLI format', () => {
  it('writes agency, year, 1 … 10, eit1, eit2 with blank cells for missing scores', () => {
    const table = scoresToTable(rows);
    expect(table.header).toEqual(['agency', 'year', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'eit1', 'eit2']);
    expect(table.rows[1]).toEqual(['huai-thong', '2566', '93.55', '', '91.01', '87.93', '89.52', '', '88.68', '88.58', '72.89', '65.56', '96.1', '95.4']);
    expect(table.rows[2]).toEqual(['empty', '2567', ...Array<string>(12).fill('')]);
  });

  it('is read back by the scores reader, blanks as no score, from XLSX and CSV', async () => {
    for (const read of await readBack(rows)) {
      expect(read.map((r) => r.row)).toEqual([2, 3, 4]);
      expect(read[1]!.indicators[2]).toBeUndefined();
      expect(read.map(asScores)).toEqual(rows.map(withNulls));
    }
  });

  it('scores a complete exported row as prongsai score does', async () => {
    for (const [trat] of await readBack(rows.slice(0, 1))) {
      const scored = scoreFromSources(getCriteria(trat!.year), { indicators: trat!.indicators });
      expect(scored.overall).toBe(81.45);
    }
  });

  it('keeps random scores (property)', async () => {
    const score = fc.option(fc.integer({ min: 0, max: 10000 }).map((n) => n / 100), { nil: null });
    const row = fc.record({
      agency: fc.stringMatching(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).filter((s) => s.length <= 64),
      year: fc.constantFrom(2564, 2565, 2566, 2567, 2568),
      indicators: fc.tuple(...Array.from({ length: 10 }, () => score)).map((s) => Object.fromEntries(s.map((v, i) => [String(i + 1), v]))),
      eitParts: fc.option(fc.tuple(score, score).map(([a, b]) => [a ?? 0, b ?? 100]), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 5 }), async (data) => {
        for (const read of await readBack(data)) expect(read.map(asScores)).toEqual(data);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a score of an indicator no criteria year has', () => {
    expect(() => scoresToTable([{ agency: 'x', year: 2566, indicators: { 11: 50 }, eitParts: null }])).toThrow(InputError);
    expect(scoresToTable([{ agency: 'x', year: 2566, indicators: { 11: null }, eitParts: null }]).rows).toHaveLength(1);
  });
});
