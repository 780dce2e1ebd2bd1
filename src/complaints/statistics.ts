/**
 * Small-count suppression for published complaint statistics. Pure.
 *
 * A published table is a line of counts with its total (complaints by month, by type, by status; every line of one
 * publication has the same total). The rules:
 * - a count below the threshold (0 included) is shown as "< threshold", never as a number ("primary suppression");
 * - a total below the threshold is shown the same way (every count of the line is then below it too);
 * - when a total is shown and some count of the line is below the threshold, the line's largest count (the first
 *   of equal ones) is withheld and shown as "–" ("complementary suppression"), whether it is small or not.
 *
 * Why the largest, and always: someone who knows these rules must not be able to work out a small count exactly.
 * With the total shown, the hidden counts of a line sum to the total minus the shown counts. Withholding the
 * smallest shown count (the usual choice) bounds the withheld count from above by the next shown one, and deciding
 * whether to withhold by looking at the hidden values tells what they are: both let a small count be worked out
 * (the brute force in test/app-complaints-statistics.test.ts found such lines). The largest count, withheld on a
 * rule that looks only at what the output shows anyway, is bounded only from below, so every small count can be 0:
 * none can be worked out to be 1 to threshold − 1. Each line is safe even with the total known exactly, so lines of
 * one publication cannot be combined against each other either. A count worked out to be 0 reveals nobody.
 *
 * Cross tables (month × type) are not published: protecting them needs linked suppression across rows and columns.
 */

export const SUPPRESSION_THRESHOLD = 5;

export type StatCell =
  /** Shown as it is (at least the threshold). */
  | { readonly kind: 'count'; readonly value: number }
  /** Below the threshold (0 included): shown as "< 5". */
  | { readonly kind: 'below'; readonly threshold: number }
  /** Withheld so that no small count of its line can be worked out from the total: shown as "–". */
  | { readonly kind: 'withheld' }
  /** A month that is not over yet: not counted. */
  | { readonly kind: 'pending' };

export interface ProtectedLine {
  readonly cells: readonly StatCell[];
  readonly total: StatCell;
}

/** Protects one line of counts (see the module's comment). */
export function protectLine(counts: readonly number[], threshold: number = SUPPRESSION_THRESHOLD): ProtectedLine {
  if (!Number.isInteger(threshold) || threshold < 2) throw new RangeError(`the threshold must be a whole number of at least 2, got ${threshold}`);
  for (const c of counts) if (!Number.isInteger(c) || c < 0) throw new RangeError(`counts must be whole numbers ≥ 0, got ${c}`);
  const below: StatCell = { kind: 'below', threshold };
  const total = counts.reduce((a, b) => a + b, 0);
  if (total < threshold) return { cells: counts.map(() => below), total: below };
  const anySmall = counts.some((c) => c < threshold);
  const largest = anySmall ? counts.indexOf(Math.max(...counts)) : -1;
  return {
    cells: counts.map((c, i): StatCell => (i === largest ? { kind: 'withheld' } : c < threshold ? below : { kind: 'count', value: c })),
    total: { kind: 'count', value: total },
  };
}

/** How a cell is written: "12", "< 5", "–", or "" for a month not over yet. */
export function cellText(cell: StatCell): string {
  switch (cell.kind) {
    case 'count':
      return String(cell.value);
    case 'below':
      return `< ${cell.threshold}`;
    case 'withheld':
      return '–';
    case 'pending':
      return '';
  }
}
