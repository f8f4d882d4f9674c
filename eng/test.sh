#!/usr/bin/env bash
# test.sh - the whole test suite, setting up what it needs: the test environment (registries,
# dockerd, runc/crun, base images; eng/testenv/up.sh), the build and the packages (eng/build.sh),
# then every test project against the real components. Ends with one line 'N passed, N failed,
# N skipped' and a non-zero exit code when anything failed.
#
# Usage: eng/test.sh [--no-testenv] [--no-build] [-- extra dotnet test arguments]
#   --no-testenv   don't run eng/testenv/up.sh (tests that need a missing component skip, or fail under CI=true)
#   --no-build     reuse the last eng/build.sh output
set -euo pipefail
source "$(dirname "$0")/common.sh"

TESTENV=1 BUILD=1 EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-testenv) TESTENV=0 ;;
    --no-build) BUILD=0 ;;
    --) shift; EXTRA=("$@"); break ;;
    *) cb_die "unknown argument $1 (usage: eng/test.sh [--no-testenv] [--no-build] [-- dotnet test args])" ;;
  esac
  shift
done

if [ "$TESTENV" = 1 ]; then
  [ "$(id -u)" = 0 ] || cb_die "the test environment needs root (it installs packages and starts dockerd); run as root or pass --no-testenv"
  cb_log "test environment (eng/testenv/up.sh)"
  bash "$CB_ROOT/eng/testenv/up.sh"
fi
ENV_FILE="${CB_TESTENV_STATE:-/var/tmp/containerbuild-testenv}/env"
# shellcheck disable=SC1090
[ -f "$ENV_FILE" ] && source "$ENV_FILE"

[ "$BUILD" = 1 ] && bash "$CB_ROOT/eng/build.sh"
cb_require_dotnet
cd "$CB_ROOT"

cb_log "dotnet test ContainerBuild.sln"
LOG="$CB_ROOT/artifacts/test-results/dotnet-test.log"
mkdir -p "$(dirname "$LOG")"
set +e
dotnet test ContainerBuild.sln -c Release --no-build -nologo \
  --results-directory "$CB_ROOT/artifacts/test-results" --logger "trx" \
  "${EXTRA[@]}" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e

# One closing line for the whole suite, summed over the test assemblies' summaries.
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed:' "$LOG" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
assemblies=$(grep -cE '^(Passed|Failed)! +- Failed:' "$LOG" || true)
if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi   # a crash or build error counts as a failure
echo
echo "test assemblies: $assemblies; results: artifacts/test-results"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
