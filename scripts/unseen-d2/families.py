"""Ten families of English-language and international budgets not covered by sets A-C."""
from core import Book, a1
from plan import vplan, L, H, A, R, RES, BL, TX

CUR = {
    "eur": ('#,##0 "€"', '#,##0.00 "€"'), "eur_pre": ('€#,##0', '€#,##0.00'),
    "gbp": ('£#,##0', '£#,##0.00'), "usd": ('$#,##0', '$#,##0.00'),
    "cad": ('$#,##0', '$#,##0.00'), "aud": ('$#,##0', '$#,##0.00'),
    "chf": ('#,##0 "CHF"', '#,##0.00 "CHF"'), "plain": ('#,##0', '#,##0.00'),
    "acct": ('_-* #,##0_-;-* #,##0_-;_-* "-"??_-;_-@_-', '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-'),
}


def title(sh, r, c, text, span=4, bold=True):
    sh.set(r, c, text, bold=bold)
    if span > 1:
        sh.merges.append((r, c, r, c + span - 1))


def rnd(rng, lo, hi, step=50):
    return float(rng.randrange(lo // step, hi // step + 1) * step)


def pick(rng, *opts):
    return rng.choice(opts)


def new_book(name, lang, rng, placeholder="€"):
    b = Book(name, lang)
    b.frozen = set()
    b.noinject = set()
    b.placeholder = placeholder
    return b


# ==================================================================== F1 Horizon Europe

def fam_he(i, rng):
    b = new_book(f"he_{i:02d}", "en", rng)
    transposed = i in (3, 8)
    npart = rng.choice([2, 3, 3, 4, 5])
    names = rng.sample(["UNIBO", "TUDelft", "CNRS", "KU Leuven", "Fraunhofer", "SINTEF", "UCD", "VTT", "INESC TEC",
                        "Aalto", "TECNALIA", "UPM", "JRC-Partner", "AgroSolve SME", "NanoPhos BV", "CEA"], npart)
    short = [pick(rng, f"BEN {k + 1} – {n}", f"P{k + 1} {n}", n, f"{k + 1}. {n}") for k, n in enumerate(names)]
    cur = rng.choice(["eur", "eur_pre", "plain", "acct"])
    fmt = CUR[cur][rng.random() < 0.4]
    acr = rng.choice(["CIRCULAR-H2", "SOILGUARD", "AQUAMIND", "PHOTONEXT", "MEDIBRIDGE", "REFORM-EU", "GREENPORT"])
    sh = b.add(pick(rng, "Detailed budget table", "Budget", "Part B budget", "Budget table"))
    if rng.random() < 0.3:
        ins = b.add("Instructions")
        ins.set(0, 0, "How to fill in the detailed budget table", bold=True)
        ins.set(2, 0, "Fill in the white cells only. Amounts in EUR, excluding recoverable VAT.")
        ins.set(3, 0, "Indirect costs are calculated automatically as 25% of eligible direct costs, excluding subcontracting.")
        ins.set(4, 0, "Do not change the formulas in the grey cells.")
        b.sheets.reverse()
    r = rng.choice([0, 1, 2])
    title(sh, r, 0, f"{acr} – Detailed budget table (Horizon Europe RIA)", 4)
    sh.set(r + 1, 0, f"Call: HORIZON-CL{rng.randint(1, 6)}-2026-{rng.randint(1, 4):02d}-{rng.randint(1, 12):02d}   Duration: {rng.choice([36, 42, 48])} months")
    sh.set(r + 2, 0, pick(rng, "All amounts in EUR", "(EUR)", "Estimated eligible costs (per budget category) in EUR"), italic=True)
    r0 = r + 4
    pers = []
    for k in range(npart):
        big = rng.random() < 0.5
        pers.append(dict(
            a1=rnd(rng, 90000, 720000 if big else 300000, 500), a2=rnd(rng, 0, 60000, 500) if rng.random() < 0.5 else 0.0,
            a3=rnd(rng, 0, 40000, 500) if rng.random() < 0.25 else 0.0,
            b=rnd(rng, 0, 90000, 500) if rng.random() < 0.5 else 0.0,
            c1=rnd(rng, 8000, 60000, 100), c2=rnd(rng, 0, 120000, 500) if rng.random() < 0.6 else 0.0,
            c3=rnd(rng, 5000, 90000, 100), d1=rnd(rng, 0, 60000, 1000) if rng.random() < 0.2 else 0.0,
            d2=rnd(rng, 0, 40000, 500) if rng.random() < 0.3 else 0.0))
    if transposed:
        return _he_transposed(b, sh, r0, short, pers, fmt, rng)
    lc = 0
    pcols = [1 + k for k in range(npart)]
    tcol = 1 + npart
    ncol = tcol + 1 if rng.random() < 0.4 else None
    hdr = {0: pick(rng, "Cost category", "Budget category", "Estimated eligible costs")}
    for k, c in enumerate(pcols):
        hdr[c] = short[k]
    hdr[tcol] = pick(rng, "Total", "TOTAL", "Total (all beneficiaries)", "Total EUR")
    if ncol:
        hdr[ncol] = "Justification"
    sh.widths.update({0: 52, **{c: 16 for c in pcols}, tcol: 16})
    above = rng.random() < 0.5
    use_a3 = any(p["a3"] for p in pers)
    use_d1 = any(p["d1"] for p in pers)
    V = lambda key: [p[key] for p in pers]
    A_kids = ["a1", "a2"] + (["a3"] if use_a3 else [])
    D_kids = (["d1"] if use_d1 else []) + ["d2"]
    lab = {
        "a1": pick(rng, "A.1 Employees (or equivalent)", "A.1 Employees", "A1. Employees (or equivalent)"),
        "a2": pick(rng, "A.2 Natural persons under direct contract", "A.2 Natural persons with direct contract"),
        "a3": "A.3 Seconded persons",
        "A": pick(rng, "A. Personnel costs", "A. PERSONNEL COSTS", "A Personnel costs"),
        "b": pick(rng, "B. Subcontracting costs", "B. Subcontracting"),
        "c1": pick(rng, "C.1 Travel and subsistence", "C.1 Travel & subsistence"),
        "c2": pick(rng, "C.2 Equipment", "C.2 Equipment (depreciation)"),
        "c3": pick(rng, "C.3 Other goods, works and services", "C.3 Other goods, works & services"),
        "C": pick(rng, "C. Purchase costs", "C. PURCHASE COSTS"),
        "d1": "D.1 Financial support to third parties",
        "d2": pick(rng, "D.2 Internally invoiced goods and services", "D.2 Internally invoiced goods & services"),
        "D": pick(rng, "D. Other cost categories", "D. OTHER COST CATEGORIES"),
        "E": pick(rng, "E. Indirect costs (25% of A+C+D)", "E. Indirect costs – 25 % flat rate (excl. subcontracting)",
                  "E. Indirect costs (25% × (A + C + D))", "E. Indirect costs: 25% of eligible direct costs excluding B"),
        "F": pick(rng, "F. Total estimated eligible costs (A+B+C+D+E)", "TOTAL ELIGIBLE COSTS", "Total estimated eligible costs",
                  "F. Total costs"),
    }
    items = [dict(t="hdr", cells=hdr, bold=True)]

    def group(gid, kids):
        out = [L(k, lab[k], V(k), indent=1) for k in kids]
        g = A(gid, lab[gid], kids)
        return [g] + out if above else out + [g]

    if not above:
        items.append(H(lab["A"]))
        items += [L(k, lab[k], V(k), indent=1) for k in A_kids] + [A("A", "Total A. Personnel costs" if rng.random() < 0.5 else "Subtotal personnel", A_kids)]
        items.append(L("b", lab["b"], V("b"), bold=True))
        items.append(H(lab["C"]))
        items += [L(k, lab[k], V(k), indent=1) for k in ("c1", "c2", "c3")] + [A("C", "Total C. Purchase costs", ["c1", "c2", "c3"])]
        items.append(H(lab["D"]))
        items += [L(k, lab[k], V(k), indent=1) for k in D_kids] + [A("D", "Total D. Other cost categories", D_kids)]
    else:
        items += group("A", A_kids)
        items.append(L("b", lab["b"], V("b"), bold=True))
        items += group("C", ["c1", "c2", "c3"])
        items += group("D", D_kids)
    items.append(R("E", lab["E"], 0.25, ["A", "C", "D"], bold=True, note="25% flat rate, Art. 6.2.E MGA"))
    items.append(A("F", lab["F"], ["A", "b", "C", "D", "E"]))
    frate = rng.choice([1.0, 1.0, 0.7, "mixed"])
    eu = rng.random() < 0.7
    if eu:
        if frate == "mixed":
            rates = [1.0 if ("SME" not in n and "BV" not in n) else 0.7 for n in names]
            if len(set(rates)) == 1:
                rates[-1] = 0.7
        else:
            rates = [frate] * npart
        items.append(BL())
        items.append(dict(t="hdr", cells={0: "Funding rate", **{c: rates[k] for k, c in enumerate(pcols)}}, bold=False))
        lbl = "Maximum EU contribution" if frate == "mixed" else pick(rng, f"Requested EU contribution ({frate * 100:.0f} %)",
                                                                    f"Max. EU contribution ({frate * 100:.0f}% of total)")
        items.append(dict(t="rate", id="EU", label=lbl, pct=rates[0], base=["F"], bold=True, notot=False))
    spec = dict(lc=lc, pcols=pcols, tcol=tcol, ncol=ncol, fmt=fmt, form=pick(rng, "sum", "sum", "plus", "subtotal"),
                rateform=pick(rng, "formula", "formula", "typed"), crossform=pick(rng, "formula", "typed"))
    if rng.random() < 0.25:
        spec["form"] = "typed"
    # per-column rates: vplan uses one pct per item; patch relations after
    h, nr = vplan(b, sh, r0, spec, items)
    if eu:
        # funding-rate row formatting and per-column pct
        fr_row = h.items["EU"]["row"] - 1
        for c in pcols:
            sh.get(fr_row, c).fmt = "0%"
        for k, x in enumerate(h.items["EU"]["cells"]):
            rel = next(rr for rr in b.rels if rr["kind"] == "rate" and tuple(rr["target"]) == x)
            rel["pct"] = rates[k]
            cell = sh.get(x[1], x[2])
            base = sum_cells(b, rel["base"])
            if cell.f:
                cell.f = f"={a1(h.items['F']['row'], x[2])}*{a1(fr_row, x[2])}"
            else:
                cell.v = round(base * rates[k], 2)
        if frate == "mixed":
            for x in h.items["EU"]["cells"]:
                b.noinject.add(x)
            b.ambiguous += [f"{sh.name}!{a1(x[1], x[2])}" for x in h.items["EU"]["cells"]]
        # Total column of the EU row sums partners
    # subcontracting excluded from E: the classic error includes it
    for rel in b.rels:
        if rel["kind"] == "rate" and rel["label"] == lab["E"]:
            rel["wrong"] = "extra"
            rel["extra"] = [(sh.name, h.items["b"]["row"], rel["target"][2])]
    sh.set(nr + 1, 0, "Notes: personnel costs are based on daily rates (annual personnel costs / 215). VAT is not eligible for beneficiaries that can recover it.", italic=True)
    if rng.random() < 0.5:
        sh.set(nr + 2, 0, f"Prepared by the coordinator, {rng.choice(['March', 'April', 'September'])} 2026", italic=True)
    b.info = dict(sheet=sh.name, layout="Horizon Europe detailed budget table, partners as columns with a Total column; A personnel (A.1-A.3), B subcontracting, C purchase (C.1-C.3), D other, E 25 % indirect on A+C+D, total eligible" + (", funding-rate row and EU contribution row" if eu else "") + ("; group totals above their lines" if above else ""),
                  periods=[hdr[c] for c in pcols] + [hdr[tcol]], charges=[(sh.name, h.items["F"]["row"], c) for c in pcols + [tcol]],
                  produits=None, handles=[h],
                  notes="Expense-only cost table (no income side). The EU contribution row is a percentage of the total eligible costs (funding rate), not income." if eu else "Expense-only cost table.")
    return b


def sum_cells(b, cells):
    from core import Evaluator
    ev = Evaluator(b)
    return sum(ev.num(*x) or 0 for x in cells)


def _he_transposed(b, sh, r0, short, pers, fmt, rng):
    # Part A style: beneficiaries as rows, categories as columns
    cols = ["A. Personnel costs", "B. Subcontracting costs", "C.1 Travel and subsistence", "C.2 Equipment",
            "C.3 Other goods, works and services", "D. Other cost categories", "E. Indirect costs (25%)", "Total eligible costs"]
    sh.set(r0, 0, "No.", bold=True)
    sh.set(r0, 1, "Participant", bold=True)
    for k, t in enumerate(cols):
        sh.set(r0, 2 + k, t, bold=True, wrap=True)
    sh.widths.update({0: 6, 1: 26, **{2 + k: 15 for k in range(8)}})
    rows = []
    for k, p in enumerate(pers):
        r = r0 + 1 + k
        rows.append(r)
        sh.set(r, 0, k + 1)
        sh.set(r, 1, short[k])
        a = p["a1"] + p["a2"] + p["a3"]
        vals = [a, p["b"], p["c1"], p["c2"], p["c3"], p["d1"] + p["d2"]]
        for j, v in enumerate(vals):
            sh.set(r, 2 + j, v, fmt=fmt)
        e = round(0.25 * (a + p["c1"] + p["c2"] + p["c3"] + p["d1"] + p["d2"]), 2)
        sh.set(r, 8, None, f=f"=ROUND(({a1(r, 2)}+{a1(r, 4)}+{a1(r, 5)}+{a1(r, 6)}+{a1(r, 7)})*0.25,2)", fmt=fmt)
        b.rel("rate", (sh.name, r, 8), pct=0.25, base=[(sh.name, r, c) for c in (2, 4, 5, 6, 7)], label="E", nd=2)
        sh.set(r, 9, None, f=f"=SUM({a1(r, 2)}:{a1(r, 8)})", fmt=fmt, bold=True)
        b.rel("agg", (sh.name, r, 9), comps=[(sh.name, r, c) for c in range(2, 9)], label="row total")
        for c in range(2, 10):
            b.noinject.add((sh.name, r, c))
    tr = r0 + 1 + len(pers)
    sh.set(tr, 1, pick(rng, "Total", "TOTAL", "Total beneficiaries"), bold=True)
    typed = rng.random() < 0.5
    from plan import Handle
    h = Handle(sh)
    info = dict(t="agg", row=tr, sec=None, cells=[], label="Total", form="typed" if typed else "sum", id="TOT")
    for c in range(2, 10):
        x = (sh.name, tr, c)
        info["cells"].append(x)
        if typed:
            from core import Evaluator
            sh.set(tr, c, None, fmt=fmt, bold=True)
            b.rel("agg", x, comps=[(sh.name, r, c) for r in rows], label="Total")
        else:
            sh.set(tr, c, None, f=f"=SUM({a1(rows[0], c)}:{a1(rows[-1], c)})", fmt=fmt, bold=True)
            b.rel("agg", x, comps=[(sh.name, r, c) for r in rows], label="Total")
    from core import compute_caches, Evaluator
    compute_caches(b)
    if typed:
        ev = Evaluator(b)
        for c in range(2, 10):
            sh.get(tr, c).v = round(sum(ev.num(sh.name, r, c) or 0 for r in rows), 2)
    h.items["TOT"] = info
    h.order.append("TOT")
    sh.set(tr + 2, 1, "E = 25 % × (A + C + D); subcontracting (B) does not bear indirect costs.", italic=True)
    b.info = dict(sheet=sh.name, layout="Horizon Europe Part A-style table: beneficiaries as rows, cost categories as columns (A, B, C.1-C.3, D, E 25 %, total), Total row",
                  periods=cols, charges=[(sh.name, tr, c) for c in range(2, 10)], produits=None, handles=[h],
                  notes="Transposed layout: the amount columns are cost categories, each row a beneficiary; E and the row total are computed per row. Only the Total row is a total line.",
                  kinds=["sum"])
    return b


# ==================================================================== F2 Erasmus+

def fam_erasmus(i, rng):
    b = new_book(f"erasmus_{i:02d}", "en", rng)
    if i % 2 == 0:
        return _erasmus_lump(b, i, rng)
    return _erasmus_mobility(b, i, rng)


def _erasmus_lump(b, i, rng):
    sh = b.add(pick(rng, "Budget", "Lump sum breakdown", "WP budget"))
    npart = rng.choice([3, 4, 5, 6])
    countries = rng.sample(["IT", "ES", "PL", "DE", "FR", "PT", "EL", "RO", "LT", "SI", "NL", "FI", "HR"], npart)
    orgs = [f"P{k + 1} {'(Coordinator) ' if k == 0 else ''}{c}" if rng.random() < 0.5 else f"{c}{k + 1}" for k, c in enumerate(countries)]
    fmt = CUR[rng.choice(["eur", "eur_pre", "plain"])][0]
    lump = rng.choice([120000, 250000, 400000])
    r = rng.choice([0, 1])
    title(sh, r, 0, pick(rng, "Erasmus+ KA220 Cooperation Partnership – Budget per work package",
                         "ERASMUS-EDU-2026-PCOOP-ENGO – estimated budget", "Budget table (lump sum)"), 5)
    sh.set(r + 1, 0, f"Lump sum requested: EUR {lump:,}")
    r0 = r + 3
    nwp = rng.choice([4, 5, 6])
    wpn = ["WP1 Project management", "WP2 Needs analysis and mapping", "WP3 Training curriculum", "WP4 Pilot activities",
           "WP5 Dissemination and exploitation", "WP6 Quality assurance and evaluation"][:nwp]
    if rng.random() < 0.5:
        wpn = [w.replace("WP", "Work package ") for w in wpn]
    # split lump across WP x partners in hundreds, exactly
    shares = [rng.randint(6, 20) for _ in range(nwp)]
    wp_tot = [round(lump * s / sum(shares), -3) for s in shares]
    wp_tot[-1] = lump - sum(wp_tot[:-1])
    vals = []
    for t in wp_tot:
        ps = [rng.randint(5, 15) for _ in range(npart)]
        row = [round(t * p / sum(ps), -2) for p in ps]
        row[0] += t - sum(row)
        vals.append([float(v) for v in row])
    pcols = [1 + k for k in range(npart)]
    tcol = 1 + npart
    hdr = {0: pick(rng, "Work package", "WP / Beneficiary", "Work Package"), tcol: pick(rng, "Total", "Total WP", "TOTAL (EUR)")}
    for k, c in enumerate(pcols):
        hdr[c] = orgs[k]
    items = [dict(t="hdr", cells=hdr)]
    for w in range(nwp):
        items.append(L(f"w{w}", wpn[w], vals[w]))
    items.append(A("T", pick(rng, "Total", "TOTAL LUMP SUM", "Total per beneficiary", "Total budget"), [f"w{w}" for w in range(nwp)]))
    spec = dict(lc=0, pcols=pcols, tcol=tcol, fmt=fmt, form=pick(rng, "sum", "typed", "plus"), crossform=pick(rng, "formula", "typed"))
    sh.widths.update({0: 40, **{c: 14 for c in pcols}, tcol: 14})
    h, nr = vplan(b, sh, r0, spec, items)
    if rng.random() < 0.5:
        sh.set(nr + 1, 0, "% of lump sum", italic=True)
        sh.set(nr + 1, tcol, None, f=f"={a1(h.items['T']['row'], tcol)}/{lump}", fmt="0%")
    sh.set(nr + 3, 0, "The lump sum is paid per work package on completion of its activities.", italic=True)
    b.info = dict(sheet=sh.name, layout="Erasmus+ lump-sum budget: work packages as rows, beneficiaries as columns, Total column and Total row",
                  periods=[hdr[c] for c in pcols] + [hdr[tcol]], charges=[(sh.name, h.items["T"]["row"], c) for c in pcols + [tcol]],
                  produits=None, handles=[h], notes=f"Expense-only table; the lump sum ({lump}) is stated in a title row.")
    return b


def _erasmus_mobility(b, i, rng):
    sh = b.add(pick(rng, "Budget", "Mobility budget", "Budget summary"))
    fmt0, fmt2 = CUR[rng.choice(["eur", "eur_pre", "plain"])]
    r = rng.choice([0, 1, 2])
    title(sh, r, 0, pick(rng, "Erasmus+ KA152-YOU Youth exchange – budget", "KA122-SCH short-term mobility – estimated grant",
                         "Erasmus+ mobility project: unit-cost budget"), 5)
    sh.set(r + 1, 0, f"Applicant: {rng.choice(['Associação Juvenil Ponte', 'Jugendwerk Nord e.V.', 'Stowarzyszenie Most', 'Asociación Raíces'])}")
    r0 = r + 3
    qc, uc, ac, nc = 1, 2, 3, 4
    hdr = {0: pick(rng, "Budget item", "Cost category", "Item"), qc: pick(rng, "No. of units", "Number", "Units"),
           uc: pick(rng, "Unit cost (EUR)", "Rate (EUR)", "Unit cost"), ac: pick(rng, "Grant (EUR)", "Amount", "Total (EUR)", "Budget"),
           nc: "Calculation"}
    items = [dict(t="hdr", cells=hdr)]
    nact = rng.choice([1, 2, 2, 3])
    sub = []
    places = ["Lisbon", "Kraków", "Valencia", "Tartu", "Ljubljana", "Bari"]
    for a in range(nact):
        p = rng.choice([16, 20, 24, 30, 36])
        days = rng.choice([5, 6, 7, 8])
        band = rng.choice([(275, "500–1999 km"), (360, "2000–2999 km"), (530, "3000–3999 km"), (211, "100–499 km")])
        ids = []
        items.append(H(f"Activity {a + 1}: {pick(rng, 'Youth exchange', 'Job shadowing', 'Training course', 'Group mobility')} in {places[a]}"))
        items.append(L(f"t{a}", f"Travel ({band[1]})", None, q=float(p), u=float(band[0]), indent=1, note=f"{p} participants"))
        ids.append(f"t{a}")
        if rng.random() < 0.4:
            g = rng.randint(3, 8)
            items.append(L(f"g{a}", "Green travel top-up", None, q=float(g), u=float(rng.choice([50, 55])), indent=1, note=f"{g} participants travelling green"))
            ids.append(f"g{a}")
        isr = rng.choice([41, 45, 48, 60, 69])
        items.append(L(f"i{a}", "Individual support (participant-days)", None, q=float(p * (days + 2)), u=float(isr), indent=1,
                       note=f"{p} participants × ({days} days + 2 travel days)"))
        ids.append(f"i{a}")
        items.append(L(f"o{a}", "Organisational support", None, q=float(p), u=float(rng.choice([100, 125, 150])), indent=1, note=f"{p} participants"))
        ids.append(f"o{a}")
        if rng.random() < 0.5:
            inc = rng.randint(2, 6)
            items.append(L(f"n{a}", "Inclusion support for organisations", None, q=float(inc), u=100.0, indent=1, note=f"{inc} participants with fewer opportunities"))
            ids.append(f"n{a}")
        items.append(A(f"s{a}", f"Subtotal activity {a + 1}", ids))
        sub.append(f"s{a}")
        items.append(BL())
    if rng.random() < 0.5:
        items.append(L("pv", "Preparatory visit", None, q=float(rng.choice([2, 3])), u=575.0))
        sub.append("pv")
    items.append(A("T", pick(rng, "TOTAL GRANT REQUESTED", "Total", "Total EU grant", "TOTAL BUDGET"), sub))
    for it in items:
        if it.get("note") and "q" in it:
            pass
    spec = dict(lc=0, pcols=[ac], qcol=qc, ucol=uc, ncol=nc, fmt=fmt2 if rng.random() < 0.4 else fmt0, ufmt=fmt0,
                form=pick(rng, "sum", "plus", "typed"), prodform=pick(rng, "formula", "typed"))
    sh.widths.update({0: 42, qc: 11, uc: 13, ac: 14, nc: 40})
    h, nr = vplan(b, sh, r0, spec, items)
    sh.set(nr + 1, 0, "Unit costs as in the Erasmus+ Programme Guide 2026 (distance bands from the EC distance calculator).", italic=True)
    b.info = dict(sheet=sh.name, layout="Erasmus+ mobility budget with unit costs: No. of units × unit cost = grant per item, a subtotal per activity, total grant",
                  periods=[hdr[ac]], charges=[(sh.name, h.items["T"]["row"], ac)], produits=None, handles=[h],
                  notes="Expense-only; units and unit costs in their own columns, calculation text in the last column.")
    return b


# ==================================================================== F3 NSF / NIH

def fam_nsf(i, rng):
    b = new_book(f"nsf_{i:02d}", "en", rng, placeholder="$")
    sh = b.add(pick(rng, "Budget", "Cumulative Budget", "NSF Budget", "Summary"))
    ny = rng.choice([3, 3, 4, 5])
    fmt = CUR[rng.choice(["usd", "usd", "acct", "plain"])][0]
    r = rng.choice([0, 1, 2])
    title(sh, r, 0, pick(rng, "SUMMARY PROPOSAL BUDGET", "Proposal Budget – Cumulative", "NIH Detailed Budget (all years)"), 4)
    sh.set(r + 1, 0, f"PI: Dr. {rng.choice(['A. Moreno', 'K. Osei', 'L. Chen', 'R. Patel', 'J. Novak'])}   Organization: {rng.choice(['Northern Plains University', 'Coastal State University', 'Univ. of the Lakes'])}")
    pm = rng.random() < 0.5
    yc0 = 2 if pm else 1
    pcols = [yc0 + k for k in range(ny)]
    tcol = yc0 + ny
    ylab = pick(rng, "Year {}", "Year {}", "Y{}", "Budget Period {}")
    hdr = {0: pick(rng, "Budget category", "", "Line item"), tcol: pick(rng, "Cumulative", "Total", "Total (all years)")}
    if pm:
        hdr[1] = pick(rng, "Cal. months", "Person-months")
    for k, c in enumerate(pcols):
        hdr[c] = ylab.format(k + 1)
    esc = rng.choice([1.03, 1.03, 1.025, 1.0])

    def sal(base):
        return [float(round(base * esc ** k)) for k in range(ny)]

    fr = rng.choice([0.285, 0.31, 0.325, 0.35, 0.39])
    fa = rng.choice([0.48, 0.52, 0.555, 0.59, 0.26])
    senior = [("Dr. " + n + role) for n, role in zip(rng.sample(["A. Moreno", "K. Osei", "L. Chen", "R. Patel", "J. Novak", "M. Duarte"], 3),
                                                    [", PI", ", Co-PI", ", Co-PI"])][:rng.choice([1, 2, 3])]
    items = [dict(t="hdr", cells=hdr)]
    items.append(H(pick(rng, "A. Senior Personnel", "A. SENIOR PERSONNEL: PI/PD, Co-PIs")))
    sids = []
    for k, n in enumerate(senior):
        items.append(L(f"sp{k}", n, sal(rnd(rng, 9000, 26000, 1)), indent=1, extra={1: rng.choice([0.5, 1.0, 1.0, 1.5, 2.0])} if pm else {}))
        sids.append(f"sp{k}")
    items.append(A("A", "Total Senior Personnel", sids))
    items.append(H(pick(rng, "B. Other Personnel", "B. OTHER PERSONNEL")))
    oth = [("Postdoctoral associate", 54000, 62000, 12.0), ("Graduate student(s)", 26000, 58000, 12.0),
           ("Undergraduate students", 3000, 12000, 3.0), ("Technician", 20000, 46000, 6.0)]
    oids = []
    for k, (n, lo, hi, m) in enumerate(rng.sample(oth, rng.choice([2, 3]))):
        items.append(L(f"op{k}", n, sal(rnd(rng, lo, hi, 1)), indent=1, extra={1: m} if pm else {}))
        oids.append(f"op{k}")
    items.append(A("B", "Total Other Personnel", oids))
    items.append(A("AB", pick(rng, "Total Salaries and Wages (A + B)", "TOTAL SALARIES AND WAGES (A+B)"), ["A", "B"]))
    items.append(R("C", pick(rng, f"C. Fringe Benefits ({fr * 100:g}%)", f"C. Fringe benefits @ {fr * 100:g}%"), fr, ["AB"], nd=0, pstr=f"{fr:g}"))
    items.append(A("ABC", "Total Salaries, Wages and Fringe Benefits (A + B + C)", ["AB", "C"]))
    eq = rnd(rng, 6000, 90000, 10)
    items.append(L("D", "D. Equipment", [eq] + [0.0] * (ny - 1), bold=True, note="item > $5,000" if False else None))
    items.append(H("E. Travel"))
    items.append(L("e1", "1. Domestic", [rnd(rng, 2000, 9000, 10) for _ in range(ny)], indent=1))
    items.append(L("e2", "2. Foreign", [rnd(rng, 2000, 8000, 10) for _ in range(ny)], indent=1))
    items.append(A("E", "Total Travel", ["e1", "e2"]))
    part = rng.random() < 0.6
    gids = []
    if part:
        items.append(H("F. Participant Support Costs"))
        n = rng.randint(8, 25)
        items.append(L("f1", "1. Stipends", [float(n * 600)] * ny, indent=1))
        items.append(L("f2", "2. Travel", [float(n * rnd(rng, 300, 700, 50))] * ny, indent=1))
        items.append(L("f3", "3. Subsistence", [float(n * 280)] * ny, indent=1))
        items.append(A("F", f"Total Participant Costs ({n} participants)", ["f1", "f2", "f3"]))
    items.append(H("G. Other Direct Costs"))
    G = [("g1", "1. Materials and Supplies", 2000, 20000), ("g2", "2. Publication Costs/Documentation/Dissemination", 1000, 5000),
         ("g3", "3. Consultant Services", 2000, 12000), ("g4", "4. Computer Services", 1000, 6000),
         ("g6", "6. Other (graduate tuition)", 9000, 24000)]
    for gid, n, lo, hi in rng.sample(G, rng.choice([3, 4, 5])):
        items.append(L(gid, n, [rnd(rng, lo, hi, 10) for _ in range(ny)], indent=1))
        gids.append(gid)
    items.append(A("G", "Total Other Direct Costs", gids))
    hk = ["ABC", "D", "E"] + (["F"] if part else []) + ["G"]
    items.append(A("H", pick(rng, "H. Total Direct Costs (A through G)", "TOTAL DIRECT COSTS"), hk))
    # MTDC memo: H - D - F - tuition
    excl = ["D"] + (["F"] if part else []) + (["g6"] if "g6" in gids else [])
    items.append(dict(t="line", id="M", label=pick(rng, "Modified Total Direct Costs (MTDC base)", "MTDC (F&A base)", "F&A base (MTDC)"),
                      vals=None, italic=True, memo=excl))
    items.append(R("I", pick(rng, f"I. Indirect Costs (F&A) @ {fa * 100:g}% of MTDC", f"Indirect costs (F&A) {fa * 100:g}% MTDC",
                             f"F&A ({fa * 100:g}% MTDC)"), fa, ["M"], nd=0, pstr=f"{fa:g}"))
    items.append(A("J", pick(rng, "J. Total Direct and Indirect Costs (H + I)", "TOTAL PROJECT COSTS", "Total Direct and Indirect Costs"), ["H", "I"]))
    # compute MTDC values before layout
    _fill_memo(items, ny)
    spec = dict(lc=0, pcols=pcols, tcol=tcol, fmt=fmt, form=pick(rng, "sum", "plus", "typed", "sum"),
                rateform=pick(rng, "formula", "formula", "typed"), crossform=pick(rng, "formula", "formula", "typed"))
    sh.widths.update({0: 50, **{c: 13 for c in pcols}, tcol: 14, 1: 12 if pm else 13})
    r0 = r + 3
    h, nr = vplan(b, sh, r0, spec, items)
    # MTDC as a formula (memo) in formula plans
    mrow = h.items["M"]["row"]
    rows = {id: h.items[id]["row"] for id in h.order}
    b.noinject.update(h.items["M"]["cells"])
    if spec["form"] != "typed":
        for x in h.items["M"]["cells"]:
            c = x[2]
            sh.get(mrow, c).f = f"={a1(rows['H'], c)}-" + "-".join(a1(rows[e], c) for e in excl)
            sh.get(mrow, c).v = None
    h.items["M"]["form"] = "memo"
    b.ambiguous += [f"{sh.name}!{a1(mrow, c)}" for c in pcols + [tcol]]
    sh.set(nr + 1, 0, f"Fringe benefits at the negotiated rate of {fr * 100:g}%; F&A at {fa * 100:g}% of MTDC (excludes equipment, participant support and tuition).", italic=True)
    b.info = dict(sheet=sh.name, layout="NSF/NIH-style cumulative budget: Year columns and a Cumulative column; A senior personnel, B other personnel, fringe at a rate, equipment, travel, participant support, other direct costs, total direct, MTDC memo line, F&A on MTDC, total" + ("; a person-months column before the years" if pm else ""),
                  periods=[hdr[c] for c in pcols] + [hdr[tcol]], charges=[(sh.name, rows["J"], c) for c in pcols + [tcol]],
                  produits=None, handles=[h], notes="Expense-only. The MTDC line is a memo base (total direct costs minus exclusions), not a component of any total: its cells are listed as ambiguous." + (" Column B holds person-months, not money." if pm else ""))
    return b


def _fill_memo(items, ny):
    byid = {it["id"]: it for it in items if "id" in it}
    memo = {}

    def v(id, p):
        it = byid[id]
        if (id, p) in memo:
            return memo[(id, p)]
        if it["t"] == "line":
            x = it["vals"][p] if it["vals"] is not None else None
        elif it["t"] == "agg":
            x = sum(v(k, p) for k in it["kids"])
        elif it["t"] == "rate":
            from core import _round
            x = _round(it["pct"] * sum(v(k, p) for k in it["base"]), it.get("nd", 2))
        memo[(id, p)] = x
        return x
    m = byid["M"]
    m["vals"] = [v("H", p) - sum(v(e, p) for e in m["memo"]) for p in range(ny)]


# ==================================================================== F4 Arts Council / Lottery

def fam_arts(i, rng):
    b = new_book(f"arts_{i:02d}", "en", rng, placeholder="£")
    sh = b.add(pick(rng, "Budget", "Project budget", "Income and expenditure", "Sheet1"))
    fmt = CUR[rng.choice(["gbp", "gbp", "plain", "acct"])][rng.random() < 0.3]
    r = rng.choice([0, 1, 2])
    org = rng.choice(["Tidewater Theatre Company", "Northern Lights Dance CIC", "The Foundry Arts Trust", "Saltmarsh Collective", "Open Door Music"])
    title(sh, r, 0, f"{org} – {pick(rng, 'National Lottery Project Grants budget', 'Project budget', 'Arts Council England application: budget')}", 3)
    vat = rng.random() < 0.5
    sh.set(r + 1, 0, "We are not VAT registered: all costs include VAT." if not vat else "Costs shown exclude VAT, which we can recover.", italic=True)
    side = i % 3 == 2
    income_first = rng.random() < 0.6
    # expenditure
    fees = [("Artists' fees", 2500, 14000), ("Director", 1500, 6000), ("Designer", 800, 4000), ("Production manager", 1000, 4500),
            ("Rehearsal space hire", 600, 3000), ("Set and costume materials", 400, 3500), ("Touring travel and accommodation", 800, 6000)]
    acc = [("BSL interpretation", 300, 1200), ("Captioning and audio description", 200, 900), ("Access support worker", 300, 1500)]
    mkt = [("Print and distribution", 300, 1500), ("Digital advertising", 200, 1200), ("Photography and trailer", 300, 1500)]
    ovh = [("Project management / admin", 500, 3000), ("Insurance", 150, 600), ("Share of office costs", 200, 900)]
    ink = [("Venue (in kind)", 500, 3000), ("Volunteer time (in kind)", 300, 1500)]

    def mk(lst, n, pref):
        sel = rng.sample(lst, min(n, len(lst)))
        return [(f"{pref}{k}", name, rnd(rng, lo, hi, 50)) for k, (name, lo, hi) in enumerate(sel)]
    E = {"art": mk(fees, rng.randint(3, 6), "ea"), "acc": mk(acc, rng.randint(1, 2), "ec"), "mkt": mk(mkt, rng.randint(1, 3), "em"),
         "ovh": mk(ovh, rng.randint(1, 2), "eo")}
    inkind = mk(ink, rng.randint(0, 2), "ek")
    heads = {"art": pick(rng, "Artistic and creative costs", "Artistic costs", "ARTISTIC & CREATIVE"),
             "acc": pick(rng, "Making your work accessible", "Access costs"), "mkt": pick(rng, "Marketing and audience development", "Marketing"),
             "ovh": pick(rng, "Overheads", "Overheads and admin")}
    exp_items = [H(pick(rng, "EXPENDITURE", "Expenditure", "Project costs"))]
    exp_groups = []
    subt = rng.random() < 0.6
    for g, lines in E.items():
        if subt:
            exp_items.append(H(heads[g], bold=False, italic=True))
            exp_items += [L(id, n, [v], sec="c", indent=1) for id, n, v in lines]
            exp_items.append(A(f"S{g}", f"Subtotal {heads[g].lower()}" if rng.random() < 0.5 else "Subtotal", [id for id, _, _ in lines], bold=True))
            exp_groups.append(f"S{g}")
        else:
            exp_items.append(H(heads[g]))
            exp_items += [L(id, n, [v], sec="c", indent=1) for id, n, v in lines]
            exp_groups += [id for id, _, _ in lines]
    if inkind:
        exp_items.append(H("Support in kind"))
        exp_items += [L(id, n, [v], sec="c", indent=1) for id, n, v in inkind]
        exp_groups += [id for id, _, _ in inkind]
    cpct = rng.choice([0.05, 0.05, 0.1])
    contingency = rng.random() < 0.6
    if contingency:
        exp_items.append(R("cont", pick(rng, f"Contingency ({cpct * 100:g}%)", f"Contingency @ {cpct * 100:g}% of costs"), cpct,
                           [g for g in exp_groups if not g.startswith("ek")], nd=0, sec="c", pstr=f"{cpct * 100:g}%"))
        exp_groups.append("cont")
    exp_items.append(A("TE", pick(rng, "Total expenditure", "TOTAL EXPENDITURE", "Total project costs"), exp_groups))
    # compute exp total to size income
    import plan as _p
    tot = _total(exp_items, "TE")
    # income
    inkv = sum(v for _, _, v in inkind)
    earned = [("Ticket sales", 0.08), ("Workshop fees", 0.03)]
    inc_lines = []
    rest = tot - inkv
    ids = []
    for k, (n, f) in enumerate(rng.sample(earned, rng.randint(1, 2))):
        v = float(round(rest * f, -1))
        inc_lines.append((f"ie{k}", n, v, "Earned income"))
    pub = [("Local authority grant", 0.06), ("Other public funding", 0.04)]
    for k, (n, f) in enumerate(rng.sample(pub, rng.randint(0, 2))):
        inc_lines.append((f"ip{k}", n, float(round(rest * f, -1)), "Other public funding"))
    priv = [("Trusts and foundations", 0.07), ("Sponsorship", 0.03), ("Donations / crowdfunding", 0.02)]
    for k, (n, f) in enumerate(rng.sample(priv, rng.randint(1, 2))):
        inc_lines.append((f"iv{k}", n, float(round(rest * f, -1)), "Private income"))
    own = float(round(rest * 0.03, -1))
    inc_lines.append(("io", "Applicant's own contribution", own, "Private income"))
    for id, n, v in inkind:
        inc_lines.append(("i" + id, n, v, "Support in kind"))
    ace = tot - sum(v for _, _, v, _ in inc_lines)
    inc_lines.append(("iace", pick(rng, "Arts Council England (this application)", "National Lottery Project Grant requested", "Amount requested from Arts Council"), round(ace, 2), "Arts Council"))
    inc_items = [H(pick(rng, "INCOME", "Income", "Project income"))]
    groups = {}
    for id, n, v, g in inc_lines:
        groups.setdefault(g, []).append((id, n, v))
    inc_kids = []
    for g, lst in groups.items():
        inc_items.append(H(g, bold=False, italic=True))
        inc_items += [L(id, n, [v], sec="p", indent=1) for id, n, v in lst]
        inc_kids += [id for id, _, _ in lst]
    inc_items.append(A("TI", pick(rng, "Total income", "TOTAL INCOME", "Total project income"), inc_kids))
    lc, ac = 0, 1
    ncol = 2 if rng.random() < 0.5 else None
    hdr = dict(t="hdr", cells={0: pick(rng, "Item", "Budget heading", ""), ac: pick(rng, "Amount (£)", "£", "Budget", "Total"),
                               **({ncol: "How we calculated this"} if ncol else {})})
    spec = dict(lc=lc, pcols=[ac], ncol=ncol, fmt=fmt, form=pick(rng, "sum", "plus", "typed"), rateform=pick(rng, "formula", "typed"),
                resform=pick(rng, "formula", "typed"))
    sh.widths.update({0: 44, 1: 14, 2: 36, 3: 3, 4: 44, 5: 14})
    r0 = r + 3
    if side:
        hi, _ = vplan(b, sh, r0, dict(spec, lc=0, pcols=[1], ncol=None), [dict(t="hdr", cells={0: "Income", 1: "£"})] + inc_items[1:])
        he, nr2 = vplan(b, sh, r0, dict(spec, lc=4, pcols=[5], ncol=None), [dict(t="hdr", cells={4: "Expenditure", 5: "£"})] + exp_items[1:])
        nr = max(hi.items["TI"]["row"], he.items["TE"]["row"]) + 2
        hs = [hi, he]
        cI, cE = hi.items["TI"]["cells"][0], he.items["TE"]["cells"][0]
        sh.set(nr, 4, "Balance (income – expenditure)", bold=True)
        if spec["resform"] == "formula":
            sh.set(nr, 5, None, f=f"={a1(cI[1], 1)}-{a1(cE[1], 5)}", fmt=fmt, bold=True)
        else:
            sh.set(nr, 5, 0.0, fmt=fmt, bold=True)
        b.rel("result", (sh.name, nr, 5), p=cI, c=cE, label="Balance")
        from plan import Handle
        hr = Handle(sh)
        hr.items["BAL"] = dict(t="res", row=nr, sec=None, cells=[(sh.name, nr, 5)], label="Balance", form=spec["resform"], id="BAL")
        hr.order.append("BAL")
        hs.append(hr)
        end = nr + 1
    else:
        blocks = [inc_items, exp_items] if income_first else [exp_items, inc_items]
        items = [hdr] + blocks[0] + [BL()] + blocks[1] + [BL(), RES("BAL", pick(rng, "Balance", "BALANCE (must be zero)", "Surplus / (deficit)"), "TI", "TE")]
        h, end = vplan(b, sh, r0, spec, items)
        hs = [h]
        cI, cE = h.items["TI"]["cells"][0], h.items["TE"]["cells"][0]
    b.rel("balance", cI, p=cI, c=cE, label="income vs expenditure")
    sh.set(end + 1, 0, "Your budget must balance: total income must equal total expenditure.", italic=True)
    b.info = dict(sheet=sh.name, layout=("Arts Council / National Lottery project budget, income and expenditure side by side" if side else
                                         f"Arts Council / National Lottery project budget, {'income above expenditure' if income_first else 'expenditure above income'}") +
                  ", one amount column, sub-headings (earned income, public, private, support in kind; artistic, access, marketing, overheads), balance line",
                  periods=[hdr["cells"][ac]] if not side else ["£"], charges=[cE], produits=[cI], handles=hs,
                  notes="Support in kind appears on both sides. The grant requested is the balancing line.")
    return b


def _total(items, tid):
    byid = {it["id"]: it for it in items if "id" in it}
    from core import _round

    def v(id):
        it = byid[id]
        if it["t"] == "line":
            return it["vals"][0] if "q" not in it else it["q"] * it["u"]
        if it["t"] == "agg":
            return sum(v(k) for k in it["kids"])
        if it["t"] == "rate":
            return _round(it["pct"] * sum(v(k) for k in it["base"]), it.get("nd", 2))
    return v(tid)


# ==================================================================== F5 GST / HST, cash / in-kind

def fam_gst(i, rng):
    b = new_book(f"gst_{i:02d}", "en", rng, placeholder="$")
    if i % 2 == 0:
        return _gst_tax(b, i, rng)
    return _gst_cash(b, i, rng)


def _gst_tax(b, i, rng):
    au = rng.random() < 0.5
    rate, tname = (0.10, "GST") if au else rng.choice([(0.13, "HST"), (0.05, "GST"), (0.15, "HST")])
    sh = b.add(pick(rng, "Project budget", "Budget", "Expenditure"))
    fmt = CUR["aud" if au else "cad"][1 if rng.random() < 0.5 else 0]
    r = rng.choice([0, 1])
    title(sh, r, 0, pick(rng, f"Project budget ({tname} shown separately)", "Community Infrastructure Grant – budget", "Application budget"), 4)
    sh.set(r + 1, 0, f"Applicant: {rng.choice(['Riverbend Men’s Shed Inc.', 'Kootenay Trails Society', 'Bayside Community Garden', 'Prairie Heritage Museum'])}")
    r0 = r + 3
    lc, ex, tx, inc = 0, 1, 2, 3
    hdr = {0: pick(rng, "Item", "Expenditure item", "Description"), ex: pick(rng, f"Amount (ex {tname})", f"Cost before {tname}", f"Ex-{tname}"),
           tx: f"{tname} ({rate * 100:g}%)", inc: pick(rng, f"Total (inc {tname})", f"Amount inc. {tname}", f"Total incl. {tname}")}
    for c, v in hdr.items():
        sh.set(r0, c, v, bold=True, wrap=True)
    sh.widths.update({0: 42, 1: 15, 2: 13, 3: 15, 4: 30})
    items = [("Materials – timber and fixings", 1500, 12000), ("Contractor – electrical", 2000, 9000), ("Equipment hire", 500, 3000),
             ("Signage and printing", 300, 2000), ("Project coordinator (contract)", 3000, 15000), ("Landscaping", 1000, 8000),
             ("Audit / acquittal", 500, 1500), ("Volunteer catering", 200, 800)]
    sel = rng.sample(items, rng.randint(4, 7))
    fml = rng.random() < 0.6
    rows = []
    for k, (n, lo, hi) in enumerate(sel):
        rr = r0 + 1 + k
        rows.append(rr)
        v = rnd(rng, lo, hi, 10)
        free = "catering" in n and au and rng.random() < 0.5
        sh.set(rr, 0, n + (" (GST-free)" if free else ""))
        sh.set(rr, ex, v, fmt=fmt)
        pct = 0.0 if free else rate
        t = round(v * pct, 2)
        if fml and not free:
            sh.set(rr, tx, None, f=f"=ROUND({a1(rr, ex)}*{rate:g},2)", fmt=fmt)
            sh.set(rr, inc, None, f=f"={a1(rr, ex)}+{a1(rr, tx)}", fmt=fmt)
        else:
            sh.set(rr, tx, t, fmt=fmt)
            sh.set(rr, inc, round(v + t, 2), fmt=fmt)
        b.rel("rate", (sh.name, rr, tx), pct=pct, base=[(sh.name, rr, ex)], label=f"{tname} on {n}", nd=2)
        b.rel("agg", (sh.name, rr, inc), comps=[(sh.name, rr, ex), (sh.name, rr, tx)], label=f"{n} inc {tname}")
        if free:
            b.ambiguous.append(f"{sh.name}!{a1(rr, tx)}")
            b.noinject.add((sh.name, rr, tx))
        b.noinject.add((sh.name, rr, inc))
    tr = rows[-1] + 1
    sh.set(tr, 0, pick(rng, "Total project cost", "TOTAL", "Total expenditure"), bold=True)
    from plan import Handle
    h = Handle(sh)
    tform = rng.choice(["sum", "typed"])
    for c in (ex, tx, inc):
        if tform == "sum":
            sh.set(tr, c, None, f=f"=SUM({a1(rows[0], c)}:{a1(rows[-1], c)})", fmt=fmt, bold=True)
        else:
            sh.set(tr, c, None, fmt=fmt, bold=True)
        b.rel("agg", (sh.name, tr, c), comps=[(sh.name, rr, c) for rr in rows], label="Total")
    from core import compute_caches, Evaluator
    compute_caches(b)
    ev = Evaluator(b)
    if tform == "typed":
        for c in (ex, tx, inc):
            sh.get(tr, c).v = round(sum(ev.num(sh.name, rr, c) for rr in rows), 2)
    ev = Evaluator(b)
    total_inc = ev.num(sh.name, tr, inc)
    h.items["TOT"] = dict(t="agg", row=tr, cells=[(sh.name, tr, c) for c in (ex, tx, inc)], label="Total", form=tform, id="TOT", sec="c")
    h.order.append("TOT")
    for k, rr in enumerate(rows):
        h.items[f"x{k}"] = dict(t="rate", row=rr, cells=[(sh.name, rr, tx)], label="tax", form="f", id=f"x{k}", sec="c")
        h.order.append(f"x{k}")
        h.items[f"l{k}"] = dict(t="line", row=rr, cells=[(sh.name, rr, ex)], label="line", form="typed", id=f"l{k}", sec="c")
        h.order.append(f"l{k}")
    # sources of funds, amounts in the inc column
    s0 = tr + 3
    sh.set(s0 - 1, 0, pick(rng, "Sources of funding", "Project income", "Funding sources"), bold=True)
    sh.set(s0 - 1, 1, "Status", bold=True)
    srcs = [("Grant requested (this program)", None, "Pending"), ("Applicant cash contribution", 0.1, "Confirmed"),
            (rng.choice(["Shire council contribution", "City of Nelson – community fund", "Regional district grant"]), 0.15, "Confirmed"),
            (rng.choice(["Local business sponsorship", "Bendigo Bank community fund", "Credit union donation"]), 0.05, "Pending")]
    srcs = srcs[:rng.choice([3, 4])]
    vals = [round(total_inc * f, -1) if f else None for _, f, _ in srcs]
    vals[0] = round(total_inc - sum(v for v in vals[1:]), 2)
    srows = []
    for k, ((n, _, st), v) in enumerate(zip(srcs, vals)):
        rr = s0 + k
        srows.append(rr)
        sh.set(rr, 0, n)
        sh.set(rr, 1, st)
        sh.set(rr, inc, float(v), fmt=fmt)
        h.items[f"s{k}"] = dict(t="line", row=rr, cells=[(sh.name, rr, inc)], label=n, form="typed", id=f"s{k}", sec="p")
        h.order.append(f"s{k}")
    st = srows[-1] + 1
    sh.set(st, 0, pick(rng, "Total funding", "TOTAL INCOME", "Total sources"), bold=True)
    if tform == "sum":
        sh.set(st, inc, None, f=f"=SUM({a1(srows[0], inc)}:{a1(srows[-1], inc)})", fmt=fmt, bold=True)
    else:
        sh.set(st, inc, float(round(sum(vals), 2)), fmt=fmt, bold=True)
    b.rel("agg", (sh.name, st, inc), comps=[(sh.name, rr, inc) for rr in srows], label="Total funding")
    h.items["TS"] = dict(t="agg", row=st, cells=[(sh.name, st, inc)], label="Total funding", form=tform, id="TS", sec="p")
    h.order.append("TS")
    b.rel("balance", (sh.name, st, inc), p=(sh.name, st, inc), c=(sh.name, tr, inc), label="funding vs project cost inc tax")
    sh.set(st + 2, 0, f"{tname} registered organisations should budget ex-{tname}; we are " + ("not registered, so the total includes the tax." if rng.random() < 0.5 else "registered."), italic=True)
    b.info = dict(sheet=sh.name, layout=f"{'Australian' if au else 'Canadian'} grant budget with ex-{tname} / {tname} / inc-{tname} columns and a Sources of funding table below (amounts in the inc-{tname} column, a Status text column)",
                  periods=[hdr[ex], hdr[tx], hdr[inc]], charges=[(sh.name, tr, c) for c in (ex, tx, inc)],
                  produits=[None, None, (sh.name, st, inc)], handles=[h],
                  notes=f"{tname} = {rate * 100:g} % × ex-{tname} per line (a rate), inc = ex + {tname} (a sum per domain.md 4.13). Funding is compared with the inc-{tname} total." +
                  (" GST-free lines have 0 GST: ambiguous against the 10 % column header." if any("GST-free" in (sh.get(rr, 0).v or "") for rr in rows) else ""),
                  kinds=["sum", "rate", "balance", "missing"])
    return b


def _gst_cash(b, i, rng):
    sh = b.add(pick(rng, "Budget", "Project budget", "Cash and in-kind"))
    fmt = CUR[rng.choice(["aud", "cad", "plain"])][0]
    r = rng.choice([0, 1, 2])
    title(sh, r, 0, pick(rng, "Project budget – cash and in-kind", "Budget (all figures GST exclusive)", "Expenditure and contributions"), 4)
    r0 = r + 2
    cc, kc, tc = 1, 2, 3
    hdr = {0: pick(rng, "Expenditure", "Budget item", "Item"), cc: pick(rng, "Cash ($)", "Cash", "Cash contribution"),
           kc: pick(rng, "In-kind ($)", "In-kind", "In kind"), tc: pick(rng, "Total ($)", "Total", "TOTAL")}
    exp = [("Project officer salary (0.4 FTE)", 18000, 42000, 0), ("Volunteer hours (rate $45/h)", 0, 0, 1), ("Venue hire", 1000, 5000, 2),
           ("Materials and consumables", 1000, 8000, 0), ("Marketing and promotion", 500, 3000, 0), ("Evaluation consultant", 3000, 9000, 0),
           ("Transport", 500, 2500, 2), ("Office space and utilities", 0, 0, 1)]
    sel = rng.sample(exp, rng.randint(4, 7))
    items = [dict(t="hdr", cells=hdr)]
    ids = []
    for k, (n, lo, hi, kind) in enumerate(sel):
        cash = rnd(rng, lo, hi, 100) if kind in (0, 2) else 0.0
        ink = rnd(rng, 800, 6000, 100) if kind in (1, 2) else 0.0
        items.append(L(f"e{k}", n, [cash, ink], sec="c"))
        ids.append(f"e{k}")
    items.append(A("TE", pick(rng, "Total expenditure", "TOTAL PROJECT COST", "Total"), ids))
    te = [sum(it["vals"][p] for it in items if it.get("id", "").startswith("e")) for p in (0, 1)]
    items.append(BL())
    items.append(dict(t="hdr", cells={0: pick(rng, "Contributions", "Income / contributions", "Sources of funds"), cc: hdr[cc], kc: hdr[kc], tc: hdr[tc]}))
    partners = [("Applicant organisation", 0.15, 0.6), (rng.choice(["Local council", "City of Kelowna", "Shire of Esperance"]), 0.1, 0.25),
                (rng.choice(["University partner", "Health district", "Rotary club"]), 0.05, 0.15)]
    inc_ids = []
    acc = [0.0, 0.0]
    for k, (n, fc, fk) in enumerate(partners[:rng.choice([2, 3])]):
        v = [float(round(te[0] * fc, -2)), float(round(te[1] * fk, -2))]
        acc = [acc[0] + v[0], acc[1] + v[1]]
        items.append(L(f"p{k}", n, v, sec="p"))
        inc_ids.append(f"p{k}")
    # remaining in-kind goes to the applicant line, cash to the grant
    items[[j for j, it in enumerate(items) if it.get("id") == "p0"][0]]["vals"][1] += te[1] - acc[1]
    items.append(L("g", pick(rng, "Grant requested", "Funding requested from this program", "Grant sought"), [te[0] - acc[0], 0.0], sec="p"))
    inc_ids.append("g")
    items.append(A("TI", pick(rng, "Total contributions", "TOTAL INCOME", "Total funding"), inc_ids))
    spec = dict(lc=0, pcols=[cc, kc], tcol=tc, fmt=fmt, form=pick(rng, "sum", "plus", "typed"), crossform=pick(rng, "formula", "typed"))
    sh.widths.update({0: 40, 1: 14, 2: 14, 3: 14})
    h, nr = vplan(b, sh, r0, spec, items)
    for p in range(2):
        b.rel("balance", h.items["TI"]["cells"][p], p=h.items["TI"]["cells"][p], c=h.items["TE"]["cells"][p], label="contributions vs expenditure")
    # zero cells on lines: make them not eligible for missing
    sh.set(nr + 1, 0, "In-kind contributions are valued at market rates and must appear as both expenditure and contribution.", italic=True)
    b.info = dict(sheet=sh.name, layout="Grant budget with Cash / In-kind / Total columns: expenditure table then a contributions table with the same columns",
                  periods=[hdr[cc], hdr[kc], hdr[tc]], charges=[(sh.name, h.items["TE"]["row"], c) for c in (cc, kc, tc)],
                  produits=[(sh.name, h.items["TI"]["row"], c) for c in (cc, kc, tc)], handles=[h],
                  notes="Cash and in-kind balance separately. Zero cells are typed 0 (cash-only or in-kind-only lines).",
                  kinds=["sum", "balance", "cross-total", "sum.rounding"])
    return b


# ==================================================================== F6 Google-Sheets / CSV style

def fam_gsheet(i, rng):
    b = new_book(f"gsheet_{i:02d}", "en", rng, placeholder="$")
    sh = b.add(pick(rng, "Sheet1", "Budget 2026", "budget"))
    quarterly = rng.random() < 0.5
    style = rng.choice(["en2", "usd2", "paren2", "usd0", None])
    if quarterly:
        pcols, tcol = [2, 3, 4, 5], 6
        hdr = {0: "Category", 1: "Item", 2: "Q1", 3: "Q2", 4: "Q3", 5: "Q4", 6: "Total"}
    else:
        pcols, tcol = [2], None
        hdr = {0: "Category", 1: "Line item", 2: pick(rng, "Amount", "Budget", "FY26 Budget")}
    P = len(pcols)

    def q(lo, hi):
        return [rnd(rng, lo, hi, 25) for _ in range(P)]
    inc = [("Membership dues", 500, 4000), ("Event tickets", 1000, 6000), ("Sponsorships", 500, 5000), ("Grants", 1000, 8000),
           ("Merchandise sales", 100, 1500), ("Donations", 200, 2000)]
    exp = [("Venue rental", 500, 3000), ("Food & beverage", 400, 2500), ("Printing", 100, 800), ("Website & software", 100, 600),
           ("Travel", 200, 2000), ("Insurance", 150, 700), ("Marketing", 200, 1500), ("Equipment", 100, 1800), ("Bank fees", 20, 120)]
    items = [dict(t="hdr", cells=hdr, bold=False)]
    ii = rng.sample(inc, rng.randint(3, 5))
    ee = rng.sample(exp, rng.randint(4, 7))
    lab_i = pick(rng, "Income", "INCOME", "Revenue")
    lab_e = pick(rng, "Expenses", "EXPENSES", "Expenditure")
    iids = []
    for k, (n, lo, hi) in enumerate(ii):
        items.append(L(f"i{k}", n, q(lo, hi), sec="p", extra={0: lab_i} if k == 0 else {}, bold=False))
        iids.append(f"i{k}")
    refunds = style in ("paren2", "usd2") and rng.random() < 0.6
    if refunds:
        items.append(L("ir", "Less: refunds", [-rnd(rng, 50, 400, 25) for _ in range(P)], sec="p", bold=False))
        iids.append("ir")
    items.append(A("TI", "Total Income", iids, bold=False))
    items.append(BL())
    eids = []
    for k, (n, lo, hi) in enumerate(ee):
        items.append(L(f"e{k}", n, q(lo, hi), sec="c", extra={0: lab_e} if k == 0 else {}, bold=False))
        eids.append(f"e{k}")
    # balance with a reserve line
    ti = [sum(it["vals"][p] for it in items if it.get("id") in iids) for p in range(P)]
    tes = [sum(it["vals"][p] for it in items if it.get("id") in eids) for p in range(P)]
    items.insert(len(items) - 1 - len(eids), None)
    items = [x for x in items if x is not None]
    gap = [ti[p] - tes[p] for p in range(P)]
    if all(g >= 0 for g in gap):
        items.append(L("er", pick(rng, "Contribution to reserves", "Savings / reserve"), gap, sec="c", bold=False))
        eids.append("er")
    else:
        # add a reserve drawdown to income
        pos = [j for j, it in enumerate(items) if it.get("id") == "TI"][0]
        items.insert(pos, L("id", "Draw from reserves", [max(0.0, -g) for g in gap], sec="p", bold=False))
        iids.append("id")
        items[pos + 1]["kids"] = iids
        items.append(L("er", "Contribution to reserves", [max(0.0, g) for g in gap], sec="c", bold=False))
        eids.append("er")
    items.append(A("TE", "Total Expenses", eids, bold=False))
    items.append(BL())
    items.append(RES("N", pick(rng, "Net", "Net Income", "Surplus/(Deficit)"), "TI", "TE", bold=False))
    spec = dict(lc=1, pcols=pcols, tcol=tcol, fmt=None, form="typed", rateform="typed", resform="typed", crossform="typed",
                text=style, bold_aggs=False)
    h, nr = vplan(b, sh, 0, spec, items)
    # zero-valued lines in a quarter would block missing injection; fine
    for p in range(P):
        b.rel("balance", h.items["TI"]["cells"][p], p=h.items["TI"]["cells"][p], c=h.items["TE"]["cells"][p], label="income vs expenses")
    b.info = dict(sheet=sh.name, layout="Google-Sheets/CSV-exported club budget: no styling, no formulas, category in A and item in B, " +
                  ("quarter columns Q1-Q4 and Total" if quarterly else "one amount column") +
                  (f"; amounts are text ({style}: e.g. '12,500.00', '$1,200', '(1,200.00)')" if style else "; plain numbers"),
                  periods=[hdr[c] for c in pcols] + ([hdr[tcol]] if tcol else []),
                  charges=[(sh.name, h.items["TE"]["row"], c) for c in pcols + ([tcol] if tcol else [])],
                  produits=[(sh.name, h.items["TI"]["row"], c) for c in pcols + ([tcol] if tcol else [])], handles=[h],
                  notes="English number text: comma = thousands. Every text amount is a text-number (info). Balanced through a reserves line.",
                  kinds=["sum", "balance", "result", "missing"] + (["cross-total"] if quarterly else []), noformula=True)
    return b


# ==================================================================== F7 operating budget with % and variance

def fam_opbud(i, rng):
    b = new_book(f"opbud_{i:02d}", "en", rng, placeholder="$")
    sh = b.add(pick(rng, "Operating Budget", "FY26 Budget", "Budget", "Board budget"))
    fmt = CUR[rng.choice(["usd", "acct", "plain", "gbp"])][0]
    r = rng.choice([0, 1])
    org = rng.choice(["Harbor Literacy Council", "Eastside Food Bank", "Riverside Youth Orchestra", "Maple Grove Historical Society"])
    title(sh, r, 0, f"{org} – {pick(rng, 'FY2026 Operating Budget', 'Annual operating budget 2026', 'Proposed budget FY26')}", 6)
    sh.set(r + 1, 0, pick(rng, "Approved by the Board of Directors, June 2025", "Draft for Finance Committee review"), italic=True)
    y1, y2 = pick(rng, ("FY2025 Budget", "FY2026 Proposed"), ("2025 Approved", "2026 Budget"), ("Prior year", "Current year"))
    codes = rng.random() < 0.5
    lc = 1 if codes else 0
    p1, p2 = lc + 1, lc + 2
    vc = lc + 3
    vpc = lc + 4 if rng.random() < 0.6 else None
    pct = (vpc + 1 if vpc else lc + 4) if rng.random() < 0.7 else None
    ncol = max(c for c in (vc, vpc, pct) if c is not None) + 1
    hdr = {lc: pick(rng, "Account", "Line item", "Description"), p1: y1, p2: y2, vc: pick(rng, "$ Change", "Variance", "Change"),
           ncol: pick(rng, "Notes", "Narrative", "Comments")}
    if codes:
        hdr[0] = "Acct #"
    if vpc:
        hdr[vpc] = "% Change"
    if pct:
        hdr[pct] = pick(rng, "% of total", "% of Total Exp.")

    def two(lo, hi):
        a = rnd(rng, lo, hi, 100)
        return [a, float(round(a * rng.choice([0.95, 1.0, 1.02, 1.04, 1.08, 1.15]), -2))]
    rev = [("4010", "Foundation grants", 40000, 160000, "Three multi-year grants renewed"), ("4020", "Government contracts", 30000, 120000, "City contract"),
           ("4030", "Individual donations", 15000, 60000, "Annual appeal + gala"), ("4040", "Program fees", 5000, 30000, "Sliding scale"),
           ("4050", "Corporate sponsorship", 5000, 25000, ""), ("4090", "Investment income", 500, 4000, "")]
    exps = [("6010", "Program supplies", 3000, 20000, ""), ("6020", "Rent & utilities", 12000, 40000, "Lease renewal +4%"),
            ("6030", "Professional fees (audit, legal)", 4000, 15000, ""), ("6040", "Insurance", 2000, 8000, ""),
            ("6050", "Technology", 2000, 12000, "CRM subscription"), ("6060", "Travel & mileage", 1000, 6000, ""),
            ("6070", "Printing & postage", 1000, 5000, ""), ("6080", "Staff training", 500, 4000, "")]
    items = [dict(t="hdr", cells=hdr)]
    items.append(H(pick(rng, "REVENUE", "Revenue", "Support & Revenue")))
    rids = []
    for k, (code, n, lo, hi, note) in enumerate(rng.sample(rev, rng.randint(3, 5))):
        items.append(L(f"r{k}", n, two(lo, hi), sec="p", note=note, extra={0: code} if codes else {}, indent=1))
        rids.append(f"r{k}")
    items.append(A("TR", pick(rng, "Total Revenue", "TOTAL REVENUE", "Total support & revenue"), rids))
    items.append(BL())
    items.append(H(pick(rng, "EXPENSES", "Expenses")))
    sal = two(60000, 260000)
    ben_r = rng.choice([0.18, 0.2, 0.22, 0.25])
    items.append(H("Personnel", bold=False, italic=True))
    items.append(L("sal", "Salaries & wages", sal, sec="c", indent=1, extra={0: "5010"} if codes else {}, note="4.5 FTE"))
    items.append(R("ben", f"Payroll taxes & benefits ({ben_r * 100:g}% of salaries)", ben_r, ["sal"], nd=0, sec="c", indent=1,
                   extra={0: "5020"} if codes else {}, pstr=f"{ben_r:g}"))
    items.append(A("PER", "Total personnel", ["sal", "ben"]))
    items.append(H("Non-personnel", bold=False, italic=True))
    nids = []
    for k, (code, n, lo, hi, note) in enumerate(rng.sample(exps, rng.randint(4, 7))):
        items.append(L(f"x{k}", n, two(lo, hi), sec="c", note=note, extra={0: code} if codes else {}, indent=1))
        nids.append(f"x{k}")
    items.append(A("NP", "Total non-personnel", nids))
    items.append(A("TX", pick(rng, "Total Expenses", "TOTAL EXPENSES"), ["PER", "NP"]))
    items.append(BL())
    items.append(RES("NET", pick(rng, "Net surplus / (deficit)", "NET INCOME (LOSS)", "Change in net assets"), "TR", "TX"))
    # balance via reserves line: add to expenses or revenue
    tr_ = [sum(it["vals"][p] for it in items if it.get("id") in rids) for p in range(2)]
    from core import _round
    te_ = [sal[p] + _round(ben_r * sal[p], 0) + sum(it["vals"][p] for it in items if it.get("id") in nids) for p in range(2)]
    gap = [tr_[p] - te_[p] for p in range(2)]
    ins = [j for j, it in enumerate(items) if it.get("id") == "TR"][0]
    if all(g < 0 for g in gap) or (gap[0] < 0) != (gap[1] < 0):
        items.insert(ins, L("rr", "Release from board-designated reserves", [max(0.0, -g) for g in gap], sec="p", indent=1,
                             extra={0: "4900"} if codes else {}))
        rids.append("rr")
        items[ins + 1]["kids"] = rids
        gap = [max(0.0, g) for g in gap]
    if any(g > 0 for g in gap):
        j = [j for j, it in enumerate(items) if it.get("id") == "NP"][0]
        items.insert(j, L("xr", "Transfer to operating reserve", gap, sec="c", indent=1, extra={0: "6900"} if codes else {}))
        nids.append("xr")
        items[j + 1]["kids"] = nids
    spec = dict(lc=lc, pcols=[p1, p2], ncol=ncol, fmt=fmt, form=pick(rng, "sum", "sum", "plus", "typed", "subtotal"),
                rateform=pick(rng, "formula", "typed"), resform=pick(rng, "formula", "typed"), varcol=(vc, 0, 1), varpct=vpc,
                pctcol=pct, pct_of="TX", pct_pi=1)
    sh.widths.update({lc: 36, p1: 14, p2: 14, vc: 12, ncol: 34})
    if codes:
        sh.widths[0] = 8
    h, nr = vplan(b, sh, r + 3, spec, items)
    if vpc:  # year-1 cells are denominators of the % change formulas
        for id in h.order:
            b.noinject.add(h.items[id]["cells"][0])
    for p in range(2):
        b.rel("balance", h.items["TR"]["cells"][p], p=h.items["TR"]["cells"][p], c=h.items["TX"]["cells"][p], label="revenue vs expenses")
    b.info = dict(sheet=sh.name, layout="nonprofit operating budget: two year columns, then $ change" + (", % change" if vpc else "") + (", % of total" if pct else "") +
                  " and a narrative column" + ("; account codes in A" if codes else "") + "; benefits as a % of salaries; net surplus line",
                  periods=[y1, y2], charges=[(sh.name, h.items["TX"]["row"], c) for c in (p1, p2)],
                  produits=[(sh.name, h.items["TR"]["row"], c) for c in (p1, p2)], handles=[h],
                  notes="The change / % columns are formulas derived from the two year columns, not periods. Balanced to zero through a reserves line.")
    return b


# ==================================================================== F8 capital / construction

def fam_capital(i, rng):
    b = new_book(f"capital_{i:02d}", "en", rng, placeholder="$")
    sh = b.add(pick(rng, "Development Budget", "Sources & Uses", "Cost Plan", "Budget"))
    fmt = CUR[rng.choice(["usd", "acct", "gbp", "plain"])][0]
    r = rng.choice([0, 1, 2])
    proj = rng.choice(["Elm Street Community Center", "Riverside Affordable Housing (42 units)", "Library renovation & extension",
                       "Youth hub fit-out", "Arts centre capital phase 2"])
    title(sh, r, 0, f"{proj} – {pick(rng, 'Development budget', 'Capital cost plan', 'Sources and uses of funds')}", 4)
    phases = rng.random() < 0.35
    if phases:
        pcols, tcol = [1, 2], 3
        hdr = {0: pick(rng, "USES OF FUNDS", "Uses"), 1: "Phase 1", 2: "Phase 2", 3: "Total"}
    else:
        pcols, tcol = [1], None
        hdr = {0: pick(rng, "USES OF FUNDS", "Uses", "Project costs"), 1: pick(rng, "Budget", "Amount", "Estimate ($)")}
    P = len(pcols)
    pctc = None if phases or rng.random() < 0.4 else 2
    if pctc:
        hdr[pctc] = "% of TDC"
    ncol = (tcol or pcols[-1]) + (2 if pctc else 1)
    hdr[ncol] = pick(rng, "Basis of estimate", "Notes", "Source")

    def v(lo, hi, step=1000):
        return [rnd(rng, lo, hi, step) for _ in range(P)]
    items = [dict(t="hdr", cells=hdr)]
    acq = rng.random() < 0.5
    kids = []
    if acq:
        items.append(H(pick(rng, "Acquisition", "A. Land & acquisition")))
        items.append(L("land", "Land / building purchase", v(200000, 1500000, 5000), sec="c", indent=1, note="Purchase agreement"))
        items.append(L("close", "Closing costs", v(5000, 30000), sec="c", indent=1))
        items.append(A("ACQ", "Total acquisition", ["land", "close"]))
        kids.append("ACQ")
    items.append(H(pick(rng, "Hard costs", "B. Construction (hard costs)", "HARD COSTS")))
    hc = [("site", "Site work", 80000, 600000), ("bldg", "Building construction", 800000, 6000000), ("mep", "MEP upgrades", 60000, 500000),
          ("ffe", "FF&E", 30000, 250000), ("ext", "External works & landscaping", 20000, 200000)]
    hsel = rng.sample(hc, rng.randint(3, 5))
    for id, n, lo, hi in hsel:
        items.append(L(id, n, v(lo, hi, 5000), sec="c", indent=1, note=pick(rng, "Contractor estimate", "QS estimate", "GMP bid", "")))
    hk = [x[0] for x in hsel]
    items.append(A("HC0", "Subtotal construction", hk, bold=False))
    cont = rng.choice([0.05, 0.075, 0.1])
    items.append(R("hcont", f"Hard cost contingency ({cont * 100:g}%)", cont, ["HC0"], nd=0, sec="c", indent=1, pstr=f"{cont:g}"))
    hkids = ["HC0", "hcont"]
    if rng.random() < 0.6:
        esc = rng.choice([0.03, 0.035, 0.04, 0.05])
        items.append(R("esc", f"Escalation ({esc * 100:g}% of construction)", esc, ["HC0"], nd=0, sec="c", indent=1, pstr=f"{esc:g}"))
        hkids.append("esc")
    items.append(A("HC", "Total hard costs", hkids))
    kids.append("HC")
    items.append(H(pick(rng, "Soft costs", "C. Soft costs", "SOFT COSTS")))
    sc = [("ae", "Architecture & engineering", 60000, 500000), ("perm", "Permits & fees", 10000, 80000), ("legal", "Legal & accounting", 10000, 60000),
          ("pm", "Project management", 20000, 150000), ("fin", "Construction loan interest & fees", 20000, 200000), ("dev", "Developer fee", 50000, 400000),
          ("ins", "Builder's risk insurance", 5000, 40000)]
    ssel = rng.sample(sc, rng.randint(3, 6))
    for id, n, lo, hi in ssel:
        items.append(L(id, n, v(lo, hi), sec="c", indent=1))
    sk = [x[0] for x in ssel]
    scont = rng.random() < 0.6
    if scont:
        sp = rng.choice([0.05, 0.1])
        items.append(R("scont", f"Soft cost contingency ({sp * 100:g}%)", sp, sk, nd=0, sec="c", indent=1, pstr=f"{sp:g}"))
        sk = sk + ["scont"]
    items.append(A("SC", "Total soft costs", sk))
    kids.append("SC")
    items.append(A("TDC", pick(rng, "TOTAL DEVELOPMENT COST", "Total project cost", "TOTAL USES"), kids))
    tdc = [_vals(items, "TDC", p) for p in range(P)]
    items.append(BL())
    items.append(dict(t="hdr", cells={0: pick(rng, "SOURCES OF FUNDS", "Sources", "Funding")}))
    src = [("loan", pick(rng, "Construction loan", "Bank loan", "Permanent mortgage"), 0.45), ("eq", pick(rng, "Owner equity", "Sponsor equity", "Reserves"), 0.12),
           ("sg", pick(rng, "State capital grant", "Lottery capital grant", "HUD CDBG"), 0.18), ("cg", pick(rng, "City grant", "County HOME funds", "Council contribution"), 0.1),
           ("fd", pick(rng, "Foundation grants", "Capital campaign", "Philanthropy"), 0.0)]
    src = src[:rng.choice([3, 4, 5])]
    sids = []
    for k, (id, n, f) in enumerate(src):
        vals = [float(round(tdc[p] * f, -3)) for p in range(P)]
        items.append(L(id, n, vals, sec="p", indent=1))
        sids.append(id)
    # last source balances
    last = [it for it in items if it.get("id") == sids[-1]][0]
    last["vals"] = [tdc[p] - sum(it["vals"][p] for it in items if it.get("id") in sids[:-1]) for p in range(P)]
    items.append(A("TS", pick(rng, "TOTAL SOURCES", "Total sources", "Total funding"), sids))
    gapline = rng.random() < 0.7
    if gapline:
        items.append(dict(t="line", id="gap", label=pick(rng, "Funding gap", "Gap / (surplus)", "Remaining to raise"), vals=[0.0] * P, bold=True, notot=False))
    spec = dict(lc=0, pcols=pcols, tcol=tcol, ncol=ncol, fmt=fmt, form=pick(rng, "sum", "plus", "typed", "sum"), rateform=pick(rng, "formula", "typed"),
                crossform=pick(rng, "formula", "typed"), pctcol=pctc, pct_of="TDC", pct_pi=0)
    sh.widths.update({0: 40, 1: 15, 2: 15, 3: 15, ncol: 30})
    h, nr = vplan(b, sh, r + 2, spec, items)
    if gapline:
        g = h.items["gap"]
        for x in g["cells"]:
            sh.get(x[1], x[2]).f = f"={a1(h.items['TDC']['row'], x[2])}-{a1(h.items['TS']['row'], x[2])}"
        b.noinject.update(g["cells"])
        g["form"] = "gap"
        b.gapcells = g["cells"] + ([g["tcell"]] if "tcell" in g else [])
    for p in range(P):
        b.rel("balance", h.items["TS"]["cells"][p], p=h.items["TS"]["cells"][p], c=h.items["TDC"]["cells"][p], label="sources vs uses")
    sh.set(nr + 1, 0, "Contingency and escalation are calculated on the construction subtotal.", italic=True)
    b.info = dict(sheet=sh.name, layout="capital project sources & uses: acquisition, hard costs with contingency and escalation as % of construction, soft costs (with contingency), total development cost; sources of funds below" +
                  (" and a Funding gap line (= uses - sources)" if gapline else "") + ("; Phase 1 / Phase 2 / Total columns" if phases else "") + ("; % of TDC column" if pctc else ""),
                  periods=[hdr[c] for c in pcols] + ([hdr[tcol]] if tcol else []), charges=[(sh.name, h.items["TDC"]["row"], c) for c in pcols + ([tcol] if tcol else [])],
                  produits=[(sh.name, h.items["TS"]["row"], c) for c in pcols + ([tcol] if tcol else [])], handles=[h],
                  notes="The funding gap line is uses minus sources (the opposite sign of a result line); it is ambiguous whenever sources and uses differ.")
    return b


def _vals(items, tid, p):
    byid = {it["id"]: it for it in items if "id" in it}
    from core import _round

    def v(id):
        it = byid[id]
        if it["t"] == "line":
            return it["vals"][p]
        if it["t"] == "agg":
            return sum(v(k) for k in it["kids"])
        if it["t"] == "rate":
            return _round(it["pct"] * sum(v(k) for k in it["base"]), it.get("nd", 2))
    return v(tid)


# ==================================================================== F9 event / conference

def fam_event(i, rng):
    cur = rng.choice(["eur", "gbp", "usd", "chf", "eur_pre"])
    b = new_book(f"event_{i:02d}", "en", rng, placeholder={"gbp": "£", "usd": "$", "chf": "CHF"}.get(cur, "€"))
    sh = b.add(pick(rng, "Budget", "Conference budget", "Event P&L", "Sheet1"))
    fmt0, fmt2 = CUR[cur]
    r = rng.choice([0, 1, 2])
    conf = rng.choice(["ICML Workshop on Robust AI", "European Soil Science Days", "Annual Members' Conference", "Nordic Hydrology Symposium", "Digital Humanities Summer School"])
    title(sh, r, 0, f"{conf} {rng.choice([2026, 2027])} – {pick(rng, 'budget', 'provisional budget', 'break-even budget')}", 5)
    att = rng.choice([120, 180, 250, 320, 450])
    days = rng.choice([1, 2, 3])
    sh.set(r + 1, 0, f"Expected attendance: {att} delegates, {days} day{'s' if days > 1 else ''}")
    qc, uc, ac, nc = 1, 2, 3, 4
    hdr = {0: pick(rng, "Item", "Description", ""), qc: pick(rng, "Qty", "Number", "No."), uc: pick(rng, "Unit cost", "Per head / unit", "Rate"),
           ac: pick(rng, "Amount", "Total", "Budget"), nc: pick(rng, "Notes", "Basis")}
    items = [dict(t="hdr", cells=hdr)]
    items.append(H(pick(rng, "EXPENDITURE", "Expenses", "COSTS")))
    ex = [("ven", "Venue hire (per day)", days, rnd(rng, 1500, 9000, 100), "day rate incl. AV"),
          ("lun", "Lunch (delegates × days)", att * days, float(rng.choice([18, 22.5, 25, 28.5, 32])), "per head"),
          ("cof", "Coffee breaks", att * days * 2, float(rng.choice([4.5, 5, 6.25, 7])), "2 per day"),
          ("din", "Conference dinner", int(att * 0.7), float(rng.choice([45, 55, 65, 72.5])), "70 % take-up"),
          ("spk", "Keynote speakers' travel & hotel", rng.choice([2, 3, 4]), rnd(rng, 600, 1500, 50), ""),
          ("bad", "Badges, lanyards & programmes", att, float(rng.choice([2.5, 3, 3.75])), ""),
          ("stf", "Event staff (days)", rng.choice([4, 6, 8]), float(rng.choice([180, 220, 260])), "")]
    eids = []
    for id, n, q, u, note in ex[:rng.randint(5, 7)]:
        items.append(L(id, n, None, q=float(q), u=u, sec="c", indent=1, note=note))
        eids.append(id)
    if rng.random() < 0.5:
        items.append(L("av", "Streaming & recording (quote)", [rnd(rng, 1500, 6000, 100)], sec="c", indent=1))
        eids.append("av")
    cont = rng.random() < 0.5
    if cont:
        cp = rng.choice([0.05, 0.1])
        items.append(R("cont", f"Contingency ({cp * 100:g}%)", cp, list(eids), nd=0, sec="c", indent=1, pstr=f"{cp:g}"))
        eids.append("cont")
    items.append(A("TE", pick(rng, "Total expenditure", "TOTAL COSTS", "Total expenses"), eids))
    te = _total(items, "TE")
    items.append(BL())
    items.append(H(pick(rng, "INCOME", "Income", "REVENUE")))
    eb = int(att * 0.4)
    st = int(att * 0.35)
    stu = att - eb - st
    fee = rng.choice([(250, 320, 120), (350, 450, 150), (180, 240, 90), (95, 125, 45)])
    inc = [("reb", "Registration – early bird", eb, float(fee[0])), ("rst", "Registration – standard", st, float(fee[1])),
           ("rsu", "Registration – student", stu, float(fee[2]))]
    iids = []
    for id, n, q, u in inc:
        items.append(L(id, n, None, q=float(q), u=u, sec="p", indent=1))
        iids.append(id)
    if rng.random() < 0.6:
        items.append(L("exh", "Exhibitor stands", None, q=float(rng.randint(3, 10)), u=float(rng.choice([800, 1200, 2500])), sec="p", indent=1))
        iids.append("exh")
    inc_so_far = _total(items + [A("tmp", "", iids)], "tmp")
    gap = round(te - inc_so_far, 2)
    if gap >= 0:
        items.append(L("spo", pick(rng, "Sponsorship", "Host institution contribution", "Society subsidy"), [gap], sec="p", indent=1, note="balancing figure"))
        iids.append("spo")
    else:
        # raise costs with a surplus-to-reserve line
        j = [j for j, it in enumerate(items) if it.get("id") == "TE"][0]
        items.insert(j, L("res", "Transfer to society reserves", [-gap], sec="c", indent=1))
        items[j + 1]["kids"] = eids + ["res"]
    items.append(A("TI", pick(rng, "Total income", "TOTAL INCOME", "Total revenue"), iids))
    items.append(BL())
    items.append(RES("NET", pick(rng, "Surplus / (deficit)", "Net result", "Profit / loss"), "TI", "TE"))
    spec = dict(lc=0, pcols=[ac], qcol=qc, ucol=uc, ncol=nc, fmt=fmt2, ufmt=fmt2, qfmt="#,##0", form=pick(rng, "sum", "plus", "typed"),
                prodform=pick(rng, "formula", "typed"), rateform=pick(rng, "formula", "typed"), resform=pick(rng, "formula", "typed"))
    sh.widths.update({0: 40, qc: 8, uc: 12, ac: 14, nc: 24})
    h, nr = vplan(b, sh, r + 3, spec, items)
    b.rel("balance", h.items["TI"]["cells"][0], p=h.items["TI"]["cells"][0], c=h.items["TE"]["cells"][0], label="income vs expenditure")
    # per-head summary block at the right
    sc = nc + 2
    sh.set(r + 3, sc, "Key figures", bold=True)
    sh.set(r + 4, sc, "Cost per delegate")
    sh.set(r + 4, sc + 1, None, f=f"={a1(h.items['TE']['row'], ac)}/{att}", fmt=fmt2)
    sh.set(r + 5, sc, "Break-even fee (avg)")
    sh.set(r + 5, sc + 1, None, f=f"={a1(h.items['TE']['row'], ac)}/{att}", fmt=fmt2)
    sh.widths.update({sc: 20, sc + 1: 12})
    b.info = dict(sheet=sh.name, layout="conference budget: Qty × Unit cost = Amount per line, expenditure then income (registration by category × count), surplus line; per-delegate key figures to the right",
                  periods=[hdr[ac]], charges=[h.items["TE"]["cells"][0]], produits=[h.items["TI"]["cells"][0]], handles=[h],
                  notes="Break-even budget balanced by a sponsorship / host contribution line. The key-figure cells are ratios, not plan lines.")
    return b


# ==================================================================== F10 Spanish / German / Dutch

def fam_intl(i, rng):
    lang = ["es", "de", "nl"][i % 3]
    b = new_book(f"intl_{lang}_{i:02d}", lang, rng, placeholder="€")
    W = {
        "es": dict(sheet=["Presupuesto", "Hoja1", "Presupuesto proyecto"], title="PRESUPUESTO DEL PROYECTO", exp="GASTOS", inc="INGRESOS",
                   te=["TOTAL GASTOS", "Total gastos"], ti=["TOTAL INGRESOS", "Total ingresos"], res=["SALDO", "Resultado (ingresos − gastos)", "DIFERENCIA"],
                   tot=["Total", "TOTAL"], item="Concepto",
                   lines=[("Personal", 20000, 90000), ("Viajes y dietas", 2000, 12000), ("Material fungible", 1000, 8000),
                          ("Servicios externos / subcontratación", 3000, 20000), ("Alquiler de espacios", 1000, 6000), ("Difusión y publicidad", 500, 4000)],
                   rate="Costes indirectos ({p}% de los costes directos)", income=[("Subvención solicitada", None), ("Fondos propios", 0.12),
                                                                                    ("Aportación del Ayuntamiento", 0.1), ("Cuotas de inscripción", 0.05), ("Patrocinio privado", 0.04)]),
        "de": dict(sheet=["Finanzierungsplan", "Tabelle1", "KFP"], title="Kosten- und Finanzierungsplan", exp="Ausgaben", inc="Einnahmen / Finanzierung",
                   te=["Gesamtausgaben", "Summe Ausgaben"], ti=["Gesamteinnahmen", "Summe Einnahmen"], res=["Differenz", "Saldo", "Fehlbetrag / Überschuss"],
                   tot=["Gesamt", "Summe"], item="Position",
                   lines=[("Personalausgaben", 20000, 90000), ("Honorare", 2000, 15000), ("Reisekosten", 1000, 8000), ("Sachausgaben", 1000, 9000),
                          ("Miete und Raumkosten", 1000, 7000), ("Öffentlichkeitsarbeit", 500, 4000)],
                   rate="Verwaltungskostenpauschale ({p} % der direkten Ausgaben)", income=[("Beantragte Zuwendung", None), ("Eigenmittel", 0.1),
                                                                                            ("Drittmittel (Stiftung)", 0.12), ("Teilnahmebeiträge", 0.05), ("Spenden", 0.03)]),
        "nl": dict(sheet=["Begroting", "Blad1", "Begroting en dekking"], title="Projectbegroting en dekkingsplan", exp="Kosten", inc="Dekking",
                   te=["Totaal kosten", "TOTAAL KOSTEN"], ti=["Totaal dekking", "TOTAAL BATEN"], res=["Saldo", "Tekort / overschot"],
                   tot=["Totaal", "Totaal"], item="Omschrijving",
                   lines=[("Personeelskosten", 20000, 80000), ("Honoraria", 2000, 15000), ("Materiaalkosten", 1000, 8000), ("Huur locatie", 1000, 6000),
                          ("Communicatie en PR", 500, 4000), ("Reis- en verblijfkosten", 500, 5000)],
                   rate="Onvoorzien ({p}% van de kosten)", income=[("Gevraagde subsidie", None), ("Eigen bijdrage", 0.1), ("Gemeente", 0.12),
                                                                   ("Provincie", 0.08), ("Fondsen", 0.1), ("Recettes", 0.04)]),
    }[lang]
    sh = b.add(rng.choice(W["sheet"]))
    fmt = rng.choice(['#,##0.00 "€"', '#,##0 "€"', '#,##0.00', '€ #,##0'])
    r = rng.choice([0, 1, 2])
    title(sh, r, 0, W["title"], 4)
    multi = rng.random() < 0.5
    if multi:
        y = rng.choice([2026, 2027])
        pcols, tcol = [1, 2], 3
        hdr = {0: W["item"], 1: str(y), 2: str(y + 1), 3: rng.choice(W["tot"])}
    else:
        pcols, tcol = [1], None
        hdr = {0: W["item"], 1: {"es": "Importe (€)", "de": "Betrag (EUR)", "nl": "Bedrag"}[lang]}
    ncol = (tcol or pcols[-1]) + 1 if rng.random() < 0.5 else None
    if ncol:
        hdr[ncol] = {"es": "Observaciones", "de": "Erläuterungen", "nl": "Toelichting"}[lang]
    P = len(pcols)
    items = [dict(t="hdr", cells=hdr), H(W["exp"])]
    sel = rng.sample(W["lines"], rng.randint(4, 6))
    eids = []
    for k, (n, lo, hi) in enumerate(sel):
        items.append(L(f"e{k}", f"{k + 1}. {n}" if rng.random() < 0.4 else n, [rnd(rng, lo, hi, 50) for _ in range(P)], sec="c", indent=1))
        eids.append(f"e{k}")
    p = rng.choice([7, 10, 15]) if lang != "nl" else rng.choice([5, 10])
    if rng.random() < 0.7:
        items.append(R("ind", W["rate"].format(p=p), p / 100, list(eids), nd=2, sec="c", indent=1, pstr=f"{p}%"))
        eids.append("ind")
    items.append(A("TE", rng.choice(W["te"]), eids))
    te = [_vals(items, "TE", q) for q in range(P)]
    items += [BL(), H(W["inc"])]
    iids = []
    incs = [W["income"][0]] + rng.sample(W["income"][1:], rng.randint(2, 4))
    for k, (n, f) in enumerate(incs[1:]):
        items.append(L(f"i{k + 1}", n, [float(round(te[q] * f, -1)) for q in range(P)], sec="p", indent=1))
        iids.append(f"i{k + 1}")
    got = [sum(it["vals"][q] for it in items if it.get("id") in iids) for q in range(P)]
    items.insert(len(items) - len(iids), L("i0", incs[0][0], [round(te[q] - got[q], 2) for q in range(P)], sec="p", indent=1))
    iids = ["i0"] + iids
    items.append(A("TI", rng.choice(W["ti"]), iids))
    items.append(BL())
    items.append(RES("RES", rng.choice(W["res"]), "TI", "TE"))
    text = None
    if lang == "de" and rng.random() < 0.5:
        text = rng.choice(["de2", "de0"])
    spec = dict(lc=0, pcols=pcols, tcol=tcol, ncol=ncol, fmt=fmt, form=pick(rng, "sum", "plus", "typed"), rateform=pick(rng, "formula", "typed"),
                resform=pick(rng, "formula", "typed"), crossform=pick(rng, "formula", "typed"), text=text)
    if text == "de0":
        # whole euros as text: keep lines whole
        for it in items:
            if it.get("t") == "line":
                it["vals"] = [float(round(v)) for v in it["vals"]]
        for it in items:
            if it.get("t") == "rate":
                it["nd"] = 0
        # rebalance the grant line on whole euros
        te = [_vals(items, "TE", q) for q in range(P)]
        g = [it for it in items if it.get("id") == "i0"][0]
        g["vals"] = [te[q] - sum(it["vals"][q] for it in items if it.get("id") in iids[1:]) for q in range(P)]
    sh.widths.update({0: 44, 1: 14, 2: 14, 3: 14, 4: 30})
    h, nr = vplan(b, sh, r + 2, spec, items)
    for q in range(P):
        b.rel("balance", h.items["TI"]["cells"][q], p=h.items["TI"]["cells"][q], c=h.items["TE"]["cells"][q], label="Einnahmen/Ausgaben")
    sh.set(nr + 1, 0, {"es": "Importes en euros, IVA incluido.", "de": "Alle Beträge in Euro (brutto).", "nl": "Alle bedragen in euro's, inclusief btw."}[lang], italic=True)
    b.info = dict(sheet=sh.name, layout=f"{ {'es': 'Spanish', 'de': 'German', 'nl': 'Dutch'}[lang]} project budget: {W['exp']} / {W['inc']} blocks, " +
                  ("two year columns and a total column" if multi else "one amount column") + (", flat-rate line" if "ind" in [it.get("id") for it in items] else "") +
                  f", result line{'; amounts as German text (12.500,00 €)' if text else ''}",
                  periods=[hdr[c] for c in pcols] + ([hdr[tcol]] if tcol else []), charges=[(sh.name, h.items["TE"]["row"], c) for c in pcols + ([tcol] if tcol else [])],
                  produits=[(sh.name, h.items["TI"]["row"], c) for c in pcols + ([tcol] if tcol else [])], handles=[h],
                  notes=f"Language {lang}; decimal comma. The requested grant is the balancing line." + (" Text amounts are German-formatted (text-number)." if text else ""),
                  noformula=bool(text))
    return b


FAMILIES = [("he", fam_he, 10), ("erasmus", fam_erasmus, 8), ("nsf", fam_nsf, 9), ("arts", fam_arts, 9), ("gst", fam_gst, 8),
            ("gsheet", fam_gsheet, 8), ("opbud", fam_opbud, 8), ("capital", fam_capital, 8), ("event", fam_event, 8), ("intl", fam_intl, 9)]
