// `wirewatch record URL --source ID`: saves one live response in the fixtures layout (raw bytes, status,
// headers, fetch time) through the real fetch layer, and for an article page a draft expectation produced by
// the current adapter, marked unreviewed: nobody hand-types a golden, and nobody trusts an unreviewed one.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSources } from '../config.js';
import { createFetcher } from '../fetch/index.js';
import { fetchOne } from './fetch-one.js';
import { registry, adapterById } from '../adapters/index.js';
import { extractDocument } from '../page.js';
import { UsageError, EXIT, type CommandIO, type Values } from '../cli.js';

/** A file name from the URL path: ascii only, at most 60 chars, never a path. */
export function slugFor(url: string): string {
  const u = new URL(url);
  const base = (u.pathname + u.search).replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(-60);
  return base || 'index';
}

export async function runRecord(v: Values, p: string[], io: CommandIO): Promise<number> {
  const url = p[0];
  if (!url || !/^https?:\/\//i.test(url)) throw new UsageError('record needs an http(s) URL');
  if (typeof v.source !== 'string') throw new UsageError('record needs --source ID');
  const config = loadSources(String(v.sources));
  const source = config.sources.find((s) => s.id === v.source);
  if (!source) throw new UsageError(`--source "${v.source}" is not a source id in ${String(v.sources)}`);
  const isFeed = source.feeds.includes(url);
  const fetcher = createFetcher({ userAgent: config.userAgent, sources: config.sources });
  try {
    const got = await fetchOne(fetcher, { url, kind: isFeed ? 'feed' : 'page', sourceId: source.id });
    if (!got.ok) return io.stderr.write(`wirewatch: ${url}: nothing recorded: ${got.why}\n`), EXIT.partial;
    const { out } = got;
    const dir = isFeed ? join(String(v.fixtures), source.id) : join(String(v.fixtures), source.id, 'pages');
    mkdirSync(dir, { recursive: true });
    const name = isFeed ? `feed-${slugFor(url)}.xml` : `${slugFor(url)}.html`;
    const bodyPath = join(dir, name);
    if (existsSync(bodyPath)) throw new UsageError(`${bodyPath} exists; remove it first to record again`);
    writeFileSync(bodyPath, out.body);
    writeFileSync(`${bodyPath}.meta.json`, JSON.stringify({ url, status: out.status, headers: out.headers, fetchedAt: out.fetchedAt }, null, 2) + '\n');
    if (!isFeed) {
      const { page } = extractDocument(out.body, { url: out.finalUrl, registry, adapter: adapterById(source.adapter), contentType: out.headers['content-type'], hint: source.encoding, lang: source.lang, timeZone: source.timeZone, now: new Date(out.fetchedAt) });
      const draft = {
        reviewed: false, adapter: page.adapter, title: page.title, publishedAt: page.publishedAt ?? null, byline: page.byline ?? null, credit: page.credit ?? null, lang: page.lang ?? source.lang,
        paragraphCount: page.paragraphs.length, firstParagraph: page.paragraphs[0]?.text ?? null, lastParagraph: page.paragraphs.at(-1)?.text ?? null, mustContain: [], mustNotContain: [],
      };
      writeFileSync(join(dir, name.replace(/\.html$/, '.expected.json')), JSON.stringify(draft, null, 2) + '\n');
    }
    io.stdout.write(`recorded ${url} → ${bodyPath}${isFeed ? '' : ' (+ draft expectation: review it, then set "reviewed": true)'}\n`);
    return EXIT.ok;
  } finally {
    await fetcher.close();
  }
}
