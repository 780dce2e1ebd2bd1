/**
 * The agency's own IIT/EIT surveys (issue 19): the use cases.
 *
 * Staff (action survey.write: the roles that hold scores.write) create a survey from the IIT or EIT questions of
 * the year's criteria (a snapshot, src/surveys/model.ts), add their own satisfaction questions, set the period and
 * the target, add service points (each with its own public link), generate IIT one-time codes, publish and close
 * it. Those writes run in one transaction on behalf of the principal (audited). Reading the surveys and their
 * results is year.read (supervisors included: results only; codes are never readable, only their number).
 *
 * Answering (`submitResponse`) is public and anonymous: one transaction that checks the survey is open (published
 * and today's Bangkok date within opens_on..closes_on), consumes the one-time code of an IIT survey (its row is
 * deleted; a used code and a code never issued are refused alike) and inserts the answers with the month only.
 * No actor, no audit entry: nothing links a response to a code, a person, an address or a time of day.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Db, Queryable } from '../db/index.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { write } from '../app/actor.ts';
import { canInOrg, resolveYear, type YearContext, type YearRef } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { isCalendarDate, requireUuid, throwAll } from '../app/input.ts';
import { InputError } from '../errors.ts';
import { criteriaOf, type CriteriaYear } from '../ita/index.ts';
import { minimumEit, typeOf } from '../organisations/itas.ts';
import { organisationDetail } from '../organisations/organisations.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { checkOwnQuestions, encodeAnswers, snapshotItems, snapshotOf, storedOwnSchema, storedQuestionsSchema, type OwnQuestion, type ResponseRecord, type SurveyKind, type SurveySnapshot, type SurveyStatus, SURVEY_KINDS } from './model.ts';
import { surveyMessages } from './messages.ts';
import { surveyResults, type SurveyResults } from './results.ts';
import {
  countCodes,
  countResponses,
  deletePoint,
  insertCodeHashes,
  insertPoint,
  insertCodedResponse,
  insertOpenResponses,
  insertResponse,
  insertSurvey,
  selectByLink,
  selectPoints,
  selectPublishedSurveys,
  selectResponseGroups,
  selectSurvey,
  selectSurveys,
  updateSurveyRow,
  updateSurveyStatus,
  type LinkRow,
  type OpenResponse,
  type SurveyRow,
} from './repo.ts';

/** The most one-time codes generated at once. */
export const MAX_CODES = 2000;
/** One-time codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as ABCD-EFGH-JK. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
const TITLE_MAX = 300;
const POINT_NAME_MAX = 200;

export interface SurveyPoint {
  readonly id: string;
  readonly name: string;
  readonly linkToken: string;
}

export interface Survey {
  readonly id: string;
  readonly year: number;
  readonly kind: SurveyKind;
  readonly title: string;
  readonly snapshot: SurveySnapshot;
  readonly opensOn: string;
  readonly closesOn: string;
  readonly targetRespondents: number | null;
  readonly status: SurveyStatus;
  readonly publishResults: boolean;
  readonly linkToken: string;
  readonly demo: boolean;
  readonly points: readonly SurveyPoint[];
  readonly respondents: number;
  /** Unused one-time codes (IIT); null for those who may not manage the survey. */
  readonly codesLeft: number | null;
}

export interface SurveyInput {
  readonly kind: string;
  readonly title: string;
  readonly opensOn: string;
  readonly closesOn: string;
  /** A whole number, or its text as a form sends it. */
  readonly targetRespondents?: number | string | null | undefined;
  readonly ownQuestions?: readonly OwnQuestion[] | undefined;
  /** Demo data (the demo loader), labelled as such. */
  readonly demo?: boolean | undefined;
}

export interface SurveyPatch {
  readonly title?: string | undefined;
  readonly opensOn?: string | undefined;
  readonly closesOn?: string | undefined;
  readonly targetRespondents?: number | string | null | undefined;
  readonly ownQuestions?: readonly OwnQuestion[] | undefined;
  readonly publishResults?: boolean | undefined;
}

/** The snapshot a survey row holds. */
export function snapshotOfRow(row: Pick<SurveyRow, 'kind' | 'questions' | 'own_questions'>): SurveySnapshot {
  const stored = storedQuestionsSchema.parse(row.questions) as Omit<SurveySnapshot, 'kind' | 'own'>;
  return { kind: row.kind, ...stored, own: storedOwnSchema.parse(row.own_questions) };
}

const newLinkToken = (): string => randomBytes(16).toString('base64url');

function surveyOf(row: SurveyRow, points: readonly SurveyPoint[], respondents: number, codesLeft: number | null): Survey {
  return {
    id: row.id,
    year: row.year,
    kind: row.kind,
    title: row.title,
    snapshot: snapshotOfRow(row),
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    targetRespondents: row.target_respondents,
    status: row.status,
    publishResults: row.publish_results,
    linkToken: row.link_token,
    demo: row.demo,
    points,
    respondents,
    codesLeft,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Checking input

function titleOf(raw: unknown, errors: InputError[]): string {
  const title = typeof raw === 'string' ? raw.trim() : '';
  if (title === '' || [...title].length > TITLE_MAX) errors.push(new InputError('title', surveyMessages.badTitle({ max: TITLE_MAX })));
  return title;
}

function datesOf(opensOn: unknown, closesOn: unknown, errors: InputError[]): { opensOn: string; closesOn: string } {
  const dates = { opensOn: String(opensOn ?? ''), closesOn: String(closesOn ?? '') };
  let ok = true;
  for (const [field, value] of Object.entries(dates)) {
    if (!isCalendarDate(value)) {
      errors.push(new InputError(field, surveyMessages.badDate({ value })));
      ok = false;
    }
  }
  if (ok && dates.closesOn < dates.opensOn) errors.push(new InputError('closesOn', surveyMessages.badDates(dates)));
  return dates;
}

function targetOf(raw: unknown, errors: InputError[]): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const n = typeof raw === 'number' ? raw : /^\s*\d{1,7}\s*$/.test(String(raw)) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    errors.push(new InputError('targetRespondents', surveyMessages.badTarget({ given: String(raw) })));
    return null;
  }
  return n;
}

function ownOf(snapshot: Pick<SurveySnapshot, 'scales'>, raw: readonly OwnQuestion[] | undefined, errors: InputError[]): OwnQuestion[] {
  try {
    const own = checkOwnQuestions(snapshot, raw ?? []);
    own.forEach((q, i) => {
      if (q.textTh === '' || [...q.textTh].length > TITLE_MAX) errors.push(new InputError(`ownQuestions.${i}.textTh`, surveyMessages.badOwnText({ max: TITLE_MAX })));
    });
    return own;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    errors.push(error);
    return [];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Staff: the surveys of a year

async function loadSurvey(db: Queryable, ctx: YearContext, surveyId: string, lock = false): Promise<SurveyRow> {
  const id = requireUuid(surveyId, 'surveyId', surveyMessages.noSurvey);
  const row = await selectSurvey(db, ctx.orgId, ctx.year, id, lock);
  if (!row) throw new NotFound('surveyId', surveyMessages.noSurvey({ id: surveyId }));
  return row;
}

async function surveysOf(db: Queryable, principal: Principal, ctx: YearContext, list: readonly SurveyRow[]): Promise<Survey[]> {
  const ids = list.map((s) => s.id);
  const [points, responses, codes] = await Promise.all([selectPoints(db, ids), countResponses(db, ids), countCodes(db, ids)]);
  const manager = canInOrg(principal, 'survey.write', ctx);
  return list.map((s) =>
    surveyOf(
      s,
      points.filter((p) => p.survey_id === s.id).map((p) => ({ id: p.id, name: p.name, linkToken: p.link_token })),
      responses.find((r) => r.survey_id === s.id)?.n ?? 0,
      manager && s.kind === 'IIT' ? (codes.find((c) => c.survey_id === s.id)?.n ?? 0) : null,
    ),
  );
}

/** The surveys of an organisation's year, oldest first. */
export async function listSurveys(db: Queryable, principal: Principal, ref: YearRef): Promise<Survey[]> {
  const ctx = await resolveYear(db, principal, ref, 'year.read');
  return surveysOf(db, principal, ctx, await selectSurveys(db, ctx.orgId, ctx.year));
}

/** One survey of the year. */
export async function getSurvey(db: Queryable, principal: Principal, ref: YearRef, surveyId: string): Promise<Survey> {
  const ctx = await resolveYear(db, principal, ref, 'year.read');
  const [survey] = await surveysOf(db, principal, ctx, [await loadSurvey(db, ctx, surveyId)]);
  return survey as Survey;
}

/** A new draft survey from the IIT or EIT questions of the year's criteria; bad input changes nothing. */
export async function createSurvey(db: Db, principal: Principal, ref: YearRef, input: SurveyInput): Promise<Survey> {
  const ctx = await resolveYear(db, principal, ref, 'survey.write');
  const errors: InputError[] = [];
  const kind = (SURVEY_KINDS as readonly string[]).includes(input.kind) ? (input.kind as SurveyKind) : null;
  if (kind === null) errors.push(new InputError('kind', surveyMessages.badKind({ given: String(input.kind) })));
  const title = titleOf(input.title, errors);
  const dates = datesOf(input.opensOn, input.closesOn, errors);
  const target = targetOf(input.targetRespondents, errors);
  let snapshot: SurveySnapshot | null = null;
  if (kind !== null) {
    try {
      snapshot = snapshotOf(criteriaOf(ctx), kind);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(error);
    }
  }
  const own = snapshot ? ownOf(snapshot, input.ownQuestions, errors) : [];
  throwAll(errors);
  const snap = snapshot as SurveySnapshot;
  const id = await write(db, actorOf(principal), ctx.orgId, (tx) =>
    insertSurvey(tx, {
      orgId: ctx.orgId,
      year: ctx.year,
      kind: snap.kind,
      title,
      questions: { criteriaYear: snap.criteriaYear, revision: snap.revision, questions: snap.questions, scales: snap.scales },
      ownQuestions: own,
      ...dates,
      targetRespondents: target,
      linkToken: newLinkToken(),
      demo: input.demo === true,
    }),
  );
  return getSurvey(db, principal, ref, id);
}

/**
 * Changes a survey: its own questions only while it is a draft; title, dates and target until it is closed; whether
 * its results are published, at any time. Bad input changes nothing.
 */
export async function updateSurvey(db: Db, principal: Principal, ref: YearRef, surveyId: string, patch: SurveyPatch): Promise<Survey> {
  const ctx = await resolveYear(db, principal, ref, 'survey.write');
  const row = await loadSurvey(db, ctx, surveyId);
  const snapshot = snapshotOfRow(row);
  const errors: InputError[] = [];
  const changes = (['title', 'opensOn', 'closesOn', 'targetRespondents'] as const).some((k) => patch[k] !== undefined);
  if (row.status === 'closed' && (changes || patch.ownQuestions !== undefined)) errors.push(new InputError('status', surveyMessages.closed()));
  else if (row.status !== 'draft' && patch.ownQuestions !== undefined) errors.push(new InputError('ownQuestions', surveyMessages.notDraft()));
  throwAll(errors);
  const title = patch.title === undefined ? row.title : titleOf(patch.title, errors);
  const dates = datesOf(patch.opensOn ?? row.opens_on, patch.closesOn ?? row.closes_on, errors);
  const target = patch.targetRespondents === undefined ? row.target_respondents : targetOf(patch.targetRespondents, errors);
  const own = patch.ownQuestions === undefined ? snapshot.own : ownOf(snapshot, patch.ownQuestions, errors);
  throwAll(errors);
  await write(db, actorOf(principal), ctx.orgId, (tx) =>
    updateSurveyRow(tx, row.id, { title, ...dates, targetRespondents: target, ownQuestions: own, publishResults: patch.publishResults ?? row.publish_results }),
  );
  return getSurvey(db, principal, ref, row.id);
}

async function moveStatus(db: Db, principal: Principal, ref: YearRef, surveyId: string, from: SurveyStatus, to: SurveyStatus): Promise<Survey> {
  const ctx = await resolveYear(db, principal, ref, 'survey.write');
  const id = (await loadSurvey(db, ctx, surveyId)).id;
  await write(db, actorOf(principal), ctx.orgId, async (tx) => {
    const row = await loadSurvey(tx, ctx, id, true);
    if (row.status !== from) throw new InputError('status', from === 'draft' ? surveyMessages.notPublishable() : surveyMessages.notClosable());
    await updateSurveyStatus(tx, id, to);
  });
  return getSurvey(db, principal, ref, id);
}

/** Publishes a draft survey: its links take answers within its period. */
export const publishSurvey = (db: Db, principal: Principal, ref: YearRef, surveyId: string): Promise<Survey> => moveStatus(db, principal, ref, surveyId, 'draft', 'published');

/** Closes a published survey: no more answers, no more changes (but publishing its results). */
export const closeSurvey = (db: Db, principal: Principal, ref: YearRef, surveyId: string): Promise<Survey> => moveStatus(db, principal, ref, surveyId, 'published', 'closed');

/** Adds a service point (its own public link) to a survey that is not closed. */
export async function addPoint(db: Db, principal: Principal, ref: YearRef, surveyId: string, name: string): Promise<SurveyPoint> {
  const ctx = await resolveYear(db, principal, ref, 'survey.write');
  const row = await loadSurvey(db, ctx, surveyId);
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || [...trimmed].length > POINT_NAME_MAX) throw new InputError('name', surveyMessages.badPointName({ max: POINT_NAME_MAX }));
  if (row.status === 'closed') throw new InputError('status', surveyMessages.closed());
  const point = await write(db, actorOf(principal), ctx.orgId, (tx) => insertPoint(tx, row.id, trimmed, newLinkToken()));
  return { id: point.id, name: point.name, linkToken: point.link_token };
}

/** Removes a service point: its link stops working; the answers given through it stay, without a point. */
export async function removePoint(db: Db, principal: Principal, ref: YearRef, surveyId: string, pointId: string): Promise<void> {
  const ctx = await resolveYear(db, principal, ref, 'survey.write');
  const row = await loadSurvey(db, ctx, surveyId);
  const id = requireUuid(pointId, 'pointId', surveyMessages.noPoint);
  const removed = await write(db, actorOf(principal), ctx.orgId, (tx) => deletePoint(tx, row.id, id));
  if (!removed) throw new NotFound('pointId', surveyMessages.noPoint({ id: pointId }));
}

/** A survey the demo loader makes: published, with service points and answers (forms as `submitResponse` takes them). */
export interface DemoSurvey {
  readonly kind: SurveyKind;
  readonly title: string;
  readonly opensOn: string;
  readonly closesOn: string;
  readonly targetRespondents: number | null;
  readonly points: readonly string[];
  /** `point`: an index into `points`, or null; `month`: YYYY-MM. */
  readonly answers: readonly { readonly month: string; readonly point: number | null; readonly form: Readonly<Record<string, string>> }[];
}

/**
 * A system step without a principal (the demo loader, in its own transaction on behalf of its actor): a published
 * demo survey (demo = true) of the organisation's year from `criteria`, its service points and its answers.
 */
export async function saveDemoSurveyIn(tx: Queryable, orgId: string, year: number, criteria: CriteriaYear, demo: DemoSurvey): Promise<string> {
  const snapshot = snapshotOf(criteria, demo.kind);
  const id = await insertSurvey(tx, {
    orgId,
    year,
    kind: demo.kind,
    title: demo.title,
    questions: { criteriaYear: snapshot.criteriaYear, revision: snapshot.revision, questions: snapshot.questions, scales: snapshot.scales },
    ownQuestions: [],
    opensOn: demo.opensOn,
    closesOn: demo.closesOn,
    targetRespondents: demo.targetRespondents,
    linkToken: newLinkToken(),
    demo: true,
  });
  await updateSurveyStatus(tx, id, 'published');
  const points: string[] = [];
  for (const name of demo.points) points.push((await insertPoint(tx, id, name, newLinkToken())).id);
  for (const a of demo.answers) {
    const { answers, own } = encodeAnswers(snapshot, a.form);
    await insertResponse(tx, { surveyId: id, pointId: a.point === null ? null : (points[a.point] ?? null), month: `${a.month}-01`, answers, own });
  }
  return id;
}

// ---------------------------------------------------------------------------------------------------------
// One-time codes (IIT)

/** A code as a person types it (any case, spaces and dashes anywhere) in its stored form: 10 characters. */
export const normaliseCode = (code: string): string => code.toUpperCase().replace(/[\s-]+/g, '');

/** The sha256 of the normalised code: all the database keeps of it. */
export const codeHash = (code: string): Uint8Array => new Uint8Array(createHash('sha256').update(normaliseCode(code), 'utf8').digest());

/** A new random code, grouped for reading: ABCD-EFGH-JK. */
export function newCode(): string {
  let plain = '';
  for (let i = 0; i < CODE_LENGTH; i++) plain += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}

/**
 * Generates `count` one-time codes for an IIT survey that is not closed: returns them (shown once: print or
 * download them then); the database keeps only their hashes.
 */
export async function generateCodes(db: Db, principal: Principal, ref: YearRef, surveyId: string, count: number): Promise<string[]> {
  const ctx = await resolveYear(db, principal, ref, 'survey.write');
  const row = await loadSurvey(db, ctx, surveyId);
  if (row.kind !== 'IIT') throw new InputError('kind', surveyMessages.codesForIit());
  if (row.status === 'closed') throw new InputError('status', surveyMessages.closed());
  if (!Number.isInteger(count) || count < 1 || count > MAX_CODES) throw new InputError('count', surveyMessages.codeCount({ max: MAX_CODES }));
  return write(db, actorOf(principal), ctx.orgId, async (tx) => {
    const codes = new Map<string, string>();
    // A code already issued (a chance of about one in 10^15 per code) is skipped and another one made.
    while (codes.size < count) {
      const batch = new Map<string, string>();
      while (batch.size < count - codes.size) {
        const code = newCode();
        const hex = Buffer.from(codeHash(code)).toString('hex');
        if (!codes.has(hex)) batch.set(hex, code);
      }
      const added = await insertCodeHashes(tx, row.id, [...batch.keys()].map((hex) => new Uint8Array(Buffer.from(hex, 'hex'))));
      for (const hex of added) codes.set(hex, batch.get(hex) as string);
    }
    return [...codes.values()];
  });
}

// ---------------------------------------------------------------------------------------------------------
// Answering (public)

/** What a public link opens: the survey's questions, when it takes answers. */
export interface OpenSurvey {
  readonly id: string;
  readonly orgNameTh: string;
  readonly title: string;
  readonly kind: SurveyKind;
  readonly snapshot: SurveySnapshot;
  readonly pointName: string | null;
  readonly opensOn: string;
  readonly closesOn: string;
  readonly demo: boolean;
}

/**
 * The survey of a public link (a survey's or a service point's) when it takes answers today: NotFound for an unknown
 * link or a draft; InputError for a survey closed or not yet open.
 */
async function openByLink(db: Queryable, token: string, now: Date) {
  const row = typeof token === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await selectByLink(db, token) : undefined;
  if (!row || row.status === 'draft') throw new NotFound('token', surveyMessages.noLink());
  const today = todayInBangkok(now);
  if (row.status === 'closed' || today > row.closes_on) throw new InputError('token', surveyMessages.closedForAnswers());
  if (today < row.opens_on) throw new InputError('token', surveyMessages.notYetOpen({ opensOn: row.opens_on }));
  return { row, today };
}

/** The form of a public link, when the survey takes answers (the errors of `submitResponse` otherwise). */
export async function surveyOfLink(db: Queryable, token: string, now: Date = new Date()): Promise<OpenSurvey> {
  const { row } = await openByLink(db, token, now);
  return {
    id: row.id,
    orgNameTh: row.org_name_th,
    title: row.title,
    kind: row.kind,
    snapshot: holdLink(db, token, row).snapshot,
    pointName: row.point_name,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    demo: row.demo,
  };
}

/**
 * What never changes about a public link once its survey left the draft: the survey and service point it opens, the
 * kind and the snapshot of questions (they change only in a draft, and a survey never goes back to one). Held per
 * database in this process, so that an answer costs one statement; whether the survey still takes answers (its
 * status, period, the service point) is checked by that statement every time, never held.
 */
export interface AnswerLink {
  readonly surveyId: string;
  readonly pointId: string | null;
  readonly kind: SurveyKind;
  readonly snapshot: SurveySnapshot;
}

const heldLinks = new WeakMap<Queryable, Map<string, AnswerLink>>();
const HELD_LINKS_MAX = 10_000;

/** The link's survey, as held (the errors of `submitResponse` when it does not take answers and is not held). */
export async function linkOf(db: Queryable, token: string, now: Date = new Date()): Promise<AnswerLink> {
  return heldLinks.get(db)?.get(token) ?? holdLink(db, token, (await openByLink(db, token, now)).row);
}

/** Holds what never changes about a link, from the row just read (openByLink: never a draft). */
function holdLink(db: Queryable, token: string, row: LinkRow): AnswerLink {
  const known = heldLinks.get(db)?.get(token);
  if (known) return known;
  let held = heldLinks.get(db);
  const link: AnswerLink = { surveyId: row.id, pointId: row.point_id, kind: row.kind, snapshot: snapshotOfRow(row) };
  if (!held || held.size >= HELD_LINKS_MAX) heldLinks.set(db, (held = new Map()));
  held.set(token, link);
  return link;
}

/**
 * Answers without a code are taken together: while one statement is under way, the answers that arrive meanwhile
 * wait for it and go in the next one (at most BATCH_MAX). Under load an answer then costs a fraction of a statement —
 * on the embedded database, one thread for the server and the database, that is what keeps 50 respondents at once
 * answered quickly — and alone it goes at once. Each caller still waits for its own answer's commit.
 */
class AnswerBatches {
  private readonly waiting: { readonly answer: OpenResponse; readonly done: (name: string | undefined) => void; readonly failed: (error: unknown) => void }[] = [];
  private running = false;

  constructor(private readonly db: Queryable) {}

  take(answer: OpenResponse): Promise<string | undefined> {
    return new Promise((done, failed) => {
      this.waiting.push({ answer, done, failed });
      if (this.running) return;
      this.running = true;
      // After the requests already read from the network: on the embedded database a statement holds the one
      // thread, so the answers that came meanwhile are only read once it is done; this lets them join the first.
      setImmediate(() => void this.run());
    });
  }

  private async run(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, BATCH_MAX);
      try {
        const names = await insertOpenResponses(this.db, batch.map((w) => w.answer));
        batch.forEach((w, i) => w.done(names[i]));
      } catch (error) {
        for (const w of batch) w.failed(error);
      }
    }
    this.running = false;
  }
}

const BATCH_MAX = 200;
const batches = new WeakMap<Queryable, AnswerBatches>();

function batchesOf(db: Queryable): AnswerBatches {
  let known = batches.get(db);
  if (!known) batches.set(db, (known = new AnswerBatches(db)));
  return known;
}

/**
 * One anonymous response through a public link, in one statement (src/surveys/repo.ts insertOpenResponses, shared
 * with the answers arriving at the same time, or insertCodedResponse): taken only while the survey is published and
 * today (Bangkok) within its period; an IIT survey's one-time code is deleted by the same statement (refused when used
 * or never issued); the answers are kept with the month only. Anything refused writes nothing and says why. Returns
 * the organisation's name (for the thank-you page).
 */
export async function submitResponse(db: Queryable, token: string, form: Readonly<Record<string, string>>, code?: string | null, now: Date = new Date()): Promise<string> {
  const link = await linkOf(db, token, now);
  const { answers, own } = encodeAnswers(link.snapshot, form);
  const today = todayInBangkok(now);
  const answer: OpenResponse = { surveyId: link.surveyId, pointId: link.pointId, today, month: `${today.slice(0, 7)}-01`, answers, own };
  let taken: string | undefined;
  if (link.kind === 'IIT') {
    const given = typeof code === 'string' ? normaliseCode(code) : '';
    if (given === '') throw new InputError('code', surveyMessages.codeRequired());
    taken = (await insertCodedResponse(db, { ...answer, codeHash: codeHash(given) }))?.org_name_th;
  } else {
    taken = await batchesOf(db).take(answer);
  }
  if (taken !== undefined) return taken;
  // Not taken: the survey closed (or is not open yet), the link is gone, or the code is not one.
  await openByLink(db, token, now);
  if (link.kind === 'IIT') throw new InputError('code', surveyMessages.badCode());
  throw new InputError('token', surveyMessages.closedForAnswers());
}

// ---------------------------------------------------------------------------------------------------------
// Results

export interface SurveyWithResults {
  readonly survey: Survey;
  readonly results: SurveyResults;
}

/** The answer records of a survey, by month then service point: each group's records cut apart (all one length). */
async function recordsOf(db: Queryable, surveyId: string, snapshot: SurveySnapshot): Promise<ResponseRecord[]> {
  const width = snapshotItems(snapshot).length;
  const ownWidth = snapshot.own.length;
  const records: ResponseRecord[] = [];
  for (const g of await selectResponseGroups(db, surveyId)) {
    if (g.answers.length !== g.n * width || g.own_answers.length !== g.n * ownWidth) throw new Error(`survey ${surveyId}: answer records of ${g.month} do not match its questions`);
    for (let i = 0; i < g.n; i++) {
      records.push({ month: g.month, pointId: g.point_id, answers: g.answers.subarray(i * width, (i + 1) * width), own: g.own_answers.subarray(i * ownWidth, (i + 1) * ownWidth) });
    }
  }
  return records;
}

/**
 * The results of the year's surveys (or of one), scored by src/surveys/results.ts. The minimum sample: EIT, the
 * organisation's group's (ITA 2568 table, src/organisations/itas.ts); IIT, null (the NACC's formula was not found).
 */
export async function surveyResultsOf(db: Queryable, principal: Principal, ref: YearRef, surveyId?: string): Promise<SurveyWithResults[]> {
  const ctx = await resolveYear(db, principal, ref, 'year.read');
  const rows = surveyId === undefined ? await selectSurveys(db, ctx.orgId, ctx.year) : [await loadSurvey(db, ctx, surveyId)];
  const org = await organisationDetail(db, ctx.slug);
  const eit = org ? minimumEit(typeOf(org.type, ctx.kind), org.sizeGroup).count : null;
  const surveys = await surveysOf(db, principal, ctx, rows);
  const out: SurveyWithResults[] = [];
  for (const survey of surveys) {
    const results = surveyResults(survey.snapshot, await recordsOf(db, survey.id, survey.snapshot), { minimum: survey.kind === 'EIT' ? eit : null });
    out.push({ survey, results });
  }
  return out;
}

/** A survey and its answer records, for the export (year.read: the records hold no identifying data). */
export async function surveyResponses(db: Queryable, principal: Principal, ref: YearRef, surveyId: string): Promise<{ survey: Survey; records: ResponseRecord[] }> {
  const survey = await getSurvey(db, principal, ref, surveyId);
  return { survey, records: await recordsOf(db, survey.id, survey.snapshot) };
}

/** A survey's results as the portal's open data shows them: per indicator and respondents, no answer rows. */
export interface PublishedSurveyResults {
  readonly year: number;
  readonly kind: SurveyKind;
  readonly title: string;
  readonly opensOn: string;
  readonly closesOn: string;
  readonly demo: boolean;
  readonly results: SurveyResults;
}

/**
 * Public: the results of the organisation's surveys whose results it chose to publish (`publish_results`, not
 * drafts), for the portal's open data. Scored as for staff, without the minimum sample (a staff concern).
 */
export async function publishedSurveyResults(db: Queryable, orgId: string): Promise<PublishedSurveyResults[]> {
  const out: PublishedSurveyResults[] = [];
  for (const row of await selectPublishedSurveys(db, orgId)) {
    const snapshot = snapshotOfRow(row);
    const results = surveyResults(snapshot, await recordsOf(db, row.id, snapshot), { minimum: null });
    out.push({ year: row.year, kind: row.kind, title: row.title, opensOn: row.opens_on, closesOn: row.closes_on, demo: row.demo, results });
  }
  return out;
}
