"""Furniture phrases and stop words, in several languages, written by the team.

Every phrase here is a short generic piece of page chrome ("read also", "leave a comment"), never
text of a particular page. Phrases are grouped by furniture kind and by how much of a line they
must cover before they decide on their own:

- `WHOLE`: the phrase is the entire line (bullets, punctuation, arrows and counts aside);
- `LEAD`: the phrase opens a short line ("Read also: <headline>", "Photo: <agency>");
- `ANYWHERE`: the phrase decides wherever it stands in a line of modest length (cookie notices,
  machine-translation disclaimers, comment-form boilerplate): article prose does not say these.

Patterns are regular-expression snippets matched case-insensitively against a line whose
whitespace is collapsed. Keep them free of nested quantifiers: they run on every line of every
page, and a pathological line must stay linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WHOLE: dict[str, tuple[str, ...]] = {
    "navigation": (
        r"home(page)?", r"main page", r"menu", r"main menu", r"burger", r"banner( image)?",
        r"search", r"skip to (main )?content", r"skip to navigation", r"back to top( button)?",
        r"to top", r"accessibility links", r"all news", r"all services", r"news cent(er|re)",
        r"read full article", r"read the full (article|story)", r"full story", r"more news",
        r"next article", r"previous article", r"next story", r"previous story", r"go back",
        r"log ?in", r"sign ?in", r"sign up", r"register", r"contact us", r"about us",
        r"privacy policy", r"terms of (use|service)", r"all rights reserved.*", r"sitemap",
        r"close", r"open menu", r"close menu", r"load more", r"show more", r"see more",
        r"головна", r"головна сторінка", r"усі новини", r"всі новини", r"меню", r"пошук",
        r"главная", r"главная страница", r"все новости", r"поиск",
        r"continue reading\W*", r"news ?feed", r"вгору", r"нагору", r"наверх", r"стрічка новин",
        r"лента новостей", r"на головну", r"на главную",
        r"startseite", r"alle nachrichten", r"suche", r"zum inhalt springen",
        r"accueil", r"toutes les actualités", r"rechercher",
        r"inicio", r"portada", r"todas las noticias", r"buscar",
        r"strona główna", r"wszystkie wiadomości", r"szukaj",
        r"الرئيسية", r"الصفحة الرئيسية", r"كل الأخبار", r"بحث",
    ),
    "section_label": (
        r"world", r"world news", r"europe", r"politics", r"business", r"opinion", r"analysis",
        r"breaking", r"breaking news", r"live", r"live updates?", r"latest", r"top stories",
        r"must read", r"editor'?s picks?", r"trending", r"most read", r"most popular",
        r"tagged as", r"tags?", r"topics?", r"categor(y|ies)", r"story so far", r"news",
        r"war in ukraine", r"middle east", r"africa", r"asia",
        r"новини", r"новости", r"світ", r"мир", r"політика", r"политика", r"теги", r"теми",
        r"актуальне", r"актуальное", r"важливе", r"важное", r"головне", r"главное",
        r"новини україни", r"новости украины", r"новини світу", r"новости мира",
        r"nachrichten", r"politik", r"ausland", r"welt", r"schlagwörter", r"themen",
        r"actualités", r"monde", r"politique", r"international",
        r"noticias", r"mundo", r"política", r"etiquetas",
        r"wiadomości", r"świat", r"polityka", r"tagi",
        r"أخبار", r"العالم", r"سياسة", r"عاجل",
    ),
    "related_list": (
        r"read also", r"also read", r"read more", r"related", r"related (articles|stories|news)",
        r"more (articles|stories)( like this)?", r"latest news", r"more on this( story| topic)?",
        r"you may also like", r"you might also like", r"recommended( for you)?",
        r"more from .{1,30}", r"see also", r"in other news", r"popular now",
        r"читайте також", r"читайте також на тему", r"дивіться також", r"більше новин",
        r"читайте также", r"смотрите также", r"по теме", r"больше новостей",
        r"останні новини", r"последние новости", r"трендове", r"trending at( .{1,30})?",
        r"read (also|more) (on|at) .{1,30}", r"читайте також на .{1,30}",
        r"читайте также на .{1,30}", r"читати також", r"читайте ще", r"читати ще",
        r"новини партнерів", r"новости партнеров", r"partner news", r"from our partners",
        r"more from our partners", r"новини від партнерів", r"новости от партнеров",
        r"статті", r"статьи", r"публікації", r"публикации", r"інші статті", r"другие статьи",
        r"lesen sie auch", r"mehr zum thema",
        r"das könnte sie auch interessieren", r"weitere artikel",
        r"lire aussi", r"à lire aussi", r"sur le même sujet", r"plus d'articles",
        r"lee también", r"leer también", r"te puede interesar", r"más noticias", r"relacionado",
        r"czytaj także", r"czytaj też", r"zobacz też", r"zobacz także", r"więcej artykułów",
        r"اقرأ أيضا", r"اقرأ أيضاً", r"مواضيع ذات صلة", r"أخبار ذات صلة",
    ),
    "appeal": (
        r"subscribe", r"subscribe now", r"start reading", r"donate", r"donate now",
        r"support us", r"become a member", r"join (us|now)", r"get the app", r"download the app",
        r"sign up for (our|the) newsletter", r"newsletter",
        r"підписатися", r"підтримати", r"підписатись", r"подписаться", r"поддержать",
        r"abonnieren", r"jetzt abonnieren", r"spenden", r"jetzt spenden",
        r"s'abonner", r"abonnez-vous", r"faire un don",
        r"suscríbete", r"suscribirse", r"donar", r"dona",
        r"subskrybuj", r"wesprzyj nas", r"zapisz się",
        r"اشترك", r"اشترك الآن", r"تبرع",
    ),
    "share_prompt": (
        r"share", r"share this( article| story| post|…|\.\.\.)?", r"share on (facebook|x|twitter)",
        r"actions", r"print", r"email", r"copy link", r"share via .{1,20}",
        r"facebook", r"twitter", r"telegram", r"whatsapp", r"linkedin", r"viber",
        r"поділитися", r"поделиться", r"teilen", r"artikel teilen", r"partager",
        r"поділитись", r"поделитись", r"опублікувати (у|в)", r"опубликовать в",
        r"compartir", r"udostępnij", r"شارك", r"مشاركة",
    ),
    "comment_form": (
        r"leave a (reply|comment)", r"comments?", r"add (a )?comment", r"post (a )?comment",
        r"comments are closed\.?", r"no comments( yet)?", r"\d+ comments?", r"view comments",
        r"please enter your (comment|name here)", r"cancel reply", r"submit",
        r"коментарі", r"коментарів", r"додати коментар", r"комментарии", r"добавить комментарий",
        r"click to comment", r"комментариев", r"коментувати", r"комментировать",
        r"kommentare", r"kommentar schreiben", r"commentaires", r"laisser un commentaire",
        r"comentarios", r"deja un comentario", r"komentarze", r"dodaj komentarz",
        r"تعليقات", r"أضف تعليق",
    ),
    "advertisement": (
        r"advertisement", r"advertising", r"ad", r"ads", r"sponsored( content)?", r"promoted",
        r"scroll to continue( with content)?", r"continue reading below",
        r"story continues below( advertisement)?", r"article continues below",
        r"реклама", r"anzeige", r"werbung", r"publicité", r"publicidad", r"reklama",
        r"إعلان", r"اعلان",
    ),
    "media_listing": (
        r"watch", r"watch( the)? video", r"play( video)?", r"video", r"videos", r"audio",
        r"listen", r"listen to (this|the) article", r"please wait", r"loading\.*",
        r"no media source currently available", r"your browser does not support .{1,40}",
        r"відео", r"видео", r"дивитися", r"смотреть", r"vidéo", r"vídeo", r"wideo",
        r"فيديو",
    ),
    "other": (
        r"more to come\W*", r"more information to follow\W*", r"developing( story)?",
        r"this (story|article) (is developing|will be updated)\W*", r"views?", r"\d+ views?",
        r"переглядів", r"просмотров", r"aufrufe",
        r"доповнюється\W*", r"новина доповнюється\W*", r"новость дополняется\W*",
        r"дополняется\W*", r"оцініть (матеріал|статтю|новину)",
        r"оцените (материал|статью|новость)",
        r"rate this (article|story)",
        r"(k|тис\.?|тыс\.?)? ?(підписників|подписчиков|subscribers|followers)",
    ),
    "other_story": (
        r"learn more", r"view gallery", r"see gallery", r"see all", r"view all",
    ),
    "code_residue": (
        r"free (stats|counter|web counter)", r"(web|hit|visitor) counter", r"counter\.\w+",
        r"tracking pixel",
    ),
    "byline_desk": (
        r"journalist", r"author", r"reporter", r"correspondent", r"editor", r"source link",
        r"staff", r"agencies", r"news desk", r"журналіст", r"автор", r"журналист",
        r"redaktion", r"rédaction", r"redacción", r"redakcja",
    ),
    "credit": (
        r"(photo|image|picture|foto|фото)", r"getty images", r"reuters", r"afp", r"ap photo",
    ),
    "date_header": (
        r"published", r"updated", r"posted", r"опубліковано", r"оновлено", r"опубликовано",
        r"обновлено", r"veröffentlicht", r"aktualisiert", r"publié", r"mis à jour",
        r"publicado", r"actualizado", r"opublikowano", r"zaktualizowano", r"نشر", r"تحديث",
    ),
}

LEAD: dict[str, tuple[str, ...]] = {
    "related_list": (
        r"read (also|more|next)\s*:", r"also read\s*:", r"related\s*:", r"see also\s*:",
        r"more on this\s*:", r"read the latest", r"читайте також\s*:?", r"читайте также\s*:?",
        r"read also\s", r"дивіться також\s*:?", r"смотрите также\s*:?", r"trending at\b",
        r"читати також\s*:?", r"читайте ще\s*:?", r"читати ще\s*:?", r"читайте еще\s*:?",
        r"lesen sie auch\s*:?", r"mehr zum thema\s*:", r"lire aussi\s*:", r"à lire aussi\s*:",
        r"lee también\s*:", r"czytaj (także|też)\s*:", r"zobacz (też|także)\s*:",
        r"اقرأ أيضا\s*:?",
    ),
    "credit": (
        r"(photo|photograph|image|picture|illustration|cover photo)( credit)?\s*(:|by\b|©)",
        r"(фото|світлина|иллюстрация|ілюстрація)\s*:", r"(foto|bild|bildquelle)\s*:",
        r"(crédit photo|crédit)\s*:", r"(fotografía|imagen)\s*:", r"(fot\.|zdjęcie)\s*:?",
        r"(صورة|الصورة)\s*:", r"©", r"\(c\) ",
    ),
    "byline_desk": (
        r"source\s*:", r"sources\s*:", r"based on materials (of|from)",
        r"an expanded version of (this|the) (report|article|story)",
        r"(this|the) (article|story|report) (was |is )?(originally|first) (published|appeared)",
        r"originally published (on|at|in|by)\b",
        r"with (reporting|input) from",
        r"compiled by", r"written by", r"reporting by", r"editing by",
        r"джерело\s*:", r"автор\s*:", r"источник\s*:", r"по материалам", r"за матеріалами",
        r"quelle\s*:", r"source :", r"fuente\s*:", r"źródło\s*:", r"autor\s*:", r"المصدر\s*:",
    ),
    "read_time": (r"reading time\s*:?", r"read time\s*:?", r"час читання", r"время чтения",
                  r"(около|меньше|менее) минуты$", r"(близько|менше) хвилини$",
                  r"less than a minute$",
                  r"lesezeit", r"temps de lecture", r"tiempo de lectura", r"czas czytania"),
    "media_listing": (r"watch\s*:", r"video\s*:", r"listen\s*:", r"відео\s*:", r"видео\s*:",
                      r"watch the (clip|video|footage)\s*:", r"дивіться відео\s*:?",
                      r"смотрите видео\s*:?",
                      r"\d+:\d\d\s*/\s*\d+:\d\d"),
    "appeal": (r"follow (us|this link)", r"join (our|my) .{0,20}(group|channel|community)",
               r"subscribe to", r"sign up (for|to)", r"download (our|the) .{0,20}app",
               r"get (all )?(your|the latest) news", r"support (our|independent) journalism",
               r"підписуйтесь", r"підпишіться", r"подписывайтесь", r"подпишитесь",
               r"folgen sie uns", r"abonnieren sie", r"suivez-nous", r"síguenos", r"obserwuj nas"),
    "other_story": (r"follow (the|our) .{0,25}live ?blog", r"watch live\s*:", r"see\s*:\s"),
    "section_label": (r"(теги|тэги|мітки|метки)( статті| статьи| новини| новости)?\s*:",
                      r"tags?\s*:", r"topics?\s*:"),
    "advertisement": (r"advertisement\s*:", r"sponsored by", r"реклама\s*:", r"anzeige\s*:"),
    "comment_form": (r"how did your country report this",),
}

ANYWHERE: dict[str, tuple[str, ...]] = {
    "cookie": (
        r"we use cookies", r"this (web)?site uses cookies", r"uses cookies to", r"cookie policy",
        r"cookie settings", r"accept (all )?cookies", r"consent to (the use of )?cookies",
        r"manage (your )?(cookie|privacy) (settings|preferences)", r"use of cookies",
        r"(використовуємо|використовує) (файли )?cookie", r"файли cookie",
        r"(используем|использует) (файлы )?cookie", r"файлы cookie",
        r"(verwenden|nutzen) (wir )?cookies", r"cookie-einstellungen", r"cookies akzeptieren",
        r"(utilise|utilisons) des cookies", r"accepter les cookies",
        r"utiliza(mos)? cookies", r"aceptar (todas las )?cookies",
        r"(używa|używamy) (plików )?cookie", r"pliki cookie",
        r"ملفات تعريف الارتباط", r"نستخدم ملفات",
    ),
    "mt_disclaimer": (
        r"(machine|automatically|automatic|auto)[- ]translat",
        r"translated (automatically|by (a )?machine)",
        r"^(this|the) (article|text|page|story) (was|has been|is) translated (by|with|using) "
        r"(google|deepl|ai|artificial intelligence)",
        r"maschinell übersetzt", r"automatisch übersetzt", r"maschinelle übersetzung",
        r"automatische übersetzung",
        r"перекладено автоматично", r"автоматичний переклад", r"машинний переклад",
        r"перекладено за допомогою", r"переведено автоматически", r"автоматический перевод",
        r"машинный перевод", r"переведен[оа]? с помощью",
        r"переведен\w* автоматически", r"автоматически переведен\w*",
        r"перекладен\w* автоматично", r"автоматично перекладен\w*",
        r"traduit automatiquement", r"traduction automatique",
        r"traducido automáticamente", r"traducción automática",
        r"przetłumaczon\w* (maszynowo|automatycznie)", r"tłumaczenie maszynowe",
        r"ترجمة آلية", r"مترجم آليا", r"ترجمة تلقائية",
    ),
    "comment_form": (
        r"your email address will not be published", r"required fields are marked",
        r"comments are closed", r"not accepting comments", r"comments have been (closed|disabled)",
        r"to (post|leave) a comment,? (you must|please) (log|sign) in",
        r"entrez votre (commentaire|nom)", r"votre adresse (e-mail|email) ne sera pas publiée",
        r"ihre e-mail-adresse wird nicht veröffentlicht",
        r"tu dirección de correo electrónico no será publicada",
        r"ваш (e-mail|email|адрес) не буде опублікован",
        r"ваш (e-mail|email|адрес) не будет опубликован",
        r"twój adres e-mail nie zostanie opublikowany",
    ),
    "appeal": (
        r"support (our|independent) journalism", r"(make|making) a (donation|contribution)",
        r"donate (now|today|to)", r"become a (member|supporter|subscriber|patron)",
        r"sign up (for|to) (our|the) .{0,30}newsletter",
        r"subscribe to (our|the) .{0,30}(newsletter|channel)",
        r"download (our|the) .{0,20}app", r"join (our|my) .{0,30}(group|channel)",
        r"підтримайте (нас|наш|редакцію|журналістику)",
        r"become (a|our) (member|supporter|subscriber|patron)\b", r"\bon patreon\b",
        r"\bclick on (whatsapp|telegram|viber)\b",
        r"приєднуйтесь до .{0,30}(каналу|спільноти|групи|сторінки)",
        r"присоединяйтесь к .{0,30}(каналу|сообществу|группе|странице)",
        r"(на|у|в) нашому (telegram|телеграм|viber|вайбер)?-?каналі",
        r"(на|в) нашем (telegram|телеграм|viber|вайбер)?-?канале",
        r"(лише|тільки) ваша підтримка", r"только ваша поддержка",
        r"поддержите (нас|наш|редакцию|журналистику)",
        r"підписуйтесь на (наш|нас)", r"подписывайтесь на (наш|нас)",
        r"unterstützen sie (uns|unabhängigen|unseren)", r"jetzt spenden", r"newsletter abonnieren",
        r"soutenez (notre|le) journalisme", r"faites un don",
        r"abonnez-vous à (notre|la) newsletter",
        r"apoya (nuestro|el) periodismo", r"suscríbete a (nuestro|nuestra)",
        r"wesprzyj (nas|nasze|naszą)", r"zapisz się na (nasz|newsletter)",
        r"ادعم (صحافتنا|الصحافة)", r"اشترك في (نشرتنا|النشرة)",
    ),
    "share_prompt": (r"share (this|the) (article|story|post) (on|with|via)", r"spread the love",
                     r"share your thoughts on social"),
    "other_story": (r"\bview gallery$", r"\bwatch the video$"),
    # Searched on lines of up to 4,000 characters: a count starts where its digits start and
    # its digits are taken whole ((?<!\d), \d++), else a long run of digits costs time growing
    # with its square (bench/regex_growth.py, issue 14); what matches is unchanged.
    "other": (
        r"page (generated|rendered|created) in \d",
        # A site promising updates, not someone quoted saying so (no quotation marks).
        r"^(?![^\n]*[\"“”«»])[^\n]*will (bring|keep) you (more )?(updates|updated|posted) as\b",
        r"generated in \d++(?:[.,]\d*+)? ?(s|sec|seconds)",
        r"(?<!\d)\d++ (database )?quer(y|ies) in \d", r"сторінк\w* (згенеровано|створено) за",
        r"страниц\w* (сгенерирован\w*|создан\w*) за", r"seite (generiert|erstellt) in",
        r"page générée en", r"página generada en", r"strona wygenerowana w",
    ),
    "code_residue": (
        r"window\.\w+", r"datalayer", r"gtag\(", r"\butm_(source|medium|campaign|content|term)\b",
        r"<!\[cdata\[", r"\]\]>", r"\bclass=[\"'”]", r"document\.(write|getelementby)",
        r"function\s*\(", r"\bvar \w+ ?=", r"googletag", r"\bfbq\(", r"_gaq", r"adsbygoogle",
        r"</?(div|span|script|img|iframe|a|p)\b", r"\{\s*\"@context\"",
        r"^(#\w+\s*){3,}$", r"\b(qa|test|staging|dev) build \d+", r"\btest [a-z]{2,6}-\d+\b",
    ),
    "byline_desk": (
        r"^(?-i:[A-Z][\w'-]+(?: [A-Z][\w.'-]+){1,3}) is an? (\w+ ){0,4}(writer|journalist|reporter|"
        r"correspondent|editor|author|columnist|blogger|marketer)\b",
    ),
    "read_time": (r"\b\d+\s*(min|mins|minute|minutes)\.? read\b", r"\b\d+\s*хв\.? читання",
                  r"\b\d+\s*мин\.? чтения", r"\b\d+\s*(хвилин[аи]?|хв\.?) (на )?читання",
                  r"\b\d+\s*(минут[аы]?|мин\.?) (на )?чтени[ея]", r"\b\d+\s*min\.? lesezeit",
                  r"\b\d+\s*min de lecture",
                  r"\b\d+\s*min de lectura", r"\b\d+\s*min\.? czytania", r"قراءة \d+ د"),
}

# Words a site's section menu is made of: a short line of nothing else is a menu, even without
# separators ("International Latest News Videos and Photos").
_SECTION_TEXT = """
    news latest international world local national politics business economy opinion opinions
    culture society sport sports tech technology science health videos video photos photo
    gallery galleries podcasts podcast live top stories and & the more analysis features
    interviews blogs
    новини новина новин останні головне актуальне важливе політика економіка суспільство
    культура спорт світ регіони відео фото фотогалерея статті аналітика інтерв'ю блоги
    розслідування репортажі думки колонки події та і
    новости последние главное актуальное важное политика экономика общество культура спорт
    мир регионы видео фото фотогалерея статьи аналитика интервью блоги расследования
    репортажи мнения колонки события и
"""
SECTION_WORDS: frozenset[str] = frozenset(_SECTION_TEXT.split())

# How long a line may be and still be decided by an ANYWHERE phrase alone: a cookie notice is a
# paragraph, but an article that discusses cookies runs on for many lines.
ANYWHERE_MAX_WORDS = 80
LEAD_MAX_WORDS = 16
# "Read also <a headline of 20 words>": a related link's headline may be long; prose does not
# open with the phrase.
LEAD_LIMITS = {"related_list": 30}
# Kinds whose phrases could turn up inside reporting, so only a short line is decided by them.
ANYWHERE_LIMITS = {"mt_disclaimer": 40, "share_prompt": 20, "other_story": 20, "appeal": 40,
                   "byline_desk": 60}


@dataclass(frozen=True)
class LexiconHit:
    kind: str
    how: str  # "whole", "lead" or "anywhere"


_CASE_SENSITIVE = "(?-i:"


def _compile(group: dict[str, tuple[str, ...]], template: str) -> dict[str, re.Pattern[str]]:
    """Per kind, the phrases that ignore case, to be matched against the lower-cased line.

    Matching lower-cased text without re.IGNORECASE is about twice as fast, and these patterns
    run on every line of every page.
    """
    return {
        kind: re.compile(template.format("|".join(f"(?:{p})" for p in phrases
                                                  if _CASE_SENSITIVE not in p)))
        for kind, phrases in group.items()
        if any(_CASE_SENSITIVE not in p for p in phrases)
    }


def _compile_cased(group: dict[str, tuple[str, ...]], template: str) -> dict[str, re.Pattern[str]]:
    """Per kind, the phrases that look at case in part, matched against the line as written."""
    return {
        kind: re.compile(template.format("|".join(f"(?:{p})" for p in phrases
                                                  if _CASE_SENSITIVE in p)), re.IGNORECASE)
        for kind, phrases in group.items()
        if any(_CASE_SENSITIVE in p for p in phrases)
    }


# A line "is" a WHOLE phrase once leading bullets/numbers/arrows and trailing punctuation,
# counts and arrows are set aside ("1. Homepage", "Share ›", "Comments (12)").
_WHOLE = _compile(WHOLE, r"(?:{})")
_WHOLE_CASED = _compile_cased(WHOLE, r"(?:{})")
_LEAD = _compile(LEAD, r"(?:{})")
_LEAD_CASED = _compile_cased(LEAD, r"(?:{})")
_ANYWHERE = _compile(ANYWHERE, r"(?:{})")
_ANYWHERE_CASED = _compile_cased(ANYWHERE, r"(?:{})")
_EDGE_JUNK = re.compile(r"^[\W\d_]*(?:\d+\.\s*)?|[\W_]*(?:\(\d+\)|\d+)?[\W_]*$")
_LEAD_JUNK = re.compile(r"^[^\w©(]+")


def _strip_edges(line: str) -> str:
    core = _EDGE_JUNK.sub("", line[:200])
    return core if core else line[:200].strip()


def _matching(patterns: dict[str, re.Pattern[str]], cased: dict[str, re.Pattern[str]],
              text: str, how: str) -> list[str]:
    """Kinds whose patterns match `text` in mode `how` (fullmatch, match or search), in the
    group's kind order."""
    lowered = text.lower()
    found = []
    for kind in dict.fromkeys([*patterns, *cased]):
        plain, mixed = patterns.get(kind), cased.get(kind)
        if (plain is not None and getattr(plain, how)(lowered)) \
                or (mixed is not None and getattr(mixed, how)(text)):
            found.append(kind)
    return found


def lexicon_hits(line: str, words: int) -> list[LexiconHit]:
    """Every furniture phrase that decides this line, strongest (whole-line) first."""
    hits: list[LexiconHit] = []
    if words <= 8 and len(line) <= 120:
        core = _strip_edges(line)
        hits += [LexiconHit(kind, "whole")
                 for kind in _matching(_WHOLE, _WHOLE_CASED, core, "fullmatch")]
    if words <= max(LEAD_MAX_WORDS, *LEAD_LIMITS.values()):
        head = _LEAD_JUNK.sub("", line[:80])
        hits += [LexiconHit(kind, "lead") for kind in _matching(_LEAD, _LEAD_CASED, head, "match")
                 if words <= LEAD_LIMITS.get(kind, LEAD_MAX_WORDS)]
    if words <= ANYWHERE_MAX_WORDS:
        allowed = {kind: None for kind in ANYWHERE
                   if words <= ANYWHERE_LIMITS.get(kind, ANYWHERE_MAX_WORDS)}
        plain = {k: p for k, p in _ANYWHERE.items() if k in allowed}
        cased = {k: p for k, p in _ANYWHERE_CASED.items() if k in allowed}
        hits += [LexiconHit(kind, "anywhere")
                 for kind in _matching(plain, cased, line, "search")]
    return hits


# Small stop-word lists, one per language, for "does this read like a sentence". Function words
# only: a line of running prose is a third to a half function words in any of these languages.
_STOP_TEXT = """
    a an the of to in on at by for from with and or but not no is are was were be been being has
    have had do does did will would can could should may might must that this these those it its
    he she they we you i his her their our your him them us as if than then so such there here
    which who whom whose what when where why how all any each both more most other some into over
    after before under about against between during without within also only just very said says
    і й та а але чи не ні що як це цей ця ці той та ті він вона воно вони ми ви я його її їх
    у в на з із до від за про для по при під над між після перед через був була було були є
    буде бути також вже ще який яка яке які якого де коли бо тому щоб так як
    и а но или не ни что как это этот эта эти тот та те он она оно они мы вы я его ее её их
    в во на с со из до от за о об для по при под над между после перед через был была было
    были есть будет быть также уже еще ещё который которая которое которые где когда потому чтобы
    der die das den dem des ein eine einer eines einem einen und oder aber nicht kein keine ist
    sind war waren wird werden wurde wurden hat haben hatte sein mit von zu zum zur im in an am
    auf aus bei für über unter nach vor durch auch noch schon dass wie als wenn sich er sie es wir
    ihr ich man so nur
    le la les un une des du de et ou mais ne pas est sont était été sera a ont avait avec pour par
    dans sur sous en au aux ce cet cette ces qui que quoi dont où il elle ils elles nous vous je se
    sa son ses leur leurs plus aussi comme
    el la los las un una unos unas y o pero no es son era fue ser ha han había con para por en
    sobre bajo del al de que quien cual donde cuando como este esta estos estas ese esa su sus se
    le les lo más también muy
    i w we z ze na do od za o dla po przy pod nad między przez jest są był była było byli będzie
    oraz lub ale nie że jak to ten ta te tego który która które którzy gdzie kiedy się jego jej
    ich także już jeszcze
    في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين كان كانت يكون قد لا لم لن ما و أو ثم
    بعد قبل بين حتى كما أن إن هو هي هم نحن أنت كل بعض عند منذ خلال
    il lo gli di da con su per tra fra che non è sono era nel nella della dei delle anche come più
    o os as um uma uns umas e ou mas não é são foi com para por em no na nos nas do da dos das que
    de het een en of maar niet is zijn was waren met voor door op aan bij uit als dat die deze ook
    yang dan di ke dari untuk dengan pada ini itu tidak akan telah oleh dalam
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())
