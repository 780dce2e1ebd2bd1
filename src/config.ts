/**
 * Every environment variable Prongsai reads, in one place: its form (a zod schema), its default and what it does,
 * in Thai and English. The README's table of variables is checked against {@link VARIABLES}
 * (test/config.test.ts). A wrong value stops the command before anything is opened or started, with a message
 * naming the variable, what is wrong with the value and the form expected ({@link ConfigError}: exit code 2).
 *
 * Callers read the parsed values: {@link loadConfig} (all of them, every wrong one reported at once),
 * {@link configValue} (one). Both take an environment object (process.env by default), so that tests pass their own.
 *
 * This module loads zod and nothing else: `prongsai score` may load it without slowing its start.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError, InputError } from './errors.ts';
import { catalogue, messageOfCode, type Message } from './messages.ts';

interface Text {
  readonly th: string;
  readonly en: string;
}

export interface Variable {
  /** The value's form; it receives the text of the variable (or the default), trimmed, never an empty one. */
  readonly schema: z.ZodType;
  /** The value taken when the variable is unset or empty; none: the setting is off or absent. */
  readonly default?: string;
  /** The default as the README's table shows it, when it is not simply {@link default}. */
  readonly defaultText?: string;
  /** What it does, one line. */
  readonly about: Text;
  /** The form expected, as an error message says it. */
  readonly expected: Text;
  /** A secret (a key, a password in a URL): an error message never shows its value. */
  readonly secret?: boolean;
}

/** What is wrong with a value (src/messages.ts): a schema names a fixed text by its code, a custom issue carries it in `params.said`. */
const th = {
  whole: 'ไม่ใช่จำนวนเต็ม',
  number: 'ไม่ใช่ตัวเลข',
  notFlag: 'ไม่ใช่ค่าเปิดหรือปิด',
  notProxy: (p: { wrong: string }) => `"${p.wrong}" ไม่ใช่จำนวนหรือที่อยู่ IP/CIDR`,
  notHostPort: (p: { wrong: string }) => `"${p.wrong}" ไม่ใช่ host:port`,
  wrongForm: 'รูปแบบไม่ถูกต้อง',
  notAbove: (p: { min: string }) => `ไม่มากกว่า ${p.min}`,
  below: (p: { min: string }) => `น้อยกว่า ${p.min}`,
  above: (p: { max: string }) => `มากกว่า ${p.max}`,
  notUrl: 'ไม่ใช่ URL ที่ใช้ได้',
  notAllowed: 'ไม่ใช่ค่าที่ใช้ได้',
  /** A variable's value (`shown`, as JSON) with its `problem`, and the form `expected`. */
  variable: (p: { name: string; shown: string; problem: Message; expected: Text }) =>
    `ตัวแปรสภาพแวดล้อม ${p.name}=${p.shown} ใช้ไม่ได้: ${p.problem.th} ต้องเป็น ${p.expected.th}`,
};

const en: typeof th = {
  whole: 'not a whole number',
  number: 'not a number',
  notFlag: 'not on or off',
  notProxy: (p) => `"${p.wrong}" is neither a number nor an IP address/CIDR`,
  notHostPort: (p) => `"${p.wrong}" is not host:port`,
  wrongForm: 'not in the right form',
  notAbove: (p) => `not above ${p.min}`,
  below: (p) => `below ${p.min}`,
  above: (p) => `above ${p.max}`,
  notUrl: 'not a URL that can be used',
  notAllowed: 'not one of the values allowed',
  variable: (p) => `environment variable ${p.name}=${p.shown} is not valid: ${p.problem.en}; expected ${p.expected.en}`,
};

export const configMessages = catalogue('config', th, en);

/** A custom issue carrying its whole message. */
const refuse = (ctx: z.RefinementCtx, said: Message): void => ctx.addIssue({ code: 'custom', message: said.code, params: { said } });

const variable = <const V extends Variable>(v: V): V => v;

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: configMessages.code('whole') })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const positiveNumber = z
  .string()
  .regex(/^\d+(\.\d+)?$/, { error: configMessages.code('number') })
  .transform(Number)
  .pipe(z.number().gt(0));

const FLAG: Readonly<Record<string, boolean>> = { '1': true, true: true, yes: true, '0': false, false: false, no: false };
const flag = z.string().transform((text, ctx) => {
  const value = FLAG[text.toLowerCase()];
  if (value === undefined) refuse(ctx, configMessages.notFlag());
  return value ?? false;
});
const FLAG_EXPECTED: Text = { th: '1 (เปิด) หรือ 0 (ปิด)', en: '1 (on) or 0 (off)' };

/** An http(s) address; trailing slashes removed. */
const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).transform((url) => url.replace(/\/+$/, ''));

/** The names @fastify/proxy-addr gives to address ranges, besides addresses and CIDRs. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isCidr = (text: string): boolean => {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length > 0 || address === undefined || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const version = isIP(address);
  return version !== 0 && Number(prefix) <= (version === 4 ? 32 : 128);
};

/**
 * PRONGSAI_TRUST_PROXY: whom X-Forwarded-For and X-Forwarded-Proto are taken from. 0: nobody. A number: that many
 * proxies in front of this server (1: the client is the address the nearest proxy saw, the last hop of
 * X-Forwarded-For, whatever the client wrote before it). Otherwise the proxies' addresses or CIDRs, comma-separated
 * (the safe setting: a client that reaches the port directly is not believed). "true" (every hop, so anyone could
 * choose their address) and anything else are refused.
 */
const trustProxy = z.string().transform((text, ctx): false | number | string[] => {
  if (text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim());
  const wrong = entries.find((e) => !PROXY_RANGES.has(e) && isIP(e) === 0 && !isCidr(e));
  if (wrong !== undefined) {
    refuse(ctx, configMessages.notProxy({ wrong }));
  }
  return entries;
});

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** 'host:port' as the OIT pre-audit's fetcher compares it: the URL's canonical host name (IPv6 in brackets) and the port. */
function hostPort(entry: string): string | null {
  const m = HOST_PORT.exec(entry);
  if (!m?.[1] || !m[2]) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  try {
    const { hostname } = new URL(`http://${m[1]}/`);
    return hostname ? `${hostname}:${port}` : null;
  } catch {
    return null;
  }
}

/** PRONGSAI_OIT_ALLOW_HOSTS: comma-separated host:port pairs (tests only), each checked. */
const hostPorts = z.string().transform((text, ctx): string[] => {
  const entries = text.split(',').map((e) => e.trim());
  const keys = entries.map(hostPort);
  const wrong = entries.find((_e, i) => keys[i] === null);
  if (wrong !== undefined) refuse(ctx, configMessages.notHostPort({ wrong }));
  return keys.filter((k) => k !== null);
});

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const VARIABLES = {
  PORT: variable({
    schema: wholeNumber(0, 65535),
    default: '3000',
    about: { th: 'พอร์ตของเว็บแอป (0: พอร์ตว่างใดก็ได้)', en: 'the web application’s port (0: any free port)' },
    expected: { th: 'จำนวนเต็ม 0 ถึง 65535', en: 'a whole number from 0 to 65535' },
  }),
  HOST: variable({
    schema: z.string().regex(/^[^\s/]+$/),
    default: '127.0.0.1',
    about: { th: 'ที่อยู่ที่รับการเชื่อมต่อ (0.0.0.0: ทุกเครือข่าย)', en: 'the address to listen on (0.0.0.0: every network)' },
    expected: { th: 'ที่อยู่ IP หรือชื่อเครื่อง เช่น 127.0.0.1', en: 'an IP address or a host name, e.g. 127.0.0.1' },
  }),
  LOG_LEVEL: variable({
    schema: z.enum(LOG_LEVELS),
    defaultText: '`warn` (`info` with `PRONGSAI_LOG_FILE`)',
    about: {
      th: 'ระดับของบันทึก (log): info บันทึกทุกคำขอ, warn เฉพาะคำเตือนและข้อผิดพลาด',
      en: 'the log level: info logs every request, warn only warnings and errors',
    },
    expected: { th: LOG_LEVELS.join(', '), en: `one of ${LOG_LEVELS.join(', ')}` },
  }),
  PRONGSAI_LOG: variable({
    schema: z.enum(['pretty', 'json']),
    defaultText: '`pretty` on a terminal, else `json`',
    about: { th: 'รูปแบบบันทึกบนคอนโซล: pretty (บรรทัดสั้นอ่านง่าย) หรือ json', en: 'the console log format: pretty (short human lines) or json' },
    expected: { th: 'pretty หรือ json', en: 'pretty or json' },
  }),
  PRONGSAI_LOG_FILE: variable({
    schema: z.string(),
    about: { th: 'เขียนบันทึกเป็น JSON ต่อท้ายแฟ้มนี้แทนคอนโซล', en: 'append the log as JSON lines to this file instead of the console' },
    expected: { th: 'ที่อยู่ของแฟ้ม', en: 'a file path' },
  }),
  DATABASE_URL: variable({
    schema: z.url({ protocol: /^(postgres|postgresql|socket)$/ }),
    defaultText: 'unset: the embedded database',
    about: { th: 'เซิร์ฟเวอร์ PostgreSQL ที่ใช้แทนฐานข้อมูลในตัว (PGlite)', en: 'the PostgreSQL server to use instead of the embedded database (PGlite)' },
    expected: { th: 'URL แบบ postgres://ผู้ใช้:รหัสผ่าน@เครื่อง:5432/ฐานข้อมูล', en: 'a URL postgres://user:password@host:5432/database' },
  }),
  DATABASE_READ_URL: variable({
    schema: z.url({ protocol: /^(postgres|postgresql|socket)$/ }),
    defaultText: 'unset: `DATABASE_URL`',
    about: {
      th: 'สำเนาอ่านอย่างเดียว (replica) ของ DATABASE_URL สำหรับภาพรวมของหน่วยงานกำกับ (ตามหลังต้นฉบับได้เล็กน้อย)',
      en: 'a read replica of DATABASE_URL for the supervisors’ roll-ups (may lag a little behind the primary)',
    },
    expected: { th: 'URL แบบ postgres://ผู้ใช้:รหัสผ่าน@เครื่อง:5432/ฐานข้อมูล', en: 'a URL postgres://user:password@host:5432/database' },
  }),
  PRONGSAI_DATA: variable({
    schema: z.string(),
    default: './data',
    about: { th: 'โฟลเดอร์ของฐานข้อมูลในตัว สำเนาสำรอง และแฟ้มล็อก', en: 'the folder of the embedded database, its backups and its lock' },
    expected: { th: 'ที่อยู่ของโฟลเดอร์', en: 'a folder path' },
  }),
  PRONGSAI_DB_POOL: variable({
    schema: wholeNumber(1, 1000),
    default: '10',
    about: { th: 'จำนวนการเชื่อมต่อ PostgreSQL สูงสุดของโปรเซสหนึ่ง', en: 'the most PostgreSQL connections one process opens' },
    expected: { th: 'จำนวนเต็ม 1 ถึง 1000', en: 'a whole number from 1 to 1000' },
  }),
  PRONGSAI_TRUST_PROXY: variable({
    schema: trustProxy,
    default: '0',
    about: {
      th: 'พร็อกซีที่เชื่อ X-Forwarded-For ได้: ที่อยู่ของพร็อกซี (หรือจำนวนพร็อกซี) 0: ไม่เชื่อใคร',
      en: 'whose X-Forwarded-For is believed: the proxies’ addresses (or their number); 0: nobody’s',
    },
    expected: {
      th: 'จำนวนพร็อกซีที่อยู่หน้าเซิร์ฟเวอร์ (เช่น 1) หรือที่อยู่ IP/CIDR ของพร็อกซีคั่นด้วยจุลภาค (เช่น 127.0.0.1 หรือ 10.0.0.0/8) ไม่ใช่ true ซึ่งทำให้ใครก็ตั้งที่อยู่ของตนเองได้',
      en: 'the number of proxies in front of the server (e.g. 1) or the proxies’ IP addresses/CIDRs, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8), not true, with which anyone can choose their own address',
    },
  }),
  PRONGSAI_SECURE_COOKIES: variable({
    schema: flag,
    default: '0',
    about: { th: '1: คุกกี้ทุกตัวเป็น Secure (หลังพร็อกซี HTTPS)', en: '1: every cookie is Secure (behind an HTTPS proxy)' },
    expected: FLAG_EXPECTED,
  }),
  PRONGSAI_PUBLIC_URL: variable({
    schema: httpUrl,
    defaultText: 'the request’s address (`http://localhost:PORT` on the console)',
    about: { th: 'ที่อยู่สาธารณะของเว็บ สำหรับลิงก์แบบเต็มของพอร์ทัลและลิงก์ครั้งเดียว', en: 'the public address, for the portal’s absolute links and the one-time links' },
    expected: { th: 'URL แบบ https://ita.example.go.th', en: 'a URL like https://ita.example.go.th' },
  }),
  PRONGSAI_PORTAL_REVALIDATE_MS: variable({
    schema: wholeNumber(0, 86_400_000),
    default: '1000',
    about: { th: 'หน้าพอร์ทัลในแคชเก่าได้นานเท่าใด (มิลลิวินาที) ก่อนตรวจฐานข้อมูลอีกครั้ง', en: 'how long (ms) a cached portal page is served before the database is checked again' },
    expected: { th: 'จำนวนเต็ม 0 ถึง 86400000', en: 'a whole number from 0 to 86400000' },
  }),
  PRONGSAI_EVIDENCE_MAX_MB: variable({
    schema: positiveNumber,
    default: '20',
    about: { th: 'ขนาดแฟ้มหลักฐานที่ใหญ่ที่สุดที่รับ (MB)', en: 'the largest evidence file taken (MB)' },
    expected: { th: 'ตัวเลขที่มากกว่า 0 เช่น 20', en: 'a number above 0, e.g. 20' },
  }),
  PRONGSAI_CHROMIUM: variable({
    schema: z.string(),
    defaultText: 'the system’s Chromium, else the npm one',
    about: { th: 'เบราว์เซอร์ที่ใช้ทำ PDF: ที่อยู่ของโปรแกรม หรือ npm (ตัวที่มากับแพ็กเกจ)', en: 'the browser that prints PDFs: its path, or npm (the one from the package)' },
    expected: { th: 'ที่อยู่ของโปรแกรม หรือ npm', en: 'a program path, or npm' },
  }),
  PRONGSAI_SMTP_URL: variable({
    schema: z.url({ protocol: /^smtps?$/ }),
    defaultText: 'unset: no e-mail is sent',
    about: { th: 'เซิร์ฟเวอร์ SMTP ที่ส่งอีเมลแจ้งเตือน (smtps:// ใช้ TLS)', en: 'the SMTP server that sends the notification e-mails (smtps:// for TLS)' },
    expected: { th: 'URL แบบ smtp://ผู้ใช้:รหัสผ่าน@เครื่อง:587', en: 'a URL smtp://user:password@host:587' },
    secret: true,
  }),
  PRONGSAI_MAIL_FROM: variable({
    schema: z.string().regex(/^[^\r\n]*[^\s@<>]+@[^\s@<>]+[^\r\n]*$/),
    default: 'Prongsai <no-reply@localhost>',
    about: { th: 'ผู้ส่งของอีเมลแจ้งเตือน', en: 'the sender of the notification e-mails' },
    expected: { th: 'ที่อยู่อีเมล เช่น "ITA อบต. <ita@example.go.th>"', en: 'an address, e.g. "ITA <ita@example.go.th>"' },
  }),
  PRONGSAI_OIT_ALLOW_HOSTS: variable({
    schema: hostPorts,
    defaultText: 'unset: every local or private address is refused',
    about: {
      th: 'สำหรับการทดสอบเท่านั้น: host:port ที่การตรวจ OIT ล่วงหน้าเข้าถึงได้แม้เป็นที่อยู่ภายใน (ห้ามตั้งในระบบจริง)',
      en: 'tests only: host:port pairs the OIT pre-audit may fetch although local (never set it in production)',
    },
    expected: { th: 'host:port คั่นด้วยจุลภาค เช่น 127.0.0.1:8080', en: 'host:port pairs separated by commas, e.g. 127.0.0.1:8080' },
  }),
  PRONGSAI_LINE_API_URL: variable({
    schema: httpUrl,
    default: 'https://api.line.me',
    about: { th: 'ที่อยู่ของ LINE Messaging API (ทดสอบ: เซิร์ฟเวอร์ในเครื่อง)', en: 'the LINE Messaging API’s address (tests: a local server)' },
    expected: { th: 'URL แบบ https://api.line.me', en: 'a URL like https://api.line.me' },
  }),
  PRONGSAI_SECRET_KEY: variable({
    schema: z.string().refine((text) => /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, 'base64').length === 32, { error: configMessages.code('wrongForm') }),
    defaultText: 'unset: a key file in `PRONGSAI_DATA` (embedded database only)',
    about: {
      th: 'กุญแจเข้ารหัสความลับที่เก็บในฐานข้อมูล (เช่น โทเค็น LINE) 32 ไบต์แบบ base64',
      en: 'the key that encrypts the secrets kept in the database (LINE tokens), 32 bytes in base64',
    },
    expected: { th: '32 ไบต์แบบ base64 (openssl rand -base64 32)', en: '32 bytes in base64 (openssl rand -base64 32)' },
    secret: true,
  }),
  USER: variable({
    schema: z.string(),
    defaultText: 'set by the system',
    about: { th: 'ชื่อผู้ใช้เครื่องที่สั่งคำสั่ง CLI ซึ่งบันทึกในประวัติการแก้ไข', en: 'the machine user who runs a CLI command, recorded in the audit log' },
    expected: { th: 'ชื่อผู้ใช้', en: 'a user name' },
  }),
  USERNAME: variable({
    schema: z.string(),
    defaultText: 'set by the system',
    about: { th: 'เหมือน USER (Windows)', en: 'as USER (Windows)' },
    expected: { th: 'ชื่อผู้ใช้', en: 'a user name' },
  }),
} as const;

export type VariableName = keyof typeof VARIABLES;

type ValueOf<N extends VariableName> = z.output<(typeof VARIABLES)[N]['schema']> | ((typeof VARIABLES)[N] extends { default: string } ? never : undefined);

/** The parsed settings: a variable without a default is undefined when unset. */
export type Config = { readonly [N in VariableName]: ValueOf<N> };

type Env = Readonly<Record<string, string | undefined>>;

const issueProblem = (issue: z.core.$ZodIssue | undefined): Message => {
  if (!issue) return configMessages.wrongForm();
  const said = issue.code === 'custom' ? (issue.params as { said?: Message } | undefined)?.said : undefined;
  if (said) return said;
  const known = messageOfCode(issue.message);
  if (known) return known;
  if (issue.code === 'too_small') {
    const min = String(issue.minimum);
    return issue.inclusive === false ? configMessages.notAbove({ min }) : configMessages.below({ min });
  }
  if (issue.code === 'too_big') return configMessages.above({ max: String(issue.maximum) });
  if (issue.code === 'invalid_format' && issue.format === 'url') return configMessages.notUrl();
  if (issue.code === 'invalid_value') return configMessages.notAllowed();
  return configMessages.wrongForm();
};

/** The value of one variable, or the problem with it. */
function parseOne(name: VariableName, env: Env): { value: unknown } | { error: InputError } {
  const spec: Variable = VARIABLES[name];
  const raw = env[name];
  const text = raw?.trim() ? raw.trim() : spec.default;
  if (text === undefined) return { value: undefined };
  const result = spec.schema.safeParse(text);
  if (result.success) return { value: result.data };
  const problem = issueProblem(result.error.issues[0]);
  const shown = spec.secret ? '"[redacted]"' : JSON.stringify(raw ?? text);
  return { error: new InputError(name, configMessages.variable({ name, shown, problem, expected: spec.expected })) };
}

/** The given variables' values; every wrong one is reported at once in a {@link ConfigError}. */
export function pickConfig<N extends VariableName>(names: readonly N[], env: Env = process.env): { readonly [K in N]: ValueOf<K> } {
  const values: Record<string, unknown> = {};
  const errors: InputError[] = [];
  for (const name of names) {
    const parsed = parseOne(name, env);
    if ('error' in parsed) errors.push(parsed.error);
    else values[name] = parsed.value;
  }
  if (errors.length > 0) throw new ConfigError(errors);
  return values as { readonly [K in N]: ValueOf<K> };
}

/** Every variable's value (what `prongsai serve` checks before it starts anything). */
export function loadConfig(env: Env = process.env): Config {
  return pickConfig(Object.keys(VARIABLES) as VariableName[], env);
}

/** One variable's value. */
export function configValue<N extends VariableName>(name: N, env: Env = process.env): ValueOf<N> {
  return pickConfig([name], env)[name];
}

/** The log level: LOG_LEVEL, else info when the log goes to a file, else warn (requests are not logged). */
export function logLevelOf(config: Pick<Config, 'LOG_LEVEL' | 'PRONGSAI_LOG_FILE'>): (typeof LOG_LEVELS)[number] {
  return config.LOG_LEVEL ?? (config.PRONGSAI_LOG_FILE ? 'info' : 'warn');
}

/** The README's table of variables, in English like the README (test/config.test.ts checks that it holds exactly this). */
export function variablesTable(): string {
  const rows = (Object.keys(VARIABLES) as VariableName[]).map((name) => {
    const spec: Variable = VARIABLES[name];
    const shown = spec.defaultText ?? (spec.default === undefined ? 'unset' : `\`${spec.default}\``);
    return `| \`${name}\` | ${shown} | ${spec.about.en} |`;
  });
  return ['| Variable | Default | What it does |', '| --- | --- | --- |', ...rows].join('\n');
}
