import type { StorageAdapter } from '@plinth/core';
import type { ModelVersion, Registry } from '@plinth/registry';
import { errorLine } from '../output/error-line.ts';
import type { Progress } from '../output/progress.ts';
import type { DoctorReport, Finding } from './findings.ts';

const MODEL_KEY = /^models\/([^/]+)\.json$/;
const VERSION_KEY = /^versions\/([^/]+)\/(\d{10})\.json$/;

/** Models and versions {@link checkRegistry} will read, for the progress total. */
export function registryItems(keys: readonly string[]): {
  models: string[];
  versions: [string, number, string][];
} {
  const models: string[] = [];
  const versions: [string, number, string][] = [];
  for (const key of keys) {
    const model = MODEL_KEY.exec(key);
    if (model) models.push(model[1]!);
    const version = VERSION_KEY.exec(key);
    if (version) versions.push([version[1]!, Number(version[2]), key]);
  }
  return { models, versions };
}

/**
 * Reads every model, version and audit history through the registry; checks that each version's artifact
 * blob exists (and, with `verify`, that its bytes still hash to its SHA-256); lists blobs no version
 * references and uploads never finished.
 */
export async function checkRegistry(
  registry: Registry,
  storage: StorageAdapter,
  keys: readonly string[],
  items: ReturnType<typeof registryItems>,
  options: { verify: boolean; progress: Progress; checked: DoctorReport['checked'] },
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const name of items.models) {
    options.progress.tick();
    options.checked.models++;
    try {
      await registry.getModel(name);
    } catch (error) {
      findings.push({
        kind: 'unreadable-document',
        severity: 'error',
        key: `models/${name}.json`,
        message: errorLine(error),
      });
      continue;
    }
    try {
      await registry.history(name);
    } catch (error) {
      findings.push({
        kind: 'unreadable-document',
        severity: 'error',
        key: `events/${name}/`,
        message: errorLine(error),
      });
    }
  }
  const referenced = new Set<string>();
  const present = new Set(keys.filter((key) => key.startsWith('blobs/')));
  for (const [name, number, key] of items.versions) {
    options.progress.tick();
    options.checked.versions++;
    let version: ModelVersion;
    try {
      version = await registry.getVersion({ name, version: number });
    } catch (error) {
      findings.push({ kind: 'unreadable-document', severity: 'error', key, message: errorLine(error) });
      continue;
    }
    const blob = `blobs/sha256/${version.sha256}`;
    referenced.add(blob);
    if (!present.has(blob) && (await storage.stat(blob)) === undefined) {
      findings.push({
        kind: 'missing-blob',
        severity: 'error',
        key: blob,
        message: `the artifact of ${name} v${number} (sha256 ${version.sha256}) is missing; loading it will fail`,
      });
    } else if (options.verify) {
      try {
        await registry.loadArtifact(version);
      } catch (error) {
        findings.push({ kind: 'integrity', severity: 'error', key: blob, message: errorLine(error) });
      }
    }
  }
  for (const key of present) {
    options.checked.blobs++;
    if (key.startsWith('blobs/uploads/')) {
      findings.push({
        kind: 'leftover-upload',
        severity: 'warning',
        key,
        message:
          'an artifact upload that never finished (a crashed registerVersion); safe to delete when no registration is running',
      });
    } else if (!referenced.has(key)) {
      findings.push({
        kind: 'orphan-blob',
        severity: 'warning',
        key,
        message:
          'an artifact no model version references (left by deleteVersion or deleteModel); safe to delete',
      });
    }
  }
  return findings;
}
