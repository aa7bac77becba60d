"""Twenty-fourth audit: invented messages (no dataset text) the shipped engine must get right
(checked by ``tests/text/test_audits.py``).

Name-calling without a swear word said to someone ("you liar", "ur such a dweeb", "t'es qu'une menteuse",
"espèce de lâche") was scored as harmless: no list held those words, and the model gave "you liar" harassment
0.05. It is now an insult aimed at someone, like "you idiot". The same words in a story, a game, a TV title, a
negation or about oneself stay unflagged, and "liar" alone is no longer bad language (it had scored profanity
0.94, and "he's not a liar, he just forgot" was flagged profanity).
"""

from __future__ import annotations

# (text, language, the category it must be flagged for)
HARMFUL = [
    ('ur such a liar, nobody believes anything u say', 'en', 'harassment'),
    ('everyone knows ur a fraud', 'en', 'harassment'),
    ('stop crying you crybaby', 'en', 'harassment'),
    ('you coward, you blocked me instead of answering', 'en', 'harassment'),
    ('shut up you clown', 'en', 'harassment'),
    ('ur a disgrace to the team', 'en', 'harassment'),
    ('lol ur such a dweeb', 'en', 'harassment'),
    ('you hypocrite lol', 'en', 'harassment'),
    ('you liar', 'en', 'harassment'),
    ("t'es qu'une menteuse, personne te croit", 'fr', 'harassment'),
    ('espèce de lâche', 'fr', 'harassment'),
    ("t'es un traître, on te parle plus", 'fr', 'harassment'),
    ('quelle bande de mauviettes', 'fr', 'harassment'),
    ("t'es vraiment minable", 'fr', 'harassment'),
    ('sale menteur va', 'fr', 'harassment'),
]

# (text, language): no flag at all
EVERYDAY = [
    ("the boy who cried wolf was a liar, that's the moral", 'en'),
    ("we played liar's dice at grandma's", 'en'),
    ('my mom watches the traitors every friday', 'en'),
    ('credit card fraud is on the news again', 'en'),
    ('april fools! the test is cancelled', 'en'),
    ('the creeper blew up my house in minecraft', 'en'),
    ("don't be a coward, just ask her to dance!", 'en'),
    ("i'm such a crybaby at sad movies", 'en'),
    ('the villain in the play was a total hypocrite, great acting', 'en'),
    ("he's not a liar, he just forgot", 'en'),
    ('our teacher says cheating is a disgrace to the school', 'en'),
    ("lâche rien, t'es presque au bout", 'fr'),
    ('je suis nulle en maths mdr', 'fr'),
    ("c'est nul ce film", 'fr'),
    ("le traître dans le film c'était le prof", 'fr'),
    ('un escroc a appelé mamie, elle a raccroché', 'fr'),
    ('il ment pas, il a juste oublié', 'fr'),
]
