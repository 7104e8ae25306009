// One line for a schema violation: the file, the path of the field and what was expected.
import type { z } from "zod";

export function describeIssue(file: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length ? issue.path.map(String).join(".") : "(top level)";
  let what = issue.message.replace(/^Invalid input: /, "");
  if (issue.code === "unrecognized_keys")
    what = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  if (issue.code === "invalid_value" && "values" in issue)
    what = `expected one of ${issue.values.map(String).join(", ")}`;
  return `${file}: ${path}: ${what}`;
}
