/** PEP 503 normalised form of a project name: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normaliseName(raw: string): string {
  return raw.toLowerCase().replace(/[-_.]+/g, "-");
}

/** A valid PEP 508 project name: letters and digits at both ends, `-`, `_` and `.` inside. */
export function isValidName(raw: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(raw);
}

/** Archive and wheel endings pip installs from a path or URL (pip's `is_archive_file`). */
const ARCHIVE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma|zip|tar)$/i;

export function isArchiveName(text: string): boolean {
  return ARCHIVE.test(text);
}

/**
 * The project name a wheel or sdist file name carries (`deepspeed-0.12.6-py3-none-any.whl`,
 * `deepspeed-0.12.6.tar.gz`), or null. Sdist names are split at the last `-` before a digit.
 */
export function nameFromArchive(fileName: string): string | null {
  if (fileName.length > 256) return null;
  if (/\.whl$/i.test(fileName)) {
    const name = fileName.split("-")[0] ?? "";
    return isValidName(name) ? name : null;
  }
  const stem = fileName.replace(ARCHIVE, "");
  const m = /^(?<name>.+?)-\d[^-]*$/.exec(stem);
  const name = m?.groups?.name ?? null;
  return name !== null && isValidName(name) ? name : null;
}
