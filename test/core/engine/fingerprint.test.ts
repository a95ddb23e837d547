import { fingerprint } from "../../../src/core/engine/fingerprint.js";
import { formatMessage } from "../../../src/core/engine/format-message.js";

describe("fingerprint", () => {
  it("is stable, 16 hex digits, and depends on rule, path and key", () => {
    const fp = fingerprint("NXC101", "configs/a.yml", "finetune|pkg:deepspeed");
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint("NXC101", "configs/a.yml", "finetune|pkg:deepspeed")).toBe(fp);
    expect(fingerprint("NXC102", "configs/a.yml", "finetune|pkg:deepspeed")).not.toBe(fp);
    expect(fingerprint("NXC101", "configs/b.yml", "finetune|pkg:deepspeed")).not.toBe(fp);
    expect(fingerprint("NXC101", "configs/a.yml", "no_load_optim|pkg:deepspeed")).not.toBe(fp);
  });

  it("does not confuse boundaries between its parts", () => {
    expect(fingerprint("NXC101", "ab", "c")).not.toBe(fingerprint("NXC101", "a", "bc"));
  });
});

describe("formatMessage", () => {
  it.each([
    ["pin {{spec}} is affected", { spec: "==0.12.6" }, "pin ==0.12.6 is affected"],
    ["{{ a }}+{{b}}", { a: 1, b: 2 }, "1+2"],
    ["missing {{x}} stays", {}, "missing {{x}} stays"],
    ["no placeholders", { a: 1 }, "no placeholders"],
  ])("%s", (template, data, expected) => {
    expect(formatMessage(template, data)).toBe(expected);
  });
});
