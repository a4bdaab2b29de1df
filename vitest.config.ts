import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** The three tiers: `npm run test:unit` runs in seconds; `npm test` runs all of them. */
const tier = (name: 'unit' | 'integration' | 'e2e') => ({
  extends: true as const,
  // End-to-end tests start Node processes (tsx compiles on start): slow on a loaded machine, not wrong.
  test: { name, include: [`test/${name}/**/*.test.ts`], ...(name === 'e2e' ? { testTimeout: 60_000 } : {}) },
});

export default defineConfig({
  // graphql@16 ships both .mjs and .js without an exports map: without this alias Vite
  // loads the .mjs copy while Pothos and Yoga load the .js one ("another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    projects: [tier('unit'), tier('integration'), tier('e2e')],
  },
});
