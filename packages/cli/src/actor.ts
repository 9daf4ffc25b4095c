import os from 'node:os';

/** Who the audit trail names when `--actor` is not given: `$PLINTH_ACTOR`, else the OS user name, else `cli`. */
export function defaultActor(env: Readonly<Record<string, string | undefined>>): string {
  if (env.PLINTH_ACTOR) return env.PLINTH_ACTOR;
  try {
    return os.userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}
