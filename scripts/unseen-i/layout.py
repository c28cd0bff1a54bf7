"""Set I: turn a family spec into a Book + check structure, with strongly varied layouts."""
import re
from model import Book, Cell, a1

WORDS = {
    "fr": dict(ch=["CHARGES", "DÉPENSES", "Dépenses", "Nature des dépenses", "Postes de dépenses"],
               pr=["PRODUITS", "RECETTES", "Ressources", "Financements", "Origine des financements"],
               tc=["TOTAL CHARGES", "Total des dépenses", "TOTAL DÉPENSES", "Coût total du projet"],
               tp=["TOTAL PRODUITS", "Total des ressources", "TOTAL RECETTES", "Total des financements"],
               res=["RÉSULTAT", "Solde (recettes - dépenses)", "Excédent / déficit", "Résultat"],
               sub="Sous-total", dont="dont ", detail="Détail", notes=["Observations", "Commentaires", "Remarques"],
               pct=["% du total", "%", "Part"], tot="Total", qty=["Qté", "Nombre"], pu=["P.U.", "Prix unitaire", "Coût unitaire"]),
    "en": dict(ch=["EXPENDITURE", "Costs", "Expenses", "Expenditure"],
               pr=["INCOME", "Funding", "Income", "Sources of funding"],
               tc=["TOTAL EXPENDITURE", "Total costs", "Total expenses", "Total project cost"],
               tp=["TOTAL INCOME", "Total funding", "Total income"],
               res=["Surplus / (deficit)", "Balance", "Net result"],
               sub="Subtotal", dont="of which ", detail="Detail", notes=["Notes", "Comments", "Basis of estimate"],
               pct=["% of total", "%", "Share"], tot="Total", qty=["Qty", "Units"], pu=["Unit cost", "Rate", "Unit price"]),
}

MONEY = {"fr": ['#,##0 "€"', '#,##0.00 "€"', '#,##0'], "en": ['"€"#,##0', '£#,##0', '$#,##0.00', '#,##0']}


def months_of(label):
    if re.fullmatch(r"(19|20)\d\d", label) or re.search(r"(Réalisé|Prévisionnel|Actual|Budget) 20\d\d", label) \
            or re.fullmatch(r"(Year|Année) \d", label):
        return 12
    return None


def R_amount(R, a, step=10):
    return max(step, int(round(a * R.uniform(0.8, 1.25) / step)) * step)


class Plan:
    """Builder state for one workbook."""

    def __init__(self, R, spec, lang, o):
        self.R, self.spec, self.lang, self.o = R, spec, lang, o
        self.W = WORDS[lang]
        self.book = Book()
        self.checks = []
        self.periods = o["periods"]
        self.np = len(self.periods)
        self.inputs = []            # (sheet, (r,c), side, item, period) amount inputs
        self.aggs = []              # (sheet, (r,c), side, kind)  aggregate cells
        self.rate_cells = []        # (sheet, (r,c), check)
        self.prod_cells = []        # product checks
        self.unit_cells = []
        self.cross_cells = []
        self.bal_cells = []         # balancing line cells
        self.result_cells = []
        self.pct_cells = []
        self.tc = {}                # period -> (sheet, (r,c))
        self.tp = {}

    # ------------------------------------------------------------ values
    def concretise(self):
        """Per-period amounts for each item, decided once."""
        R, o = self.R, self.o
        allm = all(months_of(p) == 12 for p in self.periods)
        for side in ("charges", "produits"):
            for g in self.spec[side]:
                for it in g["items"]:
                    if it["k"] != "in":
                        continue
                    if it["u"] and allm:
                        it["amts"] = [it["u"] * 12] * self.np
                        it["qs"] = None
                        continue
                    it["u"] = None
                    if it["n"] and ("mois" in it["n"] or "month" in it["n"]):
                        it["n"] = None
                    if it["q"]:
                        q, p = it["q"]
                        qs = [max(1, int(round(q * R.uniform(0.7, 1.3)))) if self.np > 1 else q for _ in range(self.np)]
                        it["qs"] = qs
                        it["amts"] = [round(x * p, 2) for x in qs]
                    else:
                        it["qs"] = None
                        it["amts"] = [R_amount(R, it["a"], 50 if it["a"] >= 3000 else 10) for _ in range(self.np)]


# ----------------------------------------------------------------- records
def side_records(P, side, force_agg=False):
    """List of row records for one side."""
    W, R, o = P.W, P.R, P.o
    recs = []
    groups = P.spec[side]
    for gi, g in enumerate(groups):
        st = g["style"]
        if force_agg and st == "flat":
            st = g["style"] = "sub_below"
        items = g["items"]
        if st == "single":
            recs.append(dict(t="item", label=items[0]["l"], item=items[0], gi=gi, side=side))
        else:
            def lab(it):
                l = it["l"]
                if st == "dont":
                    return l if l.startswith("dont ") else W["dont"] + l[0].lower() + l[1:]
                return l[5:].capitalize() if l.startswith("dont ") else l
            two = o["two_labels"]
            if st == "dont":
                recs.append(dict(t="agg", label=g["l"], gi=gi, side=side))
                for it in items:
                    recs.append(dict(t="item", label=lab(it), item=it, gi=gi, side=side, child=True))
            elif st == "sub_above":
                recs.append(dict(t="agg", label=g["l"], gi=gi, side=side, above=True))
                for it in items:
                    recs.append(dict(t="item", label=("" if two else "   ") + lab(it), item=it, gi=gi, side=side, child=True))
            elif st in ("sub_below", "flat"):
                if not two:
                    recs.append(dict(t="head", label=g["l"], gi=gi, side=side))
                for k, it in enumerate(items):
                    recs.append(dict(t="item", label=lab(it), item=it, gi=gi, side=side, child=True,
                                     cat=(g["l"] if two and k == 0 else None)))
                if st == "sub_below":
                    sl = f"{W['sub']} {g['l'].lower()}" if R.random() < 0.7 else f"{W['sub']}"
                    recs.append(dict(t="agg", label=sl, gi=gi, side=side, below=True))
        if o["spacer_rows"] and gi < len(groups) - 1:
            recs.append(dict(t="blank"))
    return recs


def plan_build(P):
    """Place the records on sheets, create cells and checks."""
    o, W, R = P.o, P.W, P.R
    b = P.book
    lay = o["layout"]
    # sheet order: optional cover, optional detail sheet, plan sheet
    if o["cover"]:
        cover(P)
    if lay == "twosheet" and o["detail_first"]:
        dsh = o["detail_sheet"]
        b.sheet(dsh)
    sh = o["sheet"]
    b.sheet(sh)
    if lay == "twosheet" and not o["detail_first"]:
        b.sheet(o["detail_sheet"])

    if lay == "twosheet":
        # detail sheet: the charges in full
        dsh = o["detail_sheet"]
        drecs = side_records(P, "charges", force_agg=True)
        dcols = colmap(P, qty=o["qty"], notes=o["notes"], pct=False, total=o["total_col"])
        r = 0
        title_rows(P, dsh, [o["detail_title"]], dcols, 0)
        r = 2
        place_side(P, dsh, drecs, dcols, r, "charges", header=W["ch"][0] if o["hdr_upper"] else W["ch"][2])
        # plan sheet: one summary line per charge group, pulling the detail cells
        summ = []
        for gi, g in enumerate(P.spec["charges"]):
            summ.append(dict(t="item", label=g["l"], link=(dsh, gi), gi=gi, side="charges", item=dict(k="link", l=g["l"], n=None)))
        cols = colmap(P, qty=False, notes=o["notes"], pct=o["pct"], total=o["total_col"])
        r0 = o["r0"]
        title_rows(P, sh, P.spec["title"], cols, r0)
        r = r0 + len(P.spec["title"]) + 1
        r = place_side(P, sh, summ, cols, r, "charges", header=o["hch"])
        r += 1
        prec = side_records(P, "produits")
        r = place_side(P, sh, prec, cols, r, "produits", header=o["hpr"])
        if o["result"]:
            result_row(P, sh, cols, r)
            r += 1
        footer(P, sh, cols, r + 1)
        finish(P)
        return

    cols = colmap(P, qty=o["qty"], notes=o["notes"], pct=o["pct"], total=o["total_col"])
    r0 = o["r0"]
    title_rows(P, sh, P.spec["title"], cols, r0)
    r = r0 + len(P.spec["title"]) + (1 if o["gap_after_title"] else 0)
    if lay in ("vert", "incfirst", "expense"):
        order = ["charges", "produits"] if lay != "incfirst" else ["produits", "charges"]
        if lay == "expense":
            order = ["charges"]
        for k, side in enumerate(order):
            recs = side_records(P, side)
            hdr = o["hch"] if side == "charges" else o["hpr"]
            r = place_side(P, sh, recs, cols, r, side, header=hdr, repeat=(k == 0 or o["repeat_header"]))
            r += 1 if o["gap_sides"] else 0
        if o["result"] and lay != "expense":
            result_row(P, sh, cols, r)
            r += 1
        footer(P, sh, cols, r + 1)
    elif lay == "side":
        crec = side_records(P, "charges")
        prec = side_records(P, "produits")
        n = max(len(crec), len(prec))
        crec += [dict(t="blank")] * (n - len(crec))
        prec += [dict(t="blank")] * (n - len(prec))
        ccols = cols
        width = cols["width"] + (1 if o["side_gap"] else 0)
        pcols = colmap(P, qty=False, notes=False, pct=o["pct"], total=o["total_col"], c0=o["c0"] + width)
        place_side(P, sh, crec, ccols, r, "charges", header=o["hch"])
        r = place_side(P, sh, prec, pcols, r, "produits", header=o["hpr"])
        if o["result"]:
            result_row(P, sh, pcols, r)
            r += 1
        footer(P, sh, cols, r + 1)
    finish(P)


def colmap(P, qty, notes, pct, total, c0=None):
    o = P.o
    c = o["c0"] if c0 is None else c0
    m = dict(label=c)
    c += 1
    if o["two_labels"]:
        m["detail"] = c
        c += 1
    if o["spacer_col"]:
        c += 1
    if qty:
        m["qty"], m["pu"] = c, c + 1
        c += 2
    m["per"] = list(range(c, c + P.np))
    c += P.np
    if total and P.np > 1:
        m["total"] = c
        c += 1
    if pct:
        m["pct"] = c
        c += 1
    if notes:
        m["notes"] = c
        c += 1
    m["width"] = c - (o["c0"] if c0 is None else c0)
    return m


def put(P, sh, r, c, kind, v=None, e=None, fmt=None):
    cell = Cell(kind, v, e, fmt)
    P.book.sheets[sh][(r, c)] = cell
    return cell


def title_rows(P, sh, lines, cols, r0):
    b = P.book
    for k, t in enumerate(lines):
        put(P, sh, r0 + k, cols["label"], "s", t, fmt="title" if k == 0 else "subtitle")
        if P.o["merge_title"] and cols["width"] > 1:
            b.merges[sh].append((r0 + k, cols["label"], r0 + k, cols["label"] + cols["width"] - 1))


def cover(P):
    o, sh = P.o, P.o["cover"]
    P.book.sheet(sh)
    fr = P.lang == "fr"
    lines = ([P.spec["title"][0], "",
              "Mode d'emploi : remplir uniquement les cellules blanches de l'onglet « " + o["sheet"] + " ».",
              "Les montants sont en euros, arrondis à l'euro.",
              "Dépôt du dossier avant le 15/10/2025.", "Contact : 04 76 00 12 34"] if fr else
             [P.spec["title"][0], "", "How to use: fill in the white cells of the '" + o["sheet"] + "' sheet only.",
              "All figures in whole currency units.", "Deadline for applications: 15 October 2025.", "Ref. 2025/118"])
    for k, t in enumerate(lines):
        if t:
            put(P, sh, k, 0, "s", t, fmt="title" if k == 0 else None)
    put(P, sh, 7, 0, "s", "Version" if not fr else "Version du modèle")
    put(P, sh, 7, 1, "n", 3)


def footer(P, sh, cols, r):
    R = P.R
    if R.random() < 0.5:
        t = R.choice(["Budget adopté par le conseil d'administration du 12 mars 2025.", "Fait à Grenoble, le 3 avril 2025",
                      "Les contributions bénévoles (environ 1 200 heures) ne sont pas valorisées."]
                     if P.lang == "fr" else ["Approved by the board on 12 March 2025.", "Prepared by the treasurer, April 2025",
                                             "Volunteer time (about 1,200 hours) is not included."])
        put(P, sh, r, cols["label"], "s", t, fmt="note")


def ref(sh, rc):
    return ("ref", sh, rc[0], rc[1])


def agg_expr(P, sh, cells, style, contiguous):
    """Formula for an aggregate over cells (same column)."""
    refs = [ref(sh, x) for x in cells]
    if style == "typed":
        return "t", ("+", [(1, x) for x in refs])
    if style == "subtotal" and contiguous:
        return "f", ("SUBTOTAL", ("rng", sh, cells[0][0], cells[0][1], cells[-1][0], cells[-1][1]))
    if style == "plus" or style == "subtotal":
        if len(refs) == 1:
            return "f", refs[0]
        return "f", ("+", [(1, x) for x in refs])
    if contiguous and len(cells) > 1:
        return "f", ("SUM", [("rng", sh, cells[0][0], cells[0][1], cells[-1][0], cells[-1][1])])
    return "f", ("SUM", refs)


def place_side(P, sh, recs, cols, r, side, header, repeat=True):
    """Writes one side starting at row r; returns the next free row."""
    o, W, R = P.o, P.W, P.R
    b = P.book
    b.sheet(sh)
    money = o["money"]
    # header row
    if repeat:
        put(P, sh, r, cols["label"], "s", header, fmt="hdr")
        if "detail" in cols:
            put(P, sh, r, cols["detail"], "s", W["detail"], fmt="hdr")
        if "qty" in cols:
            put(P, sh, r, cols["qty"], "s", o["wqty"], fmt="hdr")
            put(P, sh, r, cols["pu"], "s", o["wpu"], fmt="hdr")
        for k, c in enumerate(cols["per"]):
            put(P, sh, r, c, "s", P.periods[k], fmt="hdr")
        if "total" in cols:
            put(P, sh, r, cols["total"], "s", W["tot"], fmt="hdr")
        if "pct" in cols:
            put(P, sh, r, cols["pct"], "s", o["wpct"], fmt="hdr")
        if "notes" in cols:
            put(P, sh, r, cols["notes"], "s", o["wnotes"], fmt="hdr")
    else:
        put(P, sh, r, cols["label"], "s", header, fmt="hdr")
    r += 1
    rows = {}
    for rec in recs:
        rec["row"] = r
        r += 1
    total_row = r
    r += 1
    style = o["style"]
    # group membership
    gi_items = {}
    gi_agg = {}
    for rec in recs:
        if rec["t"] == "item":
            gi_items.setdefault(rec["gi"], []).append(rec)
        elif rec["t"] == "agg":
            gi_agg[rec["gi"]] = rec
    groups = P.spec[side]
    lc = cols["label"]
    dc = cols.get("detail")
    # labels
    for rec in recs:
        t = rec["t"]
        if t == "blank":
            continue
        if dc is not None and rec.get("child"):
            if rec.get("cat"):
                put(P, sh, rec["row"], lc, "s", rec["cat"], fmt="bold")
            lab = rec["label"].strip()
            if lab:
                put(P, sh, rec["row"], dc, "s", lab)
        elif dc is not None and t == "agg" and rec.get("below"):
            put(P, sh, rec["row"], dc, "s", rec["label"], fmt="bold")
        else:
            put(P, sh, rec["row"], lc, "s", rec["label"], fmt="bold" if t in ("agg", "head") else None)
    put(P, sh, total_row, lc, "s", o["tc"] if side == "charges" else o["tp"], fmt="total")
    # amounts per period
    for k, pc in enumerate(cols["per"]):
        # items
        for rec in recs:
            if rec["t"] != "item":
                continue
            it = rec["item"]
            rr = rec["row"]
            if it["k"] == "in":
                if "qty" in cols and it.get("qs"):
                    put(P, sh, rr, cols["qty"], "n", it["qs"][k])
                    put(P, sh, rr, cols["pu"], "n", it["q"][1], fmt=money)
                    if style == "typed":
                        put(P, sh, rr, pc, "n", it["amts"][k], fmt=money)
                    else:
                        put(P, sh, rr, pc, "f", e=("*", ref(sh, (rr, cols["qty"])), ref(sh, (rr, cols["pu"]))), fmt=money)
                    P.prod_cells.append(dict(kind="product", sheet=sh, at=(rr, pc), q=(rr, cols["qty"]), p=(rr, cols["pu"]), label=it["l"]))
                else:
                    put(P, sh, rr, pc, "n", it["amts"][k], fmt=money)
                P.inputs.append(dict(sheet=sh, at=(rr, pc), side=side, item=it, k=k))
                if it.get("u"):
                    P.unit_cells.append(dict(kind="unit", sheet=sh, at=(rr, pc), rate=it["u"], months=12, label=it["l"]))
            elif it["k"] == "link":
                dsh, gi = rec["link"]
                put(P, sh, rr, pc, "f", e=("ref", dsh) + P.detail_cells[(gi, k)], fmt=money)
        # aggregates of groups
        comps_total = []
        for gi, g in enumerate(groups):
            items = gi_items.get(gi, [])
            cells = [(x["row"], pc) for x in items]
            if gi in gi_agg:
                ar = gi_agg[gi]["row"]
                kind, e = agg_expr(P, sh, cells, style, True)
                put(P, sh, ar, pc, kind, e=e, fmt=money)
                P.checks.append(dict(kind="sum", sheet=sh, at=(ar, pc), comps=cells, label=g["l"], side=side, level="sub"))
                P.aggs.append(dict(sheet=sh, at=(ar, pc), side=side, label=g["l"], level="sub"))
                comps_total.append((ar, pc))
                if side == "charges" and P.o["layout"] == "twosheet" and sh == P.o["detail_sheet"]:
                    P.detail_cells[(gi, k)] = (ar, pc)
            else:
                comps_total += cells
                if side == "charges" and P.o["layout"] == "twosheet" and sh == P.o["detail_sheet"]:
                    P.detail_cells[(gi, k)] = cells[0]
        # side total
        if style == "subtotal" and o["whole_subtotal"] and recs:
            e = ("SUBTOTAL", ("rng", sh, recs[0]["row"], pc, recs[-1]["row"], pc))
            put(P, sh, total_row, pc, "f", e=e, fmt=money)
        else:
            kind, e = agg_expr(P, sh, comps_total, "sum" if style == "subtotal" and R.random() < 0.5 else style,
                               [x[0] for x in comps_total] == list(range(comps_total[0][0], comps_total[0][0] + len(comps_total))))
            put(P, sh, total_row, pc, kind, e=e, fmt=money)
        P.checks.append(dict(kind="sum", sheet=sh, at=(total_row, pc), comps=comps_total,
                             label=o["tc"] if side == "charges" else o["tp"], side=side, level="total"))
        P.aggs.append(dict(sheet=sh, at=(total_row, pc), side=side, label="total", level="total"))
        if P.o["layout"] == "twosheet" and sh == P.o["detail_sheet"]:
            pass
        elif side == "charges":
            P.tc[k] = (sh, (total_row, pc))
        else:
            P.tp[k] = (sh, (total_row, pc))
        P.side_rows = getattr(P, "side_rows", {})
        P.side_rows.setdefault((sh, side), []).append((recs, total_row, pc, k))
    # notes
    if "notes" in cols:
        for rec in recs:
            if rec["t"] == "item" and rec["item"].get("n"):
                put(P, sh, rec["row"], cols["notes"], "s", rec["item"]["n"], fmt="note")
            elif rec["t"] == "item" and rec["item"].get("qs") and "qty" not in cols and R.random() < 0.6 and P.np == 1:
                it = rec["item"]
                cur = "€" if P.lang == "fr" else o["cur"]
                p = it["q"][1]
                ps = (f"{p:g}".replace(".", ",") + " €") if P.lang == "fr" else f"{cur}{p:g}"
                put(P, sh, rec["row"], cols["notes"], "s", f"{it['qs'][0]} × {ps}", fmt="note")
            elif rec["t"] == "item" and side == "produits" and R.random() < 0.4:
                put(P, sh, rec["row"], cols["notes"], "s", R.choice(
                    ["acquis", "sollicité", "en attente de réponse", "convention du 14/02/2025"] if P.lang == "fr"
                    else ["confirmed", "applied for", "pending", "letter of 14/02/2025"]), fmt="note")
    P.pending = getattr(P, "pending", [])
    P.pending.append((sh, side, recs, cols, total_row))
    return r


def result_row(P, sh, cols, r):
    o = P.o
    put(P, sh, r, cols["label"], "s", o["wres"], fmt="total")
    for k, pc in enumerate(cols["per"]):
        tps, tpc = P.tp[k]
        tcs, tcc = P.tc[k]
        e = ("+", [(1, ref(tps, tpc)), (-1, ref(tcs, tcc))])
        put(P, sh, r, pc, "t" if o["style"] == "typed" else "f", e=e, fmt=o["money"])
        P.result_cells.append(dict(kind="result", sheet=sh, at=(r, pc), prod=tpc, charges=tcc, k=k))
    if "total" in cols:
        P.pending.append((sh, "result", [dict(t="item", row=r, item=dict(k="res"))], cols, None))


def finish(P):
    """Rate and balancing expressions (they need the totals), Total and % columns, checks."""
    o = P.o
    style = o["style"]
    kind = "t" if style == "typed" else "f"
    for (sh, side, recs, cols, total_row) in P.pending:
        if side == "result":
            continue
        for k, pc in enumerate(cols["per"]):
            for rec in recs:
                if rec["t"] != "item":
                    continue
                it = rec["item"]
                rr = rec["row"]
                if it["k"] == "rate":
                    base = rate_base(P, sh, side, it, recs, rec, pc, k)
                    be = ("+", [(1, ref(bs, bc)) for bs, bc in base]) if len(base) > 1 else ref(*base[0])
                    if P.R.random() < 0.5 or style == "typed":
                        e = ("ROUND", ("*", be, ("num", it["pct"])), 0)
                    else:
                        e = ("*", be, ("num", it["pct"]))
                    put(P, sh, rr, pc, kind, e=e, fmt=o["money"])
                    P.rate_cells.append(dict(kind="rate", sheet=sh, at=(rr, pc), pct=it["pct"], base=[bc for _, bc in base],
                                             bsheet=base[0][0], label=it["l"]))
                elif it["k"] == "bal":
                    tcs, tcc = P.tc[k]
                    others = []
                    for rr2 in recs:
                        if rr2["t"] == "item" and rr2["item"]["k"] in ("in", "rate"):
                            others.append((-1, ref(sh, (rr2["row"], pc))))
                    e = ("+", [(1, ref(tcs, tcc))] + others)
                    put(P, sh, rr, pc, kind, e=e, fmt=o["money"])
                    P.bal_cells.append(dict(sheet=sh, at=(rr, pc), k=k))
    # Total column and % column
    for (sh, side, recs, cols, total_row) in P.pending:
        rows = [rec["row"] for rec in recs if rec["t"] in ("item", "agg")]
        if total_row is not None:
            rows.append(total_row)
        if "total" in cols:
            for rr in rows:
                cells = [(rr, pc) for pc in cols["per"]]
                if style == "typed":
                    e = ("+", [(1, ref(sh, x)) for x in cells])
                    put(P, sh, rr, cols["total"], "t", e=e, fmt=o["money"])
                elif o["total_sum"]:
                    put(P, sh, rr, cols["total"], "f", e=("SUM", [("rng", sh, rr, cells[0][1], rr, cells[-1][1])]), fmt=o["money"])
                else:
                    put(P, sh, rr, cols["total"], "f", e=("+", [(1, ref(sh, x)) for x in cells]), fmt=o["money"])
                P.cross_cells.append(dict(kind="cross", sheet=sh, at=(rr, cols["total"]), comps=cells, label="Total column"))
        if "pct" in cols and total_row is not None:
            lastc = cols.get("total", cols["per"][-1])
            for rr in rows:
                e = ("/", ref(sh, (rr, lastc)), ref(sh, (total_row, lastc)))
                put(P, sh, rr, cols["pct"], "t" if style == "typed" else "f", e=e, fmt="pct")
                P.pct_cells.append((sh, (rr, cols["pct"])))
    for (sh, side, recs, cols, total_row) in P.pending:
        if side == "produits" and total_row is not None:
            for k, pc in enumerate(cols["per"]):
                tcs, tcc = P.tc[k]
                P.checks.append(dict(kind="balance", sheet=sh, at=(total_row, pc), charges=tcc, csheet=tcs))


def rate_base(P, sh, side, it, recs, rec, pc, k):
    """Cells the percentage applies to."""
    if it["base"] == "total":
        return [P.tc[k]]
    out = []
    # group aggregates / items of the charges side on the sheet that holds the groups
    groups = P.spec["charges"]
    if P.o["layout"] == "twosheet":
        gsh = P.o["detail_sheet"]
    else:
        gsh = P.tc[k][0]
    # find the charge records on gsh
    for (s2, sd2, recs2, cols2, tr2) in P.pending:
        if s2 == gsh and sd2 == "charges":
            crecs, ccols = recs2, cols2
    cpc = ccols["per"][k]
    aggrow = {r_["gi"]: r_["row"] for r_ in crecs if r_["t"] == "agg"}
    if it["base"] == "direct":
        names = []
        for g in groups:
            if g["items"][0] is it:
                break
            if g["items"][0]["k"] == "rate":
                continue
            names.append(g["l"])
    else:
        names = it["base"]
    for gi, g in enumerate(groups):
        if g["l"] in names:
            if gi in aggrow:
                out.append((gsh, (aggrow[gi], cpc)))
            else:
                out += [(gsh, (r_["row"], cpc)) for r_ in crecs if r_["t"] == "item" and r_["gi"] == gi]
    return out
