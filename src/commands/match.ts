// `wirewatch match [FILE]`: an article (JSON {title, paragraphs: (string | {text})[], lang?}) or plain
// text (each non-empty line a paragraph, no title; a wire dateline opening it is marked) from FILE or stdin →
// the watchlist's matches, excerpts and score as JSON on stdout. A bad watchlist is a ConfigError (exit 2 via
// the dispatcher).
import { EXIT, UsageError, type ExitCode } from '../exit.js';
import { errorMessage } from '../errors.js';
import { leadingDateline } from '../extract/datelines.js';
import { readArgFile } from './args.js';
import { matchArticle, type MatchDoc } from '../match/index.js';
import { loadWatchlistFile, warningLines } from '../match/load.js';
import type { Lang, Paragraph } from '../types.js';

const LANGS = new Set(['en', 'ru', 'zh']);

export async function runMatchCommand(args: {
  file?: string;
  watchlist: string;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}): Promise<ExitCode> {
  const cw = loadWatchlistFile(args.watchlist);
  for (const line of warningLines(cw)) args.stderr?.write(`${line}\n`);
  const input = args.file ? readArgFile(args.file).toString('utf8') : await readStream(args.stdin);
  const doc = parseInput(input, args.file ?? 'stdin');
  const result = matchArticle(cw, doc);
  args.stdout.write(`${JSON.stringify({ title: doc.title, ...(doc.lang ? { lang: doc.lang } : {}), ...result }, null, 2)}\n`);
  return EXIT.ok;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Plain text, one paragraph a line. A wire dateline opening the first line is marked, as the generic extractor
 *  marks one on a page, so that pasted copy is matched as the crawl matches the page. */
function plainParagraphs(text: string): (string | Paragraph)[] {
  const lines = text
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const first = lines[0] === undefined ? undefined : leadingDateline(lines[0]);
  return first ? [{ text: lines[0] as string, dateline: first.dateline }, ...lines.slice(1)] : lines;
}

/** JSON when the input starts with "{", plain text otherwise. */
export function parseInput(input: string, name: string): MatchDoc {
  const text = input.replace(/^\uFEFF/u, '');
  if (!text.trimStart().startsWith('{')) return { title: '', paragraphs: plainParagraphs(text) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${name}: invalid JSON: ${errorMessage(e)}`);
  }
  const o = json as { title?: unknown; paragraphs?: unknown; lang?: unknown };
  const title = o.title ?? '';
  const raw = o.paragraphs ?? [];
  if (typeof title !== 'string') throw new UsageError(`${name}: "title" must be a string`);
  if (!Array.isArray(raw)) throw new UsageError(`${name}: "paragraphs" must be an array of strings or {text}`);
  // `extract`'s paragraphs keep their dateline, so that `extract | match` matches as the crawl does.
  const paragraphs = raw.map((p: unknown, i): string | Paragraph => {
    if (typeof p === 'string') return p;
    const { text, dateline } = (p ?? {}) as { text?: unknown; dateline?: unknown };
    if (typeof text !== 'string') throw new UsageError(`${name}: paragraphs[${i}] must be a string or {text: string}`);
    return typeof dateline === 'string' ? { text, dateline } : text;
  });
  const lang = typeof o.lang === 'string' && LANGS.has(o.lang) ? (o.lang as Lang) : undefined;
  return { title, paragraphs, ...(lang ? { lang } : {}) };
}
