/** The prefix of a source's variables: `HERALD_SOURCE_<NAME>_`, NAME upper-cased with `-` as `_`. */
export function sourceEnvPrefix(name: string): string {
  return `HERALD_SOURCE_${name.toUpperCase().replace(/-/g, '_')}_`;
}

/**
 * A source's settings from `HERALD_SOURCE_<NAME>_<KEY>` variables, KEY lower-cased (the SourceContext contract), e.g.
 * HERALD_SOURCE_CLOUDEVENTS_REGISTRY_HOST → `registry_host`. Empty values count as unset.
 */
export function sourceSettingsFromEnv(name: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const prefix = sourceEnvPrefix(name);
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(prefix) && key.length > prefix.length && value?.trim()) {
      settings[key.slice(prefix.length).toLowerCase()] = value.trim();
    }
  }
  return settings;
}
