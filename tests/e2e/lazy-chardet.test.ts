// chardet is loaded on first use only (src/fetch/decode.ts): each page worker imports the decoder, and nearly every
// page names its charset, so the ~7 ms a thread that loading it costs is paid only where a page needs a guess.
// Checked in a fresh process on the built dist/, where Node's module cache shows what was loaded.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { ensureBuilt } from './bin.js';

beforeAll(() => ensureBuilt(), 180_000);

const SCRIPT = `
import { createRequire } from 'node:module';
import { decodeBytes } from ${JSON.stringify(join(ROOT, 'dist', 'fetch', 'decode.js'))};
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('/chardet/'));
const seen = [];
decodeBytes(Buffer.from('<meta charset="windows-1251"><p>\\xcb\\xe0\\xe2\\xf0\\xee\\xe2</p>', 'latin1'), { kind: 'html' });
seen.push(loaded());
decodeBytes(Buffer.from('<p>Lavrov \\u00e9</p>'), { kind: 'html' });
seen.push(loaded());
decodeBytes(Buffer.from('<p>\\xcb\\xe0\\xe2\\xf0\\xee\\xe2 \\xe8 \\xc2\\xe0\\xed \\xc8</p>', 'latin1'), { kind: 'html' });
seen.push(loaded());
console.log(JSON.stringify(seen));
`;

describe('chardet on demand', () => {
  it('is not loaded for declared or UTF-8 pages, and is for undeclared legacy bytes', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([false, false, true]);
  });
});
