// Escaping for review.html. Guarantee: every scraped string reaches the page only through `escapeHtml` (text and
// attribute values, always double-quoted) or `jsonForScript` (inside <script type="application/json">), and
// every href has passed `httpUrl` (WHATWG URL, scheme http or https). Nothing is ever marked "safe".

import { createHash } from 'node:crypto';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** C0 controls other than tab/newline/CR, DEL, C1, noncharacters: invalid or invisible in HTML text. */
const HTML_JUNK = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;

/** Escapes text for an HTML text node or a double-quoted attribute value. An `&lt;script&gt;` that `.text()`
 * already decoded to `<script>` is escaped again here, so it shows as text. */
export function escapeHtml(text: string): string {
  return text.replace(HTML_JUNK, '').replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** JSON safe to inline in <script type="application/json">: no `</script>`, no `<!--`, no line terminators that
 * older parsers treat as newlines. The browser's JSON.parse gives back exactly the original value. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** CSP source expression for an inline <script> or <style> body ('sha256-…'), computed over the exact bytes. */
export function cspHash(body: string): string {
  return `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
}

/** The page's policy: nothing from outside, only our own inline scripts and style (by hash), images only as data:.
 * `connect-src` falls back to 'none' through default-src, so the page cannot send anything anywhere. */
export function contentSecurityPolicy(scriptBodies: readonly string[], styleBody: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptBodies.map(cspHash).join(' ')}`,
    `style-src ${cspHash(styleBody)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
