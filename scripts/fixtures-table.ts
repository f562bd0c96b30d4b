// `npm run fixtures:table`: fills the README source table's fixtures column from fixtures/ (recorded and
// hand-written page fixtures per adapter version). `--check` writes nothing and exits 1 when the README is stale.
import { writeFileSync } from 'node:fs';
import { README_PATH, readReadme, withFixturesColumn } from './fixtures/table.js';

const before = readReadme();
const after = withFixturesColumn(before);
if (process.argv.includes('--check')) {
  if (after !== before) {
    process.stderr.write("README.md: the source table's fixtures column is stale; run `npm run fixtures:table`\n");
    process.exitCode = 1;
  }
} else if (after !== before) {
  writeFileSync(README_PATH, after);
  process.stdout.write('README.md: fixtures column updated\n');
} else {
  process.stdout.write('README.md: fixtures column already up to date\n');
}
