import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The pipeline and taxonomy run in workers, the CLI and tests: they must never pull in the editor API.
    files: ['src/pipeline/**/*.ts', 'src/taxonomy/**/*.ts', 'src/cli/**/*.ts', 'src/suggest/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'No vscode import under src/pipeline, src/taxonomy, src/suggest or src/cli.' }] }] },
  },
  {
    // A test fixture extension loaded by VS Code as plain CommonJS.
    files: ['test/fixtures/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
