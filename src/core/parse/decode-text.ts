import type { FileProblem } from "../model/location.js";
import { lineStarts, positionIn } from "./line-breaks.js";

/**
 * The one decoder of file bytes, for every workspace (the CLI's disk and git, the App's GitHub API), so
 * a file reads the same wherever neox-check runs. Pure: bytes in, text or a problem out.
 *
 * Invalid UTF-8 is refused, with the offset of the first byte that is not UTF-8, rather than decoded
 * with replacement characters: NeoX opens its configs with Python's `open()` (UTF-8 on the Linux
 * machines it runs on) and pip reads requirements as UTF-8, and both stop with a UnicodeDecodeError on
 * such a byte. Reporting findings on a file the training job cannot even read would be a guess; saying
 * where the bad byte is lets the author fix it.
 */

/** Files larger than this are not read: real configs and pins are a few kilobytes. */
export const MAX_TEXT_BYTES = 1024 * 1024;

export type DecodedText = { ok: true; text: string } | { ok: false; problem: FileProblem };

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Text from bytes: at most {@link MAX_TEXT_BYTES}, no NUL byte (binary), valid UTF-8. A leading
 * byte-order mark is dropped (editors hide it, and PyYAML skips it), so line 1's columns are as people
 * see them. Linear in the size.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length > MAX_TEXT_BYTES) return { ok: false, problem: tooLargeProblem(bytes.length) };
  if (bytes.includes(0)) return { ok: false, problem: binaryProblem() };
  try {
    // `fatal` throws on the first invalid sequence; the default `ignoreBOM: false` drops a leading BOM.
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    return { ok: false, problem: notUtf8Problem(bytes, firstInvalidUtf8(bytes)) };
  }
}

/**
 * The problem of a text already decoded (an editor's buffer, a test's workspace) that is over the limit
 * in UTF-8 bytes, or null: the same limit and words as for bytes read from a file.
 */
export function textTooLarge(text: string): FileProblem | null {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a shorter text cannot be over, so most are not encoded.
  if (text.length <= MAX_TEXT_BYTES / 3) return null;
  const size = new TextEncoder().encode(text).length;
  return size > MAX_TEXT_BYTES ? tooLargeProblem(size) : null;
}

/**
 * Why files were refused, by key (a path, a blob SHA): what every workspace keeps for `readProblem`.
 * `read` decodes with {@link decodeText} and remembers the problem of a file it refuses.
 */
export interface TextReads<K> {
  /**
   * The text of the bytes `load` gives, or null (the problem remembered). A `size` known beforehand
   * (from `stat`, a git tree, the API) over the limit refuses the file without loading it.
   */
  read(key: K, size: number | undefined, load: () => Promise<Uint8Array>): Promise<string | null>;
  /** Remembers a problem found another way (GitHub says the blob is binary); returns null. */
  refuse(key: K, problem: FileProblem): null;
  /** Why `key` read as null, once it has been read; null otherwise. */
  problem(key: K): FileProblem | null;
}

/** A fresh {@link TextReads}: one per workspace or blob store. */
export function createTextReads<K>(): TextReads<K> {
  const problems = new Map<K, FileProblem>();
  const refuse = (key: K, problem: FileProblem): null => {
    problems.set(key, problem);
    return null;
  };
  return {
    async read(key, size, load) {
      if (size !== undefined && size > MAX_TEXT_BYTES) return refuse(key, tooLargeProblem(size));
      const decoded = decodeText(await load());
      return decoded.ok ? decoded.text : refuse(key, decoded.problem);
    },
    refuse,
    problem: (key) => problems.get(key) ?? null,
  };
}

/** The problem of a file known to be `size` bytes, more than the limit, without reading it. */
export function tooLargeProblem(size: number): FileProblem {
  return {
    code: "too-large",
    message: `is larger than 1 MiB (${size} bytes) and was not checked`,
    line: 1,
    column: 1,
  };
}

/** The problem of a file with NUL bytes (or one GitHub says is binary). */
export function binaryProblem(): FileProblem {
  return {
    code: "binary",
    message: "is not a text file (it contains NUL bytes) and was not checked",
    line: 1,
    column: 1,
  };
}

function notUtf8Problem(bytes: Uint8Array, offset: number): FileProblem {
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  // The bytes before the first invalid one are valid UTF-8: their text gives the line and column.
  const before = UTF8.decode(bytes.subarray(0, Math.max(0, offset)));
  const { line, column } = positionIn(lineStarts(before), before.length);
  return {
    code: "not-utf8",
    message:
      `is not valid UTF-8: byte 0x${byte} at byte offset ${offset} (line ${line}, column ${column}) cannot be ` +
      "decoded, and Python (PyYAML for NeoX's configs, pip for requirements) stops there with a " +
      "UnicodeDecodeError. Save the file as UTF-8.",
    line,
    column,
  };
}

/**
 * The offset of the first byte that starts an invalid UTF-8 sequence (as Python's UnicodeDecodeError
 * reports it), or -1. Follows the well-formed byte sequences of Unicode's table 3-7: no overlong forms,
 * no surrogates (a lone surrogate encoded as `ED A0 80` is invalid), nothing above U+10FFFF.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  const cont = (i: number, lo = 0x80, hi = 0xbf): boolean => {
    const b = bytes[i];
    return b !== undefined && b >= lo && b <= hi;
  };
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    let length: number;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = cont(i + 1) ? 2 : 0;
    else if (b === 0xe0) length = cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
    else if (b === 0xed) length = cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
    else if (b >= 0xe1 && b <= 0xef) length = cont(i + 1) && cont(i + 2) ? 3 : 0;
    else if (b === 0xf0) length = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b >= 0xf1 && b <= 0xf3) length = cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b === 0xf4) length = cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else length = 0;
    if (length === 0) return i;
    i += length;
  }
  return -1;
}
