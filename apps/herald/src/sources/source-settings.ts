/**
 * A source's settings from the environment: `HERALD_SOURCE_<NAME>_<KEY>` (NAME upper-cased with `-` as `_`), keyed by
 * KEY in lower case, e.g. HERALD_SOURCE_DISTRIBUTION_REGISTRY_HOST -> { registry_host }.
 */
export function sourceSettingsFromEnv(name: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const prefix = `HERALD_SOURCE_${name.toUpperCase().replace(/-/g, '_')}_`;
  const settings: Record<string, string> = {};
  for (const [variable, value] of Object.entries(env)) {
    if (variable.startsWith(prefix) && variable.length > prefix.length && value !== undefined) {
      settings[variable.slice(prefix.length).toLowerCase()] = value;
    }
  }
  return settings;
}
