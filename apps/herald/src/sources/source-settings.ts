/** The prefix of a source's variables: `HERALD_SOURCE_<NAME>_`, NAME upper-cased with `-` as `_`. */
export function sourceEnvPrefix(name: string): string {
  return `HERALD_SOURCE_${name.toUpperCase().replace(/-/g, '_')}_`;
}

/**
 * A source's settings from the environment: `HERALD_SOURCE_<NAME>_<KEY>`, keyed by KEY in lower case (the
 * SourceContext contract), e.g. HERALD_SOURCE_DISTRIBUTION_REGISTRY_HOST -> { registry_host }. Read once for both the
 * HTTP ingest and a source's NATS subject; empty values count as unset.
 */
export function sourceSettingsFromEnv(name: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const prefix = sourceEnvPrefix(name);
  const settings: Record<string, string> = {};
  for (const [variable, value] of Object.entries(env)) {
    if (variable.startsWith(prefix) && variable.length > prefix.length && value?.trim()) {
      settings[variable.slice(prefix.length).toLowerCase()] = value.trim();
    }
  }
  return settings;
}
