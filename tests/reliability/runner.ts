// A crawl in its own process, for tests that kill it, signal it or run two at once:
//   node --import tsx tests/reliability/runner.ts crawl --out DIR [--only a,b] [--now ISO] [--replay DIR] …
// Test-only knobs (environment, never read by src/):
//   WW_DELAY_MS=n   the bundled fixtures are replayed through a dispatcher that holds every request n ms, and
//                   politeness delays are dropped as `--replay` does; the crawl goes through runCrawl() with that
//                   dispatcher (main() cannot take one). Without it the runner calls main() unchanged.
//   WW_PROGRESS=1   prints "ready" once the modules are loaded and "req <n> <url>" as each request is dispatched,
//                   so a parent can kill at a moment it picked.
//   WW_ENOSPC=name:n the n-th write of an atomic temp file of `name` (e.g. candidates.json:2) writes half its
//                   bytes and fails with ENOSPC, as a full disk does; installed on node:fs/promises before src/ loads.
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const progress = process.env.WW_PROGRESS === '1';
const say = (line: string): void => void (progress && process.stdout.write(`${line}\n`));

function enospcError(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
    path,
  });
}

/** Wraps fs/promises.open so the n-th temp file written for `name` fails half way with ENOSPC. */
function injectEnospc(spec: string): void {
  const m = /^(.+):(\d+)$/.exec(spec);
  if (!m) throw new Error(`WW_ENOSPC must be name:n, got ${spec}`);
  const [name, nth] = [m[1] as string, Number(m[2])];
  const realOpen = fsp.open;
  let seen = 0;
  fsp.open = (async (path: Parameters<typeof realOpen>[0], ...rest: unknown[]) => {
    const fh = await (realOpen as (...a: unknown[]) => ReturnType<typeof realOpen>)(path, ...rest);
    if (!String(path).includes(`.${name}.tmp-`) || ++seen !== nth) return fh;
    const realWrite = fh.writeFile.bind(fh);
    fh.writeFile = (async (data: string | Buffer) => {
      const bytes = Buffer.from(data);
      await realWrite(bytes.subarray(0, bytes.length >> 1));
      throw enospcError(String(path));
    }) as typeof fh.writeFile;
    // Files written piece by piece (candidates.json streamed from the store) go through write(): the first
    // one writes half its bytes, then the disk is full.
    const realChunk = fh.write.bind(fh) as (b: Buffer, offset?: number) => Promise<{ bytesWritten: number; buffer: Buffer }>;
    fh.write = (async (b: Buffer, offset = 0) => {
      await realChunk(b.subarray(offset, offset + ((b.length - offset) >> 1)));
      throw enospcError(String(path));
    }) as unknown as typeof fh.write;
    return fh;
  }) as typeof fsp.open;
  syncBuiltinESMExports();
}

if (process.env.WW_ENOSPC) injectEnospc(process.env.WW_ENOSPC);

const argv = process.argv.slice(2);
const delayMs = process.env.WW_DELAY_MS ? Number(process.env.WW_DELAY_MS) : undefined;

async function slowedCrawl(): Promise<number> {
  const { loadSources } = await import('../../src/config.js');
  const { createReplayDispatcher } = await import('../../src/fetch/replay.js');
  const { runCrawl } = await import('../../src/commands/crawl.js');
  const options = {
    sources: { type: 'string' },
    watchlist: { type: 'string' },
    out: { type: 'string' },
    state: { type: 'string' },
    only: { type: 'string' },
    now: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  } as const;
  const { values } = parseArgs({ args: argv.slice(1), options, strict: true });
  const config = loadSources(String(values.sources));
  const { dispatcher: replay } = await createReplayDispatcher(fileURLToPath(new URL('../../fixtures', import.meta.url)));
  let n = 0;
  const dispatcher = replay.compose((dispatch) => (opts, handler) => {
    say(`req ${++n} ${String(opts.origin)}${opts.path}`);
    setTimeout(() => dispatch(opts, handler), delayMs);
    return true;
  });
  say('ready');
  return runCrawl(
    values,
    { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
    {
      config: { ...config, sources: config.sources.map((s) => ({ ...s, minDelayMs: 0 })) },
      fetch: { dispatcher },
    },
  );
}

if (delayMs !== undefined) {
  process.exitCode = await slowedCrawl();
} else {
  const { main } = await import('../../src/cli.js');
  say('ready');
  process.exitCode = await main(argv);
}
