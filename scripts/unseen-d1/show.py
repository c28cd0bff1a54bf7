#!/usr/bin/env python3
"""show.py NAME [EQUILIBRE_BIN] — one workbook's grid (sheet, cell, value, formula), its truth, and
Equilibre's findings side by side. NAME: file name in set/ (with or without extension)."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verify import grid, formulas  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, "set")


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    name = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "release", "equilibre")
    cands = [f for f in os.listdir(SET) if not f.endswith(".json") and (f == name or os.path.splitext(f)[0] == name)]
    if not cands:
        sys.exit(f"no workbook {name} in set/")
    path = os.path.join(SET, cands[0])
    t = json.load(open(path + ".truth.json"))
    g = grid(path)
    fm = formulas(path)
    for s, rows in g.items():
        print(f"== sheet {s!r}")
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v == "" or v is None:
                    continue
                a = f"{col(c)}{r + 1}"
                f = fm.get((s, a), "")
                print(f"  {a:>6}  {v!r:<45} {f}")
    print("\n== truth:", t["layout"])
    print("   sheet", t["sheet"], "periods", t["periods"], "totals", t["totals"])
    for f in t["findings"]:
        if f["rule"] != "text-number":
            print(f"   {f['rule']:<14} {f['sheet']}!{f['cell']:<6} expected {f['expected']} actual {f['actual']}  {f['why']}")
    ntn = sum(1 for f in t["findings"] if f["rule"] == "text-number")
    if ntn:
        print(f"   (+{ntn} text-number)")
    print("   ambiguous", t["ambiguous"], "\n   notes", t["notes"])
    p = subprocess.run([binary, "check", "--format", "json", path], capture_output=True, text=True)
    try:
        fe = json.loads(p.stdout)["files"][0]
    except Exception:
        print("\n== equilibre: no report", p.stderr[:500])
        return
    plan = fe.get("plan") or {}
    print(f"\n== equilibre: status {fe.get('status')} sheet {plan.get('sheet')} periods {[x.get('label') for x in plan.get('periods', [])]}")
    for ln in plan.get("lines", []):
        if ln.get("kind") in ("total", "result"):
            print(f"   {ln['section']:<8} {ln['kind']:<6} row {ln.get('row')} {ln.get('label')!r} {ln.get('amounts')}")
    for f in fe.get("findings", []):
        if f.get("rule") != "text-number":
            print(f"   {f.get('rule'):<14} {f.get('severity'):<7} {f.get('sheet')}!{f.get('cell'):<6} expected {f.get('expected')} actual {f.get('actual')}  {f.get('message', '')[:90]}")


if __name__ == "__main__":
    main()
