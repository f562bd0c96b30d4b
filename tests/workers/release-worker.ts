// A worker for heap-release.test.ts: fills ~240 MB of heap with small objects, lets go of them, and answers
// 'release' with what releaseFreedPages() said. The main thread reads the process's RSS around the release.
import { parentPort } from 'node:worker_threads';
import { releaseFreedPages } from '../../src/heap-release.js';

let held: { n: number; s: string; a: number[] }[] | null = [];
for (let i = 0; i < 1_600_000; i++) held.push({ n: i, s: `item ${i}`, a: [i] });
held = null;
parentPort?.postMessage('filled');
parentPort?.on('message', () => parentPort?.postMessage({ released: releaseFreedPages() }));
