#!/usr/bin/env bash
# Release benchmarks against ../shared/bench (see BENCHMARKS.md).
# Needs: hyperfine, /usr/bin/time, python3 with python-calamine, the C floor built from
# ../shared/bench/limit, and the generated inputs in $BENCH_DATA (default /tmp/equilibre-bench):
#   BENCH_DATA=/tmp/equilibre-bench python3 ../shared/bench/gen.py
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DATA=${BENCH_DATA:-/tmp/equilibre-bench}
LIMIT=${LIMIT:-$DATA/limit/limit}
RUNS=${RUNS:-10}
BIN=.build/release/equilibre
[ -x "$BIN" ] || swift build -c release
if [ ! -x "$LIMIT" ]; then
  mkdir -p "$DATA/limit" && cp "$SHARED"/bench/limit/* "$DATA/limit/" && make -s -C "$DATA/limit" limit
fi
peak() { /usr/bin/time -f %M "$@" >/dev/null 2>/tmp/equilibre-peak.txt || true; echo "$(( $(tail -1 /tmp/equilibre-peak.txt) / 1024 )) MiB"; }

what=${1:-read}
case "$what" in
read)
  for f in big.xlsx big-sst.xlsx big-lo.xlsx; do
    [ -f "$DATA/$f" ] || continue
    hyperfine -N -w 1 -r "$RUNS" --export-markdown "/tmp/equilibre-bench-$f.md" \
      "$BIN info $DATA/$f" "$LIMIT xlsx-sax $DATA/$f" "python3 $SHARED/bench/read_calamine.py $DATA/$f"
    echo "peak $f: equilibre $(peak $BIN info "$DATA/$f"), C floor $(peak "$LIMIT" xlsx-sax "$DATA/$f"), calamine $(peak python3 "$SHARED"/bench/read_calamine.py "$DATA/$f")"
  done
  if [ -f "$DATA/big.ods" ]; then
    hyperfine -N -w 1 -r "$RUNS" "$BIN info $DATA/big.ods" "$LIMIT ods-sax $DATA/big.ods" \
      "python3 $SHARED/bench/read_calamine.py $DATA/big.ods"
    echo "peak big.ods: equilibre $(peak $BIN info "$DATA/big.ods"), C floor $(peak "$LIMIT" ods-sax "$DATA/big.ods"), calamine $(peak python3 "$SHARED"/bench/read_calamine.py "$DATA/big.ods")"
  fi
  ;;
check)
  for kind in xlsx ods; do
    [ -d "$DATA/plans/$kind" ] || continue
    hyperfine -w 1 -r "$RUNS" -i "$BIN check --format json --jobs 2 $DATA/plans/$kind" \
      "python3 $SHARED/bench/check_plans.py calamine $DATA/plans/$kind"
    echo "peak check $kind: $(peak $BIN check --format json --jobs 2 "$DATA/plans/$kind")"
  done
  ;;
recalc)
  hyperfine -N -w 1 -r "$RUNS" "$BIN cells --format csv $DATA/big-lo.xlsx" \
    "$BIN cells --recalculate --format csv $DATA/big-lo.xlsx"
  ;;
esac
