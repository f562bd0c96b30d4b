// Every command line in the README is accounted for, and each one that can run here runs as written from a
// directory that is not the checkout (cron starts in $HOME). Lines are taken from the README itself: ```sh,
// ```cron and ```ini blocks and inline `wirewatch …` / `npm …` spans. A new README command with no row in CHECKS
// fails the test, so the README cannot grow a command nobody ran. The only rewrites are the install location
// (/opt/wirewatch → this checkout, /usr/bin/node → this node) and, for lines that would crawl the live sites,
// `--replay fixtures/` so the run stays offline (its config still resolves exactly as written).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, scratch } from '../e2e/helpers.js';
import { bin, BIN, ensureBuilt } from '../e2e/bin.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
};

/** Command lines of the README: block lines (comments and output-only lines dropped) and inline spans. */
function readmeCommands(): string[] {
  const out = new Set<string>();
  for (const m of README.matchAll(/```(sh|cron|ini)\n([\s\S]*?)```/g)) {
    for (const raw of (m[2] as string).split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (!line || line.startsWith('#') || line.startsWith('[')) continue;
      if (m[1] === 'ini' && !line.startsWith('ExecStart=')) continue;
      out.add(line);
    }
  }
  for (const m of README.matchAll(/`((?:npx )?wirewatch [^`]+|npm (?:ci|start|test|run [^`]+))`/g)) out.add(m[1] as string);
  return [...out];
}

type Check =
  | { kind: 'run'; args: string[]; cwd: 'home' | 'crawled'; code: number; out?: RegExp }
  | { kind: 'script'; name: string }
  | { kind: 'synopsis'; command: string }
  | { kind: 'elsewhere'; why: string };

const live = (line: string): string[] => [...line.split(/\s+/).slice(1), '--replay', FIXTURES];
const installed = (line: string): string[] => {
  // cron and systemd: `/usr/bin/node /opt/wirewatch/bin/wirewatch.js crawl --out DIR` (flock and redirections off)
  const args = line
    .replace(/^.*?\/opt\/wirewatch\/bin\/wirewatch\.js\s+/, '')
    .replace(/\s*>>.*$/, '')
    .split(/\s+/);
  return [...args.map((a) => (a === '/var/lib/wirewatch' ? 'var-lib-wirewatch' : a)), '--replay', FIXTURES];
};

/** How each README line is checked. Keys are the README's text; the order is the README's. */
function checkFor(line: string): Check | undefined {
  if (/^npm ci && npm start$|^npm start$/.test(line)) return { kind: 'script', name: 'start' };
  if (/^npm ci && npm test$|^npm test$/.test(line)) return { kind: 'script', name: 'test' };
  if (line === 'npm ci') return { kind: 'elsewhere', why: 'the install itself (CI runs it on a clean clone)' };
  const script = /^npm run ([\w:]+)/.exec(line);
  if (script) return { kind: 'script', name: script[1] as string };
  if (line.startsWith('docker '))
    return { kind: 'elsewhere', why: 'no Docker engine here: tests/project/dockerfile.test.ts reads the Dockerfile' };
  if (/^[A-Z_]+=\S+$/.test(line))
    return { kind: 'elsewhere', why: 'an environment line of the cron file: tests/project/runtime.test.ts holds its value' };
  if (/^(mkdir -p certs|openssl )/.test(line)) return { kind: 'elsewhere', why: 'a certificate downloaded from a live site by hand' };
  if (line.includes('/opt/wirewatch/bin/wirewatch.js')) return { kind: 'run', args: installed(line), cwd: 'home', code: 0 };
  if (/[A-Z]{2,}|<|…/.test(line.replace(/^(npx )?wirewatch /, '')))
    return { kind: 'synopsis', command: line.replace(/^(npx )?wirewatch /, '').split(/\s+/)[0] as string };
  if (line === 'wirewatch crawl') return { kind: 'run', args: live(line), cwd: 'home', code: 0 };
  if (line.startsWith('wirewatch schedule')) return { kind: 'run', args: [...live(line), '--times', '1'], cwd: 'home', code: 0 };
  if (line === 'wirewatch record') return { kind: 'synopsis', command: 'record' };
  if (line.startsWith('wirewatch ')) return { kind: 'run', args: line.split(/\s+/).slice(1), cwd: 'crawled', code: 0 };
  return undefined;
}

let home: string;
let crawled: string;

beforeAll(async () => {
  ensureBuilt();
  home = scratch('ww-readme-home-');
  crawled = scratch('ww-readme-crawled-');
  const r = await bin(['crawl', '--replay', FIXTURES, '-q'], { cwd: crawled });
  expect(r.code).toBe(0);
}, 180_000);

describe('README command lines', () => {
  const lines = readmeCommands();

  it('are all accounted for (a new one needs a row in checkFor)', () => {
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((l) => checkFor(l) === undefined)).toEqual([]);
  });

  it.each(lines.map((l) => [l]))(
    '%s',
    async (line) => {
      const check = checkFor(line) as Check;
      if (check.kind === 'script') {
        expect(pkg.scripts[check.name], `npm script ${check.name}`).toBeDefined();
      } else if (check.kind === 'synopsis') {
        const r = await bin(check.command === '<command>' ? ['--help'] : ['help', check.command]);
        expect(r.code, `wirewatch help ${check.command}`).toBe(0);
      } else if (check.kind === 'elsewhere') {
        expect(check.why).not.toBe('');
      } else {
        const cwd = check.cwd === 'home' ? home : crawled;
        const r = await bin(check.args, { cwd, env: { HOME: home } });
        expect(r.stderr).not.toMatch(/invalid configuration|unexpected error/);
        expect(r.code, `${line}\n${r.stderr}`).toBe(check.code);
      }
    },
    120_000,
  );

  it('the package bin is the file the README runs', () => {
    expect(pkg.bin.wirewatch).toBe('bin/wirewatch.js');
    expect(existsSync(BIN)).toBe(true);
  });
});
