// How the client and the proxy route each Redis command of the node's set: by its first key (to the
// key's owners; a write is then copied to the replicas), split by key (MGET, MSET, DEL…: one part
// per node, results merged in the caller's order), sent to every node (DBSIZE, FLUSHALL), or
// answered without a node (PING, ECHO, SELECT 0…; the proxy's own). A command not listed is refused
// with Redis's unknown-command error, never sent to an arbitrary node.
export type Route =
  /** One key at argv[1]; served by the first live owner. */
  | "read"
  /** One key at argv[1]; served by the first live owner, then copied to the other owners. */
  | "write"
  /** MGET: every argument a key; values merged in order. */
  | "mget"
  /** MSET: key value pairs; split per owner; "OK". */
  | "mset"
  /** DEL, UNLINK, EXISTS, TOUCH: every argument a key; the integer replies summed. */
  | "count"
  /** DBSIZE (replies summed), FLUSHALL / FLUSHDB (every node; "OK"). */
  | "all"
  /** Answered by the proxy itself. */
  | "local";

export const COMMANDS: Record<string, Route> = {
  get: "read",
  ttl: "read",
  pttl: "read",
  strlen: "read",
  type: "read",
  getrange: "read",
  set: "write",
  setnx: "write",
  setex: "write",
  psetex: "write",
  getset: "write",
  getdel: "write",
  expire: "write",
  pexpire: "write",
  persist: "write",
  incr: "write",
  decr: "write",
  incrby: "write",
  decrby: "write",
  append: "write",
  mget: "mget",
  mset: "mset",
  del: "count",
  unlink: "count",
  exists: "count",
  touch: "count",
  dbsize: "all",
  flushall: "all",
  flushdb: "all",
  ping: "local",
  echo: "local",
  select: "local",
  auth: "local",
  hello: "local",
  client: "local",
  command: "local",
  info: "local",
  quit: "local",
  readonly: "local",
  readwrite: "local",
};

/** Writes whose count reply counts deletions (DEL, UNLINK): copied to replicas too. */
export const COUNT_WRITES = new Set(["del", "unlink"]);

/** Commands whose reply is Redis's simple string "OK" (a transport that returns buffers loses the kind). */
export function repliesStatus(name: string, args: readonly (string | Buffer)[]): boolean {
  if (name === "set") return !args.some((a, i) => i >= 3 && String(a).toLowerCase() === "get");
  return name === "mset" || name === "setex" || name === "psetex" || name === "flushall" || name === "flushdb";
}
