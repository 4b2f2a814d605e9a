export interface StoredAudio {
  key: string;
  /** Where listeners fetch it: a path on this api for local disk, an absolute URL otherwise. */
  url: string;
  bytes: number;
}

/** Write-once audio storage: a key is never overwritten, so URLs can be cached forever. */
export interface AudioStorage {
  readonly name: string;
  put(object: { key: string; data: Buffer; contentType: string }): Promise<StoredAudio>;
  /** Where listeners fetch a stored key; computed, no request made. */
  urlFor(key: string): string;
}
