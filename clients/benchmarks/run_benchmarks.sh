#!/usr/bin/env bash
# The benchmark suite in one command: JMH micro-benchmarks of the store's hot paths, then Mnemos and
# the MLMD library side by side (clients/benchmarks/side_by_side.py), written into docs/benchmarks.md
# between its "side-by-side" markers with a description of the machine.
#   clients/benchmarks/run_benchmarks.sh [--smoke] [--report FILE] [side_by_side.py flags]
# --smoke: a few seconds of JMH and a tiny workload, to keep the harness working (CI); no figures.
# Needs the Python environment of ./mnemos test (.venv) and, for MariaDB, MNEMOS_TEST_MYSQL_HOST.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME="${MNEMOS_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
python="${MNEMOS_PYTHON_ENV:-$repo/.venv}/bin/python"
report="$repo/docs/benchmarks.md"
smoke=false
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --report) report="$2"; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

if [ ! -f "$repo/app/target/mnemos.jar" ] || [ ! -f "$repo/clients/benchmarks/target/mnemos-benchmarks.jar" ] \
    || [ ! -d "$repo/metadata-server/target/test-classes/META-INF" ]; then
  "$repo/mvnw" -q -B -f "$repo/pom.xml" package -DskipTests >&2
fi
classpath_file="$(mktemp)"
# One reactor run, so the sibling modules resolve to their build folders: on a fresh machine they
# are in no local repository (nothing installs them), and the plugin may need downloading.
"$repo/mvnw" -q -B -f "$repo/pom.xml" -pl metadata-server -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
classpath="$repo/metadata-server/target/test-classes:$repo/metadata-server/target/classes:$(cat "$classpath_file")"
rm -f "$classpath_file"

jmh_json="$(mktemp --suffix=.json)"
if $smoke; then
  jmh_flags=(-f 0 -wi 0 -i 1 -r 200ms -p "query=uri LIKE 'gs://%'")
  side_flags=(--runs 3 --steps 3 --backends sqlite --repeats 1 --clients 2 --read-repeats 2 --warmup-seconds 0 --warmup-runs 1
              --fan-out 2 --fan-out-steps 2 --cold-runs 2)
else
  jmh_flags=()
  side_flags=()
fi
echo "== JMH" >&2
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$classpath" org.openjdk.jmh.Main \
  "${jmh_flags[@]}" -rf json -rff "$jmh_json" 'FilterCompileBenchmark|RowMappingBenchmark' >&2
echo "== side by side" >&2
"$python" "$repo/clients/benchmarks/side_by_side.py" "${side_flags[@]}" "${args[@]}" \
  --jmh "$jmh_json" --report "$report"
rm -f "$jmh_json"
