import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (markdown: string) =>
  new Set(
    markdown
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchor(line.replace(/^#+ /, ''))),
  );

/** Markdown links and images outside code: `[text](target)`. */
const linksOf = (markdown: string) =>
  [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] as string);

describe('README', () => {
  it('is a page a newcomer reads in five minutes (at most 250 lines)', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(250);
  });

  it('lists every error code of src/errors.ts in its error-code table', () => {
    const readme = read('README.md');
    const missing = Object.keys(ERROR_CODES).filter((code) => !readme.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it('starts with quick-start lines that each install first, so either works alone on a fresh clone', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/npm ci && npm start/);
    expect(readme).toMatch(/npm ci && npm test/);
  });
});

describe.each(PAGES)('%s', (page) => {
  const markdown = read(page);

  it('links only inside the repository, to files and headings that exist', () => {
    const broken: string[] = [];
    for (const link of linksOf(markdown)) {
      if (/^(https?:|mailto:)/.test(link)) continue;
      const [path = '', hash] = link.split('#');
      const target = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), path);
      if (relative(ROOT, target).startsWith('..')) broken.push(`${link} (outside the repository)`);
      else if (!existsSync(target)) broken.push(`${link} (no such file)`);
      else if (hash !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(hash)) {
        broken.push(`${link} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('names only repository files that exist', () => {
    const named = [...markdown.matchAll(/`((?:src|test|bench|examples|docs)\/[\w./-]+\.(?:ts|md|json|graphql|cjs|png))`/g)];
    expect(named.map((m) => m[1] as string).filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('names no file outside the repository', () => {
    expect(markdown).not.toMatch(/\.\.\/shared|shared\/(reference|seeds)|\/work\//);
  });
});
