"""The fictional vocabulary of the demo caseload: name locales, texts and weighted choices.

Kept apart from the loader (`demo.py`) so the loading logic reads without pages of phrases.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from mentordesk.enums import (
    ActivityFormat,
    ActivityKind,
    ConsentMethod,
    ConsentPurpose,
    Gender,
    Platform,
    SessionMode,
    ValidationMethod,
)

# Faker locales whose names carry the diacritics a European caseload has. lt_LT is left out:
# Faker's Lithuanian provider mixes male and female first names and surnames.
LOCALES: tuple[str, ...] = (
    "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "pt_PT", "ro_RO", "hu_HU", "cs_CZ",
    "el_GR", "sv_SE", "fi_FI", "hr_HR", "sk_SK", "lv_LV", "nl_NL", "sl_SI", "da_DK",
)
LANGUAGE_OF = {
    "de_DE": "German", "fr_FR": "French", "es_ES": "Spanish", "it_IT": "Italian", "pl_PL": "Polish",
    "pt_PT": "Portuguese", "ro_RO": "Romanian", "hu_HU": "Hungarian", "cs_CZ": "Czech", "el_GR": "Greek",
    "sv_SE": "Swedish", "fi_FI": "Finnish", "hr_HR": "Croatian", "sk_SK": "Slovak", "lv_LV": "Latvian",
    "nl_NL": "Dutch", "sl_SI": "Slovenian", "da_DK": "Danish",
}
EXTRA_LANGUAGES = ("Arabic", "Ukrainian", "Turkish", "Russian", "Tigrinya", "Dari", "Romani", "Albanian")


class Weighted:
    """A weighted choice table built once, so the hot loops only bisect."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect_right(self.cumulative, rng.random() * self.total)]


PROGRAMME_THEMES = (
    ("Youth Guarantee Mentoring", "Youth Guarantee (national scheme)", False),
    ("Upskilling Pathways for Adults", "European Social Fund Plus (ESF+)", False),
    ("Erasmus+ Youth Participation", "Erasmus+ Youth", True),
    ("Digital Skills Bridge", "Municipal youth fund", False),
    ("Back to Learning", "Regional education office", False),
    ("Work Ready", "Riverside Employers' Foundation", False),
    ("New Horizons for Newcomers", "Asylum, Migration and Integration Fund (AMIF)", False),
    ("Girls in Tech", "Northlight Foundation", True),
    ("Second Chance", "European Social Fund Plus (ESF+)", False),
    ("Green Skills Lab", "Erasmus+ Youth", True),
    ("Youth Voices", "Municipal youth fund", True),
    ("Next Step Apprenticeships", "Chamber of Crafts training fund", False),
)
WORKER_TITLES = ("Youth worker", "Mentor", "Senior youth worker", "Careers mentor", "Social pedagogue",
                 "Outreach worker", "Learning mentor")
LOCATIONS = ("Youth centre, room 1", "Youth centre, room 2", "Youth centre, café", "City library",
             "Job centre", "Walk in the park", "Community hall", "School counselling room",
             "Training centre canteen", "Sports club lounge")
TOPICS = ("CV", "job search", "interview practice", "training options", "apprenticeships", "housing",
          "money", "benefits", "wellbeing", "family", "friends", "motivation", "school", "exams",
          "digital skills", "language", "volunteering", "transport", "health", "goals", "documents",
          "time management", "driving licence", "childcare", "hobbies", "learning plan", "certificate")
SESSION_NOTES = (  # any topic reads well in any of these
    "Talked about {topic}; agreed next steps.",
    "Good energy today; most of the time went on {topic}.",
    "Short catch-up, mostly about {topic}.",
    "Reviewed last week's actions; {topic} still needs attention.",
    "Seemed tired; kept it light and talked about {topic}.",
    "Real progress on {topic} since last time.",
    "Looked at options around {topic} together.",
    "Planned the next month, focusing on {topic}.",
    "Met at the library; the focus was {topic}.",
    "Celebrated a small win ({topic}).",
    "Raised {topic} near the end; we will come back to it next time.",
)
CANCEL_NOTES = ("Mentee cancelled: feeling unwell.", "Rescheduled at mentee's request.",
                "Mentor off sick; rebooked.", "Did not come and did not answer messages.",
                "Clashed with a job interview - good reason!", "Transport strike; moved to next week.")
FOLLOW_UPS = (
    "Send the updated CV to the mentor", "Look up bus times to the training centre",
    "Book an appointment at the job centre", "Mentor to send links to online courses",
    "Ask the school for the exam results", "Bring ID documents to the next session",
    "Apply for two jobs from the list", "Mentor to call the housing office",
    "Try the language app for 10 minutes a day", "Fill in the volunteering application",
    "Mentor to check the bursary deadline", "Write down three strengths for the portfolio",
    "Register for the digital skills workshop", "Ask a former employer for a reference",
    "Mentor to book the room for the group meeting", "Open a bank account",
    "Collect photos of the project for the portfolio", "Prepare questions for the interview",
)
CASE_NOTES = (
    "Spoke with {first}'s youth housing worker; they will share dates for the tenancy workshop.",
    "{first} mentioned stress at home. Gave information about the free counselling service.",
    "Phone call with {first}'s former teacher: happy to write a reference.",
    "{first} has started a part-time job at weekends; sessions moved to weekdays.",
    "Discussed with the coordinator: {first} may benefit from a language course first.",
    "{first} missed two sessions; sent a friendly message and will try a video call.",
    "Agreed with {first} to focus on the driving licence theory test this month.",
    "{first} asked about the certificate and what it means for job applications.",
    "Checked in after the work placement: {first} received positive feedback.",
    "{first} would like a female mentor for the next phase; passed on to the coordinator.",
)
REFERRAL_REASONS = ("Referred by the job centre", "Referred by a school counsellor", "Self-referral",
                    "Referred by social services", "Referred by a youth club", "Referred by a friend")
WITHDRAWAL_REASONS = ("Found a full-time job", "Moved to another city", "Lost contact",
                      "Started full-time education", "Personal reasons", "Health reasons",
                      "Family responsibilities")
HOLD_REASONS = ("Exams", "Illness", "Family matters", "Temporary job", "Holiday abroad")
REASSIGN_REASONS = ("Mentor reassigned: caseload rebalanced", "Mentor reassigned: mentor on leave",
                    "Mentor reassigned at the mentee's request")
GUARDIAN_RELATIONSHIPS = (("mother", "F"), ("father", "M"), ("mother", "F"), ("legal guardian", "X"),
                          ("grandmother", "F"), ("foster carer", "X"), ("aunt", "F"))
NEEDS = (
    "Needs confidence speaking to employers; reading and writing are fine.",
    "Wants to improve digital skills for job applications.",
    "Little experience of teamwork; keen to try volunteering.",
    "Basic maths for everyday budgeting is a priority.",
    "Language support needed before vocational training.",
    "Unsure about career direction; wants to explore options.",
    "Struggles with time management and keeping appointments.",
    "Interested in creative work; needs help to show skills in a portfolio.",
)
GOALS = (
    "Start an apprenticeship within six months.", "Finish the digital skills course.",
    "Find a part-time job and keep it for three months.", "Get a recognised language certificate.",
    "Build a portfolio for job applications.", "Join a volunteering project.",
    "Return to education next term.", "Gain confidence in interviews.",
)
SCORE_NOTES = ("Much more confident now.", "Still needs support here.", "Surprised by own progress.",
               "Mentor and mentee agreed.", "Showed this during the placement.", "Wants to work on this next.")
ACTIVITIES: dict[ActivityKind, tuple[tuple[str, ...], tuple[str, ...], tuple[int, int], tuple[int, int]]] = {
    # kind: (titles, providers, (min, max) days, (min, max) hours)
    ActivityKind.COURSE: (
        ("Basic IT skills", "German A2 for everyday life", "Bookkeeping basics", "First aid certificate",
         "Food hygiene certificate", "Forklift licence preparation", "English for work B1"),
        ("Riverside Adult Learning Centre", "City Adult Education College", "Northgate Training Institute"),
        (30, 90), (20, 80)),
    ActivityKind.WORKSHOP: (
        ("CV and cover letter workshop", "Interview skills workshop", "Managing money workshop",
         "Rights at work workshop", "Healthy cooking on a budget"),
        ("Demo Youth Centre", "Job Centre Workshops", "Citizens' Advice Point"),
        (1, 3), (3, 12)),
    ActivityKind.ONLINE_COURSE: (
        ("Introduction to coding (online)", "Digital citizenship MOOC", "Online safety course",
         "Spreadsheets for beginners (online)", "Customer service online course"),
        ("Open Learning Platform", "EU Academy (demo)", "Digital Skills Lab"),
        (14, 60), (8, 40)),
    ActivityKind.WORK_PLACEMENT: (
        ("Work placement in a bakery", "Work placement at a bike repair shop", "Retail work placement",
         "Office assistant placement", "Placement at a care home"),
        ("Bäckerei Sonnenschein", "Pedal & Chain Workshop", "Market Street Retail", "Green Valley Care Home"),
        (14, 60), (40, 160)),
    ActivityKind.VOLUNTEERING: (
        ("Volunteering at the food bank", "European Solidarity Corps volunteering", "Youth club volunteering",
         "Community garden project"),
        ("City Food Bank", "Solidarity Network", "Demo Youth Centre", "Community Garden Association"),
        (30, 120), (20, 120)),
    ActivityKind.MENTORING: (
        ("Peer mentoring training", "Career mentoring with an employer"),
        ("Demo Youth Centre", "Business Mentors Network"),
        (60, 180), (10, 30)),
    ActivityKind.OTHER: (
        ("Sports leadership project", "Theatre project", "Youth exchange preparation"),
        ("City Sports Club", "Open Stage Theatre", "Demo Youth Centre"),
        (7, 60), (10, 50)),
}
ACTIVITY_FORMAT = {
    ActivityKind.COURSE: Weighted([(ActivityFormat.IN_PERSON, 6), (ActivityFormat.BLENDED, 3),
                                    (ActivityFormat.ONLINE, 1)]),
    ActivityKind.WORKSHOP: Weighted([(ActivityFormat.IN_PERSON, 8), (ActivityFormat.ONLINE, 2)]),
    ActivityKind.ONLINE_COURSE: Weighted([(ActivityFormat.ONLINE, 1)]),
    ActivityKind.WORK_PLACEMENT: Weighted([(ActivityFormat.IN_PERSON, 1)]),
    ActivityKind.VOLUNTEERING: Weighted([(ActivityFormat.IN_PERSON, 8), (ActivityFormat.BLENDED, 2)]),
    ActivityKind.MENTORING: Weighted([(ActivityFormat.IN_PERSON, 5), (ActivityFormat.BLENDED, 5)]),
    ActivityKind.OTHER: Weighted([(ActivityFormat.IN_PERSON, 7), (ActivityFormat.BLENDED, 3)]),
}
ACTIVITY_OUTCOME_NOTES = ("Completed with good feedback.", "Certificate of attendance received.",
                          "Finished; wants to continue at the next level.", "Passed the final test.",
                          "Completed; the employer offered a trial shift.")
# "Can do" statements per Key Competence, in framework order (KC1..KC8).
CAN_DO = (
    ("I can write a short, clear email to an employer.", "I can read and fill in an official form.",
     "I can explain my point of view in a group discussion."),
    ("I can introduce myself and my skills in a second language.", "I can follow a simple work briefing "
     "in another language.", "I can help a newcomer by translating everyday information."),
    ("I can plan a monthly budget and keep to it.", "I can measure and calculate quantities for a recipe "
     "or a repair.", "I can read a timetable and plan a journey."),
    ("I can create a CV with a word processor and save it as PDF.", "I can search for and judge "
     "information online.", "I can protect my accounts with strong passwords."),
    ("I can set myself goals and review my progress.", "I can ask for help when I need it.",
     "I can work in a team and keep agreements."),
    ("I can explain how to take part in local decisions.", "I can organise a small community activity.",
     "I can discuss a social issue respectfully with people who disagree."),
    ("I can turn an idea into a simple plan with steps and costs.", "I can present a project idea to "
     "others.", "I can solve a problem creatively when things go wrong."),
    ("I can express an idea through photography, music or drama.", "I can take part in an intercultural "
     "event and reflect on it.", "I can describe how culture shapes how people communicate."),
)
EVIDENCE = ("Mentor observation during the placement", "Portfolio with CV and cover letters",
            "Reflection diary", "Certificate from the course provider", "Photos of the project",
            "Employer reference", "Recorded presentation", "Youthpass-style self-reflection")
REVOKE_REASONS = ("Issued with a misspelt name; reissued.", "Issued by mistake before validation was complete.",
                  "Programme dates printed incorrectly; reissued.")
PARTNERS = ("Jugendzentrum Nordstadt (partner)", "Maison des Jeunes Rive Gauche (partner)",
            "Centro Juvenil Las Fuentes (partner)")

SESSION_MODES_1TO1 = Weighted([
    (SessionMode.IN_PERSON, 55), (SessionMode.PHONE, 12), (SessionMode.VIDEO_CALL, 13),
    (SessionMode.CHAT, 15), (SessionMode.SOCIAL_MEDIA_GROUP, 2), (SessionMode.OTHER, 3),
])
SESSION_MODES_GROUP = Weighted([
    (SessionMode.IN_PERSON, 60), (SessionMode.VIDEO_CALL, 20), (SessionMode.SOCIAL_MEDIA_GROUP, 20),
])
PLATFORMS = {
    # A plain phone call has no app; it is recorded as "other".
    SessionMode.PHONE: Weighted([(Platform.OTHER, 6), (Platform.WHATSAPP, 4)]),
    SessionMode.VIDEO_CALL: Weighted([(Platform.ZOOM, 35), (Platform.TEAMS, 25), (Platform.WHATSAPP, 25),
                                       (Platform.DISCORD, 15)]),
    SessionMode.CHAT: Weighted([(Platform.WHATSAPP, 50), (Platform.INSTAGRAM, 20), (Platform.FACEBOOK, 10),
                                 (Platform.DISCORD, 20)]),
    SessionMode.SOCIAL_MEDIA_GROUP: Weighted([(Platform.WHATSAPP, 40), (Platform.FACEBOOK, 30),
                                               (Platform.INSTAGRAM, 20), (Platform.DISCORD, 10)]),
    SessionMode.OTHER: Weighted([(Platform.OTHER, 1)]),
}
DURATIONS = {  # minutes, (min, max), in steps of 5
    SessionMode.IN_PERSON: (45, 90), SessionMode.PHONE: (15, 45), SessionMode.VIDEO_CALL: (30, 60),
    SessionMode.CHAT: (15, 45), SessionMode.SOCIAL_MEDIA_GROUP: (30, 90), SessionMode.OTHER: (30, 60),
}
GENDERS = Weighted([(Gender.FEMALE, 47), (Gender.MALE, 46), (Gender.NON_BINARY, 3), (Gender.OTHER, 1),
                     (Gender.NOT_STATED, 3)])
AGE_BANDS = Weighted([((13, 15), 9), ((16, 24), 60), ((25, 30), 16), ((31, 55), 15)])
ACTIVITY_KINDS = Weighted([(ActivityKind.COURSE, 25), (ActivityKind.WORKSHOP, 25), (ActivityKind.ONLINE_COURSE, 15),
                            (ActivityKind.WORK_PLACEMENT, 12), (ActivityKind.VOLUNTEERING, 12),
                            (ActivityKind.MENTORING, 6), (ActivityKind.OTHER, 5)])
METHODS = Weighted([(ValidationMethod.OBSERVATION, 30), (ValidationMethod.PORTFOLIO, 30),
                     (ValidationMethod.INTERVIEW, 15), (ValidationMethod.TEST, 10),
                     (ValidationMethod.SELF_DECLARATION, 15)])
CONSENT_METHODS = Weighted([(ConsentMethod.PAPER_FORM, 50), (ConsentMethod.DIGITAL_FORM, 35),
                             (ConsentMethod.VERBAL, 5), (ConsentMethod.EMAIL, 10)])
OPTIONAL_CONSENTS = ((ConsentPurpose.PHOTOS, 0.45), (ConsentPurpose.FUNDER_SHARING, 0.65),
                     (ConsentPurpose.SOCIAL_MEDIA_CONTACT, 0.40))
