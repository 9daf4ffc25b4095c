import type { ByteSource } from '@plinth/core';
import type { Hasher } from '../hash/sha256.ts';

/** A file opened for registration: its bytes as a stream, opened anew on each call. */
export interface OpenedFile {
  size: number;
  open(): ByteSource;
}

/** What differs between Node and browsers: hashing and file access. Chosen by the package's export map. */
export interface Platform {
  /** `node` or `browser`, for messages. */
  name: string;
  /** A new incremental SHA-256. */
  createHasher(): Hasher;
  /** SHA-256 of a whole byte array, lowercase hex. */
  sha256(bytes: Uint8Array): Promise<string>;
  /** Opens a local file; absent in browsers. */
  openFile?(path: string): Promise<OpenedFile>;
}
