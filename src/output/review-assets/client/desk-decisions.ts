// The editor's decisions and comments: kept in localStorage under a key per report (so another tab of the same
// page sees them), the stored one winning over the decision the run wrote, and exported as decisions.json.
// Part of the page script: concatenated with the other client files into one function by scripts/build-desk.ts.

interface DeskData {
  report: string;
  generatedAt: string;
}

interface StoredDecision {
  decision?: string;
  comment?: string;
  at?: string;
}

interface ExportedDecision {
  id: string;
  decision: string;
  at: string;
  comment?: string;
}

/** decisions.json, the file `wirewatch review --decisions` reads back. */
interface DecisionsDoc {
  schemaVersion: 1;
  report: string;
  generatedAt: string;
  exportedAt: string;
  decisions: ExportedDecision[];
}

interface Decisions {
  /** The localStorage key, for the other tabs' storage events. */
  key: string;
  /** Item i's decision now: the stored one, else the run's. */
  of(i: number): string;
  /** Item i's stored entry, if any. */
  stored(i: number): StoredDecision | undefined;
  /** Sets item i's decision, or clears it ('none') when it is the one it has. */
  toggle(i: number, decision: string): void;
  comment(i: number, text: string): void;
  /** Reads the store again (another tab changed it). */
  reload(): void;
  /** decisions.json: every item with a stored entry and a decision. */
  exported(data: DeskData): DecisionsDoc;
}

function createDecisions(data: DeskData, recs: DeskRec[], say: (msg: string) => void): Decisions {
  const key = `wirewatch:decisions:${data.report}`;
  const load = (): Record<string, StoredDecision> => {
    try {
      const v: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
      return v && typeof v === 'object' ? (v as Record<string, StoredDecision>) : {};
    } catch {
      return {};
    }
  };
  let entries = load();
  const save = (): void => {
    try {
      localStorage.setItem(key, JSON.stringify(entries));
    } catch (e) {
      say(`Could not save decisions: ${(e as Error).message}`);
    }
  };
  const idOf = (i: number): string => (recs[i] as DeskRec).id;
  const of = (i: number): string => entries[idOf(i)]?.decision || (recs[i] as DeskRec).d;
  const put = (i: number, entry: StoredDecision): void => {
    entry.at = new Date().toISOString();
    entries[idOf(i)] = entry;
    save();
  };
  return {
    key,
    of,
    stored: (i) => entries[idOf(i)],
    toggle(i, decision) {
      const entry = entries[idOf(i)] ?? {};
      entry.decision = of(i) === decision ? 'none' : decision;
      put(i, entry);
    },
    comment(i, text) {
      const entry = entries[idOf(i)] ?? { decision: of(i) };
      entry.comment = text;
      put(i, entry);
    },
    reload: () => void (entries = load()),
    exported(page) {
      const decisions: ExportedDecision[] = [];
      recs.forEach((r, i) => {
        const entry = entries[r.id];
        const d = of(i);
        if (!entry || d === 'none') return;
        decisions.push({ id: r.id, decision: d, at: entry.at ?? page.generatedAt, ...(entry.comment ? { comment: entry.comment } : {}) });
      });
      return { schemaVersion: 1, report: page.report, generatedAt: page.generatedAt, exportedAt: new Date().toISOString(), decisions };
    },
  };
}

/** Offers `doc` as a download named `name` (pretty JSON, a final newline). */
function downloadJson(name: string, doc: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
