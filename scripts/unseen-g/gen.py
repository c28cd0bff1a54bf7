#!/usr/bin/env python3
"""Set G generator: python3 gen.py  -> set/*.xlsx|ods + *.truth.json, MANIFEST.tsv.

Writes every workbook from a plan spec (families.py), lays it out (layout.py), injects 0-3
errors as overrides, computes the expected findings with checker.py on the grid it wrote.
Fixed seed. LibreOffice is run twice (one batch per conversion) with a private profile.
"""
import json
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checker  # noqa: E402
from checker import parse_a1, a1  # noqa: E402
from families import FAMILIES  # noqa: E402
from layout import render  # noqa: E402
from model import all_nodes, fmt_fr, fmt_en, Values  # noqa: E402
from writers import write_xw, write_opx, write_odf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, "set")
TMP = "/tmp/G"
SEED = 20250617

PLAN = [  # family, [langs of its files]
    ("creche", ["fr", "fr", "fr", "en", "en"]),
    ("execution", ["fr", "fr", "fr", "en", "en"]),
    ("sport", ["fr", "fr", "fr", "en", "en"]),
    ("music", ["fr", "fr", "fr", "en", "en"]),
    ("garden", ["fr", "fr", "fr", "en", "en"]),
    ("refugee", ["fr", "fr", "en", "en", "en"]),
    ("oss", ["fr", "fr", "en", "en", "en"]),
    ("residency", ["fr", "fr", "fr", "en", "en"]),
    ("interreg", ["fr", "fr", "en", "en", "en"]),
    ("radio", ["fr", "fr", "fr", "en", "en"]),
    ("foodbank", ["fr", "fr", "fr", "en", "en"]),
    ("cashinkind", ["fr", "fr", "en", "en", "en"]),
    ("hospital", ["fr", "fr", "fr", "en", "en"]),
    ("municipal", ["fr", "fr", "fr", "en", "en"]),
]

FORMULA_KINDS = {"group", "total", "rate", "product", "balance", "link", "result", "cross", "pct", "ecart", "extra"}
MIXED_KINDS = {"total", "result", "cross", "balance", "link"}


def pick_opts(rng, spec):
    np_ = len(spec["periods"])
    nodes = list(all_nodes(spec))
    has_notes = any(n.note for n in nodes)
    mode = rng.choices(["formula", "typed", "mixed"], [0.45, 0.33, 0.22])[0]
    o = dict(layout=spec.get("layout_hint") or "vertical",
             r0=rng.choice([0, 0, 1, 2, 3, 4]), c0=rng.choice([0, 0, 0, 1, 2]),
             code=bool(spec.get("code")) or (any(n.code for n in nodes) and rng.random() < 0.6),
             spacer=rng.random() < 0.2,
             total=bool(spec.get("force_total")) or (np_ > 1 and rng.random() < 0.6),
             pct=rng.random() < 0.25 and not spec.get("ecart") and spec.get("layout_hint") != "sbs",
             notes=has_notes or rng.random() < 0.2,
             notes_gap=rng.random() < 0.3, sbs_gap=rng.choice([1, 2]),
             merge_title=rng.random() < 0.6, title_gap=rng.choice([0, 1, 1, 2]),
             header_once=rng.random() < 0.4,
             group_style=rng.choice(["dont", "above", "below"]), indent=rng.random() < 0.5,
             sec_gap=rng.choice([0, 1, 1, 2]), result_gap=rng.choice([0, 1]),
             mode=mode, sumstyle=rng.choice(["range", "list", "plus"]),
             fkinds=FORMULA_KINDS if mode == "formula" else (MIXED_KINDS if mode == "mixed" else set()))
    if spec["family"] == "municipal":
        o["header_once"] = False
    return o


def delta_for(rng, v):
    if rng.random() < 0.35 and abs(v) >= 100:  # swap two adjacent digits
        s = str(int(round(abs(v))))
        for _ in range(10):
            i = rng.randrange(len(s) - 1)
            if s[i] != s[i + 1]:
                t = s[:i] + s[i + 1] + s[i] + s[i + 2:]
                return float(int(t)) - abs(v) if v >= 0 else abs(v) - float(int(t))
    d = round(abs(v) * rng.uniform(0.05, 0.25), -1) or 100.0
    if d < 20:
        d = rng.choice([50.0, 100.0, 150.0])
    return d if rng.random() < 0.55 or v - d < 0 else -d


def parent_of(spec, target):
    for n in all_nodes(spec):
        if target in n.children:
            return n
    return None


def inject(rng, spec, opts, kinds, producer, lay0):
    """Overrides (ovA, ovB) and notes for the chosen error kinds."""
    np_ = len(spec["periods"])
    V = Values(spec, {})
    ovA, ovB, notes = {}, {}, []
    nodes = [n for n in all_nodes(spec) if (id(n), 0) in lay0["pos"]]
    used = set()
    sheet = spec["sheet"]

    def cell(n, p):
        return f"{sheet}!{lay0['pos'][(id(n), p)]}"

    def both(key, val):
        ovA[key] = val
        ovB[key] = val

    def choose(cands):
        cands = [c for c in cands if id(c) not in used]
        if not cands:
            return None
        c = rng.choice(cands)
        used.add(id(c))
        return c

    prod_items = [n for n in nodes if n.kind == "item" and any(n in s["nodes"] or any(n in x.walk() for x in s["nodes"])
                                                              for s in spec["sections"] if s["side"] == "produits")]
    items = [n for n in nodes if n.kind == "item" and any(V(n, p) for p in range(np_))]
    for kind in kinds:
        p = rng.randrange(np_)
        if kind == "sum":
            n = choose([x for x in nodes if x.kind in ("group", "total")])
            if n is None:
                continue
            v = V(n, p)
            wrong = v + delta_for(rng, v)
            both((id(n), p), ("typed", wrong))
            par = parent_of(spec, n)
            fr = "follows"
            if par is not None and par.kind not in opts["fkinds"] and rng.random() < 0.5:
                both((id(par), p), ("typed", V(par, p)))
                fr = "kept its correct value"
            notes.append(f"sum: {cell(n, p)} ({n.label}) typed {wrong:g} instead of {v:g}; parent {fr}")
        elif kind == "stale":
            cands = [x for x in items if x not in prod_items or True]
            n = choose(cands)
            if n is None:
                continue
            v = V(n, p)
            new = v + delta_for(rng, v)
            ovB[(id(n), p)] = ("typed", new)
            notes.append(f"formula.stale: input {cell(n, p)} ({n.label}) changed from {v:g} to {new:g} after the last recalculation")
        elif kind == "balance":
            n = choose([x for x in prod_items if V(x, p)])
            if n is None:
                continue
            for b in nodes:
                if b.kind in ("balance",):
                    for q in range(np_):
                        if (id(b), q) not in ovB:
                            both((id(b), q), ("typed", V(b, q)))
            v = V(n, p)
            new = v + delta_for(rng, v)
            both((id(n), p), ("typed", new))
            notes.append(f"balance: income line {cell(n, p)} ({n.label}) changed from {v:g} to {new:g}, balancing line kept")
        elif kind == "result":
            n = spec.get("result")
            if n is None or id(n) in used:
                continue
            used.add(id(n))
            wrong = rng.choice([-1, 1]) * rng.choice([150.0, 480.0, 1200.0, 2500.0, 75.0])
            both((id(n), p), ("typed", wrong))
            notes.append(f"result: {cell(n, p)} typed {wrong:g} in a plan whose result is 0")
        elif kind == "rate":
            n = choose([x for x in nodes if x.kind == "rate"])
            if n is None:
                continue
            v = V(n, p)
            wrong = round(v * rng.choice([1.25, 0.8, 1.5, 0.6, 1.1]) + rng.choice([0, 0, 3]), 0 if n.rnd else 2)
            if abs(wrong - v) <= 2:
                wrong = v + 250
            both((id(n), p), ("typed", wrong))
            notes.append(f"rate: {cell(n, p)} ({n.label}) typed {wrong:g} instead of {v:g}")
        elif kind == "product":
            n = choose([x for x in nodes if x.kind == "product"])
            if n is None:
                continue
            v = V(n, 0)
            alt = rng.choice(["qty", "typo"])
            wrong = (n.qty[0] + rng.choice([-1, 1, 2])) * n.price[0] if alt == "qty" else v + delta_for(rng, v)
            both((id(n), 0), ("typed", float(wrong)))
            notes.append(f"product: {cell(n, 0)} ({n.label}) typed {wrong:g}, {n.qty[0]} x {n.price[0]:g} = {v:g}")
        elif kind == "cross":
            if (id(nodes[0]), "T") not in lay0["pos"]:
                continue
            n = choose([x for x in nodes if (id(x), "T") in lay0["pos"] and V(x, "T")])
            if n is None:
                continue
            v = V(n, "T")
            wrong = v + delta_for(rng, v)
            both((id(n), "T"), ("typed", wrong))
            notes.append(f"cross-total: Total column {sheet}!{lay0['pos'][(id(n), 'T')]} ({n.label}) typed {wrong:g}, periods give {v:g}")
        elif kind == "missing":
            n = choose([x for x in items if x not in [b for b in nodes if b.kind == "balance"] and V(x, p)])
            if n is None:
                continue
            raw = "€" if spec["cur"] == "€" else spec["cur"][-1]
            if np_ > 1 and rng.random() < 0.5:
                raw = None
            both((id(n), p), ("missing", None, raw))
            notes.append(f"missing: {cell(n, p)} ({n.label}) left {'blank' if raw is None else repr(raw)} (was {V(n, p):g})")
        elif kind == "text":
            n = choose([x for x in items if V(x, p)])
            if n is None:
                continue
            v = V(n, p)
            raw = fmt_fr(v, "€" if rng.random() < 0.7 else "") if spec["lang"] == "fr" else fmt_en(v, spec["cur"][-1])
            if spec["lang"] == "fr" and rng.random() < 0.5:
                raw = raw.replace("\u202f", rng.choice(["\u00a0", " "]))
            both((id(n), p), ("text", v, raw))
            notes.append(f"text-number: {cell(n, p)} ({n.label}) stored as text {raw!r}")
    return ovA, ovB, notes


def grid_of(lay):
    g = {}
    for (r, c), cl in lay["cells"].items():
        g[a1(r, c)] = (cl["v"], cl["f"], cl["cached"])
    return g


def layout_text(spec, opts, lay):
    cols = lay["info"]["cols"]
    bits = ["side by side" if opts["layout"] == "sbs" else "vertical, one side under the other"]
    bits.append(f"label column {checker.n2col(cols['label'])}, periods in {','.join(checker.n2col(c) for c in cols['periods'])}")
    for k, w in (("code", "code column"), ("qty", "qty/unit price columns"), ("total", "Total column"), ("ecart", "variance and % columns"),
                 ("pct", "% of total column"), ("notes", "notes column")):
        if k in cols:
            bits.append(w)
    bits.append(f"groups '{opts['group_style']}'")
    bits.append(f"{opts['mode']} values")
    if spec.get("result") is not None:
        bits.append("result line")
    if spec.get("extra"):
        bits.append("per-unit row under the plan")
    if opts["header_once"]:
        bits.append("one header row")
    return "; ".join(bits)


def build_one(idx, fam, lang, k, ext, rng):
    for attempt in range(40):
        spec = FAMILIES[fam](rng, lang, k)
        V = Values(spec, {})
        if any(n.kind == "balance" and any(V(n, p) < 0 for p in range(len(spec["periods"]))) for n in all_nodes(spec)):
            continue
        opts = pick_opts(rng, spec)
        if ext == "xlsx":
            producer = rng.choice(["xlsxwriter", "openpyxl+lo"]) if opts["mode"] != "typed" else rng.choice(["xlsxwriter", "openpyxl+lo", "xlsxwriter"])
        else:
            producer = rng.choice(["odfpy", "xlsxwriter+lo-ods"])
        if opts["pct"]:
            spec["pct_total"] = {}
            for s in spec["sections"]:
                if s.get("total") is None:
                    continue
                for top in s["nodes"]:
                    for x in top.walk():
                        spec["pct_total"][id(x)] = s["total"]
                spec["pct_total"][id(s["total"])] = s["total"]
        lay0 = render(spec, opts, {}, {})
        clean = rng.random() < 0.40
        kinds = []
        if not clean:
            avail = ["sum", "balance", "missing"]
            if spec.get("result") is not None:
                avail.append("result")
            if any(n.kind == "rate" for n in all_nodes(spec)):
                avail += ["rate", "rate"]
            if spec.get("qtycols") and opts["layout"] != "sbs":
                avail += ["product", "product"]
            if "total" in lay0["info"]["cols"]:
                avail += ["cross", "cross"]
            if opts["mode"] != "typed" and producer in ("xlsxwriter", "odfpy"):
                avail += ["stale", "stale", "stale"]
            if opts["mode"] == "typed":
                avail.append("text")
            nk = rng.choice([1, 1, 2, 2, 3])
            while len(kinds) < nk:
                kk = rng.choice(avail)
                if kk not in kinds:
                    kinds.append(kk)
        if opts["mode"] == "typed" and rng.random() < 0.12 and clean is False:
            opts["textall"] = True
            opts["textfmt"] = (lambda v: fmt_fr(v, "€")) if lang == "fr" else (lambda v: fmt_en(v, spec["cur"][-1]))
        ovA, ovB, notes = inject(rng, spec, opts, kinds, producer, lay0)
        lay = render(spec, opts, ovA, ovB)
        grid = grid_of(lay)
        try:
            findings, ev = checker.run(grid, lay["checks"], spec["sheet"], spec["lang"])
        except TypeError:
            continue  # text in arithmetic: choose another configuration
        scored = [f for f in findings if f["rule"] != "text-number"]
        if kinds and not scored:
            continue
        if not kinds and findings:
            raise SystemExit(f"clean plan with findings: {fam} {findings}")
        return spec, opts, lay, grid, findings, ev, notes, producer, kinds
    raise SystemExit(f"no configuration for {fam} {k}")


def extra_sheets(rng, spec, lang):
    out = []
    r = rng.random()
    if r < 0.15:
        out.append(("before", "Lisez-moi" if lang == "fr" else "Instructions",
                    [["Remplir les cellules en jaune uniquement." if lang == "fr" else "Fill in the yellow cells only."],
                     ["Les montants sont en euros." if lang == "fr" else "All amounts are whole currency units."]]))
    elif r < 0.3:
        out.append(("after", "Hypothèses" if lang == "fr" else "Assumptions",
                    [["Hypothèse" if lang == "fr" else "Assumption", "Valeur" if lang == "fr" else "Value"],
                     ["Taux d'inflation" if lang == "fr" else "Inflation", 0.02],
                     ["Semaines d'ouverture" if lang == "fr" else "Weeks open", 47]]))
    return out


def main():
    rng = random.Random(SEED)
    if os.path.isdir(SET):
        shutil.rmtree(SET)
    os.makedirs(SET)
    shutil.rmtree(TMP, ignore_errors=True)
    for d in ("opx_in", "opx_out", "xw_in", "ods_out"):
        os.makedirs(os.path.join(TMP, d))
    manifest = []
    truths = {}
    counters = {}
    for fam, langs in PLAN:
        for k, lang in enumerate(langs):
            ext = "xlsx" if (k + len(fam)) % 2 == 0 else "ods"
            counters[(fam, lang)] = counters.get((fam, lang), 0) + 1
            name = f"{lang}_{fam}_{counters[(fam, lang)]:02d}.{ext}"
            spec, opts, lay, grid, findings, ev, notes, producer, kinds = build_one(len(manifest), fam, lang, k, ext, rng)
            sheets = []
            extras = extra_sheets(rng, spec, lang)
            for where, sname, rows in extras:
                if where == "before":
                    sheets.append(dict(name=sname, cells={(r, c): dict(v=v, f=None, cached=None, fmt=None, bold=False)
                                                         for r, row in enumerate(rows) for c, v in enumerate(row)}, merges=[]))
            sheets.append(dict(name=spec["sheet"], cells=lay["cells"], merges=lay["merges"], main=True,
                               widths={lay["info"]["cols"]["label"]: 46}))
            for where, sname, rows in extras:
                if where == "after":
                    sheets.append(dict(name=sname, cells={(r, c): dict(v=v, f=None, cached=None, fmt="pct" if isinstance(v, float) and v < 1 else None, bold=False)
                                                         for r, row in enumerate(rows) for c, v in enumerate(row)}, merges=[]))
            fmtinfo = dict(lang=lang, cur=spec["cur"])
            if producer == "xlsxwriter":
                write_xw(os.path.join(SET, name), sheets, fmtinfo, rng)
            elif producer == "openpyxl+lo":
                write_opx(os.path.join(TMP, "opx_in", name), sheets, fmtinfo)
            elif producer == "odfpy":
                write_odf(os.path.join(SET, name), sheets, fmtinfo)
            else:
                write_xw(os.path.join(TMP, "xw_in", name[:-4] + ".xlsx"), sheets, fmtinfo, rng)
            cols = lay["info"]["cols"]
            plan_cols = set(cols["periods"]) | ({cols["total"]} if "total" in cols else set())
            ambiguous = []
            for f in findings:
                rr, cc = parse_a1(f["cell"])
                if cc not in plan_cols:
                    ambiguous.append(f"{spec['sheet']}!{f['cell']}")
            chn, prn = spec["final"]
            tot = {"charges": [round(checker.num(ev, lay["pos"][(id(chn), p)]), 2) for p in range(len(spec["periods"]))],
                   "produits": [round(checker.num(ev, lay["pos"][(id(prn), p)]), 2) for p in range(len(spec["periods"]))]}
            truth = dict(file=name, language=lang, family=fam, producer=producer, sheet=spec["sheet"],
                         sheets=[s["name"] for s in sheets], layout=layout_text(spec, opts, lay),
                         periods=spec["periods"], totals=tot, findings=findings, ambiguous=ambiguous,
                         injected=kinds, notes="; ".join(notes) if notes else "clean plan",
                         checks=lay["checks"],
                         cells={k2: [v[0], v[1], v[2]] for k2, v in grid.items()})
            truths[name] = truth
            manifest.append([name, fam, lang, producer, opts["mode"], ",".join(kinds) or "clean",
                             str(len([f for f in findings if f["rule"] != "text-number"]))])
            print(name, producer, opts["mode"], kinds, len(findings))
    # LibreOffice batches (private profile; one heavy process at a time)
    prof = "-env:UserInstallation=file:///tmp/lo-G"
    ins = sorted(os.listdir(os.path.join(TMP, "opx_in")))
    if ins:
        subprocess.run(["soffice", prof, "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                        os.path.join(TMP, "opx_out")] + [os.path.join(TMP, "opx_in", f) for f in ins], check=True,
                       stdout=subprocess.DEVNULL)
        for f in ins:
            shutil.copy(os.path.join(TMP, "opx_out", f), os.path.join(SET, f))
    ins = sorted(os.listdir(os.path.join(TMP, "xw_in")))
    if ins:
        subprocess.run(["soffice", prof, "--headless", "--calc", "--convert-to", "ods", "--outdir",
                        os.path.join(TMP, "ods_out")] + [os.path.join(TMP, "xw_in", f) for f in ins], check=True,
                       stdout=subprocess.DEVNULL)
        for f in ins:
            shutil.copy(os.path.join(TMP, "ods_out", f[:-5] + ".ods"), os.path.join(SET, f[:-5] + ".ods"))
    for name, t in truths.items():
        with open(os.path.join(SET, name + ".truth.json"), "w") as fh:
            json.dump(t, fh, ensure_ascii=False, indent=1)
    with open(os.path.join(HERE, "MANIFEST.tsv"), "w") as fh:
        fh.write("file\tfamily\tlang\tproducer\tmode\tinjected\tn_scored_findings\n")
        for row in manifest:
            fh.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
