/** The journal's records and run statuses are contracts (src/contracts): the engine, stores and API share them. */
export type { JournalEntry, RunStatus } from '../../contracts/index.js';
export { TERMINAL } from '../../contracts/index.js';
