/**
 * Coded errors of the studio model (DESIGN.md §9: `WEFT_ERR_<AREA>_<WHAT>`). Edit operations throw them
 * so that the view can show a precise message (and tests can assert the code, not the wording). The codes
 * are defined in src/contracts/studio-errors.ts, where the error catalog (docs/errors.md) reads them too.
 */
import { STUDIO_ERRORS, type StudioErrorCode } from '../../../src/contracts/index.js';

export type StudioModelErrorCode = StudioErrorCode;

export class StudioModelError extends STUDIO_ERRORS.Error {}
