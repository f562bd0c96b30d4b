// One hop of a fetch, retried: the exchange runs under its host's gate and the global limit; transient failures
// wait a jittered backoff (or the server's Retry-After, up to its cap) and go again, up to the budget of their
// code. Guarantees: a hop ends as one exchange the caller may use, or one thrown Skip / CrawlError already booked
// against the host's breaker; a wait ends early, as a deferral, when the run's signal aborts.
import type { Logger } from 'pino';
import type { LimitFunction } from 'p-limit';
import { CrawlError } from '../errors.js';
import type { FetchRequest, SourceConfig } from '../types.js';
import { backoffMs, classify, countsAgainstHost, isResetBeforeResponse, parseRetryAfter, retryBudget, RETRY_STATUSES } from './classify.js';
import { resetWall } from './challenge.js';
import type { Exchange } from './exchange.js';
import { challengeError, challengeIn2xx } from './hop.js';
import { Skip, waitOrDefer, type HostGate } from './host.js';
import type { FetchLimits, FetchStats } from './limits.js';
import { walled } from './browser/walled-path.js';

/** Codes meaning the host never answered (offline, DNS, firewall): worth a word before the retries. */
const UNANSWERED: ReadonlySet<string> = new Set(['network_error', 'timeout_connect', 'timeout_headers']);

/** What one fetch() is about, carried through its hops. */
export interface FetchCtx {
  req: FetchRequest;
  source: SourceConfig;
  privateHosts: ReadonlySet<string>;
}

/** The fetcher's parts a hop uses: its limits and counters (written here), the run's signal and global limit. */
export interface RetryDeps {
  limits: FetchLimits;
  counters: FetchStats;
  signal: AbortSignal;
  global: LimitFunction;
  log: Logger | undefined;
  /** Hosts whose first unanswered attempt was already reported (one line per host, not one per retry). */
  toldUnreachable: Set<string>;
}

/** Runs `attempt` (one exchange with `url`) under `gate` until it gives an exchange that is neither a challenge nor a retryable status. */
export async function withRetries(
  d: RetryDeps,
  gate: HostGate,
  url: URL,
  ctx: FetchCtx,
  attempt: () => Promise<Exchange>,
): Promise<Exchange> {
  for (let n = 0; ; n++) {
    let ex: Exchange;
    try {
      ex = await gate.run(d.signal, d.global, attempt);
    } catch (e) {
      if (e instanceof Skip) throw e;
      const err = classify(e, 'headers', url.href);
      const budget = retryBudget(err.code, d.limits);
      if (n < budget) {
        tellUnreachable(d, gate, err.code, budget);
        await retryWait(d, err.code, backoffMs(n, d.limits));
        continue;
      }
      // A source declared walled ("fetch": "auto"/"browser") reads a reset from a host that never answered as
      // the F5/Shape wall; for other sources it stays a network error (a crashed server resets too).
      const wall = walled(ctx.source) && !gate.answered && isResetBeforeResponse(err);
      throw failed(d, gate, wall ? resetWall(ctx.req.url, n + 1) : err, budget > 0);
    }
    gate.answered = true;
    const blocked = challengeError(ex, ctx.req.url) ?? (walled(ctx.source) ? challengeIn2xx(ex, ctx.req.url) : undefined);
    if (blocked) throw failed(d, gate, blocked, false);
    if (!RETRY_STATUSES.has(ex.status)) {
      gate.succeed();
      return ex;
    }
    const retryAfterMs = parseRetryAfter(ex.headers['retry-after'], Date.now());
    if (retryAfterMs !== undefined && retryAfterMs > d.limits.retryAfterCapMs) {
      gate.deferFor(retryAfterMs);
      throw new Skip(
        'deferred',
        `HTTP ${ex.status} with Retry-After ${retryAfterMs} ms (cap ${d.limits.retryAfterCapMs} ms)`,
        retryAfterMs,
      );
    }
    if (n < d.limits.retries) {
      if (retryAfterMs !== undefined) gate.pushBack(retryAfterMs);
      await retryWait(d, `http_${ex.status}`, Math.max(retryAfterMs ?? 0, backoffMs(n, d.limits)));
      continue;
    }
    const err = new CrawlError('http_status', `HTTP ${ex.status} for ${url.href} after ${n + 1} attempts`, {
      disposition: 'retry',
      url: ctx.req.url,
      status: ex.status,
    });
    throw failed(d, gate, err, d.limits.retries > 0);
  }
}

/** An offline start otherwise spends its retries in silence: say once per host what is happening. */
function tellUnreachable(d: RetryDeps, gate: HostGate, code: string, budget: number): void {
  if (!UNANSWERED.has(code) || d.toldUnreachable.has(gate.host)) return;
  d.toldUnreachable.add(gate.host);
  d.log?.info(
    { host: gate.host, code, retries: budget },
    `${gate.host} does not answer (${code}); retrying up to ${budget} times with backoff (offline?)`,
  );
}

async function retryWait(d: RetryDeps, reason: string, ms: number): Promise<void> {
  d.counters.retries++;
  d.counters.retryReasons[reason] = (d.counters.retryReasons[reason] ?? 0) + 1;
  await waitOrDefer(ms, d.signal);
}

/** Books a request's final failure: retry exhaustion and the host's breaker. */
function failed(d: RetryDeps, gate: HostGate, err: CrawlError, retriesSpent: boolean): CrawlError {
  if (retriesSpent) d.counters.retryMaxReached++;
  if (!countsAgainstHost(err)) gate.succeed();
  else if (gate.fail()) {
    d.counters.circuitOpen.push(gate.host);
    d.log?.warn({ host: gate.host, code: err.code }, 'circuit breaker open: the rest of this host is skipped');
  }
  return err;
}
