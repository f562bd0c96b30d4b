// Which Chromium processes descend from a given process, read from /proc (Linux), so a test can check that
// the browser a crawl started is gone afterwards without looking at other suites' browsers.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of processes whose name mentions Chromium below `root` in the process tree. */
export function chromiumDescendants(root = process.pid): number[] {
  const children = new Map<number, number[]>();
  const comm = new Map<number, string>();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const m = /^(\d+) \((.*)\) \S+ (\d+)/.exec(readFileSync(`/proc/${d}/stat`, 'utf8'));
      if (!m) continue;
      const [pid, name, ppid] = [Number(m[1]), m[2] as string, Number(m[3])];
      comm.set(pid, name);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      if (/chrom/i.test(comm.get(c) ?? '')) out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** The pids still running (zombies count as gone: they hold no resources but their exit status). */
export function alive(pids: number[]): number[] {
  return pids.filter((p) => {
    try {
      return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${p}/stat`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/** Polls until `pids` are all gone or `ms` passed; returns those still alive. */
export async function gone(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  while (alive(pids).length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return alive(pids);
}
