/** The secrets pages the shell's router renders (app/app.tsx): the list and one secret. */
export { SecretsListPage } from './secrets-list-page.js';
export { SecretDetailPage } from './secret-detail-page.js';
