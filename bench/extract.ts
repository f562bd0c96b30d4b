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

export const EXTRACT_DEFAULTS = {
  feeds: 50,
  itemsPerFeed: 4,
  rounds: 5,
  /** Rounds of the same measurement run again after every crawl (`--rounds 3`). The same measurement, not parse
   *  rounds alone: parse-only rounds in a loop ran ~35 % slower per CPU second (16 against 25 MB, two processes
   *  each, 2026-12-06), which would have lowered the limit and raised the crawls' shares. */
  betweenRounds: 3,
};

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

/** cheerio/slim load() alone over a kind's sample: what the parse limit times. */
const parseAll = (ps: SamplePage[]): number => ps.reduce((n, p) => n + load(p.text).root().children().length, 0);

/** A kind's row with no timings yet; `checks`: the adapter's pages, for the generator's sanity counts. */
function emptyRow(kind: string, ps: SamplePage[], checks: { confidence: string; paragraphs: unknown[] }[] = []): KindTimes {
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
}

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
    return emptyRow(kind, ps, checks);
  });
  for (let r = 0; r < o.rounds; r++) {
    for (const row of rows) {
      const ps = pages.get(row.kind)!;
      row.parse.push(timed(() => parseAll(ps)));
      row.extract.push(timed(() => extractAll(ps, false)));
      row.generic.push(timed(() => extractAll(ps, true)));
    }
  }
  return rows;
}

/** The kind's rounds of `extra` (parse, extract, generic) appended to `rows`'s: every figure takes the median of
 *  them all; the sample and its checks are `rows`'s. */
export function withRounds(rows: KindTimes[], extra: readonly KindTimes[]): KindTimes[] {
  return rows.map((row) => {
    const more = extra.filter((x) => x.kind === row.kind);
    return {
      ...row,
      parse: [...row.parse, ...more.flatMap((x) => x.parse)],
      extract: [...row.extract, ...more.flatMap((x) => x.extract)],
      generic: [...row.generic, ...more.flatMap((x) => x.generic)],
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--rounds');
  const rounds = at > 0 ? Number(process.argv[at + 1]) : EXTRACT_DEFAULTS.rounds;
  const out = process.argv.slice(2).filter((_a, i, all) => all[i] !== '--rounds' && all[i - 1] !== '--rounds')[0] ?? 'extract.json';
  writeFileSync(out, JSON.stringify(measureExtraction(createPlan(), { ...EXTRACT_DEFAULTS, rounds })));
}
