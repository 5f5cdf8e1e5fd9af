import { existsSync } from 'fs';
import { join, resolve } from 'path';

/** The project's virtual environment, made by `npx projen python-tools` from requirements-dev.txt. */
export const PYTHON_TOOLS_VENV = resolve(__dirname, '..', '..', '.venv');

/**
 * The executable of a Python tool the tests use (`cfn-lint`, `moto_server`, `checkov`): the pinned copy in
 * the project's `.venv/` when `npx projen python-tools` installed it there, else whatever the `PATH` has.
 */
export function pythonTool(name: string): string {
  const pinned = join(PYTHON_TOOLS_VENV, 'bin', name);
  return existsSync(pinned) ? pinned : name;
}
