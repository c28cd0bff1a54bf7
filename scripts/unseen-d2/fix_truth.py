#!/usr/bin/env python3
"""Post-freeze truth correction (see REPORT.md): a Total column is not a period (domain.md 4.7:
'a Total column equals the sum of the period columns ... Sums, rates and balance run on period
columns'). Drop the Total column from `periods` and `totals` in files that have one."""
import glob, json, os
HERE = os.path.dirname(os.path.abspath(__file__))
for tf in sorted(glob.glob(os.path.join(HERE, "set", "*.truth.json"))):
    t = json.load(open(tf))
    meta = json.load(open(os.path.join(HERE, "meta", os.path.basename(tf).replace(".truth.json", ".json"))))
    tcols = {r["target"][2] for r in meta["rels"] if r["kind"] == "cross"}
    cells = meta["totals_cells"]["charges"]
    if not tcols or t.get("total_column_dropped"):
        continue
    keep = [k for k, x in enumerate(cells) if x is None or x[2] not in tcols]
    t["periods"] = [t["periods"][k] for k in keep]
    for side in ("charges", "produits"):
        if t["totals"].get(side):
            t["totals"][side] = [t["totals"][side][k] for k in keep]
    t["total_column_dropped"] = True
    t["notes"] += " The Total column is checked by cross-total and is not a period (domain.md 4.7)."
    json.dump(t, open(tf, "w"), indent=1, ensure_ascii=False)
