/**
 * A stable fingerprint: rule, file and a rule-chosen key (key path or package), never line numbers,
 * so a finding keeps its identity across unrelated edits. FNV-1a (64-bit), hex: pure, no crypto import.
 */
export function fingerprint(ruleId: string, path: string, key: string): string {
  return fnv1a64(`${ruleId}\u0000${path}\u0000${key}`);
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, "0");
}
