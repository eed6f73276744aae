/** The DSL's task kinds and their detection order, shared by the server and the studio (implemented in src/shared, which the DSL module may import). */
export { TASK_KINDS, TASK_KIND_DETECTION_ORDER, type TaskKind, taskKindOf } from '../shared/task-kinds.js';
