/**
 * The audit log of an organisation (administrators, the executive, the auditor): every change with who, when,
 * before and after, filtered and paged, and the same selection as CSV.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { exportAuditCsv, listAudit, type AuditFilter, type AuditPage } from './audit.ts';
import { AuditLogPage, DATE_FILTERS, FILTERS } from './views.tsx';
import { resolveOrg } from '../app/context.ts';
import { throwAll } from '../app/input.ts';
import { inOrg } from '../web/access.ts';
import { formDate, formDateErrors } from '../web/date-field.tsx';
import type { AreaOptions } from '../web/deps.ts';
import { attachment } from '../web/download.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, type FieldError } from '../web/view.tsx';

const slugOnly = z.object({ slug: z.string() });
/** The query the audit pages read: the filters and the page, in the order given (a repeated key counts once). */
const auditQuery = z.record(z.string(), queryText);

/** A query string read like a form (trimmed values, '' when absent), for the date fields. */
const queryForm = (query: Readonly<Record<string, string | undefined>>) => ({ get: (name: string) => (query[name] ?? '').trim() });

/** The filter of a query string, as the app layer takes it (page numbers as numbers, empty fields left out). */
export function auditFilterOf(query: Readonly<Record<string, string | undefined>>): AuditFilter {
  const filter: Record<string, unknown> = {};
  for (const key of FILTERS) if (query[key]) filter[key] = query[key];
  for (const key of DATE_FILTERS) if (query[key]) filter[key] = formDate(queryForm(query), key);
  if (query.page) filter.page = /^\d+$/.test(query.page) ? Number(query.page) : query.page;
  if (query.pageSize) filter.pageSize = /^\d+$/.test(query.pageSize) ? Number(query.pageSize) : query.pageSize;
  return filter as AuditFilter;
}

export async function auditPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  pageRoute(app, 'GET', '/staff/o/:slug/audit', { access: inOrg('audit.read'), params: slugOnly, query: auditQuery }, async ({ params: { slug }, query, request, reply }) => {
    const view = viewOf(request, reply);
    const principal = principalOf(request);
    const org = request.org ?? (await resolveOrg(deps.db, principal, slug, 'audit.read'));
    let errors: FieldError[] = [];
    let result: AuditPage = { entries: [], total: 0, page: 1, pageSize: 50, names: {} };
    try {
      throwAll(formDateErrors(queryForm(query), DATE_FILTERS.map((key) => [key, `filter.${key}`] as const)));
      result = await listAudit(deps.db, principal, slug, auditFilterOf(query));
    } catch (error) {
      errors = fieldErrors(view.lang, error, 'filter');
    }
    return sendPage(
      reply,
      { view, title: view.m.navAudit, children: <AuditLogPage view={view} slug={slug} orgName={org.nameTh} query={query} errors={errors} result={result} /> },
      errors.length ? 400 : 200,
    );
  });

  pageRoute(app, 'GET', '/staff/o/:slug/audit.csv', { access: inOrg('audit.read'), params: slugOnly, query: auditQuery }, async ({ params: { slug }, query, request, reply }) => {
    const file = await exportAuditCsv(deps.db, principalOf(request), slug, auditFilterOf(query));
    return attachment(reply, file.bytes, file.fileName, file.mediaType);
  });
}
