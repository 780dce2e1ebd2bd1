/**
 * The audit log of an organisation (administrators, the executive, the auditor): every change with who, when,
 * before and after, filtered and paged, and the same selection as CSV.
 */
import type { FastifyInstance } from 'fastify';
import { AUDIT_ENTITIES, exportAuditCsv, listAudit, type AuditEntry, type AuditFilter } from '../../app/audit.ts';
import { resolveOrg } from '../../app/context.ts';
import { inOrg } from '../access.ts';
import type { AreaOptions } from '../deps.ts';
import { principalOf } from '../principal.ts';
import { dateTime, ErrorSummary, errorFor, fieldErrors, Select, sendPage, DataTable, TextField, viewOf, type FieldError } from '../view.tsx';
import { attachment } from './download.ts';

const FILTERS = ['entity', 'action', 'actor', 'from', 'to'] as const;

/** The filter of a query string, as the app layer takes it (page numbers as numbers, empty fields left out). */
export function auditFilterOf(query: Readonly<Record<string, string | undefined>>): AuditFilter {
  const filter: Record<string, unknown> = {};
  for (const key of FILTERS) if (query[key]) filter[key] = query[key];
  if (query.page) filter.page = /^\d+$/.test(query.page) ? Number(query.page) : query.page;
  if (query.pageSize) filter.pageSize = /^\d+$/.test(query.pageSize) ? Number(query.pageSize) : query.pageSize;
  return filter as AuditFilter;
}

/** What changed between before and after, field by field (the JSON is in the CSV). */
function changes(e: AuditEntry): string {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== 'updated_at' && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  const short = (v: unknown) => {
    const t = v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    return t.length > 80 ? `${t.slice(0, 77)}…` : t;
  };
  return keys.map((k) => (e.action === 'update' ? `${k}: ${short(before[k])} → ${short(after[k])}` : `${k}: ${short(e.action === 'delete' ? before[k] : after[k])}`)).join('; ');
}

export async function auditPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  app.get('/staff/o/:slug/audit', { config: { access: inOrg('audit.read') } }, async (request, reply) => {
    const view = viewOf(request, reply);
    const { m, lang } = view;
    const { slug } = request.params as { slug: string };
    const query = request.query as Record<string, string | undefined>;
    const principal = principalOf(request);
    const org = request.org ?? (await resolveOrg(deps.db, principal, slug, 'audit.read'));
    let errors: FieldError[] = [];
    let result = { entries: [] as readonly AuditEntry[], total: 0, page: 1, pageSize: 50 };
    try {
      result = await listAudit(deps.db, principal, slug, auditFilterOf(query));
    } catch (error) {
      errors = fieldErrors(lang, error, 'filter');
    }
    const base = `/staff/o/${encodeURIComponent(slug)}/audit`;
    const params = new URLSearchParams(Object.entries(query).filter((kv): kv is [string, string] => FILTERS.includes(kv[0] as never) && Boolean(kv[1])));
    const pageLink = (page: number) => `${base}?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`;
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    return sendPage(
      reply,
      {
        view,
        title: m.navAudit,
        children: (
          <>
            <p>
              <a href="/staff">{m.home}</a> › <a href={`/staff/o/${encodeURIComponent(slug)}`}>{org.nameTh}</a>
            </p>
            <h1>
              {m.navAudit} · {org.nameTh}
            </h1>
            <form method="get" action={base} class="card" novalidate>
              <ErrorSummary view={view} errors={errors} fields={[...FILTERS]} />
              <div class="grid">
                <Select name="entity" label={m.auditEntity} value={query.entity ?? ''} options={[['', m.all], ...AUDIT_ENTITIES.map((e): [string, string] => [e, e])]} error={errorFor(errors, 'entity')} />
                <Select
                  name="action"
                  label={m.auditAction}
                  value={query.action ?? ''}
                  options={[['', m.all], ['insert', m.auditActions.insert], ['update', m.auditActions.update], ['delete', m.auditActions.delete]]}
                  error={errorFor(errors, 'action')}
                />
                <TextField name="actor" label={m.auditActor} value={query.actor ?? ''} error={errorFor(errors, 'actor')} />
                <TextField name="from" type="date" label={m.dateFrom} value={query.from ?? ''} error={errorFor(errors, 'from')} />
                <TextField name="to" type="date" label={m.dateTo} value={query.to ?? ''} error={errorFor(errors, 'to')} />
              </div>
              <div class="buttons">
                <button type="submit" class="primary">
                  {m.filter}
                </button>
                <a href={`${base}.csv?${params.toString()}`} download>
                  {m.exportAuditCsv}
                </a>
              </div>
            </form>
            <p role="status">{m.auditCount(result.total)}</p>
            <DataTable label={m.navAudit} caption={m.auditCaption(result.page, pages)} columns={[m.when, m.auditActor, m.auditEntity, m.auditAction, m.auditChange]}>
              {result.entries.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(lang, e.at)}</td>
                  <td>{e.actorLabel}</td>
                  <td>
                    {e.entity}
                    <br />
                    <span class="muted">{e.entityId}</span>
                  </td>
                  <td>{m.auditActions[e.action]}</td>
                  <td>{changes(e)}</td>
                </tr>
              ))}
            </DataTable>
            <nav aria-label={m.pages} class="buttons">
              {result.page > 1 ? <a href={pageLink(result.page - 1)}>← {m.previousPage}</a> : null}
              {result.page < pages ? <a href={pageLink(result.page + 1)}>{m.nextPage} →</a> : null}
            </nav>
          </>
        ),
      },
      errors.length ? 400 : 200,
    );
  });

  app.get('/staff/o/:slug/audit.csv', { config: { access: inOrg('audit.read') } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const file = await exportAuditCsv(deps.db, principalOf(request), slug, auditFilterOf(request.query as Record<string, string | undefined>));
    return attachment(reply, file.bytes, file.fileName, file.mediaType);
  });
}
