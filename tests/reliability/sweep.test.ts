// A run killed mid-write leaves a temp file beside the output it was replacing; the next run's start sweeps it,
// wherever that was: the out dir, out/runs/ (a run report), or the folder a linked review.html points into. A temp
// file whose writer is alive and recent is left alone, so the sweep is what removed the others.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, crawlArgs, scratch } from './harness.js';

/** A pid no process has (above Linux's pid_max): the writer of a temp file named with it is dead. */
const DEAD_PID = 99_999_999;

describe('the start of a run sweeps the temp files of a killed one', () => {
  it.each([
    ['in the out dir', (_out: string, _web: string) => 'out'],
    ['in out/runs/ (a run report)', () => join('out', 'runs')],
    [
      'beside the file a linked review.html names',
      (out: string, web: string) => {
        symlinkSync(join(web, 'review.html'), join(out, 'review.html'));
        return 'web';
      },
    ],
  ])('%s', async (_case, place) => {
    const dir = scratch('ww-sweep-');
    const [out, web] = [join(dir, 'out'), join(dir, 'web')];
    mkdirSync(join(out, 'runs'), { recursive: true });
    mkdirSync(web);
    const folder = join(dir, place(out, web));
    const dead = join(folder, `.review.html.tmp-${DEAD_PID}-0a1b2c3d4e5f`);
    const live = join(folder, `.review.html.tmp-${process.pid}-0a1b2c3d4e5f`);
    for (const f of [dead, live]) writeFileSync(f, 'half a page');
    const r = await cli([...crawlArgs(out, { only: ['tass-en'] })]);
    expect(r.code, r.stderr).toBe(0);
    expect([existsSync(dead), existsSync(live)]).toEqual([false, true]);
  });
});
