/**
 * Coded errors of the studio model (DESIGN.md §9: `WEFT_ERR_<AREA>_<WHAT>`). Edit operations throw them
 * so that the view can show a precise message (and tests can assert the code, not the wording).
 */
export type StudioModelErrorCode =
  | 'WEFT_ERR_STUDIO_UNKNOWN_POINTER'
  | 'WEFT_ERR_STUDIO_NOT_A_TASK'
  | 'WEFT_ERR_STUDIO_NOT_A_TASK_LIST'
  | 'WEFT_ERR_STUDIO_NAME_TAKEN'
  | 'WEFT_ERR_STUDIO_BAD_NAME'
  | 'WEFT_ERR_STUDIO_BAD_INDEX'
  | 'WEFT_ERR_STUDIO_BAD_PATH'
  | 'WEFT_ERR_STUDIO_MOVE_INTO_SELF'
  | 'WEFT_ERR_STUDIO_UNKNOWN_TARGET'
  | 'WEFT_ERR_STUDIO_UNKNOWN_CASE';

export class StudioModelError extends Error {
  override readonly name = 'StudioModelError';
  constructor(
    readonly code: StudioModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
