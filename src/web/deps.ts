/**
 * What the route areas of the web server get from it: the database (once it is ready), the browser that prints
 * documents, the clock and the limits. Passed to every area plugin as its options.
 */
import type { Db, Queryable } from '../db/index.ts';
import type { DocumentBrowser } from '../documents/core/index.ts';
import type { ChangeBus } from '../db/notify.ts';
import type { YearCache } from './cache.ts';

export interface Deps {
  /** The database; requests are answered 503 until it is ready, so a handler always finds it. */
  readonly db: Db;
  /** Where reads that may lag a little go (the roll-ups): the read replica (DATABASE_READ_URL), else `db`. */
  readonly readDb: Queryable;
  /** The browser that prints PDFs (and the DOCX chart picture). */
  readonly browser: DocumentBrowser;
  /** The clock (tests move it to expire sessions). */
  now(): Date;
  /** Largest uploaded file, in bytes. */
  readonly maxUploadBytes: number;
  /** Sign-in requests per minute from one client address. */
  readonly signInPerMinute: number;
  /** What a year's busiest pages read, for a few seconds (src/web/cache.ts); dropped on every change. */
  readonly cache: YearCache<unknown>;
  /** The changes other processes announce (src/db/notify.ts): a cache of this process drops what they concern. */
  readonly changes: ChangeBus;
}

export interface AreaOptions {
  readonly deps: Deps;
}
