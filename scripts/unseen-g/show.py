#!/usr/bin/env python3
"""show.py NAME [BIN]: print a set-G file's grid (values; formulas marked *), its truth, and BIN's findings."""
import json
import os
import subprocess
import sys

from python_calamine import CalamineWorkbook

SET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "set")


def main():
    name = sys.argv[1]
    path = os.path.join(SET, name)
    t = json.load(open(path + ".truth.json"))
    wb = CalamineWorkbook.from_path(path)
    for sn in wb.sheet_names:
        print(f"=== sheet {sn}" + ("  (plan)" if sn == t["sheet"] else ""))
        rows = wb.get_sheet_by_name(sn).to_python(skip_empty_area=False)
        for r, row in enumerate(rows, 1):
            cells = []
            for c, v in enumerate(row):
                ref = f"{chr(65 + c)}{r}" if c < 26 else "?"
                mark = "*" if t["cells"].get(ref, [None, None])[1] and sn == t["sheet"] else ""
                cells.append(f"{v!s:>12.40}{mark}" if v != "" else " " * 12)
            if any(x.strip() for x in cells):
                print(f"{r:3} | " + " | ".join(cells))
    print("=== truth:", t["layout"])
    print("periods", t["periods"], "totals", t["totals"], "ambiguous", t["ambiguous"])
    print("notes:", t["notes"])
    for f in t["findings"]:
        print("  T", f["rule"], f["cell"], f["expected"], f["actual"], "-", f["why"])
    if len(sys.argv) > 2:
        p = subprocess.run([sys.argv[2], "check", "--format", "json", path], capture_output=True, text=True, timeout=60)
        fe = json.loads(p.stdout)["files"][0]
        plan = fe.get("plan") or {}
        print("=== binary: status", fe.get("status"), "sheet", plan.get("sheet"), "periods", [x.get("label") for x in plan.get("periods", [])])
        for f in fe.get("findings", []):
            print("  B", f.get("severity"), f.get("rule"), f.get("cell"), f.get("expected"), f.get("actual"), "-", f.get("label"))


if __name__ == "__main__":
    main()
