import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql@16 ships both .mjs and .js without an exports map: without this alias Vite
  // loads the .mjs copy while Pothos and Yoga load the .js one ("another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 20_000 },
});
