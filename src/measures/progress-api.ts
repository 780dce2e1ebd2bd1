/**
 * The API of monthly progress and evidence: entries of a measure, files attached to an entry (multipart), their
 * review, and their download (always as an attachment).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { downloadEvidence, listEvidence, reviewEvidence, reviewSchema, uploadEvidence } from './evidence.ts';
import { addProgress, deleteProgress, listProgress, progressCreateSchema, progressPatchSchema, updateProgress } from './progress.ts';
import { evidenceSchema, progressSchema } from '../model/year.ts';
import { InputError } from '../errors.ts';
import { measuresMessages } from './messages.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { attachment } from '../web/download.ts';
import { apiRoute, idParam, slugParam, yearParam } from '../web/route.ts';

const YEAR = '/api/v1/orgs/:slug/years/:year';
const params = z.object({ slug: slugParam, year: yearParam, id: idParam });
const yearParams = z.object({ slug: slugParam, year: yearParam });
const progressView = progressSchema.extend({ measureId: z.string(), updatedAt: z.string() });
const evidenceView = evidenceSchema.extend({
  progressId: z.string(),
  measureId: z.string(),
  covers: z.object({ start: z.string(), end: z.string() }),
  reviewStatus: z.enum(['pending', 'accepted', 'rejected']),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  replacedById: z.string().nullable(),
});
const ref = (p: { slug: string; year: number }) => ({ org: p.slug, year: p.year });
/**
 * A change's fields as sent (the body schema checks and describes them): the app layer changes only the fields
 * given, and the parsed body holds the defaults of those left out (outcome: null), which must not overwrite anything.
 */
const sentChanges = z.object({ changes: z.unknown() });

export async function progressApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    { method: 'GET', url: `${YEAR}/measures/:id/progress`, operationId: 'listProgress', tag: 'progress', summary: 'The progress entries of a measure, by period', access: inOrg('year.read'), params, response: z.object({ progress: z.array(progressView) }) },
    async ({ request, params: p }) => ({ progress: await listProgress(deps.db, principalOf(request), ref(p), p.id) }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/measures/:id/progress`,
      operationId: 'addProgress',
      tag: 'progress',
      summary: 'Report progress on a measure: a month (YYYY-MM) or a period, what was done, its status',
      access: inOrg('progress.write', 'measure.unit.write'),
      params,
      body: progressCreateSchema,
      response: progressView,
      status: 201,
    },
    async ({ request, params: p, body }) => addProgress(deps.db, principalOf(request), ref(p), p.id, body),
  );

  apiRoute(
    app,
    {
      method: 'PATCH',
      url: `${YEAR}/progress/:id`,
      operationId: 'updateProgress',
      tag: 'progress',
      summary: 'Change a progress entry: the fields given, with the updatedAt you read (409 when changed since)',
      access: inOrg('progress.write', 'measure.unit.write'),
      params,
      body: z.object({ updatedAt: z.string(), changes: progressPatchSchema }),
      response: progressView,
    },
    async ({ request, params: p, body }) => updateProgress(deps.db, principalOf(request), ref(p), p.id, sentChanges.parse(request.body).changes, body.updatedAt),
  );

  apiRoute(
    app,
    {
      method: 'DELETE',
      url: `${YEAR}/progress/:id`,
      operationId: 'deleteProgress',
      tag: 'progress',
      summary: 'Remove a progress entry with its evidence records',
      access: inOrg('progress.write', 'measure.unit.write'),
      params,
      query: z.object({ updatedAt: z.string().optional() }),
      status: 204,
    },
    async ({ request, params: p, query, reply }) => {
      await deleteProgress(deps.db, principalOf(request), ref(p), p.id, query.updatedAt);
      return reply.code(204).send();
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/evidence`,
      operationId: 'listEvidence',
      tag: 'evidence',
      summary: 'The evidence of the year, of a measure or of a progress entry',
      access: inOrg('year.read'),
      params: yearParams,
      query: z.object({ measureId: z.string().optional(), progressId: z.string().optional() }),
      response: z.object({ evidence: z.array(evidenceView) }),
    },
    async ({ request, params: p, query }) => ({
      evidence: await listEvidence(deps.db, principalOf(request), ref(p), {
        ...(query.measureId ? { measureId: query.measureId } : {}),
        ...(query.progressId ? { progressId: query.progressId } : {}),
      }),
    }),
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/progress/:id/evidence`,
      operationId: 'uploadEvidence',
      tag: 'evidence',
      summary: 'Attach a file to a progress entry (PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX; checked by content), or a new revision of one',
      access: inOrg('progress.write', 'measure.unit.write'),
      params,
      body: 'multipart',
      multipart: {
        file: { type: 'file', description: 'the evidence file', required: true },
        replacesId: { type: 'string', description: 'the evidence this file replaces (a new revision of it)' },
        periodStart: { type: 'string', description: 'YYYY-MM-DD: the period the file covers (default: the entry’s)' },
        periodEnd: { type: 'string', description: 'YYYY-MM-DD' },
      },
      response: evidenceView,
      status: 201,
    },
    async ({ request, params: p }) => {
      const form = formOf(request);
      const [file] = await form.files('file');
      if (!file) throw new InputError('file', measuresMessages.attachEvidence());
      return uploadEvidence(
        deps.db,
        principalOf(request),
        ref(p),
        p.id,
        {
          bytes: file.bytes,
          filename: file.filename,
          declaredType: file.mediaType,
          replacesId: form.get('replacesId') || null,
          ...(form.get('periodStart') ? { periodStart: form.get('periodStart') } : {}),
          ...(form.get('periodEnd') ? { periodEnd: form.get('periodEnd') } : {}),
        },
        { maxBytes: deps.maxUploadBytes },
      );
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: `${YEAR}/evidence/:id/review`,
      operationId: 'reviewEvidence',
      tag: 'evidence',
      summary: 'Accept or reject the latest revision of a file (a rejection gives its reason)',
      access: inOrg('evidence.review'),
      params,
      body: reviewSchema,
      response: evidenceView,
    },
    async ({ request, params: p, body }) => reviewEvidence(deps.db, principalOf(request), ref(p), p.id, body),
  );

  apiRoute(
    app,
    { method: 'GET', url: `${YEAR}/evidence/:id`, operationId: 'downloadEvidence', tag: 'evidence', summary: 'Download an evidence file (always as an attachment)', access: inOrg('year.read'), params, response: 'file' },
    async ({ request, params: p, reply }) => {
      const file = await downloadEvidence(deps.db, principalOf(request), ref(p), p.id);
      return attachment(reply, file.bytes, file.filename, file.mediaType);
    },
  );
}
