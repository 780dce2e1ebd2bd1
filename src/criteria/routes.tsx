/**
 * The criteria pages (views.tsx): the criteria a year is assessed under, moving the year to a newer revision of them
 * (a preview with the diff and the result before and after, then the move), and the system administrator's page
 * /staff/system/criteria that imports packs (a check first).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Forbidden } from '../app/authz.ts';
import { NotFound } from '../app/errors.ts';
import { InputError, InputErrors } from '../errors.ts';
import { criteriaOf } from '../ita/index.ts';
import { inOrg, SYSTEM_ADMIN } from '../web/access.ts';
import type { AreaOptions } from '../web/deps.ts';
import { formOf } from '../web/forms.ts';
import { principalOf } from '../web/principal.ts';
import { pageRoute, queryText } from '../web/route.ts';
import { fieldErrors, sendPage, viewOf, yearPath, type FieldError } from '../web/view.tsx';
import { yearNav, yearRef } from '../years/year-pages.tsx';
import { importPack, moveToRevision, parsePackText, previewRevisionMove, type PackImportResult } from './criteria.ts';
import { criteriaMessages as msg } from './messages.ts';
import { CriteriaPage, MovePage, packWords, PacksPage } from './views.tsx';

export async function criteriaPages(app: FastifyInstance, { deps }: AreaOptions): Promise<void> {
  pageRoute(app, 'GET', '/staff/o/:slug/:year/criteria', { access: inOrg('year.read'), query: z.object({ moved: queryText }) }, async ({ query, request, reply }) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'criteria');
    const revision = criteriaOf(nav).revision;
    return sendPage(reply, { view, title: view.m.navCriteria, nav, children: <CriteriaPage view={view} nav={nav} revision={revision} moved={Boolean(query.moved)} /> });
  });

  const movePage = async (request: FastifyRequest, reply: FastifyReply, to: unknown, errors: FieldError[] = [], status = 200) => {
    const view = viewOf(request, reply);
    const nav = await yearNav(deps.db, request, 'criteria');
    const move = await previewRevisionMove(deps.db, principalOf(request), yearRef(request), to);
    return sendPage(reply, { view, title: packWords(view.lang).moveTitle(move.from, move.to), nav, children: <MovePage view={view} nav={nav} move={move} errors={errors} /> }, status);
  };

  // `to` as it came (a revision number, or anything else, which the preview refuses by name).
  pageRoute(app, 'GET', '/staff/o/:slug/:year/criteria/revision', { access: inOrg('measures.write'), query: z.object({ to: z.unknown().optional() }) }, async ({ query, request, reply }) =>
    movePage(request, reply, query.to ?? ''),
  );

  pageRoute(app, 'POST', '/staff/o/:slug/:year/criteria/revision', { access: inOrg('measures.write') }, async ({ request, reply }) => {
    const to = formOf(request).get('to');
    try {
      await moveToRevision(deps.db, principalOf(request), yearRef(request), to);
    } catch (error) {
      if (error instanceof Forbidden || !(error instanceof InputError) || error instanceof NotFound) throw error;
      return movePage(request, reply, to, fieldErrors(request.lang, error), 400);
    }
    const { org, year } = yearRef(request);
    return reply.redirect(yearPath(org, year, '/criteria?moved=1'), 303);
  });

  const packsPage = async (request: FastifyRequest, reply: FastifyReply, state: { errors?: FieldError[]; result?: PackImportResult } = {}, status = 200) => {
    const view = viewOf(request, reply);
    return sendPage(reply, { view, title: packWords(view.lang).packsTitle, children: <PacksPage view={view} result={state.result} errors={state.errors ?? []} /> }, status);
  };

  pageRoute(app, 'GET', '/staff/system/criteria', { access: SYSTEM_ADMIN }, ({ request, reply }) => packsPage(request, reply));

  pageRoute(app, 'POST', '/staff/system/criteria', { access: SYSTEM_ADMIN, config: { uploads: {} } }, async ({ request, reply }) => {
    const form = formOf(request);
    const [file] = await form.files('file');
    try {
      if (!file) throw new InputError('file', msg.chooseFile());
      const pack = parsePackText(Buffer.from(file.bytes).toString('utf8'));
      const result = await importPack(deps.db, principalOf(request), pack, { dryRun: form.get('mode') !== 'import' });
      return packsPage(request, reply, { result });
    } catch (error) {
      if (!(error instanceof InputError || error instanceof InputErrors)) throw error;
      return packsPage(request, reply, { errors: fieldErrors(request.lang, error) }, 400);
    }
  });
}
