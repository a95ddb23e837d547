/**
 * Matches repository paths against globs as users write them in `.github/neox-check.yml`:
 * `**` any number of folders, `*` and `?` within one segment, `{a,b}` alternatives, a leading `/` anchors.
 * A pattern without a `/` matches the basename anywhere (`*.yml`), as in .gitignore.
 */
export function globToRegExp(pattern: string): RegExp {
  let glob = pattern.trim();
  const anchored = glob.startsWith("/");
  if (anchored) glob = glob.slice(1);
  const basenameOnly = !anchored && !glob.includes("/");
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        out += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 2 : 1;
      } else {
        out += "[^/]*";
      }
    } else if (ch === "?") {
      out += "[^/]";
    } else if (ch === "{") {
      const close = glob.indexOf("}", i);
      if (close === -1) {
        out += "\\{";
        continue;
      }
      const alternatives = glob
        .slice(i + 1, close)
        .split(",")
        .map(escapeRegExp);
      out += `(?:${alternatives.join("|")})`;
      i = close;
    } else {
      out += escapeRegExp(ch);
    }
  }
  return new RegExp(basenameOnly ? `(?:^|/)${out}$` : `^${out}$`);
}

/** True when `path` matches any of the globs. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(path));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
