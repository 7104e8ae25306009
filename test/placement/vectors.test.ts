// Published test vectors, each with its source:
//   CRC16/XMODEM("123456789") = 0x31C3: the check value of CRC-16/XMODEM (the Redis cluster
//     specification's crc16 appendix gives the same parameters and check value).
//   CLUSTER KEYSLOT somekey = 11058, foo{hash_tag} = bar{hash_tag} = 2515: redis.io/commands/cluster-keyslot.
//   Jump hash: the table "generated from the reference C++ code" in github.com/dgryski/go-jump
//     (jump_test.go), and jump.hash(256, 1024) = 520 from the README of PyPI jump-consistent-hash.
//   libketama (github.com/RJ/ketama): hashi("test") = 3446378249, and on the list
//     127.0.0.1:11211 600 / 127.0.0.1:11212 400 there are 320 points and "test" lands on point
//     3454255383 of 127.0.0.1:11211 (python_ketama/tests.py); and libketama/test.sh: the MD5 of
//     ketama_test's output (an empty error line, then "hash point server" for keys "0" … "999999")
//     on ketama.servers (copied here) is 5672b131391f5aa2b280936aec1eea74.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crc16, jumpHash, ketamaHashi, md5, REDIS_SLOTS, redisKeyHash } from "../../src/placement/hash.js";
import { KetamaRing } from "../../src/placement/schemes/ring.js";
import { parseServerList } from "../../src/placement/servers.js";

const KETAMA_SERVERS = new URL("./ketama.servers", import.meta.url);

describe("Redis Cluster slots", () => {
  it("CRC16/XMODEM('123456789') = 0x31C3", () => {
    expect(crc16(Buffer.from("123456789"))).toBe(0x31c3);
  });
  it("CLUSTER KEYSLOT examples from redis.io", () => {
    const slot = (k: string) => redisKeyHash(k) % REDIS_SLOTS;
    expect(slot("somekey")).toBe(11058);
    expect(slot("foo{hash_tag}")).toBe(2515);
    expect(slot("bar{hash_tag}")).toBe(2515);
  });
  it("follows the hash tag rule: first { then the first } after it, empty tag = whole key", () => {
    expect(redisKeyHash("{user1000}.following")).toBe(redisKeyHash("user1000"));
    expect(redisKeyHash("foo{}{bar}")).toBe(crc16(Buffer.from("foo{}{bar}")));
    expect(redisKeyHash("foo{{bar}}zap")).toBe(crc16(Buffer.from("{bar")));
    expect(redisKeyHash("foo{bar}{zap}")).toBe(crc16(Buffer.from("bar")));
    expect(redisKeyHash("no{tag")).toBe(crc16(Buffer.from("no{tag")));
  });
});

/** The paper's C++ loop, in BigInt, as an independent reference. */
function jumpRef(key: bigint, buckets: number): number {
  let b = -1n;
  let j = 0n;
  while (j < BigInt(buckets)) {
    b = j;
    key = (key * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    j = BigInt(Math.floor(Number(b + 1n) * (Number(1n << 31n) / Number((key >> 33n) + 1n))));
  }
  return Number(b);
}

describe("jump consistent hash", () => {
  const table: [bigint, number[]][] = [
    [0n, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [1n, [0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 17, 17]],
    [0xdeadbeefn, [0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 16, 16]],
    [0x0ddc0ffeebadf00dn, [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 15, 15, 15, 15]],
  ];
  const split = (k: bigint): [number, number] => [Number(k & 0xffffffffn), Number(k >> 32n)];

  it("matches the reference C++ code's outputs (go-jump's table)", () => {
    for (const [key, buckets] of table) {
      buckets.forEach((want, i) => {
        expect(jumpHash(...split(key), i + 1)).toBe(want);
      });
    }
  });
  it("jump.hash(256, 1024) = 520", () => {
    expect(jumpHash(256, 0, 1024)).toBe(520);
  });
  it("agrees with a BigInt port of the paper's loop on random 64-bit keys", () => {
    let x = 0x12345678n;
    for (let i = 0; i < 2000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
      const n = 1 + (Number(x >> 40n) % 5000);
      expect(jumpHash(...split(x), n)).toBe(jumpRef(x, n));
    }
  });
});

describe("libketama compatibility", () => {
  it("hashi('test') = 3446378249", () => {
    expect(ketamaHashi("test")).toBe(3446378249);
  });

  it("a two-server list: 320 points, and 'test' on point 3454255383 of 127.0.0.1:11211", () => {
    const { nodes } = parseServerList("127.0.0.1:11211\t600\n127.0.0.1:11212\t400\n", "list");
    const r = new KetamaRing(nodes);
    expect(r.points.length).toBe(160 * 2);
    const h = r.hashKey("test");
    expect(r.point(h)).toBe(3454255383);
    expect(r.nodes[r.owner(h)]).toBe("127.0.0.1:11211");
  });

  it("reproduces libketama's test.sh checksum over keys 0 … 999999 on ketama.servers", () => {
    const { nodes } = parseServerList(readFileSync(KETAMA_SERVERS, "utf8"), "ketama.servers");
    const r = new KetamaRing(nodes);
    expect(r.points.length).toBe(1264); // not 8 × 160: each share is rounded down
    for (const h of [0, 1, 123456789, 0xfffffffe, 0xffffffff]) {
      expect(r.point(h)).toBe(r.points[r.indexOf32(h)]);
      expect(r.owner(h)).toBe(r.pointOwner[r.indexOf32(h)]);
    }
    const out = createHash("md5");
    out.update("\n"); // ketama_error(): empty
    let buf = "";
    for (let i = 0; i < 1_000_000; i++) {
      const k = String(i);
      const kh = r.hashKey(k);
      const at = r.pointIndex(kh); // what point() and owner() read
      buf += `${kh} ${r.points[at]} ${r.nodes[r.pointOwner[at]]}\n`;
      if (buf.length > 1 << 16) {
        out.update(buf);
        buf = "";
      }
    }
    out.update(buf);
    expect(out.digest("hex")).toBe("5672b131391f5aa2b280936aec1eea74");
  });

  it("the bucket index finds the point libketama's binary search finds, at every point's edge and between", () => {
    const lists = [
      parseServerList(readFileSync(KETAMA_SERVERS, "utf8"), "ketama.servers").nodes,
      [{ name: "a:1", weight: 1 }],
      Array.from({ length: 64 }, (_, i) => ({ name: `10.0.${i >> 4}.${i & 15}:6379`, weight: 1 + (i % 3) })),
    ];
    for (const nodes of lists) {
      const r = new KetamaRing(nodes);
      const probes = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
      for (const p of r.points) probes.push(p, (p - 1) >>> 0, (p + 1) >>> 0);
      let x = 12345;
      for (let i = 0; i < 20_000; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        probes.push(x);
      }
      for (const h of probes) expect(r.pointIndex(h)).toBe(r.indexOf32(h));
    }
  });

  it("rounds each server's share as ketama.c does (float share, floorf of the product)", () => {
    // 63 of 120 among 3 servers: exactly 63 digests, but float arithmetic gives 62.9999… → 62
    expect(KetamaRing.pointsOf(63, 120, 3)).toBe(62 * 4);
    expect(Math.floor((63 / 120) * 40 * 3)).toBe(63);
    // 59 of 60 among 3: the double product is 117.99999999999999, the float one 118
    expect(KetamaRing.pointsOf(59, 60, 3)).toBe(118 * 4);
    const r = new KetamaRing([
      { name: "a:1", weight: 63 },
      { name: "b:1", weight: 40 },
      { name: "c:1", weight: 17 },
    ]);
    expect(r.points.length).toBe(
      KetamaRing.pointsOf(63, 120, 3) + KetamaRing.pointsOf(40, 120, 3) + KetamaRing.pointsOf(17, 120, 3),
    );
  });

  /**
   * libketama's algorithm written out plainly from ketama.c, for a list and keys of our own:
   * every point from MD5("addr-k"), sorted; a key's server is at the first point ≥ hashi(key),
   * else the first point.
   */
  function naiveKetama(list: { name: string; weight: number }[]) {
    const total = list.reduce((s, n) => s + n.weight, 0);
    const pts: { point: number; addr: string }[] = [];
    for (const s of list) {
      const pct = Math.fround(Math.fround(s.weight) / Math.fround(total));
      const ks = Math.floor(Math.fround(pct * 40.0 * list.length));
      for (let k = 0; k < ks; k++) {
        const d = md5(`${s.name}-${k}`);
        for (let h = 0; h < 4; h++)
          pts.push({
            point: d[3 + h * 4] * 2 ** 24 + d[2 + h * 4] * 2 ** 16 + d[1 + h * 4] * 2 ** 8 + d[h * 4],
            addr: s.name,
          });
      }
    }
    pts.sort((a, b) => a.point - b.point);
    return {
      count: pts.length,
      get(key: string) {
        const h = ketamaHashi(key);
        return pts.find((p) => p.point >= h) ?? pts[0];
      },
    };
  }

  it("matches libketama key for key on a weighted list and keys of our own", () => {
    const text = [
      "# cachelab test list",
      "10.1.0.1:11211 1",
      "10.1.0.2:11211\t7",
      "cache-a.example.com:11211 250",
      "",
      "192.168.17.42:22122   999",
      "[::1]:11211 33",
      "10.1.0.3:11211 64",
      "",
    ].join("\n");
    const { nodes } = parseServerList(text, "mine");
    const ring = new KetamaRing(nodes);
    const ref = naiveKetama(nodes);
    expect(ring.points.length).toBe(ref.count);
    const keys = ["", "a", "user:1", "session/ä", "x".repeat(200)];
    for (let i = 0; i < 3000; i++) keys.push(`key-${i * 7919}`);
    for (const k of keys) {
      const want = ref.get(k);
      const h = ring.hashKey(k);
      expect([k, ring.point(h), ring.nodes[ring.owner(h)]]).toEqual([k, want.point, want.addr]);
    }
    // hashes above the last point wrap to the first
    expect(ring.owner(0xffffffff)).toBe(ring.pointOwner[0]);
    expect(ring.owner(0)).toBe(ring.pointOwner[0]);
  });
});
