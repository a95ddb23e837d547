import type { VcsRef } from "../../../model/index.js";

/** A half-open range of indices into a string. */
export interface Range {
  start: number;
  end: number;
}

/** A VCS requirement URL taken apart the way pip does (`pip._internal.vcs.versioncontrol`). */
export interface VcsUrl {
  /** `git`, `hg`, `svn` or `bzr`. */
  vcs: string;
  /** The repository URL: without `git+`, without `@ref` and without the `#` fragment. */
  url: string;
  ref: string | null;
  /** Where the ref is in the parsed text (after the `@`). */
  refRange: Range | null;
  egg: string | null;
  /** Where the `#egg=` value is in the parsed text. */
  eggRange: Range | null;
  subdirectory: string | null;
  repo: VcsRef["repo"];
}

export type VcsParse = { ok: true; value: VcsUrl } | { ok: false; message: string; range: Range };

const VCS_PREFIX = /^(?<vcs>git|hg|svn|bzr)\+/i;

/** Does `text` start like a VCS requirement URL pip accepts (`git+https://`, `git+ssh://`, `hg+...`)? */
export function isVcsUrl(text: string): boolean {
  return /^(?:git|hg|svn|bzr)\+[A-Za-z][A-Za-z0-9+.-]*:/i.test(text);
}

/**
 * Parses `git+https://host/owner/repo.git@ref#egg=name&subdirectory=dir`. As in pip, the ref is
 * whatever follows the last `@` of the URL's path (an `@` in the host part is a user name, as in
 * `git+ssh://git@github.com/...`), and an empty ref is an error.
 */
export function parseVcsUrl(text: string): VcsParse {
  const prefix = VCS_PREFIX.exec(text);
  if (!prefix) return { ok: false, message: "not a VCS URL", range: { start: 0, end: text.length } };
  const bodyStart = prefix[0].length;
  const hash = text.indexOf("#");
  const mainEnd = hash >= 0 ? hash : text.length;

  let egg: string | null = null;
  let eggRange: Range | null = null;
  let subdirectory: string | null = null;
  if (hash >= 0) {
    let pos = hash + 1;
    for (const param of text.slice(hash + 1).split("&")) {
      const eq = param.indexOf("=");
      const key = eq >= 0 ? param.slice(0, eq) : param;
      const value = eq >= 0 ? param.slice(eq + 1) : "";
      if (key === "egg" && egg === null) {
        egg = value;
        eggRange = { start: pos + eq + 1, end: pos + param.length };
      } else if (key === "subdirectory") subdirectory = value;
      pos += param.length + 1;
    }
  }

  // Split the URL into its network location and path, as urlsplit does.
  const sep = text.indexOf("://", bodyStart);
  let pathStart: number;
  if (sep >= 0 && sep < mainEnd) {
    const slash = indexOfAny(text, "/?", sep + 3, mainEnd);
    pathStart = slash >= 0 ? slash : mainEnd;
  } else {
    const colon = text.indexOf(":", bodyStart);
    pathStart = colon >= 0 && colon < mainEnd ? colon + 1 : bodyStart;
  }
  const query = text.indexOf("?", pathStart);
  const pathEnd = query >= 0 && query < mainEnd ? query : mainEnd;
  const at = text.lastIndexOf("@", pathEnd - 1);

  let ref: string | null = null;
  let refRange: Range | null = null;
  let urlText = text.slice(bodyStart, mainEnd);
  if (at >= pathStart) {
    ref = text.slice(at + 1, pathEnd);
    if (ref === "") {
      return {
        ok: false,
        message:
          "the URL has an empty revision after `@`, which pip does not support: put a commit, tag or branch after `@`, or remove the `@`",
        range: { start: at, end: at + 1 },
      };
    }
    refRange = { start: at + 1, end: pathEnd };
    urlText = text.slice(bodyStart, at) + text.slice(pathEnd, mainEnd);
  }
  return {
    ok: true,
    value: {
      vcs: (prefix.groups?.vcs ?? "git").toLowerCase(),
      url: urlText,
      ref,
      refRange,
      egg,
      eggRange,
      subdirectory,
      repo: repoOf(urlText),
    },
  };
}

function indexOfAny(text: string, chars: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (chars.includes(text.charAt(i))) return i;
  return -1;
}

/**
 * The `owner/name` a repository URL names, for URLs whose path is exactly two segments
 * (`https://github.com/EleutherAI/DeeperSpeed.git`, `ssh://git@github.com/o/r`, scp-like
 * `git@github.com:o/r.git`). The host is lower-cased; owner and name keep their case; `.git` is dropped.
 */
export function repoOf(url: string): VcsRef["repo"] {
  let host: string;
  let path: string;
  const full = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?<netloc>[^/?#]*)(?<path>[^?#]*)/.exec(url);
  if (full?.groups) {
    host = (full.groups.netloc ?? "").replace(/^[^@]*@/, "").replace(/:\d*$/, "");
    path = full.groups.path ?? "";
  } else {
    const scp = /^(?:[^@/:]+@)?(?<host>[^/:@]+):(?<path>[^?#]*)$/.exec(url);
    if (!scp?.groups) return null;
    host = scp.groups.host ?? "";
    path = scp.groups.path ?? "";
  }
  const segments = path.split("/").filter((s) => s !== "");
  if (segments.length !== 2 || host === "") return null;
  const owner = segments[0] ?? "";
  const name = (segments[1] ?? "").replace(/\.git$/i, "");
  if (owner === "" || name === "") return null;
  return { host: host.toLowerCase(), owner, name };
}

/** A ref of 7 to 40 hex digits is taken for a commit SHA; anything else is a tag or branch name. */
export function refKindOf(ref: string | null): VcsRef["refKind"] {
  if (ref === null) return null;
  return /^[0-9a-f]{7,40}$/i.test(ref) ? "commit" : "name";
}
