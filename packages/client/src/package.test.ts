import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The published build (tsc, NodeNext) needs what the repository's own type check (bundler resolution) forgives:
// relative imports spelled with .js, and an entry file behind each export.
const root = path.resolve(import.meta.dirname, "..");
const sources = readdirSync(path.join(root, "src")).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));

describe("the package", () => {
  it("imports its own modules with .js extensions and nothing but Node's modules besides", () => {
    for (const file of sources) {
      const text = readFileSync(path.join(root, "src", file), "utf8");
      for (const [, specifier] of text.matchAll(/from "([^"]+)"/g)) {
        expect(specifier.startsWith("node:") || /^\.\/[\w-]+\.js$/.test(specifier), `${file}: ${specifier}`).toBe(true);
      }
    }
  });

  it("has a source file behind each export", () => {
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    expect(Object.keys(manifest.exports)).toEqual([".", "./next", "./express"]);
    for (const target of Object.values(manifest.exports) as { types: string; default: string }[]) {
      const name = path.basename(target.default, ".js");
      expect(target.types).toBe(`./dist/${name}.d.ts`);
      expect(sources).toContain(`${name}.ts`);
    }
    expect(manifest.dependencies).toBeUndefined();
  });
});
