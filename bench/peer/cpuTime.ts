// CPU time from Linux /proc: of one process (all its threads), and of a whole PostgreSQL
// cluster (the postmaster, its live children and the children it has reaped).

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields of /proc/PID/stat after the command name: [0] = state (field 3), [1] = ppid, [11] utime, [12] stime, [13] cutime, [14] cstime. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

const ticksMs = (ticks: number) => (ticks * 1000) / CLK_TCK;

/** CPU time (user + system, ms) of a process, all its threads; null once it is gone. */
export function processCpuMs(pid: number): number | null {
  const f = statFields(pid);
  return f ? ticksMs(Number(f[11]) + Number(f[12])) : null;
}

/**
 * CPU time (ms) of a PostgreSQL cluster: the postmaster, plus every live child (backends,
 * checkpointer, walwriter, autovacuum, ...), plus the children that ended, which the
 * postmaster has reaped (its cutime + cstime). The difference of two readings is the
 * cluster's CPU in between, also when backends start or end in between.
 */
export function clusterCpuMs(postmasterPid: number): number | null {
  const pm = statFields(postmasterPid);
  if (!pm) return null;
  let ticks = Number(pm[11]) + Number(pm[12]) + Number(pm[13]) + Number(pm[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === postmasterPid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticksMs(ticks);
}
