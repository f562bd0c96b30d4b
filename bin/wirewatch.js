#!/usr/bin/env node
// The published entry point: runs the compiled CLI (dist/ is built by `npm ci` through the prepare script).
import { main } from '../dist/cli.js';
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
