// CPU time this process has spent, in milliseconds. Budgets for work that must stay
// cheap on hostile input are held in CPU time: other processes on a busy machine delay
// the work (wall-clock time) but do not add to it.
import { cpuUsage } from "node:process";

/** Starts counting; `ms()` is the CPU time spent since (user and system, every thread of this process). */
export function cpuTimer(): { ms: () => number } {
  const start = cpuUsage();
  return {
    ms: () => {
      const { user, system } = cpuUsage(start);
      return (user + system) / 1000;
    },
  };
}
