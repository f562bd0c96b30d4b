// Every page fixture against its golden, found by walking fixtures/*/pages (no adapter test names its own
// folders): each page goes through the crawl's own page stage with its source's settings from sources.json,
// and must give the adapter@version its golden was written for and the golden's fields. Every adapter version
// in the registry needs three reviewed goldens; a draft from `record` ("reviewed": false) fails until someone
// reviews it; every recorded response says whether it was recorded or hand-written; and the README's fixture
// counts must be what the files say.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/adapters/index.js';
import { loadSources } from '../../src/config.js';
import { pageFromResponse, pageOptionsFor } from '../../src/stages/page.js';
import { allMetas, ORIGINS, pageFixtures, type PageFixture } from '../../scripts/fixtures/inventory.js';
import { COLUMN, readReadme, SOURCES_PATH, withFixturesColumn } from '../../scripts/fixtures/table.js';
import { expectGolden, type Golden } from './golden.js';

/** Goldens a version needs before it counts as tested. */
const MIN_GOLDENS_PER_VERSION = 3;
/** The fallback is measured on the public article-extraction benchmark and tests/fixtures-generic, not here. */
const EXEMPT_ADAPTERS = new Set(['generic']);

const sources = new Map(loadSources(SOURCES_PATH).sources.map((s) => [s.id, s] as const));
const pages = pageFixtures();
const reviewed = (p: PageFixture) => p.golden !== undefined && p.golden.reviewed !== false;

describe('every page fixture matches its reviewed golden through the page stage', () => {
  it.each(pages.map((p) => [`${p.source}/${p.slug}`, p] as const))('%s', (name, p) => {
    const source = sources.get(p.source);
    if (!source) return expect.unreachable(`fixtures/${p.source}/ is named after no source id in sources.json`);
    if (!p.golden) return expect.unreachable(`${name}: no ${p.slug}.expected.json beside the page`);
    expect(p.golden.reviewed, `${name}: a draft golden from \`record\`; review it, then set "reviewed": true`).not.toBe(false);
    const read = pageFromResponse(
      { body: readFileSync(p.htmlPath), finalUrl: p.meta.url, headers: p.meta.headers },
      pageOptionsFor(source, new Date(p.meta.fetchedAt)),
    );
    if (read.kind !== 'page') return expect.unreachable(`${name}: the page stage gave ${read.code}: ${read.message}`);
    expect(read.page.adapter, `${name}: written for ${String(p.golden.adapter)}`).toBe(p.golden.adapter);
    expectGolden(read.page, p.golden as unknown as Golden);
  });
});

describe(`every adapter version in the registry has at least ${MIN_GOLDENS_PER_VERSION} reviewed goldens`, () => {
  const versions = registry.filter((a) => !EXEMPT_ADAPTERS.has(a.id)).flatMap((a) => a.versions.map((v) => `${a.id}@${v.name}`));
  it.each(versions)('%s', (version) => {
    expect(
      pages.filter((p) => reviewed(p) && p.golden?.adapter === version).map((p) => `${p.source}/${p.slug}`).length,
    ).toBeGreaterThanOrEqual(MIN_GOLDENS_PER_VERSION);
  });
});

describe('every recorded response says whether it was recorded or written by hand', () => {
  it.each(allMetas().map((m) => [m.path, m.meta.origin] as const))('%s', (_path, origin) => {
    expect(ORIGINS as readonly unknown[]).toContain(origin);
  });
});

describe('the README source table', () => {
  it(`"${COLUMN}" matches the files (npm run fixtures:table rewrites it)`, () => {
    const readme = readReadme();
    expect(withFixturesColumn(readme)).toBe(readme);
  });

  it('a stale count or a missing row is caught', () => {
    const readme = readReadme();
    const stale = readme.replace(/`tass@2019` (\d+) \/ (\d+)/, (_m, r: string, h: string) => `\`tass@2019\` ${r} / ${Number(h) + 1}`);
    expect(stale).not.toBe(readme);
    expect(withFixturesColumn(stale)).not.toBe(stale);
    const noRow = readme
      .split('\n')
      .filter((l) => !l.startsWith('| globaltimes |'))
      .join('\n');
    expect(() => withFixturesColumn(noRow)).toThrow(/no row for globaltimes/);
  });
});
