// The browser's network: every request Chromium makes goes through here, under the plain path's rules. The
// host must be the page's own or one of its source's (a subdomain or the bare domain of them counts: a wall's
// challenge script is served from the site it guards); the URL passes the same policy as a plain request
// (http(s), no credentials, no non-public literal unless the source may reach it); the exchange runs under the
// host's gate (delay, concurrency, deadline) through the source's dispatcher, which checks the address actually
// connected and trusts the source's extra CA for its own hosts only; the body cap is the source's.
import type { LimitFunction } from 'p-limit';
import type { SourceConfig } from '../../types.js';
import type { Exchange } from '../exchange.js';
import type { HostGate } from '../host.js';
import { checkUrl, hostsOf, isNonPublicAddress, normalizeHost } from '../policy.js';
import type { BrowserNetwork } from './tracker.js';

export interface BrowserRequestInit {
  method: 'GET' | 'POST' | 'HEAD';
  headers: Record<string, string>;
  body?: Buffer;
}

interface Deps {
  gate(url: URL): HostGate;
  signal: AbortSignal;
  global: LimitFunction;
  exchange(url: URL, init: BrowserRequestInit): Promise<Exchange>;
}

const bare = (host: string): string => host.replace(/^www\./, '');

/** `host` is `site` itself, its www/bare twin, or a subdomain of it. IP addresses match only themselves. */
export function sameSite(host: string, site: string): boolean {
  if (isNonPublicAddress(host) || isNonPublicAddress(site) || /^[\d.]+$|:/.test(host) || /^[\d.]+$|:/.test(site)) return host === site;
  const h = bare(host);
  const s = bare(site);
  return h === s || h.endsWith(`.${s}`);
}

export function browserNetwork(page: URL, source: SourceConfig, privateHosts: ReadonlySet<string>, deps: Deps): BrowserNetwork {
  const sites = [normalizeHost(page.hostname), ...hostsOf(source)];
  return {
    refusal(url) {
      const verdict = checkUrl(url.href, privateHosts);
      if (!verdict.ok) return verdict.detail;
      const host = normalizeHost(url.hostname);
      if (!sites.some((s) => sameSite(host, s))) return `${host} is neither the page's host nor its source's`;
      return undefined;
    },
    send: (url, init) => deps.gate(url).run(deps.signal, deps.global, () => deps.exchange(url, init)),
  };
}
