// A page worker adopts the main thread's character tables (src/match/chars.ts adoptCharTables) instead of building
// its own, and only tables of the right shape: anything else leaves the thread to build them, as before.
import { describe, expect, it, vi } from 'vitest';
import type { CharTables } from '../../src/match/chars.js';

const fresh = async (): Promise<typeof import('../../src/match/chars.js')> => {
  vi.resetModules();
  return import('../../src/match/chars.js');
};

describe('adoptCharTables', async () => {
  const built = (await fresh()).charTables();
  const cloned: CharTables = structuredClone(built);
  const short = { ...cloned, fold: new Uint16Array(10) };
  const wrongType = { ...cloned, cls: new Uint16Array(0x10000) };

  it.each([
    ['tables cloned from another thread are used as they are', cloned, true],
    ['a table of the wrong length is refused', short, false],
    ['a table of the wrong type is refused', wrongType, false],
    ['no tables (a worker started without them)', undefined, false],
  ] as const)('%s', async (_name, given, adopted) => {
    const chars = await fresh();
    chars.adoptCharTables(given);
    const used = chars.charTables();
    expect(used.fold === (given as CharTables | undefined)?.fold).toBe(adopted);
    // Adopted or built here, the tables are the same.
    expect(Buffer.from(used.fold.buffer).equals(Buffer.from(built.fold.buffer))).toBe(true);
    expect(Buffer.from(used.cls.buffer).equals(Buffer.from(built.cls.buffer))).toBe(true);
  });

  it('tables built already are kept', async () => {
    const chars = await fresh();
    const own = chars.charTables();
    chars.adoptCharTables(cloned);
    expect(chars.charTables()).toBe(own);
  });
});
