/**
 * LINE for an organisation (issue 20, point 2; docs/notifications.md): its administrator sets the channel secret
 * and access token of its Official Account (sealed, shown back only as set or not set); a person links their LINE
 * account by sending a one-time code (15 minutes) to the Official Account; a coordinator links a group the bot was
 * added to by sending a group code in it. The webhook (POST /line/webhook/<slug>) checks X-Line-Signature with
 * the organisation's channel secret before it reads anything of the body, then links by code and follows the
 * bot's joins and leaves, answering in LINE (the reply endpoint, with the event's replyToken) that a person or a
 * group is linked, that a code is wrong or expired, or, when the bot joins a group, how to link it.
 *
 * Who may do what: the channel, org.admin; the groups, whoever plans the measures (measures.write: coordinators
 * and administrators), since the groups are where the organisation's reminders go; a person, their own link, in
 * their own organisation.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { actorOf, Forbidden, type Account, type Action, type Principal } from '../app/authz.ts';
import { write, type Actor } from '../app/actor.ts';
import { canInOrg, type OrgContext } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { InputError, InputErrors } from '../errors.ts';
import { lineApiUrl, replyLine, validLineSignature } from './line.ts';
import { notificationMessages } from './messages.ts';
import {
  deleteChannel,
  deleteGroup,
  deleteLink,
  insertGroup,
  linkGroup,
  replaceCode,
  selectChannel,
  selectChannelBySlug,
  selectGroups,
  selectPersonLine,
  selectPushTarget,
  takeCode,
  upsertChannel,
  upsertLink,
  type GroupRow,
} from './repo.ts';
import { envSecretBox, type SecretBox } from './secret-box.ts';

export const CHANNEL_ACTION: Action = 'org.admin';
export const GROUP_ACTION: Action = 'measures.write';

/** How long a link code is valid. */
export const CODE_MINUTES = 15;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

const allow = (principal: Principal, action: Action, org: OrgContext): void => {
  if (!canInOrg(principal, action, org)) throw new Forbidden(action);
};

// ---------------------------------------------------------------------------------------------------------
// The organisation's channel

export interface LineChannelState {
  readonly secretSet: boolean;
  readonly tokenSet: boolean;
}

export async function lineChannelState(db: Queryable, principal: Principal, org: OrgContext): Promise<LineChannelState> {
  allow(principal, CHANNEL_ACTION, org);
  const row = await selectChannel(db, org.orgId);
  return { secretSet: Boolean(row?.secret_sealed), tokenSet: Boolean(row?.token_sealed) };
}

export interface LineChannelInput {
  readonly secret: string;
  readonly token: string;
}

/** Sets the secret and/or the token (an empty field keeps the stored one); both checked before anything is written. */
export async function setLineChannel(db: Db, principal: Principal, org: OrgContext, input: LineChannelInput, box?: SecretBox): Promise<void> {
  allow(principal, CHANNEL_ACTION, org);
  const secret = input.secret.trim();
  const token = input.token.trim();
  const errors: InputError[] = [];
  if (secret === '' && token === '') errors.push(new InputError('secret', notificationMessages.nothingEntered()));
  if (secret !== '' && !/^[0-9a-f]{32}$/i.test(secret)) errors.push(new InputError('secret', notificationMessages.secretForm()));
  if (token !== '' && !/^[A-Za-z0-9+/=._-]{20,500}$/.test(token)) errors.push(new InputError('token', notificationMessages.tokenForm()));
  if (errors.length > 0) throw new InputErrors(errors);
  const sealer = box ?? envSecretBox();
  const sealed = { secret: secret === '' ? null : sealer.seal(secret), token: token === '' ? null : sealer.seal(token) };
  await write(db, actorOf(principal), org.orgId, (tx) => upsertChannel(tx, org.orgId, sealed.secret, sealed.token));
}

/** Removes the organisation's secret and token (LINE stops: no push, every webhook call refused). */
export async function clearLineChannel(db: Db, principal: Principal, org: OrgContext): Promise<void> {
  allow(principal, CHANNEL_ACTION, org);
  await write(db, actorOf(principal), org.orgId, (tx) => deleteChannel(tx, org.orgId));
}

// ---------------------------------------------------------------------------------------------------------
// Link codes

export interface LinkCode {
  /** As shown: ABCD-EFGH. */
  readonly code: string;
  readonly expiresAt: string;
}

const codeHash = (normalised: string): string => createHash('sha256').update(normalised).digest('hex');

/** The code a message's text holds (spaces, dashes and case do not matter), or null. */
export function codeOfText(text: string): string | null {
  const normalised = text.replace(/[\s-]+/g, '').toUpperCase();
  return normalised.length === CODE_LENGTH && [...normalised].every((c) => CODE_ALPHABET.includes(c)) ? normalised : null;
}

async function newCode(db: Db, actor: Actor, orgId: string, personId: string, purpose: 'person' | 'group', now: Date): Promise<LinkCode> {
  const code = [...randomBytes(CODE_LENGTH)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length] as string).join('');
  const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000);
  await write(db, actor, orgId, (tx) => replaceCode(tx, { hash: codeHash(code), orgId, personId, purpose, expiresAt }));
  return { code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt: expiresAt.toISOString() };
}

// ---------------------------------------------------------------------------------------------------------
// A person's own link

export interface PersonLine {
  readonly orgNameTh: string;
  /** The organisation has set its access token: messages can reach a linked account. */
  readonly channelReady: boolean;
  readonly linkedAt: string | null;
}

/** The person's LINE link in their own organisation; null for an account of no organisation (a system administrator). */
export async function personLine(db: Queryable, account: Account): Promise<PersonLine | null> {
  if (account.orgId === null) return null;
  const row = await selectPersonLine(db, account.orgId, account.principal.personId);
  return row ? { orgNameTh: row.org_name_th, channelReady: row.token_set, linkedAt: row.linked_at } : null;
}

const ownOrg = (account: Account): string => {
  if (account.orgId === null) throw new InputError('org', notificationMessages.noOrganisation());
  return account.orgId;
};

/**
 * A code the person sends to their organisation's Official Account to link their LINE account (replaces their
 * earlier one); refused while the organisation has no access token (nothing could reach them).
 */
export async function personLinkCode(db: Db, account: Account, now: Date): Promise<LinkCode> {
  const orgId = ownOrg(account);
  const line = await selectPersonLine(db, orgId, account.principal.personId);
  if (!line?.token_set) throw new InputError('org', notificationMessages.lineNotSet());
  return newCode(db, actorOf(account.principal), orgId, account.principal.personId, 'person', now);
}

export async function unlinkPerson(db: Db, account: Account): Promise<void> {
  const orgId = ownOrg(account);
  await write(db, actorOf(account.principal), orgId, (tx) => deleteLink(tx, orgId, account.principal.personId));
}

// ---------------------------------------------------------------------------------------------------------
// Groups

export interface LineGroup {
  readonly groupId: string;
  readonly joinedAt: string;
  readonly linkedAt: string | null;
  readonly linkedBy: string | null;
}

const groupOf = (r: GroupRow): LineGroup => ({ groupId: r.group_id, joinedAt: r.joined_at, linkedAt: r.linked_at, linkedBy: r.linked_by_name });

export async function lineGroups(db: Queryable, principal: Principal, org: OrgContext): Promise<LineGroup[]> {
  allow(principal, GROUP_ACTION, org);
  return (await selectGroups(db, org.orgId)).map(groupOf);
}

/** A code a coordinator sends in a LINE group (the bot added to it) to link that group to the organisation. */
export async function groupLinkCode(db: Db, principal: Principal, org: OrgContext, now: Date): Promise<LinkCode> {
  allow(principal, GROUP_ACTION, org);
  return newCode(db, actorOf(principal), org.orgId, principal.personId, 'group', now);
}

export async function removeGroup(db: Db, principal: Principal, org: OrgContext, groupId: string): Promise<void> {
  allow(principal, GROUP_ACTION, org);
  const gone = await write(db, actorOf(principal), org.orgId, (tx) => deleteGroup(tx, org.orgId, groupId));
  if (!gone) throw new NotFound('groupId', notificationMessages.noGroup({ id: groupId.slice(0, 40) }));
}

// ---------------------------------------------------------------------------------------------------------
// Sending: where a person's LINE messages go

/** The access token and LINE user id to push to a person of an organisation; null when either is missing. */
export async function linePushTarget(db: Queryable, orgId: string, personId: string, box?: SecretBox): Promise<{ token: string; to: string } | null> {
  const row = await selectPushTarget(db, orgId, personId);
  return row ? { token: (box ?? envSecretBox()).open(row.token_sealed), to: row.line_user_id } : null;
}

// ---------------------------------------------------------------------------------------------------------
// The webhook

const Source = z.object({ type: z.string(), userId: z.string().regex(/^U[0-9a-f]{32}$/).optional(), groupId: z.string().regex(/^C[0-9a-f]{32}$/).optional() });
const WebhookEvent = z.object({
  type: z.string(),
  replyToken: z.string().min(1).max(200).optional(),
  source: Source.optional(),
  message: z.object({ type: z.string(), text: z.string().max(5000).optional() }).optional(),
});
const WebhookBody = z.object({ events: z.array(z.unknown()).max(100) });

const WEBHOOK_ACTOR: Actor = { id: null, label: 'LINE webhook' };

/** What the webhook answers in LINE to an event, if anything (Thai: the Official Account speaks to Thai offices). */
type Reply = 'replyPersonLinked' | 'replyGroupLinked' | 'replyCodeWrong' | 'replyJoined';

async function handleEvent(db: Db, orgId: string, raw: unknown, now: Date): Promise<{ reply: Reply; replyToken: string } | null> {
  const parsed = WebhookEvent.safeParse(raw);
  if (!parsed.success) return null;
  const { type, source, message, replyToken } = parsed.data;
  const answer = (reply: Reply) => (replyToken ? { reply, replyToken } : null);
  const groupId = source?.type === 'group' ? source.groupId : undefined;
  if (type === 'join' && groupId) {
    await write(db, WEBHOOK_ACTOR, orgId, (tx) => insertGroup(tx, orgId, groupId));
    return answer('replyJoined');
  }
  if (type === 'leave' && groupId) {
    await write(db, WEBHOOK_ACTOR, orgId, (tx) => deleteGroup(tx, orgId, groupId));
    return null;
  }
  if (type !== 'message' || message?.type !== 'text' || message.text === undefined) return null;
  const code = codeOfText(message.text);
  if (code === null) return null;
  const hash = codeHash(code);
  const userId = source?.type === 'user' ? source.userId : undefined;
  if (!groupId && !userId) return null;
  // The audit log names the webhook; who linked is in the row (linked_by, person_id).
  const linked = await write(db, WEBHOOK_ACTOR, orgId, async (tx) => {
    const by = await takeCode(tx, orgId, hash, groupId ? 'group' : 'person', now);
    if (!by) return false;
    if (groupId) await linkGroup(tx, orgId, groupId, by.person_id);
    else if (userId) await upsertLink(tx, orgId, by.person_id, userId);
    return true;
  });
  return answer(!linked ? 'replyCodeWrong' : groupId ? 'replyGroupLinked' : 'replyPersonLinked');
}

/**
 * A webhook call for the organisation of `slug`: false (401) unless its channel secret is set and `signature` is
 * the raw body's; then each event of the body is handled (one that is not understood is skipped).
 */
export async function lineWebhook(db: Db, slug: string, body: Buffer, signature: string | undefined, now: Date, box?: SecretBox): Promise<boolean> {
  const channel = await selectChannelBySlug(db, slug);
  if (!channel?.secret_sealed) return false;
  const sealer = box ?? envSecretBox();
  if (!validLineSignature(sealer.open(channel.secret_sealed), body, signature)) return false;
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return true;
  }
  const parsed = WebhookBody.safeParse(json);
  if (!parsed.success) return true;
  for (const event of parsed.data.events) {
    const answer = await handleEvent(db, channel.org_id, event, now);
    // After the event's change committed; without an access token there is no answering. A reply that fails (its
    // token expired, LINE unreachable) changes nothing of what was done: it is dropped, never retried.
    if (answer && channel.token_sealed) {
      const texts = [notificationMessages[answer.reply]().th];
      await replyLine({ apiUrl: lineApiUrl(), token: sealer.open(channel.token_sealed), replyToken: answer.replyToken, texts }).catch(() => undefined);
    }
  }
  return true;
}
