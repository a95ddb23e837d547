import type { Report } from "../../src/core/model/index.js";
import { finding, span } from "../fixtures/report.js";
import { findingMarker, parseFindingMarker, renderReviewComments } from "../../src/report/review-comments.js";
import {
  finetuneFinding,
  fixtureLineText,
  hostileFinding,
  HOSTILE_PATH,
  reportFixture,
  typeFinding,
} from "../fixtures/report.js";
import { expectNoInjectedHtml, expectNoMentions } from "./markdown-assertions.js";

const link = { repoUrl: "https://github.com/acme/llm", headSha: "0123456789abcdef0123456789abcdef01234567" };

function review(diff: Record<string, number[]>, report: Report = reportFixture) {
  return renderReviewComments(report, {
    diff: Object.fromEntries(Object.entries(diff).map(([p, lines]) => [p, new Set(lines)])),
    lineText: fixtureLineText,
    link,
  });
}

describe("renderReviewComments", () => {
  it("matches the snapshot", () => {
    expect(
      review({ "requirements.txt": [1, 2, 3], "configs/finetune.yml": [1, 2, 3, 10, 11] }),
    ).toMatchSnapshot();
  });

  it.each<[string, Record<string, number[]>, Array<[string, number]>]>([
    [
      "the pin line (fix edit) wins over the primary line",
      { "requirements.txt": [2], "configs/finetune.yml": [3] },
      [["requirements.txt", 2]],
    ],
    [
      "the primary line when the fix line is not in the diff",
      { "configs/finetune.yml": [3] },
      [["configs/finetune.yml", 3]],
    ],
    [
      "a related line when nothing else is in the diff",
      { "configs/finetune.yml": [7] },
      [["configs/finetune.yml", 7]],
    ],
    ["nowhere when no line of the finding is in the diff", { "configs/finetune.yml": [1] }, []],
  ])("places NXC101 on %s", (_name, diff, expected) => {
    const report = { ...reportFixture, findings: [finetuneFinding] };
    const { comments, unplaced } = review(diff, report);
    expect(comments.map((c) => [c.path, c.line])).toEqual(expected);
    expect(unplaced).toEqual(expected.length === 0 ? [finetuneFinding] : []);
  });

  it("puts two root causes that land on one line into one comment, with one suggestion", () => {
    // NXC202 at another config, placed on the pin line through its related location; no edit of its own.
    const crash = finding({
      ruleId: "NXC202",
      ruleName: "bf16-pipeline-zero-grad-accum",
      severity: "error",
      message: "bf16 with ZeRO stage 1 and a pipeline crashes on deepspeed 0.12.6.",
      location: span("configs/pipe.yml", 4, 1, 18),
      related: [{ label: "pinned here", location: span("requirements.txt", 2, 1, 18) }],
      fix: {
        description: "Set `data_types: {grad_accum_dtype: fp32}`, or pin `deepspeed>=0.13.3`.",
        edits: [],
      },
      fingerprint: "NXC202:configs/pipe.yml:pkg:deepspeed",
    });
    const report = { ...reportFixture, findings: [finetuneFinding, crash] };
    const { comments } = review({ "requirements.txt": [2] }, report);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.match(/```suggestion/g)).toHaveLength(1);
    expect(body).toContain("NXC202");
    expect(body).toContain("NXC101");
    expect(body).toContain("configs/pipe.yml");
    // The strongest root cause (as severe and certain, and with a mechanical fix) speaks first and owns
    // the comment's marker.
    expect(body.indexOf("NXC101")).toBeLessThan(body.indexOf("NXC202"));
    expect(comments[0]!.fingerprint).toBe(finetuneFinding.fingerprint);
    expect(parseFindingMarker(body)).toBe(finetuneFinding.fingerprint);
    expect(body.match(/neox-check:finding/g)).toHaveLength(1);
  });

  it("comments only on new, unsuppressed findings", () => {
    const everything = Object.fromEntries(
      Object.keys({
        "requirements.txt": 1,
        "configs/finetune.yml": 1,
        [HOSTILE_PATH]: 1,
        "configs/old-resume.yml": 1,
      }).map((p) => [p, Array.from({ length: 20 }, (_, i) => i + 1)]),
    );
    const { comments, unplaced } = review(everything);
    expect(comments.map((c) => c.fingerprint).sort()).toEqual(
      [finetuneFinding.fingerprint, typeFinding.fingerprint, hostileFinding.fingerprint].sort(),
    );
    expect(unplaced).toEqual([]);
  });

  it("suggests the whole line with the edit applied when the fix edits the commented line", () => {
    const { comments } = review({ "requirements.txt": [2], "configs/finetune.yml": [10] });
    const pin = comments.find((c) => c.path === "requirements.txt")!;
    expect(pin.body).toContain("```suggestion\ndeepspeed==0.13.0\n```");
    expect(pin.body).toContain("This line affects (1 place in 1 file):\n\n- [configs/finetune.yml:3]");
    const eps = comments.find((c) => c.path === "configs/finetune.yml")!;
    expect(eps.body).toContain("```suggestion\n    eps: 1.0e-8\n```");
  });

  it("puts one comment with one suggestion on a line two rules want to change: the weaker yields, errors agree on the newest pin", () => {
    const pinSpan = span("requirements.txt", 2, 10, 18);
    const upgrade = (id: string, version: string, fp: string, severity: "error" | "warning" = "error") =>
      finding({
        ruleId: id,
        ruleName: `rule-${id}`,
        severity,
        message: `${id} finds a problem with this pin.`,
        location: span(`configs/${fp}.yml`, 3, 1, 5),
        fix: { description: `pin ${version}`, edits: [{ span: pinSpan, replacement: version }] },
        fingerprint: fp,
      });
    const findings = [
      upgrade("NXC101", "==0.13.0", "a"),
      upgrade("NXC101", "==0.13.0", "b"),
      upgrade("NXC102", "==0.14.0", "c"),
      upgrade("NXC107", " @ git+https://github.com/EleutherAI/DeeperSpeed.git@v3.0", "d", "warning"),
    ];
    const { comments } = review({ "requirements.txt": [2] }, { ...reportFixture, findings });
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.match(/```suggestion/g)).toHaveLength(1);
    expect(body).toContain("```suggestion\ndeepspeed==0.14.0\n```");
    expect(body).not.toContain("DeeperSpeed.git");
  });

  it("shows the fix elsewhere as a diff, with no suggestion, when the comment is on the primary line", () => {
    const { comments } = review(
      { "configs/finetune.yml": [3] },
      { ...reportFixture, findings: [finetuneFinding] },
    );
    expect(comments[0]!.body).not.toContain("```suggestion");
    expect(comments[0]!.body).toContain("```diff\n-deepspeed==0.12.6\n+deepspeed==0.13.0\n```");
  });

  it("makes no suggestion when the line text is unknown", () => {
    const { comments } = renderReviewComments(
      { ...reportFixture, findings: [typeFinding] },
      { diff: { "configs/finetune.yml": new Set([10]) }, lineText: () => null, link },
    );
    expect(comments[0]!.body).not.toContain("```suggestion");
    expect(comments[0]!.body).toContain("replace columns 10–13 with `1.0e-8`");
  });

  it("uses a longer fence when the suggested line holds backticks", () => {
    const tricky = {
      ...typeFinding,
      fix: { description: "x", edits: [{ span: typeFinding.location, replacement: "```x```" }] },
    };
    const { comments } = review({ "configs/finetune.yml": [10] }, { ...reportFixture, findings: [tricky] });
    expect(comments[0]!.body).toContain("````suggestion\n    eps: ```x```\n````");
  });

  it("hides the fingerprint in each body so the App can find it again", () => {
    const { comments } = review({ [HOSTILE_PATH]: [3] });
    const body = comments[0]!.body;
    expect(parseFindingMarker(body)).toBe(hostileFinding.fingerprint);
    expect(body.endsWith(findingMarker(hostileFinding.fingerprint))).toBe(true);
    expectNoInjectedHtml(body);
    expectNoMentions(body);
  });

  it.each([
    ["no marker", "just a comment", null],
    ["a marker", `text\n${findingMarker("NXC101:a b/c-->x")}`, "NXC101:a b/c-->x"],
    ["a broken encoding", "<!-- neox-check:finding %E0%A4%A -->", null],
  ])("parseFindingMarker with %s", (_name, body, expected) => {
    expect(parseFindingMarker(body)).toBe(expected);
  });
});
