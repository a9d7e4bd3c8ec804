/**
 * The no-cycle rule again, on the graph the compiled code loads: type-only imports are not
 * extracted at all here (tsPreCompilationDeps: false). dependency-cruiser records one cycle per
 * import, the first its depth-first search meets; in .dependency-cruiser.cjs that search also
 * walks type-only imports, so a runtime cycle whose modules also import types from a hub
 * (e.g. `GatewayContext`) is found through the hub, exempted as type-only, and never reported.
 * Without type-only edges every cycle found is a runtime one.
 */
const base = require('./.dependency-cruiser.cjs');

const noCycle = base.forbidden.find((rule) => rule.name === 'no-cycle');

module.exports = {
  forbidden: [{ ...noCycle, name: 'no-runtime-cycle', to: { circular: true } }],
  options: { ...base.options, tsPreCompilationDeps: false },
};
