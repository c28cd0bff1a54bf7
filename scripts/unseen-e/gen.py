#!/usr/bin/env python3
"""Held-out set E: 10 families of financing-plan workbooks with hand-made truth.
Usage: python3 gen.py   (writes set/NAME.xlsx|ods + NAME.<ext>.truth.json; deterministic, seed 20250611)"""
import json, os, random, shutil, subprocess, sys, glob
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from core import *
from writers import write_xlsxwriter, write_openpyxl, write_odf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'set')
TMP = '/tmp/unseenE_tmp'

def R(rng, lo, hi, step=10):
    return rng.randrange(lo // step, hi // step + 1) * step

# ------------------------------------------------------------------ injections
class Ctx:
    def __init__(self, rng, lang, producer):
        self.rng, self.lang, self.producer = rng, lang, producer
        self.missing, self.texts, self.amb, self.notes = [], [], [], []
        self.kinds = []

def parents(plan):
    par = {}
    for rec in plan.recs:
        if rec['kind'] == 'agg':
            for k in rec['kids']:
                par[k] = rec['key']
    return par

def digit_delta(rng, x):
    x = int(round(abs(x)))
    s = str(x)
    if len(s) >= 3 and rng.random() < 0.5:
        i = rng.randrange(len(s) - 1)
        if s[i] != s[i + 1]:
            t = s[:i] + s[i + 1] + s[i] + s[i + 2:]
            return int(t) - x
    return rng.choice([100, 200, 500, 1000, -100, -300, 1500, 250])

def inject(ctx, plan, kind, income_keys=(), balancing=None):
    """Apply one injection on the plan's records (before finalize). Returns True if applied."""
    rng = ctx.rng
    recs = plan.recs
    par = parents(plan)
    P = list(range(plan.np))
    if kind == 'sum_omit':
        cands = [r for r in recs if r['kind'] == 'agg' and len(r['kids']) >= 2 and r['omit'] is None
                 and all(plan.by[k]['kind'] in ('item', 'prod', 'agg', 'rate') for k in r['kids'])]
        cands = [r for r in cands if not r.get('noinject')]
        if not cands:
            return False
        r = rng.choice(cands)
        kid = rng.choice([k for k in r['kids'] if all(plan.mval(k, p) for p in P if plan.by[k]['kind'] != 'prod')] or r['kids'])
        r['omit'] = kid
        return True
    if kind == 'sum_typo':
        cands = [r for r in recs if r['kind'] == 'agg' and not r.get('noinject')]
        if not cands:
            return False
        r = rng.choice(cands)
        p = rng.choice(P)
        v = plan.mval(r['key'], p)
        if not v:
            return False
        r['ov'][p] = v + digit_delta(rng, v)
        return True
    if kind == 'balance':
        cands = [k for k in income_keys if k != balancing and plan.by[k]['kind'] == 'item']
        if not cands:
            return False
        k = rng.choice(cands)
        rec = plan.by[k]
        p = rng.choice([p for p in P if p < len(rec['vals']) and rec['vals'][p]] or [0])
        if p >= len(rec['vals']) or not rec['vals'][p]:
            return False
        rec['vals'][p] += rng.choice([500, 1000, -1000, 2000, 250, -500, 1200])
        return True
    if kind == 'result':
        cands = [r for r in recs if r['kind'] == 'result']
        if not cands:
            return False
        r = cands[0]
        p = rng.choice(P)
        r['ov'][p] = rng.choice([150, -420, 1000, 75, -1200])
        return True
    if kind == 'rate':
        cands = [r for r in recs if r['kind'] == 'rate' and not r.get('nocheck')]
        if not cands:
            return False
        r = rng.choice(cands)
        p = rng.choice(P)
        v = plan.mval(r['key'], p)
        if not r['typed'] and rng.random() < 0.5:
            # formula with a rate that does not match the label
            r['pct_formula'] = round(r['pct'] + rng.choice([0.01, 0.02, -0.01, 0.05]), 4)
            if abs(plan.mval(r['key'], p) * (r['pct_formula'] / r['pct'] - 1)) <= 1:
                r.pop('pct_formula')
                return False
        else:
            r['ov'][p] = v + rng.choice([300, -250, 1000, 120, -90 if v > 200 else 60])
        return True
    if kind == 'product':
        cands = [r for r in recs if r['kind'] == 'prod']
        if not cands:
            return False
        r = rng.choice(cands)
        v = r['q'] * r['u']
        r['ov'][0] = v + rng.choice([100, -200, 500, 1000, -50 if v > 100 else 30, r['u']])
        return True
    if kind == 'cross':
        if plan.tot_col is None:
            return False
        cands = [r for r in recs if r['kind'] == 'item' and sum(1 for p in P if p < len(r['vals']) and r['vals'][p]) >= 1]
        if not cands:
            return False
        r = rng.choice(cands)
        s = sum(plan.mval(r['key'], p) for p in P)
        r['tot_ov'] = s + rng.choice([200, -100, 1000, 500, -1500])
        return True
    if kind == 'missing_total':
        if plan.tot_col is None:
            return False
        cands = [r for r in recs if r['kind'] == 'item' and all(p < len(r['vals']) and r['vals'][p] for p in P)]
        if not cands:
            return False
        r = rng.choice(cands)
        r['tot_blank'] = True
        ctx.missing.append((plan.sheet, (r['row'], plan.tot_col), f"Total-column cell of '{r['label']}' left blank while the other rows carry their total"))
        return True
    if kind == 'missing':
        # an item loses its amount in one period (placeholder or blank); the amount moves to a sibling
        cands = []
        for r in recs:
            if r['kind'] != 'item' or r['key'] == balancing or r['key'] not in par or r.get('noinject'):
                continue
            sibs = [k for k in plan.by[par[r['key']]]['kids'] if k != r['key'] and plan.by[k]['kind'] == 'item']
            if not sibs:
                continue
            if all(p < len(r['vals']) and r['vals'][p] for p in P):
                cands.append((r, sibs))
        if not cands:
            return False
        r, sibs = rng.choice(cands)
        p = rng.choice(P)
        sib = plan.by[rng.choice(sibs)]
        if p >= len(sib['vals']) or sib['vals'][p] is None:
            return False
        sib['vals'][p] += r['vals'][p]
        r['vals'][p] = None
        ph = '€' if ctx.lang == 'fr' else rng.choice(['£', '$', '€']) if False else ('€' if plan.book.currency == '€' else plan.book.currency)
        r['blank'][p] = ph if (plan.np == 1 or rng.random() < 0.5) else ''
        ctx.missing.append((plan.sheet, (r['row'], plan.amt_cols[p]),
                            f"'{r['label']}' has no amount ({'placeholder ' + repr(ph) if r['blank'][p] else 'blank'}) in this period while its other cells / the plan's lines are filled"))
        return True
    if kind == 'stale':
        if ctx.producer not in ('xlsxwriter', 'odf'):
            return False
        cands = []
        for r in recs:
            typed = r['typed']
            if r['kind'] in ('agg', 'prod', 'rate') and typed is False and not r['ov']:
                cands.append(('amt', r))
            if plan.tot_col is not None and r.get('tot_typed') is False and r['tot_ov'] is None and r['kind'] == 'item' and not r['tot_blank']:
                cands.append(('tot', r))
        if not cands:
            return False
        where, r = rng.choice(cands)
        d = rng.choice([100, 250, -200, 1000, 60, -500])
        if where == 'amt':
            p = rng.choice(P)
            r['stale'][p] = d
        else:
            r['tot_stale'] = d
        return True
    raise ValueError(kind)

def set_modes(plan, mode, rng):
    """mode: formula | typed | mixed — which computed cells are formulas."""
    for r in plan.recs:
        if r['kind'] in ('agg', 'rate', 'prod', 'result'):
            if mode == 'formula':
                r['typed'] = False
            elif mode == 'typed':
                r['typed'] = True
            else:
                r['typed'] = rng.random() < 0.4
        if mode == 'formula':
            r['tot_typed'] = False
        elif mode == 'typed':
            r['tot_typed'] = True
        else:
            r['tot_typed'] = rng.random() < 0.3

def choose_kinds(rng, avail, clean):
    if clean:
        return []
    n = rng.choices([1, 2, 3], [0.5, 0.35, 0.15])[0]
    avail = list(avail)
    rng.shuffle(avail)
    return avail[:n]

def title_block(sh, lines, row=0, col=0, merge_to=None):
    for i, (txt, st) in enumerate(lines):
        sh.put(row + i, col, txt, st)
        if merge_to is not None and st == 'title':
            sh.merge(row + i, col, row + i, merge_to)
    return row + len(lines)

def header(sh, row, cols_labels, style='h'):
    for c, l in cols_labels:
        sh.put(row, c, l, style)


# ================================================================== families
COMMUNES = ['Villeurbanne', 'Saint-Herblain', 'Montreuil', 'Pessac', 'Quimper', 'Vénissieux', 'Colomiers', 'Annecy', 'Bourges', 'Lorient']
ASSOS = ['Les Jardins Partagés', 'Lire et Faire Lire', 'Espace Jeunes du Centre', 'Amicale Laïque', 'Compagnie du Petit Pont',
         'Solidarité Quartiers', 'Club Léo Lagrange', 'Atelier Vélo Solidaire', 'La Boussole', 'Maison des Familles']

def fam_commune(rng, i, lang):
    """1. Dossier de demande de subvention d'une commune: 'Budget de l'association' + 'Budget de l'action'."""
    book = Book(); book.currency = '€'
    commune, asso = COMMUNES[i % len(COMMUNES)], ASSOS[(i * 3) % len(ASSOS)]
    year = 2025 + (i % 2)
    out = []
    if rng.random() < 0.5:
        ins = book.sheet('Notice')
        title_block(ins, [(f"VILLE DE {commune.upper()} – DOSSIER DE DEMANDE DE SUBVENTION {year}", 'title'),
                          ("Remplir les deux onglets : budget de l'association (exercice complet) et budget de l'action.", None),
                          ("Le budget doit être présenté en équilibre. Indiquer les montants en euros, sans centimes.", None),
                          ("Les contributions volontaires en nature peuvent être valorisées en annexe.", None)])
        ins.widths[0] = 90
    for which in ('asso', 'action'):
        name = "Budget de l'association" if which == 'asso' else "Budget de l'action"
        if rng.random() < 0.3:
            name = name.replace("Budget de l'", 'Budget ').replace('association', 'association').replace('action', 'action')
        sh = book.sheet(name)
        lc = rng.choice([0, 1])
        two = which == 'asso' and rng.random() < 0.5
        amt = [lc + 1, lc + 2] if two else [lc + 1]
        sh.widths[lc] = 48
        plan = Plan(book, name, lc, amt, rem_col=(amt[-1] + 1 if which == 'action' and rng.random() < 0.5 else None))
        r0 = title_block(sh, [(f"Ville de {commune} – Demande de subvention {year}", 'title'),
                              (f"Association : {asso}", 'b'),
                              ((f"BUDGET PRÉVISIONNEL DE L'ASSOCIATION – exercice {year}" if which == 'asso'
                                else f"BUDGET PRÉVISIONNEL DE L'ACTION « {rng.choice(['Été en fête', 'Accompagnement scolaire', 'Ateliers numériques', 'Jardins au pied des tours', 'Sorties familles'])} »"), 'b')],
                         row=0, col=lc, merge_to=amt[-1])
        plan.row = r0 + rng.choice([1, 2])
        hdr = [(lc, 'CHARGES')]
        per = ([f"Réalisé {year - 1}", f"Prévisionnel {year}"] if two else [rng.choice(['Montant', 'Montant en €', f'Budget {year}', 'Prévisionnel'])])
        for c, l in zip(amt, per):
            hdr.append((c, l))
        if plan.rem_col:
            hdr.append((plan.rem_col, 'Précisions'))
            sh.widths[plan.rem_col] = 34
        header(sh, plan.row, hdr); plan.row += 1
        k = 1.0 if which == 'asso' else rng.choice([0.12, 0.2, 0.3])
        def v(lo, hi):
            base = R(rng, int(lo * k) + 10, int(hi * k) + 20)
            return [round(base * rng.uniform(0.85, 1.0) / 10) * 10, base] if two else [base]
        numbered = rng.random() < 0.6
        def N(n, lab):
            return f"{n} - {lab}" if numbered else lab
        ch = []
        above = rng.random() < 0.6
        G = lambda lab, fn: plan.group(lab if above else 'Total ' + lab, fn, above)
        ch.append(G(N(60, 'Achats'), lambda: [plan.item('Prestations de services', v(2000, 9000)),
               plan.item('Achats matières et fournitures', v(800, 4000)), plan.item('Autres fournitures', v(200, 1500))]))
        ch.append(G(N(61, 'Services extérieurs'), lambda: [plan.item('Locations', v(1000, 6000)),
               plan.item('Entretien et réparation', v(200, 1500)), plan.item('Assurance', v(300, 1200))]))
        ch.append(G(N(62, 'Autres services extérieurs'), lambda: [plan.item('Rémunérations intermédiaires et honoraires', v(500, 3000)),
               plan.item('Publicité, publication', v(200, 1500)), plan.item('Déplacements, missions', v(300, 2500))]))
        ch.append(plan.item(N(63, 'Impôts et taxes'), v(100, 800)))
        k64 = []
        def f64():
            k64.extend([plan.item('Rémunération des personnels', v(15000, 60000)), plan.item('Charges sociales', v(5000, 25000))])
            return k64
        ch.append(G(N(64, 'Charges de personnel'), f64))
        ch.append(plan.item(N(65, 'Autres charges de gestion courante'), v(100, 900)))
        if which == 'asso':
            ch.append(plan.item(N(68, 'Dotations aux amortissements'), v(300, 2500)))
        plan.charges_total = plan.agg('TOTAL DES CHARGES', ch, bold=True)
        plan.skip(1)
        hdr = [(lc, 'PRODUITS')] + [(c, l) for c, l in zip(amt, per)]
        header(sh, plan.row, hdr); plan.row += 1
        pr = []
        pr.append(plan.item(N(70, 'Vente de produits finis, prestations de services'), v(1000, 8000)))
        funders = [('État : ' + rng.choice(['DRAJES', 'ANCT – Politique de la ville', 'DDETS']), (2000, 15000)),
                   ('Région', (1000, 8000)), ('Département', (1000, 10000)),
                   (f'Commune de {commune}', (3000, 20000)), ('CAF', (1000, 9000))]
        k74, k75 = [], []
        def f74():
            k74.extend(plan.item(f, v(*b)) for f, b in funders[: rng.choice([3, 4, 5])])
            return k74
        pr.append(G(N(74, "Subventions d'exploitation"), f74))
        def f75():
            k75.extend([plan.item('dont cotisations', v(500, 4000)), plan.item('dont dons manuels', v(200, 3000))])
            return k75
        pr.append(plan.group(N(75, 'Autres produits de gestion courante'), f75, True))
        bal = plan.item(N(77 if which == 'asso' else 'Fonds propres', 'Fonds propres / report') if False else ('Fonds propres' if which == 'action' else N(78, 'Reprises sur provisions et fonds propres')), [0] * plan.np)
        pr.append(bal)
        plan.produits_total = plan.agg('TOTAL DES PRODUITS', pr, bold=True)
        if rng.random() < 0.6:
            plan.skip(rng.choice([0, 1]))
            plan.result('Résultat (excédent / déficit)', plan.produits_total, plan.charges_total)
        # balance
        for p in range(plan.np):
            gap = plan.mval(plan.charges_total, p) - plan.mval(plan.produits_total, p)
            if gap < 0:
                plan.by[k74[0]]['vals'][p] += gap - 500
                gap = 500
            plan.by[bal]['vals'][p] = gap
        if plan.rem_col:
            plan.by[k64[0]]['rem'] = rng.choice(['1 ETP animateur + 0,3 ETP coordination', 'agents mobilisés sur l\'action au prorata'])
        plan.row += 1
        sh.put(plan.row, lc, f"Date et signature du représentant légal : ……… le ../../{year}", 'note')
        out.append(dict(plan=plan, income=k74 + k75 + [pr[0]], bal=bal))
    inject_on = out[1] if rng.random() < 0.75 else out[0]
    meta = dict(layout="commune subsidy file: two vertical CHARGES/PRODUITS plans (association year, action), CERFA account numbers as aggregates above? no: aggregates follow their lines' heading row",
                main=out[1]['plan'], inject=[inject_on], all=out)
    meta['layout'] = ("commune 'dossier de demande de subvention': sheets \"Budget de l'association\" (whole year"
                      + (", two columns réalisé/prévisionnel" if out[0]['plan'].np == 2 else "") + ") and \"Budget de l'action\"; vertical CHARGES then PRODUITS, account aggregates (60, 61, 62, 64, 74, 75) placed after their lines, result line on some")
    return book, meta

def fam_film(rng, i, lang):
    """2. Film / theatre production budget: numbered postes with sub-postes, sous-totaux, imprévus 10 %, financing plan."""
    book = Book(); book.currency = '€' if lang == 'fr' else rng.choice(['£', '€'])
    fr = lang == 'fr'
    kind = rng.choice(['film', 'film', 'théâtre']) if fr else rng.choice(['film', 'theatre'])
    name = 'Devis' if fr else 'Budget'
    if rng.random() < 0.4:
        name = 'Devis de production' if fr else 'Production budget'
    sh = book.sheet(name)
    lc = rng.choice([1, 2]); cc = lc - 1
    prodcols = rng.random() < 0.6
    if prodcols:
        qc, uc, ac = lc + 1, lc + 2, lc + 3
    else:
        qc = uc = None; ac = lc + rng.choice([1, 2])
    sh.widths[lc] = 44
    plan = Plan(book, name, lc, [ac], code_col=cc, qty_col=qc, up_col=uc)
    title = (f"DEVIS DE PRODUCTION – {rng.choice(['« La Dernière Marée »', '« Les Heures Claires »', '« Nos Frontières »', '« Le Bal des Lucioles »'])}" if fr and kind == 'film'
             else f"BUDGET DE PRODUCTION – {rng.choice(['« Hamlet, variations »', '« La Cerisaie »', '« Les Bonnes »'])} (création {2025 + i % 2})" if fr
             else "PRODUCTION BUDGET – " + rng.choice(['"Low Tide"', '"The Glass Orchard"', '"Northern Lights"']) + (' (short film)' if kind == 'film' else ' (touring production)'))
    r0 = title_block(sh, [(title, 'title'),
                          ((f"Producteur délégué : {rng.choice(['Les Films du Parvis', 'Mille Rives Productions', 'Cie La Traverse'])} – version du {rng.randint(1, 28)}/0{rng.randint(1, 9)}/{2025}") if fr
                           else f"Producer: {rng.choice(['Harbour Lights Films Ltd', 'Blue Door Theatre Company', 'Kestrel Pictures'])} – draft {rng.randint(2, 5)}", 'subtitle')],
                     row=0, col=cc, merge_to=ac)
    plan.row = r0 + 1
    hdr = [(cc, 'N°' if fr else 'Code'), (lc, 'Poste' if fr else 'Item')]
    if prodcols:
        hdr += [(qc, rng.choice(['Qté', 'Quantité', 'Nb']) if fr else rng.choice(['Qty', 'Units'])), (uc, 'Prix unitaire' if fr else rng.choice(['Rate', 'Unit cost']))]
    per = rng.choice(['Montant HT', 'Total', 'Montant']) if fr else rng.choice(['Total', 'Amount', 'Budget'])
    hdr.append((ac, per))
    header(sh, plan.row, hdr); plan.row += 1
    if fr and kind == 'film':
        postes = [('Droits artistiques', [('Droits d\'auteur scénario', 1, (8000, 40000)), ('Droits de réalisation', 1, (5000, 25000)), ('Droits musicaux', 1, (1000, 6000))]),
                  ('Personnel', [('Réalisateur (semaines)', 8, (1200, 2500)), ('Équipe technique (semaines)', 7, (4000, 9000)), ('Régie', 6, (900, 1800))]),
                  ('Interprétation', [('Rôles principaux (cachets)', 30, (300, 700)), ('Seconds rôles', 20, (200, 400)), ('Figuration', 60, (90, 140))]),
                  ('Charges sociales', [('Charges sur salaires techniciens', 1, (10000, 40000)), ('Charges sur salaires artistes', 1, (5000, 20000))]),
                  ('Décors et costumes', [('Construction décors', 1, (5000, 30000)), ('Costumes, HMC', 1, (2000, 12000))]),
                  ('Transports, défraiements, régie', [('Transports', 1, (2000, 9000)), ('Hébergement (nuitées)', 180, (55, 90)), ('Repas (nb)', 900, (14, 20))]),
                  ('Moyens techniques', [('Caméra, machinerie (semaines)', 6, (2500, 6000)), ('Lumière (semaines)', 6, (1500, 4000))]),
                  ('Post-production', [('Montage image (semaines)', 10, (1500, 2600)), ('Son, mixage', 1, (4000, 15000)), ('Étalonnage', 1, (3000, 12000))]),
                  ('Assurances et divers', [('Assurances production', 1, (2000, 8000)), ('Frais juridiques', 1, (1000, 5000))]),
                  ('Frais généraux', [('Frais généraux de la société', 1, (3000, 15000))])]
    elif fr:
        postes = [('Droits', [('Droits d\'auteur (SACD)', 1, (2000, 8000)), ('Traduction / adaptation', 1, (1000, 4000))]),
                  ('Artistes', [('Comédiens (services)', 120, (130, 200)), ('Musiciens', 30, (150, 220))]),
                  ('Équipe technique', [('Régie générale (jours)', 40, (180, 260)), ('Lumière (jours)', 30, (170, 240))]),
                  ('Charges sociales', [('Charges sociales sur salaires', 1, (8000, 25000))]),
                  ('Décor', [('Construction du décor', 1, (4000, 18000)), ('Accessoires', 1, (500, 3000))]),
                  ('Costumes', [('Création costumes', 1, (2000, 9000))]),
                  ('Répétitions', [('Location salle de répétition (semaines)', 6, (400, 900))]),
                  ('Déplacements et défraiements', [('Transport équipe', 1, (1500, 6000)), ('Défraiements (jours × personnes)', 150, (20, 40))]),
                  ('Communication', [('Teaser, photos', 1, (800, 3000)), ('Impression affiches, programmes', 1, (500, 2500))]),
                  ('Frais de structure', [('Administration de production', 1, (2000, 9000))])]
    else:
        postes = [('Story & Rights', [('Option and rights', 1, (1000, 8000)), ('Writer fee', 1, (2000, 10000))]),
                  ('Producers & Director', [('Producer fee', 1, (2000, 9000)), ('Director fee', 1, (2000, 9000))]),
                  ('Cast', [('Lead cast (days)', 20, (150, 400)), ('Supporting cast (days)', 15, (100, 250))]),
                  ('Crew', [('Heads of department (weeks)', 12, (900, 1800)), ('Assistants (weeks)', 10, (500, 900))]),
                  ('Equipment', [('Camera package (days)', 12, (300, 800)), ('Lighting & grip (days)', 12, (200, 600))]),
                  ('Locations & Travel', [('Location fees', 1, (1000, 6000)), ('Travel & accommodation', 1, (1000, 7000))]),
                  ('Production Design', [('Set & props', 1, (1000, 8000)), ('Costume & make-up', 1, (500, 4000))]),
                  ('Post-production', [('Edit (weeks)', 6, (700, 1500)), ('Grade & sound mix', 1, (2000, 9000))]),
                  ('Music', [('Composer', 1, (1000, 6000))]),
                  ('Insurance, Legal & Overheads', [('Production insurance', 1, (800, 4000)), ('Legal & accounting', 1, (800, 4000))])]
    sub_above = rng.random() < 0.5
    postes_keys = []
    for n, (pl, items) in enumerate(postes, 1):
        def mk(n=n, items=items):
            ks = []
            for m, (il, q, (lo, hi)) in enumerate(items, 1):
                if prodcols and q > 1:
                    u = R(rng, lo, hi, 5 if hi < 300 else 10)
                    ks.append(plan.prod(il, q, u, code=f"{n}.{m}"))
                else:
                    ks.append(plan.item(il, R(rng, lo, hi, 100), code=f"{n}.{m}", extra={qc: 1} if prodcols and False else {}))
            return ks
        if sub_above:
            postes_keys.append(plan.group(f"{n}. {pl.upper()}" if rng.random() < 0.7 else pl.upper(), mk, True, code=str(n)))
        else:
            sh.put(plan.row, cc, str(n), 'b'); sh.put(plan.row, lc, pl.upper(), 'b'); plan.row += 1
            postes_keys.append(plan.group(f"Sous-total {n}" if fr else f"Subtotal {n}", mk, False))
    plan.skip(1)
    hi_ = plan.agg('TOTAL HORS IMPRÉVUS' if fr else 'TOTAL BEFORE CONTINGENCY', postes_keys, bold=True)
    imp = plan.rate(rng.choice(['Imprévus 10 %', 'Imprévus (10 % du total hors imprévus)', 'Imprévus 10%']) if fr else rng.choice(['Contingency 10%', 'Contingency (10% of total)']), 0.10, [hi_])
    plan.charges_total = plan.agg('TOTAL GÉNÉRAL' if fr else 'TOTAL PRODUCTION BUDGET', [hi_, imp], bold=True)
    plan.skip(2)
    plan.text_row('PLAN DE FINANCEMENT' if fr else 'FINANCE PLAN', 'b')
    if fr and kind == 'film':
        fl = [('CNC – aide sélective', (50000, 160000)), ('Région – fonds de soutien', (30000, 120000)), ('Préachat chaîne', (40000, 150000)), ('SOFICA', (0, 0)), ('Crédit d\'impôt', (10000, 60000))]
        bal_l = 'Apport producteur'
    elif fr:
        fl = [('DRAC – aide à la création', (10000, 30000)), ('Région', (5000, 20000)), ('Coproducteurs (théâtres)', (8000, 30000)), ('Préachats (cessions)', (5000, 25000))]
        bal_l = 'Apport de la compagnie'
    else:
        fl = [(rng.choice(['BFI Network award', 'Screen Scotland', 'Creative England']), (10000, 40000)), ('Pre-sales', (5000, 30000)), ('Regional screen agency', (3000, 15000))]
        bal_l = 'Producer contribution'
    fl = [(l, b) for l, b in fl if b[1] > 0]
    tot_est = sum(plan.mval(k, 0) for k in postes_keys) * 1.1
    scale = tot_est * 0.8 / sum((b[0] + b[1]) / 2 for _, b in fl)
    inc = [plan.item(l, R(rng, int(b[0] * scale), int(b[1] * scale), 100)) for l, b in fl]
    bal = plan.item(bal_l, 0)
    plan.produits_total = plan.agg('TOTAL FINANCEMENT' if fr else 'TOTAL FINANCE', inc + [bal], bold=True)
    gap = plan.mval(plan.charges_total, 0) - plan.mval(plan.produits_total, 0)
    if gap < 0:
        plan.by[inc[0]]['vals'][0] += gap - 1000; gap = 1000
    plan.by[bal]['vals'][0] = gap
    if rng.random() < 0.4:
        plan.skip(1)
        sh.put(plan.row, lc, 'Montants hors taxes.' if fr else 'All figures exclude VAT.', 'note')
    meta = dict(layout=f"{'film' if kind == 'film' else 'theatre'} production budget: numbered postes with sub-postes ({'poste row carries its sum above its sub-postes' if sub_above else 'sub-total row under each poste'}), {'qty × unit price columns, ' if prodcols else ''}total before contingency, contingency 10 %, grand total, financing plan below in the same amount column",
                main=plan, inject=[dict(plan=plan, income=inc, bal=bal)], all=[dict(plan=plan)])
    return book, meta


def fam_club(rng, i, lang):
    """3. School trip / sports club season budgets."""
    book = Book(); fr = lang == 'fr'
    book.currency = '€' if fr else rng.choice(['£', '$'])
    trip = rng.random() < 0.5
    name = rng.choice(['Budget', 'Budget prévisionnel', 'Voyage' if trip else 'Saison']) if fr else rng.choice(['Budget', 'Trip budget' if trip else 'Season budget'])
    sh = book.sheet(name)
    lc = rng.choice([0, 1])
    prodcols = trip
    if prodcols:
        qc, uc, ac = lc + 1, lc + 2, lc + 3
    else:
        qc = uc = None; ac = lc + 1
    two = (not trip) and rng.random() < 0.5
    amt = [ac, ac + 1] if two else [ac]
    sh.widths[lc] = 40
    plan = Plan(book, name, lc, amt, qty_col=qc, up_col=uc)
    n = rng.randint(24, 52)
    if trip:
        dest = rng.choice(['Londres', 'Berlin', 'Barcelone', 'Rome', 'les Pyrénées (classe de neige)']) if fr else rng.choice(['Washington DC', 'London', 'Paris', 'Costa Rica'])
        t = (f"{rng.choice(['Collège', 'Lycée', 'École élémentaire'])} {rng.choice(['Jean Moulin', 'Victor Hugo', 'Marie Curie'])} – Voyage scolaire à {dest}" if fr
             else rng.choice(['Lincoln Middle School', 'Riverside High School', "St Mary's Academy"]) + f" – Class trip to {dest}")
    else:
        t = (f"{rng.choice(['US Saint-Jean Football', 'Basket Club Vallée', 'Handball Club de la Plaine', 'Judo Club Municipal'])} – Budget prévisionnel saison 2025-2026" if fr
             else f"{rng.choice(['Riverside Rugby Club', 'Eastfield Cricket Club', 'Northgate Netball Club'])} – Season budget 2025/26")
    r0 = title_block(sh, [(t, 'title'), ((f"{n} élèves, {rng.randint(3, 5)} jours, {rng.randint(3, 5)} accompagnateurs" if fr else f"{n} students, {rng.randint(3, 6)} days") if trip
                                         else (f"{rng.randint(90, 320)} licenciés" if fr else f"{rng.randint(80, 260)} members"), 'subtitle')], row=0, col=lc, merge_to=amt[-1])
    plan.row = r0 + 1
    hdr = [(lc, 'DÉPENSES' if fr else 'EXPENDITURE')]
    if prodcols:
        hdr += [(qc, 'Nombre' if fr else 'Number'), (uc, 'Prix unitaire' if fr else 'Unit cost')]
    per = ['Réalisé 2024-2025', 'Prévisionnel 2025-2026'] if two and fr else ['2024/25 actual', '2025/26 budget'] if two else [rng.choice(['Montant', 'Total', 'Coût']) if fr else rng.choice(['Amount', 'Total', 'Cost'])]
    hdr += list(zip(amt, per))
    header(sh, plan.row, hdr); plan.row += 1
    def v(lo, hi):
        b = R(rng, lo, hi)
        return [round(b * rng.uniform(0.85, 1.05) / 10) * 10, b] if two else [b]
    ch = []
    if trip:
        nights = rng.randint(2, 4)
        ch.append(plan.item('Transport (car / avion)' if fr else 'Transport (coach / flights)', v(4000, 14000)))
        ch.append(plan.prod('Hébergement (nuitées)' if fr else 'Accommodation (nights × students)', n * nights, R(rng, 25, 45, 1)))
        ch.append(plan.prod('Repas' if fr else 'Meals', n * nights * 2, R(rng, 8, 14, 1)))
        ch.append(plan.prod('Visites et activités' if fr else 'Admissions & activities', n, R(rng, 20, 60, 1)))
        ch.append(plan.item('Assurance' if fr else 'Insurance', v(200, 800)))
        ch.append(plan.item('Frais des accompagnateurs' if fr else 'Chaperone costs', v(300, 1500)))
    else:
        ch.append(plan.group('Licences et affiliations' if fr else 'League & affiliation fees', lambda: [
            plan.item('Licences reversées à la fédération' if fr else 'Governing body fees', v(4000, 12000)),
            plan.item('Affiliation ligue / district' if fr else 'League registration', v(300, 1500))], rng.random() < 0.5))
        ch.append(plan.item('Arbitrage' if fr else 'Referees / officials', v(1500, 5000)))
        ch.append(plan.item('Déplacements' if fr else 'Travel to away fixtures', v(2000, 8000)))
        ch.append(plan.item('Équipements, maillots, ballons' if fr else 'Kit & equipment', v(1500, 6000)))
        ch.append(plan.item('Achats buvette' if fr else 'Bar purchases', v(1500, 5000)))
        ch.append(plan.item('Formation des éducateurs' if fr else 'Coach education', v(300, 1500)))
        ch.append(plan.item('Assurance, frais bancaires' if fr else 'Insurance & bank charges', v(300, 1200)))
    plan.charges_total = plan.agg('TOTAL DÉPENSES' if fr else 'TOTAL EXPENDITURE', ch, bold=True)
    plan.skip(1)
    header(sh, plan.row, [(lc, 'RECETTES' if fr else 'INCOME')] + list(zip(amt, per))); plan.row += 1
    inc = []
    if trip:
        fam_u = R(rng, 120, 320, 5)
        inc.append(plan.prod('Participation des familles' if fr else 'Parent / student contributions', n, fam_u))
        inc.append(plan.item('FSE / Foyer socio-éducatif' if fr else 'PTA contribution', v(300, 1500)))
        inc.append(plan.item('Coopérative scolaire' if fr else 'Fundraising (bake sales, car wash)', v(200, 1200)))
        inc.append(plan.item('Conseil départemental' if fr else 'School district grant', v(500, 3000)))
        bal = plan.item('Participation de l\'établissement' if fr else 'School budget', 0)
    else:
        inc.append(plan.item('Cotisations / licences des adhérents' if fr else 'Membership subscriptions', v(8000, 22000)))
        inc.append(plan.item('Ventes buvette' if fr else 'Bar takings', v(3000, 9000)))
        inc.append(plan.item('Subvention de la mairie' if fr else 'Council grant', v(1000, 5000)))
        inc.append(plan.item('Sponsors / partenaires' if fr else 'Sponsorship', v(1000, 6000)))
        inc.append(plan.item('Tournoi, loto' if fr else 'Tournament & events', v(500, 4000)))
        bal = plan.item('Fonds propres du club' if fr else 'Club reserves', [0] * plan.np)
    plan.produits_total = plan.agg('TOTAL RECETTES' if fr else 'TOTAL INCOME', inc + [bal], bold=True)
    res = rng.random() < 0.5
    if res:
        plan.result(rng.choice(['Solde', 'Résultat']) if fr else rng.choice(['Surplus / (deficit)', 'Balance']), plan.produits_total, plan.charges_total)
    for p in range(plan.np):
        gap = plan.mval(plan.charges_total, p) - plan.mval(plan.produits_total, p)
        if gap < 0:
            first = plan.by[inc[1]]
            first['vals'][p] += gap - 200; gap = 200
        plan.by[bal]['vals'][p] = gap
    inj_income = [k for k in inc if plan.by[k]['kind'] == 'item']
    meta = dict(layout=('school trip budget: DÉPENSES/RECETTES blocks with number × unit cost columns (accommodation, meals, family contribution)' if trip
                        else 'sports club season budget: expenses then income, ' + ('two seasons (actual, forecast)' if two else 'one amount column')),
                main=plan, inject=[dict(plan=plan, income=inj_income, bal=bal)], all=[dict(plan=plan)])
    return book, meta


def fam_housing(rng, i, lang):
    """4. Social housing operation: prix de revient + plan de financement, € TTC and % du prix de revient."""
    book = Book(); book.currency = '€'
    name = rng.choice(['Prix de revient', 'PR-PF', 'Bilan opération', 'Fiche financière'])
    sh = book.sheet(name)
    lc = rng.choice([0, 1])
    ac = lc + 1
    pc = ac + 1
    lgts = rng.randint(8, 60)
    per_lgt = rng.random() < 0.5
    plan = Plan(book, name, lc, [ac], pct_col=pc, derived=(pc + 1, round(1 / lgts, 12)) if per_lgt else None)
    sh.widths[lc] = 46
    r0 = title_block(sh, [(f"Opération : {lgts} logements locatifs sociaux – {rng.choice(['Rue des Tanneurs', 'ZAC des Prés', 'Îlot Gambetta', 'Résidence Les Tilleuls'])}, {rng.choice(COMMUNES)}", 'title'),
                          (f"Maître d'ouvrage : {rng.choice(['OPH Habitat 44', 'SA HLM Le Foyer', 'Office Public de l’Habitat', 'ESH Domaine & Habitat'])} – {rng.choice(['construction neuve', 'acquisition-amélioration', 'VEFA'])}", 'subtitle'),
                          (f"Répartition : {rng.randint(4, lgts - 2)} PLUS / reste PLAI – date de valeur {rng.choice(['janvier', 'mars', 'septembre'])} 2025", 'subtitle')],
                     row=0, col=lc, merge_to=pc)
    plan.row = r0 + 1
    hdr = [(lc, 'PRIX DE REVIENT PRÉVISIONNEL'), (ac, rng.choice(['€ TTC', 'Montant € TTC', 'TTC'])), (pc, '% du prix de revient')]
    if per_lgt:
        hdr.append((pc + 1, '€ / logement'))
    header(sh, plan.row, hdr); plan.row += 1
    k = lgts / 20
    def v(lo, hi):
        return R(rng, int(lo * k), int(hi * k), 100)
    above = rng.random() < 0.5
    GL = lambda s: s if above else 'Sous-total ' + s.lower()
    groups = []
    groups.append(plan.group(GL('Charge foncière'), lambda: [plan.item('Acquisition terrain / immeuble', v(200000, 700000)),
                            plan.item('Frais d\'acquisition (notaire, enregistrement)', v(10000, 40000)),
                            plan.item('Démolition, dépollution, VRD', v(20000, 150000))], above))
    trav = []
    def fb():
        trav.append(plan.item('Travaux de construction', v(1600000, 2600000)))
        trav.append(plan.rate(rng.choice(['Révisions / actualisation (3 % des travaux)', 'Actualisation et révisions 3 %']), 0.03, [trav[0]]))
        trav.append(plan.item('Aléas de chantier', v(20000, 60000)))
        return trav
    groups.append(plan.group(GL('Bâtiment'), fb, above))
    groups.append(plan.group(GL('Honoraires'), lambda: [plan.item('Maîtrise d\'œuvre', v(150000, 260000)),
                            plan.item('Bureau de contrôle, coordination SPS', v(15000, 40000)),
                            plan.item('Conduite d\'opération', v(30000, 80000))], above))
    groups.append(plan.group(GL('Frais divers'), lambda: [plan.item('Assurance dommages-ouvrage', v(20000, 50000)),
                            plan.item('Frais financiers (préfinancement)', v(5000, 30000)),
                            plan.item('Branchements, concessionnaires', v(10000, 40000))], above))
    plan.charges_total = plan.agg('TOTAL PRIX DE REVIENT', groups, bold=True)
    plan.pct_base = plan.charges_total
    plan.skip(1)
    header(sh, plan.row, [(lc, 'PLAN DE FINANCEMENT'), (ac, hdr[1][1]), (pc, '% du prix de revient')]); plan.row += 1
    tot = plan.mval(plan.charges_total, 0)
    fin = []
    loans, subs = [], []
    def fl():
        loans.extend([plan.item('Prêt CDC PLUS construction', R(rng, int(tot * 0.28), int(tot * 0.36), 100)),
                      plan.item('Prêt CDC PLUS foncier', R(rng, int(tot * 0.08), int(tot * 0.12), 100)),
                      plan.item('Prêt CDC PLAI construction', R(rng, int(tot * 0.12), int(tot * 0.18), 100)),
                      plan.item('Prêt CDC PLAI foncier', R(rng, int(tot * 0.03), int(tot * 0.06), 100)),
                      plan.item('Prêt Action Logement', R(rng, int(tot * 0.03), int(tot * 0.06), 100))])
        return loans
    fin.append(plan.group(GL('Prêts'), fl, above))
    def fs():
        subs.extend([plan.item('Subvention État (PLAI)', R(rng, int(tot * 0.03), int(tot * 0.06), 100)),
                     plan.item('Subvention Région', R(rng, int(tot * 0.01), int(tot * 0.03), 100)),
                     plan.item('Subvention Département', R(rng, int(tot * 0.01), int(tot * 0.03), 100)),
                     plan.item('Subvention EPCI / commune', R(rng, int(tot * 0.01), int(tot * 0.03), 100))])
        return subs
    fin.append(plan.group(GL('Subventions'), fs, above))
    bal = plan.item('Fonds propres', 0, bold=True)
    fin.append(bal)
    plan.produits_total = plan.agg('TOTAL FINANCEMENT', fin, bold=True)
    gap = plan.mval(plan.charges_total, 0) - plan.mval(plan.produits_total, 0)
    plan.by[bal]['vals'][0] = gap
    plan.skip(1)
    sh.put(plan.row, lc, 'Montants TTC, TVA à taux réduit. Les pourcentages sont calculés sur le prix de revient.', 'note')
    meta = dict(layout="social-housing operation: prix de revient (charge foncière, bâtiment with a 3 % revision line, honoraires, frais divers) then plan de financement (prêts PLUS/PLAI, subventions, fonds propres); € TTC column + '% du prix de revient' column" + (" + € / logement column" if per_lgt else "") + (", group rows above their lines" if above else ", group totals under their lines"),
                main=plan, inject=[dict(plan=plan, income=loans + subs, bal=bal)], all=[dict(plan=plan)])
    return book, meta

def fam_training(rng, i, lang):
    """5. Training budgets: hours × hourly rate, OPCO, Région, employeurs."""
    book = Book(); fr = lang == 'fr'; book.currency = '€' if fr else rng.choice(['£', '€'])
    name = rng.choice(['Budget formation', 'Budget', 'BP action']) if fr else rng.choice(['Training budget', 'Budget'])
    sh = book.sheet(name)
    lc = rng.choice([0, 1])
    order = rng.choice(['qu', 'uq'])
    qc, uc = (lc + 1, lc + 2) if order == 'qu' else (lc + 2, lc + 1)
    ac = lc + 3
    rem = ac + 1 if rng.random() < 0.5 else None
    plan = Plan(book, name, lc, [ac], qty_col=qc, up_col=uc, rem_col=rem)
    sh.widths[lc] = 42
    nst = rng.randint(8, 16); hrs = rng.choice([105, 140, 210, 280, 350])
    r0 = title_block(sh, [((f"Action de formation « {rng.choice(['Agent de propreté et d’hygiène', 'Préparateur de commandes', 'Aide à domicile', 'Soudeur TIG'])} » – budget prévisionnel" if fr
                            else f"{rng.choice(['Digital Skills Bootcamp', 'Care Certificate Programme', 'Warehouse Operative Course'])} – training budget"), 'title'),
                          ((f"{nst} stagiaires × {hrs} h en centre – organisme : {rng.choice(['AFPA Bretagne', 'GRETA Loire', 'Institut Formaplus'])}" if fr
                            else f"{nst} learners × {hrs} guided learning hours"), 'subtitle')], row=0, col=lc, merge_to=ac)
    plan.row = r0 + 1
    hdr = [(lc, 'Poste' if fr else 'Line'), (qc, rng.choice(['Quantité', 'Nb heures / jours', 'Qté']) if fr else rng.choice(['Qty', 'Hours / days'])),
           (uc, rng.choice(['Taux horaire / unitaire', 'Coût unitaire', 'Taux']) if fr else rng.choice(['Rate', 'Unit rate'])),
           (ac, rng.choice(['Montant', 'Total', 'Coût total']) if fr else rng.choice(['Total', 'Cost']))]
    if rem:
        hdr.append((rem, 'Observations' if fr else 'Notes'))
    header(sh, plan.row, hdr); plan.row += 1
    ch = []
    ped = []
    def fped():
        ped.append(plan.prod('Heures de face-à-face formateur' if fr else 'Trainer contact hours', hrs, R(rng, 45, 75, 1)))
        ped.append(plan.prod('Ingénierie pédagogique (jours)' if fr else 'Course design (days)', rng.randint(3, 10), R(rng, 400, 700, 10)))
        ped.append(plan.prod('Tutorat en entreprise (heures)' if fr else 'Workplace mentoring (hours)', nst * rng.randint(4, 10), R(rng, 30, 50, 1)))
        ped.append(plan.item('Supports et matériel pédagogique' if fr else 'Learning materials', R(rng, 500, 3000, 50)))
        return ped
    ch.append(plan.group('Coûts pédagogiques' if fr else 'Delivery costs', fped, rng.random() < 0.5))
    ch.append(plan.prod('Rémunération des stagiaires (heures stagiaires)' if fr else 'Learner wages (learner hours)', nst * hrs, R(rng, 4, 11, 1) + 0.5 * rng.randint(0, 1)))
    ch.append(plan.item('Frais annexes (transport, hébergement)' if fr else 'Travel & subsistence', R(rng, 800, 5000, 50)))
    ch.append(plan.rate('Frais de structure (10 % des coûts pédagogiques)' if fr else 'Overheads (10% of delivery costs)', 0.10, [ch[0]]))
    plan.charges_total = plan.agg('TOTAL DES CHARGES' if fr else 'TOTAL COSTS', ch, bold=True)
    plan.skip(1)
    header(sh, plan.row, [(lc, 'FINANCEMENTS' if fr else 'FUNDING'), (ac, hdr[-2 if rem else -1][1])]); plan.row += 1
    tot = plan.mval(plan.charges_total, 0)
    inc = []
    inc.append(plan.prod(f"OPCO {rng.choice(['Akto', 'Atlas', 'Constructys', '2i'])} (heures stagiaires × coût horaire)" if fr else 'Apprenticeship levy / ESFA (learner hours × rate)', nst * hrs, R(rng, 8, 14, 1)))
    inc.append(plan.item('Région' if fr else 'Combined authority (Skills Bootcamp)', R(rng, int(tot * 0.1), int(tot * 0.25), 100)))
    inc.append(plan.item('France Travail (AIF)' if fr else 'Employer co-investment (10%)', R(rng, int(tot * 0.03), int(tot * 0.08), 100)))
    bal = plan.item('Employeurs (reste à charge)' if fr else 'Employers (balance)', 0)
    plan.produits_total = plan.agg('TOTAL DES PRODUITS' if fr else 'TOTAL FUNDING', inc + [bal], bold=True)
    gap = plan.mval(plan.charges_total, 0) - plan.mval(plan.produits_total, 0)
    if gap < 0:
        plan.by[inc[1]]['vals'][0] += gap - 500; gap = 500
    plan.by[bal]['vals'][0] = gap
    if rem:
        plan.by[ch[1]]['rem'] = ('rémunération au SMIC horaire chargé' if fr else 'paid at the apprentice minimum wage')
    meta = dict(layout=f"training budget: quantity and rate columns ({'qty before rate' if order == 'qu' else 'rate before qty'}), product lines (hours × rate), overheads 10 % of delivery costs, funding block with an OPCO/levy product line",
                main=plan, inject=[dict(plan=plan, income=inc[1:], bal=bal)], all=[dict(plan=plan)])
    return book, meta


def fam_ukcharity(rng, i, lang):
    """6. UK charity budget: Restricted | Unrestricted | Total, plus a 3-year view."""
    book = Book(); book.currency = '£'
    name = rng.choice(['Budget 2025-26', 'Project budget', 'Budget'])
    sh = book.sheet(name)
    lc = rng.choice([0, 1])
    rc, uc, tc = lc + 1, lc + 2, lc + 3
    swap = rng.random() < 0.3
    amt = [uc, rc] if swap else [rc, uc]
    plan = Plan(book, name, lc, sorted(amt), tot_col=tc)
    labels = {rc: 'Restricted', uc: 'Unrestricted'}
    if swap:
        labels = {rc: 'Unrestricted', uc: 'Restricted'}
    sh.widths[lc] = 40
    org = rng.choice(['Greenway Community Trust', 'Hope Street Youth Project', 'Tyneside Carers Centre', 'The Larder Food Hub', 'Open Doors Refugee Support'])
    r0 = title_block(sh, [(f"{org} – budget for the year to 31 March 2026", 'title'),
                          (f"Registered charity no. {rng.randint(1000000, 1199999)}", 'subtitle')], row=0, col=lc, merge_to=tc)
    plan.row = r0 + 1
    header(sh, plan.row, [(lc, ''), (rc, labels[rc] + ' funds' if rng.random() < 0.5 else labels[rc]), (uc, labels[uc] + ' funds' if rng.random() < 0.5 else labels[uc]), (tc, rng.choice(['Total', 'Total funds', 'Total 2025-26']))]); plan.row += 1
    iR = 0 if not swap else 1
    def v2(rlo, rhi, ulo, uhi):
        rr, uu = R(rng, rlo, rhi) if rhi else 0, R(rng, ulo, uhi) if uhi else 0
        out = [None, None]
        out[iR] = rr if rhi else rng.choice([0, '-'])
        out[1 - iR] = uu if uhi else rng.choice([0, '-'])
        return [x if x != '-' else None for x in out], ['-' if x == '-' else None for x in out]
    def it(label, rlo, rhi, ulo, uhi, **kw):
        vals, dash = v2(rlo, rhi, ulo, uhi)
        key = plan.item(label, [x if x is not None else 0 for x in vals], **kw)
        for p, d in enumerate(dash):
            if d:
                plan.by[key]['vals'][p] = None
                plan.by[key]['blank'][p] = '-'
        return key
    income_first = rng.random() < 0.7
    def income():
        plan.text_row('INCOME', 'b')
        ks = []
        ks.append(it('National Lottery Community Fund', 20000, 60000, 0, 0))
        ks.append(it('Local authority grant', 5000, 20000, 0, 0))
        ks.append(it('Trusts and foundations', 5000, 25000, 2000, 8000))
        ks.append(it('Donations and legacies', 0, 0, 5000, 20000))
        ks.append(it('Fundraising events', 0, 0, 2000, 9000))
        ks.append(it('Charitable trading / fees', 0, 0, 1000, 6000))
        ks.append(it('Investment income', 0, 0, 100, 800))
        return ks
    def expend():
        plan.text_row('EXPENDITURE', 'b')
        ks = []
        staff = []
        def fs():
            staff.extend([it('Salaries', 20000, 50000, 8000, 25000), it("Employer's NI", 1500, 5000, 600, 2500), it('Pension contributions', 600, 2000, 300, 1000)])
            return staff
        ks.append(plan.group('Staff costs' if rng.random() < 0.5 else 'Total staff costs', fs, False))
        ks.append(it('Premises (rent, utilities)', 2000, 8000, 2000, 8000))
        ks.append(it('Project activities and materials', 3000, 15000, 500, 3000))
        ks.append(it('Volunteer expenses', 500, 2000, 0, 0))
        ks.append(it('Governance (audit, trustees)', 0, 0, 1500, 4000))
        ks.append(it('Fundraising costs', 0, 0, 500, 3000))
        return ks
    if income_first:
        ik = income(); plan.produits_total = plan.agg('Total income', ik, bold=True); plan.skip(1)
        ek = expend(); plan.charges_total = plan.agg('Total expenditure', ek, bold=True)
    else:
        ek = expend(); plan.charges_total = plan.agg('Total expenditure', ek, bold=True); plan.skip(1)
        ik = income(); plan.produits_total = plan.agg('Total income', ik, bold=True)
    plan.skip(rng.choice([0, 1]))
    if rng.random() < 0.7:
        plan.result('Net income / (expenditure)', plan.produits_total, plan.charges_total)
    # balance each fund: restricted via trusts (restricted part), unrestricted via donations
    for p, bk in ((iR, ik[2]), (1 - iR, ik[3])):
        gap = plan.mval(plan.charges_total, p) - plan.mval(plan.produits_total, p)
        rec = plan.by[bk]
        if rec['vals'][p] + gap < 500:
            # raise the lottery / fundraising line
            other = plan.by[ik[0] if p == iR else ik[4]]
            other['vals'][p] += -gap + 2000
            gap = plan.mval(plan.charges_total, p) - plan.mval(plan.produits_total, p)
        rec['vals'][p] += gap
    # 3-year view on a second sheet, linking year 1 to the main sheet
    s2n = rng.choice(['3-year forecast', 'Three year budget', 'Forecast 2025-2028'])
    s2 = book.sheet(s2n)
    plan2 = Plan(book, s2n, 0, [1, 2, 3], tot_col=4)
    s2.widths[0] = 36
    title_block(s2, [(f"{org} – three-year forecast", 'title')], row=0, col=0, merge_to=4)
    plan2.row = 2
    header(s2, plan2.row, [(0, ''), (1, 'Year 1 2025-26'), (2, 'Year 2 2026-27'), (3, 'Year 3 2027-28'), (4, 'Total')]); plan2.row += 1
    g = [1.0, 1.0 + rng.choice([0.02, 0.03, 0.04]), 1.0]
    g[2] = g[1] * g[1]
    def y3(key):
        t = plan.mval(key, 0) + plan.mval(key, 1)
        return [t, round(t * g[1] / 10) * 10, round(t * g[2] / 10) * 10]
    plan2.text_row('Income', 'b')
    i2 = [plan2.item(plan.by[k]['label'], y3(k)) for k in ik]
    plan2.produits_total = plan2.agg('Total income', i2, bold=True)
    plan2.text_row('Expenditure', 'b')
    e2 = [plan2.item(plan.by[k]['label'], y3(k)) for k in ek]
    plan2.charges_total = plan2.agg('Total expenditure', e2, bold=True)
    for p in (1, 2):
        gap = plan2.mval(plan2.charges_total, p) - plan2.mval(plan2.produits_total, p)
        plan2.by[i2[3]]['vals'][p] += gap
    meta = dict(layout=f"UK charity budget: {'income first, ' if income_first else 'expenditure first, '}columns {labels[rc]} | {labels[uc]} | Total (Total = cross-total), staff costs subtotal under its lines, dashes for nil; second sheet '{s2n}' with Year 1-3 + Total",
                main=plan, inject=[dict(plan=plan, income=ik, bal=None)], all=[dict(plan=plan), dict(plan=plan2)])
    return book, meta


def fam_usfound(rng, i, lang):
    """7. US foundation grant budget: Requested | Other secured | Other pending | Total project + narrative."""
    book = Book(); book.currency = '$'
    name = rng.choice(['Project Budget', 'Budget', 'Grant Budget'])
    sh = book.sheet(name)
    lc = 0
    amt = [1, 2, 3]; tc = 4; nc = 5
    plan = Plan(book, name, lc, amt, tot_col=tc, rem_col=nc)
    sh.widths[0] = 38; sh.widths[nc] = 60
    fnd = rng.choice(['Robert Wood Johnson', 'Kresge', 'Walton Family', 'Hartford Community', 'Greater Milwaukee'])
    r0 = title_block(sh, [(f"{rng.choice(['Bright Futures Literacy Coalition', 'Eastside Health Partners', 'Mountain Trails Conservancy', 'Harbor Youth Arts'])} – {fnd} Foundation project budget", 'title'),
                          (f"Project period: {rng.choice(['January 1 – December 31, 2026', 'July 1, 2025 – June 30, 2026'])}", 'subtitle')], row=0, col=0, merge_to=nc)
    plan.row = r0 + 1
    header(sh, plan.row, [(0, 'Expense category'), (1, f'Requested from {fnd} Foundation' if rng.random() < 0.5 else 'Requested from Foundation'),
                          (2, 'Other sources – secured'), (3, 'Other sources – pending'), (4, 'Total project budget'), (nc, 'Budget narrative / justification')]); plan.row += 1
    def v3(lo, hi):
        t = R(rng, lo, hi, 100)
        a = round(t * rng.uniform(0.3, 0.6) / 100) * 100
        b = round((t - a) * rng.uniform(0.3, 0.8) / 100) * 100
        return [a, b, t - a - b]
    plan.text_row('Personnel', 'b')
    sal = [plan.item('Project Director (0.5 FTE)', v3(30000, 45000), rem='0.5 FTE at an annual salary of $72,000, prorated'),
           plan.item('Program Coordinator (1.0 FTE)', v3(42000, 56000), rem='full-time coordinator, hired in month 1'),
           plan.item('Evaluation Assistant (0.25 FTE)', v3(9000, 15000), rem='supports data collection')]
    fr_pct = rng.choice([0.22, 0.25, 0.28, 0.30])
    salk = plan.agg('Total salaries', sal, bold=False)
    fringe = plan.rate(f"Fringe benefits ({fr_pct * 100:g}% of salaries)", fr_pct, [salk], rem='health insurance, FICA, retirement')
    pers = plan.agg('Total personnel', [salk, fringe], bold=True)
    plan.skip(1)
    plan.text_row('Non-personnel', 'b')
    np_ = [plan.item('Consultants / contractual', v3(5000, 20000), rem='external evaluator, 40 hours'),
           plan.item('Travel', v3(1000, 6000), rem='local mileage and one national conference'),
           plan.item('Supplies and materials', v3(1000, 8000), rem='curriculum kits and printing'),
           plan.item('Equipment', v3(0, 6000) if rng.random() < 0.5 else [0, 0, 0], rem='two laptops'),
           plan.item('Participant support (stipends)', v3(2000, 12000), rem='stipends for 40 participants')]
    npk = plan.agg('Total non-personnel', np_, bold=True)
    direct = plan.agg('Total direct costs', [pers, npk], bold=True)
    ind_pct = rng.choice([0.10, 0.15])
    ind = plan.rate(f"Indirect costs ({ind_pct * 100:g}% of direct costs)", ind_pct, [direct], rem='de minimis rate' if ind_pct == 0.10 else 'negotiated rate')
    plan.charges_total = plan.agg('TOTAL PROJECT COSTS', [direct, ind], bold=True)
    plan.skip(1)
    sh.put(plan.row, 0, 'Secured: City of ' + rng.choice(['Denver', 'Cleveland', 'Tacoma']) + ' youth fund (award letter attached). Pending: two family foundations, decision expected in the spring.', 'note')
    meta = dict(layout="US foundation budget: expense rows × columns Requested from Foundation | Other sources secured | Other sources pending | Total project (cross-total) + narrative column; fringe % of salaries and indirect % of direct costs per column; expense-only",
                main=plan, inject=[dict(plan=plan, income=[], bal=None)], all=[dict(plan=plan)])
    return book, meta

def fam_ngo(rng, i, lang):
    """8. Humanitarian / NGO project: numbered lines, unit, qty, unit cost, EUR and local currency, funding table."""
    book = Book(); fr = lang == 'fr'; book.currency = '€'; book.decimals = 0
    cur, fx = rng.choice([('XOF', 655.957), ('KES', 140.5), ('MGA', 4950.0), ('HTG', 148.2), ('UGX', 4080.0), ('CDF', 2900.0)])
    name = rng.choice(['Budget', 'Budget détaillé', 'Annexe budgétaire']) if fr else rng.choice(['Budget', 'Detailed budget', 'Annex II budget'])
    sh = book.sheet(name)
    cc, lc, unc, qc, uc, ac, xc = 0, 1, 2, 3, 4, 5, 6
    plan = Plan(book, name, lc, [ac], code_col=cc, qty_col=qc, up_col=uc, derived=(xc, fx))
    sh.widths[lc] = 44
    donor = ('AFD – Initiatives OSC' if fr else 'DG ECHO')
    r0 = title_block(sh, [((f"Projet « {rng.choice(['Eau et assainissement à Kaya', 'Sécurité alimentaire Tillabéri', 'Santé maternelle Tuléar', 'Reconstruction Grand’Anse'])} » – budget prévisionnel ({donor})" if fr
                            else f"{rng.choice(['Emergency WASH response, Turkana', 'Cash and protection, Ituri', 'Nutrition response, Karamoja', 'Shelter recovery, Nord-Ouest'])} – action budget ({donor})"), 'title'),
                          ((f"Durée : {rng.choice([12, 18, 24, 36])} mois – taux de change : 1 EUR = {fx} {cur}" if fr else f"Duration: {rng.choice([12, 18])} months – exchange rate 1 EUR = {fx} {cur}"), 'subtitle')],
                     row=0, col=cc, merge_to=xc)
    plan.row = r0 + 1
    header(sh, plan.row, [(cc, 'N°' if fr else 'No.'), (lc, 'Rubrique' if fr else 'Budget line'), (unc, 'Unité' if fr else 'Unit'), (qc, 'Quantité' if fr else 'Qty'),
                          (uc, 'Coût unitaire (€)' if fr else 'Unit cost (EUR)'), (ac, 'Total (€)' if fr else 'Total (EUR)'), (xc, f'Total ({cur})')]); plan.row += 1
    if fr:
        secs = [('Ressources humaines', [('Chef de projet expatrié', 'mois', (12, 24), (3500, 5500)), ('Animateurs locaux', 'mois', (24, 72), (350, 700)), ('Comptable', 'mois', (12, 24), (500, 900))]),
                ('Voyages et déplacements', [('Billets d\'avion', 'A/R', (2, 6), (700, 1200)), ('Per diem', 'jour', (60, 200), (25, 45))]),
                ('Équipements et fournitures', [('Motos', 'unité', (2, 6), (1500, 2500)), ('Kits d\'hygiène', 'kit', (200, 800), (12, 25))]),
                ('Activités', [('Forages', 'forage', (2, 8), (6000, 12000)), ('Formations communautaires', 'session', (10, 40), (150, 400))]),
                ('Suivi, évaluation, audit', [('Évaluation finale', 'forfait', (1, 1), (6000, 12000)), ('Audit', 'forfait', (1, 1), (3000, 6000))])]
        ind_l = 'Frais administratifs (7 % des coûts directs)'
    else:
        secs = [('Staff', [('Project manager (international)', 'month', (12, 18), (4000, 6000)), ('Field officers (national)', 'month', (36, 96), (400, 800)), ('Logistician', 'month', (12, 18), (900, 1500))]),
                ('Supplies and commodities', [('Hygiene kits', 'kit', (500, 2000), (12, 25)), ('Water treatment tablets', 'box', (200, 800), (8, 15))]),
                ('Equipment', [('Water tanks 10 m3', 'unit', (4, 12), (900, 1600)), ('Laptops', 'unit', (3, 6), (700, 1100))]),
                ('Transport and storage', [('Vehicle rental', 'month', (12, 18), (1200, 2200)), ('Warehouse', 'month', (12, 18), (300, 700))]),
                ('Cash transfers', [('Multi-purpose cash', 'household', (300, 1200), (60, 120))]),
                ('Field office costs', [('Office rent and utilities', 'month', (12, 18), (500, 1200))])]
        ind_l = 'Indirect costs (7% of direct costs)'
    above = rng.random() < 0.5
    sk = []
    for n, (sl, lines) in enumerate(secs, 1):
        def mk(n=n, lines=lines):
            ks = []
            for m, (ll, un, (qlo, qhi), (ulo, uhi)) in enumerate(lines, 1):
                q = rng.randint(qlo, qhi)
                u = R(rng, ulo, uhi, 10 if uhi > 200 else 1)
                ks.append(plan.prod(ll, q, u, code=f"{n}.{m}", extra={unc: un}))
            return ks
        if above:
            sk.append(plan.group(f"{n}. {sl}", mk, True, code=str(n)))
        else:
            sh.put(plan.row, cc, str(n), 'b'); sh.put(plan.row, lc, sl, 'b'); plan.row += 1
            sk.append(plan.group(f"Sous-total {n}" if fr else f"Subtotal {n}", mk, False))
    direct = plan.agg('Total coûts directs' if fr else 'Total direct costs', sk, bold=True, code=str(len(secs) + 1))
    ind = plan.rate(ind_l, 0.07, [direct], code=str(len(secs) + 2))
    plan.charges_total = plan.agg('TOTAL DU PROJET' if fr else 'TOTAL ELIGIBLE COSTS', [direct, ind], bold=True)
    plan.skip(1)
    plan.text_row('PLAN DE FINANCEMENT' if fr else 'FUNDING', 'h')
    tot = plan.mval(plan.charges_total, 0)
    share = rng.choice([0.5, 0.6, 0.75]) if fr else rng.choice([0.85, 0.9, 0.95])
    inc = []
    if rng.random() < 0.5:
        d = plan.rate(f"{donor} ({share * 100:g} % du coût total)" if fr else f"{donor} ({share * 100:g}% of total eligible costs)", share, [plan.charges_total])
    else:
        d = plan.item(donor, round(tot * share))
    inc.append(d)
    if fr:
        inc.append(plan.item('Union européenne (cofinancement)', R(rng, int(tot * 0.05), int(tot * 0.2), 100)))
        inc.append(plan.item('Collectivités territoriales', R(rng, int(tot * 0.02), int(tot * 0.08), 100)))
    else:
        inc.append(plan.item('Other donors (private foundations)', R(rng, int(tot * 0.01), int(tot * 0.05), 100)))
    bal = plan.item('Fonds propres de l\'ONG' if fr else 'Own funds', 0)
    inc.append(bal)
    plan.produits_total = plan.agg('TOTAL FINANCEMENT' if fr else 'TOTAL FUNDING', inc, bold=True)
    gap = plan.mval(plan.charges_total, 0) - plan.mval(plan.produits_total, 0)
    if gap < 0:
        plan.by[inc[1]]['vals'][0] += gap - 1000; gap = 1000
    plan.by[bal]['vals'][0] = gap
    meta = dict(layout=f"NGO project budget ({donor}): numbered sections {'with the section row carrying its sum' if above else 'with a subtotal row per section'}, unit / qty / unit cost (EUR) / Total EUR / Total {cur} (= EUR × rate) columns, indirect 7 % of direct costs, funding table below in the same columns" + (" with the donor line as a % of total cost" if plan.by[d]['kind'] == 'rate' else ''),
                main=plan, inject=[dict(plan=plan, income=inc[1:], bal=bal)], all=[dict(plan=plan)], periods=['Total (€)' if fr else 'Total (EUR)', f'Total ({cur})'], cur=cur)
    return book, meta


def fam_ars(rng, i, lang):
    """9. ARS / FIR health project: fonctionnement / investissement, Année 1..3 + Total."""
    book = Book(); book.currency = '€'
    name = rng.choice(['Budget FIR', 'Budget prévisionnel', 'Annexe financière'])
    sh = book.sheet(name)
    lc = rng.choice([0, 1])
    amt = [lc + 1, lc + 2, lc + 3]; tc = lc + 4
    plan = Plan(book, name, lc, amt, tot_col=tc)
    sh.widths[lc] = 46
    y0 = 2025 + i % 2
    r0 = title_block(sh, [(f"ARS {rng.choice(['Bretagne', 'Occitanie', 'Grand Est', 'Hauts-de-France', 'Nouvelle-Aquitaine'])} – Fonds d'intervention régional (FIR)", 'title'),
                          (f"Projet : {rng.choice(['Équipe mobile de soins palliatifs', 'Maison de santé pluriprofessionnelle – coordination', 'Dispositif d’appui à la coordination', 'Programme d’éducation thérapeutique diabète', 'Équipe mobile psychiatrie-précarité'])}", 'b')],
                     row=0, col=lc, merge_to=tc)
    plan.row = r0 + 1
    yl = rng.choice(['annee', 'year', 'both'])
    per = [f"Année {k + 1}" if yl == 'annee' else str(y0 + k) if yl == 'year' else f"Année {k + 1} ({y0 + k})" for k in range(3)]
    header(sh, plan.row, [(lc, 'DÉPENSES')] + list(zip(amt, per)) + [(tc, 'Total')]); plan.row += 1
    g = 1 + rng.choice([0.0, 0.015, 0.02])
    def v(lo, hi):
        b = R(rng, lo, hi)
        return [b, round(b * g / 10) * 10, round(b * g * g / 10) * 10]
    above = rng.random() < 0.5
    fon = []
    def ff():
        pers = []
        def fp():
            pers.extend([plan.item('Infirmier(e) coordinateur(trice) 0,8 ETP', v(38000, 48000)), plan.item('Médecin coordonnateur 0,2 ETP', v(18000, 26000)),
                         plan.item('Psychologue (vacations)', v(6000, 15000)), plan.item('Secrétariat 0,5 ETP', v(14000, 19000))])
            return pers
        fon.append(plan.group('Charges de personnel', fp, True if above else False))
        fon.append(plan.item('Frais de déplacement', v(2000, 7000)))
        fon.append(plan.item('Formation des professionnels', v(1000, 5000)))
        fon.append(plan.item('Communication, outils de coordination', v(1000, 6000)))
        fon.append(plan.item('Loyer et charges locatives', v(4000, 12000)))
        return fon
    plan.text_row('Fonctionnement', 'b') if not above else None
    f_tot = plan.group('Sous-total fonctionnement' if not above else 'Fonctionnement', ff, above)
    # frais de structure
    fs_pct = rng.choice([0.05, 0.08, 0.10])
    fs = plan.rate(f"Frais de structure ({fs_pct * 100:g} % des dépenses de fonctionnement)", fs_pct, [f_tot])
    inv = []
    dash = rng.choice(['-', '', 0])
    def fi():
        for lab, lo, hi in [('Matériel médical', 3000, 15000), ('Équipement informatique', 2000, 8000), ('Véhicule', 12000, 22000)][: rng.choice([2, 3])]:
            k = plan.item(lab, [R(rng, lo, hi, 100), None, None])
            rec = plan.by[k]
            for p in (1, 2):
                if dash == 0:
                    rec['vals'][p] = 0
                else:
                    rec['blank'][p] = dash
            inv.append(k)
        return inv
    plan.text_row('Investissement', 'b') if not above else None
    i_tot = plan.group('Sous-total investissement' if not above else 'Investissement', fi, above)
    plan.charges_total = plan.agg('TOTAL DES DÉPENSES', [f_tot, fs, i_tot], bold=True)
    plan.skip(1)
    header(sh, plan.row, [(lc, 'RECETTES')] + list(zip(amt, per)) + [(tc, 'Total')]); plan.row += 1
    tot = [plan.mval(plan.charges_total, p) for p in range(3)]
    invt = plan.mval(i_tot, 0)
    inc = [plan.item('ARS – FIR (fonctionnement)', [R(rng, int(t * 0.5), int(t * 0.65), 100) for t in tot]),
           plan.item('ARS – FIR (investissement)', [round(invt * 0.8 / 10) * 10, None, None]),
           plan.item('Conseil départemental', [R(rng, int(t * 0.05), int(t * 0.12), 100) for t in tot]),
           plan.item('Assurance maladie (CPAM) – ' + rng.choice(['ACI', 'article 51']), [R(rng, int(t * 0.05), int(t * 0.12), 100) for t in tot])]
    rec = plan.by[inc[1]]
    for p in (1, 2):
        if dash == 0:
            rec['vals'][p] = 0
        else:
            rec['blank'][p] = dash
    bal = plan.item('Autofinancement', [0, 0, 0])
    inc.append(bal)
    plan.produits_total = plan.agg('TOTAL DES RECETTES', inc, bold=True)
    for p in range(3):
        gap = plan.mval(plan.charges_total, p) - plan.mval(plan.produits_total, p)
        if gap < 0:
            plan.by[inc[0]]['vals'][p] += gap - 300; gap = 300
        plan.by[bal]['vals'][p] = gap
    plan.skip(1)
    sh.put(plan.row, lc, "Les dépenses d'investissement sont réalisées la première année.", 'note')
    meta = dict(layout=f"ARS/FIR health project: DÉPENSES (fonctionnement {'row above its lines' if above else 'heading + sub-total'}, frais de structure %, investissement year 1 only with {repr(dash) if dash != '' else 'blank'} in years 2-3) then RECETTES; columns {per} + Total",
                main=plan, inject=[dict(plan=plan, income=[inc[0], inc[2], inc[3]], bal=bal)], all=[dict(plan=plan)], dash=dash, inv=inv + [inc[1]])
    return book, meta


def fam_consortium(rng, i, lang):
    """10. Consortium budget: partners as rows, cost categories as columns, Total row, Financement demandé column."""
    book = Book(); fr = lang == 'fr'; book.currency = '€'
    name = rng.choice(['Budget consortium', 'Budget partenaires', 'Récapitulatif']) if fr else rng.choice(['Consortium budget', 'Partner budget', 'Budget summary'])
    sh = book.sheet(name)
    cats = (['Personnel', 'Déplacements', 'Équipement', 'Autres biens et services', 'Sous-traitance'] if fr
            else ['Personnel', 'Travel', 'Equipment', 'Other goods & services', 'Subcontracting'])
    lc = 0
    amt = list(range(1, 1 + len(cats)))
    ic = amt[-1] + 1            # indirect column (rate of direct costs excluding subcontracting)
    tc = ic + 1
    rc = tc + 1; fc = tc + 2
    plan = Plan(book, name, lc, amt + [ic], tot_col=tc)
    sh.widths[lc] = 40
    r0 = title_block(sh, [((f"Projet {rng.choice(['HYDRO-LOC', 'SOLAR-EDU', 'TERRA-MIX', 'BIOREG'])} – budget du consortium" if fr else f"{rng.choice(['AQUA-NET', 'GREENGRID', 'MEDIX-AI', 'SOILCARE'])} – consortium budget"), 'title'),
                          (('Coûts indirects : 25 % des coûts directs hors sous-traitance' if fr else 'Indirect costs: 25% flat rate on direct costs excluding subcontracting'), 'subtitle')], row=0, col=0, merge_to=fc)
    plan.row = r0 + 1
    header(sh, plan.row, [(lc, 'Partenaire' if fr else 'Partner')] + list(zip(amt, cats)) + [(ic, 'Coûts indirects (25 %)' if fr else 'Indirect costs (25%)'), (tc, 'Total coûts éligibles' if fr else 'Total eligible costs'),
                          (rc, 'Taux de financement' if fr else 'Funding rate'), (fc, 'Financement demandé' if fr else 'Requested funding')]); plan.row += 1
    partners = (['P1 – Université de Lorraine (coordinateur)', 'P2 – CNRS', 'P3 – Hydrosoft SAS', 'P4 – Technopôle Sud', 'P5 – Ville de Metz', 'P6 – Agence de l’eau']
                if fr else ['P1 – University of Leeds (coordinator)', 'P2 – TU Delft', 'P3 – Fraunhofer IGD', 'P4 – GreenGrid Ltd (SME)', 'P5 – City of Aarhus', 'P6 – NGO WaterAid Europe'])
    np_ = rng.randint(4, 6)
    ks = []
    rates = []
    for n in range(np_):
        vals = [R(rng, 80000, 420000, 1000), R(rng, 5000, 30000, 500), rng.choice([0, R(rng, 5000, 60000, 1000)]), R(rng, 5000, 40000, 500), rng.choice([0, 0, R(rng, 10000, 50000, 1000)])]
        vals.append(round(0.25 * sum(vals[:4])))
        k = plan.item(partners[n], vals)
        ks.append(k)
        rates.append(1.0 if n < 2 or 'Ville' in partners[n] or 'City' in partners[n] else 0.7)
    plan.charges_total = plan.agg('TOTAL', ks, bold=True)
    plan.skip(1)
    sh.put(plan.row, 0, 'Taux de financement : 100 % organismes de recherche et publics, 70 % entreprises.' if fr else 'Funding rate: 100% for universities, research and public bodies, 70% for companies.', 'note')
    meta = dict(layout="consortium budget: partners as rows, cost categories as columns (+ indirect 25 % column), Total eligible costs column, funding rate and requested funding columns, TOTAL row",
                main=plan, inject=[dict(plan=plan, income=[], bal=None)], all=[dict(plan=plan)], partners=ks, rates=rates, cols=dict(ic=ic, tc=tc, rc=rc, fc=fc, amt=amt),
                periods=cats + [('Coûts indirects (25 %)' if fr else 'Indirect costs (25%)')])
    return book, meta

FAMILIES = [('commune', fam_commune, ['fr'] * 8), ('film', fam_film, ['fr'] * 4 + ['en'] * 4), ('club', fam_club, ['fr'] * 5 + ['en'] * 3),
            ('housing', fam_housing, ['fr'] * 7), ('training', fam_training, ['fr'] * 3 + ['en'] * 4), ('ukcharity', fam_ukcharity, ['en'] * 8),
            ('usfound', fam_usfound, ['en'] * 8), ('ngo', fam_ngo, ['fr'] * 4 + ['en'] * 4), ('ars', fam_ars, ['fr'] * 7), ('consortium', fam_consortium, ['fr'] * 3 + ['en'] * 3)]

KINDS = ['sum_omit', 'sum_typo', 'balance', 'result', 'rate', 'product', 'cross', 'missing', 'missing_total', 'stale']

def build_one(fname, fam, idx, lang, seed):
    rng = random.Random(seed)
    clean = rng.random() < 0.42
    producer = rng.choices(['xlsxwriter', 'openpyxl', 'odf', 'lo_ods'], [0.35, 0.3, 0.2, 0.15])[0]
    mode = rng.choice(['formula', 'typed', 'mixed'])
    book, meta = fam(rng, idx, lang)
    ctx = Ctx(rng, lang, producer)
    for d in meta['all']:
        set_modes(d['plan'], mode, rng)
    applied = []
    if not clean:
        n = rng.choices([1, 2, 3], [0.5, 0.35, 0.15])[0]
        kinds = KINDS + ['product', 'cross', 'result', 'stale', 'product', 'cross', 'missing_total']
        rng.shuffle(kinds)
        kinds = list(dict.fromkeys(kinds))
        for k in kinds:
            if len(applied) >= n:
                break
            tgt = rng.choice(meta['inject'])
            if fname == 'consortium' and k in ('rate', 'product', 'balance', 'result'):
                continue
            if inject(ctx, tgt['plan'], k, tgt.get('income', ()), tgt.get('bal')):
                applied.append(k)
    for d in meta['all']:
        d['plan'].finalize_cells()
    structs = [d['plan'].structure() for d in meta['all']]
    main = meta['main']
    S = main.sheet
    if fname == 'consortium':
        cols = meta['cols']
        sh = main.sh
        for k, rt in zip(meta['partners'], meta['rates']):
            r = main.by[k]['row']
            sh.put(r, cols['rc'], rt, 'pct')
            c = sh.put(r, cols['fc'], None, 'money_b')
            c.ast = ('mul', ('ref', S, r, cols['tc']), ('ref', S, r, cols['rc'])); c.typed = mode == 'typed'
            structs.append(dict(rates=[(S, (r, cols['ic']), 0.25, [(r, x) for x in cols['amt'][:4]])]))
        tr = main.by[main.charges_total]['row']
        c = sh.put(tr, cols['fc'], None, 'money_b')
        rows = [main.by[k]['row'] for k in meta['partners']]
        c.ast = ('sum', [('rng', S, min(rows), cols['fc'], max(rows), cols['fc'])]); c.typed = mode == 'typed'
        structs.append(dict(aggs=[(S, (tr, cols['fc']), [(x, cols['fc']) for x in rows], 'TOTAL requested funding')]))
    book.finalize()
    # text-number amounts (typed plans only, no derived/pct columns)
    if mode == 'typed' and not main.derived and not main.pct_col and rng.random() < 0.35:
        items = [rec for rec in main.recs if rec['kind'] == 'item']
        for rec in rng.sample(items, min(len(items), rng.choice([1, 2]))):
            for p, c in enumerate(main.amt_cols):
                cell = main.sh.cells.get((rec['row'], c))
                if cell is not None and isinstance(cell.value, (int, float)) and cell.value and cell.ast is None and cell.text is None:
                    cell.text = fmt_text(cell.value, lang, rng)
                    ctx.texts.append((S, (rec['row'], c)))
                    break
    st = merge_structs(*structs)
    findings = check(book, st, ctx.missing, ctx.texts)
    # ambiguous: blank-by-design schedule cells (ARS investment lines)
    if fname == 'ars' and meta['dash'] == '':
        for k in meta['inv']:
            r = main.by[k]['row']
            for c in main.amt_cols[1:]:
                if (r, c) not in main.sh.cells:
                    ctx.amb.append(f"{S}!{A1(r, c)}")
    return dict(book=book, meta=meta, ctx=ctx, findings=findings, clean=clean, producer=producer, mode=mode, applied=applied)

def periods_of(plan, meta):
    if meta.get('periods'):
        return meta['periods']
    out = []
    for c in plan.amt_cols:
        lab = None
        for (r, cc), cell in sorted(plan.sh.cells.items()):
            if cc == c and cell.style == 'h' and isinstance(cell.value, str):
                lab = cell.value
                break
        out.append(lab)
    return out

def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    if os.path.isdir(TMP):
        shutil.rmtree(TMP)
    os.makedirs(TMP + '/op'); os.makedirs(TMP + '/ods')
    pending = []
    for fi, (fname, fam, langs) in enumerate(FAMILIES):
        for idx, lang in enumerate(langs):
            seed = 20250611 + fi * 1000 + idx
            for attempt in range(30):
                res = build_one(fname, fam, idx, lang, seed + attempt * 100003)
                errs = [f for f in res['findings'] if f['rule'] != 'text-number']
                if res['clean'] and not errs:
                    break
                if not res['clean'] and errs and len(errs) <= 6:
                    break
            base = f"{lang}_{fname}_{idx + 1:02d}"
            ext = 'ods' if res['producer'] in ('odf', 'lo_ods') else 'xlsx'
            fn = f"{base}.{ext}"
            book, meta, ctx = res['book'], res['meta'], res['ctx']
            plan = meta['main']
            if res['producer'] == 'xlsxwriter':
                write_xlsxwriter(book, os.path.join(OUT, fn))
            elif res['producer'] == 'openpyxl':
                write_openpyxl(book, os.path.join(TMP, 'op', fn))
            elif res['producer'] == 'odf':
                for s in book.sheets:
                    s.hidden = False
                write_odf(book, os.path.join(OUT, fn))
            else:
                write_xlsxwriter(book, os.path.join(TMP, 'ods', base + '.xlsx'))
            truth = dict(file=fn, language=lang, family=fname, sheet=plan.sheet, layout=meta['layout'],
                         periods=periods_of(plan, meta),
                         totals=dict(charges=plan.totals(plan.charges_total), produits=plan.totals(plan.produits_total)),
                         findings=res['findings'], ambiguous=ctx.amb,
                         notes=f"producer {res['producer']}, computed cells {res['mode']}; injected: {', '.join(res['applied']) or 'none (clean)'}",
                         clean=res['clean'])
            json.dump(truth, open(os.path.join(OUT, fn + '.truth.json'), 'w'), ensure_ascii=False, indent=1)
            pending.append(fn)
    prof = 'file:///tmp/unseenE_lo_profile'
    op = glob.glob(TMP + '/op/*.xlsx')
    if op:
        subprocess.run(['soffice', f'-env:UserInstallation={prof}', '--headless', '--convert-to', 'xlsx', '--outdir', OUT] + sorted(op),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    od = glob.glob(TMP + '/ods/*.xlsx')
    if od:
        subprocess.run(['soffice', f'-env:UserInstallation={prof}', '--headless', '--convert-to', 'ods', '--outdir', OUT] + sorted(od),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(len(pending), 'workbooks')

if __name__ == '__main__':
    main()
