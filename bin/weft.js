#!/usr/bin/env node
// The `weft` command. The CLI is compiled to dist/ by `npm install` (prepare) and `npm run build`.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
