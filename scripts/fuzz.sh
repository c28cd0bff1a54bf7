#!/usr/bin/env bash
# Runs the libFuzzer targets of Fuzz/ (see fuzz/README.md).
#
#   scripts/fuzz.sh TARGET|all SECONDS      TARGET: xlsx ods numbers formula patch (fix's writers)
#                                           convert (convert's writers)
#
# Builds the targets (release, -sanitize=fuzzer,address) in .build-fuzz, writes seeds from samples/,
# ../shared/corpus and ../shared/plans into .build-fuzz/fuzz-work/seeds (git-ignored; nothing copied
# is committed), runs each target for SECONDS on its growing corpus in .build-fuzz/fuzz-work/corpus,
# prints its executions and appends one line per run to fuzz/LOG.md. Crash, hang (past 20 s) and
# out-of-memory (past 1 GiB) inputs are left in .build-fuzz/fuzz-work/artifacts/TARGET/, beside
# uncounted slow units (past 10 s); the exit status is 1 when a run found one.
# FUZZ_NO_BUILD=1 skips the build (to run several targets side by side); FUZZ_NO_LOG=1 skips the log.
# FUZZ_ASAN=0 builds with libFuzzer only (in .build-fuzz-plain): four to five times the executions
# of the ASan build on the reader targets, for long runs; Swift's own checks (bounds, overflow,
# unwrapping) still trap, only C-level memory errors go unseen. The default keeps ASan.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 xlsx|ods|numbers|formula|patch|convert|all SECONDS" >&2; exit 2; }
[ $# -eq 2 ] || usage
case "$1" in xlsx | ods | numbers | formula | patch | convert) targets=("$1") ;; all) targets=(xlsx ods numbers formula patch convert) ;; *) usage ;; esac
seconds=$2
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

work=.build-fuzz/fuzz-work
sanitizers=fuzzer,address
scratch=.build-fuzz
if [ "${FUZZ_ASAN:-1}" = 0 ]; then sanitizers=fuzzer; scratch=.build-fuzz-plain; fi
# Release (optimized) with ASan: about three times the executions of a debug build. -enable-testing
# lets the formula target reach the internal FormulaShifter.
build=(swift build --package-path Fuzz --scratch-path "$scratch" -c release
  -Xswiftc -sanitize="$sanitizers" -Xswiftc -parse-as-library -Xswiftc -enable-testing)
mkdir -p "$work"
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  # ld.gold warns about every ASan symbol it cannot export; those lines are dropped.
  if ! "${build[@]}" >"$work/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$work/build.log" >&2
    echo "fuzz build failed" >&2
    exit 2
  fi
  grep -v "Cannot export local symbol" "$work/build.log" | tail -1
fi
bin=$("${build[@]}" --show-bin-path)

declare -A binary=([xlsx]=FuzzXLSX [ods]=FuzzODS [numbers]=FuzzNumbers [formula]=FuzzFormula [patch]=FuzzPatch [convert]=FuzzConvert)
declare -A maxlen=([xlsx]=131072 [ods]=131072 [numbers]=512 [formula]=4096 [patch]=131072 [convert]=131072)
declare -A dict=([xlsx]=fuzz/xlsx.dict [ods]=fuzz/ods.dict)

if command -v python3 >/dev/null; then
  python3 scripts/fuzz_seeds.py "$work/seeds" 131072 >/dev/null
else
  echo "python3 is missing: the targets start from their saved corpus and samples/ only" >&2
  mkdir -p "$work/seeds/xlsx" "$work/seeds/ods"
  cp samples/*.xlsx "$work/seeds/xlsx/" 2>/dev/null || true
  cp samples/*.ods "$work/seeds/ods/" 2>/dev/null || true
fi

# Leak checks stay off (the Swift runtime caches metadata on first use, which libFuzzer would
# report as leaks of the first inputs); short allocation stacks make each execution cheaper, and a
# smaller quarantine keeps ASan from eating the 1 GiB RSS limit.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:malloc_context_size=5:quarantine_size_mb=64}"
status=0
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
[ "$sanitizers" = fuzzer ] && commit="$commit (no ASan)"
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"
  artifacts="$work/artifacts/$t"
  mkdir -p "$corpus" "$work/seeds/$t" "$artifacts"
  before=$(find "$artifacts" -type f ! -name "slow-unit-*" | wc -l)
  log="$work/$t.log"
  args=(-max_total_time="$seconds" -max_len="${maxlen[$t]}" -timeout=20 -rss_limit_mb=1024
    -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$artifacts/")
  [ -n "${dict[$t]:-}" ] && args+=(-dict="${dict[$t]}")
  echo "== $t: ${seconds}s (log $log)"
  rc=0
  started=$(date +%s)
  # The writers' targets start from both readers' seeds.
  seeds=("$work/seeds/$t")
  case "$t" in patch | convert) seeds=("$work/seeds/xlsx" "$work/seeds/ods") ;; esac
  timeout --kill-after=30 $((seconds + 300)) "$bin/${binary[$t]}" "${args[@]}" "$corpus" "${seeds[@]}" \
    >"$log" 2>&1 || rc=$?
  elapsed=$(($(date +%s) - started))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  execs=${execs:-0}
  after=$(find "$artifacts" -type f ! -name "slow-unit-*" | wc -l)
  crashes=$((after - before))
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  echo "   $t: $execs executions in ${elapsed}s, $crashes crashes (exit $rc)"
  if [ "$crashes" -gt 0 ]; then
    status=1
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*Fatal error|artifact_prefix|Test unit written)" "$log" | head -5 || true
  fi
  if [ "${FUZZ_NO_LOG:-0}" != 1 ]; then
    echo "| $(date -u +%Y-%m-%dT%H:%MZ) | $t | $elapsed | $execs | $crashes | $commit |" >>fuzz/LOG.md
  fi
done
exit "$status"
