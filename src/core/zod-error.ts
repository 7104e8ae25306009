// One line for a schema violation: the file, the path of the field and what was expected.
import type { z } from "zod";

type Issue = z.core.$ZodIssue;

/** For a union that no branch matched, the issue from the branch that got furthest. */
function deepest(issue: Issue, prefix: PropertyKey[]): { issue: Issue; path: PropertyKey[] } {
  const path = [...prefix, ...issue.path];
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return { issue, path };
  const best = issue.errors
    .map((branch) => branch.map((i) => deepest(i, path)))
    .sort(
      (a, b) =>
        a.length - b.length || Math.max(...b.map((x) => x.path.length)) - Math.max(...a.map((x) => x.path.length)),
    )[0];
  return best.sort((a, b) => b.path.length - a.path.length)[0] ?? { issue, path };
}

export function describeIssue(file: string, error: z.ZodError): string {
  const found = deepest(error.issues[0], []);
  const issue = found.issue;
  const path = found.path.length ? found.path.map(String).join(".") : "(top level)";
  let what = issue.message.replace(/^Invalid input: /, "");
  if (issue.code === "unrecognized_keys")
    what = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  if (issue.code === "invalid_value" && "values" in issue)
    what = `expected one of ${issue.values.map(String).join(", ")}`;
  return `${file}: ${path}: ${what}`;
}
