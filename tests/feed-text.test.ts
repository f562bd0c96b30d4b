// htmlParagraphs (src/feeds/text.ts): the markup of a feed's summary or content as paragraphs of text. Block
// elements are the page reader's (extract/dom.ts BLOCK_TAGS) and <br>; inline markup joins its text; script-like
// elements are dropped; entities are decoded.
import { describe, expect, it } from 'vitest';
import { htmlParagraphs } from '../src/feeds/text.js';

const CASES: [name: string, html: string, paragraphs: string[]][] = [
  ['paragraphs', '<p>One.</p><p>Two.</p>', ['One.', 'Two.']],
  ['a line break', 'Moscow<br>Beijing<br/>Astana', ['Moscow', 'Beijing', 'Astana']],
  ['inline markup joins', '<b>Lav</b>rov <i>said</i> <a href="/x">so</a>', ['Lavrov said so']],
  ['table cells are apart, not glued', '<table><tr><td>Lavrov</td><td>Wang Yi</td></tr></table>', ['Lavrov', 'Wang Yi']],
  ['a header cell and a caption', '<table><caption>Trade</caption><tr><th>2025</th><td>240</td></tr></table>', ['Trade', '2025', '240']],
  ['details and summary', '<details><summary>More</summary>The rest.</details>', ['More', 'The rest.']],
  ['list items', '<ul><li>One</li><li>Two</li></ul>', ['One', 'Two']],
  ['script and style dropped', 'a<script>x()</script>b<style>p{}</style>c', ['abc']],
  ['entities decoded', 'Russia &amp; China &#x4E2D;&#20420;', ['Russia & China 中俄']],
  ['whitespace collapsed, empty paragraphs left out', '<p>  a \n b </p><p> </p><div></div>', ['a b']],
];

describe('htmlParagraphs', () => {
  it.each(CASES)('%s', (_name, html, paragraphs) => expect(htmlParagraphs(html)).toEqual(paragraphs));
});
