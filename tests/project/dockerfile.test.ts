// Policy checks on the Dockerfile, since no Docker engine runs here: the properties the image promises are read
// from the parsed file (dockerfile-ast), so a change that breaks one fails this test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';

const text = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const df = DockerfileParser.parse(text);
const instr = df.getInstructions();
const froms = df.getFROMs();
const lastStageStart = froms.at(-1)!.getRange().start.line;
const finalStage = instr.filter((i) => i.getRange().start.line >= lastStageStart);
const lines = text.split('\n');
const ignoreRules = readFileSync(new URL('../../.dockerignore', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
/** .dockerignore's answer for a context path: the last matching rule wins, `!` re-includes (the `*` and `**`
 *  forms this repo uses; a rule naming a directory covers what is under it). */
function ignored(path: string): boolean {
  let out = false;
  for (const rule of ignoreRules) {
    const neg = rule.startsWith('!');
    const pat = (neg ? rule.slice(1) : rule).replace(/\/$/, '');
    const re = new RegExp(
      `^${pat
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*')}(/.*)?$`,
    );
    if (re.test(path)) out = !neg;
  }
  return out;
}
/** The whole instruction text (flags included) of every `k` instruction in `stage`. */
const args = (k: string, stage = instr) =>
  stage
    .filter((i) => i.getKeyword() === k)
    .map((i) => {
      const r = i.getRange();
      return lines
        .slice(r.start.line, r.end.line + 1)
        .join(' ')
        .replace(/^\s*\w+\s+/, '')
        .replace(/\\\s+/g, ' ');
    });

describe('Dockerfile policy', () => {
  it.each([
    ['is multi-stage', () => expect(froms.length).toBeGreaterThanOrEqual(2)],
    [
      'every base is a supported Node LTS slim image, pinned (no :latest)',
      () => {
        for (const f of froms) expect(f.getImageName() + ':' + f.getImageTag()).toMatch(/^node:(20|22|24)(\.\d+)*-[a-z]+-slim$/);
      },
    ],
    [
      'every stage is Node 24 LTS, the tested runtime',
      () => {
        for (const f of froms) expect(f.getImageName() + ':' + f.getImageTag()).toMatch(/^node:24(\.\d+)*-bookworm-slim$/);
      },
    ],
    ['final stage runs as the non-root node user', () => expect(args('USER', finalStage).at(-1)).toBe('node')],
    ['installs with npm ci from the lockfile', () => expect(args('RUN').some((r) => /\bnpm ci\b/.test(r))).toBe(true)],
    ['ships production dependencies only', () => expect(args('RUN').some((r) => /npm prune --omit=dev/.test(r))).toBe(true)],
    [
      'final stage copies node_modules from the build stage, not a fresh install',
      () => {
        expect(args('COPY', finalStage).some((c) => /--from=build .*node_modules/.test(c))).toBe(true);
        expect(args('RUN', finalStage).every((r) => !/npm (ci|install)/.test(r))).toBe(true);
      },
    ],
    ['out/ is a volume', () => expect(args('VOLUME', finalStage).join(' ')).toContain('/app/out')],
    [
      'ENTRYPOINT and CMD are exec form and CMD runs one crawl into out/',
      () => {
        expect(args('ENTRYPOINT', finalStage)[0]).toMatch(/^\[/);
        const cmd = args('CMD', finalStage)[0] ?? '';
        expect(cmd).toMatch(/^\[/);
        expect(JSON.parse(cmd)).toEqual(['crawl', '--out', '/app/out']);
      },
    ],
    ['TZ is UTC in the image', () => expect(args('ENV', finalStage).join(' ')).toMatch(/TZ=UTC/)],
    ['no remote ADD', () => expect(args('ADD').every((a) => !/https?:/.test(a))).toBe(true)],
    [
      "the Chromium variant: a build argument, off by default, installs Debian's chromium in the final stage, as root before USER",
      () => {
        expect(args('ARG', finalStage)).toContain('WITH_CHROMIUM=0');
        const run = args('RUN', finalStage).find((r) => /WITH_CHROMIUM/.test(r)) ?? '';
        expect(run).toMatch(/if \[ "\$WITH_CHROMIUM" = "1" \]; then .*apt-get install -y --no-install-recommends chromium\b/);
        const at = (pred: (i: (typeof finalStage)[number]) => boolean) => finalStage.findIndex(pred);
        expect(at((i) => i.getKeyword() === 'RUN' && /WITH_CHROMIUM/.test(lines[i.getRange().start.line] ?? ''))).toBeLessThan(
          at((i) => i.getKeyword() === 'USER'),
        );
      },
    ],
    ['never a downloaded browser build', () => expect(args('RUN').every((r) => !/playwright\s+install/.test(r))).toBe(true)],
  ])('%s', (_name, check) => check());

  // `demo` replays fixtures/ and `watchlist test` reads tests/watchlist-cases.json, both beside the package.
  it('the image ships what demo and watchlist test read, and .dockerignore lets it through', () => {
    const copied = args('COPY', finalStage)
      .filter((c) => !/--from=/.test(c))
      .flatMap((c) => c.replace(/--\S+/g, '').trim().split(/\s+/).slice(0, -1));
    for (const f of ['fixtures', 'tests/watchlist-cases.json', 'sources.json', 'watchlist.json']) {
      expect(copied).toContain(f);
      expect(ignored(f), f).toBe(false);
      expect(ignored(f === 'fixtures' ? 'fixtures/replay.json' : f), f).toBe(false);
    }
    expect(ignored('tests/e2e/bin.ts')).toBe(true);
  });

  it('the files the image copies exist in the repo', () => {
    for (const f of [
      'package.json',
      'package-lock.json',
      'sources.json',
      'watchlist.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'bin/wirewatch.js',
    ]) {
      expect(() => readFileSync(new URL(`../../${f}`, import.meta.url))).not.toThrow();
    }
  });
});
