/**
 * What the portal says about the organisation beyond its name: a short description, and the contact that the
 * open-data catalogue requires (Thai GDC: maintainer, maintainer_email, license_id). Set by the organisation's
 * administrator; public as soon as saved (it is metadata of the portal, not a disclosure).
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { write } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { resolveOrg } from '../app/context.ts';
import { parseInput } from '../app/input.ts';
import type { PortalSettings } from './publications-public.ts';

/** The licences of the Thai GDC schema (ckanext-thai_gdc): its own labels, not CKAN licence ids. */
export const GDC_LICENSES = [
  'Open Data Common',
  'Creative Commons Attributions',
  'Creative Commons Attribution Share-Alike',
  'Creative Commons Non-Commercial (Any)',
  'License not specified',
] as const;

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null);

export const portalSettingsSchema = z
  .object({
    descriptionTh: optional(2000),
    maintainerTh: optional(200),
    contactEmail: z
      .string()
      .trim()
      .toLowerCase()
      .max(320)
      .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'อีเมลไม่ถูกต้อง / not an e-mail address')
      .transform((v) => (v === '' ? null : v))
      .nullable()
      .default(null),
    contactPhone: optional(100),
    licenseId: z.enum(GDC_LICENSES).default('Open Data Common'),
  })
  .strict();

export async function getPortalSettings(db: Queryable, principal: Principal, org: string): Promise<PortalSettings> {
  const ctx = await resolveOrg(db, principal, org, ['year.read', 'org.admin']);
  const [r] = await db.query<{ description_th: string | null; maintainer_th: string | null; contact_email: string | null; contact_phone: string | null; license_id: string }>(
    'SELECT * FROM portal_settings WHERE org_id = $1',
    [ctx.orgId],
  );
  return {
    descriptionTh: r?.description_th ?? null,
    maintainerTh: r?.maintainer_th ?? null,
    contactEmail: r?.contact_email ?? null,
    contactPhone: r?.contact_phone ?? null,
    licenseId: r?.license_id ?? 'Open Data Common',
  };
}

export async function setPortalSettings(db: Db, principal: Principal, org: string, raw: unknown): Promise<PortalSettings> {
  const ctx = await resolveOrg(db, principal, org, 'org.admin');
  const s = parseInput(portalSettingsSchema, raw);
  await write(db, actorOf(principal), ctx.orgId, async (tx) => {
    await tx.query(
      `INSERT INTO portal_settings (org_id, description_th, maintainer_th, contact_email, contact_phone, license_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (org_id) DO UPDATE SET description_th = EXCLUDED.description_th, maintainer_th = EXCLUDED.maintainer_th, contact_email = EXCLUDED.contact_email,
         contact_phone = EXCLUDED.contact_phone, license_id = EXCLUDED.license_id, updated_at = now()
       WHERE (portal_settings.description_th, portal_settings.maintainer_th, portal_settings.contact_email, portal_settings.contact_phone, portal_settings.license_id)
         IS DISTINCT FROM (EXCLUDED.description_th, EXCLUDED.maintainer_th, EXCLUDED.contact_email, EXCLUDED.contact_phone, EXCLUDED.license_id)`,
      [ctx.orgId, s.descriptionTh, s.maintainerTh, s.contactEmail, s.contactPhone, s.licenseId],
    );
  });
  return s;
}
