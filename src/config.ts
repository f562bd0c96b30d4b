// sources.json → SourcesConfig. Validated once, at the edge: every problem is collected with its JSON path
// (not just the first), then typed values with defaults overlaid are passed inward. Nothing is fetched when
// a single issue is found (the CLI exits 2).
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname } from 'node:path';
import type { Channel, ChannelKind, ConfigIssue, FetchMode, FetchSettings, Lang, SourceConfig, SourcesConfig } from './types.js';
import { ADAPTER_IDS, isAdapterId } from './adapters/index.js';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { checkTls } from './tls-ca.js';
import { CHANNEL_DEFAULTS, CHANNEL_KINDS, isFeedKind } from './discover/channels.js';
import { ConfigError, errorMessage } from './errors.js';

export const DEFAULT_SETTINGS: FetchSettings = {
  minDelayMs: 1500,
  perHostConcurrency: 1,
  timeoutMs: 30_000,
  maxBodyBytes: 5 * 1024 * 1024,
  respectRobots: true,
};

const LANGS: readonly Lang[] = ['en', 'ru', 'zh'];
const FETCH_MODES: readonly FetchMode[] = ['plain', 'browser', 'auto'];
const SOURCE_KEYS = new Set([
  'id',
  'name',
  'outlet',
  'lang',
  'timeZone',
  'adapter',
  'feeds',
  'listPages',
  'channels',
  'staleAfterHours',
  'encoding',
  'allowPrivateNetwork',
  'enabled',
  'fetch',
  'tls',
  ...Object.keys(DEFAULT_SETTINGS),
]);
const CHANNEL_KEYS = new Set(['kind', 'url']);
/** The freshness threshold in hours: one at least, a month at most. */
const STALE_HOURS: [number, number] = [1, 24 * 31];
const TOP_KEYS = new Set(['$schema', 'userAgent', 'defaults', 'sources']);
const LIMITS: Record<keyof FetchSettings, [number, number] | 'bool'> = {
  minDelayMs: [0, 600_000],
  perHostConcurrency: [1, 64],
  timeoutMs: [100, 600_000],
  maxBodyBytes: [1024, 512 * 1024 * 1024],
  respectRobots: 'bool',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read and parse a JSON file; unreadable or invalid JSON is a ConfigError naming the file. */
export function readJsonFile(file: string, code: 'CONFIG_INVALID' | 'WATCHLIST_INVALID'): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(code, [{ file, path: '$', message: `cannot read file: ${errorMessage(e)}` }]);
  }
  const body = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new ConfigError(code, [{ file, path: '$', message: `invalid JSON: ${jsonSyntaxProblem(body, e)}` }]);
  }
}

const SYNTAX_WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a "quoted" property name',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'malformed number',
  InvalidUnicode: 'bad \\u escape',
  InvalidEscapeCharacter: 'bad escape',
  InvalidCharacter: 'control character in a string',
};

/** Where a JSON text breaks, as "line L, column C: what" (1-based, columns in UTF-16 units as editors show them).
 *  JSON.parse's own message names a byte position, or nothing, depending on the Node version; jsonc-parser's strict
 *  mode finds the first error's offset on every version. */
export function jsonSyntaxProblem(text: string, e: unknown): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return errorMessage(e);
  const before = text.slice(0, first.offset).split('\n');
  const line = before.length;
  const column = (before.at(-1) ?? '').length + 1;
  const code = printParseErrorCode(first.error);
  const near =
    first.offset < text.length ? ` near ${JSON.stringify(text.slice(first.offset, first.offset + 12))}` : ' at the end of the file';
  return `line ${line}, column ${column}: ${SYNTAX_WORDS[code] ?? code}${near}`;
}

export function loadSources(file: string): SourcesConfig {
  const r = validateSources(readJsonFile(file, 'CONFIG_INVALID'), file);
  if (!r.ok) throw new ConfigError('CONFIG_INVALID', r.issues);
  return r.value;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function checkSettings(o: Obj, path: string, issue: (p: string, m: string) => void): Partial<FetchSettings> {
  const out: Partial<FetchSettings> = {};
  for (const [key, lim] of Object.entries(LIMITS) as [keyof FetchSettings, [number, number] | 'bool'][]) {
    const v = o[key];
    if (v === undefined) continue;
    if (lim === 'bool') {
      if (typeof v !== 'boolean') issue(`${path}.${key}`, 'must be true or false');
      else (out as Record<string, unknown>)[key] = v;
    } else if (typeof v !== 'number' || !Number.isInteger(v) || v < lim[0] || v > lim[1]) {
      issue(`${path}.${key}`, `must be an integer from ${lim[0]} to ${lim[1]}`);
    } else (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

/** A feed URL problem, or undefined. Private-network hosts need the source's allowPrivateNetwork. */
function urlProblem(u: unknown, allowPrivate: boolean): string | undefined {
  if (typeof u !== 'string' || !u) return 'must be a non-empty URL string';
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    // Whatever sits before an "@" may be a password: it never reaches a message.
    return `not a valid URL: ${JSON.stringify(u.replace(/\/\/[^/?#]*@/, '//…@'))}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https are allowed, got ${url.protocol}`;
  // A password in a feed URL would be logged, kept in run reports and stored with every item of the feed.
  if (url.username || url.password)
    return 'a user name or password in the URL is not allowed (it would be written to logs, run reports and state.db); remove it';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const privateHost = host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isPrivateLiteral(host));
  if (privateHost && !allowPrivate)
    return `${host} is a loopback/private address; set "allowPrivateNetwork": true on this source to allow it`;
  return undefined;
}

function isPrivateLiteral(ip: string): boolean {
  if (ip.includes(':')) return /^(::1?$|fe80:|fc|fd|::ffff:)/i.test(ip);
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

export function validateSources(json: unknown, file: string): { ok: true; value: SourcesConfig } | { ok: false; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const issue = (path: string, message: string): void => void issues.push({ file, path, message });
  if (!isObj(json))
    return { ok: false, issues: [{ file, path: '$', message: 'must be a JSON object with "userAgent", "defaults" and "sources"' }] };
  for (const k of Object.keys(json)) if (!TOP_KEYS.has(k)) issue(`$.${k}`, 'unknown key');
  const ua = json.userAgent;
  if (typeof ua !== 'string' || ua.trim().length < 3) issue('$.userAgent', 'must be a non-empty User-Agent naming the tool and a contact');
  // A CR or LF would split the request header (every request would fail); undici sends ASCII only.
  else if (!/^[\t\x20-\x7e]+$/.test(ua))
    issue('$.userAgent', 'must be one line of printable ASCII (no CR, LF, control or non-ASCII characters)');
  let defaults = DEFAULT_SETTINGS;
  if (json.defaults !== undefined) {
    if (!isObj(json.defaults)) issue('$.defaults', 'must be an object');
    else {
      for (const k of Object.keys(json.defaults))
        if (!(k in DEFAULT_SETTINGS)) issue(`$.defaults.${k}`, `unknown key (defaults are ${Object.keys(DEFAULT_SETTINGS).join(', ')})`);
      defaults = { ...DEFAULT_SETTINGS, ...checkSettings(json.defaults, '$.defaults', issue) };
    }
  }
  const sources: SourceConfig[] = [];
  if (!Array.isArray(json.sources) || json.sources.length === 0) issue('$.sources', 'must be a non-empty array');
  else {
    const seen = new Set<string>();
    json.sources.forEach((s, i) => {
      const src = validateSource(s, `$.sources[${i}]`, defaults, issue, dirname(file));
      if (!src) return;
      if (seen.has(src.id)) issue(`$.sources[${i}].id`, `duplicate id "${src.id}"`);
      seen.add(src.id);
      sources.push(src);
    });
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { userAgent: (ua as string).trim(), defaults, sources } };
}

/** `channels`: [{ "kind": "rss"|"atom"|"sitemap"|"listing", "url": … }], each URL checked like a feed's. */
function channelList(v: unknown, p: string, allowPrivate: boolean, issue: (p: string, m: string) => void): Channel[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return (issue(p, 'must be an array of {"kind", "url"} objects'), []);
  const out: Channel[] = [];
  v.forEach((c, j) => {
    const at = `${p}[${j}]`;
    if (!isObj(c)) return issue(at, 'must be an object with "kind" and "url"');
    for (const k of Object.keys(c)) if (!CHANNEL_KEYS.has(k)) issue(`${at}.${k}`, 'unknown key');
    const kind = c.kind as ChannelKind;
    if (!CHANNEL_KINDS.includes(kind)) issue(`${at}.kind`, `must be one of ${CHANNEL_KINDS.join(', ')}`);
    const prob = urlProblem(c.url, allowPrivate);
    if (prob) issue(`${at}.url`, prob);
    if (CHANNEL_KINDS.includes(kind) && !prob) out.push({ kind, url: c.url as string });
  });
  return out;
}

function validateSource(
  s: unknown,
  p: string,
  defaults: FetchSettings,
  issue: (p: string, m: string) => void,
  baseDir: string,
): SourceConfig | undefined {
  if (!isObj(s)) return void issue(p, 'must be an object');
  let problems = 0;
  const counted = (path: string, m: string): void => {
    problems++;
    issue(path, m);
  };
  for (const k of Object.keys(s)) if (!SOURCE_KEYS.has(k)) counted(`${p}.${k}`, 'unknown key');
  const str = (k: string, re?: RegExp): string => {
    const v = s[k];
    if (typeof v !== 'string' || !v.trim()) counted(`${p}.${k}`, 'must be a non-empty string');
    else if (re && !re.test(v)) counted(`${p}.${k}`, `must match ${re}`);
    return typeof v === 'string' ? v.trim() : '';
  };
  const id = str('id', /^[a-z0-9][a-z0-9-]*$/);
  const name = str('name');
  const lang = str('lang') as Lang;
  if (lang && !LANGS.includes(lang)) counted(`${p}.lang`, `must be one of ${LANGS.join(', ')}`);
  const timeZone = str('timeZone');
  if (timeZone && !validTimeZone(timeZone)) counted(`${p}.timeZone`, `unknown IANA time zone "${timeZone}" (Beijing is Asia/Shanghai)`);
  // A source without an outlet is its own outlet, named like the source.
  const outlet = s.outlet === undefined ? name : str('outlet');
  const adapter = str('adapter');
  if (adapter && !isAdapterId(adapter)) counted(`${p}.adapter`, `must be one of ${ADAPTER_IDS.join(', ')}`);
  const allowPrivateNetwork = s.allowPrivateNetwork ?? false;
  if (typeof allowPrivateNetwork !== 'boolean') counted(`${p}.allowPrivateNetwork`, 'must be true or false');
  const enabled = s.enabled ?? true;
  if (typeof enabled !== 'boolean') counted(`${p}.enabled`, 'must be true or false');
  const urls = (k: 'feeds' | 'listPages', required: boolean): string[] => {
    const v = s[k];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v) || (required && v.length === 0)) return (counted(`${p}.${k}`, 'must be a non-empty array of URLs'), []);
    v.forEach((u, j) => {
      const prob = urlProblem(u, allowPrivateNetwork === true);
      if (prob) counted(`${p}.${k}[${j}]`, prob);
    });
    return v.filter((u): u is string => typeof u === 'string');
  };
  const channels = [
    ...urls('feeds', s.channels === undefined).map((url): Channel => ({ kind: 'rss', url })),
    ...urls('listPages', false).map((url): Channel => ({ kind: 'listing', url })),
    ...channelList(s.channels, `${p}.channels`, allowPrivateNetwork === true, counted),
  ];
  if (s.channels !== undefined && channels.length === 0) counted(`${p}.channels`, 'must list at least one channel');
  const feeds = channels.filter((c) => isFeedKind(c.kind)).map((c) => c.url);
  const listPages = channels.filter((c) => c.kind === 'listing').map((c) => c.url);
  const staleAfterHours = s.staleAfterHours ?? CHANNEL_DEFAULTS.staleAfterHours;
  if (
    typeof staleAfterHours !== 'number' ||
    !Number.isInteger(staleAfterHours) ||
    staleAfterHours < STALE_HOURS[0] ||
    staleAfterHours > STALE_HOURS[1]
  ) {
    counted(`${p}.staleAfterHours`, `must be an integer number of hours from ${STALE_HOURS[0]} to ${STALE_HOURS[1]}`);
  }
  let encoding: string | undefined;
  if (s.encoding !== undefined) {
    encoding = typeof s.encoding === 'string' ? s.encoding : undefined;
    let ok = false;
    try {
      ok = encoding !== undefined && Boolean(new TextDecoder(encoding));
    } catch {
      ok = false;
    }
    if (!ok) counted(`${p}.encoding`, `unknown encoding ${JSON.stringify(s.encoding)}`);
  }
  const settings = checkSettings(s, p, counted);
  const fetch = s.fetch ?? 'plain';
  if (typeof fetch !== 'string' || !FETCH_MODES.includes(fetch as FetchMode))
    counted(`${p}.fetch`, `must be one of ${FETCH_MODES.join(', ')}`);
  const tls = checkTls(s.tls, `${p}.tls`, baseDir, counted);
  if (problems > 0) return undefined;
  return {
    id,
    name,
    outlet,
    lang,
    timeZone,
    adapter,
    feeds,
    listPages,
    channels,
    staleAfterHours: staleAfterHours as number,
    encoding,
    allowPrivateNetwork: allowPrivateNetwork === true,
    enabled: enabled === true,
    ...defaults,
    ...settings,
    ...(fetch !== 'plain' ? { fetch: fetch as FetchMode } : {}),
    ...(tls ? { tls } : {}),
  };
}
