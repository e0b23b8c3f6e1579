// `npm run demo`: the demo's entry. The demo and the simulator are development tools,
// outside the production build (tsconfig.build.json), so this runs from a source checkout.
import { runDemo } from "./run.js";

runDemo(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
