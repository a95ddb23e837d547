import nock from "nock";
import {
  API,
  CONFIG_PATH,
  FINETUNE,
  FINETUNE_LINE,
  changed,
  REQUIREMENTS_PATH,
  mockAnalysedPull,
  mockExistingComments,
  mockExistingReviewComments,
  mockFirstPublish,
  neoxConfig,
  newProbot,
  payload,
  requirements,
  type Captured,
  type FileChange,
} from "./support.js";

interface Annotation {
  path: string;
  start_line: number;
  annotation_level: string;
  message: string;
}
interface CheckUpdate {
  conclusion?: string;
  output: { summary: string; annotations?: Annotation[] };
}

const BUG = "3362dad87d1a8c1a5e9414e02a5d09b38064c064";
/** A DeeperSpeed commit the shipped table does not know. */
const UNKNOWN = "0123456789abcdef0123456789abcdef01234567";
const DEEPERSPEED_PIN = `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${UNKNOWN}`;

/** The PR's one changed file: the requirements, from `base` to `head`. */
function requirementsChange(base: Record<string, string>, head: Record<string, string>): FileChange {
  return changed(REQUIREMENTS_PATH, base[REQUIREMENTS_PATH] ?? null, head[REQUIREMENTS_PATH] ?? null);
}

function done(captured: Captured): CheckUpdate {
  return captured.updateCheck?.at(-1) as CheckUpdate;
}

describe("what a run analyses", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("a PR touching only requirements re-checks the config it affects, outside the diff", async () => {
    const base = {
      [CONFIG_PATH]: neoxConfig(FINETUNE),
      [REQUIREMENTS_PATH]: requirements("deepspeed==0.10.0"),
    };
    const head = { ...base, [REQUIREMENTS_PATH]: requirements("deepspeed==0.12.6") };
    const captured: Captured = {};
    const scope = nock(API);
    mockAnalysedPull(scope, captured, { changes: [requirementsChange(base, head)], head, base });
    mockFirstPublish(scope, captured);

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "a-1", payload: payload("pull_request.opened") });

    expect(done(captured).conclusion).toBe("failure");
    expect(done(captured).output.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: CONFIG_PATH,
          start_line: FINETUNE_LINE,
          annotation_level: "failure",
        }),
      ]),
    );
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("when the GraphQL blob prefetch fails, the run reads each blob over REST and reports the same", async () => {
    const base = {
      [CONFIG_PATH]: neoxConfig(FINETUNE),
      [REQUIREMENTS_PATH]: requirements("deepspeed==0.10.0"),
    };
    const head = { ...base, [REQUIREMENTS_PATH]: requirements("deepspeed==0.12.6") };
    const captured: Captured = {};
    const scope = nock(API);
    mockAnalysedPull(scope, captured, {
      changes: [requirementsChange(base, head)],
      head,
      base,
      prefetch: "fails",
    });
    mockFirstPublish(scope, captured);

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "a-5", payload: payload("pull_request.opened") });

    expect(done(captured).conclusion).toBe("failure");
    expect(done(captured).output.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: CONFIG_PATH,
          start_line: FINETUNE_LINE,
          annotation_level: "failure",
        }),
      ]),
    );
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("inherited problems are reported, not blocking, and no comment is posted for them", async () => {
    const files = {
      [CONFIG_PATH]: neoxConfig(FINETUNE),
      [REQUIREMENTS_PATH]: requirements("deepspeed==0.12.6"),
    };
    const head = { ...files, "configs/other.yml": neoxConfig() };
    const captured: Captured = {};
    const scope = nock(API);
    mockAnalysedPull(scope, captured, {
      changes: [changed("configs/other.yml", null, head["configs/other.yml"])],
      head,
      base: files,
    });
    mockExistingComments(scope);
    mockExistingReviewComments(scope);

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "a-2", payload: payload("pull_request.opened") });

    expect(done(captured).conclusion).toBe("success");
    const onFinetune = done(captured).output.annotations?.find(
      (a) => a.path === CONFIG_PATH && a.start_line === FINETUNE_LINE,
    );
    expect(onFinetune?.annotation_level).toBe("notice");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("resolves a DeeperSpeed commit the shipped table does not know through GitHub's compare API", async () => {
    const base = {
      [CONFIG_PATH]: neoxConfig(FINETUNE),
      [REQUIREMENTS_PATH]: requirements("deepspeed==0.10.0"),
    };
    const head = { ...base, [REQUIREMENTS_PATH]: requirements(DEEPERSPEED_PIN) };
    const captured: Captured = {};
    const scope = nock(API);
    mockAnalysedPull(scope, captured, { changes: [requirementsChange(base, head)], head, base });
    // The pinned commit contains the commit that introduced the bug, not the one that fixed it.
    const compared: string[] = [];
    scope
      .get(new RegExp(`^/repos/EleutherAI/DeeperSpeed/compare/[0-9a-f]{40}\\.\\.\\.${UNKNOWN}`))
      .times(2)
      .reply((uri) => {
        const ancestor = /compare\/(?<a>[0-9a-f]{40})\.\.\./.exec(uri)?.groups?.a ?? "";
        compared.push(ancestor);
        return [200, { status: ancestor === BUG ? "ahead" : "diverged" }];
      });
    mockFirstPublish(scope, captured);

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "a-3", payload: payload("pull_request.opened") });

    expect(compared).toContain(BUG);
    expect(done(captured).conclusion).toBe("failure");
    const nxc101 = done(captured).output.annotations?.find(
      (a) => a.path === CONFIG_PATH && a.start_line === FINETUNE_LINE,
    );
    expect(nxc101?.annotation_level).toBe("failure");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("keeps the finding unknown (a warning) when GitHub cannot resolve the commit", async () => {
    const base = {
      [CONFIG_PATH]: neoxConfig(FINETUNE),
      [REQUIREMENTS_PATH]: requirements("deepspeed==0.10.0"),
    };
    const head = { ...base, [REQUIREMENTS_PATH]: requirements(DEEPERSPEED_PIN) };
    const captured: Captured = {};
    const scope = nock(API);
    mockAnalysedPull(scope, captured, { changes: [requirementsChange(base, head)], head, base });
    scope
      .get(new RegExp(`^/repos/EleutherAI/DeeperSpeed/compare/`))
      .times(2)
      .reply(404, { message: "Not Found" });
    mockFirstPublish(scope, captured);

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "a-4", payload: payload("pull_request.opened") });

    const nxc101 = done(captured).output.annotations?.find(
      (a) => a.path === CONFIG_PATH && a.start_line === FINETUNE_LINE,
    );
    expect(nxc101?.annotation_level).toBe("warning");
    expect(done(captured).conclusion).toBe("success");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
