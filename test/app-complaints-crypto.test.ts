/**
 * The pure parts of the complaint channel: receipt codes, the cryptography (boxes, sealed boxes, keys from
 * passphrases and codes) and the metadata stripper for JPEG, PNG and PDF (a cleaned PDF checked with poppler).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync, crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALPHABET, CODE_LENGTH, formatCode, newCode, parseCode } from '../src/complaints/codes.ts';
import {
  aad,
  decrypt,
  DecryptError,
  deriveKey,
  encrypt,
  generateKeyPair,
  isKdfParams,
  newKdfParams,
  passphraseKey,
  publicKeyOf,
  randomKey,
  receiptLookup,
  receiptMessageKey,
  seal,
  unseal,
} from '../src/complaints/crypto.ts';
import { pdfInternals, sniff, stripMetadata, UnreadableFile } from '../src/complaints/metadata.ts';

describe('receipt and recovery codes', () => {
  it('have 130 random bits in 7 groups of 4 symbols, and read back however they are typed', () => {
    const code = newCode('receipt');
    expect(code).toHaveLength(CODE_LENGTH);
    const shown = formatCode(code);
    expect(shown).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseCode('receipt', shown)).toBe(code);
    expect(parseCode('receipt', ` ${shown.toLowerCase().replaceAll('-', ' ')} `)).toBe(code);
    const thaiDigits = shown.replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!);
    expect(parseCode('receipt', thaiDigits)).toBe(code);
    const withLookalikes = code.replace(/1/g, 'l').replace(/0/g, 'O');
    expect(parseCode('receipt', withLookalikes)).toBe(code);
  });

  it('catch every mistyped symbol and swapped neighbours with their check symbols, and tell a recovery code from a receipt', () => {
    for (let n = 0; n < 20; n++) {
      const c = newCode('receipt');
      for (let i = 0; i < CODE_LENGTH; i++) {
        for (const wrong of ALPHABET) {
          if (wrong !== c[i]) expect(parseCode('receipt', c.slice(0, i) + wrong + c.slice(i + 1))).toBeNull();
        }
        const swapped = c.slice(0, i) + c[i + 1] + c[i] + c.slice(i + 2);
        const zeroZ = new Set([c[i], c[i + 1]]).size === 2 && [c[i], c[i + 1]].every((x) => x === '0' || x === 'Z');
        if (i + 1 < CODE_LENGTH && c[i] !== c[i + 1] && !zeroZ) expect(parseCode('receipt', swapped)).toBeNull();
      }
      expect(parseCode('recovery', c)).toBeNull();
      const r = newCode('recovery');
      expect(parseCode('recovery', r)).toBe(r);
      expect(parseCode('receipt', r)).toBeNull();
    }
    const code = newCode('receipt');
    expect(parseCode('recovery', code)).toBeNull();
    expect(parseCode('receipt', code.slice(1))).toBeNull();
    expect(parseCode('receipt', `${code}X`)).toBeNull();
    expect(parseCode('receipt', 'U'.repeat(CODE_LENGTH))).toBeNull();
    expect(parseCode('receipt', 42)).toBeNull();
    expect(parseCode('receipt', 'x'.repeat(1000))).toBeNull();
  });

  it('are all different (no two of 10,000 alike)', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => newCode('receipt')));
    expect(codes.size).toBe(10_000);
  });
});

describe('complaint cryptography', () => {
  it('encrypts with AES-256-GCM bound to its purpose: another key, purpose or a changed byte does not open it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string(), (plain, purpose) => {
        const key = randomKey();
        const box = encrypt(key, plain, aad('body', purpose));
        expect(Buffer.compare(decrypt(key, box, aad('body', purpose)), Buffer.from(plain))).toBe(0);
        expect(() => decrypt(randomKey(), box, aad('body', purpose))).toThrow(DecryptError);
        expect(() => decrypt(key, box, aad('note', purpose))).toThrow(DecryptError);
        const changed = Buffer.from(box);
        changed[changed.length - 20] = (changed[changed.length - 20] ?? 0) ^ 1;
        expect(() => decrypt(key, changed, aad('body', purpose))).toThrow(DecryptError);
      }),
      { numRuns: 50 },
    );
    const key = randomKey();
    expect(encrypt(key, 'same', 'x').equals(encrypt(key, 'same', 'x'))).toBe(false);
    expect(encrypt(key, 'ลับมาก', 'x').includes(Buffer.from('ลับมาก'))).toBe(false);
  });

  it('seals to a public key: only the private key opens it, and the sender cannot read it back', () => {
    const org = generateKeyPair();
    expect(publicKeyOf(org.privateKey).equals(org.publicKey)).toBe(true);
    const sealed = seal(org.publicKey, 'เรื่องร้องเรียน', aad('reply', 'case-1'));
    expect(unseal(org.privateKey, sealed, aad('reply', 'case-1')).toString()).toBe('เรื่องร้องเรียน');
    expect(() => unseal(generateKeyPair().privateKey, sealed, aad('reply', 'case-1'))).toThrow(DecryptError);
    expect(() => unseal(org.privateKey, sealed, aad('reply', 'case-2'))).toThrow(DecryptError);
    expect(() => unseal(org.privateKey, sealed.subarray(0, 40), aad('reply', 'case-1'))).toThrow(DecryptError);
    // A fresh ephemeral key every time.
    expect(seal(org.publicKey, 'x', 'a').subarray(1, 33).equals(seal(org.publicKey, 'x', 'a').subarray(1, 33))).toBe(false);
  });

  it('derives separate keys from one receipt code: the lookup key opens nothing, messages are per case', () => {
    const code = newCode('receipt');
    const lookup = receiptLookup('server-secret', code);
    expect(lookup).toMatch(/^[0-9a-f]{64}$/);
    expect(receiptLookup('other-secret', code)).not.toBe(lookup);
    expect(receiptLookup('server-secret', code)).toBe(lookup);
    const k1 = receiptMessageKey(code, 'case-1');
    expect(k1.equals(receiptMessageKey(code, 'case-2'))).toBe(false);
    expect(k1.toString('hex')).not.toBe(lookup);
    expect(deriveKey(code, 'case-1', 'other').equals(k1)).toBe(false);
  });

  it('derives a key from a passphrase with argon2id and its stored parameters', async () => {
    const params = newKdfParams({ m: 1024, t: 1, p: 1 });
    expect(isKdfParams(params)).toBe(true);
    expect(isKdfParams({ ...params, alg: 'scrypt' })).toBe(false);
    const key = await passphraseKey('รหัสผ่านยาวพอสมควร', params);
    expect(key).toHaveLength(32);
    expect((await passphraseKey('รหัสผ่านยาวพอสมควร', params)).equals(key)).toBe(true);
    expect((await passphraseKey('รหัสผ่านยาวพอสมควส', params)).equals(key)).toBe(false);
    expect((await passphraseKey('รหัสผ่านยาวพอสมควร', newKdfParams({ m: 1024, t: 1, p: 1 }))).equals(key)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Metadata

/** An 8×6 JPEG made by Chromium (with its ICC profile). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAGAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAiEAABAwQABwAAAAAAAAAAAAACAAEDBAUREwYSFCExUmH/xAAVAQEBAAAAAAAAAAAAAAAAAAAEB//EABsRAAEFAQEAAAAAAAAAAAAAAAEAAhExQbEh/9oADAMBAAIRAxEAPwCFqa+0ycNUlFBZdN3jlc5rl1RluDJYDU7co+R7t6/XRERVbWMDJjfbJ7yhi//Z',
  'base64',
);

const segment = (marker: number, body: Buffer) => Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);

/** The JPEG with EXIF (a GPS note and a serial number), XMP and a comment after JFIF, and a trailer after the image. */
export function jpegWithMetadata(jpeg: Buffer = JPEG): Buffer {
  const jfifEnd = 4 + jpeg.readUInt16BE(4);
  return Buffer.concat([
    jpeg.subarray(0, jfifEnd),
    segment(0xe1, Buffer.from('Exif\0\0MM\0*GPS 13.7563N 100.5018E SERIAL-CAM-0042', 'latin1')),
    segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>นายลับ ผู้แจ้ง</dc:creator></x:xmpmeta>', 'utf8')),
    segment(0xfe, Buffer.from('comment: taken by somchai', 'latin1')),
    jpeg.subarray(jfifEnd),
    Buffer.from('TRAILER-SECRET-SAMSUNG', 'latin1'),
  ]);
}

const pngChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
};

/** A 3×2 RGB PNG with text, EXIF, time and a private chunk. */
export function pngWithMetadata(): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', Buffer.from('Author\0Somchai Secret', 'latin1')),
    pngChunk('eXIf', Buffer.from('MM\0*GPS-SECRET', 'latin1')),
    pngChunk('tIME', Buffer.from([7, 232, 1, 2, 3, 4, 5])),
    pngChunk('pHYs', Buffer.from([0, 0, 11, 19, 0, 0, 11, 19, 1])),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('prVt', Buffer.from('PRIVATE-SECRET', 'latin1')),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PDF with an Info dictionary, two XMP streams (plain and Flate) and file identifiers, with a correct xref. */
export function pdfWithMetadata(extraTrailer = ''): Buffer {
  const xmp = '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>XMP-AUTHOR-SECRET</dc:creator></x:xmpmeta><?xpacket end="w"?>';
  const packed = deflateSync(Buffer.from(xmp.replace('XMP-AUTHOR-SECRET', 'FLATE-AUTHOR-SECRET')));
  const content = 'BT /F1 12 Tf 72 720 Td (Hello) Tj ET';
  const objects: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R /Metadata 6 0 R /Resources << /Font << /F1 8 0 R >> >> >>',
    '<< /Title (Complaint \\(draft\\)) /Author (Somchai Secret-Author) /Creator <FEFF0057006F00720064> /Producer (Microsoft Word) /CreationDate (D:20240102030405+07\'00\') >>',
    Buffer.concat([Buffer.from(`<< /Type /Metadata /Subtype /XML /Length ${xmp.length} >>\nstream\n`), Buffer.from(xmp), Buffer.from('\nendstream')]),
    Buffer.concat([Buffer.from(`<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`), packed, Buffer.from('\nendstream')]),
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((o, i) => {
    offsets.push(at);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(o) ? o : Buffer.from(o, 'latin1'), Buffer.from('\nendobj\n')]);
    parts.push(b);
    at += b.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <FEDCBA9876543210FEDCBA9876543210>]${extraTrailer} >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

function pdfinfo(bytes: Uint8Array, args: string[] = []): { out: string; err: string } {
  const dir = mkdtempSync(join(tmpdir(), 'prongsai-pdf-'));
  try {
    const file = join(dir, 'f.pdf');
    writeFileSync(file, bytes);
    let err = '';
    let out = '';
    try {
      out = execFileSync('pdfinfo', [...args, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      err = String((e as { stderr?: string }).stderr ?? e);
    }
    return { out, err };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasPoppler = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('metadata removal', () => {
  it('reads the type from the content only', () => {
    expect(sniff(JPEG)).toBe('image/jpeg');
    expect(sniff(pngWithMetadata())).toBe('image/png');
    expect(sniff(pdfWithMetadata())).toBe('application/pdf');
    expect(sniff(Buffer.from('GIF89a....'))).toBeNull();
    expect(sniff(Buffer.from('PK\x03\x04 a docx'))).toBeNull();
    expect(() => stripMetadata(Buffer.from('<html>not an image</html>'))).toThrow(UnreadableFile);
  });

  it('drops EXIF, XMP, ICC, comments and trailing data from a JPEG and keeps the picture byte for byte', () => {
    const dirty = jpegWithMetadata();
    const clean = stripMetadata(dirty);
    expect(clean.mediaType).toBe('image/jpeg');
    expect(clean.complete).toBe(true);
    expect(clean.removed).toEqual(['EXIF', 'XMP', 'JPEG comment', 'ICC profile', 'data after the image']);
    const text = Buffer.from(clean.bytes).toString('latin1');
    for (const secret of ['GPS', 'SERIAL-CAM', 'xmpmeta', 'somchai', 'TRAILER-SECRET', 'ICC_PROFILE', 'Google']) expect(text).not.toContain(secret);
    expect(text.startsWith('\xff\xd8\xff\xe0\x00\x10JFIF\0')).toBe(true);
    // Everything from the first quantisation table to the end of the image is unchanged.
    const dqt = JPEG.indexOf(Buffer.from([0xff, 0xdb]));
    expect(Buffer.from(clean.bytes).subarray(Buffer.from(clean.bytes).indexOf(Buffer.from([0xff, 0xdb]))).equals(JPEG.subarray(dqt))).toBe(true);
    // Cleaning a clean file changes nothing.
    expect(Buffer.from(stripMetadata(clean.bytes).bytes).equals(Buffer.from(clean.bytes))).toBe(true);
  });

  it('refuses a damaged JPEG', () => {
    expect(() => stripMetadata(JPEG.subarray(0, 300))).toThrow(UnreadableFile);
    expect(() => stripMetadata(Buffer.concat([JPEG.subarray(0, 2), Buffer.from([0x12, 0x34]), JPEG.subarray(2)]))).toThrow(UnreadableFile);
  });

  it('keeps only the drawing chunks of a PNG', () => {
    const dirty = pngWithMetadata();
    const clean = stripMetadata(dirty);
    expect(clean.removed).toEqual(['tEXt', 'eXIf', 'tIME', 'prVt']);
    const b = Buffer.from(clean.bytes);
    for (const secret of ['Somchai', 'GPS-SECRET', 'PRIVATE-SECRET', 'tIME']) expect(b.toString('latin1')).not.toContain(secret);
    const types: string[] = [];
    for (let pos = 8; pos < b.length; pos += 12 + b.readUInt32BE(pos)) {
      types.push(b.toString('latin1', pos + 4, pos + 8));
      const len = b.readUInt32BE(pos);
      expect(b.readUInt32BE(pos + 8 + len)).toBe(crc32(b.subarray(pos + 4, pos + 8 + len)));
    }
    expect(types).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    const idat = b.indexOf('IDAT', 0, 'latin1');
    expect(inflateSync(b.subarray(idat + 4, idat + 4 + b.readUInt32BE(idat - 4)))).toHaveLength(20);
    const broken = Buffer.from(dirty);
    broken[40] = (broken[40] ?? 0) ^ 0xff;
    expect(() => stripMetadata(broken)).toThrow(UnreadableFile);
  });

  it('blanks a PDF’s Info dictionary, XMP streams and file identifiers in place, leaving a valid file', () => {
    const dirty = pdfWithMetadata();
    if (hasPoppler) expect(pdfinfo(dirty).out).toContain('Somchai Secret-Author');
    const clean = stripMetadata(dirty);
    expect(clean.complete).toBe(true);
    expect(clean.removed).toEqual(['PDF Info', 'XMP', 'PDF ID']);
    expect(clean.bytes.length).toBe(dirty.length);
    const text = Buffer.from(clean.bytes).toString('latin1');
    for (const secret of ['Somchai', 'Microsoft Word', 'D:2024', 'XMP-AUTHOR-SECRET', '0123456789ABCDEF', 'FEDCBA98', 'FEFF0057']) expect(text).not.toContain(secret);
    // The Flate stream inflates to blanks.
    const flate = text.indexOf('/FlateDecode');
    const data = text.indexOf('stream\n', flate) + 7;
    expect(inflateSync(Buffer.from(clean.bytes).subarray(data, text.indexOf('\nendstream', data))).toString().trim()).toBe('');
    expect(text).toContain('(Hello)');
    if (hasPoppler) {
      const info = pdfinfo(clean.bytes);
      expect(info.err).toBe('');
      expect(info.out).toMatch(/Pages:\s+1/);
      expect(info.out).not.toMatch(/^(Title|Author|Creator|Producer|CreationDate):[ \t]*\S/m);
      const meta = pdfinfo(clean.bytes, ['-meta']);
      expect(meta.out).not.toContain('AUTHOR-SECRET');
    }
  });

  it('says so when a PDF cannot be cleaned in place', () => {
    const encrypted = stripMetadata(pdfWithMetadata(' /Encrypt 9 0 R'));
    expect(encrypted.complete).toBe(false);
    expect(encrypted.notes[0]!.th).toContain('เข้ารหัส');
    // The Info dictionary named by the trailer is not a top-level object (as inside a compressed object stream).
    const hidden = pdfWithMetadata().toString('latin1').replace('/Info 4 0 R', '/Info 12 0 R');
    const result = stripMetadata(Buffer.from(hidden, 'latin1'));
    expect(result.complete).toBe(false);
    expect(result.notes.map((n) => n.en).join()).toContain('compressed object stream');
  });

  it('writes zlib streams of any length from 11 bytes that inflate to blanks', () => {
    for (const n of [11, 12, 100, 65_546, 65_547, 200_000]) {
      const z = pdfInternals.zlibBlank(n)!;
      expect(z).toHaveLength(n);
      expect(inflateSync(z).toString().trim()).toBe('');
    }
    expect(pdfInternals.zlibBlank(5)).toBeNull();
  });
});
