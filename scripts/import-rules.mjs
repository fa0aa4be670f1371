// Who may import whom in src/: each folder (a room) and the rooms it may import besides itself. ESLint
// enforces it (eslint.config.js), docs/architecture.md draws it, and a unit test keeps the two equal.

/** room -> the rooms it may import. */
export const ROOMS = {
  'core/model': [],
  core: ['core/model'],
  render: ['core', 'core/model'],
  safety: ['core/model'],
  workspace: ['core', 'core/model', 'safety'],
  agents: ['core', 'core/model', 'safety', 'workspace'],
  action: ['core', 'core/model', 'render', 'safety', 'workspace', 'agents'],
  cli: ['core', 'core/model', 'render', 'safety', 'workspace', 'agents'],
  entrypoints: ['action', 'cli'],
};

/** Packages only one room may import: GitHub's clients on the GitHub side, execa in the process funnel. */
export const PACKAGE_OWNERS = {
  '@actions/*': 'action',
  '@octokit/*': 'action',
  execa: 'workspace',
};

/** Rooms that do no I/O of their own: the loop's rules and the markdown builders. */
export const PURE_ROOMS = ['core', 'render'];

/**
 * How an import of `room` reads in a relative path from `from`: `core` is the files directly in core/, not
 * core/model/, and from core/model/ they are one level up, unnamed.
 */
function importsOf(room, from) {
  if (room !== 'core') return [`**/${room}/**`];
  return from === 'core/model' ? ['**/core/*.js', '../*.js'] : ['**/core/*.js'];
}

/** The files of a room, for an ESLint `files` entry (core/ without core/model/). */
export function filesOf(room) {
  return room === 'core' ? ['src/core/*.ts'] : [`src/${room}/**`];
}

/** The `no-restricted-imports` patterns for the files of `room`. */
export function restrictedImports(room) {
  const others = Object.keys(ROOMS).filter((other) => other !== room && !ROOMS[room].includes(other));
  const rooms = others.map((other) => ({
    group: importsOf(other, room),
    message: `${room}/ may import only ${[room, ...ROOMS[room]].join(', ')} (docs/architecture.md).`,
  }));
  const packages = Object.entries(PACKAGE_OWNERS)
    .filter(([, owner]) => owner !== room)
    .map(([name, owner]) => ({ group: [name], message: `${name} belongs to ${owner}/ (docs/architecture.md).` }));
  const io = PURE_ROOMS.includes(room) ? [{ group: ['node:*'], message: `${room}/ is pure: it takes what it needs as data or ports.` }] : [];
  return { patterns: [...rooms, ...packages, ...io] };
}
