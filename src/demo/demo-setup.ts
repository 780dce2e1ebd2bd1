/**
 * What the demo shows on the first start beside its data (src/demo/demo.ts loads that): the demo users, the complaint
 * channel open under the officer's made-up passphrase, and FY 2566 approved and on the portal. Apart from demo.ts
 * because it renders documents (a browser): `prongsai serve` and `prongsai demo` load it when they need it.
 */
import type { Db } from '../db/index.ts';
import { DEMO_APPROVAL_NOTE, DEMO_COMPLAINT_OFFICER, DEMO_COMPLAINT_PASSPHRASE, DEMO_SLUG, DEMO_YEAR } from './huai-thong.ts';
import { criteriaOf } from '../ita/index.ts';
import { APPROVAL_SUBJECTS, type ApprovalSubject } from '../model/year.ts';
import { DEMO_PASSWORD, DEMO_USERS, ensureDemoAccounts, signIn, signOut, type DemoUser } from '../accounts/accounts.ts';
import { decideApproval, listApprovals, requestApproval } from '../approvals/approvals.ts';
import type { Principal, Role } from '../app/authz.ts';
import { lockComplaints, setUpChannel, type KeyOptions } from '../complaints/keys.ts';
import { suggestedContent } from '../portal/publication-content.ts';
import { publishApproved, type PublishedItem } from '../portal/publications-approved.ts';
import type { SubmitOptions } from '../portal/publications.ts';
import { loadYear } from '../years/years.ts';
import { channelSetUp, organisationExists } from './repo.ts';

const demoEmail = (role: Role): string => (DEMO_USERS.find((u) => u.role === role) as DemoUser).email;

/** Runs `fn` as a demo user, signed in with the demo password for the time it takes (the session ends after). */
async function asDemoUser<T>(db: Db, email: string, now: Date, fn: (principal: Principal, sessionId: string) => Promise<T>): Promise<T> {
  const signed = await signIn(db, email, DEMO_PASSWORD, now);
  try {
    return await fn(signed.account.principal, signed.sessionId);
  } finally {
    await signOut(db, signed.sessionId);
  }
}

/** The complaint channel, set up by the demo's officer under DEMO_COMPLAINT_PASSPHRASE, when it is not yet. */
async function demoChannel(db: Db, now: Date, keys: KeyOptions): Promise<boolean> {
  if (await channelSetUp(db, DEMO_SLUG)) return false;
  await asDemoUser(db, DEMO_COMPLAINT_OFFICER, now, async (officer, sessionId) => {
    await setUpChannel(db, officer, DEMO_SLUG, sessionId, DEMO_COMPLAINT_PASSPHRASE, now, keys);
    await lockComplaints(db, officer, DEMO_SLUG, sessionId);
  });
  return true;
}

/** The documents of FY 2566 that its OIT items are made of (the measures plan, the analysis, the progress report). */
function demoSubjects(year: Awaited<ReturnType<typeof loadYear>>): ApprovalSubject[] {
  const kinds = new Set(criteriaOf(year).oitItems.flatMap((item) => suggestedContent(item, DEMO_YEAR).documents.filter((d) => d.year === DEMO_YEAR).map((d) => d.kind)));
  return APPROVAL_SUBJECTS.filter((s) => kinds.has(s));
}

/**
 * FY 2566 on the portal as an organisation would have it: the coordinator asks for the approval of the documents
 * its OIT items are (only those never asked for), the executive approves them, and the approved documents are
 * published to their items (src/portal/publications-approved.ts).
 */
async function demoPublications(db: Db, options: SubmitOptions): Promise<PublishedItem[]> {
  const ref = { org: DEMO_SLUG, year: DEMO_YEAR };
  const subjects = demoSubjects(await loadYear(db, DEMO_SLUG, DEMO_YEAR));
  const asked = await asDemoUser(db, demoEmail('coordinator'), options.now, async (coordinator) => {
    const states = await listApprovals(db, coordinator, ref);
    const ids: string[] = [];
    for (const subject of subjects) {
      if (states.find((s) => s.subject === subject)?.history.length) continue;
      ids.push(((await requestApproval(db, coordinator, ref, { subject, comment: DEMO_APPROVAL_NOTE })).pending as { id: string }).id);
    }
    return ids;
  });
  return asDemoUser(db, demoEmail('executive'), options.now, async (executive) => {
    for (const id of asked) await decideApproval(db, executive, ref, id, { decision: 'approved', comment: DEMO_APPROVAL_NOTE, reason: DEMO_APPROVAL_NOTE });
    return publishApproved(db, executive, ref, options);
  });
}

export interface DemoSetUp {
  /** The demo users made now (none when they were there). */
  readonly users: readonly DemoUser[];
  /** True when the complaint channel was set up now. */
  readonly channel: boolean;
  /** The FY 2566 OIT items published now. */
  readonly published: readonly PublishedItem[];
  /** Why FY 2566 could not be published (e.g. no Chromium for the PDFs): everything else is there. */
  readonly publishProblem: { readonly th: string; readonly en: string } | null;
}

/**
 * Everything the demo shows on the first start, beside its data (ensureDemo): the demo users, the complaint
 * channel open with the officer's made-up passphrase, and FY 2566 approved and published on the portal. Each part
 * is done only when missing; nothing when the demo organisation does not exist.
 */
export async function completeDemo(db: Db, options: Partial<SubmitOptions> & KeyOptions = {}): Promise<DemoSetUp> {
  const now = options.now ?? new Date();
  const users = await ensureDemoAccounts(db, now);
  if (!(await organisationExists(db, DEMO_SLUG))) return { users, channel: false, published: [], publishProblem: null };
  const channel = await demoChannel(db, now, options.kdfCost ? { kdfCost: options.kdfCost } : {});
  try {
    const published = await demoPublications(db, { now, ...(options.browser ? { browser: options.browser } : {}) });
    return { users, channel, published, publishProblem: null };
  } catch (error) {
    const e = error as { th?: unknown; en?: unknown; message?: unknown };
    const en = typeof e.en === 'string' ? e.en : String(e.message ?? error);
    return { users, channel, published: [], publishProblem: { th: typeof e.th === 'string' ? e.th : en, en } };
  }
}

/** What the console says of the demo's channel and portal after loading it (`base`: the server's address). */
export function demoLines(demo: DemoSetUp, base: string): string[] {
  const lines: string[] = [];
  if (demo.channel) {
    lines.push(
      `ช่องทางร้องเรียนเปิดแล้ว: ${base}/o/${DEMO_SLUG}/complaints · เจ้าหน้าที่ ${DEMO_COMPLAINT_OFFICER} รหัสผ่านสำหรับเรื่องร้องเรียน ${DEMO_COMPLAINT_PASSPHRASE} / ` +
        `complaint channel open; the officer's complaint passphrase: ${DEMO_COMPLAINT_PASSPHRASE}`,
    );
  }
  if (demo.published.length) {
    lines.push(`เผยแพร่ปีงบประมาณ ${DEMO_YEAR} แล้ว (${demo.published.map((p) => p.code).join(', ')}) / FY ${DEMO_YEAR} published: ${base}/o/${DEMO_SLUG}/ita/${DEMO_YEAR}`);
  }
  if (demo.publishProblem) {
    lines.push(`ยังเผยแพร่ปีงบประมาณ ${DEMO_YEAR} ไม่ได้: ${demo.publishProblem.th} / FY ${DEMO_YEAR} not published: ${demo.publishProblem.en}`);
  }
  return lines;
}
