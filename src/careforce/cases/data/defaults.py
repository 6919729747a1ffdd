"""The defaults shipped with Careforce (domain.md sections 1 and 5). Each country edits them as data."""

# code, (en, ro, ru), order, anchor, done_by, days (high, medium, low), working days, repeats, required
STEPS = [
    (
        "initial-assessment",
        ("Initial assessment", "Evaluarea inițială", "Первичная оценка"),
        10,
        "opened",
        "initial_assessment",
        (1, 3, 3),
        True,
        False,
        True,
    ),
    (
        "comprehensive-assessment",
        ("Comprehensive assessment", "Evaluarea complexă", "Комплексная оценка"),
        20,
        "initial_assessment",
        "comprehensive_assessment",
        (30, 30, 30),
        False,
        False,
        True,
    ),
    (
        "case-plan",
        ("Case plan approved", "Planul individualizat aprobat", "Индивидуальный план утверждён"),
        30,
        "comprehensive_assessment",
        "plan_approved",
        (10, 10, 10),
        False,
        False,
        True,
    ),
    (
        "home-visit",
        ("Home visit", "Vizita la domiciliu", "Визит на дом"),
        40,
        "plan_approved",
        "home_visit",
        (30, 30, 30),
        False,
        True,
        False,
    ),
    (
        "review",
        ("Review of the plan", "Revizuirea planului", "Пересмотр плана"),
        50,
        "plan_approved",
        "review",
        (90, 90, 180),
        False,
        True,
        False,
    ),
]

SCALE = ("1 = serious concern", "5 = clear strength")

# domain code, (en, ro, ru), kind, questions [(code, (en, ro, ru))]
COMPREHENSIVE = [
    (
        "development",
        (
            "Child's developmental needs",
            "Nevoile de dezvoltare ale copilului",
            "Потребности развития ребёнка",
        ),
        "needs",
        [
            ("health", ("Health", "Sănătate", "Здоровье")),
            ("education", ("Education", "Educație", "Образование")),
            (
                "emotional",
                (
                    "Emotional and behavioural development",
                    "Dezvoltare emoțională și comportamentală",
                    "Эмоциональное и поведенческое развитие",
                ),
            ),
            ("identity", ("Identity", "Identitate", "Идентичность")),
            (
                "relationships",
                (
                    "Family and social relationships",
                    "Relații familiale și sociale",
                    "Семейные и социальные отношения",
                ),
            ),
            ("presentation", ("Social presentation", "Prezentare socială", "Социальная презентация")),
            ("self-care", ("Self-care skills", "Abilități de autoîngrijire", "Навыки самообслуживания")),
        ],
    ),
    (
        "parenting",
        ("Parenting capacity", "Capacitatea parentală", "Родительский потенциал"),
        "needs",
        [
            ("basic-care", ("Basic care", "Îngrijire de bază", "Базовый уход")),
            ("safety", ("Ensuring safety", "Asigurarea siguranței", "Обеспечение безопасности")),
            ("warmth", ("Emotional warmth", "Căldură emoțională", "Эмоциональное тепло")),
            ("stimulation", ("Stimulation", "Stimulare", "Стимуляция развития")),
            ("guidance", ("Guidance and boundaries", "Îndrumare și limite", "Руководство и границы")),
            ("stability", ("Stability", "Stabilitate", "Стабильность")),
        ],
    ),
    (
        "environment",
        ("Family and environmental factors", "Factori familiali și de mediu", "Семейные и средовые факторы"),
        "needs",
        [
            ("community", ("Community resources", "Resursele comunității", "Ресурсы сообщества")),
            (
                "integration",
                (
                    "Family's social integration",
                    "Integrarea socială a familiei",
                    "Социальная интеграция семьи",
                ),
            ),
            ("income", ("Income", "Venituri", "Доходы")),
            ("employment", ("Employment", "Ocupare", "Занятость")),
            ("housing", ("Housing", "Locuință", "Жильё")),
            ("wider-family", ("Wider family", "Familia extinsă", "Расширенная семья")),
            (
                "history",
                (
                    "Family history and functioning",
                    "Istoria și funcționarea familiei",
                    "История и функционирование семьи",
                ),
            ),
        ],
    ),
    (
        "protective",
        ("Family protective factors", "Factori de protecție ai familiei", "Защитные факторы семьи"),
        "protective",
        [
            ("resilience", ("Parental resilience", "Reziliența părinților", "Устойчивость родителей")),
            ("connections", ("Social connections", "Conexiuni sociale", "Социальные связи")),
            (
                "knowledge",
                (
                    "Knowledge of parenting and child development",
                    "Cunoștințe despre parenting și dezvoltarea copilului",
                    "Знания о воспитании и развитии ребёнка",
                ),
            ),
            (
                "support",
                (
                    "Concrete support in times of need",
                    "Sprijin concret în situații de nevoie",
                    "Конкретная поддержка в трудную минуту",
                ),
            ),
            (
                "competence",
                (
                    "Social and emotional competence of children",
                    "Competența socială și emoțională a copiilor",
                    "Социальная и эмоциональная компетентность детей",
                ),
            ),
        ],
    ),
]
