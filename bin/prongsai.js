#!/usr/bin/env node
// The `prongsai` command: runs the TypeScript sources through tsx, so it works right after `npm ci`. The
// repository's tsconfig is named explicitly: tsx would otherwise look for one in the current folder, and the
// pages and documents (TSX for preact) would not compile when the command runs from elsewhere.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
