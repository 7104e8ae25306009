import { describe, expect, it } from "vitest";
import { formatBytes } from "../../src/core/format-bytes.js";

describe("formatBytes", () => {
  it("uses binary units with at most one decimal", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(4096)).toBe("4 KiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(64 * 2 ** 20)).toBe("64 MiB");
    expect(formatBytes(1.5e9)).toBe("1.4 GiB");
  });
});
