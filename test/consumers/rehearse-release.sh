#!/usr/bin/env bash
# The release, rehearsed on this machine (`npx projen release:rehearse`; .ci/run and the build workflow's
# release-rehearsal job run it). After a build (dist/js and the .jsii assembly), it:
#
# 1. packages every language with the release workflow's packaging tasks (package:js, package:python,
#    package:java); Go's code is generated with --code-only, because jsii-pacmak's own `go build` needs
#    aws-cdk-go 2.222.0, which this machine's Go module proxy does not serve; .NET is not packaged (no SDK);
# 2. starts registries on 127.0.0.1, each in a temporary directory: verdaccio (npm), pypiserver (PyPI),
#    a directory as the Maven repository, a bare git repository for the Go module;
# 3. publishes with the release workflow's own commands, read from .github/workflows/release.yml (the
#    `npx -p publib@<pinned> publib-<registry>` of each job's Release step), with the job's literal
#    environment and the registry settings below in place of the credentials;
# 4. installs each package from its registry into the consumer apps and compares their templates with the
#    TypeScript app's (test/consumers/run.ts --registries), printing each install command and where the
#    package came from;
# 5. stops the registries and deletes the temporary directory, also when a step fails (trap).
#
# What is not rehearsed: the credentials (npm and PyPI trusted publishing need GitHub's OIDC token, Maven
# Central its staging API and GPG signature), NuGet (no .NET SDK here), and pushing to GitHub.
# REHEARSAL_KEEP=1 keeps the temporary directory (logs, storage) when a step fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

# The registries' own versions, pinned. verdaccio 6.8.0 is the newest that runs on Node.js 20 (6.10 wants 22).
VERDACCIO_VERSION=6.8.0
PYPISERVER_VERSION=2.4.2
# publib-pypi runs `pip install --user --upgrade "twine<6.2.0"`; a pip constraint pins what it gets.
TWINE_VERSION=6.1.0

WORKFLOW=.github/workflows/release.yml
scratch="$(mktemp -d "${TMPDIR:-/tmp}/release-rehearsal.XXXXXX")"
logs="$scratch/logs"
mkdir -p "$logs" "$scratch/tmp"
# publib's and the registries' temporary files (publib-npm's npm log, publib-golang's clone, ...) go inside the
# scratch directory, and with it.
export TMPDIR="$scratch/tmp"
pids=()

cleanup() {
  local code=$?
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$code" -ne 0 ] && [ -n "${REHEARSAL_KEEP:-}" ]; then
    echo "rehearsal: failed; kept $scratch (REHEARSAL_KEEP)"
  else
    rm -rf "$scratch"
  fi
  if [ "$code" -ne 0 ]; then echo "rehearsal: FAILED (exit $code)"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "rehearsal: $*"; }
fail() { echo "rehearsal: $*" >&2; exit 1; }
elapsed() { echo "$((SECONDS - $1)) s"; }

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

wait_for() { # url, name, log
  local tries=0
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 120 ]; then
      tail -20 "$3" >&2 || true
      fail "$2 did not answer at $1 within 60 s (log above)"
    fi
    sleep 0.5
  done
}

# The `run` of a release job's Release step, and the job's literal environment as `export` lines
# (values that are GitHub expressions, secrets or inputs, are left out).
release_step() { # job, what (run|env)
  node -e '
    const { parse } = require("yaml");
    const job = parse(require("fs").readFileSync(process.argv[1], "utf8")).jobs[process.argv[2]];
    const step = job?.steps?.find((s) => s.name === "Release");
    if (!step) { console.error(`no Release step in job ${process.argv[2]}`); process.exit(1); }
    if (process.argv[3] === "run") {
      console.log(step.run);
    } else {
      for (const [key, value] of Object.entries(step.env ?? {})) {
        if (!String(value).includes("${{")) console.log(`export ${key}=${JSON.stringify(String(value))}`);
      }
    }' "$WORKFLOW" "$1" "$2"
}

publish() { # job, then the environment overrides as KEY=VALUE, or -KEY to unset
  local job="$1"; shift
  local command; command="$(release_step "$job" run)"
  case "$command" in
    *"publib@latest"*) fail "$job: publib is not pinned in $WORKFLOW ($command)";;
    "npx '-p' 'publib@"*) ;;
    *) fail "$job: unexpected Release command in $WORKFLOW: $command";;
  esac
  say "$job: $command"
  (
    # npm and npx (`npx projen release:rehearse`) hand their settings to child processes as npm_config_*
    # variables, the user's ~/.npmrc among them (npm_config_userconfig): cleared, so that publib's npm
    # reads only what publib configures (its ~/.npmrc under the HOME below).
    local variable
    for variable in $(compgen -e); do
      case "$(printf '%s' "$variable" | tr '[:upper:]' '[:lower:]')" in npm_config_*) unset "$variable";; esac
    done
    eval "$(release_step "$job" env)"
    local setting
    for setting in "$@"; do
      if [ "${setting#-}" != "$setting" ]; then unset "${setting#-}"; else export "${setting?}"; fi
    done
    eval "$command"
  ) > "$logs/$job.log" 2>&1 || { tail -40 "$logs/$job.log" >&2; fail "$job: $command failed (log above)"; }
  grep -E "SUCCESS|All Done|Uploading|pushed|\[new tag\]|\+ cdk-private-dynamo-access" "$logs/$job.log" | sed "s/^/  $job: /" | head -8 || true
}

[ -f .jsii ] || fail "no .jsii: build first (CI=true npx projen build, or npx projen compile && npx projen post-compile)"
[ -f .jsii.tabl.json ] || fail "no .jsii.tabl.json: npx projen post-compile writes it"
if python3 -c 'import sys; sys.exit(0 if sys.prefix != sys.base_prefix else 1)'; then
  fail "python3 is a virtualenv's ($(command -v python3)): publib-pypi installs twine with pip --user, which a virtualenv refuses; deactivate it"
fi

version="$(node -p 'require("./package.json").version')"
say "version $version; publib commands from $WORKFLOW; temporary directory $scratch"

# 1. The packages, with the tasks the release workflow's publish jobs run (`npx projen package:<language>`).
started=$SECONDS
npx projen package:js > "$logs/package-js.log" 2>&1 || { tail -20 "$logs/package-js.log"; fail "package:js failed"; }
npx projen package:python > "$logs/package-python.log" 2>&1 || { tail -20 "$logs/package-python.log"; fail "package:python failed"; }
npx projen package:java > "$logs/package-java.log" 2>&1 || { tail -20 "$logs/package-java.log"; fail "package:java failed"; }
rm -rf dist/go
npx jsii-pacmak --target go --code-only --outdir dist > "$logs/package-go.log" 2>&1 || { tail -20 "$logs/package-go.log"; fail "jsii-pacmak go failed"; }
say "packaged ($(elapsed "$started")): $(cd dist && ls js/*.tgz python/*.whl python/*.tar.gz | tr '\n' ' ')java/$(cd dist/java && find . -name '*.pom' | sed 's|^\./||') go/$(cd dist/go && ls)"
say "nuget: not rehearsed: no .NET SDK on this machine to build the .nupkg (the C# code is generated by .ci/run's .NET step)"

# 2. The registries.
started=$SECONDS
npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$scratch/tools/verdaccio" "verdaccio@$VERDACCIO_VERSION" > "$logs/install-verdaccio.log" 2>&1 ||
  { tail -20 "$logs/install-verdaccio.log"; fail "npm install verdaccio@$VERDACCIO_VERSION failed"; }
python3 -m venv "$scratch/tools/pypiserver"
"$scratch/tools/pypiserver/bin/pip" install --quiet --disable-pip-version-check "pypiserver==$PYPISERVER_VERSION" > "$logs/install-pypiserver.log" 2>&1 ||
  { tail -20 "$logs/install-pypiserver.log"; fail "pip install pypiserver==$PYPISERVER_VERSION failed"; }

npm_port="$(free_port)"
npm_registry="http://127.0.0.1:$npm_port/"
cat > "$scratch/verdaccio.yaml" <<EOF
storage: $scratch/verdaccio-storage
auth:
  htpasswd:
    file: $scratch/verdaccio-htpasswd
uplinks:
  npmjs:
    url: $(npm config get registry)
packages:
  'cdk-private-dynamo-access':
    access: \$all
    publish: \$authenticated
  '**':
    access: \$all
    proxy: npmjs
log: { type: stdout, format: pretty, level: http }
EOF
"$scratch/tools/verdaccio/node_modules/.bin/verdaccio" --config "$scratch/verdaccio.yaml" --listen "127.0.0.1:$npm_port" > "$logs/verdaccio.log" 2>&1 &
pids+=("$!")
wait_for "${npm_registry}-/ping" verdaccio "$logs/verdaccio.log"
npm_token="$(curl -fsS -X PUT -H 'Content-Type: application/json' \
  -d '{"name": "rehearsal", "password": "rehearsal-only"}' "${npm_registry}-/user/org.couchdb.user:rehearsal" |
  node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).token)')"
say "npm: verdaccio $VERDACCIO_VERSION at $npm_registry (uplink $(npm config get registry) for everything but this package)"

pypi_port="$(free_port)"
pypi_upstream="$(python3 -m pip config get global.index-url 2>/dev/null || echo https://pypi.org/simple)"
pypi_upload="http://127.0.0.1:$pypi_port/"
pypi_index="${pypi_upload}simple/"
mkdir -p "$scratch/pypi-packages"
"$scratch/tools/pypiserver/bin/pypi-server" run -v --interface 127.0.0.1 --port "$pypi_port" --authenticate . --passwords . \
  --fallback-url "${pypi_upstream%/}/" "$scratch/pypi-packages" > "$logs/pypiserver.log" 2>&1 &
pids+=("$!")
wait_for "$pypi_index" pypiserver "$logs/pypiserver.log"
say "pypi: pypiserver $PYPISERVER_VERSION at $pypi_index (falls back to PyPI for everything but this package)"

maven_repository="$scratch/maven"
mkdir -p "$maven_repository"
say "maven: the directory $maven_repository as the repository (file://)"

git_base="$scratch/git/"
git init --quiet --bare --initial-branch main "${git_base}cdk-private-dynamo-access-go.git"
say "go: the bare git repository ${git_base}cdk-private-dynamo-access-go.git stands in for github.com/cdk-private-dynamo-access/cdk-private-dynamo-access-go"
say "registries up ($(elapsed "$started"))"

# 3. Publish with the workflow's commands. publib-npm writes ~/.npmrc and publib-pypi installs twine with
#    pip --user: HOME and PYTHONUSERBASE point into the temporary directory, so nothing of the user's changes.
started=$SECONDS
mkdir -p "$scratch/home"
echo "twine==$TWINE_VERSION" > "$scratch/pip-constraints.txt"
publish release_npm \
  "NPM_REGISTRY=127.0.0.1:$npm_port" DISABLE_HTTPS=1 "NPM_TOKEN=$npm_token" -NPM_TRUSTED_PUBLISHER -NPM_CONFIG_PROVENANCE \
  "HOME=$scratch/home" "npm_config_cache=$(npm config get cache)"
publish release_pypi \
  "TWINE_REPOSITORY_URL=$pypi_upload" TWINE_USERNAME=rehearsal TWINE_PASSWORD=rehearsal -PYPI_TRUSTED_PUBLISHER \
  "PYTHONUSERBASE=$scratch/python-user" "PIP_CONSTRAINT=$scratch/pip-constraints.txt" "PATH=$scratch/python-user/bin:$PATH"
publish release_maven \
  MAVEN_SERVER_ID=rehearsal "MAVEN_REPOSITORY_URL=file://$maven_repository" MAVEN_USERNAME=rehearsal MAVEN_PASSWORD=rehearsal \
  -MAVEN_GPG_PRIVATE_KEY -MAVEN_GPG_PRIVATE_KEY_PASSPHRASE -MAVEN_STAGING_PROFILE_ID
publish release_golang \
  GITHUB_TOKEN=rehearsal -GIT_USE_SSH -GITHUB_USE_SSH -GIT_BRANCH GIT_CONFIG_COUNT=1 \
  "GIT_CONFIG_KEY_0=url.file://${git_base}.insteadOf" "GIT_CONFIG_VALUE_0=https://rehearsal@github.com/cdk-private-dynamo-access/"
say "published ($(elapsed "$started")):"
say "  npm: $(curl -fsS "${npm_registry}cdk-private-dynamo-access" | node -e 'const p = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(Object.keys(p.versions).join(", "), "->", Object.values(p.versions)[0].dist.tarball)')"
say "  pypi: $(ls "$scratch/pypi-packages" | tr '\n' ' ')"
say "  maven: $(cd "$maven_repository" && find . -name '*.jar' -o -name '*.pom' | sed 's|^\./||' | sort | tr '\n' ' ')"
say "  go: $(git --git-dir "${git_base}cdk-private-dynamo-access-go.git" tag | tr '\n' ' ')"

# 4. Install from the registries into the consumer apps and compare the templates.
started=$SECONDS
cat > "$scratch/registries.json" <<EOF
{ "npm": "$npm_registry", "pypi": "$pypi_index", "maven": "file://$maven_repository", "goGit": "file://$git_base" }
EOF
npx ts-node --project tsconfig.dev.json test/consumers/run.ts --registries "$scratch/registries.json"
say "consumer apps from the registries ($(elapsed "$started"))"

# The registries' own logs: each served this package.
npm_served="$(grep "requested 'GET /cdk-private-dynamo-access/-/cdk-private-dynamo-access-$version.tgz'" "$logs/verdaccio.log" || true)"
pypi_served="$(grep "GET [^ ]*/packages/cdk_private_dynamo_access-$version-py3-none-any.whl" "$logs/pypiserver.log" || true)"
[ -n "$npm_served" ] || fail "verdaccio's log shows no download of the npm tarball"
[ -n "$pypi_served" ] || fail "pypiserver's log shows no download of the wheel"
say "verdaccio's log, $(echo "$npm_served" | wc -l) download(s) of the tarball: $(echo "$npm_served" | head -1)"
say "pypiserver's log, $(echo "$pypi_served" | wc -l) download(s) of the wheel: $(echo "$pypi_served" | head -1)"
say "passed: published to npm, PyPI, Maven and Go registries on 127.0.0.1 with the release workflow's publib commands, installed from each, templates identical"
