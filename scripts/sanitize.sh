#!/usr/bin/env bash
# Runs the reader, archive and command-line tests under AddressSanitizer and ThreadSanitizer.
#
#   scripts/sanitize.sh [address|thread]...     (default: both)
#
# Each sanitizer builds in its own scratch folder (.build-asan, .build-tsan). Only these suites
# run: the whole suite under both sanitizers would not fit in CI's 30 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${SANITIZE_FILTER:-ArchiveTests|WorkbookTests|XMLStreamTests|CLITests|BudgetTests}"
export SWIFT_BACKTRACE=enable=no
# Leaks are checked (LeakSanitizer comes with ASan on Linux); the suppressions name the Swift
# runtime's own one-time allocations, if any.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"
for sanitizer in "${@:-address thread}"; do
  for s in $sanitizer; do
    case "$s" in
      address) scratch=.build-asan ;;
      thread) scratch=.build-tsan ;;
      *) echo "usage: $0 [address|thread]..." >&2; exit 2 ;;
    esac
    # The hostile-file tests then skip their time and memory bounds, which hold for plain builds.
    export EQUILIBRE_SANITIZER="$s"
    # TSan skips the hostile-file suite: its commands run in child processes one file at a time,
    # with nothing shared for TSan to watch, and it is the slowest suite (4 min under TSan).
    # Both skip the French-everywhere scan: it runs every command on every plan and hostile
    # fixture in child processes to read their words, which the plain test run checks; under a
    # sanitizer it would repeat the hostile-file suite's work for no memory or thread check.
    skip=(--skip "${ASAN_SKIP:-FrenchEverywhereTests}")
    if [ "$s" = thread ]; then skip=(--skip "${TSAN_SKIP:-HostileFilesTests|FrenchEverywhereTests}"); fi
    echo "== swift test --sanitize=$s --filter '$filter' ${skip[*]}"
    start=$(date +%s)
    swift test --sanitize="$s" --scratch-path "$scratch" --filter "$filter" "${skip[@]}"
    echo "== $s: passed in $(($(date +%s) - start)) s"
  done
done
