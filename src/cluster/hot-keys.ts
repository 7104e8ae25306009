// The hottest keys of a request stream in bounded memory: Space-Saving (Metwally, Agrawal and
// El Abbadi, "Efficient Computation of Frequent and Top-k Elements in Data Streams", ICDT 2005).
//
// It keeps at most `capacity` counters. A monitored key's counter is incremented; an unmonitored key
// takes over the counter with the smallest count m and gets m + 1 (its error bound is m, which the
// algorithm records). Every key whose true count exceeds N / capacity (N requests seen) is
// monitored, and a monitored key's count overestimates its true count by at most its error. The
// proxy feeds it every key it routes; `cluster deploy --warm copy-hot:K` copies the top K to the new
// nodes before the switch.
//
// The smallest counter is found with a binary min-heap over typed arrays (counts, heap positions),
// so a request costs one Map lookup and O(log capacity) swaps, and no allocation once the table is
// full (the evicted key's string is dropped, the new one stored in its place).
//
// Parameter: capacity (counters kept; default 4× the largest top-K asked for, 40,000 for 10,000).
export class HotKeys {
  private readonly keys: string[] = [];
  private readonly count: Float64Array;
  private readonly error: Float64Array;
  /** heap[i] = counter index; pos[counter] = its place in the heap. */
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private readonly index = new Map<string, number>();
  private size = 0;
  /** Requests seen. */
  total = 0;

  constructor(readonly capacity = 40_000) {
    this.count = new Float64Array(capacity);
    this.error = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity);
  }

  add(key: string): void {
    this.total++;
    const c = this.index.get(key);
    if (c !== undefined) {
      this.count[c]++;
      this.down(this.pos[c]);
      return;
    }
    if (this.size < this.capacity) {
      const n = this.size++;
      this.keys[n] = key;
      this.count[n] = 1;
      this.error[n] = 0;
      this.heap[n] = n;
      this.pos[n] = n;
      this.index.set(key, n);
      this.up(n);
      return;
    }
    const min = this.heap[0];
    this.index.delete(this.keys[min]);
    this.keys[min] = key;
    this.index.set(key, min);
    this.error[min] = this.count[min];
    this.count[min]++;
    this.down(0);
  }

  /** The k most counted keys, most first (ties: key order), with their count and error bound. */
  top(k: number): { key: string; count: number; error: number }[] {
    const ids = Array.from({ length: this.size }, (_, i) => i);
    ids.sort((a, b) => this.count[b] - this.count[a] || (this.keys[a] < this.keys[b] ? -1 : 1));
    return ids.slice(0, k).map((i) => ({ key: this.keys[i], count: this.count[i], error: this.error[i] }));
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.count[h[parent]] <= this.count[h[i]]) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) return;
      const r = l + 1;
      const c = r < this.size && this.count[h[r]] < this.count[h[l]] ? r : l;
      if (this.count[h[i]] <= this.count[h[c]]) return;
      this.swap(i, c);
      i = c;
    }
  }

  private swap(a: number, b: number): void {
    const h = this.heap;
    const t = h[a];
    h[a] = h[b];
    h[b] = t;
    this.pos[h[a]] = a;
    this.pos[h[b]] = b;
  }
}
