import type { ByteSource, StorageAdapter } from '@plinth/core';

/** An incremental hash: feed chunks with `update`, read the lowercase hex digest once with `digest`. */
export interface Hasher {
  update(chunk: Uint8Array): void;
  digest(): string;
}

/** A file opened for registration: its bytes as a stream, opened anew on each call. */
export interface OpenedFile {
  size: number;
  open(): ByteSource;
}

/** What differs between Node and browsers: hashing, file access and plain-file export. Chosen by the export map. */
export interface Platform {
  /** `node` or `browser`, for messages. */
  name: string;
  /** A new incremental SHA-256 (async: browsers load the hash implementation on first use). */
  createHasher(): Promise<Hasher>;
  /** SHA-256 of a whole byte array, lowercase hex. */
  sha256(bytes: Uint8Array): Promise<string>;
  /** Opens a local file; absent in browsers. */
  openFile?(path: string): Promise<OpenedFile>;
  /** A directory of plain files whose paths are the keys; absent in browsers. */
  plainDirectory?(directory: string): StorageAdapter;
}
