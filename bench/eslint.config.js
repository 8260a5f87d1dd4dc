// Lint settings for the bench (plain Node.js ESM with JSDoc). ESLint 10 picks the config
// nearest to each file, so the repository's `eslint .` uses this one for bench/.
import js from '@eslint/js';

const NODE_GLOBALS = Object.fromEntries(
  ['process', 'Buffer', 'console', 'URL', 'fetch', 'performance', 'setTimeout', 'clearTimeout', 'setImmediate', 'TextDecoder', 'structuredClone'].map((name) => [name, 'readonly']),
);

export default [
  { ignores: ['node_modules/**', 'profiles/**'] },
  js.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: NODE_GLOBALS },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
];
