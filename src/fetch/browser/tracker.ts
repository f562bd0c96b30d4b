// What one browser page did: the main-frame documents it received (in order), the first failure of a main
// document request, and the requests refused. passChallenge() waits on it; header shaping for the hand-over
// between Chromium and our fetch path lives here too.
import type { Cookie, Page } from 'playwright-core';
import type { EarnedCookie } from '../cookies.js';
import type { Exchange } from '../exchange.js';

/** The only way the browser reaches the network: the fetcher's own path, with its checks. */
export interface BrowserNetwork {
  /** Why the browser may not reach `url` (undefined: it may). */
  refusal(url: URL): string | undefined;
  /** One browser request through the plain path's rules. */
  send(url: URL, init: { method: 'GET' | 'POST' | 'HEAD'; headers: Record<string, string>; body?: Buffer }): Promise<Exchange>;
}

export interface Doc {
  url: URL;
  exchange: Exchange;
}

/** Request headers we set ourselves or that describe the connection, not the request. */
const DROP_REQUEST = new Set([
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'proxy-connection',
]);
/** Response headers that described the bytes on the wire; the body handed back is already decoded. */
const DROP_RESPONSE = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'set-cookie']);

export function requestHeadersOf(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (!DROP_REQUEST.has(k.toLowerCase()) && !k.startsWith(':')) out[k] = v;
  return out;
}

export function fulfilHeaders(ex: Exchange): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ex.headers)) if (!DROP_RESPONSE.has(k)) out[k] = v;
  // playwright splits a set-cookie value on newlines into separate headers.
  if (ex.setCookies?.length) out['set-cookie'] = ex.setCookies.join('\n');
  return out;
}

export function toEarned(cookies: Cookie[]): EarnedCookie[] {
  return cookies.map((c) => ({
    name: c.name,
    value: c.value,
    domain: c.domain.toLowerCase(),
    path: c.path || '/',
    expires: c.expires,
    secure: c.secure,
    httpOnly: c.httpOnly,
  }));
}

export class Tracker {
  readonly docs: Doc[] = [];
  readonly refused: string[] = [];
  private error: unknown;
  private wake: (() => void) | undefined;

  constructor(
    readonly page: Page,
    readonly network: BrowserNetwork,
  ) {}

  document(url: URL, exchange: Exchange): void {
    this.docs.push({ url, exchange });
    this.wake?.();
  }

  fail(e: unknown): void {
    this.error ??= e;
    this.wake?.();
  }

  /** A goto that failed before any document arrived (a refused first request, a closed page). */
  navigationFailed(e: unknown): void {
    if (this.docs.length === 0) this.fail(this.error ?? e);
  }

  /** The document after the first `seen`, or undefined when `waitMs` passes first; throws the page's failure. */
  async nextDocument(seen: number, waitMs: number): Promise<Doc | undefined> {
    const until = Date.now() + waitMs;
    for (;;) {
      if (this.error !== undefined) throw this.error;
      const doc = this.docs[seen];
      if (doc) return doc;
      const left = until - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
