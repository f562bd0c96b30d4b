// A start tag's bytes answer the scope's needle test as its text does (src/extract/scope-needles.ts), or decline.
import { describe, expect, it } from 'vitest';
import { mayMatch, mayMatchBytes, needle, needleSet, type NeedleBranch } from '../../src/extract/scope-needles.js';

const exact = (text: string): NeedleBranch => ({ needles: [needle(text, false)] });
const folded = (text: string): NeedleBranch => ({ needles: [needle(text, true)] });
const both = (...texts: string[]): NeedleBranch => ({ needles: texts.map((t) => needle(t, false)) });

// [tag source, branches, what the bytes say: the string test's answer, or undefined (left to the string)]
const CASES: [tag: string, branches: NeedleBranch[], bytes: boolean | undefined][] = [
  ['<div class="article-body">', [exact('article-body')], true],
  ['<div class="Article-Body">', [exact('article-body')], false],
  ['<div class="teaser">', [exact('article-body')], false],
  ['<div class="article-bod', [exact('article-body')], false],
  ['<META NAME="Description">', [folded('description')], true],
  ['<meta name="keywords">', [folded('description')], false],
  ['<div id="c" class="x">', [both('x', 'c')], true],
  ['<div id="c">', [both('x', 'c')], false],
  ['<div class="x">', [exact('y'), exact('x')], true],
  ['<div>', [], false],
  ['<div class="a">', [exact('a')], true],
  // Not all ASCII: the text decides (the Kelvin sign lowercases to an ASCII k).
  ['<div class="\u212Aey">', [folded('key')], undefined],
  ['<div class="статья">', [exact('статья')], undefined],
  // An entity can spell a needle another way: the text decides.
  ['<div class="a&#45;b">', [exact('a-b')], undefined],
  // One pass over the bytes for every branch: a needle's first byte seen before it, a folded needle's capital, needles
  // shared by branches, a needle that would run past the tag's end.
  ['<div class="aab">', [exact('ab')], true],
  ['<div id="Main">', [folded('main')], true],
  ['<div class="a z">', [both('a', 'q'), both('a', 'z')], true],
  ['<div class="a w">', [both('a', 'q'), both('a', 'z')], false],
  ['<div class="x y">', [both('y', 'x'), exact('q')], true],
  ['<div class="end">', [exact('end">yy')], false],
  // Past 31 distinct needles the masks cannot tell them apart: the text decides.
  ['<div class="n7">', Array.from({ length: 40 }, (_, i) => exact(`n${i}`)), undefined],
];

describe('mayMatchBytes answers as mayMatch on ASCII tags, and declines otherwise', () => {
  it.each(CASES)('%s', (tag, branches, expected) => {
    const b = Buffer.from(`xx${tag}yy`, 'utf8');
    const from = 2;
    const to = b.length - 2;
    expect(mayMatchBytes(needleSet(branches), b, from, to)).toBe(expected);
    if (expected !== undefined) expect(mayMatch(branches, tag)).toBe(expected);
  });
});
