import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIGURATION_DOC, configurationMarkdown } from '../../src/config/configuration-doc.js';
import { VARIABLES } from '../../src/config/variables.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Variable names read in a source text: through the table reader, or from an environment object directly. */
function namesRead(text: string): string[] {
  const patterns = [
    /\br\.(?:get|isSet|raw)\('([A-Z][A-Z0-9_]*)'\)/g,
    /\benv\??\.([A-Z][A-Z0-9_]*)\b/g,
    /\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!));
}

describe('docs/configuration.md', () => {
  const doc = readFileSync(CONFIGURATION_DOC, 'utf8');

  it('is what `npm run docs:config` generates from the variables table', () => {
    expect(doc, 'docs/configuration.md is stale: run `npm run docs:config`').toBe(configurationMarkdown());
  });

  it('lists every variable of the table, each with a default and a meaning', () => {
    for (const [name, variable] of Object.entries(VARIABLES)) {
      expect(doc, name).toContain(`| \`${name}\` |`);
      expect(variable.default, name).not.toBe('');
      expect(variable.description, name).not.toBe('');
    }
  });

  it('lists every variable src/ reads, and only src/config.ts and the entry points touch the environment', () => {
    const files = sources(SRC);
    const read = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const name of namesRead(text)) read.add(name);
      const path = relative(SRC, file);
      if (/process\.env\b/.test(text)) expect(path, 'reads process.env outside src/cli/').toMatch(/^cli\//);
      if (/process\.env\.[A-Z]/.test(text))
        expect.fail(`${path} reads a variable from process.env directly: add it to the table`);
    }
    // The scan sees what config.ts reads: every variable of the table, and nothing else.
    expect([...read].sort()).toEqual(Object.keys(VARIABLES).sort());
    for (const name of read) expect(doc, name).toContain(`| \`${name}\` |`);
  });
});
