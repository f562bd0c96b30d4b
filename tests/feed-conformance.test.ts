// Feed edge cases as feedparser reads them, one line a case: small feeds we wrote, through parseFeedText (the
// crawl's parser) with a fixed URL and zone. `pick` names the field of the first item (or of the feed) compared.
import { describe, expect, it } from 'vitest';
import { parseFeedText } from '../src/feed.js';
import type { FeedItem } from '../src/types.js';

const ctx = { feedUrl: 'https://example.org/feeds/main.xml', timeZone: 'UTC', now: new Date('2026-12-03T00:00:00Z') };
const rss = (item: string, attrs = ' version="2.0"'): string =>
  `<rss${attrs}><channel><title>Desk</title><item>${item}</item></channel></rss>`;
const atom = (entry: string, ns = 'http://www.w3.org/2005/Atom'): string =>
  `<feed xmlns="${ns}"><title>Desk</title><entry>${entry}</entry></feed>`;

type Pick = 'title' | 'link' | 'guid' | 'summary' | 'content' | 'published' | 'updated' | 'created' | 'feedTitle' | 'mode' | 'count';

function pick(text: string, field: Pick): unknown {
  const r = parseFeedText(text, ctx);
  if (r.kind !== 'feed') return `(${r.kind})`;
  const it = r.items[0] as FeedItem | undefined;
  if (field === 'feedTitle') return r.title;
  if (field === 'mode') return r.parseMode;
  if (field === 'count') return r.items.length;
  if (field === 'content') return it?.content?.join('\n');
  if (field === 'published' || field === 'updated' || field === 'created') return it?.dates?.[field];
  return it?.[field];
}

describe('feeds as feedparser reads them', () => {
  it.each([
    ['<rss> without a version still gives its items', rss('<title>Lavrov in Beijing</title>', ''), 'title', 'Lavrov in Beijing'],
    [
      'a file cut off mid-item gives the item, leniently',
      '<rss version="2.0"><channel><item><title>Cut short</title><link>https://example.org/a</link>',
      'link',
      'https://example.org/a',
    ],
    ['… and says so', '<rss version="2.0"><channel><item><title>Cut short</title>', 'mode', 'lenient'],
    ['a file cut inside its last close tag is lenient', '<rss><channel><item><title>x</title></item></channel></rss\n', 'mode', 'lenient'],
    ['a well-formed feed is strict', rss('<title>x</title>'), 'mode', 'strict'],
    ['an item without a link is kept', rss('<title>Only a title</title>'), 'count', 1],
    ['an item without a link has no link', rss('<title>Only a title</title><guid isPermaLink="false">desk-1</guid>'), 'guid', 'desk-1'],
    ['a permalink guid is the link', rss('<guid>https://example.org/story/1</guid>'), 'link', 'https://example.org/story/1'],
    ['a guid marked not a permalink is no link', rss('<guid isPermaLink="false">https://example.org/story/1</guid>'), 'link', undefined],
    ['numeric references in a title', rss('<title>Trade &#38; energy &#x2014; talks</title>'), 'title', 'Trade & energy — talks'],
    ['an HTML named entity in XML, read leniently', rss('<title>Caf&eacute; talks</title>'), 'title', 'Café talks'],
    ['escaped markup in an RSS title is text', rss('<title>&lt;b&gt;Bold&lt;/b&gt; move</title>'), 'title', 'Bold move'],
    ['a literal < in an RSS title stays', rss('<title>a &lt; b</title>'), 'title', 'a < b'],
    [
      'description tags removed',
      rss('<description>&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two &amp;amp; three&lt;/p&gt;</description>'),
      'summary',
      'One Two & three',
    ],
    [
      'script and style text never leaks',
      rss('<description><![CDATA[Safe<script>alert("x")</script><style>p{}</style> text]]></description>'),
      'summary',
      'Safe text',
    ],
    [
      'CDATA is taken as written, then read as HTML',
      rss('<description><![CDATA[A &amp; B <i>C</i>]]></description>'),
      'summary',
      'A & B C',
    ],
    [
      'content:encoded is the full text',
      rss(
        '<description>Short</description><content:encoded><![CDATA[<p>First.</p><p>Second.</p>]]></content:encoded>',
        ' version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"',
      ),
      'content',
      'First.\nSecond.',
    ],
    [
      'content:encoded under another prefix',
      rss('<c:encoded>&lt;p&gt;Body&lt;/p&gt;</c:encoded>', ' version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/"'),
      'content',
      'Body',
    ],
    [
      'no description: the summary comes from the content',
      rss('<content:encoded>&lt;p&gt;Body&lt;/p&gt;</content:encoded>', ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'),
      'summary',
      'Body',
    ],
    [
      'Atom html summary loses its tags',
      atom('<summary type="html">&lt;b&gt;Lavrov&lt;/b&gt; met Wang Yi</summary>'),
      'summary',
      'Lavrov met Wang Yi',
    ],
    ['Atom text is literal', atom('<title type="text">x &lt;b&gt; y</title>'), 'title', 'x <b> y'],
    [
      'Atom xhtml content',
      atom('<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One</p><script>bad()</script><p>Two</p></div></content>'),
      'content',
      'One\nTwo',
    ],
    [
      'Atom 0.3 base64 content',
      atom('<content type="text/html" mode="base64">PHA+SGk8L3A+</content>', 'http://purl.org/atom/ns#'),
      'content',
      'Hi',
    ],
    ['Atom 1.0 binary type is base64', atom('<title type="application/octet-stream">SGk=</title>'), 'title', 'Hi'],
    [
      'Atom alternate link, not self',
      atom('<link rel="self" href="/self"/><link href="/story/2"/>'),
      'link',
      'https://example.org/story/2',
    ],
    [
      'xml:base resolves a relative link',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.com/en/"><entry><link href="a/3"/></entry></feed>`,
      'link',
      'https://news.example.com/en/a/3',
    ],
    ['a relative RSS link resolves against the feed', rss('<link>/world/4</link>'), 'link', 'https://example.org/world/4'],
    ['an RSS guid that is no URL stays as written', rss('<guid isPermaLink="false">12345</guid>'), 'guid', '12345'],
    ['a relative Atom id resolves', atom('<id>/ids/5</id>'), 'guid', 'https://example.org/ids/5'],
    [
      'RSS in a namespace with a prefix',
      '<r:rss xmlns:r="http://backend.userland.com/rss2" version="2.0"><r:channel><r:item><r:title>Prefixed</r:title></r:item></r:channel></r:rss>',
      'title',
      'Prefixed',
    ],
    [
      'RSS 1.0 items beside the channel',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item><title>Beside</title></item></rdf:RDF>',
      'title',
      'Beside',
    ],
    [
      'CDF',
      '<CHANNEL><ITEM HREF="https://example.org/cdf/1"><TITLE>CDF item</TITLE></ITEM></CHANNEL>',
      'link',
      'https://example.org/cdf/1',
    ],
    [
      'media:title only when there is no title',
      rss('<title>Main</title><media:title>Media</media:title>', ' xmlns:media="http://search.yahoo.com/mrss/"'),
      'title',
      'Main',
    ],
    [
      'the feed title, entities decoded',
      '<rss><channel><title>Desk &amp; wire &copy;</title></channel></rss>',
      'feedTitle',
      'Desk & wire ©',
    ],
    [
      'a literal internal entity is expanded',
      '<!DOCTYPE rss [<!ENTITY site "example.org">]><rss><channel><item><guid isPermaLink="false">&site;/7</guid></item></channel></rss>',
      'guid',
      'example.org/7',
    ],
    [
      'a nested entity is not',
      '<!DOCTYPE rss [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>',
      'title',
      '&b;',
    ],
    ['pubDate → published', rss('<pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate>'), 'published', '2004-01-01T19:48:21Z'],
    [
      'dc:date → updated',
      rss('<dc:date>2003-12-31T10:14:55-08:00</dc:date>', ' xmlns:dc="http://purl.org/dc/elements/1.1/"'),
      'updated',
      '2003-12-31T18:14:55Z',
    ],
    [
      'dcterms:issued → published',
      rss('<dcterms:issued>2003-12-31T10:14:55Z</dcterms:issued>', ' xmlns:dcterms="http://purl.org/dc/terms/"'),
      'published',
      '2003-12-31T10:14:55Z',
    ],
    [
      'dcterms:modified → updated',
      rss('<dcterms:modified>2003-12-31</dcterms:modified>', ' xmlns:dcterms="http://purl.org/dc/terms/"'),
      'updated',
      '2003-12-31T00:00:00Z',
    ],
    [
      'dcterms:created → created',
      rss('<dcterms:created>2003-12-31T10:14Z</dcterms:created>', ' xmlns:dcterms="http://purl.org/dc/terms/"'),
      'created',
      '2003-12-31T10:14:00Z',
    ],
    [
      'Atom 0.3 issued → published',
      atom('<issued>2003-12-31T10:14:55Z</issued>', 'http://purl.org/atom/ns#'),
      'published',
      '2003-12-31T10:14:55Z',
    ],
    [
      'Atom 0.3 modified → updated',
      atom('<modified>2003-12-31T10:14:55Z</modified>', 'http://purl.org/atom/ns#'),
      'updated',
      '2003-12-31T10:14:55Z',
    ],
    [
      'Atom 0.3 created, the last of two wins',
      atom('<created>2010-12-01T10:14:55Z</created><created>2003-12-31T10:14:55Z</created>', 'http://purl.org/atom/ns#'),
      'created',
      '2003-12-31T10:14:55Z',
    ],
    ['an unreadable date is absent', rss('<pubDate>sometime last week</pubDate>'), 'published', undefined],
    ['an HTML page is not a feed', '<!DOCTYPE html><html><body>Hello</body></html>', 'count', '(not_a_feed)'],
  ] as const)('%s', (_name, text, field, want) => {
    expect(pick(text, field as Pick)).toEqual(want);
  });
});
