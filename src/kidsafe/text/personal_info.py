"""Personal information in a message: phone numbers, e-mails, social handles, street addresses,
schools, ages and locations, each with its span in the ORIGINAL text.

Numbers are matched on the original text (so that ``@`` and digits are seen as typed); phrases
("je suis au collège X", "I'm 12", "I live in X") on the normalised text and mapped back. Guards keep
times, prices, years, scores ("3-2") and ordinary numbers out: phones need a full national format,
ages need an age phrase and a plausible value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kidsafe.text.analysis import Evidence
from kidsafe.text.normalize import Normalized, normalize

CATEGORY = "personal_info"
PLATFORMS = r"(?:snap(?:chat)?|sc|insta(?:gram)?|ig|tik ?tok|tt|discord|whats ?app|wa|telegram|kik|skype|fb|facebook" \
            r"|messenger|twitter|x|signal|wechat|line|roblox|steam|psn|xbox|twitch|youtube|yt)"

_PHONE = re.compile(
    r"(?<![\d+])(?:"
    r"(?:\+|00)33[\s.\-]?[1-9](?:[\s.\-]?\d\d){4}"          # +33 6 12 34 56 78
    r"|0[1-9](?:[\s.\-]?\d\d){4}"                            # 06 12 34 56 78, 0612345678
    r"|(?:\+|00)44[\s.\-]?7\d{3}[\s.\-]?\d{3}[\s.\-]?\d{3}"  # +44 7700 900 123
    r"|07\d{3}[\s.\-]?\d{3}[\s.\-]?\d{3}"                    # 07700 900123
    r"|(?:\+1[\s.\-]?)?\(?[2-9]\d\d\)?[\s.\-]?[2-9]\d\d[\s.\-]?\d{4}"  # (555) 234-5678
    r")(?![\d])"
)
# a shorter or foreign number, said to be one: "my number is 555-0142", "mon num c'est le 4 12 55 90"
_PHONE_SAID = re.compile(
    r"(?:\b(?:my|mon|ma) (?:phone |cell |mobile )?(?:number|num|numero|numéro|phone|cell|mobile|tel|tél|portable)"
    r"|\bmy (?:#|no\.?|nbr|nmbr|numba|numbr|numb3r|digits)"
    r"|\b(?:call|text|txt|whatsapp|ring|hmu|msg|message) me(?: (?:at|on))?|\bhmu(?: (?:at|on))?"
    r"|\bappelle[- ]moi au|\b(?:écris|ecris)[- ]moi au)"
    r"(?: (?:is|c'est|c|=|:|le|it's|its))?(?: le)? ?:? ?(\+?\d[\d .\-]{5,24}\d)(?![\d])",
    re.I,
)
# a number spelled out after a phone cue ("my number is zero seven seven zero zero ...", "appelle moi au zéro six ..."),
# nine digits or more: counting games ("one two three ...") have no cue before them
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|un|deux|trois|quatre|cinq|sept|huit|neuf)"
_SPELLED_PHONE = re.compile(
    r"(?:number|num|numero|phone|cell|mobile|tel|portable|call me|text me|hmu|call me at|text me at|appelle[- ]moi"
    r"|appelle[- ]moi au|my #)(?: (?:is|c'est|c|=|:|le|it's|its|at|au))? ?:? ?"
    rf"({_DIGIT_WORD}(?:[ ,.\-]+{_DIGIT_WORD}){{8,}})(?![a-z])"
)
# a routine that says where a child will be and when ("i take the 42 bus every morning at 7:30 outside school", "je
# prends le bus 42 tous les matins à 7h30"): a number or a place and a time of day
_ROUTINE = re.compile(
    r"(?<![a-z'])(?:i take|i catch|i get|i ride|je prends|je chope|je monte dans) (?:the |le |la )?"
    r"(?:(?:bus|train|tram|metro|rer|ligne|line) ?(?:n ?|no\.? ?|number |numero )?\d{1,3}|\d{1,3} (?:bus|train|tram))"
    r"[^.!?]{0,40}? (?:at|a|vers|around) \d{1,2}(?:[:h]\d{2}|h| ?(?:am|pm))"
)
_PHONE_CUE = re.compile(r"num|phone|cell|mobile|tel|portable|call|text|hmu|appelle|#")
# an e-mail address spelt out against scrapers ("lily.rose at gmail dot com", "lea (at) orange (point) fr"): a known
# mail provider and its domain are what make "at" an "@" ("meet me at school dot" is nothing)
_MAIL_PROVIDERS = ("gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|aol|protonmail|proton|gmx|orange|free"
                   "|laposte|sfr|wanadoo|bbox|yandex|mail")
_SPELLED_EMAIL = re.compile(
    r"(?<![\w.+-])[a-z0-9_][a-z0-9_.+-]{0,63} ?(?:\(at\)|\[at\]|\{at\}| at | arobase |@) ?"
    rf"(?:{_MAIL_PROVIDERS}) ?(?:\(dot\)|\[dot\]|\{{dot\}}|\(point\)| dot | point |\.) ?"
    r"(?:com|fr|net|org|co ?uk|be|ca|ch|de|io)(?![a-z])"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,12}(?![\w-])", re.I)
_AT_HANDLE = re.compile(r"(?<![\w@.])@[a-z0-9_][a-z0-9_.]{1,29}(?<!\.)", re.I)
# Mentions that open a message ("@sam see you at 5", "@lea @max lol"): the sender is addressing people on the
# platform, not sharing an account; a handle given anywhere else ("add me @kev_99", "hey, it's @lea.b") still counts.
_LEADING_MENTIONS = re.compile(r"\s*(?:@[a-z0-9_][a-z0-9_.]{1,29}(?<!\.)(?![\w@])[\s,:;]*)+", re.I)
# A mention later in a message is shared only when the words around it give it as an account ("add me @kev_99",
# "hey, it's @lea.b", "my insta: @lea", "@kev_99 on snap"); "lol @sam look at this" and "thanks @lea for the help"
# talk to or about someone on the platform.
_SHARE_CUES = frozenset({
    "add", "addme", "follow", "followme", "dm", "dms", "msg", "message", "hmu", "text", "me", "my", "mine", "it's",
    "its", "is", "i'm", "im", "account", "handle", "username", "user", "name", "ajoute", "ajoutez", "ajoute-moi",
    "suis", "suivez", "suis-moi", "moi", "mon", "c'est", "cest", "compte", "pseudo", "nom", "écris", "ecris"})
_PLATFORM_WORD = re.compile(rf"^{PLATFORMS}$")
_PLATFORM_NEXT = re.compile(rf"(?:on|sur) {PLATFORMS}(?![a-z0-9])", re.I)  # "@kev_99 on snap"
_WORDS = re.compile(r"[a-z0-9'’\-]+")
# "add me on snap: kev_99", "my insta is lea.b", "sc : kev" (normalised text)
_PLATFORM_HANDLE = re.compile(
    # not in a link ("t.co/x0jd..."); "snap me @ lily.b" with a space after the "@"
    rf"(?<![a-z0-9/.]){PLATFORMS}(?: ?(?:is|c'?est|=|:|->|-)| (?:me|moi) )? ?:? ?(?:@ ?)?"
    r"([a-z0-9_][a-z0-9_.]{2,29})(?![a-z0-9_])"
)
# a handle given before its platform after an invitation ("add me: maya.bell2012 on ig", "ajoute-moi lea_b sur snap")
# or a presentation ("c'est lucas_du_93 sur insta"; the handle still needs a digit, "_" or ".")
_HANDLE_BEFORE_PLATFORM = re.compile(
    r"(?<![a-z0-9])(?:(?:add|follow|dm|msg|message|hmu|text|ajoute|ajoutez|suis)[- ](?:me|moi) ?[:\-]? ?"
    r"|(?:c'?est|it'?s|i'?m) "
    r"|my (?:username|user name|user|handle|name|account|tag|gamertag|gamer tag|ign|id)(?: is| =|:| ->)? ?"
    r"|mon (?:pseudo|compte|nom|id|identifiant)(?: c'?est| est| =|:)? ?)(?:@ ?)?"
    rf"([a-z0-9_][a-z0-9_.]{{2,29}}) (?:on|sur|in|via) {PLATFORMS}(?![a-z0-9])"
)
_HANDLE_STOPWORDS = frozenset({"me", "moi", "and", "et", "or", "ou", "then", "plz", "please", "stp", "now", "asap",
                               "too", "aussi", "instead", "plutot", "is", "c'est", "to", "the", "on", "sur", "if",
                               "si", "pls", "bro", "mec", "quoi", "what", "ok", "okay", "story", "stories", "dm",
                               "dms", "mp", "with", "avec", "tonight", "ce", "soir", "later", "account", "compte",
                               # what "my insta is ..." / "snap c'est ..." says of the account, not its name
                               "private", "prive", "public", "plus", "more", "mieux", "better", "safer", "discret",
                               "secret", "down", "broken", "bugged", "buggy", "dead", "banned", "hacked", "pirate",
                               "blocked", "bloque", "gone", "deleted", "supprime", "closed", "ferme", "open",
                               "ouvert", "new", "nouveau", "old", "ancien", "same", "meme", "different", "not",
                               "pas", "your", "ton", "ta", "mine", "yours", "really", "vraiment", "trop",
                               "tres", "very", "so", "still", "encore", "empty", "vide", "nul", "cool", "boring",
                               "lame", "fine", "bien", "worse", "pire", "good", "bad", "great", "nice",
                               "weird", "bizarre", "full", "over", "fun", "un", "une", "le", "la", "les", "mon",
                               "my", "an", "working"})
_ADDRESS = re.compile(
    r"(?<![\w])\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.?|bd|boulevard|chemin|allee|impasse|place|route|quai"
    r"|cours|square|residence)(?: (?:de la|de l'|du|des|de|d'))? ?[a-z][a-z' \-]{1,40}"
    r"|(?<![\w])\d{1,5}[a-z]? [a-z][a-z]+(?: [a-z]+)? (?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way"
    r"|court|ct|boulevard|blvd|crescent|place|terrace)(?![a-z])"
    r"|(?<![\w])[a-z]{1,2}\d[a-z\d]? ?\d[abd-hjlnp-uw-z]{2}(?![\w])"   # UK postcode (SW1A 1AA)
)
# a street named without its number, said to be where one lives ("i live on maple avenue", "j'habite rue de la paix")
_STREET_SAID = re.compile(
    r"(?:(?<=i live on )|(?<=i live at )|(?<=we live on )|(?<=i live in )|(?<=my house is on ))"
    r"(?!(?:the|a|an|this|that|my|our|a busy|a quiet|a big|a small|a dead|a long) )"
    r"[a-z][a-z]+(?: [a-z]+)? (?:street|road|avenue|lane|drive|boulevard|blvd|crescent|terrace)(?![a-z])"
    r"|(?:(?<=j'habite )|(?<=jhabite )|(?<=j habite )|(?<=on habite ))"
    r"(?:rue|avenue|boulevard|chemin|allee|impasse)(?: (?:de la|de l'|du|des|de|d'))? ?[a-z][a-z'\-]{2,30}"
)
# a home named by a landmark beside it ("we live in the blue house across from lincoln park")
_HOME_BY_LANDMARK = re.compile(
    r"(?<![a-z'])(?:i|we) live in (?:the|a) (?:[a-z]+ ){0,2}(?:house|building|flat|apartment|apartments|block|tower)"
    r" (?:across from|opposite|next to|behind|beside|right next to|on the corner of) (?:the )?[a-z']+(?: [a-z']+)?"
    r" (?:park|school|church|station|library|mall|street|road|avenue|primary|elementary|middle|high|mosque|store)"
)
# where one is right now, named by a place on a street ("im at the mcdonalds on main st rn", "meet me at the park on
# oak road", "je suis au mcdo de la rue de la république"): a location shared, as an address would be
_PLACE_ON_STREET = re.compile(
    r"(?<![a-z'])(?:i'?m|i am|we'?re|we are|meet me|come to|i'?ll be|ill be|i'?m waiting|i live(?: right| just)?"
    r"|we live(?: right| just)?)"
    r" (?:at|outside|near|by|in front of|next to|beside|across from|opposite|behind|above)"
    r" (?:the )?[a-z']+(?: [a-z']+)? on (?:[a-z]+|\d{1,3}(?:st|nd|rd|th))(?: [a-z]+)? (?:street|st|road|rd|avenue|ave"
    r"|lane|ln|drive|dr|blvd"
    r"|boulevard)(?![a-z])"
    r"|(?<![a-z'])(?:je suis|jsuis|j'?suis|chui|on est|rejoins[- ]moi|viens|je t'?attends"
    r"|j'?habite(?: juste)?|on habite(?: juste)?)"
    r" (?:au|a la|a l'|devant le|devant la|a cote du|a cote de la|pres du|pres de la|derriere le|au dessus du"
    r"|dans le|dans la|en face du|en face de la) [a-z']+(?: [a-z']+)? (?:de la |du |de l'|dans la |sur la |sur le )?"
    r"(?:rue|avenue|boulevard|bd|place|chemin|route) [a-z]"
    # a street corner ("meet me at 5th and main", "i'm on the corner of oak and pine"): not "i'm at home and bored"
    r"|(?<![a-z'])(?:meet me|i'?ll be|ill be|i'?m|i am|we'?re|come to|i'?m waiting) (?:at|on|by|near) (?:the )?"
    r"(?:corner of [a-z0-9]+ (?:and|&) [a-z0-9]+|\d{1,3}(?:st|nd|rd|th) (?:and|&) [a-z]+|[a-z]+ (?:and|&) "
    r"\d{1,3}(?:st|nd|rd|th))(?![a-z])"
)
_SCHOOL = re.compile(
    r"(?<![a-z'])(?:je suis|j'?suis|jsuis|je vais|je vais au|je vais a|j'?vais|on est|moi c'?est)"
    r" (?:en \w+ )?(?:au|a la|a l'|a|dans le|dans la) ?(?:college|lycee|ecole|cole)(?: (?:de la|du|des|de|d'))?"
    r" ?([a-z][\w'\-]*(?: [a-z][\w'\-]*){0,2})"
    r"|(?:college|lycee|ecole) (?:jean|saint|ste|st|victor|jules|marie|louis|paul|pierre|anne|sainte)[a-z' \-]{1,30}"
    r"|(?<![a-z'])(?:i go to|i'?m at|i attend|i study at|my school is|i'?m in \w+ grade at)"
    r" (?!(?:the|a|an|my|our|his|her|their|this|that|your|ur) )([a-z][\w'\-]*(?: [a-z][\w'\-]*)"
    r"{0,2}) ?(?:high|middle|elementary|primary|secondary|academy|school|college)(?: school)?"
    r"(?![a-z])(?! (?:of|street|road|ground|seas|five|part|row|lane|bit))"  # "i go to the middle of the field"
    # a saint's name is a school's ("my school is st joseph's, i finish at 3:30")
    r"|(?<![a-z'])(?:my school is|i go to|i attend|i'?m at) (?:st|saint|ste|sainte)\.? [a-z][a-z']+"
)
_AGE = re.compile(
    r"(?<![a-z0-9])(?:i'?m|i am|im|am|je suis|j'?ai|jai|g|age|aged|agee?|age :|age:)? ?(\d{1,2}) ?"
    r"(?:yo|y/o|y\.o\.?|yrs?(?: old)?|years? old|ans|an|years)(?![a-z0-9])"
    # "i'm 12 f", "i'm 12 from paris", not "i'm 30 minutes late" / "i'm 20 mins away" (a word must end there)
    r"|(?<![a-z0-9])(?:i'?m|i am|im|j'?ai|jai) (\d{1,2})(?= *(?:$|[.,!?;)]|(?:and|et|but|mais|lol|mdr|btw|too|aussi|"
    r"tho|f|m|girl|boy|fille|garcon|meuf|mec|ans|from|btw|here|years?|yrs?)(?![a-z0-9])))"
    r"|(?<![a-z0-9])(?:asl|a/s/l)\W+(\d{1,2})(?![0-9])"
)
# Whose age an age phrase gives, read from the words before it (when it has no "i'm" / "j'ai" of its own):
# someone else's after a determiner or another subject ("my 8 year old", "a 12 yo", "she's 14", "mon frère a 15 ans":
# still a reference to a child, not the sender's details); no age at all when "years" is a duration ("for 10 years",
# "depuis 5 ans", "5 years ago").
_SELF_AGE = re.compile(r"(?:i'?m|i am|im|am|je suis|j'?ai|jai|g|age|aged|agee?|age :|age:) ?$")
_FUTURE_BEFORE = re.compile(r"(?:^|[^a-z'])(?:until|till|til|when|once|by the time|before|after|unless|if"
                            r"|jusqu'?a ce que|quand|lorsque|avant que|des que|d[eè]s que) *$")
_FUTURE_AGE = re.compile(r"(?:^|[^a-z'])(?:until|till|til|when|once|quand|lorsque|jusqu'?a ce que|des que) "
                         r"(?:j'?aurai|i'?ll be|ill be|i will be|i turn|je serai) *$")
_OTHERS_AGE = re.compile(
    r"(?:^|[^a-z'])(?:my|his|her|their|our|a|an|the|this|that|any|every|all|some|those|these|mon|ma|mes|son|sa|ses"
    r"|leur|un|une|le|la|les|ce|cette|cet"
    r"|(?!(?:i|age|âge|my age|mon age)\b)[a-z]+(?:'s| is| was| turned| turns| will be| a| est| avait| aura| fait)"
    r"|(?<!age )(?<!agee )(?<!ages )(?<!agees )(?:de|d'|of))\s*$")  # "une fille de 12 ans", "pics of 12 yo"; not
# "âgée de 12 ans", "at the age of 12"
# Things and animals have ages too ("this game is 10 years old", "my dog is 3", "une maison de 100 ans", "a 10 year
# old phone"): no person's age. Characters are not things here (a drawn child's age matters to sexual_minors).
_THINGS = (r"game|games|console|phone|laptop|computer|pc|tablet|ipad|car|bike|house|home|building|tree|dog|cat"
           r"|puppy|kitten|pet|hamster|horse|fish|rabbit|bird|video|song|movie|film|show|series|meme|post|account"
           r"|channel|server|app|book|toy|shoes|jacket|tv|camera|album|company|brand|website|site|franchise|map|mod"
           r"|world|save|castle|church|bridge|school|jeu|jeux|téléphone|telephone|portable|ordi|ordinateur|tablette"
           r"|voiture|vélo|velo|maison|immeuble|arbre|chien|chat|chiot|chaton|cheval|lapin|poisson|oiseau|vidéo"
           r"|chanson|série|serie|compte|chaîne|chaine|serveur|appli|livre|jouet|marque|monde|château|chateau"
           r"|église|eglise|pont|école|ecole|collège|college|lycée|lycee")
_THING_BEFORE = re.compile(rf"(?:^|[^a-z])(?:{_THINGS})(?:'s| is| was| turned| turns| will be| a| est| avait| aura"
                           r"| fait| de| d')?\s*$")
_THING_AFTER = re.compile(rf"[\s-]*(?:{_THINGS})(?![a-z])")
_DURATION_BEFORE = re.compile(
    r"(?:^|[^a-z'])(?:for|since|in|over|within|after|about|almost|nearly|last|past|the|every|each|depuis|pendant"
    r"|dans|il y a|ca fait|ça fait|en|plus de|moins de|presque|environ|des|ces|tous les|toutes les)\s*$")
_DURATION_AFTER = re.compile(r"\s*(?:ago|later|before|after|from now|plus tard|avant|après|apres|de plus)\b")
_OLD = re.compile(r"old|yo|y/o|y\.o")
_LOCATION = re.compile(
    r"(?<![a-z'])(?:i live in|i'?m from|i live near|i'?m in|j'?habite (?:a|au|en|dans|sur|pres de|vers)"
    r"|je vis (?:a|au|en|dans)"
    r"|je suis de|jhabite (?:a|au|en|dans)) ([a-z][a-z'\-]+(?: [a-z][a-z'\-]+)?)"
)
_LOCATION_STOP = frozenset({"the", "a", "an", "my", "love", "bed", "class", "trouble", "pain", "school", "college",
                            "lycee", "ecole", "your", "ur", "it", "this", "that", "here", "there", "un", "une", "la",
                            "le", "les", "mon", "ma", "ta", "ton", "bad", "danger", "shock", "charge", "town", "team",
                            "grade", "year", "maison", "appart", "chambre", "room"})
_DIGIT = re.compile(r"\d")
# words without which neither a school nor a location can be said (one search before the two long patterns)
_PHRASE_KEY = re.compile("college|lycee|ecole|school|high|middle|elementary|primary|secondary|academy|habite|live|from"
                         "|vis |je suis de|i'm in|im in")


@dataclass(slots=True)
class PersonalInfo:
    evidence: list[Evidence] = field(default_factory=list)
    ages: list[int] = field(default_factory=list)


def _add(out: PersonalInfo, n: Normalized, start: int, end: int, kind: str) -> None:
    s, e = n.to_original(start, end)
    out.evidence.append(Evidence(s, e, kind, CATEGORY))


def find(text: str, normalized: Normalized | None = None) -> PersonalInfo:
    """All personal information shared in ``text`` (original offsets)."""
    out = PersonalInfo()
    has_digit = _DIGIT.search(text) is not None
    if has_digit:
        for m in _PHONE.finditer(text):
            digits = sum(c.isdigit() for c in m.group())
            if digits >= 10 and len(set(m.group().replace(" ", ""))) > 2:
                out.evidence.append(Evidence(m.start(), m.end(), "phone", CATEGORY))
        for m in _PHONE_SAID.finditer(text):
            s, e = m.span(1)
            if sum(c.isdigit() for c in m.group(1)) >= 7 and not any(
                    ev.start <= s < ev.end for ev in out.evidence):
                out.evidence.append(Evidence(s, e, "phone", CATEGORY))
    if "@" in text:
        emails = [(m.start(), m.end()) for m in _EMAIL.finditer(text)]
        out.evidence.extend(Evidence(s, e, "email", CATEGORY) for s, e in emails)
        lead = _LEADING_MENTIONS.match(text)
        addressed = lead.end() if lead and not _PLATFORM_NEXT.match(text, lead.end()) else 0
        for m in _AT_HANDLE.finditer(text, addressed):
            if not any(s <= m.start() < e for s, e in emails) and _given_as_account(text, m.start(), m.end()):
                out.evidence.append(Evidence(m.start(), m.end(), "handle", CATEGORY))
    n = normalized if normalized is not None else normalize(text)
    f = n.folded
    handles = list(_PLATFORM_HANDLE.finditer(f))
    if " on " in f or " sur " in f or " in " in f or " via " in f:
        handles += [m for m in _HANDLE_BEFORE_PLATFORM.finditer(f) if any(c.isdigit() or c in "_." for c in m.group(1))]
    for m in handles:
        handle = m.group(1)
        if handle not in _HANDLE_STOPWORDS and (any(c.isdigit() or c in "_." for c in handle) or ":" in m.group()
                                                or " is " in m.group() or "c'est" in m.group()):
            s, e = n.to_original(m.start(1), m.end(1))
            if not any(ev.kind == "handle" and ev.start < e and s < ev.end for ev in out.evidence):
                out.evidence.append(Evidence(s, e, "handle", CATEGORY))  # once: "my insta: @lea" is one handle
    if " dot " in f or " point " in f or "(dot)" in f or "[dot]" in f or " at " in f or "(at)" in f or "arobase" in f:
        for m in _SPELLED_EMAIL.finditer(f):
            if "@" not in m.group() or not any(ev.kind == "email" for ev in out.evidence):
                _add(out, n, m.start(), m.end(), "email")
    if has_digit and (" bus" in f or "train" in f or "tram" in f or "metro" in f or "ligne" in f or "line" in f
                      or " rer" in f):
        for m in _ROUTINE.finditer(f):
            _add(out, n, m.start(), m.end(), "location")
    if _PHONE_CUE.search(f):
        for m in _SPELLED_PHONE.finditer(f):
            _add(out, n, m.start(1), m.end(1), "phone")
    if "live" in f or "habite" in f:
        for m in _STREET_SAID.finditer(f):
            _add(out, n, m.start(), m.end(), "address")
        for m in _HOME_BY_LANDMARK.finditer(f):
            _add(out, n, m.start(), m.end(), "location")
    if " on " in f or "rue " in f or "avenue " in f or "boulevard " in f or "place " in f or "corner of" in f \
            or (has_digit and (" and " in f or "&" in f)):
        for m in _PLACE_ON_STREET.finditer(f):
            _add(out, n, m.start(), m.end(), "location")
    if has_digit:
        for m in _ADDRESS.finditer(f):
            if m.group()[0].isdigit() or any(c.isdigit() for c in m.group()[1:]):
                _add(out, n, m.start(), m.end(), "address")
        for m in _AGE.finditer(f):
            value = int(next(g for g in m.groups() if g is not None))
            whose = _whose_age(f, m)
            if 5 <= value <= 99 and whose in ("self", "other"):
                out.ages.append(value)
                if whose == "self":
                    _add(out, n, m.start(), m.end(), "age")
    if _PHRASE_KEY.search(f):
        for m in _SCHOOL.finditer(f):
            _add(out, n, m.start(), m.end(), "school")
        for m in _LOCATION.finditer(f):
            if m.group(1).split()[0] not in _LOCATION_STOP:
                _add(out, n, m.start(1), m.end(1), "location")
    return out


def _given_as_account(text: str, start: int, end: int) -> bool:
    """Whether the mention at ``start:end`` is given as an account: a share cue among the three words before it,
    or a platform named among the three after it."""
    before = _WORDS.findall(text[max(0, start - 40):start].lower().replace("’", "'"))[-3:]
    after = _WORDS.findall(text[end:end + 40].lower())[:3]
    return (not _SHARE_CUES.isdisjoint(before) or any(_PLATFORM_WORD.match(w) for w in before + after)
            or not before and not after)


def _whose_age(f: str, m: re.Match[str]) -> str:
    """"self" (the sender's age: personal information), "other" (someone else's), "duration" or "thing" (no
    person's age)."""
    number = next(i for i in range(1, (m.lastindex or 0) + 1) if m.group(i) is not None)
    said = f[m.start():m.start(number)]
    if _SELF_AGE.search(said) and said.strip():
        # an age to come ("i can't have snap until i'm 13") is not the sender's: a child's age all the same
        return "other" if _FUTURE_BEFORE.search(f, max(0, m.start() - 24), m.start()) else "self"
    before = f[max(0, m.start() - 30):m.start()]
    unit = f[m.end(number):m.end()]
    if not _OLD.search(unit) and (_DURATION_BEFORE.search(before) or _DURATION_AFTER.match(f, m.end())):
        return "duration"
    if _THING_BEFORE.search(before) or (_OLD.search(unit) and _THING_AFTER.match(f, m.end())):
        return "thing"
    return "other" if _OTHERS_AGE.search(before) or _FUTURE_AGE.search(before) else "self"
