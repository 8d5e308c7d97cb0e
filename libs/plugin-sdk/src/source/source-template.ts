/**
 * Fills `{name}` placeholders of a configured template (a homepage such as
 * `https://harbor.example.com/harbor/projects/{namespace}/repositories/{name}`) from `values`; an unknown placeholder
 * is left as written, so a typo shows in the link rather than vanishing.
 */
export function fillSourceTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, key: string) => values[key] ?? whole);
}
