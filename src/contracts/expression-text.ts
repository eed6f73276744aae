/** `${ … }` runtime expressions as text, shared by the server and the studio (implemented in src/shared, which the DSL module may import). */
export { expressionText, isRuntimeExpression, unwrapExpression } from '../shared/expression-text.js';
