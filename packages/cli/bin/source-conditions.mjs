// A module resolution hook: workspace packages resolve to their TypeScript sources
// (the "@contactmesh/source" export condition), as they do under the test runner.
export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, '@contactmesh/source'] });
}
