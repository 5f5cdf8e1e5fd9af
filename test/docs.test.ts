import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';

/*
 * The user docs as a reader meets them: a README they finish, a table of contents that leads somewhere, and
 * relative links (README and docs/) that name files and headings that exist.
 */

const ROOT = join(__dirname, '..');

/** The longest the README may be; reference material goes to docs/, with a summary and a link left behind. */
const README_MAX_LINES = 500;

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}

/** The relative links of a markdown file, outside code blocks: [text](target) with no scheme. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z]+:/i.test(target));
}

/** Each relative link of a file that does not resolve: a missing file, or a missing heading in a markdown file. */
function brokenLinks(file: string): string[] {
  const markdown = readFileSync(file, 'utf8');
  return relativeLinks(markdown).filter((target) => {
    const [path, anchor] = target.split('#');
    const targetFile = path === '' ? file : resolve(dirname(file), path);
    if (!existsSync(targetFile)) {
      return true;
    }
    if (anchor === undefined || !targetFile.endsWith('.md')) {
      return false;
    }
    return !anchorsOf(readFileSync(targetFile, 'utf8')).has(anchor);
  });
}

function userDocs(): string[] {
  const docs = join(ROOT, 'docs');
  return [join(ROOT, 'README.md'), join(ROOT, 'CONTRIBUTING.md'),
    ...readdirSync(docs).filter((name) => name.endsWith('.md')).map((name) => join(docs, name))];
}

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  test(`is at most ${README_MAX_LINES} lines`, () => {
    // GIVEN the README WHEN its lines are counted THEN a reader finishes it
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(README_MAX_LINES);
  });

  test('its table of contents links every section', () => {
    // GIVEN the Contents section and the level-2 headings after it
    const contents = readme.slice(readme.indexOf('## Contents'), readme.indexOf('\n## ', readme.indexOf('## Contents') + 1));
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map((match) => anchorOf(match[1]))
      .filter((anchor) => anchor !== 'contents');

    // THEN each heading is linked from the Contents
    expect(sections.filter((anchor) => !contents.includes(`(#${anchor})`))).toEqual([]);
  });
});

describe('relative links in README, CONTRIBUTING and docs/', () => {
  test.each(userDocs().map((file) => [file.slice(ROOT.length + 1), file]))('%s: every link names a file and heading that exist', (_name, file) => {
    // GIVEN the file's relative links WHEN each is resolved THEN its file, and heading if any, exist
    expect(brokenLinks(file)).toEqual([]);
  });

  test('a link to a missing heading is found (the check can fail)', () => {
    // GIVEN a heading set WHEN a link names another THEN it is reported
    expect(anchorsOf('# A title\n\n## Your own VPC, some of its subnets\n').has('your-own-vpc-some-of-its-subnets')).toBe(true);
    expect(anchorsOf('## Dual-stack (IPv6) clients').has('dual-stack-ipv6-clients')).toBe(true);
    expect(anchorsOf('## Catch it before deploy').has('catch-it-before-deploy-now')).toBe(false);
  });
});
