// The launch settings of src/runtime.ts exist only if every documented way of starting a crawl carries them (they
// must be set before Node starts); this holds each launch line to the values the benchmark measured.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchEnv, launchFlags, RUNTIME_DEFAULTS, tierUpFlags } from '../../src/runtime.js';
import { POOL_DEFAULTS } from '../../src/workers/page-pool.js';
import { FIXTURES, FIXTURES_NOW, ROOT, scratch } from '../e2e/helpers.js';
import { CALLS_TO_OPTIMISE } from './tier-probe.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start ?? '';
const readme = read('README.md');
const lineOf = (text: string, re: RegExp): string => text.split('\n').find((l) => re.test(l)) ?? '';
const flags = launchFlags();
/** Every variable of launchEnv() as NAME=value: each launch line must carry all of them. */
const env = Object.entries(launchEnv()).map(([name, value]) => `${name}=${value}`);

describe('launch lines carry the runtime settings', () => {
  it.each([
    ['npm start', start, [flags.join(' '), ...env]],
    ['Dockerfile ENTRYPOINT', lineOf(read('Dockerfile'), /^ENTRYPOINT /), [flags.map((f) => `"${f}"`).join(', ')]],
    ['Dockerfile ENV', lineOf(read('Dockerfile'), /^ENV .*NODE_ENV/), env],
    ['README cron line', lineOf(readme, /^7,37 .*wirewatch\.js crawl/), [flags.join(' ')]],
    ...env.map((e) => [`README cron environment ${e}`, lineOf(readme, new RegExp(`^${e}$`)), [e]] as [string, string, string[]]),
    ['README systemd ExecStart', lineOf(readme, /^ExecStart=.*wirewatch\.js crawl/), [flags.join(' ')]],
    ['README systemd Environment', lineOf(readme, /^Environment=.*NODE_ENV/), env],
  ])('%s', (_name, line, needles) => {
    expect(line).not.toBe('');
    for (const n of needles) expect(line).toContain(n);
  });

  it('the flags come before the script, where node reads its own options', () => {
    expect(start.indexOf(flags.join(' '))).toBeLessThan(start.indexOf('bin/wirewatch.js'));
  });
});

describe('runtime settings', () => {
  it.each([
    [
      'launch flags',
      launchFlags(),
      [`--max-semi-space-size=${RUNTIME_DEFAULTS.semiSpaceMb}`, `--max-old-space-size=${RUNTIME_DEFAULTS.oldSpaceMb}`],
    ],
    [
      'launch env',
      launchEnv(),
      {
        MALLOC_ARENA_MAX: String(RUNTIME_DEFAULTS.mallocArenaMax),
        MALLOC_MMAP_THRESHOLD_: String(RUNTIME_DEFAULTS.mallocMmapThresholdBytes),
      },
    ],
  ])('%s', (_name, got, want) => expect(got).toEqual(want));

  it('node accepts the flags', () => {
    const r = spawnSync(
      process.execPath,
      [...launchFlags(), '-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    // The old-generation limit plus the young generation: a limit of 512 MB shows as a little over that.
    expect(Number(r.stdout) / 2 ** 20).toBeGreaterThanOrEqual(RUNTIME_DEFAULTS.oldSpaceMb);
    expect(Number(r.stdout) / 2 ** 20).toBeLessThan(RUNTIME_DEFAULTS.oldSpaceMb + 64);
  });

  // V8 gives its heap flags precedence over an isolate's own constraints (Heap::ConfigureHeap), so a crawl launched
  // with them runs its page workers with the main thread's limits, not the pool's resourceLimits
  // (src/workers/page-pool.ts says which applies when). A Node whose V8 changes this fails here.
  const workerLimitMb = (nodeFlags: string[]): number => {
    const limits = { maxYoungGenerationSizeMb: POOL_DEFAULTS.youngGenerationMb, maxOldGenerationSizeMb: POOL_DEFAULTS.oldGenerationMb };
    const code = `const { Worker } = require('node:worker_threads');
      new Worker('require("node:worker_threads").parentPort.postMessage(require("node:v8").getHeapStatistics().heap_size_limit)',
        { eval: true, resourceLimits: ${JSON.stringify(limits)} }).on('message', (n) => process.stdout.write(String(n)));`;
    const r = spawnSync(process.execPath, [...nodeFlags, '-e', code], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return Number(r.stdout) / 2 ** 20;
  };
  it.each([
    ["plain node: the pool's own limits", [], POOL_DEFAULTS.oldGenerationMb],
    ["launched with the flags: the flags' limits", launchFlags(), RUNTIME_DEFAULTS.oldSpaceMb],
  ])("a page worker's heap limit, %s", (_name, nodeFlags, oldMb) => {
    const mb = workerLimitMb(nodeFlags);
    expect(mb).toBeGreaterThanOrEqual(oldMb);
    expect(mb).toBeLessThan(oldMb + 64);
  });
});

describe('the tier-up budget a crawl sets on itself', () => {
  it.each([
    ["Node 20's V8", '11.3.244.8-node.33', [`--interrupt-budget=${RUNTIME_DEFAULTS.interruptBudgetBytes}`]],
    ["Node 22's V8 (not measured)", '12.4.254.21-node.33', []],
    ["Node 24's V8 (counts calls, has no such flag)", '13.6.233.17-node.27', []],
  ])('%s', (_name, version, flags) => {
    expect(tierUpFlags(version)).toEqual(flags);
  });

  // Calls of a small function before TurboFan has optimised it, with the flags set at run time as tuneTierUp sets
  // them (compiled on the calling thread, so the count is exact). Fails if this runtime does not know a flag
  // (V8 prints "unrecognized flag") or ignores it once started.
  const callsToOptimise = (flags: string[]): { calls: number; stderr: string } => {
    const code = `for (const f of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(f);
      process.stdout.write(String((function () {${CALLS_TO_OPTIMISE}})()));`;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '-e', code], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return { calls: Number(r.stdout), stderr: r.stderr };
  };
  it("this runtime's flags are known to it and raise the budget", () => {
    const flags = tierUpFlags();
    const before = callsToOptimise([]);
    const after = callsToOptimise(flags);
    expect(after.stderr).toBe('');
    expect(before.calls).toBeLessThan(50_000_000);
    if (flags.length === 0) expect(after.calls).toBe(before.calls);
    else expect(after.calls).toBeGreaterThan(before.calls * 4);
  });

  it('a crawl sets them on its own process (tier-up-child.ts: a dry run of the fixtures between two counts)', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--allow-natives-syntax',
        '--no-concurrent-recompilation',
        join(ROOT, 'tests/project/tier-up-child.ts'),
        ROOT,
        FIXTURES,
        FIXTURES_NOW,
        scratch('ww-tier-'),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).toBe('');
    const [kind, before, after] = r.stdout.trim().split(' ');
    expect(kind).toBe('done');
    if (tierUpFlags().length === 0) expect(Number(after)).toBe(Number(before));
    else expect(Number(after)).toBeGreaterThan(Number(before) * 4);
  }, 150_000);
});
