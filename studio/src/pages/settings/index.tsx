/** Settings: API key login and, for admins, key management. */
export { SettingsPage } from './settings-page.js';
