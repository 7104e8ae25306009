// A 64-bit id for a string key, for formats that hold only numbers (oracleGeneral): two independent
// 32-bit FNV-1a variants, the first finished with a murmur-style avalanche.

/** A 64-bit id for a string key, for formats that hold only numbers. */
export function hashKey(s: string): [lo: number, hi: number] {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  return [a >>> 0, b >>> 0];
}
