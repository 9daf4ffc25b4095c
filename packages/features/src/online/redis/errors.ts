import { componentErrors } from '@plinth/core';

/** Error builders of the Redis online store (`[plinth:features:redis] …`). */
export const redisErrors = /* @__PURE__ */ componentErrors('features:redis');
