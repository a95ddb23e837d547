/**
 * The retry plugin's attempts against a real HTTP server on loopback: a timed-out attempt is aborted
 * (the connection closes, not only the wait), and `plainJson` answers are the same data Octokit's own
 * parser gives, read inside the attempt.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import type { ProbotOctokit } from "probot";
import { octokitClassFor } from "../../src/github/octokit-class.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let handler: Handler = (_req, res) => res.end();
let baseUrl = "";

beforeAll(async () => {
  nock.enableNetConnect("127.0.0.1");
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  nock.enableNetConnect();
});

function client(timeoutMs = 2000) {
  const Octokit = octokitClassFor({ NEOX_CHECK_THROTTLE: "off" }, { baseMs: 1, timeoutMs });
  return new Octokit({ auth: { token: "t" }, baseUrl } as ConstructorParameters<typeof ProbotOctokit>[0]);
}

const TREE = {
  sha: "a".repeat(40),
  truncated: false,
  tree: Array.from({ length: 50 }, (_, i) => ({
    path: `dir/file-${i}.yml`,
    mode: "100644",
    type: "blob",
    sha: `${i}`.padStart(40, "0"),
    size: 1000 + i,
  })),
};

function json(body: unknown): Handler {
  return (_req, res) => {
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.end(JSON.stringify(body));
  };
}

describe("retryPlugin attempts", () => {
  it("aborts a timed-out attempt: the connection closes long before the slow answer would come", async () => {
    const closed: number[] = [];
    let calls = 0;
    handler = (req, res) => {
      calls += 1;
      if (calls === 1) {
        const start = Date.now();
        req.socket.on("close", () => closed.push(Date.now() - start));
        const timer = setTimeout(() => json(TREE)(req, res), 5000);
        timer.unref();
        return;
      }
      json(TREE)(req, res);
    };
    const { data } = await client(200).rest.git.getTree({ owner: "o", repo: "r", tree_sha: "abc" });
    expect(data.tree).toHaveLength(50);
    expect(calls).toBe(2);
    // The first attempt's connection was closed by the client at its time limit, not left open.
    for (let i = 0; i < 50 && closed.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(closed).toHaveLength(1);
    expect(closed[0]).toBeLessThan(2000);
  });

  it("parses a plainJson answer to the same data as Octokit's own parser", async () => {
    handler = json(TREE);
    const octokit = client();
    const plain = await octokit.rest.git.getTree({
      owner: "o",
      repo: "r",
      tree_sha: "abc",
      request: { plainJson: true } as never,
    });
    const usual = await octokit.rest.git.getTree({ owner: "o", repo: "r", tree_sha: "abc" });
    expect(plain.data).toEqual(usual.data);
    expect(plain.data).toEqual(TREE);
    expect(plain.status).toBe(200);
  });

  it("retries a plainJson answer whose body is cut off, and fails when it stays broken", async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      res.setHeader("content-type", "application/json");
      res.end(calls === 1 ? '{"tree": [' : JSON.stringify(TREE));
    };
    const request = { plainJson: true } as never;
    const { data } = await client().rest.git.getTree({ owner: "o", repo: "r", tree_sha: "abc", request });
    expect(data).toEqual(TREE);
    expect(calls).toBe(2);

    handler = (_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end("not json");
    };
    await expect(
      client().rest.git.getTree({ owner: "o", repo: "r", tree_sha: "abc", request }),
    ).rejects.toThrow(SyntaxError);
  });
});
