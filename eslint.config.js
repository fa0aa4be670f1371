// Lint for the source, tests, scripts and demo: ESLint's and typescript-eslint's recommended rules, and the
// import rules between the folders of src/ (scripts/import-rules.mjs, drawn in docs/architecture.md).
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { filesOf, restrictedImports, ROOMS } from './scripts/import-rules.mjs';

export default defineConfig(
  {
    // Generated or installed output; the bundle is checked by rebuilding it, not by lint.
    ignores: ['dist/', 'node_modules/', '.tools/', 'coverage/', 'demo-output/', '.codex-cto/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: globals.node,
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    // require() is how a CommonJS file imports.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The entry points hand the process's inputs and outputs down (env, argv, cwd, streams, exit code,
    // signals); nothing deeper reads them, so every module can be run and tested with its own.
    files: ['src/**'],
    ignores: ['src/entrypoints/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['env', 'argv', 'cwd', 'stdin', 'stdout', 'stderr', 'exitCode', 'exit', 'pid', 'on', 'once', 'removeListener'].map((property) => ({
          object: 'process',
          property,
          message: 'Only src/entrypoints/ reads the process; take what is needed as a parameter.',
        })),
      ],
    },
  },
  // One entry per room: each file of src/ is in exactly one, so no entry overrides another.
  ...Object.keys(ROOMS).map((room) => ({
    files: filesOf(room),
    rules: { 'no-restricted-imports': ['error', restrictedImports(room)] },
  })),
  {
    // An ignored event must not load the flows (the API client, the engine, the agents): the main step
    // reaches them only through its one dynamic import, so the bundler keeps them in a chunk of their own.
    files: ['src/action/main-step.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['./flows/*', '@actions/*', '@octokit/*'], allowTypeImports: true, message: 'Load the flows with the dynamic import, so an ignored event stays small.' }],
        },
      ],
    },
  },
  {
    files: ['test/**'],
    // Tests probe captured JSON request bodies and agent output whose shape the test itself asserts.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
