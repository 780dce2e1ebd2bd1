/**
 * The guided first run of a new organisation (issue 14), for its administrator and the system administrator: a
 * checklist of (a) its units, offered by type (vocab.ts) with "add another", (b) its first people with a role, each
 * getting a one-time set-password link shown once, (c) its ITAS code (the ITAS page, itas.tsx) and (d) its first
 * fiscal year (the new-year page, carry.tsx). A step is done when its data exists.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listPeople, listUnits, ORG_ROLES } from '../accounts/accounts.ts';
import type { Principal } from '../app/authz.ts';
import { listYears, resolveOrg } from '../app/context.ts';
import type { Queryable } from '../db/index.ts';
import { getItas } from './itas.ts';
import { addPerson, addUnit, EMBLEM_MAX_BYTES, getSignOffSettings, setSignOffSettings } from './organisations.ts';
import { unitsOfType } from './vocab.ts';
import { organisationMessages as msg } from './messages.ts';
import { InputError } from '../errors.ts';
import { inOrg } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { FORM_OVERHEAD_BYTES } from '../web/uploads.ts';
import { Checkboxes, CsrfField, ErrorSummary, errorFor, fieldErrors, FileField, Select, sendPage, TextField, viewOf, type FieldError } from '../web/view.tsx';
import { itasPagePath } from './itas-pages.tsx';
import { linkOf, PasswordLinkNotice } from '../accounts/people-pages.tsx';

const seg = encodeURIComponent;
const SIGNOFF_FIELDS = ['preparerName', 'preparerPosition', 'executivePosition', 'emblem'];
export const setupPath = (slug: string): string => `/staff/o/${seg(slug)}/setup`;

export interface SetupState {
  readonly units: boolean;
  readonly people: boolean;
  readonly itas: boolean;
  readonly year: boolean;
}

async function loadSetup(db: Queryable, principal: Principal, slug: string) {
  const org = await resolveOrg(db, principal, slug, 'org.admin');
  const [units, people, itas, years] = await Promise.all([
    listUnits(db, principal, org.slug),
    listPeople(db, principal, org.orgId),
    getItas(db, principal, org.slug),
    listYears(db, principal, org.slug),
  ]);
  const done: SetupState = { units: units.length > 0, people: people.some((p) => p.roles.length > 0), itas: itas.itasCode !== null, year: years.length > 0 };
  return { org, units, people, itas, years, done };
}

/** Which set-up steps are done: each is done when its data exists. */
export async function setupState(db: Queryable, principal: Principal, slug: string): Promise<SetupState> {
  return (await loadSetup(db, principal, slug)).done;
}

/** Every set-up step is done. */
export const setupComplete = (s: SetupState): boolean => s.units && s.people && s.itas && s.year;

interface PageState {
  /** The page was reached after a change (?done=…). */
  readonly done?: string | undefined;
  readonly errors?: readonly FieldError[];
  readonly values?: Readonly<Record<string, string>>;
  readonly link?: { readonly name: string; readonly url: string };
}

export async function setupPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, slug: string, state: PageState = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const principal = principalOf(request);
    const { org, units, people, itas, years, done } = await loadSetup(deps.db, principal, slug);
    const signOff = await getSignOffSettings(deps.db, principal, org.slug);
    const offered = unitsOfType(itas.orgType).filter((name) => !units.some((u) => u.nameTh === name));
    const errors = state.errors ?? [];
    const v = (name: string) => state.values?.[name] ?? '';
    const base = setupPath(org.slug);
    const Step = ({ id, title, isDone }: { id: string; title: string; isDone: boolean }) => (
      <h2 id={id}>
        {title} <span class={`badge ${isDone ? 'ok' : 'warn'}`}>{isDone ? m.setupDone : m.setupToDo}</span>
      </h2>
    );
    return sendPage(
      reply,
      {
        view,
        title: m.orgSetupTitle,
        flash: state.done ? { kind: 'ok', text: m.saved } : null,
        children: (
          <>
            <p>
              <a href="/staff">{m.home}</a> › <a href={`/staff/o/${seg(org.slug)}`}>{org.nameTh}</a>
            </p>
            <h1>
              {m.orgSetupTitle} · {org.nameTh}
            </h1>
            {setupComplete(done) ? (
              <p class="notice ok" role="status">
                {m.setupAllDone}
              </p>
            ) : null}
            <ErrorSummary view={view} errors={errors} fields={['units', 'nameTh', 'email', 'role', 'unit']} />
            <section class="card" aria-labelledby="setup-units">
              <Step id="setup-units" title={`1. ${m.setupUnits}`} isDone={done.units} />
              {units.length > 0 ? (
                <ul>
                  {units.map((u) => (
                    <li key={u.id}>{u.nameTh}</li>
                  ))}
                </ul>
              ) : null}
              <form method="post" action={`${base}/units`} novalidate>
                <CsrfField view={view} />
                {offered.length > 0 ? (
                  <Checkboxes name="units" legend={m.setupUnitsOffered} options={offered.map((n): [string, string] => [n, n])} checked={units.length === 0 ? offered : []} error={errorFor(errors, 'units')} />
                ) : null}
                <TextField name="other" errorField="nameTh" label={m.setupUnitOther} value={v('other')} error={errorFor(errors, 'nameTh')} />
                <button type="submit" class="secondary">
                  {m.setupAddUnits}
                </button>
              </form>
            </section>
            <section class="card" aria-labelledby="setup-people">
              <Step id="setup-people" title={`2. ${m.setupPeople}`} isDone={done.people} />
              <PasswordLinkNotice view={view} link={state.link} />
              {people.length > 0 ? (
                <ul>
                  {people.map((p) => (
                    <li key={p.id}>
                      {p.nameTh} ({p.email ?? '–'}): {p.roles.map((r) => m.roleNames[r.role]).join(', ') || m.none}
                    </li>
                  ))}
                </ul>
              ) : null}
              <form method="post" action={`${base}/people`} novalidate>
                <CsrfField view={view} />
                <TextField name="email" type="email" label={m.email} value={v('email')} required autocomplete="off" error={errorFor(errors, 'email')} />
                <TextField name="nameTh" errorField="personName" label={m.nameTh} value={v('nameTh')} error={errorFor(errors, 'personName')} />
                <Select name="role" label={m.setupRole} value={v('role') || 'coordinator'} options={ORG_ROLES.map((r): [string, string] => [r, m.roleNames[r]])} error={errorFor(errors, 'role')} />
                <Select name="unit" label={m.setupUnitForHead} value={v('unit')} options={[['', m.noUnit], ...units.map((u): [string, string] => [u.id, u.nameTh])]} error={errorFor(errors, 'unit')} />
                <button type="submit" class="secondary">
                  {m.addPerson}
                </button>
              </form>
            </section>
            <section class="card" aria-labelledby="setup-itas">
              <Step id="setup-itas" title={`3. ${m.setupItas}`} isDone={done.itas} />
              {itas.itasCode ? (
                <p>
                  <code>{itas.itasCode}</code>
                </p>
              ) : null}
              <p>
                <a href={itasPagePath(org.slug)}>{m.setupItasGo}</a>
              </p>
            </section>
            <section class="card" aria-labelledby="setup-year">
              <Step id="setup-year" title={`4. ${m.setupYear}`} isDone={done.year} />
              {years.length > 0 ? <p>{years.map((y) => y.year).join(', ')}</p> : null}
              <p>
                <a href={`/staff/o/${seg(org.slug)}/new-year`}>{m.setupYearGo}</a>
              </p>
            </section>
            <section class="card" aria-labelledby="setup-signoff">
              <h2 id="setup-signoff">{`5. ${m.signOffTitle}`}</h2>
              <p class="hint">{m.signOffHint}</p>
              <ErrorSummary view={view} errors={errors} fields={SIGNOFF_FIELDS} />
              <form method="post" action={`${base}/signoff`} enctype="multipart/form-data" novalidate>
                <CsrfField view={view} />
                <TextField name="preparerName" label={m.preparerName} value={state.values?.preparerName ?? signOff.preparerName ?? ''} error={errorFor(errors, 'preparerName')} />
                <TextField name="preparerPosition" label={m.preparerPosition} value={state.values?.preparerPosition ?? signOff.preparerPosition ?? ''} error={errorFor(errors, 'preparerPosition')} />
                <TextField
                  name="executivePosition"
                  label={m.executivePosition}
                  hint={m.executivePositionHint}
                  value={state.values?.executivePosition ?? signOff.executivePosition ?? ''}
                  error={errorFor(errors, 'executivePosition')}
                />
                {signOff.emblem ? (
                  <p>
                    {m.emblemNow(signOff.emblem.mediaType === 'image/png' ? 'PNG' : 'JPEG', signOff.emblem.width, signOff.emblem.height, Math.max(1, Math.round(signOff.emblem.size / 1024)))}
                  </p>
                ) : null}
                <FileField name="emblem" label={m.emblem} accept="image/png,image/jpeg" hint={m.emblemHint} error={errorFor(errors, 'emblem')} />
                {signOff.emblem ? <Checkboxes name="removeEmblem" legend={m.emblem} options={[['yes', m.emblemRemove]]} checked={[]} /> : null}
                <button type="submit">{m.save}</button>
              </form>
            </section>
          </>
        ),
      },
      status,
    );
  };

  const spec = { access: inOrg('org.admin'), params: z.object({ slug: z.string() }), query: z.object({ done: queryText }) } as const;
  pageRoute(app, 'GET', '/staff/o/:slug/setup', spec, ({ params, query, request, reply }) => page(request, reply, params.slug, { done: query.done }));

  // The sign-off settings and the emblem (issue 15): the names and positions first, then the emblem; an error says
  // what is wrong beside its field, and a refused emblem changes nothing (the names are saved only with it).
  pageRoute(app, 'POST', '/staff/o/:slug/setup/signoff', { ...spec, config: { uploads: { maxBytes: EMBLEM_MAX_BYTES + FORM_OVERHEAD_BYTES } } }, async ({ params, query, request, reply }) => {
    const { slug } = params;
    const form = formOf(request);
    const values = Object.fromEntries(['preparerName', 'preparerPosition', 'executivePosition'].map((k) => [k, form.get(k)]));
    try {
      const [file] = await form.files('emblem');
      const emblem = file ?? (form.all('removeEmblem').length > 0 ? 'remove' : undefined);
      await setSignOffSettings(deps.db, principalOf(request), slug, values, emblem);
      return reply.redirect(`${setupPath(slug)}?done=signoff#setup-signoff`, 303);
    } catch (error) {
      return page(request, reply, slug, { done: query.done, errors: fieldErrors(request.lang, error), values }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/o/:slug/setup/units', spec, async ({ params, query, request, reply }) => {
    const { slug } = params;
    const form = formOf(request);
    const names = [...form.all('units'), form.get('other').trim()].filter((n) => n !== '');
    try {
      if (names.length === 0) throw new InputError('units', msg.noUnitsChosen());
      const existing = new Set((await listUnits(deps.db, principalOf(request), slug)).map((u) => u.nameTh));
      for (const nameTh of names) if (!existing.has(nameTh)) await addUnit(deps.db, principalOf(request), slug, { nameTh });
      return reply.redirect(`${setupPath(slug)}?done=units`, 303);
    } catch (error) {
      return page(request, reply, slug, { done: query.done, errors: fieldErrors(request.lang, error), values: { other: form.get('other') } }, 400);
    }
  });

  pageRoute(app, 'POST', '/staff/o/:slug/setup/people', spec, async ({ params, query, request, reply }) => {
    const { slug } = params;
    const form = formOf(request);
    const values = Object.fromEntries(['email', 'nameTh', 'role', 'unit'].map((k) => [k, form.get(k).trim()]));
    try {
      const made = await addPerson(deps.db, principalOf(request), slug, { email: values.email ?? '', role: values.role ?? '', unit: values.unit || null, nameTh: values.nameTh || null }, deps.now());
      return page(request, reply, slug, { done: query.done, link: { name: values.nameTh || (values.email ?? ''), url: linkOf(request, made.link) } }, 201);
    } catch (error) {
      // The person's name field is called personName on the page (nameTh is the unit's).
      const renamed = error instanceof InputError && error.field === 'nameTh' ? new InputError('personName', error.said) : error;
      return page(request, reply, slug, { done: query.done, errors: fieldErrors(request.lang, renamed), values }, 400);
    }
  });
}
