"""Vertical plan layout helper and error injections."""
from core import a1, fmt_text, propagate, compute_caches, Evaluator, parse_text, _round


def L(id, label, vals, **kw):
    return dict(t="line", id=id, label=label, vals=vals, **kw)


def H(label, **kw):
    return dict(t="head", label=label, **kw)


def A(id, label, kids, **kw):
    return dict(t="agg", id=id, label=label, kids=kids, **kw)


def R(id, label, pct, base, **kw):
    return dict(t="rate", id=id, label=label, pct=pct, base=base, **kw)


def RES(id, label, p, c, **kw):
    return dict(t="res", id=id, label=label, p=p, c=c, **kw)


def BL():
    return dict(t="blank")


def TX(text, **kw):
    return dict(t="text", label=text, **kw)


class Handle:
    def __init__(self, sh):
        self.sh = sh
        self.items = {}
        self.order = []


def vplan(book, sh, r0, spec, items, val_override=None):
    """Lay items out from row r0. spec: lc, pcols, tcol, qcol, ucol, ncol, fmt, tfmt, form,
    rateform, crossform, resform, prodform, text (text style or None), bold_aggs, pctcol, pct_of,
    varcol. Returns (Handle, next_row)."""
    lc = spec["lc"]
    pcols = spec["pcols"]
    P = len(pcols)
    h = Handle(sh)
    byid = {it["id"]: it for it in items if "id" in it}
    memo = {}

    def val(id, pi):
        k = (id, pi)
        if k in memo:
            return memo[k]
        it = byid[id]
        t = it["t"]
        if t == "line":
            if "q" in it:
                v = it["q"] * it["u"] if pi == 0 else None
            else:
                v = it["vals"][pi]
        elif t == "agg":
            v = sum(val(k2, pi) or 0 for k2 in it["kids"])
        elif t == "rate":
            raw = it["pct"] * sum(val(k2, pi) or 0 for k2 in it["base"])
            v = _round(raw, it.get("nd", 2)) if it.get("round", True) else raw
        elif t == "res":
            v = val(it["p"], pi) - val(it["c"], pi)
        memo[k] = v
        return v

    # rows
    r = r0
    rows = {}
    for it in items:
        it["row"] = r
        if "id" in it:
            rows[it["id"]] = r
        r += 1
    fmt = spec.get("fmt")
    tstyle = spec.get("text")
    for it in items:
        r = it["row"]
        t = it["t"]
        if t == "blank":
            continue
        bold = it.get("bold", t in ("agg", "res") and spec.get("bold_aggs", True) or t == "head")
        if "cells" in it:  # header-like row
            for c, v in it["cells"].items():
                sh.set(r, c, v, bold=it.get("bold", True), align=it.get("align"), wrap=it.get("wrap", False))
            continue
        sh.set(r, lc, it["label"], bold=bold, indent=it.get("indent", 0), italic=it.get("italic", False))
        for c, v in it.get("extra", {}).items():
            sh.set(r, c, v, italic=True)
        if t in ("head", "text"):
            continue
        info = dict(t=t, row=r, sec=it.get("sec"), cells=[], label=it["label"], form=None, id=it["id"])
        h.items[it["id"]] = info
        h.order.append(it["id"])
        if spec.get("ncol") is not None and it.get("note"):
            sh.set(r, spec["ncol"], it["note"], italic=False, wrap=True)
        for pi, pc in enumerate(pcols):
            v = val(it["id"], pi)
            x = (sh.name, r, pc)
            info["cells"].append(x)
            form = it.get("form") or {"agg": spec.get("form", "sum"), "rate": spec.get("rateform", "formula"),
                                      "res": spec.get("resform", "formula"), "line": "typed"}[t]
            if t == "line" and "q" in it:
                form = spec.get("prodform", "typed")
            if tstyle:
                form = "typed"
            info["form"] = form
            f = None
            if t == "agg":
                krows = [rows[k] for k in it["kids"]]
                contiguous = krows == list(range(min(krows), max(krows) + 1)) and len(krows) > 1
                if form == "sum" and contiguous:
                    f = f"=SUM({a1(min(krows), pc)}:{a1(max(krows), pc)})"
                elif form == "subtotal" and contiguous:
                    f = f"=SUBTOTAL(9,{a1(min(krows), pc)}:{a1(max(krows), pc)})"
                elif form != "typed":
                    f = "=" + "+".join(a1(k, pc) for k in krows)
                book.rel("agg", x, comps=[(sh.name, rows[k], pc) for k in it["kids"]], label=it["label"], tstyle=tstyle)
            elif t == "rate":
                base = "+".join(a1(rows[k], pc) for k in it["base"])
                if len(it["base"]) > 1:
                    base = f"({base})"
                if form != "typed":
                    pstr = it.get("pstr") or f"{it['pct']:g}"
                    if it.get("round", True):
                        f = f"=ROUND({base}*{pstr},{it.get('nd', 2)})"
                    else:
                        f = f"={base}*{pstr}"
                book.rel("rate", x, pct=it["pct"], base=[(sh.name, rows[k], pc) for k in it["base"]],
                         label=it["label"], nd=it.get("nd", 2), tstyle=tstyle)
            elif t == "res":
                if form != "typed":
                    f = f"={a1(rows[it['p']], pc)}-{a1(rows[it['c']], pc)}"
                book.rel("result", x, p=(sh.name, rows[it["p"]], pc), c=(sh.name, rows[it["c"]], pc), label=it["label"])
            elif t == "line" and "q" in it:
                qc, uc = spec["qcol"], spec["ucol"]
                sh.set(r, qc, it["q"], fmt=spec.get("qfmt"))
                sh.set(r, uc, it["u"], fmt=spec.get("ufmt", fmt))
                if form != "typed":
                    f = f"={a1(r, qc)}*{a1(r, uc)}"
                book.rel("product", x, qty=(sh.name, r, qc), price=(sh.name, r, uc), label=it["label"])
            cfmt = it.get("fmt", spec.get("tfmt") if t in ("agg", "res") and spec.get("tfmt") else fmt)
            if f:
                sh.set(r, pc, None, f=f, fmt=cfmt, bold=bold)
            elif v is None:
                if it.get("placeholder"):
                    sh.set(r, pc, it["placeholder"], fmt=cfmt)
            elif tstyle and not it.get("numeric"):
                cell = sh.set(r, pc, fmt_text(v, tstyle), bold=bold)
                cell.amount_text = True
            else:
                sh.set(r, pc, v, fmt=cfmt, bold=bold)
        # Total column (cross-total)
        tcol = spec.get("tcol")
        if tcol is not None and not it.get("notot"):
            x = (sh.name, r, tcol)
            info["tcell"] = x
            cf = spec.get("crossform", "formula")
            if tstyle:
                cf = "typed"
            tv = sum(val(it["id"], pi) or 0 for pi in range(P))
            if cf == "formula":
                if spec.get("crossplus"):
                    f = "=" + "+".join(a1(r, pc) for pc in pcols)
                else:
                    f = f"=SUM({a1(r, pcols[0])}:{a1(r, pcols[-1])})"
                sh.set(r, tcol, None, f=f, fmt=spec.get("tfmt") or fmt, bold=bold)
            elif tstyle:
                cell = sh.set(r, tcol, fmt_text(tv, tstyle), bold=bold)
                cell.amount_text = True
            else:
                sh.set(r, tcol, tv, fmt=spec.get("tfmt") or fmt, bold=bold)
            book.rel("cross", x, comps=[(sh.name, r, pc) for pc in pcols], label=it["label"], tstyle=tstyle)
        # % of total and variance columns (formulas, not periods)
        if spec.get("pctcol") is not None and spec.get("pct_of") in rows:
            pc0 = pcols[spec.get("pct_pi", -1)]
            den = rows[spec["pct_of"]]
            sh.set(r, spec["pctcol"], None, f=f"={a1(r, pc0)}/{col_dollar(pc0)}${den + 1}", fmt="0.0%")
        if spec.get("varcol") is not None:
            vc, ia, ib = spec["varcol"]
            sh.set(r, vc, None, f=f"={a1(r, pcols[ib])}-{a1(r, pcols[ia])}", fmt=fmt)
            if spec.get("varpct") is not None:
                va = val(it["id"], ia)
                if va:
                    sh.set(r, spec["varpct"], None, f=f"=({a1(r, pcols[ib])}-{a1(r, pcols[ia])})/{a1(r, pcols[ia])}", fmt="0.0%")
                else:
                    sh.set(r, spec["varpct"], "n/a", align="right")
    return h, items[-1]["row"] + 1 if items else r0


def col_dollar(c):
    from core import col_letter
    return "$" + col_letter(c)


# ---------------------------------------------------------------- injections

DELTAS = [100, 150, 200, 250, 300, 400, 500, 600, 750, 900, 1000, 1200, 1500, 2000, 2500, 3000, 5000]


def _num(book, x):
    return Evaluator(book).num(*x)


def _cell(book, x):
    return book.sheet(x[0]).get(x[1], x[2])


def _set_typed(book, x, v):
    cell = _cell(book, x)
    if cell is None:
        cell = book.sheet(x[0]).set(x[1], x[2], None)
    tstyle = None
    for rel in book.rels:
        if tuple(rel["target"]) == tuple(x):
            tstyle = rel.get("tstyle")
    cell.f = None
    if cell.amount_text and tstyle:
        cell.v = fmt_text(v, tstyle)
    else:
        cell.v = v


def _delta(rng, old):
    s = str(int(abs(old)))
    if len(s) >= 3 and rng.random() < 0.35:
        i = rng.randrange(len(s) - 1)
        if s[i] != s[i + 1]:
            sw = s[:i] + s[i + 1] + s[i] + s[i + 2:]
            return float(int(sw) - int(s)) * (1 if old >= 0 else -1)
    return rng.choice(DELTAS) * rng.choice([1, -1])


def _lines(hs, sec=None, typed=True, multi=None):
    out = []
    for h in hs:
        for id in h.order:
            it = h.items[id]
            if it["t"] != "line" or (sec and it["sec"] != sec):
                continue
            out.append(it)
    return out


def inject(book, hs, kind, rng, producer):
    """Apply one error of `kind`; return a description or None if not applicable."""
    desc = None
    prop = rng.random() < 0.7
    skip = () if rng.random() < 0.5 else ("result",)
    if kind == "sum":
        cands = []
        for h in hs:
            for id in h.order:
                it = h.items[id]
                if it["t"] == "agg":
                    for x in it["cells"]:
                        if x in book.frozen:
                            continue
                        cands.append((it, x))
        if not cands:
            return None
        it, x = rng.choice(cands)
        cell = _cell(book, x)
        rel = next(r for r in book.rels if r["kind"] == "agg" and tuple(r["target"]) == x)
        comps = rel["comps"]
        if cell.f and cell.f.startswith("=SUM(") and len(comps) > 2 and rng.random() < 0.6:
            # formula stops one line short
            last = comps[-1]
            if not _num(book, last):
                return None
            cell.f = f"=SUM({a1(comps[0][1], x[2])}:{a1(comps[-2][1], x[2])})"
            desc = f"sum: {x[0]}!{a1(x[1], x[2])} formula stops before row {last[1] + 1}"
        else:
            old = _num(book, x) or 0
            d = _delta(rng, old)
            _set_typed(book, x, old + d)
            desc = f"sum: {x[0]}!{a1(x[1], x[2])} typed {old + d} instead of {old}"
        book.frozen.add(x)
        if prop:
            propagate(book, [x], skip_kinds=skip, freeze=book.frozen)
        return desc
    if kind == "sum.rounding":
        cands = []
        for h in hs:
            for id in h.order:
                it = h.items[id]
                if it["t"] == "agg":
                    for x in it["cells"]:
                        rel = next(r for r in book.rels if r["kind"] == "agg" and tuple(r["target"]) == x)
                        if len(rel["comps"]) >= 2 and x not in book.frozen:
                            cands.append(x)
        if not cands:
            return None
        x = rng.choice(cands)
        old = _num(book, x) or 0
        d = rng.choice([1, -1])
        _set_typed(book, x, old + d)
        book.frozen.add(x)
        if prop:
            propagate(book, [x], skip_kinds=skip, freeze=book.frozen)
        return f"sum.rounding: {x[0]}!{a1(x[1], x[2])} {old} -> {old + d}"
    if kind == "balance":
        if not any(r["kind"] == "balance" for r in book.rels):
            return None
        ls = [it for it in _lines(hs, "p") if it["form"] == "typed"]
        cands = [x for it in ls for x in it["cells"] if _num(book, x) and x not in book.frozen]
        if not cands:
            return None
        x = rng.choice(cands)
        old = _num(book, x)
        d = _delta(rng, old)
        if old + d <= 0:
            d = abs(d)
        _set_typed(book, x, old + d)
        book.frozen.add(x)
        propagate(book, [x], skip_kinds=skip if rng.random() < 0.5 else ("result",), freeze=book.frozen)
        return f"balance: income line {x[0]}!{a1(x[1], x[2])} {old} -> {old + d}, totals follow"
    if kind == "result":
        cands = [x for h in hs for id in h.order if h.items[id]["t"] == "res" for x in h.items[id]["cells"]]
        if not cands:
            return None
        x = rng.choice(cands)
        old = _num(book, x) or 0
        new = old + rng.choice(DELTAS) * rng.choice([1, -1])
        _set_typed(book, x, new)
        book.frozen.add(x)
        return f"result: {x[0]}!{a1(x[1], x[2])} typed {new} (pasted) instead of {old}"
    if kind == "rate":
        cands = [(h.items[id], x) for h in hs for id in h.order if h.items[id]["t"] == "rate"
                 for x in h.items[id]["cells"] if x not in book.frozen and x not in book.noinject]
        if not cands:
            return None
        it, x = rng.choice(cands)
        rel = next(r for r in book.rels if r["kind"] == "rate" and tuple(r["target"]) == x)
        base = sum(_num(book, b) or 0 for b in rel["base"])
        old = _num(book, x) or 0
        alt = rel.get("wrong")
        if alt == "extra" and rel.get("extra"):
            new = _round(rel["pct"] * (base + sum(_num(book, b) or 0 for b in rel["extra"])), 2)
        else:
            p2 = rng.choice([p for p in (0.05, 0.07, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5) if abs(p - rel["pct"]) > 0.01])
            new = _round(p2 * base, 2)
        if abs(new - old) <= 1.5:
            new = old + rng.choice(DELTAS)
        _set_typed(book, x, new)
        book.frozen.add(x)
        if prop:
            propagate(book, [x], skip_kinds=skip, freeze=book.frozen)
        return f"rate: {x[0]}!{a1(x[1], x[2])} {old} -> {new}"
    if kind == "missing":
        ls = [it for it in _lines(hs) if it["form"] == "typed" and len(it["cells"]) >= 1]
        cands = []
        for it in ls:
            vs = [_num(book, x) for x in it["cells"]]
            if all(v for v in vs) and not any(x in book.frozen or x in book.noinject for x in it["cells"]):
                cands.append(it)
        if not cands:
            return None
        it = rng.choice(cands)
        x = rng.choice(it["cells"])
        cell = _cell(book, x)
        import re as _re
        addr = a1(x[1], x[2])
        referenced = any(c.f and _re.search(r"(?<![A-Z])" + addr + r"(?!\d)", c.f.replace("$", ""))
                         for c in book.sheet(x[0]).cells.values())
        cell.v = None
        if not referenced and (len(it["cells"]) == 1 or rng.random() < 0.3):
            cell.v = book.placeholder
        cell.amount_text = False
        book.missing.append(x)
        book.frozen.add(x)
        if prop:
            propagate(book, [x], skip_kinds=skip, freeze=book.frozen)
        return f"missing: {x[0]}!{a1(x[1], x[2])} emptied ({it['label']})"
    if kind == "cross-total":
        cands = [h.items[id]["tcell"] for h in hs for id in h.order
                 if "tcell" in h.items[id] and h.items[id]["t"] == "line"]
        cands = [x for x in cands if x not in book.frozen]
        if not cands:
            return None
        x = rng.choice(cands)
        old = _num(book, x) or 0
        d = _delta(rng, old)
        _set_typed(book, x, old + d)
        book.frozen.add(x)
        return f"cross-total: {x[0]}!{a1(x[1], x[2])} {old} -> {old + d}"
    if kind == "product":
        cands = [h.items[id]["cells"][0] for h in hs for id in h.order
                 if any(r["kind"] == "product" and tuple(r["target"]) == h.items[id]["cells"][0] for r in book.rels)]
        cands = [x for x in cands if x not in book.frozen]
        if not cands:
            return None
        x = rng.choice(cands)
        rel = next(r for r in book.rels if r["kind"] == "product" and tuple(r["target"]) == x)
        q, u = _num(book, rel["qty"]), _num(book, rel["price"])
        old = _num(book, x)
        choices = [(q - 1) * u, (q + 1) * u, q * u + rng.choice(DELTAS)]
        new = _round(rng.choice([c for c in choices if abs(c - old) > 2]), 2)
        _set_typed(book, x, new)
        book.frozen.add(x)
        if prop:
            propagate(book, [x], skip_kinds=skip, freeze=book.frozen)
        return f"product: {x[0]}!{a1(x[1], x[2])} {old} -> {new}"
    if kind == "formula.stale":
        if producer not in ("xw", "odf"):
            return None
        compute_caches(book)
        # a typed line feeding a formula
        fcells = set()
        for rel in book.rels:
            c = _cell(book, tuple(rel["target"]))
            if c is not None and c.f:
                for i in (rel.get("comps") or rel.get("base") or []):
                    fcells.add(tuple(i))
        cands = [x for it in _lines(hs) if it["form"] == "typed" for x in it["cells"]
                 if x in fcells and _num(book, x) and x not in book.frozen]
        if not cands:
            return None
        x = rng.choice(cands)
        old = _num(book, x)
        d = _delta(rng, old)
        if old + d <= 0:
            d = abs(d)
        _set_typed(book, x, old + d)
        book.frozen.add(x)
        book.stale = True
        return f"formula.stale: {x[0]}!{a1(x[1], x[2])} edited {old} -> {old + d} without recalculation"
    raise ValueError(kind)
