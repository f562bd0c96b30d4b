// The matching traps as a table: query, text, and the exact texts the hits must cover.
import { describe, expect, it } from 'vitest';
import { compileWatchlist, matchArticle } from '../../src/match/index.js';

const ALIASES = {
  russia: ['Russia', 'Russian*', 'Moscow', 'Россия', 'российск*', 'Москва', '俄罗斯', '俄方'],
  china: ['China', 'Chinese', 'Beijing', 'PRC', 'Китай', 'китайск*', 'Пекин', '中国', '中方'],
};

/** Hit texts of a one-rule watchlist over a one-paragraph article (title empty). */
function hitTexts(query: string, text: string): string[] {
  const cw = compileWatchlist({ aliases: ALIASES, rules: [{ id: 'r', label: 'r', weight: 1, query }] });
  const r = matchArticle(cw, { title: '', paragraphs: [text] });
  for (const h of r.matches.flatMap((m) => m.hits)) expect(text.slice(h.start, h.end)).toBe(h.text);
  return r.matches.flatMap((m) => m.hits.map((h) => h.text));
}

describe('matching traps', () => {
  it.each([
    // word boundaries for Latin and Cyrillic (never \b), Latin inside Chinese
    ['санкции', 'новые санкции против', ['санкции']],
    ['SCO', '上合组织SCO峰会在天津举行', ['SCO']],
    ['SCO', 'Scots and SCOPE', []],
    ['Xi', 'Xinhua said', []],
    ['Xi', "Xi'an and Xi’an, but Xi's visit", ['Xi']],
    // NFKC: full-width Latin
    ['NATO', 'ＮＡＴＯ成员国', ['ＮＡＴＯ']],
    // ALL-CAPS terms are case-sensitive; others are not
    ['US', 'the US said', ['US']],
    ['US', 'let us go', []],
    ['EU', 'eu', []],
    ['INF', 'INF Treaty; Infantry; inf.', ['INF']],
    ['ШОС', 'саммит ШОС', ['ШОС']],
    ['ШОС', 'шос', []],
    ['Lavrov', 'LAVROV and lavrov', ['LAVROV', 'lavrov']],
    ['ICBM', 'ICBMs were counted', ['ICBMs']],
    // ё → е in text and term
    ['ещё', 'еще раз', ['еще']],
    ['зеленая', 'зелёная', ['зелёная']],
    // hyphen and dash variants
    ['"China-Russia"', 'China-Russia ties', ['China-Russia']],
    ['"China-Russia"', 'China–Russia ties', ['China–Russia']],
    ['"China-Russia"', 'China — Russia ties', ['China — Russia']],
    ['"Indo-Pacific"', 'Indo\u2011Pacific', ['Indo\u2011Pacific']],
    // English possessives and plurals
    ['Lavrov', "Lavrov's remarks", ['Lavrov']],
    ['Lavrov', 'Lavrov’s remarks', ['Lavrov']],
    ['sanction', 'sanctions', ['sanctions']],
    ['sanctions', 'a sanction', ['sanction']],
    ['missile', 'missiles', ['missiles']],
    ['Lavrov', 'Lavrovsky', []],
    // Russian inflection without turning short words loose
    ['газ', 'поставки газа и газом', ['газа', 'газом']],
    ['газ', 'Газпром и газета', []],
    ['Лавров', 'Лаврова, Лаврову, Лавровым, Лаврове', ['Лаврова', 'Лаврову', 'Лавровым', 'Лаврове']],
    ['Лавров', 'Лавровский переулок, монах Лавр', []],
    ['Захарова', 'Захаровой, Захарову, но не Захаров и не Захаровым', ['Захаровой', 'Захарову']],
    ['машина', 'машин и машинами', ['машин', 'машинами']],
    ['Китай', 'Китая, Китаю, Китаем, Китае', ['Китая', 'Китаю', 'Китаем', 'Китае']],
    ['Китай', 'кита и китов', []],
    ['"российско-китайский"', 'российско-китайских, российско-китайскими', ['российско-китайских', 'российско-китайскими']],
    ['санкция', 'санкций и санкциями', ['санкций', 'санкциями']],
    ['санкция', 'Санкт-Петербург', []],
    ['ракета', 'ракет и ракетами, но не ракетка', ['ракет', 'ракетами']],
    ['Ван', 'Ванна', []],
    ['Лавров', 'Лавро\u0301ва', ['Лавро\u0301ва']],
    // Chinese: substrings after Traditional → Simplified folding
    ['中俄关系', '中俄關係持續發展', ['中俄關係']],
    ['習近平', '习近平会见普京', ['习近平']],
    ['台湾', '台湾问题', ['台湾']],
    // soft hyphen and zero-width space are skipped
    ['Lavrov', 'Lav\u00adrov', ['Lav\u00adrov']],
    ['Lavrov', 'Lav\u200brov', ['Lav\u200brov']],
    // prefix*
    ['renewable*', 'renewables and renewable', ['renewables', 'renewable']],
    ['российск*', 'Российская Федерация', ['Российская']],
    // nested terms are all reported
    ['"Совбез ООН" OR ООН', 'Совбез ООН заседал', ['Совбез ООН', 'ООН']],
  ])('%s in %j → %j', (query, text, hits) => {
    expect(hitTexts(query, text)).toEqual(hits);
  });
});

describe('query operators', () => {
  it.each([
    ['Lavrov AND Wang', 'Lavrov met Wang', true],
    ['Lavrov Wang', 'Lavrov met Wang', true],
    ['Lavrov Wang', 'Lavrov met nobody', false],
    ['Lavrov OR Wang', 'Wang spoke', true],
    ['Lavrov AND NOT Wang', 'Lavrov met Wang', false],
    ['Lavrov NOT Wang', 'Lavrov spoke', true],
    ['(Lavrov OR Putin) AND (Beijing OR Пекин)', 'Путин и Putin в Пекине', true],
    ['@china NEAR/3 @russia', 'China and Russia agreed', true],
    ['@china NEAR/3 @russia', 'China said on Monday that it will talk to Russia', false],
    ['@china NEAR/1 @russia', 'China, Russia', true],
    ['@china NEAR/3 @russia', '中国和俄罗斯签署协议', true],
    ['@china NEAR/2 @russia', '中国今年粮食产量创下新高国家统计局报告最后才提到俄罗斯', false],
    ['@russia NEAR/5 Китай', 'Россия и Китая', true],
  ])('%s over %j → %s', (query, text, fires) => {
    expect(hitTexts(query, text).length > 0).toBe(fires);
  });

  it('a rule holds over title and body together; title hits are paragraph 0 of field title', () => {
    const cw = compileWatchlist({ aliases: {}, rules: [{ id: 'r', label: 'r', weight: 1, query: 'Lavrov AND Beijing' }] });
    const r = matchArticle(cw, { title: 'Lavrov arrives', paragraphs: ['Talks', 'He landed in Beijing.'] });
    expect(r.matches[0]!.hits.map((h) => [h.field, h.paragraph, h.start, h.end])).toEqual([
      ['title', 0, 0, 6],
      ['body', 1, 13, 20],
    ]);
  });

  it.each([
    ['far apart only', `${'China said. '.repeat(2000)}${'filler '.repeat(50)}Russia`, false],
    ['one close pair at the end', `${'China said. '.repeat(2000)}so then China and Russia`, true],
  ])('NEAR over a long paragraph with many hits: %s', (_name, text, fires) => {
    const hits = hitTexts('China NEAR/3 Russia', text);
    expect(hits.length > 0).toBe(fires);
    if (fires) expect(hits).toEqual(['China', 'Russia']);
  });

  it('NEAR needs both sides in the same paragraph', () => {
    const cw = compileWatchlist({ aliases: {}, rules: [{ id: 'r', label: 'r', weight: 1, query: 'China NEAR/5 Russia' }] });
    expect(matchArticle(cw, { title: 'China', paragraphs: ['Russia'] }).matches).toEqual([]);
  });
});
