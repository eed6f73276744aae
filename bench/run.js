// `npm run bench`: runs every bench/<name>.bench.js against the built code (dist/) and writes
// bench/results/<name>.json. Benchmarks report medians over several rounds; the machine is noisy.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
mkdirSync(join(here, 'results'), { recursive: true });

for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.js')).sort()) {
  const name = file.replace(/\.bench\.js$/, '');
  if (only && only !== name) continue;
  const mod = await import(join(here, file));
  const started = new Date().toISOString();
  const { results, targets } = await mod.run();
  const report = {
    name,
    date: started,
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    command: `npm run bench${only ? ' -- ' + only : ''}`,
    results,
    targets,
    pass: Object.values(targets).every((t) => t.pass),
  };
  writeFileSync(join(here, 'results', `${name}.json`), JSON.stringify(report, null, 2) + '\n');
  console.log(`${name}: ${JSON.stringify(results)}`);
  for (const [k, t] of Object.entries(targets)) console.log(`  ${t.pass ? 'ok  ' : 'FAIL'} ${k}: ${t.actual} (target ${t.target})`);
}
