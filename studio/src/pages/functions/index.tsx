/** The functions pages the shell's router renders (app/app.tsx): the list and one function. */
export { FunctionsListPage } from './functions-list-page.js';
export { FunctionDetailPage } from './function-detail-page.js';
