#!/usr/bin/env node
// The `prongsai` command. It runs the JavaScript that `npm ci` compiled into dist/ (the `prepare` script:
// scripts/build.js) while dist/ is up to date with src/ (scripts/dist.js), and otherwise the TypeScript sources
// through tsx, so that it works right after `npm ci` and a developer editing src/ never runs stale code.
//
// With tsx, the repository's tsconfig is named explicitly: tsx would otherwise look for one in the current folder,
// and the pages and documents (TSX for preact) would not compile when the command runs from elsewhere.
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { distIsFresh } from '../scripts/dist.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

let main;
if (distIsFresh(ROOT)) {
  // Node.js 22.1 and newer keep the compiled bytecode between runs (in the system's temporary folder).
  module.enableCompileCache?.();
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: `${ROOT}tsconfig.json` });
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
