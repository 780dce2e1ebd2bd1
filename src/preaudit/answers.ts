/**
 * Where the agency answers each OIT item in ITAS (issue 21): the portal's own page (no row: the answer sheet's
 * address, src/portal/answer-sheet.ts) or its own website's URL(s) with an explanation. Set by whoever prepares
 * the portal (publication.write), in one audited transaction; read by everyone who reads the year.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { write } from '../app/actor.ts';
import { actorOf, can, type Principal } from '../app/authz.ts';
import { resolveYear, type YearRef } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { parseInput } from '../app/input.ts';
import { InputError, quoted } from '../errors.ts';
import { criteriaOf } from '../ita/index.ts';
import { answerSheet, type AnswerState } from '../portal/answer-sheet.ts';
import { preauditMessages } from './messages.ts';
import { deleteAnswer, upsertAnswer } from './repo.ts';

export const MAX_URLS = 5;
export const MAX_URL_CHARS = 2000;
export const MAX_EXPLANATION_CHARS = 4000;

export type AnswerSource = 'site' | 'portal';

export interface OitAnswer {
  readonly code: string;
  readonly titleTh: string;
  readonly groupTh: string;
  readonly indicator: number;
  readonly subIndicator: string | null;
  /** 'site': the agency's own URLs; 'portal': the answer sheet's portal address and its documents. */
  readonly source: AnswerSource;
  /** The URLs given to ITAS, the first one first. */
  readonly urls: readonly string[];
  readonly explanation: string;
  /** The portal's own address of the item (whatever the source). */
  readonly portalUrl: string;
  /** Where the portal's item stands. */
  readonly portalState: AnswerState;
}

export interface OitAnswers {
  readonly slug: string;
  readonly nameTh: string;
  readonly year: number;
  readonly criteriaYear: number;
  readonly status: 'open' | 'closed';
  /** The principal may change the answers (publication.write, the year open). */
  readonly mayWrite: boolean;
  readonly items: readonly OitAnswer[];
}

/** Every OIT item of the year's criteria with where it is answered. `origin` makes the portal's addresses absolute. */
export async function oitAnswers(db: Queryable, principal: Principal, ref: YearRef, origin: string, now: Date): Promise<OitAnswers> {
  const ctx = await resolveYear(db, principal, ref, ['year.read', 'publication.write', 'publication.approve']);
  const sheet = await answerSheet(db, principal, ref, origin, now);
  return {
    slug: ctx.slug,
    nameTh: ctx.nameTh,
    year: ctx.year,
    criteriaYear: ctx.criteriaYear,
    status: ctx.status,
    mayWrite: ctx.status === 'open' && can(principal, 'publication.write', ctx),
    items: sheet.rows.map((r) => ({
      code: r.code,
      titleTh: r.titleTh,
      groupTh: r.groupTh,
      indicator: r.indicator,
      subIndicator: r.subIndicator,
      source: r.source,
      urls: [r.url, ...r.extraUrls],
      explanation: r.explanation,
      portalUrl: r.portalUrl,
      portalState: r.state,
    })),
  };
}

/** An answer as the API or the form sends it: URLs as a list or as text, one per line. */
export const oitAnswerInput = z
  .object({
    urls: z.union([z.string(), z.array(z.string())]).default([]),
    explanation: z.string().default(''),
  })
  .strict();

/** The URLs of an answer, checked: http(s), no credentials, at most MAX_URLS of at most MAX_URL_CHARS each. */
function checkedUrls(given: string | readonly string[]): string[] {
  const lines = (typeof given === 'string' ? given.split(/\r?\n/) : given).map((u) => u.trim());
  const urls = lines.filter((u) => u !== '');
  if (urls.length > MAX_URLS) throw new InputError('urls', preauditMessages.tooManyUrls({ max: MAX_URLS, count: urls.length }));
  return urls.map((u, i) => {
    const line = i + 1;
    if (u.length > MAX_URL_CHARS) throw new InputError('urls', preauditMessages.urlTooLong({ line, max: MAX_URL_CHARS }));
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new InputError('urls', preauditMessages.badUrl({ line, value: quoted(u) }));
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw new InputError('urls', preauditMessages.badUrl({ line, value: quoted(u) }));
    if (url.username !== '' || url.password !== '') throw new InputError('urls', preauditMessages.urlCredentials({ line }));
    return u;
  });
}

export interface SetAnswer {
  readonly code: string;
  readonly source: AnswerSource;
  readonly urls: readonly string[];
  readonly explanation: string;
}

/**
 * Sets the answer of one OIT item: its own site's URLs (1 to 5) and an explanation, or — no URLs — back to the
 * portal. Bad input, an unknown item or a closed year changes nothing.
 */
export async function setOitAnswer(db: Db, principal: Principal, ref: YearRef, code: string, raw: unknown): Promise<SetAnswer> {
  const ctx = await resolveYear(db, principal, ref, 'publication.write');
  const item = criteriaOf(ctx).oitItems.find((i) => i.code === code);
  if (!item) throw new NotFound('code', preauditMessages.noItem({ code: code.slice(0, 20), criteriaYear: ctx.criteriaYear }));
  if (ctx.status === 'closed') throw new InputError('year', preauditMessages.yearClosed({ year: ctx.year }));
  const input = parseInput(oitAnswerInput, raw);
  const urls = checkedUrls(input.urls);
  const explanation = input.explanation.trim();
  if (explanation.length > MAX_EXPLANATION_CHARS) throw new InputError('explanation', preauditMessages.explanationTooLong({ max: MAX_EXPLANATION_CHARS }));
  if (urls.length === 0 && explanation !== '') throw new InputError('urls', preauditMessages.explanationWithoutUrl());
  await write(db, actorOf(principal), ctx.orgId, async (tx) => {
    if (urls.length === 0) await deleteAnswer(tx, ctx.orgId, ctx.year, item.code);
    else await upsertAnswer(tx, ctx.orgId, ctx.year, item.code, urls, explanation);
  });
  return { code: item.code, source: urls.length === 0 ? 'portal' : 'site', urls, explanation };
}
