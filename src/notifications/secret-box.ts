/**
 * Secrets kept in the database (an organisation's LINE channel secret and access token) are sealed with
 * AES-256-GCM: `v1:` and the base64 of a 12-byte nonce, the 16-byte tag and the ciphertext. The key is
 * PRONGSAI_SECRET_KEY (32 bytes, base64); without it, on the embedded database only, a key file in the data folder
 * (PRONGSAI_DATA/secret.key), created once with mode 0600. With DATABASE_URL and no key, sealing is refused: the
 * several processes of a PostgreSQL set-up must share one key, which a file on one machine cannot promise.
 *
 * A sealed value that does not open (another key, altered) is an error, never a wrong secret used quietly.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import { notificationMessages } from './messages.ts';

const VERSION = 'v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_FILE = 'secret.key';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the data folder's key file, or creates it (0600) when there is none; another process's file wins a race. */
function keyFileKey(dir: string): Buffer {
  const path = join(dir, KEY_FILE);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new InputError('PRONGSAI_SECRET_KEY', notificationMessages.badKeyFile({ path }));
  return key;
}

/** The sealing key of the environment (see the module's comment). */
export function secretKey(env: Env = process.env): Buffer {
  const config = pickConfig(['PRONGSAI_SECRET_KEY', 'DATABASE_URL', 'PRONGSAI_DATA'], env);
  if (config.PRONGSAI_SECRET_KEY !== undefined) return Buffer.from(config.PRONGSAI_SECRET_KEY, 'base64');
  if (config.DATABASE_URL !== undefined) throw new InputError('PRONGSAI_SECRET_KEY', notificationMessages.noSecretKey());
  return keyFileKey(config.PRONGSAI_DATA);
}

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** Seals and opens with `key` (32 bytes). */
export function secretBox(key: Buffer): SecretBox {
  return {
    seal(plain) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      if (!sealed.startsWith(VERSION)) throw new InputError('secret', notificationMessages.sealedUnreadable());
      const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
      if (raw.length < NONCE_BYTES + TAG_BYTES) throw new InputError('secret', notificationMessages.sealedUnreadable());
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
      decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new InputError('secret', notificationMessages.sealedUnreadable());
      }
    },
  };
}

/** The environment's box (process.env unless given). */
export const envSecretBox = (env: Env = process.env): SecretBox => secretBox(secretKey(env));
