/** The studio's framework-free model: DSL document ⇄ graph, edit operations, auto-layout. */
export { toGraph, toDocument } from './graph.js';
export type { EdgeKind, GraphEdge, GraphNode, ListItem, NodeType, TaskList, WorkflowGraph } from './graph-types.js';
export { ROOT_LIST, endId, startId } from './graph-types.js';
export { addTask, connect, moveTask, removeTask, renameTask, setProperty } from './operations.js';
export type { Document, PropertyPath } from './operations.js';
export { LAYOUT, layout } from './layout.js';
export type { Box, Layout } from './layout.js';
export { TASK_KINDS, taskKind } from './task-kind.js';
export type { TaskKind } from './task-kind.js';
export { StudioModelError } from './errors.js';
export type { StudioModelErrorCode } from './errors.js';
