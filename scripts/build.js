#!/usr/bin/env node
// Compiles src/ to dist/ (what `npm ci` runs as `prepare`, and `npm run build`), so that bin/prongsai.js starts
// without compiling anything. One output file per source file, at the same relative path: the sources' own
// `new URL('./migrations/', import.meta.url)` and the like still find what sits beside them, and every file that
// is not TypeScript (migrations, criteria packs, style sheets) is copied beside the compiled code. Relative
// imports keep pointing at single files (`./x.ts` becomes `./x.js`).
//
// Packages stay imports of node_modules, but for zod: made of ~95 small modules, it is bundled into one
// (dist/vendor/zod.js), which halves the time it takes to load (every command reads the criteria, which zod checks).
// No other package uses zod, so no schema crosses between two copies of it.
//
// Last, dist/build-stamp.json records every source file and folder with the modification time it had when the build
// began: bin/prongsai.js uses dist/ only while they all still have it (scripts/dist.js), so that a source edited
// during the build counts as edited after it.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { STAMP } from './dist.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');

const isCode = (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file);

/** Every entry under `dir` (files and folders), as paths relative to it, sorted. */
function entriesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => ({ path: relative(dir, join(e.parentPath ?? e.path, e.name)), file: e.isFile() }));
}

const VENDOR_ZOD = join(DIST, 'vendor', 'zod.js');

/** `to` as a relative import from the compiled file of the source `importer`. */
function importPath(importer, to) {
  const path = relative(dirname(join(DIST, relative(SRC, importer))), to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** Relative imports stay separate files, renamed to what the build writes; zod is the bundled copy; packages stay external. */
const keepRelativeImports = {
  name: 'keep-relative-imports',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.tsx?$/, '.js'), external: true }));
    b.onResolve({ filter: /^zod$/ }, (args) => ({ path: importPath(args.importer, VENDOR_ZOD), external: true }));
  },
};

const started = Date.now();
const entries = entriesUnder(SRC);
const files = entries.filter((e) => e.file).map((e) => e.path).sort();
// A folder's time changes when a file is added to it or removed ('.' is src/ itself).
const sources = Object.fromEntries(['.', ...entries.map((e) => e.path)].sort().map((p) => [p, statSync(join(SRC, p)).mtimeMs]));
// The stamp goes first and comes back last: while dist/ is being rebuilt, and after a build that failed half-way,
// the command uses tsx.
rmSync(join(DIST, STAMP), { force: true });
rmSync(DIST, { recursive: true, force: true });
const node = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' };
await build({
  ...node,
  entryPoints: files.filter(isCode).map((f) => join(SRC, f)),
  outbase: SRC,
  outdir: DIST,
  packages: 'external',
  plugins: [keepRelativeImports],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: 'linked',
});
await build({ ...node, stdin: { contents: "export * from 'zod';", resolveDir: ROOT, sourcefile: 'zod.js' }, outfile: VENDOR_ZOD });
for (const f of files.filter((f) => !/\.tsx?$/.test(f))) {
  mkdirSync(dirname(join(DIST, f)), { recursive: true });
  copyFileSync(join(SRC, f), join(DIST, f));
}
writeFileSync(join(DIST, STAMP), `${JSON.stringify({ sources })}\n`);
console.log(`prongsai: src/ → dist/ (${files.length} files, ${Date.now() - started} ms)`);
