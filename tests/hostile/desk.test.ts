// The desk's last two leaks: a decision dated in the year 275760 outranked every later import (refused now,
// beyond a small skew), and the story view escaped without stripping NUL and other control characters.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, DECISION_FUTURE_SKEW_MS } from '../../src/state/store.js';
import { escapeHtml } from '../../src/output/review-assets/stories.js';
import { scratch } from '../e2e/helpers.js';
import { feedOk, obs } from '../state/helpers.js';

describe('decisions dated in the future are refused', () => {
  it.each([
    ['year 275760', '+275760-09-13T00:00:00.000Z', false],
    ['tomorrow', new Date(Date.now() + 86_400_000).toISOString(), false],
    ['within the skew', new Date(Date.now() + DECISION_FUTURE_SKEW_MS / 2).toISOString(), true],
    ['now', new Date().toISOString(), true],
  ])('%s', (_name, at, accepted) => {
    const store = openStore(join(scratch('ww-dec-'), 'state.db'));
    try {
      store.commitFeed(feedOk({}, '"v1"'), [obs('a')]);
      const record = () => store.recordDecisions([{ id: 'a', decision: 'keep', at }]);
      if (accepted) expect(record()).toBe(1);
      else {
        expect(record).toThrow(
          expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/decision on a is dated .* in the future/) }),
        );
        expect(store.decisions()).toEqual([]);
      }
    } finally {
      store.close();
    }
  });
});

describe('the story view escapes like the rest of the desk', () => {
  it.each([
    ['NUL', 'Lavrov\u0000 talks', 'Lavrov talks'],
    ['C0 and C1 controls', 'a\u0007b\u001bc\u0085d', 'abcd'],
    ['markup', '<img src=x onerror=alert(1)>"\'&', '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;'],
    ['tab and newline kept', 'a\tb\nc', 'a\tb\nc'],
  ])('%s', (_name, input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});
