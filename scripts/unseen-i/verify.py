#!/usr/bin/env python3
"""Verify set I: read every workbook back with python-calamine, compare each cell with what the
generator meant to store (cached values included, so LibreOffice recalculation is checked), then
re-derive the findings from the values read back and the truth's check structure."""
import json, os, re, sys
from python_calamine import CalamineWorkbook
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import parse_text, a1, num

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, "set")


def rc(ref):
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    c = 0
    for ch in m.group(1):
        c = c * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, c - 1


def main():
    bad = 0
    names = sorted(f for f in os.listdir(SET) if not f.endswith(".json"))
    for name in names:
        t = json.load(open(os.path.join(SET, name + ".truth.json")))
        exp = json.load(open(os.path.join(HERE, "expect", name + ".json")))
        wb = CalamineWorkbook.from_path(os.path.join(SET, name))
        errs = []
        if wb.sheet_names != list(exp):
            errs.append(f"sheets {wb.sheet_names} != {list(exp)}")
        got = {}
        for sh in exp:
            rows = wb.get_sheet_by_name(sh).to_python(skip_empty_area=False)
            g = {}
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    if v != "" and v is not None:
                        g[a1(r, c)] = v
            got[sh] = g
            for ref, e in exp[sh].items():
                v = g.get(ref)
                want = e[1]
                if e[0] == "s":
                    if v != want and not (isinstance(v, str) and v.strip() == want.strip()):
                        errs.append(f"{sh}!{ref} text {v!r} != {want!r}")
                else:
                    if not isinstance(v, (int, float)) or abs(float(v) - float(want)) > 1e-6:
                        errs.append(f"{sh}!{ref} value {v!r} != {want!r}")
            extra = set(g) - set(exp[sh])
            if extra:
                errs.append(f"{sh}: unexpected cells {sorted(extra)[:5]}")

        def val(sh, ref):
            e = exp[sh].get(ref)
            if e and e[0] == "f":
                return float(e[2])          # recomputed value (differs from the cache only when stale)
            v = got[sh].get(ref)
            if v is None:
                return 0.0
            if isinstance(v, str):
                p, _ = parse_text(v)
                return p or 0.0
            return float(v)
        # re-derive findings
        fnd = set()
        for sh in exp:
            for ref, e in exp[sh].items():
                if e[0] == "f":
                    cached = got[sh].get(ref)
                    if abs(float(cached) - float(e[2])) > 0.005:
                        fnd.add(("formula.stale", sh, ref))
        for ch in t["checks"]:
            sh, at, k = ch["sheet"], ch["at"], ch["kind"]
            v = val(sh, at)
            if k in ("sum", "cross"):
                s = sum(val(sh, x) for x in ch["comps"])
                gap = abs(v - s)
                if gap > 0.005:
                    fnd.add(("cross-total" if k == "cross" else "sum.rounding" if gap <= len(ch["comps"]) else "sum", sh, at))
            elif k == "balance":
                if abs(v - val(ch["csheet"], ch["charges"])) > 0.005:
                    fnd.add(("balance", sh, at))
            elif k == "result":
                if abs(v - (val(sh, ch["prod"]) - val(sh, ch["charges"]))) > 0.005:
                    fnd.add(("result", sh, at))
            elif k == "rate":
                if abs(v - ch["pct"] * sum(val(ch["bsheet"], x) for x in ch["base"])) > 1:
                    fnd.add(("rate", sh, at))
            elif k == "product":
                if abs(v - val(sh, ch["q"]) * val(sh, ch["p"])) > 1:
                    fnd.add(("product", sh, at))
            elif k == "unit":
                if abs(v - ch["rate"] * ch["months"]) > 1:
                    fnd.add(("unit", sh, at))
            elif k == "missing":
                gv = got[sh].get(at)
                if not (gv is None or (isinstance(gv, str) and parse_text(gv)[1] == "placeholder")):
                    errs.append(f"missing cell {at} holds {gv!r}")
                fnd.add(("missing", sh, at))
            elif k == "text":
                if not isinstance(got[sh].get(at), str):
                    errs.append(f"text cell {at} not text")
                fnd.add(("text-number", sh, at))
        truth = {(f["rule"], f["sheet"], f["cell"]) for f in t["findings"]}
        if fnd != truth:
            errs.append(f"findings differ: extra {sorted(fnd - truth)} missing {sorted(truth - fnd)}")
        # totals as stated
        tc = [c for c in t["checks"] if c["kind"] == "sum" and c.get("level") == "total" and c.get("side") == "charges" and c["sheet"] == t["sheet"]]
        tcv = [num(val(c["sheet"], c["at"])) for c in tc]
        if tcv and tcv != t["totals"]["charges"]:
            errs.append(f"charges totals {tcv} != {t['totals']['charges']}")
        if errs:
            bad += 1
            print(name, "FAIL", *errs[:6], sep="\n  ")
    print(f"verify: {len(names) - bad}/{len(names)} files pass")
    sys.exit(1 if bad else 0)


main()
