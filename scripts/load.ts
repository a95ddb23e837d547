/**
 * `npm run load`: the real server under 1,000+ webhook deliveries over 200 PRs at concurrency 50,
 * 10% redelivered, rapid pushes on most PRs; once in push order, once shuffled. Prints the figures
 * and exits 1 when an invariant fails: exactly one completed check run per head SHA, the newest head
 * of every PR never superseded (it fails on its own NXC101), 90% of webhooks answered within 1 s and
 * none after 10 s. A measurement, not part of `npm test` (test/e2e/load.test.ts runs a small one).
 */
import { quantile, runLoad, type LoadResult } from "../demo/load.js";

const pulls = Number(process.env.LOAD_PULLS ?? 200);

function report(name: string, result: LoadResult): boolean {
  const within1s = result.answerMs.filter((ms) => ms <= 1000).length / result.answerMs.length;
  const slowest = result.answerMs.at(-1) ?? 0;
  const lines = [
    `${name}: ${result.deliveries} deliveries, ${result.pulls} PRs, ${result.heads} head SHAs, ${result.seconds.toFixed(1)} s, ${result.apiRequests} API requests`,
    `  answered: p50 ${quantile(result.answerMs, 0.5)} ms, p90 ${quantile(result.answerMs, 0.9)} ms, p99 ${quantile(result.answerMs, 0.99)} ms, max ${slowest} ms; within 1 s ${(within1s * 100).toFixed(1)}%; non-200 ${result.non200}`,
    `  check runs: ${JSON.stringify(result.conclusions)}`,
    `  heads without exactly one completed run: ${result.badHeads.length}; newest heads superseded or not failing: ${result.supersededNewest.length}`,
  ];
  for (const line of [...result.badHeads.slice(0, 5), ...result.supersededNewest.slice(0, 5)])
    lines.push(`    ${line}`);
  process.stdout.write(`${lines.join("\n")}\n`);
  return (
    within1s >= 0.9 &&
    slowest <= 10_000 &&
    result.non200 === 0 &&
    result.badHeads.length === 0 &&
    result.supersededNewest.length === 0
  );
}

let ok = true;
for (const shuffle of [false, true]) {
  const result = await runLoad({
    pulls,
    maxPushes: 8,
    concurrency: 50,
    redelivered: 0.1,
    shuffle,
    seed: shuffle ? 2 : 1,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  ok = report(shuffle ? "shuffled" : "in order", result) && ok;
}
process.exit(ok ? 0 : 1);
