// Growing a typed array: per-id arrays start small and double when a larger id arrives, so memory
// follows the ids actually seen rather than a guess made up front.

/** Copies `a` into a larger array (at least `min` long, doubling), filling new slots with `fill`. */
export function grow<T extends Int32Array | Uint32Array | Uint8Array | Float64Array | Uint16Array>(
  a: T,
  min: number,
  fill = 0,
): T {
  let n = Math.max(16, a.length);
  while (n < min) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
