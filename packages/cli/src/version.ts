/** The version of the contactmesh command (kept equal to packages/cli/package.json by a test). */
export const version = '0.1.0';
