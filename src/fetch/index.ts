// The fetch layer's public face. createFetcher() is the only way in; the crawl, `sources check` and replay all
// use it, so politeness, limits and the network policy cannot be bypassed by one caller.
import type { Fetcher } from '../types.js';
import { FetcherImpl, type FetcherOptions } from './fetcher.js';
import type { FetchStats } from './limits.js';

export type { FetcherOptions } from './fetcher.js';
export type { FetchLimits, FetchStats } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export type { LookupFn } from './agent.js';
export { checkUrl, isNonPublicAddress, privateHostsOf, type UrlVerdict } from './policy.js';
export { BlockedError, detectChallenge, looksLikeFeed, type Challenge } from './challenge.js';
export { createReplayDispatcher, replayProblems, type Replay } from './replay.js';

export function createFetcher(opts: FetcherOptions): Fetcher & { stats(): FetchStats } {
  const impl = new FetcherImpl(opts);
  return {
    fetch: (req) => impl.fetch(req),
    isHeld: (url) => impl.isHeld(url),
    close: () => impl.close(),
    stats: () => impl.stats(),
  };
}
