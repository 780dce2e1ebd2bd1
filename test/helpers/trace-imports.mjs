// `node --import ./test/helpers/trace-imports.mjs …` appends the URL of every module the ES module loader loads
// (the program's own files and the packages they import) to the file named by TRACE_IMPORTS_FILE, one a line.
// test/cli-start.test.ts uses it to check which packages a command loads. In the loader's hooks thread this same
// file is the hooks module (register() below loads it there).
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let file;

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, nextLoad) {
  if (file) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}

if (isMainThread && process.env.TRACE_IMPORTS_FILE) register(import.meta.url, { data: { file: process.env.TRACE_IMPORTS_FILE } });
