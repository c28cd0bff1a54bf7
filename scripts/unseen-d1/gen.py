#!/usr/bin/env python3
"""Generate the unseenD1 set: French public-funding plans in layouts not covered before.

python3 gen.py            -> set/NAME.(xlsx|ods) + set/NAME.<ext>.truth.json
Deterministic (seeded). Truth comes from core.check over the generated grid.
"""
import json
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from core import (Book, addr, parse_addr, check, totals_values, cached_values, Evaluator, fr_text,
                  write_xlsxwriter, write_odfpy, write_openpyxl, col_letter)
from plan import VPlan, I, G

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "set")

ORGS = ["Association Les Petits Débrouillards Rhône", "Maison des Jeunes et de la Culture de Vénissieux",
        "Centre social La Carnière", "Association Trait d'Union", "Régie de quartier Nord-Est",
        "Compagnie Théâtre du Fil", "Association Culture & Partage", "Jardins de Cocagne du Pays de Saint-Omer",
        "Association Sport dans la Ville", "Foyer rural de Saint-Just", "Collectif Musiques Actuelles 63",
        "Association Lire et Faire Lire 38", "Épicerie solidaire Le Panier", "Association Mix'Cité",
        "Comité des fêtes de Lanvollon", "Association Emmaüs Connect Lille"]
CITIES = ["Vaulx-en-Velin", "Vénissieux", "Grenoble", "Clermont-Ferrand", "Roubaix", "Saint-Omer", "Mulhouse",
          "Bron", "Chambéry", "Lorient", "Besançon", "Montbéliard"]
QPV = ["Mas du Taureau", "Les Minguettes", "Villeneuve", "Les Vernes", "Alma-Gare", "Bourtzwiller", "Parilly",
       "Kervénanec", "Planoise", "La Petite Hollande"]


def R(rng, lo, hi, step=100):
    return rng.randrange(lo // step, hi // step + 1) * step


def title_block(sh, rng, lines, ncols, r0=0, merge=True):
    r = r0
    for i, t in enumerate(lines):
        if t is None:
            r += 1
            continue
        if merge and i == 0:
            sh.merge(r, 0, r, ncols - 1, t, bold=True)
        else:
            sh.set(r, 0, t, bold=(i == 0))
        r += 1
    return r


# =============================================================================== injections

DELTAS = [100, 250, 500, 1000, -300, 1200, -800, 900, 2000, -150]


def _val(book, sheet, a):
    return Evaluator(book).num(sheet, a)


def _typed_set(book, vp, sheet, a, v):
    cell = book.cell(sheet, a)
    cell.f = None
    if vp.s.get("mode") == "text":
        cell.v = vp.text(v)
    else:
        cell.v = v


def inj_sum_typed(book, vp, rng):
    cands = [(row, k) for row in vp.aggrows for k in range(vp.np) if row["kind"] in ("sub", "total", "dont")]
    row, k = rng.choice(cands)
    a = row["cells"][k]
    old = _val(book, vp.sh.name, a)
    d = rng.choice(DELTAS)
    _typed_set(book, vp, vp.sh.name, a, old + d)
    book.injected.append(f"sum: {a} '{row['label']}' typed {old + d:g} instead of {old:g}")


def inj_sum_range(book, vp, rng):
    cands = []
    for row in vp.aggrows:
        for k in range(vp.np):
            c = book.cell(vp.sh.name, row["cells"][k])
            if c.f and c.f.startswith("=SUM(") and len(row["comps"][k]) >= 3:
                cands.append((row, k))
    if not cands:
        return inj_sum_typed(book, vp, rng)
    row, k = rng.choice(cands)
    c = book.cell(vp.sh.name, row["cells"][k])
    comps = row["comps"][k]
    c.f = f"=SUM({comps[0]}:{comps[-2]})"
    book.injected.append(f"sum: {row['cells'][k]} '{row['label']}' formula leaves out {comps[-1]}")


def _produits_items(vp):
    return [it for it in vp.items if it.get("side") == "produits" and not it.get("balance") and not it.get("dont")
            and not it.get("is_dont") and not it.get("rate") and not it.get("qty") and it.get("cells")
            and all(x is not None for x in it["amts"])]


def inj_balance(book, vp, rng):
    its = _produits_items(vp)
    it = rng.choice(its)
    k = rng.randrange(vp.np)
    a = it["cells"][k]
    old = _val(book, vp.sh.name, a)
    d = rng.choice([500, 1000, -400, 750, 1500, -1000, 300])
    if old + d < 0:
        d = abs(d)
    _typed_set(book, vp, vp.sh.name, a, old + d)
    book.injected.append(f"balance: {a} '{it['label']}' changed {old:g} -> {old + d:g}")


def inj_result(book, vp, rng):
    if not vp.result_cells:
        return inj_balance(book, vp, rng)
    k = rng.randrange(vp.np)
    a = vp.result_cells[k]
    v = rng.choice([450, -1200, 300, 1800, -75 * 10])
    _typed_set(book, vp, vp.sh.name, a, v)
    book.injected.append(f"result: {a} typed {v}")


def inj_cross(book, vp, rng):
    cands = [x for x in vp.xt]
    x = rng.choice(cands[: max(3, len(cands) // 2)])
    old = _val(book, vp.sh.name, x["cell"])
    d = rng.choice(DELTAS)
    _typed_set(book, vp, vp.sh.name, x["cell"], old + d)
    book.injected.append(f"cross-total: {x['cell']} typed {old + d:g} instead of {old:g}")


def inj_stale(book, vp, rng):
    its = [it for it in vp.items if it.get("side") == "charges" and not it.get("dont") and not it.get("rate")
           and not it.get("qty") and not it.get("balance") and all(x is not None for x in it["amts"])]
    it = rng.choice(its)
    k = rng.randrange(vp.np)
    a = it["cells"][k]
    book.frozen = cached_values(book)
    old = _val(book, vp.sh.name, a)
    d = rng.choice([200, 500, 1000, 1500, -400])
    book.cell(vp.sh.name, a).v = old + d
    book.injected.append(f"formula.stale: input {a} '{it['label']}' edited {old:g} -> {old + d:g} without recalculation")


POST = {"sum": inj_sum_typed, "sumrange": inj_sum_range, "balance": inj_balance, "result": inj_result,
        "cross": inj_cross, "stale": inj_stale}


def pre_inject(spec, kinds, rng, book):
    """Injections applied to the spec before amounts are resolved (plan stays balanced)."""
    allit = [it for side in ("charges", "produits") for g in spec[side] for it in g["items"]]
    for kd in kinds:
        if kd == "rate":
            its = [it for it in allit if it.get("rate")]
            it = rng.choice(its)
            it["rate_off"] = rng.choice([300, -250, 600, 1100, -500])
            it["off_k"] = rng.randrange(len(spec["periods"]))
            book.injected.append(f"rate: '{it['label']}' off by {it['rate_off']}")
        elif kd == "product":
            its = [it for it in allit if it.get("qty")]
            it = rng.choice(its)
            it["prod_off"] = rng.choice([500, -300, 1000, 250])
            book.injected.append(f"product: '{it['label']}' off by {it['prod_off']}")
        elif kd == "missing":
            its = [it for it in allit if not it.get("dont") and not it.get("rate") and not it.get("qty")
                   and not it.get("balance") and all(x is not None for x in it["amts"])]
            # prefer lines of the charges side that are not the only one of their group
            it = rng.choice(its)
            np = len(spec["periods"])
            if np == 1 or rng.random() < 0.3:
                it["placeholder"] = rng.choice(["€", " €", "€"])
                it["ph_k"] = rng.randrange(np)
                it["amts"][it["ph_k"]] = None
            else:
                k = rng.randrange(np)
                it["amts"][k] = None
                it["missing_k"] = k
            book.injected.append(f"missing: '{it['label']}'")


def choose_kinds(rng, allowed, clean):
    if clean:
        return []
    n = rng.choice([1, 1, 1, 2, 2, 3])
    return rng.sample(allowed, min(n, len(allowed)))


# =============================================================================== family 1: Emplois / Ressources

def fam_emplois(i, rng, clean, writer):
    b = Book(f"d1_emplois_ressources_{i:02d}", "emplois-ressources", writer)
    np = 3
    periods = rng.choice([["Année 1", "Année 2", "Année 3"], ["2026", "2027", "2028"], ["An 1", "An 2", "An 3"],
                          ["Démarrage (2026)", "2027", "2028"], ["N", "N+1", "N+2"]])
    ent = rng.choice(["SARL Atelier Vélo Solidaire", "SAS La Fabrique à Pains", "EURL Studio Lumen", "SCOP Les Tisserands",
                      "Micro-brasserie du Ried", "Garage associatif Rouages", "SAS Épicerie Vrac & Co", "Librairie-café L'Escale"])
    src = rng.choice(["Initiative Grand Lyon – dossier prêt d'honneur", "Réseau Entreprendre – plan de financement",
                      "Modèle CCI – Plan de financement à 3 ans", "Bpifrance Création – prévisionnel", "BGE – étude prévisionnelle"])
    inv1 = [I("Frais d'établissement", [R(rng, 800, 3000), None, None]),
            I("Logiciels, formations", [R(rng, 500, 4000), None, R(rng, 300, 1500)]),
            I("Dépôt de marque, brevet", [R(rng, 300, 1200), None, None])]
    if rng.random() < 0.5:
        inv1.append(I("Droit au bail", [R(rng, 5000, 20000, 500), None, None]))
    inv2 = [I("Travaux et aménagements", [R(rng, 5000, 40000, 500), None, None]),
            I("Matériel professionnel", [R(rng, 8000, 60000, 500), R(rng, 0, 8000, 500) or None, R(rng, 2000, 10000, 500)]),
            I("Matériel de bureau et informatique", [R(rng, 1500, 6000), R(rng, 0, 2000) or None, R(rng, 500, 2500)])]
    if rng.random() < 0.5:
        inv2.append(I("Véhicule", [R(rng, 8000, 25000, 500), None, None]))
    bfr = [I("Stock de départ", [R(rng, 2000, 15000, 500), None, None]),
           I("Besoin en fonds de roulement", [R(rng, 3000, 12000, 500), R(rng, 500, 4000, 500), R(rng, 500, 3000, 500)])]
    rembt = I("Remboursement d'emprunts", [None, R(rng, 6000, 14000, 100), R(rng, 7000, 15000, 100)])
    treso = I("Trésorerie de départ / variation", [0, 0, 0], balance=True)
    C = [G("Investissements immatériels", inv1, "above" if rng.random() < 0.5 else "none"),
         G("Investissements matériels", inv2, "above" if rng.random() < 0.5 else "none"),
         G("Besoin en fonds de roulement", bfr, "none") if rng.random() < 0.5 else G(None, bfr),
         G(None, [rembt, treso])]
    tot_inv = sum(x["amts"][0] or 0 for g in C[:3] for x in g["items"])
    apport = R(rng, 5000, 20000, 500)
    ph = R(rng, 8000, 30000, 1000)
    bank = int(tot_inv * rng.uniform(0.45, 0.6)) // 1000 * 1000
    P = [G(None, [I("Apport personnel en numéraire", [apport, None, None]),
                  I("Apport en nature (matériel)", [R(rng, 0, 4000, 500) or None, None, None]),
                  I("Prêt d'honneur " + rng.choice(["Initiative France", "Réseau Entreprendre", "(0 %)"]), [ph, None, None]),
                  I("Emprunt bancaire", [bank, None, R(rng, 0, 10000, 1000) or None]),
                  I("Subvention " + rng.choice(["Région (Pass Création)", "Région Auvergne-Rhône-Alpes", "Département", "ADIE / BPI"]),
                    [R(rng, 2000, 8000, 500), None, None]),
                  I("Capacité d'autofinancement (CAF)", [R(rng, 1000, 6000, 500), R(rng, 14000, 30000, 500), R(rng, 18000, 38000, 500)])])]
    # make sure resources cover year 1 uses
    need = sum(x["amts"][0] or 0 for g in C for x in g["items"])
    have = sum(x["amts"][0] or 0 for g in P for x in g["items"])
    if have < need:
        P[0]["items"][3]["amts"][0] += (need - have) // 1000 * 1000 + 1000
    for k in (1, 2):
        need = sum(x["amts"][k] or 0 for g in C for x in g["items"])
        have = sum(x["amts"][k] or 0 for g in P for x in g["items"])
        if have < need:
            P[0]["items"][5]["amts"][k] += (need - have) // 500 * 500 + 500
    spec = dict(periods=periods, charges=C, produits=P, head_c="EMPLOIS", head_p="RESSOURCES",
                tot_c=rng.choice(["TOTAL EMPLOIS", "Total des besoins", "TOTAL DES EMPLOIS"]),
                tot_p=rng.choice(["TOTAL RESSOURCES", "Total des ressources", "TOTAL DES RESSOURCES"]),
                fmt=rng.choice(["eur0", "int", "eur0"]), mode="formula" if rng.random() < 0.8 else "typed",
                agg_style=rng.choice(["sum", "plus"]))
    kinds = choose_kinds(rng, ["sum", "balance", "sumrange", "stale"] if writer in ("xw", "ods") else ["sum", "balance", "sumrange"], clean)
    if spec["mode"] == "typed":
        kinds = [k for k in kinds if k not in ("stale", "sumrange")] or ([] if clean else ["sum"])
    pre_inject(spec, [k for k in kinds if k in ("rate", "product", "missing")], rng, b)
    side = rng.random() < 0.5
    sh = b.sheet(rng.choice(["Plan de financement", "Plan financement", "PLAN DE FINANCEMENT"]))
    b.plan_sheet = sh.name
    if side:
        b.layout = "emplois and ressources side by side on the same rows, 3 years each (business-creation template); treasury line balances emplois"
        vp = SidePlan(b, sh, spec, rng)
        r0 = title_block(sh, rng, [f"PLAN DE FINANCEMENT INITIAL – {ent}", src, "Montants en euros", None], 9)
        vp.build(r0, lcol=0, pcols=[1, 2, 3], lcol2=5, pcols2=[6, 7, 8])
        sh.widths.update({0: 34, 5: 34})
    else:
        b.layout = "emplois block above ressources block, 3 year columns (business-creation template)"
        spec.update(lcol=1, pcols=[2, 3, 4])
        vp = VPlan(b, sh, spec, rng)
        r0 = title_block(sh, rng, [ent, src, "Plan de financement à 3 ans (en €)", None], 5)
        vp.build(r0)
        sh.widths.update({1: 38, 0: 3})
        if rng.random() < 0.5:
            sh.set(vp.totp[0] and parse_addr(vp.totp[0])[0] + 2, 1, "Les besoins de l'année 1 sont couverts par l'apport et les prêts ; la CAF finance les remboursements.", italic=True)
    b.periods = periods
    for kd in kinds:
        if kd in POST:
            POST[kd](b, vp, rng)
    return b


class SidePlan(VPlan):
    """Charges on the left, produits on the right, same rows; totals aligned."""

    def build(self, r0, lcol, pcols, lcol2, pcols2):
        s = self.s
        self.known = {}
        self.resolve()
        r = r0
        s.update(lcol=lcol, pcols=pcols)
        self.header(r, s.get("head_c", "CHARGES"))
        s.update(lcol=lcol2, pcols=pcols2)
        self.header(r, s.get("head_p", "PRODUITS"))
        r += 1
        rc = self.section_rows("charges")
        rp = self.section_rows("produits")
        n = max(len(rc), len(rp))
        s.update(lcol=lcol, pcols=pcols)
        self.write_section("charges", rc, r)
        topc = self.fill_section("charges")
        s.update(lcol=lcol2, pcols=pcols2)
        self.write_section("produits", rp, r)
        s.update(lcol=lcol, pcols=pcols)
        rt = r + n + (1 if self.s.get("gap_before_total") else 0)
        self.totc = self.total_row(rt, s.get("tot_c", "TOTAL DES CHARGES"), topc, "charges")
        s.update(lcol=lcol2, pcols=pcols2)
        topp = self.fill_section("produits")
        self.totp = self.total_row(rt, s.get("tot_p", "TOTAL DES PRODUITS"), topp, "produits")
        for k in range(self.np):
            self.b.balances.append((self.sh.name, self.totc[k], self.totp[k]))
        r = rt + 1
        if s.get("cvn"):
            s.update(lcol=lcol, pcols=pcols)
            r1 = self.cvn_block(r + 1, "c86")
            c86 = self.cvn_tot
            s.update(lcol=lcol2, pcols=pcols2)
            self.cvn_block(r + 1, "p87")
            p87 = self.cvn_tot
            for k in range(self.np):
                self.b.balances.append((self.sh.name, c86[k], p87[k]))
            s.update(lcol=lcol, pcols=pcols)
            self.finc = self.final_row(r1, s["cvn"]["fin_c"], self.totc, c86, "charges")
            s.update(lcol=lcol2, pcols=pcols2)
            self.finp = self.final_row(r1, s["cvn"]["fin_p"], self.totp, p87, "produits")
            for k in range(self.np):
                self.b.balances.append((self.sh.name, self.finc[k], self.finp[k]))
            r = r1 + 1
        s.update(lcol=lcol, pcols=pcols)
        last_c = self.finc if s.get("cvn") else self.totc
        last_p = self.finp if s.get("cvn") else self.totp
        self.b.tot_c = [(self.sh.name, a) for a in last_c]
        self.b.tot_p = [(self.sh.name, a) for a in last_p]
        return r


# =============================================================================== family 2: LEADER / FEADER investment plan

def fam_leader(i, rng, clean, writer):
    b = Book(f"d1_leader_feader_{i:02d}", "leader-feader", writer)
    porteur = rng.choice(["Commune de Saint-Léger", "Communauté de communes du Pays de Lure", "Association Terre de Liens Auvergne",
                          "SCIC Bois Énergie Haut-Doubs", "Office de tourisme Cœur d'Hérault", "GAEC des Trois Chênes"])
    gal = rng.choice(["GAL Cœur d'Hérault", "GAL Pays de Fougères", "GAL Alpes Sud Isère", "GAL Châtaigneraie Limousine", "GAL Pays Picard"])
    sh = b.sheet(rng.choice(["Plan de financement", "Annexe 2 - Dépenses", "Budget opération"]))
    b.plan_sheet = sh.name
    variant = rng.choice(["ht_tva_ttc", "ht_tva_ttc", "eligible"])
    r = title_block(sh, rng, [f"PROGRAMME LEADER 2023-2027 – {gal}", f"Maître d'ouvrage : {porteur}",
                              "Opération : " + rng.choice(["Aménagement d'un espace de coworking rural", "Création d'un sentier d'interprétation",
                                                          "Équipement d'une cuisine collective", "Rénovation du local associatif",
                                                          "Acquisition d'un véhicule de tournée"]), None], 6)
    r += 0
    exp = [("Travaux de gros œuvre", "Entreprise Martin BTP"), ("Menuiseries", "SARL Bois & Co"),
           ("Électricité / plomberie", "Elec 43"), ("Mobilier", "Manutan Collectivités"), ("Matériel informatique", "LDLC Pro"),
           ("Signalétique", "Atelier Graphik"), ("Étude de faisabilité", "Cabinet Territoires Conseil"),
           ("Équipement de cuisine", "Bonnet Grande Cuisine"), ("Communication / inauguration", "Imprimerie du Centre")]
    rng.shuffle(exp)
    exp = exp[: rng.randint(4, 7)]
    fmt = rng.choice(["eur2", "eur0"])
    ex = {}
    if variant == "ht_tva_ttc":
        b.layout = "LEADER/FEADER operation: expense table (nature, supplier, montant HT, TVA 20 %, TTC) then funder table (financeur, montant, taux) under it; funders must add up to the HT eligible total"
        heads = ["Nature de la dépense", "Fournisseur (devis)", "Montant HT", "TVA (20 %)", "Montant TTC"]
        for c, h in enumerate(heads):
            sh.set(r, c, h, bold=True)
        hr = r
        r += 1
        first = r
        rows = []
        for lab, sup in exp:
            ht = R(rng, 1500, 30000, 50) if fmt == "eur0" else R(rng, 150000, 3000000, 1) / 100
            sh.set(r, 0, lab)
            sh.set(r, 1, sup)
            sh.set(r, 2, ht, fmt=fmt)
            tva = round(ht * 0.2, 2)
            if writer != "text" and rng.random() < 0.85:
                sh.set(r, 3, None, f=f"=ROUND(C{r + 1}*0.2,2)", fmt=fmt)
                sh.set(r, 4, None, f=f"=C{r + 1}+D{r + 1}", fmt=fmt)
            else:
                sh.set(r, 3, tva, fmt=fmt)
                sh.set(r, 4, round(ht + tva, 2), fmt=fmt)
            b.rates.append((sh.name, f"D{r + 1}", 0.2, [(sh.name, f"C{r + 1}")], "TVA (20 %)"))
            b.aggs.append((sh.name, f"E{r + 1}", [(sh.name, f"C{r + 1}"), (sh.name, f"D{r + 1}")], "Montant TTC"))
            for c in (2, 3, 4):
                b.amount_cells.add((sh.name, addr(r, c)))
            rows.append(r)
            r += 1
        last = r - 1
        sh.set(r, 0, "TOTAL DES DÉPENSES", bold=True)
        for c in (2, 3, 4):
            L = col_letter(c)
            sh.set(r, c, None, f=f"=SUM({L}{first + 1}:{L}{last + 1})", fmt=fmt, bold=True)
            b.aggs.append((sh.name, f"{L}{r + 1}", [(sh.name, f"{L}{x + 1}") for x in rows], "TOTAL DES DÉPENSES"))
            b.amount_cells.add((sh.name, f"{L}{r + 1}"))
        totrow = r
        ex["tot"] = f"C{r + 1}"
        ex["rows"] = rows
        amtcol, ratecol = 2, 3
        b.periods = ["Montant HT"]
        r += 2
        sh.set(r, 0, "PLAN DE FINANCEMENT PRÉVISIONNEL (sur dépenses éligibles HT)", bold=True)
        r += 1
        sh.set(r, 0, "Financeur", bold=True)
        sh.set(r, amtcol, "Montant", bold=True)
        sh.set(r, ratecol, "Taux", bold=True)
        r += 1
    else:
        b.layout = "Région/LEADER investment plan: expense table with montant HT, dépenses éligibles, dépenses non éligibles; funder table (financeur, taux, montant) whose rows add up to the eligible total"
        heads = ["Poste de dépenses", "Montant total HT", "Dépenses éligibles", "Dépenses non éligibles"]
        for c, h in enumerate(heads):
            sh.set(r, c, h, bold=True)
        r += 1
        first = r
        rows = []
        for lab, sup in exp:
            el = R(rng, 1500, 30000, 50)
            ne = rng.choice([0, 0, 0, R(rng, 200, 3000, 50)])
            sh.set(r, 0, f"{lab} ({sup})")
            sh.set(r, 2, el, fmt=fmt)
            sh.set(r, 3, ne if ne else rng.choice([0, None]), fmt=fmt)
            sh.set(r, 1, None, f=f"=C{r + 1}+D{r + 1}", fmt=fmt)
            b.aggs.append((sh.name, f"B{r + 1}", [(sh.name, f"C{r + 1}"), (sh.name, f"D{r + 1}")], "Montant total HT"))
            for c in (1, 2, 3):
                b.amount_cells.add((sh.name, addr(r, c)))
            rows.append(r)
            r += 1
        sh.set(r, 0, "TOTAL", bold=True)
        for c in (1, 2, 3):
            L = col_letter(c)
            sh.set(r, c, None, f=f"=SUM({L}{first + 1}:{L}{r})", fmt=fmt, bold=True)
            b.aggs.append((sh.name, f"{L}{r + 1}", [(sh.name, f"{L}{x + 1}") for x in rows], "TOTAL"))
            b.amount_cells.add((sh.name, f"{L}{r + 1}"))
        ex["tot"] = f"C{r + 1}"
        ex["rows"] = rows
        amtcol, ratecol = 2, 1
        b.periods = ["Dépenses éligibles", "Dépenses non éligibles"]  # B = C + D is a Total column (domain §4.7)
        r += 2
        sh.set(r, 0, "FINANCEMENT DE L'OPÉRATION", bold=True)
        r += 1
        sh.set(r, 0, "Financeurs", bold=True)
        sh.set(r, ratecol, "Taux (% du coût éligible)", bold=True)
        sh.set(r, amtcol, "Montant (€)", bold=True)
        r += 1
    ev = Evaluator(b)
    tot = ev.num(sh.name, ex["tot"])
    # rates: public aid max 80 %: FEADER 64 %, cofinanceur(s) 16 %, autofinancement 20 % (or other splits)
    split = rng.choice([[("FEADER (LEADER)", 0.64), ("Région", 0.08), ("Département", 0.08), ("Autofinancement", 0.20)],
                        [("Europe – FEADER", 0.48), ("Conseil régional", 0.20), ("Communauté de communes", 0.12), ("Autofinancement (fonds propres)", 0.20)],
                        [("FEADER", 0.60), ("Conseil départemental", 0.20), ("Autofinancement du maître d'ouvrage", 0.20)],
                        [("FEADER – mesure 19.2", 0.56), ("État (DETR)", 0.14), ("Région", 0.10), ("Autofinancement", 0.20)]])
    kinds = choose_kinds(rng, ["rate", "sum", "balance"], clean)
    fr0 = r
    fcells = []
    amts = []
    for j, (lab, t) in enumerate(split):
        last = j == len(split) - 1
        amt = round(tot * t, 2) if fmt == "eur2" else round(tot * t)
        amts.append(amt)
    diff = round(tot - sum(amts), 2)
    amts[-1] = round(amts[-1] + diff, 2)  # autofinancement takes the rounding
    rate_bad = "rate" in kinds
    badj = rng.randrange(len(split) - 1) if rate_bad else None
    for j, (lab, t) in enumerate(split):
        sh.set(r, 0, lab)
        sh.set(r, ratecol, t, fmt="pct")
        amt = amts[j]
        if j == badj:
            off = rng.choice([600, -900, 1500])
            amt += off
            b.injected.append(f"rate: {addr(r, amtcol)} '{lab}' off by {off} from {t:.0%} of eligible total")
            amts[-1] -= off  # self-financing still closes the plan
        sh.set(r, amtcol, amt, fmt=fmt)
        if j < len(split) - 1:
            b.rates.append((sh.name, addr(r, amtcol), t, [(sh.name, ex["tot"])], lab))
        b.amount_cells.add((sh.name, addr(r, amtcol)))
        fcells.append(addr(r, amtcol))
        r += 1
    if badj is not None:
        sh.set(r - 1, amtcol, amts[-1], fmt=fmt)
    sh.set(r, 0, "TOTAL" if variant == "eligible" else "TOTAL FINANCEMENT", bold=True)
    sh.set(r, amtcol, None, f=f"=SUM({fcells[0]}:{fcells[-1]})", fmt=fmt, bold=True)
    sh.set(r, ratecol, None, f=f"=SUM({addr(fr0, ratecol)}:{addr(r - 1, ratecol)})", fmt="pct", bold=True)
    ftot = addr(r, amtcol)
    b.aggs.append((sh.name, ftot, [(sh.name, x) for x in fcells], "TOTAL FINANCEMENT"))
    b.amount_cells.add((sh.name, ftot))
    b.balances.append((sh.name, ex["tot"], ftot))
    b.ambiguous.append(f"{sh.name}!{fcells[-1]}")
    b.notes.append(f"the last funder line ({fcells[-1]}, self-financing) closes the plan and absorbs rounding: its rate is not checked (ambiguous)")
    r += 2
    sh.set(r, 0, "Taux d'aide publique maximum : 80 % du coût total éligible. Autofinancement minimum : 20 %.", italic=True)
    sh.set(r + 1, 0, "Fait à ……………, le ……………   Signature du représentant légal :", italic=True)
    sh.widths.update({0: 40, 1: 26, 2: 15, 3: 15, 4: 15})
    if variant == "eligible":
        b.tot_c = {"Dépenses éligibles": (sh.name, ex["tot"])}
        b.tot_p = {"Dépenses éligibles": (sh.name, ftot)}
        b.notes.append("funders add up to the eligible column (C), not to the HT total (B): the balance is eligible total vs total financement")
    else:
        b.tot_c = [(sh.name, ex["tot"])]
        b.tot_p = [(sh.name, ftot)]
    for kd in kinds:
        if kd == "sum":
            a = rng.choice([ftot, ex["tot"]])
            old = Evaluator(b).num(sh.name, a)
            d = rng.choice([1000, -500, 2500])
            c = b.cell(sh.name, a)
            c.f, c.v = None, old + d
            b.injected.append(f"sum: {a} typed {old + d}")
        elif kd == "balance":
            a = rng.choice(fcells[:-1])
            c = b.cell(sh.name, a)
            old = c.v
            d = rng.choice([700, 1300, -600])
            c.v = old + d
            b.injected.append(f"balance: {a} changed {old} -> {old + d} (and its rate no longer holds)")
    return b


# =============================================================================== family 3: compte rendu financier (CERFA 15059)

CERFA_C = [("60 – Achats", [("Prestations de services", 2000, 9000), ("Achats matières et fournitures", 500, 4000), ("Autres fournitures", 200, 1500)]),
           ("61 – Services extérieurs", [("Locations", 1000, 6000), ("Entretien et réparation", 200, 1500), ("Assurance", 300, 1200), ("Documentation", 100, 600)]),
           ("62 – Autres services extérieurs", [("Rémunérations intermédiaires et honoraires", 500, 5000), ("Publicité, publication", 300, 2500), ("Déplacements, missions", 500, 3500), ("Services bancaires, autres", 50, 300)]),
           ("63 – Impôts et taxes", [("Impôts et taxes sur rémunération", 300, 1500)]),
           ("64 – Charges de personnel", [("Rémunération des personnels", 12000, 45000), ("Charges sociales", 5000, 18000)]),
           ("65 – Autres charges de gestion courante", [("Autres charges", 100, 800)])]


def cerfa_charges(rng, np, pos, drop=0.25, vary=0.15, ndig=100):
    groups = []
    for head, lines in CERFA_C:
        its = []
        for lab, lo, hi in lines:
            if rng.random() < drop and len(lines) > 1:
                continue
            base = R(rng, lo, hi, ndig)
            amts = [base] + [round(base * rng.uniform(1 - vary, 1 + vary) / ndig) * ndig for _ in range(np - 1)]
            its.append(I(lab, amts))
        if its:
            groups.append(G(head, its, pos))
    return groups


def fam_crf(i, rng, clean, writer):
    b = Book(f"d1_compte_rendu_financier_{i:02d}", "compte-rendu-15059", writer)
    org = rng.choice(ORGS)
    np = 2
    periods = rng.choice([["Prévision", "Réalisation"], ["Prévu", "Réalisé"], ["Budget prévisionnel", "Réalisé"], ["Prévision (€)", "Réalisation (€)"]])
    C = cerfa_charges(rng, np, rng.choice(["above", "above", "none"]))
    totc = [sum(it["amts"][k] for g in C for it in g["items"]) for k in range(np)]
    funders = [("Ville de " + rng.choice(CITIES), 0.2), ("Département", 0.15), ("Région", 0.1),
               ("État – DRAJES (FDVA)", 0.1), ("CAF", 0.08)]
    rng.shuffle(funders)
    fi = []
    for lab, sh_ in funders[: rng.randint(3, 5)]:
        base = round(totc[0] * sh_ / 100) * 100
        fi.append(I(lab, [base, base if rng.random() < 0.6 else round(base * rng.uniform(0.8, 1.0) / 100) * 100]))
    ventes = R(rng, 1000, 6000)
    P = [G("70 – Ventes de produits finis, prestations de services", [I("Participation des usagers", [ventes, round(ventes * rng.uniform(0.8, 1.2) / 100) * 100])], "above"),
         G("74 – Subventions d'exploitation", fi, "above"),
         G("75 – Autres produits de gestion courante", [I("Cotisations, dons manuels", [R(rng, 500, 3000), R(rng, 500, 3000)]),
                                                         I("Fonds propres / report de ressources", [0, 0], balance=True)], "above")]
    cv = R(rng, 2000, 9000, 100)
    cv2 = round(cv * rng.uniform(0.9, 1.2) / 100) * 100
    cvn = None
    if rng.random() < 0.6:
        cvn = dict(head_c86="86 – Emplois des contributions volontaires en nature", head_p87="87 – Contributions volontaires en nature",
                   c86=[("Mise à disposition gratuite de biens et services", [cv // 2, cv2 // 2]), ("Personnel bénévole", [cv - cv // 2, cv2 - cv2 // 2])],
                   p87=[("Bénévolat", [cv - cv // 2, cv2 - cv2 // 2]), ("Prestations en nature", [cv // 2, cv2 // 2])],
                   tot_c86="Total 86", tot_p87="Total 87", fin_c="TOTAL DES CHARGES", fin_p="TOTAL DES PRODUITS")
    spec = dict(periods=periods, charges=C, produits=P, head_c="CHARGES DIRECTES", head_p="RESSOURCES DIRECTES",
                tot_c="Total des charges directes" if cvn else "TOTAL DES CHARGES", tot_p="Total des produits directs" if cvn else "TOTAL DES PRODUITS",
                cvn=cvn, fmt="eur0", mode="formula" if writer != "opx" or rng.random() < 0.7 else "typed", agg_style=rng.choice(["sum", "plus"]))
    kinds = choose_kinds(rng, ["sum", "balance", "missing", "sumrange", "stale" if writer in ("xw", "ods") else "sum"], clean)
    kinds = list(dict.fromkeys(kinds))
    pre_inject(spec, [k for k in kinds if k in ("missing",)], rng, b)
    sh = b.sheet(rng.choice(["Compte rendu financier", "CR financier", "Annexe CRF"]))
    b.plan_sheet = sh.name
    layout_side = rng.random() < 0.35 and not cvn
    r0 = title_block(sh, rng, ["Compte rendu financier de l'action – cerfa n°15059", org,
                               f"Exercice {rng.choice(['2024', '2025'])} – action « {rng.choice(['Accompagnement scolaire', 'Ateliers numériques', 'Fête de quartier', 'Jardins partagés'])} »", None], 9 if layout_side else 6)
    if layout_side:
        b.layout = "CERFA 15059 compte rendu financier: charges (Prévision | Réalisation | %) and produits (Prévision | Réalisation | %) side by side on the same rows"
        vp = SidePlan(b, sh, spec, rng)
        vp.build(r0, lcol=0, pcols=[1, 2], lcol2=4, pcols2=[5, 6])
        pct_cols = [(1, 2, 3), (5, 6, 7)]
        sh.widths.update({0: 40, 4: 40})
    else:
        b.layout = "CERFA 15059 compte rendu financier, stacked: charges then produits, columns Prévision | Réalisation | % | explanation of the gaps" + ("; CVN 86/87 and final totals" if cvn else "")
        spec.update(lcol=0, pcols=[1, 2], rcol=4, remark_label="Explication des écarts")
        vp = VPlan(b, sh, spec, rng)
        vp.build(r0)
        pct_cols = [(1, 2, 3)]
        sh.widths.update({0: 44, 4: 40})
    # % column: réalisation / prévision, formula where prévision ≠ 0
    for (pc, rc, xc) in pct_cols:
        hdr = r0
        sh.set(hdr, xc, "%", bold=True)
        for (rr, cc), cell in list(sh.cells.items()):
            if cc == rc and rr > hdr and (cell.f or isinstance(cell.v, (int, float))) and sh.get(rr, pc) is not None:
                p = sh.get(rr, pc)
                pv = Evaluator(b).num(sh.name, addr(rr, pc))
                if abs(pv) > 0.005 and (p.f or isinstance(p.v, (int, float))):
                    sh.set(rr, xc, None, f=f"={addr(rr, rc)}/{addr(rr, pc)}", fmt="pct")
    if not layout_side:
        for it in vp.items:
            if it.get("side") == "charges" and not it.get("is_dont") and rng.random() < 0.25:
                sh.set(it["row"], 4, rng.choice(["Report d'une partie des ateliers", "Hausse des tarifs du prestataire", "Moins de participants que prévu", "Subvention notifiée inférieure"]), italic=True)
    b.periods = periods
    for kd in kinds:
        if kd in POST:
            POST[kd](b, vp, rng)
    # % cells recompute from what they reference: after a stale injection they are stale too (mechanical)
    return b


# =============================================================================== family 4: contrat de ville

def fam_cdv(i, rng, clean, writer):
    b = Book(f"d1_contrat_de_ville_{i:02d}", "contrat-de-ville", writer)
    org = rng.choice(ORGS)
    city = rng.choice(CITIES)
    qpv = rng.choice(QPV)
    np = 1
    per = rng.choice(["Montant (€)", "Montant", "Budget 2026", "Prévisionnel 2026"])
    C = cerfa_charges(rng, 1, rng.choice(["above", "none"]), drop=0.35)
    # indirect charges block sometimes
    totc = sum(it["amts"][0] for g in C for it in g["items"])
    if rng.random() < 0.4:
        C.append(G(None, [I("Frais de structure (8 % des charges directes)", [0], rate=(0.08, "direct"))]))
        totc = round(totc * 1.08)
    anct = round(totc * rng.uniform(0.25, 0.35) / 100) * 100
    d1 = round(anct * rng.uniform(0.55, 0.75) / 100) * 100
    dont = [I("dont crédits politique de la ville (BOP 147)", [d1]), I("dont adultes-relais", [anct - d1])]
    if rng.random() < 0.4:
        dont = [I("dont BOP 147 – programmation contrat de ville", [d1]), I("dont FIPD (prévention de la délinquance)", [anct - d1])]
    commune = round(totc * rng.uniform(0.15, 0.22) / 100) * 100
    caf = round(totc * rng.uniform(0.05, 0.1) / 100) * 100
    bail = round(totc * rng.uniform(0.04, 0.08) / 100) * 100
    f74 = [I("État : ANCT – politique de la ville", [anct], dont=dont),
           I("Région " + rng.choice(["Auvergne-Rhône-Alpes", "Hauts-de-France", "Grand Est", "Bretagne"]), [round(totc * 0.05 / 100) * 100]),
           I("Département", [round(totc * 0.06 / 100) * 100]),
           I("Intercommunalité : Métropole / agglomération", [round(totc * 0.04 / 100) * 100]),
           I(f"Commune de {city}", [commune]),
           I("Organismes sociaux : CAF", [caf]),
           I(rng.choice(["Bailleur social (abattement TFPB)", "Bailleurs sociaux – convention TFPB", "Bailleur : Lyon Métropole Habitat"]), [bail])]
    if rng.random() < 0.4:
        f74.append(I("Fonds européens (FSE+)", [None], ))
        f74[-1]["amts"] = [round(totc * 0.05 / 100) * 100]
    P = [G("70 – Vente de produits finis, prestations de services", [I("Participation des familles", [R(rng, 300, 2000)])], "above"),
         G("74 – Subventions d'exploitation", f74, "above"),
         G("75 – Autres produits de gestion courante", [I("dont cotisations, dons manuels ou legs", [R(rng, 200, 1500)])], "above"),
         G("Fonds propres", [I("Autofinancement / fonds associatifs", [0], balance=True)], "none")]
    cv = R(rng, 3000, 15000, 100)
    ben = cv - cv // 3
    cvn = dict(head_c86="86 – Emplois des contributions volontaires en nature", head_p87="87 – Contributions volontaires en nature",
               c86=[("Mise à disposition gratuite de biens et prestations", [cv // 3]), ("Personnel bénévole", [ben])],
               p87=[("Bénévolat", [ben]), ("Prestations en nature", [cv // 3])],
               tot_c86="Total 86", tot_p87="Total 87",
               fin_c=rng.choice(["TOTAL", "TOTAL DES CHARGES"]), fin_p=rng.choice(["TOTAL", "TOTAL DES PRODUITS"]))
    spec = dict(periods=[per], charges=C, produits=P, head_c="CHARGES", head_p="PRODUITS", repeat_header=rng.random() < 0.5,
                tot_c="TOTAL DES CHARGES", tot_p="TOTAL DES PRODUITS", cvn=cvn if rng.random() < 0.8 else None,
                fmt="eur0", mode="formula" if rng.random() < 0.75 else "typed", agg_style=rng.choice(["sum", "plus", "subtotal"]),
                lcol=rng.choice([0, 1]), indent_items=True)
    spec["pcols"] = [spec["lcol"] + 1]
    allowed = ["sum", "balance", "missing"] + (["rate"] if any(it.get("rate") for g in C for it in g["items"]) else []) + (["stale"] if writer in ("xw", "ods") and spec["mode"] == "formula" else [])
    kinds = choose_kinds(rng, allowed, clean)
    pre_inject(spec, [k for k in kinds if k in ("missing", "rate")], rng, b)
    sh = b.sheet(rng.choice(["Budget action", "Budget prévisionnel", "Annexe financière"]))
    b.plan_sheet = sh.name
    if rng.random() < 0.4:
        ins = b.sheet("Notice")
        ins.set(0, 0, "Appel à projets Contrat de ville " + rng.choice(["2024-2030", "« Engagements Quartiers 2030 »"]), bold=True)
        ins.set(2, 0, "Le budget doit être équilibré : total des charges = total des produits.")
        ins.set(3, 0, "Indiquer tous les financeurs sollicités ; préciser sous l'État la part des crédits politique de la ville.")
        ins.set(4, 0, "Les contributions volontaires en nature (comptes 86/87) figurent en bas du tableau.")
        ins.widths[0] = 90
        b.sheets.append(b.sheets.pop(0)) if rng.random() < 0.5 else None
    r0 = title_block(sh, rng, [f"BUDGET PRÉVISIONNEL DE L'ACTION – Contrat de ville de {city}", org,
                               f"Quartier prioritaire : {qpv}", "Action : " + rng.choice(["Médiation sociale de proximité", "Accès aux droits", "Ateliers sociolinguistiques", "Chantier éducatif jeunes", "Fête des voisins et animation"]), None],
                     spec["lcol"] + 2, merge=True)
    vp = VPlan(b, sh, spec, rng)
    vp.build(r0)
    b.layout = "contrat de ville action budget (CERFA-like, one amount column): account headings carrying their subtotal, many funders under 74 with 'dont' lines under the State line, bailleur social and CAF" + ("; CVN 86/87 and final totals" if spec["cvn"] else "")
    sh.widths.update({spec["lcol"]: 52, spec["lcol"] + 1: 14})
    b.periods = [per]
    for kd in kinds:
        if kd in POST:
            POST[kd](b, vp, rng)
    return b


# =============================================================================== family 5: convention pluriannuelle

def fam_pluri(i, rng, clean, writer):
    b = Book(f"d1_convention_pluriannuelle_{i:02d}", "pluriannuelle", writer)
    org = rng.choice(ORGS)
    y0 = rng.choice([2025, 2026])
    periods = rng.choice([[str(y0), str(y0 + 1), str(y0 + 2)], ["N", "N+1", "N+2"], [f"Année 1 ({y0})", f"Année 2 ({y0 + 1})", f"Année 3 ({y0 + 2})"]])
    np = 3
    staff = R(rng, 40000, 90000, 500)
    C = [G("Charges de personnel", [I("Salaires bruts", [staff, round(staff * 1.02 / 100) * 100, round(staff * 1.04 / 100) * 100]),
                                    I("Charges sociales patronales", [round(staff * 0.42 / 100) * 100, round(staff * 1.02 * 0.42 / 100) * 100, round(staff * 1.04 * 0.42 / 100) * 100]),
                                    I("Formation des salariés", [R(rng, 500, 2000), None, R(rng, 500, 2000)])], "below", "Sous-total personnel"),
         G("Fonctionnement", [I("Loyer et charges locatives", [R(rng, 6000, 12000)] * 3),
                              I("Fournitures et petit matériel", [R(rng, 800, 3000), R(rng, 800, 3000), R(rng, 800, 3000)]),
                              I("Déplacements", [R(rng, 1000, 4000), R(rng, 1000, 4000), R(rng, 1000, 4000)]),
                              I("Évaluation externe", [None, None, R(rng, 3000, 8000, 500)]),
                              I("Étude préalable", [R(rng, 2000, 6000, 500), None, None])], "below", "Sous-total fonctionnement"),
         G("Investissement", [I("Équipement informatique", [R(rng, 2000, 6000), None, None]),
                              I("Véhicule utilitaire (amortissement)", [None, R(rng, 2000, 5000), R(rng, 2000, 5000)])], "below", "Sous-total investissement")]
    tot = [sum(it["amts"][k] or 0 for g in C for it in g["items"]) for k in range(np)]
    reg = [round(t * 0.3 / 100) * 100 for t in tot]
    dep = [round(t * 0.2 / 100) * 100 for t in tot]
    P = [G("Subventions publiques", [I("Région – convention pluriannuelle d'objectifs", reg),
                                     I("Département", dep),
                                     I("Ville / EPCI", [round(t * 0.15 / 100) * 100 for t in tot]),
                                     I("État – FONJEP", [7164, 7164, 7164]),
                                     I("Appel à projets ponctuel (fondation)", [None, R(rng, 3000, 8000, 500), None])], "below", "Sous-total subventions"),
         G("Ressources propres", [I("Prestations et adhésions", [R(rng, 3000, 9000)] * 3),
                                  I("Fonds propres", [0, 0, 0], balance=True)], "below", "Sous-total ressources propres")]
    spec = dict(periods=periods, charges=C, produits=P, head_c=rng.choice(["CHARGES", "DÉPENSES"]), head_p=rng.choice(["PRODUITS", "RECETTES"]),
                tot_c="TOTAL CHARGES", tot_p="TOTAL PRODUITS", fmt=rng.choice(["eur0", "int"]),
                mode="formula", agg_style=rng.choice(["sum", "plus"]), lcol=0, pcols=[1, 2, 3], tcol=4,
                total_label=rng.choice(["Total", "Total 3 ans", "TOTAL convention"]), xt_style=rng.choice(["sum", "plus", "typed"]),
                result=rng.choice([None, "Résultat", "Solde (produits - charges)"]))
    allowed = ["cross", "cross", "sum", "balance", "result"] + (["stale"] if writer in ("xw", "ods") else [])
    kinds = list(dict.fromkeys(choose_kinds(rng, allowed, clean)))
    sh = b.sheet(rng.choice(["Budget 3 ans", "Convention", "Budget pluriannuel"]))
    b.plan_sheet = sh.name
    r0 = title_block(sh, rng, [f"Convention pluriannuelle d'objectifs {periods[0]}–{periods[-1]}", org, "Budget prévisionnel sur trois exercices", None], 5)
    vp = VPlan(b, sh, spec, rng)
    vp.build(r0)
    sh.widths.update({0: 44})
    b.layout = "multi-year convention budget: three year columns and a Total column, charges above produits with 'Sous-total' rows below their groups; some lines only in some years (blanks are zeros)"
    b.periods = periods
    b.notes.append("blank year cells on lines like 'Évaluation externe' or 'Étude préalable' are costs that fall in one year only: zeros, no missing")
    for kd in kinds:
        if kd in POST:
            POST[kd](b, vp, rng)
    return b


# =============================================================================== family 6: festival / culture

def fam_festival(i, rng, clean, writer):
    b = Book(f"d1_festival_{i:02d}", "festival", writer)
    name = rng.choice(["Festival Rock'n'Ried", "Les Nuits du Conte", "Festival Jazz en Vercors", "Fête de la Soupe", "Festival Court-Métrage Lorient",
                       "Les Arts de la Rue de Bron", "Festival Chants Marins", "Scènes d'été en Cévennes"])
    two = rng.random() < 0.35
    periods = ["Édition 2025 (réalisé)", "Édition 2026 (prévisionnel)"] if two else [rng.choice(["Budget 2026", "Montant", "Prévisionnel", "Montant TTC"])]
    np = len(periods)

    def amt(lo, hi, step=100):
        a = R(rng, lo, hi, step)
        return [a] + [round(a * rng.uniform(0.9, 1.15) / step) * step for _ in range(np - 1)]

    pos = rng.choice(["above", "below"])
    prod = not two and rng.random() < 0.8
    cachets = I("Cachets artistes", amt(6000, 25000, 500))
    if prod:
        nb = rng.randint(4, 9)
        pu = R(rng, 800, 2500, 50)
        cachets = I(f"Cachets artistes ({nb} groupes)", [0], qty=(nb, pu))
    C = [G("Artistique", [cachets, I("Droits d'auteur (SACEM / SACD)", amt(800, 3000)), I("Défraiements et hébergement des artistes", amt(1500, 6000)),
                          I("Repas et catering", amt(800, 3000))], pos, "Sous-total artistique"),
         G("Technique", [I("Location son et lumière", amt(3000, 12000)), I("Location scène / chapiteau", amt(2000, 9000)),
                         I("Régisseur et techniciens (intermittents)", amt(2000, 8000)), I("Groupe électrogène, énergie", amt(300, 1500))], pos, "Sous-total technique"),
         G("Communication", [I("Affiches et flyers", amt(500, 2500)), I("Site internet et réseaux sociaux", amt(200, 1200))], pos, "Sous-total communication"),
         G("Logistique et accueil du public", [I("Achats buvette et restauration", amt(1500, 6000)), I("Sécurité / SSIAP", amt(1000, 4000)),
                                             I("Toilettes, barrières, nettoyage", amt(600, 2500))], pos, "Sous-total logistique"),
         G("Administration", [I("Assurance manifestation", amt(300, 1200)), I("Frais bancaires et billetterie en ligne", amt(150, 600))], pos, "Sous-total administration")]
    tot = [sum((it["amts"][k] if not it.get("qty") else it["qty"][0] * it["qty"][1]) for g in C for it in g["items"]) for k in range(np)]
    if prod:
        pe = rng.choice([8, 10, 12, 15, 18])
        ne = min(rng.randint(600, 2500), int(0.3 * tot[0] / pe))
        bil = I(f"Billetterie ({ne} entrées × {pe} €)" if rng.random() < 0.3 else "Billetterie", [0], qty=(ne, pe))
    else:
        bil = I("Billetterie", amt(4000, 20000))
    propres = [bil, I("Buvette et restauration", amt(3000, 9000)), I("Vente de produits dérivés", amt(200, 1500))]
    subs = [I("DRAC (Ministère de la Culture)", [round(t * 0.1 / 100) * 100 for t in tot]),
            I("Région", [round(t * 0.1 / 100) * 100 for t in tot]),
            I("Département", [round(t * 0.08 / 100) * 100 for t in tot]),
            I("Communauté de communes", [round(t * 0.05 / 100) * 100 for t in tot]),
            I("Commune", [round(t * 0.08 / 100) * 100 for t in tot])]
    mec = [I("Mécénat entreprises locales", amt(1000, 5000)), I("Partenariat Crédit Agricole", amt(500, 3000)),
           I("Fonds propres de l'association", [0] * np, balance=True)]
    for k in range(np):
        have = sum((it["qty"][0] * it["qty"][1] if it.get("qty") else (it["amts"][k] or 0)) for it in propres + subs + mec)
        if have > tot[k] * 0.95:
            over = have - tot[k] * 0.9
            for it in subs + mec[:2]:
                it["amts"][k] = max(0, round((it["amts"][k] - over / 7) / 100) * 100)
    P = [G("Recettes propres", propres, pos, "Sous-total recettes propres"),
         G("Subventions", subs, pos, "Sous-total subventions"),
         G("Mécénat et partenariats", mec, pos, "Sous-total mécénat")]
    spec = dict(periods=periods, charges=C, produits=P, head_c=rng.choice(["DÉPENSES", "CHARGES"]), head_p=rng.choice(["RECETTES", "PRODUITS"]),
                tot_c=rng.choice(["TOTAL DÉPENSES", "TOTAL DES DÉPENSES"]), tot_p=rng.choice(["TOTAL RECETTES", "TOTAL DES RECETTES"]),
                fmt="eur0", mode="formula" if rng.random() < 0.8 else "typed", agg_style=rng.choice(["sum", "plus"]),
                lcol=0, pcols=[3, 4][:np] if prod else [1, 2][:np], qty=("Quantité", "Prix unitaire"), qcols=(1, 2) if prod else None,
                result=rng.choice(["Résultat", "RÉSULTAT (recettes − dépenses)", None]), indent_items=True)
    allowed = ["sum", "balance", "result", "sumrange"] + (["product"] if prod else []) + (["missing"]) + (["stale"] if writer in ("xw", "ods") else [])
    kinds = list(dict.fromkeys(choose_kinds(rng, allowed, clean)))
    if spec["mode"] == "typed":
        kinds = [k for k in kinds if k not in ("stale", "sumrange")] or ([] if clean else ["sum"])
    pre_inject(spec, [k for k in kinds if k in ("missing", "product")], rng, b)
    sh = b.sheet(rng.choice(["Budget festival", "BP 2026", "Budget"]))
    b.plan_sheet = sh.name
    r0 = title_block(sh, rng, [f"{name} – budget prévisionnel", rng.choice(ORGS), f"Dates : {rng.randint(1, 28)}-{rng.randint(1, 28)} juillet 2026", None], 5)
    vp = VPlan(b, sh, spec, rng)
    vp.build(r0)
    sh.widths.update({0: 42})
    b.layout = f"festival budget, subtotals {pos.upper()} their groups (artistique, technique, communication, logistique, administration; recettes propres, subventions, mécénat)" + ("; quantity × unit price columns for cachets and billetterie" if prod else "") + (f"; two editions as columns" if two else "")
    b.periods = periods
    for kd in kinds:
        if kd in POST:
            POST[kd](b, vp, rng)
    return b


# =============================================================================== family 7: transposed (periods as rows)

def fam_transposed(i, rng, clean, writer):
    b = Book(f"d1_transpose_{i:02d}", "transposed", writer)
    org = rng.choice(ORGS)
    sh = b.sheet(rng.choice(["Plan de financement", "Budget", "Synthèse annuelle"]))
    b.plan_sheet = sh.name
    kind = rng.choice(["years", "years", "quarters"])
    periods = ["2026", "2027", "2028"] if kind == "years" else ["T1 2026", "T2 2026", "T3 2026", "T4 2026"]
    if kind == "years" and rng.random() < 0.4:
        periods = ["Année 1", "Année 2", "Année 3", "Année 4"]
    ccats = rng.choice([["Personnel", "Fonctionnement", "Prestations", "Investissement"], ["Salaires et charges", "Achats", "Services extérieurs"],
                        ["Dépenses de personnel", "Frais de déplacement", "Sous-traitance", "Équipement"]])
    pcats = rng.choice([["Subvention Région", "Subvention Département", "Autofinancement"], ["FSE+", "État", "Commune", "Fonds propres"],
                        ["Subvention ADEME", "Région", "Apport de l'association"]])
    r = title_block(sh, rng, [f"Plan de financement par {'année' if kind == 'years' else 'trimestre'} – {org}", "Montants en euros", None], 3 + len(ccats) + len(pcats))
    hr = r
    c0 = 0
    cols = {}
    sh.set(hr, c0, "Période", bold=True)
    c = c0 + 1
    for x in ccats:
        sh.set(hr, c, x, bold=True)
        cols[x] = c
        c += 1
    tcc = c
    sh.set(hr, tcc, "Total dépenses", bold=True)
    c += 1
    if rng.random() < 0.5:
        c += 1  # spacer column
    for x in pcats:
        sh.set(hr, c, x, bold=True)
        cols[x] = c
        c += 1
    tpc = c
    sh.set(hr, tpc, "Total ressources", bold=True)
    c += 1
    solde = rng.random() < 0.6
    sc = c if solde else None
    if solde:
        sh.set(hr, sc, rng.choice(["Solde", "Écart ressources - dépenses"]), bold=True)
    if rng.random() < 0.4:
        sh.set(hr - 1, cols[ccats[0]], "DÉPENSES", bold=True)
        sh.set(hr - 1, cols[pcats[0]], "RESSOURCES", bold=True)
    kinds = list(dict.fromkeys(choose_kinds(rng, ["sum", "balance", "cross", "result" if solde else "sum"] + (["stale"] if writer in ("xw", "ods") else []), clean)))
    fmt = rng.choice(["eur0", "int"])
    r = hr + 1
    prow = []
    for p in periods:
        sh.set(r, c0, p)
        vals = [R(rng, 3000, 30000, 100) for _ in ccats]
        for x, v in zip(ccats, vals):
            sh.set(r, cols[x], v, fmt=fmt)
        tot = sum(vals)
        cc = [addr(r, cols[x]) for x in ccats]
        sh.set(r, tcc, None, f=f"=SUM({cc[0]}:{cc[-1]})", fmt=fmt, bold=True)
        rest = tot
        pv = []
        for x in pcats[:-1]:
            v = round(tot * rng.uniform(0.2, 0.4) / 100) * 100
            pv.append(v)
            rest -= v
        pv.append(rest)
        for x, v in zip(pcats, pv):
            sh.set(r, cols[x], v, fmt=fmt)
        pc = [addr(r, cols[x]) for x in pcats]
        sh.set(r, tpc, None, f=f"=SUM({pc[0]}:{pc[-1]})", fmt=fmt, bold=True)
        b.aggs.append((sh.name, addr(r, tcc), [(sh.name, x) for x in cc], f"Total dépenses {p}"))
        b.aggs.append((sh.name, addr(r, tpc), [(sh.name, x) for x in pc], f"Total ressources {p}"))
        b.balances.append((sh.name, addr(r, tcc), addr(r, tpc)))
        if solde:
            sh.set(r, sc, None, f=f"={addr(r, tpc)}-{addr(r, tcc)}", fmt=fmt)
            b.results.append((sh.name, addr(r, sc), (sh.name, addr(r, tpc)), (sh.name, addr(r, tcc))))
        for x in cc + pc + [addr(r, tcc), addr(r, tpc)]:
            b.amount_cells.add((sh.name, x))
        prow.append(r)
        r += 1
    sh.set(r, c0, rng.choice(["TOTAL", "Total période", "Total 3 ans" if len(periods) == 3 else "TOTAL"]), bold=True)
    allc = [cols[x] for x in ccats] + [tcc] + [cols[x] for x in pcats] + [tpc] + ([sc] if solde else [])
    for cc_ in allc:
        L = col_letter(cc_)
        sh.set(r, cc_, None, f=f"=SUM({L}{prow[0] + 1}:{L}{prow[-1] + 1})", fmt=fmt, bold=True)
        b.xtotals.append((sh.name, f"{L}{r + 1}", [(sh.name, f"{L}{x + 1}") for x in prow]))
    trow = r
    b.layout = "transposed plan: periods are ROWS (" + ", ".join(periods) + "), expense and income categories are COLUMNS, a 'Total dépenses' and 'Total ressources' column per row" + (", a Solde column" if solde else "") + ", and a TOTAL row adding the periods"
    b.periods = periods
    b.tot_c = [(sh.name, addr(x, tcc)) for x in prow]
    b.tot_p = [(sh.name, addr(x, tpc)) for x in prow]
    b.notes.append("Truth conventions for the transposed layout: sum = a row's Total dépenses/ressources vs its category cells; balance at the row's Total ressources; result at Solde; the TOTAL row adds the period rows, so it is the Total-column analogue and its checks are cross-total.")
    sh.widths.update({c0: 14})
    for kd in kinds:
        ev = Evaluator(b)
        if kd == "sum":
            rr = rng.choice(prow)
            cc_ = rng.choice([tcc, tpc])
            old = ev.num(sh.name, addr(rr, cc_))
            d = rng.choice(DELTAS)
            cell = sh.get(rr, cc_)
            cell.f, cell.v = None, old + d
            b.injected.append(f"sum: {addr(rr, cc_)} typed")
        elif kd == "balance":
            rr = rng.choice(prow)
            x = rng.choice(pcats)
            cell = sh.get(rr, cols[x])
            cell.v += rng.choice([500, -400, 1000])
            b.injected.append(f"balance: {addr(rr, cols[x])} changed")
        elif kd == "cross":
            cc_ = rng.choice(allc[:-1])
            old = ev.num(sh.name, addr(trow, cc_))
            cell = sh.get(trow, cc_)
            cell.f, cell.v = None, old + rng.choice(DELTAS)
            b.injected.append(f"cross-total: {addr(trow, cc_)} typed")
        elif kd == "result" and solde:
            rr = rng.choice(prow)
            cell = sh.get(rr, sc)
            cell.f, cell.v = None, rng.choice([500, -1200, 800])
            b.injected.append(f"result: {addr(rr, sc)} typed")
        elif kd == "stale":
            rr = rng.choice(prow)
            x = rng.choice(ccats)
            b.frozen = cached_values(b)
            sh.get(rr, cols[x]).v += rng.choice([300, 700, -200])
            b.injected.append(f"formula.stale: input {addr(rr, cols[x])} edited without recalculation")
    return b


# =============================================================================== family 8: one sheet per year + récap

def fam_years(i, rng, clean, writer):
    b = Book(f"d1_feuilles_annuelles_{i:02d}", "year-sheets", writer)
    org = rng.choice(ORGS)
    y0 = rng.choice([2025, 2026])
    years = [str(y0 + k) for k in range(rng.choice([2, 3]))]
    recap_first = rng.random() < 0.5
    sheets = {}
    lines_c = [("Salaires et charges", 30000, 60000), ("Loyer", 5000, 10000), ("Achats de fournitures", 1000, 4000),
               ("Prestations extérieures", 2000, 9000), ("Déplacements", 500, 3000), ("Communication", 500, 2500)]
    lines_p = [("Subvention Région", 0.3), ("Subvention Département", 0.2), ("Subvention Commune", 0.15), ("Participation des usagers", 0.08)]
    rows_c = lines_c[: rng.randint(4, 6)]
    fmt = rng.choice(["eur0", "int"])
    yl = {}
    recap = b.sheet(rng.choice(["Récapitulatif", "Synthèse", "RECAP"])) if recap_first else None
    ys = {}
    for y in years:
        s = b.sheet(y)
        ys[y] = s
        s.set(0, 0, f"Budget {y} – {org}", bold=True)
        s.set(2, 0, "Charges", bold=True)
        s.set(2, 1, f"Montant {y}", bold=True)
        r = 3
        cc = []
        for lab, lo, hi in rows_c:
            s.set(r, 0, lab)
            s.set(r, 1, R(rng, lo, hi), fmt=fmt)
            cc.append(r)
            b.amount_cells.add((y, addr(r, 1)))
            r += 1
        s.set(r, 0, "Total charges", bold=True)
        s.set(r, 1, None, f=f"=SUM(B{cc[0] + 1}:B{cc[-1] + 1})", fmt=fmt, bold=True)
        b.aggs.append((y, f"B{r + 1}", [(y, f"B{x + 1}") for x in cc], "Total charges"))
        tc = r
        tot = Evaluator(b).num(y, f"B{r + 1}")
        r += 2
        s.set(r, 0, "Produits", bold=True)
        r += 1
        pc = []
        rest = tot
        for lab, sh_ in lines_p:
            v = round(tot * sh_ / 100) * 100
            s.set(r, 0, lab)
            s.set(r, 1, v, fmt=fmt)
            rest -= v
            pc.append(r)
            b.amount_cells.add((y, addr(r, 1)))
            r += 1
        s.set(r, 0, "Autofinancement")
        s.set(r, 1, rest, fmt=fmt)
        b.amount_cells.add((y, addr(r, 1)))
        pc.append(r)
        r += 1
        s.set(r, 0, "Total produits", bold=True)
        s.set(r, 1, None, f=f"=SUM(B{pc[0] + 1}:B{pc[-1] + 1})", fmt=fmt, bold=True)
        b.aggs.append((y, f"B{r + 1}", [(y, f"B{x + 1}") for x in pc], "Total produits"))
        b.balances.append((y, f"B{tc + 1}", f"B{r + 1}"))
        yl[y] = dict(cc=cc, pc=pc, tc=tc, tp=r)
        s.widths[0] = 32
    if recap is None:
        recap = b.sheet(rng.choice(["Récapitulatif", "Synthèse", "RECAP"]))
    b.plan_sheet = recap.name
    recap.merge(0, 0, 0, len(years) + 1, f"Récapitulatif pluriannuel {years[0]}–{years[-1]} – {org}")
    recap.set(1, 0, "Chaque colonne reprend la feuille de l'année correspondante.", italic=True)
    hr = 3
    recap.set(hr, 0, "CHARGES", bold=True)
    for k, y in enumerate(years):
        recap.set(hr, 1 + k, y, bold=True)
    tcol = 1 + len(years)
    recap.set(hr, tcol, "Total", bold=True)
    r = hr + 1
    rc_rows = []

    def link_row(r, label, ycells, bold=False):
        recap.set(r, 0, label, bold=bold)
        cells = []
        for k, y in enumerate(years):
            recap.set(r, 1 + k, None, f=f"='{y}'!{ycells[y]}", fmt=fmt, bold=bold)
            cells.append(addr(r, 1 + k))
            b.amount_cells.add((recap.name, addr(r, 1 + k)))
        recap.set(r, tcol, None, f=f"=SUM({cells[0]}:{cells[-1]})", fmt=fmt, bold=bold)
        b.xtotals.append((recap.name, addr(r, tcol), [(recap.name, x) for x in cells]))
        return cells

    items_c = []
    for j, (lab, _, _) in enumerate(rows_c):
        items_c.append(link_row(r, lab, {y: f"B{yl[y]['cc'][j] + 1}" for y in years}))
        rc_rows.append(r)
        r += 1
    recap.set(r, 0, "TOTAL CHARGES", bold=True)
    totc = []
    for k in range(len(years)):
        L = col_letter(1 + k)
        recap.set(r, 1 + k, None, f=f"=SUM({L}{rc_rows[0] + 1}:{L}{rc_rows[-1] + 1})", fmt=fmt, bold=True)
        b.aggs.append((recap.name, f"{L}{r + 1}", [(recap.name, f"{L}{x + 1}") for x in rc_rows], "TOTAL CHARGES"))
        totc.append(f"{L}{r + 1}")
    recap.set(r, tcol, None, f=f"=SUM({totc[0]}:{totc[-1]})", fmt=fmt, bold=True)
    b.xtotals.append((recap.name, addr(r, tcol), [(recap.name, x) for x in totc]))
    tcrow = r
    r += 2
    recap.set(r, 0, "PRODUITS", bold=True)
    r += 1
    rp_rows = []
    plabels = [x[0] for x in lines_p] + ["Autofinancement"]
    for j, lab in enumerate(plabels):
        link_row(r, lab, {y: f"B{yl[y]['pc'][j] + 1}" for y in years})
        rp_rows.append(r)
        r += 1
    recap.set(r, 0, "TOTAL PRODUITS", bold=True)
    totp = []
    for k in range(len(years)):
        L = col_letter(1 + k)
        recap.set(r, 1 + k, None, f=f"=SUM({L}{rp_rows[0] + 1}:{L}{rp_rows[-1] + 1})", fmt=fmt, bold=True)
        b.aggs.append((recap.name, f"{L}{r + 1}", [(recap.name, f"{L}{x + 1}") for x in rp_rows], "TOTAL PRODUITS"))
        totp.append(f"{L}{r + 1}")
        b.balances.append((recap.name, totc[k], f"{L}{r + 1}"))
    recap.set(r, tcol, None, f=f"=SUM({totp[0]}:{totp[-1]})", fmt=fmt, bold=True)
    b.xtotals.append((recap.name, addr(r, tcol), [(recap.name, x) for x in totp]))
    tprow = r
    recap.widths[0] = 34
    b.layout = f"one sheet per year ({', '.join(years)}) with charges and produits, and a '{recap.name}' sheet whose lines are cross-sheet formulas ='YEAR'!B5, with its own SUM totals and a Total column"
    b.periods = years
    b.tot_c = [(recap.name, x) for x in totc]
    b.tot_p = [(recap.name, x) for x in totp]
    kinds = list(dict.fromkeys(choose_kinds(rng, ["sum", "balance", "cross", "stale" if writer in ("xw", "ods") else "cross", "yearsum"], clean)))
    for kd in kinds:
        ev = Evaluator(b)
        if kd == "sum":
            a = rng.choice(totc + totp)
            old = ev.num(recap.name, a)
            c = b.cell(recap.name, a)
            c.f, c.v = None, old + rng.choice(DELTAS)
            b.injected.append(f"sum: récap {a} typed")
        elif kd == "yearsum":
            y = rng.choice(years)
            a = f"B{yl[y]['tc'] + 1}"
            old = ev.num(y, a)
            c = b.cell(y, a)
            c.f, c.v = None, old + rng.choice([1000, -500, 2000])
            b.injected.append(f"sum: year sheet {y}!{a} typed")
        elif kd == "balance":
            y = rng.choice(years)
            j = rng.randrange(len(lines_p))
            c = ys[y].get(yl[y]["pc"][j], 1)
            c.v += rng.choice([600, -900, 1500])
            b.injected.append(f"balance: {y} produits line {j} changed (flows into the récap)")
        elif kd == "cross":
            rr = rng.choice(rc_rows + rp_rows)
            old = ev.num(recap.name, addr(rr, tcol))
            c = recap.get(rr, tcol)
            c.f, c.v = None, old + rng.choice(DELTAS)
            b.injected.append(f"cross-total: récap {addr(rr, tcol)} typed")
        elif kd == "stale":
            y = rng.choice(years)
            j = rng.randrange(len(rows_c))
            b.frozen = cached_values(b)
            c = ys[y].get(yl[y]["cc"][j], 1)
            c.v += rng.choice([500, 1000, -300])
            b.injected.append(f"formula.stale: {y} charges line {j} edited without recalculation")
    return b


# =============================================================================== family 9: pasted from PDF / Word (text amounts)

def fam_pasted(i, rng, clean, writer):
    b = Book(f"d1_colle_pdf_{i:02d}", "pasted-text", writer)
    org = rng.choice(ORGS)
    np = rng.choice([1, 1, 2])
    periods = ["Montant"] if np == 1 else ["Prévisionnel 2025", "Prévisionnel 2026"]
    if np == 1:
        periods = [rng.choice(["Montant", "Montant en euros", "Budget"])]
    C = cerfa_charges(rng, np, rng.choice(["above", "none"]), drop=0.4)
    for g in C:
        for it in g["items"]:
            if rng.random() < 0.12:
                it["amts"] = [0] * np  # a line the author left at zero (shows as a dash)
    totc = [sum(it["amts"][k] for g in C for it in g["items"]) for k in range(np)]
    P = [G("74 – Subventions", [I("Commune", [round(t * 0.3 / 100) * 100 for t in totc]), I("Département", [round(t * 0.2 / 100) * 100 for t in totc]),
                                I("Région", [0] * np), I("État", [round(t * 0.15 / 100) * 100 for t in totc])], rng.choice(["above", "none"])),
         G("75 – Autres produits", [I("Cotisations", [R(rng, 300, 1500)] * np), I("Fonds propres", [0] * np, balance=True)], "none")]
    style = rng.choice(["space", "space", "dot"])
    spec = dict(periods=periods, charges=C, produits=P, head_c=rng.choice(["CHARGES", "Charges"]), head_p=rng.choice(["PRODUITS", "Produits"]),
                tot_c="TOTAL DES CHARGES", tot_p="TOTAL DES PRODUITS", mode="text", dash_zero=True, label_trail=True,
                text_style=style, text_dec=rng.choice([2, 0]) if style == "space" else 0, text_sep=rng.choice(["\u00a0", " ", "\u202f"]),
                lcol=0, pcols=[1, 2][:np], indent=False)
    kinds = list(dict.fromkeys(choose_kinds(rng, ["sum", "balance", "missing"], clean)))
    pre_inject(spec, [k for k in kinds if k == "missing"], rng, b)
    sh = b.sheet(rng.choice(["Feuil1", "Sheet1", "Budget"]))
    b.plan_sheet = sh.name
    r0 = title_block(sh, rng, [f"{org} ", "BUDGET PRÉVISIONNEL DE L'ACTION ", None], 2, merge=False)
    vp = VPlan(b, sh, spec, rng)
    vp.build(r0)
    sh.widths.update({0: 50, 1: 16, 2: 16})
    b.layout = "plan pasted from a PDF/Word form: every amount is text ('12 500,00 €' with no-break spaces" + (", '12.500 €' with dot thousands" if style == "dot" else "") + "), totals typed as text, labels with trailing spaces, '—'/'-' for zero lines"
    b.periods = periods
    if style == "dot":
        b.notes.append("dot-grouped amounts like '12.500 €' are read as 12 500 (French sheet, euro sign, groups of three)")
    for kd in kinds:
        if kd in POST:
            POST[kd](b, vp, rng)
    return b


# =============================================================================== family 10: ANR / research lab budget

def fam_anr(i, rng, clean, writer):
    b = Book(f"d1_anr_recherche_{i:02d}", "anr-research", writer)
    lab = rng.choice(["UMR 5558 LBBE", "UMR 7372 CEBC", "IRIT UMR 5505", "LIRIS UMR 5205", "Institut Néel UPR 2940", "LPNC UMR 5105"])
    prog = rng.choice(["AAPG 2026 – PRC", "AAPG 2026 – JCJC", "ANR PRCE", "ANR Blanc"])
    rate = rng.choice([0.08, 0.08, 0.12])
    with_prod = rng.random() < 0.5
    prod_cols = rng.random() < 0.6
    np = 1
    per = rng.choice(["Montant demandé (€)", "Aide demandée", "Coût (€ HT)", "Montant"])
    months = rng.choice([12, 18, 24, 36])
    monthly = rng.choice([3800, 4100, 4300, 4650])
    doct = rng.choice([0, 36])
    pnp_items = [I(f"Post-doctorant ({months} mois)", [0], qty=(months, monthly)) if prod_cols else I(f"Post-doctorant ({months} mois)", [months * monthly])]
    if doct:
        pnp_items.append(I("Doctorant (36 mois)", [0], qty=(36, 3050)) if prod_cols else I("Doctorant (36 mois)", [36 * 3050]))
    if rng.random() < 0.5:
        pnp_items.append(I("Stagiaires M2 (gratifications)", [0], qty=(12, 650)) if prod_cols else I("Stagiaires M2 (gratifications)", [12 * 650]))
    groups = [G("Personnel non permanent", pnp_items, "above")]
    if with_prod:
        groups.insert(0, G("Personnel permanent (pour information, non financé)", [I("Chercheurs et enseignants-chercheurs", [R(rng, 40000, 120000, 1000)])], "above"))
        groups[0]["nobase"] = True
    groups += [G("Fonctionnement", [I("Missions (congrès, terrain)", [R(rng, 4000, 15000, 500)]), I("Consommables de laboratoire", [R(rng, 3000, 25000, 500)]),
                                     I("Prestations de service (séquençage, analyses)", [R(rng, 2000, 20000, 500)]), I("Publications en accès ouvert", [R(rng, 1000, 4000, 500)])], "above"),
               G("Équipement", [I("Équipement > 4 000 € HT", [R(rng, 0, 40000, 1000) or 12000])], "above")]
    C = [dict(g) for g in groups]
    spec_groups = C + [G(None, [I(f"Frais de gestion ({int(rate * 100)} %)" if rng.random() < 0.5 else f"Frais d'environnement / de gestion ({int(rate * 100)} % des dépenses éligibles)", [0], rate=(rate, "direct"))])]
    if with_prod:
        # permanent staff is not in the base of the ANR fee; the fee line is on eligible (marginal) costs: base = groups after the first
        pass
    P = None
    if with_prod:
        P = [G(None, [I("Aide ANR demandée", [0], balance=True), I("Apport de l'établissement (personnel permanent)", [0]),
                      I("Autres financements (Labex, Région)", [R(rng, 0, 15000, 1000) or 5000])])]
    spec = dict(periods=[per], charges=spec_groups, produits=P or [G(None, [])], head_c="DÉPENSES", head_p="FINANCEMENT",
                tot_c=rng.choice(["COÛT TOTAL DU PROJET", "TOTAL", "Montant total"]) if with_prod else rng.choice(["MONTANT DE L'AIDE DEMANDÉE", "TOTAL AIDE DEMANDÉE", "Total"]),
                tot_p="TOTAL FINANCEMENT", fmt=rng.choice(["eur0", "eur2"]), mode="formula", agg_style=rng.choice(["sum", "plus"]),
                lcol=0, pcols=[3] if prod_cols else [1], qty=("Nb mois", "Coût mensuel"), qcols=(1, 2) if prod_cols else None, indent_items=True,
                rate_formula=rng.random() < 0.6)
    # the permanent-staff amount is mirrored in produits
    if with_prod:
        P[0]["items"][1]["amts"] = list(groups[0]["items"][0]["amts"])
    allowed = ["rate", "sum", "missing"] + (["product"] if prod_cols else []) + (["balance"] if with_prod else []) + (["stale"] if writer in ("xw", "ods") else [])
    kinds = list(dict.fromkeys(choose_kinds(rng, allowed, clean)))
    pre_inject(spec, [k for k in kinds if k in ("missing", "rate", "product")], rng, b)
    sh = b.sheet(rng.choice(["Budget ANR", "Annexe financière", "Partenaire 1"]))
    b.plan_sheet = sh.name
    r0 = title_block(sh, rng, [f"{prog} – document de financement", f"Partenaire : {lab}", "Financement à coût marginal" if not with_prod else "Coût complet et aide demandée", None], 4)
    if with_prod:
        vp = VPlan(b, sh, spec, rng)
        # rate base must exclude permanent staff: patch resolve by marking
        vp.build(r0)
    else:
        vp = ExpenseOnly(b, sh, spec, rng)
        vp.build(r0)
    if with_prod:
        b.notes.append("the management fee is a % of the eligible (marginal) costs: permanent staff, shown for information, is not in its base")
    sh.widths.update({0: 46})
    b.layout = "ANR-style research budget: personnel permanent (info) / non permanent (months × monthly cost), fonctionnement, équipement, frais de gestion at a flat % of the eligible costs" + (", coût complet with a financing block" if with_prod else ", expense-only: the total is the aid requested")
    b.periods = [per]
    for kd in kinds:
        if kd in POST:
            POST[kd](b, vp, rng)
    return b


class ExpenseOnly(VPlan):
    def build(self, r0):
        s = self.s
        self.known = {}
        self.resolve()
        r = r0
        self.header(r, s.get("head_c", "DÉPENSES"))
        r += 1
        rows = self.section_rows("charges")
        r = self.write_section("charges", rows, r)
        topc = self.fill_section("charges")
        self.totc = self.total_row(r, s.get("tot_c"), topc, "charges")
        self.b.tot_c = [(self.sh.name, a) for a in self.totc]
        self.b.tot_p = None
        return r + 1


def resolve_anr_fix():
    """The ANR fee base excludes permanent staff: patch VPlan.resolve via a marker on the group."""


# =============================================================================== driver

FAMILIES = [("emplois", fam_emplois, 9), ("leader", fam_leader, 8), ("crf", fam_crf, 8), ("cdv", fam_cdv, 9),
            ("pluri", fam_pluri, 8), ("festival", fam_festival, 9), ("transposed", fam_transposed, 7),
            ("years", fam_years, 7), ("pasted", fam_pasted, 8), ("anr", fam_anr, 8)]

WRITERS = ["xw", "xw", "ods", "opx", "xw", "xw2ods", "ods", "xw", "opx"]


def soffice(args):
    subprocess.run(["soffice", "--headless", "--norestore"] + args, check=True, capture_output=True, timeout=900)


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    tmp = os.path.join(HERE, "tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    books = []
    for fname, fn, n in FAMILIES:
        for i in range(1, n + 1):
            seed = hash_seed(fname, i)
            rng = random.Random(seed)
            clean = rng.random() < 0.4
            writer = WRITERS[(i * 7 + len(fname)) % len(WRITERS)]
            b = fn(i, rng, clean, writer)
            b.clean_intended = clean
            if not clean:
                assert b.injected, b.name
            books.append(b)
    opx, conv = [], []
    for b in books:
        F, ev = check(b)
        b.findings = F
        if b.writer == "xw":
            b.file = b.name + ".xlsx"
            write_xlsxwriter(b, os.path.join(OUT, b.file))
        elif b.writer == "ods":
            b.file = b.name + ".ods"
            write_odfpy(b, os.path.join(OUT, b.file))
        elif b.writer == "opx":
            assert not b.frozen
            b.file = b.name + ".xlsx"
            write_openpyxl(b, os.path.join(tmp, b.file))
            opx.append(os.path.join(tmp, b.file))
        elif b.writer == "xw2ods":
            assert not b.frozen
            b.file = b.name + ".ods"
            os.makedirs(os.path.join(tmp, "x2o"), exist_ok=True)
            write_xlsxwriter(b, os.path.join(tmp, "x2o", b.name + ".xlsx"))
            conv.append(os.path.join(tmp, "x2o", b.name + ".xlsx"))
    if opx:
        soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", OUT] + opx)
    if conv:
        soffice(["--convert-to", "ods", "--outdir", OUT] + conv)
    for b in books:
        assert os.path.exists(os.path.join(OUT, b.file)), b.file
        ev = Evaluator(b)
        truth = dict(file=b.file, language="fr", sheet=b.plan_sheet, layout=b.layout, periods=b.periods,
                     totals=totals_values(b, ev), findings=b.findings,
                     ambiguous=b.ambiguous, notes=" ".join(b.notes + ["Injected: " + "; ".join(b.injected) if b.injected else "Clean by construction."]),
                     family=b.family, producer={"xw": "XlsxWriter", "ods": "odfpy", "opx": "openpyxl + LibreOffice recalculation", "xw2ods": "XlsxWriter -> LibreOffice ods"}[b.writer],
                     structure=dict(aggregates=[[s, a, [f"{x[0]}!{x[1]}" for x in comps]] for s, a, comps, _ in b.aggs],
                                    balances=[list(x) for x in b.balances],
                                    results=[[s, a, f"{p[0]}!{p[1]}", f"{c[0]}!{c[1]}"] for s, a, p, c in b.results],
                                    rates=[[s, a, pct, [f"{x[0]}!{x[1]}" for x in base]] for s, a, pct, base, _ in b.rates],
                                    products=[list(x) for x in b.products],
                                    cross_totals=[[s, a, [f"{x[0]}!{x[1]}" for x in comps]] for s, a, comps in b.xtotals]))
        with open(os.path.join(OUT, b.file + ".truth.json"), "w") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)
    shutil.rmtree(tmp, ignore_errors=True)
    nclean = sum(1 for b in books if not [f for f in b.findings if f["rule"] != "text-number"])
    print(f"{len(books)} workbooks, {nclean} clean, {len(books) - nclean} with findings")


def hash_seed(name, i):
    import hashlib
    return int(hashlib.sha256(f"unseenD1/{name}/{i}".encode()).hexdigest()[:12], 16)


if __name__ == "__main__":
    main()
