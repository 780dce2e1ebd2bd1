/**
 * The cryptography of the complaint channel (docs/complaints-security.md), on Node's crypto and argon2id. Pure: no
 * I/O, keys in and bytes out.
 *
 * - Contents: AES-256-GCM with a 96-bit random nonce, bound by associated data to what they are and which case
 *   they belong to (a ciphertext moved to another case or column does not decrypt). Box: 0x01 ‖ nonce ‖ ct ‖ tag.
 * - Sealing to a public key (sealed-box style, so that a complaint is encrypted with no officer online): a fresh
 *   X25519 key pair, ECDH with the recipient's public key, HKDF-SHA-256 over the shared secret with both public keys
 *   as salt, AES-256-GCM. Box: 0x02 ‖ ephemeral public key ‖ nonce ‖ ct ‖ tag. Only the recipient's private key
 *   opens it; the sender cannot even read it back.
 * - Keys from a passphrase: argon2id (64 MiB, 3 passes by default; the parameters are kept with what they protect).
 * - Keys from high-entropy secrets (a receipt code, a recovery code, a session id): HKDF-SHA-256, each with its own
 *   label. The receipt's lookup key is an HMAC under a server secret, so that the lookup key is not a key to anything.
 */
import { createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { hashRaw, type Algorithm } from '@node-rs/argon2';
import type { NormalCode } from './codes.ts';

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BOX = 0x01;
const SEALED = 0x02;

/** A box that does not open: the wrong key, or bytes changed since they were written. */
export class DecryptError extends Error {
  override readonly name = 'DecryptError';
  constructor() {
    super('the data could not be decrypted: wrong key, or it was changed');
  }
}

export interface KeyPair {
  /** Raw X25519 public key, 32 bytes. */
  readonly publicKey: Buffer;
  /** Raw X25519 private key, 32 bytes. */
  readonly privateKey: Buffer;
}

// DER prefixes of X25519 keys (RFC 8410): raw 32 bytes follow them.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

const privateKeyObject = (raw: Uint8Array): KeyObject => {
  if (raw.length !== KEY_BYTES) throw new DecryptError();
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
};
const publicKeyObject = (raw: Uint8Array): KeyObject => {
  if (raw.length !== KEY_BYTES) throw new RangeError('an X25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
};
const rawPublic = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' }).subarray(SPKI_PREFIX.length);

export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKey: rawPublic(publicKey), privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(PKCS8_PREFIX.length) };
}

export function publicKeyOf(privateKey: Uint8Array): Buffer {
  return rawPublic(createPublicKey(privateKeyObject(privateKey)));
}

export const randomKey = (): Buffer => randomBytes(KEY_BYTES);

/** Overwrites secrets that are no longer needed (what JavaScript allows: copies made by the runtime stay). */
export function wipe(...buffers: (Uint8Array | null | undefined)[]): void {
  for (const b of buffers) b?.fill(0);
}

/** The associated data of a box: what it is and which records it belongs to. */
export const aad = (purpose: string, ...ids: readonly string[]): string => ['prongsai/complaints/v1', purpose, ...ids].join('/');

/** Text (UTF-8) or bytes (a bytea value as both databases return it) as a Buffer over the same memory. */
export const bytesOf = (data: Uint8Array | string): Buffer => (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength));

export function encrypt(key: Uint8Array, plaintext: Uint8Array | string, associated: string): Buffer {
  if (key.length !== KEY_BYTES) throw new RangeError('an AES-256 key is 32 bytes');
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  const body = Buffer.concat([cipher.update(bytesOf(plaintext)), cipher.final()]);
  return Buffer.concat([Buffer.from([BOX]), nonce, body, cipher.getAuthTag()]);
}

export function decrypt(key: Uint8Array, box: Uint8Array, associated: string): Buffer {
  if (key.length !== KEY_BYTES || box.length < 1 + NONCE_BYTES + TAG_BYTES || box[0] !== BOX) throw new DecryptError();
  const b = bytesOf(box);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, b.subarray(1, 1 + NONCE_BYTES));
    decipher.setAAD(Buffer.from(associated, 'utf8'));
    decipher.setAuthTag(b.subarray(b.length - TAG_BYTES));
    return Buffer.concat([decipher.update(b.subarray(1 + NONCE_BYTES, b.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptError();
  }
}

function sealKey(shared: Buffer, ephemeral: Uint8Array, recipient: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), 'prongsai/complaints/v1/seal', KEY_BYTES));
}

/** Encrypts to the holder of the private key of `recipientPublicKey`. */
export function seal(recipientPublicKey: Uint8Array, plaintext: Uint8Array | string, associated: string): Buffer {
  const recipient = publicKeyObject(recipientPublicKey);
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const ephemeral = rawPublic(publicKey);
  const shared = diffieHellman({ privateKey, publicKey: recipient });
  const key = sealKey(shared, ephemeral, recipientPublicKey);
  const inner = encrypt(key, plaintext, associated);
  wipe(shared, key);
  return Buffer.concat([Buffer.from([SEALED]), ephemeral, inner.subarray(1)]);
}

export function unseal(privateKey: Uint8Array, box: Uint8Array, associated: string): Buffer {
  if (box.length < 1 + KEY_BYTES + NONCE_BYTES + TAG_BYTES || box[0] !== SEALED) throw new DecryptError();
  const b = bytesOf(box);
  const ephemeral = b.subarray(1, 1 + KEY_BYTES);
  let shared: Buffer;
  let own: Buffer;
  try {
    const me = privateKeyObject(privateKey);
    own = rawPublic(createPublicKey(me));
    shared = diffieHellman({ privateKey: me, publicKey: publicKeyObject(ephemeral) });
  } catch {
    throw new DecryptError();
  }
  const key = sealKey(shared, ephemeral, own);
  try {
    return decrypt(key, Buffer.concat([Buffer.from([BOX]), b.subarray(1 + KEY_BYTES)]), associated);
  } finally {
    wipe(shared, key);
  }
}

/** A 256-bit key from a high-entropy secret, for one purpose. */
export function deriveKey(secret: Uint8Array | string, salt: Uint8Array | string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', bytesOf(secret), bytesOf(salt), `prongsai/complaints/v1/${purpose}`, KEY_BYTES));
}

/** The lookup key of a receipt code (stored; the code is not): HMAC-SHA-256 under the server's receipt secret. */
export function receiptLookup(serverSecret: Uint8Array | string, code: NormalCode): string {
  return createHmac('sha256', bytesOf(serverSecret)).update(`prongsai/complaints/v1/receipt-lookup/${code}`).digest('hex');
}

/** The key of the messages between officers and the complainant of a case: from the receipt code and the case. */
export const receiptMessageKey = (code: NormalCode, caseId: string): Buffer => deriveKey(code, caseId, 'receipt-messages');

/** The key that wraps an organisation's private key on its recovery sheet. */
export const recoveryKey = (code: NormalCode, orgId: string): Buffer => deriveKey(code, orgId, 'recovery');

/** The key that holds the organisation's private key for an unlocked staff session: from the session id. */
export const unlockKey = (sessionId: string, salt: Uint8Array): Buffer => deriveKey(sessionId, salt, 'session-unlock');

export interface KdfParams {
  readonly alg: 'argon2id';
  /** Memory in KiB. */
  readonly m: number;
  /** Passes. */
  readonly t: number;
  /** Lanes. */
  readonly p: number;
  /** Base64. */
  readonly salt: string;
}

/** 64 MiB, 3 passes, 1 lane: well above OWASP's minimum for argon2id; about 0.2 s on the project's machines. */
export const KDF_COST = { m: 65_536, t: 3, p: 1 } as const;

export function newKdfParams(cost: { readonly m: number; readonly t: number; readonly p: number } = KDF_COST): KdfParams {
  return { alg: 'argon2id', ...cost, salt: randomBytes(16).toString('base64') };
}

export function isKdfParams(value: unknown): value is KdfParams {
  const v = value as Partial<KdfParams> | null;
  return (
    typeof v === 'object' && v !== null && v.alg === 'argon2id' && typeof v.salt === 'string' &&
    [v.m, v.t, v.p].every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0) && (v.m as number) >= 8 * (v.p as number)
  );
}

/** The key an officer's passphrase gives with these parameters. */
export async function passphraseKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  return hashRaw(passphrase.normalize('NFC'), {
    algorithm: 2 as Algorithm /* Argon2id */,
    memoryCost: params.m,
    timeCost: params.t,
    parallelism: params.p,
    salt: Buffer.from(params.salt, 'base64'),
    outputLen: KEY_BYTES,
  });
}
