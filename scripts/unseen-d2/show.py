#!/usr/bin/env python3
"""show.py NAME [EQUILIBRE_BIN] — one workbook's grid (sheet, cell, value, formula), its truth and
Equilibre's findings side by side. NAME is e.g. he_03 or he_03.xlsx."""
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verify import grid, formulas, a1  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    name = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "release", "equilibre")
    path = next(p for p in glob.glob(os.path.join(HERE, "set", name + "*")) if p.endswith((".xlsx", ".ods")))
    truth = json.load(open(path + ".truth.json"))
    g, fx = grid(path), formulas(path)
    for sh, cells in g.items():
        print(f"== sheet {sh}")
        for (r, c), v in sorted(cells.items()):
            f = fx.get(f"{sh}!{a1(r, c)}", "")
            print(f"  {a1(r, c):6} {v!r:45} {f}")
    print("== truth:", truth["sheet"], truth["periods"], json.dumps(truth["totals"]))
    print("   ambiguous:", truth["ambiguous"])
    p = subprocess.run([binary, "check", "--format", "json", path], capture_output=True, text=True)
    try:
        fe = json.loads(p.stdout)["files"][0]
    except Exception:
        fe = {"findings": [], "status": f"no report (exit {p.returncode})"}
    eq = {(f.get("rule"), f.get("sheet"), f.get("cell")): f for f in fe.get("findings", [])}
    tr = {(f["rule"], f["sheet"], f["cell"]): f for f in truth["findings"]}
    print(f"== findings (status {fe.get('status')}, plan sheet {(fe.get('plan') or {}).get('sheet')})")
    print(f"  {'rule':14} {'cell':8} {'truth exp/act':28} {'equilibre exp/act':28}")
    for k in sorted(set(eq) | set(tr), key=lambda k: (k[1] or "", k[2] or "", k[0] or "")):
        t, e = tr.get(k), eq.get(k)
        ts = f"{t['expected']}/{t['actual']}" if t else "-"
        es = f"{e.get('expected')}/{e.get('actual')} ({e.get('severity')})" if e else "-"
        print(f"  {k[0]:14} {k[1]}!{k[2]:8} {ts:28} {es:28}")
    plan = fe.get("plan") or {}
    tots = [(ln["section"], ln["label"], ln.get("amounts")) for ln in plan.get("lines", []) if ln.get("kind") == "total"]
    print("== Equilibre totals:", tots)


if __name__ == "__main__":
    main()
