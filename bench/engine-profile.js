// A W40 loop to profile the engine's hot path (not run by bench/run.js):
//   node --cpu-prof --cpu-prof-dir=/tmp/weft-prof bench/engine-profile.js [runs] [inFlight]
//   node bench/engine-profile-summary.js /tmp/weft-prof/<file>.cpuprofile
// inFlight 1 (default) issues runs one at a time, as the latency benchmark does; 64 is the throughput mix.
import { W40, checkedRun, durableEngine, saturate } from './engine-common.js';

const RUNS = Number(process.argv[2] ?? 20_000);
const IN_FLIGHT = Number(process.argv[3] ?? 1);

const { engine, dispose } = durableEngine();
await checkedRun(engine, W40, 40);
const seconds = await saturate(engine, W40, RUNS, IN_FLIGHT);
await dispose();
console.log(JSON.stringify({ workflow: 'W40', runs: RUNS, inFlight: IN_FLIGHT, seconds: Number(seconds.toFixed(2)), runsPerSec: Math.round(RUNS / seconds) }));
