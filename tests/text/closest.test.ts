// "Did you mean": a suggestion only when the typed word is a likely slip for a known one.
import { describe, expect, it } from 'vitest';
import { closest } from '../../src/text/closest.js';

const KEYS = ['userAgent', 'defaults', 'sources', 'timeZone', 'minDelayMs', 'feeds', 'url'];

describe('closest', () => {
  it.each([
    ['two letters swapped', 'userAgnet', 'userAgent'],
    ['another case', 'timezone', 'timeZone'],
    ['a letter missing', 'sorces', 'sources'],
    ['a unit left off (two edits, a long word)', 'minDelay', 'minDelayMs'],
    ['a plural dropped', 'feed', 'feeds'],
    ['a short word, letters swapped', 'ulr', 'url'],
    ['two edits on a short word: too far', 'ufo', undefined],
    ['nothing like it', 'channels', undefined],
    ['a known word is not a typo', 'sources', undefined],
  ])('%s: %s → %s', (_case, typed, near) => {
    expect(closest(typed, KEYS)).toBe(near);
  });

  it('a tie goes to the word listed first', () => {
    expect(closest('cat', ['bat', 'cab'])).toBe('bat');
  });
});
