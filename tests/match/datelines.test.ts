// A wire dateline opens a paragraph and says where the story was filed, not what it is about: it stays in the
// text (and in an excerpt that shares its sentence), but no term in it is a hit. With the starter watchlist's
// `@russia NEAR/8 @china`, a Moscow dateline beside "China" made a China-only story a China–Russia one (and 北京 in
// 新华社's dateline the other way round). A bare string carries no dateline and is matched whole; `match` marks
// one that opens plain text.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchArticle } from '../../src/match/index.js';
import { parseInput } from '../../src/commands/match.js';
import { loadWatchlistFile } from '../../src/match/load.js';
import type { Paragraph } from '../../src/types.js';
import { ROOT } from '../e2e/helpers.js';

const cw = loadWatchlistFile(join(ROOT, 'watchlist.json'));

/** The rules that hold for a one-paragraph article, and every hit's text. */
function matched(p: string | Paragraph): string[] {
  return matchArticle(cw, { title: '', paragraphs: [p] }).matches.map((m) => `${m.rule}: ${m.hits.map((h) => h.text).join(', ')}`);
}

const TASS = "MOSCOW, November 21. /TASS/. China's exports rose 5% in October, customs data showed.";
const TASS_RU = 'МОСКВА, 21 ноября. /ТАСС/. Экспорт Китая в октябре вырос на 5%.';
const XINHUA = '新华社北京11月19日电 俄罗斯总统普京19日表示，将继续推进能源合作。';
const BOTH = 'MOSCOW, November 21. /TASS/. Russia and China will hold consultations in December.';

describe('a paragraph dateline is never matched', () => {
  it.each([
    ['TASS, English: China alone', { text: TASS, dateline: 'MOSCOW, November 21. /TASS/.' }, []],
    ['TASS, Russian: Китай alone', { text: TASS_RU, dateline: 'МОСКВА, 21 ноября. /ТАСС/.' }, []],
    ['Xinhua: 俄罗斯 and 普京, no China', { text: XINHUA, dateline: '新华社北京11月19日电' }, ['putin: 普京']],
    ['both sides named after the dateline', { text: BOTH, dateline: 'MOSCOW, November 21. /TASS/.' }, ['china-russia: Russia, China']],
    [
      'a dateline that does not open the text is no dateline',
      { text: TASS, dateline: 'BEIJING, Nov. 19 (Xinhua) --' },
      ['china-russia: MOSCOW, China'],
    ],
    ['the same TASS text as a bare string', TASS, ['china-russia: MOSCOW, China']],
    ['the same Xinhua text as a bare string', XINHUA, ['putin: 普京', 'china-russia: 北京, 俄罗斯']],
  ] as const)('%s', (_case, paragraph, rules) => {
    expect(matched(paragraph as string | Paragraph)).toEqual(rules);
  });

  it.each([
    ['TASS, English', `${TASS}\nA second paragraph.`, []],
    ['TASS, Russian', TASS_RU, []],
    ['Xinhua', XINHUA, ['putin: 普京']],
    ['Xinhua style, English', 'BEIJING, Nov. 19 (Xinhua) -- Russia said it would deepen energy ties.', []],
    ['a dateline on the second line is text', `Exports.\n${TASS}`, ['china-russia: MOSCOW, China']],
  ] as const)('`match` on plain text marks the dateline that opens it: %s', (_case, text, rules) => {
    const doc = parseInput(text, 'stdin');
    expect(matchArticle(cw, doc).matches.map((m) => `${m.rule}: ${m.hits.map((h) => h.text).join(', ')}`)).toEqual(rules);
  });

  it("`match` keeps the datelines of `extract`'s JSON", () => {
    const json = JSON.stringify({ title: '', paragraphs: [{ text: TASS, dateline: 'MOSCOW, November 21. /TASS/.' }] });
    expect(matchArticle(cw, parseInput(json, 'article.json')).matches).toEqual([]);
  });

  it('an excerpt begins at the first sentence with a hit, after the dateline', () => {
    const text = 'MOSCOW /Russia/, November 21. /TASS/. Lavrov said the talks went well.';
    const { excerpts } = matchArticle(cw, { title: '', paragraphs: [{ text, dateline: 'MOSCOW /Russia/, November 21. /TASS/.' }] });
    expect(excerpts.map((e) => e.text)).toEqual(['Lavrov said the talks went well.']);
  });
});
