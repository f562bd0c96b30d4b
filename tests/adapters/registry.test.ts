// Which adapter a host gets when no source names one (`extract URL`): the most specific listed host wins.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ADAPTERS, adapterForHost, registry } from '../../src/adapters/index.js';

describe('adapterForHost', () => {
  it.each([
    ['tass.com', 'tass'],
    ['www.tass.com', 'tass'],
    ['tass.ru', 'tass-ru'],
    ['www.globaltimes.cn', 'globaltimes'],
    ['en.people.cn', 'people-en'],
    ['politics.people.com.cn', 'people-zh'],
    ['www.people.com.cn', 'people-zh'],
    ['mid.ru', 'mid'],
    ['www.xinhuanet.com', 'generic'],
    ['nottass.com', 'generic'],
  ])('%s → %s', (host, id) => {
    expect(adapterForHost(host).id).toBe(id);
  });
});

describe('the registry is the one list of adapters', () => {
  it.each(Object.entries(ADAPTERS))("key %s is its adapter's own id", (key, adapter) => {
    expect(adapter.id).toBe(key);
  });

  it('ends with generic, the fallback, and every shipped source names an adapter in it', () => {
    expect(registry.at(-1)?.id).toBe('generic');
    const shipped = JSON.parse(readFileSync(new URL('../../sources.json', import.meta.url), 'utf8')) as { sources: { adapter: string }[] };
    for (const s of shipped.sources) expect(Object.keys(ADAPTERS)).toContain(s.adapter);
  });
});
