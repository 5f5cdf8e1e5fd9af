import type { github } from 'projen';

/**
 * The Python version of CI: the same minor version as the project's machines (Python 3.11), so a GitHub
 * runner installs the pinned tools of requirements-dev.txt under the interpreter they were tested with.
 */
export const CI_PYTHON_VERSION = '3.11';

/** The command that installs the pinned Python tools (cfn-lint, moto, checkov) into .venv/. */
export const PYTHON_TOOLS_COMMAND = 'npx projen python-tools';

/**
 * The steps every GitHub job that runs the tests needs after `npm ci`: Python, then the pinned tools of
 * requirements-dev.txt in .venv/, where test/support/python-tools.ts finds them. ONE list, used by the
 * build workflow (`buildWorkflowOptions.preBuildSteps`), the release workflow
 * (`releaseWorkflowSetupSteps`) and the extra jobs of .projenrc.ts; test/workflows.test.ts fails when a
 * job that runs the tests lacks them.
 */
export const PYTHON_TOOLS_SETUP_STEPS: github.workflows.JobStep[] = [
  {
    name: 'Setup Python',
    uses: 'actions/setup-python@v7.0.0',
    with: { 'python-version': CI_PYTHON_VERSION },
  },
  {
    name: 'Install the pinned Python tools (cfn-lint, moto, checkov) into .venv',
    run: PYTHON_TOOLS_COMMAND,
  },
];
