"""Stage cues of grooming and sextortion, in English and French, found in one message.

Each stage is one compiled pattern (an alternation of short phrases); ``detect(text)`` returns the cues
with character offsets into the *original* text, so evidence can point at a span without keeping the text.
Cues are deliberately phrase-level (``are your parents home``, ``add me on snap``), never single rude words:
grooming often uses none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Stage names, in the order a moderator reads them (the usual progression of grooming).
TRUST = "trust_building"
PERSONAL = "personal_questions"
RISK = "risk_assessment"
SECRECY = "secrecy_isolation"
SEXUAL = "sexualisation"
IMAGES = "image_request"
MEETING = "meeting_request"
OFF_PLATFORM = "off_platform"
GIFTS = "gifts_money"
THREAT = "sextortion_threat"
DEMAND = "sextortion_demand"
VICTIM = "sextortion_victim_report"

GROOMING_STAGES = (TRUST, PERSONAL, RISK, SECRECY, SEXUAL, IMAGES, MEETING, OFF_PLATFORM, GIFTS)
SEXTORTION_STAGES = (THREAT, DEMAND, VICTIM)
STAGES = GROOMING_STAGES + SEXTORTION_STAGES

LABELS = {
    TRUST: "trust/friendship building (compliments, 'you can trust me')",
    PERSONAL: "personal questions (age, school, where they live)",
    RISK: "risk assessment ('are your parents home', 'are you alone')",
    SECRECY: "secrecy and isolation ('don't tell anyone', 'delete this')",
    SEXUAL: "sexualisation of the conversation",
    IMAGES: "requests for images or camera",
    MEETING: "requests to meet in person",
    OFF_PLATFORM: "requests to move to another app or to phone",
    GIFTS: "gifts or money offered",
    THREAT: "threat to publish images or a countdown",
    DEMAND: "demand for money, gift cards, crypto or more images",
    VICTIM: "someone describing being threatened with their images",
}

_YOU = r"(?:you|u|ya|yu)"
_UR = r"(?:your|ur|yur|you'?re|youre|u r|you are)"
_PIC = r"(?:pic|pics|picture|pictures|photo|photos|foto|fotos|pix|selfie|selfies|nude|nudes|video|videos|vid|vids)"
_PIC_FR = r"(?:photo|photos|nude|nudes|video|videos|vid[eé]o|vid[eé]os|image|images|selfie|selfies)"
_APPS = (r"(?:snap|snapchat|sc|kik|whatsapp|whats app|wa|telegram|insta|instagram|ig|discord|skype|yahoo|ym|aim|msn"
         r"|facebook|fb|messenger|signal|wickr|line|viber|myspace|tiktok|my space)")

_PATTERNS: dict[str, list[str]] = {
    TRUST: [
        rf"{_UR} (?:so |really |very |such a |soo+ |rly )?(?:cute|pretty|beautiful|gorgeous|hot|sexy|adorable|sweet"
        r"|mature|special|perfect|amazing|smart|cutie|cuttie|angel|babe|sweetie)",
        r"(?:so|very|really) mature for (?:your|ur) age", r"you can trust me", r"trust me",
        r"i (?:really )?(?:like|love|miss) (?:you|u)\b", r"i understand (?:you|u)\b", r"nobody understands (?:you|u)",
        r"(?:hey|hi|hello|morning|night) (?:sexy|beautiful|gorgeous|cutie|babe|baby|sweetie|sweetheart|hun|hon)",
        r"(?:ur|your) (?:my|mine) (?:girl|baby|princess)", r"(?:my|lil) (?:princess|angel|sweetheart)",
        r"t(?:'|u )?es (?:trop |tellement |vraiment |si )?(?:belle|beau|mignonne|mignon|jolie|canon|sexy|mature|bonne)",
        r"tu es (?:trop |tellement |vraiment |si )?(?:belle|beau|mignonne|mignon|jolie|canon|sexy|mature|speciale)",
        r"tu peux me faire confiance", r"fais.moi confiance", r"je (?:te )?comprends", r"personne (?:ne )?te comprend",
        r"je t'?aime", r"tu me manques", r"ma (?:princesse|belle|cherie)",
    ],
    PERSONAL: [
        r"\basl\b", r"how old (?:are|r) (?:you|u)", r"(?:ur|your) age\b", r"what grade", r"which grade",
        r"what school", r"where (?:do|d) (?:you|u) live", r"where (?:are|r) (?:you|u) from", r"wh?at town",
        r"(?:do|d) (?:you|u) have (?:a )?(?:bf|boyfriend|gf|girlfriend)", r"(?:you|u) have (?:a )?(?:bf|boyfriend)",
        r"(?:t'?as|tu as) quel [aâ]ge", r"quel [aâ]ge", r"tu habites o[uù]", r"t'?habites o[uù]",
        r"tu es en quelle classe",
        r"t'?es en quelle classe", r"tu as un (?:copain|mec)", r"t'?as un (?:copain|mec)",
    ],
    RISK: [
        r"(?:are|r|is) (?:ur|your|yur) (?:parents|mom|mum|mommy|dad|daddy|folks|step ?dad|mother|father)"
        r"(?: (?:still|gonna be|going to be))? (?:home|there|around|awake|asleep|gone|out|away|at work)",
        r"(?:anyone|any1|any one|anybody|someone|somebody) (?:else )?(?:home|there|around|with (?:you|u))",
        r"(?:are|r) (?:you|u) (?:home )?alone", r"(?:you|u) (?:home )?alone\?", r"(?:you|u) by (?:yourself|urself)",
        r"when (?:do|does|will|is|are) (?:ur|your) (?:parents|mom|mum|dad|mother|father)",
        r"(?:does|do|will|would) (?:ur|your) (?:parents|mom|mum|dad|mother|father) (?:check|read|look|know|find|see"
        r"|care)",
        r"(?:who|anyone) (?:else )?(?:uses|use|reads|checks|can see) (?:ur|your|the) (?:computer|phone|messages|chat)",
        r"what time (?:do|does|will) (?:ur|your) (?:parents|mom|mum|dad) (?:get home|come home|leave|go to)",
        r"(?:tes|ta|ton) (?:parents|m[eè]re|p[eè]re|maman|papa|daron|daronne)s? (?:sont|est) (?:l[aà]|a la maison"
        r"|partis?)",
        r"t'?es (?:toute )?seule?", r"tu es (?:toute )?seule?", r"il y a quelqu'?un (?:chez toi|avec toi)",
        r"(?:tes|ta|ton) (?:parents|m[eè]re|p[eè]re) (?:regardent|lisent|lit|regarde|v[eé]rifie)",
    ],
    SECRECY: [
        r"(?:don'?t|dont|do not|never|dnt) (?:tell|say|show) (?:anyone|any1|anybody|ur|your|no ?one|nobody)",
        r"(?:our|a) (?:little )?secret", r"between (?:you and me|us)\b", r"just between us",
        r"(?:delete|erase|clear) (?:this|these|the|our|ur|your|all)? ?(?:chat|message|messages|msgs|convo|conversation"
        r"|history|texts|pics)", r"(?:ur|your) (?:parents|mom|dad|mother|father) (?:would(?:n'?t| not)|wont|won'?t)"
        r" (?:understand|approve|like)", r"(?:they|nobody|no one) (?:would|will)(?:n'?t| not)? understand (?:us|this)",
        r"(?:could|would) get (?:me|us) in(?:to)? trouble", r"(?:go|get) to jail", r"keep (?:it|this) (?:quiet|secret)",
        r"(?:ne )?(?:le )?dis (?:rien )?[aà] personne", r"(?:ne )?dis rien", r"notre (?:petit )?secret",
        r"entre (?:nous|toi et moi)", r"efface (?:les|nos|ce|tes|la) ?(?:messages?|conv|conversation|photos?)?",
        r"(?:tes|ta|ton) (?:parents|m[eè]re|p[eè]re) ne (?:comprendraient|comprendrait) pas",
    ],
    SEXUAL: [
        r"(?:are|r) (?:you|u) (?:a )?virgin", r"(?:ever|evr) (?:been )?(?:kissed|kiss|had sex|done it|fooled around)",
        r"what (?:are|r) (?:you|u) wearing", r"(?:ur|your) (?:bra|panties|underwear|boobs|breasts|body|lips)",
        r"\b(?:naked|nekkid|horny|masturbat\w*|orgasm|boobs|tits|dick|cock|pussy|blowjob|bj|69|cum|cumming)\b",
        r"\bsex\b", r"\bsexy\b", r"make (?:love|out)", r"(?:touch|rub|lick|kiss|feel) (?:you|u|ur|your|me|yourself)",
        r"in (?:bed|the shower|ur bed|your bed)", r"take (?:it|ur|your|off) (?:clothes )?off", r"go down on",
        r"(?:t'?es|tu es) (?:vierge|excit[eé]e?)", r"tu portes quoi", r"(?:toute )?nue?\b", r"\bsexe\b",
        r"faire l'?amour",
        r"(?:ta|tes) (?:culotte|poitrine|seins|soutien)", r"te toucher", r"t'as d[eé]j[aà] (?:embrass[eé]|couch[eé])",
        r"\b(?:bite|seins|sucer|baiser)\b",
    ],
    IMAGES: [
        rf"(?:send|snd|sent|show|post|give|trade|swap|see|got|have|get|want) (?:me |us )?(?:a |an |some |more |another"
        rf" |ur |your |any )?(?:new |cute |sexy |hot |naked |nude |private |full body )?{_PIC}",
        rf"{_PIC} (?:of|for) (?:you|u|ur|your)", r"\b(?:web ?cam|cam|camera|vid(?:eo)? ?call|facetime|face time)\b",
        r"show me (?:ur|your|what|more)", r"let me see (?:you|u|ur|your|more)",
        rf"(?:envoie|envoies|envoi|montre|montres|passe)[ -]?(?:moi )?(?:une |des |tes |ta |plus de "
        rf"|d'?autres )?{_PIC_FR}",
        r"(?:montre|montres)[ -]moi", r"(?:allume|mets) (?:ta )?(?:cam|webcam)", r"appel vid[eé]o",
        rf"{_PIC_FR} de toi",
    ],
    MEETING: [
        r"\bmeet (?:up|you|u|me|sometime|somewhere|in person|irl)\b", r"\bwanna meet\b", r"want to meet",
        r"\b(?:we|us|we'?ll|we could|we can|we should) (?:meet|hang out|get together|chill)\b", r"come over",
        r"pick (?:you|u) up", r"(?:i'?ll|i will|i can|i could) (?:come|drive|pick|get) (?:to|over|down|up|you|u|there)",
        r"see (?:you|u) in person", r"in person", r"\birl\b", r"(?:motel|hotel)", r"(?:my|your|ur) place",
        r"where (?:can|could|should) we meet", r"(?:when|where) (?:can|could) i see (?:you|u)",
        r"(?:on )?(?:se voit|se voir|se rencontrer|se retrouver)", r"je (?:viens|passe) te (?:chercher|prendre|voir)",
        r"\brdv\b", r"rendez.vous", r"viens chez moi", r"je peux venir", r"en vrai", r"\blet'?s meet\b",
    ],
    OFF_PLATFORM: [
        rf"(?:add|message|msg|pm|dm|text|hit) me (?:up )?(?:on|at) {_APPS}\b", rf"(?:do|d) (?:you|u) have {_APPS}\b",
        rf"(?:what'?s|whats|wats|what is|got|have) (?:ur|your|yur) (?:{_APPS}|number|cell|phone|email|e-mail|addy|#)\b",
        r"(?:text|call|txt|ring) me\b", r"(?:my|ur|your) (?:cell|number|phone number|#)\b",
        r"(?:give|send) me (?:ur|your) (?:number|cell|email|addy)", r"(?:can|could) i (?:call|text) (?:you|u)",
        rf"\b(?:on|my) {_APPS}\b",
        rf"ajoute[ -]moi (?:sur )?(?:{_APPS})?", r"(?:ton|ta) (?:num[eé]ro|num|06|07|snap|insta|adresse)\b",
        r"appelle[ -]moi", r"[eé]cris[ -]moi sur", r"(?:tu as|t'?as) (?:snap|insta|whatsapp|telegram|discord)",
    ],
    GIFTS: [
        r"(?:i'?ll|i will|i can|i could|i'?d|lemme|let me) (?:buy|get|give|send|pay|bring) (?:you|u|ya)\b",
        r"buy (?:you|u) (?:something|anything|a|some|stuff|new)", r"\bgift ?cards?\b",
        r"(?:a |some )?(?:present|gift)s? for (?:you|u)",
        r"\b(?:money|cash|\$\d+|\d+ ?(?:dollars|bucks|euros?|€)|robux|v-?bucks|vbucks|skins?|paypal)\b",
        r"je (?:t'?ach[eè]te|te paie|te donne|t'?offre)", r"(?:un )?cadeau", r"de l'?argent", r"\bthunes?\b",
    ],
    THREAT: [
        rf"(?:i'?ll|i will|i'?m gonna|im gonna|i'?m going to|im going to|gonna|or i|i can) (?:send|post|share|leak|show"
        rf"|publish|spread|upload|expose|forward) (?:ur|your|all (?:ur|your)|these|those) (?:naked |nude |sexy )?"
        rf"{_PIC}", r"(?:send|post|share|leak|show) (?:them|it|these|those) to (?:everyone|every1|all|ur|your)",
        r"(?:everyone|every1|all (?:your|ur) (?:friends|followers|family|contacts)|your (?:school|parents|family"
        r"|friends)"
        r"|ur (?:school|parents|family|friends)) (?:will|is going to|gonna) (?:see|know|get)",
        rf"i (?:have|got|saved|recorded|screenshot(?:ted)?) (?:ur|your|all ur|all your) (?:naked |nude )?{_PIC}",
        r"(?:you have|u have|u got|you got) (?:\d+|one|two|24|48) ?(?:hours?|hrs?|minutes?|mins?|h)\b(?! (?:ago"
        r"|left of))",
        r"(?:ruin|destroy) (?:ur|your) (?:life|reputation)", r"(?:time is|clock is) (?:running|ticking)",
        r"before i (?:post|send|share|leak) (?:them|it|ur|your)",
        rf"je vais (?:envoyer|publier|poster|partager|diffuser|montrer|balancer) (?:tes|ces|les) {_PIC_FR}",
        r"(?:envoyer|publier|poster|montrer) (?:tes|ces|les) (?:photos|nudes|videos) [aà] (?:tout le monde|tes)",
        r"tout le monde (?:va|verra) (?:voir|savoir)", rf"j(?:'| )?ai (?:tes|ces) {_PIC_FR}",
        r"tu as (?:\d+|24|48) ?(?:heures?|h|minutes?|min)\b", r"t'?as (?:\d+|24|48) ?(?:heures?|h|minutes?|min)\b",
        r"(?:g[aâ]cher|d[eé]truire|ruiner) ta (?:vie|r[eé]putation)",
        r"(?:i'?ll|i will|i'?m gonna|im gonna|gonna) (?:send|post|share|leak|show|forward) (?:it|them|everything"
        r"|the (?:video|vid|pics|photos|pictures)) to (?:your|ur) (?:parents|mom|mum|dad|family|friends|school"
        r"|followers|contacts|class)",
        rf"(?:everyone|every1|your (?:friends|parents|family)|ur (?:friends|parents|family)) (?:sees|see|will see)"
        rf" (?:your|ur) (?:naked |nude )?{_PIC}", r"i(?:'?ll| will) expose (?:you|u)\b",
        r"i (?:recorded|screenshotted|filmed|saved) (?:you|u|everything|the (?:call|video|cam))",
        r"\btick ?tock\b", r"(?:you|u) have until (?:midnight|tonight|tomorrow|\d)",
        r"je vais tout (?:envoyer|montrer|publier|balancer|diffuser)",
        r"(?:paye|paie|payes|envoie)(?: moi)?(?: [\w€$]+){0,3} ou (?:bien )?je (?:publie|poste|envoie|balance"
        r"|diffuse|montre)",
        r"sinon je (?:publie|poste|envoie|balance|diffuse|montre)", r"tu as jusqu'?[aà] (?:minuit|ce soir|demain)",
    ],
    DEMAND: [
        r"\b(?:bitcoin|btc|crypto|usdt|ethereum|gift ?cards?|itunes cards?|steam cards?|amazon cards?|western union"
        r"|moneygram|cash ?app|venmo|zelle|paypal|carte cadeau|cartes cadeaux|virement|paysafe(?:card)?|pcs|neosurf)\b",
        r"(?:pay|send) (?:me )?(?:\$?\d+|money|the money|cash)", rf"send (?:me )?(?:more|another) {_PIC}",
        r"(?:paie|paye|payes|envoie|verse)[ -]?(?:moi )?(?:\d+|l'?argent|de l'?argent)",
        r"\d+ ?(?:€|euros?|\$|dollars)",
        rf"envoie[ -]?(?:moi )?(?:plus de|d'?autres|encore des) {_PIC_FR}",
    ],
    VICTIM: [
        rf"(?:he|she|they|someone|somebody|this (?:guy|girl|person)|a (?:guy|girl|man)) (?:says|said|is saying"
        rf"|threatens"
        rf"|threatened|is threatening|wants to|will|is going to|gonna)(?: to)? (?:send|post|share|leak|show|publish"
        rf"|expose)"
        rf" (?:my|me|all my)? ?(?:{_PIC}|them)", rf"(?:post|send|share|leak)(?:ed|s)? my {_PIC}",
        r"\b(?:blackmail\w*|sextort\w*)\b", r"\bchantage\b",
        rf"(?:il|elle|ils|quelqu'?un|un mec|une fille) (?:menace|a menac[eé]"
        rf"|dit qu'?il va|veut|va) (?:d'?|de )?(?:envoyer|publier|poster|partager|diffuser|montrer) (?:mes"
        rf"|ma) {_PIC_FR}",
        rf"(?:il|elle|quelqu'?un) a (?:mes|ma) {_PIC_FR}",
        rf"(?:he|she|they|someone|somebody|this (?:guy|girl|person)|a (?:guy|girl|man)) (?:has|have|got|'?s got)"
        rf" (?:my|all my) (?:naked |nude )?{_PIC}",
        rf"(?:he|she|they)(?:'?ll| will) (?:send|post|share|leak|show|publish|expose) (?:my|all my) {_PIC}",
        r"me menace (?:d'|de )(?:envoyer|publier|diffuser|montrer|poster|partager)",
        r"sinon (?:il|elle|ils) (?:publie|poste|envoie|diffuse|montre|balance)",
    ],
}

_COMPILED = {stage: re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE) for stage, pats in _PATTERNS.items()}

# Ages people state about themselves: "im 14", "i'm 35", "14/f", "55 m", "j'ai 14 ans".
_AGE_SELF = re.compile(
    r"(?:\b(?:i'?m|im|i am|am|age|aged)\s+(?:only\s+|just\s+)?(\d{1,2})\b(?!\s*(?:min|mins|minutes|hours|hrs|h|%|am"
    r"|pm|:))"
    r"|\b(\d{1,2})\s*/\s*[mf]\b|\b(\d{1,2})\s*(?:yo|y/o|yrs? old|years old)\b|\bj'?ai\s+(\d{1,2})\s+ans\b)",
    re.IGNORECASE,
)
_MINOR_CONTEXT = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th) grade|middle school|junior high|high school|my (?:mom|mum|dad|parents) "
    r"(?:says|said|would|will|wont|won'?t|is|are)|after school|en (?:6|5|4|3)e|au coll[eè]ge|ma m[eè]re (?:dit"
    r"|veut))\b",
    re.IGNORECASE,
)

# Accent folding that keeps offsets (one character in, one character out).
_FOLD = {c: unicodedata.normalize("NFKD", chr(c))[0] for c in range(0xC0, 0x250)
         if len(unicodedata.normalize("NFKD", chr(c))) > 1}
_FOLD[ord("’")] = "'"
_FOLD[ord("‘")] = "'"
_FOLD_TABLE = str.maketrans(_FOLD)


@dataclass(frozen=True, slots=True)
class Cue:
    stage: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MessageCues:
    cues: tuple[Cue, ...]
    stated_ages: tuple[int, ...]
    minor_context: bool

    @property
    def stages(self) -> frozenset[str]:
        return frozenset(c.stage for c in self.cues)


def fold(text: str) -> str:
    """Accent- and quote-folded text with the same length (offsets stay valid)."""
    return text.translate(_FOLD_TABLE)


def detect(text: str, max_per_stage: int = 2) -> MessageCues:
    """Stage cues, self-stated ages and minor context in one message."""
    t = fold(text)
    cues: list[Cue] = []
    for stage, rx in _COMPILED.items():
        n = 0
        for m in rx.finditer(t):
            if m.end() > m.start():
                cues.append(Cue(stage, m.start(), m.end()))
                n += 1
                if n >= max_per_stage:
                    break
    ages: list[int] = []
    for m in _AGE_SELF.finditer(t):
        raw = next(g for g in m.groups() if g)
        age = int(raw)
        if 8 <= age <= 80:
            ages.append(age)
    return MessageCues(tuple(cues), tuple(ages), bool(_MINOR_CONTEXT.search(t)))
