/**
 * Real PyYAML as a test oracle, with its answers kept. A script reads a JSON list of texts on stdin and
 * prints one JSON answer per text; `askPyYaml` runs it only for the texts it has not answered before.
 *
 * An answer depends on the script, the PyYAML and Python versions and the text alone, so it is cached
 * under `.cache/pyyaml/` keyed by all four (a SHA-256 of the script and the versions names the file, a
 * SHA-256 of the text names the answer). A clean clone (CI) has no cache and asks Python for everything;
 * a changed script, an upgraded PyYAML or an edited text is asked again. `NEOX_CHECK_PYYAML_CACHE=off`
 * asks Python for everything.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CACHE_DIR = fileURLToPath(new URL("../../.cache/pyyaml", import.meta.url));

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

let versions: string | undefined;

/** Python's and PyYAML's versions, or the reason they are not there (thrown). */
function pyyamlVersions(): string {
  versions ??= execFileSync(
    "python3",
    ["-c", "import sys, yaml; print(yaml.__version__, yaml.__with_libyaml__, sys.version)"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  ).trim();
  return versions;
}

function readCache(path: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {}; // absent or torn: ask again
  }
}

/**
 * The script's answer for each text, in order, or a string saying why PyYAML cannot be asked (the caller
 * skips with it).
 */
export function askPyYaml<T>(script: string, texts: readonly string[]): T[] | string {
  let version: string;
  try {
    version = pyyamlVersions();
  } catch (error) {
    return `python3 with PyYAML is not available (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  }
  const useCache = process.env.NEOX_CHECK_PYYAML_CACHE !== "off";
  const file = join(CACHE_DIR, `${sha256(`${script}\0${version}`).slice(0, 32)}.json`);
  const cache = useCache ? readCache(file) : {};
  const keys = texts.map(sha256);
  const missing = [...new Set(keys.filter((key) => !(key in cache)))];
  if (missing.length > 0) {
    const byKey = new Map(keys.map((key, i) => [key, texts[i] ?? ""]));
    // PyYAML is there (its version was read): a failing script is a broken test, not a reason to skip.
    const answers: unknown = JSON.parse(
      execFileSync("python3", ["-c", script], {
        input: JSON.stringify(missing.map((key) => byKey.get(key))),
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      }),
    );
    if (!Array.isArray(answers) || answers.length !== missing.length) {
      throw new Error(
        `the PyYAML script answered ${String(answers).slice(0, 80)} for ${missing.length} texts`,
      );
    }
    missing.forEach((key, i) => (cache[key] = answers[i]));
    if (useCache) {
      // Written whole and renamed into place, so a parallel test file never reads half of it.
      mkdirSync(CACHE_DIR, { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(cache));
      renameSync(temp, file);
    }
  }
  return keys.map((key) => cache[key] as T);
}
