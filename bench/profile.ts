// Where a crawl's CPU goes: `node dist-bench/bench/profile.js FILE.cpuprofile [top]` sums the self time of a V8
// CPU profile (node --cpu-prof; BENCH_NODE_FLAGS passes it to the measured children) by module — our
// src/ files one by one, node_modules by package, node internals, GC — and lists the hottest functions.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A module name for a script URL: `src/run.ts`-style paths for ours, the package for node_modules. */
export function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const src = url.search(/\/(src|bench)\//);
  if (src >= 0) return url.slice(src + 1);
  return url.startsWith('node:') ? 'node:internals' : url;
}

export interface ProfileSummary {
  totalMs: number;
  modules: { name: string; ms: number; share: number }[];
  functions: { name: string; ms: number }[];
  /** Time attributed to the nearest src/ frame on the stack (libraries and GC charged to the module calling them). */
  callers: { name: string; ms: number; share: number }[];
}

export function summarizeProfile(p: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ownerCache = new Map<number, string>();
  const owner = (id: number): string => {
    const hit = ownerCache.get(id);
    if (hit) return hit;
    let cur: number | undefined = id;
    let name = '(outside src/)';
    while (cur !== undefined) {
      const m = moduleOf(byId.get(cur)!.callFrame.url, byId.get(cur)!.callFrame.functionName);
      if (m.startsWith('src/')) {
        name = m;
        break;
      }
      cur = parent.get(cur);
    }
    ownerCache.set(id, name);
    return name;
  };
  const callers = new Map<string, number>();
  const mods = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const n = byId.get(id);
    const us = p.timeDeltas[i] ?? 0;
    if (!n || n.callFrame.functionName === '(idle)') return;
    total += us;
    const mod = moduleOf(n.callFrame.url, n.callFrame.functionName);
    mods.set(mod, (mods.get(mod) ?? 0) + us);
    const o = n.callFrame.functionName === '(garbage collector)' ? '(garbage collector)' : owner(id);
    callers.set(o, (callers.get(o) ?? 0) + us);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${mod}:${n.callFrame.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
  });
  const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total / 1000,
    modules: sorted(mods).map(([name, us]) => ({ name, ms: us / 1000, share: us / total })),
    functions: sorted(fns).map(([name, us]) => ({ name, ms: us / 1000 })),
    callers: sorted(callers).map(([name, us]) => ({ name, ms: us / 1000, share: us / total })),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const s = summarizeProfile(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as CpuProfile, Number(process.argv[3] ?? 25));
  process.stdout.write(`busy ${s.totalMs.toFixed(0)} ms\n`);
  for (const m of s.modules)
    process.stdout.write(`${m.ms.toFixed(0).padStart(8)} ms ${(m.share * 100).toFixed(1).padStart(5)} %  ${m.name}\n`);
  process.stdout.write('\nby calling src/ module (libraries charged to their caller)\n');
  for (const m of s.callers)
    process.stdout.write(`${m.ms.toFixed(0).padStart(8)} ms ${(m.share * 100).toFixed(1).padStart(5)} %  ${m.name}\n`);
  process.stdout.write('\nhottest functions (self time)\n');
  for (const f of s.functions) process.stdout.write(`${f.ms.toFixed(0).padStart(8)} ms  ${f.name}\n`);
}
