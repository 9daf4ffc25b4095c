import { componentErrors } from '@plinth/core';

/** The error builders of @plinth/serving (`[plinth:serving] …`). */
export const errors = /* @__PURE__ */ componentErrors('serving');
