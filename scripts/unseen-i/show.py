#!/usr/bin/env python3
"""show.py NAME [BIN]: print a set-I workbook as a grid (python-calamine values), its truth findings,
and, with BIN, Equilibre's findings for it.  NAME may omit the extension."""
import json, os, subprocess, sys
from python_calamine import CalamineWorkbook
HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, "set")
name = sys.argv[1]
if not os.path.exists(os.path.join(SET, name)):
    name = next(f for f in os.listdir(SET) if f.startswith(name + ".") and not f.endswith(".json"))
path = os.path.join(SET, name)
wb = CalamineWorkbook.from_path(path)
for sh in wb.sheet_names:
    print(f"=== {sh}")
    for r, row in enumerate(wb.get_sheet_by_name(sh).to_python(skip_empty_area=False)):
        cells = []
        for c, v in enumerate(row):
            if v == "" or v is None:
                continue
            col = ""
            n = c + 1
            while n:
                n, m = divmod(n - 1, 26)
                col = chr(65 + m) + col
            cells.append(f"{col}{r + 1}={v!r}"[:60])
        if cells:
            print("  " + " | ".join(cells))
t = json.load(open(path + ".truth.json"))
print("--- truth:", t["layout"])
print("periods", t["periods"], "totals", t["totals"])
for f in t["findings"]:
    print("  ", f["rule"], f["sheet"], f["cell"], f["expected"], f["actual"])
print("ambiguous", t["ambiguous"], "\nnotes:", t["notes"])
if len(sys.argv) > 2:
    p = subprocess.run([sys.argv[2], "check", "--format", "json", path], capture_output=True, text=True, timeout=60)
    fe = json.loads(p.stdout)["files"][0]
    print("--- equilibre:", fe.get("status"), (fe.get("plan") or {}).get("sheet"), [x.get("label") for x in (fe.get("plan") or {}).get("periods", [])])
    for f in fe.get("findings", []):
        print("  ", f.get("severity"), f.get("rule"), f.get("sheet"), f.get("cell"), f.get("expected"), f.get("actual"))
