/** Groups items by partition date, keeping their order inside each group; the map iterates dates ascending. */
export function groupByPartition<T>(items: Iterable<T>, partitionOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const dt = partitionOf(item);
    const group = groups.get(dt);
    if (group) group.push(item);
    else groups.set(dt, [item]);
  }
  // The default sort orders strings by UTF-16 code units, as `<` does; every key read back is in the map.
  return new Map([...groups.keys()].sort().map((dt) => [dt, groups.get(dt) as T[]]));
}
