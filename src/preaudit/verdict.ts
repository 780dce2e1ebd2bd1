/**
 * The verdict on one OIT item from what was read at its URLs (pure): pass, check by hand (manual) or fail, with the
 * reasons in Thai and English and what to do; and the indicator 9 and 10 scores the verdicts predict under the
 * year's rule (an estimate). The rules, in order (docs/preaudit.md):
 *
 * 1. no URL → fail ("ยังไม่ได้ระบุ URL"); every URL that did not open → fail with its reason;
 * 2. a document with text that names neither the organisation nor the fiscal year it must cover → fail;
 * 3. a machine-checkable requirement (confirmed or inferred) met nowhere in the item's texts → fail, unless a scanned
 *    document may hold it (then manual); a component whose certainty is `not-found` → manual, never fail;
 * 4. only scanned documents → manual ("เอกสารเป็นภาพสแกน ตรวจข้อความไม่ได้"); a broken document → manual;
 * 5. `person` components → manual, the reasons say what to look at; else pass.
 */
import type { CriteriaYear, OitItem } from '../ita/index.ts';
import type { Message } from '../messages.ts';
import { Exact, scoreOitChecklist } from '../scoring/index.ts';
import { thaiMonthName, toThaiDigits } from '../thai/index.ts';
import { compactThai, fiscalYearsIn, hasSignatureLine, monthsIn, namesOrganisation } from './match.ts';
import type { DocKind } from './extract.ts';
import type { Requirement } from './requirements.ts';
import { verdictMessages as msg } from './verdict-messages.ts';

export type { DocKind };

export interface SourceReport {
  readonly url: string;
  readonly fetched: boolean;
  readonly status: number | null;
  readonly failure: Message | null;
  /** The page itself and the documents it links that were read. */
  readonly documents: readonly {
    readonly url: string;
    readonly kind: DocKind;
    readonly text: string;
    readonly scanned: boolean;
    readonly problem: Message | null;
  }[];
}

export type ItemStatus = 'pass' | 'manual' | 'fail';

export interface Reason {
  readonly code: string;
  readonly th: string;
  readonly en: string;
  readonly todoTh: string;
  readonly todoEn: string;
}

export interface ItemVerdict {
  readonly item: string;
  readonly status: ItemStatus;
  readonly reasons: readonly Reason[];
  readonly requirements: readonly {
    readonly code: string;
    readonly titleTh: string;
    /** null: a person must look. */
    readonly met: boolean | null;
    readonly certainty: string;
  }[];
}

const reason = (code: string, said: Message, todo: Message): Reason => ({ code, th: said.th, en: said.en, todoTh: todo.th, todoEn: todo.en });
/** A message whose Thai and English texts take different parameters (Thai digits in Thai, a Thai reason in Thai). */
const both = <P>(make: (p: P) => Message, th: P, en: P): Message => ({ ...make(th), en: make(en).en });

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** What a requirement names, for a "not found" reason (Thai digits and month abbreviations in Thai). */
function whatOf(r: Requirement): Message {
  const c = r.check;
  switch (c.kind) {
    case 'month': {
      return both(msg.monthWhat, { month: `${thaiMonthName(c.monthNumber, 'short')} ${toThaiDigits(c.be)}` }, { month: `${EN_MONTHS[c.monthNumber - 1]} ${c.be}` });
    }
    case 'fiscal-year': {
      return both(msg.yearWhat, { year: toThaiDigits(c.year) }, { year: String(c.year) });
    }
    case 'organisation':
      return msg.orgWhat({ name: c.nameTh });
    case 'signature':
      return msg.signatureWhat();
    case 'file-type':
      return msg.fileTypeWhat({ types: c.types.join(', ') });
    default:
      return { code: r.code, params: {}, th: r.titleTh, en: r.titleEn };
  }
}

interface ReadDocument {
  readonly url: string;
  readonly kind: DocKind;
  readonly compact: string;
  readonly text: string;
  /** Read once per document: a monthly item asks for up to twelve months of texts up to 2 MB. */
  readonly years: readonly number[];
  readonly months: ReadonlySet<string>;
}

/** Whether a requirement is met in the documents read (null: a person must look). */
function isMet(r: Requirement, docs: readonly ReadDocument[], allKinds: ReadonlySet<DocKind>): boolean | null {
  const c = r.check;
  switch (c.kind) {
    case 'organisation':
      return docs.some((d) => namesOrganisation(d.text, c));
    case 'fiscal-year':
      return docs.some((d) => d.years.includes(c.year));
    case 'month':
      return docs.some((d) => d.months.has(c.month));
    case 'phrases':
      return c.anyOf.every((group) => group.some((p) => docs.some((d) => d.compact.includes(compactThai(p)))));
    case 'file-type':
      return c.types.some((t) => allKinds.has(t));
    case 'signature':
      return docs.some((d) => hasSignatureLine(d.text));
    case 'person':
      return null;
  }
}

/** The verdict on `item` from the reports of its URLs. `asOf` is when the check ran (kept for the caller's record). */
export function verdictOf(item: OitItem, requirements: readonly Requirement[], sources: readonly SourceReport[], asOf: Date): ItemVerdict {
  void asOf;
  const fails: Reason[] = [];
  const manuals: Reason[] = [];
  if (sources.length === 0) fails.push(reason('no-url', msg.noUrl(), msg.noUrlTodo()));
  for (const s of sources.filter((s) => !s.fetched)) {
    const why = s.failure ?? { th: String(s.status ?? ''), en: String(s.status ?? '') };
    fails.push(reason('not-fetched', both(msg.notFetched, { url: s.url, why: why.th }, { url: s.url, why: why.en }), msg.notFetchedTodo()));
  }
  const all = sources.filter((s) => s.fetched).flatMap((s) => s.documents);
  const docs: ReadDocument[] = all
    .filter((d) => !d.scanned && d.problem === null && d.text.trim() !== '')
    .map((d) => ({ url: d.url, kind: d.kind, text: d.text, compact: compactThai(d.text), years: fiscalYearsIn(d.text), months: monthsIn(d.text) }));
  const scanned = all.some((d) => d.scanned);
  for (const d of all.filter((d) => d.problem !== null && !d.scanned)) {
    const p = d.problem as Message;
    manuals.push(reason('unreadable', both(msg.unreadable, { url: d.url, why: p.th }, { url: d.url, why: p.en }), msg.unreadableTodo()));
  }
  if (scanned) manuals.push(reason('scanned', msg.scanned(), msg.scannedTodo()));

  const org = requirements.find((r) => r.check.kind === 'organisation')?.check;
  const yearCheck = requirements.find((r) => r.check.kind === 'fiscal-year')?.check;
  const year = yearCheck?.kind === 'fiscal-year' ? yearCheck.year : null;
  for (const d of docs) {
    const namesOrg = org?.kind === 'organisation' ? namesOrganisation(d.text, org) : true;
    const namesYear = year !== null && d.years.includes(year);
    if (!namesOrg && (year === null || !namesYear)) {
      const th = year === null ? msg.yearNone().th : msg.yearText({ year: toThaiDigits(year) }).th;
      const en = year === null ? msg.yearNone().en : msg.yearText({ year: String(year) }).en;
      fails.push(reason('unnamed-document', both(msg.unnamed, { url: d.url, year: th }, { url: d.url, year: en }), msg.unnamedTodo()));
    }
  }

  const kinds = new Set(all.map((d) => d.kind));
  const anyRead = docs.length > 0;
  const evaluated = requirements.map((r) => {
    const met = anyRead || r.check.kind === 'person' ? isMet(r, docs, kinds) : false;
    return { r, met };
  });
  if (sources.some((s) => s.fetched)) {
    for (const { r, met } of evaluated) {
      const what = whatOf(r);
      if (met === null) {
        const look = r.check.kind === 'person' ? r.check : { th: r.titleTh, en: r.titleEn };
        manuals.push(reason(`person:${r.code}`, both(msg.person, { what: look.th }, { what: look.en }), both(msg.personTodo, { what: look.th }, { what: look.en })));
        continue;
      }
      if (met) continue;
      if (!anyRead && scanned) continue; // only scans: the scanned reason says it
      if (r.certainty === 'not-found') {
        manuals.push(reason(`uncertain:${r.code}`, both(msg.uncertain, { what: what.th }, { what: what.en }), msg.uncertainTodo()));
        continue;
      }
      const said = both(msg.missing, { what: what.th }, { what: what.en });
      (scanned ? manuals : fails).push(reason(`missing:${r.code}`, said, both(msg.missingTodo, { what: what.th }, { what: what.en })));
    }
  }
  const status: ItemStatus = fails.length > 0 ? 'fail' : manuals.length > 0 ? 'manual' : 'pass';
  return {
    item: item.code,
    status,
    reasons: [...fails, ...manuals],
    requirements: evaluated.map(({ r, met }) => ({ code: r.code, titleTh: r.titleTh, met: sources.some((s) => s.fetched) ? met : r.check.kind === 'person' ? null : false, certainty: r.certainty })),
  };
}

export interface ScoreEstimate {
  /** "92.31", or "84.62–92.31" when items a person must check make a low and a high estimate. */
  readonly indicator9: string | null;
  readonly indicator10: string | null;
  readonly oit: string | null;
  readonly low: { readonly indicator9: string | null; readonly indicator10: string | null; readonly oit: string | null };
  readonly high: { readonly indicator9: string | null; readonly indicator10: string | null; readonly oit: string | null };
  readonly estimate: true;
  readonly noteTh: string;
  readonly noteEn: string;
}

/**
 * The indicator 9 and 10 scores (and OIT, their mean) that the verdicts predict under the year's rule: each item
 * 100 or 0 (from 2568), rolled up by the pack's `oitAggregation`, rounded to the year's decimals. An item that is
 * manual, or has no verdict, counts as failed in the low estimate and as passed in the high one.
 */
export function predictScores(pack: CriteriaYear, verdicts: readonly ItemVerdict[]): ScoreEstimate {
  const status = new Map(verdicts.map((v) => [v.item, v.status]));
  const scores = (manualPasses: boolean) => {
    if (pack.oitItems.length === 0) return { indicator9: null, indicator10: null, oit: null };
    const checklist = new Map(pack.oitItems.map((i) => [i.code, (status.get(i.code) ?? 'manual') === 'pass' || (manualPasses && status.get(i.code) !== 'fail')]));
    const result = scoreOitChecklist(pack, checklist);
    const i9 = result.indicators.get(9) ?? null;
    const i10 = result.indicators.get(10) ?? null;
    const fixed = (e: Exact | null) => (e === null ? null : e.round(pack.decimals).toFixed(pack.decimals));
    return { indicator9: fixed(i9), indicator10: fixed(i10), oit: fixed(i9 && i10 ? Exact.mean([i9, i10]) : null) };
  };
  const low = scores(false);
  const high = scores(true);
  const range = (a: string | null, b: string | null) => (a === null || b === null ? null : a === b ? a : `${a}–${b}`);
  const note = msg.estimateNote();
  return {
    indicator9: range(low.indicator9, high.indicator9),
    indicator10: range(low.indicator10, high.indicator10),
    oit: range(low.oit, high.oit),
    low,
    high,
    estimate: true,
    noteTh: note.th,
    noteEn: note.en,
  };
}
