// Everything createRegistry loads on first use, as one module (one dynamic import, so one lazy chunk): the calls
// that change the registry (registration, uploads, hashing, aliases, deletion), the static export and the
// filter engine behind searchVersions, history and lineage. A page that only reads models, versions and
// artifacts carries none of it. One chunk rather than one per group: every extra chunk boundary costs the
// page's first load the names both sides share (measured in .ci/check-bundle-budgets.mjs).
export { deleteAlias, setAlias } from './aliases.ts';
export { deleteVersion } from './delete-version.ts';
export { exportStatic } from './export.ts';
export { createModel, deleteModel, updateModel } from './models.ts';
export { history, lineage, searchVersions } from './search.ts';
export { registerVersion, transitionStage, updateVersion } from './versions.ts';
