// Excerpts: sentences around hits, initials kept together, 。！？ as sentence ends, "…" where a long
// sentence is cut, touching sentences merged, and highlights that point at the hit's characters.
import { describe, expect, it } from 'vitest';
import { compileWatchlist, matchArticle, TITLE_FACTOR } from '../../src/match/index.js';
import { sentenceSpans } from '../../src/match/sentences.js';
import { MAX_EXCERPT_CHARS } from '../../src/match/excerpts.js';

const cw = compileWatchlist({
  aliases: {},
  rules: [
    { id: 'lavrov', label: 'Lavrov', weight: 1, query: 'Lavrov OR Лавров OR 拉夫罗夫' },
    { id: 'trade', label: 'Trade', weight: 2, query: 'trade OR 贸易' },
  ],
});

function excerpts(paragraphs: string[], title = ''): { paragraph: number; text: string; marked: string[] }[] {
  return matchArticle(cw, { title, paragraphs }).excerpts.map((e) => ({
    paragraph: e.paragraph,
    text: e.text,
    marked: e.highlights.map(([s, end]) => e.text.slice(s, end)),
  }));
}

describe('sentenceSpans', () => {
  it.each([
    ['One. Two! Three? Four', ['One.', 'Two!', 'Three?', 'Four']],
    ['С. В. Лавров прибыл. Затем уехал.', ['С. В. Лавров прибыл.', 'Затем уехал.']],
    ['The U.S. side agreed. Talks ended.', ['The U.S. side agreed.', 'Talks ended.']],
    ['Mr. Wang left. Dr. Li stayed.', ['Mr. Wang left.', 'Dr. Li stayed.']],
    ['第一句。第二句！第三句？', ['第一句。', '第二句！', '第三句？']],
    ['"Go," he said. «Да.» Нет.', ['"Go," he said.', '«Да.»', 'Нет.']],
    ['т. е. так и было.', ['т. е. так и было.']],
  ])('%j', (text, sentences) => {
    expect(sentenceSpans(text).map(([s, e]) => text.slice(s, e))).toEqual(sentences);
  });
});

describe('excerpts', () => {
  it('takes the sentence around a hit, keeping Russian initials together', () => {
    expect(excerpts(['Погода была хорошей. Встреча С. В. Лаврова прошла в Пекине. Потом был обед.'])).toEqual([
      { paragraph: 0, text: 'Встреча С. В. Лаврова прошла в Пекине.', marked: ['Лаврова'] },
    ]);
  });

  it('splits Chinese at 。！？ and merges touching sentences', () => {
    expect(excerpts(['天气很好。拉夫罗夫抵达北京！双边贸易增长。会议结束。'])).toEqual([
      { paragraph: 0, text: '拉夫罗夫抵达北京！双边贸易增长。', marked: ['拉夫罗夫', '贸易'] },
    ]);
  });

  it('keeps separate excerpts for sentences that do not touch, and paragraph indexes', () => {
    expect(excerpts(['No hit here.', 'Lavrov spoke. Nothing. Trade grew.'])).toEqual([
      { paragraph: 1, text: 'Lavrov spoke.', marked: ['Lavrov'] },
      { paragraph: 1, text: 'Trade grew.', marked: ['Trade'] },
    ]);
  });

  it('cuts a long sentence to a readable window with "…" and exact highlights', () => {
    const long = `${'word '.repeat(120)}Lavrov said ${'more '.repeat(120)}end.`;
    const [e] = excerpts([long]);
    expect(e!.text.startsWith('…') && e!.text.endsWith('…')).toBe(true);
    expect(e!.text.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS + 2);
    expect(e!.marked).toEqual(['Lavrov']);
    expect(e!.text).not.toMatch(/^…\S*wor…|^…ord/u);
  });

  it('never makes excerpts from the title (its hits stay in matches)', () => {
    const r = matchArticle(cw, { title: 'Lavrov on trade', paragraphs: ['Nothing to see.'] });
    expect(r.excerpts).toEqual([]);
    expect(r.matches.map((m) => m.hits.map((h) => [h.field, h.paragraph, h.text]))).toEqual([
      [['title', 0, 'Lavrov']],
      [['title', 0, 'trade']],
    ]);
  });
});

describe('score', () => {
  it('adds rule weights, multiplies title hits by TITLE_FACTOR, and explains itself', () => {
    const r = matchArticle(cw, { title: 'Lavrov visits', paragraphs: ['Trade grew. Lavrov smiled.'] });
    expect(r.score).toBe(1 * TITLE_FACTOR + 2);
    expect(r.scoreExplain).toEqual([
      'lavrov: weight 1 × 2 (title hit) = 2 [2 hits: Lavrov]',
      'trade: weight 2 = 2 [1 hit: trade]',
      'score = 4',
    ]);
  });
});
