/**
 * Renaming an organisation keeps its published URLs working (issue 14, point 1): the public portal /o/<old>/…
 * and the public API /api/o/<old>/… answer 301 (308 for a POST) with the same path and query under the new slug,
 * also after a second rename; the old slug cannot be taken by another organisation (by the use case, and by the
 * database whatever code tries); only an organisation administrator renames; the rename is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { Conflict } from '../src/app/errors.ts';
import { renameOrganisation, slugTaken } from '../src/organisations/rename.ts';
import { createOrganisation } from '../src/organisations/organisations.ts';
import { InputError } from '../src/errors.ts';
import { backends } from './helpers/db.ts';
import { demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

describe.each(backends())('renaming an organisation on %s', (backend) => {
  let s: TestServer;
  let orgId: string;
  let otherOrgId: string;
  const SYSTEM_ADMIN: Principal = { personId: 'p-root', nameTh: 'ผู้ดูแลระบบ', roles: [{ role: 'system_admin', orgId: null, unitId: null }] };
  const admin = (org: string): Principal => ({ personId: 'p-admin', nameTh: 'ผู้ดูแล', roles: [{ role: 'org_admin', orgId: org, unitId: null }] });

  beforeAll(async () => {
    s = await startServer(backend);
    orgId = (await s.t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'huai-thong'`))[0]!.id;
    otherOrgId = (await s.t.db.query<{ id: string }>(`INSERT INTO organisations (slug, name_th, kind) VALUES ('other-town', 'เทศบาลอื่น', 'municipality') RETURNING id`))[0]!.id;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('lets only an organisation administrator rename, with a clear message for a bad slug', async () => {
    const coordinator = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    expect((await coordinator.json('PUT', '/api/v1/orgs/huai-thong/slug', { slug: 'huai-thong-new' })).statusCode).toBe(403);
    await expect(renameOrganisation(s.t.db, admin(otherOrgId), 'huai-thong', { slug: 'x-y' })).rejects.toBeInstanceOf(Forbidden);
    const error = await renameOrganisation(s.t.db, admin(orgId), 'huai-thong', { slug: 'Huai Thong!' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'slug', th: expect.stringContaining('ชื่อย่อ'), en: expect.stringContaining('slug') });
    await expect(renameOrganisation(s.t.db, admin(orgId), 'huai-thong', { slug: 'other-town' })).rejects.toBeInstanceOf(Conflict);
    expect((await s.t.db.query(`SELECT 1 FROM organisations WHERE slug = 'huai-thong'`)).length).toBe(1);
  });

  it('redirects the public portal and the public API of the old slug to the new one, path and query kept', async () => {
    const before = await s.app.inject({ method: 'GET', url: '/o/huai-thong/' });
    expect(before.statusCode).toBe(200);
    const admin = await sessionClient(s.app, s.t, demoEmail('org_admin'), s.clock.now);
    const page = await admin.get('/staff/o/huai-thong/itas');
    expect(page.body).toContain('name="slug"');
    const renamed = await admin.post('/staff/o/huai-thong/rename', { slug: 'huai-thong-2' });
    expect(renamed.statusCode).toBe(303);
    expect(renamed.headers.location).toBe('/staff/o/huai-thong-2/itas?done=renamed');

    for (const path of ['/o/huai-thong', '/o/huai-thong/', '/o/huai-thong/ita/2569?tab=1', '/o/huai-thong/complaints', '/api/o/huai-thong/complaints/statistics?year=2569']) {
      const res = await s.app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(301);
      expect(res.headers.location, path).toBe(path.replace('huai-thong', 'huai-thong-2'));
    }
    const post = await s.app.inject({ method: 'POST', url: '/api/o/huai-thong/complaints', payload: {} });
    expect(post.statusCode).toBe(308);
    expect(post.headers.location).toBe('/api/o/huai-thong-2/complaints');
    expect((await s.app.inject({ method: 'GET', url: '/o/huai-thong-2/' })).statusCode).toBe(200);
    // A slug that never existed is still a plain 404.
    expect((await s.app.inject({ method: 'GET', url: '/o/never-was/' })).statusCode).toBe(404);

    const audit = await s.t.db.query(`SELECT 1 FROM audit_log WHERE entity = 'organisation_old_slugs' AND entity_id = 'huai-thong' AND action = 'insert'`);
    expect(audit.length).toBe(1);
  });

  it('keeps every old slug pointing at the current one after a second rename, and lets the organisation take back its own old slug', async () => {
    const renamed = await renameOrganisation(s.t.db, admin(orgId), 'huai-thong-2', { slug: 'huai-thong-3' });
    expect(renamed.slug).toBe('huai-thong-3');
    for (const old of ['huai-thong', 'huai-thong-2']) {
      const res = await s.app.inject({ method: 'GET', url: `/o/${old}/results` });
      expect(res.statusCode).toBe(301);
      expect(res.headers.location).toBe('/o/huai-thong-3/results');
    }
    await renameOrganisation(s.t.db, admin(orgId), 'huai-thong-3', { slug: 'huai-thong' });
    expect((await s.app.inject({ method: 'GET', url: '/o/huai-thong/' })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/o/huai-thong-3/' })).headers.location).toBe('/o/huai-thong/');
  });

  it('never lets another organisation take an old slug: not by renaming, not by any insert or update', async () => {
    const error = await renameOrganisation(s.t.db, admin(otherOrgId), 'other-town', { slug: 'huai-thong-2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ field: 'slug', th: expect.stringContaining('เคยเป็นของหน่วยงานอื่น'), en: expect.stringContaining('belonged to another organisation') });
    expect(await slugTaken(s.t.db, 'huai-thong-2', null)).toBeInstanceOf(Conflict);
    expect(await slugTaken(s.t.db, 'brand-new', null)).toBeNull();
    await expect(s.t.db.query(`INSERT INTO organisations (slug, name_th, kind) VALUES ('huai-thong-2', 'ใหม่', 'sao')`)).rejects.toMatchObject({ code: '23505' });
    await expect(s.t.db.query(`UPDATE organisations SET slug = 'huai-thong-3' WHERE id = $1`, [otherOrgId])).rejects.toMatchObject({ code: '23505' });
    const api = await sessionClient(s.app, s.t, demoEmail('org_admin'), s.clock.now);
    const res = await api.json('PUT', '/api/v1/orgs/huai-thong/slug', { slug: 'other-town' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ field: 'slug', th: expect.any(String), en: expect.any(String) });
    // Creating a new organisation with an old slug is the same clear conflict, not the database's refusal.
    const created = await createOrganisation(s.t.db, SYSTEM_ADMIN, { slug: 'huai-thong-2', nameTh: 'องค์การบริหารส่วนตำบลใหม่', type: 'อบต.', province: 'ขอนแก่น' }).catch((e: unknown) => e);
    expect(created).toBeInstanceOf(Conflict);
    expect(created).toMatchObject({ field: 'slug', th: expect.stringContaining('เคยเป็นของหน่วยงานอื่น') });
  });
});
