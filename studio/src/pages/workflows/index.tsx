/** Workflows pages: the list (with search) and the designer. */
export { WorkflowsListPage } from './workflows-list-page.js';
export { WorkflowDesignerPage } from './designer-page.js';
