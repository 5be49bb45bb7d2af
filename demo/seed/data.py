"""The demo municipalities as data: organisation, job roles, names and courses.

Everything here is invented; names are common Danish names combined at random.
"""

SEED = 20261127

MUNICIPALITY = {"name": "Kyndig Kommune", "code": "K950", "domain": "kyndig-kommune.dk"}
SECOND_MUNICIPALITY = {
    "name": "Vesterå Kommune",
    "code": "K951",
    "domain": "vesteraa.dk",
}

# code, name, parent code (None = under the municipality), weight of staff and
# the job roles working there with their relative shares.
SO, BU, TM, BB, OP = "SO", "BU", "TM", "BB", "OP"
SYG, SSA, SRG, PAED = (
    "Sygeplejerske",
    "Social- og sundhedsassistent",
    "Socialrådgiver",
    "Pædagog",
)
SAG, LAER, ING, ADM = "Sagsbehandler", "Lærer", "Ingeniør", "Administrativ medarbejder"

DEPARTMENTS = [
    (SO, "Sundhed og Omsorg", None, 2, {ADM: 1}),
    ("SO-HJN", "Hjemmeplejen Nord", SO, 2, {SSA: 6, SYG: 2}),
    ("SO-HJN-O", "Hjemmeplejen Nord, Team Øst", "SO-HJN", 14, {SSA: 8, SYG: 2}),
    ("SO-HJN-V", "Hjemmeplejen Nord, Team Vest", "SO-HJN", 14, {SSA: 8, SYG: 2}),
    ("SO-HJS", "Hjemmeplejen Syd", SO, 20, {SSA: 7, SYG: 2, ADM: 1}),
    ("SO-EGB", "Plejecenter Egebakken", SO, 22, {SSA: 3, SYG: 1}),
    ("SO-SYG", "Sygeplejen", SO, 14, {SYG: 9, ADM: 1}),
    ("SO-TR", "Træning og Rehabilitering", SO, 8, {SYG: 3, SSA: 2}),
    (BU, "Børn og Unge", None, 2, {ADM: 1}),
    ("BU-SOL", "Dagtilbud Solsikken", BU, 16, {PAED: 9, ADM: 1}),
    ("BU-MLK", "Dagtilbud Mælkebøtten", BU, 14, {PAED: 9, ADM: 1}),
    ("BU-NVS", "Nørrevangskolen", BU, 24, {LAER: 8, PAED: 2}),
    ("BU-SMS", "Søndermarkskolen", BU, 20, {LAER: 8, PAED: 2}),
    ("BU-FAM", "Familieafdelingen", BU, 14, {SRG: 4, ADM: 1}),
    (TM, "Teknik og Miljø", None, 2, {ADM: 1}),
    ("TM-BYG", "Byggeri og Plan", TM, 10, {ING: 3, SAG: 1, ADM: 1}),
    ("TM-VEJ", "Vej og Park", TM, 8, {ING: 3, ADM: 1}),
    ("TM-NAT", "Natur og Miljø", TM, 7, {ING: 2, SAG: 1}),
    (BB, "Beskæftigelse og Borgerservice", None, 2, {ADM: 1}),
    ("BB-JOB", "Jobcenter Kyndig", BB, 2, {SRG: 1, SAG: 1}),
    ("BB-JOB-U", "Jobcenter, Ungeindsatsen", "BB-JOB", 10, {SRG: 2, SAG: 1}),
    ("BB-JOB-V", "Jobcenter, Virksomhedsservice", "BB-JOB", 10, {SAG: 3, SRG: 1}),
    ("BB-BOR", "Borgerservice", BB, 12, {ADM: 1, SAG: 1}),
    ("BB-YDE", "Ydelsescenter", BB, 10, {SAG: 4, ADM: 1}),
    (OP, "Økonomi og Personale", None, 2, {ADM: 1}),
    ("OP-HR", "HR og Løn", OP, 8, {ADM: 1}),
    ("OP-IT", "Digitalisering og IT", OP, 8, {ADM: 2, ING: 1}),
]

# DigComp 2.2 competence code -> target level, per job role.
ROLE_PROFILES = {
    SYG: {"1.3": 5, "2.1": 4, "2.4": 4, "4.2": 5, "4.3": 4, "5.1": 4, "5.2": 4},
    SSA: {"1.1": 3, "1.3": 4, "2.1": 3, "4.1": 3, "4.2": 4, "4.3": 3, "5.1": 3},
    SRG: {"1.2": 5, "1.3": 5, "2.1": 4, "2.3": 4, "4.2": 6, "5.2": 4},
    PAED: {"2.1": 4, "2.2": 4, "2.5": 4, "3.1": 4, "4.2": 4, "4.3": 5, "5.3": 4},
    SAG: {"1.1": 4, "1.2": 5, "1.3": 5, "2.3": 4, "4.2": 6, "5.1": 4, "5.4": 3},
    LAER: {"2.2": 5, "2.4": 5, "3.1": 5, "3.3": 4, "4.2": 4, "5.3": 5, "5.4": 4},
    ING: {"1.3": 5, "2.4": 4, "3.2": 5, "3.4": 4, "4.1": 5, "5.1": 5, "5.2": 5},
    ADM: {"1.1": 4, "1.3": 4, "2.4": 4, "2.6": 3, "4.1": 4, "4.2": 5, "5.1": 3},
}

ROLE_DESCRIPTIONS = {
    SYG: "Sygeplejersker i hjemmesygeplejen, på plejecentre og i træning.",
    SSA: "Social- og sundhedsassistenter i hjemmeplejen og på plejecentre.",
    SRG: "Socialrådgivere i familieafdelingen og jobcentret.",
    PAED: "Pædagoger i dagtilbud og skolernes fritidsdel.",
    SAG: "Sagsbehandlere i ydelser, jobcenter og teknisk forvaltning.",
    LAER: "Lærere i folkeskolen.",
    ING: "Ingeniører i byggeri, vej og park og natur og miljø.",
    ADM: "Administrative medarbejdere i stabe og borgerservice.",
}

EMPLOYEE_COUNT = 300
INACTIVE_COUNT = 6
NO_ROLE_COUNT = 4


# username -> (name, department code, job role, is manager); the users'
# access grants are set in organisation.py next to the records.
DEMO_PEOPLE = {
    "hr": ("Camilla Bech", "OP-HR", ADM, False),
    "manager": ("Lone Mortensen", SO, ADM, True),
    "manager2": ("Jesper Holm", "BU-SOL", PAED, True),
    "employee": ("Mette Kristensen", "SO-HJN-V", SSA, False),
    # The union representative (tillidsrepræsentant) who co-signs fund
    # applications across the municipality.
    "tr": ("Susanne Friis", "SO-HJS", SSA, False),
}

SECOND_DEPARTMENTS = [
    ("VS-SOS", "Social og Sundhed", None),
    ("VS-HJP", "Hjemmeplejen", "VS-SOS"),
    ("VS-BOS", "Børn og Skole", None),
    ("VS-SKO", "Vesterå Skole", "VS-BOS"),
    ("VS-DAG", "Dagplejen", "VS-BOS"),
]
SECOND_ROLES = {SSA: ROLE_PROFILES[SSA], LAER: ROLE_PROFILES[LAER]}
SECOND_EMPLOYEES = [
    ("Birthe Lauridsen", "VS-HJP", SSA),
    ("Karsten Juhl", "VS-HJP", SSA),
    ("Annette Due", "VS-HJP", SSA),
    ("Henning Bak", "VS-SKO", LAER),
    ("Gitte Winther", "VS-SKO", LAER),
    ("Per Kirkegaard", "VS-SKO", LAER),
    ("Inge Svendsen", "VS-DAG", None),
    ("Bente Ravn", "VS-DAG", None),
]

USERNAMES = ("admin", "hr", "manager", "manager2", "viewer", "employee", "hr2", "tr")
PASSWORD = "demo"
