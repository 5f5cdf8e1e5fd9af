import type { github } from 'projen';

/**
 * The publib release tools that every publish job of the release workflow runs
 * (`npx -p publib@<version> publib-npm`, `publib-pypi`, ...), pinned exactly: these jobs hold the
 * publishing credentials, so a new publib release must come in through a reviewed change, not on its own.
 * 0.2.1061 was the newest on npm on 2026-12-07. The release rehearsal (test/consumers/rehearse-release.sh)
 * runs the same commands, read from the generated release.yml.
 */
export const PUBLIB_VERSION = '0.2.1061';

/**
 * npm publishes with trusted publishing (GitHub OIDC, no token) from 11.5.1 on. Node.js 24 bundles npm 11,
 * but its early releases an npm older than that.
 */
export const NPM_TRUSTED_PUBLISHING_MIN = '11.5.1';

/**
 * The step of the npm publish job, just before publib-npm, that fails unless npm is new enough for
 * trusted publishing (an older npm would fail to authenticate, after the other registries had published).
 * test/workflows.test.ts runs this script against npm versions on both sides of the line.
 */
export const NPM_VERSION_GUARD_STEP: github.workflows.JobStep = {
  name: `Check that npm supports trusted publishing (>= ${NPM_TRUSTED_PUBLISHING_MIN})`,
  run: [
    `required=${NPM_TRUSTED_PUBLISHING_MIN}`,
    'actual="$(npm --version)"',
    'if [ "$(printf \'%s\\n\' "$required" "$actual" | sort -V | head -n 1)" != "$required" ]; then',
    '  echo "::error::npm $actual is older than $required, the first npm that publishes with trusted publishing (OIDC); use a newer Node.js (workflowNodeVersion in .projenrc.ts)"',
    '  exit 1',
    'fi',
    'echo "npm $actual >= $required: trusted publishing supported"',
  ].join('\n'),
};

/** The npm tarball may weigh at most this much (gzipped, as published); `npx projen package:budget` checks it. */
export const PACKAGE_BUDGET_BYTES = 250_000;
