// Replay of recorded responses (`crawl --replay DIR`) through an undici MockAgent with net connect disabled,
// so the crawl runs the very same fetcher (politeness, limits, redirects, decompression) on recorded bytes.
// Layout (brief): every body file has a sidecar `<bodyfile>.meta.json` = { url, status, headers, fetchedAt }.
// Guarantees: nothing reaches the network; a recorded etag/last-modified answers a matching conditional GET
// with 304, so a second replayed run is not_modified; an unknown URL answers 404 and is listed in `misses`
// (robots.txt excepted: most fixture sets record none, and 404 there means "allow").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { MockAgent, type Dispatcher } from 'undici';

const META_SUFFIX = '.meta.json';
/** Hop-by-hop and length headers are never replayed (the length is recomputed from the body file). */
const DROP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
/** Sanity bound for checking that a recorded Content-Encoding matches the recorded bytes. */
const MAX_CHECK_BYTES = 64 * 1024 * 1024;

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Replay {
  dispatcher: Dispatcher;
  /** URLs asked for but not recorded (answered 404), in request order. */
  misses: string[];
}

/** Requested URL → lookup key: fragment dropped, WHATWG-normalised. */
function keyOf(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

/** A sidecar may name an encoding its body file does not carry (a hand-written fixture, a recorder that stored
 *  decoded bytes); serving that header would make every replay a decode_error, so it is dropped then. */
function encodingMatches(coding: string, body: Buffer): boolean {
  const opts = { maxOutputLength: MAX_CHECK_BYTES };
  try {
    if (coding === 'gzip' || coding === 'x-gzip') zlib.gunzipSync(body, opts);
    else if (coding === 'br') zlib.brotliDecompressSync(body, opts);
    else if (coding === 'deflate') zlib.inflateSync(body, opts);
    return true;
  } catch {
    return false;
  }
}

interface Meta {
  url: string;
  status: number;
  headers?: unknown;
}

/** A sidecar's fields, or what is wrong with it (naming the file). */
function parseMeta(metaPath: string, text: string): Meta | string {
  let meta: { url?: unknown; status?: unknown; headers?: unknown };
  try {
    meta = JSON.parse(text);
  } catch (e) {
    return `${metaPath}: not JSON (${(e as Error).message})`;
  }
  if (!meta || typeof meta !== 'object') return `${metaPath}: must be a JSON object`;
  if (typeof meta.url !== 'string' || !URL.canParse(meta.url)) return `${metaPath}: "url" must be an absolute URL`;
  const status = meta.status === undefined ? 200 : meta.status;
  if (typeof status !== 'number' || !Number.isInteger(status)) return `${metaPath}: "status" must be an integer`;
  return { url: meta.url, status, headers: meta.headers };
}

/** Sidecars under `dir`, in name order (so problems and "recorded twice" read the same on every filesystem). */
function* walkSync(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walkSync(full);
    else if (entry.isFile() && entry.name.endsWith(META_SUFFIX)) yield full;
  }
}

/** Every problem of the recordings under `dir`, each naming its file: a sidecar that is not JSON, has no absolute
 *  `url` or an odd `status`, a body file missing, a URL recorded twice. Synchronous and reads no body: the command
 *  line checks a replay folder with it before a run opens anything, so a bad recording is a usage error. */
export function replayProblems(dir: string): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const metaPath of walkSync(dir)) {
    const meta = parseMeta(metaPath, readFileSync(metaPath, 'utf8'));
    if (typeof meta === 'string') {
      problems.push(meta);
      continue;
    }
    const bodyPath = metaPath.slice(0, -META_SUFFIX.length);
    if (!existsSync(bodyPath)) problems.push(`${metaPath}: its body file ${path.basename(bodyPath)} is missing`);
    const key = keyOf(meta.url);
    const first = seen.get(key);
    if (first) problems.push(`${metaPath}: ${key} is recorded twice (also in ${first})`);
    else seen.set(key, metaPath);
  }
  return problems;
}

async function loadRecording(metaPath: string): Promise<[string, Recorded]> {
  const meta = parseMeta(metaPath, await readFile(metaPath, 'utf8'));
  if (typeof meta === 'string') throw new Error(meta);
  const { status } = meta;
  const body = await readFile(metaPath.slice(0, -META_SUFFIX.length));
  const headers = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries((meta.headers ?? {}) as Record<string, unknown>)) {
    const name = k.toLowerCase();
    if (!DROP_HEADERS.has(name) && typeof v === 'string') headers[name] = v;
  }
  const coding = headers['content-encoding']?.trim().toLowerCase();
  if (coding && !encodingMatches(coding, body)) delete headers['content-encoding'];
  return [keyOf(meta.url), { status, headers, body }];
}

function requestHeader(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) if (String(headers[i]).toLowerCase() === name) return String(headers[i + 1]);
    return undefined;
  }
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) if (k.toLowerCase() === name) return String(v);
  return undefined;
}

/** 304 when the request's validators match the recording (RFC 9110 §13.1: If-None-Match wins). */
function notModified(rec: Recorded, reqHeaders: unknown): boolean {
  const inm = requestHeader(reqHeaders, 'if-none-match');
  if (inm !== undefined) {
    const etag = rec.headers.etag;
    return (
      etag !== undefined &&
      inm
        .split(',')
        .map((t) => t.trim().replace(/^W\//, ''))
        .includes(etag.replace(/^W\//, ''))
    );
  }
  const ims = requestHeader(reqHeaders, 'if-modified-since');
  const lm = rec.headers['last-modified'];
  if (ims === undefined || lm === undefined) return false;
  const since = Date.parse(ims);
  const modified = Date.parse(lm);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

export async function createReplayDispatcher(dir: string): Promise<Replay> {
  const recordings = new Map<string, Recorded>();
  for (const metaPath of walkSync(dir)) {
    const [key, rec] = await loadRecording(metaPath);
    if (recordings.has(key)) throw new Error(`${metaPath}: ${key} is recorded twice`);
    recordings.set(key, rec);
  }
  const misses: string[] = [];
  const agent = new MockAgent({ connections: 1 });
  agent.disableNetConnect();
  const origins = new Set<string>();

  const intercept = (origin: string): void => {
    origins.add(origin);
    agent
      .get(origin)
      .intercept({ path: () => true, method: 'GET' })
      .reply((opts) => {
        const url = keyOf(new URL(opts.path, origin).href);
        const rec = recordings.get(url);
        if (!rec) {
          if (new URL(url).pathname !== '/robots.txt') misses.push(url);
          return { statusCode: 404, data: '' };
        }
        if (notModified(rec, opts.headers)) {
          const keep = Object.fromEntries(['etag', 'last-modified', 'date'].flatMap((h) => (rec.headers[h] ? [[h, rec.headers[h]]] : [])));
          return { statusCode: 304, data: '', responseOptions: { headers: keep } };
        }
        const headers = { ...rec.headers, 'content-length': String(rec.body.length) };
        return { statusCode: rec.status, data: rec.body, responseOptions: { headers } };
      })
      .persist();
  };
  // Every origin, recorded or not, gets one catch-all interceptor the first time it is asked for.
  const dispatcher = agent.compose((dispatch) => (opts, handler) => {
    const origin = new URL(String(opts.origin)).origin;
    if (!origins.has(origin)) intercept(origin);
    return dispatch(opts, handler);
  });
  return { dispatcher, misses };
}
