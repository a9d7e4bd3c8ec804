/**
 * A provider's id: lower-case, the name of its folder under `providers/` (`vantage`). Its upper
 * case is its `SsoProvider` value and the prefix of its variables. Shared code never lists the
 * ids: the registry (`index.ts`) does, and hands the modules down.
 */
export type ProviderId = string;
