#!/usr/bin/env python3
"""Post-scoring truth fix (see REPORT.md): in two-sheet plans the plan sheet repeats each cost line of
the detail sheet by a cross-sheet formula, so a wrong percentage line ('Overheads (8% of direct costs)')
is also wrong on the plan sheet, where its label states the same percentage of the lines above it
(domain.md 4.5). Add a `rate` finding at that plan-sheet cell for every detail-sheet rate finding."""
import json, os, re
from python_calamine import CalamineWorkbook
from model import a1
SET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "set")


def rc(ref):
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref); c = 0
    for ch in m.group(1): c = c * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, c - 1


for tf in sorted(f for f in os.listdir(SET) if f.endswith(".truth.json")):
    t = json.load(open(os.path.join(SET, tf)))
    if not t["layout"].startswith("cost detail"):
        continue
    t["findings"] = [f for f in t["findings"] if not f.get("added_after_scoring")]
    t["checks"] = [c for c in t["checks"] if not c.get("added_after_scoring")]
    detail = [f for f in t["findings"] if f["rule"] == "rate" and f["sheet"] != t["sheet"]]
    if not detail:
        continue
    rows = CalamineWorkbook.from_path(os.path.join(SET, t["file"])).get_sheet_by_name(t["sheet"]).to_python(skip_empty_area=False)
    tot = [c for c in t["checks"] if c["kind"] == "sum" and c["sheet"] == t["sheet"] and c["side"] == "charges" and c["level"] == "total"]
    dtot = [c for c in t["checks"] if c["kind"] == "sum" and c["sheet"] != t["sheet"] and c["side"] == "charges" and c["level"] == "total"]
    for f in detail:
        k = [rc(c["at"])[1] for c in dtot].index(rc(f["cell"])[1])
        pc = rc(tot[k]["at"])[1]
        lab = next(c["label"] for c in t["checks"] if c["kind"] == "rate" and c["sheet"] == f["sheet"] and c["at"] == f["cell"])
        r = next(i for i, row in enumerate(rows) if lab in [str(x) for x in row])
        new = dict(rule="rate", sheet=t["sheet"], cell=a1(r, pc), expected=f["expected"], actual=f["actual"],
                   why=f"{lab}: plan-sheet copy (cross-sheet formula) of {f['sheet']}!{f['cell']}; same percentage, same base lines on this sheet",
                   added_after_scoring=True)
        if not any(x["rule"] == "rate" and x["cell"] == new["cell"] and x["sheet"] == new["sheet"] for x in t["findings"]):
            t["findings"].append(new)
            src = next(c for c in t["checks"] if c["kind"] == "rate" and c["sheet"] == f["sheet"] and c["at"] == f["cell"])
            t["checks"].append(dict(src, sheet=t["sheet"], at=new["cell"], added_after_scoring=True,
                                    note="base read on the detail sheet: the plan-sheet lines copy those cells"))
            print(tf, "add", new["cell"], new["expected"], new["actual"])
    json.dump(t, open(os.path.join(SET, tf), "w"), ensure_ascii=False, indent=1)
