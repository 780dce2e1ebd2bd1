/**
 * docs/criteria-pack.schema.json, the published JSON Schema of a criteria pack, is generated from the zod schema
 * (src/ita/pack.ts): `npm run criteria:schema` runs this file, which rewrites it; test/criteria-packs.test.ts checks
 * that the committed file is what this generates.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packJsonSchema } from './pack.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../docs/criteria-pack.schema.json', import.meta.url));

/** The file's text: the JSON Schema, 2-space indented, with a final newline. */
export function schemaFileText(): string {
  return `${JSON.stringify(packJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, schemaFileText());
  process.stdout.write(`${SCHEMA_FILE}\n`);
}
