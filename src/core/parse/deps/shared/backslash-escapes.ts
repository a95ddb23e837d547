/**
 * Decodes backslash escapes in a string literal's body, as Python and TOML basic strings write them: one
 * character from `simple` (each language its own table), or `\xHH`, `\uHHHH`, `\UHHHHHHHH` with exactly
 * that many hex digits naming a code point. Any other backslash stays as written.
 */
export function decodeBackslashEscapes(body: string, simple: Readonly<Record<string, string>>): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body.charAt(i + 1);
    const one = Object.hasOwn(simple, e) ? simple[e] : undefined;
    if (one !== undefined) {
      out += one;
      i++;
      continue;
    }
    const width = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    const hex = body.slice(i + 2, i + 2 + width);
    const code = width > 0 && hex.length === width && /^[0-9A-Fa-f]+$/.test(hex) ? parseInt(hex, 16) : NaN;
    if (code <= 0x10ffff) {
      out += String.fromCodePoint(code);
      i += 1 + width;
    } else out += c;
  }
  return out;
}
