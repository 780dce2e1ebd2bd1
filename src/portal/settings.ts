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
import { portalErrors } from './messages.ts';
import { selectSettings, upsertSettings } from './repo.ts';

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
      .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { error: portalErrors.code('email') })
      .transform((v) => (v === '' ? null : v))
      .nullable()
      .default(null),
    contactPhone: optional(100),
    licenseId: z.enum(GDC_LICENSES).default('Open Data Common'),
  })
  .strict();

export async function getPortalSettings(db: Queryable, principal: Principal, org: string): Promise<PortalSettings> {
  const ctx = await resolveOrg(db, principal, org, ['year.read', 'org.admin']);
  const r = await selectSettings(db, ctx.orgId);
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
  await write(db, actorOf(principal), ctx.orgId, async (tx) => upsertSettings(tx, ctx.orgId, s));
  return s;
}
