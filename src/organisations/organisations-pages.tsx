/**
 * The organisations of the system (issue 14), for the system administrator: the list, the tree of organisations
 * and those not yet placed (issue 18, tree.ts), the form that moves one under a parent, and the form that creates
 * one (Thai name, type, size group, province, district, slug, parent). Without JavaScript the district is chosen in two
 * steps: a first submit with the province (and no district) shows the select of that province's districts. On
 * success the new organisation's set-up page (setup.tsx) follows.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, NotFound } from '../app/errors.ts';
import { createOrganisation, listOrganisationDetails, type OrganisationDetail } from './organisations.ts';
import { provinces, type Province } from './places.ts';
import { ORG_TYPES, SIZE_GROUPS } from './vocab.ts';
import { organisationMessages as msg } from './messages.ts';
import { InputError } from '../errors.ts';
import { SYSTEM_ADMIN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute } from '../web/route.ts';
import { CsrfField, DataTable, ErrorSummary, errorFor, fieldErrors, Select, sendPage, TextField, viewOf, type FieldError } from '../web/view.tsx';
import { setupPath } from './setup-pages.tsx';
import { isSupervising, moveOrganisation, organisationTree, type TreeBranch } from './tree.ts';

const PATH = '/staff/system/organisations';
const MOVE_PATH = `${PATH}/move`;
const FIELDS = ['nameTh', 'type', 'size', 'province', 'district', 'districtOther', 'slug', 'parent'] as const;
const MOVE_FIELDS = ['moveSlug', 'moveParent'] as const;

interface PageState {
  readonly errors?: readonly FieldError[];
  readonly values?: Readonly<Record<string, string>>;
}

/** The form's errors: a slug in use (Conflict) or not found (NotFound) is a problem of its field like any other. */
const formErrors = (request: FastifyRequest, error: unknown, rename: Readonly<Record<string, string>> = {}): { errors: FieldError[]; status: number } => {
  const plain = error instanceof Conflict || error instanceof NotFound ? new InputError(error.field, error.said) : error;
  const errors = fieldErrors(request.lang, plain).map((e) => ({ ...e, field: rename[e.field] ?? e.field }));
  return { errors, status: error instanceof Conflict ? 409 : 400 };
};

const orgLink = (o: OrganisationDetail) => <a href={`/staff/o/${encodeURIComponent(o.slug)}`}>{o.nameTh}</a>;

/** An organisation in the tree's lists: its name (a link), its slug and its type. */
const OrgLabel = ({ o }: { o: OrganisationDetail }) => (
  <>
    {orgLink(o)} <code>{o.slug}</code> <span class="muted">{o.typeTh ?? ''}</span>
  </>
);

/** The tree as nested lists: each level indented under the office above it. */
function Branches({ branches }: { branches: readonly TreeBranch[] }) {
  return (
    <ul class="org-tree">
      {branches.map(({ organisation: o, children }) => (
        <li key={o.slug}>
          <OrgLabel o={o} />
          {children.length > 0 ? <Branches branches={children} /> : null}
        </li>
      ))}
    </ul>
  );
}

const provinceOf = (text: string): Province | undefined => (text === '' ? undefined : provinces().find((p) => p.code === text || p.nameTh === text));

export async function organisationPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  const page = async (request: FastifyRequest, reply: FastifyReply, state: PageState = {}, status = 200) => {
    const view = viewOf(request, reply);
    const { m } = view;
    const list = await listOrganisationDetails(deps.db, principalOf(request));
    // The two forms' errors apart: each form's summary lists its own.
    const moveErrors = (state.errors ?? []).filter((e) => (MOVE_FIELDS as readonly string[]).includes(e.field));
    const errors = (state.errors ?? []).filter((e) => !moveErrors.includes(e));
    const v = (name: string) => state.values?.[name] ?? '';
    const province = provinceOf(v('province'));
    const tree = organisationTree(list);
    return sendPage(
      reply,
      {
        view,
        title: m.organisationsTitle,
        children: (
          <>
            <p>
              <a href="/staff">{m.home}</a>
            </p>
            <h1>{m.organisationsTitle}</h1>
            <DataTable label={m.organisationsTitle} caption={m.organisationsTitle} columns={[m.orgName, m.orgType, m.orgProvince, m.orgDistrict, m.orgSlug, m.orgParent]}>
              {list.map((o) => (
                <tr key={o.slug}>
                  <td>{orgLink(o)}</td>
                  <td>{o.typeTh ?? '–'}</td>
                  <td>{o.province ?? '–'}</td>
                  <td>{o.district ?? '–'}</td>
                  <td>
                    <code>{o.slug}</code>
                  </td>
                  <td>{o.parent ? <code>{o.parent}</code> : '–'}</td>
                </tr>
              ))}
            </DataTable>
            <section class="card" aria-labelledby="org-tree-title">
              <h2 id="org-tree-title">{m.orgTreeTitle}</h2>
              {tree.roots.length === 0 ? <p class="muted">{m.orgTreeEmpty}</p> : <Branches branches={tree.roots} />}
            </section>
            <section class="card" aria-labelledby="org-unplaced-title">
              <h2 id="org-unplaced-title">{m.orgUnplacedTitle}</h2>
              <p class="muted">{m.orgUnplacedHint}</p>
              <ul class="org-unplaced">
                {tree.unplaced.map((o) => (
                  <li key={o.slug}>
                    <OrgLabel o={o} />
                    {isSupervising(o) ? <> <span class="badge">{m.orgTopOffice}</span></> : null}
                  </li>
                ))}
              </ul>
            </section>
            <section class="card" aria-labelledby="move-org-title">
              <h2 id="move-org-title">{m.orgMoveTitle}</h2>
              <form method="post" action={MOVE_PATH} novalidate>
                <ErrorSummary view={view} errors={moveErrors} fields={[...MOVE_FIELDS]} />
                <CsrfField view={view} />
                <TextField name="moveSlug" label={m.orgMoveSlug} value={v('moveSlug')} required autocomplete="off" error={errorFor(moveErrors, 'moveSlug')} />
                <TextField name="moveParent" label={m.orgParent} hint={m.orgMoveParentHint} value={v('moveParent')} autocomplete="off" error={errorFor(moveErrors, 'moveParent')} />
                <button type="submit">{m.orgMove}</button>
              </form>
            </section>
            <section class="card" aria-labelledby="create-org-title">
              <h2 id="create-org-title">{m.createOrganisation}</h2>
              <form method="post" action={PATH} novalidate>
                <ErrorSummary view={view} errors={errors} fields={[...FIELDS]} />
                <CsrfField view={view} />
                <TextField name="nameTh" label={m.orgName} value={v('nameTh')} required error={errorFor(errors, 'nameTh')} />
                <Select
                  name="type"
                  label={m.orgType}
                  value={v('type')}
                  required
                  options={[['', m.chooseOne], ...ORG_TYPES.map((t): [string, string] => [t.code, `${t.abbrTh} · ${t.nameTh}`])]}
                  error={errorFor(errors, 'type')}
                />
                <Select
                  name="size"
                  label={m.orgSizeGroup}
                  hint={m.orgSizeGroupHint(ORG_TYPES.filter((t) => t.eitMinimum).map((t) => t.abbrTh))}
                  value={v('size')}
                  options={[['', m.orgNoSizeGroup], ...SIZE_GROUPS.map((g): [string, string] => [g, g])]}
                  error={errorFor(errors, 'size')}
                />
                <Select
                  name="province"
                  label={m.orgProvince}
                  value={province?.code ?? ''}
                  required
                  options={[['', m.chooseOne], ...provinces().map((p): [string, string] => [p.code, p.nameTh])]}
                  error={errorFor(errors, 'province')}
                />
                {province ? <input type="hidden" name="districtShown" value={province.code} /> : null}
                {province ? (
                  <Select
                    name="district"
                    label={m.orgDistrict}
                    value={v('district')}
                    options={[['', m.chooseOne], ...province.districts.map((d): [string, string] => [d.code, d.nameTh])]}
                    error={errorFor(errors, 'district')}
                  />
                ) : (
                  <p class="muted">{m.orgDistrictAfterProvince}</p>
                )}
                {province ? <TextField name="districtOther" label={m.orgDistrictOther} hint={m.orgDistrictOtherHint} value={v('districtOther')} autocomplete="off" /> : null}
                <TextField name="slug" label={m.orgSlug} hint={m.orgSlugHint} value={v('slug')} required autocomplete="off" error={errorFor(errors, 'slug')} />
                <TextField name="parent" label={m.orgParent} hint={m.orgParentHint} value={v('parent')} autocomplete="off" error={errorFor(errors, 'parent')} />
                <button type="submit" class="primary">
                  {province ? m.createOrganisation : m.orgNext}
                </button>
              </form>
            </section>
          </>
        ),
      },
      status,
    );
  };

  pageRoute(app, 'GET', PATH, { access: SYSTEM_ADMIN }, ({ request, reply }) => page(request, reply));

  pageRoute(app, 'POST', PATH, { access: SYSTEM_ADMIN }, async ({ request, reply }) => {
    const form = formOf(request);
    const values = Object.fromEntries(FIELDS.map((k) => [k, form.get(k).trim()]));
    const province = provinceOf(values.province ?? '');
    // The first step without JavaScript: a province is chosen, its districts are not shown yet.
    if (province && !values.district && !values.districtOther && form.get('districtShown') !== province.code) {
      return page(request, reply, { values });
    }
    const district = province?.districts.find((d) => d.code === values.district);
    const input = {
      slug: values.slug,
      nameTh: values.nameTh,
      type: values.type,
      province: province?.nameTh ?? values.province,
      // A district the dataset lacks (อำเภอกู่เวียง) is typed; it is kept by name, as the CLI keeps it.
      district: values.districtOther || district?.nameTh || values.district || null,
      size: values.size || null,
      parent: values.parent || null,
    };
    try {
      if (!values.type) throw new InputError('type', msg.chooseType());
      if (!province) throw new InputError('province', msg.chooseProvince());
      const made = await createOrganisation(deps.db, principalOf(request), input);
      return reply.redirect(setupPath(made.organisation.slug), 303);
    } catch (error) {
      const { errors, status } = formErrors(request, error);
      return page(request, reply, { errors, values }, status);
    }
  });

  pageRoute(app, 'POST', MOVE_PATH, { access: SYSTEM_ADMIN }, async ({ request, reply }) => {
    const form = formOf(request);
    const values = Object.fromEntries(MOVE_FIELDS.map((k) => [k, form.get(k).trim()]));
    try {
      await moveOrganisation(deps.db, principalOf(request), values.moveSlug ?? '', { parent: values.moveParent || null });
      return reply.redirect(PATH, 303);
    } catch (error) {
      const { errors, status } = formErrors(request, error, { slug: 'moveSlug', parent: 'moveParent' });
      return page(request, reply, { errors, values }, status);
    }
  });
}
