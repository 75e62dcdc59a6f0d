import { ConfigError, parseConfig } from "../../src/config/config.js";

/** The problems a configuration error lists for these environment variables. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  throw new Error("expected a configuration error");
}
