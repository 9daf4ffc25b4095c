import { componentErrors } from '@plinth/core';

/** Error builders of the online stores over storage adapters (`[plinth:features] …`). */
export const errors = /* @__PURE__ */ componentErrors('features');
