import { idbStorage } from '@plinth/core/idb';
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../drift/detect-drift.ts';
import { createProfile } from '../profile/profile.ts';
import { profileStore } from './profile-store.ts';

describe('profileStore in Chromium', () => {
  it('keeps a reference profile in IndexedDB across store instances and drives detectDrift from it', async () => {
    const database = `plinth-profiles-${Date.now().toString(36)}`;
    const reference = { x: Float64Array.from({ length: 2000 }, (_, i) => (i % 100) / 10) };
    const current = { x: Float64Array.from({ length: 500 }, (_, i) => (i % 100) / 10 + 2) };
    await profileStore({ storage: idbStorage({ database }) }).save('baseline', createProfile(reference));
    const again = profileStore({ storage: idbStorage({ database }) });
    expect(await again.list()).toEqual(['baseline']);
    const { profile } = await again.load('baseline');
    const result = detectDrift(profile, current);
    expect(result.columns[0]!.drifted).toBe(true);
    expect(result.columns[0]!.score).toBe(detectDrift(createProfile(reference), current).columns[0]!.score);
  });
});
