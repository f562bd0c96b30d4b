import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatQuote, httpUrl, quoteLines } from '../../src/output/quote.js';
import { candidate } from './helpers.js';

describe('escapeMarkdown (headlines)', () => {
  it.each([
    ['Lavrov meets Wang Yi', 'Lavrov meets Wang Yi'],
    ['*Bold* _claim_', '\\*Bold\\* \\_claim\\_'],
    ['[link](javascript:x)', '\\[link\\](javascript:x)'],
    ['<script>x</script>', '\\<script\\>x\\</script\\>'],
    ['# Heading', '\\# Heading'],
    ['1. First point', '1\\. First point'],
    ['2026. A year', '2026\\. A year'],
    ['a|b `code` \\', 'a\\|b \\`code\\` \\\\'],
    ['two\nlines\u2028here', 'two lines here'],
    ['王毅同拉夫罗夫举行会谈', '王毅同拉夫罗夫举行会谈'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('httpUrl', () => {
  it.each([
    ['https://tass.com/a', 'https://tass.com/a'],
    ['http://en.people.cn/n3/x.html', 'http://en.people.cn/n3/x.html'],
    ['  https://tass.com/a b  ', 'https://tass.com/a%20b'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['java\tscript:alert(1)', null],
    ['data:text/html,<script>', null],
    ['vbscript:x', null],
    ['/relative/path', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(httpUrl(input)).toBe(expected);
  });
});

describe('quoteLines', () => {
  it.each([
    ['one line', ['> one line']],
    ['first\nsecond', ['> first', '> second']],
    ['first\r\n\r\nthird', ['> first', '>', '> third']],
    ['a\u2028b', ['> a', '> b']],
    ['<script>x</script> [click](javascript:x)', ['> \\<script\\>x\\</script\\> \\[click\\](javascript:x)']],
    ['«Лавров» *said* 1. #1', ['> «Лавров» *said* 1. #1']],
  ])('%j → %j', (input, expected) => {
    expect(quoteLines(input)).toEqual(expected);
  });
});

describe('formatQuote (the newsletter format)', () => {
  it.each([
    ['linked title, one excerpt', candidate(), '**[Lavrov meets Wang Yi](https://tass.com/politics/1) – TASS**\n> Lavrov said so.'],
    ['unsafe url: plain title', candidate({ url: 'javascript:alert(1)' }), '**Lavrov meets Wang Yi – TASS**\n> Lavrov said so.'],
    [
      'parentheses in url are encoded',
      candidate({ url: 'https://x.test/a_(b)' }),
      '**[Lavrov meets Wang Yi](https://x.test/a_%28b%29) – TASS**\n> Lavrov said so.',
    ],
    [
      'two excerpts stay one quote',
      candidate({
        excerpts: [
          { paragraph: 0, text: 'One.', highlights: [] },
          { paragraph: 2, text: 'Two\nlines.', highlights: [] },
        ],
      }),
      '**[Lavrov meets Wang Yi](https://tass.com/politics/1) – TASS**\n> One.\n>\n> Two\n> lines.',
    ],
    [
      'no excerpt: the title is quoted',
      candidate({ excerpts: [], title: 'Лавров *и* Ван И', source: { id: 'tass-ru', name: 'ТАСС' } }),
      '**[Лавров \\*и\\* Ван И](https://tass.com/politics/1) – ТАСС**\n> Лавров *и* Ван И',
    ],
  ])('%s', (_name, item, expected) => {
    expect(formatQuote(item)).toBe(expected);
  });

  it('uses an en dash U+2013 with spaces', () => {
    expect(formatQuote(candidate())).toContain(' \u2013 TASS**');
  });
});
