import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../src/cli/base-command.js";
import { InputError } from "../../src/core/errors.js";
import { nodesFrom } from "../../src/placement/nodes.js";
import { createPlacement, resolveScheme, SCHEME_KIND } from "../../src/placement/resolve.js";
import { parseRef } from "../../src/policies/resolve.js";

export interface LookupRow {
  key: string;
  /** The scheme's hash of the key (ring: libketama's hashi; slots: the CRC16). */
  hash: number;
  /** The continuum point (ring, bounded, multiprobe), table slot (maglev) or hash slot (slots). */
  point?: number;
  server: string;
  /** With --replicas > 1: every owner, primary first. */
  servers?: string[];
}

export default class PlacementLookup extends BaseCommand {
  static override enableJsonFlag = true;
  static override strict = false;
  static override summary = "Print the server of each key under a placement scheme.";
  static override description = [
    "Keys come from the arguments, else from stdin, one per line (`seq 1 1000 | cachelab placement lookup --scheme jump --nodes 10`). Nodes come from a server list in libketama's format (`--servers ketama.servers`: `host:port weight` per line, # comments) or are numbered node0…node<N−1> (--nodes N).",
    "With --scheme ring the hash, point and server are libketama's, key for key. --json prints key, hash, point (where the scheme has one) and server, so other tools can check compatibility.",
    "bounded is load-aware: keys are placed in the order given, each counting towards the cap.",
  ].join("\n\n");
  static override examples = [
    "<%= config.bin %> placement lookup --scheme ring --nodes 3 user:1 user:2",
    "<%= config.bin %> placement lookup --scheme slots --nodes 3 somekey foo{hash_tag} bar{hash_tag} --json",
    "<%= config.bin %> placement lookup --scheme rendezvous --nodes 5 --replicas 2 user:1",
  ];
  static override args = {
    keys: Args.string({ description: "keys to place (default: read from stdin, one per line)" }),
  };
  static override flags = {
    scheme: Flags.string({
      char: "s",
      description: "placement scheme: name[:param=value…] or a module path (see placement compare)",
      default: "ring",
    }),
    servers: Flags.string({ description: "server list, libketama format: 'host:port weight' per line" }),
    nodes: Flags.integer({ char: "n", description: "N numbered nodes (node0 …) instead of a server list", min: 1 }),
    replicas: Flags.integer({ char: "r", description: "owners per key, primary first", default: 1, min: 1 }),
    json: Flags.boolean({ description: "print key, hash, point and server as JSON" }),
  };

  async run(): Promise<LookupRow[]> {
    const { argv, flags } = await this.parse(PlacementLookup);
    const list = nodesFrom(flags);
    const scheme = await resolveScheme(parseRef(flags.scheme, SCHEME_KIND));
    for (const note of list.notes) process.stderr.write(`note: ${note}\n`);
    if (!scheme.spec.weighted && list.nodes.some((n) => n.weight !== 1))
      process.stderr.write(`note: ${scheme.spec.name} ignores server weights\n`);
    const p = createPlacement(scheme, list.nodes);

    // oclif hands piped stdin over as the first argument: one key per line
    const given = (argv as string[]).flatMap((a) => a.split("\n").map((l) => l.replace(/\r$/, "")));
    const keys = argv.length > 0 ? given.filter((k) => k !== "") : await readStdinKeys();
    const out = new Int32Array(flags.replicas);
    const rows: LookupRow[] = [];
    let text = "";
    for (const key of keys) {
      const hash = p.hashKey(key);
      const point = p.point(hash);
      const count = p.owners(hash, flags.replicas, out);
      const servers = Array.from(out.subarray(0, count), (i) => p.nodes[i]);
      const row: LookupRow = { key, hash, ...(point >= 0 ? { point } : {}), server: servers[0] };
      if (flags.replicas > 1) row.servers = servers;
      rows.push(row);
      if (!flags.json) {
        text += `${key}\t${servers.join(",")}\n`;
        if (text.length > 65536) {
          process.stdout.write(text);
          text = "";
        }
      }
    }
    if (!flags.json) process.stdout.write(text);
    // with --json oclif prints the returned rows
    return rows;
  }
}

async function readStdinKeys(): Promise<string[]> {
  if (process.stdin.isTTY) throw new InputError("give keys as arguments or pipe them, one per line");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l !== "");
}
