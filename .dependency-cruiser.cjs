// The import rule of src/, checked by dependency-cruiser (`npm run lint:deps`, run by .ci/run):
// no file imports another that imports it back, directly or through others, and imports point down the
// layers below, never up. A file may import files of its own layer and of any layer before it.
// A new folder or top-level file goes into one of these layers; one that matches none fails `layer-unknown`.

/** Lowest first. Each entry: a name and the paths (regular expressions over the path from the repo root). */
const LAYERS = [
  ['base', ['^src/types\\.ts$', '^src/report-types\\.ts$', '^src/errors\\.ts$', '^src/exit\\.ts$', '^src/log\\.ts$', '^src/paths\\.ts$', '^src/identity\\.ts$', '^src/simhash\\.ts$', '^src/own-bytes\\.ts$', '^src/tls-ca\\.ts$', '^src/runtime\\.ts$', '^src/heap-release\\.ts$', '^src/text/', '^src/durable/']],
  ['fetch', ['^src/fetch/']],
  ['read', ['^src/feed\\.ts$', '^src/feeds/', '^src/extract/']],
  ['adapters', ['^src/adapters/', '^src/discover/']],
  ['entry', ['^src/config\\.ts$', '^src/config-source\\.ts$', '^src/page\\.ts$']],
  ['stages', ['^src/stages/', '^src/workers/', '^src/normalize\\.ts$', '^src/match/']],
  ['state', ['^src/state/']],
  ['items', ['^src/item\\.ts$', '^src/health\\.ts$', '^src/stories/']],
  ['output', ['^src/output/']],
  ['export', ['^src/export/']],
  ['run', ['^src/run\\.ts$', '^src/crawl-source\\.ts$', '^src/crawl-item\\.ts$']],
  ['commands', ['^src/commands/']],
  ['cli', ['^src/cli\\.ts$', '^src/cli-help\\.ts$']],
];

const anyOf = (paths) => `(${paths.join('|')})`;

const layerRules = LAYERS.slice(0, -1).map(([name, paths], i) => ({
  name: `layer-${name}`,
  comment: `${name} imports only its own layer and the ones below (${LAYERS.slice(0, i + 1).map(([n]) => n).join(' < ')})`,
  severity: 'error',
  from: { path: anyOf(paths) },
  to: { path: anyOf(LAYERS.slice(i + 1).flatMap(([, p]) => p)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a file imports another that imports it back, directly or through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'layer-unknown',
      comment: 'every file of src/ belongs to a layer: add the new folder or file to LAYERS',
      severity: 'error',
      from: { path: '^src/', pathNot: anyOf(LAYERS.flatMap(([, p]) => p).concat(['^src/output/review-assets/client/'])) },
      to: {},
    },
    {
      name: 'adapter-own-outlet',
      comment: "an outlet's adapter imports no other outlet's adapter (shared forms such as datelines live in extract/)",
      severity: 'error',
      from: { path: '^src/adapters/([a-z]+)[a-z0-9-]*\\.ts$', pathNot: '^src/adapters/index\\.ts$' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/adapter\\.ts$', '^src/adapters/$1[a-z0-9-]*\\.ts$'] },
    },
    {
      name: 'src-not-from-outside',
      comment: 'what ships in dist/ never imports tests, scripts or bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|scripts|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json', '.d.ts'] },
  },
};
