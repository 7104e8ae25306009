// Next-access pre-pass for offline (oracle) policies such as Belady: for each request k, the index
// of the next request to the same object, or -1. One backward pass, O(requests + objects).

export function nextAccess(keys: Uint32Array, length: number, objects: number): Int32Array {
  const next = new Int32Array(length);
  const last = new Int32Array(objects).fill(-1);
  for (let k = length - 1; k >= 0; k--) {
    const id = keys[k];
    next[k] = last[id];
    last[id] = k;
  }
  return next;
}
