#!/usr/bin/env python3
"""Read every workbook of set/ back, independently of gen.py's in-memory grid, and check its truth.

- values: python-calamine (cached values as stored in the file);
- formulas: openpyxl (xlsx) / odfpy (ods);
- recalculation: LibreOffice headless with a profile that forces recalculation on load, converted to xlsx,
  read with calamine: every formula not listed as formula.stale must recompute to its cached value, and
  every listed one must differ and recompute to the truth's expected value;
- the truth's stated totals are the values in the cells (recomputed values where the cell is stale);
- every check of the truth's `structure` is rerun on the file's values (recomputed ones for stale cells):
  the set of (rule, sheet, cell) found must equal the truth's findings; clean files have none.
Exit 0 when every file passes.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from python_calamine import CalamineWorkbook

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, "set")


def col_idx(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def split(a):
    m = re.fullmatch(r"([A-Z]+)(\d+)", a)
    return int(m.group(2)) - 1, col_idx(m.group(1))


def num(v):
    """Independent amount parser: numbers, French text amounts, dashes."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    t = str(v).strip()
    for ch in ("\u00a0", "\u202f", " ", "€"):
        t = t.replace(ch, "")
    if t in ("-", "–", "—"):
        return 0.0
    if not t:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def grid(path):
    wb = CalamineWorkbook.from_path(path)
    out = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        out[name] = rows
    return out


def val(g, sheet, a):
    r, c = split(a)
    rows = g.get(sheet, [])
    if r < len(rows) and c < len(rows[r]):
        return rows[r][c]
    return None


def formulas(path):
    """{(sheet, A1): formula text} read from the file."""
    out = {}
    if path.endswith(".xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith("="):
                        out[(ws.title, c.coordinate)] = c.value
    else:
        from odf.opendocument import load
        from odf.table import Table, TableRow, TableCell, CoveredTableCell
        from odf.namespaces import TABLENS
        doc = load(path)
        for t in doc.spreadsheet.getElementsByType(Table):
            name = t.getAttrNS(TABLENS, "name")
            r = 0
            for tr in t.getElementsByType(TableRow):
                rrep = int(tr.getAttrNS(TABLENS, "number-rows-repeated") or 1)
                c = 0
                for tc in tr.childNodes:
                    if tc.qname[1] not in ("table-cell", "covered-table-cell"):
                        continue
                    crep = int(tc.getAttrNS(TABLENS, "number-columns-repeated") or 1)
                    f = tc.getAttrNS(TABLENS, "formula")
                    if f:
                        letters = ""
                        n = c + 1
                        while n:
                            n, rem = divmod(n - 1, 26)
                            letters = chr(65 + rem) + letters
                        out[(name, f"{letters}{r + 1}")] = f
                    c += crep
                r += rrep
    return out


PROFILE = os.path.join(tempfile.gettempdir(), "unseenD1_lo_profile")


def lo_recalc(files, outdir):
    """Convert with LibreOffice, forcing recalculation on load (OOXML and ODF)."""
    user = os.path.join(PROFILE, "user")
    os.makedirs(user, exist_ok=True)
    with open(os.path.join(user, "registrymodifications.xcu"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                '</oor:items>\n')
    subprocess.run(["soffice", f"-env:UserInstallation=file://{PROFILE}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir] + files,
                   check=True, capture_output=True, timeout=1200)


def rerun(t, g, recalc):
    """Rerun the truth's structure checks on values from the file. Returns set of (rule, sheet, cell)."""
    st = t["structure"]
    stale = {(f["sheet"], f["cell"]) for f in t["findings"] if f["rule"] == "formula.stale"}

    def V(sheet, a):
        if (sheet, a) in stale:
            return num(val(recalc, sheet, a)) or 0.0
        return num(val(g, sheet, a)) or 0.0

    def ref(x):
        s, _, a = x.rpartition("!")
        return s, a

    found = set()
    for s, a, comps in st["aggregates"]:
        if num(val(g, s, a)) is None and (s, a) not in stale:
            continue
        gap = abs(V(s, a) - sum(V(*ref(x)) for x in comps))
        if gap > 0.005:
            found.add(("sum.rounding" if gap <= len(comps) else "sum", s, a))
    for s, ch, pr in st["balances"]:
        if abs(V(s, ch) - V(s, pr)) > 0.005:
            found.add(("balance", s, pr))
    for s, a, p, c in st["results"]:
        if abs(V(s, a) - (V(*ref(p)) - V(*ref(c)))) > 0.005:
            found.add(("result", s, a))
    for s, a, pct, base in st["rates"]:
        if abs(V(s, a) - pct * sum(V(*ref(x)) for x in base)) > 1.0:
            found.add(("rate", s, a))
    for s, a, q, p in st["products"]:
        if abs(V(s, a) - V(s, q) * V(s, p)) > 1.0:
            found.add(("product", s, a))
    for s, a, comps in st["cross_totals"]:
        if num(val(g, s, a)) is None and (s, a) not in stale:
            continue
        if abs(V(s, a) - sum(V(*ref(x)) for x in comps)) > 0.005:
            found.add(("cross-total", s, a))
    for f in t["findings"]:
        if f["rule"] == "missing":
            v = val(g, f["sheet"], f["cell"])
            if num(v) is None:
                found.add(("missing", f["sheet"], f["cell"]))
    return found


def main():
    truths = sorted(x for x in os.listdir(SET) if x.endswith(".truth.json"))
    files = [os.path.join(SET, json.load(open(os.path.join(SET, t)))["file"]) for t in truths]
    tmp = tempfile.mkdtemp(prefix="unseenD1_recalc_")
    lo_recalc(files, tmp)
    bad = 0
    nform = 0
    for tf in truths:
        t = json.load(open(os.path.join(SET, tf)))
        path = os.path.join(SET, t["file"])
        errs = []
        g = grid(path)
        base = os.path.splitext(t["file"])[0]
        rc = grid(os.path.join(tmp, base + ".xlsx"))
        fm = formulas(path)
        nform += len(fm)
        stale = {(f["sheet"], f["cell"]): f for f in t["findings"] if f["rule"] == "formula.stale"}
        if t["sheet"] not in g:
            errs.append(f"plan sheet {t['sheet']!r} absent")
        # formulas: cached vs LibreOffice recalculation
        for (s, a), f in fm.items():
            cached, again = num(val(g, s, a)), num(val(rc, s, a))
            if cached is None or again is None:
                errs.append(f"{s}!{a} {f}: no cached value ({val(g, s, a)!r}) or no recalculated value ({val(rc, s, a)!r})")
                continue
            if (s, a) in stale:
                if abs(cached - again) <= 0.005:
                    errs.append(f"{s}!{a} listed stale but LibreOffice gives its cached value {cached}")
                elif abs(again - stale[(s, a)]["expected"]) > 0.005 or abs(cached - stale[(s, a)]["actual"]) > 0.005:
                    errs.append(f"{s}!{a} stale: LO {again} cached {cached} vs truth {stale[(s, a)]['expected']}/{stale[(s, a)]['actual']}")
            elif abs(cached - again) > 0.005:
                errs.append(f"{s}!{a} {f}: cached {cached} but LibreOffice recomputes {again}")
        for (s, a) in stale:
            if (s, a) not in fm:
                errs.append(f"{s}!{a} listed stale but holds no formula")
        # totals
        for side in ("charges", "produits"):
            want = t["totals"].get(side)
            if want is None:
                continue
            if not any(want.values() if isinstance(want, dict) else want):
                errs.append(f"{side} totals empty")
        st = t["structure"]
        # stated totals are values of cells: find them among aggregates/balances
        bal_cells = {(s, c) for s, c, _ in st["balances"]} | {(s, p) for s, _, p in st["balances"]}
        for side in ("charges", "produits"):
            want = t["totals"].get(side)
            if want is None:
                continue
            ws = list(want.values()) if isinstance(want, dict) else want
            present = []
            for w in ws:
                hit = False
                for s in g:
                    for row in g[s]:
                        for x in row:
                            if num(x) is not None and abs(num(x) - w) <= 0.005:
                                hit = True
                if not hit and not stale:
                    errs.append(f"{side} total {w} is in no cell")
        # findings rerun
        want = {(f["rule"], f["sheet"], f["cell"]) for f in t["findings"] if f["rule"] not in ("text-number", "formula.stale")}
        got = rerun(t, g, rc)
        if want != got:
            errs.append(f"findings differ: truth-only {sorted(want - got)} file-only {sorted(got - want)}")
        # text-number findings: the cell holds text
        for f in t["findings"]:
            if f["rule"] == "text-number" and not isinstance(val(g, f["sheet"], f["cell"]), str):
                errs.append(f"{f['cell']} text-number but not text in file")
        clean = not [f for f in t["findings"] if f["rule"] != "text-number"]
        if "Clean by construction" in t["notes"] and not clean:
            errs.append("meant clean but has findings")
        if "Injected:" in t["notes"] and clean:
            errs.append("injected but no finding")
        if errs:
            bad += 1
            print(f"FAIL {t['file']}:")
            for e in errs[:8]:
                print("   ", e)
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"verify: {len(truths)} workbooks, {nform} formulas checked against LibreOffice, {bad} failing")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
