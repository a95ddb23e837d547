import { buildModel } from "../../../src/core/analyze.js";
import { memoryWorkspace } from "../../../src/core/memory-workspace.js";

const DEEPER = (sha: string): string =>
  `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${sha}#egg=deepspeed\n`;

async function deepspeedOf(files: Record<string, string>) {
  const { model } = await buildModel(memoryWorkspace(files));
  const env = model.environment.deepspeed;
  return {
    paths: env.paths
      .filter((p) => p.pins.length > 0)
      .map(
        (p) =>
          `${p.source}: ${p.pins.map((x) => x.vcs?.ref?.slice(0, 8) ?? x.specifier ?? x.kind).join(", ")}`,
      ),
    agree: env.agree,
    summary: env.summary,
  };
}

describe("environment.deepspeed: which DeepSpeed each install path installs", () => {
  it("gpt-neox HEAD's shape: requirements.txt and an unused pyproject.toml disagree", async () => {
    const env = await deepspeedOf({
      "requirements/requirements.txt": DEEPER("91d1c55ba037b5ada99ae14884dff87a4dc5b9ea"),
      "requirements/requirements-wandb.txt": "wandb\n",
      "requirements/pyproject.toml":
        '[tool.poetry.dependencies]\ndeepspeed = {git = "https://github.com/EleutherAI/DeeperSpeed.git", rev = "02e2ebf7dee6aaab3d89094ed470a4609763c742"}\n',
    });
    expect(env.paths).toEqual(
      ["requirements/pyproject.toml: 02e2ebf7", "requirements/requirements.txt: 91d1c55b"].sort(),
    );
    expect(env.agree).toBe(false);
    expect(env.summary).toContain("install paths disagree");
  });

  it("a Dockerfile's `pip install -r` makes the included file part of the Dockerfile's path", async () => {
    const env = await deepspeedOf({
      Dockerfile:
        "FROM python:3.10\nCOPY requirements requirements\nRUN pip install -r requirements/requirements.txt\n",
      "requirements/requirements.txt": DEEPER("02e2ebf7dee6aaab3d89094ed470a4609763c742"),
    });
    expect(env.paths).toEqual(["Dockerfile: 02e2ebf7"]);
    expect(env.agree).toBe(true);
    expect(env.summary).toBe("DeeperSpeed @02e2ebf7 (Dockerfile)");
  });

  it("says when nothing installs DeepSpeed", async () => {
    const env = await deepspeedOf({ "requirements.txt": "torch==2.1.0\n" });
    expect(env).toEqual({ paths: [], agree: true, summary: "no DeepSpeed requirement found" });
  });
});
