import { Flags } from "@oclif/core";
import { BaseCommand } from "../src/cli/base-command.js";
import { type CatalogEntry, policyCatalog, renderCatalog } from "../src/report/catalog.js";

export default class Policies extends BaseCommand {
  static override enableJsonFlag = true;
  static override summary = "List every eviction policy and admission filter with its parameters and defaults.";
  static override examples = [
    "<%= config.bin %> policies",
    "<%= config.bin %> policies --json",
    "<%= config.bin %> policies --markdown",
  ];
  static override flags = {
    json: Flags.boolean({ description: "print the catalogue as JSON" }),
    markdown: Flags.boolean({ description: "print Markdown tables (the README's are made this way)" }),
  };

  async run(): Promise<CatalogEntry[]> {
    const { flags } = await this.parse(Policies);
    const catalog = policyCatalog();
    // with --json oclif prints the returned catalogue
    if (!flags.json) process.stdout.write(`${renderCatalog(catalog, flags.markdown ? "markdown" : "text")}\n`);
    return catalog;
  }
}
