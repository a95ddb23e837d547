import { numpy2AbiRule } from "../../../src/core/rules/numpy2-abi.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

describe("NXC306 numpy2-abi", () => {
  it.each([
    ["numpy 2 with torch 2.1", "numpy>=2.0\ntorch==2.1.0\n", "only", "error", "certain", 1, 6, 1, 11],
    [
      "numpy 2 with DeepSpeed 0.12.6",
      "deepspeed==0.12.6\nnumpy==2.0.1\n",
      "only",
      "error",
      "certain",
      2,
      6,
      2,
      13,
    ],
    [
      "a range that allows NumPy 2 with torch 1.13",
      "numpy>=1.22.0\ntorch==1.13.0+cu117\n",
      "allows",
      "warning",
      "unknown",
      1,
      6,
      1,
      14,
    ],
    [
      "an unpinned numpy with DeepSpeed 0.14.0",
      "numpy\ndeepspeed==0.14.0\n",
      "allows",
      "warning",
      "unknown",
      1,
      1,
      1,
      6,
    ],
  ])("flags %s", async (_name, text, messageId, severity, certainty, line, column, endLine, endColumn) => {
    await checkInvalid(numpy2AbiRule, {
      files: { "requirements.txt": text },
      errors: [
        { messageId, severity, certainty, path: "requirements.txt", line, column, endLine, endColumn },
      ],
    });
  });

  it("names each pin that makes NumPy 2 unsafe", async () => {
    const [finding] = await checkInvalid(numpy2AbiRule, {
      files: { "requirements.txt": "numpy>=2\ntorch==2.2.2\ndeepspeed==0.13.1\n" },
      errors: [
        {
          messageId: "only",
          severity: "error",
          certainty: "certain",
          path: "requirements.txt",
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 9,
        },
      ],
    });
    expect(finding?.message).toContain("torch==2.2.2");
    expect(finding?.message).toContain("deepspeed==0.13.1");
    expect(finding?.message).toContain("BUFSIZE");
    expect(finding?.related.map((r) => r.location.line)).toEqual([2, 3]);
  });

  it.each([
    ["numpy capped below 2", "numpy<2\ntorch==2.1.0\n"],
    [
      "a cap in another file",
      "numpy>=1.22\ntorch==2.1.0\n-c constraints.txt\n",
      { "constraints.txt": "numpy<2.0\n" },
    ],
    ["torch built for NumPy 2", "numpy>=2\ntorch==2.3.0\n"],
    ["DeepSpeed with the fix", "numpy>=2\ndeepspeed==0.14.4\n"],
    ["DeepSpeed from before the autotuner", "numpy>=2\ndeepspeed==0.5.6\n"],
    ["no numpy requirement at all", "torch==2.1.0\n"],
    ["a torch range that may be new enough (unknown: stays quiet)", "numpy>=2\ntorch>=2.0\n"],
  ])("does not flag %s", async (_name, text, extra: Record<string, string> = {}) => {
    await checkValid(numpy2AbiRule, { files: { "requirements.txt": text, ...extra } });
  });
});
