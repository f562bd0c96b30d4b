import { describe, expect, it } from 'vitest';
import { classifyChange, takesOver } from '../../src/state/change.js';
import { hitsSignature } from '../../src/match/signature.js';
import type { PreviousItem } from '../../src/state/store.js';
import { candidate } from './helpers.js';

const prev: PreviousItem = { status: 'flagged', titleHash: 't1', contentHash: 'b1', hitKey: 'k1', hitRules: ['lavrov'] };

describe('classifyChange', () => {
  it.each([
    ['same hashes', { titleHash: 't1', contentHash: 'b1', hitKey: 'k1', hitRules: ['lavrov'] }, { kind: 'unchanged' }],
    ['body not observed', { titleHash: 't1', contentHash: null, hitKey: 'k1', hitRules: ['lavrov'] }, { kind: 'unchanged' }],
    [
      'title edit, same hits',
      { titleHash: 't2', contentHash: 'b1', hitKey: 'k1', hitRules: ['lavrov'] },
      { kind: 'updated', changed: ['title'], reflagged: false },
    ],
    [
      'body edit touching a hit',
      { titleHash: 't1', contentHash: 'b2', hitKey: 'k2', hitRules: ['lavrov'] },
      { kind: 'updated', changed: ['body'], reflagged: true },
    ],
    [
      'both edited, a rule gained',
      { titleHash: 't2', contentHash: 'b2', hitKey: 'k1', hitRules: ['wang-yi', 'lavrov'] },
      { kind: 'updated', changed: ['title', 'body'], reflagged: true },
    ],
    [
      'edit that removed every hit',
      { titleHash: 't1', contentHash: 'b2', hitKey: null, hitRules: [] },
      { kind: 'updated', changed: ['body'], reflagged: false },
    ],
    [
      'rule order is not a change',
      { titleHash: 't1', contentHash: 'b2', hitKey: 'k1', hitRules: ['lavrov', 'lavrov'] },
      { kind: 'updated', changed: ['body'], reflagged: false },
    ],
  ])('%s', (_case, next, expected) => {
    expect(classifyChange(prev, next)).toEqual(expected);
  });
});

describe('takesOver', () => {
  it.each([
    ['flagged', 'failed', false, false],
    ['flagged', 'failed', true, false],
    ['flagged', 'seen', true, true],
    ['failed', 'deferred', true, true],
    ['seen', 'flagged', false, true],
    ['flagged', 'seen', false, true],
    ['feed_only', 'deferred', false, false],
    ['deferred', 'failed', false, true],
  ] as const)('%s then %s (content updated: %s) → %s', (a, b, updated, expected) => {
    const change = updated ? { kind: 'updated' as const, changed: ['body' as const], reflagged: false } : { kind: 'unchanged' as const };
    expect(takesOver(a, b, change)).toBe(expected);
  });
});

describe('hitsSignature', () => {
  const base = candidate('x');
  const sig = hitsSignature(base);
  it.each([
    ['no hits', { ...base, matches: [] }, null],
    ['a title edit outside a body-only hit', { ...base, title: 'Another headline' }, sig],
    [
      'an excerpt (a hit paragraph) edited',
      { ...base, excerpts: [{ paragraph: 0, text: 'Lavrov said on Friday', highlights: [] }] },
      'other',
    ],
    [
      'another rule matched',
      {
        ...base,
        matches: [
          ...base.matches,
          {
            rule: 'wang-yi',
            label: 'Wang Yi',
            weight: 1,
            hits: [{ rule: 'wang-yi', term: 'Wang Yi', text: 'Wang Yi', field: 'body' as const, paragraph: 0, start: 0, end: 7 }],
          },
        ],
      },
      'other',
    ],
  ])('%s', (_case, c, expected) => {
    const got = hitsSignature(c);
    if (expected === 'other') expect(got).not.toBe(sig);
    else expect(got).toBe(expected);
  });
});
