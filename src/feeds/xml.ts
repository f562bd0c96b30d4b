// Feed text → a small element tree, read by htmlparser2's tokenizer in XML mode (a linear state machine that
// never throws): a truncated file, an undefined entity, a stray or missing close tag still give a tree, and the
// reader says whether it had to recover (`wellFormed: false`), which becomes the feed's parse mode.
// Names are lower-cased local names, prefixed by the canonical prefix of their namespace (dc:, content:, atom: …)
// whatever prefix the document chose; the feed's own vocabularies (RSS, RSS 1.0, Atom 0.3/1.0, CDF) carry none.
// Text is kept raw with a flag for CDATA, so each field decodes it once, by its own rules.
import { Parser } from 'htmlparser2';
import { decodeHTMLStrict } from 'entities';

export const XML_LIMITS = { maxNodes: 200_000, maxDepth: 200 };

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: (XNode | XText)[];
  /** xml:base in effect for this element (already resolved against the parent's). */
  base?: string;
}
export interface XText {
  text: string;
}

export interface XmlTree {
  root: XNode | undefined;
  wellFormed: boolean;
}

/** Namespace URIs feedparser knows, by the canonical prefix we file them under ('' = the feed's own vocabulary). */
const NAMESPACES: Record<string, string> = {
  'http://backend.userland.com/rss': '',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://purl.org/net/rss1.1#': '',
  'http://www.w3.org/2005/atom': '',
  'http://purl.org/atom/ns#': '',
  'http://example.com/newformat#': '',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/xml/1998/namespace': 'xml',
};

/** Characters that declared entities may add to one document in total (bounds any expansion). */
const ENTITY_BUDGET_CHARS = 64 * 1024;

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

interface Scope {
  node: XNode;
  ns: Map<string, string>;
}

/** Entities declared in an internal DTD subset (`<!ENTITY id "value">`), read by one linear scan. Only literal
 * values are kept: a value that refers to other entities (the billion-laughs shape) or an external entity
 * (SYSTEM/PUBLIC, the XXE shape) is never declared here, so a reference to it stays as written. */
function declaredEntities(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const head = text.slice(0, 64 * 1024);
  const start = head.indexOf('<!DOCTYPE');
  if (start < 0) return out;
  const end = head.indexOf(']>', start);
  const subset = head.slice(start, end < 0 ? head.length : end);
  for (const m of subset.matchAll(/<!ENTITY\s+([\w.-]{1,64})\s+(?:"([^"&%]{0,256})"|'([^'&%]{0,256})')\s*>/g))
    out.set(m[1] as string, (m[2] ?? m[3]) as string);
  return out;
}

/** Decodes entity and character references of XML text; HTML's named entities are accepted as feedparser does. */
export function decodeXmlText(raw: string, declared: Map<string, string> = new Map(), budget = { chars: ENTITY_BUDGET_CHARS }): string {
  if (!raw.includes('&')) return raw;
  const withDeclared = declared.size
    ? raw.replace(/&([\w.-]{1,64});/g, (m, n: string) => {
        const v = declared.get(n);
        if (v === undefined || budget.chars < v.length) return m;
        budget.chars -= v.length;
        return v;
      })
    : raw;
  return decodeHTMLStrict(withDeclared);
}

function canonicalName(qname: string, scope: Map<string, string>): string {
  const colon = qname.indexOf(':');
  const prefix = colon > 0 ? qname.slice(0, colon) : '';
  const local = (colon > 0 ? qname.slice(colon + 1) : qname).toLowerCase();
  const uri = scope.get(prefix);
  if (uri === undefined) return prefix ? `${prefix.toLowerCase()}:${local}` : local;
  const u = uri.toLowerCase();
  const canon = NAMESPACES[u] ?? NAMESPACES[u.endsWith('/') ? u.slice(0, -1) : `${u}/`];
  if (canon === undefined) return prefix ? `${prefix.toLowerCase()}:${local}` : local;
  return canon ? `${canon}:${local}` : local;
}

function childScope(parent: Map<string, string>, attrs: Record<string, string>): Map<string, string> {
  let scope = parent;
  for (const [k, v] of Object.entries(attrs)) {
    if (k !== 'xmlns' && !k.startsWith('xmlns:')) continue;
    if (scope === parent) scope = new Map(parent);
    scope.set(k === 'xmlns' ? '' : k.slice(6), v.trim());
  }
  return scope;
}

function resolveBase(value: string | undefined, parent: string | undefined): string | undefined {
  if (!value) return parent;
  try {
    return new URL(value.trim(), parent).href;
  } catch {
    return parent;
  }
}

/** Builds the tree; `documentUrl` is the base of the root (the feed's URL or its Content-Location). */
export function readXml(text: string, documentUrl?: string): XmlTree {
  const builder = new TreeBuilder(declaredEntities(text), documentUrl);
  const parser = new Parser(builder, { xmlMode: true, decodeEntities: false, recognizeSelfClosing: true });
  parser.write(text);
  parser.end();
  // A document cut inside its last close tag ("…</rss") is closed by the tokenizer without a word: look at its end.
  if (!/>\s*$/.test(text.slice(-64))) builder.wellFormed = false;
  const root = builder.top.children.find((c): c is XNode => 'name' in c);
  return { root, wellFormed: builder.wellFormed };
}

/** htmlparser2's events → the tree, with the namespaces, xml:base and entities in scope, within XML_LIMITS. */
class TreeBuilder {
  readonly top: XNode;
  wellFormed = true;
  private readonly stack: Scope[];
  private readonly budget = { chars: ENTITY_BUDGET_CHARS };
  private nodes = 0;
  private inCdata = false;
  /** Elements beyond the depth or node limits: their content is dropped, their tags counted. */
  private skipped = 0;

  constructor(
    private readonly declared: Map<string, string>,
    documentUrl: string | undefined,
  ) {
    this.top = { name: '#document', attrs: {}, children: [], ...(documentUrl ? { base: documentUrl } : {}) };
    this.stack = [{ node: this.top, ns: new Map() }];
  }

  onopentag(qname: string, rawAttrs: Record<string, string>): void {
    const { stack } = this;
    if (this.skipped || stack.length > XML_LIMITS.maxDepth || ++this.nodes > XML_LIMITS.maxNodes) {
      this.skipped++;
      this.wellFormed = stack.length <= XML_LIMITS.maxDepth && this.nodes <= XML_LIMITS.maxNodes && this.wellFormed;
      return;
    }
    const parent = stack[stack.length - 1] as Scope;
    const attrsDecoded: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(rawAttrs)) attrsDecoded[k] = decodeXmlText(v, this.declared, this.budget);
    const ns = childScope(parent.ns, attrsDecoded);
    const attrs: Record<string, string> = Object.create(null);
    // An attribute without a prefix has no namespace (the default namespace does not apply to attributes).
    for (const [k, v] of Object.entries(attrsDecoded))
      if (!k.startsWith('xmlns')) attrs[k.includes(':') ? canonicalName(k, ns) : k.toLowerCase()] = v;
    const base = resolveBase(attrs['xml:base'], parent.node.base);
    const node: XNode = { name: canonicalName(qname, ns), attrs, children: [], ...(base ? { base } : {}) };
    if (parent.node === this.top && this.top.children.some((c) => 'name' in c)) this.wellFormed = false;
    parent.node.children.push(node);
    stack.push({ node, ns });
  }

  onclosetag(_name: string, isImplied: boolean): void {
    if (this.skipped) {
      this.skipped--;
      return;
    }
    if (isImplied) this.wellFormed = false;
    if (this.stack.length > 1) this.stack.pop();
  }

  ontext(raw: string): void {
    if (this.skipped) return;
    const parent = (this.stack[this.stack.length - 1] as Scope).node;
    if (parent === this.top) {
      if (raw.trim()) this.wellFormed = false;
      return;
    }
    const { declared, inCdata } = this;
    if (!inCdata && /&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[\da-f]{1,6});)/i.test(raw) && hasUndeclaredEntity(raw, declared))
      this.wellFormed = false;
    parent.children.push({ text: inCdata ? raw : decodeXmlText(raw, declared, this.budget) });
  }

  oncdatastart(): void {
    this.inCdata = true;
  }

  oncdataend(): void {
    this.inCdata = false;
  }
}

function hasUndeclaredEntity(raw: string, declared: Map<string, string>): boolean {
  for (const m of raw.matchAll(/&([^;\s&]{0,32})(;?)/g)) {
    const name = m[1] as string;
    if (!m[2] || !(XML_ENTITIES.has(name) || declared.has(name) || /^#(?:\d+|x[\da-f]+)$/i.test(name))) return true;
  }
  return false;
}

/** The element's children that are elements. */
export function elements(n: XNode): XNode[] {
  return n.children.filter((c): c is XNode => 'name' in c);
}

/** All text below `n`, in document order (CDATA and text alike). */
export function textOf(n: XNode): string {
  let out = '';
  for (const c of n.children) out += 'name' in c ? textOf(c) : c.text;
  return out;
}
