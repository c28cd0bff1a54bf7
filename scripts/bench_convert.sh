#!/usr/bin/env bash
# The convert benchmark of BENCHMARKS.md ("Converting"): equilibre convert against LibreOffice
# headless and libxlsxwriter, alternated in one run, N rounds (default 5). One line per command
# and round: label, wall seconds, peak KiB, user and system seconds, the load average.
#
#   BENCH_DATA=DIR LIMIT=DIR scripts/bench_convert.sh [N]
#
# BENCH_DATA holds big.xlsx, big-sst.xlsx and big.ods (../shared/bench/README.md); LIMIT the built
# ../shared/bench/limit (write_lxw). Builds nothing: run `swift build -c release` first.
set -u
cd "$(dirname "$0")/.."
eq=${EQ:-.build/release/equilibre}
data=${BENCH_DATA:?set BENCH_DATA}
limit=${LIMIT:?set LIMIT}
rounds=${1:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/lo"
run() {
  local label=$1
  shift
  /usr/bin/time -o "$out/t" -f "%e %M %U %S" "$@" >/dev/null 2>&1
  echo "$label $(cat "$out/t") load=$(cut -d' ' -f1 /proc/loadavg)"
}
# Warm-up: LibreOffice's profile, the page cache.
soffice --headless --convert-to ods --outdir "$out/lo" "$data/big.xlsx" >/dev/null 2>&1
"$eq" convert "$data/big.xlsx" "$out/w.ods" -q --force
for _ in $(seq 1 "$rounds"); do
  run eq-xlsx-to-ods "$eq" convert "$data/big.xlsx" "$out/big.ods" -q --force
  run lo-xlsx-to-ods soffice --headless --convert-to ods --outdir "$out/lo" "$data/big.xlsx"
  run eq-ods-to-xlsx "$eq" convert "$data/big.ods" "$out/big.xlsx" -q --force
  run lo-ods-to-xlsx soffice --headless --convert-to xlsx --outdir "$out/lo" "$data/big.ods"
  run eq-sst-to-xlsx "$eq" convert "$data/big-sst.xlsx" "$out/out.xlsx" -q --force
  run lxw-write "$limit/write_lxw" "$out/lxw.xlsx"
done
