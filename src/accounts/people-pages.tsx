/**
 * The people of an organisation and their roles (organisation administrators): add a person with roles (they
 * get a one-time link to set their password, valid 24 hours, which the administrator hands over: no password
 * passes through anyone), change roles, make a new link when a password is forgotten, turn an account off or on.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  createPerson,
  listPeople,
  listUnits,
  ORG_ROLES,
  passwordLinkFor,
  setPersonActive,
  setRoles,
  type UnitInfo,
} from './accounts.ts';
import { resolveOrg } from '../app/context.ts';
import { InputError } from '../errors.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { accountMessages } from './messages.ts';
import { formOf, type Form } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { originOf } from '../portal/routes-public.tsx';
import {
  Checkboxes,
  CsrfField,
  ErrorSummary,
  errorFor,
  fieldErrors,
  PostButton,
  Select,
  sendPage,
  DataTable,
  TextField,
  viewOf,
  type FieldError,
  type View,
} from '../web/view.tsx';

const orgParams = z.object({ slug: z.string() });
const personParams = z.object({ slug: z.string(), id: z.string() });
/** The people page's query: whether a change was just saved (a flash). */
const peopleQuery = z.object({ done: queryText });
type PeopleQuery = z.output<typeof peopleQuery>;

/** Roles chosen with a checkbox; the unit head's role comes with the unit chosen beside it. */
const PLAIN_ROLES = ORG_ROLES.filter((r) => r !== 'unit_head');

function rolesFromForm(form: Form): { role: string; unitId: string | null }[] {
  const roles: { role: string; unitId: string | null }[] = form.all('roles').map((role) => ({ role, unitId: null }));
  const unit = form.get('unitHeadOf');
  if (unit) roles.push({ role: 'unit_head', unitId: unit });
  return roles;
}

/** The role fields of a form; `prefix` keeps the ids of several such forms on one page apart. */
function RoleFields({ view, units, roles, unitHeadOf, errors, prefix = '' }: { view: View; units: readonly UnitInfo[]; roles: readonly string[]; unitHeadOf: string; errors: readonly FieldError[]; prefix?: string }) {
  const { m } = view;
  return (
    <>
      <Checkboxes
        name="roles"
        errorField={`${prefix}roles`}
        legend={m.rolesLabel}
        hint={m.supervisorRoleHint}
        options={PLAIN_ROLES.map((r): [string, string] => [r, m.roleNames[r]])}
        checked={roles}
        error={errorFor(errors, 'roles')}
      />
      <Select
        name="unitHeadOf"
        errorField={`${prefix}roles.unitId`}
        label={m.unitHeadOf}
        value={unitHeadOf}
        options={[['', m.notUnitHead], ...units.map((u): [string, string] => [u.id, u.nameTh])]}
        error={errorFor(errors, 'roles.0.unitId') ?? errorFor(errors, 'unitId')}
      />
    </>
  );
}

export const linkOf = (request: FastifyRequest, token: string): string => `${originOf(request)}/setup/${token}`;

/** A one-time set-password link just made, shown once (also on the set-up page, setup.tsx). */
export function PasswordLinkNotice({ view, link }: { view: View; link: { readonly name: string; readonly url: string } | undefined }) {
  if (!link) return null;
  return (
    <div class="notice ok" role="status">
      <p>{view.m.setPasswordLinkFor(link.name)}</p>
      <pre class="token" id="set-password-link">
        {link.url}
      </pre>
    </div>
  );
}

export async function peoplePages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    query: PeopleQuery,
    state: { errors?: FieldError[]; values?: Record<string, string>; roles?: string[]; link?: { name: string; url: string } } = {},
    status = 200,
  ) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const principal = principalOf(request);
    const org = await resolveOrg(deps.db, principal, slug, 'org.admin');
    const [people, units] = await Promise.all([listPeople(deps.db, principal, org.orgId), listUnits(deps.db, principal, slug)]);
    const errors = state.errors ?? [];
    const base = `/staff/o/${encodeURIComponent(slug)}/people`;
    const unitName = (id: string | null) => units.find((u) => u.id === id)?.nameTh ?? '';
    return sendPage(
      reply,
      {
        view,
        title: m.navPeople,
        flash: query.done ? { kind: 'ok', text: m.saved } : null,
        children: (
          <>
            <p>
              <a href="/staff">{m.home}</a> › <a href={`/staff/o/${encodeURIComponent(slug)}`}>{org.nameTh}</a>
            </p>
            <h1>
              {m.navPeople} · {org.nameTh}
            </h1>
            <PasswordLinkNotice view={view} link={state.link} />
            <DataTable label={m.navPeople} caption={m.peopleOf(org.nameTh)} columns={[m.nameTh, m.email, m.rolesLabel, m.accountState, m.actions]}>
              {people.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.nameTh}
                    {p.positionTh ? <span class="muted"> · {p.positionTh}</span> : null}
                  </td>
                  <td>{p.email ?? '–'}</td>
                  <td>{p.roles.map((r) => (r.role === 'unit_head' ? `${m.roleNames[r.role]} (${unitName(r.unitId)})` : m.roleNames[r.role])).join(', ') || m.none}</td>
                  <td>{!p.active ? m.accountOff : p.hasPassword ? m.accountOn : m.accountNoPassword}</td>
                  <td>
                    {/* One click for a forgotten password (without PRONGSAI_SMTP_URL, the sign-in page's "ลืมรหัสผ่าน" sends people here). */}
                    {p.email && p.id !== principal.personId ? <PostButton view={view} action={`${base}/${p.id}/link`} label={m.newPasswordLink} small /> : null}
                    <details>
                      <summary>{m.manage(p.nameTh)}</summary>
                      <form method="post" action={`${base}/${p.id}/roles`} novalidate>
                        <CsrfField view={view} />
                        <RoleFields
                          view={view}
                          prefix={`person-${p.id}.`}
                          units={units}
                          roles={p.roles.filter((r) => r.role !== 'unit_head').map((r) => r.role)}
                          unitHeadOf={p.roles.find((r) => r.role === 'unit_head')?.unitId ?? ''}
                          errors={[]}
                        />
                        <button type="submit" class="secondary small">
                          {m.saveRoles}
                        </button>
                      </form>
                      <p class="muted">{m.resetEndsAccess}</p>
                      <div class="buttons">
                        <PostButton
                          view={view}
                          action={`${base}/${p.id}/active`}
                          fields={{ active: p.active ? 'false' : 'true' }}
                          label={p.active ? m.turnOff : m.turnOn}
                          kind={p.active ? 'danger' : 'secondary'}
                          small
                        />
                      </div>
                    </details>
                  </td>
                </tr>
              ))}
            </DataTable>
            <section class="card" aria-labelledby="add-person-title">
              <h2 id="add-person-title">{m.addPerson}</h2>
              <form method="post" action={base} novalidate>
                <ErrorSummary view={view} errors={errors} fields={['nameTh', 'positionTh', 'email', 'unitId', 'roles', 'roles.unitId']} />
                <CsrfField view={view} />
                <TextField name="nameTh" label={m.nameTh} value={state.values?.nameTh ?? ''} required error={errorFor(errors, 'nameTh')} />
                <TextField name="positionTh" label={m.positionTh} value={state.values?.positionTh ?? ''} error={errorFor(errors, 'positionTh')} />
                <TextField name="email" type="email" label={m.email} value={state.values?.email ?? ''} required autocomplete="off" error={errorFor(errors, 'email')} />
                <Select
                  name="unitId"
                  label={m.personUnit}
                  value={state.values?.unitId ?? ''}
                  options={[['', m.noUnit], ...units.map((u): [string, string] => [u.id, u.nameTh])]}
                  error={errorFor(errors, 'unitId')}
                />
                <RoleFields view={view} units={units} roles={state.roles ?? []} unitHeadOf={state.values?.unitHeadOf ?? ''} errors={errors} />
                <button type="submit" class="primary">
                  {m.addPerson}
                </button>
              </form>
            </section>
          </>
        ),
      },
      status,
    );
  };

  const orgIdOf = async (request: FastifyRequest, slug: string) => (request.org ?? (await resolveOrg(deps.db, principalOf(request), slug, 'org.admin'))).orgId;
  const admin = inOrg('org.admin');

  pageRoute(app, 'GET', '/staff/o/:slug/people', { access: admin, params: orgParams, query: peopleQuery }, ({ params: { slug }, query, request, reply }) => page(request, reply, slug, query));

  pageRoute(app, 'POST', '/staff/o/:slug/people', { access: admin, params: orgParams, query: peopleQuery }, async ({ params: { slug }, query, request, reply }) => {
    const form = formOf(request);
    const values = Object.fromEntries(['nameTh', 'positionTh', 'email', 'unitId', 'unitHeadOf'].map((k) => [k, form.get(k)]));
    const input = { nameTh: values.nameTh, positionTh: values.positionTh || null, email: values.email, unitId: values.unitId || null, roles: rolesFromForm(form) };
    try {
      const made = await createPerson(deps.db, principalOf(request), await orgIdOf(request, slug), input, deps.now());
      return page(request, reply, slug, query, { link: { name: input.nameTh ?? '', url: linkOf(request, made.link) } }, 201);
    } catch (error) {
      return page(request, reply, slug, query, { errors: fieldErrors(request.lang, error), values, roles: form.all('roles') }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/o/:slug/people/:id/roles', { access: admin, params: personParams, query: peopleQuery }, async ({ params: { id, slug }, query, request, reply }) => {
    try {
      await setRoles(deps.db, principalOf(request), await orgIdOf(request, slug), id, rolesFromForm(formOf(request)));
      return reply.redirect(`/staff/o/${encodeURIComponent(slug)}/people?done=1`, 303);
    } catch (error) {
      return page(request, reply, slug, query, { errors: fieldErrors(request.lang, error) }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/o/:slug/people/:id/link', { access: admin, params: personParams, query: peopleQuery }, async ({ params: { id, slug }, query, request, reply }) => {
    const principal = principalOf(request);
    const orgId = await orgIdOf(request, slug);
    try {
      const token = await passwordLinkFor(deps.db, principal, orgId, id, deps.now());
      const person = (await listPeople(deps.db, principal, orgId)).find((p) => p.id === id);
      return page(request, reply, slug, query, { link: { name: person?.nameTh ?? '', url: linkOf(request, token) } });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return page(request, reply, slug, query, { errors: fieldErrors(request.lang, error) }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/o/:slug/people/:id/active', { access: admin, params: personParams }, async ({ params: { id, slug }, request, reply }) => {
    const active = formOf(request).get('active');
    if (active !== 'true' && active !== 'false') throw new InputError('active', accountMessages.activeNotBoolean());
    await setPersonActive(deps.db, principalOf(request), await orgIdOf(request, slug), id, active === 'true', deps.now());
    return reply.redirect(`/staff/o/${encodeURIComponent(slug)}/people?done=1`, 303);
  });
}
