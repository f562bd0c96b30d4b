// One live fetch for `extract URL` and `record URL`. A page that cannot be had (host unreachable, deferred by
// robots.txt's host being down, refused) is no usage error: the command line was right, the network was not.
// The caller prints the reason and exits 3 (the command ran; its source failed), without a usage line.
import type { FetchOutcome, FetchRequest, Fetcher } from '../types.js';
import { CrawlError, errorMessage } from '../errors.js';

const OFFLINE_CODES = /network_error|timeout_connect|timeout_headers|dns/;

export type Fetched = Extract<FetchOutcome, { kind: 'fresh' }>;

export async function fetchOne(fetcher: Fetcher, req: FetchRequest): Promise<{ ok: true; out: Fetched } | { ok: false; why: string }> {
  let why: string;
  try {
    const out = await fetcher.fetch(req);
    if (out.kind === 'fresh') return { ok: true, out };
    why = out.kind === 'skipped' ? `${out.reason}: ${out.detail}` : 'answered 304 Not Modified';
  } catch (e) {
    why = e instanceof CrawlError ? `${e.code}: ${e.message}` : errorMessage(e);
  }
  const hint = OFFLINE_CODES.test(why) ? ' (the host did not answer: offline, or a firewall?)' : '';
  return { ok: false, why: `${why}${hint}` };
}
