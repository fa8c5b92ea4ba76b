#!/usr/bin/env bash
# Times the GraphQL questions of the query layer against the MLMD-API way of answering them, on a
# synthetic KFP-shaped store. Usage: clients/benchmarks/query_benchmark.sh [runs] [jdbc-url] [samples]
# (defaults: 10000 runs = 100,000 executions and 300,000 artifacts, a new SQLite file, 40 samples).
# Prints a Markdown table of p50/p95 per question and the ratio of medians (Mnemos / MLMD way).
# With --ingest [runs] [mysql-server-url]: what the query layer costs writers instead (the same runs
# loaded without and with it, medians of 3 rounds; e.g. jdbc:mysql://127.0.0.1:3306/?user=meta&password=metapw).
# With --sync [runs]: what durable SQLite commits cost writers (synchronous=FULL against NORMAL).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME="${MNEMOS_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
"$repo/mvnw" -q -B -f "$repo/pom.xml" install -DskipTests >&2
classpath_file="$(mktemp)"
"$repo/mvnw" -q -B -f "$repo/query/pom.xml" dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
classpath="$repo/query/target/test-classes:$repo/query/target/classes:$(cat "$classpath_file")"
rm -f "$classpath_file"
main=dev.mnemos.query.bench.QueryBenchmark
if [ "${1:-}" = "--ingest" ]; then
  main=dev.mnemos.query.bench.IngestCost
  shift
elif [ "${1:-}" = "--sync" ]; then
  main=dev.mnemos.query.bench.SyncCost
  shift
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$classpath" "$main" "$@"
