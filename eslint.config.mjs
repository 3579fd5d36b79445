// ESLint (flat config): typescript-eslint's recommended rules everywhere, the type-aware rules that catch real bugs
// (a promise nobody awaits or catches, a promise where a boolean or a callback's void is expected), and the Lit and
// custom-element rules on the elements. Formatting is Prettier's (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'coverage/',
      'test-results/',
      '.wtr-*/',
      // The consumer apps are built against the packed package by their own suites, with their own tool chains.
      'test/consumers/',
      'examples/nextjs/.next/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (a parameter kept for its position).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Assertions that a value is present: write the check (noUncheckedIndexedAccess is on).
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Global augmentations (JSX, svelteHTML) are namespaces and interfaces that only extend: that is how they merge.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Header, cookie and token checks match control characters on purpose.
      'no-control-regex': 'off',
      // A variable a closure reads before its one assignment (a server's handler set once it listens) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      // A missing item fails the test either way; the library's own code writes the check.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read arbitrary JSON answers and reach into them.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Type-aware rules, on the files the root tsconfig.json checks.
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'demo/**/*.ts'],
    ignores: ['demo/*/src/**', 'demo/shared/demo-app.ts', 'demo/*/vite.config.ts', 'test/types/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            // node:test's suites and tests report through the runner; their promises are not the caller's to await.
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
            // @open-wc's chai plugin types every `equal` as a promise (for its snapshot variants); the assertions are sync.
            { from: 'package', package: '@open-wc/semantic-dom-diff', name: 'Equal' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // An abort rejects with the signal's reason, as fetch does; anything else rejects with an Error.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  {
    files: ['src/elements/**/*.ts', 'test/elements/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
  },
);
