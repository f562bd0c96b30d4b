import { defineConfig } from 'vitest/config';

// Tests replay fixtures through the real pipeline; none touches the network. Browser tests drive Debian's
// Chromium (installed by .ci/run). Slow-by-nature suites (load, kill -9) use their own timeouts.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { TZ: 'UTC' },
  },
});
