/**
 * Notification preferences (issue 20, point 3): a person's own (their account's page), an organisation's defaults
 * (its administrator, org.admin), and the one-click unsubscribe of an e-mail (RFC 8058: the link names the person
 * and the kind, signed with the server's secret key; using it turns that kind off for e-mail, once).
 */
import type { Db, Queryable } from '../db/index.ts';
import { actorOf, Forbidden, type Account, type Principal } from '../app/authz.ts';
import { write } from '../app/actor.ts';
import { canInOrg, type OrgContext } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { InputError, InputErrors } from '../errors.ts';
import { eventMessages } from './events-messages.ts';
import { EVENT_KINDS, isEventKind, readUnsubscribeToken, type EventKind, type UnsubscribeKind } from './events.ts';
import { selectOrgPrefs, selectPersonPrefs, upsertPrefs, type PrefInput, type PrefRow } from './repo-events.ts';

export const DEFAULTS_ACTION = 'org.admin';

/** What every form of the preferences has as stored: the digest, and the quiet hours for LINE (HH:MM, Bangkok). */
type Timing = Pick<PrefInput, 'digest' | 'quietStart' | 'quietEnd'>;

export interface Preferences extends Timing {
  /** The kinds on, per channel (the inbox has every kind). */
  readonly email: readonly EventKind[];
  readonly line: readonly EventKind[];
  readonly lang: 'th' | 'en';
}

const on = (off: readonly string[]): EventKind[] => EVENT_KINDS.filter((k) => !off.includes(k));
const viewOf = (row: PrefRow): Preferences => ({
  email: on(row.email_off),
  line: on(row.line_off),
  digest: row.digest,
  quietStart: row.quiet_start,
  quietEnd: row.quiet_end,
  lang: row.lang,
});

/** What a form sends: the kinds ticked per channel, and the rest as typed. */
export interface PreferencesInput extends Timing {
  readonly email: readonly string[];
  readonly line: readonly string[];
  readonly lang: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function parse(input: PreferencesInput): PrefInput {
  const errors: InputError[] = [];
  for (const kind of [...input.email, ...input.line]) if (!isEventKind(kind)) errors.push(new InputError('kinds', eventMessages.badKind({ kind })));
  const quietStart = input.quietStart.trim();
  const quietEnd = input.quietEnd.trim();
  if (!TIME.test(quietStart)) errors.push(new InputError('quietStart', eventMessages.badTime()));
  if (!TIME.test(quietEnd)) errors.push(new InputError('quietEnd', eventMessages.badTime()));
  const lang = input.lang === 'th' || input.lang === 'en' ? input.lang : null;
  if (!lang) errors.push(new InputError('lang', eventMessages.badLang()));
  if (errors.length > 0 || !lang) throw new InputErrors(errors);
  return {
    emailOff: EVENT_KINDS.filter((k) => !input.email.includes(k)),
    lineOff: EVENT_KINDS.filter((k) => !input.line.includes(k)),
    digest: input.digest,
    quietStart,
    quietEnd,
    lang,
  };
}

/** The signed-in person's preferences (their own, else their organisation's defaults, else all on). */
export async function myPreferences(db: Queryable, account: Account): Promise<Preferences> {
  const row = await selectPersonPrefs(db, account.principal.personId);
  if (!row) throw new NotFound('person', eventMessages.badToken());
  return viewOf(row);
}

export async function setMyPreferences(db: Db, account: Account, input: PreferencesInput): Promise<void> {
  const prefs = parse(input);
  await write(db, actorOf(account.principal), account.orgId, (tx) => upsertPrefs(tx, { personId: account.principal.personId }, prefs));
}

function allowDefaults(principal: Principal, org: OrgContext): void {
  if (!canInOrg(principal, DEFAULTS_ACTION, org)) throw new Forbidden(DEFAULTS_ACTION);
}

/** The organisation's defaults; its administrators only. */
export async function orgPreferences(db: Queryable, principal: Principal, org: OrgContext): Promise<Preferences> {
  allowDefaults(principal, org);
  return viewOf(await selectOrgPrefs(db, org.orgId));
}

export async function setOrgPreferences(db: Db, principal: Principal, org: OrgContext, input: PreferencesInput): Promise<void> {
  allowDefaults(principal, org);
  const prefs = parse(input);
  await write(db, actorOf(principal), org.orgId, (tx) => upsertPrefs(tx, { orgId: org.orgId }, prefs));
}

/** What an unsubscribe link would do: its kind, and whether it is off already (the link used). InputError: a bad link. */
export async function unsubscribeState(db: Queryable, token: string): Promise<{ kind: UnsubscribeKind; done: boolean }> {
  const { personId, kind } = await readUnsubscribeToken(db, token);
  const row = await selectPersonPrefs(db, personId);
  if (!row) throw new InputError('token', eventMessages.badToken());
  return { kind, done: kind === 'all' ? on(row.email_off).length === 0 : row.email_off.includes(kind) };
}

/** Turns the link's kind (or every kind) off for e-mail; an InputError when the link is bad or was used already. */
export async function unsubscribe(db: Db, token: string): Promise<UnsubscribeKind> {
  const { personId, kind } = await readUnsubscribeToken(db, token);
  const row = await selectPersonPrefs(db, personId);
  if (!row) throw new InputError('token', eventMessages.badToken());
  const current = viewOf(row);
  if (kind === 'all' ? current.email.length === 0 : !current.email.includes(kind)) throw new InputError('token', eventMessages.tokenUsed());
  const prefs: PrefInput = {
    emailOff: kind === 'all' ? [...EVENT_KINDS] : [...row.email_off.filter(isEventKind), kind],
    lineOff: row.line_off,
    digest: row.digest,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    lang: row.lang,
  };
  await write(db, { id: personId, label: 'ลิงก์เลิกรับอีเมล (unsubscribe link)' }, row.org_id, (tx) => upsertPrefs(tx, { personId }, prefs));
  return kind;
}
