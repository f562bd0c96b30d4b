import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/state/store.js';
import { AT, FEED, NOW, candidate, daysBefore, feedOk, obs } from './helpers.js';

let store: Store;
beforeEach(() => {
  store = openStore(':memory:');
  store.beginRun({ runId: 'r1', startedAt: AT });
});
afterEach(() => store.close());

describe("commitFeedItems: a long feed's items ahead of its commitFeed", () => {
  it.each([
    // [case, earlierNew given to commitFeed, lastNewItemAt after the feed commit]
    ['a new item in an earlier batch counts as the feed having a new item', true, '2026-11-22T06:30:00Z'],
    ['without it, a feed whose last batch is all known had nothing new', false, AT],
  ] as const)('%s', (_case, earlierNew, lastNew) => {
    store.commitFeed(feedOk({}, '"v1"'), [obs('known')]);
    const at = '2026-11-22T06:30:00Z';
    expect(store.commitFeedItems({ feedUrl: FEED, sourceId: 'tass-en', at }, [obs('a'), obs('b')]).map((r) => r.kind)).toEqual([
      'new',
      'new',
    ]);
    // Batches are committed, the feed is not: its validators have not moved past items of a run still going.
    expect(store.item('a')).toBeDefined();
    expect(store.feedState(FEED)?.validators).toEqual({ etag: '"v1"' });
    store.commitFeed({ ...feedOk({ at }, '"v2"'), ...(earlierNew ? { earlierNew } : {}) }, [obs('known')]);
    expect(store.feedState(FEED)?.validators).toEqual({ etag: '"v2"' });
    expect(store.feedState(FEED)?.lastNewItemAt).toBe(lastNew);
  });
});

describe('commitFeed: items before validators, one transaction', () => {
  it('a throw inside the transaction (after some items) leaves items and validators unadvanced', () => {
    store.commitFeed(feedOk({}, '"v1"'), [obs('a')]);
    const bad = { ...obs('c'), status: 'bogus' } as unknown as ReturnType<typeof obs>;
    expect(() => store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z' }, '"v2"'), [obs('b'), bad])).toThrow();
    expect(store.feedState(FEED)?.validators).toEqual({ etag: '"v1"' });
    expect(store.feedState(FEED)?.lastOkAt).toBe(AT);
    expect(store.item('b')).toBeUndefined();
  });

  it.each([
    [
      'ok: validators replaced, failures reset',
      { status: 'ok', validators: { etag: '"n"', lastModified: 'Sun, 22 Nov 2026 05:00:00 GMT' } },
      { etag: '"n"', lastModified: 'Sun, 22 Nov 2026 05:00:00 GMT' },
      0,
    ],
    ['ok without validators clears them', { status: 'ok', validators: {} }, {}, 0],
    ['not_modified keeps validators', { status: 'not_modified' }, { etag: '"v1"' }, 0],
    ['error keeps validators, counts a failure', { status: 'error', error: { code: 'timeout_total', message: 't' } }, { etag: '"v1"' }, 2],
    ['blocked counts a failure', { status: 'blocked', error: { code: 'blocked', message: 'challenge' } }, { etag: '"v1"' }, 2],
    ['deferred changes nothing', { status: 'deferred' }, { etag: '"v1"' }, 1],
  ] as const)('%s', (_case, outcome, validators, failures) => {
    store.commitFeed(feedOk({}, '"v1"'), []);
    store.commitFeed({ ...feedOk({ at: '2026-11-22T06:30:00Z' }), status: 'error', error: { code: 'http_status', message: '503' } }, []);
    store.commitFeed({ feedUrl: FEED, sourceId: 'tass-en', at: '2026-11-22T07:00:00Z', ...outcome }, []);
    const st = store.feedState(FEED);
    expect(st?.validators).toEqual(validators);
    expect(st?.consecutiveFailures).toBe(failures);
    expect(st?.status).toBe(outcome.status);
  });

  it('counts consecutive empty fetches and resets on items', () => {
    for (const at of ['2026-11-22T06:00:00Z', '2026-11-22T06:30:00Z', '2026-11-22T07:00:00Z'])
      store.commitFeed(feedOk({ at, status: 'empty' }), []);
    expect(store.feedState(FEED)?.consecutiveEmpty).toBe(3);
    store.commitFeed(feedOk({ at: '2026-11-22T07:30:00Z' }), [obs('a')]);
    expect(store.feedState(FEED)?.consecutiveEmpty).toBe(0);
  });

  it('lastNewItemAt moves only when a commit has a new item', () => {
    store.commitFeed(feedOk(), [obs('a')]);
    store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z' }), [obs('a')]);
    expect(store.feedState(FEED)).toMatchObject({ lastNewItemAt: AT, lastOkAt: '2026-11-22T06:30:00Z' });
  });
});

describe('idempotent re-commit', () => {
  it('committing the same feed twice stores each item once and reports it unchanged', () => {
    const items = [obs('a'), obs('b', { status: 'seen' }), obs('c', { status: 'failed', error: { code: 'timeout_total', message: 't' } })];
    expect(store.commitFeed(feedOk(), items).map((r) => r.kind)).toEqual(['new', 'new', 'new']);
    expect(store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z' }), items).map((r) => r.kind)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    const cands = store.candidates({ now: NOW });
    expect(cands.map((c) => c.id)).toEqual(['a']);
    expect(store.item('a')).toMatchObject({ firstSeenAt: AT, lastSeenAt: '2026-11-22T06:30:00Z' });
    expect(store.item('c')).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'timeout_total' } });
  });

  it('a sighting only moves lastSeenAt; a sighting of an unknown id aborts the commit', () => {
    store.commitFeed(feedOk(), [obs('a')]);
    expect(store.commitFeed(feedOk({ at: '2026-11-22T07:00:00Z' }), [{ kind: 'sighted', id: 'a' }])[0]?.kind).toBe('unchanged');
    expect(store.item('a')).toMatchObject({ status: 'flagged', lastSeenAt: '2026-11-22T07:00:00Z' });
    expect(() => store.commitFeed(feedOk({ at: '2026-11-22T08:00:00Z' }, '"v9"'), [{ kind: 'sighted', id: 'zz' }])).toThrow(/unknown item/);
    expect(store.feedState(FEED)?.validators.etag).toBe('"v2"');
  });
});

describe('updated detection', () => {
  it.each([
    ['title changed, hits untouched', { titleHash: 'title-2' }, 'updated', ['title'], false],
    ['body changed in a hit paragraph', { contentHash: 'body-2', hitKey: 'hits-2' }, 'updated', ['body'], true],
    ['body changed elsewhere', { contentHash: 'body-2' }, 'updated', ['body'], false],
    ['body changed and a rule added', { contentHash: 'body-2', hitRules: ['lavrov', 'wang-yi'] }, 'updated', ['body'], true],
    ['body not observed (null) is no change', { contentHash: null }, 'unchanged', undefined, undefined],
    ['nothing changed', {}, 'unchanged', undefined, undefined],
  ] as const)('%s', (_case, over, kind, changed, reflagged) => {
    store.commitFeed(feedOk(), [obs('a')]);
    const [r] = store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z' }), [obs('a', over)]);
    expect(r?.kind).toBe(kind);
    if (r?.kind === 'updated') {
      expect(r.changed).toEqual(changed);
      expect(r.reflagged).toBe(reflagged);
      expect(r.previous).toMatchObject({ titleHash: 'title-a', contentHash: 'body-a', hitKey: 'hits-1', hitRules: ['lavrov'] });
    }
  });

  it('a reflagged update shows as "updated" with what changed, until the editor decides again', () => {
    store.commitFeed(feedOk(), [obs('a')]);
    store.recordDecisions([{ id: 'a', decision: 'keep', at: '2026-11-22T06:10:00Z' }]);
    expect(store.candidates({ now: NOW })[0]?.status).toBe('seen');
    store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z' }), [obs('a', { contentHash: 'body-2', hitKey: 'hits-2' })]);
    expect(store.candidates({ now: NOW })[0]).toMatchObject({ status: 'updated', changed: ['body'], decision: 'keep' });
    store.recordDecisions([{ id: 'a', decision: 'quoted', at: '2026-11-22T07:00:00Z' }]);
    expect(store.candidates({ now: NOW })[0]).toMatchObject({ status: 'seen', decision: 'quoted' });
  });

  it('an update that does not touch a hit keeps the earlier status', () => {
    store.commitFeed(feedOk(), [obs('a')]);
    store.recordDecisions([{ id: 'a', decision: 'discard', at: '2026-11-22T06:10:00Z' }]);
    store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z' }), [obs('a', { contentHash: 'body-2' })]);
    expect(store.candidates({ now: NOW })[0]).toMatchObject({ status: 'seen', changed: ['body'] });
  });
});

describe('which outcome wins for the same content', () => {
  it.each([
    ['a later failure does not erase a flag', 'flagged', 'failed', 'flagged'],
    ['a later deferral does not erase a seen mark', 'seen', 'deferred', 'seen'],
    ['feed-only does not replace a full flag', 'flagged', 'feed_only', 'flagged'],
    ['a retried failure that succeeds wins', 'failed', 'flagged', 'flagged'],
    ['a page fetched after a feed-only flag wins', 'feed_only', 'flagged', 'flagged'],
    ['a deferred item that fails is failed', 'deferred', 'failed', 'failed'],
  ] as const)('%s', (_case, first, second, final) => {
    store.commitFeed(feedOk(), [obs('a', { status: first })]);
    store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z' }), [obs('a', { status: second })]);
    expect(store.item('a')?.status).toBe(final);
  });

  it('an edited item whose page then fails keeps its last good version, and is seen as edited again next time', () => {
    store.commitFeed(feedOk(), [obs('a')]);
    const failed = obs('a', {
      status: 'failed',
      titleHash: 'title-2',
      contentHash: null,
      candidateJson: null,
      error: { code: 'timeout_total', message: 't' },
    });
    expect(store.commitFeed(feedOk({ at: '2026-11-22T06:30:00Z' }), [failed])[0]).toMatchObject({ kind: 'updated', changed: ['title'] });
    expect(store.item('a')).toMatchObject({ status: 'flagged', titleHash: 'title-a', lastSeenAt: '2026-11-22T06:30:00Z' });
    expect(store.commitFeed(feedOk({ at: '2026-11-22T07:00:00Z' }), [obs('a', { titleHash: 'title-2' })])[0]).toMatchObject({
      kind: 'updated',
    });
  });

  it('failed and deferred items are listed for retry, with their attempts', () => {
    store.commitFeed(feedOk(), [obs('a', { status: 'failed' }), obs('b', { status: 'deferred' }), obs('c')]);
    store.commitItems([obs('a', { status: 'failed' })], '2026-11-22T06:30:00Z');
    expect(store.pendingItems().map((i) => [i.id, i.attempts])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(store.pendingItems({ maxAttempts: 2 }).map((i) => i.id)).toEqual(['b']);
  });
});

describe('decisions', () => {
  it.each([
    ['a decision on a known item is stored', [{ id: 'a', decision: 'keep', at: '2026-11-22T07:00:00Z' }], 1, 'keep'],
    ['an unknown id is skipped', [{ id: 'nope', decision: 'keep', at: '2026-11-22T07:00:00Z' }], 0, null],
    [
      'the latest by time wins, whatever the order',
      [
        { id: 'a', decision: 'quoted', at: '2026-11-22T09:00:00+03:00' },
        { id: 'a', decision: 'discard', at: '2026-11-22T05:30:00Z' },
      ],
      1,
      'quoted',
    ],
    [
      'a re-import of the same decision changes nothing',
      [
        { id: 'a', decision: 'keep', at: '2026-11-22T07:00:00Z' },
        { id: 'a', decision: 'keep', at: '2026-11-22T07:00:00Z' },
      ],
      1,
      'keep',
    ],
  ] as const)('%s', (_case, decisions, changes, decision) => {
    store.commitFeed(feedOk(), [obs('a')]);
    expect(store.recordDecisions([...decisions])).toBe(changes);
    expect(store.candidates({ now: NOW })[0]?.decision).toBe(decision);
  });

  it('lists every decision with its time and comment', () => {
    store.commitFeed(feedOk(), [obs('a'), obs('b')]);
    store.recordDecisions([
      { id: 'b', decision: 'quoted', at: '2026-11-22T08:00:00Z', comment: 'lead item' },
      { id: 'a', decision: 'keep', at: '2026-11-22T07:00:00Z' },
    ]);
    expect(store.decisions()).toEqual([
      { id: 'a', decision: 'keep', at: '2026-11-22T07:00:00Z', comment: null },
      { id: 'b', decision: 'quoted', at: '2026-11-22T08:00:00Z', comment: 'lead item' },
    ]);
  });

  it('filters candidates by decision and status', () => {
    store.commitFeed(feedOk(), [obs('a'), obs('b'), obs('c')]);
    store.recordDecisions([
      { id: 'a', decision: 'keep', at: '2026-11-22T07:00:00Z' },
      { id: 'b', decision: 'discard', at: '2026-11-22T07:00:00Z' },
    ]);
    expect(store.candidates({ now: NOW, status: 'kept' }).map((c) => c.id)).toEqual(['a']);
    expect(store.candidates({ now: NOW, status: 'discarded' }).map((c) => c.id)).toEqual(['b']);
    expect(store.candidates({ now: NOW, status: 'undecided' }).map((c) => c.id)).toEqual(['c']);
    expect(store.candidates({ now: NOW, status: 'new' }).map((c) => c.id)).toEqual(['c']);
  });
});

describe('candidates(): newest first, retention, reprints', () => {
  it('orders by the publication instant across time zones, undated items by first sighting', () => {
    store.commitFeed(feedOk(), [
      obs('moscow', { publishedAt: '2026-11-18T12:00:00+03:00' }), // 09:00Z
      obs('beijing', { publishedAt: '2026-11-18T16:30:00+08:00' }), // 08:30Z
      obs('undated', { publishedAt: null }), // first seen 2026-11-22
    ]);
    expect(store.candidates({ now: NOW }).map((c) => c.id)).toEqual(['undated', 'moscow', 'beijing']);
  });

  it.each([
    ['29 days old stays', 29, 30, true],
    ['31 days old leaves', 31, 30, false],
    ['a shorter window', 8, 7, false],
  ])('%s', (_case, ageDays, retentionDays, kept) => {
    store.commitFeed(feedOk(), [obs('a', { publishedAt: daysBefore(ageDays) })]);
    expect(store.candidates({ now: NOW, retentionDays }).length).toBe(kept ? 1 : 0);
    expect(store.windowSize({ now: NOW, retentionDays })).toBe(kept ? 1 : 0);
  });

  it('sinceIso and sourceId narrow the list', () => {
    store.commitFeed(feedOk(), [
      obs('old', { publishedAt: daysBefore(10) }),
      obs('new', { publishedAt: daysBefore(1) }),
      obs('gt', { sourceId: 'globaltimes' }),
    ]);
    expect(store.candidates({ now: NOW, sinceIso: daysBefore(7), sourceId: 'tass-en' }).map((c) => c.id)).toEqual(['new']);
  });

  it.each([
    // query | items it lists
    [{}, 3],
    [{ sinceIso: daysBefore(7) }, 2],
    [{ sourceId: 'globaltimes' }, 1],
    [{ sinceIso: daysBefore(7), sourceId: 'tass-en' }, 1],
    [{ retentionDays: 5 }, 2],
  ])('windowSize(%o) counts the items eachCandidate lists, without reading them', (query, n) => {
    store.commitFeed(feedOk(), [
      obs('old', { publishedAt: daysBefore(10) }),
      obs('new', { publishedAt: daysBefore(1) }),
      obs('gt', { sourceId: 'globaltimes' }),
    ]);
    expect([store.windowSize({ now: NOW, ...query }), [...store.eachCandidate({ now: NOW, ...query })].length]).toEqual([n, n]);
  });

  it('overlays the store-owned fields on the stored candidate', () => {
    store.commitFeed(feedOk(), [
      obs('f', {
        status: 'feed_only',
        candidateJson: JSON.stringify(candidate('f', { status: 'updated', firstSeenAt: 'stale' })),
        error: { code: 'timeout_total', message: 'page timed out' },
      }),
    ]);
    expect(store.candidates({ now: NOW })[0]).toMatchObject({
      id: 'f',
      status: 'new',
      feedOnly: true,
      firstSeenAt: AT,
      error: { code: 'timeout_total' },
    });
  });

  it('the later of two near-identical texts from other sources is a reprint of the earlier', () => {
    store.commitFeed(feedOk(), [
      obs('gt', { sourceId: 'globaltimes', fingerprint: 'ffff0000ffff0003', publishedAt: '2026-11-19T18:00:00+08:00' }),
      obs('pe', { sourceId: 'people-en', fingerprint: 'ffff0000ffff0000', publishedAt: '2026-11-19T16:00:00+08:00' }),
      obs('tass', { fingerprint: '0000ffff0000ffff', publishedAt: '2026-11-19T12:00:00+03:00' }),
    ]);
    const byId = Object.fromEntries(store.candidates({ now: NOW }).map((c) => [c.id, c.reprintOf]));
    expect(byId).toEqual({ gt: { id: 'pe', source: 'people-en' }, pe: null, tass: null });
  });

  it.each([
    ['a fingerprint overrides a stored reprint in the wrong direction', 'ffff0000ffff0000', { id: 'gt', source: 'globaltimes' }, null],
    ['without a fingerprint the stored reprint stands', null, { id: 'xh', source: 'xinhua' }, { id: 'xh', source: 'xinhua' }],
  ])('%s', (_case, fp, storedReprint, expected) => {
    store.commitFeed(feedOk(), [
      obs('gt', { sourceId: 'globaltimes', fingerprint: 'ffff0000ffff0003', publishedAt: '2026-11-19T18:00:00+08:00' }),
      obs('pe', {
        sourceId: 'people-en',
        fingerprint: fp,
        publishedAt: '2026-11-19T16:00:00+08:00',
        candidateJson: JSON.stringify(candidate('pe', { reprintOf: storedReprint })),
      }),
    ]);
    expect(store.candidates({ now: NOW }).find((c) => c.id === 'pe')?.reprintOf).toEqual(expected);
  });
});

describe('findReprint', () => {
  beforeEach(() => {
    store.commitFeed(feedOk(), [
      obs('pe', { sourceId: 'people-en', fingerprint: 'ffff0000ffff0000', publishedAt: '2026-11-19T08:00:00Z' }),
      obs('pe2', { sourceId: 'people-en', fingerprint: 'ffff0000ffff0001', publishedAt: '2026-11-19T09:00:00Z' }),
      obs('empty', { sourceId: 'mid-en', fingerprint: '0000000000000000', publishedAt: '2026-11-18T08:00:00Z' }),
    ]);
  });
  it.each([
    ['near-identical text from another source', 'ffff0000ffff0007', { excludeId: 'gt', excludeSourceId: 'globaltimes' }, 'pe'],
    ['the earliest of several matches is the original', 'ffff0000ffff0001', { excludeId: 'gt' }, 'pe'],
    ['too far apart', '0f0f0f0f0f0f0f0f', { excludeId: 'gt' }, undefined],
    ['same source excluded', 'ffff0000ffff0000', { excludeId: 'x', excludeSourceId: 'people-en' }, undefined],
    ['only earlier items', 'ffff0000ffff0000', { excludeId: 'x', beforeIso: '2026-11-19T08:30:00Z' }, 'pe'],
    ['nothing earlier', 'ffff0000ffff0000', { excludeId: 'x', beforeIso: '2026-11-19T07:00:00Z' }, undefined],
    ['a tighter distance', 'ffff0000ffff0007', { excludeId: 'x', maxDistance: 2 }, 'pe2'],
    ['the empty fingerprint never matches', '0000000000000000', { excludeId: 'x' }, undefined],
  ])('%s', (_case, fp, q, id) => {
    expect(store.findReprint(fp, q)?.id).toBe(id);
  });
});

describe('prune', () => {
  it('deletes items published and last listed before the cutoff, with their decisions; keeps what a feed still lists', () => {
    store.commitFeed(feedOk({ at: daysBefore(40) }), [
      obs('gone', { publishedAt: daysBefore(41) }),
      obs('listed', { publishedAt: daysBefore(41) }),
    ]);
    store.commitFeed(feedOk(), [{ kind: 'sighted', id: 'listed' }, obs('fresh', { publishedAt: daysBefore(1) })]);
    store.recordDecisions([{ id: 'gone', decision: 'keep', at: daysBefore(39) }]);
    expect(store.prune(daysBefore(30))).toBe(1);
    expect([store.item('gone'), store.item('listed')?.id, store.item('fresh')?.id]).toEqual([undefined, 'listed', 'fresh']);
    expect(store.recordDecisions([{ id: 'gone', decision: 'quoted', at: AT }])).toBe(0);
  });
});

describe('health data', () => {
  it('the usual cadence is the median gap between publication times of the feed items', () => {
    const hours = [0, 2, 4, 5, 8];
    store.commitFeed(
      feedOk(),
      hours.map((h) => obs(`h${h}`, { publishedAt: new Date(Date.parse('2026-11-21T00:00:00Z') + h * 3600_000).toISOString() })),
    );
    expect(store.feedState(FEED)?.medianGapMs).toBe(2 * 3600_000);
  });

  it('no cadence with fewer than three gaps', () => {
    store.commitFeed(feedOk(), [obs('a'), obs('b', { publishedAt: '2026-11-18T11:00:00+03:00' })]);
    expect(store.feedState(FEED)?.medianGapMs).toBeUndefined();
  });

  it('extraction counts add up per run and source; history is newest first', () => {
    const counts = (pages: number, missingBody: number) => ({ pages, missingBody, missingDate: 0, missingTitle: 0, lowConfidence: 0 });
    store.commitFeed(feedOk({ extraction: { ...counts(4, 0), fallbacks: { SELECTOR_MISS: 1 } } }), []);
    store.recordExtraction('tass-en', { ...counts(2, 1), fallbacks: { SELECTOR_MISS: 2, no_body: 1 } });
    store.beginRun({ runId: 'r2', startedAt: '2026-11-22T06:30:00Z' });
    store.recordExtraction('tass-en', counts(5, 5));
    store.recordExtraction('mid-en', counts(1, 0));
    expect(store.extractionHistory('tass-en', 5).map((h) => [h.runId, h.pages, h.missingBody])).toEqual([
      ['r2', 5, 5],
      ['r1', 6, 1],
    ]);
    expect(store.extractionHistory('tass-en', 5)[1]?.fallbacks).toEqual({ SELECTOR_MISS: 3, no_body: 1 });
    expect(store.extractionHistory('tass-en', 1)).toHaveLength(1);
  });

  it('finishRun stores the report of the current run', () => {
    expect(() => openStore(':memory:').finishRun({})).toThrow(/before beginRun/);
    store.finishRun({ exitCode: 0 }, '2026-11-22T06:05:00Z');
  });
});
