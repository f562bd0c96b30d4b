// Extraction and the parse limit, in a child process: `node extract.js OUT.json`.
// The sample is items 0…k−1 of every feed, pages the crawl also fetches at every size. Per source kind, in
// interleaved rounds: cheerio/slim load() alone on the decoded text (the parse limit), extractDocument() with the
// kind's adapter (decode + parse + extract, what the crawl calls), and the same with the generic extractor.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { load } from 'cheerio/slim';
import { decodeBytes } from '../src/fetch/decode.js';
import { extractDocument } from '../src/page.js';
import { adapterById, generic, registry } from '../src/adapters/index.js';
import { createPlan, type Plan } from './plan.js';
import type { Kind } from './pages.js';

export const EXTRACT_DEFAULTS = { feeds: 50, itemsPerFeed: 4, rounds: 5 };

interface SamplePage {
  bytes: Buffer;
  text: string;
  contentType: string;
  kind: Kind;
}

/** One batch timing: wall and CPU ms for the whole batch. */
export interface Batch {
  wallMs: number;
  cpuMs: number;
}

export interface KindTimes {
  kind: string;
  adapter: string;
  pages: number;
  bytes: number;
  parse: Batch[];
  extract: Batch[];
  generic: Batch[];
  /** Pages the adapter extracted with high confidence / with any paragraphs (the generator's sanity check). */
  highConfidence: number;
  withBody: number;
}

function sample(plan: Plan, o = EXTRACT_DEFAULTS): Map<string, SamplePage[]> {
  const out = new Map<string, SamplePage[]>();
  for (let f = 0; f < o.feeds; f++) {
    const kind = plan.feedKind(f);
    for (let i = 0; i < o.itemsPerFeed; i++) {
      const p = plan.page(f, i);
      const bytes = Buffer.concat([p.prefix, p.unique, p.suffix]);
      const text = decodeBytes(bytes, { contentType: p.contentType, hint: kind.encoding, kind: 'html' }).text;
      out.set(kind.id, [...(out.get(kind.id) ?? []), { bytes, text, contentType: p.contentType, kind }]);
    }
  }
  return out;
}

function timed(fn: () => number): Batch & { result: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000, result };
}

const NOW = new Date();
const extractAll = (pages: SamplePage[], useGeneric: boolean): number =>
  pages.reduce((n, p) => {
    const adapter = useGeneric ? generic : adapterById(p.kind.adapter);
    const { page } = extractDocument(p.bytes, {
      url: 'http://127.0.0.2/a/0.html',
      registry,
      ...(adapter ? { adapter } : {}),
      contentType: p.contentType,
      hint: p.kind.encoding,
      lang: p.kind.lang,
      timeZone: p.kind.timeZone,
      now: NOW,
    });
    return n + page.paragraphs.length;
  }, 0);

export function measureExtraction(plan: Plan, o = EXTRACT_DEFAULTS): KindTimes[] {
  const pages = sample(plan, o);
  const rows: KindTimes[] = [...pages].map(([kind, ps]) => {
    const checks = ps.map(
      (p) =>
        extractDocument(p.bytes, {
          url: 'http://127.0.0.2/a/0.html',
          registry,
          adapter: adapterById(p.kind.adapter),
          contentType: p.contentType,
          hint: p.kind.encoding,
          lang: p.kind.lang,
          timeZone: p.kind.timeZone,
          now: NOW,
        }).page,
    );
    return {
      kind,
      adapter: ps[0]!.kind.adapter,
      pages: ps.length,
      bytes: ps.reduce((n, p) => n + p.bytes.length, 0),
      parse: [],
      extract: [],
      generic: [],
      highConfidence: checks.filter((c) => c.confidence === 'high').length,
      withBody: checks.filter((c) => c.paragraphs.length > 0).length,
    };
  });
  for (let r = 0; r < o.rounds; r++) {
    for (const row of rows) {
      const ps = pages.get(row.kind)!;
      row.parse.push(timed(() => ps.reduce((n, p) => n + load(p.text).root().children().length, 0)));
      row.extract.push(timed(() => extractAll(ps, false)));
      row.generic.push(timed(() => extractAll(ps, true)));
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(process.argv[2] ?? 'extract.json', JSON.stringify(measureExtraction(createPlan())));
}
