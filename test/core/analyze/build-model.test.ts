/**
 * buildModel's reads: with a workspace that allows `readAhead`, the next config files are read while one
 * is parsed, yet each file is judged in its turn (the same model and the same diagnostics, in the same
 * order, as one read at a time); without it, one read at a time.
 */
import { buildModel } from "../../../src/core/analyze/build-model.js";
import type { Workspace } from "../../../src/core/model/index.js";

const FILES: Record<string, string | null> = {
  "configs/a.yml": "finetune: true\n",
  "configs/b.yml": "{ broken\n",
  "configs/c.yml": null, // unreadable
  "configs/d.yml": "bf16:\n  enabled: true\n",
  "configs/e.yml": "train_micro_batch_size_per_gpu: 4\n",
  "requirements.txt": "deepspeed==0.12.6\n",
};

/** A promise that knows whether anyone handled it (called `then`, as `catch` and `await` do). */
class Watched<T> extends Promise<T> {
  handled = false;
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.handled = true;
    return super.then(onFulfilled, onRejected);
  }
}

/** A workspace whose reads answer out of order (later files first, e.yml before d.yml), counting overlap. */
function slowWorkspace(readAhead: number | undefined, fail?: string) {
  let inFlight = 0;
  let most = 0;
  /** For the failing read: whether a handler was attached before it rejected. */
  let handledWhenRejected: boolean | undefined;
  const paths = Object.keys(FILES).sort();
  const ws: Workspace = {
    list: async () => paths,
    read: (path) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // d.yml is slow and e.yml fast: e's answer comes while the loop still waits for d.
      const delay =
        path === "configs/d.yml"
          ? 60
          : path === "configs/e.yml"
            ? 1
            : 5 * (paths.length - paths.indexOf(path));
      const read: Watched<string | null> = new Watched((resolve, reject) =>
        setTimeout(() => {
          inFlight -= 1;
          if (path !== fail) return resolve(FILES[path] ?? null);
          handledWhenRejected = read.handled;
          reject(new Error(`read failed: ${path}`));
        }, delay),
      );
      return read;
    },
    readAhead,
  };
  return { ws, most: () => most, handledWhenRejected: () => handledWhenRejected };
}

function summary(result: Awaited<ReturnType<typeof buildModel>>) {
  return {
    configs: result.model.configs.map((c) => c.path),
    diagnostics: result.diagnostics.map((d) => `${d.path}:${d.line} ${d.code}`),
    texts: [...result.texts.keys()],
  };
}

describe("buildModel reads", () => {
  it("reads ahead where the workspace allows, and gives what one read at a time gives", async () => {
    const serial = slowWorkspace(undefined);
    const ahead = slowWorkspace(3);
    const one = summary(await buildModel(serial.ws));
    const many = summary(await buildModel(ahead.ws));
    expect(serial.most()).toBe(1);
    expect(ahead.most()).toBeGreaterThan(1);
    expect(ahead.most()).toBeLessThanOrEqual(4);
    expect(many).toEqual(one);
    expect(one.diagnostics).toEqual(expect.arrayContaining([expect.stringMatching(/^configs\/c\.yml:1 /)]));
  });

  it("a read started ahead that fails fails the build in its turn, never as an unhandled rejection", async () => {
    const failing = slowWorkspace(3, "configs/e.yml");
    await expect(buildModel(failing.ws)).rejects.toThrow("read failed: configs/e.yml");
    // The read of e.yml, started while b.yml was read, fails before its turn: it must already be handled.
    expect(failing.handledWhenRejected()).toBe(true);
  });
});
