/**
 * The content-addressed store of the files that publications carry (`files`, by SHA-256: stored once however
 * many versions point to it). What may be attached is decided from the bytes by src/measures/file-types.ts, the same
 * rule as for evidence.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import { insertBytes } from './repo.ts';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Stores bytes once by their SHA-256; returns the hash. */
export async function storeFile(q: Queryable, bytes: Uint8Array): Promise<string> {
  const sha = sha256Hex(bytes);
  await insertBytes(q, sha, bytes);
  return sha;
}
