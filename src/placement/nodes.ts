// The node list of a placement command: a libketama-format server list file, or N numbered nodes.
import { readFileSync } from "node:fs";
import { InputError } from "../core/errors.js";
import { numberedNodes, parseServerList, type ServerList } from "./servers.js";

export function nodesFrom(o: { servers?: string; nodes?: number }): ServerList {
  if (o.servers !== undefined && o.nodes !== undefined)
    throw new InputError("give --servers FILE or --nodes N, not both");
  if (o.servers !== undefined) return parseServerList(readFileSync(o.servers, "utf8"), o.servers);
  if (o.nodes !== undefined) return { nodes: numberedNodes(o.nodes), notes: [] };
  throw new InputError("give --servers FILE (one 'host:port weight' per line) or --nodes N");
}
