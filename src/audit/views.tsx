/**
 * The audit log page of an organisation (routes.tsx): the filters, one page of entries with what changed field by
 * field, and the links to the other pages and to the CSV of the same selection. Pure functions of their data.
 */
import { AUDIT_ENTITIES, AUDIT_ENTITY_LABELS, auditChanges, isEmpty, type AuditEntity, type AuditEntry, type AuditPage, type AuditValueKind } from './audit.ts';
import { DOCUMENT_KIND_NAMES } from '../documents/core/model.ts';
import { DateField } from '../web/date-field.tsx';
import { date, dateTime, ErrorSummary, errorFor, Select, DataTable, TextField, type FieldError, type View } from '../web/view.tsx';

/** The filters a query may hold, as the page's form and links carry them. */
export const FILTERS = ['entity', 'action', 'actor', 'from', 'to'] as const;
export const DATE_FILTERS = ['from', 'to'] as const;

/** A value of a field as text in the reader's language: dates in their calendar, lists joined, names for codes. */
function valueText(view: View, kind: AuditValueKind, value: unknown): string {
  const { m, lang } = view;
  if (isEmpty(value)) return m.auditEmpty;
  if (kind === 'date' || kind === 'instant') return typeof value === 'string' ? (kind === 'date' ? date(lang, value.slice(0, 10)) : dateTime(lang, value)) : String(value);
  if (kind === 'bool') return value === true ? m.yes : m.no;
  if (Array.isArray(value)) return value.map(String).join(', ');
  const text = typeof value === 'object' ? '' : String(value);
  if (kind.startsWith('enum:')) {
    const set = kind.slice(5);
    const names: Record<string, unknown> =
      set === 'documentKind'
        ? Object.fromEntries(Object.entries(DOCUMENT_KIND_NAMES).map(([k, v]) => [k, v[lang]]))
        : ((m as unknown as Record<string, Record<string, unknown> | undefined>)[set] ?? m.auditValues[set] ?? {});
    return typeof names[text] === 'string' ? (names[text] as string) : text;
  }
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** What changed, field by field with labels ("ผลที่คาดว่าจะได้รับ: เดิม … → ใหม่ …"); ids and JSON stay in the CSV. */
function Changes({ view, e }: { view: View; e: AuditEntry }) {
  const { m, lang } = view;
  const { fields } = auditChanges(e);
  if (fields.length === 0) return <span class="muted">{m.auditNoDetail}</span>;
  return (
    <ul class="changes">
      {fields.map((c) => (
        <li key={c.field.th}>
          <strong>{c.field[lang]}</strong>:{' '}
          {e.action === 'update'
            ? `${m.auditBefore} ${valueText(view, c.field.kind, c.before)} → ${m.auditAfter} ${valueText(view, c.field.kind, c.after)}`
            : valueText(view, c.field.kind, e.action === 'delete' ? c.before : c.after)}
        </li>
      ))}
    </ul>
  );
}

/** The record of an entry: what it is, and its name (or the name of the measure, person or unit it belongs to). */
function recordOf(view: View, e: AuditEntry, names: Readonly<Record<string, string>>): { what: string; name: string | null } {
  const label = AUDIT_ENTITY_LABELS[e.entity as AuditEntity];
  const row = ((e.action === 'delete' ? e.before : e.after) ?? {}) as Record<string, unknown>;
  const own = auditChanges(e).name;
  const owner = [row.measure_id, row.person_id, row.unit_id, e.entity === 'measures' ? row.id : undefined].find((id): id is string => typeof id === 'string' && names[id] !== undefined);
  return { what: label ? label[view.lang] : e.entity, name: own ?? (owner ? (names[owner] as string) : null) };
}

/** The page: the filter form, the count, one page of entries and the links to the pages before and after. */
export function AuditLogPage(props: {
  view: View;
  slug: string;
  orgName: string;
  query: Readonly<Record<string, string | undefined>>;
  errors: readonly FieldError[];
  result: AuditPage;
}) {
  const { view, slug, query, errors, result } = props;
  const { m, lang } = view;
  const base = `/staff/o/${encodeURIComponent(slug)}/audit`;
  const params = new URLSearchParams(Object.entries(query).filter((kv): kv is [string, string] => FILTERS.includes(kv[0] as never) && Boolean(kv[1])));
  const pageLink = (page: number) => `${base}?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <>
      <p>
        <a href="/staff">{m.home}</a> › <a href={`/staff/o/${encodeURIComponent(slug)}`}>{props.orgName}</a>
      </p>
      <h1>
        {m.navAudit} · {props.orgName}
      </h1>
      <form method="get" action={base} class="card" novalidate>
        <ErrorSummary view={view} errors={errors} fields={[...FILTERS]} />
        <div class="grid">
          <Select
            name="entity"
            label={m.auditEntity}
            value={query.entity ?? ''}
            options={[['', m.all], ...AUDIT_ENTITIES.map((e): [string, string] => [e, AUDIT_ENTITY_LABELS[e][lang]])]}
            error={errorFor(errors, 'entity')}
          />
          <Select
            name="action"
            label={m.auditAction}
            value={query.action ?? ''}
            options={[['', m.all], ['insert', m.auditActions.insert], ['update', m.auditActions.update], ['delete', m.auditActions.delete], ['read', m.auditActions.read]]}
            error={errorFor(errors, 'action')}
          />
          <TextField name="actor" label={m.auditActor} value={query.actor ?? ''} error={errorFor(errors, 'actor')} />
          <DateField lang={lang} name="from" label={m.dateFrom} value={query.from} error={errorFor(errors, 'from')} />
          <DateField lang={lang} name="to" label={m.dateTo} value={query.to} error={errorFor(errors, 'to')} />
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
        {result.entries.map((e) => {
          const record = recordOf(view, e, result.names);
          return (
            <tr key={e.id}>
              <td>{dateTime(lang, e.at)}</td>
              <td>{e.actorLabel}</td>
              <td>
                {record.what}
                {record.name ? (
                  <>
                    <br />
                    <span class="muted">{record.name}</span>
                  </>
                ) : null}
              </td>
              <td>{m.auditActions[e.action]}</td>
              <td>
                <Changes view={view} e={e} />
              </td>
            </tr>
          );
        })}
      </DataTable>
      <nav aria-label={m.pages} class="buttons">
        {result.page > 1 ? <a href={pageLink(result.page - 1)}>← {m.previousPage}</a> : null}
        {result.page < pages ? <a href={pageLink(result.page + 1)}>{m.nextPage} →</a> : null}
      </nav>
    </>
  );
}
