"""Twenty-fourth audit: invented messages (no dataset text) the shipped engine must get right
(checked by ``tests/text/test_audits.py``).

Name-calling without a swear word said to someone ("you liar", "ur such a dweeb", "t'es qu'une menteuse",
"espèce de lâche") was scored as harmless: no list held those words, and the model gave "you liar" harassment
0.05. It is now an insult aimed at someone, like "you idiot". The same words in a story, a game, a TV title, a
negation or about oneself stay unflagged, and "liar" alone is no longer bad language (it had scored profanity
0.94, and "he's not a liar, he just forgot" was flagged profanity).

Calls for violence against people other than the reader were missed (21 of 22 below): only threats to "you" were
listed, and the violence model, fitted on 43 OpenAI-moderation positives, scored "kill all the cops" 0.13 and "go
shoot up the school" 0.09. The same verbs about a game, a match, a film, a photo or the weeds stay unflagged.
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
    ('we should bomb their whole country', 'en', 'violence'),
    ('kill all the cops', 'en', 'violence'),
    ('someone should shoot every one of those protesters', 'en', 'violence'),
    ('i want to watch them burn alive', 'en', 'violence'),
    ('they all deserve to be hanged', 'en', 'violence'),
    ("let's go beat up some nerds after school", 'en', 'violence'),
    ('the world would be better if we wiped them all out', 'en', 'violence'),
    ('nuke the whole city lol', 'en', 'violence'),
    ('we could exterminate them in a week', 'en', 'violence'),
    ('line them up and shoot them', 'en', 'violence'),
    ('those traitors should be executed', 'en', 'violence'),
    ('i hope they starve to death', 'en', 'violence'),
    ("i'd love to torture him slowly", 'en', 'violence'),
    ('somebody needs to slit his throat', 'en', 'violence'),
    ('burn down their mosque', 'en', 'violence'),
    ('go shoot up the school', 'en', 'violence'),
    ("let's kill him and hide the body", 'en', 'violence'),
    ('tuez-les tous', 'fr', 'violence'),
    ('il faut tous les fusiller', 'fr', 'violence'),
    ('on devrait bombarder leur pays', 'fr', 'violence'),
    ("qu'ils crèvent tous", 'fr', 'violence'),
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
    ('we should bomb the test lol (do badly)', 'en'),
    ('kill the lights please', 'en'),
    ('the cops killed it at the charity match', 'en'),
    ('i want to watch the fireworks burn', 'en'),
    ("let's go beat the level after school", 'en'),
    ('we wiped them all out in fortnite', 'en'),
    ('nuke the leftovers in the microwave', 'en'),
    ('shoot me a text later', 'en'),
    ('the villain gets executed at the end of the book', 'en'),
    ("i'm starving to death, when's lunch", 'en'),
    ("we should get rid of them, they're too small", 'en'),
    ('we should hang them on the wall', 'en'),
    ('we can beat them easily', 'en'),
    ("we're gonna kill them in the finals", 'en'),
    ('i want to watch them burn the marshmallows', 'en'),
    ('all the kids should be killed off in the sequel lol', 'en'),
    ('the teachers should get shot with nerf guns at the fair', 'en'),
    ('my mom says we need to kill the weeds', 'en'),
    ("on a tué le game hier", 'fr'),
    ("j'ai bombardé mon pote de messages", 'fr'),
    ('il faut tuer le temps', 'fr'),
    ('on va les massacrer au foot demain', 'fr'),
    ("qu'ils crèvent de jalousie", 'fr'),
    ('faut tous les buter sur fortnite', 'fr'),
    ('vous tuez la conversation là', 'fr'),
]
