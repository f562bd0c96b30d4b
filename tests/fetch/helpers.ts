// Shared test setup: a loopback source, tiny limits, and a fetcher wired to them.
import { createFetcher, type FetcherOptions, type FetchLimits } from '../../src/fetch/index.js';
import type { FetchOutcome, SourceConfig } from '../../src/types.js';

export const UA = 'wirewatch-test/0.1 (+https://example.org/contact)';

/** Small limits so slow cases stay short; production defaults are in src/fetch/limits.ts. undici's headers and
 *  body timers tick at about 1 s resolution, so a 300 ms headers timeout fires after ~1 s: the per-source total
 *  deadline (timeoutMs) stays above that unless a test is about the total deadline itself. */
export const TEST_LIMITS: Partial<FetchLimits> = {
  connectTimeoutMs: 500,
  headersTimeoutMs: 300,
  bodyIdleTimeoutMs: 300,
  backoffBaseMs: 10,
  backoffMaxMs: 40,
  retryAfterCapMs: 1_500,
  maxCrawlDelayMs: 200,
};

/** A source allowed to reach the loopback origins it lists (allowPrivateNetwork), polite with a 20 ms gap. */
export function loopbackSource(origins: string[], o: Partial<SourceConfig> = {}): SourceConfig {
  return {
    id: 'test',
    name: 'Test source',
    outlet: 'Test source',
    lang: 'en',
    timeZone: 'Europe/Moscow',
    adapter: 'generic',
    feeds: origins.map((x) => `${x}/feed`),
    listPages: [],
    allowPrivateNetwork: true,
    enabled: true,
    minDelayMs: 20,
    perHostConcurrency: 1,
    timeoutMs: 3_000,
    maxBodyBytes: 256 * 1024,
    respectRobots: false,
    ...o,
  };
}

export function testFetcher(sources: SourceConfig[], o: Partial<FetcherOptions> = {}) {
  return createFetcher({ userAgent: UA, sources, ...o, limits: { ...TEST_LIMITS, ...o.limits } });
}

/** The outcome's kind, or the thrown error's code: one word per request for table assertions. */
export async function settle(p: Promise<FetchOutcome>): Promise<string> {
  try {
    const out = await p;
    return out.kind === 'skipped' ? `skipped:${out.reason}` : out.kind;
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'untyped';
    const status = (e as { status?: number }).status;
    return status ? `${code}:${status}` : code;
  }
}
