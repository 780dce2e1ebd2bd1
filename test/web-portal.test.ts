/**
 * The public portal through fastify.inject, on every database backend: staff prepare, submit, approve and
 * schedule through the forms; nothing shows before its instant and drafts never show (this organisation's or
 * another's); approved versions keep their content at their address; the feed and the JSON-LD parse; the answer
 * sheet lists every item; caching answers 304 and never outlives a scheduled change; every route has its rule.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveYear } from '../src/years/years.ts';
import { getCriteria } from '../src/ita/index.ts';
import { yearInputSchema } from '../src/model/year.ts';
import { maxAgeFor, PortalCache } from '../src/portal/cache.ts';
import { makePortalArea } from '../src/portal/routes.tsx';
import { backends } from './helpers/db.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const ORG = 'huai-thong';
const OTHER = 'na-kham-portal';
const STAFF = `/staff/o/${ORG}/2566/portal`;
const SECRET_DRAFT = 'ร่างลับที่ยังไม่อนุมัติ-7f3a';
const OTHER_DRAFT = 'ร่างของนาคำที่ห้ามเห็น-91bc';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A multipart body with one file and some fields, as a browser sends it. */
function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----prongsai-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A small well-formedness check of an XML document: every tag closed in order, attributes quoted, text without
 * a raw "<" or an "&" that does not start an entity. Returns the element names in document order.
 */
function xmlElements(xml: string): string[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const names: string[] = [];
  let at = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const text = body.slice(at, m.index);
    if (/[<>]/.test(text) || /&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(text)) throw new Error(`bad text before ${m[0]}: ${text}`);
    at = (m.index ?? 0) + m[0].length;
    const [, closing, name, , selfClosing] = m as unknown as [string, string, string, string, string];
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
    } else {
      names.push(name);
      if (!selfClosing) stack.push(name);
    }
  }
  if (stack.length || body.slice(at).trim() !== '') throw new Error(`unclosed: ${stack.join(', ')}`);
  return names;
}

describe('portal cache', () => {
  it('keeps rendered bodies within its byte budget, least recently used out, and never past a scheduled change', async () => {
    const cache = new PortalCache({ maxBytes: 25 });
    const render = (text: string) => async () => ({ body: text, type: 'text/plain' });
    await cache.body('org|a', render('0123456789'));
    await cache.body('org|b', render('0123456789'));
    await cache.body('org|a', render('changed'));
    await cache.body('org|c', render('0123456789'));
    expect(cache.size).toEqual({ entries: 2, bytes: 20 });
    expect((await cache.body('org|a', render('again'))).body.toString()).toBe('0123456789');
    expect((await cache.body('org|b', render('made again'))).body.toString()).toBe('made again');
    cache.invalidate('org');
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    const epoch = { key: 'k', nextChange: '2023-03-15T05:00:00.000Z', lastModified: '2023-03-15T03:00:00.000Z' };
    expect(maxAgeFor(epoch, new Date('2023-03-15T04:59:30.000Z'), 60)).toBe(30);
    expect(maxAgeFor(epoch, new Date('2023-03-15T04:00:00.000Z'), 60)).toBe(60);
    expect(maxAgeFor(epoch, new Date('2023-03-15T05:00:01.000Z'), 60)).toBe(0);
    expect(maxAgeFor({ ...epoch, nextChange: null }, new Date(), 60)).toBe(60);
  });
});

describe.each(backends())('public portal on %s', (backend) => {
  let s: TestServer;
  let coordinator: Client;
  let executive: Client;
  let anonymous: Client;
  const T0 = new Date('2023-03-15T03:00:00.000Z');

  const get = (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> => s.app.inject({ method: 'GET', url, headers });

  /** Prepares an item through the staff forms, sends it and approves it; returns the redirect of the approval. */
  async function publish(code: string, text: string, publishAt = ''): Promise<LightMyRequestResponse> {
    const base = `${STAFF}/oit/${code}`;
    await coordinator.get(base);
    const saved = await coordinator.post(`${base}/draft`, { updatedAt: '', text, explanation: '', links: '', documentsShown: '1' });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect((await coordinator.post(`${base}/submit`, {})).statusCode).toBe(303);
    const page = await executive.get(base);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    return executive.post(`${base}/approve`, { version, publishAt });
  }

  /** Sessions end after two idle hours of the server's clock: staff sign in again after the clock moves. */
  async function setClock(at: Date): Promise<void> {
    s.clock.now = at;
    coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    executive = await signedInClient(s.app, demoEmail('executive'));
  }

  beforeAll(async () => {
    s = await startServer(backend, { areas: [makePortalArea({ revalidateMs: 60_000 })] });
    await setClock(T0);
    anonymous = new Client(s.app);
    await saveYear(s.t.db, { id: null, label: 'test' }, yearInputSchema.parse({ organisation: { slug: OTHER, nameTh: 'เทศบาลตำบลนาคำ', kind: 'municipality' }, year: 2566, criteriaYear: 2566, scores: { indicators: {} } }));
  });
  afterAll(async () => {
    await s.close();
  });

  it('gives every portal route an access rule: public pages GET only, staff pages inside the organisation', () => {
    const mine = s.app.routeRules.filter((r) => r.url.startsWith('/o/') || r.url.includes('/portal'));
    expect(mine.length).toBeGreaterThan(30);
    for (const r of mine) {
      if (r.url.startsWith('/staff/')) {
        expect(r.access.kind, `${r.method} ${r.url}`).toBe('org');
        if (r.method === 'POST' && r.access.kind === 'org') expect(r.access.actions).not.toContain('year.read');
      } else {
        expect(r.access.kind, `${r.method} ${r.url}`).toBe('public');
        expect(['GET', 'HEAD']).toContain(r.method);
      }
    }
  });

  it('publishes through the staff forms, shows a scheduled item only from its instant, and never a draft', async () => {
    // A draft of O3, with a file: nowhere public.
    await coordinator.post(`${STAFF}/oit/O3/draft`, { updatedAt: '', text: SECRET_DRAFT, explanation: '', links: '', documentsShown: '1' });
    const page = await coordinator.get(`${STAFF}/oit/O3`);
    const updatedAt = /name="updatedAt" value="([^"]+)"/.exec(page.body)![1]!;
    const upload = multipart({ _csrf: coordinator.csrf, updatedAt, labelTh: 'ผังโครงสร้าง (ร่าง)', period: 'ต.ค. 2565' }, { name: 'draft.pdf', type: 'application/pdf', bytes: Buffer.concat([PDF, Buffer.from(SECRET_DRAFT)]) });
    const attached = await coordinator.request({ method: 'POST', url: `${STAFF}/oit/O3/attach`, ...upload });
    expect(attached.statusCode).toBe(303);
    // Another organisation's draft.
    const other = await s.t.db.query<{ id: string; fy: string }>("SELECT o.id, f.id AS fy FROM organisations o JOIN fiscal_years f ON f.org_id = o.id WHERE o.slug = $1", [OTHER]);
    await s.t.db.query("INSERT INTO publications (org_id, fiscal_year_id, kind, item_code, title_th, status, content) VALUES ($1, $2, 'oit', 'O1', 'O1 โครงสร้าง', 'draft', $3)", [other[0]!.id, other[0]!.fy, JSON.stringify({ text: OTHER_DRAFT })]);

    // O1 now, O2 in two hours.
    expect((await publish('O1', 'แผนผังโครงสร้างองค์การบริหารส่วนตำบล')).statusCode).toBe(303);
    const due = new Date(T0.getTime() + 2 * 3_600_000);
    expect((await publish('O2', 'ข้อมูลผู้บริหาร นายกองค์การบริหารส่วนตำบล', '15 มี.ค. 2566 12:00')).headers.location).toContain('done=approved');

    const year = await get(`/o/${ORG}/ita/2566`);
    expect(year.statusCode).toBe(200);
    expect(year.body).toContain('แผนผังโครงสร้างองค์การบริหารส่วนตำบล');
    expect(year.body).not.toContain('ข้อมูลผู้บริหาร นายก');
    // Proxies may not keep the page past the instant O2 becomes public.
    expect(year.headers['cache-control']).toBe('public, max-age=60');
    s.clock.now = new Date(due.getTime() - 30_000);
    expect((await get(`/o/${ORG}/ita/2566`)).headers['cache-control']).toBe('public, max-age=30');
    expect((await get(`/o/${ORG}/ita/2566/O2`)).statusCode).toBe(404);
    expect((await get(`/o/${ORG}/ita/2566/O2/v1`)).statusCode).toBe(404);
    s.clock.now = new Date(due.getTime() - 1);
    expect((await get(`/o/${ORG}/ita/2566`)).body).not.toContain('ข้อมูลผู้บริหาร นายก');
    await setClock(due);
    const after = await get(`/o/${ORG}/ita/2566`);
    expect(after.body).toContain('ข้อมูลผู้บริหาร นายกองค์การบริหารส่วนตำบล');
    expect((await get(`/o/${ORG}/ita/2566/O2/v1`)).statusCode).toBe(200);
    // A clock set back before the instant (the cache computed its state later) hides it again.
    s.clock.now = new Date(due.getTime() - 1);
    expect((await get(`/o/${ORG}/ita/2566/O2/v1`)).statusCode).toBe(404);
    s.clock.now = due;

    // Neither draft shows anywhere public, in either organisation.
    const urls = ['/', '/ita/2566', '/ita/2566/O3', '/ita/2566/O3/v1', '/documents', '/results', '/data', '/data/publications.csv', '/data/publications.json', '/data/oit-2566.json', '/catalog.jsonld', '/catalog.ckan.json', '/feed.atom'];
    for (const slug of [ORG, OTHER]) {
      for (const u of urls) {
        const res = await get(`/o/${slug}${u}`);
        expect(res.statusCode, `${slug}${u}`).toBeLessThan(500);
        expect(res.body, `${slug}${u}`).not.toContain(SECRET_DRAFT);
        expect(res.body, `${slug}${u}`).not.toContain(OTHER_DRAFT);
        // No internal id, and no staff name (only what was published).
        expect(res.body, `${slug}${u}`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
        expect(res.body, `${slug}${u}`).not.toContain('ประสานงาน');
      }
    }
    const draftFile = (await s.t.db.query<{ sha256: string }>("SELECT sha256 FROM publication_files WHERE filename = 'draft.pdf'"))[0]!.sha256;
    expect((await get(`/o/${ORG}/files/${draftFile}/draft.pdf`)).statusCode).toBe(404);
    // Staff without a role in the other organisation cannot open its staff pages (where its drafts are).
    expect((await coordinator.get(`/staff/o/${OTHER}/2566/portal`)).statusCode).toBe(403);
    expect((await coordinator.get(`/staff/o/${OTHER}/2566/portal/oit/O1`)).statusCode).toBe(403);
  });

  it('keeps an approved version at its address after a new version, and says the newer one exists', async () => {
    await setClock(new Date(T0.getTime() + 3 * 3_600_000));
    const before = await get(`/o/${ORG}/ita/2566/O1/v1`);
    expect(before.statusCode).toBe(200);
    expect((await publish('O1', 'แผนผังโครงสร้างฉบับปรับปรุง')).statusCode).toBe(303);
    const v1 = await get(`/o/${ORG}/ita/2566/O1/v1`);
    expect(v1.body).toContain('แผนผังโครงสร้างองค์การบริหารส่วนตำบล');
    expect(v1.body).not.toContain('แผนผังโครงสร้างฉบับปรับปรุง');
    expect(v1.body).toContain('ฉบับนี้มีฉบับที่ใหม่กว่าแล้ว');
    const latest = await get(`/o/${ORG}/ita/2566/O1`);
    expect(latest.body).toContain('แผนผังโครงสร้างฉบับปรับปรุง');
    expect(latest.body).toContain(`href="/o/${ORG}/ita/2566/O1/v1"`);
    // Withdrawing version 2: its address answers 410 with the reason; the latest is version 1 again.
    const page = await executive.get(`${STAFF}/oit/O1`);
    expect(page.body).toContain('ถอนการเผยแพร่ฉบับที่ 2');
    const noReason = await executive.post(`${STAFF}/oit/O1/withdraw`, { version: '2', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('role="alert">โปรดระบุเหตุผลที่ถอนการเผยแพร่ (แสดงต่อสาธารณะ)');
    expect((await get(`/o/${ORG}/ita/2566/O1/v2`)).statusCode).toBe(200);
    expect((await executive.post(`${STAFF}/oit/O1/withdraw`, { version: '2', reason: 'ตารางมีข้อมูลส่วนบุคคล' })).statusCode).toBe(303);
    const gone = await get(`/o/${ORG}/ita/2566/O1/v2`);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('ตารางมีข้อมูลส่วนบุคคล');
    expect((await get(`/o/${ORG}/ita/2566/O1`)).body).toContain('แผนผังโครงสร้างองค์การบริหารส่วนตำบล');
  });

  it('answers conditional requests with 304 and speaks Thai (and English on request) in its metadata', async () => {
    const first = await get(`/o/${ORG}/`);
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['last-modified']).toBeTruthy();
    expect((await get(`/o/${ORG}/`, { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
    expect((await get(`/o/${ORG}/`, { 'if-modified-since': String(first.headers['last-modified']) })).statusCode).toBe(304);
    expect(first.body).toMatch(/^<!doctype html><html lang="th">/);
    expect(first.body).toContain('<title>การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) · องค์การบริหารส่วนตำบลห้วยทอง</title>');
    expect(first.body).toMatch(/<meta name="description" content="[^"]+"/);
    expect(first.body).toMatch(/<meta property="og:title" content="[^"]+"/);
    expect(first.body).toContain('<meta property="og:locale" content="th_TH"/>');
    expect(first.body).toMatch(/<link rel="canonical" href="http:\/\/[^"]+\/o\/huai-thong\/"/);
    expect(first.body).not.toMatch(/<script/);
    const en = await get(`/o/${ORG}/?lang=en`);
    expect(en.body).toMatch(/<html lang="en">/);
    expect(en.headers.etag).not.toBe(first.headers.etag);
    // Thai digits in Thai dates.
    const item = await get(`/o/${ORG}/ita/2566/O1`);
    expect(item.body).toMatch(/เผยแพร่เมื่อ [๐-๙]+ มีนาคม ๒๕๖๖/);
    // A publication in this process shows at once (the cache is emptied), not after the revalidation delay.
    expect((await publish('O4', 'แผนพัฒนาท้องถิ่น')).statusCode).toBe(303);
    const again = await get(`/o/${ORG}/`);
    expect(again.headers.etag).not.toBe(first.headers.etag);
    expect((await get(`/o/${ORG}/ita/2566`)).body).toContain('แผนพัฒนาท้องถิ่น');
  });

  it('serves the frozen documents and attached files with safe headers, and only while public', async () => {
    const base = `${STAFF}/oit/O5`;
    await coordinator.get(base);
    expect((await coordinator.post(`${base}/draft`, { updatedAt: '', text: 'ข้อมูลการติดต่อ', links: '', documentsShown: '1', documents: ['analysis:2566'] })).statusCode).toBe(303);
    const page = await coordinator.get(base);
    const updatedAt = /name="updatedAt" value="([^"]+)"/.exec(page.body)![1]!;
    const upload = multipart({ _csrf: coordinator.csrf, updatedAt, labelTh: 'แผนที่ที่ตั้งสำนักงาน', period: '' }, { name: 'แผนที่.pdf', type: 'application/pdf', bytes: PDF });
    expect((await coordinator.request({ method: 'POST', url: `${base}/attach`, ...upload })).statusCode).toBe(303);
    expect((await coordinator.post(`${base}/submit`, {})).statusCode).toBe(303);
    // The approver previews the frozen bytes from the staff side before anything is public.
    const staffPage = await executive.get(base);
    const preview = /href="(\/staff\/o\/huai-thong\/portal\/files\/[^"]+)"/.exec(staffPage.body)![1]!;
    const staged = await executive.get(preview);
    expect(staged.statusCode).toBe(200);
    expect(staged.headers['cache-control']).toBe('private, no-store');
    expect((await get(`/o/${ORG}/ita/2566/O5/v1/documents/analysis.html`)).statusCode).toBe(404);
    expect((await executive.post(`${base}/approve`, { version: '1', publishAt: '' })).statusCode).toBe(303);

    const html = await get(`/o/${ORG}/ita/2566/O5/v1/documents/analysis.html`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(String(html.headers['content-security-policy'])).toMatch(/default-src 'none'.*sandbox/);
    expect(html.body).toContain('การวิเคราะห์ผลการประเมิน');
    expect((await get(`/o/${ORG}/ita/2566/O5/v1/documents/analysis.html`, { 'if-none-match': String(html.headers.etag) })).statusCode).toBe(304);
    const pdf = await get(`/o/${ORG}/ita/2566/O5/v1/documents/analysis.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^inline; filename="huai-thong-2566-analysis.pdf"/);
    expect(pdf.headers['content-security-policy']).toBeUndefined();
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const docx = await get(`/o/${ORG}/ita/2566/O5/v1/documents/analysis.docx`);
    expect(docx.headers['content-disposition']).toMatch(/^attachment;/);
    expect((await get(`/o/${ORG}/ita/2566/O5/v1/documents/analysis.xlsx`)).statusCode).toBe(404);
    const item = await get(`/o/${ORG}/ita/2566/O5`);
    const fileUrl = /href="(\/o\/huai-thong\/files\/[0-9a-f]{64}\/[^"]+)"/.exec(item.body)![1]!;
    const file = await get(fileUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''%E0%B9%81%E0%B8%9C%E0%B8%99%E0%B8%97%E0%B8%B5%E0%B9%88.pdf");
    expect(file.rawPayload.equals(PDF)).toBe(true);
    // Withdrawn: neither the document nor the file (carried by no other public version) is served any more.
    expect((await executive.post(`${base}/withdraw`, { version: '1', reason: 'ที่อยู่ไม่ถูกต้อง' })).statusCode).toBe(303);
    expect((await get(`/o/${ORG}/ita/2566/O5/v1/documents/analysis.pdf`)).statusCode).toBe(404);
    expect((await get(fileUrl)).statusCode).toBe(404);
  });

  it('serves an Atom feed and a DCAT catalogue that parse, with the Thai GDC fields', async () => {
    const feed = await get(`/o/${ORG}/feed.atom`);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const names = xmlElements(feed.body);
    expect(names[0]).toBe('feed');
    for (const required of ['title', 'id', 'updated', 'author', 'entry', 'link']) expect(names).toContain(required);
    const entries = feed.body.split('<entry>').slice(1);
    expect(entries.length).toBeGreaterThanOrEqual(3);
    for (const e of entries) {
      expect(e).toMatch(/<id>http:\/\/[^<]+\/o\/huai-thong\/ita\/2566\/O\d+\/v\d+<\/id>/);
      expect(e).toMatch(/<updated>\d{4}-\d{2}-\d{2}T[\d:.]+Z<\/updated>/);
    }
    expect(feed.body).not.toContain('/O1/v2<');

    const res = await get(`/o/${ORG}/catalog.jsonld`);
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const catalog = JSON.parse(res.body) as Record<string, unknown>;
    expect(catalog['@type']).toBe('dcat:Catalog');
    expect((catalog['@context'] as Record<string, string>).dcat).toBe('http://www.w3.org/ns/dcat#');
    const datasets = catalog['dcat:dataset'] as Record<string, unknown>[];
    expect(datasets.map((d) => d['dct:identifier'])).toEqual(['huai-thong-publications', 'huai-thong-oit-2566']);
    for (const d of datasets) {
      expect(d['@type']).toBe('dcat:Dataset');
      expect(d['dct:title']).toEqual(expect.arrayContaining([expect.objectContaining({ '@language': 'th' })]));
      expect(d['dct:publisher']).toMatchObject({ '@type': 'foaf:Organization' });
      for (const field of ['data_type', 'objective', 'update_frequency_unit', 'geo_coverage', 'data_source', 'data_format', 'data_category', 'license_id', 'maintainer']) {
        expect(d[`thgdc:${field}`], field).toBeDefined();
      }
      const distributions = d['dcat:distribution'] as Record<string, unknown>[];
      expect(distributions.map((x) => x['dct:format'])).toEqual(['CSV', 'JSON']);
      for (const dist of distributions) {
        const url = (dist['dcat:downloadURL'] as { '@id': string })['@id'];
        const file = await get(new URL(url).pathname);
        expect(file.statusCode, url).toBe(200);
      }
    }
    const oit = await get(`/o/${ORG}/data/oit-2566.json`);
    const table = JSON.parse(oit.body) as { rows: { code: string; published: boolean }[] };
    expect(table.rows.map((r) => r.code)).toEqual(getCriteria(2566).oitItems.map((i) => i.code));
    expect(table.rows.filter((r) => r.published).map((r) => r.code)).toEqual(['O1', 'O2', 'O4']);
    const csv = await get(`/o/${ORG}/data/oit-2566.csv`);
    expect(csv.body.startsWith('\uFEFFตัวชี้วัด,หัวข้อ,ข้อ,')).toBe(true);
    const ckan = JSON.parse((await get(`/o/${ORG}/catalog.ckan.json`)).body) as { packages: Record<string, unknown>[] };
    expect(ckan.packages[0]).toMatchObject({ name: 'huai-thong-publications', data_type: 'ข้อมูลระเบียน', data_category: 'ข้อมูลสาธารณะ', allow_harvest: 'True' });
    expect((await get(`/o/${ORG}/data/nope.csv`)).statusCode).toBe(404);
  });

  it('gives staff the answer sheet of every item, and keeps it from others', async () => {
    const page = await coordinator.get(`${STAFF}/answer-sheet`);
    expect(page.statusCode).toBe(200);
    for (const item of getCriteria(2566).oitItems) expect(page.body).toContain(`${item.code} ${item.titleTh.replace(/&/g, '&amp;')}`);
    expect(page.body).toMatch(/\/o\/huai-thong\/ita\/2566\/O1\/v1</);
    const xlsx = await coordinator.get(`${STAFF}/answer-sheet.xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await coordinator.get(`${STAFF}/answer-sheet.csv`);
    expect(csv.body.trim().split('\r\n')).toHaveLength(44);
    expect((await anonymous.get(`${STAFF}/answer-sheet`)).statusCode).toBe(303);
    // The executive approves but does not prepare; the coordinator prepares but does not approve.
    expect((await executive.post(`${STAFF}/oit/O9/draft`, { text: 'x' })).statusCode).toBe(403);
    expect((await coordinator.post(`${STAFF}/oit/O1/approve`, { version: '1' })).statusCode).toBe(403);
    // A bad link is refused with a Thai message and nothing is saved.
    const bad = await coordinator.post(`${STAFF}/oit/O9/draft`, { updatedAt: '', text: 'Q&A', links: 'เว็บบอร์ด | javascript:alert(1)', documentsShown: '1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://');
    expect(bad.body).not.toContain('<a href="javascript');
    const rows = await s.t.db.query("SELECT 1 FROM publications WHERE item_code = 'O9'");
    expect(rows).toHaveLength(0);
  });
});
