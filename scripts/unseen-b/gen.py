#!/usr/bin/env python3
"""Second independent unseen set: layouts and wordings NOT in scripts/unseen-a.

python3 gen.py [--seed S] [--n N] [--out DIR]
Writes NAME.xlsx|ods + NAME.truth.json into DIR (default ./set) and, for verification,
verify/NAME.cells.json (every plan cell: stored, recomputed) + verify/NAME.twin.ods (formulas, no cache).
Findings come from core.check on the structure built here, never from Equilibre.
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from core import N, Plan, Sheet, check, formula, write_xlsx, write_ods, r2, rnd, A1, disp  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


# ------------------------------------------------------------------ small helpers
def money(rng, lo, hi, step=50):
    return float(rng.randrange(lo // step, hi // step + 1) * step)


def vary(rng, base, nper, step=50, spread=0.12, scale=1.0):
    out = []
    for p in range(nper):
        v = base if p == 0 else max(step, round(base * (1 + rng.uniform(-spread, spread)) / step) * step)
        out.append(float(v) * scale if scale == 1.0 else round(v * scale, 1))
    return out


def item(plan, rng, label, side, lo, hi, step=50, **kw):
    b = money(rng, lo, hi, step)
    sc = getattr(plan, "scale", 1.0)
    vals = kw.pop("vals", None) or vary(rng, b, plan.nper, step, scale=sc)
    return plan.add(N(label, side, "item", vals=vals, **kw))


TOTW = {"fr": "Total ", "en": "Total ", "de": "Summe ", "it": "Totale ", "es": "Total "}


def agg(plan, label, side, ch, style="after0", **kw):
    if style in ("after0", "head") and not kw.get("tlabel") and not kw.get("total") \
            and not label.lower().startswith(("total", "sous-total", "subtotal", "summe", "totale")):
        kw["tlabel"] = TOTW[plan.lang] + label[0].lower() + label[1:]
    if style == "above" and label.lower().startswith("total "):
        label = label[6].upper() + label[7:]
    return plan.add(N(label, side, "agg", ch=ch, style=style, **kw))


def parents(plan):
    P = {}
    for n in plan.nodes:
        for c in n.ch:
            P[c.id] = n
    return P


def flat(n):
    out = [n]
    for c in n.ch:
        out += flat(c)
    return out


# ------------------------------------------------------------------ layout
class Lay:
    """Column plan of a stacked table."""

    def __init__(self, label_col=0, code_col=None, merge=False, pcols=None, aux=None, tcol=None, notes_col=None,
                 indent="none", top=False, fmt="eur"):
        self.label_col, self.code_col, self.merge = label_col, code_col, merge
        self.pcols, self.aux, self.tcol, self.notes_col = pcols, aux or [], tcol, notes_col
        self.indent, self.top, self.fmt = indent, top, fmt


def entries(n, depth=0, prefix=""):
    """Display rows of a node: ('n', node, depth, label) or ('h', text, depth)."""
    if n.kind != "agg":
        return [("n", n, depth, prefix + n.label)]
    if n.style == "above":
        out = [("n", n, depth, prefix + n.label)]
        for c in n.ch:
            out += entries(c, depth + 1)
        return out
    if n.style == "dont":
        out = [("n", n, depth, prefix + n.label)]
        for c in n.ch:
            out += entries(c, depth + 1, c.prefix)
        return out
    if n.style == "head":
        out = [("h", n.label, depth)]
        for c in n.ch:
            out += entries(c, depth + 1)
        return out + [("n", n, depth, n.tlabel)]
    out = []
    for c in n.ch:
        out += entries(c, depth + 1)
    return out + [("n", n, depth, n.tlabel or n.label)]


def put_label(sh, row, lay, text, depth, bold, code=None):
    lab = text
    ind = 0
    if lay.indent == "spaces" and depth:
        lab = "   " * depth + text
    elif lay.indent == "format":
        ind = depth
    if lay.code_col is not None and code is not None:
        sh.put(row, lay.code_col, code, bold=bold)
    sh.put(row, lay.label_col, lab, bold=bold, indent=ind)
    if lay.merge:
        sh.merges.append((row, lay.label_col, lay.label_col + 1))


def place_rows(plan, sh, lay, ents, row, total_nodes=()):
    for e in ents:
        if e[0] == "h":
            put_label(sh, row, lay, e[1], e[2], True)
        else:
            n = e[1]
            n.sheet, n.row, n.cols = sh.name, row, list(lay.pcols)
            if lay.tcol is not None and n.kind != "memo":
                n.tcol = lay.tcol
            put_label(sh, row, lay, e[3], e[2], n.bold or n.total, n.code)
            n.top = lay.top and (n.total or n.kind == "agg" and n.style != "above")
            if n.note and lay.notes_col is not None:
                sh.put(row, lay.notes_col, n.note)
            for kind, col in lay.aux:
                plan.aux.append((sh.name, row, col, kind, n))
        row += 1
    return row


def header(sh, row, lay, first, plabels, aux_labels=(), tlabel=None, notes=None, dates=None):
    if lay.code_col is not None:
        sh.put(row, lay.code_col, "Compte" if first and first.isupper() else "N°", bold=True)
    sh.put(row, lay.label_col, first, bold=True)
    if lay.merge:
        sh.merges.append((row, lay.label_col, lay.label_col + 1))
    for i, (c, l) in enumerate(zip(lay.pcols, plabels)):
        if dates:
            sh.put(row, c, l, bold=True, date=dates[i], fmt="date")
        else:
            sh.put(row, c, l, bold=True)
    for (kind, col), l in zip(lay.aux, aux_labels):
        sh.put(row, col, l, bold=True)
    if lay.tcol is not None and tlabel:
        sh.put(row, lay.tcol, tlabel, bold=True)
    if lay.notes_col is not None and notes:
        sh.put(row, lay.notes_col, notes, bold=True)


def place_values(plan):
    for n in plan.nodes:
        if n.row is None:
            continue
        sh = plan.sheets[n.sheet]
        fm = plan.fmt if n.kind != "memo" or n.memo[0] != "div" else "pct"
        bold = n.bold or n.total
        top = getattr(n, "top", False)
        for p in range(plan.nper):
            v = plan.stored[(n.id, p)]
            t = n.text[p] if n.text else None
            if t is not None:
                sh.put(n.row, n.cols[p], t, bold=bold, top=top)
            elif n.f and n.f[p] and n.kind != "item":
                sh.put(n.row, n.cols[p], v, f=formula(n, p, plan.fstyle), bold=bold, fmt=fm, top=top)
            elif v is None:
                continue
            else:
                sh.put(n.row, n.cols[p], v, bold=bold, fmt=fm, top=top)
        if n.tcol is not None:
            v = plan.stored[(n.id, "T")]
            f = "=SUM(%s:%s)" % (A1(n.cols[0], n.row), A1(n.cols[-1], n.row)) if n.tf else None
            sh.put(n.row, n.tcol, v, f=f, bold=True, fmt=plan.fmt, top=top)
    for (sname, row, col, kind, n) in plan.aux:
        sh = plan.sheets[sname]
        if kind == "share":
            tot = plan.tot[n.side] if not plan.aux_base else plan.aux_base[n.side]
            a, b = plan.stored[(n.id, 0)] or 0.0, plan.stored[(tot.id, 0)]
            v = round(a / b, 4) if b else 0.0
            f = None
            if plan.aux_formula:
                tc = A1(tot.cols[0], tot.row)
                col_letters = tc.rstrip("0123456789")
                f = "=%s/$%s$%d" % (A1(n.cols[0], n.row), col_letters, tot.row)
                v = a / b if b else 0.0
            sh.put(row, col, v, f=f, fmt="pct", bold=n.bold or n.total)
        elif kind == "diff":
            a, b = plan.stored[(n.id, 0)] or 0.0, plan.stored[(n.id, 1)] or 0.0
            f = "=%s-%s" % (A1(n.cols[1], n.row), A1(n.cols[0], n.row)) if plan.aux_formula else None
            sh.put(row, col, r2(b - a), f=f, fmt=plan.fmt, bold=n.bold or n.total)
        elif kind == "diffpct":
            a, b = plan.stored[(n.id, 0)] or 0.0, plan.stored[(n.id, 1)] or 0.0
            if a:
                f = "=(%s-%s)/%s" % (A1(n.cols[1], n.row), A1(n.cols[0], n.row), A1(n.cols[0], n.row)) if plan.aux_formula else None
                sh.put(row, col, (b - a) / a if f else round((b - a) / a, 4), f=f, fmt="pct")


# ------------------------------------------------------------------ formulas, defects
def set_formulas(plan, rng, mode):
    """mode: typed | formula | mixed (subtotals formulas, grand totals typed) | random."""
    plan.fmode = mode
    for n in plan.nodes:
        if n.kind == "item":
            n.f = [False] * plan.nper
            continue
        if mode == "typed":
            v = False
        elif mode == "formula":
            v = True
        elif mode == "mixed":
            v = not (n.total or n.grand)
        else:
            v = rng.random() < 0.5
        n.f = [v] * plan.nper
        n.tf = mode != "typed" and (mode == "formula" or rng.random() < 0.7)
    for n in plan.nodes:
        if n.kind == "item" and n.tcol is not None:
            n.tf = mode != "typed" and rng.random() < 0.8


def any_formula(plan):
    return any((n.f and any(n.f)) or (n.tcol is not None and n.tf) for n in plan.nodes)


def bump(rng, v, unit=1.0, minimum=0):
    """A typing error: a digit swap or an added/removed amount, gap clearly > rounding."""
    v = v or 0.0
    opts = [900, 450, 1000, 2000, 180, 500, 3000]
    d = rng.choice(opts) * unit
    if minimum:
        d = max(d, minimum + 1.0)
    if v - d > 0 and rng.random() < 0.4:
        return r2(v - d)
    return r2(v + d)


def apply_defects(plan, rng, kinds):
    applied = []
    unit = 0.01 if plan.fmt == "keur" else 1.0
    P = parents(plan)
    pers = list(range(plan.nper))
    items = [n for n in plan.nodes if n.kind == "item" and n.row is not None]
    # ---- pinned (the author typed it and carried it through)
    for k in kinds:
        if k == "unbalanced":
            cand = [n for n in items if n.side == "produits" and any(plan.stored[(n.id, p)] for p in pers)]
            if not cand or not plan.pairs:
                continue
            n = rng.choice(cand)
            p = rng.choice([p for p in pers if plan.stored[(n.id, p)]])
            for b in plan.nodes:
                if b.kind == "bal":
                    b.f = [False] * plan.nper
                    for q in pers:
                        plan.pinned[(b.id, q)] = plan.stored[(b.id, q)]
            plan.pinned[(n.id, p)] = bump(rng, plan.stored[(n.id, p)], unit)
            applied.append("unbalanced: %s %s" % (n.label, plan.periods[p]))
        elif k == "rate_off":
            cand = [n for n in plan.nodes if n.kind == "rate" and n.row is not None]
            if not cand:
                continue
            n = rng.choice(cand)
            p = rng.choice(pers)
            v = plan.stored[(n.id, p)]
            n.f[p] = False          # the author typed the wrong figure over the formula
            plan.pinned[(n.id, p)] = r2(v + rng.choice([1, -1]) * max(rng.choice([120, 250, 600, 1000]) * unit, abs(v) * 0.1 + 2 * unit))
            applied.append("rate_off: %s %s" % (n.label, plan.periods[p]))
        elif k == "missing":
            if plan.blank_zero or plan.nper > 3:
                continue
            inrate = {b.id for n in plan.nodes for b in n.base}
            balo = {b.id for n in plan.nodes for b in n.bal_others}
            cand = [n for n in items if all(plan.stored[(n.id, p)] for p in pers) and n.id not in inrate and n.id not in balo
                    and n.id in P and not n.text
                    and (not any_formula(plan) or (n.side == "charges" and (not any(P[n.id].f) or (plan.fstyle == "sum" and consecutive(P[n.id])))))]
            if not cand:
                continue
            n = rng.choice(cand)
            p = rng.choice(pers)
            plan.pinned[(n.id, p)] = 0.0
            n.text = [None] * plan.nper
            n.text[p] = rng.choice(["€", "€", " € ", "EUR"]) if plan.lang != "en" else rng.choice(["€", "£"])
            applied.append("missing: %s %s" % (n.label, plan.periods[p]))
    plan.author()
    # ---- post mutations (a value changed, totals not updated)
    for k in kinds:
        if k == "typo":
            cand = [n for n in items if n.id in P and not n.text and any(plan.stored[(n.id, p)] for p in pers)]
            pref = [n for n in cand if not P[n.id].f[0]]
            cand = pref or cand
            if not cand:
                continue
            n = rng.choice(cand)
            p = rng.choice([p for p in pers if plan.stored[(n.id, p)]])
            plan.stored[(n.id, p)] = bump(rng, plan.stored[(n.id, p)], unit, len(P[n.id].ch) + 2)
            applied.append("typo: %s %s" % (n.label, plan.periods[p]))
        elif k == "total_off":
            cand = [n for n in plan.nodes if n.kind == "agg" and n.row is not None and not all(n.f)]
            if not cand:
                continue
            n = rng.choice(cand)
            p = rng.choice([p for p in pers if not n.f[p]])
            plan.stored[(n.id, p)] = bump(rng, plan.stored[(n.id, p)], unit, len(n.ch) + 2)
            applied.append("total_off: %s %s" % (n.label, plan.periods[p]))
        elif k == "cross":
            cand = [n for n in plan.nodes if n.tcol is not None and not n.tf and n.row is not None]
            if not cand:
                continue
            n = rng.choice(cand)
            plan.stored[(n.id, "T")] = bump(rng, plan.stored[(n.id, "T")], unit, plan.nper + 2)
            applied.append("cross: %s" % n.label)
        elif k == "text":
            if any_formula(plan):
                continue
            cand = [n for n in items if not n.text and all(plan.stored[(n.id, p)] is not None for p in pers)]
            if not cand:
                continue
            for n in rng.sample(cand, min(len(cand), rng.choice([1, 1, 2, 3]))):
                p = rng.choice(pers)
                n.text = [None] * plan.nper
                n.text[p] = text_amount(rng, plan.stored[(n.id, p)], plan.lang)
            applied.append("text")
    plan.refresh()
    if "stale" in kinds:
        dep = {}
        for n in plan.nodes:
            for d in n.deps():
                dep.setdefault(d.id, []).append(n)
        cand = [n for n in items if not n.text and any(plan.stored[(n.id, p)] for p in pers)
                and (any(m.f and any(m.f) for m in dep.get(n.id, [])) or (n.tcol is not None and n.tf))]
        if cand:
            n = rng.choice(cand)
            p = rng.choice([p for p in pers if plan.stored[(n.id, p)]])
            plan.stored[(n.id, p)] = bump(rng, plan.stored[(n.id, p)], unit, 3)
            R = plan.recalc()
            for side in ("charges", "produits"):
                g = plan.tot[side]
                if g is None:
                    continue
                for q in pers:
                    if g.f[q] and abs(R[(g.id, q)] - plan.stored[(g.id, q)]) > 0.005:
                        g.f[q] = False      # grand total typed: stated total is unambiguous
            applied.append("stale: %s %s" % (n.label, plan.periods[p]))
    return applied


def consecutive(par):
    rows = [c.row for c in par.ch]
    return rows == list(range(rows[0], rows[0] + len(rows))) if par.style != "dont" or True else False


def text_amount(rng, v, lang):
    if lang == "en":
        s = "{:,.0f}".format(v) if v == int(v) else "{:,.2f}".format(v)
        return rng.choice(["£" + s, s, "$" + s, s + " "])
    s = "{:,.0f}".format(v) if v == int(v) else "{:,.2f}".format(v)
    s = s.replace(",", rng.choice([" ", "\u00a0", "\u202f", "."])).replace(".", ",", 1) if v != int(v) else s.replace(",", rng.choice([" ", "\u00a0", "\u202f"]))
    return rng.choice([s + " €", s + " €", s, s + " EUR", s + "€"])


# ------------------------------------------------------------------ extra sheets
def extra_sheets(plan, rng, plan_sheet_name):
    fr = plan.lang == "fr"
    no = Sheet("Notice" if fr else "Guidance")
    txt = (["NOTICE", "Ce formulaire doit être complété et retourné avant le 31 mars.",
            "Le budget doit être présenté à l'équilibre (total des dépenses = total des recettes).",
            "Les montants sont indiqués en euros, sans centimes.", "Joindre les devis pour toute dépense supérieure à 1 500 €.",
            "La subvention sollicitée ne peut excéder 80 % du coût total du projet."] if fr else
           ["GUIDANCE NOTES", "Complete all yellow cells.", "Your budget must balance: total income = total expenditure.",
            "Round amounts to the nearest pound.", "In-kind support must be shown on both sides.", "Maximum grant: 50% of total costs."])
    for i, t in enumerate(txt):
        no.put(i + 1, 0, t, bold=(i == 0))
    no.widths[0] = 90
    idf = Sheet("Identification" if fr else "Applicant")
    rows = ([("Nom de l'organisme", "Association Les Ateliers du Lien"), ("N° SIRET", "41234567800021"), ("Code postal", 35000),
             ("Téléphone", "02 99 00 11 22"), ("Nombre d'adhérents", rng.randint(40, 400)), ("Nombre de salariés (ETP)", rng.choice([1.5, 2.8, 4, 6.2])),
             ("Montant demandé", plan.requested or 15000), ("Date de début", "01/01/2026"), ("Date de fin", "31/12/2026")] if fr else
            [("Organisation", "Riverside Community Trust"), ("Charity number", 1123456), ("Postcode", "LS6 2AB"),
             ("Annual turnover", rng.choice([245000, 512000, 98000])), ("Staff (FTE)", rng.choice([3.5, 7, 12])),
             ("Amount requested", plan.requested or 15000), ("Start date", "01/04/2026")])
    for i, (a, b) in enumerate(rows):
        idf.put(i + 2, 0, a, bold=True)
        idf.put(i + 2, 1, b)
    idf.put(1, 0, "IDENTIFICATION DU PORTEUR" if fr else "APPLICANT DETAILS", bold=True)
    idf.widths[0] = 32
    an = Sheet("Annexe" if fr else "Annex")
    hdr = (["Nom", "Fonction", "Heures / an", "Taux horaire", "Salaire brut annuel", "Charges patronales", "Coût total"] if fr else
           ["Name", "Role", "Hours / year", "Hourly rate", "Gross salary", "Employer on-costs", "Total cost"])
    for c, h in enumerate(hdr):
        an.put(1, c, h, bold=True)
    people = ["Martin C.", "Durand A.", "Leroy S.", "Moreau J.", "Petit L."] if fr else ["J. Smith", "A. Patel", "K. Osei", "L. Brown"]
    roles = ["Coordinatrice", "Animateur", "Comptable", "Éducateur", "Agent d'accueil"] if fr else ["Manager", "Youth worker", "Finance officer", "Administrator"]
    tot = [0, 0, 0]
    for i in range(rng.randint(3, len(people))):
        h = rng.choice([1607, 803.5, 1200, 400])
        rate = rng.choice([14.5, 16.2, 18.75, 22.4, 12.8])
        g = round(h * rate, 2)
        ch = round(g * 0.42, 2)
        for c, v in enumerate([people[i], roles[i], h, rate, g, ch, round(g + ch, 2)]):
            an.put(i + 2, c, v, fmt=("plain2" if c >= 3 else None))
        tot[0] += g
        tot[1] += ch
        tot[2] += round(g + ch, 2)
        last = i + 2
    an.put(last + 1, 1, "Total", bold=True)
    an.put(last + 1, 4, round(tot[0], 2), bold=True, fmt="plain2")
    an.put(last + 1, 5, round(tot[1], 2), bold=True, fmt="plain2")
    an.put(last + 1, 6, round(tot[2], 2), bold=True, fmt="plain2")
    an.widths[0] = 18
    plan.sheets.update({no.name: no, idf.name: idf, an.name: an})
    plan.sheet_order = [no.name, idf.name, plan_sheet_name, an.name]
    plan.notes.append("plan on the 3rd sheet; 'Notice' and '%s' before it, '%s' (staff table with its own Total) after it" % (idf.name, an.name))


# ------------------------------------------------------------------ vocabulary
FUNDERS = {
    "region": ("Région Occitanie", "Conseil régional – Région Occitanie"),
    "dept": ("Département de la Gironde", "Conseil départemental de la Gironde"),
    "caf": ("CAF de l'Isère", "Caisse d'allocations familiales"),
    "ans": ("Agence nationale du Sport (ANS)", "ANS – Projet sportif fédéral"),
    "fdva": ("FDVA – fonctionnement-innovation", "État – FDVA 2"),
    "pv": ("État – Politique de la ville (ANCT)", "Contrat de ville – État"),
}
FR_DEP = {
    "perso": ("Frais de personnel", ["Salaires bruts", "Charges sociales patronales", "Indemnités de stage", "Frais de formation"]),
    "achats": ("Achats", ["Fournitures d'activités", "Petit matériel", "Alimentation, goûters", "Matériel sportif", "Fournitures de bureau"]),
    "servext": ("Services extérieurs", ["Location de salle", "Location de minibus", "Assurance", "Entretien et maintenance"]),
    "autres": ("Autres services extérieurs", ["Honoraires des intervenants", "Communication, impression", "Déplacements", "Frais postaux et téléphone", "Frais bancaires"]),
}
FR_PUB = ["État – DRAJES", "Région", "Département", "Commune", "Intercommunalité (EPCI)", "CAF", "ANS", "FDVA", "Fonds européens (FSE+)"]


def fr_title(rng, funder):
    return rng.choice(["BUDGET PRÉVISIONNEL DU PROJET", "Plan de financement prévisionnel de l'action", "ANNEXE FINANCIÈRE – BUDGET DE L'ACTION",
                       "Budget prévisionnel – demande de subvention"]) + " – " + funder


# ------------------------------------------------------------------ family 1: French funder forms (Région, Département, CAF, ANS, FDVA, PV)
def fam_funder(name, rng, fmt):
    key = rng.choice(list(FUNDERS))
    fname, flong = FUNDERS[key]
    side_by_side = rng.random() < 0.4
    share = rng.random() < 0.6
    plabel = rng.choice(["Montant", "Montant (€)", "Montant en euros", "Budget 2026", "Montant TTC"])
    plan = Plan(name, "fr", [plabel])
    plan.fmt = rng.choice(["eur", "eur", "plain"])
    plan.fstyle = rng.choice(["sum", "plus", "sumlist"])
    plan.requested = None
    dstyle = rng.choice(["after0", "head", "above", "above", "dont"])
    # ----- dépenses
    groups = []
    for gk in rng.sample(list(FR_DEP), rng.randint(2, 4)):
        gl, its = FR_DEP[gk]
        ch = [item(plan, rng, l, "charges", 300, 9000 if gk != "perso" else 30000) for l in rng.sample(its, rng.randint(2, min(4, len(its))))]
        st = dstyle
        if st == "dont":
            pf = rng.choice(["dont ", "- ", "• "])
            for c in ch:
                c.prefix = pf
        groups.append(agg(plan, gl, "charges", ch, style=st, tlabel="Sous-total " + gl.lower() if st == "head" else None))
    top = list(groups)
    ratetxt = None
    if rng.random() < 0.55:
        pct = rng.choice([0.05, 0.08, 0.1, 0.12, 0.15])
        perso = [g for g in groups if g.label == "Frais de personnel"]
        if perso and rng.random() < 0.5:
            lab = "Frais de structure (forfait %d %% des frais de personnel)" % round(pct * 100)
            base = perso
        else:
            lab = rng.choice(["Frais de gestion (%d %% des dépenses directes)", "Coûts indirects – %d %% des charges directes",
                              "Frais de fonctionnement de la structure (%d%% des dépenses directes)"]) % round(pct * 100)
            base = list(groups)
        rl = plan.add(N(lab, "charges", "rate", base=base, pct=pct))
        top.append(rl)
        ratetxt = lab
    tch = agg(plan, rng.choice(["TOTAL DES DÉPENSES", "Total dépenses", "COÛT TOTAL DU PROJET", "TOTAL DES CHARGES"]), "charges", top, total=True)
    # ----- recettes
    pubs = []
    main = item(plan, rng, rng.choice(["Subvention sollicitée – ", "Montant demandé – ", ""]) + fname, "produits", 3000, 20000, 100)
    pubs.append(main)
    for l in rng.sample([x for x in FR_PUB if x.split()[0] not in fname], rng.randint(1, 3)):
        pubs.append(item(plan, rng, l, "produits", 500, 8000, 100))
    pubstyle = rng.choice(["after0", "after0", "above", "dont"])
    if pubstyle == "dont":
        pf = rng.choice(["- ", "• ", "dont "])
        for c in pubs:
            c.prefix = pf
    pub = agg(plan, "Total des financements publics" if pubstyle == "after0" else "Financements publics", "produits", pubs, style=pubstyle)
    top_p = [pub]
    others = []
    if rng.random() < 0.7:
        others.append(item(plan, rng, rng.choice(["Participation des familles", "Participation des usagers", "Cotisations des adhérents", "Billetterie"]), "produits", 300, 4000))
    if rng.random() < 0.5:
        others.append(item(plan, rng, rng.choice(["Mécénat d'entreprise", "Fondation de France", "Dons"]), "produits", 300, 3000))
    top_p += others
    bal = plan.add(N(rng.choice(["Autofinancement (fonds propres)", "Fonds propres de l'association", "Reste à charge de la structure (autofinancement)"]),
                     "produits", "bal", bal_total=tch, bal_others=[pub] + others))
    top_p.append(bal)
    tpr = agg(plan, rng.choice(["TOTAL DES RECETTES", "Total recettes", "TOTAL DES RESSOURCES", "TOTAL DES PRODUITS"]), "produits", top_p, total=True)
    plan.pairs.append((tch, tpr))
    plan.tot = {"charges": tch, "produits": tpr}
    # ensure autofinancement positive
    cvn = rng.random() < 0.45
    memos = []
    if rng.random() < 0.6:
        memos.append(plan.add(N("Part de la subvention sollicitée (%)" if rng.random() < 0.6 else "Taux d'intervention " + fname.split()[0] + " (%)",
                                "produits", "memo", memo=("div", main, tch))))
    if rng.random() < 0.4:
        memos.append(plan.add(N("Reste à charge (coût total – financements publics)", "produits", "memo", memo=("sub", tch, [pub]))))
    # ----- layout
    sh = Sheet(rng.choice(["Budget", "Budget prévisionnel", "Plan de financement", "BP action"]))
    plan.sheets[sh.name] = sh
    plan.sheet_order = [sh.name]
    plan.plan_sheet = sh.name
    sh.put(1, 0, fr_title(rng, flong), bold=True)
    sh.put(2, 0, rng.choice(["Association Sport et Quartiers", "Maison des jeunes et de la culture", "Centre social Les Tilleuls", "Club Athlétique Municipal"]))
    row = 3
    if rng.random() < 0.5:
        plan.requested = -1
        sh.put(3, 0, "Montant demandé à " + fname.split()[0].replace("Agence", "l'ANS").replace("Région", "la Région") + " :", bold=True)
        plan.req_cell = (3, 1 if not side_by_side else 1)
        row = 4
    row += 1
    plan.aux_formula = rng.random() < 0.5
    plan.aux_base = None
    if not side_by_side:
        lay = Lay(label_col=0, pcols=[1], aux=[("share", 2)] if share else [], notes_col=(rng.choice([4, 6, 9]) if rng.random() < 0.4 else None),
                  indent=rng.choice(["none", "spaces", "format"]), top=rng.random() < 0.5)
        sh.widths[0] = 52
        header(sh, row, lay, rng.choice(["DÉPENSES", "Dépenses", "CHARGES"]), [plabel], ["%"], notes="Observations")
        row = place_rows(plan, sh, lay, entries(tch)[:-1], row + 1)
        row = place_rows(plan, sh, lay, [("n", tch, 0, tch.label)], row)
        ch_cvn = pr_cvn = None
        if cvn:
            v = money(rng, 1000, 9000, 100)
            ch_cvn = plan.add(N(rng.choice(["Valorisation du bénévolat", "Contributions volontaires en nature (bénévolat)", "86 – Emplois des contributions volontaires"]),
                                "charges", "item", vals=[v]))
            tgc = agg(plan, rng.choice(["TOTAL GÉNÉRAL", "TOTAL (avec valorisation)", "TOTAL DES CHARGES Y COMPRIS BÉNÉVOLAT"]), "charges", [tch, ch_cvn], total=True, grand=True)
            row = place_rows(plan, sh, lay, [("n", ch_cvn, 0, ch_cvn.label), ("n", tgc, 0, tgc.label)], row)
        row += 1
        header(sh, row, lay, rng.choice(["RECETTES", "Recettes", "RESSOURCES", "PRODUITS"]), [plabel], ["%"])
        row = place_rows(plan, sh, lay, entries(tpr)[:-1] + [("n", tpr, 0, tpr.label)], row + 1)
        if cvn:
            pr_cvn = plan.add(N(rng.choice(["Valorisation du bénévolat", "Bénévolat valorisé", "87 – Contributions volontaires en nature"]), "produits", "item", vals=[v]))
            tgp = agg(plan, tgc.label.replace("CHARGES", "PRODUITS"), "produits", [tpr, pr_cvn], total=True, grand=True)
            row = place_rows(plan, sh, lay, [("n", pr_cvn, 0, pr_cvn.label), ("n", tgp, 0, tgp.label)], row)
            plan.pairs.append((tgc, tgp))
            plan.tot = {"charges": tgc, "produits": tgp}
            plan.aux_base = {"charges": tch, "produits": tpr}
        if memos:
            row += 1
            place_rows(plan, sh, Lay(label_col=0, pcols=[1]), [("n", m, 0, m.label) for m in memos], row)
    else:
        L = Lay(label_col=0, pcols=[1], aux=[("share", 2)] if share else [], top=rng.random() < 0.5)
        Rl = Lay(label_col=4 if share else 3, pcols=[5 if share else 4], aux=[("share", 6)] if share else [], top=L.top)
        sh.widths[0] = 44
        sh.widths[Rl.label_col] = 44
        header(sh, row, L, "DÉPENSES", [plabel], ["%"])
        header(sh, row, Rl, "RECETTES", [plabel], ["%"])
        el, er = entries(tch)[:-1], entries(tpr)[:-1]
        n = max(len(el), len(er))
        place_rows(plan, sh, L, el, row + 1)
        place_rows(plan, sh, Rl, er, row + 1)
        row = row + 1 + n
        place_rows(plan, sh, L, [("n", tch, 0, tch.label)], row)
        place_rows(plan, sh, Rl, [("n", tpr, 0, tpr.label)], row)
        row += 1
        if cvn:
            v = money(rng, 1000, 9000, 100)
            ch_cvn = plan.add(N("86 – Contributions volontaires (bénévolat)", "charges", "item", vals=[v]))
            pr_cvn = plan.add(N("87 – Bénévolat valorisé", "produits", "item", vals=[v]))
            tgc = agg(plan, "TOTAL GÉNÉRAL", "charges", [tch, ch_cvn], total=True, grand=True)
            tgp = agg(plan, "TOTAL GÉNÉRAL", "produits", [tpr, pr_cvn], total=True, grand=True)
            place_rows(plan, sh, L, [("n", ch_cvn, 0, ch_cvn.label), ("n", tgc, 0, tgc.label)], row)
            place_rows(plan, sh, Rl, [("n", pr_cvn, 0, pr_cvn.label), ("n", tgp, 0, tgp.label)], row)
            row += 2
            plan.pairs.append((tgc, tgp))
            plan.tot = {"charges": tgc, "produits": tgp}
            plan.aux_base = {"charges": tch, "produits": tpr}
        if memos:
            place_rows(plan, sh, Lay(label_col=Rl.label_col, pcols=Rl.pcols), [("n", m, 0, m.label) for m in memos], row + 1)
    plan.layout = "French funder form (%s), %s, %s%s%s" % (key, "side by side" if side_by_side else "stacked Dépenses then Recettes",
                                                        "with % share column, " if share else "", "public-funding subtotal, ",
                                                        "CVN + TOTAL GÉNÉRAL" if cvn else "no CVN")
    if ratetxt:
        plan.notes.append("rate line '%s'" % ratetxt)
    if memos:
        plan.notes.append("memo rows after the income total (%s) are not lines" % "; ".join(m.label for m in memos))
    if share:
        plan.notes.append("% column = share of its side's total (not a period, never summed)")
    return plan


# ------------------------------------------------------------------ family 2: two scenarios side by side
def fam_scenario(name, rng, fmt):
    lang = rng.choice(["fr", "fr", "en"])
    kind = rng.choice(["real", "revised"])
    fr = lang == "fr"
    if kind == "real":
        y = rng.choice([2025, 2026])
        pl = rng.choice([["Réalisé %d" % (y - 1), "Prévisionnel %d" % y], ["Réalisé N-1", "Prévisionnel N"], ["Compte de résultat %d" % (y - 1), "Budget prévisionnel %d" % y]]) if fr \
            else rng.choice([["Actual %d" % (y - 1), "Budget %d" % y], ["Actual %d/%02d" % (y - 2, (y - 1) % 100), "Forecast %d/%02d" % (y - 1, y % 100)]])
        aux = []
        if rng.random() < 0.3:
            pl = pl + [("Prévisionnel %d" % (y + 1)) if fr else ("Budget %d" % (y + 1))]
    else:
        pl = ["Budget initial", "Budget révisé"] if fr else rng.choice([["Original budget", "Revised budget"], ["Approved budget", "Reforecast"]])
        aux = ["Écart"] if fr else ["Variance"]
        if rng.random() < 0.4:
            aux.append("Écart %" if fr else "Variance %")
    plan = Plan(name, lang, pl)
    plan.fmt = rng.choice(["eur", "plain"]) if fr else rng.choice(["plain", "gbp", "paren"])
    plan.fstyle = rng.choice(["sum", "plus"])
    plan.requested = None
    plan.aux_formula = rng.random() < 0.6
    plan.aux_base = None
    if fr:
        G = [("Charges de personnel", ["Salaires et traitements", "Charges sociales", "Médecine du travail"]),
             ("Fonctionnement", ["Loyer et charges locatives", "Énergie", "Fournitures", "Assurances", "Téléphone, internet"]),
             ("Actions", ["Intervenants extérieurs", "Transport des participants", "Matériel d'animation"])]
        P_ = ["Subvention Région", "Subvention Ville", "Subvention CAF (prestation de service)", "Cotisations", "Participation des familles", "Dons"]
    else:
        G = [("Staff costs", ["Salaries", "Employer's NI", "Pension contributions"]),
             ("Running costs", ["Rent and service charge", "Utilities", "Office supplies", "Insurance", "IT and phones"]),
             ("Activities", ["Sessional tutors", "Participant travel", "Materials"])]
        P_ = ["Big Lottery grant", "City Council grant", "Trust and foundation grants", "Membership fees", "Fundraising events", "Donations"]
    gs = []
    st = rng.choice(["after0", "head", "above"])
    for gl, its in rng.sample(G, rng.randint(2, 3)):
        ch = [item(plan, rng, l, "charges", 400, 25000) for l in rng.sample(its, rng.randint(2, len(its)))]
        gs.append(agg(plan, gl, "charges", ch, style=st, tlabel=("Total " + gl.lower()) if st == "head" else None))
    if rng.random() < 0.4:
        gs.append(item(plan, rng, "Dotations aux amortissements" if fr else "Depreciation", "charges", 500, 3000))
    tch = agg(plan, "TOTAL DES CHARGES" if fr else "TOTAL EXPENDITURE", "charges", gs, total=True)
    ps = [item(plan, rng, l, "produits", 1000, 20000, 100) for l in rng.sample(P_, rng.randint(3, 5))]
    bal = plan.add(N("Fonds propres / report" if fr else "Use of reserves", "produits", "bal", bal_total=tch, bal_others=list(ps)))
    tpr = agg(plan, "TOTAL DES PRODUITS" if fr else "TOTAL INCOME", "produits", ps + [bal], total=True)
    plan.pairs.append((tch, tpr))
    plan.tot = {"charges": tch, "produits": tpr}
    res = None
    if rng.random() < 0.5:
        res = plan.add(N("Résultat" if fr else "Surplus / (deficit)", "produits", "result", res=(tpr, tch)))
    sh = Sheet(rng.choice(["Budget N", "Comparatif", "Budget révisé" if fr else "Budget vs actual"]))
    plan.sheets[sh.name] = sh
    plan.sheet_order = [sh.name]
    plan.plan_sheet = sh.name
    sh.put(1, 0, ("Budget comparé – exercice " if fr else "Budget comparison – year ") + str(rng.choice([2025, 2026])), bold=True)
    n = plan.nper
    auxcols = [(("diff" if i == 0 else "diffpct"), 1 + n + i) for i in range(len(aux))]
    lay = Lay(label_col=0, pcols=list(range(1, 1 + n)), aux=auxcols if kind == "revised" else [], top=rng.random() < 0.5,
              indent=rng.choice(["none", "spaces"]))
    sh.widths[0] = 44
    row = 3
    header(sh, row, lay, "CHARGES" if fr else "EXPENDITURE", pl, aux)
    row = place_rows(plan, sh, lay, entries(tch), row + 1) + 1
    header(sh, row, lay, "PRODUITS" if fr else "INCOME", pl, aux)
    row = place_rows(plan, sh, lay, entries(tpr), row + 1)
    if res:
        place_rows(plan, sh, lay, [("n", res, 0, res.label)], row + 1)
    plan.layout = "two scenarios side by side (%s)%s" % (" | ".join(pl), (" + " + " | ".join(aux) + " columns (not periods)") if aux and kind == "revised" else "")
    if kind == "revised":
        plan.notes.append("'%s' = second scenario − first, a difference column: not a period, not a Total column, no cross-total" % aux[0])
    return plan


# ------------------------------------------------------------------ family 3: monthly schedule
MONTHS_FR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def fam_monthly(name, rng, fmt):
    lang = rng.choice(["fr", "fr", "en"])
    fr = lang == "fr"
    y = 2026
    hs = rng.choice(["names", "names", "mm/yyyy", "dates"]) if fmt == "xlsx" else rng.choice(["names", "mm/yyyy"])
    start = rng.choice([1, 1, 9])   # September start = school year
    months = [((start - 1 + i) % 12) + 1 for i in range(12)]
    yrs = [y if start == 1 or m >= start else y + 1 for m in months]
    if hs == "names":
        pl = [(MONTHS_FR if fr else MONTHS_EN)[m - 1] for m in months]
    else:
        pl = ["%02d/%d" % (m, yy) for m, yy in zip(months, yrs)]
    plan = Plan(name, lang, pl)
    plan.blank_zero = True
    plan.fmt = rng.choice(["eur", "plain"]) if fr else "plain"
    plan.fstyle = "sum"
    plan.requested = None
    plan.aux_formula = False
    plan.aux_base = None

    def sched(label, side, lo, hi, pattern):
        b = money(rng, lo, hi, 10)
        if pattern == "all":
            vals = [b] * 12
        elif pattern == "some":
            ks = set(rng.sample(range(12), rng.randint(2, 5)))
            vals = [money(rng, lo, hi, 10) if i in ks else None for i in range(12)]
        elif pattern == "quarter":
            vals = [b if i % 3 == 0 else None for i in range(12)]
        else:
            k = rng.randrange(12)
            vals = [b if i == k else None for i in range(12)]
        return plan.add(N(label, side, "item", vals=vals))
    if fr:
        G = [("Personnel", [("Salaires", "all", 2000, 6000), ("Charges sociales", "all", 800, 2500), ("Prime annuelle", "one", 500, 2000)]),
             ("Locaux", [("Loyer", "all", 600, 1500), ("Électricité, chauffage", "some", 100, 600), ("Assurance", "one", 400, 1500)]),
             ("Activités", [("Sorties et séjours", "some", 200, 3000), ("Intervenants", "some", 300, 2000), ("Matériel", "quarter", 100, 800),
                            ("Fête de fin d'année", "one", 500, 2500)])]
        P_ = [("Subvention Ville", "quarter", 2000, 6000), ("Subvention CAF", "some", 1000, 5000), ("Participation des familles", "all", 300, 1200), ("Cotisations", "one", 1000, 3000)]
    else:
        G = [("Staff", [("Salaries", "all", 2000, 6000), ("On-costs", "all", 500, 1500), ("Training", "one", 300, 1500)]),
             ("Premises", [("Rent", "all", 600, 1500), ("Heat and light", "some", 100, 500), ("Insurance", "one", 400, 1200)]),
             ("Programme", [("Trips", "some", 200, 2500), ("Freelance tutors", "some", 300, 2000), ("Materials", "quarter", 100, 800)])]
        P_ = [("Council grant", "quarter", 2000, 6000), ("Trust grant", "some", 1000, 5000), ("Course fees", "all", 300, 1200)]
    grouped = rng.random() < 0.6
    mstyle = rng.choice(["after0", "above"])
    top = []
    for gl, its in rng.sample(G, rng.randint(2, 3)):
        ch = [sched(l, "charges", lo, hi, pat) for (l, pat, lo, hi) in rng.sample(its, rng.randint(2, len(its)))]
        if grouped:
            top.append(agg(plan, gl, "charges", ch, style=mstyle))
        else:
            top += ch
    tch = agg(plan, rng.choice(["TOTAL DÉPENSES", "Total des charges", "TOTAL MENSUEL"]) if fr else rng.choice(["TOTAL COSTS", "Total expenditure"]), "charges", top, total=True)
    plan.tot = {"charges": tch, "produits": None}
    income = rng.random() < 0.35
    if income:
        ps = [sched(l, "produits", lo, hi, pat) for (l, pat, lo, hi) in rng.sample(P_, rng.randint(2, len(P_)))]
        bal = plan.add(N("Autofinancement / trésorerie" if fr else "Drawn from reserves", "produits", "bal", bal_total=tch, bal_others=ps))
        tpr = agg(plan, "TOTAL RECETTES" if fr else "TOTAL INCOME", "produits", ps + [bal], total=True)
        plan.pairs.append((tch, tpr))
        plan.tot["produits"] = tpr
    sh = Sheet(rng.choice(["Échéancier", "Budget mensuel", "Prévisionnel 2026"]) if fr else rng.choice(["Monthly budget", "Cash plan", "Budget 2026"]))
    plan.sheets[sh.name] = sh
    plan.sheet_order = [sh.name]
    plan.plan_sheet = sh.name
    sh.put(1, 0, ("Budget mensuel %d" % y) if fr else ("Monthly budget %d" % y), bold=True)
    lay = Lay(label_col=0, pcols=list(range(1, 13)), tcol=13, top=True)
    plan.total_col = True
    sh.widths[0] = 34
    dates = [(yy, m, 1) for m, yy in zip(months, yrs)] if hs == "dates" else None
    row = 3
    header(sh, row, lay, "Dépenses" if fr else "Expenditure", pl, tlabel=rng.choice(["Total", "TOTAL", "Total annuel"]) if fr else rng.choice(["Total", "Year total"]), dates=dates)
    row = place_rows(plan, sh, lay, entries(tch), row + 1) + 1
    if income:
        header(sh, row, lay, "Recettes" if fr else "Income", pl, tlabel="Total", dates=dates)
        place_rows(plan, sh, lay, entries(plan.tot["produits"]), row + 1)
    plan.layout = "monthly schedule, 12 month columns (%s) + Total column, blanks are zeros%s" % (hs, ", income balanced by a reserves line" if income else ", expenses only")
    plan.notes.append("Total column excluded from periods/totals (cross-total rule only); blank month cells are zeros by design (no missing)")
    return plan


# ------------------------------------------------------------------ family 4: PCG account plan with codes in their own column
PCG_CH = [("60", "Achats", [("604", "Achats d'études et prestations de services", []),
                             ("606", "Achats non stockés de matières et fournitures", [("6061", "Fournitures non stockables (eau, énergie)"), ("6063", "Fournitures d'entretien et de petit équipement"), ("6064", "Fournitures administratives"), ("6068", "Autres matières et fournitures")])]),
          ("61", "Services extérieurs", [("613", "Locations", [("6132", "Locations immobilières"), ("6135", "Locations mobilières")]), ("615", "Entretien et réparations", []), ("616", "Primes d'assurance", []), ("618", "Documentation, colloques", [])]),
          ("62", "Autres services extérieurs", [("622", "Rémunérations d'intermédiaires et honoraires", [("6226", "Honoraires"), ("6228", "Divers")]), ("623", "Publicité, publications", []), ("625", "Déplacements, missions et réceptions", []), ("626", "Frais postaux et de télécommunications", []), ("627", "Services bancaires", [])]),
          ("63", "Impôts et taxes", [("631", "Taxe sur les salaires", []), ("633", "Formation professionnelle continue", [])]),
          ("64", "Charges de personnel", [("641", "Rémunérations du personnel", [("6411", "Salaires et appointements"), ("6413", "Primes et gratifications"), ("6414", "Indemnités et avantages divers")]), ("645", "Charges de sécurité sociale et de prévoyance", [("6451", "Cotisations URSSAF"), ("6453", "Cotisations aux caisses de retraite"), ("6454", "Cotisations Pôle emploi")]), ("647", "Autres charges sociales", [])]),
          ("65", "Autres charges de gestion courante", []),
          ("68", "Dotations aux amortissements", [])]
PCG_PR = [("70", "Ventes de produits finis, prestations de services", [("706", "Prestations de services", [("7061", "Participation des usagers"), ("7062", "Billetterie")]), ("708", "Produits des activités annexes", [])]),
          ("74", "Subventions d'exploitation", [("741", "État", [("7411", "DRAJES"), ("7412", "DDETS"), ("7413", "ANCT – politique de la ville")]), ("742", "Région", []), ("743", "Département", []), ("744", "Commune", []), ("746", "CAF", []), ("748", "Fonds européens", [])]),
          ("75", "Autres produits de gestion courante", [("756", "Cotisations", []), ("758", "Dons manuels", [])]),
          ("76", "Produits financiers", [])]


def fam_pcg(name, rng, fmt):
    two = rng.random() < 0.4
    pl = rng.choice([["Budget 2026"], ["Prévisionnel"], ["Montant"]]) if not two else rng.choice([["Réalisé 2025", "Budget 2026"], ["N-1", "N"]])
    plan = Plan(name, "fr", pl)
    plan.fmt = rng.choice(["eur", "plain", "eur2"])
    plan.fstyle = "sum"
    plan.requested = None
    plan.aux_formula = False
    plan.aux_base = None
    depth = rng.choice([2, 3, 3])

    def build(spec, side):
        top = []
        for code, lab, subs in spec:
            if not subs:
                top.append(item(plan, rng, lab, side, 200, 8000, 10, code=code))
                continue
            ch = []
            for sc, sl, ss in subs:
                if ss and depth == 3:
                    leaves = [item(plan, rng, l, side, 100, 12000 if code == "64" else 5000, 10, code=c) for c, l in ss]
                    ch.append(agg(plan, sl, side, leaves, style="above", code=sc))
                else:
                    ch.append(item(plan, rng, sl, side, 200, 15000 if code == "64" else 6000, 10, code=sc))
            top.append(agg(plan, lab, side, ch, style="above", code=code))
        return top
    chs = [x for x in PCG_CH if x[0] in ("60", "61", "62", "64") or rng.random() < 0.5]
    top = build(chs, "charges")
    tch = agg(plan, rng.choice(["TOTAL DES CHARGES", "Total charges", "TOTAL I – CHARGES"]), "charges", top, total=True)
    prs = [x for x in PCG_PR if x[0] in ("70", "74") or rng.random() < 0.6]
    ptop = build(prs, "produits")
    # balance: adjust the last 74 leaf via a balancing line "Autres subventions"/"Fonds propres"
    bal = plan.add(N("Fonds propres", "produits", "bal", code=rng.choice(["-", None]), bal_total=tch, bal_others=list(ptop)))
    ptop.append(bal)
    tpr = agg(plan, rng.choice(["TOTAL DES PRODUITS", "Total produits", "TOTAL I – PRODUITS"]), "produits", ptop, total=True)
    plan.pairs.append((tch, tpr))
    plan.tot = {"charges": tch, "produits": tpr}
    cvn = rng.random() < 0.6
    sh = Sheet(rng.choice(["Budget prévisionnel", "BP 2026", "Compte de résultat prév."]))
    plan.sheets[sh.name] = sh
    plan.sheet_order = [sh.name]
    plan.plan_sheet = sh.name
    sh.put(1, 1, "BUDGET PRÉVISIONNEL DE L'ASSOCIATION (plan comptable associatif)", bold=True)
    n = plan.nper
    lay = Lay(label_col=1, code_col=0, pcols=list(range(2, 2 + n)), indent=rng.choice(["none", "format", "spaces"]), top=rng.random() < 0.5)
    sh.widths[0] = 7
    sh.widths[1] = 50
    row = 3
    header(sh, row, lay, "CHARGES", pl)
    row = place_rows(plan, sh, lay, entries(tch), row + 1)
    if cvn:
        vals = [money(rng, 500, 6000, 10) for _ in range(3)]
        c86 = [plan.add(N(l, "charges", "item", code=c, vals=vary(rng, v, n, 10))) for (c, l), v in zip([("860", "Secours en nature"), ("861", "Mise à disposition gratuite de biens et prestations"), ("864", "Personnel bénévole")], vals)]
        a86 = agg(plan, "Emplois des contributions volontaires en nature", "charges", c86, style="above", code="86")
        tgc = agg(plan, "TOTAL DES CHARGES (y compris CVN)", "charges", [tch, a86], total=True, grand=True)
        row = place_rows(plan, sh, lay, entries(a86) + [("n", tgc, 0, tgc.label)], row)
    row += 1
    header(sh, row, lay, "PRODUITS", pl)
    row = place_rows(plan, sh, lay, entries(tpr), row + 1)
    if cvn:
        c87 = [plan.add(N(l, "produits", "item", code=c, vals=list(k.vals))) for (c, l), k in zip([("870", "Bénévolat"), ("871", "Prestations en nature"), ("875", "Dons en nature")], [c86[2], c86[1], c86[0]])]
        a87 = agg(plan, "Contributions volontaires en nature", "produits", c87, style="above", code="87")
        tgp = agg(plan, "TOTAL DES PRODUITS (y compris CVN)", "produits", [tpr, a87], total=True, grand=True)
        place_rows(plan, sh, lay, entries(a87) + [("n", tgp, 0, tgp.label)], row)
        plan.pairs += [(a86, a87), (tgc, tgp)]
        plan.tot = {"charges": tgc, "produits": tgp}
    plan.layout = "PCG account plan, codes in a narrow column A (depth %d), parents above their sub-accounts typed as sums%s" % (depth, ", 86/87 CVN + final totals" if cvn else "")
    return plan


# ------------------------------------------------------------------ family 5: UK/US nonprofit budget (income first)
def fam_uk(name, rng, fmt):
    us = rng.random() < 0.35
    ny = rng.choice([1, 2, 3])
    pl = (["Budget"] if ny == 1 else ["Year %d" % (i + 1) for i in range(ny)]) if rng.random() < 0.5 else \
        (["2026-27"] if ny == 1 else ["%d-%02d" % (2025 + i, (26 + i) % 100) for i in range(ny)]) if not us else (["FY2026"] if ny == 1 else ["FY%d" % (2026 + i) for i in range(ny)])
    plan = Plan(name, "en", pl)
    plan.fmt = rng.choice(["paren", "gbp_paren", "gbp", "plain"]) if not us else rng.choice(["usd", "paren", "plain"])
    plan.fstyle = rng.choice(["sum", "plus"])
    plan.requested = None
    plan.aux_formula = False
    plan.aux_base = None
    tc = ny > 1 and rng.random() < 0.7
    # income
    grants = [item(plan, rng, l, "produits", 5000, 40000, 500) for l in rng.sample(
        (["National Lottery Community Fund", "Esmée Fairbairn Foundation", "City Council – Communities grant", "Children in Need", "Henry Smith Charity"] if not us else
         ["State Department of Health grant", "Ford Foundation", "United Way allocation", "County CDBG"]), rng.randint(2, 3))]
    inc = [agg(plan, "Grants", "produits", grants, style=rng.choice(["after0", "head", "above"]), tlabel="Total grants")]
    inc.append(item(plan, rng, rng.choice(["Donations", "Individual giving (incl. Gift Aid)" if not us else "Individual contributions"]), "produits", 1000, 8000, 100))
    inc.append(item(plan, rng, rng.choice(["Earned income – course fees", "Earned income (room hire)", "Program service fees"]), "produits", 1000, 9000, 100))
    inkind = None
    if rng.random() < 0.5:
        inkind = item(plan, rng, rng.choice(["In-kind: donated office space", "In-kind support (volunteer time)", "Gifts in kind"]), "produits", 1000, 6000, 100)
        inc.append(inkind)
    # expenditure
    sal = item(plan, rng, rng.choice(["Salaries", "Staff salaries", "Salaries (2.5 FTE)"]), "charges", 30000, 90000, 500)
    pct = rng.choice([0.12, 0.2, 0.22, 0.25, 0.28] if not us else [0.24, 0.28, 0.3])
    onc = plan.add(N((rng.choice(["Employer on-costs at %d%%", "Benefits / on-costs (%d%% of salaries)", "NI and pension on-costs @ %d%%"]) if not us
                      else rng.choice(["Fringe benefits @ %d%%", "Benefits (%d%% of salaries)"])) % round(pct * 100), "charges", "rate", base=[sal], pct=pct))
    staff = agg(plan, "Staff costs" if not us else "Personnel", "charges", [sal, onc], style=rng.choice(["after0", "head", "above"]), tlabel="Total staff costs" if not us else "Total personnel")
    prem = agg(plan, "Premises" if not us else "Occupancy", "charges",
               [item(plan, rng, l, "charges", 500, 12000, 100) for l in rng.sample(["Rent", "Utilities", "Insurance", "Cleaning", "Repairs"], rng.randint(2, 4))],
               style=staff.style, tlabel="Total premises" if not us else "Total occupancy")
    exps = [staff, prem]
    for l in rng.sample(["Travel", "Evaluation", "Volunteer expenses", "Training", "Marketing and publicity", "Equipment", "Sessional workers"], rng.randint(2, 4)):
        exps.append(item(plan, rng, l, "charges", 500, 9000, 100))
    if inkind is not None:
        exps.append(item(plan, rng, "In-kind costs (contra)", "charges", 0, 0, 100, vals=list(inkind.vals)))
    if rng.random() < 0.4:
        p2 = rng.choice([0.1, 0.12, 0.15])
        exps.append(plan.add(N(rng.choice(["Management fee (%d%% of direct costs)", "Core costs contribution at %d%% of direct costs"]) % round(p2 * 100), "charges", "rate",
                               base=[e for e in exps if "contra" not in e.label], pct=p2)))
    texp = agg(plan, rng.choice(["Total expenditure", "TOTAL EXPENDITURE", "Total expenses"]), "charges", exps, total=True)
    # a balancing grant so the plan balances unless planned deficit
    deficit = rng.random() < 0.15
    bal = plan.add(N(rng.choice(["Unrestricted reserves", "Core funds", "Applicant contribution"]), "produits", "bal", bal_total=texp, bal_others=list(inc)))
    if deficit:
        plan.pinned_deficit = True
    inc.append(bal)
    tinc = agg(plan, rng.choice(["Total income", "TOTAL INCOME", "Total revenue" if us else "Total income"]), "produits", inc, total=True)
    res = plan.add(N(rng.choice(["Net surplus/(deficit)", "Surplus / (deficit)", "Net income (loss)" if us else "Net surplus (deficit)"]), "produits", "result", res=(tinc, texp)))
    plan.pairs.append((texp, tinc))
    plan.tot = {"charges": texp, "produits": tinc}
    sh = Sheet(rng.choice(["Budget", "Project budget", "Budget 2026-29"]))
    plan.sheets[sh.name] = sh
    plan.sheet_order = [sh.name]
    plan.plan_sheet = sh.name
    sh.put(1, 0, rng.choice(["Project budget", "Full project budget", "Budget and income summary"]), bold=True)
    n = plan.nper
    spacer = rng.random() < 0.3
    p0 = 2 if spacer else 1
    lay = Lay(label_col=0, pcols=list(range(p0, p0 + n)), tcol=(p0 + n if tc else None), top=rng.random() < 0.6, indent=rng.choice(["none", "spaces", "format"]),
              notes_col=(p0 + n + 3 if rng.random() < 0.4 else None))
    plan.total_col = tc
    sh.widths[0] = 44
    row = 3
    header(sh, row, lay, "INCOME" if rng.random() < 0.5 else "Income", pl, tlabel="Total", notes="Notes")
    row = place_rows(plan, sh, lay, [e for x in inc for e in entries(x)] + [("n", tinc, 0, tinc.label)], row + 1) + 1
    header(sh, row, lay, rng.choice(["EXPENDITURE", "Expenditure", "Expenses"]), pl, tlabel="Total")
    row = place_rows(plan, sh, lay, entries(texp), row + 1) + 1
    place_rows(plan, sh, lay, [("n", res, 0, res.label)], row)
    for x in grants:
        x.note = rng.choice(["confirmed", "applied – decision June", "pending", None])
    plan.layout = "%s nonprofit budget, Income first then Expenditure, %s, on-costs rate line, net surplus/(deficit)%s%s" % (
        "US" if us else "UK", " | ".join(pl), ", Total column" if tc else "", ", spacer column" if spacer else "")
    plan.deficit = deficit
    return plan


# ------------------------------------------------------------------ family 6: multi-funder matrix
def fam_matrix(name, rng, fmt):
    lang = rng.choice(["fr", "en"])
    fr = lang == "fr"
    funders = rng.choice([["État", "Région", "FEDER", "Fonds propres"], ["Etat (DREETS)", "Région", "Département", "Autofinancement"],
                          ["État", "Région", "UE", "Fonds propres", "Autres"]]) if fr else \
        rng.choice([["State", "Region", "EU", "Own funds"], ["Government", "Region", "EU (ERDF)", "Own funds", "Private"], ["Grant", "Match funding", "Own funds"]])
    plan = Plan(name, lang, funders)
    plan.fmt = rng.choice(["eur", "plain"]) if fr else rng.choice(["plain", "plain2"])
    plan.fstyle = "sum"
    plan.requested = None
    plan.aux_formula = False
    plan.aux_base = None
    cats = (["Dépenses de personnel", "Frais de déplacement", "Équipement", "Prestations externes", "Fonctionnement", "Communication", "Investissement immatériel"] if fr else
            ["Personnel", "Travel and subsistence", "Equipment", "External services", "Consumables", "Dissemination", "Other direct costs"])
    top = []
    for c in rng.sample(cats, rng.randint(4, 6)):
        if c in ("Dépenses de personnel", "Personnel") and rng.random() < 0.6:
            subs = [plan.add(N(s, "charges", "item", vals=[money(rng, 0, 20000, 500) or None for _ in funders]))
                    for s in (["Salaires", "Charges"] if fr else ["Salaries", "On-costs"])]
            top.append(agg(plan, c, "charges", subs, style="above"))
        else:
            vals = [money(rng, 1000, 40000, 500) if rng.random() < 0.8 else None for _ in funders]
            if not any(vals):
                vals[0] = 5000.0
            top.append(plan.add(N(c, "charges", "item", vals=vals)))
    tot = agg(plan, rng.choice(["TOTAL", "Total", "TOTAL DU PROJET" if fr else "TOTAL PROJECT COST"]), "charges", top, total=True)
    plan.tot = {"charges": tot, "produits": None}
    plan.total_col = True
    plan.blank_zero = True
    sh = Sheet(rng.choice(["Plan de financement", "Cofinancements", "Matrice"]) if fr else rng.choice(["Funding matrix", "Budget by funder", "Financing"]))
    plan.sheets[sh.name] = sh
    plan.sheet_order = [sh.name]
    plan.plan_sheet = sh.name
    sh.put(1, 0, "Répartition des dépenses par financeur" if fr else "Costs by funding source", bold=True)
    lay = Lay(label_col=0, pcols=list(range(1, 1 + len(funders))), tcol=1 + len(funders), top=True)
    sh.widths[0] = 36
    header(sh, 3, lay, "Poste de dépenses" if fr else "Cost category", funders, tlabel=rng.choice(["Total", "TOTAL", "Coût total" if fr else "Total cost"]))
    place_rows(plan, sh, lay, entries(tot), 4)
    plan.layout = "multi-funder matrix: rows = cost categories, columns = funders (%s) + Total; each funder column totalled" % ", ".join(funders)
    plan.notes.append("funder columns are the plan's columns ('periods' = funders); Total column = cross-total; no income side (produits null); blanks are zeros")
    return plan


# ------------------------------------------------------------------ family 7: formatting quirks (merged labels, spacer, k€ / € text, notes far right)
def fam_quirk(name, rng, fmt):
    mode = rng.choice(["keur", "text", "merged", "merged"])
    two = rng.random() < 0.35
    pl = ["Montant (k€)"] if mode == "keur" else ["Montant"]
    if two:
        pl = ["2026 (k€)", "2027 (k€)"] if mode == "keur" else ["2026", "2027"]
    plan = Plan(name, "fr", pl)
    plan.scale = 0.001 if mode == "keur" else 1.0
    plan.fmt = "keur" if mode == "keur" else rng.choice(["eur", "eur2", "plain"])
    plan.fstyle = rng.choice(["sum", "plus"])
    plan.requested = None
    plan.aux_formula = False
    plan.aux_base = None
    st = rng.choice(["above", "above", "dont", "after0", "head"])
    gs = []
    for gk in rng.sample(list(FR_DEP), rng.randint(2, 4)):
        gl, its = FR_DEP[gk]
        ch = [item(plan, rng, l, "charges", 1000, 40000, 100) for l in rng.sample(its, rng.randint(2, min(4, len(its))))]
        pf = rng.choice(["dont ", "- ", "• "])
        for c in ch:
            c.prefix = pf
        gs.append(agg(plan, gl, "charges", ch, style=st, tlabel="Total " + gl.lower()))
    tch = agg(plan, rng.choice(["TOTAL DES DÉPENSES", "COÛT TOTAL"]), "charges", gs, total=True)
    pub_its = [item(plan, rng, l, "produits", 2000, 30000, 100) for l in ["de l'État", "de la Région", "du Département"][:rng.randint(2, 3)]]
    pf = rng.choice(["- ", "• ", "dont "])
    for c in pub_its:
        c.prefix = pf
    pub = agg(plan, "Subventions publiques", "produits", pub_its, style="dont")
    oth = item(plan, rng, rng.choice(["Mécénat", "Ressources propres (ventes)"]), "produits", 1000, 8000, 100)
    bal = plan.add(N("Autofinancement", "produits", "bal", bal_total=tch, bal_others=[pub, oth]))
    tpr = agg(plan, rng.choice(["TOTAL DES RECETTES", "TOTAL DES FINANCEMENTS"]), "produits", [pub, oth, bal], total=True)
    plan.pairs.append((tch, tpr))
    plan.tot = {"charges": tch, "produits": tpr}
    sh = Sheet(rng.choice(["Budget", "Plan de financement", "Feuil1"]))
    plan.sheets[sh.name] = sh
    plan.sheet_order = [sh.name]
    plan.plan_sheet = sh.name
    sh.put(1, 0, "PLAN DE FINANCEMENT DU PROJET", bold=True)
    if mode == "keur":
        sh.put(2, 0, "(montants en milliers d'euros)")
    merge = mode == "merged" or rng.random() < 0.5
    spacer = rng.randint(1, 2) if rng.random() < 0.7 else 0
    p0 = (2 if merge else 1) + spacer
    lay = Lay(label_col=0, merge=merge, pcols=list(range(p0, p0 + plan.nper)), notes_col=rng.choice([8, 9, 11]), top=True,
              indent=rng.choice(["none", "format"]))
    sh.widths[0] = 30
    sh.widths[1] = 18 if merge else 10
    for c in range(p0 - spacer, p0):
        sh.widths[c] = 3
    row = 4
    header(sh, row, lay, "DÉPENSES", pl, notes="Commentaires")
    row = place_rows(plan, sh, lay, entries(tch), row + 1) + 1
    header(sh, row, lay, "RECETTES", pl)
    place_rows(plan, sh, lay, entries(tpr), row + 1)
    for x in rng.sample(plan.nodes, 3):
        if x.kind == "item":
            x.note = rng.choice(["devis n° 2026-014", "convention en cours", "estimation", "acquis", "sollicité le 12/01"])
    plan.quirk = mode
    plan.layout = "formatting quirks: %s%s, spacer columns %d, notes far right, bold totals with top border, totals %s" % (
        {"keur": "amounts in k€", "text": "every amount text with '€'", "merged": "labels merged over two columns"}[mode],
        " + merged labels" if merge and mode != "merged" else "", spacer, st)
    return plan


# ------------------------------------------------------------------ family 8: tiny plans, several languages
TINY = {
    "fr": (["Achats de matériel", "Prestation d'un intervenant", "Location de salle", "Communication", "Déplacements"],
           ["Subvention de la commune", "Subvention du Département", "Fonds propres"], "Dépenses", "Recettes", "Total dépenses", "Total recettes", "Montant"),
    "en": (["Equipment", "Facilitator fees", "Venue hire", "Publicity", "Travel"], ["Council grant", "Parish council", "Own funds"],
           "Costs", "Funding", "Total costs", "Total funding", "Amount"),
    "de": (["Sachkosten", "Honorare", "Raummiete", "Öffentlichkeitsarbeit", "Reisekosten"], ["Zuschuss Stadt", "Landesmittel", "Eigenmittel"],
           "Ausgaben", "Einnahmen", "Summe der Ausgaben", "Summe der Einnahmen", "Betrag"),
    "it": (["Acquisto materiali", "Compensi relatori", "Affitto sala", "Comunicazione", "Viaggi"], ["Contributo del Comune", "Contributo regionale", "Fondi propri"],
           "Uscite", "Entrate", "Totale uscite", "Totale entrate", "Importo"),
    "es": (["Material", "Honorarios ponentes", "Alquiler de sala", "Difusión", "Desplazamientos"], ["Subvención Ayuntamiento", "Diputación", "Fondos propios"],
           "Gastos", "Ingresos", "Total gastos", "Total ingresos", "Importe"),
}


def fam_tiny(name, rng, fmt):
    lang = rng.choice(["fr", "fr", "en", "de", "it", "es"])
    chl, prl, hch, hpr, tchl, tprl, pl0 = TINY[lang]
    plan = Plan(name, lang, [rng.choice([pl0, pl0 + (" (€)" if lang != "en" else " (£)"), "2026"])])
    plan.fmt = rng.choice(["eur", "plain"]) if lang != "en" else rng.choice(["plain", "gbp"])
    plan.fstyle = "sum"
    plan.requested = None
    plan.aux_formula = False
    plan.aux_base = None
    ch = [item(plan, rng, l, "charges", 200, 4000) for l in rng.sample(chl, rng.randint(2, 3))]
    tch = agg(plan, tchl, "charges", ch, total=True)
    ps = [item(plan, rng, l, "produits", 200, 3000) for l in prl[:rng.randint(1, 2)]]
    bal = plan.add(N(prl[2], "produits", "bal", bal_total=tch, bal_others=ps))
    tpr = agg(plan, tprl, "produits", ps + [bal], total=True)
    plan.pairs.append((tch, tpr))
    plan.tot = {"charges": tch, "produits": tpr}
    sh = Sheet({"fr": "Budget", "en": "Budget", "de": "Finanzplan", "it": "Preventivo", "es": "Presupuesto"}[lang])
    plan.sheets[sh.name] = sh
    plan.sheet_order = [sh.name]
    plan.plan_sheet = sh.name
    lay = Lay(label_col=rng.choice([0, 1]), pcols=None)
    lay.pcols = [lay.label_col + 1]
    sh.widths[lay.label_col] = 30
    row = 1
    if rng.random() < 0.5:
        sh.put(1, lay.label_col, {"fr": "Budget du projet", "en": "Project budget", "de": "Kosten- und Finanzierungsplan", "it": "Piano finanziario", "es": "Presupuesto del proyecto"}[lang], bold=True)
        row = 3
    header(sh, row, lay, hch, plan.periods)
    row = place_rows(plan, sh, lay, entries(tch), row + 1) + (1 if rng.random() < 0.6 else 0)
    if rng.random() < 0.5:
        header(sh, row, lay, hpr, plan.periods)
        row += 1
    else:
        sh.put(row, lay.label_col, hpr, bold=True)
        row += 1
    place_rows(plan, sh, lay, entries(tpr), row)
    plan.layout = "very small plan (%d lines), %s" % (len(ch) + len(ps) + 1, lang)
    return plan


# ------------------------------------------------------------------ family 9: long plans, three levels
def fam_long(name, rng, fmt):
    lang = rng.choice(["fr", "en"])
    fr = lang == "fr"
    ny = rng.choice([1, 2, 3])
    pl = (["Montant"] if ny == 1 else ["Année %d" % (i + 1) for i in range(ny)]) if fr else (["Amount"] if ny == 1 else ["Year %d" % (i + 1) for i in range(ny)])
    plan = Plan(name, lang, pl)
    plan.fmt = rng.choice(["eur", "plain"])
    plan.fstyle = rng.choice(["sum", "plus"])
    plan.requested = None
    plan.aux_formula = False
    plan.aux_base = None
    nwp = rng.randint(3, 6)
    cats = (["Personnel", "Déplacements", "Équipement", "Sous-traitance", "Consommables"] if fr else ["Personnel", "Travel", "Equipment", "Subcontracting", "Consumables"])
    leaves = {"Personnel": ["Chef de projet", "Ingénieur d'études", "Technicien", "Doctorant", "Stagiaire"] if fr else ["Project lead", "Research engineer", "Technician", "PhD student", "Intern"],
              "Déplacements": ["Missions France", "Missions internationales", "Conférences"], "Travel": ["Domestic travel", "International travel", "Conferences"],
              "Équipement": ["Serveur de calcul", "Capteurs", "Licences logicielles"], "Equipment": ["Compute server", "Sensors", "Software licences"],
              "Sous-traitance": ["Prestataire A", "Laboratoire d'analyses"], "Subcontracting": ["Contractor A", "Testing lab"],
              "Consommables": ["Réactifs", "Petit matériel", "Fournitures"], "Consumables": ["Reagents", "Small equipment", "Supplies"]}
    style_wp = rng.choice(["head", "after0", "above"])
    style_cat = rng.choice(["above", "after0", "dont"])
    lpf = rng.choice(["dont ", "- ", "• "]) if fr else rng.choice(["o/w ", "- ", "• "])
    wps = []
    for w in range(nwp):
        cs = []
        for c in rng.sample(cats, rng.randint(3, 5)):
            ls = [item(plan, rng, l, "charges", 500, 30000, 100) for l in rng.sample(leaves[c], rng.randint(2, len(leaves[c])))]
            for x in ls:
                x.prefix = lpf
            cs.append(agg(plan, c + ((" lot %d" if fr else " WP%d") % (w + 1) if style_cat == "after0" else ""), "charges", ls, style=style_cat,
                          tlabel=None))
        lab = ("Lot %d – " % (w + 1) if fr else "WP%d – " % (w + 1)) + rng.choice(["Coordination", "Recherche", "Développement", "Expérimentation", "Diffusion", "Évaluation"] if fr
                                                                                   else ["Management", "Research", "Development", "Pilot", "Dissemination", "Evaluation"])
        wps.append(agg(plan, lab, "charges", cs, style=style_wp, tlabel=("Total " if fr else "Total ") + lab.split(" – ")[0]))
    pct = rng.choice([0.07, 0.15, 0.25])
    direct = agg(plan, "Total des coûts directs" if fr else "Total direct costs", "charges", wps, style="after0")
    ind = plan.add(N(("Coûts indirects (%d %% des coûts directs)" if fr else "Indirect costs (%d%% of direct costs)") % round(pct * 100), "charges", "rate", base=[direct], pct=pct))
    tch = agg(plan, "COÛT TOTAL DU PROJET" if fr else "TOTAL PROJECT COST", "charges", [direct, ind], total=True)
    ps = [item(plan, rng, l, "produits", 20000, 150000, 500) for l in (["Subvention ANR", "Région", "FEDER", "Partenaires industriels"] if fr else ["Research council grant", "Regional fund", "ERDF", "Industry partners"])[:rng.randint(2, 4)]]
    bal = plan.add(N("Autofinancement" if fr else "Own contribution", "produits", "bal", bal_total=tch, bal_others=ps))
    tpr = agg(plan, "TOTAL DES FINANCEMENTS" if fr else "TOTAL FUNDING", "produits", ps + [bal], total=True)
    plan.pairs.append((tch, tpr))
    plan.tot = {"charges": tch, "produits": tpr}
    sh = Sheet("Budget détaillé" if fr else "Detailed budget")
    plan.sheets[sh.name] = sh
    plan.sheet_order = [sh.name]
    plan.plan_sheet = sh.name
    sh.put(1, 0, "Budget détaillé par lot" if fr else "Detailed budget by work package", bold=True)
    tc = ny > 1 and rng.random() < 0.6
    plan.total_col = tc
    lay = Lay(label_col=0, pcols=list(range(1, 1 + ny)), tcol=(1 + ny if tc else None), indent=rng.choice(["spaces", "format", "none"]), top=True)
    sh.widths[0] = 46
    header(sh, 3, lay, "DÉPENSES" if fr else "COSTS", pl, tlabel="Total")
    row = place_rows(plan, sh, lay, entries(tch), 4) + 1
    header(sh, row, lay, "FINANCEMENT" if fr else "FUNDING", pl, tlabel="Total")
    place_rows(plan, sh, lay, entries(tpr), row + 1)
    nl = sum(1 for n in plan.nodes if n.row is not None)
    plan.layout = "long plan (%d lines), 3 levels (work package > category > line), WP %s, categories %s, indirect rate on direct costs" % (nl, style_wp, style_cat)
    return plan


FAMILIES = [("funder", fam_funder, 24), ("scen", fam_scenario, 15), ("month", fam_monthly, 12), ("pcg", fam_pcg, 14),
            ("uk", fam_uk, 16), ("matrix", fam_matrix, 10), ("quirk", fam_quirk, 11), ("tiny", fam_tiny, 10), ("long", fam_long, 8)]


def build(idx, outdir, vdir, seed):
    rng = random.Random(seed * 100003 + idx)
    fam = FAMILIES[idx % len(FAMILIES)] if idx < len(FAMILIES) else rng.choices(FAMILIES, [f[2] for f in FAMILIES])[0]
    fmt = "ods" if rng.random() < 0.35 else "xlsx"
    name = "v%03d_%s" % (idx + 1, fam[0])
    plan = fam[1](name, rng, fmt)
    plan.file = name + "." + fmt
    # formulas
    if fam[0] == "quirk" and getattr(plan, "quirk", "") == "text":
        mode = "typed"
    else:
        mode = rng.choice(["typed", "typed", "formula", "mixed", "random"])
    set_formulas(plan, rng, mode)
    # extra sheets (Notice, Identification, plan, Annexe)
    if fam[0] in ("funder", "pcg", "quirk", "tiny", "uk") and rng.random() < 0.35:
        extra_sheets(plan, rng, plan.plan_sheet)
    plan.author()
    for _ in range(8):   # the balancing line (own funds) must stay positive
        neg = [b for b in plan.nodes if b.kind == "bal" and any((plan.stored[(b.id, p)] or 0) < 0 for p in range(plan.nper))]
        if not neg:
            break
        for b in neg:
            for o in b.bal_others:
                for x in flat(o):
                    if x.kind == "item" and x.vals:
                        x.vals = [None if v is None else (round(v * 0.5, 1) if plan.fmt == "keur" else float(round(v * 0.5 / 50) * 50)) for v in x.vals]
        plan.author()
    # planned deficit in UK budgets: the author states the deficit (balance per the realworld convention)
    if getattr(plan, "deficit", False):
        b = [n for n in plan.nodes if n.kind == "bal"][0]
        b.f = [False] * plan.nper
        for p in range(plan.nper):
            plan.pinned[(b.id, p)] = r2(max(0.0, plan.stored[(b.id, p)] - money(rng, 500, 3000, 50)))
        plan.author()
    # defects
    kinds = []
    r = rng.random()
    if r < 0.72:
        pool = ["typo", "typo", "total_off", "unbalanced", "rate_off", "rate_off", "cross", "stale", "stale", "text", "missing"]
        kinds = rng.sample(pool, rng.choice([1, 1, 2]))
    if fam[0] == "quirk" and plan.quirk == "text":
        kinds = [k for k in kinds if k != "text"] + ["text_all"]
    applied = apply_defects(plan, rng, [k for k in kinds if k != "text_all"])
    if "text_all" in kinds:
        for n in plan.nodes:
            if n.row is not None and n.kind != "memo":
                n.text = n.text or [None] * plan.nper
                for p in range(plan.nper):
                    if n.text[p] is None and plan.stored[(n.id, p)] is not None:
                        v = plan.stored[(n.id, p)]
                        n.text[p] = disp(v, "eur2" if v != int(v) else "eur", "fr")
        applied.append("every amount as text '12 500 €'")
    # requested amount in the title block (numeric cell): the main grant
    if getattr(plan, "requested", None) == -1:
        main = [n for n in plan.nodes if n.side == "produits" and n.kind == "item"][0]
        plan.requested = plan.stored[(main.id, 0)]
        r_, c_ = plan.req_cell
        plan.sheets[plan.plan_sheet].put(r_, c_, plan.requested, fmt=plan.fmt, bold=True)
        plan.notes.append("'Montant demandé' with its number in the title block (row %d) is not a line" % r_)
    if "stale" in kinds:
        plan.aux_formula = False
    place_values(plan)
    F, R = check(plan)
    for n in plan.nodes:
        if n.kind == "memo" and n.row is not None:
            for p in range(plan.nper):
                if n.f and n.f[p] and abs(plan.stored[(n.id, p)] - R[(n.id, p)]) > 0.005:
                    plan.ambiguous.append("%s!%s" % (n.sheet, A1(n.cols[p], n.row)))
            F = [f for f in F if not (f["sheet"] == n.sheet and f["cell"] in [A1(c, n.row) for c in n.cols])]
    if fmt == "xlsx":
        write_xlsx(plan, os.path.join(outdir, plan.file))
    else:
        write_ods(plan, os.path.join(outdir, plan.file))
    write_ods(plan, os.path.join(vdir, name + ".twin.ods"), no_cache=True)
    # truth
    tot = {}
    for side in ("charges", "produits"):
        g = plan.tot.get(side)
        tot[side] = None if g is None else [R[(g.id, p)] for p in range(plan.nper)]
    ln = []
    for n in plan.nodes:
        if n.row is None:
            continue
        ln.append("%s%d %s %s%s" % (plan.sheets[n.sheet].name and "", n.row, n.kind, n.label[:40],
                                    (" = " + "+".join(str(c.row) for c in n.ch)) if n.ch else
                                    (" = %g%% x (%s)" % (n.pct * 100, "+".join(str(c.row) for c in n.base))) if n.kind == "rate" else
                                    (" = %d - (%s)" % (n.bal_total.row, "+".join(str(c.row) for c in n.bal_others))) if n.kind == "bal" else
                                    (" = %d - %d" % (n.res[0].row, n.res[1].row)) if n.kind == "result" else " (memo, not a line)" if n.kind == "memo" else ""))
    truth = dict(file=plan.file, language=plan.lang, family=fam[0], sheet=plan.plan_sheet, layout=plan.layout, periods=plan.periods,
                 totals=tot, findings=F, ambiguous=plan.ambiguous, defects=applied, formulas=plan.fmode,
                 lines_note="; ".join(ln), notes=" ".join(plan.notes), confidence="high")
    json.dump(truth, open(os.path.join(outdir, plan.file + ".truth.json"), "w"), ensure_ascii=False, indent=1)
    # verification data: every plan cell (stored, recomputed)
    cells = []
    for n in plan.nodes:
        if n.row is None:
            continue
        for p in range(plan.nper):
            st = plan.stored[(n.id, p)]
            t = n.text[p] if n.text else None
            if t is not None:
                cells.append([n.sheet, A1(n.cols[p], n.row), t, t])
            elif st is not None:
                cells.append([n.sheet, A1(n.cols[p], n.row), st, R[(n.id, p)]])
        if n.tcol is not None:
            cells.append([n.sheet, A1(n.tcol, n.row), plan.stored[(n.id, "T")], R[(n.id, "T")]])
    json.dump(dict(file=plan.file, cells=cells), open(os.path.join(vdir, name + ".cells.json"), "w"), ensure_ascii=False)
    return plan, F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--out", default=os.path.join(HERE, "set"))
    a = ap.parse_args()
    vdir = os.path.join(HERE, "verify")
    for d in (a.out, vdir):
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    N._n = 0
    stats = {}
    nf = 0
    for i in range(a.n):
        plan, F = build(i, a.out, vdir, a.seed)
        fam = plan.name.split("_", 1)[1]
        stats[fam] = stats.get(fam, 0) + 1
        if any(f["rule"] != "text-number" for f in F):
            nf += 1
    print("written", a.n, "files;", nf, "with scored findings;", stats)


if __name__ == "__main__":
    main()
