import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so `npm test` never depends on a stale build.
    alias: {
      '@entra-guard/core': src('core'),
      '@entra-guard/test-support': src('test-support'),
      '@entra-guard/express': src('express'),
      '@entra-guard/fastify': src('fastify'),
      // The subpath first: aliases match by prefix, in this order.
      '@entra-guard/emulator/certificates': fileURLToPath(new URL('./packages/emulator/src/keys/certificates.ts', import.meta.url)),
      '@entra-guard/emulator': src('emulator'),
      '@entra-guard/redis': src('redis'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Type-level tests (*.test-d.ts) are compiled, not run: expectTypeOf and @ts-expect-error.
    typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts', 'packages/*/test/**/*.test-d.ts'], tsconfig: './tsconfig.typecheck.json' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
