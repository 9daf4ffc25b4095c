/** One remembered response: its ETag and body. */
export interface EtagCacheEntry {
  etag: string;
  body: Uint8Array;
}

/**
 * A least-recently-used map from URL to ETag and body, bounded by total body bytes. Bodies larger than a
 * quarter of the budget are not kept, so one big file cannot flush everything else.
 */
export class EtagCache {
  readonly #entries = new Map<string, EtagCacheEntry>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The entry for `url`, marked as recently used. */
  get(url: string): EtagCacheEntry | undefined {
    const entry = this.#entries.get(url);
    if (entry) {
      this.#entries.delete(url);
      this.#entries.set(url, entry);
    }
    return entry;
  }

  /**
   * Remembers `body` under `etag` for `url`, evicting the least recently used entries past the budget.
   * Returns false when the body is too large to keep.
   */
  set(url: string, etag: string, body: Uint8Array): boolean {
    this.delete(url);
    if (body.byteLength > this.#maxBytes / 4) return false;
    this.#entries.set(url, { etag, body });
    this.#bytes += body.byteLength;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.body.byteLength;
    }
    return true;
  }

  /** Forgets `url`. */
  delete(url: string): void {
    const entry = this.#entries.get(url);
    if (!entry) return;
    this.#entries.delete(url);
    this.#bytes -= entry.body.byteLength;
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
