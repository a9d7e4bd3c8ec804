import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own simulators and gateway on port 0; files can run side by side.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
