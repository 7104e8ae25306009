// The base of every cachelab command: turns known errors into one line on stderr and the right
// exit code (0 ok, 1 failed run or gate, 2 bad usage or input), never a stack trace.
import { Command, Errors } from "@oclif/core";
import { CliError } from "../core/errors.js";

export abstract class BaseCommand extends Command {
  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (err instanceof CliError) {
      process.stderr.write(`cachelab: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return this.exit(err.exitCode);
    }
    // oclif's own parse errors (unknown flag, missing argument) are usage errors: exit 2.
    if (err instanceof Errors.CLIError && !(err instanceof Errors.ExitError)) {
      const [first, ...rest] = err.message
        .split("\n")
        .map((l) => l.trim().replace(/\s+/g, " "))
        .filter((l) => l !== "" && !l.startsWith("See more help"));
      const reason = rest.length ? `${first.replace(/:$/, "")}: ${rest.join(" ")}` : first;
      const help = `cachelab ${this.id?.replaceAll(":", " ") ?? ""} --help`.replace(/\s+/g, " ");
      process.stderr.write(`cachelab: ${reason} (see ${help})\n`);
      return this.exit(2);
    }
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      const path = (err as NodeJS.ErrnoException).path ?? "";
      process.stderr.write(`cachelab: no such file: ${path}\n`);
      return this.exit(2);
    }
    return super.catch(err);
  }
}
