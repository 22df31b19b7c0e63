// Zone balancing for LRPs (Diego's zone_sorter.go): an app's next instance
// goes to the zone holding the fewest of its instances. Zones with equal
// counts form one group and compete on score together; the auction only
// moves on to a fuller group when no cell in the emptier one can take the work.

/**
 * Groups of zone indices, emptiest first. Within a group zones keep their
 * given order (zone-name order), so the result is deterministic where Diego's
 * map iteration was not.
 */
export function zoneGroupsByInstances(
  zones: readonly number[],
  instancesByZone: ArrayLike<number> | undefined,
): (readonly number[])[] {
  if (zones.length === 0) return [];
  if (instancesByZone === undefined || zones.length === 1) return [zones];
  const ordered = zones.slice().sort((a, b) => instancesByZone[a]! - instancesByZone[b]! || a - b);
  const groups: (readonly number[])[] = [];
  let current: number[] = [];
  let currentCount = -1;
  for (const zone of ordered) {
    const count = instancesByZone[zone]!;
    if (current.length > 0 && count !== currentCount) {
      groups.push(current);
      current = [];
    }
    current.push(zone);
    currentCount = count;
  }
  groups.push(current);
  return groups;
}
