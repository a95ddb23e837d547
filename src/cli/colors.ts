/**
 * Whether the text output is coloured when no `--color`/`--no-color` is given: `FORCE_COLOR` (set and
 * not empty; `0` and `false` turn colours off, as in Node), else `NO_COLOR` (set and not empty, per
 * no-color.org) turns them off, else colours for a terminal.
 */
export function colorFromEnv(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  return isTTY;
}
