"""Twelve new families of financing plans.  Each returns a plan spec in one language:
title lines, sheet name choices, charge groups and income groups.

item: dict(l=label, a=typical amount, q=(qty, unit price) or None, n=note, u=monthly rate,
           k='in'|'rate'|'bal', pct=, base=('direct'|'total'|[group labels]))
group: dict(l=label, items=[...], styles=allowed group styles)
"""


def I(l, a=0, q=None, n=None, u=None, k="in", pct=None, base=None):
    return dict(l=l, a=a, q=q, n=n, u=u, k=k, pct=pct, base=base)


def G(l, items, styles=("dont", "sub_below", "sub_above", "flat")):
    return dict(l=l, items=items, styles=styles)


def S(item):
    return dict(l=item["l"], items=[item], styles=("single",))


def pick(lang, fr, en):
    return fr if lang == "fr" else en


def repair(lang, R):
    f = lang == "fr"
    ch = [
        G(pick(lang, "Achats", "Purchases"), [
            I(pick(lang, "Outillage et consommables", "Tools and consumables"), 1800),
            I(pick(lang, "Pièces détachées", "Spare parts"), 900),
            I(pick(lang, "Équipements de sécurité", "Safety equipment"), 320, q=(8, 40))]),
        G(pick(lang, "Services extérieurs", "External services"), [
            I(pick(lang, "Location de salle (10 séances)", "Hall hire (10 sessions)"), 1200, q=(10, 120)),
            I(pick(lang, "Assurance responsabilité civile", "Public liability insurance"), 450)]),
        G(pick(lang, "Communication", "Publicity"), [
            I(pick(lang, "Affiches et flyers", "Posters and flyers"), 350),
            I(pick(lang, "Site internet", "Website"), 400)]),
        S(I(pick(lang, "Coordinatrice (0,3 ETP)", "Coordinator (0.3 FTE)"), 9600, u=800,
            n=pick(lang, "800 € / mois", "EUR 800 per month"))),
        S(I(pick(lang, "Frais de structure (8 % des charges directes)", "Overheads (8% of direct costs)"),
            k="rate", pct=0.08, base="direct")),
    ]
    pr = [
        G(pick(lang, "Subventions", "Grants"), [
            I(pick(lang, "Commune", "Town council"), 3000, n=pick(lang, "acquis", "confirmed")),
            I(pick(lang, "Département", "County council"), 2500, n=pick(lang, "sollicité", "requested")),
            I(pick(lang, "ADEME (économie circulaire)", "Waste reduction fund"), 4000)]),
        S(I(pick(lang, "Dons et adhésions", "Donations and membership"), 800)),
        S(I(pick(lang, "Participation libre des visiteurs", "Visitors' voluntary contributions"), 600)),
        S(I(pick(lang, "Fonds propres de l'association", "Own funds"), k="bal")),
    ]
    t = pick(lang, ["Repair Café des Trois Rivières", "Budget prévisionnel du projet « Réparer plutôt que jeter »"],
             ["Riverside Repair Café", "Project budget: Fix it, don't bin it"])
    return dict(title=t, sheets=pick(lang, ["Budget", "BP Repair Café", "Plan de financement"],
                                     ["Budget", "Repair Cafe budget", "Project budget"]), charges=ch, produits=pr)


def citsci(lang, R):
    ch = [
        G(pick(lang, "Personnel", "Staff"), [
            I(pick(lang, "Développeur mobile (0,5 ETP)", "Mobile developer (0.5 FTE)"), 21600, u=1800,
              n=pick(lang, "1 800 € / mois", "EUR 1,800 per month")),
            I(pick(lang, "Chercheuse coordinatrice (0,2 ETP)", "Research coordinator (0.2 FTE)"), 10800)]),
        G(pick(lang, "Prestations", "Services"), [
            I(pick(lang, "Design UX", "UX design"), 6500, n=pick(lang, "devis n° 2025-041", "quote ref. 2025-041")),
            I(pick(lang, "Hébergement cloud", "Cloud hosting"), 1440)]),
        G(pick(lang, "Animation du réseau d'observateurs", "Volunteer observer network"), [
            I(pick(lang, "Ateliers de collecte", "Data collection workshops"), 2400, q=(12, 200)),
            I(pick(lang, "Kits capteurs", "Sensor kits"), 3500, q=(50, 70))]),
        S(I(pick(lang, "Coûts indirects (15 % des frais de personnel)", "Indirect costs (15% of staff costs)"),
            k="rate", pct=0.15, base=[pick(lang, "Personnel", "Staff")])),
    ]
    pr = [
        S(I(pick(lang, "Fondation pour la science participative", "Open Science Foundation"), 20000)),
        S(I(pick(lang, "Région — appel à projets « Sciences ouvertes »", "Regional innovation fund"), 12000)),
        S(I(pick(lang, "Université (mise à disposition)", "University contribution"), 5000)),
        S(I(pick(lang, "Financement participatif", "Crowdfunding"), 3000)),
        S(I(pick(lang, "Autofinancement", "Own contribution"), k="bal")),
    ]
    t = pick(lang, ["Application « ObsNature » — science participative", "Plan de financement prévisionnel"],
             ["BirdCount citizen science app", "Budget and funding plan"])
    return dict(title=t, sheets=pick(lang, ["Plan de financement", "Budget ObsNature"], ["Budget", "BirdCount budget"]),
                charges=ch, produits=pr)


def kitchen(lang, R):
    ch = [
        G(pick(lang, "Équipements", "Equipment"), [
            I(pick(lang, "Four mixte 10 niveaux", "Combi oven (10 trays)"), 14500, n=pick(lang, "devis Froid-Cuisine 03/2025", "quote 03/2025")),
            I(pick(lang, "Chambre froide positive", "Walk-in cold room"), 9800),
            I(pick(lang, "Plonge et lave-batterie", "Pot-wash station"), 6200)]),
        G(pick(lang, "Travaux", "Works"), [
            I(pick(lang, "Mise aux normes sanitaires", "Food-safety fit-out"), 18000),
            I(pick(lang, "Ventilation et extraction", "Ventilation and extraction"), 11000)]),
        G(pick(lang, "Fonctionnement", "Running costs"), [
            I(pick(lang, "Loyer de la cuisine", "Kitchen rent"), 14400, u=1200, n=pick(lang, "1 200 € / mois", "EUR 1,200 per month")),
            I(pick(lang, "Énergie", "Energy"), 4800),
            I(pick(lang, "Assurance", "Insurance"), 1300)]),
        G(pick(lang, "Accompagnement des entrepreneurs", "Support for food entrepreneurs"), [
            I(pick(lang, "Formation hygiène HACCP", "HACCP training"), 2400, q=(12, 200)),
            I(pick(lang, "Mentorat", "Mentoring"), 3600)]),
    ]
    pr = [
        G(pick(lang, "Subventions publiques", "Public grants"), [
            I(pick(lang, "Région (investissement)", "Regional development grant"), 25000),
            I(pick(lang, "Métropole", "City council"), 15000),
            I(pick(lang, "État — France 2030", "Community ownership fund"), 10000)]),
        S(I(pick(lang, "Redevances des entrepreneurs hébergés", "Kitchen hire fees from members"), 18000, q=(6, 3000))),
        S(I(pick(lang, "Prêt d'honneur", "Social investment loan"), 8000)),
        S(I(pick(lang, "Apport de l'association", "Own funds"), k="bal")),
    ]
    t = pick(lang, ["Cuisine partagée « La Marmite » — incubateur culinaire", "Budget d'investissement et de lancement"],
             ["The Shared Kitchen — food business incubator", "Capital and launch budget"])
    return dict(title=t, sheets=pick(lang, ["Budget", "Plan de financement", "Cuisine partagée"], ["Budget", "Funding plan"]),
                charges=ch, produits=pr)


def bike(lang, R):
    ch = [
        G(pick(lang, "Charges de personnel", "Staff costs"), [
            I(pick(lang, "Mécanicien-animateur (CDI 28 h)", "Bike mechanic / trainer (0.8 FTE)"), 25200, u=2100,
              n=pick(lang, "2 100 € / mois chargé", "EUR 2,100 per month")),
            I(pick(lang, "Service civique", "Trainee"), 1800)]),
        G(pick(lang, "Achats", "Purchases"), [
            I(pick(lang, "Pièces détachées", "Spare parts"), 3200),
            I(pick(lang, "Outillage", "Tools"), 1500),
            I(pick(lang, "Vélos d'occasion à reconditionner", "Second-hand bikes to refurbish"), 1600, q=(40, 40))]),
        G(pick(lang, "Local", "Premises"), [
            I(pick(lang, "Loyer", "Rent"), 7200),
            I(pick(lang, "Charges locatives", "Service charges"), 1100)]),
        S(I(pick(lang, "Frais de gestion (5 % des charges directes)", "Management fee (5% of direct costs)"),
            k="rate", pct=0.05, base="direct")),
    ]
    pr = [
        S(I(pick(lang, "Adhésions", "Memberships"), 4500, q=(300, 15))),
        S(I(pick(lang, "Vente de vélos reconditionnés", "Sales of refurbished bikes"), 6000, q=(40, 150))),
        S(I(pick(lang, "Ateliers en milieu scolaire", "School workshops"), 2400)),
        G(pick(lang, "Subventions", "Grants"), [
            I(pick(lang, "Commune", "Town council"), 6000),
            I(pick(lang, "Agglomération (plan vélo)", "Cycling strategy fund"), 9000),
            I(pick(lang, "Fonds mobilités actives", "Active travel fund"), 5000)]),
        S(I(pick(lang, "Autofinancement", "Reserves"), k="bal")),
    ]
    t = pick(lang, ["Atelier vélo participatif « La Roue Libre »", "Budget prévisionnel"],
             ["Community bike workshop", "Annual budget"])
    return dict(title=t, sheets=pick(lang, ["Budget", "BP atelier vélo"], ["Budget", "Bike workshop"]), charges=ch, produits=pr)


def refuge(lang, R):
    works = pick(lang, "Travaux", "Building works")
    ch = [
        G(works, [
            I(pick(lang, "Lot 1 — Gros œuvre", "Lot 1 — Structure"), 68000),
            I(pick(lang, "Lot 2 — Charpente et couverture", "Lot 2 — Roof"), 42000),
            I(pick(lang, "Lot 3 — Menuiseries", "Lot 3 — Windows and doors"), 21000),
            I(pick(lang, "Lot 4 — Assainissement autonome", "Lot 4 — Wastewater treatment"), 26000),
            I(pick(lang, "Lot 5 — Photovoltaïque", "Lot 5 — Solar power"), 15000)], styles=("sub_below", "sub_above", "dont")),
        S(I(pick(lang, "Héliportage des matériaux", "Helicopter transport of materials"), 9600, q=(12, 800))),
        S(I(pick(lang, "Maîtrise d'œuvre (9 % des travaux)", "Architect's fees (9% of building works)"), k="rate", pct=0.09, base=[works])),
        S(I(pick(lang, "Aléas (5 % des travaux)", "Contingency (5% of building works)"), k="rate", pct=0.05, base=[works])),
    ]
    pr = [
        S(I(pick(lang, "Région — Plan montagne (30 % du coût total)", "Regional mountain fund (30% of total cost)"), k="rate", pct=0.30, base="total")),
        S(I(pick(lang, "Département", "County council"), 30000)),
        S(I(pick(lang, "Fédération des clubs alpins", "Alpine club federation"), 20000)),
        S(I(pick(lang, "Commune (propriétaire)", "Parish council (owner)"), 15000)),
        S(I(pick(lang, "Souscription publique", "Public appeal"), 8000)),
        S(I(pick(lang, "Emprunt", "Bank loan"), k="bal")),
    ]
    t = pick(lang, ["Rénovation du refuge du Lac Noir (2 450 m)", "Plan de financement de l'opération (HT)"],
             ["Black Lake mountain hut renovation (2,450 m)", "Capital budget (excl. VAT)"])
    return dict(title=t, sheets=pick(lang, ["Plan de financement", "PF refuge"], ["Capital budget", "Hut budget"]),
                charges=ch, produits=pr)


def sailing(lang, R):
    ch = [
        G(pick(lang, "Personnel", "Staff"), [
            I(pick(lang, "Moniteurs saisonniers", "Seasonal instructors"), 16800, q=(4, 4200)),
            I(pick(lang, "Chef de base (mi-temps)", "Base manager (part-time)"), 14400)]),
        G(pick(lang, "Flotte", "Fleet"), [
            I(pick(lang, "Entretien des bateaux", "Boat maintenance"), 5200),
            I(pick(lang, "Achat d'Optimists", "New Optimist dinghies"), 7000, q=(2, 3500)),
            I(pick(lang, "Carburant semi-rigides", "Fuel for safety boats"), 2300)]),
        G(pick(lang, "Frais généraux", "Overheads"), [
            I(pick(lang, "Assurances et licences", "Insurance and licences"), 3100),
            I(pick(lang, "Communication", "Marketing"), 900),
            I(pick(lang, "Téléphone et internet", "Phone and internet"), 600)]),
    ]
    pr = [
        G(pick(lang, "Recettes d'activité", "Activity income"), [
            I(pick(lang, "Stages enfants", "Junior courses"), 22500, q=(150, 150)),
            I(pick(lang, "Cours adultes", "Adult courses"), 8400, q=(60, 140)),
            I(pick(lang, "Location de matériel", "Equipment hire"), 3600)]),
        G(pick(lang, "Subventions", "Grants"), [
            I(pick(lang, "Commune", "Town council"), 7000),
            I(pick(lang, "Département", "County sports grant"), 4000),
            I(pick(lang, "Ligue de voile", "Sailing federation"), 1500)]),
        S(I(pick(lang, "Réserves du club", "Club reserves"), k="bal")),
    ]
    t = pick(lang, ["École de voile de l'Anse Bleue", "Budget de la saison"], ["Blue Cove Sailing School", "Season budget"])
    return dict(title=t, sheets=pick(lang, ["Budget saison", "Budget"], ["Season budget", "Budget"]), charges=ch, produits=pr)


def hackathon(lang, R):
    ch = [
        G(pick(lang, "Logistique", "Logistics"), [
            I(pick(lang, "Location du lieu", "Venue hire"), 3000),
            I(pick(lang, "Restauration des participants", "Catering"), 4800, q=(120, 40)),
            I(pick(lang, "Matériel et réseau", "Equipment and network"), 1200)]),
        G(pick(lang, "Prix et jury", "Prizes and jury"), [
            I(pick(lang, "Dotation des prix", "Prize money"), 5000),
            I(pick(lang, "Défraiement du jury", "Jury expenses"), 900)]),
        S(I(pick(lang, "Communication", "Communications"), 1500)),
        S(I(pick(lang, "Coordination (chargée de projet)", "Coordination (project officer)"), 6000)),
    ]
    pr = [
        G(pick(lang, "Partenaires privés", "Sponsors"), [
            I(pick(lang, "Entreprise numérique locale", "Local software company"), 5000),
            I(pick(lang, "Banque coopérative", "Cooperative bank"), 3000),
            I(pick(lang, "Opérateur télécom", "Telecoms operator"), 2000)]),
        S(I(pick(lang, "Métropole — innovation", "City innovation fund"), 6000)),
        S(I(pick(lang, "Billetterie participants", "Participant tickets"), 1200, q=(120, 10))),
        S(I(pick(lang, "Autofinancement", "Own funds"), k="bal")),
    ]
    t = pick(lang, ["Cycle de hackathons « Données ouvertes pour le climat »", "Budget par édition"],
             ["Open Data for Climate hackathon series", "Budget by edition"])
    return dict(title=t, sheets=pick(lang, ["Budget hackathons", "Budget"], ["Hackathons", "Budget"]), charges=ch, produits=pr)


def translation(lang, R):
    tr = pick(lang, "Traduction", "Translation")
    ch = [
        G(tr, [
            I(pick(lang, "Traductrice (420 feuillets)", "Translator (85,000 words)"), 9240, q=(420, 22) if lang == "fr" else (85, 110)),
            I(pick(lang, "Relecture et révision", "Copy-editing"), 1800)]),
        S(I(pick(lang, "Cession des droits", "Rights acquisition"), 3000)),
        G(pick(lang, "Fabrication", "Production"), [
            I(pick(lang, "Mise en page", "Typesetting"), 1400),
            I(pick(lang, "Impression (1 500 ex.)", "Printing (1,500 copies)"), 5250, q=(1500, 3.5))]),
        S(I(pick(lang, "Promotion et venue de l'auteur", "Marketing and author tour"), 2200)),
    ]
    pr = [
        S(I(pick(lang, "CNL — aide à la traduction (50 % du coût de traduction)", "Translation grant (50% of translation costs)"),
            k="rate", pct=0.5, base=[tr])),
        S(I(pick(lang, "Institut culturel du pays d'origine", "Cultural institute of the source country"), 2500)),
        S(I(pick(lang, "Ventes prévisionnelles (1re année)", "Forecast sales (year 1)"), 6000, q=(600, 10))),
        S(I(pick(lang, "Fonds propres de l'éditeur", "Publisher's own funds"), k="bal")),
    ]
    t = pick(lang, ["Éditions du Héron — traduction de « La Ville sous la neige »", "Budget de publication"],
             ["Heron Press — translation of 'The Town under Snow'", "Publication budget"])
    return dict(title=t, sheets=pick(lang, ["Budget traduction", "Budget"], ["Translation budget", "Budget"]), charges=ch, produits=pr)


def fle(lang, R):
    ch = [
        G(pick(lang, "Pédagogie", "Teaching"), [
            I(pick(lang, "Manuels et cahiers", "Textbooks and workbooks"), 1200, q=(60, 20)),
            I(pick(lang, "Matériel pédagogique", "Teaching materials"), 600),
            I(pick(lang, "Formation des bénévoles", "Volunteer tutor training"), 1500)]),
        G(pick(lang, "Logistique", "Logistics"), [
            I(pick(lang, "Location de salle", "Room hire"), 2400),
            I(pick(lang, "Garde d'enfants pendant les cours", "Childcare during classes"), 3000),
            I(pick(lang, "Titres de transport des apprenants", "Learners' bus tickets"), 1800, q=(600, 3))]),
        S(I(pick(lang, "Assurance", "Insurance"), 350)),
    ]
    pr = [
        S(I(pick(lang, "État — DDETS (intégration des primo-arrivants)", "Home Office integration fund"), 4000)),
        S(I(pick(lang, "Commune", "Borough council"), 2000)),
        S(I(pick(lang, "Fondation", "Charitable trust"), 2500)),
        S(I(pick(lang, "Dons", "Donations"), 600)),
        S(I(pick(lang, "Fonds propres", "Own funds"), k="bal")),
    ]
    t = pick(lang, ["Cours de français pour personnes exilées — association Paroles Partagées", "Budget prévisionnel de l'action"],
             ["English classes for refugees — Shared Words volunteers", "Project budget"])
    return dict(title=t, sheets=pick(lang, ["Budget action", "Budget FLE"], ["Budget", "ESOL budget"]), charges=ch, produits=pr)


def canteen(lang, R):
    ch = [
        G(pick(lang, "Denrées alimentaires", "Food"), [
            I(pick(lang, "dont produits bio", "organic produce"), 38000),
            I(pick(lang, "dont produits locaux", "local produce"), 27000),
            I(pick(lang, "dont autres denrées", "other food"), 45000)], styles=("dont", "sub_below", "sub_above")),
        S(I(pick(lang, "Personnel de cuisine", "Kitchen staff"), 84000)),
        S(I(pick(lang, "Équipement de légumerie", "Vegetable preparation equipment"), 12000)),
        S(I(pick(lang, "Formation des cuisiniers", "Cook training"), 3500, q=(7, 500))),
        S(I(pick(lang, "Animations éducatives", "Food education sessions"), 2800)),
    ]
    pr = [
        S(I(pick(lang, "Participation des familles", "Parents' meal payments"), 88000, q=(32000, 2.75))),
        S(I(pick(lang, "Projet alimentaire territorial", "Local food partnership grant"), 15000)),
        S(I(pick(lang, "Département", "County council"), 8000)),
        S(I(pick(lang, "Budget communal", "Council budget"), k="bal")),
    ]
    t = pick(lang, ["Restaurant scolaire — passage aux produits locaux", "Commune de Saint-Aubin"],
             ["School canteen — local food project", "Hillside Primary School"])
    return dict(title=t, sheets=pick(lang, ["Budget cantine", "Budget"], ["Canteen budget", "Budget"]), charges=ch, produits=pr)


def podcast(lang, R):
    ch = [
        G(pick(lang, "Production", "Production"), [
            I(pick(lang, "Enregistrement des épisodes", "Recording"), 9600, q=(8, 1200)),
            I(pick(lang, "Montage et mixage", "Editing and mixing"), 4800, q=(8, 600)),
            I(pick(lang, "Musique originale", "Original music"), 1500)]),
        G(pick(lang, "Diffusion", "Distribution"), [
            I(pick(lang, "Hébergement", "Hosting"), 240),
            I(pick(lang, "Promotion", "Promotion"), 1800)]),
        S(I(pick(lang, "Rémunération de l'autrice", "Author's fee"), 6000)),
        S(I(pick(lang, "Frais de gestion (7 % des coûts directs)", "Admin costs (7% of direct costs)"), k="rate", pct=0.07, base="direct")),
    ]
    pr = [
        S(I(pick(lang, "Fonds d'aide au podcast", "Audio content fund"), 8000)),
        S(I(pick(lang, "Région", "Arts council"), 5000)),
        S(I(pick(lang, "Pré-achat diffuseur", "Broadcaster pre-sale"), 4000)),
        S(I(pick(lang, "Mécénat", "Sponsorship"), 2000)),
        S(I(pick(lang, "Apport producteur", "Producer's contribution"), k="bal")),
    ]
    t = pick(lang, ["Série documentaire audio « Les Voix du fleuve » (8 épisodes)", "Devis et plan de financement"],
             ["Audio documentary series 'River Voices' (8 episodes)", "Budget and finance plan"])
    return dict(title=t, sheets=pick(lang, ["Budget", "Plan de financement"], ["Budget", "Finance plan"]), charges=ch, produits=pr)


def vet(lang, R):
    ch = [
        G(pick(lang, "Soins", "Treatment"), [
            I(pick(lang, "Stérilisations", "Neutering"), 9000, q=(120, 75)),
            I(pick(lang, "Identification par puce", "Microchipping"), 1800, q=(120, 15)),
            I(pick(lang, "Médicaments et vaccins", "Medicines and vaccines"), 6500)]),
        G(pick(lang, "Personnel", "Staff"), [
            I(pick(lang, "Vétérinaire (0,4 ETP)", "Vet (0.4 FTE)"), 26400, u=2200, n=pick(lang, "2 200 € / mois", "EUR 2,200 per month")),
            I(pick(lang, "Auxiliaire vétérinaire", "Veterinary nurse"), 18000)]),
        S(I(pick(lang, "Véhicule de consultation mobile", "Mobile clinic van running costs"), 4200)),
        S(I(pick(lang, "Frais de structure (10 % des charges directes)", "Overheads (10% of direct costs)"), k="rate", pct=0.10, base="direct")),
    ]
    pr = [
        S(I(pick(lang, "Fondation pour la protection animale", "Animal welfare trust"), 20000)),
        S(I(pick(lang, "Commune", "City council"), 8000)),
        G(pick(lang, "Ressources privées", "Private income"), [
            I(pick(lang, "Dons des particuliers", "Individual donations"), 12000),
            I(pick(lang, "Participation des propriétaires", "Owners' contributions"), 6000),
            I(pick(lang, "Legs", "Legacies"), 5000)]),
        S(I(pick(lang, "Fonds associatifs", "Reserves"), k="bal")),
    ]
    t = pick(lang, ["Dispensaire vétérinaire solidaire", "Budget annuel de l'action"], ["Community vet clinic", "Annual budget"])
    return dict(title=t, sheets=pick(lang, ["Budget", "Budget dispensaire"], ["Budget", "Clinic budget"]), charges=ch, produits=pr)


FAMILIES = dict(repair=repair, citsci=citsci, kitchen=kitchen, bike=bike, refuge=refuge, sailing=sailing,
                hackathon=hackathon, translation=translation, fle=fle, canteen=canteen, podcast=podcast, vet=vet)
