/**
 * Small-count suppression for published complaint statistics. Pure.
 *
 * Complaint statistics are published per closed, fixed period (src/complaints/stats.ts): each fiscal quarter
 * once it is over, then the fiscal year. A quarter publishes several lines of counts (by type, by status, by
 * month) that all have the quarter's total; the year publishes its counts by type and by quarter, which are sums of
 * the quarters' counts. Published tables are frozen, so nothing is a running total that could be subtracted.
 *
 * The rules for one line (`protectLine`):
 * - a count of 1 to threshold − 1 is shown as "< threshold" ("primary suppression"); a zero is always shown as
 *   "0" (a true zero reveals nobody, and a type with no complaint reads as none, not as "< 5");
 * - a line with no such count is shown exactly;
 * - in a line with such a count, the line's largest count (the first of equal ones) is withheld ("–"), whether it
 *   is small or not, and so is the total ("complementary suppression").
 *
 * Why the total goes with the largest count: with the zeros shown, each "< 5" is known to be 1 to 4; were the total
 * shown, the hidden counts of a line would sum to the total minus the shown counts, and the withheld (largest)
 * count is at least every shown count, so a line such as [5, 1, 5] (shown "–, < 5, 5", total 11) would give the 1
 * away. With the total withheld, the withheld count can be as large as anything, and each "< 5" anything from 1
 * to 4. Every line of a period counts the same complaints, so the total is withheld in all of them
 * (`protectPeriod`), each withholding its largest count, so that no line tells the total.
 *
 * The year (`sumOfPublished`) adds nothing to the quarters: a year count is shown only when every quarter count it
 * sums was shown, and is then their sum; otherwise it is withheld. A withheld year count says nothing, and which
 * ones are withheld follows from what the quarters show, so nothing hidden in a quarter can be worked out from the
 * year and the quarters together. Quarters are not linked to each other by anything published.
 *
 * The rules look only at which counts are small and at the largest count, never at hidden values in a way that
 * the output would not show anyway: test/app-complaints-statistics.test.ts enumerates every set of lines that
 * publishes the same output and checks that no count shown as "< 5" is the same value of 1 to 4 in all of them.
 */

export const SUPPRESSION_THRESHOLD = 5;

export type StatCell =
  /** Shown as it is: 0, or at least the threshold. */
  | { readonly kind: 'count'; readonly value: number }
  /** Below the threshold (1 to threshold − 1, or a zero beside such a count): shown as "< 5". */
  | { readonly kind: 'below'; readonly threshold: number }
  /** Withheld so that no small count can be worked out: shown as "–". */
  | { readonly kind: 'withheld' };

export interface ProtectedLine {
  readonly cells: readonly StatCell[];
  readonly total: StatCell;
}

function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 2) throw new RangeError(`the threshold must be a whole number of at least 2, got ${threshold}`);
}

const WITHHELD: StatCell = { kind: 'withheld' };

/**
 * Protects one line of counts (see the module's comment); `withholdTotal`: the period's total is withheld (set by
 * `protectPeriod` when another line has a small count), so the line also withholds its largest count.
 */
export function protectLine(counts: readonly number[], threshold: number = SUPPRESSION_THRESHOLD, withholdTotal = false): ProtectedLine {
  checkThreshold(threshold);
  for (const c of counts) if (!Number.isInteger(c) || c < 0) throw new RangeError(`counts must be whole numbers ≥ 0, got ${c}`);
  const below: StatCell = { kind: 'below', threshold };
  const total = counts.reduce((a, b) => a + b, 0);
  const withhold = (withholdTotal || counts.some((c) => c > 0 && c < threshold)) && total > 0;
  const largest = withhold ? counts.indexOf(Math.max(...counts)) : -1;
  return {
    cells: counts.map((c, i): StatCell => (i === largest ? WITHHELD : c > 0 && c < threshold ? below : { kind: 'count', value: c })),
    total: withhold ? WITHHELD : { kind: 'count', value: total },
  };
}

/**
 * Protects the lines of one period (every line counts the same complaints, so they have the same total): when one
 * line has a count of 1 to threshold − 1, every line withholds the total and its largest count.
 */
export function protectPeriod(lines: readonly (readonly number[])[], threshold: number = SUPPRESSION_THRESHOLD): ProtectedLine[] {
  const totals = new Set(lines.map((l) => l.reduce((a, b) => a + b, 0)));
  if (totals.size > 1) throw new RangeError(`the lines of a period must have the same total, got ${[...totals].join(', ')}`);
  const anySmall = lines.some((l) => l.some((c) => c > 0 && c < threshold));
  return lines.map((l) => protectLine(l, threshold, anySmall));
}

/**
 * The line of a longer period made of published lines of the periods it covers (the year's counts by type from the
 * four quarters'): a count is shown only when every count it sums was shown, otherwise withheld; likewise the total.
 */
export function sumOfPublished(lines: readonly ProtectedLine[]): ProtectedLine {
  const width = lines[0]?.cells.length ?? 0;
  if (lines.some((l) => l.cells.length !== width)) throw new RangeError('the lines to add up must have the same length');
  const add = (cells: readonly StatCell[]): StatCell =>
    cells.every((c) => c.kind === 'count') ? { kind: 'count', value: cells.reduce((a, c) => a + (c.kind === 'count' ? c.value : 0), 0) } : WITHHELD;
  return {
    cells: Array.from({ length: width }, (_, i) => add(lines.map((l) => l.cells[i] as StatCell))),
    total: add(lines.map((l) => l.total)),
  };
}

/** How a cell is written: "12", "0", "< 5" or "–". */
export function cellText(cell: StatCell): string {
  switch (cell.kind) {
    case 'count':
      return String(cell.value);
    case 'below':
      return `< ${cell.threshold}`;
    case 'withheld':
      return '–';
  }
}
