"""The demo education partners and their courses."""

from demo.seed.data import ADM, ING, LAER, PAED, SAG, SRG, SSA, SYG

PROVIDERS = [
    {
        "code": "kompetencehuset",
        "name": "Kompetencehuset Syd",
        "contact_email": "kurser@kompetencehuset-syd.dk",
        "website": "https://kompetencehuset-syd.dk",
    },
    {
        "code": "digiakademiet",
        "name": "DigiAkademiet for Velfærd",
        "contact_email": "info@digiakademiet.dk",
        "website": "https://digiakademiet.dk",
    },
]

# Each course: provider code, external id, texts, mode, hours, price, outcomes
# (competence, from, to), the roles it is meant for, and its sessions as
# (days from today, capacity, kind). Session kinds drive the enrollment mix:
# "past" ran already, "open" takes enrollments, "full" has a waitlist,
# "one_free" has exactly one seat left, "cancelled" was called off.
COURSES = [
    {
        "provider": "kompetencehuset",
        "external_id": "KH-2026-101",
        "title": "Dokumentation i omsorgssystemet – fra bruger til kyndig",
        "description": "Praksisnært forløb om dokumentation i omsorgsjournalen "
        "med fokus på struktur, genbrug af data og kvalitet.",
        "purpose": "Mere tid hos borgeren og færre fejl i journalen.",
        "mode": "blended",
        "hours": 14,
        "price": "3200.00",
        "practice_task": "Dokumentér tre borgerbesøg i systemet og gennemgå dem "
        "med en kollega.",
        "outcomes": [("1.3", 2, 4), ("4.2", 2, 3)],
        "roles": [SSA, SYG],
        "sessions": [(-150, 16, "past"), (-45, 14, "past"), (35, 12, "full")],
    },
    {
        "provider": "kompetencehuset",
        "external_id": "KH-2026-102",
        "title": "Velfærdsteknologi i hjemmeplejen",
        "description": "Skærmbesøg, elektroniske medicindispensere og sensorer: "
        "hvordan teknologien understøtter den faglige vurdering.",
        "purpose": "Borgeren bliver mere selvhjulpen, og medarbejderen får tid "
        "til de besøg, der kræver fysisk tilstedeværelse.",
        "mode": "classroom",
        "hours": 7,
        "price": "1800.00",
        "practice_task": "Afprøv én velfærdsteknologi hos en borger og beskriv, "
        "hvad den ændrede i plejen.",
        "outcomes": [("5.2", 2, 4), ("4.3", 2, 3)],
        "roles": [SSA, SYG],
        "sessions": [(-90, 14, "past"), (20, 14, "cancelled"), (60, 14, "open")],
    },
    {
        "provider": "kompetencehuset",
        "external_id": "KH-2026-103",
        "title": "Persondata og GDPR i sagsbehandlingen",
        "description": "Hvornår må oplysninger deles, hvordan journaliseres de, "
        "og hvad gør man ved et brud på persondatasikkerheden?",
        "purpose": "Borgerne kan stole på, at deres oplysninger behandles korrekt.",
        "mode": "online",
        "hours": 4,
        "price": "900.00",
        "practice_task": "Gennemgå fem af dine egne sager for deling af "
        "personoplysninger og ret det, der ikke holder.",
        "outcomes": [("4.2", 3, 5)],
        "roles": [SAG, SRG, ADM],
        "sessions": [(-120, 20, "past"), (40, 20, "open")],
    },
    {
        "provider": "kompetencehuset",
        "external_id": "KH-2026-104",
        "title": "Skærmbesøg og digital kommunikation med borgere",
        "description": "Planlæg, gennemfør og dokumentér skærmbesøg, og skriv "
        "til borgerne i et klart sprog i Digital Post.",
        "purpose": "Hurtigere kontakt og færre forgæves kørsler.",
        "mode": "blended",
        "hours": 6,
        "price": "1500.00",
        "practice_task": "Gennemfør to skærmbesøg og bed borgerne om en kort "
        "tilbagemelding.",
        "outcomes": [("2.1", 2, 4), ("2.3", 2, 3)],
        "roles": [SSA, SYG, SRG],
        "sessions": [(-60, 12, "past"), (28, 16, "open")],
    },
    {
        "provider": "kompetencehuset",
        "external_id": "KH-2026-105",
        "title": "Digital sikkerhed i hverdagen",
        "description": "Phishing, adgangskoder, to-faktor-login og sikker brug "
        "af mobile enheder.",
        "purpose": "Færre sikkerhedshændelser og trygge medarbejdere.",
        "mode": "online",
        "hours": 3,
        "price": "600.00",
        "practice_task": "",
        "outcomes": [("4.1", 2, 4), ("4.2", 2, 3)],
        "roles": [ADM, SAG, SSA, PAED, LAER],
        "sessions": [(-200, 20, "past"), (-30, 20, "past"), (45, 20, "open")],
    },
    {
        "provider": "kompetencehuset",
        "external_id": "KH-2026-106",
        "title": "Kunstig intelligens i den kommunale sagsbehandling",
        "description": "Hvad kan generativ AI, hvor går grænsen, og hvordan "
        "vurderes et svar kritisk?",
        "purpose": "Bedre og hurtigere afgørelser uden at give køb på retssikkerheden.",
        "mode": "classroom",
        "hours": 7,
        "price": "2400.00",
        "practice_task": "Brug et AI-værktøj til at forberede en sag og skriv en "
        "kort vurdering af, hvad der kunne bruges, og hvad der ikke kunne.",
        "outcomes": [("1.2", 3, 5), ("5.2", 3, 4)],
        "roles": [SAG, SRG, ING],
        "sessions": [(-75, 16, "past"), (50, 16, "open")],
    },
    {
        "provider": "digiakademiet",
        "external_id": "DA-201",
        "title": "Digitale læremidler og ophavsret i undervisningen",
        "description": "Find, tilpas og del digitale læremidler lovligt.",
        "purpose": "Mere varieret undervisning, der holder sig inden for reglerne.",
        "mode": "blended",
        "hours": 12,
        "price": "2800.00",
        "practice_task": "Tilrettelæg et undervisningsforløb med mindst to "
        "digitale læremidler og angiv licenserne.",
        "outcomes": [("3.1", 3, 5), ("3.3", 2, 4)],
        "roles": [LAER],
        "sessions": [(-100, 18, "past"), (30, 18, "open")],
    },
    {
        "provider": "digiakademiet",
        "external_id": "DA-202",
        "title": "Pædagogisk brug af tablets i dagtilbud",
        "description": "Leg, læring og dokumentation med tablets sammen med børnene.",
        "purpose": "Børnene møder teknologien som skabere, ikke kun som forbrugere.",
        "mode": "workplace",
        "hours": 8,
        "price": "1900.00",
        "practice_task": "Lav en lille digital fortælling sammen med en "
        "børnegruppe og del den med forældrene.",
        "outcomes": [("3.1", 2, 3), ("5.3", 2, 4)],
        "roles": [PAED],
        # Held two days ago at the workplace: attendance waits on the roster.
        "sessions": [(-80, 14, "past"), (-2, 10, "held"), (25, 14, "open")],
    },
    {
        "provider": "digiakademiet",
        "external_id": "DA-203",
        "title": "Samarbejde i Teams og SharePoint",
        "description": "Fælles dokumenter, kanaler og møder uden vedhæftede filer.",
        "purpose": "Mindre dobbeltarbejde og altid den nyeste version.",
        "mode": "online",
        "hours": 5,
        "price": "1100.00",
        "practice_task": "",
        "outcomes": [("2.4", 2, 4), ("2.2", 2, 3)],
        "roles": [ADM, SAG, ING, LAER, SRG],
        "sessions": [(-110, 20, "past"), (21, 14, "one_free")],
    },
    {
        "provider": "digiakademiet",
        "external_id": "DA-204",
        "title": "Data i Excel – fra tal til beslutning",
        "description": "Pivottabeller, opslag og diagrammer på kommunens egne data.",
        "purpose": "Beslutninger, der bygger på tal i stedet for fornemmelser.",
        "mode": "classroom",
        "hours": 7,
        "price": "1700.00",
        "practice_task": "Byg en opgørelse over et nøgletal i din afdeling og "
        "præsentér den på et personalemøde.",
        "outcomes": [("1.3", 3, 5), ("3.2", 2, 4)],
        "roles": [ADM, ING, SAG],
        "sessions": [(-130, 16, "past"), (55, 16, "open")],
    },
    {
        "provider": "digiakademiet",
        "external_id": "DA-205",
        "title": "Automatisering med Power Automate for begyndere",
        "description": "Små flows, der fjerner rutineopgaver.",
        "purpose": "Tid til borgerne i stedet for kopiering mellem systemer.",
        "mode": "blended",
        "hours": 10,
        "price": "2600.00",
        "practice_task": "Automatisér én tilbagevendende opgave i din afdeling "
        "og mål den sparede tid over en måned.",
        "outcomes": [("3.4", 1, 3), ("5.1", 3, 4)],
        "roles": [ADM, ING],
        "sessions": [(-65, 12, "past"), (70, 12, "open")],
    },
    {
        "provider": "digiakademiet",
        "external_id": "DA-206",
        "title": "Digital trivsel og skærmvaner",
        "description": "Notifikationer, pauser og grænser mellem arbejde og fritid.",
        "purpose": "Medarbejdere, der bliver i jobbet, også når det er digitalt.",
        "mode": "online",
        "hours": 3,
        "price": "500.00",
        "practice_task": "",
        "outcomes": [("4.3", 2, 4)],
        "roles": [],
        "status": "draft",
        "sessions": [],
    },
]

LOCATIONS = [
    "Rådhuset, mødelokale 3",
    "Kyndig Bibliotek, salen",
    "Sundhedshuset, undervisningslokale 1",
    "Kompetencehuset Syd, Vejle",
]
