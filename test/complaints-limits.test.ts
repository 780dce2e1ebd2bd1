/**
 * The complaint channel's filing limits (src/complaints/limits.ts): taken before a request waits for anything,
 * so that requests sent at once cannot all pass, and given back when the filing is refused.
 */
import { describe, expect, it } from 'vitest';
import { ComplaintGuard, DEFAULT_LIMITS } from '../src/complaints/limits.ts';

const HOUR = 3600_000;

describe('filing limits', () => {
  it('lets no more filings through at once than the limit, and a refused one gives its place back', () => {
    const guard = new ComplaintGuard({ ...DEFAULT_LIMITS, filingsPerAddress: { capacity: 2, windowMs: HOUR } }, 0);
    const client = guard.client('192.0.2.1', 0);
    // Three requests arrive together: each takes its filing before any of them is answered.
    const [a, b, c] = [1, 2, 3].map(() => guard.takeFiling(client, 'org-1', 0));
    expect([a!.ok, b!.ok, c!.ok]).toEqual([true, true, false]);
    expect(c!.retryAfter).toBeGreaterThan(0);
    b!.refund(); // its form had a mistake
    expect(guard.takeFiling(client, 'org-1', 1).ok).toBe(true);
    expect(guard.takeFiling(client, 'org-1', 2).ok).toBe(false);
    // A refund never raises a bucket above its capacity.
    const other = guard.client('192.0.2.2', 0);
    const once = guard.takeFiling(other, 'org-1', 0);
    once.refund();
    once.refund();
    expect([1, 2, 3].map(() => guard.takeFiling(other, 'org-1', 0).ok)).toEqual([true, true, false]);
  });

  it('limits an organisation’s inbox whatever the addresses', () => {
    const guard = new ComplaintGuard({ ...DEFAULT_LIMITS, filingsPerOrg: { capacity: 3, windowMs: HOUR } }, 0);
    const results = [1, 2, 3, 4].map((i) => guard.takeFiling(guard.client(`192.0.2.${i}`, 0), 'org-1', 0).ok);
    expect(results).toEqual([true, true, true, false]);
    expect(guard.takeFiling(guard.client('192.0.2.9', 0), 'org-2', 0).ok).toBe(true);
  });
});
