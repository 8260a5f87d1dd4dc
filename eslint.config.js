import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // bench/ is its own package with its own dependencies and lint config.
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench/**', '**/test/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      // core is framework-free and configured only through its options
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'core must not read the environment' }],
      'no-restricted-imports': ['error', { paths: ['express', 'fastify', 'ioredis'] }],
    },
  },
);
