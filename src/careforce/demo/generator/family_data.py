"""The names, health notes and life events the demo's families are made of."""

from __future__ import annotations

# Children's names are today's names; their parents and grandparents have the names of their own time.
CHILD_ROMANIAN_FEMALE = [
    "Sofia", "Maria", "Daria", "Alexandra", "Ana", "Eva", "Victoria", "Amelia", "Emilia", "Anastasia",
    "Evelina", "Iuliana", "Mihaela", "Cristina", "Ecaterina", "Valeria", "Ariana", "Bianca", "Camelia",
    "Delia", "Denisa", "Elena", "Gabriela", "Ioana", "Carolina", "Adelina", "Nicoleta", "Patricia",
    "Loredana", "Teodora", "Mădălina", "Cătălina", "Ilinca", "Irina", "Doinița", "Ștefana", "Andreea",
    "Corina", "Olivia", "Maia",
]
CHILD_ROMANIAN_MALE = [
    "Alexandru", "David", "Daniel", "Matei", "Luca", "Mihai", "Andrei", "Ion", "Ștefan", "Maxim", "Artiom",
    "Nichita", "Cristian", "Denis", "Gabriel", "Teodor", "Tudor", "Victor", "Vlad", "Eduard", "Bogdan",
    "Marius", "Nicolae", "Ilie", "Dumitru", "Ionuț", "Dănuț", "Răzvan", "Sebastian", "Adrian", "Mario",
    "Emanuel", "Iustin", "Călin", "Sandu", "Petru", "Radu", "Octavian", "Serghei", "Vasile",
]
CHILD_RUSSIAN_FEMALE = [
    "София", "Анна", "Мария", "Ева", "Варвара", "Алиса", "Виктория", "Дарья", "Полина", "Анастасия",
    "Ксения", "Вероника", "Василиса", "Милана", "Арина", "Екатерина", "Елизавета", "Алёна", "Кристина",
    "Валерия", "Ульяна", "Диана", "Ангелина", "Маргарита",
]
CHILD_RUSSIAN_MALE = [
    "Артём", "Максим", "Александр", "Михаил", "Даниил", "Кирилл", "Матвей", "Тимофей", "Иван", "Марк",
    "Никита", "Дмитрий", "Егор", "Илья", "Андрей", "Роман", "Владислав", "Денис", "Богдан", "Глеб", "Лев",
    "Степан", "Фёдор", "Ярослав",
]
ELDER_ROMANIAN_FEMALE = [
    "Maria", "Ana", "Elena", "Eudochia", "Vera", "Nina", "Zinaida", "Raisa", "Valentina", "Parascovia",
    "Tamara", "Ecaterina", "Domnica", "Agafia", "Antonina", "Galina", "Lidia", "Efrosinia", "Olga",
]
ELDER_ROMANIAN_MALE = [
    "Ion", "Gheorghe", "Vasile", "Nicolae", "Petru", "Mihail", "Dumitru", "Grigore", "Constantin", "Ilie",
    "Vladimir", "Andrei", "Alexei", "Fiodor", "Pavel", "Afanasie", "Simion", "Toader", "Iacob", "Tudor",
]
ELDER_RUSSIAN_FEMALE = [
    "Валентина", "Галина", "Нина", "Тамара", "Людмила", "Лидия", "Зинаида", "Раиса", "Антонина",
    "Клавдия", "Мария", "Вера", "Надежда", "Евдокия",
]
ELDER_RUSSIAN_MALE = [
    "Владимир", "Николай", "Виктор", "Анатолий", "Василий", "Михаил", "Иван", "Пётр", "Григорий", "Фёдор",
    "Алексей", "Валентин", "Геннадий", "Семён",
]

# Beyond the staff's surnames: enough families that a name and a birthday rarely meet by chance.
MORE_ROMANIAN_FAMILY = [
    "Andronic", "Arnăut", "Babii", "Bacal", "Barbă", "Bejan", "Bîrlădeanu", "Boțan", "Bostan", "Botezatu",
    "Brînză", "Bulat", "Buzu", "Căldare", "Carp", "Casian", "Cernat", "Chicu", "Chirilă", "Cibotaru",
    "Ciorbă", "Cîrlig", "Ciubotaru", "Cocieru", "Codreanu", "Condrea", "Corcodel", "Coroi", "Costin",
    "Cotruță", "Crețu", "Cristea", "Cucoș", "Cușnir", "Dabija", "Damian", "Dascăl", "Donică", "Doroftei",
    "Dragan", "Duca", "Dumbravă", "Eremia", "Florea", "Furtună", "Găină", "Galben", "Gavriliță", "Gherman",
    "Gînju", "Gorea", "Graur", "Gribincea", "Gurău", "Ignat", "Ionescu", "Iovu", "Josan", "Leahu", "Lazăr",
    "Leu", "Luca", "Lupașcu", "Manea", "Marin", "Matei", "Mihalachi", "Mîndru", "Moldovan", "Moroșan",
    "Negru", "Neagu", "Nedelcu", "Niculiță", "Olaru", "Onu", "Palade", "Pascal", "Păduraru", "Pînzari",
    "Popescu", "Popovici", "Puiu", "Rață", "Romanciuc", "Rusnac", "Sandu", "Savin", "Sava", "Sîrghi",
    "Sofroni", "Spînu", "Stoica", "Știrbu", "Tofan", "Toma", "Tudor", "Țurcan", "Ursachi", "Vîrlan",
    "Voloc", "Zaharia", "Zamfir", "Zubcu", "Bordian", "Bucătaru", "Cojocari", "Colesnic", "Pascari",
    "Railean", "Cozma", "Plămădeală", "Negară", "Onofrei", "Petrescu", "Tabac", "Talmaci", "Tcaci",
    "Țîbîrnă", "Vîlcu", "Boboc", "Buga", "Burlacu", "Chistol", "Chetrari", "Ciocan", "Cîrstea",
    "Dragomir", "Gheorghiță", "Gonța", "Guzun", "Harea", "Hîrbu", "Lisnic", "Malai", "Mardari", "Mîțu",
    "Moghildea", "Mustață", "Pelivan", "Pîslaru", "Plop", "Pogor", "Popușoi", "Rașcu", "Sturza",
    "Șchiopu", "Șeremet", "Talpă", "Tiron", "Vlas", "Zgureanu", "Apostol", "Bujor", "Cațer", "Ciumac",
    "Dediu", "Enache", "Fusu", "Gangan", "Hadîrcă", "Jitaru", "Lefter", "Mitu", "Nastas", "Pîrvan",
]
MORE_RUSSIAN_FAMILY = [
    "Белов", "Голубев", "Виноградов", "Богданов", "Воробьёв", "Медведев", "Ершов", "Никифоров", "Соловьёв",
    "Жуков", "Комаров", "Гончаров", "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин", "Ковалёв",
    "Тарасов", "Мартынов", "Ефимов", "Баранов", "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Мельников",
    "Чернов", "Пономарёв", "Кравец", "Бойко", "Шевчук", "Литвиненко", "Марченко", "Лысенко", "Гайдаржи",
    "Топал", "Кара", "Стойлов", "Курдогло", "Терзи", "Яковенко", "Романенко", "Клименко", "Гордиенко",
]

# (Romanian, Russian, youngest age at which it is on record)
HEALTH_NOTES = [
    ("Astm bronșic; inhalator la nevoie.", "Бронхиальная астма; ингалятор по необходимости.", 3),
    ("Diabet zaharat de tip 1, insulinodependent.", "Сахарный диабет 1 типа, инсулинозависимый.", 1),
    ("Epilepsie, sub tratament; crize rare.", "Эпилепсия, на лечении; приступы редкие.", 1),
    (
        "Paralizie cerebrală infantilă; se deplasează în scaun rulant.",
        "Детский церебральный паралич; передвигается в инвалидной коляске.",
        2,
    ),
    (
        "Tulburare din spectrul autist; are însoțitor la școală.",
        "Расстройство аутистического спектра; ассистент в школе.",
        7,
    ),
    ("Deficiență de auz; poartă proteză auditivă.", "Нарушение слуха; слуховой аппарат.", 0),
    ("Sindrom Down; dizabilitate de grad accentuat.", "Синдром Дауна; выраженная степень инвалидности.", 0),
    (
        "Întârziere în dezvoltarea vorbirii; ședințe la logoped.",
        "Задержка речевого развития; занятия с логопедом.",
        3,
    ),
    ("Alergie alimentară severă (arahide); poartă adrenalină.", "Тяжёлая аллергия на арахис; носит адреналин.", 2),
    ("Deficiență de vedere; ochelari, control anual.", "Нарушение зрения; очки, ежегодный осмотр.", 3),
    (
        "Malformație cardiacă congenitală, operată; control la cardiolog.",
        "Врождённый порок сердца, прооперирован; наблюдение у кардиолога.",
        0,
    ),
    ("Anemie feriprivă; tratament cu fier.", "Железодефицитная анемия; препараты железа.", 0),
]
ABROAD = [
    ("Italia, Padova", "Италия, Падуя"),
    ("Italia, Roma", "Италия, Рим"),
    ("Federația Rusă, Moscova", "Россия, Москва"),
    ("Germania, Berlin", "Германия, Берлин"),
    ("Regatul Unit, Londra", "Великобритания, Лондон"),
    ("Franța, Paris", "Франция, Париж"),
    ("Israel, Tel Aviv", "Израиль, Тель-Авив"),
    ("Portugalia, Lisabona", "Португалия, Лиссабон"),
    ("Irlanda, Dublin", "Ирландия, Дублин"),
    ("Cehia, Praga", "Чехия, Прага"),
]
