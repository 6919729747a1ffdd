"""The default competency framework for child-protection case work (domain.md section 3). Each country
edits it as data (admin)."""

# level, (en, ro, ru)
SCALE = [
    (1, ("Aware", "Conștient", "Осведомлённость")),
    (2, ("Practitioner", "Practician", "Практик")),
    (3, ("Proficient", "Competent", "Уверенное владение")),
    (4, ("Expert", "Expert", "Эксперт")),
]

# The cadres a level is required of, in the order of the tuples below.
CADRES = ["case_manager", "community_assistant", "supervisor", "social_worker"]

# group code, (en, ro, ru), [(code, (en, ro, ru), (case manager, community assistant, supervisor, social worker))]
FRAMEWORK = [
    (
        "case-management",
        ("Case management", "Managementul de caz", "Ведение случая"),
        [
            ("assessment", ("Assessment", "Evaluarea", "Оценка"), (3, 2, 4, 3)),
            ("planning", ("Case planning", "Planificarea intervenției", "Планирование"), (3, 2, 4, 3)),
            (
                "participation",
                ("Child participation", "Participarea copilului", "Участие ребёнка"),
                (3, 2, 3, 3),
            ),
            (
                "safeguarding",
                (
                    "Safeguarding and risk assessment",
                    "Protecția și evaluarea riscului",
                    "Защита и оценка риска",
                ),
                (3, 2, 4, 3),
            ),
            ("records", ("Record keeping", "Ținerea evidenței", "Ведение записей"), (3, 3, 3, 3)),
        ],
    ),
    (
        "families",
        ("Working with families", "Lucrul cu familiile", "Работа с семьями"),
        [
            ("engagement", ("Engaging families", "Implicarea familiei", "Вовлечение семьи"), (3, 3, 3, 3)),
            ("support", ("Family support", "Sprijinul familiei", "Поддержка семьи"), (3, 3, 3, 3)),
            (
                "reintegration",
                ("Reintegration", "Reintegrarea", "Реинтеграция"),
                (3, 1, 3, 2),
            ),
        ],
    ),
    (
        "practice",
        ("Professional practice", "Practica profesională", "Профессиональная практика"),
        [
            ("ethics", ("Ethics", "Etica", "Этика"), (2, 2, 3, 3)),
            (
                "supervision",
                ("Using supervision", "Utilizarea supervizării", "Использование супервизии"),
                (2, 2, 4, 2),
            ),
            ("self-care", ("Self-care", "Grija de sine", "Забота о себе"), (2, 2, 3, 2)),
        ],
    ),
]


# CPD hours each cadre does in a period (months): illustrative defaults, as the caseload and supervision
# standards are; each country replaces them with its own regulation's figures in the administration.
CPD_REQUIREMENTS = [
    # cadre, hours, period in months
    ("case_manager", 40, 12),
    ("community_assistant", 24, 12),
    ("social_worker", 40, 12),
    ("psychologist", 40, 12),
    ("supervisor", 40, 12),
    ("para_professional", 16, 12),
]
