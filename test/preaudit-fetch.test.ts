import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.ts';
import { DEFAULT_POLICY, isPublicAddress, policyFromEnv, SafeFetcher, type FetchPolicy, type Resolve } from '../src/preaudit/fetch.ts';

interface Served {
  readonly port: number;
  readonly base: string;
  /** TCP connections accepted so far. */
  connections: number;
  readonly userAgents: string[];
}

const servers: (http.Server | https.Server)[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(server: http.Server | https.Server, scheme = 'http'): Promise<Served> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const served: Served = { port, base: `${scheme}://127.0.0.1:${port}`, connections: 0, userAgents: [] };
  server.on('connection', () => (served.connections += 1));
  server.on('request', (req: IncomingMessage) => served.userAgents.push(req.headers['user-agent'] ?? ''));
  return served;
}

const serve = (handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Served> => listen(http.createServer(handler));

const policy = (served: readonly Served[], more: Partial<FetchPolicy> = {}): FetchPolicy => ({
  ...DEFAULT_POLICY,
  allowHosts: new Set(served.map((s) => `127.0.0.1:${s.port}`)),
  ...more,
});

describe('SafeFetcher: what it reads', () => {
  it('reads a 200 page through an allowed test host and sends the User-Agent', async () => {
    const site = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'last-modified': 'Wed, 01 Oct 2025 08:00:00 GMT' });
      res.end('<html><title>อบต.ทดสอบ</title></html>');
    });
    const got = await new SafeFetcher(policy([site])).fetch(`${site.base}/o1`);
    expect(got).toMatchObject({
      ok: true,
      url: `${site.base}/o1`,
      finalUrl: `${site.base}/o1`,
      redirects: [],
      status: 200,
      contentType: 'text/html; charset=utf-8',
      lastModified: '2025-10-01T08:00:00.000Z',
    });
    if (!got.ok) throw new Error('not fetched');
    expect(got.body.toString('utf8')).toBe('<html><title>อบต.ทดสอบ</title></html>');
    expect(got.size).toBe(got.body.length);
    expect(Number.isNaN(Date.parse(got.fetchedAt))).toBe(false);
    expect(site.userAgents).toEqual([DEFAULT_POLICY.userAgent]);
    expect(DEFAULT_POLICY.userAgent).toMatch(/^Prongsai-OIT-preaudit\/\d+\.\d+\.\d+ \(.*OIT readiness check\)$/);
  });

  it('answers 404 as http-status with the status and a Thai and English message', async () => {
    const site = await serve((_req, res) => res.writeHead(404).end('gone'));
    const got = await new SafeFetcher(policy([site])).fetch(`${site.base}/missing`);
    expect(got).toMatchObject({ ok: false, failure: 'http-status', status: 404, finalUrl: `${site.base}/missing` });
    if (got.ok) throw new Error('fetched');
    expect(got.message.th).toBe('ลิงก์ตอบกลับ 404');
    expect(got.message.en).toBe('the link answered 404');
  });

  it('follows a redirect chain and lists it', async () => {
    const site = await serve((req, res) => {
      if (req.url === '/a') res.writeHead(301, { location: '/b' }).end();
      else if (req.url === '/b') res.writeHead(302, { location: `http://127.0.0.1:${(req.socket.address() as AddressInfo).port}/c?x=1` }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('here');
    });
    const got = await new SafeFetcher(policy([site])).fetch(`${site.base}/a`);
    expect(got).toMatchObject({ ok: true, finalUrl: `${site.base}/c?x=1`, redirects: [`${site.base}/b`, `${site.base}/c?x=1`] });
  });

  it('stops a redirect loop and a chain longer than maxRedirects', async () => {
    const site = await serve((req, res) => {
      if (req.url === '/x') res.writeHead(302, { location: '/y' }).end();
      else if (req.url === '/y') res.writeHead(307, { location: '/x' }).end();
      else res.writeHead(302, { location: `/r${Number(req.url?.slice(2)) + 1}` }).end();
    });
    const fetcher = new SafeFetcher(policy([site]));
    expect(await fetcher.fetch(`${site.base}/x`)).toMatchObject({ ok: false, failure: 'redirect-loop', redirects: [`${site.base}/y`] });
    const long = await fetcher.fetch(`${site.base}/r0`);
    expect(long).toMatchObject({ ok: false, failure: 'too-many-redirects', finalUrl: `${site.base}/r6` });
    expect(long.redirects).toHaveLength(5);
  });

  it('times out a server that never answers, and one whose body trickles', async () => {
    const silent = await serve(() => undefined);
    const trickle = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>');
    });
    const fetcher = new SafeFetcher(policy([silent, trickle], { timeoutMs: 200 }));
    const never = await fetcher.fetch(`${silent.base}/`);
    expect(never).toMatchObject({ ok: false, failure: 'timeout' });
    if (never.ok) throw new Error('fetched');
    expect(never.message.en).toBe('the web site did not answer within 1 seconds');
    expect(await fetcher.fetch(`${trickle.base}/`)).toMatchObject({ ok: false, failure: 'timeout' });
  });

  it('stops reading a body over maxBytes: an endless stream, a large Content-Length, a gzip bomb', async () => {
    let written = 0;
    const endless = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const more = (): void => {
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    });
    const declared = await serve((_req, res) => res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).write('x'));
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const bombing = await serve((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    const fetcher = new SafeFetcher(policy([endless, declared, bombing], { maxBytes: 1024 * 1024 }));

    const got = await fetcher.fetch(`${endless.base}/`);
    expect(got).toMatchObject({ ok: false, failure: 'too-large' });
    if (got.ok) throw new Error('fetched');
    expect(got.message.th).toBe('ไฟล์ใหญ่เกิน 1 MiB');
    expect(written).toBeLessThan(32 * 1024 * 1024); // the server was stopped, not read to the end (it has none)
    expect(await fetcher.fetch(`${declared.base}/`)).toMatchObject({ ok: false, failure: 'too-large' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await fetcher.fetch(`${bombing.base}/`)).toMatchObject({ ok: false, failure: 'too-large' });
  });

  it('decodes gzip, deflate and br bodies; an unknown encoding is a bad response', async () => {
    const text = 'ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๙ '.repeat(100);
    const encoded: Record<string, Buffer> = {
      gzip: zlib.gzipSync(text),
      deflate: zlib.deflateSync(text),
      br: zlib.brotliCompressSync(text),
      compress: Buffer.from(text),
    };
    const site = await serve((req, res) => {
      const encoding = req.url?.slice(1) ?? '';
      res.writeHead(200, { 'content-encoding': encoding }).end(encoded[encoding]);
    });
    const fetcher = new SafeFetcher(policy([site]));
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const got = await fetcher.fetch(`${site.base}/${encoding}`);
      expect(got.ok && got.body.toString('utf8')).toBe(text);
    }
    expect(await fetcher.fetch(`${site.base}/compress`)).toMatchObject({ ok: false, failure: 'bad-response' });
  });

  it('names DNS and connection failures', async () => {
    const closed = await serve(() => undefined);
    const port = closed.port;
    servers.splice(0).forEach((s) => s.close());
    const resolve: Resolve = () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    const fetcher = new SafeFetcher({ ...DEFAULT_POLICY, allowHosts: new Set([`127.0.0.1:${port}`]) }, { resolve });
    expect(await fetcher.fetch('https://no-such-host.example/')).toMatchObject({ ok: false, failure: 'dns' });
    expect(await fetcher.fetch(`http://127.0.0.1:${port}/`)).toMatchObject({ ok: false, failure: 'connect' });
  });

  it('verifies TLS: a self-signed certificate is a tls failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prongsai-tls-'));
    try {
      const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
        '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const site = await listen(https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('secret')), 'https');
      const got = await new SafeFetcher(policy([site])).fetch(`${site.base}/`);
      expect(got).toMatchObject({ ok: false, failure: 'tls' });
      if (got.ok) throw new Error('fetched');
      expect(got.message.th).toContain('ใบรับรอง');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets a caller cancel: fetch rejects with the signal reason', async () => {
    const silent = await serve(() => undefined);
    const controller = new AbortController();
    const pending = new SafeFetcher(policy([silent])).fetch(`${silent.base}/`, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });
});

describe('SafeFetcher: what it refuses before any connection', () => {
  it('refuses other schemes, credentials and non-addresses', async () => {
    const fetcher = new SafeFetcher(DEFAULT_POLICY);
    for (const url of ['file:///etc/passwd', 'ftp://example.com/x', 'data:text/html,hi', 'javascript:alert(1)', 'gopher://example.com/']) {
      expect(await fetcher.fetch(url), url).toMatchObject({ ok: false, failure: 'bad-scheme' });
    }
    const creds = await fetcher.fetch('https://user:secret@example.com/');
    expect(creds).toMatchObject({ ok: false, failure: 'bad-url' });
    if (creds.ok) throw new Error('fetched');
    expect(creds.message.en).not.toContain('secret');
    expect(await fetcher.fetch('not a link')).toMatchObject({ ok: false, failure: 'bad-url', finalUrl: null });
  });

  it('refuses loopback, private, link-local, CGNAT, unspecified, mapped and odd spellings: no connection made', async () => {
    const local = await serve((_req, res) => res.end('must not be read'));
    let resolved = 0;
    const resolve: Resolve = (hostname) => {
      resolved += 1;
      if (hostname === 'intranet.example') return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      if (hostname === 'mixed.example') return Promise.resolve([{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }]);
      if (hostname === 'localhost') return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      return Promise.reject(Object.assign(new Error('unknown'), { code: 'ENOTFOUND' }));
    };
    const fetcher = new SafeFetcher(DEFAULT_POLICY, { resolve });
    const p = local.port;
    const literals = [
      `http://127.0.0.1:${p}/`, `http://[::1]:${p}/`, 'http://10.1.2.3/', 'http://172.16.0.1/', 'http://172.31.255.254/', 'http://192.168.1.1/',
      'http://100.64.0.1/', 'http://169.254.169.254/latest/meta-data/', `http://0.0.0.0:${p}/`, `http://[::ffff:127.0.0.1]:${p}/`,
      'http://[fd00::1]/', 'http://[fe80::1]/', 'http://224.0.0.1/', `http://2130706433:${p}/`, `http://0x7f.1:${p}/`, `http://0177.0.0.1:${p}/`,
    ];
    for (const url of literals) {
      const got = await fetcher.fetch(url);
      expect(got, url).toMatchObject({ ok: false, failure: 'refused-address' });
    }
    expect(resolved).toBe(0); // literals are judged without a lookup
    for (const host of ['localhost', 'intranet.example', 'mixed.example']) {
      const got = await fetcher.fetch(`http://${host}:${p}/`);
      expect(got, host).toMatchObject({ ok: false, failure: 'refused-address' });
      if (got.ok) throw new Error('fetched');
      expect(got.message.th).toContain('ที่อยู่ภายในเครือข่าย');
    }
    expect(local.connections).toBe(0);
  });

  it('connects to the address it checked (pinned: one resolution per request)', async () => {
    const site = await serve((req, res) => res.end(req.headers.host));
    let resolved = 0;
    const resolve: Resolve = () => {
      resolved += 1;
      return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    };
    const fetcher = new SafeFetcher({ ...DEFAULT_POLICY, allowHosts: new Set([`pinned.example:${site.port}`]) }, { resolve });
    const got = await fetcher.fetch(`http://pinned.example:${site.port}/`);
    expect(got.ok && got.body.toString()).toBe(`pinned.example:${site.port}`);
    expect(resolved).toBe(1);
  });

  it('checks every redirect: from an allowed host to another local port, localhost or the metadata address is refused', async () => {
    const other = await serve((_req, res) => res.end('internal'));
    const site = await serve((req, res) => {
      const to: Record<string, string> = {
        '/port': `http://127.0.0.1:${other.port}/admin`,
        '/name': `http://localhost:${other.port}/admin`,
        '/metadata': 'http://169.254.169.254/latest/meta-data/',
        '/file': 'file:///etc/passwd',
      };
      res.writeHead(302, { location: to[req.url ?? ''] ?? '/' }).end();
    });
    const fetcher = new SafeFetcher({ ...DEFAULT_POLICY, allowHosts: new Set([`127.0.0.1:${site.port}`]) });
    expect(await fetcher.fetch(`${site.base}/port`)).toMatchObject({
      ok: false,
      failure: 'refused-address',
      finalUrl: `http://127.0.0.1:${other.port}/admin`,
      redirects: [`http://127.0.0.1:${other.port}/admin`],
    });
    expect(await fetcher.fetch(`${site.base}/name`)).toMatchObject({ ok: false, failure: 'refused-address' });
    expect(await fetcher.fetch(`${site.base}/metadata`)).toMatchObject({ ok: false, failure: 'refused-address' });
    expect(await fetcher.fetch(`${site.base}/file`)).toMatchObject({ ok: false, failure: 'bad-scheme' });
    expect(other.connections).toBe(0);
  });

  it('judges addresses by range', () => {
    for (const a of ['8.8.8.8', '93.184.216.34', '2606:4700::1111']) expect(isPublicAddress(a), a).toBe(true);
    const refused = ['127.0.0.1', '10.0.0.1', '172.16.0.1', '192.168.0.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '224.0.0.1', '255.255.255.255',
      '192.0.2.1', '::1', '::', 'fd00::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::7f00:1', 'not-an-ip'];
    for (const a of refused) expect(isPublicAddress(a), a).toBe(false);
  });
});

describe('SafeFetcher: politeness', () => {
  it('keeps at most perHost requests at a time to one host', async () => {
    const held: ServerResponse[] = [];
    let arrived = 0;
    let most = 0;
    const site = await serve((_req, res) => {
      arrived += 1;
      held.push(res);
      most = Math.max(most, held.length);
      // Hold the requests a moment once the limit is reached: a fetcher without the limit would send the other three
      // meanwhile and `most` would show them. (The wait is the server's, not an assertion's.)
      if (held.length >= 2 || arrived === 5) setTimeout(() => held.splice(0).forEach((r) => r.end('ok')), 50);
    });
    const fetcher = new SafeFetcher(policy([site], { perHost: 2 }));
    const all = await Promise.all([0, 1, 2, 3, 4].map((i) => fetcher.fetch(`${site.base}/${i}`)));
    expect(all.map((g) => g.ok)).toEqual([true, true, true, true, true]);
    expect(arrived).toBe(5);
    expect(most).toBe(2);
    expect(site.userAgents.every((ua) => ua === DEFAULT_POLICY.userAgent)).toBe(true);
  });
});

describe('policyFromEnv', () => {
  it('reads PRONGSAI_OIT_ALLOW_HOSTS strictly', () => {
    expect(policyFromEnv({})).toBe(DEFAULT_POLICY);
    expect(DEFAULT_POLICY).toMatchObject({ maxRedirects: 5, maxBytes: 20 * 1024 * 1024, timeoutMs: 20_000, perHost: 2 });
    expect(DEFAULT_POLICY.allowHosts.size).toBe(0);
    const policy = policyFromEnv({ PRONGSAI_OIT_ALLOW_HOSTS: '127.0.0.1:8080, [::1]:9000,LocalHost:3000' });
    expect([...policy.allowHosts]).toEqual(['127.0.0.1:8080', '[::1]:9000', 'localhost:3000']);
    for (const bad of ['127.0.0.1', 'http://127.0.0.1:80', '127.0.0.1:0', '127.0.0.1:99999', '127.0.0.1:80,', 'a b:80', '127.0.0.1:80/x']) {
      let error: unknown;
      try {
        policyFromEnv({ PRONGSAI_OIT_ALLOW_HOSTS: bad });
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe('PRONGSAI_OIT_ALLOW_HOSTS');
      expect((error as ConfigError).en).toContain('is not host:port');
    }
  });
});
