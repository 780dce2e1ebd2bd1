/**
 * NUL and the other control characters (C0 but tab, LF and CR in text; DEL; in paths and queries tab, LF and CR
 * too) are refused by the web layer before any route reads them (src/web/control-chars.ts): a 400 naming the
 * field, never a 500 from the database. Every JSON API operation of /api/openapi.json is called with such a
 * character in each of its path parameters, query parameters and string fields in turn.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createApiToken, DEMO_PASSWORD, signIn } from '../src/accounts/accounts.ts';
import { loadYear } from '../src/years/years.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const BAD = 'a\u0000b';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  minItems?: number;
  additionalProperties?: JsonSchema | boolean;
}

interface Operation {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query'; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** A value the schema accepts, as plain as can be (the control character is what the call is about). */
function sample(schema: JsonSchema): unknown {
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return sample(alt.find((s) => s.type !== 'null') ?? (alt[0] as JsonSchema));
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, sample(schema.properties?.[k] ?? {})]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}));
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return schema.format === 'date' || schema.pattern?.includes('\\d{4}-') ? '2023-01-02' : 'x';
    default:
      return 'x';
  }
}

/** Every string field of a body schema, as a path (array items as index 0). */
function stringPaths(schema: JsonSchema, path: (string | number)[] = []): (string | number)[][] {
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return alt.flatMap((s) => stringPaths(s, path));
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) return [path];
  if (types.includes('object')) {
    const own = Object.entries(schema.properties ?? {}).flatMap(([k, s]) => stringPaths(s, [...path, k]));
    // A record (indicators → score): a key with the character.
    return typeof schema.additionalProperties === 'object' ? [...own, [...path, BAD]] : own;
  }
  if (types.includes('array') && schema.items) return stringPaths(schema.items, [...path, 0]);
  return [];
}

/** The sample body with the value at `path` (or the key, for a record) made to hold the control character. */
function bodyWith(schema: JsonSchema, path: (string | number)[]): unknown {
  const body = sample(schema) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = body;
  let s: JsonSchema = schema;
  path.forEach((key, i) => {
    // Of alternatives, the one that holds the path's next step (an object for a key, an array for an index).
    const alt = s.anyOf ?? s.oneOf;
    if (alt) s = alt.find((x) => (typeof key === 'number' ? x.items : x.properties?.[key] ?? (typeof x.additionalProperties === 'object' ? x.additionalProperties : undefined))) ?? alt.find((x) => x.type !== 'null') ?? s;
    const next = (typeof key === 'number' ? s.items : (s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : {}))) ?? {};
    if (i === path.length - 1) {
      at[key] = key === BAD ? sample(next) : BAD;
      return;
    }
    const step = path[i + 1];
    const inner = (next.anyOf ?? next.oneOf)?.find((x) => (typeof step === 'number' ? x.items : x.properties)) ?? next;
    if (at[key] === undefined || at[key] === null || typeof at[key] !== 'object') at[key] = typeof step === 'number' ? [sample(inner.items ?? {})] : sample(inner);
    if (Array.isArray(at[key]) && (at[key] as unknown[]).length === 0) (at[key] as unknown[]).push(sample(next.items ?? {}));
    at = at[key] as Record<string | number, unknown>;
    s = next;
  });
  return body;
}

describe('control characters', () => {
  let s: TestServer;
  const tokens: string[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer('pglite');
    for (const role of ['coordinator', 'org_admin', 'executive'] as const) {
      const who = await signIn(s.t.db, demoEmail(role), DEMO_PASSWORD);
      tokens.push((await createApiToken(s.t.db, who.account.principal, `control ${role}`)).token);
    }
    // The system administrator's routes (criteria packs, organisations) too.
    const root = await completeAdminSetup(s.t.db, (await adminSetupLink(s.t.db))!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: 'รหัสผ่านผู้ดูแลระบบที่ยาวพอ' });
    tokens.push((await createApiToken(s.t.db, root.account.principal, 'control system_admin')).token);
    const year = await loadYear(s.t.db, 'huai-thong', 2566);
    const measure = year.measures.find((m) => m.progress.length > 0) ?? year.measures[0]!;
    ids.measures = measure.id;
    ids.progress = measure.progress[0]?.id ?? randomUUID();
  });
  afterAll(async () => s.close());

  /** The path with its parameters filled with real values, one of them (`bad`) with the control character. */
  const fill = (path: string, bad: string | null) =>
    path.replace(/\{(\w+)\}/g, (_m, name: string, offset: number) => {
      if (name === bad) return encodeURIComponent(BAD);
      const before = path.slice(0, offset);
      if (name === 'slug') return 'huai-thong';
      if (name === 'year') return '2566';
      if (name === 'kind') return 'measures-report';
      const collection = /\/(\w+)\/$/.exec(before)?.[1] ?? '';
      return ids[collection] ?? randomUUID();
    });

  /** Calls with each token until one is allowed (403 means: another role's route). */
  async function call(method: string, url: string, payload?: unknown) {
    let res;
    for (const token of tokens) {
      res = await s.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
      if (res.statusCode !== 403) break;
    }
    return res!;
  }

  it('refuses them in every path parameter, query parameter and JSON field of every API operation: 400 naming the field, never 500', async () => {
    const doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const tried: string[] = [];
    const wrong: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const json = op.requestBody?.content['application/json']?.schema;
        const cases: { what: string; url: string; body?: unknown; field: string }[] = [];
        for (const p of op.parameters ?? []) {
          if (p.in === 'path') cases.push({ what: `path ${p.name}`, url: fill(path, p.name), body: json && sample(json), field: p.name });
          else cases.push({ what: `query ${p.name}`, url: `${fill(path, null)}?${p.name}=${encodeURIComponent(BAD)}`, body: json && sample(json), field: p.name });
        }
        for (const field of json ? stringPaths(json) : []) {
          // A key with the character is named by the object that holds it.
          const named = field.filter((k) => k !== BAD).join('.');
          cases.push({ what: `body ${field.join('.')}`, url: fill(path, null), body: bodyWith(json!, field), field: named });
        }
        for (const c of cases) {
          const res = await call(method.toUpperCase(), c.url, c.body);
          tried.push(`${method} ${path} ${c.what}`);
          const error = String(res.headers['content-type']).includes('json') ? (res.json() as { error?: { code: string; field?: string; th?: string; en?: string } }).error : undefined;
          if (res.statusCode !== 400 || error?.code !== 'invalid-input' || error.field !== c.field || !error.th || !error.en) {
            wrong.push(`${method.toUpperCase()} ${path} ${c.what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
        }
      }
    }
    expect(tried.length).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('refuses them in the path of every route (pages too), signed in: 400, never 500', async () => {
    const c = await signedInClient(s.app, demoEmail('coordinator'));
    const wrong: string[] = [];
    const routes = s.app.routeRules.filter((r) => r.method === 'GET' && r.url.includes(':'));
    expect(routes.length).toBeGreaterThan(20);
    for (const rule of routes) {
      const url = rule.url.replace(/:\w+/g, encodeURIComponent(BAD));
      const res = await c.get(url);
      // A route for system administrators or supervisors refuses a coordinator before it reads the path.
      const expected = rule.access.kind === 'system' || rule.access.kind === 'supervision' ? 403 : 400;
      if (res.statusCode !== expected) wrong.push(`${rule.url}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses them in a query, and tab, LF and CR there too', async () => {
    for (const bad of ['%00', '%1B', '%7F', '%09', '%0A', '%0D']) {
      const res = await s.app.inject({ method: 'GET', url: `/login?next=%2Fstaff${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('อักขระควบคุม');
    }
  });

  it('takes tab, LF and CR in a text of a body, and refuses NUL, ESC and DEL there, without changing anything', async () => {
    const url = '/api/v1/orgs/huai-thong/years/2566/analysis';
    const headers = { authorization: `Bearer ${tokens[0]}` };
    const fine = await s.app.inject({ method: 'PATCH', url, headers, payload: { intro: 'ย่อหน้าแรก\r\n\tย่อหน้าสอง' } });
    expect(fine.statusCode).toBe(200);
    for (const bad of ['\u0000', '\u001b[31m', '\u007f', '\u0008']) {
      const res = await s.app.inject({ method: 'PATCH', url, headers, payload: { summary: `สรุป${bad}` } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid-input', field: 'summary', th: expect.stringContaining('อักขระควบคุม U+00'), en: expect.stringContaining('control character U+00') });
    }
    const after = await s.app.inject({ method: 'GET', url, headers });
    expect(JSON.stringify(after.json())).not.toMatch(/\\u00(00|1b|7f|08)/);
  });

  it('refuses them in a form (urlencoded or multipart) and in a file name', async () => {
    const c = await signedInClient(s.app, demoEmail('coordinator'));
    const page = await c.post('/staff/o/huai-thong/2566/analysis', { intro: `บทนำ${BAD}` });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('อักขระควบคุม');
    const lang = await new Client(s.app).post('/lang', { lang: 'en', back: `/login${BAD}` }, false);
    expect(lang.statusCode).toBe(400);

    const upload = (field: string, filename: string) => {
      const boundary = 'control-chars-boundary';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="periodStart"\r\n\r\n${field}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`),
        Buffer.from('%PDF-1.4\n%%EOF\n'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return s.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/huai-thong/years/2566/progress/${ids.progress}/evidence`,
        headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };
    const inField = await upload(`2022-10-01${BAD}`, 'minutes.pdf');
    expect(inField.statusCode).toBe(400);
    expect(inField.json().error.field).toBe('periodStart');
    const inName = await upload('2022-10-01', `minutes${BAD}.pdf`);
    expect(inName.statusCode).toBe(400);
    expect(inName.json().error.field).toBe('file');
  });
});
