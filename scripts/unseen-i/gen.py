#!/usr/bin/env python3
"""Generate set I: 60 financing plans (12 new families) with mechanical truth files.

python3 gen.py          -> set/*.xlsx|ods + *.truth.json, MANIFEST.tsv
Fixed seed; the truth comes from model.run_checks over the structure written here.
"""
import copy
import json
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Evaluator, freeze, recompute, run_checks, a1, clean, num, stated, has_subtotal  # noqa
from families import FAMILIES  # noqa
from layout import Plan, plan_build, WORDS, MONEY  # noqa
import writers  # noqa

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "set")
SEED = 20250917

PERIODS = {
    "repair": ([["2025"], ["Montant"], ["2025", "2026"], ["Réalisé 2024", "Prévisionnel 2025"]],
               [["Amount"], ["Year 1", "Year 2"], ["Actual 2024", "Budget 2025"]]),
    "citsci": ([["Année 1", "Année 2"], ["2025", "2026", "2027"], ["Montant"]], [["Year 1", "Year 2", "Year 3"], ["Amount"]]),
    "kitchen": ([["Montant"], ["Phase 1 — installation", "Phase 2 — lancement"]], [["Amount"], ["Phase 1", "Phase 2"]]),
    "bike": ([["2025"], ["Réalisé 2024", "Prévisionnel 2025"], ["Budget"]], [["2025"], ["Actual 2024", "Budget 2025"]]),
    "refuge": ([["Tranche 1 (2025)", "Tranche 2 (2026)"], ["Montant HT"]], [["Phase 1", "Phase 2"], ["Cost (excl. VAT)"]]),
    "sailing": ([["Réalisé 2024", "Prévisionnel 2025"], ["Saison 2025"]], [["Actual 2024", "Budget 2025"], ["Season 2025"]]),
    "hackathon": ([["Édition Lyon", "Édition Nantes", "Édition Lille"], ["Montant"]], [["Leeds", "Bristol", "Glasgow"], ["Amount"]]),
    "translation": ([["Montant"], ["Coût (€)"]], [["Amount"], ["Budget"]]),
    "fle": ([["S1 2025", "S2 2025"], ["Année 2025-2026"], ["2025"]], [["Term 1", "Term 2", "Term 3"], ["2025"]]),
    "canteen": ([["2025-2026", "2026-2027"], ["Montant annuel"]], [["2025-26", "2026-27"], ["Annual cost"]]),
    "podcast": ([["Montant"], ["Saison 1"]], [["Amount"], ["Series 1"]]),
    "vet": ([["2025", "2026"], ["Montant"], ["Réalisé 2024", "Prévisionnel 2025"]], [["2025", "2026"], ["Amount"]]),
}
LANGS = {"canteen": ["fr", "fr", "en", "en", "en"], "hackathon": ["fr", "fr", "en", "en", "en"],
         "podcast": ["fr", "fr", "en", "en", "en"]}
LAYOUTS = ["vert", "vert", "side", "twosheet", "incfirst", "vert", "side", "expense", "vert", "twosheet"]
WRITERS = ["xw", "opx", "odf", "xwlo"]


def choose_options(R, fam, lang, layout, writer, spec):
    W = WORDS[lang]
    o = dict(layout=layout)
    pers = R.choice(PERIODS[fam][0 if lang == "fr" else 1])
    if layout == "side" and len(pers) > 2:
        pers = pers[:2]
    o["periods"] = pers
    o["r0"] = R.choice([0, 0, 1, 2, 3, 5])
    o["c0"] = R.choice([0, 0, 0, 1, 1, 2])
    o["two_labels"] = R.random() < 0.3
    o["spacer_col"] = R.random() < 0.25
    o["spacer_rows"] = R.random() < 0.35
    o["qty"] = len(pers) == 1 and layout not in ("side",) and R.random() < 0.55 and \
        any(it.get("q") for g in spec["charges"] for it in g["items"])
    o["notes"] = R.random() < 0.5
    o["pct"] = R.random() < 0.3
    o["total_col"] = len(pers) > 1 and R.random() < 0.6
    o["total_sum"] = R.random() < 0.5
    o["merge_title"] = R.random() < 0.5
    o["gap_after_title"] = R.random() < 0.7
    o["gap_sides"] = R.random() < 0.6
    o["repeat_header"] = R.random() < 0.6
    o["side_gap"] = R.random() < 0.6
    o["result"] = layout != "expense" and R.random() < 0.55
    o["hdr_upper"] = R.random() < 0.5
    styles = ["sum", "sum", "plus", "subtotal", "typed", "typed"]
    if writer in ("xw", "odf"):
        styles += ["typed"]
    st = R.choice(styles)
    if layout == "twosheet" and st == "typed":
        st = "sum"
    o["style"] = st
    o["whole_subtotal"] = st == "subtotal" and R.random() < 0.5
    o["money"] = R.choice(MONEY[lang])
    o["cur"] = {"£": "£", "$": "$"}.get(next((ch for ch in o["money"] if ch in "£$"), ""), "€")
    o["hch"] = R.choice(W["ch"])
    o["hpr"] = R.choice(W["pr"])
    o["tc"] = R.choice(W["tc"])
    o["tp"] = R.choice(W["tp"])
    o["wres"] = R.choice(W["res"])
    o["wnotes"] = R.choice(W["notes"])
    o["wpct"] = R.choice(W["pct"])
    o["wqty"] = R.choice(W["qty"])
    o["wpu"] = R.choice(W["pu"])
    o["sheet"] = R.choice(spec["sheets"])
    o["cover"] = R.choice([None, None, None, "Lisez-moi" if lang == "fr" else "Instructions",
                           "Notice" if lang == "fr" else "Read me"])
    o["detail_sheet"] = "Détail des dépenses" if lang == "fr" else "Cost detail"
    o["detail_title"] = "Détail des dépenses prévues" if lang == "fr" else "Detailed costs"
    o["detail_first"] = R.random() < 0.5
    # group styles
    for side in ("charges", "produits"):
        for g in spec[side]:
            allowed = list(g["styles"])
            if layout == "side":
                allowed = [s for s in allowed if s in ("dont", "single", "sub_below", "flat")] or ["dont"]
            g["style"] = R.choice(allowed)
    return o


# ------------------------------------------------------------------ injections
def refs_arith(book):
    """Cells referenced outside SUM/SUBTOTAL ranges by a formula ('f' cells only)."""
    out = set()

    def walk(e, inrange=False):
        k = e[0]
        if k == "ref":
            if not inrange:
                out.add((e[1], e[2], e[3]))
        elif k == "SUM":
            for a in e[1]:
                walk(a, inrange=(a[0] == "rng") or False) if a[0] != "ref" else None
        elif k == "+":
            for _, t in e[1]:
                walk(t)
        elif k in ("*", "/"):
            walk(e[1]); walk(e[2])
        elif k == "ROUND":
            walk(e[1])
    for s in book.order:
        for cell in book.sheets[s].values():
            if cell.kind == "f":
                walk(cell.e)
    return out


def value_now(P, sh, rc):
    ev = Evaluator(P.book)
    v = ev.cell_value(sh, rc[0], rc[1])
    if isinstance(v, str):
        return 0.0
    return v or 0.0


def set_num(P, sh, rc, v):
    c = P.book.sheets[sh][rc]
    c.kind, c.v, c.e = "n", clean(float(v)), None


def wrong_delta(R, v):
    """A plausible typing error on v: digit swap or round offset, > 1 in size."""
    s = str(int(abs(v)))
    if len(s) >= 3 and R.random() < 0.5:
        i = R.randrange(len(s) - 1)
        if s[i] != s[i + 1]:
            t = s[:i] + s[i + 1] + s[i] + s[i + 2:]
            return int(t) * (1 if v >= 0 else -1) - int(v)
    return R.choice([100, 200, 500, -300, 1000, -150, 250, 1200])


def text_amount(R, v, lang, cur):
    iv = int(v)
    if lang == "fr":
        sep = R.choice(["\u202f", "\u00a0", " "])
        s = f"{iv:,}".replace(",", sep)
        if v != iv:
            s += "," + f"{v:.2f}".split(".")[1]
        return s + R.choice([" €", " €", "", " EUR"])
    s = f"{iv:,}" if v == iv else f"{v:,.2f}"
    return R.choice([cur + s, s, "EUR " + s])


def inject(P, kinds, writer, notes, missing, texts):
    R, o = P.R, P.o
    b = P.book
    typed = o["style"] == "typed"
    arith = refs_arith(b)
    done = []
    # --- pre: the balancing line still follows
    for k in kinds:
        if k == "product" and P.prod_cells:
            ch = R.choice(P.prod_cells)
            q = value_now(P, ch["sheet"], ch["q"]); p = value_now(P, ch["sheet"], ch["p"])
            v = q * p + R.choice([q * 5, -q * 2, 100, 300, -250])
            if abs(v - q * p) <= 1:
                v += 100
            set_num(P, ch["sheet"], ch["at"], round(v, 2))
            notes.append(f"product: {ch['sheet']}!{a1(*ch['at'])} typed {num(v)} instead of {num(q)} x {num(p)}")
            done.append(k)
        elif k == "rate" and P.rate_cells:
            ch = R.choice(P.rate_cells)
            base = sum(value_now(P, ch["bsheet"], x) for x in ch["base"])
            pct2 = ch["pct"] + R.choice([0.02, -0.02, 0.05, -0.03])
            v = round(base * pct2)
            set_num(P, ch["sheet"], ch["at"], v)
            notes.append(f"rate: {ch['sheet']}!{a1(*ch['at'])} ({ch['label']}) typed {v} = {pct2 * 100:g} % of the base")
            done.append(k)
        elif k == "unit" and P.unit_cells:
            ch = R.choice(P.unit_cells)
            v = ch["rate"] * R.choice([11, 10, 13])
            set_num(P, ch["sheet"], ch["at"], v)
            notes.append(f"unit: {ch['sheet']}!{a1(*ch['at'])} typed {v}, not {num(ch['rate'])} x 12")
            done.append(k)
        elif k == "missing":
            cands = [x for x in P.inputs if x["item"]["k"] == "in" and not x["item"].get("qs") and not x["item"].get("u")]
            cands = [x for x in cands if (x["sheet"], *x["at"]) not in arith or P.np > 1]
            if not cands:
                continue
            x = R.choice(cands)
            if (x["sheet"], *x["at"]) in arith or (P.np > 1 and R.random() < 0.4):
                del b.sheets[x["sheet"]][x["at"]]
                how = "left blank while the other periods are filled"
            else:
                c = b.sheets[x["sheet"]][x["at"]]
                c.kind, c.v, c.e = "s", R.choice(["€", "€", " € "]) if o["cur"] == "€" else o["cur"], None
                how = "holds only a currency sign"
            missing.append(dict(kind="missing", sheet=x["sheet"], at=x["at"], label=x["item"]["l"]))
            notes.append(f"missing: {x['sheet']}!{a1(*x['at'])} {how} (was {num(x['item']['amts'][x['k']])})")
            done.append(k)
        elif k in ("text", "dash") and typed:
            cands = [x for x in P.inputs if x["item"]["k"] == "in" and not x["item"].get("qs") and not x["item"].get("u")]
            x = R.choice(cands)
            c = b.sheets[x["sheet"]][x["at"]]
            if k == "text":
                c.kind, c.v = "s", text_amount(R, float(c.v), P.lang, o["cur"])
                texts.append(dict(kind="text", sheet=x["sheet"], at=x["at"], label=x["item"]["l"]))
                notes.append(f"text-number: {x['sheet']}!{a1(*x['at'])} typed as the text {c.v!r}")
            else:
                c.kind, c.v = "s", R.choice(["-", "–", "-"])
                notes.append(f"dash: {x['sheet']}!{a1(*x['at'])} holds a dash (zero, no finding)")
            done.append(k)
        elif k == "sum_pre" or (k == "rounding" and typed):
            cands = [a for a in P.aggs if a["side"] == "charges" and a["level"] == "sub"]
            if k == "rounding":
                cands = [a for a in P.aggs if a["level"] == "sub"]
            if not cands:
                continue
            a = R.choice(cands)
            v = value_now(P, a["sheet"], a["at"])
            d = R.choice([1, -1]) if k == "rounding" else wrong_delta(R, v)
            set_num(P, a["sheet"], a["at"], v + d)
            notes.append(f"{'sum.rounding' if k == 'rounding' else 'sum'}: {a['sheet']}!{a1(*a['at'])} ({a['label']}) typed {num(v + d)} instead of {num(v)}")
            done.append(k)
    post = [k for k in kinds if k in ("balance", "sum_post", "total_sum", "result", "cross")]
    if post:
        for bc in P.bal_cells:
            set_num(P, bc["sheet"], bc["at"], value_now(P, bc["sheet"], bc["at"]))
    imbalanced = set()
    for k in post:
        if k == "balance" and P.tp:
            kk = R.randrange(P.np)
            cands = [x for x in P.inputs if x["side"] == "produits" and x["k"] == kk and x["item"]["k"] == "in"
                     and not x["item"].get("qs") and b.sheets[x["sheet"]].get(x["at"]) is not None
                     and b.sheets[x["sheet"]][x["at"]].kind == "n"]
            if not cands:
                continue
            x = R.choice(cands)
            v = value_now(P, x["sheet"], x["at"])
            d = R.choice([500, -400, 1500, 2000, -1000, 300])
            set_num(P, x["sheet"], x["at"], v + d)
            imbalanced.add(kk)
            notes.append(f"balance: income line {x['sheet']}!{a1(*x['at'])} changed from {num(v)} to {num(v + d)} without rebalancing")
            done.append(k)
        elif k == "sum_post":
            cands = [a for a in P.aggs if a["level"] == "sub"]
            if not cands:
                continue
            a = R.choice(cands)
            v = value_now(P, a["sheet"], a["at"])
            d = wrong_delta(R, v)
            set_num(P, a["sheet"], a["at"], v + d)
            imbalanced.add(P.o["periods"].index(P.o["periods"][0]))
            notes.append(f"sum: {a['sheet']}!{a1(*a['at'])} ({a['label']}) typed {num(v + d)} instead of {num(v)}, plan not rebalanced")
            done.append(k)
        elif k == "total_sum":
            cands = [a for a in P.aggs if a["level"] == "total"]
            a = R.choice(cands)
            v = value_now(P, a["sheet"], a["at"])
            d = wrong_delta(R, v)
            set_num(P, a["sheet"], a["at"], v + d)
            notes.append(f"sum: total {a['sheet']}!{a1(*a['at'])} typed {num(v + d)} instead of {num(v)}")
            done.append(k)
        elif k == "cross" and P.cross_cells:
            ch = R.choice(P.cross_cells)
            v = value_now(P, ch["sheet"], ch["at"])
            d = wrong_delta(R, v)
            set_num(P, ch["sheet"], ch["at"], v + d)
            notes.append(f"cross-total: {ch['sheet']}!{a1(*ch['at'])} typed {num(v + d)} instead of {num(v)}")
            done.append(k)
        elif k == "result" and P.result_cells:
            ch = R.choice(P.result_cells)
            tp = value_now(P, *P.tp[ch["k"]]); tc = value_now(P, *P.tc[ch["k"]])
            if abs(tp - tc) > 0.005 and R.random() < 0.6:
                v = 0
                why = "left at a typed 0 although the plan does not balance"
            elif abs(tp - tc) > 0.005:
                v = tc - tp
                why = "typed with the sign reversed (charges - produits)"
            else:
                v = R.choice([350, -420, 1200])
                why = "typed leftover from an earlier version"
            set_num(P, ch["sheet"], ch["at"], v)
            notes.append(f"result: {ch['sheet']}!{a1(*ch['at'])} {why}: {num(v)}")
            done.append(k)
    return done


def stale(P, notes):
    R = P.R
    cands = [x for x in P.inputs if x["item"]["k"] == "in" and not x["item"].get("qs")
             and P.book.sheets[x["sheet"]].get(x["at"]) is not None and P.book.sheets[x["sheet"]][x["at"]].kind == "n"]
    x = R.choice(cands)
    c = P.book.sheets[x["sheet"]][x["at"]]
    old = c.v
    c.v = clean(float(old + R.choice([-200, 150, 400, -500, 1000, 750])))
    recompute(P.book)
    notes.append(f"formula.stale: {x['sheet']}!{a1(*x['at'])} changed from {num(old)} to {num(c.v)} after the last recalculation; formulas depending on it keep old cached values")


# ------------------------------------------------------------------ one file
def build_one(idx, fam, lang, layout, writer, errs, R):
    spec = FAMILIES[fam](lang, R)
    spec = copy.deepcopy(spec)
    o = choose_options(R, fam, lang, layout, writer, spec)
    if layout == "expense":
        spec["produits"] = []
    P = Plan(R, spec, lang, o)
    P.detail_cells = {}
    P.concretise()
    plan_build(P)
    notes, missing, texts = [], [], []
    if errs is None:
        errs = []
    if o["style"] == "typed" and R.random() < 0.25:
        errs = errs + ["dash"]
    done = inject(P, [e for e in errs if e != "stale"], writer, notes, missing, texts)
    freeze(P.book)
    # percentages typed by hand are rounded to 4 decimals
    for sh, rc in P.pct_cells:
        c = P.book.sheets[sh][rc]
        if c.kind == "n":
            c.v = round(c.v, 4)
    amb = []
    if "stale" in errs:
        stale(P, notes)
        done.append("stale")
        for sh, rc in P.pct_cells:
            c = P.book.sheets[sh][rc]
            if c.kind == "f" and abs(c.cached - c.recomp) > 1e-12:
                amb.append(f"{sh}!{a1(*rc)}")
    checks = P.checks + P.rate_cells + P.prod_cells + P.unit_cells + P.cross_cells + P.result_cells + missing + texts
    findings = run_checks(P.book, checks)
    sheet = o["sheet"]
    totals = dict(charges=[num(stated(P.book, *P.tc[k])) for k in range(P.np)],
                  produits=[num(stated(P.book, *P.tp[k])) for k in range(P.np)] if P.tp else None)
    ext = "xlsx" if writer in ("xw", "opx") else "ods"
    name = f"{lang}_{fam}_{idx:02d}.{ext}"
    desc = layout_desc(P)
    ser_checks = []
    for ch in checks:
        d = {}
        for k2, v in ch.items():
            if isinstance(v, tuple):
                d[k2] = a1(*v)
            elif isinstance(v, list) and v and isinstance(v[0], tuple):
                d[k2] = [a1(*x) for x in v]
            else:
                d[k2] = v
        ser_checks.append(d)
    truth = dict(file=name, language=lang, sheet=sheet, layout=desc, periods=o["periods"], totals=totals,
                 findings=findings, ambiguous=amb, notes="; ".join(notes) if notes else "clean",
                 family=fam, writer=writer, style=o["style"], injected=done, checks=ser_checks)
    return name, P, truth


def layout_desc(P):
    o = P.o
    parts = {"vert": "vertical: expenses then income", "incfirst": "income block above expenses",
             "side": "side by side: expenses left, income right", "twosheet": "cost detail on its own sheet, plan sheet pulls group totals by cross-sheet formulas",
             "expense": "expense only"}[o["layout"]]
    extra = []
    if o["two_labels"]: extra.append("category + detail label columns")
    if o["spacer_col"]: extra.append("blank spacer column")
    if o["spacer_rows"]: extra.append("blank rows between groups")
    if o["qty"]: extra.append("qty x unit price columns")
    if o["notes"]: extra.append("notes column")
    if o["pct"]: extra.append("% of total column")
    if o["total_col"] and P.np > 1: extra.append("Total column")
    if o["result"] and o["layout"] != "expense": extra.append("result line")
    if o["cover"]: extra.append(f"cover sheet '{o['cover']}' first")
    if o["r0"] or o["c0"]: extra.append(f"starts at {a1(o['r0'], o['c0'])}")
    extra.append({"sum": "SUM formulas", "plus": "chains of +", "subtotal": "SUBTOTAL(9) subtotals" + (" and a whole-range SUBTOTAL total" if o["whole_subtotal"] else ""),
                  "typed": "typed values"}[o["style"]])
    styles = sorted({g["style"] for s in ("charges", "produits") for g in P.spec[s]})
    extra.append("groups: " + "/".join(styles))
    return parts + "; " + ", ".join(extra)


ERRKINDS_ALL = ["product", "rate", "unit", "missing", "sum_pre", "balance", "sum_post", "total_sum", "result", "cross", "stale",
                "text", "rounding"]


def main():
    R = random.Random(SEED)
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    tmp = "/tmp/unseenI_build"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp + "/opx"); os.makedirs(tmp + "/xwlo")
    fams = list(FAMILIES)
    jobs = []
    wr = WRITERS * 15
    R.shuffle(wr)
    i = 0
    for fi, fam in enumerate(fams):
        langs = LANGS.get(fam, ["fr", "fr", "fr", "en", "en"])
        for j in range(5):
            layout = LAYOUTS[(fi * 5 + j + fi) % len(LAYOUTS)]
            jobs.append([fam, langs[j], layout, wr[i]])
            i += 1
    # 24 clean, 36 with errors
    flags = [False] * 24 + [True] * 36
    R.shuffle(flags)
    manifest = []
    lo_opx, lo_xwlo = [], []
    for idx, ((fam, lang, layout, writer), bad) in enumerate(zip(jobs, flags), 1):
        for attempt in range(20):
            sub = random.Random(SEED * 1000 + idx * 37 + attempt)
            errs = None
            if bad:
                # probe the layout (same seed) to know which errors it can carry
                _, P0, _ = build_one(idx, fam, lang, layout, writer, None, random.Random(SEED * 1000 + idx * 37 + attempt))
                typed = P0.o["style"] == "typed"
                w = dict(missing=3, sum_pre=2, sum_post=1, total_sum=1)
                if P0.prod_cells: w["product"] = 5
                if P0.rate_cells: w["rate"] = 5
                if P0.unit_cells: w["unit"] = 4
                if P0.cross_cells: w["cross"] = 5
                if P0.tp: w["balance"] = 2
                if P0.result_cells: w["result"] = 3
                if not typed and writer in ("xw", "odf"): w["stale"] = 4
                if typed: w["text"] = 2; w["rounding"] = 2
                n = sub.choice([1, 1, 2, 2, 3])
                errs = []
                while len(errs) < n and len(errs) < len(w):
                    k = sub.choices(list(w), weights=list(w.values()))[0]
                    if k not in errs:
                        errs.append(k)
                sub = random.Random(SEED * 1000 + idx * 37 + attempt)
                if "result" in errs and "balance" not in errs and sub.random() < 0.7:
                    errs.append("balance")
                    errs.remove("result"); errs.append("result")
            name, P, truth = build_one(idx, fam, lang, layout, writer, errs, sub)
            real = [f for f in truth["findings"] if f["rule"] != "text-number"]
            if bad and "stale" in (errs or []) and (P.o["style"] == "typed" or writer not in ("xw", "odf")):
                continue
            if bad and not real:
                continue
            if not bad and truth["findings"]:
                raise SystemExit(f"clean plan with findings: {name} {truth['findings']}")
            break
        else:
            raise SystemExit(f"no valid variant for {idx}")
        if writer == "xw":
            writers.write_xlsxwriter(P, os.path.join(OUT, name))
        elif writer == "odf":
            writers.write_odf(P, os.path.join(OUT, name))
        elif writer == "opx":
            writers.write_openpyxl(P, os.path.join(tmp, "opx", name))
            lo_opx.append(name)
        else:
            xname = name[:-4] + ".xlsx"
            writers.write_xlsxwriter(P, os.path.join(tmp, "xwlo", xname))
            lo_xwlo.append(xname)
        json.dump(truth, open(os.path.join(OUT, name + ".truth.json"), "w"), ensure_ascii=False, indent=1)
        exp = {}
        for sh in P.book.order:
            exp[sh] = {a1(r, c): ([cell.kind, cell.v] if cell.kind != "f" else ["f", cell.cached, cell.recomp])
                       for (r, c), cell in P.book.sheets[sh].items()}
        os.makedirs(os.path.join(HERE, "expect"), exist_ok=True)
        json.dump(exp, open(os.path.join(HERE, "expect", name + ".json"), "w"), ensure_ascii=False)
        manifest.append((name, fam, lang, writer, layout, truth["style"], len(truth["findings"]),
                         ",".join(sorted({f["rule"] for f in truth["findings"]}))))
    lo = ["soffice", "-env:UserInstallation=file:///tmp/lo-I", "--headless"]
    if lo_opx:
        subprocess.run(lo + ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", OUT] +
                       [os.path.join(tmp, "opx", n) for n in lo_opx], check=True, capture_output=True)
    if lo_xwlo:
        subprocess.run(lo + ["--convert-to", "ods", "--outdir", OUT] +
                       [os.path.join(tmp, "xwlo", n) for n in lo_xwlo], check=True, capture_output=True)
    with open(os.path.join(HERE, "MANIFEST.tsv"), "w") as f:
        f.write("file\tfamily\tlang\twriter\tlayout\tstyle\tn_findings\trules\n")
        for m in manifest:
            f.write("\t".join(map(str, m)) + "\n")
    print(len(manifest), "files")


if __name__ == "__main__":
    main()
