import { componentErrors } from '@plinth/core';

/** Error builders of the UI (`[plinth:ui] …`). */
export const uiErrors = componentErrors('ui');
