/**
 * The pre-audit's use cases (issue 21): check the OIT items of a year at the addresses the agency answers (its own
 * website's, or the portal's), record the outcome as history (./repo.ts: stretches of the same outcome), read the
 * latest results with the estimated indicator 9 and 10 scores, and one item's history.
 *
 * Who: whoever prepares the portal runs a check (publication.write; it writes history); everyone who reads the year
 * reads the results. The weekly check and the CLI act as the system.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/index.ts';
import { write } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { rolesWith } from '../inbox/service.ts';
import { resolveYear, type YearContext, type YearRef } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { criteriaOf, notesOn, type OitItem } from '../ita/index.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { oitCloseOf } from '../notifications/calendar.ts';
import { notify, type NotificationEvent } from '../notifications/events.ts';
import type { Message } from '../messages.ts';
import { oitAnswers, type OitAnswer } from './answers.ts';
import { checkItems, type ItemCheck, type Reader, type UrlReport } from './check.ts';
import { preauditMessages } from './messages.ts';
import { noticeMessages } from './notice-messages.ts';
import { recordCheck, selectItemHistory, selectLatestChecks, type CheckRow } from './repo.ts';
import { predictScores, type ItemStatus, type ItemVerdict, type Reason, type ScoreEstimate } from './verdict.ts';

export type Trigger = 'now' | 'weekly' | 'cli';

/** Thai and English, as results carry them. */
export interface Said {
  readonly th: string;
  readonly en: string;
}

/** What one address gave, as stored and shown: the check's report with its messages as Thai and English. */
export type UrlResult = Omit<UrlReport, 'reason' | 'problem' | 'documents'> & {
  readonly reason: Said | null;
  readonly problem: Said | null;
  readonly documents: readonly UrlResult[];
};

export interface ItemResult {
  readonly item: string;
  readonly titleTh: string;
  readonly indicator: 9 | 10;
  readonly status: ItemStatus;
  readonly reasons: readonly Reason[];
  readonly requirements: ItemVerdict['requirements'];
  readonly urls: readonly UrlResult[];
  /** Where the addresses came from: the agency's site, the portal's page, or given for this check only. */
  readonly answeredOn: 'site' | 'portal' | 'given';
  readonly checkedAt: string;
  /** Since when the item has had this outcome (the stretch's first check); null when not recorded. */
  readonly since: string | null;
}

export interface PreauditRun {
  readonly slug: string;
  readonly nameTh: string;
  readonly year: number;
  readonly criteriaYear: number;
  readonly checkedAt: string;
  /** False for addresses given for this check only (`--url`): the answers' history is not touched. */
  readonly recorded: boolean;
  readonly items: readonly ItemResult[];
  /** Items that passed at their previous check and fail now. */
  readonly broken: readonly string[];
  readonly estimate: ScoreEstimate;
  /** What the year's OIT criteria are unsure of (staff pages and API only). */
  readonly notes: readonly Said[];
}

export interface CheckOptions {
  /** Only this item (its code, e.g. "O11"). */
  readonly item?: string;
  /** Check these addresses instead of the answers (not recorded). */
  readonly urls?: readonly string[];
  readonly trigger: Trigger;
  readonly now: Date;
  /** The portal's public origin: its addresses in the answers, read in-process by `reader`. */
  readonly origin: string;
  readonly reader: Reader;
}

const said = (m: Message | null): Said | null => (m === null ? null : { th: m.th, en: m.en });

function urlResult(r: UrlReport): UrlResult {
  return { ...r, reason: said(r.reason), problem: said(r.problem), documents: r.documents.map(urlResult) };
}

/** The outcome's identity: a new stretch of history starts when it changes. */
export function fingerprintOf(c: Pick<ItemResult, 'status' | 'reasons' | 'urls'>): string {
  const identity = [c.status, c.reasons.map((r) => r.code), c.urls.map((u) => [u.url, u.status, u.reason?.en ?? null])];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

const OIT_TOPICS = ['oit-items', 'oit-indicator-mapping', 'oit-aggregation'] as const;

function notesOf(ctx: YearContext): Said[] {
  return notesOn(criteriaOf(ctx), OIT_TOPICS).map((n) => ({ th: n.th, en: n.en }));
}

function itemsAsked(ctx: YearContext, code: string | undefined): OitItem[] {
  const items = criteriaOf(ctx).oitItems;
  if (code === undefined) return [...items];
  const item = items.find((i) => i.code === code.trim().toUpperCase());
  if (!item) throw new NotFound('item', preauditMessages.noItem({ code: code.slice(0, 20), criteriaYear: ctx.criteriaYear }));
  return [item];
}

/**
 * Checks the year's OIT items (or one) and, unless addresses were given for this check only, records the outcome
 * in each item's history. An item answered nowhere fails as unanswered.
 */
export async function checkOit(db: Db, principal: Principal, ref: YearRef, options: CheckOptions): Promise<PreauditRun> {
  const ctx = await resolveYear(db, principal, ref, 'publication.write');
  const items = itemsAsked(ctx, options.item);
  const answers = new Map((await oitAnswers(db, principal, ref, options.origin, options.now)).items.map((a) => [a.code, a]));
  const given = options.urls !== undefined && options.urls.length > 0 ? [...options.urls] : null;
  const urlsOf = (a: OitAnswer | undefined) => (a === undefined || (a.source === 'portal' && a.portalState === 'none') ? [] : a.urls);
  // No month after the OIT closes is asked for (the calendar's oit_close, when entered: the end of that Bangkok day).
  const close = await oitCloseOf(db, ctx.orgId, ctx.year);
  const checked = await checkItems(options.reader, {
    pack: criteriaOf(ctx),
    org: { nameTh: ctx.nameTh, kind: ctx.kind },
    items: items.map((item) => ({ item, urls: given ?? urlsOf(answers.get(item.code)) })),
    asOf: options.now,
    ...(close === null ? {} : { oitClose: new Date(`${close}T23:59:59.999+07:00`) }),
  });
  const checkedAt = options.now.toISOString();
  const results = checked.map((c: ItemCheck): ItemResult => ({
    item: c.item.code,
    titleTh: c.item.titleTh,
    indicator: c.item.indicator,
    status: c.verdict.status,
    reasons: c.verdict.reasons,
    requirements: c.verdict.requirements,
    urls: c.urls.map(urlResult),
    answeredOn: given ? 'given' : (answers.get(c.item.code)?.source ?? 'portal'),
    checkedAt,
    since: null,
  }));
  const verdicts = checked.map((c) => c.verdict);
  if (given) return run(ctx, checkedAt, false, results, [], verdicts);
  const { recorded, broken } = await write(db, actorOf(principal), ctx.orgId, async (tx) => {
    const before = new Map((await selectLatestChecks(tx, ctx.orgId, ctx.year)).map((r) => [r.item_code, r.status]));
    const out: ItemResult[] = [];
    for (const r of results) {
      const row = await recordCheck(tx, ctx.orgId, ctx.year, {
        itemCode: r.item,
        status: r.status,
        reasons: r.reasons,
        urls: r.urls,
        requirements: r.requirements,
        fingerprint: fingerprintOf(r),
        checkedAt,
        trigger: options.trigger,
      });
      out.push({ ...r, since: row.first_checked_at });
    }
    const broken = out.filter((r) => r.status === 'fail' && before.get(r.item) === 'pass');
    // The coordinators hear of an item that broke in the same transaction as its record (kind 'oit.broken').
    for (const r of broken) await notify(tx, brokenNotice(ctx, r), options.now);
    return { recorded: out, broken: broken.map((r) => r.item) };
  });
  return run(ctx, checkedAt, true, recorded, broken, verdicts);
}

/** The notice of an item that passed at its previous check and fails now: to those who prepare the portal. */
function brokenNotice(ctx: YearContext, r: ItemResult): NotificationEvent {
  const first = r.reasons[0];
  const said = noticeMessages.broken({ code: r.item, reason: (first?.th ?? '').slice(0, 300) });
  const en = noticeMessages.broken({ code: r.item, reason: (first?.en ?? '').slice(0, 300) });
  return {
    kind: 'oit.broken',
    orgId: ctx.orgId,
    to: { roles: rolesWith('publication.write', ctx.orgId) },
    subject: `oit-broken:${ctx.year}:${r.item}:${todayInBangkok(new Date(r.checkedAt))}`,
    titleTh: said.th,
    titleEn: en.en,
    link: `/staff/o/${ctx.slug}/${ctx.year}/oit-check`,
  };
}

function run(ctx: YearContext, checkedAt: string, recorded: boolean, items: readonly ItemResult[], broken: readonly string[], verdicts: readonly ItemVerdict[]): PreauditRun {
  return {
    slug: ctx.slug,
    nameTh: ctx.nameTh,
    year: ctx.year,
    criteriaYear: ctx.criteriaYear,
    checkedAt,
    recorded,
    items,
    broken,
    estimate: predictScores(criteriaOf(ctx), verdicts),
    notes: notesOf(ctx),
  };
}

function resultOf(item: OitItem, row: CheckRow, answeredOn: ItemResult['answeredOn']): ItemResult {
  return {
    item: item.code,
    titleTh: item.titleTh,
    indicator: item.indicator,
    status: row.status,
    reasons: row.reasons as Reason[],
    requirements: row.requirements as ItemVerdict['requirements'],
    urls: row.urls as UrlResult[],
    answeredOn,
    checkedAt: row.last_checked_at,
    since: row.first_checked_at,
  };
}

export interface PreauditResults {
  readonly slug: string;
  readonly nameTh: string;
  readonly year: number;
  readonly criteriaYear: number;
  /** Every OIT item of the year with its latest check, or null when never checked. */
  readonly items: readonly { readonly item: OitItem; readonly result: ItemResult | null }[];
  /** From the latest checks; an item never checked counts as a person must look (both ways). */
  readonly estimate: ScoreEstimate;
  readonly notes: readonly Said[];
}

/** The latest check of every OIT item of the year, with the estimate. */
export async function preauditResults(db: Queryable, principal: Principal, ref: YearRef): Promise<PreauditResults> {
  const ctx = await resolveYear(db, principal, ref, ['year.read', 'publication.write', 'publication.approve']);
  const latest = new Map((await selectLatestChecks(db, ctx.orgId, ctx.year)).map((r) => [r.item_code, r]));
  const items = criteriaOf(ctx).oitItems.map((item) => {
    const row = latest.get(item.code);
    return { item, result: row ? resultOf(item, row, 'site') : null };
  });
  const verdicts = items.flatMap(({ result }) => (result ? [{ item: result.item, status: result.status, reasons: result.reasons, requirements: result.requirements }] : []));
  return { slug: ctx.slug, nameTh: ctx.nameTh, year: ctx.year, criteriaYear: ctx.criteriaYear, items, estimate: predictScores(criteriaOf(ctx), verdicts), notes: notesOf(ctx) };
}

export interface Stretch {
  readonly status: ItemStatus;
  readonly from: string;
  readonly to: string;
  readonly reasons: readonly Reason[];
  readonly trigger: Trigger;
}

/** One item's history, newest first: each stretch of the same outcome, from its first check to its last. */
export async function preauditHistory(db: Queryable, principal: Principal, ref: YearRef, code: string): Promise<{ item: OitItem; stretches: Stretch[] }> {
  const ctx = await resolveYear(db, principal, ref, ['year.read', 'publication.write', 'publication.approve']);
  const [item] = itemsAsked(ctx, code) as [OitItem];
  const rows = await selectItemHistory(db, ctx.orgId, ctx.year, item.code);
  return { item, stretches: rows.map((r) => ({ status: r.status, from: r.first_checked_at, to: r.last_checked_at, reasons: r.reasons as Reason[], trigger: r.trigger })) };
}
