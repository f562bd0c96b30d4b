// robots.txt rules as RFC 9309 defines them, matched without regular expressions. A rule's path pattern is
// split once at its `*`s (runs of `*` collapse into one) into literal segments; a URL matches when the
// segments occur in order, the first at the start (and the last at the end for a `$` pattern). Each segment
// is found with one indexOf from where the previous one ended, leftmost first, which is exact for `*`
// globs, so a check costs at most the URL's length per rule, however hostile the pattern (a library that
// turns `/***…` into `.*.*.*…` spends a second of backtracking per URL on a 500 KB rule).
//
// Semantics: groups start at `User-agent` lines; the group(s) naming our product token (case-insensitive)
// apply, else the `*` group(s). The longest matching pattern (by its length as written) decides, and `Allow`
// wins a tie. An empty `Disallow` is no rule; /robots.txt itself is always allowed. `Crawl-delay` is read
// from the applying group.

interface Rule {
  allow: boolean;
  /** The pattern's length as written: the specificity that ranks rules. */
  weight: number;
  segments: string[];
  anchored: boolean;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelayS?: number;
}

export interface RobotsRuleSet {
  isAllowed(url: URL): boolean;
  crawlDelayS?: number;
}

/** The product token of a User-Agent header: "wirewatch/0.1 (+https://…)" → "wirewatch". */
export function productToken(userAgent: string): string {
  return (userAgent.trim().split(/[\s/]/, 1)[0] ?? '').toLowerCase();
}

/** Percent-escapes as the URL parser writes them (upper-case hex, non-ASCII encoded). Plain runs are copied
 *  whole (slice), never a character at a time: a 500 KB rule of `*`s costs one native scan. */
function normalisePath(p: string): string {
  const special = /%|[^\x21-\x7e]/g;
  let out = '';
  let from = 0;
  for (let m = special.exec(p); m !== null; m = special.exec(p)) {
    const i = m.index;
    out += p.slice(from, i);
    if (p.charCodeAt(i) === 0x25) {
      const hex = p.slice(i + 1, i + 3);
      const isHex = /^[0-9a-fA-F]{2}$/.test(hex);
      out += isHex ? `%${hex.toUpperCase()}` : '%';
      from = isHex ? i + 3 : i + 1;
    } else {
      const c = p.charCodeAt(i);
      const end = c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
      try {
        out += encodeURIComponent(p.slice(i, end));
      } catch {
        out += '%EF%BF%BD';
      }
      from = end;
    }
    special.lastIndex = from;
  }
  return out + p.slice(from);
}

function compileRule(allow: boolean, raw: string): Rule {
  const anchored = raw.endsWith('$');
  const body = normalisePath(anchored ? raw.slice(0, -1) : raw);
  const segments = body.replace(/\*+/g, '*').split('*');
  return { allow, weight: raw.length, segments, anchored };
}

function matches(rule: Rule, path: string): boolean {
  const segs = rule.segments;
  const first = segs[0]!;
  if (!path.startsWith(first)) return false;
  if (segs.length === 1) return rule.anchored ? path.length === first.length : true;
  let at = first.length;
  for (let i = 1; i < segs.length - 1; i++) {
    const seg = segs[i]!;
    const found = path.indexOf(seg, at);
    if (found < 0) return false;
    at = found + seg.length;
  }
  const last = segs[segs.length - 1]!;
  if (!rule.anchored) return last === '' || path.indexOf(last, at) >= 0;
  // `$`: the last segment must end the path, starting no earlier than where the others left off.
  return path.length - last.length >= at && path.endsWith(last);
}

export function parseRobots(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | undefined;
  let inAgents = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const hash = line.indexOf('#');
    const content = (hash >= 0 ? line.slice(0, hash) : line).trim();
    const colon = content.indexOf(':');
    if (colon < 0) continue;
    const key = content.slice(0, colon).trim().toLowerCase();
    const value = content.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!inAgents || !current) groups.push((current = { agents: [], rules: [] }));
      current.agents.push(value.toLowerCase());
      inAgents = true;
      continue;
    }
    inAgents = false;
    if (!current) continue;
    if (key === 'allow' || key === 'disallow') {
      if (value !== '') current.rules.push(compileRule(key === 'allow', value));
    } else if (key === 'crawl-delay') {
      const n = Number(value);
      if (Number.isFinite(n) && n >= 0 && current.crawlDelayS === undefined) current.crawlDelayS = n;
    }
  }
  return groups;
}

export function robotsRulesFor(text: string, userAgent: string): RobotsRuleSet {
  const groups = parseRobots(text);
  const token = productToken(userAgent);
  let applying = groups.filter((g) => g.agents.includes(token));
  if (applying.length === 0) applying = groups.filter((g) => g.agents.includes('*'));
  // Longest first, Allow before Disallow at equal length: the first rule that matches decides.
  const rules = applying.flatMap((g) => g.rules).sort((a, b) => b.weight - a.weight || Number(b.allow) - Number(a.allow));
  const crawlDelayS = applying.find((g) => g.crawlDelayS !== undefined)?.crawlDelayS;
  return {
    isAllowed(url: URL): boolean {
      const path = (url.pathname || '/') + url.search;
      if (path === '/robots.txt') return true;
      for (const rule of rules) if (matches(rule, path)) return rule.allow;
      return true;
    },
    ...(crawlDelayS !== undefined ? { crawlDelayS } : {}),
  };
}
