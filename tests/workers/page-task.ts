// A page task for the page pool, as a crawl hands one over (crawl-item.ts → page-pool.ts): `body` served as UTF-8 HTML
// at https://example.org/a/<k>, an item of that link and `title`, the fixtures' clock.
import type { SourceConfig } from '../../src/types.js';
import type { PageWorkInput } from '../../src/stages/page-work.js';
import { FIXTURES_NOW } from '../e2e/helpers.js';

export function pageTask(k: number, body: Buffer, source: SourceConfig, title: string): PageWorkInput {
  const url = `https://example.org/a/${k}`;
  return {
    response: { body, finalUrl: url, headers: { 'content-type': 'text/html; charset=utf-8' } },
    source,
    item: { link: url, title },
    id: `x${k}`,
    feedUrl: 'https://example.org/feed.xml',
    nowIso: FIXTURES_NOW,
  };
}
