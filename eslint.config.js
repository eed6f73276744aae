// Lint: typescript-eslint's recommended rules plus the dependency direction of DESIGN.md §2,
// enforced by eslint-plugin-boundaries (`→` = may import):
//   dsl, expr → nothing of ours · engine → dsl, expr · adapters → engine, dsl (and expr)
//   gateway → engine, security, telemetry · cli → everything · studio → nothing of src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

const modules = ['dsl', 'expr', 'engine', 'store', 'functions', 'events', 'gateway', 'security', 'telemetry', 'cli'];
const adapters = ['store', 'functions', 'events', 'security', 'telemetry'];

const allow = {
  dsl: [],
  expr: [],
  engine: ['dsl', 'expr'],
  gateway: ['engine', 'security', 'telemetry', 'dsl', 'expr'],
  cli: [...modules, 'studio'],
  ...Object.fromEntries(adapters.map((a) => [a, ['engine', 'dsl', 'expr']])),
};

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
        ...modules.map((m) => ({ type: m, pattern: `src/${m}`, mode: 'folder' })),
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
            { from: 'studio', allow: ['studio'] },
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
          rules: [...modules.map((m) => ({ from: m, allow: [m, ...allow[m], ...(adapters.includes(m) ? ['store'] : [])] })), { from: 'studio', allow: ['studio'] }],
        },
      ],
    },
  },
);
