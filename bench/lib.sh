# Sourced by every bench/*.sh: finds a JDK >= 21, builds the project once (tests compiled, not run),
# and exports BENCH_CP (main + test classes + dependencies) for `"$JAVA" -cp "$BENCH_CP" dev.dispatch.bench.X`.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=../.ci/find-jdk.sh
. "$ROOT/.ci/find-jdk.sh"
JAVA="$JAVA_HOME/bin/java"
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && ./mvnw -B -q -o -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test >/dev/null)
fi
BENCH_CP="$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/classpath.txt")"
export BENCH_CP JAVA ROOT RESULTS
