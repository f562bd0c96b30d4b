// Pure helpers of the benchmark: summaries of repeated measurements and the fixed-width table. No I/O here, so
// tests/bench can check them directly.

/** A figure measured several times: the median is reported, the range and relative spread beside it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, as a fraction; 0 for a single run. */
  spread: number;
  runs: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(xs: readonly number[]): Summary {
  const m = median(xs);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  return { median: m, min, max, spread: m === 0 ? 0 : (max - min) / Math.abs(m), runs: xs.length };
}

/** Significant-enough rounding for a table cell: 3 significant digits below 100, whole numbers above. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

/** "median (min–max)" or just the median when there was one run or no spread. */
export function fmtSummary(s: Summary, unit = ''): string {
  if (s.runs < 2 || s.min === s.max) return `${fmt(s.median)}${unit}`;
  return `${fmt(s.median)}${unit} (${fmt(s.min)}–${fmt(s.max)})`;
}

export const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

/** A Markdown table (GitHub pipes), columns padded so it also reads in a terminal; numeric-looking cells align right. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const right = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[\d.,×%+−-]/.test(r[i] ?? '') || (r[i] ?? '') === '–'));
  const cell = (s: string, i: number): string => (right[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => cell(c, i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map((r) => line(header.map((_, i) => r[i] ?? '')))].join('\n');
}
