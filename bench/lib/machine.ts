import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { REPO_ROOT } from './paths';

/** The machine and the code a run measured, for the report's header. */

export interface MachineInfo {
  readonly date: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly awsCdkLib: string;
  readonly constructs: string;
  readonly commit: string;
  readonly uncommittedChanges: boolean;
  readonly loadAverageAtStart: number[];
}

export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf-8'))?.[1] ?? cpuModel;
  } catch {
    // not Linux: keep os.cpus()
  }
  const git = (...args: string[]) => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf-8' }).stdout?.trim() ?? '';
  const version = (name: string) => (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [REPO_ROOT] }), 'utf-8')) as { version: string }).version;
  return {
    date: new Date().toISOString(),
    cpuModel,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    awsCdkLib: version('aws-cdk-lib'),
    constructs: version('constructs'),
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    uncommittedChanges: git('status', '--porcelain', '--', 'src').length > 0,
    loadAverageAtStart: loadAverage(),
  };
}

/** The load average over 1, 5 and 15 minutes, to two decimals. */
export function loadAverage(): number[] {
  return os.loadavg().map((load) => Math.round(load * 100) / 100);
}
