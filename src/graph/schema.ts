/**
 * The table of contents of the schema: importing a part registers its types on the builder.
 */
import './errors.ts';
import './sso-connection.ts';
import './provider-status.ts';
import './unified.ts';
import '../insight/graph.ts';
import '../providers/index.ts';
import { builder } from './builder.ts';

export const schema = builder.toSchema({ sortSchema: true });
