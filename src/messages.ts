/**
 * Messages by code. Every error a person or a script may see carries a stable code ("years.closed") and its
 * parameters; its Thai and English texts come from the capability's typed catalogue (`<capability>/messages.ts`),
 * written as the screens' catalogues are: a Thai object and an English one of the same type, so a key missing in
 * either language, or a text taking other parameters, fails the type check.
 *
 *     const th = { closed: (p: { year: number }) => `ปีงบประมาณ ${p.year} ปิดแล้ว`, noName: 'ต้องมีชื่อ' };
 *     const en: typeof th = { closed: (p) => `fiscal year ${p.year} is closed`, noName: 'a name is required' };
 *     export const yearMessages = catalogue('years', th, en);
 *     throw new InputError('year', yearMessages.closed({ year: 2569 }));
 *
 * A zod schema names a message by its code (`{ error: yearMessages.code('noName') }`): parseInput finds the texts
 * by that code (messageOfCode), so nothing splits or re-parses a message string.
 */

/** A message as an error carries it: its code and parameters, and the texts the catalogue gives them. */
export interface Message {
  readonly code: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly th: string;
  readonly en: string;
}

/** A text of a catalogue: fixed, or made from the message's parameters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parameters' type is each entry's own
type Text = string | ((params: any) => string);
type Texts = Readonly<Record<string, Text>>;

/** The makers of a catalogue: one per key, taking that text's parameters. */
export type Catalogue<T extends Texts> = {
  readonly [K in keyof T]: T[K] extends (params: infer P) => string ? (params: P) => Message : () => Message;
} & {
  /** The code of a fixed text, for a zod schema's `error` (parseInput turns it back into the texts). */
  readonly code: (key: { [K in keyof T]: T[K] extends string ? K : never }[keyof T]) => string;
};

const fixed = new Map<string, Message>();
const namespaces = new Set<string>();

const textOf = (text: Text, params: Readonly<Record<string, unknown>>): string => (typeof text === 'string' ? text : text(params));

/**
 * A capability's catalogue of messages under the namespace `ns` (each code is "ns.key"). The English texts have
 * the Thai ones' type.
 */
export function catalogue<const T extends Texts>(ns: string, th: T, en: { readonly [K in keyof T]: T[K] }): Catalogue<T> {
  if (namespaces.has(ns)) throw new Error(`message catalogue "${ns}" is defined twice`);
  namespaces.add(ns);
  const makers: Record<string, unknown> = {};
  for (const key of Object.keys(th)) {
    const code = `${ns}.${key}`;
    const [t, e] = [th[key] as Text, en[key] as Text];
    makers[key] = (params: Readonly<Record<string, unknown>> = {}): Message => ({ code, params, th: textOf(t, params), en: textOf(e, params) });
    if (typeof t === 'string' && typeof e === 'string') fixed.set(code, { code, params: {}, th: t, en: e });
  }
  makers.code = (key: string) => {
    const code = `${ns}.${key}`;
    if (!fixed.has(code)) throw new Error(`message ${code} is not a fixed text of its catalogue`);
    return code;
  };
  return makers as Catalogue<T>;
}

/** The message of a fixed text by its code (as a zod schema names it); undefined for any other string. */
export function messageOfCode(code: string): Message | undefined {
  return fixed.get(code);
}

