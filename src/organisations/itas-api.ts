/**
 * The organisation's ITAS code, its survey links and their QR codes (issue 14, point 2), and renaming the
 * organisation's slug (point 1):
 *   GET  /api/v1/orgs/<slug>/itas                  → {itasCode, orgType, sizeGroup, links, minimumEit}
 *   PUT  /api/v1/orgs/<slug>/itas                  {itasCode}
 *   GET  /api/v1/orgs/<slug>/itas/links            → {iit, eit, minimumEit: {count|null, year, source, note}}
 *   GET  /api/v1/orgs/<slug>/itas/<iit|eit>/qr.svg → image/svg+xml;  …/qr.png → image/png (for LINE)
 *   PUT  /api/v1/orgs/<slug>/slug                  {slug}: the old slug's public URLs redirect to the new one
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getItas, ITAS_WRITE, itasSettingsSchema, qrPng, qrSvg, setItas, surveyLink, type ItasSettings } from './itas.ts';
import { SIZE_GROUPS } from './vocab.ts';
import { renameOrganisation, renameSchema } from './rename.ts';
import { principalOf } from '../web/principal.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { apiRoute, slugParam } from '../web/route.ts';

const minimumSchema = z.object({ count: z.number().int().nullable(), year: z.number().int(), source: z.string(), note: z.string(), noteEn: z.string() });
const linksSchema = z.object({ iit: z.string(), eit: z.string() });
const settingsSchema = z.object({ slug: z.string(), itasCode: z.string().nullable(), orgType: z.string().nullable(), sizeGroup: z.enum(SIZE_GROUPS).nullable(), links: linksSchema.nullable(), minimumEit: minimumSchema });
const surveyParams = z.object({ slug: slugParam, survey: z.enum(['iit', 'eit']) });

const settingsOut = (s: ItasSettings) => ({ slug: s.slug, itasCode: s.itasCode, orgType: s.orgType, sizeGroup: s.sizeGroup, links: s.links, minimumEit: s.minimumEit });

export async function itasApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    { method: 'GET', url: '/api/v1/orgs/:slug/itas', operationId: 'getItas', tag: 'itas', summary: 'The ITAS code, the survey links and the minimum EIT respondents', access: inOrg('year.read'), params: z.object({ slug: slugParam }), response: settingsSchema },
    async ({ request, params }) => settingsOut(await getItas(deps.db, principalOf(request), params.slug)),
  );

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/orgs/:slug/itas',
      operationId: 'setItas',
      tag: 'itas',
      summary: 'Set the ITAS code (4–16 letters or digits; null removes it)',
      access: inOrg(ITAS_WRITE),
      params: z.object({ slug: slugParam }),
      body: itasSettingsSchema,
      response: settingsSchema,
    },
    async ({ request, params, body }) => settingsOut(await setItas(deps.db, principalOf(request), params.slug, body)),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/orgs/:slug/itas/links',
      operationId: 'getItasLinks',
      tag: 'itas',
      summary: 'The IIT and EIT survey links (404 while the organisation has no ITAS code) and the minimum EIT respondents',
      access: inOrg('year.read'),
      params: z.object({ slug: slugParam }),
      response: linksSchema.extend({ minimumEit: minimumSchema }),
    },
    async ({ request, params }) => {
      const s = await getItas(deps.db, principalOf(request), params.slug);
      return { iit: surveyLink(s, 'iit'), eit: surveyLink(s, 'eit'), minimumEit: s.minimumEit };
    },
  );

  for (const format of ['svg', 'png'] as const) {
    apiRoute(
      app,
      {
        method: 'GET',
        url: `/api/v1/orgs/:slug/itas/:survey/qr.${format}`,
        operationId: `getItasQr${format === 'svg' ? 'Svg' : 'Png'}`,
        tag: 'itas',
        summary: format === 'svg' ? 'The QR code of a survey link, as SVG (posters)' : 'The QR code of a survey link, as a 512-pixel PNG (LINE)',
        access: inOrg('year.read'),
        params: surveyParams,
        response: 'file',
      },
      async ({ request, params, reply }) => {
        const s = await getItas(deps.db, principalOf(request), params.slug);
        const link = surveyLink(s, params.survey);
        const fileName = `${s.slug}-itas-${params.survey}-qr.${format}`;
        return reply
          .header('cache-control', 'private, no-store')
          .header('content-disposition', `inline; filename="${fileName}"`)
          .type(format === 'svg' ? 'image/svg+xml' : 'image/png')
          .send(format === 'svg' ? await qrSvg(link) : await qrPng(link));
      },
    );
  }

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/orgs/:slug/slug',
      operationId: 'renameOrganisation',
      tag: 'organisations',
      summary: 'Give the organisation a new slug; its public URLs under the old slug answer 301 to the new one, and no other organisation may take the old slug',
      access: inOrg('org.admin'),
      params: z.object({ slug: slugParam }),
      body: renameSchema,
      response: z.object({ slug: z.string() }),
    },
    async ({ request, params, body }) => ({ slug: (await renameOrganisation(deps.db, principalOf(request), params.slug, body)).slug }),
  );
}
