/** The port through which the compaction reads the lake's layout and removes what it no longer needs (S3 or a directory). */

export interface LakeListing {
  /** Every object key under `prefix`, in any order. */
  listKeys(prefix: string): Promise<readonly string[]>;
  /** The next level of "folders" under `prefix` (each ends with `/`), as S3's common prefixes with delimiter `/`. */
  listPrefixes(prefix: string): Promise<readonly string[]>;
  /** Deletes the objects; a key that no longer exists is not an error. */
  deleteKeys(keys: readonly string[]): Promise<void>;
}
