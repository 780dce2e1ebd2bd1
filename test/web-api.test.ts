/**
 * The HTTP API as a script uses it, with API tokens: the OpenAPI description covers every /api/v1 route, and a
 * year's work goes through it (scores, measures with optimistic concurrency, progress with a file, approval,
 * documents, audit log), with errors as {error: {code, th, en, field?}} and the statuses 400/401/403/404/409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, DEMO_PASSWORD, signIn } from '../src/accounts/accounts.ts';
import { startServer, type TestServer } from './web-support.ts';

const YEAR = '/api/v1/orgs/huai-thong/years/2566';

function multipart(fields: Record<string, string>, file: { filename: string; type: string; bytes: Buffer }) {
  const boundary = `----prongsai${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('HTTP API with tokens', () => {
  let s: TestServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer('pglite');
    for (const role of ['coordinator', 'executive', 'auditor']) {
      const who = await signIn(s.t.db, `${role}@huai-thong.demo`, DEMO_PASSWORD);
      tokens[role] = (await createApiToken(s.t.db, who.account.principal, `test ${role}`)).token;
    }
  });
  afterAll(async () => s.close());

  const call = (role: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    s.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[role]}` }, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('describes every API route in OpenAPI 3, generated from the zod schemas', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toMatch(/^3\./);
    const routes = s.app.routeRules.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD');
    for (const r of routes) {
      const op = doc.paths[r.url.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url}`).toBeDefined();
      expect(op!.responses['400']).toBeDefined();
    }
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    // A body described from its schema.
    const scores = doc.paths['/api/v1/orgs/{slug}/years/{year}/scores']!.patch!.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
    expect(Object.keys(scores.content['application/json']!.schema.properties)).toEqual(expect.arrayContaining(['indicators', 'eitParts', 'official', 'source']));
    // The whole description, written down: a change to the API's contract is a deliberate change of this file.
    await expect(`${JSON.stringify(doc, null, 1)}\n`).toMatchFileSnapshot('./fixtures/openapi.json');
  });

  it('goes through a year’s work with a token, and says what is wrong in Thai and English', async () => {
    // Scores: a wrong one is a 400 naming the field, and nothing changes.
    const bad = await call('coordinator', 'PATCH', `${YEAR}/scores`, { indicators: { 3: 101 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid-input', field: 'indicators.3', th: expect.stringContaining('ตัวชี้วัดที่ 3'), en: expect.any(String) });
    const ok = await call('coordinator', 'PATCH', `${YEAR}/scores`, { indicators: { 1: '93.55', 2: 87.72, 3: 91.01, 4: 87.93, 5: 89.52, 6: 90.55, 7: 88.68, 8: 88.58, 9: 72.89, 10: 65.56 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().computed.overall).toBe(81.45);
    const dash = await call('auditor', 'GET', YEAR);
    expect(dash.json().overall.score).toBe(81.45);
    expect((await call('auditor', 'PATCH', `${YEAR}/scores`, { indicators: { 1: 90 } })).statusCode).toBe(403);

    // A measure, changed twice from the same version: the second is a conflict.
    const made = await call('coordinator', 'POST', `${YEAR}/measures`, { titleTh: 'มาตรการทดสอบ API', indicators: [9], responsible: [{ labelTh: 'สำนักปลัด' }] });
    expect(made.statusCode).toBe(201);
    const m = made.json() as { id: string; updatedAt: string };
    expect((await call('coordinator', 'PATCH', `${YEAR}/measures/${m.id}`, { updatedAt: m.updatedAt, changes: { status: 'in_progress' } })).statusCode).toBe(200);
    const conflict = await call('coordinator', 'PATCH', `${YEAR}/measures/${m.id}`, { updatedAt: m.updatedAt, changes: { status: 'done' } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('conflict');
    expect((await call('coordinator', 'GET', `${YEAR}/measures/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);

    // Progress with a file; a file that lies about its type is refused.
    const entry = await call('coordinator', 'POST', `${YEAR}/measures/${m.id}/progress`, { month: '2023-01', done: 'ประชุมคณะทำงาน', status: 'on_track' });
    expect(entry.statusCode).toBe(201);
    const pid = entry.json().id as string;
    const upload = await s.app.inject({
      method: 'POST',
      url: `${YEAR}/progress/${pid}/evidence`,
      ...(() => {
        const mp = multipart({}, { filename: 'minutes.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
        return { payload: mp.payload, headers: { ...mp.headers, authorization: `Bearer ${tokens.coordinator}` } };
      })(),
    });
    expect(upload.statusCode).toBe(201);
    const lie = multipart({}, { filename: 'photo.png', type: 'image/png', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    const refused = await s.app.inject({ method: 'POST', url: `${YEAR}/progress/${pid}/evidence`, payload: lie.payload, headers: { ...lie.headers, authorization: `Bearer ${tokens.coordinator}` } });
    expect(refused.statusCode).toBe(400);
    const file = await call('auditor', 'GET', `${YEAR}/evidence/${upload.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.toString()).toBe('%PDF-1.4\n%%EOF\n');

    // Approval: asked by the coordinator, decided by the executive only.
    const asked = await call('coordinator', 'POST', `${YEAR}/approvals`, { subject: 'measures-report' });
    expect(asked.statusCode).toBe(201);
    const approvalId = asked.json().pending.id as string;
    expect((await call('coordinator', 'POST', `${YEAR}/approvals/${approvalId}/decision`, { decision: 'approved' })).statusCode).toBe(403);
    const decided = await call('executive', 'POST', `${YEAR}/approvals/${approvalId}/decision`, { decision: 'approved', documentSha256: asked.json().currentSha256, reason: 'ข้อความของรายงานจริง' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json().upToDate).toBe(true);

    // Documents: the linter, and a download with the counts in headers.
    const lint = await call('auditor', 'GET', `${YEAR}/documents/lint`);
    expect(lint.json().problems.length).toBeGreaterThan(0);
    // The proof-reader's warnings carry their fix: the seed's ผู้ได้บังคับบัญชา.
    expect(lint.json().problems).toContainEqual(expect.objectContaining({ code: 'misspelling', suggestion: expect.objectContaining({ find: 'ผู้ได้บังคับบัญชา', replace: 'ผู้ใต้บังคับบัญชา' }) }));
    const xlsx = await call('auditor', 'GET', `${YEAR}/documents/measures-report?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('huai-thong-2566-measures-report.xlsx');
    expect(Number(xlsx.headers['x-prongsai-lint-warnings']) + Number(xlsx.headers['x-prongsai-lint-errors'])).toBeGreaterThan(0);
    expect((await call('auditor', 'GET', `${YEAR}/documents/measures-report?format=exe`)).statusCode).toBe(400);

    // The audit log has all of it, for those who may read it.
    const log = await call('auditor', 'GET', '/api/v1/orgs/huai-thong/audit?entity=measures&pageSize=5');
    expect(log.statusCode).toBe(200);
    expect(log.json().entries.some((e: { after: { title_th?: string } }) => e.after?.title_th === 'มาตรการทดสอบ API')).toBe(true);
    expect((await call('coordinator', 'GET', '/api/v1/orgs/huai-thong/audit')).statusCode).toBe(403);
    const csv = await call('auditor', 'GET', '/api/v1/orgs/huai-thong/audit.csv?entity=approvals');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('approvals');
  });
});
