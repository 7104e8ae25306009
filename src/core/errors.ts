// Errors a user can act on. The CLI prints their message on one line (no stack trace) and exits
// with their code: 2 for bad usage or input, 1 for a failed run or gate.

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Bad flags, a bad file, a malformed trace or scenario: exit 2. */
export class InputError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = "InputError";
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** "unknown X 'foo'; did you mean bar, baz? (valid: …)" */
export function unknownName(kind: string, name: string, valid: readonly string[]): InputError {
  const close = valid
    .map((v) => ({ v, d: editDistance(name.toLowerCase(), v.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(x.v.length / 3)) || x.v.startsWith(name) || name.startsWith(x.v))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.v);
  const hint = close.length > 0 ? ` Did you mean ${close.join(", ")}?` : "";
  return new InputError(`unknown ${kind} '${name}'.${hint} Valid: ${valid.join(", ")}.`);
}
