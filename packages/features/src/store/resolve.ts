// Resolves a feature request ('view:feature' references or a feature service) into the views to join, the
// on-demand views to compute and the output columns, and rejects name collisions before any query runs.
import type { FeatureView } from '../definitions/feature-view.ts';
import type { OnDemandFeatureView } from '../definitions/on-demand.ts';
import { type FeatureService, isFeatureService, parseFeatureRef } from '../definitions/service.ts';
import type { FeatureType } from '../definitions/types.ts';
import type { JoinFeature, JoinView } from '../engine/port.ts';
import { describe, errors, invalid } from '../errors.ts';

/** What a request asks for: a list of `view:feature` references or a feature service. */
export type FeatureRequest = readonly string[] | FeatureService;

/** An on-demand view to compute, its inputs and its requested outputs. */
export interface OnDemandPlan {
  readonly view: OnDemandFeatureView;
  /** Input name (full and, where unique, bare) → result column holding it; request fields map to themselves. */
  readonly inputs: ReadonlyMap<string, string>;
  /** Requested outputs. */
  readonly features: readonly { name: string; type: FeatureType; output: string }[];
}

/** A resolved request. */
export interface ResolvedRequest {
  readonly joinViews: readonly JoinView[];
  readonly onDemand: readonly OnDemandPlan[];
  /** Output feature columns in order (entity columns come before them). */
  readonly outputs: readonly { name: string; type: FeatureType }[];
  /** Columns only on-demand views read, dropped from the output. */
  readonly hidden: ReadonlySet<string>;
  /** Request fields the on-demand views need from entity rows. */
  readonly requestFields: readonly string[];
}

/** The views a store knows, by name (own-key maps). */
export interface Catalog {
  readonly views: ReadonlyMap<string, FeatureView>;
  readonly onDemand: ReadonlyMap<string, OnDemandFeatureView>;
}

/**
 * @throws {PlinthError} `PLINTH_VALIDATION` on a malformed request, `PLINTH_NOT_FOUND` for an unknown view or
 * feature, `PLINTH_FEATURE_NAME_COLLISION` when two outputs would share a name.
 */
export function resolveRequest(
  catalog: Catalog,
  request: unknown,
  fullFeatureNames: boolean,
): ResolvedRequest {
  const refs = isFeatureService(request) ? request.features : request;
  if (!Array.isArray(refs) || refs.length === 0 || refs.length > 100_000) {
    throw invalid(
      `features must be a non-empty list of 'view:feature' references or a feature service, got ${describe(request)}`,
    );
  }
  const groups = new Map<string, { kind: 'view' | 'onDemand'; features: string[] }>();
  for (const ref of refs as unknown[]) {
    const { view, feature } = parseFeatureRef(ref);
    const regular = catalog.views.get(view);
    const onDemand = catalog.onDemand.get(view);
    if (!regular && !onDemand) {
      throw errors.error(
        'PLINTH_NOT_FOUND',
        `feature reference ${JSON.stringify(ref)}: no view named ${JSON.stringify(view)}; register it in createFeatureStore({ views, onDemandViews })`,
        {
          details: { view },
        },
      );
    }
    const features = regular ? regular.features : onDemand!.features;
    if (!features.some((candidate) => candidate.name === feature)) {
      throw errors.error(
        'PLINTH_NOT_FOUND',
        `view ${view} has no feature ${JSON.stringify(feature)} (features: ${features.map((f) => f.name).join(', ')})`,
        {
          details: { view, feature },
        },
      );
    }
    const group = groups.get(view) ?? { kind: regular ? 'view' : 'onDemand', features: [] };
    if (group.features.includes(feature)) throw invalid(`feature ${view}:${feature} is requested twice`);
    group.features.push(feature);
    groups.set(view, group);
  }
  const outputs: { name: string; type: FeatureType }[] = [];
  const owner = new Map<string, string>();
  const outputName = (view: string, feature: string, type: FeatureType) => {
    const name = fullFeatureNames ? `${view}__${feature}` : feature;
    const previous = owner.get(name);
    if (previous !== undefined) {
      throw errors.error(
        'PLINTH_FEATURE_NAME_COLLISION',
        `features ${previous} and ${view}:${feature} would both be named ${JSON.stringify(name)}; pass fullFeatureNames: true`,
        { details: { name, features: [previous, `${view}:${feature}`] } },
      );
    }
    owner.set(name, `${view}:${feature}`);
    outputs.push({ name, type });
    return name;
  };
  const joinFeatures = new Map<string, { view: FeatureView; features: JoinFeature[] }>();
  const onDemandGroups: {
    view: OnDemandFeatureView;
    features: { name: string; type: FeatureType; output: string }[];
  }[] = [];
  for (const [name, group] of groups) {
    if (group.kind === 'view') {
      const view = catalog.views.get(name)!;
      const entry = { view, features: [] as JoinFeature[] };
      for (const feature of group.features) {
        const type = view.features.find((candidate) => candidate.name === feature)!.type;
        entry.features.push({ name: feature, type, output: outputName(name, feature, type) });
      }
      joinFeatures.set(name, entry);
    } else {
      const view = catalog.onDemand.get(name)!;
      onDemandGroups.push({
        view,
        features: group.features.map((feature) => {
          const type = view.features.find((candidate) => candidate.name === feature)!.type;
          return { name: feature, type, output: outputName(name, feature, type) };
        }),
      });
    }
  }
  const hidden = new Set<string>();
  const requestFields: string[] = [];
  const onDemand: OnDemandPlan[] = onDemandGroups.map(({ view, features }) => {
    const full = new Map<string, string>();
    const bareCount = new Map<string, number>();
    for (const source of view.sources) {
      const target = catalog.views.get(source.name) ?? source;
      let entry = joinFeatures.get(source.name);
      if (!entry) {
        entry = { view: target, features: [] };
        joinFeatures.set(source.name, entry);
      }
      for (const feature of target.features) {
        let column = entry.features.find((candidate) => candidate.name === feature.name)?.output;
        if (column === undefined) {
          column = `__plinth_in_${source.name}__${feature.name}`;
          entry.features.push({ name: feature.name, type: feature.type, output: column });
          hidden.add(column);
        }
        full.set(`${source.name}__${feature.name}`, column);
        bareCount.set(feature.name, (bareCount.get(feature.name) ?? 0) + 1);
      }
    }
    for (const field of view.requestFields) {
      if (!requestFields.includes(field.name)) requestFields.push(field.name);
      bareCount.set(field.name, (bareCount.get(field.name) ?? 0) + 1);
    }
    const inputs = new Map(full);
    for (const [key, column] of full) {
      const bare = key.slice(key.indexOf('__') + 2);
      if (bareCount.get(bare) === 1 && !inputs.has(bare)) inputs.set(bare, column);
    }
    for (const field of view.requestFields) inputs.set(field.name, field.name);
    return { view, inputs, features };
  });
  return { joinViews: [...joinFeatures.values()], onDemand, outputs, hidden, requestFields };
}
