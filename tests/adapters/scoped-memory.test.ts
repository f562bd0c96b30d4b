// A scoped DOM must not keep its page's string alive: its text and attribute values are slices of what the parser
// was given, and a slice of the page keeps all of it (a page worker's old generation then fills with pages that a
// young-generation collection found alive). Measured on the heap after full collections, with a wide margin.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SCOPE_ALWAYS, compileScope } from '../../src/extract/scope-compile.js';
import { loadScopedHtml } from '../../src/extract/scoped.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PAGES = 40;
const PAD_CHARS = 250_000;

/** One flat page string, as decoding a fetched body makes it: the kept parts are a small share of it. */
function page(i: number): string {
  const html =
    `<!DOCTYPE html><html lang="en" data-page="page number ${i}"><head><title>Title of page ${i}</title></head>` +
    `<body><div class="pad">${'padding '.repeat(PAD_CHARS / 8)}</div>` +
    `<div class="keep"><p>The paragraph the adapter keeps, page ${i}.</p></div></body></html>`;
  return Buffer.from(html, 'utf8').toString('utf8');
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('a scoped DOM holds only what it keeps', () => {
  it(`keeps ${PAGES} planned DOMs without their ${PAGES} pages`, () => {
    const scope = compileScope([...SCOPE_ALWAYS, 'div.keep']);
    const before = heapAfterGc();
    const kept = Array.from({ length: PAGES }, (_, i) => loadScopedHtml(page(i), `http://example.test/${i}`, scope));
    const retainedBytes = heapAfterGc() - before;
    expect(kept.map(($) => $?.('div.keep p').text())).toEqual(kept.map((_, i) => `The paragraph the adapter keeps, page ${i}.`));
    // The pages are ~10 MB together; pinned, every one of them stays.
    expect(retainedBytes).toBeLessThan((PAGES * PAD_CHARS) / 8);
  });
});
