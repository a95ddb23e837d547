import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { verify } from "node:crypto";
import type { AddressInfo } from "node:net";
import { StandinRepo } from "./standin-repo.js";
import { unifiedPatch } from "./unified-diff.js";

/** One API request the stand-in received, as tests assert on it. */
export interface RecordedRequest {
  method: string;
  /** The path without the GHE `/api/v3` prefix and without the query (`/repos/o/r/check-runs`). */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Whether the request came in under `/api/v3` or `/api/graphql` (GitHub Enterprise Server addresses). */
  enterprise: boolean;
  /** The `x-github-delivery` header Probot adds to every request made for a webhook. */
  delivery: string | null;
}

export interface StandinUser {
  login: string;
  type: "User" | "Bot";
}

export interface PullState {
  number: number;
  repo: string;
  title: string;
  state: "open" | "closed";
  draft: boolean;
  user: StandinUser;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
}

export interface CheckRunState {
  id: number;
  repo: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string };
  annotations: Array<Record<string, unknown>>;
  /** How many update requests carried annotations, and the most in one. */
  annotationBatches: number[];
  started_at?: string;
}

export interface IssueCommentState {
  id: number;
  node_id: string;
  repo: string;
  issue_number: number;
  body: string;
  user: StandinUser;
  minimized: boolean;
  reactions: string[];
}

export interface ReviewCommentState {
  id: number;
  node_id: string;
  repo: string;
  pull_number: number;
  review_id: number;
  commit_id: string;
  path: string;
  line: number;
  side: string;
  body: string;
  user: StandinUser;
  minimized: boolean;
}

export interface ReviewState {
  id: number;
  repo: string;
  pull_number: number;
  commit_id: string;
  event: string;
  body: string;
  comments: number[];
}

/**
 * A fault to inject: the next `times` requests matching `method` and `path` fail with `status` (and
 * `headers`), or with `kind: "reset"` get their connection destroyed, or with `kind: "slow"` are
 * answered after `delayMs` (normally otherwise). `after: "apply"` applies the request first and then
 * fails its answer (a write GitHub made although the client saw an error).
 */
export interface Fault {
  method: string;
  path: RegExp;
  status: number;
  times: number;
  kind?: "status" | "reset" | "slow";
  headers?: Record<string, string>;
  delayMs?: number;
  after?: "apply";
}

export interface StandinOptions {
  /** The App's slug: its comments are authored by `<slug>[bot]`. */
  appSlug?: string;
  /** When set, installation token requests must carry a JWT signed by this key's private half. */
  appPublicKey?: string;
  /** Report recursive trees as truncated (GitHub does past 100,000 entries), to exercise the fallback. */
  truncateTrees?: boolean;
}

type Json = Record<string, unknown>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A local stand-in for the parts of GitHub's REST and GraphQL API neox-check uses, over in-memory
 * repositories. Serves both `/...` (github.com layout) and `/api/v3/...` + `/api/graphql` (GitHub
 * Enterprise Server layout), records every request, and enforces the limits that matter (50
 * annotations per request, review comments only on diff lines, authentication).
 */
export class GitHubStandin {
  readonly requests: RecordedRequest[] = [];
  readonly repos = new Map<string, StandinRepo>();
  readonly pulls: PullState[] = [];
  readonly checkRuns: CheckRunState[] = [];
  readonly issueComments: IssueCommentState[] = [];
  readonly reviews: ReviewState[] = [];
  readonly reviewComments: ReviewCommentState[] = [];
  /** Repository roles by login (`admin`, `maintain`, `write`, `triage`, `read`); others read. */
  readonly roles = new Map<string, string>();
  readonly faults: Fault[] = [];
  readonly bot: StandinUser;

  #server: Server | null = null;
  #url = "";
  #nextId = 1000;
  #requestCounter = 0;

  constructor(readonly options: StandinOptions = {}) {
    this.bot = { login: `${options.appSlug ?? "neox-check"}[bot]`, type: "Bot" };
  }

  /** `http://127.0.0.1:<port>` once started. */
  get url(): string {
    return this.#url;
  }

  /** `127.0.0.1:<port>`, what `GHE_HOST` takes. */
  get host(): string {
    return this.#url.replace(/^https?:\/\//, "");
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.#url;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Creates a repository whose default branch holds `files`. */
  addRepo(fullName: string, files: Record<string, string | Buffer>, defaultBranch = "main"): StandinRepo {
    const [owner, name] = fullName.split("/") as [string, string];
    const repo = new StandinRepo(owner, name, defaultBranch);
    repo.commit(defaultBranch, files, "Initial commit");
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  repo(fullName: string): StandinRepo {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`no stand-in repository ${fullName}`);
    return repo;
  }

  /** Pushes a commit to `branch` (created from the default branch) and moves any open PR from it. */
  push(
    fullName: string,
    branch: string,
    changes: Record<string, string | Buffer | null>,
    message: string,
  ): string {
    const repo = this.repo(fullName);
    const sha = repo.commit(branch, changes, message, repo.defaultBranch);
    for (const pull of this.pulls) {
      if (pull.repo === repo.fullName && pull.headRef === branch && pull.state === "open") pull.headSha = sha;
      if (pull.repo === repo.fullName && pull.baseRef === branch && pull.state === "open") pull.baseSha = sha;
    }
    return sha;
  }

  /** Opens a PR from `head` into `base` (default branch by default). */
  openPull(
    fullName: string,
    head: string,
    options: { title?: string; user?: string; base?: string } = {},
  ): PullState {
    const repo = this.repo(fullName);
    const baseRef = options.base ?? repo.defaultBranch;
    const pull: PullState = {
      number: this.pulls.filter((p) => p.repo === repo.fullName).length + 1,
      repo: repo.fullName,
      title: options.title ?? head,
      state: "open",
      draft: false,
      user: { login: options.user ?? "octocat", type: "User" },
      headRef: head,
      headSha: repo.resolve(head) as string,
      baseRef,
      baseSha: repo.resolve(baseRef) as string,
    };
    this.pulls.push(pull);
    return pull;
  }

  pull(fullName: string, number: number): PullState {
    const pull = this.pulls.find(
      (p) => p.repo.toLowerCase() === fullName.toLowerCase() && p.number === number,
    );
    if (!pull) throw new Error(`no pull request ${fullName}#${number}`);
    return pull;
  }

  /** A comment by a person (or a bot), as if written on the PR. */
  addIssueComment(fullName: string, issueNumber: number, user: StandinUser, body: string): IssueCommentState {
    const id = this.#id();
    const comment: IssueCommentState = {
      id,
      node_id: `IC_${id}`,
      repo: this.repo(fullName).fullName,
      issue_number: issueNumber,
      body,
      user,
      minimized: false,
      reactions: [],
    };
    this.issueComments.push(comment);
    return comment;
  }

  /** The JSON GitHub gives for a repository (also what webhook payloads carry). */
  repoJson(fullName: string): Json {
    const repo = this.repo(fullName);
    return {
      id: idOf(repo.fullName),
      node_id: `R_${idOf(repo.fullName)}`,
      name: repo.name,
      full_name: repo.fullName,
      private: false,
      owner: { login: repo.owner, id: idOf(repo.owner), type: "Organization" },
      html_url: `${this.#url}/${repo.fullName}`,
      url: `${this.#url}/api/v3/repos/${repo.fullName}`,
      default_branch: repo.defaultBranch,
    };
  }

  /** The JSON GitHub gives for a pull request (also what webhook payloads carry). */
  pullJson(pull: PullState): Json {
    const repo = this.repoJson(pull.repo);
    return {
      id: idOf(`${pull.repo}#${pull.number}`),
      node_id: `PR_${pull.number}`,
      number: pull.number,
      state: pull.state,
      title: pull.title,
      draft: pull.draft,
      locked: false,
      user: { login: pull.user.login, type: pull.user.type },
      html_url: `${repo.html_url as string}/pull/${pull.number}`,
      head: {
        label: `${this.repo(pull.repo).owner}:${pull.headRef}`,
        ref: pull.headRef,
        sha: pull.headSha,
        repo,
      },
      base: {
        label: `${this.repo(pull.repo).owner}:${pull.baseRef}`,
        ref: pull.baseRef,
        sha: pull.baseSha,
        repo,
      },
      merged: false,
    };
  }

  /** Requests after the `index`-th (to look at what one webhook caused). */
  requestsSince(index: number): RecordedRequest[] {
    return this.requests.slice(index);
  }

  #id(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `STANDIN:${String(++this.#requestCounter).padStart(4, "0")}`;
    res.setHeader("x-github-request-id", requestId);
    try {
      const url = new URL(req.url ?? "/", "http://standin.invalid");
      let path = url.pathname;
      let enterprise = false;
      if (path === "/api/graphql") {
        path = "/graphql";
        enterprise = true;
      } else if (path.startsWith("/api/v3/")) {
        path = path.slice("/api/v3".length);
        enterprise = true;
      }
      const raw = await readBody(req);
      let body: unknown = null;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new HttpError(400, "Problems parsing JSON");
        }
      }
      const query = Object.fromEntries(url.searchParams);
      const delivery = header(req, "x-github-delivery");
      this.requests.push({ method: req.method ?? "GET", path, query, body, enterprise, delivery });

      const fault = this.faults.find((f) => f.times > 0 && f.method === req.method && f.path.test(path));
      if (fault) fault.times -= 1;
      // Unref'd: a slow answer nobody waits for any more (the client timed out, the stand-in stopped)
      // must not keep the process alive.
      if (fault?.kind === "slow") await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000).unref());
      const prefix = `${this.#url}${enterprise ? "/api/v3" : ""}`;
      if (fault && fault.kind !== "slow") {
        if (fault.after === "apply") await this.#route(req.method ?? "GET", path, query, body, req, prefix);
        if (fault.kind === "reset") {
          req.socket.destroy();
          return;
        }
        for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value);
        throw new HttpError(fault.status, "Injected fault");
      }
      const result = await this.#route(req.method ?? "GET", path, query, body, req, prefix);
      if (result.raw !== undefined) {
        res.writeHead(result.status, { "content-type": "text/plain; charset=utf-8" });
        res.end(result.raw);
        return;
      }
      const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
      if (result.link) headers.link = result.link;
      res.writeHead(result.status, headers);
      res.end(result.status === 204 ? undefined : JSON.stringify(result.json ?? {}));
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ message, documentation_url: "https://docs.github.com/rest" }));
    }
  }

  async #route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    req: IncomingMessage,
    prefix: string,
  ): Promise<{ status: number; json?: unknown; raw?: string; link?: string }> {
    if (method === "GET" && path === "/app/installations") {
      this.#checkJwt(header(req, "authorization"));
      return { status: 200, json: [{ id: 1, account: { login: "acme", type: "Organization" } }] };
    }
    const tokenRoute = /^\/app\/installations\/(?<id>\d+)\/access_tokens$/.exec(path);
    if (method === "POST" && tokenRoute) {
      this.#checkJwt(header(req, "authorization"));
      return {
        status: 201,
        json: {
          token: "ghs_standin_installation_token",
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          permissions: {
            checks: "write",
            pull_requests: "write",
            issues: "write",
            contents: "read",
            metadata: "read",
          },
          repository_selection: "all",
        },
      };
    }
    const auth = header(req, "authorization") ?? "";
    if (!/^(token|bearer) ghs_/i.test(auth)) throw new HttpError(401, "Bad credentials");

    if (method === "POST" && path === "/graphql") return { status: 200, json: this.#graphql(body) };
    if (method === "GET" && path === "/installation/repositories") {
      const repositories = [...this.repos.values()].map((r) => this.repoJson(r.fullName));
      return { status: 200, json: { total_count: repositories.length, repositories } };
    }

    const repoRoute = /^\/repos\/(?<owner>[^/]+)\/(?<name>[^/]+)(?<rest>\/.*)?$/.exec(path);
    if (!repoRoute?.groups) throw new HttpError(404, "Not Found");
    const fullName = `${decodeURIComponent(repoRoute.groups.owner as string)}/${decodeURIComponent(repoRoute.groups.name as string)}`;
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new HttpError(404, "Not Found");
    const rest = repoRoute.groups.rest ?? "";
    const input = (body ?? {}) as Json;
    let m: RegExpExecArray | null;

    if (method === "GET" && (m = /^\/contents\/(?<path>.+)$/.exec(rest))) {
      const file = decodeURIComponent(m.groups?.path as string);
      const text = repo.read(query.ref ?? repo.defaultBranch, file);
      if (text === null) throw new HttpError(404, "Not Found");
      if ((header(req, "accept") ?? "").includes("raw")) return { status: 200, raw: text };
      const content = Buffer.from(text, "utf8");
      return {
        status: 200,
        json: {
          type: "file",
          path: file,
          name: file.split("/").pop(),
          size: content.length,
          encoding: "base64",
          content: content.toString("base64"),
        },
      };
    }
    if (method === "GET" && (m = /^\/git\/trees\/(?<sha>[^/]+)$/.exec(rest))) {
      const recursive =
        query.recursive !== undefined && query.recursive !== "0" && query.recursive !== "false";
      const sha = repo.resolve(m.groups?.sha as string) ?? (m.groups?.sha as string);
      const entries = repo.treeEntries(sha, recursive);
      if (!entries) throw new HttpError(404, "Not Found");
      const truncated = recursive && this.options.truncateTrees === true;
      const tree = truncated ? entries.slice(0, 1) : entries;
      return { status: 200, json: { sha, truncated, tree } };
    }
    if (method === "GET" && (m = /^\/git\/blobs\/(?<sha>[0-9a-f]{40})$/.exec(rest))) {
      const blob = repo.blobs.get(m.groups?.sha as string);
      if (!blob) throw new HttpError(404, "Not Found");
      return {
        status: 200,
        json: { sha: m.groups?.sha, size: blob.length, encoding: "base64", content: blob.toString("base64") },
      };
    }
    if (method === "GET" && (m = /^\/commits\/(?<ref>[^/]+)$/.exec(rest))) {
      const sha = repo.resolve(decodeURIComponent(m.groups?.ref as string));
      const commit = sha ? repo.commits.get(sha) : undefined;
      if (!commit) throw new HttpError(422, `No commit found for SHA: ${m.groups?.ref}`);
      return {
        status: 200,
        json: {
          sha: commit.sha,
          commit: { message: commit.message, tree: { sha: commit.tree } },
          parents: commit.parents.map((sha) => ({ sha })),
        },
      };
    }
    if (method === "GET" && (m = /^\/compare\/(?<base>.+?)\.\.\.(?<head>.+)$/.exec(rest))) {
      return {
        status: 200,
        json: this.#compare(
          repo,
          decodeURIComponent(m.groups?.base as string),
          decodeURIComponent(m.groups?.head as string),
        ),
      };
    }
    if (method === "GET" && rest === "/pulls") {
      const list = this.pulls.filter(
        (p) => p.repo === repo.fullName && (query.state === "all" || p.state === (query.state ?? "open")),
      );
      return this.#page(
        list.map((p) => this.pullJson(p)),
        query,
        prefix,
        path,
      );
    }
    if (method === "GET" && (m = /^\/pulls\/(?<n>\d+)$/.exec(rest))) {
      return { status: 200, json: this.pullJson(this.#pullOf(repo, m)) };
    }
    if (method === "GET" && (m = /^\/pulls\/(?<n>\d+)\/files$/.exec(rest))) {
      return this.#page(this.#pullFiles(repo, this.#pullOf(repo, m)), query, prefix, path);
    }
    if (method === "GET" && (m = /^\/pulls\/(?<n>\d+)\/comments$/.exec(rest))) {
      const pull = this.#pullOf(repo, m);
      const list = this.reviewComments.filter(
        (c) => c.repo === repo.fullName && c.pull_number === pull.number,
      );
      return this.#page(
        list.map((c) => this.#reviewCommentJson(c)),
        query,
        prefix,
        path,
      );
    }
    if (method === "POST" && (m = /^\/pulls\/(?<n>\d+)\/reviews$/.exec(rest))) {
      return { status: 200, json: this.#createReview(repo, this.#pullOf(repo, m), input) };
    }
    if (method === "POST" && rest === "/check-runs") {
      const run: CheckRunState = {
        id: this.#id(),
        repo: repo.fullName,
        name: String(input.name),
        head_sha: String(input.head_sha),
        status: String(input.status ?? "queued"),
        conclusion: (input.conclusion as string | undefined) ?? null,
        output: {},
        annotations: [],
        annotationBatches: [],
        started_at: typeof input.started_at === "string" ? input.started_at : new Date().toISOString(),
      };
      this.checkRuns.push(run);
      this.#applyCheckUpdate(run, input);
      return { status: 201, json: this.#checkRunJson(run) };
    }
    if (method === "GET" && (m = /^\/commits\/(?<ref>[^/]+)\/check-runs$/.exec(rest))) {
      const sha = repo.resolve(decodeURIComponent(m.groups?.ref as string)) ?? m.groups?.ref;
      const runs = this.checkRuns.filter(
        (r) =>
          r.repo === repo.fullName &&
          r.head_sha === sha &&
          (query.check_name === undefined || r.name === query.check_name) &&
          (query.status === undefined || r.status === query.status),
      );
      return {
        status: 200,
        json: { total_count: runs.length, check_runs: runs.map((r) => this.#checkRunJson(r)) },
      };
    }
    if (method === "PATCH" && (m = /^\/check-runs\/(?<id>\d+)$/.exec(rest))) {
      const run = this.checkRuns.find((r) => r.id === Number(m?.groups?.id) && r.repo === repo.fullName);
      if (!run) throw new HttpError(404, "Not Found");
      this.#applyCheckUpdate(run, input);
      return { status: 200, json: this.#checkRunJson(run) };
    }
    if (method === "GET" && (m = /^\/issues\/(?<n>\d+)\/comments$/.exec(rest))) {
      const n = Number(m.groups?.n);
      const list = this.issueComments.filter((c) => c.repo === repo.fullName && c.issue_number === n);
      return this.#page(
        list.map((c) => this.#issueCommentJson(c)),
        query,
        prefix,
        path,
      );
    }
    if (method === "POST" && (m = /^\/issues\/(?<n>\d+)\/comments$/.exec(rest))) {
      if (typeof input.body !== "string" || input.body.length === 0)
        throw new HttpError(422, "body is missing");
      if (input.body.length > 65536)
        throw new HttpError(422, "body is too long (maximum is 65536 characters)");
      const comment = this.addIssueComment(repo.fullName, Number(m.groups?.n), this.bot, input.body);
      return { status: 201, json: this.#issueCommentJson(comment) };
    }
    if (method === "PATCH" && (m = /^\/issues\/comments\/(?<id>\d+)$/.exec(rest))) {
      const comment = this.#issueCommentOf(repo, m);
      if (comment.user.login !== this.bot.login)
        throw new HttpError(403, "Resource not accessible by integration");
      if (typeof input.body !== "string") throw new HttpError(422, "body is missing");
      comment.body = input.body;
      return { status: 200, json: this.#issueCommentJson(comment) };
    }
    if (method === "POST" && (m = /^\/issues\/comments\/(?<id>\d+)\/reactions$/.exec(rest))) {
      const comment = this.#issueCommentOf(repo, m);
      comment.reactions.push(String(input.content));
      return { status: 201, json: { id: this.#id(), content: input.content, user: this.bot } };
    }
    if (method === "GET" && (m = /^\/collaborators\/(?<user>[^/]+)\/permission$/.exec(rest))) {
      const login = decodeURIComponent(m.groups?.user as string);
      const role = this.roles.get(login) ?? "read";
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return { status: 200, json: { permission, role_name: role, user: { login, type: "User" } } };
    }
    throw new HttpError(404, "Not Found");
  }

  #checkJwt(authorization: string | null): void {
    const match = /^bearer (?<jwt>[\w-]+\.[\w-]+\.[\w-]+)$/i.exec(authorization ?? "");
    if (!match?.groups) throw new HttpError(401, "A JSON web token could not be decoded");
    if (!this.options.appPublicKey) return;
    const [head, payload, signature] = (match.groups.jwt as string).split(".") as [string, string, string];
    const ok = verify(
      "RSA-SHA256",
      Buffer.from(`${head}.${payload}`),
      this.options.appPublicKey,
      Buffer.from(signature, "base64url"),
    );
    if (!ok) throw new HttpError(401, "A JSON web token could not be decoded");
  }

  #pullOf(repo: StandinRepo, match: RegExpExecArray): PullState {
    const pull = this.pulls.find((p) => p.repo === repo.fullName && p.number === Number(match.groups?.n));
    if (!pull) throw new HttpError(404, "Not Found");
    return pull;
  }

  #issueCommentOf(repo: StandinRepo, match: RegExpExecArray): IssueCommentState {
    const comment = this.issueComments.find(
      (c) => c.repo === repo.fullName && c.id === Number(match.groups?.id),
    );
    if (!comment) throw new HttpError(404, "Not Found");
    return comment;
  }

  #page(
    list: unknown[],
    query: Record<string, string>,
    prefix: string,
    path: string,
  ): { status: number; json: unknown; link?: string } {
    const perPage = Math.min(100, Math.max(1, Number(query.per_page ?? 30)));
    const page = Math.max(1, Number(query.page ?? 1));
    const slice = list.slice((page - 1) * perPage, page * perPage);
    if (page * perPage >= list.length) return { status: 200, json: slice };
    const next = new URLSearchParams({ ...query, per_page: String(perPage), page: String(page + 1) });
    return { status: 200, json: slice, link: `<${prefix}${path}?${next.toString()}>; rel="next"` };
  }

  #compare(repo: StandinRepo, baseRef: string, headRef: string): Json {
    const base = repo.resolve(baseRef);
    const head = repo.resolve(headRef);
    if (!base || !head) throw new HttpError(404, "Not Found");
    const headAncestors = repo.ancestors(head);
    const baseAncestors = repo.ancestors(base);
    const aheadBy = [...headAncestors].filter((sha) => !baseAncestors.has(sha)).length;
    const behindBy = [...baseAncestors].filter((sha) => !headAncestors.has(sha)).length;
    const status =
      base === head ? "identical" : behindBy === 0 ? "ahead" : aheadBy === 0 ? "behind" : "diverged";
    const mergeBase = repo.mergeBase(base, head);
    return {
      status,
      ahead_by: aheadBy,
      behind_by: behindBy,
      total_commits: aheadBy,
      base_commit: { sha: base },
      merge_base_commit: { sha: mergeBase },
      commits: [],
      files: [],
    };
  }

  #pullFiles(repo: StandinRepo, pull: PullState): Json[] {
    const base = repo.mergeBase(pull.baseSha, pull.headSha) ?? pull.baseSha;
    const before = repo.commits.get(base)?.files ?? new Map<string, string>();
    const after = repo.commits.get(pull.headSha)?.files ?? new Map<string, string>();
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
    const files: Json[] = [];
    for (const path of paths) {
      const a = before.get(path);
      const b = after.get(path);
      if (a === b) continue;
      const blobA = a ? repo.blobs.get(a) : undefined;
      const blobB = b ? repo.blobs.get(b) : undefined;
      // GitHub leaves `patch` out of a file whose diff is too large to show.
      if ((blobA?.length ?? 0) + (blobB?.length ?? 0) > 1024 * 1024) {
        files.push({
          sha: b ?? a,
          filename: path,
          status: a === undefined ? "added" : b === undefined ? "removed" : "modified",
          additions: 0,
          deletions: 0,
          changes: 0,
        });
        continue;
      }
      const textA = a ? (blobA?.toString("utf8") ?? "") : null;
      const textB = b ? (blobB?.toString("utf8") ?? "") : null;
      const patch = unifiedPatch(textA, textB);
      const additions = patch.split("\n").filter((l) => l.startsWith("+")).length;
      const deletions = patch.split("\n").filter((l) => l.startsWith("-")).length;
      files.push({
        sha: b ?? a,
        filename: path,
        status: a === undefined ? "added" : b === undefined ? "removed" : "modified",
        additions,
        deletions,
        changes: additions + deletions,
        patch,
      });
    }
    return files;
  }

  #createReview(repo: StandinRepo, pull: PullState, input: Json): Json {
    const event = String(input.event ?? "PENDING");
    if ((event === "COMMENT" || event === "REQUEST_CHANGES") && !input.body) {
      throw new HttpError(422, "Body is required for COMMENT and REQUEST_CHANGES reviews");
    }
    const commitId = String(input.commit_id ?? pull.headSha);
    const files = new Map(this.#pullFiles(repo, pull).map((f) => [f.filename as string, f.patch as string]));
    const comments = (input.comments ?? []) as Json[];
    for (const comment of comments) {
      const lines = rightLines(files.get(String(comment.path)));
      if (!lines.has(Number(comment.line))) {
        throw new HttpError(
          422,
          "Unprocessable Entity: pull_request_review_thread.line must be part of the diff",
        );
      }
    }
    const review: ReviewState = {
      id: this.#id(),
      repo: repo.fullName,
      pull_number: pull.number,
      commit_id: commitId,
      event,
      body: String(input.body ?? ""),
      comments: [],
    };
    for (const comment of comments) {
      const id = this.#id();
      this.reviewComments.push({
        id,
        node_id: `PRRC_${id}`,
        repo: repo.fullName,
        pull_number: pull.number,
        review_id: review.id,
        commit_id: commitId,
        path: String(comment.path),
        line: Number(comment.line),
        side: String(comment.side ?? "RIGHT"),
        body: String(comment.body),
        user: this.bot,
        minimized: false,
      });
      review.comments.push(id);
    }
    this.reviews.push(review);
    return {
      id: review.id,
      body: review.body,
      state: event === "COMMENT" ? "COMMENTED" : event,
      commit_id: commitId,
      user: this.bot,
    };
  }

  #applyCheckUpdate(run: CheckRunState, input: Json): void {
    if (typeof input.status === "string") run.status = input.status;
    if (typeof input.conclusion === "string") {
      run.conclusion = input.conclusion;
      run.status = "completed";
    }
    const output = input.output as Json | undefined;
    if (!output) return;
    const annotations = (output.annotations ?? []) as Array<Record<string, unknown>>;
    if (annotations.length > 50) throw new HttpError(422, "Only 50 annotations are allowed per request");
    for (const field of ["summary", "text"] as const) {
      if (typeof output[field] === "string" && (output[field] as string).length > 65535) {
        throw new HttpError(422, `output.${field} is too long (maximum is 65535 characters)`);
      }
    }
    run.output = {
      title: output.title as string | undefined,
      summary: output.summary as string | undefined,
      text: output.text as string | undefined,
    };
    if (annotations.length > 0) {
      run.annotations.push(...annotations);
      run.annotationBatches.push(annotations.length);
    }
  }

  #checkRunJson(run: CheckRunState): Json {
    return {
      id: run.id,
      name: run.name,
      head_sha: run.head_sha,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at ?? null,
      output: { ...run.output, annotations_count: run.annotations.length },
      app: { slug: this.options.appSlug ?? "neox-check" },
    };
  }

  #issueCommentJson(comment: IssueCommentState): Json {
    return {
      id: comment.id,
      node_id: comment.node_id,
      body: comment.body,
      user: comment.user,
      html_url: `${this.#url}/${comment.repo}/pull/${comment.issue_number}#issuecomment-${comment.id}`,
    };
  }

  #reviewCommentJson(comment: ReviewCommentState): Json {
    return {
      id: comment.id,
      node_id: comment.node_id,
      pull_request_review_id: comment.review_id,
      path: comment.path,
      line: comment.line,
      side: comment.side,
      commit_id: comment.commit_id,
      body: comment.body,
      user: comment.user,
    };
  }

  #graphql(body: unknown): Json {
    const { query, variables } = (body ?? {}) as { query?: string; variables?: Json };
    if (typeof query === "string" && /minimizeComment/.test(query)) return this.#minimize(variables);
    if (typeof query === "string" && /\bobject\(\s*oid:/.test(query))
      return this.#blobObjects(query, variables);
    return {
      errors: [{ message: "The stand-in only supports minimizeComment and repository blob objects" }],
    };
  }

  /**
   * `repository(owner: $owner, name: $name) { b0: object(oid: "...") { ... on Blob { ... } } ... }`:
   * every aliased object answered from the in-memory repository, null for an unknown id, as GitHub does.
   */
  #blobObjects(query: string, variables: Json | undefined): Json {
    const fullName = `${String(variables?.owner ?? "")}/${String(variables?.name ?? "")}`;
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) {
      return {
        data: { repository: null },
        errors: [
          {
            type: "NOT_FOUND",
            path: ["repository"],
            message: `Could not resolve to a Repository with the name '${fullName}'.`,
          },
        ],
      };
    }
    const repository: Json = {};
    for (const match of query.matchAll(/(?<alias>\w+)\s*:\s*object\(\s*oid:\s*"(?<oid>[^"]*)"\s*\)/g)) {
      const blob = repo.blobs.get(match.groups?.oid ?? "");
      repository[match.groups?.alias ?? ""] = blob ? graphqlBlob(blob) : null;
    }
    return { data: { repository } };
  }

  #minimize(variables: Json | undefined): Json {
    const id = String(variables?.id ?? "");
    const target = [...this.reviewComments, ...this.issueComments].find((c) => c.node_id === id);
    if (!target)
      return {
        data: null,
        errors: [{ type: "NOT_FOUND", message: `Could not resolve to a node with the global id of '${id}'` }],
      };
    target.minimized = true;
    return { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } };
  }
}

/** Where GitHub cuts `Blob.text` (observed: it answers `isTruncated: true` past it). */
const GRAPHQL_TEXT_LIMIT = 512_000;

/** A blob as GraphQL's `Blob` gives it: binary when it has a NUL byte, text cut at the limit. */
export function graphqlBlob(content: string | Buffer): Json {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const isBinary = bytes.includes(0);
  return {
    byteSize: bytes.length,
    isBinary,
    isTruncated: bytes.length > GRAPHQL_TEXT_LIMIT,
    text: isBinary ? null : bytes.subarray(0, GRAPHQL_TEXT_LIMIT).toString("utf8"),
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A stable numeric id for a name, so payload ids do not change between runs. */
function idOf(name: string): number {
  let hash = 7;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000_007;
  return hash;
}

/** Head-side lines of a patch (added and context): where GitHub accepts review comments. */
function rightLines(patch: string | undefined): Set<number> {
  const lines = new Set<number>();
  let next = 0;
  for (const text of (patch ?? "").split("\n")) {
    const header = /^@@ -\d+(?:,\d+)? \+(?<start>\d+)(?:,\d+)? @@/.exec(text);
    if (header?.groups) next = Number(header.groups.start);
    else if (text.startsWith("+") || text.startsWith(" ")) lines.add(next++);
  }
  return lines;
}
