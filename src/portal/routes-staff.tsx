/**
 * The staff routes of the portal, under /staff/o/<slug>/… (the pages: staff-views.tsx). Every action is a form that
 * posts and comes back (303) to the page it came from; bad input or a conflict shows the page again with what was
 * sent and why.
 *
 * Access rules (src/web/access.ts) on every route; the app layer authorises again on every call
 * (src/portal/publications.ts): reading needs any role in the organisation, preparing publication.write, deciding
 * publication.approve, the settings org.admin.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { answerSheet, answerSheetCsv, answerSheetName, answerSheetXlsx } from './answer-sheet.ts';
import { OwnWork } from '../app/authz.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { InputError } from '../errors.ts';
import { itemFreshness } from './freshness.ts';
import { getPortalSettings, setPortalSettings } from './settings.ts';
import {
  approveVersion,
  attachFile,
  discardDraft,
  listPages,
  recallSubmission,
  rejectVersion,
  removeAttachment,
  saveDraft,
  slotView,
  stagedFile,
  submitVersion,
  withdrawVersion,
  yearPublications,
  type SlotRef,
} from './publications.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { inOrg } from '../web/access.ts';
import type { Deps } from '../web/deps.ts';
import { attachment } from '../web/download.ts';
import { formOf, type Form } from '../web/forms.ts';
import { said } from '../web/i18n.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, type FieldError } from '../web/view.tsx';
import { yearRef } from '../years/year-pages.tsx';
import type { PortalCache } from './cache.ts';
import { sendStored } from './files.ts';
import { portalMessages, type PortalMessages } from './i18n.ts';
import { portalErrors } from './messages.ts';
import { originOf } from './routes-public.tsx';
import { draftFromForm, parsePeriodText, publishAtOf } from './staff-forms.ts';
import { AnswerSheetPage, PagesPage, seg, SettingsPage, SlotPage, staffSlotPath, YearPortalPage, type SlotPageState } from './views-staff.tsx';

export interface StaffOptions {
  readonly deps: Deps;
  readonly cache: PortalCache;
}

const FLASH: Readonly<Record<string, keyof PortalMessages>> = {
  saved: 'saved',
  submitted: 'submitted',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  discarded: 'discarded',
  recalled: 'saved',
};

/** The query of a staff page: what was just done (?done=saved), said at the top. */
const doneQuery = z.object({ done: z.unknown().optional() });
type DoneQuery = z.output<typeof doneQuery>;

function flashOf(query: DoneQuery, m: PortalMessages): { kind: 'ok'; text: string } | null {
  const key = FLASH[String(query.done ?? '')];
  return key ? { kind: 'ok', text: m[key] as string } : null;
}

/** The fiscal year of the URL (as the year pages read it: src/years/year-pages.tsx). */
const yearParam = (request: FastifyRequest): number => yearRef(request).year;

const orgParams = z.object({ slug: z.string() });
const slotParams = z.object({ slug: z.string(), year: z.string().optional(), code: z.string().optional(), page: z.string().optional() });
type SlotParams = z.output<typeof slotParams>;

interface Asked<P> {
  readonly params: P;
  readonly query: DoneQuery;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

async function yearPage({ params, query, request, reply }: Asked<{ slug: string }>, opts: StaffOptions): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const { slug } = params;
  const year = yearParam(request);
  const now = opts.deps.now();
  const pubs = await yearPublications(opts.deps.db, principalOf(request), { org: slug, year }, now);
  const today = todayInBangkok(now);
  const rows = pubs.items.map((s) => ({ s, f: itemFreshness(s.item, year, s, today) }));
  const title = m.staffTitle(String(year));
  return sendPage(reply, { view, title, flash: flashOf(query, m), children: <YearPortalPage view={view} m={m} slug={slug} year={year} title={title} pubs={pubs} rows={rows} /> });
}

async function slotPage(asked: Asked<unknown>, opts: StaffOptions, ref: SlotRef, state: SlotPageState = {}, status = 200): Promise<FastifyReply> {
  const { query, request, reply } = asked;
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const sv = await slotView(opts.deps.db, principalOf(request), ref, opts.deps.now());
  const title = sv.versions[0]?.titleTh ?? sv.context.defaultTitle;
  return sendPage(
    reply,
    { view, title, flash: state.flash ?? flashOf(query, m), children: <SlotPage view={view} m={m} sv={sv} ref={ref} title={title} origin={originOf(request)} state={state} /> },
    status,
  );
}

async function answerSheetPage({ params, request, reply }: Asked<{ slug: string }>, opts: StaffOptions): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const { slug } = params;
  const year = yearParam(request);
  const sheet = await answerSheet(opts.deps.db, principalOf(request), { org: slug, year }, originOf(request), opts.deps.now());
  return sendPage(reply, { view, title: m.answerSheet, children: <AnswerSheetPage view={view} m={m} slug={slug} year={year} sheet={sheet} /> });
}

async function pagesPage({ params, request, reply }: Asked<{ slug: string }>, opts: StaffOptions, errors: readonly FieldError[] = [], status = 200): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const { slug } = params;
  const { org, pages } = await listPages(opts.deps.db, principalOf(request), slug, opts.deps.now());
  return sendPage(reply, { view, title: m.freePages, children: <PagesPage view={view} m={m} slug={slug} orgName={org.nameTh} pages={pages} errors={errors} /> }, status);
}

async function settingsPage({ params, query, request, reply }: Asked<{ slug: string }>, opts: StaffOptions, state: SlotPageState = {}, status = 200): Promise<FastifyReply> {
  const view = viewOf(request, reply);
  const m = portalMessages(view.lang);
  const { slug } = params;
  const s = await getPortalSettings(opts.deps.db, principalOf(request), slug);
  return sendPage(
    reply,
    {
      view,
      title: m.portalSettings,
      flash: state.flash ?? flashOf(query, m),
      children: <SettingsPage view={view} m={m} slug={slug} orgName={request.org?.nameTh ?? slug} s={s} state={state} />,
    },
    status,
  );
}

const versionOf = (value: string): number => {
  if (!/^\d{1,6}$/.test(value)) throw new InputError('version', portalErrors.noVersionGiven());
  return Number(value);
};

/** What the form sent, to show it back after a refusal. */
function formValues(request: FastifyRequest): Record<string, string | string[]> {
  const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

export async function staffRoutes(app: FastifyInstance, opts: StaffOptions): Promise<void> {
  const { deps, cache } = opts;
  const read = inOrg('year.read', 'publication.write', 'publication.approve');
  const writeRule = inOrg('publication.write');
  const approveRule = inOrg('publication.approve');
  const adminRule = inOrg('org.admin');
  const yearParams = z.object({ slug: z.string(), year: z.string() });

  pageRoute(app, 'GET', '/staff/o/:slug/:year/portal', { access: read, params: yearParams, query: doneQuery }, async (asked) => yearPage(asked, opts));

  pageRoute(app, 'GET', '/staff/o/:slug/:year/portal/answer-sheet', { access: read, params: yearParams, query: doneQuery }, async (asked) => answerSheetPage(asked, opts));
  for (const ext of ['xlsx', 'csv'] as const) {
    pageRoute(app, 'GET', `/staff/o/:slug/:year/portal/answer-sheet.${ext}`, { access: read, params: yearParams }, async ({ params, request, reply }) => {
      const sheet = await answerSheet(deps.db, principalOf(request), { org: params.slug, year: yearParam(request) }, originOf(request), deps.now());
      const bytes = ext === 'xlsx' ? await answerSheetXlsx(sheet) : answerSheetCsv(sheet);
      return attachment(reply, bytes, answerSheetName(sheet, ext), ext === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
    });
  }

  /** The routes of one kind of thing: its page and its actions. */
  const slotRoutes = (base: string, refOf: (request: FastifyRequest, params: SlotParams) => SlotRef) => {
    const spec = { params: slotParams, query: doneQuery };
    const page = (asked: Asked<SlotParams>, state?: SlotPageState, status?: number) => slotPage(asked, opts, refOf(asked.request, asked.params), state, status);
    const back = (asked: Asked<SlotParams>, done: string) => {
      const ref = refOf(asked.request, asked.params);
      return asked.reply.redirect(`${staffSlotPath(ref.org, ref.slot)}?done=${done}`, 303);
    };
    /** Runs an action; bad input or a conflict shows the page again with what was sent and why. */
    const act = async (asked: Asked<SlotParams>, run: () => Promise<unknown>, done: string, publishes: boolean, withFields: boolean) => {
      const { request } = asked;
      try {
        await run();
      } catch (error) {
        const values = formValues(request);
        if (error instanceof OwnWork) return page(asked, { values, flash: { kind: 'bad', text: said(request.lang, { th: error.detailTh, en: error.detailEn }) } }, 403);
        if (error instanceof Conflict) return page(asked, { values, flash: { kind: 'bad', text: said(request.lang, error) } }, 409);
        const errors = fieldErrors(request.lang, error);
        // A form with fields shows each problem at its field; a button (submit, withdraw…) says them at the top.
        if (withFields) return page(asked, { values, errors }, 400);
        return page(asked, { flash: { kind: 'bad', text: errors.map((e) => e.message).join(' · ') } }, 400);
      }
      if (publishes && request.org) cache.invalidate(request.org.orgId);
      return back(asked, done);
    };
    pageRoute(app, 'GET', base, { access: read, ...spec }, async (asked) => page(asked));
    const user = (request: FastifyRequest) => principalOf(request);
    const version = (form: Form) => versionOf(form.get('version'));
    type Run = (asked: Asked<SlotParams>, form: Form) => Promise<unknown>;
    const ref = (asked: Asked<SlotParams>) => refOf(asked.request, asked.params);
    /**
     * Each action: its rule, where it comes back to (done=…), whether it changes what is public, whether its form has
     * fields to show problems at, what it does.
     */
    const actions: readonly [string, typeof writeRule, string, boolean, boolean, Run][] = [
      ['draft', writeRule, 'saved', false, true, (a, f) => saveDraft(deps.db, user(a.request), ref(a), draftFromForm(f), deps.now())],
      [
        'attach',
        writeRule,
        'saved',
        false,
        true,
        async (a, f) => {
          const [file] = await f.files('file');
          if (!file) throw new InputError('file', portalErrors.chooseFile());
          const meta = { labelTh: f.get('labelTh') || null, period: parsePeriodText(f.get('period'), 'period'), updatedAt: f.get('updatedAt') || null };
          return attachFile(deps.db, user(a.request), ref(a), { filename: file.filename, bytes: file.bytes, mediaType: file.mediaType }, meta, deps.now());
        },
      ],
      [
        'detach',
        writeRule,
        'saved',
        false,
        false,
        async (a, f) => {
          if (!/^\d{1,4}$/.test(f.get('seq'))) throw new InputError('seq', portalErrors.noFileGiven());
          return removeAttachment(deps.db, user(a.request), ref(a), Number(f.get('seq')), f.get('updatedAt') || null, deps.now());
        },
      ],
      ['submit', writeRule, 'submitted', false, false, (a) => submitVersion(deps.db, user(a.request), ref(a), { now: deps.now(), browser: deps.browser })],
      ['recall', writeRule, 'recalled', false, false, (a) => recallSubmission(deps.db, user(a.request), ref(a), deps.now())],
      ['discard', writeRule, 'discarded', false, false, (a) => discardDraft(deps.db, user(a.request), ref(a))],
      ['approve', approveRule, 'approved', true, true, (a, f) => approveVersion(deps.db, user(a.request), ref(a), version(f), publishAtOf(f.get('publishAt')), deps.now())],
      ['reject', approveRule, 'rejected', false, true, (a, f) => rejectVersion(deps.db, user(a.request), ref(a), version(f), f.get('comment'), deps.now())],
      ['withdraw', approveRule, 'withdrawn', true, false, (a, f) => withdrawVersion(deps.db, user(a.request), ref(a), version(f), f.get('reason'), deps.now())],
    ];
    for (const [name, rule, done, publishes, withFields, run] of actions) {
      const config = name === 'attach' ? { uploads: {} } : undefined;
      pageRoute(app, 'POST', `${base}/${name}`, { access: rule, ...spec, ...(config ? { config } : {}) }, async (asked) =>
        act(asked, () => run(asked, formOf(asked.request)), done, publishes, withFields),
      );
    }
  };
  slotRoutes('/staff/o/:slug/:year/portal/oit/:code', (r, p) => ({ org: p.slug, slot: { kind: 'oit', year: yearParam(r), code: p.code as string } }));
  slotRoutes('/staff/o/:slug/:year/portal/declaration', (r, p) => ({ org: p.slug, slot: { kind: 'declaration', year: yearParam(r) } }));
  slotRoutes('/staff/o/:slug/:year/portal/results', (r, p) => ({ org: p.slug, slot: { kind: 'results', year: yearParam(r) } }));

  pageRoute(app, 'GET', '/staff/o/:slug/portal/pages', { access: read, params: orgParams, query: doneQuery }, async (asked) => pagesPage(asked, opts));
  const newPageQuery = doneQuery.extend({ page: z.unknown().optional() });
  pageRoute(app, 'GET', '/staff/o/:slug/portal/pages/new', { access: writeRule, params: orgParams, query: newPageQuery }, async (asked) => {
    const { params, query, request, reply } = asked;
    const page = (query.page === undefined ? '' : String(query.page)).trim().toLowerCase();
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(page) || page.length > 64 || page === 'new') {
      const error = new InputError('page', portalErrors.badNewPage());
      return pagesPage(asked, opts, fieldErrors(request.lang, error), 400);
    }
    return reply.redirect(staffSlotPath(params.slug, { kind: 'page', page }), 303);
  });
  slotRoutes('/staff/o/:slug/portal/pages/:page', (_r, p) => ({ org: p.slug, slot: { kind: 'page', page: p.page as string } }));

  const fileParams = z.object({ slug: z.string(), publication: z.string(), seq: z.string() });
  pageRoute(app, 'GET', '/staff/o/:slug/portal/files/:publication/:seq', { access: read, params: fileParams }, async ({ params, request, reply }) => {
    const { slug, publication, seq } = params;
    if (!/^[0-9a-f-]{36}$/i.test(publication) || !/^\d{1,4}$/.test(seq)) throw new NotFound('file', portalErrors.noFile());
    const file = await stagedFile(deps.db, principalOf(request), slug, publication, Number(seq));
    return sendStored(reply, file.bytes, file, 'private, no-store');
  });

  pageRoute(app, 'GET', '/staff/o/:slug/portal/settings', { access: adminRule, params: orgParams, query: doneQuery }, async (asked) => settingsPage(asked, opts));
  pageRoute(app, 'POST', '/staff/o/:slug/portal/settings', { access: adminRule, params: orgParams, query: doneQuery }, async (asked) => {
    const { params, request, reply } = asked;
    const form = formOf(request);
    const { slug } = params;
    try {
      await setPortalSettings(deps.db, principalOf(request), slug, {
        descriptionTh: form.get('descriptionTh'),
        maintainerTh: form.get('maintainerTh'),
        contactEmail: form.get('contactEmail'),
        contactPhone: form.get('contactPhone'),
        licenseId: form.get('licenseId') || undefined,
      });
    } catch (error) {
      return settingsPage(asked, opts, { values: formValues(request), errors: fieldErrors(request.lang, error) }, 400);
    }
    if (request.org) cache.invalidate(request.org.orgId);
    return reply.redirect(`/staff/o/${seg(slug)}/portal/settings?done=saved`, 303);
  });
}
