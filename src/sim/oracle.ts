// Next-access pre-pass for offline (oracle) policies such as Belady: for each trace position k, the
// position of the next request to the same object, or -1. One backward pass, O(requests + objects).
// A DELETE ends an object's future: positions before it see no next use (the copy they would
// keep is removed anyway), so an oracle never keeps an object for a request that will miss.
import { DELETE } from "../workload/types.js";

export function nextAccess(keys: Uint32Array, length: number, idSpace: number, ops?: Uint8Array | null): Int32Array {
  const next = new Int32Array(length);
  const last = new Int32Array(idSpace).fill(-1);
  for (let k = length - 1; k >= 0; k--) {
    const id = keys[k];
    next[k] = last[id];
    last[id] = ops && ops[k] === DELETE ? -1 : k;
  }
  return next;
}
