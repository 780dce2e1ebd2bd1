/**
 * A short-lived cache of what a year's pages read most (the dashboard's data, the report preview), so that 50
 * people looking at the same year do not each make the twenty queries behind it.
 *
 * What keeps it safe:
 * - it is filled only after the request was authorised (the route's rule, through the app layer), and its keys
 *   hold everything the answer depends on besides the year's data: the organisation and year, the person's
 *   roles in the organisation (what they may do changes the page), the day (lateness), the language;
 * - any state-changing request to an organisation's routes, in this process, drops that organisation's entries
 *   before it is answered (src/web/server.ts), so a person always sees their own change;
 * - a change made through another server process sharing the PostgreSQL database drops the organisation's entries
 *   here as soon as its announcement arrives (src/db/notify.ts: LISTEN/NOTIFY, src/web/server.ts); a change made
 *   otherwise (the CLI) is seen within `ttlMs` (3 s by default).
 */
export class YearCache<T> {
  private readonly entries = new Map<string, { readonly value: Promise<T>; readonly until: number }>();

  constructor(
    private readonly ttlMs = 3000,
    private readonly maxEntries = 500,
  ) {}

  /**
   * The value for `key`, computed by `make` when absent or expired. Requests that miss together wait for the
   * same computation (no stampede when an entry expires under load). `org` is the organisation's slug.
   */
  get(org: string, key: string, now: number, make: () => Promise<T>): Promise<T> {
    const full = `${org}\u0000${key}`;
    const hit = this.entries.get(full);
    if (hit && hit.until > now) return hit.value;
    const value = make();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const entry = { value, until: now + this.ttlMs };
    this.entries.set(full, entry);
    // A failure is not kept: the next request tries again.
    value.catch(() => {
      if (this.entries.get(full) === entry) this.entries.delete(full);
    });
    return value;
  }

  /** Drops every entry (announcements may have been missed: src/db/notify.ts). */
  clear(): void {
    this.entries.clear();
  }

  /** Drops every entry of an organisation. */
  invalidate(org: string): void {
    const prefix = `${org}\u0000`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
