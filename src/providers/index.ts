/**
 * The registry: every provider the gateway knows, in the order listings and reports show them.
 * Only composition roots import it (the entry point, the CLI, schema printing); they hand the list
 * down through `Config.registry`. Adding a provider: one folder, and one line here.
 */
import { datocms } from './datocms/index.ts';
import { logto } from './logto/index.ts';
import { pandastack } from './pandastack/index.ts';
import type { ProviderModule } from './provider.ts';
import { stytch } from './stytch/index.ts';
import { vantage } from './vantage/index.ts';

export const providers: readonly ProviderModule[] = [vantage, datocms, stytch, logto, pandastack];
