// `node --import ./bench/loader/register.mjs`: runs the TypeScript sources as they are built. tsx (used by tests and
// the demo) compiles with esbuild's `keepNames`, which wraps every closure in a `__name(fn, "…")` call that
// defines a property each time the closure is made; on per-request paths measured in microseconds (serving's
// batcher, deployments) that wrapper cost more than the code itself, and the built packages have no such
// wrapper. This loader strips types with esbuild and nothing else.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
