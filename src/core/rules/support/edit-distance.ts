/**
 * Levenshtein distance between two strings, or `limit + 1` as soon as it is certain to exceed
 * `limit` (keeps did-you-mean cheap on long, hostile keys).
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit + 1, limit + 1);
}

/** A name reduced to what a typo usually keeps: lower case, without `-` and `_`. */
export function squash(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

/**
 * The known names closest to `name` (at most three), compared squashed: `Train-Iters` and
 * `trainiters` match `train_iters` exactly; otherwise one edit is allowed for short names and two
 * for names of eight characters or more.
 */
export function closestNames(name: string, known: Iterable<string>): string[] {
  const target = squash(name);
  if (target.length === 0 || target.length > 200) return [];
  const limit = target.length >= 8 ? 2 : target.length >= 4 ? 1 : 0;
  let best = limit + 1;
  let found: string[] = [];
  for (const candidate of known) {
    const d = editDistance(target, squash(candidate), limit);
    if (d < best) {
      best = d;
      found = [candidate];
    } else if (d === best && d <= limit) found.push(candidate);
  }
  return best <= limit ? found.sort().slice(0, 3) : [];
}
