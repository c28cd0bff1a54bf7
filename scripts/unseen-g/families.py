"""Set G: the 14 families. Each returns a plan spec built from model nodes.

spec keys: family, lang, sheet, title, periods, months, sections [{side, head, nodes, total}],
pairs [(charges total, produits total)], result (node or None), final (ch, pr), qtycols, ecart,
extra [(label, node, divisor)], footer, cur, layout_hint.
"""
from model import I, G, R, P, B, LNK, Node


def grow(rng, base, n, step=10, lo=1.0, hi=1.08):
    out, v = [], base
    for i in range(n):
        out.append(round(v / step) * step)
        v *= rng.uniform(lo, hi)
    return out


def m(rng, lo, hi, step=50):
    return rng.randrange(lo, hi, step)


def finish(spec, ch_nodes, pr_nodes, L, ch_head, pr_head, ch_tot, pr_tot, result=None, bal=None):
    cht = Node("total", ch_tot, children=ch_nodes)
    prt = Node("total", pr_tot, children=pr_nodes)
    if bal is not None:
        bal.target = cht
        bal.others = [x for x in pr_nodes if x is not bal]
    spec["sections"] = [dict(side="charges", head=ch_head, nodes=ch_nodes, total=cht),
                        dict(side="produits", head=pr_head, nodes=pr_nodes, total=prt)]
    spec["pairs"] = [(cht, prt)]
    spec["final"] = (cht, prt)
    if result:
        spec["result"] = Node("result", result, others=[cht, prt], bold=True)
    return spec


def periods_pick(rng, lang, kind):
    y = rng.choice([2025, 2026])
    opts = {
        "years2": ([str(y), str(y + 1)], [12, 12]),
        "years3": ([str(y), str(y + 1), str(y + 2)], [12, 12, 12]),
        "nn1": (["N", "N+1"], [12, 12]),
        "one": ([f"Budget {y}" if lang == "en" else f"BP {y}"], [12]),
        "montant": (["Montant" if lang == "fr" else "Amount"], [None]),
    }
    return opts[kind]


# 1 ------------------------------------------------------------------ crèche / childcare
def creche(rng, lang, k):
    fr = lang == "fr"
    places = rng.choice([20, 24, 30, 40, 45])
    per, months = periods_pick(rng, lang, ["years2", "nn1", "one"][k % 3])
    if not fr:
        per = [f"FY{int(p) % 100}/{int(p) % 100 + 1}" if p.isdigit() else p for p in per]
    n = len(per)
    dir_m = rng.choice([3600, 3800, 3950, 4100])
    sal = [
        I("Direction (EJE, 1 ETP)" if fr else "Centre director (1 FTE)", [dir_m * 12] * n if n == 1 else grow(rng, dir_m * 12, n, 100),
          note=(f"{dir_m:,} €/mois".replace(",", "\u202f") if fr else f"${dir_m:,} per month") if n == 1 else None,
          unit=[dir_m] if n == 1 else None),
        I("Auxiliaires de puériculture" if fr else "Qualified educators", grow(rng, m(rng, 150000, 260000, 500), n, 100),
          note=(f"{places // 5} ETP" if fr else f"{places // 5} FTE")),
        I("Agents d'entretien et de cuisine" if fr else "Cook and cleaning staff", grow(rng, m(rng, 38000, 60000, 500), n, 100)),
    ]
    salg = G("Salaires bruts" if fr else "Gross salaries", sal)
    soc = R("Charges sociales (42 % des salaires bruts)" if fr else "On-costs (22% of gross salaries)", 0.42 if fr else 0.22, [salg])
    pers = G("Charges de personnel" if fr else "Staff costs", [salg, soc])
    fonct = G("Fonctionnement" if fr else "Operating costs", [
        I("Alimentation et repas" if fr else "Food and meals", grow(rng, places * m(rng, 900, 1300, 10), n)),
        I("Couches et produits d'hygiène" if fr else "Nappies and hygiene", grow(rng, places * m(rng, 200, 320, 10), n)),
        I("Matériel pédagogique" if fr else "Educational resources", grow(rng, m(rng, 3000, 7000, 100), n)),
        I("Loyer et charges locatives" if fr else "Rent and outgoings", grow(rng, m(rng, 24000, 48000, 500), n, 100, 1.0, 1.03)),
        I("Fluides (eau, énergie)" if fr else "Utilities", grow(rng, m(rng, 6000, 12000, 100), n)),
        I("Assurances" if fr else "Insurance", grow(rng, m(rng, 1500, 3500, 50), n)),
    ])
    siege = R("Frais de siège (6 % des charges directes)" if fr else "Head office levy (6% of direct costs)", 0.06, [pers, fonct])
    ch = [pers, fonct, siege]
    bal = B("Participation de la commune (solde)" if fr else "Council operating grant (balance)")
    if fr:
        pr = [I("Participations familiales", grow(rng, places * m(rng, 1400, 2200, 10), n)),
              G("Caisse d'allocations familiales", [
                  I("Prestation de service unique (PSU)", grow(rng, places * m(rng, 4800, 6200, 10), n)),
                  I("Bonus territoire CTG", grow(rng, places * 1200, n)),
              ], style="dont"),
              I("MSA", grow(rng, m(rng, 2000, 5000, 100), n)),
              I("Conseil départemental", grow(rng, m(rng, 8000, 20000, 500), n, 100)), bal]
    else:
        pr = [I("Child Care Subsidy (CCS)", grow(rng, places * m(rng, 9000, 12000, 10), n)),
              I("Parent gap fees", grow(rng, places * m(rng, 3000, 5000, 10), n)),
              I("Inclusion Support Programme", grow(rng, m(rng, 8000, 20000, 500), n, 100)), bal]
    spec = dict(family="creche", lang=lang, sheet=rng.choice(["Budget", "Budget crèche", "BP"] if fr else ["Budget", "Centre budget"]),
                title=[f"Multi-accueil « Les Petits Pas » — {places} places" if fr else f"Little Steps Early Learning Centre — {places} licensed places",
                       "Budget prévisionnel de fonctionnement" if fr else "Operating budget submitted to the council"],
                periods=per, months=months, cur="€" if fr else "A$",
                extra=[("Coût par place" if fr else "Cost per place", None, places)])
    finish(spec, ch, pr, lang, "CHARGES" if fr else "EXPENDITURE", "PRODUITS" if fr else "INCOME",
           "TOTAL CHARGES" if fr else "TOTAL EXPENDITURE", "TOTAL PRODUITS" if fr else "TOTAL INCOME",
           result=rng.choice([None, "RÉSULTAT" if fr else "Surplus / (deficit)"]), bal=bal)
    spec["extra"] = [(spec["extra"][0][0], spec["final"][0], places)]
    return spec


# 2 ------------------------------------------------------------------ réalisé vs prévisionnel
def execution(rng, lang, k):
    fr = lang == "fr"
    y = rng.choice([2023, 2024])
    per = [f"Prévisionnel {y}", f"Réalisé {y}"] if fr else [f"Budget {y}", f"Actual {y}"]
    if k == 1:
        per = ["Budget", "Réalisé"] if fr else ["Approved budget", "Actual"]

    def pr_(lo, hi, step=50, dv=0.12):
        b = m(rng, lo, hi, step)
        return [b, round(b * rng.uniform(1 - dv, 1 + dv) / 10) * 10]
    ch = [
        I("Achats (alimentation, fournitures d'activités)" if fr else "Program supplies", pr_(8000, 20000), code="60"),
        I("Services extérieurs (locations, transports)" if fr else "Venue hire and transport", pr_(4000, 12000), code="61"),
        I("Autres services extérieurs (intervenants)" if fr else "Contractors and facilitators", pr_(3000, 9000), code="62"),
        G("Charges de personnel" if fr else "Salaries and wages", [
            I("Animateurs (BAFA)" if fr else "Youth workers", pr_(60000, 110000, 500)),
            I("Direction de l'accueil" if fr else "Program coordinator", pr_(30000, 42000, 500, 0.05)),
        ], code="64"),
        I("Dotations aux amortissements" if fr else "Depreciation", pr_(1000, 3000), code="68"),
    ]
    bal = B("Fonds propres / report" if fr else "Organisation's own funds")
    if fr:
        pr = [I("Participations des familles", pr_(20000, 40000), code="70"),
              G("Subventions d'exploitation", [
                  I("Prestation de service ALSH (CAF)", pr_(25000, 45000)),
                  I("Commune", pr_(30000, 60000, 500)),
                  I("Département", pr_(3000, 8000)),
              ], code="74"), bal]
    else:
        pr = [I("Participant fees", pr_(15000, 30000)),
              I("State youth grant", pr_(40000, 70000, 500)),
              I("City of Ballarat community grant", pr_(10000, 25000, 500)),
              I("Sponsorship", pr_(2000, 6000)), bal]
    spec = dict(family="execution", lang=lang,
                sheet=rng.choice(["Bilan ALSH", "Compte rendu financier", "Bilan"] if fr else ["Acquittal", "Budget vs actual"]),
                title=["Accueil de loisirs sans hébergement — compte rendu financier" if fr else "Holiday program — grant acquittal report",
                       "Prestation de service : comparaison prévisionnel / réalisé" if fr else "Comparison of approved budget and actual spend"],
                periods=per, months=[12, 12], cur="€" if fr else "A$", ecart=True)
    return finish(spec, ch, pr, lang, "CHARGES" if fr else "EXPENDITURE", "PRODUITS" if fr else "INCOME",
                  "Total des charges" if fr else "Total expenditure", "Total des produits" if fr else "Total income",
                  result=rng.choice([None, "Résultat" if fr else "Surplus/(deficit)"]), bal=bal)


# 3 ------------------------------------------------------------------ sports federation actions
def sport(rng, lang, k):
    fr = lang == "fr"
    acts = (["Développement de la pratique féminine", "Sport-santé et reprise d'activité", "Formation des bénévoles et arbitres"]
            if fr else ["Walking football for over-55s", "Girls' participation programme", "Coach and volunteer education"])
    nacts = rng.choice([2, 3])
    per, months = (["Montant"], [None]) if fr and k % 2 == 0 else ((["2025", "2026"], [12, 12]) if k % 2 else (["Amount (£)"], [None]))
    n = len(per)
    blocks = []
    for a in range(nacts):
        lines = [
            I("Encadrement (éducateurs sportifs)" if fr else "Coaching sessions", grow(rng, m(rng, 3000, 9000, 100), n)),
            I("Matériel sportif" if fr else "Equipment", grow(rng, m(rng, 800, 3000, 50), n)),
            I("Location d'installations" if fr else "Facility hire", grow(rng, m(rng, 600, 2400, 50), n)),
            I("Déplacements" if fr else "Travel", grow(rng, m(rng, 300, 1500, 50), n)),
        ][: rng.choice([3, 4])]
        if a == 1:
            lines.append(I("Communication" if fr else "Promotion", grow(rng, m(rng, 200, 900, 50), n)))
        blocks.append(G((f"Action {a + 1} : " if fr else f"Activity {a + 1}: ") + acts[a], lines, style=k % 2 and "above" or "below",
                        sub_label=(f"Total action {a + 1}" if fr else f"Total activity {a + 1}")))
    bal = B("Fonds propres du comité" if fr else "Club reserves")
    if fr:
        ans = G("Agence nationale du sport (PSF)", [I(f"Action {a + 1}", grow(rng, m(rng, 1500, 4000, 100), n)) for a in range(nacts)], style="dont")
        pr = [ans, I("Ligue régionale", grow(rng, m(rng, 500, 2500, 100), n)),
              I("Conseil départemental", grow(rng, m(rng, 1000, 4000, 100), n)),
              I("Participations des licenciés", grow(rng, m(rng, 500, 2000, 50), n)), bal]
    else:
        pr = [I("Sport England Small Grant", grow(rng, m(rng, 4000, 10000, 100), n)),
              I("District council", grow(rng, m(rng, 1000, 3000, 100), n)),
              I("Participant subs", grow(rng, m(rng, 500, 2000, 50), n)), bal]
    spec = dict(family="sport", lang=lang, sheet=rng.choice(["PSF 2025", "Budget projet"] if fr else ["Project budget", "Budget"]),
                title=["Comité départemental de handball — Projet sportif fédéral 2025" if fr else "Riverside FC Community Trust — project budget",
                       "Budget prévisionnel par action" if fr else "Budget by activity"],
                periods=per, months=months, cur="€" if fr else "£")
    return finish(spec, blocks, pr, lang, "CHARGES" if fr else "EXPENDITURE", "PRODUITS" if fr else "INCOME",
                  "TOTAL DES CHARGES" if fr else "TOTAL PROJECT COST", "TOTAL DES PRODUITS" if fr else "TOTAL INCOME",
                  result=rng.choice([None, "Solde" if fr else "Balance"]), bal=bal)


# 4 ------------------------------------------------------------------ music school (students x fee)
def music(rng, lang, k):
    fr = lang == "fr"
    year = rng.choice(["2025-2026", "2024-2025"])
    per = [f"Année scolaire {year}" if fr else f"School year {year.replace('-', '/')}"]
    hours = m(rng, 1400, 2600, 10)
    rate = rng.choice([31.5, 33, 34.2, 36]) if fr else rng.choice([38, 42, 45])
    teach = P("Heures de cours des professeurs" if fr else "Teaching hours", [hours], [rate])
    soc = R("Charges sociales (45 % des rémunérations)" if fr else "Employer on-costs (14% of pay)", 0.45 if fr else 0.14, [teach])
    ch = [G("Personnel" if fr else "Staff", [teach, soc,
                                              I("Direction et secrétariat" if fr else "Head of school and admin", [m(rng, 30000, 48000, 500)])]),
          I("Achat et entretien d'instruments" if fr else "Instrument purchase and repair", [m(rng, 3000, 9000, 100)]),
          I("Partitions et droits (SEAM)" if fr else "Sheet music and licences", [m(rng, 600, 1800, 50)]),
          I("Location de salles" if fr else "Room hire", [m(rng, 4000, 12000, 100)]),
          I("Assurances" if fr else "Insurance", [m(rng, 800, 2000, 50)]),
          I("Concerts et auditions" if fr else "Concerts and recitals", [m(rng, 1000, 4000, 100)])]
    fees = [P("Élèves de moins de 18 ans" if fr else "Pupils under 18", [m(rng, 80, 180, 1)], [rng.choice([190, 210, 225])]),
            P("Élèves adultes" if fr else "Adult learners", [m(rng, 20, 60, 1)], [rng.choice([290, 320, 345])]),
            P("Éveil musical (4-6 ans)" if fr else "Early years music (4-6)", [m(rng, 15, 40, 1)], [rng.choice([140, 150, 165])]),
            P("Location d'instruments" if fr else "Instrument hire", [m(rng, 10, 40, 1)], [rng.choice([80, 90, 95])])]
    bal = B("Communauté de communes (solde)" if fr else "Local authority grant (balance)")
    pr = [G("Droits d'inscription" if fr else "Tuition fees", fees),
          I("Conseil départemental (schéma des enseignements artistiques)" if fr else "Music Education Hub", [m(rng, 8000, 20000, 500)]),
          I("Concerts (billetterie)" if fr else "Concert ticket sales", [m(rng, 800, 3000, 50)]), bal]
    spec = dict(family="music", lang=lang, sheet=rng.choice(["Budget", "BP école de musique"] if fr else ["Budget", "Budget 2025-26"]),
                title=["École intercommunale de musique du Val d'Oust" if fr else "Riverside Community Music School",
                       "Budget prévisionnel" if fr else "Annual budget"],
                periods=per, months=[None], cur="€" if fr else "£", qtycols=(k % 3 != 2))
    if not spec["qtycols"]:
        for f in fees:
            f.note = (f"{f.qty[0]} élèves × {f.price[0]} €" if fr else f"{f.qty[0]} pupils x £{f.price[0]}")
            f.kind = "item"
            f.vals = [f.qty[0] * f.price[0]]
        teach.kind, teach.vals = "item", [round(hours * rate, 2)]
        teach.note = f"{hours} h × {rate:g} €".replace(".", ",") if fr else f"{hours} h x £{rate:g}"
    return finish(spec, ch, pr, lang, "CHARGES" if fr else "EXPENDITURE", "PRODUITS" if fr else "INCOME",
                  "TOTAL CHARGES" if fr else "TOTAL EXPENDITURE", "TOTAL PRODUITS" if fr else "TOTAL INCOME",
                  result=rng.choice([None, "Résultat" if fr else "Net result"]), bal=bal)


# 5 ------------------------------------------------------------------ community garden
def garden(rng, lang, k):
    fr = lang == "fr"
    per = ["Montant"] if fr else ["Cost (£)"]
    inv = G("Investissement" if fr else "Capital items", [
        I("Clôture et portail" if fr else "Fencing and gate", [m(rng, 1500, 4000, 50)]),
        I("Abri de jardin" if fr else "Tool shed", [m(rng, 800, 2500, 50)]),
        I("Récupérateurs d'eau de pluie" if fr else "Rainwater butts", [m(rng, 200, 600, 10)]),
        I("Bacs surélevés (PMR)" if fr else "Raised beds (accessible)", [m(rng, 600, 1800, 50)]),
        I("Outillage" if fr else "Hand tools", [m(rng, 300, 900, 10)]),
    ])
    fon = G("Fonctionnement" if fr else "Running costs", [
        I("Semences et plants" if fr else "Seeds and plants", [m(rng, 200, 700, 10)]),
        I("Eau" if fr else "Water", [m(rng, 150, 500, 10)]),
        I("Assurance" if fr else "Insurance", [m(rng, 150, 400, 10)]),
        I("Ateliers et animations" if fr else "Workshops", [m(rng, 400, 1500, 50)]),
    ])
    ch = [inv, fon]
    bal = B("Fonds propres de l'association" if fr else "Group's own funds")
    pr = [I("Ville — appel à projets « Végétalisons »" if fr else "National Lottery Awards for All", [m(rng, 2000, 5000, 100)]),
          I("Bailleur social (Habitat 35)" if fr else "Housing association", [m(rng, 500, 2000, 100)]),
          I("Fondation d'entreprise" if fr else "Local business sponsorship", [m(rng, 300, 1500, 50)]),
          I("Cotisations des jardiniers" if fr else "Plot holder fees", [m(rng, 10, 40, 1) * 15]), bal]
    spec = dict(family="garden", lang=lang, sheet=rng.choice(["Budget", "Plan de financement"] if fr else ["Budget", "Sheet1"]),
                title=["Jardin partagé des Tilleuls — création 2025" if fr else "Hollybank Community Garden — setting-up budget"],
                periods=per, months=[None], cur="€" if fr else "£", layout_hint="sbs" if k in (0, 2) and fr else None)
    return finish(spec, ch, pr, lang, "DÉPENSES" if fr else "Costs", "RECETTES" if fr else "Funding",
                  "TOTAL DÉPENSES" if fr else "Total costs", "TOTAL RECETTES" if fr else "Total funding", bal=bal)


# 6 ------------------------------------------------------------------ refugee support per beneficiary
def refugee(rng, lang, k):
    fr = lang == "fr"
    nb = m(rng, 30, 90, 5)
    single = k % 2 == 0
    per = ([f"{nb} bénéficiaires" if fr else "FY2026"] if single else (["2025", "2026"] if fr else ["FY2025", "FY2026"]))
    n = len(per)
    if single:
        lines = [P("Accompagnement social et administratif" if fr else "Case management (per family)", [nb], [rng.choice([1450, 1600, 1200])]),
                 P("Cours de français (FLE)" if fr else "English language classes", [nb], [rng.choice([380, 420, 450])]),
                 P("Aide au logement (premier mois)" if fr else "Housing assistance (first month)", [nb], [rng.choice([650, 720, 2400])]),
                 P("Interprétariat (heures)" if fr else "Interpreting (hours)", [nb * 6], [rng.choice([35, 38, 42])]),
                 I("Coordination du programme" if fr else "Program coordination", [m(rng, 30000, 45000, 500)])]
    else:
        lines = [I("Accompagnement social et administratif" if fr else "Case management", grow(rng, nb * 1450, n, 50),
                   note=(f"{nb} personnes × 1 450 €" if fr else f"{nb} families x $1,450")),
                 I("Cours de français (FLE)" if fr else "English language classes", grow(rng, nb * 400, n, 50)),
                 I("Aide au logement" if fr else "Housing assistance", grow(rng, nb * 700, n, 50)),
                 I("Interprétariat" if fr else "Interpreting", grow(rng, nb * 200, n, 50)),
                 I("Coordination du programme" if fr else "Program coordination", grow(rng, m(rng, 30000, 45000, 500), n, 100))]
    direct = G("Coûts directs" if fr else "Direct program costs", lines)
    ind = R("Frais de structure (10 % des coûts directs)" if fr else "Indirect costs (10% de minimis)", 0.10, [direct])
    ch = [direct, ind]
    bal = B("Fonds propres" if fr else "Agency match (cash)")
    if fr:
        pr = [I("DIAIR / État (BOP 104)", grow(rng, m(rng, 40000, 80000, 1000), n, 100)),
              I("Région", grow(rng, m(rng, 5000, 15000, 500), n, 100)),
              I("Ville", grow(rng, m(rng, 3000, 10000, 500), n, 100)),
              I("Fondation de France", grow(rng, m(rng, 5000, 15000, 500), n, 100)), bal]
    else:
        pr = [I("ORR Reception & Placement", grow(rng, m(rng, 40000, 80000, 1000), n, 100)),
              I("County human services", grow(rng, m(rng, 5000, 15000, 500), n, 100)),
              I("Community foundation", grow(rng, m(rng, 5000, 15000, 500), n, 100)), bal]
    hdr = {"qty": "Bénéficiaires" if fr else "Beneficiaries", "price": "Coût unitaire" if fr else "Unit cost"}
    spec = dict(family="refugee", lang=lang, sheet=rng.choice(["Budget", "Budget programme"] if fr else ["Program Budget", "Budget"]),
                title=["Programme d'accueil et d'intégration des personnes réfugiées" if fr else "Refugee Resettlement & Integration Program",
                       f"Budget prévisionnel — {nb} bénéficiaires" if fr else f"Budget request — {nb} families"],
                periods=per, months=[12] * n if not single else [None], cur="€" if fr else "$", qtycols=single, hdr=hdr)
    return finish(spec, ch, pr, lang, "DÉPENSES" if fr else "EXPENSES", "RESSOURCES" if fr else "REVENUE",
                  "TOTAL DÉPENSES" if fr else "TOTAL EXPENSES", "TOTAL RESSOURCES" if fr else "TOTAL REVENUE", bal=bal)


# 7 ------------------------------------------------------------------ open-source software project
def oss(rng, lang, k):
    fr = lang == "fr"
    single = k % 2 == 0
    rate = rng.choice([450, 500, 550, 600])
    if single:
        per = ["Montant (€)" if fr else "Amount (EUR)"]
        work = [P(("Tâche " if fr else "Task ") + t, [m(rng, 10, 60, 1)], [rate]) for t in
                (["1 : refonte du parseur", "2 : API et documentation", "3 : tests et intégration continue", "4 : audit de sécurité"]
                 if fr else ["1: parser rewrite", "2: API and docs", "3: CI and test suite", "4: security audit"])]
    else:
        per = ["Jalon 1 (M1-M6)", "Jalon 2 (M7-M12)"] if fr else ["Milestone 1 (M1-M6)", "Milestone 2 (M7-M12)"]
        work = [I(("Développement" if fr else "Development"), grow(rng, m(rng, 20, 50, 1) * rate, 2, 50),
                  note=f"{rate} €/jour" if fr else f"day rate €{rate}"),
                I(("Documentation et communauté" if fr else "Documentation and community"), grow(rng, m(rng, 5, 20, 1) * rate, 2, 50)),
                I(("Audit de sécurité (prestataire)" if fr else "Security audit (subcontracted)"), [0, m(rng, 6000, 12000, 500)])]
    staff = G("Personnel" if fr else "Personnel", work)
    other = G("Autres coûts directs" if fr else "Other direct costs", [
        I("Serveurs et CI" if fr else "Hosting and CI", [m(rng, 600, 2400, 100)] * len(per)),
        I("Déplacements (conférences)" if fr else "Travel (conferences)", [m(rng, 800, 3000, 100)] * len(per)),
    ])
    ind = R("Coûts indirects (7 % des coûts directs)" if fr else "Indirect costs (7% of direct costs)", 0.07, [staff, other], rnd=False)
    ch = [staff, other, ind]
    bal = B("Contribution propre" if fr else "Own contribution")
    pr = [I("NLnet — NGI Zero Commons Fund", [m(rng, 20000, 50000, 1000)] * len(per)),
          I("Sovereign Tech Fund" if not fr else "Fonds de soutien (STF)", [m(rng, 5000, 20000, 1000)] * len(per)),
          I("Sponsors (GitHub / Open Collective)", [m(rng, 1000, 5000, 100)] * len(per)), bal]
    hdr = {"qty": "Jours" if fr else "Person-days", "price": "TJM" if fr else "Day rate"}
    spec = dict(family="oss", lang=lang, sheet=rng.choice(["Budget", "Budget projet"] if fr else ["Budget", "budget"]),
                title=["Projet libre « libcadastre » — demande de financement" if fr else "libgeotiff-ng — funding proposal budget"],
                periods=per, months=[None] if single else [6, 6], cur="€", qtycols=single, hdr=hdr)
    return finish(spec, ch, pr, lang, "COÛTS" if fr else "COSTS", "FINANCEMENT" if fr else "FUNDING",
                  "TOTAL DES COÛTS" if fr else "TOTAL COSTS", "TOTAL FINANCEMENT" if fr else "TOTAL FUNDING",
                  result=rng.choice([None, "Écart" if fr else "Balance"]), bal=bal)


# 8 ------------------------------------------------------------------ artist residency
def residency(rng, lang, k):
    fr = lang == "fr"
    per = (["Résidence 1 (printemps)", "Résidence 2 (automne)"] if fr else ["Cohort A (spring)", "Cohort B (autumn)"])
    if k == 2:
        per = per + (["Résidence 3 (hiver)"] if fr else ["Cohort C (winter)"])
    n = len(per)
    ch = [G("Artistes" if fr else "Artists", [
              I("Bourses de création" if fr else "Artist fees", grow(rng, m(rng, 2000, 5000, 100), n, 100, 0.9, 1.2)),
              I("Per diem" if fr else "Per diems", grow(rng, m(rng, 20, 45, 1) * 25, n, 25, 0.8, 1.2)),
              I("Voyages" if fr else "Travel", grow(rng, m(rng, 400, 1500, 50), n, 50, 0.7, 1.4))]),
          I("Matériaux et production" if fr else "Materials and production", grow(rng, m(rng, 800, 3000, 50), n, 50, 0.8, 1.3)),
          I("Restitution publique" if fr else "Open studio and public event", grow(rng, m(rng, 500, 1500, 50), n, 50, 0.8, 1.3)),
          I("Communication" if fr else "Promotion", grow(rng, m(rng, 200, 800, 50), n, 50, 0.8, 1.3))]
    gest = R("Frais de gestion (10 % des dépenses ci-dessus)" if fr else "Administration (10% of the costs above)", 0.10, list(ch))
    ch.append(gest)
    bal = B("Fonds propres" if fr else "Organisation contribution")
    pr = ([I("DRAC — aide aux résidences", grow(rng, m(rng, 2000, 5000, 100), n, 100, 0.9, 1.1)),
           I("Région", grow(rng, m(rng, 1000, 3000, 100), n, 100, 0.9, 1.1)),
           I("Commune (mise à disposition valorisée)", grow(rng, m(rng, 500, 1500, 50), n, 50, 1, 1)),
           I("Mécénat", grow(rng, m(rng, 300, 1500, 50), n, 50, 0.8, 1.2)), bal]
          if fr else
          [I("Arts council project grant", grow(rng, m(rng, 3000, 6000, 100), n, 100, 0.9, 1.1)),
           I("City cultural fund", grow(rng, m(rng, 1000, 3000, 100), n, 100, 0.9, 1.1)),
           I("Private donors", grow(rng, m(rng, 300, 1500, 50), n, 50, 0.8, 1.2)), bal])
    spec = dict(family="residency", lang=lang, sheet=rng.choice(["Budget résidences", "Budget"] if fr else ["Residency budget", "Budget"]),
                title=["Ateliers du Moulin — programme de résidences d'artistes" if fr else "Millhouse Studios — artist-in-residence programme",
                       "Budget prévisionnel par résidence" if fr else "Budget per cohort"],
                periods=per, months=[None] * n, cur="€" if fr else "$", force_total=True)
    return finish(spec, ch, pr, lang, "DÉPENSES" if fr else "EXPENSES", "RECETTES" if fr else "INCOME",
                  "TOTAL DÉPENSES" if fr else "TOTAL EXPENSES", "TOTAL RECETTES" if fr else "TOTAL INCOME",
                  result=rng.choice([None, "Résultat" if fr else "Net"]), bal=bal)


# 9 ------------------------------------------------------------------ Interreg partner blocks
def interreg(rng, lang, k):
    fr = lang == "fr"
    partners = (["PC — Ville de Longwy (chef de file)", "P2 — Université du Luxembourg", "P3 — Province de Luxembourg (BE)"]
                if fr else ["LP — Kortrijk city council", "PP2 — Université de Lille", "PP3 — Howest University of Applied Sciences"])
    nb = rng.choice([2, 3])
    per, months = (["Budget total"] if fr else ["Total budget"], [None]) if k % 2 == 0 else ((["2025", "2026", "2027"], [12] * 3))
    n = len(per)
    blocks = []
    for i in range(nb):
        staff = I("Frais de personnel" if fr else "Staff costs", grow(rng, m(rng, 40000, 120000, 1000), n, 500, 0.9, 1.1))
        office = R("Frais de bureau et administratifs (15 % des frais de personnel)" if fr else "Office and administration (15% of staff costs)",
                   0.15, [staff], rnd=False)
        lines = [staff, office,
                 I("Frais de déplacement" if fr else "Travel and accommodation", grow(rng, m(rng, 2000, 8000, 100), n, 100)),
                 I("Expertise externe" if fr else "External expertise and services", grow(rng, m(rng, 5000, 40000, 500), n, 500, 0.5, 1.5))]
        if i == 0:
            lines.append(I("Équipement" if fr else "Equipment", grow(rng, m(rng, 3000, 20000, 500), n, 500, 0.3, 1.0)))
        blocks.append(G(partners[i], lines, style="below", sub_label=(f"Total {partners[i].split(' — ')[0]}")))
    rate = rng.choice([0.6, 0.8])
    tot = Node("total", "TOTAL DU PROJET" if fr else "TOTAL PROJECT BUDGET", children=blocks)
    feder = R(f"FEDER ({int(rate * 100)} % du coût total)" if fr else f"ERDF ({int(rate * 100)}% of total eligible costs)", rate, [tot], rnd=False)
    contribs = [R((f"Contrepartie {partners[i].split(' — ')[0]} ({int(round((1 - rate) * 100))} % du budget du partenaire)" if fr else f"{partners[i].split(' — ')[0]} own contribution ({int(round((1 - rate) * 100))}% of partner budget)"), round(1 - rate, 2), [blocks[i]], rnd=False) for i in range(nb)]
    cg = G("Contreparties des partenaires" if fr else "Partner contributions", contribs, style="above")
    prt = Node("total", "TOTAL DES RESSOURCES" if fr else "TOTAL FUNDING", children=[feder, cg])
    spec = dict(family="interreg", lang=lang, sheet=rng.choice(["Plan financier", "Budget"] if fr else ["Budget", "Financial plan"]),
                title=["Interreg VI A Grande Région — projet TRANSFRONT" if fr else "Interreg VI-A France-Wallonie-Vlaanderen — project BORDERLINK",
                       "Plan financier par partenaire" if fr else "Budget per partner"],
                periods=per, months=months, cur="€")
    spec["sections"] = [dict(side="charges", head="DÉPENSES" if fr else "EXPENDITURE", nodes=blocks, total=tot),
                        dict(side="produits", head="RESSOURCES" if fr else "FUNDING", nodes=[feder, cg], total=prt)]
    spec["pairs"] = [(tot, prt)]
    spec["final"] = (tot, prt)
    return spec


# 10 ----------------------------------------------------------------- community radio / local paper
def radio(rng, lang, k):
    fr = lang == "fr"
    paper = k % 2 == 1
    per, months = periods_pick(rng, lang, ["years2", "one", "nn1"][k % 3])
    n = len(per)
    if paper:
        subs = m(rng, 600, 1500, 10)
        price = rng.choice([45, 48, 52])
        pr_sales = [I("Abonnements" if fr else "Subscriptions", grow(rng, subs * price, n, 10), note=(f"{subs} abonnés × {price} €" if fr else f"{subs} subscribers x ${price}")),
                    I("Ventes au numéro" if fr else "Newsstand sales", grow(rng, m(rng, 5000, 15000, 100), n, 100)),
                    I("Publicité et annonces légales" if fr else "Advertising", grow(rng, m(rng, 15000, 40000, 500), n, 500))]
        ch_main = [I("Impression" if fr else "Printing", grow(rng, m(rng, 20000, 45000, 500), n, 500)),
                   I("Distribution (portage, La Poste)" if fr else "Distribution", grow(rng, m(rng, 8000, 18000, 100), n, 100))]
    else:
        pr_sales = [I("Publicité locale (plafond 20 % du CA)" if fr else "On-air sponsorship", grow(rng, m(rng, 6000, 15000, 100), n, 100)),
                    I("Adhésions et dons" if fr else "Memberships and donations", grow(rng, m(rng, 3000, 9000, 100), n, 100))]
        ch_main = [I("Diffusion (émetteur, TDF)" if fr else "Transmitter and streaming", grow(rng, m(rng, 6000, 14000, 100), n, 100)),
                   I("Droits SACEM / SPRÉ" if fr else "Music licensing (PRS/PPL)", grow(rng, m(rng, 1500, 4000, 50), n, 50))]
    staff = G("Personnel" if fr else "Staff", [
        I("Journaliste / rédacteur en chef" if fr else "Station manager / editor", grow(rng, m(rng, 32000, 45000, 500), n, 500)),
        I("Animateurs et techniciens" if fr else "Producers and technicians", grow(rng, m(rng, 25000, 60000, 500), n, 500)),
    ])
    ch = [staff] + ch_main + [I("Loyer et charges" if fr else "Premises", grow(rng, m(rng, 6000, 12000, 100), n, 100)),
                              I("Matériel et informatique" if fr else "Equipment and IT", grow(rng, m(rng, 2000, 6000, 100), n, 100))]
    bal = B("Fonds propres" if fr else "Reserves")
    subv = ([I("FSER (subvention d'exploitation)" if not paper else "Fonds stratégique pour le développement de la presse", grow(rng, m(rng, 25000, 45000, 500), n, 500)),
             I("Région", grow(rng, m(rng, 5000, 15000, 500), n, 500)),
             I("Département", grow(rng, m(rng, 2000, 8000, 500), n, 500))]
            if fr else
            [I("Community Radio Fund (Ofcom)" if not paper else "Local journalism initiative", grow(rng, m(rng, 15000, 40000, 500), n, 500)),
             I("Local council", grow(rng, m(rng, 2000, 8000, 500), n, 500))])
    pr = pr_sales + [G("Subventions" if fr else "Grants", subv), bal]
    spec = dict(family="radio", lang=lang,
                sheet=rng.choice(["Budget", "BP radio" if not paper else "BP journal"] if fr else ["Budget", "Station budget" if not paper else "Paper budget"]),
                title=[("Radio Vallée FM — association loi 1901" if not paper else "L'Écho du Bocage — journal local coopératif") if fr else
                       ("Hillside Community Radio CIC" if not paper else "The Eastbrook Courier (co-operative)"),
                       "Budget prévisionnel" if fr else "Budget forecast"],
                periods=per, months=months, cur="€" if fr else ("£" if not paper else "$"))
    return finish(spec, ch, pr, lang, "CHARGES" if fr else "EXPENDITURE", "PRODUITS" if fr else "INCOME",
                  "Total charges" if fr else "Total expenditure", "Total produits" if fr else "Total income",
                  result=rng.choice([None, "Résultat de l'exercice" if fr else "Surplus"]), bal=bal)


# 11 ----------------------------------------------------------------- food bank with in-kind valuation
def foodbank(rng, lang, k):
    fr = lang == "fr"
    per = [rng.choice(["Exercice 2025", "Budget 2025"])] if fr else ["2025 budget"]
    ch = [I("Achats de denrées complémentaires" if fr else "Food purchases", [m(rng, 8000, 25000, 100)]),
          I("Carburant et entretien des véhicules" if fr else "Vehicle fuel and maintenance", [m(rng, 4000, 10000, 100)]),
          I("Loyer de l'entrepôt" if fr else "Warehouse rent", [m(rng, 6000, 18000, 100)]),
          I("Énergie (chambres froides)" if fr else "Energy (cold rooms)", [m(rng, 3000, 8000, 100)]),
          I("Salaire coordinateur (1 ETP)" if fr else "Coordinator salary (1 FTE)", [m(rng, 32000, 42000, 500)])]
    bal = B("Fonds propres" if fr else "Reserves")
    pr = [I("Subvention CCAS / Ville" if fr else "City grant", [m(rng, 10000, 25000, 500)]),
          I("Département (aide alimentaire)" if fr else "State emergency relief grant", [m(rng, 5000, 15000, 500)]),
          I("Dons des particuliers" if fr else "Individual donations", [m(rng, 3000, 10000, 100)]),
          I("Participation des bénéficiaires" if fr else "Shopper contributions", [m(rng, 1000, 4000, 100)]), bal]
    vol_h = m(rng, 6000, 15000, 100)
    food = m(rng, 150000, 400000, 1000)
    prem = m(rng, 5000, 12000, 500)
    cvn_ch = [I("Secours en nature (denrées données, valorisées)" if fr else "Donated food (valued)", [food]),
              I("Mise à disposition gratuite de locaux" if fr else "Donated premises", [prem]),
              I(f"Personnel bénévole ({vol_h:,} h × 11,88 €)".replace(",", "\u202f").replace(".", ",", 1) if fr else f"Volunteer time ({vol_h:,} h x $32.00)",
                [round(vol_h * (11.88 if fr else 32.0), 2)])]
    cvn_pr = [I("Dons en nature" if fr else "In-kind food donations", [food]),
              I("Prestations en nature" if fr else "In-kind premises", [prem]),
              I("Bénévolat" if fr else "Volunteer labour", [round(vol_h * (11.88 if fr else 32.0), 2)])]
    cht = Node("total", "Total des charges" if fr else "Total cash expenses", children=ch)
    prt = Node("total", "Total des produits" if fr else "Total cash income", children=pr)
    bal.target, bal.others = cht, pr[:-1]
    c86 = Node("total", "Total contributions en nature (charges)" if fr else "Total in-kind (uses)", children=cvn_ch)
    c87 = Node("total", "Total contributions en nature (produits)" if fr else "Total in-kind (sources)", children=cvn_pr)
    fch = Node("total", "TOTAL DES CHARGES" if fr else "TOTAL EXPENSES INCLUDING IN-KIND", children=[cht, c86])
    fpr = Node("total", "TOTAL DES PRODUITS" if fr else "TOTAL INCOME INCLUDING IN-KIND", children=[prt, c87])
    spec = dict(family="foodbank", lang=lang, sheet=rng.choice(["Budget", "Budget 2025"] if fr else ["Budget", "Budget 2025"]),
                title=["Épicerie solidaire « Le Panier » — budget prévisionnel avec valorisation" if fr else "Northside Community Food Bank — budget with in-kind"],
                periods=per, months=[12], cur="€" if fr else "$", layout_hint="sbs" if fr and k == 1 else None)
    ch_h, pr_h = ("CHARGES", "PRODUITS") if fr else ("EXPENSES", "INCOME")
    if spec["layout_hint"] == "sbs":
        spec["sections"] = [dict(side="charges", head=ch_h, nodes=ch, total=cht), dict(side="produits", head=pr_h, nodes=pr, total=prt),
                            dict(side="charges", head="86 — Emplois des contributions volontaires en nature", nodes=cvn_ch, total=c86),
                            dict(side="produits", head="87 — Contributions volontaires en nature", nodes=cvn_pr, total=c87),
                            dict(side="charges", head=None, nodes=[], total=fch), dict(side="produits", head=None, nodes=[], total=fpr)]
    else:
        spec["sections"] = [dict(side="charges", head=ch_h, nodes=ch, total=cht),
                            dict(side="charges", head="Contributions volontaires en nature — emplois" if fr else "In-kind contributions (uses)", nodes=cvn_ch, total=c86),
                            dict(side="charges", head=None, nodes=[], total=fch),
                            dict(side="produits", head=pr_h, nodes=pr, total=prt),
                            dict(side="produits", head="Contributions volontaires en nature — ressources" if fr else "In-kind contributions (sources)", nodes=cvn_pr, total=c87),
                            dict(side="produits", head=None, nodes=[], total=fpr)]
    spec["pairs"] = [(cht, prt), (c86, c87), (fch, fpr)]
    spec["final"] = (fch, fpr)
    return spec


# 12 ----------------------------------------------------------------- cash / in-kind community grant
def cashinkind(rng, lang, k):
    fr = lang == "fr"
    per = ["Espèces", "Nature"] if fr else (["Cash", "In-kind"] if k % 2 else ["Cash ($)", "In-kind ($)"])
    vh = m(rng, 200, 800, 10)
    vr = rng.choice([28.5, 32.0, 35.0, 45.1]) if not fr else rng.choice([20, 25])
    ch = [I("Coordonnateur de projet" if fr else "Project coordinator (0.4 FTE)", [m(rng, 12000, 30000, 500), 0]),
          I("Bénévoles" if fr else "Volunteer hours", [0, round(vh * vr, 2)], note=(f"{vh} h × {vr:g} $" if fr else f"{vh} h @ ${vr:.2f}/h")),
          I("Location de salle" if fr else "Hall hire", [0, m(rng, 1000, 4000, 100)], note="Prêt municipal" if fr else "Provided by the municipality"),
          I("Matériel et fournitures" if fr else "Supplies and materials", [m(rng, 1500, 5000, 100), m(rng, 0, 1500, 100)]),
          I("Transport des participants" if fr else "Participant transport", [m(rng, 500, 3000, 100), 0]),
          I("Promotion", [m(rng, 300, 1200, 50), m(rng, 0, 800, 50)])]
    ch.append(I("Frais d'administration" if fr else "Administration", [m(rng, 500, 2000, 50), 0]))
    bal = B("Contribution de l'organisme" if fr else "Applicant organisation contribution")
    tot_ik = sum(x.vals[1] for x in ch)
    own = round(tot_ik * rng.uniform(0.2, 0.5), -1)
    pr = [I("Subvention demandée (Programme Nouveaux Horizons)" if fr else "This grant request", [m(rng, 10000, 25000, 500), 0]),
          I("Municipalité" if fr else "Municipality", [m(rng, 1000, 4000, 100), 0]),
          I("Partenaires (dons en nature)" if fr else "Partner in-kind support", [0, tot_ik - own]), bal]
    spec = dict(family="cashinkind", lang=lang, sheet=rng.choice(["Budget", "Budget du projet"] if fr else ["Budget", "Project Budget"]),
                title=["Programme Nouveaux Horizons pour les aînés — budget du projet" if fr else
                       rng.choice(["Community Foundation grant — project budget", "Stronger Communities Programme — budget"])],
                periods=per, months=[None, None], cur="$", force_total=True)
    finish(spec, ch, pr, lang, "DÉPENSES" if fr else "EXPENSES", "REVENUS" if fr else "REVENUE",
           "Total des dépenses" if fr else "Total expenses", "Total des revenus" if fr else "Total revenue", bal=bal)
    return spec


# 13 ----------------------------------------------------------------- hospital foundation equipment appeal
def hospital(rng, lang, k):
    fr = lang == "fr"
    per = ["Montant TTC" if fr else "Amount"]
    items = ([("Couveuses de soins intensifs", 4, 28500), ("Moniteurs multiparamétriques", 10, 6200), ("Pousse-seringues", 20, 1450),
              ("Lampes de photothérapie", 3, 4800), ("Fauteuils de peau-à-peau", 8, 1900)]
             if fr else [("Paediatric ventilators", 2, 42000), ("Patient monitors", 12, 5800), ("Infusion pumps", 18, 1600),
                         ("Sensory room fit-out", 1, 24000), ("Parent recliner chairs", 10, 1150)])
    rng.shuffle(items)
    eq = [P(lab, [q], [p]) for lab, q, p in items[: rng.choice([4, 5])]]
    eqg = G("Équipements" if fr else "Equipment", eq)
    ch = [eqg, I("Installation et formation des équipes" if fr else "Installation and staff training", [m(rng, 5000, 15000, 500)]),
          R("Aléas (5 % des équipements)" if fr else "Contingency (5% of equipment)", 0.05, [eqg])]
    bal = B("Fonds propres de la fondation" if fr else "Foundation reserves")
    camp = G("Campagne de dons" if fr else "Public appeal", [
        I("Grands donateurs" if fr else "Major gifts", [m(rng, 40000, 120000, 1000)]),
        I("Événements (course solidaire, gala)" if fr else "Events (fun run, gala)", [m(rng, 10000, 40000, 500)]),
        I("Collecte en ligne" if fr else "Online giving", [m(rng, 5000, 25000, 500)])], style=rng.choice(["dont", "above"]))
    pr = [camp, I("Mécénat d'entreprises" if fr else "Corporate partners", [m(rng, 20000, 60000, 1000)]),
          I("CHU — budget d'investissement" if fr else "Hospital capital budget", [m(rng, 30000, 80000, 1000)]), bal]
    hdr = {"qty": "Qté", "price": "Prix unitaire TTC" if fr else "Unit price"}
    spec = dict(family="hospital", lang=lang, sheet=rng.choice(["Campagne", "Budget"] if fr else ["Appeal budget", "Budget"]),
                title=["Fondation du CHU — campagne « Néonatalogie 2025 »" if fr else "St Columba's Hospital Foundation — Children's Ward Appeal",
                       "Plan de financement" if fr else "Funding plan"],
                periods=per, months=[None], cur="€" if fr else "£", qtycols=True, hdr=hdr)
    return finish(spec, ch, pr, lang, "DÉPENSES" if fr else "PROJECT COSTS", "FINANCEMENT" if fr else "FUNDING",
                  "COÛT TOTAL DU PROJET" if fr else "TOTAL PROJECT COST", "TOTAL FINANCEMENT" if fr else "TOTAL FUNDING",
                  result=rng.choice([None, "Solde (ressources - dépenses)" if fr else "Balance (funding less costs)"]), bal=bal)


# 14 ----------------------------------------------------------------- municipal budget (two sections)
def municipal(rng, lang, k):
    fr = lang == "fr"
    per = (["BP 2024", "BP 2025"] if k % 2 == 0 else ["Budget primitif 2025"]) if fr else (["2024/25", "2025/26"] if k % 2 == 0 else ["Budget 2025/26"])
    n = len(per)
    g = lambda lo, hi, st=1000: grow(rng, m(rng, lo, hi, st), n, 100, 0.97, 1.06)
    if fr:
        fd_items = [I("Charges à caractère général", g(300000, 600000), code="011"),
                    I("Charges de personnel et frais assimilés", g(600000, 1200000), code="012"),
                    I("Autres charges de gestion courante", g(100000, 250000), code="65"),
                    I("Charges financières", g(20000, 60000), code="66")]
        fr_items = [I("Produits des services", g(80000, 200000), code="70"),
                    I("Impôts et taxes", g(900000, 1600000), code="73"),
                    I("Dotations et participations", g(300000, 600000), code="74"),
                    I("Autres produits de gestion courante", g(20000, 60000), code="75")]
        vir = B("Virement à la section d'investissement", code="023")
        vir.target = None
        idp = [I("Immobilisations incorporelles (études)", g(20000, 60000), code="20"),
               I("Immobilisations corporelles (travaux)", g(300000, 700000), code="21"),
               I("Remboursement d'emprunts", g(60000, 150000), code="16")]
        ir_items = [I("Dotations, fonds divers (FCTVA)", g(40000, 100000), code="10"),
                    I("Subventions d'investissement reçues", g(100000, 250000), code="13")]
        emp = B("Emprunts", code="16")
        names = ("SECTION DE FONCTIONNEMENT", "SECTION D'INVESTISSEMENT", "Dépenses de fonctionnement", "Recettes de fonctionnement",
                 "Dépenses d'investissement", "Recettes d'investissement", "Total dépenses de fonctionnement", "Total recettes de fonctionnement",
                 "Total dépenses d'investissement", "Total recettes d'investissement", "TOTAL GÉNÉRAL DES DÉPENSES", "TOTAL GÉNÉRAL DES RECETTES",
                 "Virement de la section de fonctionnement")
    else:
        fd_items = [I("Employees", g(150000, 300000), code="E"), I("Premises", g(40000, 90000), code="P"),
                    I("Supplies and services", g(30000, 80000), code="S"), I("Grants to local groups", g(10000, 30000), code="G")]
        fr_items = [I("Precept", g(330000, 480000), code="I1"), I("Allotment and hall rents", g(10000, 30000), code="I2"),
                    I("Burial fees", g(5000, 15000), code="I3")]
        vir = B("Revenue contribution to capital (RCCO)", code="RC")
        idp = [I("Play area renewal", g(20000, 80000), code="C1"), I("Village hall roof", g(30000, 90000), code="C2"),
               I("Loan repayments (PWLB)", g(8000, 20000), code="C3")]
        ir_items = [I("CIL receipts", g(5000, 30000), code="K1"), I("Grants (district council)", g(10000, 40000), code="K2")]
        emp = B("Public Works Loan Board borrowing", code="K3")
        names = ("REVENUE ACCOUNT", "CAPITAL ACCOUNT", "Revenue expenditure", "Revenue income", "Capital expenditure", "Capital funding",
                 "Total revenue expenditure", "Total revenue income", "Total capital expenditure", "Total capital funding",
                 "TOTAL EXPENDITURE", "TOTAL INCOME", "Revenue contribution received")
    # virement sized so that fonctionnement balances; pick recettes larger than dépenses
    fdt = Node("total", names[6], children=fd_items + [vir])
    frt = Node("total", names[7], children=fr_items)
    vir.target, vir.others = frt, fd_items
    vir_r = LNK(names[12], vir, code="021" if fr else "RR")
    idt = Node("total", names[8], children=idp)
    irt = Node("total", names[9], children=ir_items + [vir_r, emp])
    emp.target, emp.others = idt, ir_items + [vir_r]
    gd = Node("total", names[10], children=[fdt, idt])
    gr = Node("total", names[11], children=[frt, irt])
    spec = dict(family="municipal", lang=lang, sheet=rng.choice(["BP", "Budget primitif"] if fr else ["Budget", "Precept budget"]),
                title=["Commune de Saint-Aubin-des-Prés — budget primitif (vue d'ensemble)" if fr else "Ashcombe Town Council — budget and precept"],
                periods=per, months=[12] * n, cur="€" if fr else "£", code=True)
    spec["sections"] = [dict(side="charges", head=names[2], nodes=fd_items + [vir], total=fdt),
                        dict(side="produits", head=names[3], nodes=fr_items, total=frt),
                        dict(side="charges", head=names[4], nodes=idp, total=idt),
                        dict(side="produits", head=names[5], nodes=ir_items + [vir_r, emp], total=irt),
                        dict(side="charges", head=None, nodes=[], total=gd),
                        dict(side="produits", head=None, nodes=[], total=gr)]
    spec["pairs"] = [(fdt, frt), (idt, irt), (gd, gr)]
    spec["final"] = (gd, gr)
    return spec


FAMILIES = dict(creche=creche, execution=execution, sport=sport, music=music, garden=garden, refugee=refugee, oss=oss,
                residency=residency, interreg=interreg, radio=radio, foodbank=foodbank, cashinkind=cashinkind,
                hospital=hospital, municipal=municipal)
