// Lint: typescript-eslint's recommended rules plus the dependency direction of DESIGN.md §2,
// enforced by eslint-plugin-boundaries (`→` = may import):
//   dsl, expr → nothing of ours · engine → dsl, expr · adapters → engine, dsl (and expr)
//   gateway → engine, security, telemetry · cli → everything · studio → contracts only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
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
  runtime: [...libraries, 'core', 'ports'],
  engine: ['core', 'runtime'],
  platform: [...libraries, 'engine', 'runtime', 'ports'],
  gateway: ['platform', 'contracts', 'shared', 'ports', 'security', 'telemetry', 'dsl', 'expr', 'engine'],
  cli: [...modules, 'studio'],
  ...Object.fromEntries(adapters.map((a) => [a, [...libraries, 'ports', 'platform', 'engine']])),
};
const paths = { core: 'src/engine/core', runtime: 'src/engine/runtime', engine: 'src/engine/index.ts' };

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
      'boundaries/element-types': [
        'error',
        {
          default: 'disallow',
          message: '${file.type} must not import ${dependency.type} (DESIGN.md §2 dependency direction)',
          rules: [
            ...modules.map((m) => ({ from: m, allow: [m, ...allow[m]] })),
            { from: 'studio', allow: ['studio', 'contracts'] },
          ],
        },
      ],
    },
  },
  {
    // Unit tests of adapters may use the real in-memory or SQLite stores as fixtures (better than a
    // hand-written fake of a port that has its own contract suite); production code still may not.
    files: ['src/**/*.test.ts'],
    rules: {
      'boundaries/element-types': [
        'error',
        {
          default: 'disallow',
          message: '${file.type} must not import ${dependency.type} (DESIGN.md §2 dependency direction)',
          rules: [...modules.map((m) => ({ from: m, allow: [m, ...allow[m], ...(adapters.includes(m) ? ['store'] : [])] })), { from: 'studio', allow: ['studio', 'contracts'] }],
        },
      ],
    },
  },
);
