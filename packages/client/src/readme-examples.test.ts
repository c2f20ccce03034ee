import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

// The README's TypeScript examples of the middleware are type-checked against this package's source, as a service
// importing @latchkey/client would compile them, so that they cannot drift from the API. (The curl, JavaScript and
// Python examples run against a real server in tests/multi-instance/client-library.test.ts.)
const repository = path.resolve(import.meta.dirname, "../../..");
const src = path.join(repository, "packages/client/src");

function middlewareExamples(): string[] {
  const readme = readFileSync(path.join(repository, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Client library"), readme.indexOf("**Calling it yourself.**"));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}

it("the README's Next.js and Express examples compile", async () => {
  const examples = middlewareExamples();
  expect(examples).toHaveLength(2);
  const dir = mkdtempSync(path.join(tmpdir(), "latchkey-readme-ts-"));
  try {
    const files = examples.map((example, index) => {
      const file = path.join(dir, `example-${index}.ts`);
      writeFileSync(file, example);
      return file;
    });
    const tsconfig = {
      compilerOptions: {
        target: "ES2022",
        module: "esnext",
        moduleResolution: "bundler",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(repository, "node_modules/@types")],
        baseUrl: repository,
        paths: {
          "@latchkey/client": [path.join(src, "index.ts")],
          "@latchkey/client/next": [path.join(src, "next.ts")],
          "@latchkey/client/express": [path.join(src, "express.ts")],
          express: [path.join(repository, "node_modules/@types/express")],
        },
      },
      files,
    };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = path.join(repository, "node_modules/.bin/tsc");
    const outcome = await promisify(execFile)(tsc, ["-p", path.join(dir, "tsconfig.json")]).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(outcome).toBe("");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
