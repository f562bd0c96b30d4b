// Shapes shared by the export formats and the commands.

export type ExportFormat = 'md' | 'jsonfeed' | 'atom' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['md', 'jsonfeed', 'atom', 'csv'];

export type Decision = 'keep' | 'discard' | 'quoted';
export const DECISIONS: readonly Decision[] = ['keep', 'discard', 'quoted'];

/** The editor's verdict on one item, from review.html's decisions.json or the store. */
export interface ExportDecision {
  decision: Decision;
  at?: string;
  comment?: string;
}
