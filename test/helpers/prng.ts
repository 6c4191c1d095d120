// A seeded pseudo-random generator (xorshift32), so property tests fail the same way every run.

export type Random = {
  /** An integer in [0, n). */
  int(n: number): number;
};

export function random(seed: number): Random {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return { int: (n) => next() % n };
}

/** A copy of bytes with one random change: cut short, a byte flipped, or a u32 overwritten. */
export function mutate(bytes: Buffer, r: Random): Buffer {
  const out = Buffer.from(bytes);
  switch (r.int(3)) {
    case 0:
      return out.subarray(0, r.int(out.length));
    case 1: {
      const at = r.int(out.length);
      out[at] = (out[at] as number) ^ (1 + r.int(255));
      return out;
    }
    default: {
      const at = r.int(Math.max(1, out.length - 3));
      const values = [0, 1, 0xffffffff, 0x7fffffff, r.int(0x10000), out.length];
      out.writeUInt32BE((values[r.int(values.length)] as number) >>> 0, Math.min(at, out.length - 4));
      return out;
    }
  }
}
