// The calls that change the registry, loaded by createRegistry on the first write (a dynamic import), so a
// page that only reads models, versions and artifacts does not carry registration, upload and hashing code.
export { deleteAlias, setAlias } from './aliases.ts';
export { createModel, deleteModel, updateModel } from './models.ts';
export { registerVersion, transitionStage, updateVersion } from './versions.ts';
