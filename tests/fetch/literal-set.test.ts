// literal-set.ts answers as one case-insensitive RegExp of the literals over the bytes read as Latin-1: the table
// holds the edges (case, position, a window's end, near misses, non-ASCII bytes), then seeded random texts built
// to hit and nearly hit the challenge sniff's own literals are checked against the RegExp.
import { describe, expect, it } from 'vitest';
import { bodyLiterals } from '../../src/fetch/challenge.js';
import { literalSet } from '../../src/fetch/literal-set.js';
import { seeded } from '../reliability/harness.js';

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const regexpOf = (literals: readonly string[]) => new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'i');

describe('literalSet: the edges', () => {
  const set = literalSet(['bobcmn', 'cf-chl-', 'just a moment...']);
  it.each([
    ['at the start', 'bobcmn and more', undefined, true],
    ['at the very end', 'and then bobcmn', undefined, true],
    ['in upper and mixed case', '<TITLE>JuSt A MoMeNt...</TITLE>', undefined, true],
    ['a longer literal after its first characters', 'class="CF-CHL-widget"', undefined, true],
    ['one character short', 'cf-chl and bobcm', undefined, false],
    ['cut by the end given', 'xx cf-chl-', 9, false],
    ['ending exactly at the end given', 'xx cf-chl-', 10, true],
    ['past the end given', 'bobcmn', 5, false],
    ['an end before the first window', 'bobcmn', 0, false],
    ['Latin-1 letters do not fold to ASCII', 'bÖbcmn jüst a moment...', undefined, false],
    ['a literal beside non-ASCII bytes', '\u00e4\u00ffbobcmn\u00e4', undefined, true],
    ['overlapping near misses then a hit', 'bobcmbobcmbobcmn', undefined, true],
  ])('%s', (_name, text, end, found) => {
    expect(set.has(latin1(text), end ?? text.length)).toBe(found);
    expect(regexpOf(['bobcmn', 'cf-chl-', 'just a moment...']).test(text.slice(0, end ?? text.length))).toBe(found);
  });
  it.each([
    ['an uppercase literal', ['Bobcmn']],
    ['a one-character literal', ['x']],
    ['a non-ASCII literal', ['привет']],
  ])('refuses %s', (_name, literals) => {
    expect(() => literalSet(literals)).toThrow(/literalSet/);
  });
  it('an empty set finds nothing', () => {
    expect(literalSet([]).has(latin1('anything'), 8)).toBe(false);
  });
});

describe('literalSet: the challenge literals against the RegExp', () => {
  it('20,000 seeded texts of their pieces, in random case', () => {
    const literals = bodyLiterals();
    const set = literalSet(literals);
    const re = regexpOf(literals);
    const r = seeded(16);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
    const recase = (s: string) => [...s].map((c) => (r() < 0.5 ? c.toUpperCase() : c)).join('');
    const noise = ['a', 'B', ' ', '-', '_', '.', '/', '\u00e9', '\u00ff', '<p>', 'tspd', 'chl'];
    let hits = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      while (text.length < 5 + (i % 80)) {
        const lit = pick(literals);
        const roll = r();
        // A whole literal, a cut one (a near miss), or noise between.
        text += roll < 0.1 ? recase(lit) : roll < 0.5 ? recase(lit.slice(0, 1 + Math.floor(r() * (lit.length - 1)))) : pick(noise);
      }
      const end = r() < 0.2 ? Math.floor(r() * text.length) : text.length;
      const want = re.test(text.slice(0, end));
      hits += want ? 1 : 0;
      expect(set.has(latin1(text), end), JSON.stringify([text, end])).toBe(want);
    }
    // Both answers were asked often: the texts are not all hits or all misses.
    expect(hits).toBeGreaterThan(2_000);
    expect(hits).toBeLessThan(18_000);
  });
});
