// Lint: typescript-eslint's recommended rules plus the design of DESIGN.md §2, enforced instead of hoped
// for (test/lint-probe.test.ts proves each guard can fail):
//   - dependency direction (eslint-plugin-boundaries, `→` = may import):
//       shared → nothing · contracts → shared · dsl, expr → shared · ports → shared, contracts
//       engine/core → dsl, expr, shared, contracts · engine/runtime → engine/core, ports, shared, contracts
//       platform → engine, ports, libraries · adapters → ports, platform, libraries
//       gateway → platform, contracts, shared · cli → everything · studio → contracts, shared
//   - across modules only through the module's index.ts (boundaries/entry-point);
//   - no import cycles (import-x/no-cycle; type-only imports do not count);
//   - the pure rooms (engine/core, dsl, expr, shared, contracts) use no Node built-ins and no clock,
//     randomness, timers or process: time, ids and results arrive as inputs (DESIGN.md §3).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

const adapters = ['store', 'functions', 'events', 'security', 'telemetry'];
const modules = ['shared', 'contracts', 'dsl', 'expr', 'ports', 'core', 'runtime', 'engine', 'platform', ...adapters, 'gateway', 'cli'];
const libraries = ['shared', 'contracts', 'dsl', 'expr'];

const allow = {
  shared: [],
  contracts: ['shared'],
  dsl: ['shared'],
  expr: ['shared'],
  ports: ['shared', 'contracts'],
  core: libraries,
  runtime: ['shared', 'contracts', 'core', 'ports'],
  engine: ['core', 'runtime'],
  platform: [...libraries, 'engine', 'runtime', 'ports'],
  gateway: ['platform', 'contracts', 'shared'],
  cli: [...modules, 'studio'],
  studio: ['contracts', 'shared'],
  ...Object.fromEntries(adapters.map((a) => [a, [...libraries, 'ports', 'platform']])),
};
const paths = { core: 'src/engine/core', runtime: 'src/engine/runtime', engine: 'src/engine/index.ts' };
const everyElement = [...modules, 'studio'];

/** The element-types rule for a map of allowed dependencies. */
const direction = (allowed) => [
  'error',
  {
    default: 'disallow',
    message: '${file.type} must not import ${dependency.type} (DESIGN.md §2 dependency direction)',
    rules: everyElement.map((m) => ({ from: m, allow: [m, ...allowed[m]] })),
  },
];

/** The entry-point rule: another module is reached through its index.ts only (its surface). */
const entryPoint = (extra = []) => [
  'error',
  {
    default: 'disallow',
    message: 'import ${dependency.type} through its index.ts, not ${dependency.internalPath} (DESIGN.md §2: a module\'s index.ts is its surface)',
    rules: [{ target: everyElement, allow: ['index.ts', 'index.tsx'] }, ...extra],
  },
];

// The pure rooms: no Node built-ins (bare or `node:`), no clock, randomness, timers, process or I/O.
const pureRooms = ['src/engine/core/**/*.ts', 'src/dsl/**/*.ts', 'src/expr/**/*.ts', 'src/shared/**/*.ts', 'src/contracts/**/*.ts'];
const impure = (what) => `${what}: the pure rooms take time, ids and I/O as inputs (DESIGN.md §2, §3)`;
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const restrictedGlobals = [
  'process', 'Buffer', 'require', '__dirname', '__filename', 'global',
  'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
  'queueMicrotask', 'performance', 'crypto', 'fetch',
].map((name) => ({ name, message: impure(`${name} is a host facility`) }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'studio/dist/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The studio runs in the browser (its vite config and the model's test fixtures run in Node).
    files: ['studio/**/*.ts', 'studio/**/*.tsx'],
    ignores: ['studio/vite.config.ts', 'studio/src/**/*.test.ts', 'studio/src/model/test-fixtures.ts'],
    languageOptions: { globals: { ...globals.browser }, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  {
    files: ['src/**/*.ts', 'studio/**/*.ts', 'studio/**/*.tsx'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { alwaysTryTypes: true }, node: true },
      'boundaries/include': ['src/**/*', 'studio/**/*'],
      'boundaries/elements': [
        ...modules.map((m) => ({ type: m, pattern: paths[m] ?? `src/${m}`, mode: m === 'engine' ? 'file' : 'folder' })),
        { type: 'studio', pattern: 'studio', mode: 'folder' },
      ],
    },
    rules: {
      'boundaries/element-types': direction(allow),
      'boundaries/entry-point': entryPoint(),
    },
  },
  {
    // The engine is one module in three elements: core, runtime and its surface (src/engine/index.ts)
    // reach each other's files directly; everyone else goes through src/engine/index.ts.
    files: ['src/engine/**/*.ts'],
    rules: { 'boundaries/entry-point': entryPoint([{ target: ['core', 'runtime'], allow: '**' }]) },
  },
  {
    // No import cycles among our sources. Type-only imports are erased and do not count.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: pureRooms,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: impure(`${name} is a Node built-in`) })),
          patterns: [{ group: ['node:*'], message: impure('Node built-ins are host facilities') }],
        },
      ],
      'no-restricted-globals': ['error', ...restrictedGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: impure('Date.now reads the clock') },
        { object: 'Math', property: 'random', message: impure('Math.random is randomness') },
        { object: 'globalThis', message: impure('globalThis reaches host facilities') },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: impure('new Date() reads the clock') },
        { selector: "CallExpression[callee.name='Date']", message: impure('Date() reads the clock') },
        { selector: 'ImportExpression', message: impure('a dynamic import loads code at run time') },
      ],
    },
  },
  {
    // Unit tests of adapters may use the real in-memory or SQLite stores as fixtures (better than a
    // hand-written fake of a port that has its own contract suite); production code still may not.
    // Unit tests may reach into other modules' internals (they test them).
    files: ['src/**/*.test.ts'],
    rules: {
      'boundaries/element-types': direction(Object.fromEntries(Object.entries(allow).map(([m, a]) => [m, adapters.includes(m) ? [...a, 'store'] : a]))),
      'boundaries/entry-point': 'off',
    },
  },
);
