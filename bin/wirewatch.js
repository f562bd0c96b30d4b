#!/usr/bin/env node
// The published entry point: runs the compiled CLI (dist/ is built by `npm ci` through the prepare script).
import { main } from '../dist/cli.js';

// A reader that stops early (`wirewatch export --format atom | head`) closes the pipe. What it wanted has been
// read, so the rest of stdout is dropped and the command finishes as it would have (a crawl still commits its
// run), instead of dying on an unhandled EPIPE with a stack trace. Any other stdout error stays fatal.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
