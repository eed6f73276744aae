/** The JSON-pointer codec the server and the studio share (implemented in src/shared, which the DSL module may import). */
export { escapeToken, getAtTokens, joinPointer, splitPointer, unescapeToken } from '../shared/pointer.js';
