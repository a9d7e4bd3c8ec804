import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry for the libraries; Vite would pick its .mjs build for
    // our own imports, and graphql refuses types from two module instances.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own simulators and gateway on port 0; files can run side by side.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
