#!/usr/bin/env python3
"""Independent read-back check of set D2.

For every workbook: python-calamine reads the stored (cached) values; LibreOffice headless, with a
profile that forces recalculation on load, converts it to xlsx and calamine reads the recomputed
values; formulas come from openpyxl (xlsx) or content.xml (ods). Then:
  * each formula whose cached value differs from LibreOffice's must be a formula.stale finding, and
    every other formula must compute to its cached value;
  * the relations recorded at generation (meta/) are re-evaluated on the recomputed values, with
    domain.md's rules, and the resulting (rule, cell) set must equal the truth's findings;
  * the truth's stated totals must be the values in the cells;
  * clean files must give no finding at all (text-number aside).
Exit 0 when every file passes."""
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

from python_calamine import CalamineWorkbook

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, "set")
META = os.path.join(HERE, "meta")
RECALC = "/tmp/unseenD2_recalc"
PROFILE = "/tmp/unseenD2_lo_profile_verify"


def col_letter(c):
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def a1(r, c):
    return f"{col_letter(c)}{r + 1}"


def parse_text(s, lang):
    t = s.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if t in ("-", "–", "—"):
        return 0.0
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1]
    if t.startswith("-"):
        neg, t = True, t[1:]
    t = t.replace("$", "").replace("£", "").replace("€", "").strip()
    if lang in ("de", "es", "nl", "fr"):
        t = t.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        t = t.replace(",", "").replace(" ", "")
    try:
        v = float(t)
    except ValueError:
        return None
    return -v if neg else v


def grid(path):
    wb = CalamineWorkbook.from_path(path)
    out = {}
    for name in wb.sheet_names:
        sh = wb.get_sheet_by_name(name)
        rows = sh.to_python(skip_empty_area=False)
        r0, c0 = 0, 0
        g = {}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v not in ("", None):
                    g[(r + r0, c + c0)] = v
        out[name] = g
    return out


def formulas(path):
    out = {}
    if path.endswith(".xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        out[f"{ws.title}!{cell.coordinate}"] = cell.value
    else:
        xml = zipfile.ZipFile(path).read("content.xml").decode()
        for m in re.finditer(r'<table:table table:name="([^"]+)"(.*?)</table:table>', xml, re.S):
            name, body = html.unescape(m.group(1)), m.group(2)
            r = 0
            for rm in re.finditer(r"<table:table-row[^>]*?(?:/>|>(.*?)</table:table-row>)", body, re.S):
                rep = re.search(r'table:number-rows-repeated="(\d+)"', rm.group(0)[:200])
                c = 0
                for cm in re.finditer(r"<table:(?:covered-)?table-cell([^>]*?)(?:/>|>.*?</table:(?:covered-)?table-cell>)", rm.group(1) or "", re.S):
                    attrs = cm.group(1)
                    f = re.search(r'table:formula="([^"]+)"', attrs)
                    if f:
                        out[f"{name}!{a1(r, c)}"] = f.group(1)
                    crep = re.search(r'table:number-columns-repeated="(\d+)"', attrs)
                    c += int(crep.group(1)) if crep else 1
                r += int(rep.group(1)) if rep else 1
    return out


def num(v, lang):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        return parse_text(v, lang)
    return None


def main():
    files = sorted(f for f in glob.glob(os.path.join(SET, "*")) if f.endswith((".xlsx", ".ods")))
    shutil.rmtree(RECALC, ignore_errors=True)
    os.makedirs(RECALC)
    os.makedirs(os.path.join(PROFILE, "user"), exist_ok=True)
    with open(os.path.join(PROFILE, "user", "registrymodifications.xcu"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                '</oor:items>\n')
    # one batched conversion; names collide between NAME.xlsx and NAME.ods? no: names are unique per set
    subprocess.run(["soffice", f"-env:UserInstallation=file://{PROFILE}", "--headless", "--norestore", "--convert-to", "xlsx",
                    "--outdir", RECALC] + files, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1200)
    bad = 0
    nclean = 0
    for path in files:
        base = os.path.basename(path)
        name = base.rsplit(".", 1)[0]
        truth = json.load(open(path + ".truth.json"))
        meta = json.load(open(os.path.join(META, base + ".json")))
        lang = meta["lang"]
        cached = grid(path)
        recalc = grid(os.path.join(RECALC, name + ".xlsx"))
        fx = formulas(path)
        errs = []
        if set(fx) != set(meta["formulas"]):
            errs.append(f"formula cells differ from generation: {sorted(set(fx) ^ set(meta['formulas']))[:4]}")

        def cv(x):  # cached
            return num(cached[x[0]].get((x[1], x[2])), lang)

        def rv(x):  # recomputed
            return num(recalc[x[0]].get((x[1], x[2])), lang)

        def raw(x):
            return cached[x[0]].get((x[1], x[2]))
        got = set()
        for key in fx:
            sh, cell = key.rsplit("!", 1)
            m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
            c = 0
            for ch in m.group(1):
                c = c * 26 + ord(ch) - 64
            x = (sh, int(m.group(2)) - 1, c - 1)
            a, b = cv(x), rv(x)
            if a is None or b is None or abs(a - b) > 0.005:
                got.add(("formula.stale", sh, cell))
        for rel in meta["rels"]:
            k = rel["kind"]
            t = tuple(rel["target"])
            if k == "balance":
                p, c = rv(tuple(rel["p"])), rv(tuple(rel["c"]))
                if p is not None and c is not None and abs(p - c) > 0.005:
                    got.add(("balance", rel["p"][0], a1(rel["p"][1], rel["p"][2])))
                continue
            s = rv(t)
            if s is None:
                continue
            if k in ("agg", "cross"):
                e = sum(rv(tuple(x)) or 0 for x in rel["comps"])
                gap = abs(s - e)
                if gap > 0.005:
                    rule = "cross-total" if k == "cross" else ("sum.rounding" if gap <= len(rel["comps"]) else "sum")
                    got.add((rule, t[0], a1(t[1], t[2])))
            elif k == "rate":
                e = rel["pct"] * sum(rv(tuple(x)) or 0 for x in rel["base"])
                if abs(s - e) > 1:
                    got.add(("rate", t[0], a1(t[1], t[2])))
            elif k == "product":
                e = (rv(tuple(rel["qty"])) or 0) * (rv(tuple(rel["price"])) or 0)
                if abs(s - e) > 1:
                    got.add(("product", t[0], a1(t[1], t[2])))
            elif k == "result":
                e = (rv(tuple(rel["p"])) or 0) - (rv(tuple(rel["c"])) or 0)
                if abs(s - e) > 0.005:
                    got.add(("result", t[0], a1(t[1], t[2])))
        for x in meta["missing"]:
            v = raw(tuple(x))
            if v not in (None, "", "$", "£", "€", "CHF"):
                errs.append(f"missing cell {x} holds {v!r}")
            got.add(("missing", x[0], a1(x[1], x[2])))
        # text numbers: every string cell that parses as a number inside a relation
        relcells = set()
        for rel in meta["rels"]:
            for key in ("target", "p", "c", "qty", "price"):
                if key in rel:
                    relcells.add(tuple(rel[key]))
            for key in ("comps", "base"):
                for x in rel.get(key, []):
                    relcells.add(tuple(x))
        for x in relcells:
            v = raw(x)
            if isinstance(v, str) and parse_text(v, lang) is not None and x not in {tuple(m) for m in meta["missing"]}:
                got.add(("text-number", x[0], a1(x[1], x[2])))
        want = {(f["rule"], f["sheet"], f["cell"]) for f in truth["findings"]}
        if got != want:
            errs.append(f"findings differ: truth-only {sorted(want - got)[:5]} readback-only {sorted(got - want)[:5]}")
        # expected/actual of findings match readback
        for f in truth["findings"]:
            sh = f["sheet"]
            m = re.fullmatch(r"([A-Z]+)(\d+)", f["cell"])
            c = 0
            for ch in m.group(1):
                c = c * 26 + ord(ch) - 64
            x = (sh, int(m.group(2)) - 1, c - 1)
            if f["rule"] in ("sum", "sum.rounding", "cross-total", "rate", "product", "result") and abs((rv(x) or 0) - f["actual"]) > 0.005:
                errs.append(f"{f['rule']} {f['cell']}: actual {f['actual']} but cell holds {rv(x)}")
            if f["rule"] == "formula.stale" and abs((cv(x) or 0) - f["actual"]) > 0.005:
                errs.append(f"stale {f['cell']}: actual {f['actual']} but cache {cv(x)}")
            if f["rule"] == "formula.stale" and abs((rv(x) or 0) - f["expected"]) > 0.005:
                errs.append(f"stale {f['cell']}: expected {f['expected']} but LibreOffice computes {rv(x)}")
        # totals: the truth's stated totals are the (recomputed) values of the total cells
        for side in ("charges", "produits"):
            cells = (meta.get("totals_cells") or {}).get(side)
            want_t = truth["totals"].get(side)
            if cells is None:
                if want_t is not None:
                    errs.append(f"{side}: truth has totals but no total cells")
                continue
            for x, w in zip(cells, want_t):
                if x is None:
                    if w is not None:
                        errs.append(f"{side}: total without a cell")
                    continue
                v = rv(tuple(x))
                if w is None or v is None or abs(v - w) > 0.005:
                    errs.append(f"{side} total {a1(x[1], x[2])}: truth {w}, cell {v}")
                if not meta["stale"] and (cv(tuple(x)) is None or abs(cv(tuple(x)) - w) > 0.005):
                    errs.append(f"{side} total {a1(x[1], x[2])}: truth {w}, stored {cv(tuple(x))}")
        if truth["sheet"] not in cached:
            errs.append("truth sheet absent")
        # clean
        if not meta["injected"] and [f for f in truth["findings"] if f["rule"] != "text-number"]:
            errs.append("clean file has findings")
        if not meta["injected"]:
            nclean += 1
        if meta["injected"] and not [f for f in truth["findings"] if f["rule"] != "text-number"]:
            errs.append("injected file without finding")
        if errs:
            bad += 1
            print(f"FAIL {base}:")
            for e in errs:
                print("   ", e)
    # totals: compare to recalculated values of the cells (recorded in meta via truth + gen)
    print(f"verify: {len(files)} workbooks, {nclean} clean, {bad} failing")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
