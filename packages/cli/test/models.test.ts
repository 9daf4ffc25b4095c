import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plinth, type Seeded, seedStore, tempDir } from './helpers.ts';

describe('plinth models', () => {
  let seeded: Seeded;
  let remove: () => Promise<void>;
  const models = (args: string[], env?: Record<string, string>) =>
    plinth(['models', ...args, '--dir', seeded.dir], { env });
  /** The audit trail read back through the registry itself, not through the command. */
  const history = async () => {
    const storage = fsStorage({ dir: seeded.dir });
    try {
      return await createRegistry({ storage }).history('fraud');
    } finally {
      await storage.close?.();
    }
  };
  beforeAll(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    seeded = await seedStore(temp.dir);
  });
  afterAll(() => remove());

  it('list and show, as tables and as JSON', async () => {
    const list = await models(['list', '--json']);
    expect(list.code).toBe(0);
    const [model] = (JSON.parse(list.stdout) as { models: Record<string, unknown>[] }).models;
    expect(model).toMatchObject({
      name: 'fraud',
      versionCount: 2,
      latestVersion: 2,
      aliases: { champion: 1 },
    });
    const table = await models(['list']);
    expect(table.stdout).toMatch(/^fraud\s+2\s+v2\s+champion→v1/m);
    const show = await models(['show', 'fraud', '--json']);
    const shown = JSON.parse(show.stdout) as {
      model: { name: string };
      versions: { version: number; runId: string; aliases: string[] }[];
      history: { type: string }[];
    };
    expect(shown.versions.map((version) => [version.version, version.runId, version.aliases])).toEqual([
      [1, seeded.runs.a, ['champion']],
      [2, seeded.runs.b, []],
    ]);
    expect(shown.history.map((event) => event.type)).toEqual([
      'created',
      'registered',
      'registered',
      'alias_set',
    ]);
    const text = await models(['show', 'fraud']);
    expect(text.stdout).toContain('aliases: champion → v1');
    expect(text.stdout).toMatch(/alias_set\s+seed\s+v1\s+champion\s+1\s+first model/);
  });

  it('alias set and delete land in the audit trail with actor and reason', async () => {
    const moved = await models([
      'alias',
      'set',
      'fraud',
      'champion',
      '2',
      '--reason',
      'better accuracy',
      '--actor',
      'alice',
    ]);
    expect(moved).toEqual({
      code: 0,
      stdout: 'fraud@champion: v1 → v2 (recorded in the audit trail)\n',
      stderr: '',
    });
    const staged = await models(['alias', 'set', 'fraud', 'staging', '1', '-r', 'canary', '--json'], {
      PLINTH_ACTOR: 'ci-bot',
    });
    expect(JSON.parse(staged.stdout)).toEqual({ model: 'fraud', alias: 'staging', to: 1 });
    const deleted = await models([
      'alias',
      'delete',
      'fraud',
      'staging',
      '--reason',
      'canary over',
      '--actor',
      'bob',
    ]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe('fraud@staging: v1 → deleted (recorded in the audit trail)\n');
    const events = (await history()).slice(-3);
    expect(
      events.map(({ type, actor, reason, alias, from, to }) => ({ type, actor, reason, alias, from, to })),
    ).toEqual([
      { type: 'alias_moved', actor: 'alice', reason: 'better accuracy', alias: 'champion', from: 1, to: 2 },
      { type: 'alias_set', actor: 'ci-bot', reason: 'canary', alias: 'staging', from: undefined, to: 1 },
      {
        type: 'alias_deleted',
        actor: 'bob',
        reason: 'canary over',
        alias: 'staging',
        from: 1,
        to: undefined,
      },
    ]);
  });

  it('bad input: no reason or a bad version exit 2 and write nothing; unknown model or version exit 1', async () => {
    const before = (await history()).length;
    const noReason = await models(['alias', 'set', 'fraud', 'champion', '1']);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("required option '-r, --reason <text>' not specified");
    const badVersion = await models(['alias', 'set', 'fraud', 'champion', 'two', '-r', 'x']);
    expect(badVersion.code).toBe(2);
    const hugeReason = await models(['alias', 'set', 'fraud', 'champion', '1', '-r', 'x'.repeat(100_000)]);
    expect(hugeReason.code).toBe(2);
    expect(hugeReason.stderr.length).toBeLessThan(5000);
    const traversal = await models(['show', '../../etc/passwd']);
    expect(traversal.code).toBe(2);
    expect(traversal.stderr).toContain('PLINTH_VALIDATION');
    const proto = await models(['alias', 'set', '__proto__', 'champion', '1', '-r', 'x']);
    expect(proto.code).toBe(2);
    const unknownModel = await models(['show', 'nope']);
    expect(unknownModel.code).toBe(1);
    expect(unknownModel.stderr).toMatch(/^plinth: error: .*"nope".*PLINTH_NOT_FOUND\)\n$/);
    const unknownVersion = await models(['alias', 'set', 'fraud', 'champion', '99', '-r', 'x']);
    expect(unknownVersion.code).toBe(1);
    const unknownAlias = await models(['alias', 'delete', 'fraud', 'nope', '-r', 'x']);
    expect(unknownAlias.code).toBe(1);
    expect(await history()).toHaveLength(before);
  });

  it('an alias or model named __proto__ is refused by the registry name rules (exit 2), not turned into a prototype', async () => {
    const result = await models(['alias', 'set', 'fraud', '__proto__', '1', '-r', 'own keys']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid alias');
    const shown = JSON.parse((await models(['show', 'fraud', '--json'])).stdout) as {
      model: { aliases: Record<string, number> };
    };
    expect(Object.keys(shown.model.aliases)).toEqual(['champion']);
  });
});
