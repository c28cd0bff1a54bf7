#!/usr/bin/env python3
"""Set G verification: read every workbook back (python-calamine for values, openpyxl / content.xml
for formulas), compare with the model the generator wrote (truth `cells`), re-run the checker on the
read-back grid and compare its findings with the truth. Prints one line per problem, then a summary."""
import json
import os
import re
import sys
import zipfile
from xml.etree import ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checker  # noqa: E402
from checker import a1  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

SET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "set")
TNS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def ods_formulas(path, sheet):
    root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    out = {}
    for t in root.iter(f"{{{TNS}}}table"):
        if t.get(f"{{{TNS}}}name") != sheet:
            continue
        r = 0
        for row in t.iter(f"{{{TNS}}}table-row"):
            rrep = int(row.get(f"{{{TNS}}}number-rows-repeated", "1"))
            c = 0
            for cell in row:
                if cell.tag not in (f"{{{TNS}}}table-cell", f"{{{TNS}}}covered-table-cell"):
                    continue
                crep = int(cell.get(f"{{{TNS}}}number-columns-repeated", "1"))
                f = cell.get(f"{{{TNS}}}formula")
                if f:
                    s = f.split(":", 1)[1] if f.startswith("of:") else f
                    s = s.replace("[.", "").replace(":.", ":").replace("]", "").replace(";", ",")
                    out[a1(r, c)] = s
                c += crep
            r += rrep
    return out


def xlsx_formulas(path, sheet):
    import openpyxl
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=")}


def main():
    names = sorted(f for f in os.listdir(SET) if f.endswith(".truth.json"))
    bad = 0
    for tn in names:
        t = json.load(open(os.path.join(SET, tn)))
        path = os.path.join(SET, t["file"])
        probs = []
        wb = CalamineWorkbook.from_path(path)
        if wb.sheet_names != t["sheets"]:
            probs.append(f"sheets {wb.sheet_names} != {t['sheets']}")
        rows = wb.get_sheet_by_name(t["sheet"]).to_python(skip_empty_area=False)
        got = {}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v not in ("", None):
                    got[a1(r, c)] = v
        forms = ods_formulas(path, t["sheet"]) if path.endswith(".ods") else xlsx_formulas(path, t["sheet"])
        model = t["cells"]
        grid = {}
        for ref in set(model) | set(got):
            mv = model.get(ref, [None, None, None])
            gv = got.get(ref)
            want = mv[2] if mv[1] else mv[0]
            if isinstance(want, (int, float)) and not isinstance(want, bool):
                if not isinstance(gv, (int, float)) or abs(float(gv) - want) > 1e-6:
                    probs.append(f"{ref}: read {gv!r}, model {want!r}")
            elif want != gv and not (want in (None, "") and gv in (None, "")):
                probs.append(f"{ref}: read {gv!r}, model {want!r}")
            if bool(mv[1]) != (ref in forms):
                probs.append(f"{ref}: formula presence {ref in forms} vs model {mv[1]!r}")
            elif mv[1] and forms[ref].replace("$", "").upper() != mv[1].replace("$", "").upper():
                probs.append(f"{ref}: formula {forms[ref]!r} vs model {mv[1]!r}")
            if ref in forms:
                grid[ref] = (None, "=" + forms[ref].lstrip("="), gv)
            else:
                grid[ref] = (gv, None, None)
        findings, _ = checker.run(grid, t["checks"], t["sheet"], t["language"])
        key = lambda f: (f["rule"], f["cell"], f["expected"], f["actual"] if not isinstance(f["actual"], str) else None)
        a, b = sorted(map(key, findings), key=str), sorted(map(key, t["findings"]), key=str)
        if a != b:
            probs.append(f"findings on read-back differ: {a} vs truth {b}")
        if not t["injected"] and [f for f in t["findings"]]:
            probs.append("clean file with findings")
        if probs:
            bad += 1
            print(t["file"], t["producer"], "|", "; ".join(probs[:6]))
    print(f"verify: {len(names) - bad}/{len(names)} files match their model and truth")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
