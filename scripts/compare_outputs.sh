#!/usr/bin/env bash
# Proves that a change leaves `fix` and `convert` output byte-identical.
#
#   scripts/compare_outputs.sh run BINARY OUTDIR     writes every output of BINARY into OUTDIR
#   scripts/compare_outputs.sh diff REFDIR NEWDIR    compares two such folders, file by file
#
# `run` takes every .xlsx and .ods under ../shared/plans, ../shared/realworld, ../shared/corpus
# and samples/ (or the folders in $COMPARE_INPUTS, space-separated) and runs, for each:
#   fix IN -o OUTDIR/NAME.fix.EXT --force
#   fix IN -o OUTDIR/NAME.fix-af.EXT --force --annotate --formulas
#   fix IN -o OUTDIR/NAME.fix-x.OTHER --force      (corrected and converted in one step)
#   convert IN OUTDIR/NAME.conv.xlsx --force     and     convert IN OUTDIR/NAME.conv.ods --force
# NAME is the input's path with `/` as `__`. Each command's exit status and stdout go beside the
# outputs (NAME.KIND.status, NAME.KIND.stdout), so a change of behaviour shows as well as a
# change of bytes. `diff` lists the files that differ or exist on one side only, and exits 1 when
# any does.
#
# Two things vary from run to run of the same binary, and are held still or set aside:
# - the order of some findings in `fix`'s report follows Swift's per-process hash seed:
#   `run` sets SWIFT_DETERMINISTIC_HASHING=1;
# - `fix` writes the directory entries of a package (`Configurations2/…/` in LibreOffice's ods)
#   with the time of the run: two packages that differ in bytes are compared again entry by
#   entry (names, order, method, CRC, sizes, compressed bytes, times of the files), and reported
#   as `same but directory times` when only those times differ.
set -uo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 run BINARY OUTDIR | diff REFDIR NEWDIR" >&2; exit 2; }
[ $# -eq 3 ] || usage

case "$1" in
run)
  bin=$2
  out=$3
  mkdir -p "$out"
  export SWIFT_DETERMINISTIC_HASHING=1
  inputs=${COMPARE_INPUTS:-"../shared/plans ../shared/realworld ../shared/corpus samples"}
  # shellcheck disable=SC2086
  find $inputs -type f \( -iname '*.xlsx' -o -iname '*.ods' \) | sort | while read -r f; do
    name=$(echo "$f" | sed 's#^\(\.\./\)*##; s#/#__#g')
    ext=${f##*.}
    ext=$(echo "$ext" | tr 'A-Z' 'a-z')
    run() {  # KIND COMMAND...
      local kind=$1
      shift
      "$@" >"$out/$name.$kind.stdout" 2>/dev/null
      echo $? >"$out/$name.$kind.status"
    }
    run fix "$bin" fix "$f" -o "$out/$name.fix.$ext" --force --format json
    run fix-af "$bin" fix "$f" -o "$out/$name.fix-af.$ext" --force --annotate --formulas --format json
    other=ods; [ "$ext" = ods ] && other=xlsx
    run fix-x "$bin" fix "$f" -o "$out/$name.fix-x.$other" --force --format json
    run conv-xlsx "$bin" convert "$f" "$out/$name.conv.xlsx" --force --format json
    run conv-ods "$bin" convert "$f" "$out/$name.conv.ods" --force --format json
  done
  # The reports name the output path: make them comparable between folders.
  sed -i "s#$out#OUT#g" "$out"/*.stdout
  echo "$(ls "$out" | wc -l) files in $out"
  ;;
diff)
  ref=$2
  new=$3
  status=0
  compared=0
  while read -r f; do
    compared=$((compared + 1))
    if [ ! -e "$new/$f" ]; then echo "only in $ref: $f"; status=1
    elif ! cmp -s "$ref/$f" "$new/$f"; then
      case "$f" in
      *.xlsx | *.ods)
        if python3 - "$ref/$f" "$new/$f" <<'PY'; then echo "same but directory times: $f"; else echo "differs: $f"; status=1; fi
import sys, zipfile
def entries(path):
    with open(path, "rb") as raw, zipfile.ZipFile(path) as z:
        out = []
        for i in z.infolist():
            raw.seek(i.header_offset + 26)
            n, m = int.from_bytes(raw.read(2), "little"), int.from_bytes(raw.read(2), "little")
            raw.seek(i.header_offset + 30 + n + m)
            data = raw.read(i.compress_size)
            time = None if i.filename.endswith("/") else i.date_time
            out.append((i.filename, i.compress_type, i.CRC, i.compress_size, i.file_size, time, data))
        return out
sys.exit(0 if entries(sys.argv[1]) == entries(sys.argv[2]) else 1)
PY
        ;;
      *) echo "differs: $f"; status=1 ;;
      esac
    fi
  done < <(ls "$ref")
  while read -r f; do
    [ -e "$ref/$f" ] || { echo "only in $new: $f"; status=1; }
  done < <(ls "$new")
  echo "$compared files compared"
  exit $status
  ;;
*) usage ;;
esac
