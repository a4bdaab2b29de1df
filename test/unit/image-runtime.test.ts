import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageRuntime } from '../support/image-runtime.js';

const dockerfile = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'dockerfile-')), 'Dockerfile');
  writeFileSync(path, text);
  return path;
};

describe('the image runtime, read from the Dockerfile', () => {
  it("reads the flags, script and NODE_OPTIONS of the runtime stage, not the build stage's or a HEALTHCHECK's CMD", () => {
    const path = dockerfile(
      'FROM a AS build\nCMD ["node", "build.js"]\nFROM b\nENV NODE_OPTIONS=--max-old-space-size=256 \\\n    PORT=1\n' +
        'CMD ["node", "--flag-a", "--flag-b", "dist/serve.js"]\nHEALTHCHECK --interval=30s \\\n  CMD ["node", "-e", "probe()"]\n',
    );
    expect(imageRuntime(path)).toEqual({
      nodeFlags: ['--flag-a', '--flag-b'],
      script: 'dist/serve.js',
      nodeOptions: '--max-old-space-size=256',
    });
  });

  it('refuses a CMD that is not node', () => {
    expect(() => imageRuntime(dockerfile('ENV NODE_OPTIONS=--x\nCMD ["npm", "start"]\n'))).toThrow(/not "node/);
  });

  it('npm start runs the service as the image does', () => {
    const image = imageRuntime();
    const start = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts.start;
    expect(image.nodeFlags).toContain('--no-allocation-site-pretenuring');
    expect(start).toContain(`node ${[...image.nodeFlags, image.script].join(' ')}`);
  });
});
