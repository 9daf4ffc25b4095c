import { PlinthError } from '../../errors/plinth-error.ts';

const advice: Record<string, string> = {
  ENOSPC: 'the disk is full; free some space or point fsStorage at a volume with room, then retry',
  EDQUOT: 'the disk quota is exhausted; free some space or raise the quota, then retry',
  EACCES:
    'permission denied; make the directory readable and writable by this process, or choose another dir',
  EPERM: 'operation not permitted; make the directory writable by this process, or choose another dir',
  EROFS: 'the file system is read-only; point fsStorage at a writable directory',
  EMFILE: 'too many open files; raise the limit (ulimit -n) or lower concurrency',
  ENFILE: 'the system ran out of file handles; lower concurrency or raise the limit',
  ENOTDIR: 'a path component is a file, not a directory; point fsStorage at a directory of its own',
  EISDIR: 'a directory stands where a file was expected; keep other programs out of the store directory',
};

/** The errno code of a Node error, if any. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * Wraps a file-system failure as `PLINTH_STORAGE`, keeping the path and the cause; ENOSPC, EACCES and
 * their kin get a message saying what to do. PlinthErrors pass through unchanged.
 */
export function ioError(component: string, operation: string, path: string, cause: unknown): PlinthError {
  if (PlinthError.is(cause)) return cause;
  const code = errorCode(cause);
  const what = (code && advice[code]) ?? 'check that the directory exists, is writable and has room';
  const reason = code ?? (cause instanceof Error ? cause.message : String(cause));
  return new PlinthError({
    code: 'PLINTH_STORAGE',
    component,
    message: `could not ${operation} "${path}" (${reason}); ${what}`,
    cause,
    details: { path, operation, errno: code },
  });
}
