// `npm run demo`: the demo's entry. The demo and the simulator are development tools,
// outside the production build (tsconfig.build.json), so this runs from a source checkout.
import { parseDemoArgs } from "./args.js";

// The flags first: `--help` and a mistake are answered without loading the app and the simulator.
const args = parseDemoArgs(process.argv.slice(2));
const run =
  typeof args === "number" ? Promise.resolve(args) : import("./run.js").then((demo) => demo.runParsedDemo(args));
run.then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
