// Per-host politeness: a p-limit slot pool, a minimum gap between request starts, a Retry-After push-back and a
// circuit breaker. Guarantees: at most `concurrency` exchanges in flight per host; consecutive actual starts on
// one host at least `delayMs` apart (the turn is checked and claimed in one synchronous step after the global
// slot is held, so neither timer lateness nor a wait for a global slot can squeeze two starts together; an
// exchange whose name did not resolve sent the host nothing and gives its turn back); once
// `threshold` requests in a row failed, every later request for the host is refused with 'circuit_open'
// without touching the network.
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type { SkipReason, SourceConfig } from '../types.js';
import { hostsOf } from './policy.js';
import { lookupFailed } from './classify.js';

/** Thrown inside the fetcher to end a request as a `skipped` outcome (never escapes fetch()). */
export class Skip extends Error {
  constructor(
    readonly reason: SkipReason,
    readonly detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(detail);
    this.name = 'Skip';
  }
}

export const DEADLINE_DETAIL = 'run deadline reached or fetcher closed';
/** The longest wait a Node timer holds (2^31 - 1 ms, ~24.8 days); a longer one fires at once with a warning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sleeps, but ends early as a 'deferred' Skip when the run is over. A wait longer than a timer holds (a
 *  Crawl-delay of weeks, obeyed as written) sleeps the longest a timer can; the callers' loops wait again. */
export async function waitOrDefer(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw new Skip('deferred', DEADLINE_DETAIL);
  if (ms <= 0) return;
  try {
    await sleep(Math.min(ms, MAX_TIMER_MS), undefined, { signal });
  } catch {
    throw new Skip('deferred', DEADLINE_DETAIL);
  }
}

export interface HostRule {
  concurrency: number;
  delayMs: number;
}

/** Hosts named in sources.json get the strictest politeness among the sources naming them; other hosts (item
 *  links elsewhere) get the settings of the source asking. */
export function hostRulesOf(sources: SourceConfig[]): Map<string, HostRule> {
  const rules = new Map<string, HostRule>();
  for (const s of sources) {
    for (const host of hostsOf(s)) {
      const r = rules.get(host);
      rules.set(host, {
        concurrency: Math.min(r?.concurrency ?? Infinity, s.perHostConcurrency),
        delayMs: Math.max(r?.delayMs ?? 0, s.minDelayMs),
      });
    }
  }
  return rules;
}

export class HostGate {
  private readonly limit: LimitFunction;
  private nextStartAt = 0;
  private consecutiveFailures = 0;
  private deferredUntil = 0;
  private lastStartAt: number | undefined;
  inFlight = 0;
  maxInFlight = 0;
  /** Smallest observed gap between two exchange starts on this host (undefined until the second start). */
  minStartGapMs: number | undefined;
  open = false;
  /** Some exchange with this host got a response this run (a reset after that is no wall). */
  answered = false;

  constructor(
    readonly host: string,
    concurrency: number,
    public delayMs: number,
    private readonly threshold: number,
    /** Told when the host asks for a wait beyond the cap (deferFor), with its end: kept for later runs. */
    private readonly onDefer?: (untilMs: number) => void,
  ) {
    this.limit = pLimit(Math.max(1, concurrency));
  }

  /** Runs one exchange under the host slot, then the global slot, after the politeness gap. */
  run<T>(signal: AbortSignal, global: LimitFunction, fn: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      this.admit(signal);
      while (this.nextStartAt > Date.now()) await waitOrDefer(this.nextStartAt - Date.now(), signal);
      return global(async () => {
        // The last check and the claim run in one synchronous step (no await between them): a waiter that wakes
        // after another claimed the turn sees the new nextStartAt and waits again.
        while (this.nextStartAt > Date.now()) await waitOrDefer(this.nextStartAt - Date.now(), signal);
        this.admit(signal);
        // One clock reading for the claim and the record: two could straddle a millisecond tick, and the gap
        // recorded between two starts would then read 1 ms short of the delay that was kept.
        const now = Date.now();
        const before = { nextStartAt: this.nextStartAt, lastStartAt: this.lastStartAt, minStartGapMs: this.minStartGapMs };
        this.nextStartAt = now + this.delayMs;
        this.noteStart(now);
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        try {
          return await fn();
        } catch (e) {
          if (lookupFailed(e)) this.giveBackTurn(now, before);
          throw e;
        } finally {
          this.inFlight--;
        }
      });
    });
  }

  /** The exchange that claimed the turn at `at` sent nothing to the host (its name did not resolve), so the host owes
   *  no gap for it: a retry, or the next request, may start at once. Only while nothing else claimed a turn since. */
  private giveBackTurn(at: number, before: Pick<HostGate, 'minStartGapMs'> & { nextStartAt: number; lastStartAt?: number }): void {
    if (this.lastStartAt !== at || this.nextStartAt !== at + this.delayMs) return;
    this.nextStartAt = before.nextStartAt;
    this.lastStartAt = before.lastStartAt;
    this.minStartGapMs = before.minStartGapMs;
  }

  private noteStart(now: number): void {
    if (this.lastStartAt !== undefined) this.minStartGapMs = Math.min(this.minStartGapMs ?? Infinity, now - this.lastStartAt);
    this.lastStartAt = now;
  }

  private admit(signal: AbortSignal): void {
    if (signal.aborted) throw new Skip('deferred', DEADLINE_DETAIL);
    if (this.open) throw new Skip('circuit_open', `${this.host}: ${this.threshold} failed requests in a row`);
    const waitMs = this.deferredUntil - Date.now();
    if (waitMs > 0) throw new Skip('deferred', `${this.host} asked to retry after ${waitMs} ms (beyond the cap)`, waitMs);
  }

  /** The host asked for a wait beyond the cap: the rest of its requests this run are deferred, not slept. */
  deferFor(ms: number): void {
    this.deferUntil(Date.now() + ms);
    this.onDefer?.(this.deferredUntil);
  }

  /** Whether the host's requests are deferred unsent now (deferFor, deferUntil). */
  get held(): boolean {
    return this.deferredUntil > Date.now();
  }

  /** A wait an earlier run was asked for, still running: this run's requests are deferred until then too. */
  deferUntil(atMs: number): void {
    this.deferredUntil = Math.max(this.deferredUntil, atMs);
  }

  /** A longer delay (robots Crawl-delay) applies from the last start on, not only from the next one. */
  raiseDelay(ms: number): void {
    if (ms <= this.delayMs) return;
    this.delayMs = ms;
    if (this.lastStartAt !== undefined) this.nextStartAt = Math.max(this.nextStartAt, this.lastStartAt + ms);
  }

  /** The host asked us to wait (Retry-After): nothing else starts on it before then. */
  pushBack(ms: number): void {
    this.nextStartAt = Math.max(this.nextStartAt, Date.now() + ms);
  }

  /** Returns true when this failure opened the breaker. */
  fail(): boolean {
    this.consecutiveFailures++;
    if (!this.open && this.consecutiveFailures >= this.threshold) {
      this.open = true;
      return true;
    }
    return false;
  }

  succeed(): void {
    this.consecutiveFailures = 0;
  }
}
