/**
 * How urgent a health finding is, least to most. A module of its own so that the CLI can name the
 * severities in its help and completion without loading the health rules.
 */
export const SEVERITIES = ['INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}
