import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { LIBRARY_DIR, LIBRARY_ENTRY, REPO_ROOT } from './paths';
import { abbaOrder, median } from './statistics';

/**
 * What `require()` of the compiled library costs in a fresh Node.js process: after aws-cdk-lib's entry
 * point alone, and after the aws-cdk-lib classes the hand-built equivalent uses. Fresh processes of the
 * two kinds alternate ABBA; medians.
 */

export interface RequireTimes {
  readonly samples: number;
  /** The modules lib/ requires (aws-cdk-lib's module entry points are lazy: they load code when a class is first used). */
  readonly dependencies: string[];
  /** `require('aws-cdk-lib')` in a fresh process. */
  readonly awsCdkLibMs: number;
  /** `require(lib/index.js)` right after `require('aws-cdk-lib')`: the library and the aws-cdk-lib code it loads. */
  readonly afterAwsCdkLibMs: number;
  readonly afterAwsCdkLibFiles: number;
  /**
   * `require(lib/index.js)` once the aws-cdk-lib classes that the hand-built equivalent uses are loaded
   * (App, Stack, ec2.Vpc, iam.PolicyStatement, ...): what the library adds to an app that builds a VPC.
   */
  readonly afterHandBuiltMs: number;
  readonly afterHandBuiltFiles: number;
}

/** The modules that the compiled library requires, found in its `require("...")` calls. */
function libraryDependencies(): string[] {
  const found = new Set<string>();
  const scan = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        scan(file);
      } else if (entry.name.endsWith('.js')) {
        for (const match of fs.readFileSync(file, 'utf-8').matchAll(/require\("([^".][^"]*)"\)/g)) {
          found.add(match[1]);
        }
      }
    }
  };
  scan(LIBRARY_DIR);
  return [...found].sort();
}

/** Run with `node -e` in a fresh process: times the requires and prints them as JSON. */
const REQUIRE_SCRIPT = `
const { performance } = require('perf_hooks');
const files = () => Object.keys(require.cache).filter((file) => file.includes('/aws-cdk-lib/')).length;
const t0 = performance.now();
const cdk = require('aws-cdk-lib');
const t1 = performance.now();
if (process.env.BENCH_AFTER === 'hand-built') {
  const ec2 = require('aws-cdk-lib/aws-ec2');
  const iam = require('aws-cdk-lib/aws-iam');
  void [cdk.App, cdk.Stack, ec2.Vpc, ec2.IpAddresses, ec2.SubnetType, ec2.FlowLogTrafficType, ec2.GatewayVpcEndpointAwsService, iam.PolicyStatement, iam.AnyPrincipal];
}
const before = files();
const t2 = performance.now();
require(process.env.BENCH_LIB);
const t3 = performance.now();
console.log(JSON.stringify({ cdk: t1 - t0, lib: t3 - t2, files: files() - before }));
`;

type After = 'entry' | 'hand-built';

interface Sample {
  readonly cdk: number;
  readonly lib: number;
  readonly files: number;
}

/** `samples` fresh processes of each kind, alternating. */
export function requireTimes(samples: number): RequireTimes {
  const measure = (after: After): Sample => {
    const child = spawnSync(process.execPath, ['-e', REQUIRE_SCRIPT], {
      cwd: REPO_ROOT,
      encoding: 'utf-8',
      env: { ...process.env, BENCH_AFTER: after, BENCH_LIB: LIBRARY_ENTRY },
    });
    if (child.status !== 0) {
      throw new Error(`bench: require() timing failed: ${child.stderr}`);
    }
    return JSON.parse(child.stdout) as Sample;
  };
  const entry: Sample[] = [];
  const handBuilt: Sample[] = [];
  for (let index = 0; index < samples; index++) {
    for (const after of abbaOrder<After>(index, ['entry', 'hand-built'])) {
      (after === 'entry' ? entry : handBuilt).push(measure(after));
    }
  }
  return {
    samples,
    dependencies: libraryDependencies(),
    awsCdkLibMs: median([...entry, ...handBuilt].map((times) => times.cdk)),
    afterAwsCdkLibMs: median(entry.map((times) => times.lib)),
    afterAwsCdkLibFiles: median(entry.map((times) => times.files)),
    afterHandBuiltMs: median(handBuilt.map((times) => times.lib)),
    afterHandBuiltFiles: median(handBuilt.map((times) => times.files)),
  };
}
