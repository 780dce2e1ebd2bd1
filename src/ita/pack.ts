/**
 * A criteria pack: the ITA criteria of one fiscal year as a JSON file (issue 13, point 2). The NACC changes the
 * criteria every year; a pack brings a year (or a corrected revision of one) without a new release of Prongsai.
 * The built-in years are such packs (src/ita/packs/<year>.json); `prongsai criteria import` and the system
 * administrator's page add more.
 *
 * A pack is exactly a `CriteriaYear` (src/ita/types.ts, which documents every field) with `schemaVersion: 1`, and
 * an optional `components` list on OIT items. This zod schema is the definition; the JSON Schema published at
 * docs/criteria-pack.schema.json is generated from it (`npm run criteria:schema`). Objects are strict (an unknown
 * field is refused: a misspelt optional field would otherwise vanish silently) and the rules that tie fields
 * together (weights summing to 1, unique codes, references between lists) are checked after the shapes.
 */
import { z } from 'zod';
import { OIT_ITEM_ROLES, TOOL_CODES, type CriteriaYear } from './types.ts';
import type { Message } from '../messages.ts';
import { itaMessages, type Listed } from './messages.ts';

export const PACK_SCHEMA_VERSION = 1;

const text = z.string().trim().min(1, { error: itaMessages.code('notEmpty') });
/** An exact decimal number as text ("0.3", "85", "33.33"). */
const decimal = z.string().regex(/^\d{1,3}(\.\d{1,12})?$/, { error: itaMessages.code('decimal') });
const indicatorNumber = z.union([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => z.literal(n))) as unknown as z.ZodType<
  1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10
>;
const toolCode = z.enum(TOOL_CODES as ['IIT', 'EIT', 'OIT']);
const oitIndicator = z.union([z.literal(9), z.literal(10)]);
const noteTopic = z.enum([
  'weights', 'indicators', 'questions', 'answer-scales', 'eit-parts', 'oit-items', 'oit-indicator-mapping', 'oit-aggregation', 'grade', 'rounding',
]);

const tool = z.strictObject({
  code: toolCode,
  nameTh: text,
  nameEn: text,
  weight: decimal,
  indicators: z.array(indicatorNumber).min(1),
  parts: z.array(z.strictObject({ nameTh: text, nameEn: text })).min(2).optional(),
});

const indicator = z.strictObject({
  number: indicatorNumber,
  tool: toolCode,
  nameTh: text,
  nameEn: text,
  altNamesTh: z.array(text).optional(),
});

const scale = z.strictObject({
  id: text,
  nameTh: text,
  options: z.array(z.strictObject({ code: text, labelTh: text, score: decimal })).min(2),
});

const question = z.strictObject({
  code: text,
  tool: z.enum(['IIT', 'EIT']),
  indicator: indicatorNumber,
  textTh: text,
  items: z.array(z.strictObject({ code: text, textTh: text, scale: text, reversed: z.boolean().optional() })).min(1),
});

const subIndicator = z.strictObject({ code: text, indicator: oitIndicator, nameTh: text });

/** A part of an OIT item that is checked on its own (src/ita/types.ts OitComponent; optional). */
const componentCheck = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('phrases'), anyOf: z.array(z.array(text).min(1)).min(1) }),
  z.strictObject({ kind: z.literal('file-type'), types: z.array(z.enum(['html', 'pdf', 'docx', 'xlsx', 'image'])).min(1) }),
  z.strictObject({ kind: z.literal('signature') }),
  z.strictObject({ kind: z.literal('person'), th: text, en: text }),
]);
const component = z.strictObject({
  code: text,
  titleTh: text,
  titleEn: text,
  check: componentCheck,
  certainty: z.enum(['confirmed', 'inferred', 'not-found']),
  sources: z.array(text).optional(),
});

const oitItem = z.strictObject({
  code: text,
  titleTh: text,
  groupTh: text,
  indicator: oitIndicator,
  subIndicator: text.optional(),
  period: z.enum(['current', 'previous']).optional(),
  recurring: z.enum(['monthly', 'six-monthly']).optional(),
  role: z.enum(OIT_ITEM_ROLES as ['measures', 'measures-report', 'complaint-statistics', 'procurement-summary']).optional(),
  components: z.array(component).optional(),
});

const gradeRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bands'), bands: z.array(z.strictObject({ grade: text, min: decimal })).min(1) }),
  z.strictObject({
    kind: z.literal('labels'),
    levels: z.array(z.strictObject({ label: text, minOverall: decimal, minEveryTool: decimal.optional() })).min(1),
    unconfirmedBelowPass: z.array(z.strictObject({ label: text, minOverall: decimal })),
    eitPartsCountAsTools: z.boolean(),
  }),
]);

const note = z.strictObject({
  id: text,
  certainty: z.enum(['inferred', 'not-found']),
  topics: z.array(noteTopic).min(1),
  th: text,
  en: text,
  sources: z.array(text).optional(),
});

const provisional = z.strictObject({ th: text, en: text, basedOn: z.number().int().min(2500).max(2700) });

const packShape = z.strictObject({
  schemaVersion: z.literal(PACK_SCHEMA_VERSION),
  year: z.number().int().min(2500).max(2700),
  revision: z.number().int().min(1),
  titleTh: text,
  tools: z.array(tool).length(3),
  indicators: z.array(indicator).min(1),
  passMark: decimal,
  decimals: z.number().int().min(0).max(4),
  gradeRule,
  scales: z.array(scale),
  questions: z.array(question),
  oitSubIndicators: z.array(subIndicator),
  oitItems: z.array(oitItem),
  oitAggregation: z.enum(['sub-indicator-mean', 'item-share']),
  notes: z.array(note),
  provisional: provisional.optional(),
  sources: z.array(text),
});

/** A decimal string as an integer count of 10^-12 (exact: no floating point). */
function scaled(value: string): bigint {
  const [whole = '0', fraction = ''] = value.split('.');
  return BigInt(whole + fraction.padEnd(12, '0'));
}

type PackShape = z.output<typeof packShape>;

/** The rules that tie a pack's fields together, each reported at the path of the offending value. */
function checkLinks(pack: PackShape, ctx: z.RefinementCtx): void {
  // The whole message travels in the issue (src/model/messages.ts messageOfIssue).
  const issue = (path: (string | number)[], said: Message) => ctx.addIssue({ code: 'custom', path, message: said.code, params: { said } });
  const duplicates = <T>(list: readonly T[], key: (t: T) => string, path: (i: number) => (string | number)[], what: Listed) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      const k = key(t);
      if (seen.has(k)) issue(path(i), itaMessages.duplicate({ what, key: k }));
      seen.add(k);
    });
  };
  duplicates(pack.tools, (t) => t.code, (i) => ['tools', i, 'code'], 'tool');
  duplicates(pack.indicators, (d) => String(d.number), (i) => ['indicators', i, 'number'], 'indicator');
  duplicates(pack.scales, (s) => s.id, (i) => ['scales', i, 'id'], 'scale');
  duplicates(pack.questions, (q) => q.code, (i) => ['questions', i, 'code'], 'question');
  duplicates(pack.oitSubIndicators, (s) => s.code, (i) => ['oitSubIndicators', i, 'code'], 'subIndicator');
  duplicates(pack.oitItems, (o) => o.code, (i) => ['oitItems', i, 'code'], 'oitItem');
  duplicates(pack.notes, (n) => n.id, (i) => ['notes', i, 'id'], 'note');
  pack.oitItems.forEach((item, i) => {
    if (item.role && pack.oitItems.findIndex((o) => o.role === item.role) !== i) {
      issue(['oitItems', i, 'role'], itaMessages.oneRole({ role: item.role }));
    }
    if (item.subIndicator && !pack.oitSubIndicators.some((s) => s.code === item.subIndicator && s.indicator === item.indicator)) {
      issue(['oitItems', i, 'subIndicator'], itaMessages.noSubIndicator({ subIndicator: item.subIndicator, indicator: item.indicator }));
    }
  });

  const sum = pack.tools.reduce((total, t) => total + scaled(t.weight), 0n);
  if (sum !== scaled('1')) {
    issue(['tools'], itaMessages.weightsSum({ weights: pack.tools.map((t) => t.weight).join(' + ') }));
  }
  const codes = new Set(pack.tools.map((t) => t.code));
  for (const code of TOOL_CODES) if (!codes.has(code)) issue(['tools'], itaMessages.noTool({ tool: code }));
  pack.tools.forEach((t, i) =>
    t.indicators.forEach((n, j) => {
      const def = pack.indicators.find((d) => d.number === n);
      if (!def) issue(['tools', i, 'indicators', j], itaMessages.indicatorNotListed({ indicator: n }));
      else if (def.tool !== t.code) issue(['tools', i, 'indicators', j], itaMessages.indicatorOfOtherTool({ indicator: n, owner: def.tool, tool: t.code }));
    }),
  );
  pack.indicators.forEach((d, i) => {
    if (!pack.tools.some((t) => t.code === d.tool && t.indicators.includes(d.number))) {
      issue(['indicators', i, 'number'], itaMessages.indicatorNotInTool({ indicator: d.number, tool: d.tool }));
    }
  });
  pack.questions.forEach((q, i) => {
    if (pack.indicators.find((d) => d.number === q.indicator)?.tool !== q.tool) {
      issue(['questions', i, 'indicator'], itaMessages.questionTool({ indicator: q.indicator, tool: q.tool }));
    }
    q.items.forEach((item, j) => {
      if (!pack.scales.some((s) => s.id === item.scale)) issue(['questions', i, 'items', j, 'scale'], itaMessages.noScale({ scale: item.scale }));
    });
  });
  pack.oitSubIndicators.forEach((s, i) => {
    if (!pack.indicators.some((d) => d.number === s.indicator)) issue(['oitSubIndicators', i, 'indicator'], itaMessages.noIndicator({ indicator: s.indicator }));
  });
}

/** The schema of a criteria pack (shapes, then the rules between fields). */
export const packSchema = packShape.superRefine(checkLinks);

/** A pack as a file holds it: the year's criteria with the schema's version. */
export type CriteriaPack = z.output<typeof packShape>;

// A pack is a CriteriaYear, and every CriteriaYear (plus the version) is a pack: both directions checked by tsc.
const asYear = (pack: CriteriaPack): CriteriaYear => pack;
const asPack = (year: CriteriaYear): CriteriaPack => ({ schemaVersion: PACK_SCHEMA_VERSION, ...(year as Omit<CriteriaPack, 'schemaVersion'>) });
void asYear;
void asPack;

/** The pack of a year's criteria, as `prongsai criteria export` writes it (fields in the schema's order). */
export function packOf(criteria: CriteriaYear): CriteriaPack {
  const { schemaVersion: _ignored, ...rest } = criteria as CriteriaYear & { schemaVersion?: number };
  void _ignored;
  return packShape.parse({ schemaVersion: PACK_SCHEMA_VERSION, ...rest });
}

/** The criteria a pack holds (the pack without its schema version). */
export function criteriaOfPack(pack: CriteriaPack): CriteriaYear {
  const { schemaVersion: _version, ...criteria } = pack;
  void _version;
  return criteria;
}

/** The JSON Schema of a pack, as published at docs/criteria-pack.schema.json. */
export function packJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(packShape, { target: 'draft-2020-12' });
  return {
    $schema,
    title: 'Prongsai ITA criteria pack',
    description: 'The ITA criteria of one fiscal year (src/ita/pack.ts; field meanings in src/ita/types.ts). Numbers that take part in scoring are decimal strings.',
    ...schema,
  };
}
