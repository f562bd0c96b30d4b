// sources.json → SourcesConfig. Validated once, at the edge: every problem is collected with its JSON path
// (not just the first), then typed values with defaults overlaid are passed inward. Nothing is fetched when
// a single issue is found (the CLI exits 2).
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConfigIssue, SourceConfig, SourcesConfig } from './types.js';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError, errorMessage } from './errors.js';
import { DEFAULT_SETTINGS, channelUrlPaths, checkSettings, isObj, validateSource } from './config-source.js';
import { didYouMean } from './text/closest.js';

export { DEFAULT_SETTINGS };

const TOP_KEYS = new Set(['$schema', 'userAgent', 'defaults', 'sources']);

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

/** The sources a run reads: every enabled one, or those `only` names, enabled or not (naming one is the operator's
 *  deliberate choice, as when a canary checks whether a walled source is back). */
export function sourcesToRun(config: SourcesConfig, only?: readonly string[]): SourceConfig[] {
  return config.sources.filter((s) => (only ? only.includes(s.id) : s.enabled));
}

export function loadSources(file: string): SourcesConfig {
  const r = validateSources(readJsonFile(file, 'CONFIG_INVALID'), file);
  if (!r.ok) throw new ConfigError('CONFIG_INVALID', r.issues);
  return r.value;
}

export function validateSources(json: unknown, file: string): { ok: true; value: SourcesConfig } | { ok: false; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const issue = (path: string, message: string): void => void issues.push({ file, path, message });
  if (!isObj(json))
    return { ok: false, issues: [{ file, path: '$', message: 'must be a JSON object with "userAgent", "defaults" and "sources"' }] };
  for (const k of Object.keys(json)) if (!TOP_KEYS.has(k)) issue(`$.${k}`, `unknown key${didYouMean(k, TOP_KEYS)}`);
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
        if (!(k in DEFAULT_SETTINGS))
          issue(
            `$.defaults.${k}`,
            `unknown key${didYouMean(k, Object.keys(DEFAULT_SETTINGS))} (defaults are ${Object.keys(DEFAULT_SETTINGS).join(', ')})`,
          );
      defaults = { ...DEFAULT_SETTINGS, ...checkSettings(json.defaults, '$.defaults', issue) };
    }
  }
  const sources: SourceConfig[] = [];
  if (!Array.isArray(json.sources) || json.sources.length === 0) issue('$.sources', 'must be a non-empty array');
  else {
    const seen = new Set<string>();
    // A channel belongs to one source: listed twice, its stories would go to whichever source reads it first. A
    // source turned off may keep a channel another reads (an old entry kept beside its replacement).
    const channelAt = new Map<string, string>();
    json.sources.forEach((s, i) => {
      const src = validateSource(s, `$.sources[${i}]`, defaults, issue, dirname(file));
      const on = !isObj(s) || s.enabled !== false;
      for (const { url, path } of on ? channelUrlPaths(s, `$.sources[${i}]`) : []) {
        const first = channelAt.get(url);
        if (first) issue(path, `${url} is listed already at ${first}: a channel belongs to one source (its adapter, language and zone)`);
        else channelAt.set(url, path);
      }
      // A duplicate id is reported even when either source has other problems: every issue at once.
      const id = src?.id ?? (isObj(s) && typeof s.id === 'string' ? s.id : undefined);
      if (id !== undefined && seen.has(id)) issue(`$.sources[${i}].id`, `duplicate id "${id}"`);
      if (id !== undefined) seen.add(id);
      if (src) sources.push(src);
    });
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { userAgent: (ua as string).trim(), defaults, sources } };
}
