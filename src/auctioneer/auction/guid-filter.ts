// A quick "certainly not one of these" test for process guids. Building an
// auction's cell table looks up every instance on every cell to count the
// auctioned apps; most belong to other apps, and a Map lookup of a string
// costs far more than hashing a few characters here. Like a one-hash Bloom
// filter: no false negatives, a few false positives that the Map then settles.

const BITS = 1 << 16;

function hashGuid(guid: string): number {
  // FNV-1a over the UTF-16 code units, folded to 16 bits.
  let h = 0x811c9dc5;
  for (let i = 0; i < guid.length; i++) {
    h ^= guid.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h ^ (h >>> 16)) & (BITS - 1);
}

export class GuidFilter {
  private readonly bits = new Uint32Array(BITS / 32);

  constructor(guids: Iterable<string>) {
    for (const guid of guids) {
      const h = hashGuid(guid);
      this.bits[h >>> 5]! |= 1 << (h & 31);
    }
  }

  /** False: the guid is certainly not in the set. True: it may be. */
  mayContain(guid: string): boolean {
    const h = hashGuid(guid);
    return (this.bits[h >>> 5]! & (1 << (h & 31))) !== 0;
  }
}
