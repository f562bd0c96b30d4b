// `crawl --replay DIR`: recorded responses served through the same fetcher, offline.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayDispatcher } from '../../src/fetch/index.js';
import { RSS } from './servers.js';
import { loopbackSource, settle, testFetcher } from './helpers.js';

const LM = 'Sun, 22 Nov 2026 06:00:00 GMT';
let dir: string;

async function record(rel: string, body: string | Buffer, meta: Record<string, unknown>): Promise<void> {
  const file = path.join(dir, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, body);
  await writeFile(`${file}.meta.json`, JSON.stringify({ fetchedAt: '2026-11-22T06:00:00Z', ...meta }));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ww-replay-'));
  await record('wire/feed.xml', RSS, {
    url: 'https://wire.example/rss.xml',
    status: 200,
    headers: { 'Content-Type': 'application/rss+xml', ETag: '"r1"' },
  });
  await record('wire/pages/a.html', '<html><body>a</body></html>', {
    url: 'https://wire.example/a/1',
    status: 200,
    headers: { 'last-modified': LM },
  });
  await record('wire/pages/gz.html', zlib.gzipSync('<html>zipped</html>'), {
    url: 'https://wire.example/gz',
    status: 200,
    headers: { 'content-encoding': 'gzip', 'content-length': '9999' },
  });
  await record('wire/pages/plain-but-says-gzip.html', '<html>plain</html>', {
    url: 'https://wire.example/plain',
    status: 200,
    headers: { 'content-encoding': 'gzip' },
  });
  await record('wire/moved.html', '', { url: 'https://wire.example/old-rss', status: 301, headers: { location: '/rss.xml' } });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const source = () => loopbackSource([], { feeds: ['https://wire.example/rss.xml'], allowPrivateNetwork: false, respectRobots: true });

async function replayFetcher() {
  const replay = await createReplayDispatcher(dir);
  return { replay, f: testFetcher([source()], { dispatcher: replay.dispatcher }) };
}

describe('replay', () => {
  it('serves recorded status, headers and bytes; a second run with the validators is not-modified', async () => {
    const { f } = await replayFetcher();
    const first = await f.fetch({ url: 'https://wire.example/rss.xml', kind: 'feed', sourceId: 'test' });
    expect(first.kind === 'fresh' && [first.body.toString(), first.headers['content-type'], first.validators]).toEqual([
      RSS,
      'application/rss+xml',
      { etag: '"r1"' },
    ]);
    const validators = first.kind === 'fresh' ? first.validators : {};
    expect(await settle(f.fetch({ url: 'https://wire.example/rss.xml', kind: 'feed', sourceId: 'test', validators }))).toBe('not-modified');
    expect(
      await settle(f.fetch({ url: 'https://wire.example/a/1', kind: 'page', sourceId: 'test', validators: { lastModified: LM } })),
    ).toBe('not-modified');
    await f.close();
  });

  it.each([
    ['a gzip body is decoded by the fetcher', 'https://wire.example/gz', '<html>zipped</html>'],
    ['a sidecar claiming gzip over plain bytes is served plain', 'https://wire.example/plain', '<html>plain</html>'],
    ['a recorded 301 is followed', 'https://wire.example/old-rss', RSS],
  ])('%s', async (_name, url, body) => {
    const { f } = await replayFetcher();
    const out = await f.fetch({ url, kind: 'page', sourceId: 'test' });
    expect(out.kind === 'fresh' && out.body.toString()).toBe(body);
    await f.close();
  });

  it('an unknown URL answers 404 and is listed in misses; robots.txt misses are not listed', async () => {
    const { f, replay } = await replayFetcher();
    expect(await settle(f.fetch({ url: 'https://wire.example/missing', kind: 'page', sourceId: 'test' }))).toBe('http_status:404');
    expect(await settle(f.fetch({ url: 'https://elsewhere.example/x', kind: 'page', sourceId: 'test' }))).toBe('http_status:404');
    expect(replay.misses).toEqual(['https://wire.example/missing', 'https://elsewhere.example/x']);
    await f.close();
  });

  it('a URL recorded twice is refused at load', async () => {
    const main = dir;
    dir = await mkdtemp(path.join(tmpdir(), 'ww-replay-dup-'));
    await record('one.xml', RSS, { url: 'https://dup.example/rss', status: 200 });
    await record('sub/two.xml', RSS, { url: 'https://dup.example/rss#frag', status: 200 });
    await expect(createReplayDispatcher(dir)).rejects.toThrow(/recorded twice/);
    await rm(dir, { recursive: true, force: true });
    dir = main;
  });
});
