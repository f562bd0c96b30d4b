// The benchmark's loopback site as the crawl children meet it: bench/server.ts forked (through tsx) and asked
// over HTTP. Its pages must arrive as one gzip member whose trailer states the whole page's length, as a real
// server's do: the client sizes its one-call inflate from that trailer (src/fetch/body.ts), and a site that sent
// the parts as separate members made the client's decode, not the outlets', what the bench measured.
import { fork, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { crc32, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlan, feedUrl, pageUrl } from '../../bench/plan.js';

const SERVER = fileURLToPath(new URL('../../bench/server.ts', import.meta.url));
const FEEDS = 3;
const PAGES_PER_FEED = 2;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The raw bytes as sent (no decoding), with the request's own headers. */
function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

let child: ChildProcess;
let ports: number[] = [];
const ask = (msg: object): Promise<unknown> =>
  new Promise((resolve) => {
    child.once('message', resolve);
    child.send(msg);
  });

beforeAll(async () => {
  child = fork(SERVER, [String(FEEDS)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  ports = await new Promise<number[]>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench/server.ts exited ${code} before it was ready`)));
    child.once('message', (m) => resolve((m as { ports: number[] }).ports));
  });
  await ask({ plan: PAGES_PER_FEED, reset: true });
}, 60_000);

afterAll(() => {
  if (child?.connected) child.disconnect();
});

const plan = createPlan();
const pages = Array.from({ length: FEEDS * PAGES_PER_FEED }, (_, k) => [Math.floor(k / PAGES_PER_FEED), k % PAGES_PER_FEED] as const);

describe('the bench site serves each page as one gzip member', () => {
  it.each(pages)('feed %i, item %i: the generated page, its trailer stating its CRC and whole length', async (feed, item) => {
    const reply = await get(pageUrl(feed, item, ports[feed]!), { 'accept-encoding': 'gzip' });
    const p = plan.page(feed, item);
    const page = Buffer.concat([p.prefix, p.unique, p.suffix]);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.headers['content-type']).toBe(p.contentType);
    expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    expect(gunzipSync(reply.body)).toEqual(page);
    // A body of several members would inflate the same but state only its last member's size and CRC.
    expect(reply.body.readUInt32LE(reply.body.length - 4)).toBe(page.length);
    expect(reply.body.readUInt32LE(reply.body.length - 8)).toBe(crc32(page));
  });
});

describe('the rest of the site', () => {
  const cases: [string, (port: number) => string, Record<string, string>, number][] = [
    ['robots.txt allows everything', (port) => `http://127.0.0.2:${port}/robots.txt`, {}, 200],
    ['an item past the plan is not found', (port) => pageUrl(0, PAGES_PER_FEED, port), {}, 404],
    ['an unknown path is not found', (port) => `http://127.0.0.2:${port}/elsewhere`, {}, 404],
    ['the feed with a stale ETag is sent whole', (port) => feedUrl(0, port), { 'if-none-match': '"stale"' }, 200],
  ];
  it.each(cases)('%s', async (_, url, headers, status) => {
    expect((await get(url(ports[0]!), headers)).status).toBe(status);
  });

  it('the feed lists every planned item, and its ETag brings a 304', async () => {
    const first = await get(feedUrl(1, ports[1]!));
    const xml = gunzipSync(first.body).toString('utf8');
    for (let item = 0; item < PAGES_PER_FEED; item++) expect(xml).toContain(pageUrl(1, item, ports[1]!));
    expect(xml).not.toContain(pageUrl(1, PAGES_PER_FEED, ports[1]!));
    const again = await get(feedUrl(1, ports[1]!), { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });
});
