/**
 * CPU time of another process, from Linux's `/proc`: used to tell the App server's own time apart from
 * the stand-in's (which runs inside the bench process) and from waiting. Elsewhere these return null
 * and the bench says so.
 */
import { readdirSync, readFileSync } from "node:fs";

/** `/proc` reports CPU time in clock ticks of 1/100 s (USER_HZ, fixed at 100 by the Linux ABI). */
const TICK_MS = 10;

/** The pid of a child of this process whose command line contains `marker`, or null. */
export function findChildPid(marker: string): number | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const name of entries) {
    const stat = readStat(Number(name));
    if (stat === null || stat.ppid !== process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8");
      if (cmdline.includes(marker)) return Number(name);
    } catch {
      // the process ended meanwhile
    }
  }
  return null;
}

/** User + system CPU time of `pid` so far, in milliseconds (10 ms resolution), or null. */
export function cpuMs(pid: number): number | null {
  const stat = readStat(pid);
  return stat === null ? null : (stat.utime + stat.stime) * TICK_MS;
}

function readStat(pid: number): { ppid: number; utime: number; stime: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces: split after its closing one.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]) };
  } catch {
    return null;
  }
}
