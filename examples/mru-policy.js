// An example of a user's own eviction policy: MRU (evict the most recently used object), which
// suits looping scans larger than the cache. Use it with
//   cachelab simulate --trace my.trace --eviction ./examples/mru-policy.js:window=0
// The default export is a Spec: name, summary, defaults, params, create(params, ctx). The policy
// sees only integer ids and sizes; the engine owns the request loop and the counters. It keeps
// per-id arrays (grown on demand) and an index-based doubly-linked list: no allocation per request.

class Mru {
  constructor(ctx) {
    const n = Math.max(16, ctx.ids);
    this.prev = new Int32Array(n).fill(-1);
    this.next = new Int32Array(n).fill(-1);
    this.size = new Uint32Array(n);
    this.in = new Uint8Array(n);
    this.head = -1; // most recent
    this.usedBytes = 0;
    this.count = 0;
  }
  grow(id) {
    let n = this.in.length;
    while (n <= id) n *= 2;
    const g = (A, a, fill) => {
      const b = new A(n).fill(fill);
      b.set(a);
      return b;
    };
    this.prev = g(Int32Array, this.prev, -1);
    this.next = g(Int32Array, this.next, -1);
    this.size = g(Uint32Array, this.size, 0);
    this.in = g(Uint8Array, this.in, 0);
  }
  unlink(id) {
    const p = this.prev[id];
    const n = this.next[id];
    if (p !== -1) this.next[p] = n;
    else this.head = n;
    if (n !== -1) this.prev[n] = p;
  }
  pushHead(id) {
    this.prev[id] = -1;
    this.next[id] = this.head;
    if (this.head !== -1) this.prev[this.head] = id;
    this.head = id;
  }
  find(id, promote) {
    if (id >= this.in.length || this.in[id] === 0) return false;
    if (promote && this.head !== id) {
      this.unlink(id);
      this.pushHead(id);
    }
    return true;
  }
  insert(id, size) {
    if (id >= this.in.length) this.grow(id);
    this.in[id] = 1;
    this.size[id] = size;
    this.pushHead(id);
    this.usedBytes += size;
    this.count++;
  }
  victim() {
    return this.head;
  }
  evict() {
    const id = this.head;
    if (id !== -1) this.remove(id);
    return id;
  }
  remove(id) {
    if (id >= this.in.length || this.in[id] === 0) return false;
    this.unlink(id);
    this.in[id] = 0;
    this.usedBytes -= this.size[id];
    this.count--;
    return true;
  }
}

export default {
  name: "mru",
  summary: "Most recently used: evict the object used last (good for loops larger than the cache).",
  cite: "Chou and DeWitt, An evaluation of buffer management strategies for relational database systems, VLDB 1985",
  defaults: { window: 0 },
  params: { window: { description: "unused; shows how a parameter is declared", min: 0 } },
  create: (_params, ctx) => new Mru(ctx),
};
