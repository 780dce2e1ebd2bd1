/**
 * Advice from supervisors (issue 18, point 2): how an ITA clinic works. A supervisor (role 'supervisor' on an
 * office above the organisation: action advice.write) leaves advice on one of the organisation's fiscal years,
 * a text of at most 4,000 characters, optionally about some of the ten indicators. The organisation's staff
 * (year.read) see it on the year's dashboard and on its own page; its coordinators, administrators and executive
 * (advice.reply) reply; the supervisor sees the replies.
 *
 * Each new advice puts an item in the inbox of those who may reply (done for all of them at the first reply);
 * each reply puts one in the adviser's inbox, filed under the office they advise from. Writes run in one
 * transaction on behalf of the principal (audited). Advice and replies on a closed year are allowed: clinics
 * review a year's results after it is closed, and advice changes nothing of the year's data.
 */
import type { Db, Queryable } from '../db/index.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { write } from '../app/actor.ts';
import { resolveYear, type YearContext, type YearRef } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { requireUuid, throwAll } from '../app/input.ts';
import { InputError } from '../errors.ts';
import { closeSubject, notifyDeciders, notifyPerson, rolesWith } from '../inbox/service.ts';
import { notify } from '../notifications/events.ts';
import { adviceMessages } from './messages.ts';
import { insertAdvice, insertReply, selectAdvice, selectOneAdvice, selectReplies, type AdviceRow, type ReplyRow } from './repo.ts';

/** The longest advice or reply, in characters. */
export const ADVICE_MAX = 4000;
/** The indicators advice may be about. */
export const ADVICE_INDICATORS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export interface AdviceInput {
  readonly text: string;
  /** Indicator numbers (as numbers, or as a form sends them, text). */
  readonly indicators?: readonly (number | string)[] | undefined;
}

export interface AdviceReply {
  readonly id: string;
  readonly authorNameTh: string;
  readonly text: string;
  /** ISO instant. */
  readonly createdAt: string;
}

export interface Advice {
  readonly id: string;
  /** The office the supervisor advises from, and the supervisor. */
  readonly officeNameTh: string;
  readonly authorNameTh: string;
  readonly text: string;
  readonly indicators: readonly number[];
  /** ISO instant. */
  readonly createdAt: string;
  /** Oldest first. */
  readonly replies: readonly AdviceReply[];
}

const replyOf = (r: ReplyRow): AdviceReply => ({ id: r.id, authorNameTh: r.author_name_th, text: r.body, createdAt: r.created_at });

const adviceOf = (a: AdviceRow, replies: readonly ReplyRow[]): Advice => ({
  id: a.id,
  officeNameTh: a.office_name_th,
  authorNameTh: a.author_name_th,
  text: a.body,
  indicators: a.indicators,
  createdAt: a.created_at,
  replies: replies.filter((r) => r.advice_id === a.id).map(replyOf),
});

/** The text, trimmed, or the problem with it (field `field`). */
function textOf(raw: unknown, field: string, errors: InputError[]): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const length = [...text].length;
  if (length === 0) errors.push(new InputError(field, adviceMessages.emptyText()));
  else if (length > ADVICE_MAX) errors.push(new InputError(field, adviceMessages.tooLong({ max: ADVICE_MAX, given: length })));
  return text;
}

/** The indicators, distinct and in order; each must be one of 1…10. */
function indicatorsOf(raw: unknown, errors: InputError[]): number[] {
  if (raw === undefined || raw === null) return [];
  const list: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
  const found = new Set<number>();
  for (const item of list) {
    const n = typeof item === 'number' ? item : typeof item === 'string' && /^\s*\d{1,2}\s*$/.test(item) ? Number(item) : Number.NaN;
    if ((ADVICE_INDICATORS as readonly number[]).includes(n)) found.add(n);
    else errors.push(new InputError('indicators', adviceMessages.unknownIndicator({ given: String(item) })));
  }
  return [...found].sort((a, b) => a - b);
}

/** The office the supervisor advises from: the nearest of the organisation's ancestors where they hold the role. */
function officeOf(principal: Principal, ctx: YearContext): string {
  const offices = new Set(principal.roles.filter((g) => g.role === 'supervisor' && g.orgId !== null).map((g) => g.orgId));
  const office = ctx.ancestors.find((id) => offices.has(id));
  // resolveYear granted advice.write, which only a supervisor on an ancestor holds.
  if (office === undefined) throw new Error('advice: a writer without a supervisor grant above the organisation');
  return office;
}

const advicePage = (ctx: YearContext): string => `/staff/o/${encodeURIComponent(ctx.slug)}/${ctx.year}/advice`;

async function loadAdvice(db: Queryable, fiscalYearId: string): Promise<Advice[]> {
  const [advice, replies] = await Promise.all([selectAdvice(db, fiscalYearId), selectReplies(db, fiscalYearId)]);
  return advice.map((a) => adviceOf(a, replies));
}

/** The advice on a year, newest first, each with its replies (oldest first). */
export async function listAdvice(db: Queryable, principal: Principal, ref: YearRef): Promise<Advice[]> {
  const ctx = await resolveYear(db, principal, ref, 'year.read');
  return loadAdvice(db, ctx.fiscalYearId);
}

/** A supervisor's advice on the year; bad input changes nothing. */
export async function giveAdvice(db: Db, principal: Principal, ref: YearRef, input: AdviceInput): Promise<Advice> {
  const ctx = await resolveYear(db, principal, ref, 'advice.write');
  const errors: InputError[] = [];
  const text = textOf(input.text, 'text', errors);
  const indicators = indicatorsOf(input.indicators, errors);
  throwAll(errors);
  const officeId = officeOf(principal, ctx);
  return write(db, actorOf(principal), ctx.orgId, async (tx) => {
    const id = await insertAdvice(tx, { fiscalYearId: ctx.fiscalYearId, officeId, authorId: principal.personId, body: text, indicators });
    const row = await selectOneAdvice(tx, ctx.fiscalYearId, id);
    if (!row) throw new Error('advice: written advice not found');
    const notice = {
      subject: `advice:${id}`,
      titleTh: `คำแนะนำจาก${row.office_name_th} ปีงบประมาณ ${ctx.year} (${principal.nameTh})`,
      titleEn: `Advice from ${row.office_name_th}, fiscal year ${ctx.year} (${principal.nameTh})`,
      link: advicePage(ctx),
    };
    await notifyDeciders(tx, ctx.orgId, 'advice.reply', principal.personId, { kind: 'advice', ...notice });
    // The inbox items are the ones above (notify keeps an item of the same subject): notify adds the deliveries.
    await notify(tx, { kind: 'advice.received', orgId: ctx.orgId, to: { roles: rolesWith('advice.reply', ctx.orgId) }, ...notice }, new Date());
    return adviceOf(row, []);
  });
}

/** The organisation's reply to a piece of advice on the year; bad input changes nothing. */
export async function replyToAdvice(db: Db, principal: Principal, ref: YearRef, adviceId: string, input: { readonly text: string }): Promise<AdviceReply> {
  const ctx = await resolveYear(db, principal, ref, 'advice.reply');
  const id = requireUuid(adviceId, 'adviceId', adviceMessages.noAdvice);
  const errors: InputError[] = [];
  const text = textOf(input.text, 'text', errors);
  throwAll(errors);
  const advice = await selectOneAdvice(db, ctx.fiscalYearId, id);
  if (!advice) throw new NotFound('adviceId', adviceMessages.noAdvice({ id }));
  return write(db, actorOf(principal), ctx.orgId, async (tx) => {
    const reply = await insertReply(tx, advice.id, principal.personId, text);
    await notifyPerson(tx, advice.office_id, advice.author_id, {
      kind: 'advice',
      subject: `advice-reply:${reply.id}`,
      titleTh: `${ctx.nameTh} ตอบคำแนะนำ ปีงบประมาณ ${ctx.year} (${principal.nameTh})`,
      titleEn: `${ctx.nameTh} replied to your advice, fiscal year ${ctx.year} (${principal.nameTh})`,
      link: advicePage(ctx),
    });
    await closeSubject(tx, ctx.orgId, `advice:${advice.id}`);
    return replyOf(reply);
  });
}
