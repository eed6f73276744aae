/** The runs pages the shell's router renders (app/app.tsx): the list and one run. */
export { RunsListPage } from './runs-list-page.js';
export { RunDetailPage } from './run-detail-page.js';
