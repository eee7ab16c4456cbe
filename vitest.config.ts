import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // The tokenizer parity suites build both tokenizers over the DL19 corpus in beforeAll: ~3 s alone, over 10 s on a loaded 2-core machine.
    hookTimeout: 60_000,
  },
});
