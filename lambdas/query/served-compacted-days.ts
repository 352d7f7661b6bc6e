/**
 * The compacted days a query may read from the curated zone: those in the catalog without a pending compaction
 * request. A request means records were stored for the day after it was compacted; until the day is compacted again
 * it is read raw, so a late record is answered at once rather than after the next compaction run.
 */
import { compactionRequestsPrefix, daysOfFolders } from '../core/lake-keys';
import type { CompactedDaysReader } from '../core/ports/compaction-catalog';
import type { LakeListing } from '../core/ports/lake-listing';

export function servedCompactedDays(catalog: CompactedDaysReader, listing: LakeListing): CompactedDaysReader {
  return {
    async compactedDays(dataset, from, to) {
      const [compacted, requested] = await Promise.all([
        catalog.compactedDays(dataset, from, to),
        listing.listPrefixes(compactionRequestsPrefix(dataset)),
      ]);
      const pending = new Set(daysOfFolders(requested));
      return compacted.filter((entry) => !pending.has(entry.day));
    },
  };
}
