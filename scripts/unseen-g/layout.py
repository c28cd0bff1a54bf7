"""Set G: place a plan spec on a grid (vertical or side by side), write formulas, list checks."""
from checker import a1
from model import Values, all_nodes, fmt_fr, fmt_en

HDR = {
    "fr": dict(label="Poste", total="Total", pct="% du total", notes="Remarques", qty="Quantité",
               price="Prix unitaire", ecart="Écart", exe="% réalisation", code="Compte"),
    "en": dict(label="Budget line", total="Total", pct="% of total", notes="Notes", qty="Qty",
               price="Unit cost", ecart="Variance", exe="% spent", code="Code"),
}


def node_rows(n, depth, rows, opts, lang):
    ind = "   " * depth if opts["indent"] else ""
    if n.kind == "group":
        st = n.style or opts["group_style"]
        if st == "dont" and any(c.kind == "group" for c in n.children):
            st = "above"
        if st == "dont":
            rows.append(("node", n, ind + n.label, True))
            pre = "dont " if lang == "fr" else "of which "
            for c in n.children:
                lab = c.label[0].lower() + c.label[1:] if lang == "fr" and not c.label[:3].isupper() else c.label
                rows.append(("node", c, ind + "   " + pre + lab, False))
        elif st == "above":
            rows.append(("node", n, ind + n.label, True))
            for c in n.children:
                node_rows(c, depth + 1, rows, dict(opts, indent=True), lang)
        else:
            rows.append(("heading", ind + n.label))
            for c in n.children:
                node_rows(c, depth + 1, rows, opts, lang)
            sub = n.sub_label or (("Sous-total " if lang == "fr" else "Subtotal ") + n.label[0].lower() + n.label[1:])
            rows.append(("node", n, ind + sub, True))
    else:
        rows.append(("node", n, ind + n.label, n.bold))


def section_rows(sec, opts, lang):
    rows = []
    if sec.get("head"):
        rows.append(("sechead", sec["head"]))
    for n in sec["nodes"]:
        node_rows(n, 0, rows, opts, lang)
    if sec.get("total") is not None:
        rows.append(("node", sec["total"], sec["total"].label, True))
    return rows


def render(spec, opts, ovA, ovB):
    """Returns dict(cells={(r,c): cell}, merges=[], checks=[], pos={}, info)."""
    lang = spec["lang"]
    np_ = len(spec["periods"])
    VA, VB = Values(spec, ovA), Values(spec, ovB)
    cells, merges = {}, []
    H = HDR[lang]
    H = dict(H, **spec.get("hdr", {}))

    def put(r, c, v=None, f=None, cached=None, fmt=None, bold=False):
        cells[(r, c)] = dict(v=v, f=f, cached=cached, fmt=fmt, bold=bold)

    sbs = opts["layout"] == "sbs"
    r0, c0 = opts["r0"], opts["c0"]
    # ---- columns
    c = c0
    cols = {}
    if opts["code"] and not sbs:
        cols["code"] = c
        c += 1
    cols["label"] = c
    c += 1
    if opts["spacer"]:
        c += 1
    if spec.get("qtycols") and not sbs:
        cols["qty"], cols["price"] = c, c + 1
        c += 2
    cols["periods"] = list(range(c, c + np_))
    c += np_
    if opts["total"] and np_ > 1:
        cols["total"] = c
        c += 1
    if spec.get("ecart"):
        cols["ecart"], cols["exe"] = c, c + 1
        c += 2
    if opts["pct"]:
        cols["pct"] = c
        c += 1
    if opts["notes"] and not sbs:
        if opts["notes_gap"]:
            c += 1
        cols["notes"] = c
        c += 1
    width = c - c0
    right_off = width + opts["sbs_gap"] if sbs else 0
    last_col = c0 + (2 * width + opts["sbs_gap"] - 1 if sbs else width - 1)

    # ---- titles
    r = r0
    for i, t in enumerate(spec["title"]):
        put(r, c0, t, bold=(i == 0))
        if opts["merge_title"] and i == 0:
            merges.append((r, c0, r, last_col))
        r += 1
    r += opts["title_gap"]

    def header_row(r, first, off=0):
        put(r, cols["label"] + off, first, bold=True)
        if "code" in cols and off == 0:
            put(r, cols["code"], H["code"], bold=True)
        if "qty" in cols and off == 0:
            put(r, cols["qty"], H["qty"], bold=True)
            put(r, cols["price"], H["price"], bold=True)
        for p, pc in enumerate(cols["periods"]):
            put(r, pc + off, spec["periods"][p], bold=True)
        if "total" in cols:
            put(r, cols["total"], H["total"], bold=True)
        if "ecart" in cols:
            put(r, cols["ecart"], H["ecart"], bold=True)
            put(r, cols["exe"], H["exe"], bold=True)
        if "pct" in cols:
            put(r, cols["pct"], H["pct"], bold=True)
        if "notes" in cols and off == 0:
            put(r, cols["notes"], H["notes"], bold=True)

    pos = {}
    rowof = {}
    placed = []  # (row, offset, entry)
    secs = spec["sections"]
    if not sbs:
        if opts["header_once"]:
            header_row(r, opts.get("corner", H["label"]))
            r += 1
        for si, sec in enumerate(secs):
            rows = section_rows(sec, opts, lang)
            for e in rows:
                if e[0] == "sechead" and not opts["header_once"]:
                    header_row(r, e[1])
                    r += 1
                    continue
                placed.append((r, 0, e))
                r += 1
            r += opts["sec_gap"] if si < len(secs) - 1 else 0
    else:
        for k in range(0, len(secs), 2):
            L = section_rows(secs[k], opts, lang)
            Rr = section_rows(secs[k + 1], opts, lang) if k + 1 < len(secs) else []
            for side_rows, off in ((L, 0), (Rr, right_off)):
                if side_rows and side_rows[0][0] == "sechead":
                    header_row(r, side_rows[0][1], off)
            L = [e for e in L if e[0] != "sechead"]
            Rr = [e for e in Rr if e[0] != "sechead"]
            r += 1
            n = max(len(L), len(Rr))
            for side_rows, off in ((L, 0), (Rr, right_off)):
                padded = side_rows[:-1] + [("blank",)] * (n - len(side_rows)) + side_rows[-1:]
                for i, e in enumerate(padded):
                    placed.append((r + i, off, e))
            r += n + opts["sec_gap"]
    for (rr, off, e) in placed:
        if e[0] == "node":
            n = e[1]
            rowof[id(n)] = (rr, off)
            for p, pc in enumerate(cols["periods"]):
                pos[(id(n), p)] = a1(rr, pc + off)
            if "total" in cols:
                pos[(id(n), "T")] = a1(rr, cols["total"])
    tail_rows = []
    # result and extra rows
    if spec.get("result") is not None or spec.get("extra"):
        r += opts["result_gap"]
    if spec.get("result") is not None:
        n = spec["result"]
        placed.append((r, 0, ("node", n, n.label, True)))
        rowof[id(n)] = (r, 0)
        for p, pc in enumerate(cols["periods"]):
            pos[(id(n), p)] = a1(r, pc)
        if "total" in cols:
            pos[(id(n), "T")] = a1(r, cols["total"])
        r += 1
    for (lab, node, div) in spec.get("extra", []):
        tail_rows.append((r, lab, node, div))
        r += 1

    # ---- fill node cells
    fk = opts["fkinds"]
    sumstyle = opts["sumstyle"]

    def ref(n, p):
        return pos[(id(n), p)]

    def sum_formula(refs, contiguous):
        if contiguous and len(refs) > 1:
            return f"SUM({refs[0]}:{refs[-1]})"
        if sumstyle == "plus" and len(refs) > 1:
            return "+".join(refs)
        return f"SUM({','.join(refs)})"

    def formula(n, p):
        if n.kind in ("group", "total"):
            rows = [rowof[id(c)][0] for c in n.children]
            contiguous = rows == list(range(rows[0], rows[0] + len(rows))) and sumstyle != "list"
            return "=" + sum_formula([ref(c, p) for c in n.children], contiguous)
        if n.kind == "rate":
            b = [ref(x, p) for x in n.base]
            inner = b[0] if len(b) == 1 else f"SUM({','.join(b)})"
            if n.rnd:
                return f"=ROUND({inner}*{n.pct:g},0)"
            return f"={inner}*{n.pct:g}"
        if n.kind == "product":
            rr = rowof[id(n)][0]
            return f"={a1(rr, cols['qty'])}*{a1(rr, cols['price'])}"
        if n.kind == "balance":
            o = [ref(x, p) for x in n.others]
            return f"={ref(n.target, p)}-SUM({','.join(o)})" if o else f"={ref(n.target, p)}"
        if n.kind == "link":
            return f"={ref(n.src, p)}"
        if n.kind == "result":
            return f"={ref(n.others[1], p)}-{ref(n.others[0], p)}"
        raise ValueError(n.kind)

    money = "money"
    for (rr, off, e) in placed:
        if e[0] == "heading":
            put(rr, cols["label"] + off, e[1], bold=True)
            continue
        if e[0] != "node":
            continue
        n, lab, bold = e[1], e[2], e[3]
        put(rr, cols["label"] + off, lab, bold=bold)
        if "code" in cols and n.code and off == 0:
            put(rr, cols["code"], n.code)
        if "notes" in cols and n.note and off == 0:
            put(rr, cols["notes"], n.note)
        if n.kind == "product" and "qty" in cols:
            put(rr, cols["qty"], n.qty[0], fmt="qty")
            put(rr, cols["price"], n.price[0], fmt="money2" if n.price[0] != int(n.price[0]) else money)
        for p, pc in enumerate(cols["periods"]):
            key = (id(n), p)
            if key in ovB:
                o = ovB[key]
                if o[0] == "typed":
                    put(rr, pc + off, o[1], fmt=money, bold=bold)
                elif o[0] == "missing":
                    if o[2] is not None:
                        put(rr, pc + off, o[2])
                else:
                    put(rr, pc + off, o[2], bold=bold)
            elif n.kind != "item" and n.kind in fk and not (n.kind == "product" and "qty" not in cols):
                put(rr, pc + off, f=formula(n, p), cached=VA(n, p), fmt=money, bold=bold)
            else:
                v = VB(n, p)
                if n.kind == "item" and opts.get("textall"):
                    put(rr, pc + off, opts["textfmt"](v), bold=bold)
                else:
                    put(rr, pc + off, round(v, 2), fmt=money, bold=bold)
        if "total" in cols and off == 0:
            key = (id(n), "T")
            if key in ovB:
                put(rr, cols["total"], ovB[key][1], fmt=money, bold=True)
            elif "cross" in fk:
                a, b = pos[(id(n), 0)], pos[(id(n), np_ - 1)]
                contiguous = cols["periods"] == list(range(cols["periods"][0], cols["periods"][0] + np_))
                f = f"=SUM({a}:{b})" if contiguous else "=" + "+".join(pos[(id(n), q)] for q in range(np_))
                put(rr, cols["total"], f=f, cached=VA(n, "T"), fmt=money, bold=True)
            else:
                put(rr, cols["total"], round(VB(n, "T"), 2), fmt=money, bold=True)
        if "ecart" in cols:
            a, b = VB(n, 0), VB(n, 1)
            if "ecart" in fk:
                put(rr, cols["ecart"], f=f"={pos[(id(n), 1)]}-{pos[(id(n), 0)]}", cached=VA(n, 1) - VA(n, 0), fmt=money)
                if VA(n, 0):
                    put(rr, cols["exe"], f=f"={pos[(id(n), 1)]}/{pos[(id(n), 0)]}", cached=VA(n, 1) / VA(n, 0), fmt="pct")
            else:
                put(rr, cols["ecart"], round(b - a, 2), fmt=money)
                if a:
                    put(rr, cols["exe"], round(b / a, 4), fmt="pct")
        if "pct" in cols and n.kind != "result":
            tot = spec["pct_total"].get(id(n))
            if tot is not None:
                pk = "T" if "total" in cols else 0
                if "pct" in fk and (id(n), pk) not in ovB and (id(tot), pk) not in ovB:
                    t_ref = pos[(id(tot), pk)]
                    cref = t_ref[0:len(t_ref.rstrip("0123456789"))] + "$" + t_ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    put(rr, cols["pct"], f=f"={pos[(id(n), pk)]}/{cref}", cached=VA(n, pk) / VA(tot, pk), fmt="pct")
                elif VB(tot, pk):
                    put(rr, cols["pct"], round(VB(n, pk) / VB(tot, pk), 4), fmt="pct")
    for (rr, lab, node, div) in tail_rows:
        put(rr, cols["label"], lab)
        for p, pc in enumerate(cols["periods"]):
            if "extra" in fk:
                put(rr, pc, f=f"={pos[(id(node), p)]}/{div}", cached=VA(node, p) / div, fmt="money2")
            else:
                put(rr, pc, round(VB(node, p) / div, 2), fmt="money2")
    r += 1
    for line in spec.get("footer", []):
        r += 1
        put(r, c0, line)

    # ---- checks
    checks = []
    for n in all_nodes(spec):
        if id(n) not in rowof:
            continue
        for p in range(np_):
            c = ref(n, p)
            if n.kind in ("group", "total"):
                checks.append(dict(kind="sum", cell=c, comps=[ref(x, p) for x in n.children], label=n.label))
            elif n.kind == "rate":
                checks.append(dict(kind="rate", cell=c, pct=n.pct, base=[ref(x, p) for x in n.base], label=n.label))
            elif n.kind == "product" and "qty" in cols:
                rr = rowof[id(n)][0]
                checks.append(dict(kind="product", cell=c, qty=a1(rr, cols["qty"]), price=a1(rr, cols["price"]), label=n.label))
            elif n.kind == "result":
                checks.append(dict(kind="result", cell=c, ch=ref(n.others[0], p), pr=ref(n.others[1], p), label=n.label))
            if n.unit and spec.get("months") and spec["months"][p]:
                checks.append(dict(kind="unit", cell=c, rate=n.unit[p], months=spec["months"][p], label=n.label))
            others = [ref(n, q) for q in range(np_) if q != p] if n.kind == "item" else []
            checks.append(dict(kind="amount", cell=c, others=others, label=n.label))
        if "total" in cols and (id(n), "T") in pos:
            checks.append(dict(kind="cross", cell=pos[(id(n), "T")], parts=[ref(n, q) for q in range(np_)], label=n.label))
    for (chn, prn) in spec["pairs"]:
        for p in range(np_):
            checks.append(dict(kind="balance", cell=ref(prn, p), ref=ref(chn, p)))
    info = dict(cols=cols, last_col=last_col, rows=r)
    return dict(cells=cells, merges=merges, checks=checks, pos=pos, info=info, VA=VA, VB=VB)
