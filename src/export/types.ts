// Shapes shared by the export formats and the commands.

export type ExportFormat = 'md' | 'jsonfeed' | 'atom' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['md', 'jsonfeed', 'atom', 'csv'];

export type Decision = 'keep' | 'discard' | 'quoted';
export const DECISIONS: readonly Decision[] = ['keep', 'discard', 'quoted'];

/** What `export --status` selects, by the editor's decision in review (null: none yet). Kept includes quoted: a
 *  quoted item was kept. */
export const EXPORT_STATUSES = {
  kept: { decisions: ['keep', 'quoted'], says: 'kept or quoted' },
  quoted: { decisions: ['quoted'], says: 'quoted' },
  undecided: { decisions: [null], says: 'undecided' },
  discarded: { decisions: ['discard'], says: 'discarded' },
} as const satisfies Record<string, { decisions: readonly (Decision | null)[]; says: string }>;
export type ExportStatus = keyof typeof EXPORT_STATUSES;

/** The editor's verdict on one item, from review.html's decisions.json or the store. */
export interface ExportDecision {
  decision: Decision;
  at?: string;
  comment?: string;
}
