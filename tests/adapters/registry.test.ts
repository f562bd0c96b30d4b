// Which adapter a host gets when no source names one (`extract URL`): the most specific listed host wins.
import { describe, expect, it } from 'vitest';
import { adapterForHost } from '../../src/adapters/index.js';

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
