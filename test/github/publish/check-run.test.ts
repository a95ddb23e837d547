import nock from "nock";
import { completeCheckRun, type CheckAnnotation } from "../../../src/github/publish/check-run.js";
import { testOctokit } from "../octokit.js";

const REPO = { owner: "acme", repo: "models" };
const PATH = "/repos/acme/models";

function annotations(count: number): CheckAnnotation[] {
  return Array.from({ length: count }, (_, i) => ({
    path: "configs/a.yml",
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: "warning" as const,
    message: `finding ${i + 1}`,
  }));
}

describe("completeCheckRun", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each([
    [0, [0]],
    [50, [50]],
    [51, [50, 1]],
    [120, [50, 50, 20]],
    [700, [50, 50, 50, 50, 50, 50, 50, 50, 50, 50]],
  ])("sends %i annotations as batches of %j, the conclusion with the last", async (count, batches) => {
    const bodies: Array<{
      status?: string;
      conclusion?: string;
      output: { annotations?: unknown[]; summary: string };
    }> = [];
    nock("https://api.github.com")
      .patch(`${PATH}/check-runs/9`)
      .times(batches.length)
      .reply(200, (_uri, body) => {
        bodies.push(body as (typeof bodies)[number]);
        return { id: 9 };
      });
    const result = await completeCheckRun(testOctokit(), REPO, 9, {
      title: "t",
      summary: "s",
      conclusion: "failure",
      annotations: annotations(count),
    });
    expect(bodies.map((b) => b.output.annotations?.length ?? 0)).toEqual(batches);
    expect(bodies.map((b) => b.conclusion ?? null)).toEqual([...batches.slice(1).map(() => null), "failure"]);
    expect(bodies.at(-1)?.status).toBe("completed");
    expect(result.requests).toBe(batches.length);
    if (count > 500) expect(bodies.at(-1)?.output.summary).toContain("200 more annotations were not added");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
