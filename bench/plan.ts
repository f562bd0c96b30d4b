// Which page every feed item is: shared by the loopback server (which serves it) and the limit child (which parses
// the very same bytes), so "the same pages" holds by construction.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SourceConfig, SourcesConfig } from '../src/types.js';
import { createGenerator, loadSkeletons, type Generator, type Kind, type PageParts } from './pages.js';

export const PLAN_DEFAULTS = { feeds: 50, firstHost: 2 };

/** The repository root, from bench/ (tsx) or dist-bench/bench/ (compiled): the nearest folder with a package.json. */
export function repoRoot(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'fixtures'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no repository root above ${from}`);
    dir = up;
  }
  return dir;
}

/** The source kinds, taken from the repository's sources.json (adapter, language, zone, charset hint). */
export function kindsOf(root: string): Kind[] {
  const cfg = JSON.parse(readFileSync(join(root, 'sources.json'), 'utf8')) as { sources: (Kind & { encoding?: string })[] };
  return cfg.sources.map((s) => ({
    id: s.id,
    adapter: s.adapter,
    lang: s.lang,
    timeZone: s.timeZone,
    ...(s.encoding ? { encoding: s.encoding } : {}),
  }));
}

export interface Plan {
  root: string;
  kinds: Kind[];
  gen: Generator;
  feedKind(feed: number): Kind;
  /** Bytes of item `item` of feed `feed`, in three parts (see pages.ts). */
  page(feed: number, item: number): PageParts;
}

export function createPlan(root = repoRoot()): Plan {
  const kinds = kindsOf(root);
  const gen = createGenerator(loadSkeletons(root, kinds), kinds);
  const byKind = new Map(kinds.map((k) => [k.id, gen.skeletons.flatMap((s, i) => (s.kind === k.id ? [i] : []))]));
  const feedKind = (feed: number): Kind => kinds[feed % kinds.length]!;
  return {
    root,
    kinds,
    gen,
    feedKind,
    page(feed, item) {
      const list = byKind.get(feedKind(feed).id)!;
      const skeleton = list[(feed * 31 + item) % list.length]!;
      return gen.page(skeleton, (item * 7 + feed) % 3, feed * 1_000_003 + item);
    },
  };
}

export const hostOf = (feed: number): string => `127.0.0.${PLAN_DEFAULTS.firstHost + feed}`;
export const feedUrl = (feed: number, port: number): string => `http://${hostOf(feed)}:${port}/feed.xml`;
export const pageUrl = (feed: number, item: number, port: number): string => `http://${hostOf(feed)}:${port}/a/${item}.html`;

/** One source per feed host (a source's feeds are crawled one after another; separate sources run side by side),
 *  the adapter, language and charset hint of the feed's kind, politeness delays zero, robots respected. */
export function sourcesConfig(plan: Plan, ports: number[], feeds: number): SourcesConfig {
  const defaults = { minDelayMs: 0, perHostConcurrency: 1, timeoutMs: 30_000, maxBodyBytes: 5 * 1024 * 1024, respectRobots: true };
  const sources: SourceConfig[] = Array.from({ length: feeds }, (_, f) => {
    const k = plan.feedKind(f);
    return {
      ...defaults,
      id: `${k.id}-${String(f).padStart(2, '0')}`,
      name: `bench ${k.id} ${f}`,
      outlet: `bench ${k.id}`,
      lang: k.lang,
      timeZone: k.timeZone,
      adapter: k.adapter,
      feeds: [feedUrl(f, ports[f]!)],
      listPages: [],
      ...(k.encoding ? { encoding: k.encoding } : {}),
      allowPrivateNetwork: true,
      enabled: true,
    };
  });
  return { userAgent: 'wirewatch-bench/0.1 (+https://example.org/wirewatch/bench)', defaults, sources };
}
