// A cache of resolved requests for getOnlineFeatures: a serving path asks for the same features on every call.
import { isFeatureService } from '../definitions/service.ts';
import { type Catalog, type ResolvedRequest, resolveRequest } from './resolve.ts';

/** Most distinct feature lists remembered by content (the oldest is forgotten first). */
const MAX_REMEMBERED = 256;
/** Longest feature list remembered by content. */
const MAX_REMEMBERED_REFS = 1024;

/** True when `request` cannot change: a frozen list of strings, or a frozen feature service with frozen refs. */
function isImmutable(request: unknown): request is object {
  if (typeof request !== 'object' || request === null || !Object.isFrozen(request)) return false;
  if (Array.isArray(request)) return true;
  return isFeatureService(request) && Object.isFrozen(request.features);
}

/**
 * `resolveRequest` over a fixed catalog, remembering its answers: by identity for requests that cannot change
 * (feature services, frozen lists), by content for lists of strings. A request that fails to resolve is not
 * remembered, so it fails again. Answers are shared: callers must not modify them.
 */
export function resolveCache(
  catalog: Catalog,
): (request: unknown, fullFeatureNames: boolean) => ResolvedRequest {
  const byIdentity = [
    new WeakMap<object, ResolvedRequest>(),
    new WeakMap<object, ResolvedRequest>(),
  ] as const;
  const byContent = new Map<string, ResolvedRequest>();
  return (request, fullFeatureNames) => {
    if (isImmutable(request)) {
      const remembered = byIdentity[fullFeatureNames ? 1 : 0];
      let resolved = remembered.get(request);
      if (resolved === undefined) {
        resolved = resolveRequest(catalog, request, fullFeatureNames);
        remembered.set(request, resolved);
      }
      return resolved;
    }
    if (
      !Array.isArray(request) ||
      request.length > MAX_REMEMBERED_REFS ||
      !request.every((ref) => typeof ref === 'string')
    ) {
      return resolveRequest(catalog, request, fullFeatureNames);
    }
    const key = `${fullFeatureNames ? 'full' : 'bare'}${JSON.stringify(request)}`;
    let resolved = byContent.get(key);
    if (resolved === undefined) {
      resolved = resolveRequest(catalog, request, fullFeatureNames);
      if (byContent.size >= MAX_REMEMBERED) byContent.delete(byContent.keys().next().value!);
      byContent.set(key, resolved);
    }
    return resolved;
  };
}
