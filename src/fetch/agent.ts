// The undici Agent whose connector checks the address actually connected. Two checks, both needed:
//   - the DNS lookup hook refuses a name resolving to a non-public address before any SYN is sent;
//   - `socket.remoteAddress` is checked after connect, which also covers IP literals (they never call lookup)
//     and anything a lookup stub or OS resolver might hand out differently the second time (rebinding).
// One Agent per privacy policy: a source with allowPrivateNetwork or its own CA gets its own, so a keep-alive
// socket opened for its listed hosts is never reused by another source. A source's extra CA is added to the
// standard roots for its own hosts only; every other host is verified against the standard roots alone, and
// verification is never turned off.
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { Agent, buildConnector } from 'undici';
import type { SourceConfig } from '../types.js';
import { hostsOf, isNonPublicAddress, normalizeHost } from './policy.js';

/** Test hook: resolve a host name to one address (e.g. a stub mapping `rebind.test` to 127.0.0.1). */
export type LookupFn = (hostname: string) => Promise<string>;

/** Error code carried by connector refusals; classify() maps it to `ssrf_blocked`. */
export const SSRF_CODE = 'WW_SSRF_BLOCKED';

export class SsrfBlockedError extends Error {
  readonly code = SSRF_CODE;
  constructor(host: string, address: string) {
    super(`${host} resolves to non-public address ${address}; refused`);
    this.name = 'SsrfBlockedError';
  }
}

export interface GuardedAgentOptions {
  privateHosts: ReadonlySet<string>;
  connectTimeoutMs: number;
  lookup?: LookupFn;
  /** Extra CA certificates (PEM) trusted, beside the standard roots, for these hosts only. */
  extraCa?: { pem: string; hosts: ReadonlySet<string> };
}

/** The standard roots as Node trusts them (NODE_EXTRA_CA_CERTS included where Node can list it). */
function standardRoots(): string[] {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return get ? get('default') : [...tls.rootCertificates];
}

/** Whether `host` gets the extra CA: exactly the source's own hosts. */
export function usesExtraCa(o: GuardedAgentOptions, hostname: string): boolean {
  return !!o.extraCa && o.extraCa.hosts.has(normalizeHost(hostname));
}

type NodeLookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/** A `net.connect` lookup that resolves (through the stub if given) and refuses non-public answers. */
function guardedLookup(o: GuardedAgentOptions) {
  return (hostname: string, options: { all?: boolean }, cb: NodeLookupCallback): void => {
    const host = normalizeHost(hostname);
    const resolve = o.lookup
      ? o.lookup(host).then((address) => [{ address, family: isIP(address) === 6 ? 6 : 4 }])
      : dnsLookup(host, { all: true, verbatim: true });
    resolve.then(
      (addresses) => {
        const bad = addresses.find((a) => isNonPublicAddress(a.address));
        if (bad && !o.privateHosts.has(host)) return cb(new SsrfBlockedError(host, bad.address), '');
        const first = addresses[0];
        if (!first) return cb(Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' }), '');
        if (options.all) return cb(null, addresses);
        cb(null, first.address, first.family);
      },
      (err: unknown) => cb(err instanceof Error ? err : new Error(String(err)), ''),
    );
  };
}

export function createGuardedAgent(o: GuardedAgentOptions): Agent {
  const build = (ca?: string[]) =>
    buildConnector({ timeout: o.connectTimeoutMs, lookup: guardedLookup(o), ...(ca ? { ca } : {}) } as buildConnector.BuildOptions);
  const plain = build();
  const withCa = o.extraCa ? build([...standardRoots(), o.extraCa.pem]) : plain;
  const connect: buildConnector.connector = (opts, cb) =>
    (usesExtraCa(o, opts.hostname) ? withCa : plain)(opts, (err, socket) => {
      if (err || !socket) return cb(err ?? new Error('connect failed'), null);
      const host = normalizeHost(opts.hostname);
      const address = (socket as Socket).remoteAddress ?? '';
      if (!address || (isNonPublicAddress(address) && !o.privateHosts.has(host))) {
        socket.destroy();
        return cb(new SsrfBlockedError(host, address || 'unknown'), null);
      }
      cb(null, socket);
    });
  return new Agent({ connect, keepAliveTimeout: 4_000 });
}

/** The run's Agents, one per privacy policy: every source without private hosts or a CA of its own shares one. */
export class AgentPool {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly o: { connectTimeoutMs: number; lookup?: LookupFn | undefined }) {}

  /** The Agent for `source`, which may reach its `privateHosts` (policy.ts privateHostsOf) and no others. */
  of(source: SourceConfig, privateHosts: ReadonlySet<string>): Agent {
    const key = privateHosts.size || source.tls ? `source:${source.id}` : 'public';
    let agent = this.agents.get(key);
    if (!agent) {
      agent = createGuardedAgent({
        privateHosts,
        connectTimeoutMs: this.o.connectTimeoutMs,
        lookup: this.o.lookup,
        ...(source.tls ? { extraCa: { pem: source.tls.ca, hosts: hostsOf(source) } } : {}),
      });
      this.agents.set(key, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.agents.values()].map((a) => a.destroy()));
    this.agents.clear();
  }
}
