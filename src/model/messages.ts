/**
 * The model's messages (src/messages.ts): what the schemas of src/model/year.ts say of a value they refuse. A
 * schema names a fixed text by its code (`{ error: modelMessages.code('isoDate') }`); a text with parameters (the
 * control character found) travels whole in its issue's `params.said` (see messageOfIssue).
 */
import type { z } from 'zod';
import { controlCharText } from '../errors.ts';
import { catalogue, messageOfCode, type Message } from '../messages.ts';

const th = {
  controlChar: (p: { char: string }) => controlCharText(p.char).th,
  isoDate: 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD',
  oneLine: 'หนึ่งรายการต้องอยู่ในบรรทัดเดียว แยกเป็นหลายรายการแทนการขึ้นบรรทัดใหม่',
  slug: 'slug: a-z, 0-9 และ - เท่านั้น',
};

const en: typeof th = {
  controlChar: (p) => controlCharText(p.char).en,
  isoDate: 'a date must be YYYY-MM-DD',
  oneLine: 'one item is one line: make several items instead of a line break',
  slug: 'a-z, 0-9 and - only',
};

export const modelMessages = catalogue('model', th, en);

function isMessage(value: unknown): value is Message {
  if (value === null || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  return typeof m.code === 'string' && typeof m.th === 'string' && typeof m.en === 'string' && typeof m.params === 'object';
}

/**
 * The message a schema gave an issue, if it gave one: a fixed text named by its code (the issue's message), or a
 * whole message carried in a custom issue's `params.said`. Undefined for zod's own complaints.
 */
export function messageOfIssue(issue: z.core.$ZodIssue): Message | undefined {
  if (issue.code === 'custom' && isMessage(issue.params?.said)) return issue.params.said;
  return messageOfCode(issue.message);
}
