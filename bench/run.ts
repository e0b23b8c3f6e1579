// `npm run bench`: runs the measurements, prints a table, writes bench/results.json
// (flat keys, numeric values; keys stay stable across versions).
import { writeFileSync } from "node:fs";
import {
  measureBigTrain,
  measureBurst,
  measureDeploy,
  measureEconomy,
  measurePhase1,
  measureStaleness,
  measureTrain,
  type Results,
} from "./measure.js";

async function main(): Promise<void> {
  const results: Results = {};
  for (const n of [11, 50, 200]) await measureEconomy(n, results);
  const note = await measureBurst(results);

  const c20 = await measurePhase1(20);
  results.phase1_reads_per_repo = Number((c20.reads / c20.repos).toFixed(2));
  results.phase1_code_scanning_reads_per_repo = Number((c20.codeScanningReads / c20.repos).toFixed(2));
  results.phase1_writes_per_repo = Number((c20.writes / c20.repos).toFixed(2));
  results.phase1_min_writes_per_repo = 4; // branch, commit, PR, label
  const c200 = await measurePhase1(200);
  // Every request Phase 1 makes, the tracking issue's renderings and replies included.
  results.phase1_requests_per_repo_c200 = Number(
    ((c200.reads + c200.writes + c200.orchestrationWrites) / c200.repos).toFixed(2),
  );
  results.phase1_requests_per_repo_c20 = Number(
    ((c20.reads + c20.writes + c20.orchestrationWrites) / c20.repos).toFixed(2),
  );

  const deploy = await measureDeploy();
  // Every write made while deploying (statuses, comments, the tracking issue); the deployments alone apart.
  results.deploy_writes_per_repo = Number((deploy.writes / deploy.repos).toFixed(2));
  results.deploy_deployments_per_repo = Number((deploy.deployments / deploy.repos).toFixed(2));
  results.deploy_min_writes_per_repo = Number((deploy.minimum / deploy.repos).toFixed(2));
  results.deploy_requests_per_repo = Number(((deploy.reads + deploy.writes) / deploy.repos).toFixed(2));

  const train = await measureTrain();
  results.train_reads_n11 = train.reads;
  results.train_writes_n11 = train.writes;
  results.train_min_writes_n11 = train.minimum;
  results.train_bookkeeping_writes_n11 = train.bookkeeping;

  const stale = await measureStaleness(200);
  results.max_issue_staleness_s_n200 = stale.maxStalenessS;

  // The whole 200-repository train on the strict simulated GitHub, beside its floor (bench/FLOOR.md).
  const big = await measureBigTrain(200);
  if (!big.closed) throw new Error("the 200-repository train did not close its tracking issue");
  results.train_points_n200 = big.points;
  results.train_secondary_limit_hits_n200 = big.secondaryLimitHits;
  results.train_github_minutes_n200 = big.minutes;
  results.train_github_floor_minutes_n200 = big.floorMinutes;

  console.log("\nrelease-train benchmark (simulated GitHub, real app)\n");
  console.log("| key | value |\n|---|---|");
  for (const [key, value] of Object.entries(results)) console.log(`| ${key} | ${value} |`);
  console.log("");
  console.log(
    `noop_reads_n200 = ${results.noop_reads_n200} (bound ${Math.ceil(200 / 25) + 1}), noop_writes_n200 = ${results.noop_writes_n200} (bound 0), burst1000_reconciles = ${results.burst1000_reconciles} (bound 1)`,
  );
  console.log(
    `noop_points_n200 = ${results.noop_points_n200} (target 8), resync_points_n200 = ${results.resync_points_n200} (target 12), one_check_points_n200 = ${results.one_check_points_n200} (target 4), max_issue_staleness_s_n200 = ${results.max_issue_staleness_s_n200} (target 60)`,
  );
  console.log(
    `train_github_minutes_n200 = ${results.train_github_minutes_n200} (target ${(1.1 * big.floorMinutes).toFixed(1)}: 1.1 × the floor), train_secondary_limit_hits_n200 = ${results.train_secondary_limit_hits_n200} (target 0)`,
  );
  console.log(note);
  writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  console.log("\nwritten to bench/results.json");
}

await main();
process.exit(0);
