#!/usr/bin/env node
// The `weft` command. The CLI is compiled to dist/ by `npm install` (prepare) and `npm run build`.
// launch.js comes first and imports only Node built-ins: on an unsupported Node it says so and exits, and
// otherwise it makes sure node runs with the flags Weft needs (re-executing itself once if it must).
import { ensureSupportedNode } from '../dist/cli/launch.js';

await ensureSupportedNode();
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
