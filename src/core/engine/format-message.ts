/** Fills `{{name}}` placeholders; a missing value is left visible so tests catch it. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(?<name>[A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = data[name];
    return value === undefined ? whole : String(value);
  });
}
