#!/usr/bin/env bash
# The soak: a fresh server per backend under writers replaying KFP-shaped runs and readers asking
# about them, for a long time (Soak.java); prints a Markdown report for docs/reliability.md.
#   clients/benchmarks/soak.sh [--minutes 30] [--writers 8] [--readers 8] [--backends sqlite,mariadb]
# Needs the Python environment of ./mnemos test (.venv) and, for MariaDB, MNEMOS_TEST_MYSQL_HOST.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME="${MNEMOS_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
python="${MNEMOS_PYTHON_ENV:-$repo/.venv}/bin/python"
minutes=30 writers=8 readers=8
backends="sqlite${MNEMOS_TEST_MYSQL_HOST:+,mariadb}"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift ;;
    --writers) writers="$2"; shift ;;
    --readers) readers="$2"; shift ;;
    --backends) backends="$2"; shift ;;
    *) echo "unknown flag $1" >&2; exit 2 ;;
  esac
  shift
done
if [ ! -f "$repo/app/target/mnemos.jar" ] || [ ! -f "$repo/clients/benchmarks/target/mnemos-benchmarks.jar" ]; then
  "$repo/mvnw" -q -B -f "$repo/pom.xml" package -DskipTests >&2
fi
work="$(mktemp -d)"
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$repo/clients/benchmarks" && "$python" -c \
  "import side_by_side; side_by_side.write_workload('$work/workload.json', 50, 10, 0)")

free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for backend in ${backends//,/ }; do
  grpc_port="$(free_port)"; http_port="$(free_port)"
  flags=(--data_dir "$work/$backend")
  if [ "$backend" = mariadb ]; then
    database="mnemos_soak_$(date +%s)"
    flags+=(--mysql_config_host "$MNEMOS_TEST_MYSQL_HOST" --mysql_config_port "${MNEMOS_TEST_MYSQL_PORT:-3306}"
            --mysql_config_database "$database" --mysql_config_user "${MNEMOS_TEST_MYSQL_USER:-meta}"
            --mysql_config_password "${MNEMOS_TEST_MYSQL_PASSWORD:-metapw}")
  fi
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$repo/app/target/mnemos.jar" serve \
    --grpc_port "$grpc_port" --http_port "$http_port" "${flags[@]}" > "$work/$backend.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$http_port/readyz" > /dev/null; do
    kill -0 "$server" || { cat "$work/$backend.log" >&2; exit 1; }
    sleep 0.2
  done
  "$JAVA_HOME/bin/java" -cp "$repo/clients/benchmarks/target/mnemos-benchmarks.jar" dev.mnemos.benchmarks.Soak \
    "127.0.0.1:$grpc_port" "$server" "$work/workload.json" "$((minutes * 60))" "$writers" "$readers" \
    > "$work/$backend.json"
  # What the server holds once the load is gone: its live heap after a full collection.
  "$JAVA_HOME/bin/jcmd" "$server" GC.run > /dev/null
  "$JAVA_HOME/bin/jcmd" "$server" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1 > "$work/$backend.heap"
  kill "$server"; wait "$server" || true; server=
  echo "$backend" >> "$work/done"
done

"$python" - "$work" "$writers" "$readers" <<'PY'
import json, sys
work, writers, readers = sys.argv[1], sys.argv[2], sys.argv[3]
def errors(codes):
  return ", ".join("%s %d" % (code, n) for code, n in codes.items() if code != "OK") or "none"
for backend in open(work + "/done").read().split():
  soak = json.load(open("%s/%s.json" % (work, backend)))
  minutes = soak["minutes"]
  print("\n**%s**, %s writers and %s readers for %d minutes:\n" % (backend, writers, readers, len(minutes)))
  print("| minute | writes | write errors | write p99 | reads | read errors | read p99 | server memory | threads |")
  print("|---|---|---|---|---|---|---|---|---|")
  shown = {1, len(minutes)} | {m for m in range(5, len(minutes) + 1, 5)}
  for line in minutes:
    if line["minute"] in shown:
      w, r, s = line["writes"], line["reads"], line["server"]
      print("| %d | %d | %s | %.0f ms | %d | %s | %.0f ms | %d MiB | %d |" % (
          line["minute"], w["calls"], errors(w["codes"]), w["p99_ms"], r["calls"], errors(r["codes"]),
          r["p99_ms"], s["rss_mib"], s["threads"]))
  w, r = soak["total"]["writes"], soak["total"]["reads"]
  aborted = w["codes"].get("ABORTED", 0)
  live = int(open("%s/%s.heap" % (work, backend)).read().strip() or 0) // 1024
  print("\nTotal: %d writes (errors: %s; ABORTED %.2f %% of writes), %d reads (errors: %s); server memory "
        "%d → %d MiB (live heap after the load and a full collection: %d MiB), threads %d → %d." % (
            w["calls"], errors(w["codes"]), 100.0 * aborted / max(1, w["calls"]), r["calls"], errors(r["codes"]),
            soak["start"]["rss_mib"], soak["end"]["rss_mib"], live, soak["start"]["threads"], soak["end"]["threads"]))
PY
