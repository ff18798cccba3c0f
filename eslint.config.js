import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layer rules: shared imports nothing from the other packages, nor Phaser, Colyseus core, Node or the DOM. */
const sharedRestrictions = {
  patterns: [
    {
      group: ['@orb-arena/*', '../../game-*/**', '../../loadtest/**'],
      message: 'shared/ must not depend on other packages.',
    },
    {
      group: ['phaser', '@colyseus/core', '@colyseus/sdk', 'node:*'],
      message: 'shared/ stays pure: no engine, server, SDK or Node imports.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test-results/**', '.device-kit/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'max-params': ['error', 3],
      'no-console': 'error',
    },
  },
  { files: ['shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', sharedRestrictions] } },
  {
    files: ['loadtest/**/*.ts', '**/*.test.ts', '**/e2e/**/*.ts', '*.config.*', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
