// The command line every saturation benchmark takes: `--no-build --seconds 5 --rounds 3 --connections 32`, plus any
// flags of its own. Exits with a message on a value that is not a whole number above 0.
import { parseArgs } from "node:util";

export function roundsOptions(extra = {}) {
  const { values } = parseArgs({
    options: {
      "no-build": { type: "boolean", default: false },
      seconds: { type: "string", default: "5" },
      rounds: { type: "string", default: "3" },
      connections: { type: "string", default: "32" },
      ...extra,
    },
  });
  const numbers = { seconds: Number(values.seconds), rounds: Number(values.rounds), connections: Number(values.connections) };
  if (!Object.values(numbers).every((n) => Number.isInteger(n) && n > 0)) {
    console.error("--seconds, --rounds and --connections take whole numbers above 0");
    process.exit(2);
  }
  return { ...values, ...numbers };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
