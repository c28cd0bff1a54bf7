"""Vertical / side-by-side plan builder: lays out groups of lines, registers the checks."""
from core import addr, fr_text


def I(label, amts, **kw):
    d = dict(label=label, amts=list(amts), dont=[], kind="item")
    d.update(kw)
    return d


def G(label, items, pos="none", sublabel=None):
    return dict(label=label, items=items, pos=pos, sublabel=sublabel)


class VPlan:
    """spec keys: periods, fmt, mode ('formula'|'typed'|'text'), total_col, xt_style, qty, remark,
    head_c, head_p, tot_c, tot_p, result, cvn, agg_style ('sum'|'plus')"""

    def __init__(self, book, sh, spec, rng):
        self.b, self.sh, self.s, self.rng = book, sh, spec, rng
        self.np = len(spec["periods"])
        self.items = []      # all item dicts written
        self.aggrows = []    # dict(cells, comps, kind, label)
        self.xt = []
        self.result_cells = None

    # ------------------------------------------------------------------ amounts
    def resolve(self):
        s = self.s
        np = self.np

        def top_sum(groups, upto=None):
            tot = [0.0] * np
            for g in groups:
                for it in g["items"]:
                    if it is upto:
                        return tot
                    if upto is not None and g.get("nobase"):
                        continue
                    if it.get("dont"):
                        it["amts"] = [sum((d["amts"][k] or 0) for d in it["dont"]) if any(d["amts"][k] is not None for d in it["dont"]) else None for k in range(np)]
                    for k in range(np):
                        tot[k] += it["amts"][k] or 0
            return tot

        for side in ("charges", "produits"):
            for g in s[side]:
                for it in g["items"]:
                    if it.get("rate") and it["rate"][1] == "direct":
                        base = top_sum(s[side], upto=it)
                        off = it.get("rate_off", 0)
                        it["amts"] = [round(it["rate"][0] * base[k]) + (off if k == it.get("off_k", 0) else 0) for k in range(np)]
                    if it.get("qty"):
                        q, p = it["qty"]
                        it["amts"] = [round(q * p, 2) + it.get("prod_off", 0)]
        C = top_sum(s["charges"])
        for g in s["produits"]:
            for it in g["items"]:
                if it.get("rate") and it["rate"][1] == "total_c":
                    it["amts"] = [round(it["rate"][0] * C[k]) + (it.get("rate_off", 0) if k == it.get("off_k", 0) else 0) for k in range(np)]
        bal = [it for side in ("charges", "produits") for g in s[side] for it in g["items"] if it.get("balance")]
        if bal:
            it = bal[0]
            it["amts"] = [0] * np
            it_side = "charges" if any(it is x for g in s["charges"] for x in g["items"]) else "produits"
            C = top_sum(s["charges"])
            P = top_sum(s["produits"])
            if it_side == "produits":
                it["amts"] = [round(C[k] - P[k], 2) for k in range(np)]
            else:
                it["amts"] = [round(P[k] - C[k], 2) for k in range(np)]
            assert all(a >= 0 for a in it["amts"]), (self.b.name, it["label"], it["amts"])
        if s.get("cvn"):
            c86, p87 = s["cvn"]["c86"], s["cvn"]["p87"]
            for k in range(np):
                assert abs(sum(a[k] or 0 for _, a in c86) - sum(a[k] or 0 for _, a in p87)) < 0.01

    # ------------------------------------------------------------------ cells
    def amount(self, r, k, v, f=None, bold=False):
        """Write one period amount (typed, text or formula)."""
        c = self.s["pcols"][k]
        fmt = self.s.get("fmt", "eur0")
        mode = self.s.get("mode", "formula")
        if f and mode == "formula":
            self.sh.set(r, c, None, f=f, fmt=fmt, bold=bold)
        elif v is None:
            pass
        elif mode == "text":
            self.sh.set(r, c, self.text(v), bold=bold)
        else:
            self.sh.set(r, c, v, fmt=fmt, bold=bold)
        a = addr(r, c)
        self.b.amount_cells.add((self.sh.name, a))
        return a

    def text(self, v):
        if v == 0 and self.s.get("dash_zero"):
            return self.rng.choice(["—", "-", "–"])
        style = self.s.get("text_style", "space")
        return fr_text(v, decimals=self.s.get("text_dec", 2), sep=self.s.get("text_sep", "\u00a0"), style=style)

    def agg_formula(self, cells):
        if not cells:
            return None
        if any(c in getattr(self, "textcells", ()) for c in cells):
            return "=SUM(" + ",".join(cells) + ")"
        rows = [int("".join(ch for ch in a if ch.isdigit())) for a in cells]
        colz = {"".join(ch for ch in a if ch.isalpha()) for a in cells}
        st = self.s.get("agg_style", "sum")
        if st == "sum" and len(colz) == 1 and rows == list(range(rows[0], rows[0] + len(rows))) and len(cells) > 1:
            return f"=SUM({cells[0]}:{cells[-1]})"
        if st == "subtotal" and len(colz) == 1 and rows == list(range(rows[0], rows[0] + len(rows))) and len(cells) > 1:
            return f"=SUBTOTAL(9,{cells[0]}:{cells[-1]})"
        return "=" + "+".join(cells)

    def label(self, r, text, level=0, bold=False, italic=False):
        lc = self.s["lcol"]
        t = text
        if self.s.get("label_trail"):
            t = t + self.rng.choice(["", " ", "  ", "\u00a0"])
        self.sh.set(r, lc, t, bold=bold, italic=italic, indent=level if self.s.get("indent", True) else 0)

    def xtotal(self, r, cells, bold=False):
        tc = self.s.get("tcol")
        if tc is None:
            return
        vals = None
        st = self.s.get("xt_style", "sum")
        if self.s.get("mode") == "text" or st == "typed":
            v = self.pending_values(cells)
            if self.s.get("mode") == "text":
                self.sh.set(r, tc, self.text(v), bold=bold)
            else:
                self.sh.set(r, tc, v, fmt=self.s.get("fmt", "eur0"), bold=bold)
        elif st == "sum":
            self.sh.set(r, tc, None, f=f"=SUM({cells[0]}:{cells[-1]})", fmt=self.s.get("fmt", "eur0"), bold=bold)
        else:
            self.sh.set(r, tc, None, f="=" + "+".join(cells), fmt=self.s.get("fmt", "eur0"), bold=bold)
        a = addr(r, tc)
        self.b.xtotals.append((self.sh.name, a, [(self.sh.name, x) for x in cells]))
        self.b.amount_cells.add((self.sh.name, a))
        self.xt.append(dict(cell=a, row=r, comps=cells))

    def pending_values(self, cells):
        # value of cells as they will be evaluated: computed from the rows' known amounts
        return sum(self.known.get(x, 0) or 0 for x in cells)

    # ------------------------------------------------------------------ layout of one section
    def section_rows(self, side):
        """Descriptors for one side, in order."""
        out = []
        for g in self.s[side]:
            if g["label"] is not None:
                out.append(("head", g))
            for it in g["items"]:
                out.append(("item", it, 0))
                for d in it.get("dont", []):
                    out.append(("item", d, 1))
            if g["pos"] == "below":
                out.append(("sub", g))
        return out

    def write_section(self, side, rows, r0):
        """Write descriptor rows starting at r0; returns (next row, list of top comps cells per period)."""
        np = self.np
        s = self.s
        r = r0
        top = [[] for _ in range(np)]
        for desc in rows:
            if desc[0] == "head":
                g = desc[1]
                g["row"] = r
                self.label(r, g["label"], 0, bold=True)
                r += 1
            elif desc[0] == "item":
                it, lvl = desc[1], desc[2]
                it["row"] = r
                it["side"] = side
                self.label(r, it["label"], lvl + (1 if s.get("indent_items") else 0), italic=(lvl == 1 and s.get("dont_italic", True)))
                if it.get("remark") and s.get("rcol") is not None:
                    self.sh.set(r, s["rcol"], it["remark"], italic=True)
                r += 1
            elif desc[0] == "sub":
                g = desc[1]
                g["subrow"] = r
                self.label(r, g.get("sublabel") or f"Sous-total {g['label'].lower()}", 0, bold=True)
                r += 1
            elif desc[0] == "blank":
                r += 1
        return r

    def fill_section(self, side):
        """After rows are placed: amounts, aggregates; returns top-level comps per period."""
        np = self.np
        s = self.s
        top = [[] for _ in range(np)]
        self.nobase_cells = getattr(self, "nobase_cells", set())
        for g in s[side]:
            gcells = [[] for _ in range(np)]
            for it in g["items"]:
                r = it["row"]
                cells = []
                for d in it.get("dont", []):
                    dc = [self.put_item(d, k) for k in range(np)]
                    d["cells"] = dc
                    self.items.append(d)
                    d["is_dont"] = True
                    self.xt_row(d)
                for k in range(np):
                    if it.get("dont"):
                        comps = [d["cells"][k] for d in it["dont"]]
                        a = self.amount(r, k, it["amts"][k], f=self.agg_formula(comps))
                        self.known[a] = it["amts"][k]
                        self.b.aggs.append((self.sh.name, a, [(self.sh.name, x) for x in comps], it["label"]))
                    elif it.get("rate"):
                        pct, scope = it["rate"][0], it["rate"][1]
                        base = [x for x in (top[k] + gcells[k]) if x not in self.nobase_cells] if scope == "direct" else [self.totc[k]]
                        v = it["amts"][k]
                        f = None
                        if not it.get("rate_off") and self.s.get("rate_formula", True):
                            f = f"=ROUND({pct}*({'+'.join(base)}),0)"
                            if any(x in getattr(self, "textcells", ()) for x in base):
                                f = f"=ROUND({pct}*SUM({','.join(base)}),0)"
                        a = self.amount(r, k, v, f=f)
                        self.known[a] = v
                        self.b.rates.append((self.sh.name, a, pct, [(self.sh.name, x) for x in base], it["label"]))
                    else:
                        a = self.put_item(it, k)
                    cells.append(a)
                it["cells"] = cells
                self.items.append(it)
                if it.get("dont"):
                    self.aggrows.append(dict(cells=cells, comps=[[d["cells"][k] for d in it["dont"]] for k in range(np)], kind="dont", label=it["label"]))
                self.xt_row(it)
                for k in range(np):
                    gcells[k].append(cells[k])
            if g["pos"] in ("above", "below"):
                r = g["row"] if g["pos"] == "above" else g["subrow"]
                cells = []
                for k in range(np):
                    v = sum(self.known.get(x) or 0 for x in gcells[k])
                    a = self.amount(r, k, v, f=self.agg_formula(gcells[k]) if s.get("sub_mode", "formula") == "formula" else None, bold=True)
                    self.known[a] = v
                    self.b.aggs.append((self.sh.name, a, [(self.sh.name, x) for x in gcells[k]], g["label"]))
                    cells.append(a)
                    top[k].append(a)
                g["cells"] = cells
                if g.get("nobase"):
                    self.nobase_cells.update(cells)
                self.aggrows.append(dict(cells=cells, comps=gcells, kind="sub", label=g["label"], row=r))
                self.xt_row_cells(r, cells, bold=True)
            else:
                for k in range(np):
                    top[k] += gcells[k]
        return top

    def put_item(self, it, k):
        r = it["row"]
        v = it["amts"][k]
        f = None
        s = self.s
        if it.get("qty") and s.get("qcols"):
            qc, pc = s["qcols"]
            q, p = it["qty"]
            self.sh.set(r, qc, q, fmt="int" if float(q).is_integer() else "dec2")
            self.sh.set(r, pc, p, fmt=s.get("fmt", "eur0") if float(p).is_integer() else "eur2")
            if s.get("mode", "formula") == "formula" and not it.get("prod_off") and s.get("prod_formula", True):
                f = f"={addr(r, qc)}*{addr(r, pc)}"
            a = addr(r, s["pcols"][k])
            self.b.products.append((self.sh.name, a, addr(r, qc), addr(r, pc)))
        if it.get("rate"):
            it["rate_row"] = True
        if it.get("placeholder") is not None and k == it.get("ph_k", 0):
            c = s["pcols"][k]
            self.sh.set(r, c, it["placeholder"])
            a = addr(r, c)
            self.b.missing.append((self.sh.name, a, f"'{it['label'].strip()}' holds only '{it['placeholder']}' where an amount is expected"))
            self.known[a] = None
            self.textcells = getattr(self, "textcells", set()) | {a}
            return a
        if v is None and it.get("missing_k") == k:
            c = s["pcols"][k]
            a = addr(r, c)
            self.b.missing.append((self.sh.name, a, f"'{it['label'].strip()}' has amounts in the other periods but none here"))
            self.known[a] = None
            return a
        a = self.amount(r, k, v, f=f)
        self.known[a] = v
        if v is None:
            return a
        return a

    def xt_row(self, it):
        self.xt_row_cells(it["row"], it["cells"])

    def xt_row_cells(self, r, cells, bold=False):
        if self.s.get("tcol") is None:
            return
        self.xtotal(r, cells, bold=bold)

    def total_row(self, r, label, comps, side, bold=True):
        self.label(r, label, 0, bold=True)
        cells = []
        np = self.np
        for k in range(np):
            v = sum(self.known.get(x) or 0 for x in comps[k])
            typed = self.s.get("tot_mode") == "typed"
            a = self.amount(r, k, v, f=None if typed else self.agg_formula(comps[k]), bold=True)
            self.known[a] = v
            self.b.aggs.append((self.sh.name, a, [(self.sh.name, x) for x in comps[k]], label))
            cells.append(a)
        self.aggrows.append(dict(cells=cells, comps=comps, kind="total", label=label, row=r, side=side))
        self.xt_row_cells(r, cells, bold=True)
        return cells

    def header(self, r, text, with_periods=True):
        s = self.s
        self.sh.set(r, s["lcol"], text, bold=True)
        if with_periods:
            for k, p in enumerate(s["periods"]):
                self.sh.set(r, s["pcols"][k], p, bold=True)
            if s.get("tcol") is not None:
                self.sh.set(r, s["tcol"], s.get("total_label", "Total"), bold=True)
            if s.get("qcols"):
                self.sh.set(r, s["qcols"][0], s["qty"][0], bold=True)
                self.sh.set(r, s["qcols"][1], s["qty"][1], bold=True)
            if s.get("rcol") is not None:
                self.sh.set(r, s["rcol"], s.get("remark_label", "Observations"), bold=True)

    # ------------------------------------------------------------------ whole vertical plan
    def build(self, r0):
        s = self.s
        self.known = {}
        self.resolve()
        r = r0
        self.header(r, s.get("head_c", "CHARGES"))
        r += 1
        rows = self.section_rows("charges")
        r = self.write_section("charges", rows, r)
        topc = self.fill_section("charges")
        self.totc = self.total_row(r, s.get("tot_c", "TOTAL DES CHARGES"), topc, "charges")
        r += 1
        c86cells = None
        if s.get("cvn") and s["cvn"].get("stacked", True):
            r = self.cvn_block(r, "c86")
            c86cells = self.cvn_tot
            self.finc = self.final_row(r, s["cvn"]["fin_c"], self.totc, c86cells, "charges")
            r += 1
        r += s.get("gap", 1)
        self.header(r, s.get("head_p", "PRODUITS"), with_periods=s.get("repeat_header", True))
        r += 1
        rows = self.section_rows("produits")
        r = self.write_section("produits", rows, r)
        topp = self.fill_section("produits")
        self.totp = self.total_row(r, s.get("tot_p", "TOTAL DES PRODUITS"), topp, "produits")
        for k in range(self.np):
            self.b.balances.append((self.sh.name, self.totc[k], self.totp[k]))
        r += 1
        if s.get("cvn"):
            r = self.cvn_block(r, "p87")
            p87 = self.cvn_tot
            for k in range(self.np):
                self.b.balances.append((self.sh.name, c86cells[k], p87[k]))
            self.finp = self.final_row(r, s["cvn"]["fin_p"], self.totp, p87, "produits")
            for k in range(self.np):
                self.b.balances.append((self.sh.name, self.finc[k], self.finp[k]))
            r += 1
        if s.get("result"):
            r += s.get("result_gap", 0)
            self.label(r, s["result"], 0, bold=True)
            cells = []
            for k in range(self.np):
                a = self.amount(r, k, 0.0, f=f"={self.totp[k]}-{self.totc[k]}", bold=True)
                self.known[a] = 0.0
                self.b.results.append((self.sh.name, a, (self.sh.name, self.totp[k]), (self.sh.name, self.totc[k])))
                cells.append(a)
            self.result_cells = cells
            self.xt_row_cells(r, cells, bold=True)
            r += 1
        last_c = self.finc if s.get("cvn") else self.totc
        last_p = self.finp if s.get("cvn") else self.totp
        self.b.tot_c = [(self.sh.name, a) for a in last_c]
        self.b.tot_p = [(self.sh.name, a) for a in last_p]
        return r

    def cvn_block(self, r, key):
        s = self.s
        cv = s["cvn"]
        self.label(r, cv["head_" + key], 0, bold=True)
        r += 1
        cells = [[] for _ in range(self.np)]
        for lab, amts in cv[key]:
            self.label(r, lab, 1)
            rc = []
            for k in range(self.np):
                a = self.amount(r, k, amts[k])
                self.known[a] = amts[k]
                cells[k].append(a)
                rc.append(a)
            self.xt_row_cells(r, rc)
            r += 1
        lab = cv["tot_" + key]
        self.label(r, lab, 0, bold=True)
        tot = []
        for k in range(self.np):
            v = sum(self.known.get(x) or 0 for x in cells[k])
            a = self.amount(r, k, v, f=self.agg_formula(cells[k]), bold=True)
            self.known[a] = v
            self.b.aggs.append((self.sh.name, a, [(self.sh.name, x) for x in cells[k]], lab))
            tot.append(a)
        self.xt_row_cells(r, tot, bold=True)
        self.cvn_tot = tot
        return r + 1

    def final_row(self, r, label, tot, cv, side):
        self.label(r, label, 0, bold=True)
        cells = []
        for k in range(self.np):
            comps = [tot[k], cv[k]]
            v = sum(self.known.get(x) or 0 for x in comps)
            a = self.amount(r, k, v, f="=" + "+".join(comps), bold=True)
            self.known[a] = v
            self.b.aggs.append((self.sh.name, a, [(self.sh.name, x) for x in comps], label))
            cells.append(a)
        self.xt_row_cells(r, cells, bold=True)
        return cells
