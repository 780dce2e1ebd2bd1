/**
 * The API of documents and of the audit log: the linter's problems, a document in any format (a download with
 * the problem counts in headers), and the organisation's log as JSON pages or CSV.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditFilterSchema, exportAuditCsv, listAudit } from '../audit/audit.ts';
import { lintYearDocuments, renderYearDocument } from './service.ts';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS } from './core/index.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { principalOf } from '../web/principal.ts';
import { attachment } from '../web/download.ts';
import { downloadDocument } from './documents-pages.tsx';
import { apiRoute, slugParam, yearParam } from '../web/route.ts';

const YEAR = '/api/v1/orgs/:slug/years/:year';
const yearParams = z.object({ slug: slugParam, year: yearParam });
const ref = (p: { slug: string; year: number }) => ({ org: p.slug, year: p.year });
const lintProblem = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  where: z.string(),
  whereTh: z.string(),
  th: z.string(),
  en: z.string(),
  documents: z.array(z.enum(DOCUMENT_KINDS)),
  /** The proof-reader's fix (the linter never edits a text): in words, and what to find and write instead. */
  suggestion: z.object({ th: z.string(), en: z.string(), find: z.string().optional(), replace: z.string().optional() }).optional(),
});
/** The audit filter as a query string: the page numbers arrive as text. */
const auditQuery = auditFilterSchema.extend({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(50) });

export async function documentsApi(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/documents/lint`,
      operationId: 'lintDocuments',
      tag: 'documents',
      summary: 'What the linter finds in the year’s data, for every document',
      access: inOrg('year.read'),
      params: yearParams,
      response: z.object({ problems: z.array(lintProblem) }),
    },
    async ({ request, params }) => ({ problems: await lintYearDocuments(deps.db, principalOf(request), ref(params)) }),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: `${YEAR}/documents/:kind`,
      operationId: 'renderDocument',
      tag: 'documents',
      summary: 'A document of the year as PDF, DOCX, XLSX or HTML (always an attachment; x-prongsai-lint-errors and -warnings count the linter’s problems); progress=false leaves the monthly progress out of the report',
      access: inOrg('year.read'),
      params: yearParams.extend({ kind: z.enum(DOCUMENT_KINDS) }),
      query: z.object({
        format: z.enum(DOCUMENT_FORMATS),
        digits: z.enum(['thai', 'arabic']).optional(),
        /** The report: false leaves out the monthly progress and evidence (default true). */
        progress: z.enum(['true', 'false']).optional(),
      }),
      response: 'file',
    },
    async ({ request, params, query, reply }) => {
      const asked = { kind: params.kind, format: query.format, ...(query.digits ? { digits: query.digits } : {}), ...(query.progress ? { progress: query.progress === 'true' } : {}) };
      const doc = await renderYearDocument(deps.db, principalOf(request), ref(params), asked, { browser: deps.browser });
      return downloadDocument(reply, doc);
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/orgs/:slug/audit',
      operationId: 'listAudit',
      tag: 'audit',
      summary: 'The organisation’s audit log, newest first, filtered and paged',
      access: inOrg('audit.read'),
      params: z.object({ slug: slugParam }),
      query: auditQuery,
      response: z.object({ entries: z.array(z.object({}).passthrough()), total: z.number(), page: z.number(), pageSize: z.number() }),
    },
    async ({ request, params, query }) => listAudit(deps.db, principalOf(request), params.slug, query),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/orgs/:slug/audit.csv',
      operationId: 'exportAudit',
      tag: 'audit',
      summary: 'The audit log as CSV (UTF-8 with BOM), oldest first, every row the filter selects',
      access: inOrg('audit.read'),
      params: z.object({ slug: slugParam }),
      query: auditQuery,
      response: 'file',
    },
    async ({ request, params, query, reply }) => {
      const file = await exportAuditCsv(deps.db, principalOf(request), params.slug, query);
      return attachment(reply, file.bytes, file.fileName, file.mediaType);
    },
  );
}
