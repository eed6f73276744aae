/**
 * The codes of the studio model's edit operations (studio/src/model/errors.ts throws them). They never
 * leave the browser, but they are Weft codes like any other: defined here, where the studio can import
 * them and the error catalog (docs/errors.md, built by the CLI) can list them. No status: they are never
 * an HTTP answer.
 */
import { defineErrors } from './errors.js';

export const STUDIO_ERRORS = defineErrors('StudioModelError', {
  unknownPointer: {
    code: 'WEFT_ERR_STUDIO_UNKNOWN_POINTER',
    meaning: 'An edit in the designer names a task that is no longer where it was (the document changed under it), or a pointer that is not a JSON pointer.',
    action: 'Select the task again in the graph and repeat the edit; the YAML tab shows the document as it is now.',
  },
  notATaskList: {
    code: 'WEFT_ERR_STUDIO_NOT_A_TASK_LIST',
    meaning: 'An edit in the designer adds or moves a task into a place that is not a list of tasks.',
    action: 'Drop the task onto a task list of the graph instead.',
  },
  nameTaken: {
    code: 'WEFT_ERR_STUDIO_NAME_TAKEN',
    meaning: 'A task of the same list already has this name; names in one list must differ.',
    action: 'Choose another name.',
  },
  badName: {
    code: 'WEFT_ERR_STUDIO_BAD_NAME',
    meaning: 'The name cannot name a task: it is empty, or a flow directive (`continue`, `exit`, `end`).',
    action: 'Choose a name that is neither empty nor `continue`, `exit` or `end`.',
  },
  badIndex: {
    code: 'WEFT_ERR_STUDIO_BAD_INDEX',
    meaning: 'An edit in the designer inserts a task at a position outside its list.',
    action: 'Drop the task between two tasks of the list, or at its start or end.',
  },
  badPath: {
    code: 'WEFT_ERR_STUDIO_BAD_PATH',
    meaning: 'A property edit names no property, or goes through a value that is not an object.',
    action: 'Edit the property from the task\'s form, or change the value in the YAML tab.',
  },
  moveIntoSelf: {
    code: 'WEFT_ERR_STUDIO_MOVE_INTO_SELF',
    meaning: 'A task cannot be moved into a task list of its own (it would contain itself).',
    action: 'Drop it onto a list outside the task.',
  },
  unknownTarget: {
    code: 'WEFT_ERR_STUDIO_UNKNOWN_TARGET',
    meaning: 'A connection points at something that is neither a task of the same list nor a flow directive (`continue`, `exit`, `end`).',
    action: 'Connect the task to a sibling task of the same list, or to the list\'s end.',
  },
  unknownCase: {
    code: 'WEFT_ERR_STUDIO_UNKNOWN_CASE',
    meaning: 'A connection starts from a switch case the task does not have (the document changed under it).',
    action: 'Select the switch again and connect from one of its cases.',
  },
});

export type StudioErrorCode = (typeof STUDIO_ERRORS.codes)[keyof typeof STUDIO_ERRORS.codes];
