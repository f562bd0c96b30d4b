// One source of sources.json → SourceConfig, and the fetch settings a source or the defaults may set: every
// problem reported with its JSON path (config.ts collects them for the whole file), nothing thrown.
import { isIP } from 'node:net';
import type { Channel, ChannelKind, FetchMode, FetchSettings, Lang, SourceConfig } from './types.js';
import { ADAPTER_IDS, isAdapterId } from './adapters/index.js';
import { checkTls } from './tls-ca.js';
import { CHANNEL_DEFAULTS, CHANNEL_KINDS, channelKey, isFeedKind } from './discover/channels.js';
import { didYouMean } from './text/closest.js';

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
const LIMITS: Record<keyof FetchSettings, [number, number] | 'bool'> = {
  minDelayMs: [0, 600_000],
  perHostConcurrency: [1, 64],
  timeoutMs: [100, 600_000],
  maxBodyBytes: [1024, 512 * 1024 * 1024],
  respectRobots: 'bool',
};

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The likely zone for a mistyped one ("Europe/Moskow"), else an example of the form. */
function zoneHint(typed: string): string {
  return didYouMean(typed, Intl.supportedValuesOf('timeZone')) || ' (Beijing is Asia/Shanghai, Moscow Europe/Moscow)';
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function checkSettings(o: Obj, path: string, issue: (p: string, m: string) => void): Partial<FetchSettings> {
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

/** `channels`: [{ "kind": "rss"|"atom"|"sitemap"|"listing", "url": … }], each URL checked like a feed's. */
function channelList(v: unknown, p: string, allowPrivate: boolean, issue: (p: string, m: string) => void): Channel[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return (issue(p, 'must be an array of {"kind", "url"} objects'), []);
  const out: Channel[] = [];
  v.forEach((c, j) => {
    const at = `${p}[${j}]`;
    if (!isObj(c)) return issue(at, 'must be an object with "kind" and "url"');
    for (const k of Object.keys(c)) if (!CHANNEL_KEYS.has(k)) issue(`${at}.${k}`, `unknown key${didYouMean(k, CHANNEL_KEYS)}`);
    const kind = c.kind as ChannelKind;
    if (!CHANNEL_KINDS.includes(kind)) issue(`${at}.kind`, `must be one of ${CHANNEL_KINDS.join(', ')}`);
    const prob = urlProblem(c.url, allowPrivate);
    if (prob) issue(`${at}.url`, prob);
    if (CHANNEL_KINDS.includes(kind) && !prob) out.push({ kind, url: c.url as string });
  });
  return out;
}

/** A source's channels: its `feeds` (RSS or Atom, required without `channels`), its `listPages` and its
 *  `channels`, each URL checked. */
function sourceChannels(s: Record<string, unknown>, p: string, allowPrivate: boolean, issue: (p: string, m: string) => void): Channel[] {
  const urls = (k: 'feeds' | 'listPages', required: boolean): string[] => {
    const v = s[k];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v) || (required && v.length === 0)) return (issue(`${p}.${k}`, 'must be a non-empty array of URLs'), []);
    v.forEach((u, j) => {
      const prob = urlProblem(u, allowPrivate);
      if (prob) issue(`${p}.${k}[${j}]`, prob);
    });
    return v.filter((u): u is string => typeof u === 'string');
  };
  const channels = [
    ...urls('feeds', s.channels === undefined).map((url): Channel => ({ kind: 'rss', url })),
    ...urls('listPages', false).map((url): Channel => ({ kind: 'listing', url })),
    ...channelList(s.channels, `${p}.channels`, allowPrivate, issue),
  ];
  // Only when nothing was listed: channels listed but each wrong have said so already, one by one.
  if (Array.isArray(s.channels) && s.channels.length === 0 && channels.length === 0)
    issue(`${p}.channels`, 'must list at least one channel');
  return channels;
}

/** Each channel URL a raw source lists, with its JSON path (feeds, listPages, channels), for checks across
 *  sources; a URL that does not parse is left to sourceChannels to report. */
export function channelUrlPaths(s: unknown, p: string): { url: string; path: string }[] {
  if (!isObj(s)) return [];
  const listed = (k: 'feeds' | 'listPages'): { url: string; path: string }[] =>
    Array.isArray(s[k]) ? s[k].map((u, j) => ({ url: u, path: `${p}.${k}[${j}]` })) : [];
  const channels = Array.isArray(s.channels)
    ? s.channels.map((c, j) => ({ url: isObj(c) ? c.url : undefined, path: `${p}.channels[${j}].url` }))
    : [];
  return [...listed('feeds'), ...listed('listPages'), ...channels].flatMap(({ url, path }) => {
    const key = typeof url === 'string' ? channelKey(url) : undefined;
    return key === undefined ? [] : [{ url: key, path }];
  });
}

/** A source's charset hint: a label TextDecoder knows (WHATWG's names and aliases), or none. */
function checkEncoding(v: unknown, p: string, issue: (p: string, m: string) => void): string | undefined {
  if (v === undefined) return undefined;
  const encoding = typeof v === 'string' ? v : undefined;
  let ok = false;
  try {
    ok = encoding !== undefined && Boolean(new TextDecoder(encoding));
  } catch {
    ok = false;
  }
  if (!ok) issue(p, `unknown encoding ${JSON.stringify(v)}`);
  return encoding;
}

/** The fields that name a source and pick how it is read. A source without an outlet is its own outlet, named like
 *  the source. */
function sourceNames(
  s: Record<string, unknown>,
  p: string,
  issue: (p: string, m: string) => void,
): Pick<SourceConfig, 'id' | 'name' | 'outlet' | 'lang' | 'timeZone' | 'adapter'> {
  const str = (k: string, re?: RegExp): string => {
    const v = s[k];
    if (typeof v !== 'string' || !v.trim()) issue(`${p}.${k}`, 'must be a non-empty string');
    else if (re && !re.test(v)) issue(`${p}.${k}`, `must match ${re}`);
    return typeof v === 'string' ? v.trim() : '';
  };
  const id = str('id', /^[a-z0-9][a-z0-9-]*$/);
  const name = str('name');
  const lang = str('lang') as Lang;
  if (lang && !LANGS.includes(lang)) issue(`${p}.lang`, `must be one of ${LANGS.join(', ')}`);
  const timeZone = str('timeZone');
  if (timeZone && !validTimeZone(timeZone)) issue(`${p}.timeZone`, `unknown IANA time zone "${timeZone}"${zoneHint(timeZone)}`);
  const outlet = s.outlet === undefined ? name : str('outlet');
  const adapter = str('adapter');
  if (adapter && !isAdapterId(adapter)) issue(`${p}.adapter`, `must be one of ${ADAPTER_IDS.join(', ')}`);
  return { id, name, outlet, lang, timeZone, adapter };
}

/** How old a channel's newest item may be before the channel reads as stale: whole hours within STALE_HOURS. */
function checkStaleHours(v: unknown, p: string, issue: (p: string, m: string) => void): number {
  const hours = v ?? CHANNEL_DEFAULTS.staleAfterHours;
  if (typeof hours === 'number' && Number.isInteger(hours) && hours >= STALE_HOURS[0] && hours <= STALE_HOURS[1]) return hours;
  issue(p, `must be an integer number of hours from ${STALE_HOURS[0]} to ${STALE_HOURS[1]}`);
  return CHANNEL_DEFAULTS.staleAfterHours;
}

export function validateSource(
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
  for (const k of Object.keys(s)) if (!SOURCE_KEYS.has(k)) counted(`${p}.${k}`, `unknown key${didYouMean(k, SOURCE_KEYS)}`);
  const { id, name, outlet, lang, timeZone, adapter } = sourceNames(s, p, counted);
  const allowPrivateNetwork = s.allowPrivateNetwork ?? false;
  if (typeof allowPrivateNetwork !== 'boolean') counted(`${p}.allowPrivateNetwork`, 'must be true or false');
  const enabled = s.enabled ?? true;
  if (typeof enabled !== 'boolean') counted(`${p}.enabled`, 'must be true or false');
  const channels = sourceChannels(s, p, allowPrivateNetwork === true, counted);
  const feeds = channels.filter((c) => isFeedKind(c.kind)).map((c) => c.url);
  const listPages = channels.filter((c) => c.kind === 'listing').map((c) => c.url);
  const staleAfterHours = checkStaleHours(s.staleAfterHours, `${p}.staleAfterHours`, counted);
  const encoding = checkEncoding(s.encoding, `${p}.encoding`, counted);
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
    staleAfterHours,
    encoding,
    allowPrivateNetwork: allowPrivateNetwork === true,
    enabled: enabled === true,
    ...defaults,
    ...settings,
    ...(fetch !== 'plain' ? { fetch: fetch as FetchMode } : {}),
    ...(tls ? { tls } : {}),
  };
}
