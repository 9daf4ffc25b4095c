import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { rejectionCode } from '@plinth/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../drift/detect-drift.ts';
import { createProfile } from '../profile/profile.ts';
import { profileStore } from './profile-store.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'plinth-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reference = {
  amount: Float64Array.from({ length: 3000 }, (_, i) => Math.sin(i) * 10 + 50),
  plan: Array.from({ length: 3000 }, (_, i) => (i % 4 === 0 ? 'pro' : 'free')),
};
const current = {
  amount: Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 + 53),
  plan: Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 'pro' : 'free')),
};

describe.each([
  ['memoryStorage', () => memoryStorage()],
  ['fsStorage', () => fsStorage({ dir })],
])('profileStore on %s', (_, storage) => {
  it('round-trips a profile that drives detectDrift exactly as the original does', async () => {
    const profiles = profileStore({ storage: storage() });
    const profile = createProfile(reference);
    const { version } = await profiles.save('fraud training', profile);
    const loaded = await profiles.load('fraud training');
    expect(loaded.version).toBe(version);
    expect(loaded.profile).toEqual(JSON.parse(JSON.stringify(profile)));
    const direct = detectDrift(profile, current);
    const viaStore = detectDrift(loaded.profile, current);
    expect(viaStore.columns.map((c) => [c.column, c.test, c.score, c.drifted])).toEqual(
      direct.columns.map((c) => [c.column, c.test, c.score, c.drifted]),
    );
    expect(await profiles.list()).toContain('fraud training');
  });

  it('names what exists when a profile is missing, and refuses bad names and stale versions', async () => {
    const profiles = profileStore({
      storage: storage(),
      prefix: `t-${Math.random().toString(36).slice(2)}/`,
    });
    const first = await profiles.save('a', createProfile(reference));
    await profiles.save('b', createProfile(current));
    expect(await profiles.list()).toEqual(['a', 'b']);
    const missing = await profiles.load('c').catch((error: Error) => error);
    expect((missing as { code?: string }).code).toBe('PLINTH_NOT_FOUND');
    expect((missing as Error).message).toContain('profiles that exist: "a", "b"');
    expect(await rejectionCode(profiles.save('../escape', createProfile(reference)))).toBe(
      'PLINTH_VALIDATION',
    );
    await profiles.save('a', createProfile(current), { ifVersion: first.version });
    expect(
      await rejectionCode(profiles.save('a', createProfile(reference), { ifVersion: first.version })),
    ).toBe('PLINTH_CONFLICT');
    expect(await rejectionCode(profiles.save('b', createProfile(reference), { ifNotExists: true }))).toBe(
      'PLINTH_CONFLICT',
    );
    expect((await profiles.load('a')).profile.rowCount).toBe(1000);
    expect(await profiles.delete('a')).toBe(true);
    expect(await profiles.list()).toEqual(['b']);
  });
});
