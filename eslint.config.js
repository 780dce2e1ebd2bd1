// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
    },
  },
  {
    // Type-aware checks (issue 17): a promise nobody awaits or hands on, a promise where a callback's result is
    // ignored, and a switch over a union that forgets a member (a `default:` counts as handling the rest).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  ...dependencyRule(),
  {
    // In tests a value that is unexpectedly missing fails the test anyway; `!` keeps the assertions readable.
    files: ['test/**/*.ts', 'src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

/**
 * The dependency rule (docs/architecture.md): the core imports only the core; the platform imports the core and
 * itself, never a capability; a capability never imports another capability's repo.ts; the composition roots
 * (server, staff and API indexes, CLI) may import anything but a repo.ts. Imports are relative, so each ring's
 * forbidden targets are written as the paths its files would use.
 */
function dependencyRule() {
  const capabilities = 'accounts|organisations|criteria|years|measures|approvals|documents|portal|complaints|audit|inbox|demo|supervision|advice|surveys|notifications|jobs|preaudit';
  const platform = 'app|web|db|cli';
  const otherRepo = { regex: '^\\.\\./(\\.\\./)*[a-z-]+/repo(-[a-z-]+)?\\.ts$', message: "a capability's tables are its own: call its use cases, not its repo.ts (docs/architecture.md)" };
  const rule = (files, patterns, ignores = []) => ({ files, ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } });
  const up = (what, message) => ({ regex: `^(\\.\\./)+(${what})(/|\\.ts$)`, message });
  return [
    rule(
      ['src/{ita,scoring,analysis,thai,csv,model,io}/**', 'src/messages.ts', 'src/errors.ts'],
      [up(`${capabilities}|${platform}|config`, 'the core imports only the core (docs/architecture.md)'), { regex: `^\\./(${capabilities}|${platform})/`, message: 'the core imports only the core (docs/architecture.md)' }],
    ),
    rule(['src/documents/core/**'], [
      { regex: '^\\.\\./[^.]', message: 'the document core does not import the documents capability (docs/architecture.md)' },
      up(`${capabilities}|${platform}`, 'the document core imports only the core and src/config.ts (docs/architecture.md)'),
    ]),
    rule(
      ['src/{app,db,web}/**', 'src/config.ts'],
      [{ regex: `^(\\.\\./)+(${capabilities})/(?!core/)`, message: 'the platform never imports a capability (docs/architecture.md)' }],
      ['src/web/server.ts', 'src/web/staff/index.tsx', 'src/web/api/index.ts'],
    ),
    rule([`src/{${capabilities.split('|').join(',')}}/**`, 'src/cli/**', 'src/web/server.ts', 'src/web/staff/index.tsx', 'src/web/api/index.ts'], [otherRepo], ['src/documents/core/**']),
    {
      // SQL lives in a repo.ts, and the rows it reads are checked there (src/db/rows.ts), not cast.
      files: ['src/**'],
      ignores: ['src/db/**', 'src/**/repo.ts', 'src/**/repo-*.ts', 'src/app/actor.ts', 'src/web/server.ts'],
      rules: {
        'no-restricted-syntax': [
          'error',
          { selector: "CallExpression[callee.property.name='query']", message: "SQL lives in the capability's repo.ts (docs/architecture.md)" },
        ],
      },
    },
    {
      files: ['src/db/**', 'src/**/repo.ts', 'src/**/repo-*.ts', 'src/app/actor.ts', 'src/web/server.ts'],
      ignores: ['src/db/connection.ts', 'src/db/rows.ts'],
      rules: {
        'no-restricted-syntax': [
          'error',
          { selector: "CallExpression[callee.property.name='query'][typeArguments]", message: 'check rows with rows()/oneRow() and a strict shape (src/db/rows.ts) instead of a type argument' },
        ],
      },
    },
  ];
}
