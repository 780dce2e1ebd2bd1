/**
 * Self-service sign-up pages (src/accounts/signup.ts): the public request form /signup (only when the instance allows
 * it; otherwise 404), rate-limited per client address like signing in, and the system administrator's page
 * /staff/system/signups: the setting, the pending requests, approving (the new administrator's one-time
 * set-password link is shown once, to hand over) and rejecting with a reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { provinces } from '../organisations/places.ts';
import { approveSignup, listSignups, rejectSignup, requestSignup, setSignupOpen, signupClosed, signupOpen } from './signup.ts';
import { orgTypeByCode, ORG_TYPES } from '../organisations/vocab.ts';
import { InputError } from '../errors.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { PUBLIC, SYSTEM_ADMIN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf, type Form } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { originOf } from '../portal/routes-public.tsx';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { CsrfField, dateTime, ErrorSummary, errorFor, fieldErrors, fieldId, Select, sendPage, TextArea, TextField, viewOf, type FieldError, type View } from '../web/view.tsx';

const FIELDS = ['nameTh', 'type', 'province', 'district', 'requesterName', 'requesterPosition', 'requesterEmail', 'note'] as const;
const SYSTEM_PATH = '/staff/system/signups';
const signupQuery = z.object({ sent: queryText });
const systemQuery = z.object({ saved: queryText, rejected: queryText });
const requestParams = z.object({ id: z.string() });

function SignupForm({ view, values, errors }: { view: View; values: Readonly<Record<string, string>>; errors: readonly FieldError[] }) {
  const { m } = view;
  const all = provinces();
  const chosen = all.find((p) => p.nameTh === values.province);
  // The districts of the chosen province when the form comes back; otherwise every district's name.
  const districts = [...new Set((chosen ? [chosen] : all).flatMap((p) => p.districts.map((d) => d.nameTh)))];
  const districtId = fieldId('district');
  return (
    <form method="post" action="/signup" class="card" novalidate>
      <ErrorSummary view={view} errors={errors} />
      <CsrfField view={view} />
      <TextField name="nameTh" label={m.signupAgency} value={values.nameTh} required error={errorFor(errors, 'nameTh')} />
      <Select name="type" label={m.signupType} value={values.type} required options={[['', m.signupChoose], ...ORG_TYPES.map((t) => [t.code, `${t.abbrTh} – ${t.nameTh}`] as const)]} error={errorFor(errors, 'type')} />
      <Select name="province" label={m.signupProvince} value={values.province} required options={[['', m.signupChoose], ...all.map((p) => [p.nameTh, p.nameTh] as const)]} error={errorFor(errors, 'province')} />
      <div class={`field${errorFor(errors, 'district') ? ' invalid' : ''}`}>
        <label for={districtId}>{m.signupDistrict}</label>
        <span class="hint" id={`${districtId}-hint`}>
          {m.signupDistrictHint}
        </span>
        <input id={districtId} name="district" type="text" list={`${districtId}-list`} value={values.district ?? ''} aria-describedby={`${districtId}-hint`} />
        <datalist id={`${districtId}-list`}>
          {districts.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
      </div>
      <TextField name="requesterName" label={m.signupRequesterName} value={values.requesterName} autocomplete="name" required error={errorFor(errors, 'requesterName')} />
      <TextField name="requesterPosition" label={m.signupRequesterPosition} value={values.requesterPosition} autocomplete="organization-title" required error={errorFor(errors, 'requesterPosition')} />
      <TextField name="requesterEmail" type="email" label={m.signupRequesterEmail} value={values.requesterEmail} autocomplete="email" required error={errorFor(errors, 'requesterEmail')} />
      <TextArea name="note" label={m.signupNote} value={values.note} error={errorFor(errors, 'note')} />
      <button type="submit" class="primary">
        {m.signupSend}
      </button>
    </form>
  );
}

async function signupPage(request: FastifyRequest, reply: FastifyReply, query: z.output<typeof signupQuery>, state: { values?: Record<string, string>; errors?: FieldError[] } = {}) {
  const view = viewOf(request, reply);
  const { m } = view;
  const sent = query.sent === '1' && !state.errors;
  return sendPage(
    reply,
    {
      view,
      title: sent ? m.signupReceivedTitle : m.signupTitle,
      children: sent ? (
        <>
          <h1>{m.signupReceivedTitle}</h1>
          <p>{m.signupReceivedBody}</p>
        </>
      ) : (
        <>
          <h1>{m.signupTitle}</h1>
          <p>{m.signupIntro}</p>
          <SignupForm view={view} values={state.values ?? {}} errors={state.errors ?? []} />
        </>
      ),
    },
    state.errors?.length ? 400 : 200,
  );
}

/** Approving (with the slug) or rejecting (with the reason) one request: one field and its button. */
function DecisionForm(props: { view: View; id: string; decision: 'approve' | 'reject'; field: string; label: string; button: string; kind: 'primary' | 'danger' }) {
  return (
    <form method="post" action={`${SYSTEM_PATH}/${props.id}/${props.decision}`} class="inline">
      <CsrfField view={props.view} />
      <TextField name={props.field} label={props.label} errorField={`${props.field}-${props.id}`} required />
      <button type="submit" class={props.kind}>
        {props.button}
      </button>
    </form>
  );
}

async function systemPage(request: FastifyRequest, reply: FastifyReply, deps: AreaOptions['deps'], flash: { kind: 'ok' | 'bad'; text: string; link?: string } | null = null, status = 200) {
  const view = viewOf(request, reply);
  const { m, lang } = view;
  const principal = principalOf(request);
  const [open, signups] = await Promise.all([signupOpen(deps.db), listSignups(deps.db, principal)]);
  return sendPage(
    reply,
    {
      view,
      title: m.signupsTitle,
      flash: flash && !flash.link ? { kind: flash.kind, text: flash.text } : null,
      children: (
        <>
          <h1>{m.signupsTitle}</h1>
          {flash?.link ? (
            <div class="notice ok" role="status">
              <p>{flash.text}</p>
              <p>
                <code>{flash.link}</code>
              </p>
            </div>
          ) : null}
          <form method="post" action={`${SYSTEM_PATH}/setting`} class="card">
            <CsrfField view={view} />
            <h2>{m.signupSetting}</h2>
            <label>
              <input type="checkbox" name="open" value="on" checked={open} /> {m.signupSettingOpen}
            </label>
            <button type="submit" class="secondary">
              {m.signupSettingSave}
            </button>
          </form>
          {signups.length === 0 ? <p>{m.signupsNone}</p> : null}
          {signups.map((s) => (
            <section key={s.id} class="card">
              <h2>{s.nameTh}</h2>
              <p>
                {orgTypeByCode(s.type)?.abbrTh ?? s.type} · {s.district ? `${s.district}, ` : ''}
                {s.province} · {dateTime(lang, s.createdAt)}
              </p>
              <p>
                {m.signupRequester}: {s.requesterName} ({s.requesterPosition}) {s.requesterEmail}
              </p>
              {s.note ? <p>{s.note}</p> : null}
              <DecisionForm view={view} id={s.id} decision="approve" field="slug" label={m.signupSlug} button={m.signupApprove} kind="primary" />
              <DecisionForm view={view} id={s.id} decision="reject" field="reason" label={m.signupReason} button={m.signupReject} kind="danger" />
            </section>
          ))}
        </>
      ),
    },
    status,
  );
}

const valuesOf = (form: Form): Record<string, string> => Object.fromEntries(FIELDS.map((f) => [f, form.get(f)]));

export async function signupPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  pageRoute(app, 'GET', '/signup', { access: PUBLIC, query: signupQuery }, async ({ query, request, reply }) => {
    if (!(await signupOpen(deps.db))) throw signupClosed();
    return signupPage(request, reply, query);
  });

  pageRoute(
    app,
    'POST',
    '/signup',
    { access: PUBLIC, query: signupQuery, config: { rateLimit: { max: deps.signInPerMinute, timeWindow: 60_000 } } },
    async ({ query, request, reply }) => {
      const values = valuesOf(formOf(request));
      try {
        await requestSignup(deps.db, values);
      } catch (error) {
        return signupPage(request, reply, query, { values, errors: fieldErrors(request.lang, error) });
      }
      return reply.redirect('/signup?sent=1', 303);
    },
  );

  pageRoute(app, 'GET', SYSTEM_PATH, { access: SYSTEM_ADMIN, query: systemQuery }, async ({ query: q, request, reply }) => {
    const m = viewOf(request, reply, false).m;
    const flash = q.saved ? { kind: 'ok' as const, text: m.signupSettingSaved } : q.rejected ? { kind: 'ok' as const, text: m.signupRejected } : null;
    return systemPage(request, reply, deps, flash);
  });

  pageRoute(app, 'POST', `${SYSTEM_PATH}/setting`, { access: SYSTEM_ADMIN }, async ({ request, reply }) => {
    await setSignupOpen(deps.db, principalOf(request), { open: formOf(request).get('open') === 'on' });
    return reply.redirect(`${SYSTEM_PATH}?saved=1`, 303);
  });

  // Bad input (a slug in use, no reason) comes back on the page with the message; no such request is a 404.
  const decided = async (request: FastifyRequest, reply: FastifyReply, act: () => Promise<FastifyReply>) => {
    try {
      return await act();
    } catch (error) {
      if (!(error instanceof InputError) || error instanceof NotFound) throw error;
      const status = error instanceof Conflict ? 409 : 400;
      return systemPage(request, reply, deps, { kind: 'bad', text: said(request.lang, error) }, status);
    }
  };

  pageRoute(app, 'POST', `${SYSTEM_PATH}/:id/approve`, { access: SYSTEM_ADMIN, params: requestParams }, ({ params: { id }, request, reply }) =>
    decided(request, reply, async () => {
      const made = await approveSignup(deps.db, principalOf(request), id, { slug: formOf(request).get('slug') }, deps.now());
      const { m } = viewOf(request, reply, false);
      return systemPage(request, reply, deps, { kind: 'ok', text: `${made.organisation.nameTh}: ${m.signupApproved}`, link: `${originOf(request)}/setup/${made.link}` });
    }),
  );

  pageRoute(app, 'POST', `${SYSTEM_PATH}/:id/reject`, { access: SYSTEM_ADMIN, params: requestParams }, ({ params: { id }, request, reply }) =>
    decided(request, reply, async () => {
      await rejectSignup(deps.db, principalOf(request), id, { reason: formOf(request).get('reason') }, deps.now());
      return reply.redirect(`${SYSTEM_PATH}?rejected=1`, 303);
    }),
  );
}
