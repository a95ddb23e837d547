import nock from "nock";

describe("toolchain", () => {
  it("runs ESM TypeScript and intercepts fetch with nock", async () => {
    nock.disableNetConnect();
    const scope = nock("https://api.github.com").get("/zen").reply(200, "ok");
    const res = await fetch("https://api.github.com/zen");
    expect(await res.text()).toBe("ok");
    expect(scope.isDone()).toBe(true);
    nock.cleanAll();
    nock.enableNetConnect();
  });
});
