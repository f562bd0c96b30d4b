// Outlets: one newsroom behind several sources (language editions). Display names and the phrase used in
// omission sentences live here as data; unknown sources are their own outlet, named after the source.

interface OutletInfo {
  name: string;
  /** How a sentence names it mid-line ("the MFA"); capitalised when it starts the sentence. */
  phrase: string;
  sources: readonly string[];
}

/** In display order: the Russian side, then the Chinese side (the order omission sentences list them in). */
export const KNOWN_OUTLETS: Readonly<Record<string, OutletInfo>> = {
  tass: { name: 'TASS', phrase: 'TASS', sources: ['tass-en', 'tass-ru'] },
  mfa: { name: 'Russian MFA', phrase: 'the MFA', sources: ['mid-en', 'mid-ru'] },
  'peoples-daily': { name: "People's Daily", phrase: "People's Daily", sources: ['people-en', 'people-zh'] },
  globaltimes: { name: 'Global Times', phrase: 'Global Times', sources: ['globaltimes'] },
};

const OUTLET_ORDER = Object.keys(KNOWN_OUTLETS);

const SOURCE_TO_OUTLET: ReadonlyMap<string, string> = new Map(
  Object.entries(KNOWN_OUTLETS).flatMap(([outlet, info]) => info.sources.map((s) => [s, outlet] as const)),
);

/** The default `outletOf`: known editions map to their outlet; any other source id is its own outlet. */
export function defaultOutletOf(sourceId: string): string {
  return SOURCE_TO_OUTLET.get(sourceId) ?? sourceId;
}

/** Display name; `fallback` (the source's own name) for outlets we don't know. */
export function outletName(outlet: string, fallback: string): string {
  return KNOWN_OUTLETS[outlet]?.name ?? fallback;
}

export function outletPhrase(outlet: string, fallback: string): string {
  return KNOWN_OUTLETS[outlet]?.phrase ?? fallback;
}

/** Sort key: known outlets in display order, then the rest alphabetically. */
export function compareOutlets(a: string, b: string): number {
  const ia = OUTLET_ORDER.indexOf(a);
  const ib = OUTLET_ORDER.indexOf(b);
  if (ia !== ib) return (ia < 0 ? OUTLET_ORDER.length : ia) - (ib < 0 ? OUTLET_ORDER.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "A", "A and B", "A, B and C". */
export function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
