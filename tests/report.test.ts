// The exit code a run report implies: 0 only when every feed read fine (or is briefly empty) and no item failed.
import { describe, expect, it } from 'vitest';
import { emptyCounts, emptyExtraction, exitCodeFor, problemLines, sourceStatus } from '../src/output/report.js';
import type { FeedReport, SourceReport } from '../src/report-types.js';

const feed = (status: FeedReport['status'], extra: Partial<FeedReport> = {}): FeedReport => ({
  url: `https://x.example/${status}.xml`,
  status,
  items: 0,
  new: 0,
  flagged: 0,
  failed: 0,
  ...extra,
});
const source = (feeds: FeedReport[], health: string[] = []): SourceReport => ({
  id: 's',
  name: 'S',
  status: sourceStatus(feeds),
  feeds,
  extraction: emptyExtraction(),
  health,
});

describe('exitCodeFor', () => {
  it.each([
    ['all ok', [source([feed('ok')])], 0, 0],
    ['not modified', [source([feed('not_modified')])], 0, 0],
    ['empty once', [source([feed('empty')])], 0, 0],
    [
      'empty three runs in a row',
      [source([feed('empty')], ['empty: https://x.example/empty.xml has listed no item 3 runs in a row'])],
      0,
      3,
    ],
    ['one feed blocked', [source([feed('ok')]), source([feed('blocked')])], 0, 3],
    ['one feed deferred', [source([feed('deferred')])], 0, 3],
    ['not a feed', [source([feed('not_a_feed')])], 0, 3],
    ['an item failed', [source([feed('ok')])], 1, 3],
  ])('%s → %i', (_name, sources, failed, code) => {
    expect(exitCodeFor(sources as SourceReport[], { ...emptyCounts(), failed: failed as number })).toBe(code);
  });
});

describe('sourceStatus and problem lines', () => {
  it('a source is ok when any of its feeds is ok, else its best feed status', () => {
    expect(sourceStatus([feed('error'), feed('ok')])).toBe('ok');
    expect(sourceStatus([feed('error'), feed('blocked')])).toBe('blocked');
  });
  it('one line per unreadable source, naming each bad feed, its URL and its code', () => {
    const lines = problemLines([source([feed('ok'), feed('error', { code: 'network_error', message: 'connect ECONNREFUSED' })])]);
    expect(lines).toEqual(['s: error https://x.example/error.xml (network_error: connect ECONNREFUSED)']);
    const two = problemLines([
      source([
        feed('error', { url: 'https://x.example/a.xml', code: 'network_error' }),
        feed('blocked', { url: 'https://x.example/b.xml', code: 'blocked' }),
      ]),
    ]);
    expect(two).toEqual(['s: error https://x.example/a.xml (network_error); blocked https://x.example/b.xml (blocked)']);
  });
});
