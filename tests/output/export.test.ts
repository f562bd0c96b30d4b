// Every export checked against its own format's rules: the md draft exactly, JSON Feed 1.1's required fields and
// types, Atom 1.0 parsed back by a strict XML parser with its required elements, CSV parsed back field by field.
import { load } from 'cheerio';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { hasStatus, parseSince, renderExport, selectItems, type Selection } from '../../src/export/index.js';
import type { ExportDecision } from '../../src/export/types.js';
import type { Candidate } from '../../src/types.js';
import { candidate, fixtureDoc } from './helpers.js';

const GENERATED_AT = '2026-11-22T06:00:00Z';
const week = fixtureDoc('week');
const hostile = fixtureDoc('hostile');
const text = (v: string | Buffer): string => (typeof v === 'string' ? v : v.toString('utf8'));

/** RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records, newlines inside quotes. */
function parseCsv(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < input.length) {
    const ch = input[i] as string;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' && input[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
      continue;
    }
    if (ch === '\r' || ch === '\n' || ch === '"') throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) throw new Error('last record lacks CRLF');
  return rows;
}

const two: Candidate[] = [
  candidate({ id: 'b', title: '*Lavrov* meets [Wang Yi]', publishedAt: '2026-11-18T14:05:00+03:00' }),
  candidate({
    id: 'a',
    url: 'https://tass.ru/politika/1',
    source: { id: 'tass-ru', name: 'ТАСС' },
    lang: 'ru',
    title: 'Лавров провел переговоры',
    publishedAt: '2026-11-17T09:00:00+03:00',
    matches: [
      { rule: 'lavrov', label: 'Lavrov', weight: 1, hits: [] },
      { rule: 'trade', label: 'Trade', weight: 1, hits: [] },
    ],
    excerpts: [{ paragraph: 0, text: 'ПЕКИН. Лавров заявил.\nВторая строка.', highlights: [[7, 13, 'lavrov']] }],
  }),
];

describe('md (the newsletter draft)', () => {
  it('groups by outlet: headline – outlet, the quote, an empty comment line; oldest first', () => {
    expect(text(renderExport('md', two, { generatedAt: GENERATED_AT }))).toBe(
      [
        '# Flagged items, 22 Nov 2026 06:00 UTC',
        '',
        '## TASS',
        '',
        '**[\\*Lavrov\\* meets \\[Wang Yi\\]](https://tass.com/politics/1) – TASS**',
        '> Lavrov said so.',
        '',
        'Comment: ',
        '',
        '## ТАСС',
        '',
        '**[Лавров провел переговоры](https://tass.ru/politika/1) – ТАСС**',
        '> ПЕКИН. Лавров заявил.',
        '> Вторая строка.',
        '',
        'Comment: ',
        '',
      ].join('\n'),
    );
  });

  it("groups by the sources' outlet when items carry it: both TASS editions under one heading", () => {
    const withOutlet = two.map((c) => ({ ...c, source: { ...c.source, outlet: 'TASS' } }));
    const md = text(renderExport('md', withOutlet, { generatedAt: GENERATED_AT }));
    expect(md.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## TASS']);
    expect(md).toContain('– ТАСС**'); // each quote still names its own edition
  });

  it('groups by rule (an item under each of its rules) and carries the editor comment', () => {
    const decisions = new Map<string, ExportDecision>([['a', { decision: 'keep', comment: 'use\nthis' }]]);
    const md = text(renderExport('md', two, { generatedAt: GENERATED_AT, groupBy: 'rule', decisions }));
    const lines = md.split('\n');
    expect(lines.filter((l) => l.startsWith('## '))).toEqual(['## Lavrov', '## Trade']);
    expect(lines.filter((l) => l.startsWith('**'))).toEqual([
      '**[Лавров провел переговоры](https://tass.ru/politika/1) – ТАСС**',
      '**[\\*Lavrov\\* meets \\[Wang Yi\\]](https://tass.com/politics/1) – TASS**',
      '**[Лавров провел переговоры](https://tass.ru/politika/1) – ТАСС**',
    ]);
    expect(lines.filter((l) => l.startsWith('Comment:'))).toEqual(['Comment: use this', 'Comment: ', 'Comment: use this']);
  });

  it('groups by story with the stories feature draft: omission lines as draft comments, each item once', () => {
    const md = text(renderExport('md', week.items, { generatedAt: GENERATED_AT, groupBy: 'story', stories: week.stories }));
    const lines = md.split('\n');
    const stories = week.stories as { title: string }[];
    expect(lines.filter((l) => l.startsWith('## '))).toEqual(stories.map((s) => `## ${s.title}`));
    expect(lines).toContain("Comment (draft): TASS and the MFA did not mention green energy, which People's Daily did.");
    expect(lines.filter((l) => l.startsWith('**')).length).toBe(week.items.length);
  });

  it('by story, lists only the selected items and puts items outside every story under "Other items"', () => {
    const selected = week.items.filter((i) => ['tass-en-1901001', 'gt-1330001'].includes(i.id));
    const stories = (week.stories as { id: string }[]).filter((s) => s.id !== 'story-gt-1330001');
    const lines = text(renderExport('md', selected, { generatedAt: GENERATED_AT, groupBy: 'story', stories })).split('\n');
    expect(lines.filter((l) => l.startsWith('## '))).toEqual([
      '## Lavrov, Wang Yi discuss Arctic shipping and trade in Beijing',
      '## Other items',
    ]);
    expect(lines.filter((l) => l.startsWith('**')).map((l) => l.slice(0, 12))).toEqual(['**[Lavrov, W', '**[Quad dril']);
  });

  it('by story from a partial stories section: plain grouping, omission strings as comments', () => {
    const stories = [{ id: 's1', title: 'Talks', items: ['tass-en-1901001'], omissions: [{ sentence: 'Nobody else.' }] }];
    const lines = text(renderExport('md', week.items.slice(0, 3), { generatedAt: GENERATED_AT, groupBy: 'story', stories })).split('\n');
    expect(lines.filter((l) => l.startsWith('## '))).toEqual(['## Talks', '## Other items']);
    expect(lines[4]).toBe('Comment: Nobody else.');
  });

  it.each([
    ['outlet', 'outlet', week.stories],
    ['rule', 'rule', week.stories],
    ['story, in its story', 'story', week.stories],
    ['story, under "Other items"', 'story', (week.stories as { id: string }[]).filter((s) => s.id !== 'story-tass-en-1901001')],
  ] as const)("carries the editor's comment from review (group by %s)", (_case, groupBy, stories) => {
    const decisions = new Map<string, ExportDecision>([['tass-en-1901001', { decision: 'keep', comment: 'lead\nwith this' }]]);
    const lines = text(renderExport('md', week.items, { generatedAt: GENERATED_AT, groupBy, stories, decisions })).split('\n');
    expect(lines.filter((l) => l.startsWith('Comment: ') && l !== 'Comment: ')).toEqual(
      lines.filter((l) => l.startsWith('**[Lavrov, Wang Yi')).map(() => 'Comment: lead with this'),
    );
    expect(lines.filter((l) => l.startsWith('**[Lavrov, Wang Yi')).length).toBeGreaterThan(0);
  });

  it.each([['outlet'], ['rule'], ['story']] as const)('is deterministic whatever the input order (group by %s)', (groupBy) => {
    const opts = { generatedAt: GENERATED_AT, groupBy, stories: week.stories };
    expect(renderExport('md', [...week.items].reverse(), opts)).toBe(renderExport('md', week.items, opts));
  });

  it('never links a non-http URL and keeps every quote line prefixed (hostile input)', () => {
    const md = text(renderExport('md', hostile.items, { generatedAt: GENERATED_AT }));
    expect(md).not.toMatch(/(?<!\\)\]\((?!https?:)/);
    const itemBlocks = md.split('\n\n').filter((b) => b.startsWith('**'));
    expect(itemBlocks.length).toBe(hostile.items.length);
    for (const block of itemBlocks) for (const line of block.split('\n').slice(1)) expect(line).toMatch(/^>( |$)/);
  });
});

describe('jsonfeed (JSON Feed 1.1)', () => {
  const feed = JSON.parse(
    text(renderExport('jsonfeed', week.items, { generatedAt: GENERATED_AT, feedUrl: 'https://example.org/flagged.json' })),
  ) as Record<string, unknown>;
  const items = feed.items as Record<string, unknown>[];

  it('has the top-level fields with their types', () => {
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof feed.title).toBe('string');
    expect(feed.feed_url).toBe('https://example.org/flagged.json');
    expect(feed.authors).toEqual([{ name: 'wirewatch' }]);
    expect(feed).not.toHaveProperty('author');
    for (const key of Object.keys(feed))
      expect(['version', 'title', 'description', 'feed_url', 'authors', 'items'].includes(key) || key.startsWith('_')).toBe(true);
  });

  it.each(week.items.map((i) => [i.id]))('item %s follows the item rules', (id) => {
    const item = items.find((i) => (i._wirewatch as { candidateId: string }).candidateId === id) ?? expect.unreachable();
    const source = week.items.find((i) => i.id === id) ?? expect.unreachable();
    expect(item.id).toBe(`urn:wirewatch:item:${encodeURIComponent(id)}`);
    expect(item.url).toBe(source.url);
    expect(typeof item.content_html).toBe('string');
    expect(typeof item.content_text).toBe('string');
    expect(item.date_published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(item.language).toBe(source.lang);
    expect(item.tags).toEqual(source.matches.map((m) => m.label));
    expect(Array.isArray(item.authors) && (item.authors as { name: unknown }[]).every((a) => typeof a.name === 'string')).toBe(true);
    expect(item).not.toHaveProperty('author');
    for (const key of Object.keys(item)) expect(key.startsWith('_') || !key.includes('wirewatch')).toBe(true);
  });

  it('sets date_modified only on updated items', () => {
    const modified = items.filter((i) => 'date_modified' in i).map((i) => (i._wirewatch as { candidateId: string }).candidateId);
    expect(modified).toEqual(['tass-ru-22001']);
  });

  it('keeps item ids stable between runs', () => {
    const later = JSON.parse(text(renderExport('jsonfeed', week.items.slice(2), { generatedAt: '2026-11-29T06:00:00Z' }))) as {
      items: { id: string }[];
    };
    const earlier = new Set(items.map((i) => i.id));
    for (const i of later.items) expect(earlier.has(i.id)).toBe(true);
  });

  it('drops non-http urls and keeps hostile text as data (hostile input)', () => {
    const f = JSON.parse(text(renderExport('jsonfeed', hostile.items, { generatedAt: GENERATED_AT, feedUrl: 'javascript:x' }))) as {
      feed_url?: string;
      items: { url?: string; title: string; content_html: string }[];
    };
    expect(f.feed_url).toBeUndefined();
    expect(f.items.filter((i) => i.url !== undefined).map((i) => new URL(i.url as string).protocol)).toEqual(['https:']);
    expect(f.items.map((i) => i.title).sort()).toEqual(hostile.items.map((i) => i.title).sort());
    for (const i of f.items) expect(load(i.content_html)('script, img, [onerror]').length).toBe(0);
  });
});

describe('atom (Atom 1.0)', () => {
  const ATOM = 'http://www.w3.org/2005/Atom';

  it.each([
    ['week', week.items],
    ['hostile', hostile.items],
  ] as const)('%s: parses strictly and has every required element', async (_name, items) => {
    const xml = text(renderExport('atom', items, { generatedAt: GENERATED_AT, feedUrl: 'https://example.org/flagged.atom' }));
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    const parsed = await new Parser().parseString(xml);
    expect(parsed.items.length).toBe(items.length);
    const $ = load(xml, { xml: true });
    expect($('feed').attr('xmlns')).toBe(ATOM);
    expect($('feed > id').text()).toBe('https://example.org/flagged.atom');
    expect($('feed > title').text()).not.toBe('');
    expect($('feed > updated').text()).toBe(GENERATED_AT);
    expect($('feed > author > name').text()).toBe('wirewatch');
    expect($('feed > link[rel="self"]').attr('href')).toBe('https://example.org/flagged.atom');
    $('entry').each((_i, el) => {
      const e = $(el);
      expect(e.children('id').text()).toMatch(/^urn:wirewatch:item:/);
      expect(e.children('title').length).toBe(1);
      expect(e.children('updated').text()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(e.children('category').length).toBeGreaterThan(0);
      for (const link of e.children('link').toArray()) expect(new URL($(link).attr('href') ?? '').protocol).toMatch(/^https?:$/);
    });
    const titles = $('entry > title')
      .map((_i, t) => $(t).text())
      .get()
      .sort();
    expect(titles).toEqual(items.map((i) => i.title).sort());
  });

  it('writes one category per rule with term and label, and the excerpt with <mark> as html content', () => {
    const xml = text(renderExport('atom', [candidate()], { generatedAt: GENERATED_AT }));
    const $ = load(xml, { xml: true });
    expect($('feed > id').text()).toBe('urn:wirewatch:feed:flagged');
    expect($('entry > category').attr('term')).toBe('lavrov');
    expect($('entry > category').attr('label')).toBe('Lavrov');
    expect($('entry > content').attr('type')).toBe('html');
    expect($('entry > content').text()).toContain('<mark data-rule="lavrov" title="Lavrov">Lavrov</mark> said so.');
    expect($('entry > link').attr('href')).toBe('https://tass.com/politics/1');
  });
});

describe('csv (RFC 4180, BOM, CRLF, formulas escaped)', () => {
  const formula = candidate({
    id: 'f',
    title: '=HYPERLINK("http://evil.test","click")',
    matches: [
      {
        rule: 'lavrov',
        label: 'Lavrov',
        weight: 1,
        hits: [{ rule: 'lavrov', term: 'Lavrov', text: 'Lavrov', field: 'body', paragraph: 0, start: 0, end: 6 }],
      },
    ],
  });

  it('starts with a BOM, ends records with CRLF, is newest first like every export and parses back exactly', () => {
    const csv = text(
      renderExport('csv', [...two, formula], {
        generatedAt: GENERATED_AT,
        decisions: new Map([['a', { decision: 'keep', comment: 'lead, "quoted"' }]]),
      }),
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([
      'id',
      'outlet',
      'headline',
      'url',
      'published',
      'lang',
      'rule',
      'rule_label',
      'terms',
      'excerpt',
      'status',
      'reviewed',
      'comment',
    ]);
    expect(rows.slice(1)).toEqual([
      [
        'b',
        'TASS',
        '*Lavrov* meets [Wang Yi]',
        'https://tass.com/politics/1',
        '2026-11-18T11:05:00Z',
        'en',
        'lavrov',
        'Lavrov',
        '',
        'Lavrov said so.',
        'new',
        '',
        '',
      ],
      [
        'f',
        'TASS',
        '\'=HYPERLINK("http://evil.test","click")',
        'https://tass.com/politics/1',
        '2026-11-18T11:05:00Z',
        'en',
        'lavrov',
        'Lavrov',
        'Lavrov',
        'Lavrov said so.',
        'new',
        '',
        '',
      ],
      [
        'a',
        'ТАСС',
        'Лавров провел переговоры',
        'https://tass.ru/politika/1',
        '2026-11-17T06:00:00Z',
        'ru',
        'lavrov',
        'Lavrov',
        '',
        'ПЕКИН. Лавров заявил.\nВторая строка.',
        'new',
        'keep',
        'lead, "quoted"',
      ],
      [
        'a',
        'ТАСС',
        'Лавров провел переговоры',
        'https://tass.ru/politika/1',
        '2026-11-17T06:00:00Z',
        'ru',
        'trade',
        'Trade',
        '',
        'ПЕКИН. Лавров заявил.\nВторая строка.',
        'new',
        'keep',
        'lead, "quoted"',
      ],
    ]);
  });

  it('has one row per matched rule across the week, every field count equal', () => {
    const rows = parseCsv(text(renderExport('csv', week.items, { generatedAt: GENERATED_AT })).slice(1));
    expect(rows.length - 1).toBe(week.items.reduce((n, i) => n + i.matches.length, 0));
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([13]));
  });
});

describe('selection (--since, --status)', () => {
  const NOW = new Date('2026-11-22T06:00:00Z');
  it.each([
    ['7d', '2026-11-15T06:00:00.000Z'],
    ['24h', '2026-11-21T06:00:00.000Z'],
    ['30m', '2026-11-22T05:30:00.000Z'],
    ['2026-11-19', '2026-11-19T00:00:00.000Z'],
    ['2026-11-19T12:00:00+03:00', '2026-11-19T09:00:00.000Z'],
    ['yesterday', undefined],
    ['7', undefined],
  ])('parseSince(%j)', (value, expected) => {
    expect(parseSince(value, NOW)?.toISOString()).toBe(expected);
  });

  it.each([
    [{ since: new Date('2026-11-19T00:00:00Z') }, ['gt-1330001', 'mid-en-1990200']],
    [{ status: ['kept'] }, ['people-zh-40001', 'tass-en-1901001']],
    [{ status: ['kept'], since: new Date('2026-11-18T12:00:00Z') }, ['people-zh-40001']],
    [{ status: ['quoted'] }, ['tass-en-1901001']],
    [{ status: ['discarded', 'quoted'] }, ['gt-1330001', 'tass-en-1901001']],
    [{ status: ['undecided'], since: new Date('2026-11-19T00:00:00Z') }, ['mid-en-1990200']],
  ] as [Omit<Selection, 'decisions'>, string[]][])('selectItems %j', (sel, ids) => {
    const decisions = new Map<string, ExportDecision>([
      ['tass-en-1901001', { decision: 'quoted' }],
      ['gt-1330001', { decision: 'discard' }],
    ]);
    const items = week.items.map((i) => (i.id === 'people-zh-40001' ? { ...i, decision: 'keep' as const } : i));
    expect(
      selectItems(items, { ...sel, decisions })
        .map((i) => i.id)
        .sort(),
    ).toEqual(ids);
  });

  it.each([
    // decision  kept   quoted  undecided  discarded
    ['keep', [true, false, false, false]],
    ['quoted', [true, true, false, false]],
    ['discard', [false, false, false, true]],
    [undefined, [false, false, true, false]],
  ] as const)('hasStatus of an item decided %s', (decision, expected) => {
    const decisions = new Map<string, ExportDecision>(decision ? [['c1', { decision }]] : []);
    const statuses = ['kept', 'quoted', 'undecided', 'discarded'] as const;
    expect(statuses.map((s) => hasStatus(candidate(), [s], decisions))).toEqual(expected);
  });
});
