/**
 * The registry. Adding a provider: one folder with its five files, and one line here.
 */
import { datocms } from './datocms/index.ts';
import { logto } from './logto/index.ts';
import { pandastack } from './pandastack/index.ts';
import { stytch } from './stytch/index.ts';
import { vantage } from './vantage/index.ts';

export const providers = [vantage, datocms, stytch, logto, pandastack] as const;
