// Writes docs/machines/{name}.md from the statecharts themselves: `npm run diagrams`.
// A test fails when a committed diagram differs from what this would write.
import { writeFileSync } from 'node:fs';
import { machineDiagrams } from '../test/docs/machine-diagrams.js';

for (const { file, text } of machineDiagrams()) {
  writeFileSync(new URL(`../${file}`, import.meta.url), text);
  console.log(`wrote ${file}`);
}
