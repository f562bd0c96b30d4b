import { describe, expect, it } from 'vitest';
import { canonicalUrl, itemId, itemIds, joinedTextHash, textHash, urlKey } from '../../src/identity.js';
import { EMPTY_FINGERPRINT, fingerprint, hamming, hammingBits, parseFingerprint } from '../../src/simhash.js';
import { CrawlError } from '../../src/errors.js';
import { seeded } from '../reliability/harness.js';

describe('canonicalUrl', () => {
  it.each([
    ['scheme and host case', 'HTTPS://TASS.COM/politics/1900101', 'https://tass.com/politics/1900101'],
    ['default https port', 'https://tass.com:443/politics/1900101', 'https://tass.com/politics/1900101'],
    ['default http port', 'http://www.people.com.cn:80/n1/2026/1118/c1002-1.html', 'http://www.people.com.cn/n1/2026/1118/c1002-1.html'],
    ['non-default port kept', 'http://127.0.0.1:8080/a', 'http://127.0.0.1:8080/a'],
    ['fragment dropped', 'https://tass.com/politics/1900101#comments', 'https://tass.com/politics/1900101'],
    ['utm_* dropped', 'https://tass.com/world/1?utm_source=rss&utm_medium=feed&utm_campaign=x', 'https://tass.com/world/1'],
    [
      'click ids dropped',
      'https://www.globaltimes.cn/page/202611/1.shtml?fbclid=a&gclid=b&yclid=c&ysclid=d',
      'https://www.globaltimes.cn/page/202611/1.shtml',
    ],
    [
      'from and spm dropped',
      'http://en.people.cn/n3/2026/1118/c90000-1.html?from=singlemessage&spm=a.b.c',
      'http://en.people.cn/n3/2026/1118/c90000-1.html',
    ],
    ['tracking name case-insensitive', 'https://tass.com/a?UTM_Source=x&FBCLID=y', 'https://tass.com/a'],
    ['remaining params sorted', 'https://mid.ru/ru/press?b=2&a=1&c=3', 'https://mid.ru/ru/press?a=1&b=2&c=3'],
    [
      'content params kept beside tracking ones',
      'https://mid.ru/ru/foreign_policy/news/?id=1900&utm_source=tg',
      'https://mid.ru/ru/foreign_policy/news?id=1900',
    ],
    ['encoding kept, escapes uppercased', 'https://tass.ru/search?q=%d0%bb%d0%b0+x', 'https://tass.ru/search?q=%D0%BB%D0%B0+x'],
    ['trailing slash dropped', 'https://tass.com/politics/1900101/', 'https://tass.com/politics/1900101'],
    ['several trailing slashes dropped', 'https://tass.com/politics//', 'https://tass.com/politics'],
    ['root slash kept', 'https://tass.com/', 'https://tass.com/'],
    ['root without slash gains one', 'https://tass.com', 'https://tass.com/'],
    ['empty query dropped', 'https://tass.com/a?', 'https://tass.com/a'],
    ['only tracking params: no "?"', 'https://tass.com/a?utm_source=x', 'https://tass.com/a'],
    ['host trailing dot dropped', 'https://tass.com./a', 'https://tass.com/a'],
    ['scheme kept (http stays http)', 'http://tass.com/a', 'http://tass.com/a'],
    ['whitespace trimmed', '  https://tass.com/a \n', 'https://tass.com/a'],
    ['relative link unchanged', '/politics/1900101', '/politics/1900101'],
    ['non-http scheme unchanged', 'mailto:editor@example.org', 'mailto:editor@example.org'],
  ])('%s', (_case, input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });
});

describe('urlKey: the identity part of a URL', () => {
  it.each([
    ['http and https of one host', 'http://tass.com/a', 'https://tass.com/a', true],
    ['utm variant', 'https://tass.com/a?utm_source=rss', 'https://tass.com/a/', true],
    ['param order', 'https://mid.ru/x?b=2&a=1', 'https://mid.ru/x?a=1&b=2', true],
    ['different host', 'https://tass.com/a', 'https://tass.ru/a', false],
    ['different path', 'https://tass.com/a', 'https://tass.com/b', false],
    ['different content param', 'https://mid.ru/x?id=1', 'https://mid.ru/x?id=2', false],
  ])('%s', (_case, a, b, same) => {
    expect(urlKey(a) === urlKey(b)).toBe(same);
  });
});

describe('itemId', () => {
  const base = {
    sourceId: 'tass-en',
    link: 'https://tass.com/politics/1900101',
    guid: 'tass-1900101',
    title: 'Lavrov, Wang Yi hold talks',
  };
  it.each([['is 16 hex digits', base, /^[0-9a-f]{16}$/]])('%s', (_case, input, pattern) => {
    expect(itemId(input)).toMatch(pattern);
  });

  it.each([
    ['same input, same id (stable across runs)', base, { ...base }, true],
    ['guid wins: link variant does not matter', base, { ...base, link: 'http://tass.com/politics/1900101?utm_source=rss' }, true],
    ['guid wins: title edit does not matter', base, { ...base, title: 'Lavrov and Wang Yi hold talks in Beijing' }, true],
    ['guid change is a new item', base, { ...base, guid: 'tass-1900102' }, false],
    [
      'URL guid keyed like a link',
      { ...base, guid: 'https://tass.com/politics/1900101' },
      { ...base, guid: 'http://tass.com/politics/1900101/' },
      true,
    ],
    [
      'no guid: canonical URL decides',
      { ...base, guid: undefined },
      { ...base, guid: undefined, link: 'http://TASS.com/politics/1900101/#x' },
      true,
    ],
    [
      'no guid: different URL, different id',
      { ...base, guid: undefined },
      { ...base, guid: undefined, link: 'https://tass.com/politics/1900102' },
      false,
    ],
    ['no guid, no link: title decides', { sourceId: 's', title: 'Lavrov  speaks' }, { sourceId: 's', title: ' Lavrov speaks ' }, true],
    [
      'no guid, no link: other title, other id',
      { sourceId: 's', title: 'Lavrov speaks' },
      { sourceId: 's', title: 'Wang Yi speaks' },
      false,
    ],
    ['blank guid falls back to the link', { ...base, guid: '  ' }, { ...base, guid: undefined }, true],
    ['scoped by source: same guid elsewhere is another item', base, { ...base, sourceId: 'tass-ru' }, false],
  ])('%s', (_case, a, b, same) => {
    expect(itemId(a) === itemId(b)).toBe(same);
  });

  it('an item with no guid, link or title is a coded skip, not a shared id', () => {
    expect(() => itemId({ sourceId: 's' })).toThrow(CrawlError);
    expect(() => itemId({ sourceId: 's', title: '  ' })).toThrowError(/no guid, link or title/);
  });
});

describe('itemIds: one feed at a time', () => {
  it.each([
    [
      'unique guids: same as itemId',
      [
        { guid: 'a', link: 'https://x.cn/1' },
        { guid: 'b', link: 'https://x.cn/2' },
      ],
      2,
    ],
    [
      'one guid on every item: disambiguated by link',
      [
        { guid: 'same', link: 'https://x.cn/1' },
        { guid: 'same', link: 'https://x.cn/2' },
        { guid: 'same', link: 'https://x.cn/3' },
      ],
      3,
    ],
    [
      'same guid and link: disambiguated by position',
      [
        { guid: 'same', link: 'https://x.cn/1' },
        { guid: 'same', link: 'https://x.cn/1' },
      ],
      2,
    ],
  ])('%s', (_case, items, distinct) => {
    const ids = itemIds('people-zh', items);
    expect(new Set(ids).size).toBe(distinct);
    expect(itemIds('people-zh', items)).toEqual(ids);
  });

  it('a unique guid gets the same id from itemIds as from itemId', () => {
    const items = [
      { guid: 'a', link: 'https://x.cn/1' },
      { guid: 'dup', link: 'https://x.cn/2' },
      { guid: 'dup', link: 'https://x.cn/3' },
    ];
    expect(itemIds('s', items)[0]).toBe(itemId({ sourceId: 's', ...items[0] }));
    expect(itemIds('s', items)[1]).not.toBe(itemId({ sourceId: 's', ...items[1] }));
  });
});

describe('textHash', () => {
  it.each([
    ['whitespace reflow is no change', 'Lavrov  met\nWang Yi', 'Lavrov met Wang Yi', true],
    ['NFC and NFD are one text', 'cafe\u0301', 'caf\u00e9', true],
    ['a word change is a change', 'Lavrov met Wang Yi', 'Lavrov met Xi', false],
  ])('%s', (_case, a, b, same) => {
    expect(textHash(a) === textHash(b)).toBe(same);
  });
});

// joinedTextHash is textHash of the texts joined by line feeds: the collapsed texts the adapters give take the fast
// path, anything else the join; both must hash alike.
describe('joinedTextHash', () => {
  it.each([
    ['collapsed paragraphs', ['Lavrov met Wang Yi.', 'They spoke of trade.']],
    ['an empty paragraph between, and at both ends', ['', 'Лавров', '', '拉夫罗夫会见王毅', '']],
    ['nothing at all', []],
    ['only empty texts', ['', '']],
    ['a combining mark opens a paragraph', ['cafe', '\u0301 noted']],
    ['NFD inside a paragraph', ['cafe\u0301 au lait']],
    ['Hangul jamo split by the join', ['\u1100', '\u1161']],
    ['a run of spaces: the join is hashed', ['Lavrov  met', 'Wang Yi']],
    ['a no-break space and an ideographic space', ['Lavrov\u00a0met', '中俄\u3000关系']],
    ['leading and trailing whitespace', [' Lavrov', 'Wang Yi\n']],
    ['a whitespace-only paragraph', ['Lavrov', ' \t ', 'Wang Yi']],
    ['a byte order mark', ['\ufeffLavrov']],
    ['lone surrogates at the ends', ['a\ud83d', '\ude00b']],
  ])('%s', (_case, texts) => {
    expect(joinedTextHash(texts)).toBe(textHash(texts.join('\n')));
  });
  it('3,000 seeded lists of pieces with odd whitespace and marks', () => {
    const r = seeded(33);
    const pieces = ['Lavrov', 'Лавров', '拉夫罗夫', ' ', '  ', '\n', '\u00a0', '\u3000', '\u0301', 'e', '', '\t', '中俄', '.'];
    for (let i = 0; i < 3_000; i++) {
      const texts = Array.from({ length: Math.floor(r() * 5) }, () =>
        Array.from({ length: Math.floor(r() * 6) }, () => pieces[Math.floor(r() * pieces.length)]).join(''),
      );
      expect(joinedTextHash(texts), JSON.stringify(texts)).toBe(textHash(texts.join('\n')));
    }
  });
});

// A wire piece (our own writing) and the way a second outlet reprints it: dateline, credit and a word changed.
const XINHUA = `BEIJING, Nov. 19 (Xinhua) -- China and Russia agreed on Wednesday to deepen cooperation in trade, energy
and transport along the Northern Sea Route, officials said after talks in Beijing. The two foreign ministers reviewed
preparations for next year's summit and discussed the situation in Central Asia. Both sides said bilateral trade had
grown steadily this year despite external pressure, and pledged to expand settlements in national currencies. They
also exchanged views on the Asia-Pacific region and opposed the formation of closed blocs. The ministers agreed to
hold another round of consultations on strategic security early next year, according to a statement released after
the meeting. Experts said the talks showed the resilience of the partnership at a time of global uncertainty.`;
const REPRINT =
  XINHUA.replace('BEIJING, Nov. 19 (Xinhua) --', 'BEIJING, Nov. 19 --').replace('officials said', 'officials announced') +
  '\nSource: Xinhua';
const SAME_STORY_OTHER_TEXT = `Russian Foreign Minister Sergey Lavrov and Chinese Foreign Minister Wang Yi held talks in Beijing on
Wednesday, discussing trade, the Northern Sea Route and the situation in Central Asia. Lavrov said bilateral trade
continued to grow despite sanctions pressure from the West, and the sides agreed to expand payments in national
currencies. The ministers also criticized attempts to build closed blocs in the Indo-Pacific region.`;
const ARCTIC = `Russian icebreakers escorted a record number of cargo ships through the Arctic this season as the navigation
window stayed open longer than expected. Port authorities in Murmansk reported that shipments of liquefied natural
gas and oil rose compared with last year, while the fleet prepared new vessels for winter operations along the route.`;
const ZH =
  '新华社北京11月19日电 中俄两国外长在北京举行会谈，双方同意深化贸易、能源和北极航道合作。两国外长回顾了明年峰会的筹备工作，并就中亚局势交换了意见。双方表示，今年双边贸易稳步增长，同意扩大本币结算。';
const ZH_REPRINT = ZH.replace('新华社北京11月19日电 ', '').replace('稳步增长', '持续增长') + '（来源：新华社）';
const ZH_OTHER =
  '国家统计局今天发布数据显示，十月份全国规模以上工业增加值同比增长，消费市场保持恢复态势，服务业生产指数继续上升，就业形势总体稳定。';
const RU =
  'Министр иностранных дел России Сергей Лавров провел переговоры с главой МИД КНР Ван И в Пекине. Стороны обсудили торговлю, Северный морской путь и ситуацию в Центральной Азии, а также подготовку к саммиту.';

describe('fingerprint (SimHash) finds reprints', () => {
  it.each([
    ['Xinhua reprint with small edits', XINHUA, REPRINT, 'en', 0, 12],
    ['case and line breaks only', XINHUA, XINHUA.toUpperCase().replace(/\n/g, ' '), 'en', 0, 0],
    ['Chinese reprint (character shingles)', ZH, ZH_REPRINT, 'zh', 0, 12],
    ['Russian: ё and е shingle alike', RU, RU.replace('провел', 'провёл'), 'ru', 0, 0],
    ['same story, independently written', XINHUA, SAME_STORY_OTHER_TEXT, 'en', 20, 64],
    ['different story', XINHUA, ARCTIC, 'en', 20, 64],
    ['different Chinese text', ZH, ZH_OTHER, 'zh', 20, 64],
  ] as const)('%s', (_case, a, b, lang, min, max) => {
    const d = hamming(fingerprint(a, lang), fingerprint(b, lang));
    expect(d).toBeGreaterThanOrEqual(min);
    expect(d).toBeLessThanOrEqual(max);
  });

  it.each([
    ['is 16 hex digits', fingerprint(XINHUA, 'en'), /^[0-9a-f]{16}$/],
    ['is deterministic', fingerprint(ZH, 'zh'), new RegExp(`^${fingerprint(ZH, 'zh')}$`)],
    ['punctuation-only text has the empty fingerprint', fingerprint('—, …', 'en'), new RegExp(`^${EMPTY_FINGERPRINT}$`)],
  ])('%s', (_case, fp, pattern) => {
    expect(fp).toMatch(pattern);
  });
});

// Fingerprints are stored in the state and compared across runs, so their values are frozen: these were computed
// by the first implementation (shingle strings joined, then hashed) and the token-by-token one must agree; the two
// long ones by the per-bit counting that the bit planes replaced.
const LONG_WORDS = Array.from({ length: 600 }, (_, i) => `w${i % 7}${i % 3 ? '' : ' Лавров'}`).join(' ');
describe('fingerprint values do not move', () => {
  it.each([
    ['Lavrov met Wang Yi in Moscow on Tuesday to discuss green energy.', 'en', 'f793db1800e7e4af'],
    ['One', 'en', '2db8d58caba5e87f'],
    ['Two words', 'en', 'eb33aacfb2af9b96'],
    ['Лавров провёл переговоры с Ван И. Ёлки и ЁЖ', 'ru', 'a01764340c2e7100'],
    ['中俄两国外长在莫斯科举行会谈，讨论绿色能源合作。', 'zh', '0b23028d03d24ea0'],
    ['中俄', 'zh', 'b5c1d36125a80864'],
    ['中俄会', 'zh', '93c17a310d789297'],
    ['𠀀𠀁𠀂 text ＡＢＣ ①②', 'zh', '2074c2809a047930'],
    ['ＦＵＬＬＷＩＤＴＨ Ｌａｖｒｏｖ and ﬁnance 2026', 'en', '932050c08bcc9a85'],
    ['', 'en', EMPTY_FINGERPRINT],
    // Long enough for counters past 255: the bit planes' carries through every plane a month's article reaches.
    [LONG_WORDS, 'en', '35d1e41b303233c1'],
    [`${'中俄'.repeat(400)}会谈`, 'zh', '22d368032d50982e'],
  ] as const)('%s (%s)', (text, lang, fp) => {
    expect(fingerprint(text, lang)).toBe(fp);
  });
});

describe('hamming', () => {
  it.each([
    ['0000000000000000', '0000000000000000', 0],
    ['0000000000000000', 'ffffffffffffffff', 64],
    ['8000000000000001', '0000000000000000', 2],
    ['00000000ffffffff', 'ffffffff00000000', 64],
    ['0123456789ABCDEF', '0123456789abcdef', 0],
  ])('%s vs %s = %i', (a, b, d) => {
    expect(hamming(a, b)).toBe(d);
  });

  it('refuses what is not a 64-bit fingerprint', () => {
    expect(() => hamming('abc', '0000000000000000')).toThrow(CrawlError);
  });
});

describe('parseFingerprint (parse once, compare many times)', () => {
  it.each([
    ['0123456789abcdef', { hi: 0x01234567, lo: 0x89abcdef }],
    ['FFFFFFFF00000000', { hi: 0xffffffff, lo: 0 }],
    ['0123456789abcdeg', undefined], // g is not hex
    ['0123456789abcde', undefined], // 15 digits
    ['0123456789abcdef0', undefined], // 17 digits
    ['0123456 89abcdef', undefined],
    ['/123456789abcdef', undefined], // the characters just outside 0-9, a-f, A-F
    ['0123456789abcde:', undefined],
    ['@123456789abcdef', undefined],
    ['0123456789abcde`', undefined],
    ['G123456789abcdef', undefined],
    ['0123456789abcdeｆ', undefined], // fullwidth f
  ])('%s → %j', (fp, bits) => {
    expect(parseFingerprint(fp)).toEqual(bits);
  });

  it('hammingBits on parsed fingerprints equals hamming on their text', () => {
    const pairs: [string, string][] = [
      ['8000000000000001', '0000000000000000'],
      ['0123456789abcdef', 'fedcba9876543210'],
      ['ffff0000ffff0000', 'ffff0000ffff0007'],
    ];
    expect(pairs.map(([a, b]) => hammingBits(parseFingerprint(a)!, parseFingerprint(b)!))).toEqual(pairs.map(([a, b]) => hamming(a, b)));
  });
});
