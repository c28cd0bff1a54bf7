#!/usr/bin/env python3
"""Generate UNSEEN financing plans with exact truth (independent of Equilibre).

python3 gen_unseen.py [OUTDIR] [--n N] [--seed S]
Writes OUTDIR/NAME.xlsx|ods and NAME.truth.json (realworld truth format).
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_core import rnd, Node, Plan, Sheet, check, place_values, write_xlsx, write_ods, cell, r2

# ------------------------------------------------------------------ vocab
FR_CH = [("60", "Achats", ["Fournitures administratives", "Matériel pédagogique", "Alimentation et boissons", "Petit équipement", "Prestations de services"]),
         ("61", "Services extérieurs", ["Location de salle", "Assurances", "Entretien et réparations", "Documentation"]),
         ("62", "Autres services extérieurs", ["Honoraires des intervenants", "Publicité, publications", "Déplacements, missions", "Frais postaux et télécommunications", "Services bancaires"]),
         ("63", "Impôts et taxes", ["Taxe sur les salaires", "Autres impôts et taxes"]),
         ("64", "Charges de personnel", ["Rémunération des personnels", "Charges sociales", "Autres charges de personnel"]),
         ("65", "Autres charges de gestion courante", []),
         ("68", "Dotation aux amortissements", [])]
FR_PR = [("70", "Ventes de produits finis, prestations de services", ["Participation des usagers", "Billetterie", "Vente de prestations"]),
         ("74", "Subventions d'exploitation", ["État : DRAJES", "Région Bretagne", "Département du Finistère", "Commune de Quimper", "CAF du Finistère", "Fonds européens (FSE+)", "Agence de services et de paiement (emplois aidés)"]),
         ("75", "Autres produits de gestion courante", ["cotisations", "dons manuels"]),
         ("76", "Produits financiers", [])]
EN_CH = [(None, "Staff costs", ["Project manager (0.6 FTE)", "Youth worker (1 FTE)", "Sessional workers", "Employer's NI and pension"]),
         (None, "Programme costs", ["Workshop materials", "Artist fees", "Participant travel", "Venue hire"]),
         (None, "Premises", ["Rent", "Utilities", "Insurance"]),
         (None, "Communication", ["Printing", "Website and social media"]),
         (None, "Evaluation", []),
         (None, "Volunteer expenses", [])]
EN_PR = [(None, "Grants", ["City Council community fund", "Arts Council project grant", "National Lottery Awards for All", "County Council"]),
         (None, "Earned income", ["Ticket sales", "Workshop fees"]),
         (None, "Donations and sponsorship", []),
         ]
ES_CH = [(None, "Personal", ["Coordinadora (media jornada)", "Monitores", "Seguridad social"]),
         (None, "Actividades", ["Material fungible", "Alquiler de espacios", "Transporte"]),
         (None, "Difusión", ["Cartelería", "Redes sociales"]),
         (None, "Seguros", [])]
ES_PR = [(None, "Subvenciones públicas", ["Ayuntamiento", "Diputación provincial", "Comunidad autónoma"]),
         (None, "Cuotas de participantes", []),
         ]
DE_CH = [(None, "Personalkosten", ["Projektleitung (0,5 Stelle)", "Honorarkräfte", "Sozialabgaben"]),
         (None, "Sachkosten", ["Miete Räume", "Material", "Fahrtkosten", "Öffentlichkeitsarbeit"]),
         (None, "Verwaltungskosten", [])]
DE_PR = [(None, "Zuwendungen", ["Stadt", "Land", "Stiftung"]),
         (None, "Teilnahmebeiträge", []),
         ]
WORDS = {
    "fr": dict(ch=["CHARGES", "DÉPENSES", "Charges", "Dépenses prévisionnelles"], pr=["PRODUITS", "RECETTES", "Produits", "Ressources"],
               tch=["TOTAL CHARGES", "TOTAL DES CHARGES", "Total des dépenses", "TOTAL DÉPENSES"],
               tpr=["TOTAL PRODUITS", "TOTAL DES PRODUITS", "Total des recettes", "TOTAL RESSOURCES"],
               res=["Résultat", "RÉSULTAT (excédent / déficit)", "Solde", "Excédent / Déficit"],
               bal=["Autofinancement", "Fonds propres de l'association", "Apport de l'association", "Report des ressources non utilisées"],
               sub="Sous-total ", tot="Total ", rem=["Remarques", "Commentaires", "Observations"],
               rems=["Devis joint", "Sollicitée", "Acquise", "Estimation", "Sur justificatifs", "En attente de réponse"],
               ind=["Frais de structure ({p} % des charges directes)", "Frais de gestion ({p} % des dépenses directes)", "Charges indirectes ({p}% des charges directes)"],
               title=["BUDGET PRÉVISIONNEL DE L'ACTION", "Plan de financement prévisionnel", "Budget prévisionnel du projet", "PLAN DE FINANCEMENT"],
               lab=["Poste", "Intitulé", "Nature des dépenses", ""], dont="dont "),
    "en": dict(ch=["EXPENDITURE", "Expenses", "COSTS", "Project costs"], pr=["INCOME", "Income", "FUNDING", "Sources of funding"],
               tch=["TOTAL EXPENDITURE", "Total expenses", "TOTAL COSTS", "Total project costs"],
               tpr=["TOTAL INCOME", "Total income", "TOTAL FUNDING", "Total funding"],
               res=["Surplus / (deficit)", "Balance", "Net result", "Surplus"],
               bal=["Reserves", "Own contribution", "Applicant's own funds", "Unrestricted funds"],
               sub="Subtotal ", tot="Total ", rem=["Notes", "Comments", "Remarks"],
               rems=["Quote attached", "Requested", "Confirmed", "Estimate", "Pending decision"],
               ind=["Overheads ({p}% of direct costs)", "Core cost contribution ({p} % of direct costs)", "Management fee ({p}% of direct costs)"],
               title=["PROJECT BUDGET", "Project budget 2025-26", "Budget and funding plan", "Financial plan"],
               lab=["Item", "Budget line", "Description", ""], dont="of which "),
    "es": dict(ch=["GASTOS"], pr=["INGRESOS"], tch=["TOTAL GASTOS"], tpr=["TOTAL INGRESOS"], res=["Resultado"], bal=["Fondos propios"],
               sub="Subtotal ", tot="Total ", rem=["Observaciones"], rems=["Presupuesto adjunto", "Solicitada", "Concedida"],
               ind=["Costes indirectos ({p} % de los costes directos)"], title=["PRESUPUESTO DEL PROYECTO"], lab=["Concepto"], dont="de los cuales "),
    "de": dict(ch=["AUSGABEN"], pr=["EINNAHMEN"], tch=["SUMME AUSGABEN"], tpr=["SUMME EINNAHMEN"], res=["Saldo"], bal=["Eigenmittel"],
               sub="Zwischensumme ", tot="Summe ", rem=["Bemerkungen"], rems=["Angebot liegt vor", "beantragt", "bewilligt"],
               ind=["Verwaltungspauschale ({p} % der direkten Kosten)"], title=["KOSTEN- UND FINANZIERUNGSPLAN"], lab=["Position"], dont="davon "),
}
PERIODS = {
    "fr": [lambda n, y: [str(y + i) for i in range(n)],
           lambda n, y: ["Année %d" % (i + 1) for i in range(n)],
           lambda n, y: ["N"] + ["N+%d" % i for i in range(1, n)],
           lambda n, y: ["Exercice %d" % (y + i) for i in range(n)],
           lambda n, y: ["T%d" % (i + 1) for i in range(n)] if n <= 4 else None,
           lambda n, y: ["1er semestre %d" % y, "2e semestre %d" % y, "1er semestre %d" % (y + 1), "2e semestre %d" % (y + 1)][:n] if n <= 4 else None,
           lambda n, y: ["Phase %d" % (i + 1) for i in range(n)],
           lambda n, y: ["%02d à 12/%d" % (9, y)] + ["01 à 12/%d" % (y + i) for i in range(1, n)]],
    "en": [lambda n, y: [str(y + i) for i in range(n)],
           lambda n, y: ["Year %d" % (i + 1) for i in range(n)],
           lambda n, y: ["Y%d" % (i + 1) for i in range(n)],
           lambda n, y: ["Q%d" % (i + 1) for i in range(n)] if n <= 4 else None,
           lambda n, y: ["FY%d" % ((y + i) % 100) for i in range(n)],
           lambda n, y: ["Phase %d" % (i + 1) for i in range(n)],
           lambda n, y: ["%d/%02d" % (y + i, (y + i + 1) % 100) for i in range(n)]],
    "es": [lambda n, y: [str(y + i) for i in range(n)], lambda n, y: ["Año %d" % (i + 1) for i in range(n)]],
    "de": [lambda n, y: [str(y + i) for i in range(n)], lambda n, y: ["Jahr %d" % (i + 1) for i in range(n)]],
}
SINGLE = {"fr": ["Montant", "Montant (€)", "Budget", "Prévisionnel", "Coût"], "en": ["Amount", "Budget (£)", "Amount (EUR)", "Cost", "Budget"],
          "es": ["Importe (€)"], "de": ["Betrag (€)"]}


def money(rng, lo, hi, step=50):
    return float(rng.randrange(lo // step, hi // step + 1) * step)


def vary(rng, base, nper, step=50):
    out = []
    for i in range(nper):
        f = 1 + rng.choice([0, 0, 0.02, 0.03, 0.05, -0.04, 0.1])
        out.append(float(max(step, round(base * f / step) * step)))
    return out


def fmt_text(v, lang, st):
    """st: per-file text style (index) so one file is consistent, as a paste would be."""
    if lang == "en":
        return ["{:,.2f}", "{:,.0f}", "£{:,.0f}", "€{:,.0f}"][st % 4].format(v)
    s = "{:,.0f}".format(v) if v == int(v) else "{:,.2f}".format(v)
    sep = [" ", "\u00a0", "\u202f"][st % 3]
    s = s.replace(",", "#").replace(".", ",").replace("#", sep)
    return s + [" €", " €", "€", " EUR", ""][st % 5]


def ncell(n, p):
    return cell(n.cols[p], n.row)


# ------------------------------------------------------------------ defects
def set_formula_style(plan, rng, style):
    """style: typed | formulas | mixed"""
    for n in plan.nodes:
        if n.vals is None:
            continue
        if style == "typed":
            f = False
        elif style == "formulas":
            f = n.derived()
        else:
            f = n.derived() and rng.random() < 0.6
        n.formula = [f] * plan.nper
        if n.kind == "ref":
            n.formula = [True] * plan.nper
        n.tformula = style == "formulas" or (style == "mixed" and rng.random() < 0.5)


def nudge(rng, v):
    d = rng.choice([100, 200, 500, 1000, 50, 300, 90, 900, 2000])
    if v > 3 * d and rng.random() < 0.5:
        d = -d
    return r2(v + d)


def apply_defects(plan, rng, k, allowed):
    plan.pinned = set()
    done = []
    used = set()
    tgt_periods = list(range(plan.nper))
    items = [n for n in plan.nodes if n.kind == "item" and n.qty is None and n.row is not None and n.parent is not None
             and n.parent.kind == "agg" and n.text is None and n.sheet == plan.plan_sheet]
    for _ in range(k):
        kinds = [x for x in allowed if x not in [d[0] for d in done]]
        rng.shuffle(kinds)
        for kind in kinds:
            p = rng.choice(tgt_periods)
            if kind == "typo":
                cand = [n for n in items if n.id not in used and n.parent.id not in used]
                if not cand:
                    continue
                n = rng.choice(cand)
                n.parent.formula[p] = False
                old = n.vals[p]
                n.vals[p] = nudge(rng, old)
                plan.author_eval(frozenset(plan.typed_frozen()))
                plan.pinned.add((n.parent.id, p))
                used |= {n.id, n.parent.id}
                done.append((kind, "%s: line %s changed %s -> %s under a typed total %s" % (kind, ncell(n, p), old, n.vals[p], ncell(n.parent, p))))
            elif kind == "total_off":
                cand = [n for n in plan.nodes if n.kind == "agg" and not n.grand and n.row is not None and n.id not in used
                        and n.sheet == plan.plan_sheet and n.text is None]
                if not cand:
                    continue
                n = rng.choice(cand)
                n.formula[p] = False
                old = n.vals[p]
                n.vals[p] = nudge(rng, old)
                plan.author_eval(frozenset({(n.id, p)}))
                plan.pinned.add((n.id, p))
                used.add(n.id)
                done.append((kind, "%s: subtotal %s typed %s instead of %s; totals above follow it" % (kind, ncell(n, p), n.vals[p], old)))
            elif kind == "grand_off":
                n = plan.ch_total
                if n.id in used or n.sheet != plan.plan_sheet:
                    continue
                n.formula[p] = False
                old = n.vals[p]
                n.vals[p] = nudge(rng, old)
                plan.author_eval(frozenset(plan.typed_frozen() | {(n.id, p)}))
                plan.pinned.add((n.id, p))
                used.add(n.id)
                done.append((kind, "%s: grand total %s typed %s instead of %s" % (kind, ncell(n, p), n.vals[p], old)))
            elif kind == "rate_off":
                cand = [n for n in plan.nodes if n.kind == "rate" and n.id not in used and n.pct > 0 and n.sheet == plan.plan_sheet]
                if not cand:
                    continue
                n = rng.choice(cand)
                n.formula[p] = False
                old = n.vals[p]
                wrong = rng.choice(["pct", "nudge"])
                if wrong == "pct":
                    new = rnd(old * rng.choice([1.25, 0.8, 1.5, 0.5]), n.rdig)
                else:
                    new = nudge(rng, old)
                if abs(new - old) <= 2:
                    new = old + 100
                n.vals[p] = new
                plan.author_eval(frozenset({(n.id, p)}))
                plan.pinned.add((n.id, p))
                used.add(n.id)
                done.append((kind, "%s: rate line %s typed %s instead of %s" % (kind, ncell(n, p), new, old)))
            elif kind == "product_off":
                cand = [n for n in plan.nodes if n.kind == "item" and n.qty is not None and n.id not in used and n.sheet == plan.plan_sheet]
                if not cand:
                    continue
                n = rng.choice(cand)
                p = 0
                n.formula[p] = False
                old = n.vals[p]
                new = r2(n.price[p] * (n.qty[p] + rng.choice([1, -1, 2, 10])))
                if new <= 0 or abs(new - old) <= 1:
                    new = r2(old + 100)
                n.vals[p] = new
                plan.author_eval(frozenset({(n.id, p)}))
                plan.pinned.add((n.id, p))
                used.add(n.id)
                done.append((kind, "%s: amount %s = %s, not qty x price = %s" % (kind, ncell(n, p), new, old)))
            elif kind == "cross_off":
                if not plan.has_total_col:
                    continue
                cand = [n for n in plan.nodes if n.tcol is not None and n.id not in used and n.sheet == plan.plan_sheet]
                n = rng.choice(cand)
                n.tformula = False
                old = n.tval
                n.tval = nudge(rng, old)
                plan.author_eval(frozenset(plan.typed_frozen() | {(n.id, "T")}))
                plan.pinned.add((n.id, "T"))
                used.add(n.id)
                done.append((kind, "%s: Total column %s = %s instead of %s" % (kind, cell(n.tcol, n.row), n.tval, old)))
            elif kind == "balance":
                if plan.pr_total is None:
                    continue
                bal = [n for n in plan.nodes if n.kind == "bal"]
                cand = [n for n in plan.nodes if n.side == "produits" and n.kind == "item" and n.qty is None and n.id not in used
                        and n.row is not None and n.text is None]
                if not cand:
                    continue
                n = rng.choice(cand)
                fr = set()
                for b in bal:
                    b.formula = [False] * plan.nper
                    fr |= {(b.id, q) for q in range(plan.nper)}
                for x in plan.nodes:
                    if x.kind == "result":
                        fr |= {(x.id, q) for q in range(plan.nper) if not x.formula[q]}
                old = n.vals[p]
                n.vals[p] = nudge(rng, old)
                plan.author_eval(frozenset(fr))
                plan.pinned |= fr
                used.add(n.id)
                done.append((kind, "%s: income line %s changed %s -> %s, plan no longer balances" % (kind, ncell(n, p), old, n.vals[p])))
            else:
                continue
            break
    return [d[1] for d in done]


def apply_stale(plan, rng):
    """An input edited without recalculation. Grand totals are typed in such files."""
    cand = [n for n in plan.nodes if n.kind == "item" and n.qty is None and n.parent is not None and n.parent.formula
            and n.parent.formula[0] and n.sheet == plan.plan_sheet and n.text is None]
    if not cand:
        return None
    n = rng.choice(cand)
    p = rng.randrange(plan.nper)
    old = n.vals[p]
    n.vals[p] = nudge(rng, old)
    return "stale: %s edited %s -> %s without recalculation" % (ncell(n, p), old, n.vals[p])


# ------------------------------------------------------------------ layout helpers
def link_parents(plan):
    for n in plan.nodes:
        n.parent = None
    for n in plan.nodes:
        for c in n.children:
            if n.kind == "agg":
                c.parent = n


def flatten(n):
    if n.kind == "agg" and n.children and not n.grand:
        if n.display == "after":
            return [("heading", n)] + sum((flatten(c) for c in n.children), []) + [("node", n)]
        return [("node", n)] + sum((flatten(c) for c in n.children), [])
    return [("node", n)]


def codes_label(code, label, mode):
    if mode == "inlabel" and code:
        return "%s - %s" % (code, label)
    return label


# ------------------------------------------------------------------ family A: stacked association plan
def fam_stacked(name, rng, fmt):
    lang = rng.choices(["fr", "en", "es", "de"], [60, 30, 5, 5])[0]
    W = WORDS[lang]
    nper = rng.choices([1, 2, 3, 4, 5], [30, 25, 25, 12, 8])[0]
    y = rng.choice([2024, 2025, 2026])
    if nper == 1:
        periods = [rng.choice(SINGLE[lang])]
    else:
        while True:
            periods = rng.choice(PERIODS[lang])(nper, y)
            if periods:
                break
    plan = Plan(name, fmt, lang, nper)
    plan.periods = periods
    plan.has_total_col = nper >= 2 and rng.random() < 0.6
    has_rem = rng.random() < 0.4
    code_mode = rng.choice(["inlabel", "column", "none"]) if lang == "fr" else "none"
    numbering = rng.random() < 0.2 and code_mode != "column"
    display = rng.choice(["first", "first", "after"])
    use_dont = lang in ("fr", "en") and display == "first" and rng.random() < 0.5
    chpool = {"fr": FR_CH, "en": EN_CH, "es": ES_CH, "de": DE_CH}[lang]
    prpool = {"fr": FR_PR, "en": EN_PR, "es": ES_PR, "de": DE_PR}[lang]
    groups = [g for g in chpool if rng.random() < 0.75] or chpool[:2]
    ch_nodes = []
    for gi, (code, glab, subs) in enumerate(groups):
        k = min(len(subs), rng.randint(0, 4))
        if k >= 2 or (k == 1 and use_dont):
            kids = []
            for s in rng.sample(subs, k):
                kids.append(plan.add(Node((W["dont"] if use_dont else "") + s, vals=vary(rng, money(rng, 300, 15000), nper), indent=1,
                                          remark=rng.choice(W["rems"]) if has_rem and rng.random() < 0.3 else None)))
            agg = plan.add(Node(codes_label(code, glab, code_mode), "agg", children=kids, bold=True, display=display, code=code,
                                heading=codes_label(code, glab, code_mode)))
            if display == "after":
                agg.label = W["sub"] + glab.lower() if lang != "de" else W["sub"] + glab
        else:
            agg = plan.add(Node(codes_label(code, glab, code_mode), vals=vary(rng, money(rng, 200, 9000), nper), code=code, bold=rng.random() < 0.5))
        ch_nodes.append(agg)
    if use_dont and rng.random() < 0.3:
        # partial 'dont': only one line listed, its parent states a larger amount -> a sum finding by the rules; avoid: keep full
        pass
    direct = list(ch_nodes)
    if rng.random() < 0.4:
        pc = rng.choice([5, 7, 8, 10, 12, 15])
        rate = plan.add(Node(rng.choice(W["ind"]).format(p=pc), "rate", pct=pc / 100.0, base=direct, code="" if code_mode == "column" else None))
        ch_nodes.append(rate)
    tch = plan.add(Node(rng.choice(W["tch"]), "agg", children=ch_nodes, bold=True, grand=True))
    # produits
    pgroups = [g for g in prpool if rng.random() < 0.7] or prpool[:1]
    pr_nodes = []
    for (code, glab, subs) in pgroups:
        k = min(len(subs), rng.randint(0, 4))
        if k >= 2:
            kids = [plan.add(Node((W["dont"] if use_dont else "") + s, side="produits", vals=vary(rng, money(rng, 500, 20000), nper), indent=1,
                                  remark=rng.choice(W["rems"]) if has_rem and rng.random() < 0.3 else None)) for s in rng.sample(subs, k)]
            agg = plan.add(Node(codes_label(code, glab, code_mode), "agg", side="produits", children=kids, bold=True, display=display, code=code,
                                heading=codes_label(code, glab, code_mode)))
            if display == "after":
                agg.label = W["sub"] + glab.lower() if lang != "de" else W["sub"] + glab
        else:
            agg = plan.add(Node(codes_label(code, glab, code_mode), side="produits", vals=vary(rng, money(rng, 200, 6000), nper), code=code))
        pr_nodes.append(agg)
    bal = plan.add(Node(rng.choice(W["bal"]), "bal", side="produits", bal_total=tch, bal_others=list(pr_nodes), code="" if code_mode == "column" else None))
    pr_nodes.append(bal)
    tpr = plan.add(Node(rng.choice(W["tpr"]), "agg", side="produits", children=pr_nodes, bold=True, grand=True))
    plan.author_eval()
    # make sure the balancing line is positive: scale up produits deficits
    for p in range(nper):
        if bal.vals[p] < 0:
            for c in pr_nodes[:-1]:
                for x in ([c] + c.children):
                    if x.kind == "item":
                        x.vals[p] = float(max(50, round(x.vals[p] * 0.3 / 50) * 50))
            plan.author_eval()
    res = None
    if rng.random() < 0.35:
        res = plan.add(Node(rng.choice(W["res"]), "result", side="result", res_pr=tpr, res_ch=tch, bold=True))
    plan.ch_total, plan.pr_total = tch, tpr
    plan.balance_pairs = [(tch, tpr)]
    plan.author_eval()
    link_parents(plan)

    # ---- layout
    sheets = []
    instr = rng.random() < 0.2
    sname = rng.choice({"fr": ["Budget", "Plan de financement", "Budget prévisionnel", "BP 2025", "Feuil1"],
                        "en": ["Budget", "Sheet1", "Project budget", "Budget 2025"], "es": ["Presupuesto", "Hoja1"], "de": ["Finanzplan", "Tabelle1"]}[lang])
    if instr:
        s0 = Sheet({"fr": "Mode d'emploi", "en": "Instructions", "es": "Instrucciones", "de": "Hinweise"}[lang])
        for i, t in enumerate({"fr": ["Remplir les cellules en jaune.", "Les montants sont en euros.", "Le budget doit être équilibré.", "Ne pas modifier les formules."],
                               "en": ["Fill in the yellow cells.", "All figures in GBP unless stated.", "The budget must balance.", "Do not change formulas."],
                               "es": ["Rellene las celdas amarillas."], "de": ["Bitte gelbe Felder ausfüllen."]}[lang]):
            s0.put(i + 2, 0, t)
        sheets.append(s0)
    sh = Sheet(sname)
    sheets.append(sh)
    plan.sheets = sheets
    plan.plan_sheet = sname
    c0 = 0
    code_col = num_col = None
    if code_mode == "column":
        code_col = c0
        c0 += 1
    elif numbering:
        num_col = c0
        c0 += 1
    if rng.random() < 0.25:
        c0 += 1   # blank column or label not in A
    label_col = c0
    pstart = label_col + 1 + (1 if rng.random() < 0.2 else 0)
    pcols = list(range(pstart, pstart + nper))
    tcol = pcols[-1] + 1 if plan.has_total_col else None
    rcol = (tcol or pcols[-1]) + 1 if has_rem else None
    sh.widths[label_col] = 42
    r = 1
    ntitle = rng.randint(0, 4)
    if ntitle:
        sh.merges.append((r, label_col, pcols[-1], rng.choice(W["title"])))
        r += 1
        extras = {"fr": ["Association Les Amis du Quartier", "Projet : Ateliers numériques seniors", "Période : du 01/09/%d au 31/08/%d" % (y, y + 1), "Montants en euros"],
                  "en": ["Riverside Youth Trust", "Project: Summer arts programme", "Period: April %d - March %d" % (y, y + 1), "All figures in £"],
                  "es": ["Asociación Vecinal El Puente"], "de": ["Verein Nachbarschaftshilfe e.V."]}[lang]
        for t in extras[:ntitle - 1]:
            sh.put(r, label_col, t)
            r += 1
        r += 1
    total_lbl = {"fr": "Total", "en": "Total", "es": "Total", "de": "Gesamt"}[lang]

    def header(row, word):
        if code_col is not None:
            sh.put(row, code_col, "Compte" if lang == "fr" else "Code", bold=True)
        sh.put(row, label_col, word, bold=True)
        if show_periods:
            for i, pl in enumerate(periods):
                sh.put(row, pcols[i], pl, bold=True)
        if tcol is not None:
            sh.put(row, tcol, total_lbl, bold=True)
        if rcol is not None:
            sh.put(row, rcol, rng.choice(W["rem"]), bold=True)

    show_periods = not (nper == 1 and rng.random() < 0.15)
    indent_spaces = rng.random() < 0.4
    if not show_periods:
        plan.periods = []
    header(r, rng.choice(W["ch"]))
    r += 1
    numc = [0]

    def emit(seq, side):
        nonlocal r
        for what, n in seq:
            if what == "heading":
                sh.put(r, label_col, n.heading, bold=True)
                if code_col is not None and n.code:
                    sh.put(r, code_col, n.code)
                r += 1
                continue
            n.sheet = sname
            n.row = r
            n.cols = pcols
            n.tcol = tcol
            sh.put(r, label_col, ("    " * n.indent if indent_spaces else "") + n.label, bold=n.bold)
            if code_col is not None and n.code and not (n.kind == "agg" and n.display == "after"):
                sh.put(r, code_col, int(n.code) if rng.random() < 0.3 else n.code)
            if num_col is not None and not n.grand and n.kind != "result" and not (n.kind == "agg" and n.display == "after"):
                if True:
                    numc[0] += 1
                    sh.put(r, num_col, "%d." % numc[0] if n.indent == 0 else "%s)" % "abcdefgh"[numc[0] % 8])
            if rcol is not None and n.remark:
                sh.put(r, rcol, n.remark)
            r += 1

    for n in ch_nodes:
        emit(flatten(n), "charges")
    if rng.random() < 0.3:
        r += 1
    emit([("node", tch)], "charges")
    r += 1 + (1 if rng.random() < 0.3 else 0)
    if rng.random() < 0.6:
        header(r, rng.choice(W["pr"]))
    else:
        sh.put(r, label_col, rng.choice(W["pr"]), bold=True)
    r += 1
    for n in pr_nodes:
        emit(flatten(n), "produits")
    emit([("node", tpr)], "produits")
    if res is not None:
        if rng.random() < 0.5:
            r += 1
        emit([("node", res)], "result")
    if rng.random() < 0.4:
        r += 2
        sh.put(r, label_col, {"fr": "Le budget doit être présenté à l'équilibre.", "en": "Note: in-kind support is not included.",
                              "es": "Nota: importes en euros.", "de": "Alle Beträge in Euro."}[lang])
    for n in plan.nodes:
        for c in n.children:
            if c.row is None:
                pass
    return plan


# ------------------------------------------------------------------ family B: side by side (CERFA-like)
def fam_side(name, rng, fmt):
    lang = "fr" if rng.random() < 0.85 else "en"
    W = WORDS[lang]
    plan = Plan(name, fmt, lang, 1)
    amt_head = rng.choice(["Montant", "Montant (€)", "Prévision", "Budget", "€"] if lang == "fr" else ["Amount", "Budget (€)"])
    plan.periods = [amt_head]
    code_mode = rng.choice(["inlabel", "column", "none"]) if lang == "fr" else "none"
    chpool = FR_CH if lang == "fr" else EN_CH
    prpool = FR_PR if lang == "fr" else EN_PR
    use_dont = lang == "fr" and rng.random() < 0.5

    def side(pool, sidename, frac):
        out = []
        for (code, glab, subs) in pool:
            if rng.random() > frac:
                continue
            k = min(len(subs), rng.randint(0, 3))
            if k >= 2:
                kids = [plan.add(Node((W["dont"] if use_dont else "") + s, side=sidename, vals=[money(rng, 100, 8000)], indent=1, code=None)) for s in rng.sample(subs, k)]
                out.append(plan.add(Node(codes_label(code, glab, code_mode), "agg", side=sidename, children=kids, bold=True, code=code)))
            else:
                out.append(plan.add(Node(codes_label(code, glab, code_mode), side=sidename, vals=[money(rng, 100, 6000)], code=code, bold=True)))
        return out

    chs = side(chpool, "charges", 0.8)
    prs = side(prpool, "produits", 0.85)
    tch = plan.add(Node(rng.choice(W["tch"]), "agg", children=chs, bold=True, grand=True))
    bal = plan.add(Node(rng.choice(W["bal"]), "bal", side="produits", bal_total=tch, bal_others=list(prs), code=None))
    prs.append(bal)
    tpr = plan.add(Node(rng.choice(W["tpr"]), "agg", side="produits", children=prs, bold=True, grand=True))
    plan.author_eval()
    if bal.vals[0] < 0:
        for c in prs[:-1]:
            for x in [c] + c.children:
                if x.kind == "item":
                    x.vals[0] = float(max(50, round(x.vals[0] * 0.25 / 50) * 50))
        plan.author_eval()
    cvn = lang == "fr" and rng.random() < 0.5
    plan.balance_pairs = [(tch, tpr)]
    if cvn:
        k86 = [plan.add(Node(l, vals=[v], indent=1, code=c)) for (c, l), v in zip([("860", "Secours en nature"), ("861", "Mise à disposition gratuite de biens et prestations"), ("862", "Prestations"), ("864", "Personnel bénévole")], [0, 0, 0, 0])]
        k86 = k86[rng.randint(0, 2):]
        vals = [money(rng, 200, 5000) for _ in k86]
        for x, v in zip(k86, vals):
            x.vals = [v]
        n86 = plan.add(Node(codes_label("86", "Emplois des contributions volontaires en nature", code_mode), "agg", children=k86, bold=True, code="86"))
        labs87 = [("870", "Bénévolat"), ("871", "Prestations en nature"), ("875", "Dons en nature")]
        k87 = [plan.add(Node(l, side="produits", vals=[0.0], indent=1, code=c)) for c, l in labs87[:len(k86) if len(k86) <= 3 else 3]]
        tot = sum(vals)
        # split tot among k87
        acc = 0
        for i, x in enumerate(k87):
            v = tot - acc if i == len(k87) - 1 else float(round(tot / len(k87) / 50) * 50)
            x.vals = [v]
            acc += v
        n87 = plan.add(Node(codes_label("87", "Contributions volontaires en nature", code_mode), "agg", side="produits", children=k87, bold=True, code="87"))
        fch = plan.add(Node("TOTAL", "agg", children=[tch, n86], bold=True, grand=True))
        fpr = plan.add(Node("TOTAL", "agg", side="produits", children=[tpr, n87], bold=True, grand=True))
        tch.grand = tpr.grand = False
        plan.balance_pairs += [(n86, n87), (fch, fpr)]
        plan.ch_total, plan.pr_total = fch, fpr
    else:
        plan.ch_total, plan.pr_total = tch, tpr
    plan.author_eval()
    link_parents(plan)
    # layout
    sname = rng.choice(["Budget de l'action", "Budget prévisionnel", "BP", "Feuil1", "Budget"] if lang == "fr" else ["Budget", "Sheet1"])
    sh = Sheet(sname)
    plan.sheets = [sh]
    plan.plan_sheet = sname
    if rng.random() < 0.2:
        s0 = Sheet("Notice" if lang == "fr" else "Guidance")
        s0.put(2, 0, "Le total des charges doit être égal au total des produits." if lang == "fr" else "Total costs must equal total income.")
        plan.sheets = [s0, sh]
    lc = 0
    # left block: [code] label amount ; gap ; right block
    left = {}
    c = 0
    if code_mode == "column":
        left["code"] = c
        c += 1
    left["label"], left["amt"] = c, c + 1
    c += 2
    if rng.random() < 0.5:
        c += 1
    right = {}
    if code_mode == "column":
        right["code"] = c
        c += 1
    right["label"], right["amt"] = c, c + 1
    sh.widths[left["label"]] = 40
    sh.widths[right["label"]] = 40
    r = 1
    if rng.random() < 0.8:
        sh.merges.append((r, 0, right["amt"], rng.choice(W["title"])))
        r += 2
    sh.put(r, left["label"], rng.choice(W["ch"]), bold=True)
    sh.put(r, left["amt"], amt_head, bold=True)
    sh.put(r, right["label"], rng.choice(W["pr"]), bold=True)
    sh.put(r, right["amt"], amt_head, bold=True)
    r += 1
    start = r

    def place(nodes, blk, r0):
        rr = r0
        for n in nodes:
            for what, x in flatten(n):
                x.sheet, x.row, x.cols = sname, rr, [blk["amt"]]
                sh.put(rr, blk["label"], x.label, bold=x.bold)
                if "code" in blk and x.code:
                    sh.put(rr, blk["code"], x.code)
                rr += 1
        return rr

    e1 = place(chs, left, start)
    e2 = place(prs, right, start)
    tr = max(e1, e2) + (1 if rng.random() < 0.4 else 0)
    for n, blk in ((tch, left), (tpr, right)):
        n.sheet, n.row, n.cols = sname, tr, [blk["amt"]]
        sh.put(tr, blk["label"], n.label, bold=True)
    r = tr + 1
    if cvn:
        r += 1
        sh.merges.append((r, 0, right["amt"], "CONTRIBUTIONS VOLONTAIRES EN NATURE"))
        r += 1
        for n, blk in ((n86, left), (n87, right)):
            n.sheet, n.row, n.cols = sname, r, [blk["amt"]]
            sh.put(r, blk["label"], n.label, bold=True)
            if "code" in blk:
                sh.put(r, blk["code"], n.code)
        r += 1
        e1 = r
        for x in k86:
            x.sheet, x.row, x.cols = sname, e1, [left["amt"]]
            sh.put(e1, left["label"], x.label)
            e1 += 1
        e2 = r
        for x in k87:
            x.sheet, x.row, x.cols = sname, e2, [right["amt"]]
            sh.put(e2, right["label"], x.label)
            e2 += 1
        r = max(e1, e2)
        for n, blk in ((fch, left), (fpr, right)):
            n.sheet, n.row, n.cols = sname, r, [blk["amt"]]
            sh.put(r, blk["label"], n.label, bold=True)
        r += 1
    return plan


# ------------------------------------------------------------------ family C: English grant budget
def fam_grant(name, rng, fmt):
    lang = "en"
    mode = rng.choice(["years", "years", "single", "share"])
    if mode == "years":
        nper = rng.randint(2, 5)
        periods = rng.choice([lambda n: ["Year %d" % (i + 1) for i in range(n)], lambda n: ["Y%d" % (i + 1) for i in range(n)],
                              lambda n: ["Budget Period %d" % (i + 1) for i in range(n)], lambda n: [str(2025 + i) for i in range(n)]])(nper)
    elif mode == "single":
        nper, periods = 1, [rng.choice(["Amount", "Requested", "Total ($)", "Budget"])]
    else:
        nper, periods = 2, rng.choice([["Amount requested", "Match"], ["Requested", "Cost share"], ["Sponsor", "Cost share"]])
    plan = Plan(name, fmt, lang, nper)
    plan.periods = periods
    plan.has_total_col = nper >= 2 and (mode == "share" or rng.random() < 0.7)
    pers = []
    for lab, base in rng.sample([("Principal Investigator (1.5 person-months)", 18000), ("Co-Investigator (1 person-month)", 11000),
                                 ("Postdoctoral researcher (12 person-months)", 56000), ("Graduate student (50% FTE)", 28000),
                                 ("Project coordinator (0.5 FTE)", 30000), ("Research technician (0.25 FTE)", 14000),
                                 ("Undergraduate assistants (hourly)", 8000)], rng.randint(2, 4)):
        pers.append(plan.add(Node(lab, vals=vary(rng, base, nper, 10) if mode != "share" else [base, round(base * 0.2 / 10) * 10.0], indent=1)))
    pagg = plan.add(Node("Total Salaries and Wages", "agg", children=pers, bold=True, display=rng.choice(["after", "first"]), heading="A. Senior/Key Personnel and Other Personnel"))
    if pagg.display == "first":
        pagg.label = "A. Salaries and wages"
    fr = rng.choice([22, 25, 28.5, 31, 33])
    fringe = plan.add(Node("B. Fringe benefits (%s%% of salaries)" % fr, "rate", pct=fr / 100.0, base=[pagg], rdig=rng.choice([0, 2])))
    others = []
    for lab, base in [("C. Equipment", 12000), ("D. Travel", 6000), ("E. Materials and supplies", 4000), ("F. Publication costs", 2000),
                      ("G. Consultant services", 5000), ("H. Participant support costs", 7000), ("I. Other direct costs", 3000)]:
        if rng.random() < 0.7:
            others.append(plan.add(Node(lab, vals=vary(rng, base, nper, 10) if mode != "share" else [base, 0.0])))
    tdc = plan.add(Node("TOTAL DIRECT COSTS", "agg", children=[pagg, fringe] + others, bold=True))
    mtdc = None
    excl = [o for o in others if o.label.startswith(("C.", "H."))]
    if excl and rng.random() < 0.5:
        mtdc = plan.add(Node("Modified Total Direct Costs (MTDC)", "memo", children=[tdc] + excl))
        ir = rng.choice([26, 35, 52, 55.5, 10])
        ind = plan.add(Node("Indirect costs (%s%% of MTDC)" % ir, "rate", pct=ir / 100.0, base=[mtdc], rdig=rng.choice([0, 2])))
    else:
        ir = rng.choice([10, 15, 20, 25])
        ind = plan.add(Node(rng.choice(["Indirect costs (%s%% of total direct costs)", "Indirect Costs @ %s%% TDC", "F&A (%s%% of direct costs)"]) % ir,
                            "rate", pct=ir / 100.0, base=[tdc], rdig=rng.choice([0, 2])))
    tpc = plan.add(Node(rng.choice(["TOTAL PROJECT COSTS", "Total Costs (Direct + Indirect)", "TOTAL BUDGET REQUEST"]), "agg", children=[tdc, ind], bold=True, grand=True))
    plan.ch_total = tpc
    plan.author_eval()
    link_parents(plan)
    sname = rng.choice(["Budget", "Detailed Budget", "Sheet1", "Budget Summary"])
    sh = Sheet(sname)
    plan.sheets = [sh]
    plan.plan_sheet = sname
    if rng.random() < 0.25:
        s0 = Sheet("Instructions")
        s0.put(1, 0, "Complete the budget on the next sheet. Indirect costs at the negotiated rate.")
        s0.put(2, 0, "Fringe rates are set by the sponsored programs office.")
        plan.sheets = [s0, sh]
    lc = rng.choice([0, 0, 1])
    pcols = list(range(lc + 1 + rng.choice([0, 0, 1]), lc + 1 + nper + 2))[:nper]
    tcol = pcols[-1] + 1 if plan.has_total_col else None
    sh.widths[lc] = 45
    r = 1
    for t in rng.sample(["Sponsor: National Science Foundation", "PI: Dr. A. Martinez", "Project title: Coastal sediment dynamics", "Project period: 07/01/2025 - 06/30/2028"], rng.randint(0, 3)):
        sh.put(r, lc, t)
        r += 1
    r += 1
    sh.put(r, lc, rng.choice(["Budget category", "Line item", "Cost category", ""]), bold=True)
    for i, p in enumerate(periods):
        sh.put(r, pcols[i], p, bold=True)
    if tcol is not None:
        sh.put(r, tcol, rng.choice(["Total", "Cumulative", "Total Project"]), bold=True)
    r += 1
    seq = flatten(pagg) + [("node", fringe)] + [("node", o) for o in others] + [("node", tdc)]
    if mtdc is not None:
        seq.append(("node", mtdc))
    seq += [("node", ind), ("node", tpc)]
    for what, n in seq:
        if what == "heading":
            sh.put(r, lc, n.heading, bold=True)
            r += 1
            continue
        n.sheet, n.row, n.cols, n.tcol = sname, r, pcols, tcol
        sh.put(r, lc, n.label, bold=n.bold)
        r += 1
    return plan


# ------------------------------------------------------------------ family D: EU / ESF+
def fam_esf(name, rng, fmt):
    lang = rng.choice(["fr", "en"])
    nper = rng.randint(2, 4) if rng.random() < 0.8 else 1
    y = rng.choice([2024, 2025])
    periods = [str(y + i) for i in range(nper)] if nper > 1 else [rng.choice(["Montant total", "Total amount"])]
    plan = Plan(name, fmt, lang, nper)
    plan.periods = periods
    plan.has_total_col = nper >= 2 and rng.random() < 0.8
    T = (lambda f, e: f if lang == "fr" else e)
    staff = [plan.add(Node(l, vals=vary(rng, b, nper, 100), indent=1)) for l, b in rng.sample(
        [(T("Chargée de projet (1 ETP)", "Project officer (1 FTE)"), 42000), (T("Formateur (0,5 ETP)", "Trainer (0.5 FTE)"), 21000),
         (T("Conseiller en insertion (0,8 ETP)", "Job coach (0.8 FTE)"), 33000), (T("Coordination (0,2 ETP)", "Coordination (0.2 FTE)"), 11000)], rng.randint(2, 4))]
    sagg = plan.add(Node(T("1. Dépenses directes de personnel", "1. Direct staff costs"), "agg", children=staff, bold=True))
    variant = rng.choice(["40", "15", "20"])
    if variant == "40":
        oc = plan.add(Node(T("2. Autres coûts (taux forfaitaire de 40 % des frais de personnel directs)", "2. Other costs (flat rate 40% of direct staff costs)"),
                           "rate", pct=0.40, base=[sagg]))
        cnodes = [sagg, oc]
    elif variant == "15":
        op = plan.add(Node(T("2. Dépenses directes de fonctionnement", "2. Direct operating costs"), vals=vary(rng, 9000, nper, 100)))
        ext = plan.add(Node(T("3. Prestations de services", "3. External services"), vals=vary(rng, 12000, nper, 100)))
        ind = plan.add(Node(T("4. Coûts indirects (15 % des dépenses directes de personnel)", "4. Indirect costs (15% of direct staff costs)"), "rate", pct=0.15, base=[sagg]))
        cnodes = [sagg, op, ext, ind]
    else:
        op = plan.add(Node(T("2. Dépenses directes de fonctionnement", "2. Direct operating costs"), vals=vary(rng, 9000, nper, 100)))
        ext = plan.add(Node(T("3. Prestations de services", "3. External services"), vals=vary(rng, 12000, nper, 100)))
        ind = plan.add(Node(T("4. Coûts indirects (7 % des coûts directs)", "4. Indirect costs (7% of eligible direct costs)"), "rate", pct=0.07, base=[sagg, op, ext]))
        cnodes = [sagg, op, ext, ind]
    tch = plan.add(Node(T("TOTAL DES DÉPENSES ÉLIGIBLES", "TOTAL ELIGIBLE COSTS"), "agg", children=cnodes, bold=True, grand=True))
    eu = rng.choice([40, 50, 60, 70, 85])
    fse = plan.add(Node(T("FSE+ (%d %% du coût total éligible)" % eu, "ESF+ contribution (%d%% of total eligible costs)" % eu), "rate", side="produits", pct=eu / 100.0, base=[tch]))
    nat = [plan.add(Node(l, side="produits", vals=vary(rng, b, nper, 100), indent=1)) for l, b in rng.sample(
        [(T("État (DDETS)", "State (employment service)"), 8000), (T("Conseil régional", "Regional council"), 10000), (T("Conseil départemental", "County council"), 9000), (T("Commune", "Municipality"), 3000)], rng.randint(2, 3))]
    nagg = plan.add(Node(T("Cofinancements publics nationaux", "National public co-financing"), "agg", side="produits", children=nat, bold=True))
    own = plan.add(Node(T("Autofinancement", "Own funds"), "bal", side="produits", bal_total=tch, bal_others=[fse, nagg]))
    tpr = plan.add(Node(T("TOTAL DES RESSOURCES", "TOTAL RESOURCES"), "agg", side="produits", children=[fse, nagg, own], bold=True, grand=True))
    plan.author_eval()
    for p in range(nper):
        if own.vals[p] < 0:
            for x in nat:
                x.vals[p] = float(max(100, round(x.vals[p] * 0.3 / 100) * 100))
    plan.author_eval()
    plan.ch_total, plan.pr_total = tch, tpr
    plan.balance_pairs = [(tch, tpr)]
    link_parents(plan)
    sname = rng.choice(["Plan de financement", "Budget opération", "Annexe 2"] if lang == "fr" else ["Cost plan", "Budget", "Annex II budget"])
    sh = Sheet(sname)
    plan.sheets = [sh]
    plan.plan_sheet = sname
    lc = rng.choice([0, 1])
    pc0 = lc + rng.choice([1, 2])
    pcols = list(range(pc0, pc0 + nper))
    tcol = pcols[-1] + 1 if plan.has_total_col else None
    sh.widths[lc] = 50
    r = 1
    sh.merges.append((r, lc, (tcol or pcols[-1]), T("PLAN DE FINANCEMENT DE L'OPÉRATION", "OPERATION BUDGET")))
    r += 2
    sh.put(r, lc, T("Dépenses", "Costs"), bold=True)
    for i, p in enumerate(periods):
        sh.put(r, pcols[i], p, bold=True)
    if tcol is not None:
        sh.put(r, tcol, "Total", bold=True)
    r += 1
    for n in cnodes + [tch]:
        for what, x in flatten(n):
            x.sheet, x.row, x.cols, x.tcol = sname, r, pcols, tcol
            sh.put(r, lc, x.label, bold=x.bold)
            r += 1
    r += 2
    sh.put(r, lc, T("Ressources", "Co-financing"), bold=True)
    if rng.random() < 0.6:
        for i, p in enumerate(periods):
            sh.put(r, pcols[i], p, bold=True)
        if tcol is not None:
            sh.put(r, tcol, "Total", bold=True)
    r += 1
    for n in [fse, nagg, own, tpr]:
        for what, x in flatten(n):
            x.sheet, x.row, x.cols, x.tcol = sname, r, pcols, tcol
            sh.put(r, lc, x.label, bold=x.bold)
            r += 1
    return plan


# ------------------------------------------------------------------ family E/F: quotes and purchase lists
FR_ITEMS = [("Ordinateur portable 14\"", 749.0), ("Écran 24 pouces", 139.9), ("Clavier + souris", 35.5), ("Switch 24 ports", 219.0), ("Câble RJ45 Cat6 (3 m)", 4.9),
            ("Installation et paramétrage (jour)", 450.0), ("Formation utilisateurs (heure)", 65.0), ("Licence logicielle annuelle", 120.0),
            ("Chaise de bureau", 159.0), ("Imprimante laser", 289.0), ("Peinture acrylique (pot 10 L)", 54.9), ("Main d'oeuvre (heure)", 42.0),
            ("Borne Wi-Fi", 129.0), ("Onduleur 1500 VA", 310.0), ("Disque SSD 1 To", 79.99)]
EN_ITEMS = [("Laptop 14\"", 899.0), ("24\" monitor", 149.99), ("Arduino Uno R4", 27.5), ("Servo motor MG996R", 9.95), ("3D printer filament (1 kg)", 22.0),
            ("Raspberry Pi 5 (8 GB)", 80.0), ("Web design (hour)", 75.0), ("Backend development (day)", 520.0), ("Hosting (12 months)", 180.0),
            ("Stage lighting rental (day)", 240.0), ("Microphone SM58", 99.0), ("Cable kit", 35.0), ("Battery pack 11.1 V", 45.5), ("Travel (return ticket)", 130.0)]


def fam_quote(name, rng, fmt, kind="quote"):
    lang = rng.choice(["fr", "fr", "en"]) if kind == "quote" else rng.choice(["fr", "en", "en"])
    plan = Plan(name, fmt, lang, 1)
    pool = FR_ITEMS if lang == "fr" else EN_ITEMS
    cents = any(p != int(p) for _, p in pool)
    amt_head = rng.choice(["Montant HT", "Total HT", "Prix total", "Montant"] if lang == "fr" else ["Amount", "Line total", "Total", "Cost"])
    plan.periods = [amt_head]
    sections = rng.random() < 0.35 and kind == "quote"
    nsec = rng.randint(2, 3) if sections else 1
    secnames = rng.sample(["Matériel", "Prestations", "Logiciels", "Main d'oeuvre"] if lang == "fr" else ["Hardware", "Services", "Software", "Labour"], nsec)
    secs = []
    used = rng.sample(pool, min(len(pool), rng.randint(4, 9) + (nsec - 1) * 2))
    per = max(2, len(used) // nsec)
    for s in range(nsec):
        items = []
        for lab, price in used[s * per:(s + 1) * per] if s < nsec - 1 else used[s * per:]:
            q = float(rng.choice([1, 1, 2, 3, 4, 5, 6, 10, 12, 20, 25]))
            items.append(plan.add(Node(lab, qty=[q], price=[price], vals=[0.0])))
        if sections:
            secs.append(plan.add(Node(("Sous-total " if lang == "fr" else "Subtotal ") + secnames[s].lower(), "agg", children=items, bold=True, display="after", heading=secnames[s])))
        else:
            secs = items
    vat = kind == "quote" and rng.random() < 0.85 or kind == "list" and rng.random() < 0.2
    grand_children = secs
    if vat:
        ht = plan.add(Node(rng.choice(["Total HT", "Sous-total HT", "TOTAL HT"]) if lang == "fr" else rng.choice(["Subtotal", "Total excl. VAT", "Net total"]), "agg", children=secs, bold=True))
        chain = [ht]
        if rng.random() < 0.25:
            pc = rng.choice([5, 10])
            rem = plan.add(Node(("Remise %d %%" % pc) if lang == "fr" else ("Discount (%d%%)" % pc), "rate", pct=-pc / 100.0, base=[ht], rdig=2))
            net = plan.add(Node("Total HT après remise" if lang == "fr" else "Net after discount", "agg", children=[ht, rem], bold=True))
            chain = [ht, rem, net]
            base = net
        else:
            base = ht
        if lang == "fr" or rng.random() < 0.6:
            tr = rng.choice([20, 20, 10, 5.5])
            tva = plan.add(Node(("TVA %s %%" % str(tr).replace(".", ",")) if lang == "fr" else "VAT %s%%" % tr, "rate", pct=tr / 100.0, base=[base], rdig=2))
        else:
            tr = rng.choice([8.25, 7, 6.5])
            tva = plan.add(Node("Sales tax (%s%%)" % tr, "rate", pct=tr / 100.0, base=[base], rdig=2))
        ttc = plan.add(Node(rng.choice(["Total TTC", "TOTAL TTC", "Net à payer TTC"]) if lang == "fr" else rng.choice(["Total incl. VAT", "TOTAL", "Total due"]),
                            "agg", children=[base, tva], bold=True, grand=True))
        tail = chain + [tva, ttc]
        plan.ch_total = ttc
    else:
        tot = plan.add(Node(rng.choice(["TOTAL", "Total", "Total général", "Coût total"]) if lang == "fr" else rng.choice(["TOTAL", "Total", "Grand total", "Total cost"]),
                            "agg", children=secs, bold=True, grand=True))
        tail = [tot]
        plan.ch_total = tot
    plan.author_eval()
    link_parents(plan)
    sname = rng.choice(["Devis", "Feuil1", "Chiffrage", "Achats"] if lang == "fr" else ["Quote", "Sheet1", "Parts", "BOM", "Budget"])
    sh = Sheet(sname)
    plan.sheets = [sh]
    plan.plan_sheet = sname
    noheader = kind == "list" and rng.random() < 0.3
    # columns
    order = rng.choice(["ref-lab-q-p-a", "lab-q-p-a", "q-lab-p-a", "lab-p-q-a-x"])
    cols = {}
    c = 0
    for key in order.split("-"):
        cols[key] = c
        c += 1
    sh.widths[cols["lab"]] = 40
    r = 1
    if kind == "quote" and not noheader:
        for t in (["SARL Numérik Services", "12 rue des Lilas, 35000 Rennes", "SIRET 812 345 678 00019", "", "DEVIS N° 2025-%03d" % rng.randint(1, 300), "Date : 14/03/2025", "Client : Association Les Amis du Quartier"]
                  if lang == "fr" else ["Brightline Media Ltd", "4 Market Street, Leeds", "", "QUOTATION #Q-%04d" % rng.randint(1, 9999), "Date: 14 March 2025", "Bill to: Riverside Youth Trust"])[:rng.randint(3, 7)]:
            if t:
                sh.put(r, cols["lab"] if rng.random() < 0.5 else 0, t, bold=t.startswith(("DEVIS", "QUOT")))
            r += 1
        r += 1
    elif rng.random() < 0.5 and not noheader:
        sh.put(r, 0, rng.choice(["Liste d'achats - projet robot", "Budget matériel"] if lang == "fr" else ["Parts list", "Bill of materials", "Equipment budget"]), bold=True)
        r += 2
    if not noheader:
        H = {"ref": "Réf." if lang == "fr" else "Ref", "lab": rng.choice(["Désignation", "Description", "Article"]) if lang == "fr" else rng.choice(["Description", "Item", "Part"]),
             "q": rng.choice(["Qté", "Quantité", "Nb"]) if lang == "fr" else rng.choice(["Qty", "Quantity", "Units"]),
             "p": rng.choice(["Prix unitaire HT", "PU HT", "Prix unitaire"]) if lang == "fr" else rng.choice(["Unit price", "Unit cost", "Price each"]),
             "a": amt_head, "x": "Lien" if lang == "fr" else "Link"}
        for k, cc in cols.items():
            sh.put(r, cc, H[k], bold=True)
        r += 1
    else:
        plan.periods = []
    ref = 1
    for s in secs if sections else [None]:
        seq = flatten(s) if s is not None else [("node", x) for x in secs]
        for what, x in seq:
            if what == "heading":
                sh.put(r, cols["lab"], x.heading, bold=True)
                r += 1
                continue
            x.sheet, x.row, x.cols = sname, r, [cols["a"]]
            sh.put(r, cols["lab"], x.label, bold=x.bold)
            if x.qty is not None:
                x.qcol, x.pcol = cols["q"], cols["p"]
                if "ref" in cols:
                    sh.put(r, cols["ref"], "A%03d" % ref)
                    ref += 1
                if "x" in cols and rng.random() < 0.6:
                    sh.put(r, cols["x"], "https://shop.example.com/p/%d" % rng.randint(1000, 9999))
            r += 1
    if rng.random() < 0.5:
        r += 1
    for x in tail:
        x.sheet, x.row, x.cols = sname, r, [cols["a"]]
        if not (noheader and x.grand and rng.random() < 0.6):
            sh.put(r, cols["p"] if rng.random() < 0.5 else cols["lab"], x.label, bold=True)
        r += 1
    if kind == "quote" and rng.random() < 0.5:
        r += 1
        sh.put(r, cols["lab"], "Devis valable 30 jours. Acompte de 30 % à la commande." if lang == "fr" else "Quote valid for 30 days. Payment within 30 days.")
    plan.numfmt = "eur2" if cents else "eur"
    return plan


# ------------------------------------------------------------------ family G: event budget with blocks
def fam_event(name, rng, fmt):
    lang = rng.choice(["fr", "fr", "en"])
    T = (lambda f, e: f if lang == "fr" else e)
    plan = Plan(name, fmt, lang, 1)
    head = T(rng.choice(["Montant", "Budget", "Prévu"]), rng.choice(["Amount", "Budget", "Estimated"]))
    plan.periods = [head]
    qp = rng.random() < 0.5
    EXP = [(T("Lieu", "Venue"), [(T("Location de la salle", "Hall hire"), 1200, 1), (T("Ménage", "Cleaning"), 250, 1), (T("Sécurité (agents)", "Security staff"), 180, 4)]),
           (T("Technique", "Technical"), [(T("Sonorisation", "PA system"), 600, 1), (T("Éclairage", "Lighting"), 400, 1), (T("Connexion internet", "Internet"), 150, 1)]),
           (T("Restauration", "Catering"), [(T("Repas bénévoles", "Volunteer meals"), 12, 40), (T("Buffet", "Buffet"), 8.5, 120), (T("Boissons", "Drinks"), 2, 300)]),
           (T("Communication", "Marketing"), [(T("Affiches", "Posters"), 1.2, 200), (T("Flyers", "Flyers"), 0.08, 2000), (T("Publicité réseaux sociaux", "Social ads"), 300, 1)]),
           (T("Intervenants", "Speakers"), [(T("Cachet artiste", "Artist fee"), 800, 2), (T("Transport intervenants", "Speaker travel"), 120, 3), (T("Hébergement", "Hotel"), 85, 4)])]
    INC = [(T("Billetterie", "Ticketing"), [(T("Entrées plein tarif", "Full-price tickets"), 12, 250), (T("Entrées tarif réduit", "Concessions"), 8, 120)]),
           (T("Partenaires", "Sponsors"), [(T("Sponsor principal", "Main sponsor"), 1500, 1), (T("Commerçants locaux", "Local shops"), 100, 5)]),
           (T("Subventions", "Grants"), [(T("Mairie", "Town council"), 2000, 1), (T("Conseil départemental", "County council"), 1500, 1)]),
           (T("Buvette", "Bar"), [(T("Ventes buvette", "Bar sales"), 2.5, 400)])]

    def blocks(pool, side):
        out = []
        for cat, lines in [b for b in pool if rng.random() < 0.8] or pool[:2]:
            kids = []
            for lab, price, q in lines:
                if qp and q > 1:
                    kids.append(plan.add(Node(lab, side=side, qty=[float(q)], price=[float(price)], vals=[0.0])))
                else:
                    kids.append(plan.add(Node(lab, side=side, vals=[r2(price * q)])))
            out.append(plan.add(Node(T("Total ", "Total ") + cat.lower(), "agg", side=side, children=kids, bold=True, display="after", heading=cat.upper())))
        return out

    eb = blocks(EXP, "charges")
    ib = blocks(INC, "produits")
    tch = plan.add(Node(T("TOTAL DES DÉPENSES", "TOTAL EXPENSES"), "agg", children=eb, bold=True, grand=True))
    balanced = rng.random() < 0.6
    if balanced:
        bal = plan.add(Node(T("Participation de l'association", "Club funds"), "bal", side="produits", bal_total=tch, bal_others=list(ib)))
        ib.append(bal)
    tpr = plan.add(Node(T("TOTAL DES RECETTES", "TOTAL INCOME"), "agg", side="produits", children=ib, bold=True, grand=True))
    plan.author_eval()
    if balanced and bal.vals[0] < 0:
        # drop the bar block to reduce income
        for b in ib[:-1]:
            for x in b.children:
                if x.qty is not None:
                    x.qty = [max(1.0, float(int(x.qty[0] * 0.3)))]
                else:
                    x.vals = [float(max(50, round(x.vals[0] * 0.3 / 50) * 50))]
        plan.author_eval()
    if not balanced and tpr.vals[0] <= tch.vals[0]:
        for b in ib:
            for x in b.children:
                if x.qty is not None:
                    x.qty = [x.qty[0] * 3]
                else:
                    x.vals = [x.vals[0] * 3]
        plan.author_eval()
    res = plan.add(Node(T(rng.choice(["RÉSULTAT", "Bénéfice / perte", "Solde"]), rng.choice(["PROFIT / LOSS", "Net result", "Surplus"])), "result", side="result",
                        res_pr=tpr, res_ch=tch, bold=True)) if (not balanced or rng.random() < 0.6) else None
    plan.ch_total, plan.pr_total = tch, tpr
    plan.balance_pairs = [(tch, tpr)]
    plan.author_eval()
    link_parents(plan)
    if not balanced:
        plan.notes.append("planned profit: stated income differs from stated expenses; balance recorded at the income total as in the realworld convention")
    sname = rng.choice(["Budget", "Budget prévisionnel", "Soirée"] if lang == "fr" else ["Budget", "Event budget", "Sheet1"])
    sh = Sheet(sname)
    plan.sheets = [sh]
    plan.plan_sheet = sname
    cols = {"lab": 0, "q": 1, "p": 2, "a": 3} if qp else {"lab": rng.choice([0, 1]), "a": None}
    if not qp:
        cols["a"] = cols["lab"] + rng.choice([1, 2])
    sh.widths[cols["lab"]] = 36
    r = 1
    sh.put(r, cols["lab"], T(rng.choice(["Budget prévisionnel - Fête de quartier 2025", "FESTIVAL JEUNES TALENTS - BUDGET"]), rng.choice(["Charity gala 2025 - budget", "SPRING FAIR BUDGET"])), bold=True)
    r += 2
    if qp:
        for k, t in (("lab", T("Poste", "Item")), ("q", T("Quantité", "Qty")), ("p", T("Prix unitaire", "Unit cost")), ("a", head)):
            sh.put(r, cols[k], t, bold=True)
    else:
        sh.put(r, cols["lab"], T("Poste", "Item"), bold=True)
        sh.put(r, cols["a"], head, bold=True)
    r += 1
    order = rng.choice(["exp-first", "inc-first"])
    parts = [(T("DÉPENSES", "EXPENSES"), eb, tch), (T("RECETTES", "INCOME"), ib, tpr)]
    if order == "inc-first":
        parts.reverse()
    for title, bl, tot in parts:
        sh.put(r, cols["lab"], title, bold=True)
        r += 1
        for b in bl:
            for what, x in flatten(b):
                if what == "heading":
                    sh.put(r, cols["lab"], x.heading, bold=True)
                    r += 1
                    continue
                x.sheet, x.row, x.cols = sname, r, [cols["a"]]
                sh.put(r, cols["lab"], x.label, bold=x.bold)
                if x.qty is not None:
                    x.qcol, x.pcol = cols["q"], cols["p"]
                r += 1
            r += 1 if rng.random() < 0.6 else 0
        tot.sheet, tot.row, tot.cols = sname, r, [cols["a"]]
        sh.put(r, cols["lab"], tot.label, bold=True)
        r += 2
    if res is not None:
        res.sheet, res.row, res.cols = sname, r, [cols["a"]]
        sh.put(r, cols["lab"], res.label, bold=True)
    plan.numfmt = "eur2"
    return plan


# ------------------------------------------------------------------ family H: summary sheet + detail sheets
def fam_summary(name, rng, fmt):
    lang = rng.choice(["fr", "en"])
    T = (lambda f, e: f if lang == "fr" else e)
    plan = Plan(name, fmt, lang, 1)
    cats = rng.sample([(T("Matériaux", "Materials"), FR_ITEMS if lang == "fr" else EN_ITEMS), (T("Main d'oeuvre", "Labour"), None), (T("Mobilier", "Furniture"), None),
                       (T("Équipement", "Equipment"), FR_ITEMS if lang == "fr" else EN_ITEMS)], rng.randint(2, 3))
    details = []
    sheets = []
    refs = []
    for cname, pool in cats:
        sh = Sheet(cname)
        sheets.append(sh)
        items = []
        if pool:
            for lab, price in rng.sample(pool, rng.randint(3, 6)):
                items.append(plan.add(Node(lab, qty=[float(rng.choice([1, 2, 4, 5, 10]))], price=[price], vals=[0.0])))
        else:
            for lab in rng.sample([T("Électricien (jours)", "Electrician (days)"), T("Peintre (jours)", "Painter (days)"), T("Plombier (jours)", "Plumber (days)"), T("Manutention", "Handling")], 3):
                items.append(plan.add(Node(lab, qty=[float(rng.randint(1, 8))], price=[float(rng.choice([280, 320, 350, 400]))], vals=[0.0])))
        tot = plan.add(Node(T("TOTAL ", "TOTAL ") + cname.upper(), "agg", children=items, bold=True))
        details.append((sh, items, tot))
        refs.append(plan.add(Node(cname, "ref", ref=tot)))
    tch = plan.add(Node(T("TOTAL DES DÉPENSES", "TOTAL COSTS"), "agg", children=refs, bold=True, grand=True))
    with_income = rng.random() < 0.5
    plan.periods = [T("Montant", "Amount")]
    summ = Sheet(rng.choice([T("Synthèse", "Summary"), T("Récapitulatif", "Total"), "Total"]))
    pr_nodes = []
    if with_income:
        for lab in rng.sample([T("Subvention commune", "Council grant"), T("Prêt bancaire", "Bank loan"), T("Mécénat", "Sponsorship")], 2):
            pr_nodes.append(plan.add(Node(lab, side="produits", vals=[money(rng, 500, 3000)])))
        bal = plan.add(Node(T("Apport personnel", "Own funds"), "bal", side="produits", bal_total=tch, bal_others=list(pr_nodes)))
        pr_nodes.append(bal)
        tpr = plan.add(Node(T("TOTAL DES FINANCEMENTS", "TOTAL FUNDING"), "agg", side="produits", children=pr_nodes, bold=True, grand=True))
        plan.pr_total = tpr
        plan.balance_pairs = [(tch, tpr)]
    plan.ch_total = tch
    plan.author_eval()
    if with_income and bal.vals[0] < 0:
        for x in pr_nodes[:-1]:
            x.vals = [100.0]
        plan.author_eval()
    link_parents(plan)
    plan.sheets = ([summ] + sheets) if rng.random() < 0.5 else (sheets + [summ])
    plan.plan_sheet = summ.name
    for sh, items, tot in details:
        sh.widths[0] = 36
        r = 1
        for k, t in enumerate([T("Désignation", "Item"), T("Quantité", "Qty"), T("Prix unitaire", "Unit price"), T("Total", "Total")]):
            sh.put(r, k, t, bold=True)
        r += 1
        for x in items:
            x.sheet, x.row, x.cols = sh.name, r, [3]
            x.qcol, x.pcol = 1, 2
            sh.put(r, 0, x.label)
            r += 1
        r += rng.choice([0, 1])
        tot.sheet, tot.row, tot.cols = sh.name, r, [3]
        sh.put(r, 0, tot.label, bold=True)
    summ.widths[0] = 36
    r = 1
    summ.put(r, 0, T("Budget des travaux - récapitulatif", "Renovation budget - summary"), bold=True)
    r += 2
    summ.put(r, 0, T("Poste", "Category"), bold=True)
    summ.put(r, 1, plan.periods[0], bold=True)
    r += 1
    for x in refs + [tch]:
        x.sheet, x.row, x.cols = summ.name, r, [1]
        summ.put(r, 0, x.label, bold=x.bold)
        r += 1
    if with_income:
        r += 1
        summ.put(r, 0, T("Financement", "Funding"), bold=True)
        r += 1
        for x in pr_nodes + [tpr]:
            x.sheet, x.row, x.cols = summ.name, r, [1]
            summ.put(r, 0, x.label, bold=x.bold)
            r += 1
    plan.numfmt = "eur2"
    return plan


# ------------------------------------------------------------------ family I: phase totals above their lines
def fam_phases(name, rng, fmt):
    lang = rng.choice(["fr", "en"])
    T = (lambda f, e: f if lang == "fr" else e)
    plan = Plan(name, fmt, lang, 1)
    plan.periods = [T("Coût", "Cost")]
    rate = float(rng.choice([40, 45, 50, 60, 75]))
    phases = []
    for ph in rng.sample([T("Phase 1 - Cadrage", "Phase 1 - Discovery"), T("Phase 2 - Conception", "Phase 2 - Design"), T("Phase 3 - Développement", "Phase 3 - Development"),
                          T("Phase 4 - Tests et recette", "Phase 4 - Testing"), T("Phase 5 - Déploiement", "Phase 5 - Launch")], rng.randint(3, 5)):
        kids = []
        for t in rng.sample([T("Ateliers", "Workshops"), T("Maquettes", "Wireframes"), T("Rédaction", "Copywriting"), T("Intégration", "Front-end build"), T("API", "API"),
                             T("Base de données", "Database"), T("Documentation", "Documentation"), T("Réunions", "Meetings")], rng.randint(2, 4)):
            kids.append(plan.add(Node(t, qty=[float(rng.choice([2, 4, 6, 8, 12, 16, 24]))], price=[rate], vals=[0.0], indent=1)))
        phases.append(plan.add(Node(ph, "agg", children=kids, bold=True, display="first")))
    tot = plan.add(Node(T("TOTAL", "TOTAL"), "agg", children=phases, bold=True, grand=True))
    plan.ch_total = tot
    plan.author_eval()
    link_parents(plan)
    sname = rng.choice([T("Proposition", "Original"), "Budget", T("Estimation", "Estimate")])
    sh = Sheet(sname)
    plan.sheets = [sh]
    plan.plan_sheet = sname
    sh.widths[0] = 36
    r = 1
    sh.put(r, 0, T("Estimation du projet web", "Website proposal - estimate"), bold=True)
    r += 2
    for k, t in enumerate([T("Tâche", "Task"), T("Heures", "Hours"), T("Taux horaire", "Rate"), plan.periods[0]]):
        sh.put(r, k, t, bold=True)
    r += 1
    for ph in phases:
        for what, x in flatten(ph):
            x.sheet, x.row, x.cols = sname, r, [3]
            sh.put(r, 0, x.label, bold=x.bold)
            if x.qty is not None:
                x.qcol, x.pcol = 1, 2
            r += 1
    r += 1
    tot.sheet, tot.row, tot.cols = sname, r, [3]
    sh.put(r, 0, tot.label, bold=True)
    plan.numfmt = "eur"
    return plan


# ------------------------------------------------------------------ driver
FAMILIES = [("stacked", fam_stacked, 38), ("side", fam_side, 14), ("grant", fam_grant, 16), ("esf", fam_esf, 10),
            ("quote", lambda n, r, f: fam_quote(n, r, f, "quote"), 16), ("list", lambda n, r, f: fam_quote(n, r, f, "list"), 8),
            ("event", fam_event, 10), ("summary", fam_summary, 7), ("phases", fam_phases, 5)]


def build(idx, outdir, seed):
    rng = random.Random(seed * 100003 + idx)
    fam = rng.choices([f for f in FAMILIES], [f[2] for f in FAMILIES])[0]
    fmt = "ods" if rng.random() < 0.3 else "xlsx"
    name = "u%03d_%s" % (idx, fam[0])
    plan = fam[1](name, rng, fmt)
    plan.name = name
    # formula style
    plan.author_eval()
    style = rng.choice(["typed", "typed", "formulas", "formulas", "mixed"])
    text_amounts = style == "typed" and fam[0] in ("stacked", "side", "event") and rng.random() < 0.25
    set_formula_style(plan, rng, style)
    for n in plan.nodes:
        if n.kind == "ref":
            n.formula = [True] * plan.nper
    notes = ["family %s, style %s" % (fam[0], style)]
    stale = style == "formulas" and fam[0] in ("stacked", "grant", "esf", "quote") and rng.random() < 0.2
    k = 0
    if not stale:
        k = rng.choices([0, 1, 2], [50, 35, 15])[0]
    if stale:
        for n in plan.nodes:
            if n.grand or n.kind in ("bal", "result"):
                n.formula = [False] * plan.nper
        d = apply_stale(plan, rng)
        if d is None:
            stale = False
        else:
            notes.append(d)
    if text_amounts:
        st = rng.randrange(60)
        for n in plan.nodes:
            if n.kind == "item" and n.qty is None and n.row is not None and rng.random() < 0.5:
                n.text = [fmt_text(v, plan.lang, st) for v in n.vals]
    if k:
        allowed = ["typo", "total_off", "grand_off", "rate_off", "product_off", "cross_off", "balance"]
        notes += apply_defects(plan, rng, k, allowed)
    F, rec = check(plan, stale=stale)
    numfmt = getattr(plan, "numfmt", "eur")
    if any(v != int(v) for n in plan.nodes if n.vals for v in n.vals):
        numfmt = "eur2"
    place_values(plan, numfmt=numfmt)
    path = os.path.join(outdir, name + "." + fmt)
    (write_ods if fmt == "ods" else write_xlsx)(plan, path)
    ch = plan.ch_total
    totals = {"charges": [ch.vals[p] for p in range(plan.nper)],
              "produits": [plan.pr_total.vals[p] for p in range(plan.nper)] if plan.pr_total is not None else None}
    truth = {"file": name + "." + fmt, "source_repo": "generated", "source_path": "gen_unseen.py seed %d idx %d" % (seed, idx),
             "language": plan.lang, "sheet": plan.plan_sheet, "layout": fam[0], "periods": plan.periods, "totals": totals,
             "total_column": plan.has_total_col,
             "lines_note": "charges total %s, produits total %s" % (cell(ch.cols[0], ch.row),
                                                                     cell(plan.pr_total.cols[0], plan.pr_total.row) if plan.pr_total else None),
             "findings": [dict(f, why="generated") for f in sorted(F, key=lambda f: (f["sheet"], int(''.join(ch for ch in f["cell"] if ch.isdigit())), f["cell"]))],
             "ambiguous": plan.ambiguous, "confidence": "high", "notes": notes + plan.notes}
    json.dump(truth, open(path + ".truth.json", "w"), ensure_ascii=False, indent=1)
    # verification sidecar: every node cell with its stored and recomputed value, and an ODS twin
    vdir = os.path.join(os.path.dirname(os.path.abspath(outdir)), "verify")
    os.makedirs(vdir, exist_ok=True)
    cells = []
    for n in plan.nodes:
        if n.row is None:
            continue
        for p in range(plan.nper):
            stored = n.text[p] if n.text and n.text[p] is not None else n.vals[p]
            cells.append([n.sheet, cell(n.cols[p], n.row), stored, rec[n.id][0][p]])
        if n.tcol is not None and plan.has_total_col:
            cells.append([n.sheet, cell(n.tcol, n.row), n.tval, rec[n.id][1]])
    json.dump({"file": name + "." + fmt, "stale": stale, "cells": cells}, open(os.path.join(vdir, name + ".cells.json"), "w"), ensure_ascii=False)
    write_ods(plan, os.path.join(vdir, name + ".twin.ods"), no_cache=True)
    return truth


def main():
    args = sys.argv[1:]
    outdir = args[0] if args and not args[0].startswith("--") else os.path.join(os.path.dirname(os.path.abspath(__file__)), "set")
    n = int(args[args.index("--n") + 1]) if "--n" in args else 120
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 7
    os.makedirs(outdir, exist_ok=True)
    for f in os.listdir(outdir):
        if f.startswith("u") and (f.endswith(".xlsx") or f.endswith(".ods") or f.endswith(".json")):
            os.remove(os.path.join(outdir, f))
    stats = {}
    for i in range(1, n + 1):
        t = build(i, outdir, seed)
        for f in t["findings"]:
            stats[f["rule"]] = stats.get(f["rule"], 0) + 1
    print("wrote", n, "plans to", outdir, "findings:", stats)


if __name__ == "__main__":
    main()
