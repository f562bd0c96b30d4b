// Network policy: which URLs may be fetched and which peer addresses may be connected.
// The URL check runs before any request (scheme, credentials, IP literals). Names are checked again on the
// address actually connected (see agent.ts), because a lookup-only or URL-only check misses IP literals in
// decimal/hex forms and DNS rebinding. WHATWG URL already rewrites `2130706433` and
// `0x7f.1` to `127.0.0.1`, so the literal check sees the canonical dotted form.
import { BlockList, isIP } from 'node:net';
import type { SourceConfig } from '../types.js';

/** Non-public ranges (IANA special-purpose registries). IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is matched
 *  against the IPv4 rules by BlockList itself. */
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: [string, number][] = [
  ['::', 96], // unspecified, loopback ::1 and the deprecated IPv4-compatible ::a.b.c.d
  ['64:ff9b::', 96], // NAT64: the embedded IPv4 could be anything, including 127.0.0.1
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

const blockList = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blockList.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) blockList.addSubnet(net, prefix, 'ipv6');

/** Strip IPv6 brackets and lowercase, so URL hostnames and connector hostnames compare equal. */
export function normalizeHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** True for loopback, private, link-local, CGNAT, multicast, reserved and the other non-public ranges. */
export function isNonPublicAddress(address: string): boolean {
  const a = normalizeHost(address);
  const family = isIP(a);
  if (family === 0) return false;
  return blockList.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/** The hosts a source names in its channels: feeds, sitemaps, listings (unparsable URLs are config errors, reported there). */
export function hostsOf(source: SourceConfig): Set<string> {
  const hosts = new Set<string>();
  for (const u of [...source.feeds, ...source.listPages, ...(source.channels ?? []).map((c) => c.url)]) {
    if (URL.canParse(u)) hosts.add(normalizeHost(new URL(u).hostname));
  }
  return hosts;
}

/** Hosts a source may reach on private addresses: those of its own feeds and listPages, and only when it sets
 *  allowPrivateNetwork. Everything else (redirect targets, item links) gets the public-only policy. */
export function privateHostsOf(source: SourceConfig): ReadonlySet<string> {
  return source.allowPrivateNetwork ? hostsOf(source) : new Set();
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: 'scheme' | 'ssrf'; detail: string };

/** Checks a URL before any connection: http(s) only, no credentials, no non-public IP literal unless the host
 *  is in `privateHosts`. Names pass here and are checked at connect time. */
export function checkUrl(raw: string, privateHosts: ReadonlySet<string>): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'scheme', detail: `not a valid URL: ${raw.slice(0, 200)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'scheme', detail: `scheme ${url.protocol} is not fetched (http and https only)` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'scheme', detail: 'credentials in the URL are not sent' };
  }
  const host = normalizeHost(url.hostname);
  if (isNonPublicAddress(host) && !privateHosts.has(host)) {
    return { ok: false, reason: 'ssrf', detail: `${host} is a non-public address` };
  }
  return { ok: true, url };
}
