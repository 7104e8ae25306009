// What every command handler shares: the handler and definition types, Redis's common error texts,
// and the table of every command (filled by commands.ts; COMMAND reads it).
import type { RespParser, RespWriter } from "./resp.js";
import type { Client, NodeState } from "./state.js";

export type Handler = (st: NodeState, c: Client, p: RespParser, w: RespWriter) => void;

export interface CommandDef {
  name: string;
  /** Redis's arity: n = exactly n arguments (name included), −n = at least n. */
  arity: number;
  flags: string[];
  /** Key positions: first, last (−1 = the last argument), step; 0 0 0 = no keys. */
  keys: [number, number, number];
  run: Handler;
  /** Has the `write` flag (set once by commands.ts): a primary replicates it. */
  write?: boolean;
  /** Sub-commands (CONFIG GET …), checked for arity as Redis's `config|get`. */
  sub?: Record<string, { arity: number; run: Handler }>;
}

export const INT_ERR = "ERR value is not an integer or out of range";
export const SYNTAX_ERR = "ERR syntax error";
export const NO_KEYS: [number, number, number] = [0, 0, 0];

export function arityError(name: string): string {
  return `ERR wrong number of arguments for '${name}' command`;
}

/** Every command, in COMMAND's order (filled once by commands.ts). */
export const COMMANDS: CommandDef[] = [];
