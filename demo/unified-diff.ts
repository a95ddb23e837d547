/** The most lines compared with the quadratic LCS; larger files are diffed as a whole replacement. */
const MAX_LCS_CELLS = 4_000_000;

type Op = { kind: " " | "-" | "+"; text: string };

/**
 * A unified diff body (hunks only, as GitHub's `patch` field has it) from `before` to `after`, with
 * `context` lines around each change. `null` text means the file does not exist on that side.
 */
export function unifiedPatch(before: string | null, after: string | null, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.kind === " ") {
      i += 1;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change that is
    // no more than 2 * context lines away from the next.
    const start = Math.max(0, i - context);
    let end = i;
    while (end < ops.length) {
      if (ops[end]?.kind !== " ") {
        end += 1;
        continue;
      }
      let run = 0;
      while (end + run < ops.length && ops[end + run]?.kind === " ") run += 1;
      if (end + run >= ops.length || run > 2 * context) {
        end = Math.min(ops.length, end + context);
        break;
      }
      end += run;
    }
    let oldLine = 1;
    let newLine = 1;
    for (const op of ops.slice(0, start)) {
      if (op.kind !== "+") oldLine += 1;
      if (op.kind !== "-") newLine += 1;
    }
    const body = ops.slice(start, end);
    const oldCount = body.filter((op) => op.kind !== "+").length;
    const newCount = body.filter((op) => op.kind !== "-").length;
    const header = `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`;
    hunks.push([header, ...body.map((op) => `${op.kind}${op.text}`)].join("\n"));
    i = end;
  }
  return hunks.join("\n");
}

function splitLines(text: string | null): string[] {
  if (text === null || text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_LCS_CELLS) {
    return [
      ...a.map((text) => ({ kind: "-" as const, text })),
      ...b.map((text) => ({ kind: "+" as const, text })),
    ];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] =
        a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: " ", text: a[i] as string });
      i += 1;
      j += 1;
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) {
      ops.push({ kind: "-", text: a[i] as string });
      i += 1;
    } else {
      ops.push({ kind: "+", text: b[j] as string });
      j += 1;
    }
  }
  while (i < a.length) ops.push({ kind: "-", text: a[i++] as string });
  while (j < b.length) ops.push({ kind: "+", text: b[j++] as string });
  return ops;
}
