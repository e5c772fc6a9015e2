/** Replaces `${{NAME}}` placeholders (the Microsoft 365 Agents Toolkit's syntax) with values. */
export function substitute(text: string, values: Record<string, string>): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const out = text.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      unresolved.add(name);
      return whole;
    }
    // Values land inside JSON strings: escape them as JSON would.
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: out, unresolved: [...unresolved] };
}
