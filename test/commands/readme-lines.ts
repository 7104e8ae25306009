// The command lines of the README's ```sh blocks that start with `cachelab` (continuation lines
// joined, `# comments` dropped): what the README test runs, and what the examples test need not
// run again.
/** The command lines of the README's ```sh blocks that start with `cachelab`. */
export function readmeCommands(text: string): string[] {
  const lines: string[] = [];
  for (const block of text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const joined = block[1].replace(/\s*\\\n\s*/g, " ");
    for (const raw of joined.split("\n")) {
      const line = raw.replace(/(^|\s)#.*$/, "").trim();
      if (/^(npx )?cachelab( |$)/.test(line)) lines.push(line);
    }
  }
  return lines;
}
