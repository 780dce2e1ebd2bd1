/**
 * Rate limits of the complaint channel, in this process's memory only, with no outside service.
 *
 * A client is known by a keyed hash of its address: HMAC-SHA-256 under a random salt made at start and replaced
 * every `rotateMs` (the buckets keyed by the old salt are dropped with it). The address itself is never kept,
 * written or logged, and the hash cannot be turned back into it once the salt is gone: after a rotation (or a
 * restart) nothing links a request to an address. The address is request.ip: behind a reverse proxy, set
 * PRONGSAI_TRUST_PROXY to the proxy's address (src/cli/serve.ts), or every complainant shares the proxy's address
 * and its limits; never trust every hop, or a client that writes its own X-Forwarded-For is a new client each time.
 *
 * - filings: per address, and per organisation (so that one organisation's inbox cannot be flooded);
 * - receipt codes: every request that uses one, per address, and more strictly the wrong ones; a check that fails
 *   before the database is asked (a mistyped code) counts as a wrong one;
 * - messages from a complainant, per case;
 * - unlocking with a passphrase, per officer (argon2id is costly: it is also a door to tie up the server);
 * - the filing form's tokens are used once (their nonces are remembered until they expire).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { FORM_TOKEN_RULES } from './form-token.ts';
import { TokenBuckets, type BucketOptions, type Taken } from './rate-limit.ts';

export interface ComplaintLimits {
  readonly filingsPerAddress: BucketOptions;
  readonly filingsPerOrg: BucketOptions;
  readonly receiptUsesPerAddress: BucketOptions;
  readonly wrongReceiptsPerAddress: BucketOptions;
  readonly messagesPerCase: BucketOptions;
  readonly unlocksPerPerson: BucketOptions;
  readonly rotateMs: number;
}

const HOUR = 3600_000;

export const DEFAULT_LIMITS: ComplaintLimits = {
  filingsPerAddress: { capacity: 5, windowMs: HOUR },
  filingsPerOrg: { capacity: 60, windowMs: HOUR },
  receiptUsesPerAddress: { capacity: 30, windowMs: 10 * 60_000 },
  wrongReceiptsPerAddress: { capacity: 10, windowMs: 15 * 60_000 },
  messagesPerCase: { capacity: 20, windowMs: 24 * HOUR },
  unlocksPerPerson: { capacity: 5, windowMs: 15 * 60_000 },
  rotateMs: 24 * HOUR,
};

export class ComplaintGuard {
  private salt = randomBytes(32);
  private saltSince: number;
  private readonly byAddress: TokenBuckets[];
  readonly filingsPerAddress: TokenBuckets;
  readonly filingsPerOrg: TokenBuckets;
  readonly receiptUses: TokenBuckets;
  readonly wrongReceipts: TokenBuckets;
  readonly messages: TokenBuckets;
  readonly unlocks: TokenBuckets;
  private readonly nonces = new Map<string, number>();

  constructor(
    readonly limits: ComplaintLimits = DEFAULT_LIMITS,
    now: number = Date.now(),
  ) {
    this.saltSince = now;
    this.filingsPerAddress = new TokenBuckets(limits.filingsPerAddress);
    this.filingsPerOrg = new TokenBuckets(limits.filingsPerOrg);
    this.receiptUses = new TokenBuckets(limits.receiptUsesPerAddress);
    this.wrongReceipts = new TokenBuckets(limits.wrongReceiptsPerAddress);
    this.messages = new TokenBuckets(limits.messagesPerCase);
    this.unlocks = new TokenBuckets(limits.unlocksPerPerson);
    this.byAddress = [this.filingsPerAddress, this.receiptUses, this.wrongReceipts];
  }

  /** The key of a client address: a salted hash, never the address; the salt (and the buckets) change in time. */
  client(address: string, now: number): string {
    if (now - this.saltSince >= this.limits.rotateMs) {
      this.salt = randomBytes(32);
      this.saltSince = now;
      for (const b of this.byAddress) b.clear();
    }
    return createHmac('sha256', this.salt).update(address).digest('base64url').slice(0, 22);
  }

  /**
   * Takes a filing from this client and this organisation now, before the request waits for anything, so that
   * requests sent at once cannot all pass; `refund` gives it back when the filing is refused (a form with a
   * mistake is not a filing).
   */
  takeFiling(client: string, orgId: string, now: number): Taken & { refund(): void } {
    const none = { refund: () => undefined };
    const a = this.filingsPerAddress.check(client, now);
    if (!a.ok) return { ...a, ...none };
    const o = this.filingsPerOrg.check(orgId, now);
    if (!o.ok) return { ...o, ...none };
    this.filingsPerAddress.take(client, now);
    this.filingsPerOrg.take(orgId, now);
    return {
      ok: true,
      retryAfter: 0,
      refund: () => {
        this.filingsPerAddress.give(client, now);
        this.filingsPerOrg.give(orgId, now);
      },
    };
  }

  /** May this client use a receipt code now? Takes one use; refused while it has too many wrong ones. */
  mayUseReceipt(client: string, now: number): Taken {
    const wrong = this.wrongReceipts.check(client, now);
    if (!wrong.ok) return wrong;
    return this.receiptUses.take(client, now);
  }

  wrongReceipt(client: string, now: number): void {
    this.wrongReceipts.take(client, now);
  }

  /** Uses a form token's nonce once; false when it was used already. */
  useNonce(nonce: string, now: number): boolean {
    for (const [n, until] of this.nonces) {
      if (until > now) break;
      this.nonces.delete(n);
    }
    if (this.nonces.has(nonce)) return false;
    this.nonces.set(nonce, now + FORM_TOKEN_RULES.maxAgeMs);
    return true;
  }
}
