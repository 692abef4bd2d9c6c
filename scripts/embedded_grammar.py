"""Compositional grammar for synthetic news comments (EN/FR), used by train_embedded.py.

``generate(rng)`` returns dicts ``{text, lang, kind, frame, y}`` where ``y`` holds
the labels toxicity, identity_attack, insult, threat (None = not supervised).
Every comment is built from a *frame* (sentence pattern) whose slots are filled
from word lists (targets, dehumanising predicates, generalising tropes, calls to
action, violent acts, insult nouns, officials, policy claims...), wrapped in
optional neutral context sentences (so harmful and acceptable comments share the
same filler), and passed through realistic noise: @handle replies, lower case,
dropped punctuation, typos, shouting, emoji, and now and then the evasion tricks
that ``normalize()`` undoes. The frame id lets the training script put whole
frames into the calibration split, so thresholds are tuned on patterns the model
has not been trained on.

Hard negatives are generated as carefully as the harmful kinds: neutral and
personal mentions of the same groups, hard-line but legitimate policy
arguments, counter-speech and reported speech quoting the same dehumanising
words, negated hate, civil criticism of the same officials, violent idioms,
apologies and harmless jokes.

No sentence here is copied from seeds/comments.jsonl (the dev set) or a held-out
set. Themes were taken from read sets: round 2 from the dev set's errors, round 3
from the third held-out set's errors and its violent-idiom frames from the
fourth's (both sets spent by that, see seeds/HOLDOUT.md). Round 4 came from the
published categories of functional test suites, before any was seen; round 5
from the same categories, for those v3.4 held least often in the first suite.
"""
from __future__ import annotations

import random
import re

# ----------------------------------------------------------------------------- EN slots
EN_GROUPS = [
    "migrants", "refugees", "immigrants", "asylum seekers", "Muslims", "Africans", "Arabs",
    "Eritreans", "Sudanese", "Afghans", "Syrians", "Somalis", "Pakistanis", "Albanians",
    "the people in the camp", "the Jungle lot", "these people", "that lot", "foreigners",
    "Black people", "the boat people", "the new arrivals", "economic migrants", "Iraqis",
    "young men from Africa", "the men in the camp", "the Roma", "North Africans",
]
EN_GROUP_DET = ["", "these ", "those ", "all these ", "all those ", "the "]
EN_DEHUM_NP = [
    "vermin", "rats", "cockroaches", "parasites", "animals", "savages", "filth", "scum",
    "subhumans", "leeches", "locusts", "a plague", "a disease", "a cancer", "a swarm",
    "an infestation", "human garbage", "human waste", "beasts", "apes", "monkeys", "dogs",
    "pests", "a virus", "invaders", "trash", "maggots", "a horde",
]
EN_DEHUM_PRED = [
    "are {D}", "are nothing but {D}", "are no better than {D}", "are {D}, plain and simple",
    "breed like rats", "breed like rabbits and live like animals", "aren't even human",
    "are barely human", "are not people, they are {D}", "crawl in like {D}",
    "spread like {D} wherever they go", "are {D} infesting our towns",
    "should be treated like the {D} they are", "are {D} and always will be",
    "are a lower form of life", "multiply like {D}", "can't be called human",
]
EN_TROPES = [
    "are all criminals and rapists", "only come here to rape and steal", "are all terrorists in waiting",
    "will never integrate, it's in their blood", "are incapable of living like civilised people",
    "have contributed nothing to civilisation", "are lazy scroungers living off our taxes",
    "are a fifth column waiting for orders", "are here to replace us", "are colonising Europe",
    "bring nothing but crime and disease", "see our women as fair game", "are born thieves",
    "have the IQ of a child", "are all the same, violent and backward", "are a ticking time bomb",
    "are invading Europe and our traitors let them", "are all sleepers for ISIS",
    "turn every town they touch into a slum", "are genetically violent",
]
EN_RELIGION = [
    "Islam is a death cult, not a religion", "Islam has no place in Europe",
    "every mosque is a breeding ground for terrorists", "Islam is a disease that has to be cut out",
    "every Muslim is a potential jihadi", "Muslims are a fifth column in Europe",
    "the Koran is a terrorist manual and every Muslim follows it", "Islam is a cancer eating Europe",
    "there is no such thing as a moderate Muslim", "Muslims breed to outnumber us",
]
EN_CONSPIRACY = [
    "the great replacement is happening and {G} are the tool", "this is white genocide, plain and simple",
    "the elites are shipping in {G} to replace us", "Europe is being colonised by the third world",
    "{G} are the shock troops of the Islamic invasion", "it's an invasion, and {G} are the army",
]
EN_ACTION = [
    "send them all back", "kick them out", "deport the lot of them", "get them out of our country",
    "they should go back to Africa", "not a single one more should be let in", "ship them back",
    "throw them all out", "close the borders and send every last one back", "ban Islam",
    "close every mosque", "round them up and deport them", "out, the lot of them",
    "they don't belong here", "no more of them, ever",
]
EN_OFFICIALS = [
    "the mayor", "the minister", "the immigration minister", "the protest spokesman",
    "the prefect", "that journalist", "the author of this article", "the charity workers",
    "the volunteers", "the activists", "the No Borders lot", "the do-gooders", "the lefties",
    "the police chief", "the MP", "the councillors", "the Solidarity crowd", "the NGO people",
]
EN_THREAT = [
    "I'll kill {T} with my bare hands", "someone should put a bullet in {T}",
    "{T} will be going home in an ambulance", "we know where {T} live", "we know where {T} sleep",
    "{T} deserve a rope", "string {T} up from the nearest lamppost", "{T} should be lined up and shot",
    "give me one night in that camp with a can of petrol", "burn the camp down with {T} inside",
    "torch the tents while {T} sleep", "run {T} over if they step in front of the lorry",
    "drown {T} in the Channel", "{T} will get what's coming to them", "blood will be spilled, and it will be {T}'s",
    "a few lads with bats will sort {T} out", "the locals should get their shotguns out and deal with {T}",
    "{T} had better watch their backs", "I'd happily shoot {T} myself", "one day someone will stab {T} and I'll cheer",
    "{T} are on a list, we'll be paying them a visit", "we know what car {T} drive", "people here have long memories and short tempers, {T} will find out",
    "one night someone will set fire to that camp and nobody will cry", "{T} will leave on a stretcher", "{T} deserve a good kicking and they'll get one",
    "pity the fence isn't electrified", "I'd run {T} down and keep driving", "{T} won't be smiling when we turn up at their door",
    "if I see {T} in town I'll break their legs", "{T} should be hanged for treason",
    "gas the lot of {T}", "{T} need a bullet each", "we'll come for {T} at night",
]
EN_THREAT_FRAMES = [
    "{X}.", "Mark my words, {X}.", "If this carries on, {X}.", "Next time they block the road, {X}.",
    "I'm serious: {X}.", "{X}, and I mean it.", "Keep pushing us and {X}.", "{X}. Count on it.",
    "If the police won't act, {X}.", "Let them try. {X}.",
]
EN_THREAT_TARGETS_GROUP = ["them", "those migrants", "the migrants", "the refugees", "these people",
                           "the Muslims", "the Africans", "the camp lot"]
EN_INSULT_N = [
    "idiot", "moron", "imbecile", "cretin", "clown", "muppet", "plank", "halfwit", "numpty",
    "pillock", "prat", "loser", "troll", "fool", "dimwit", "buffoon", "snowflake", "coward",
    "liar", "hypocrite", "scumbag", "lowlife", "waste of space", "useful idiot", "bigot",
    "nutjob", "knobhead", "simpleton", "dunce", "sheep", "gammon", "wet lettuce", "joke",
    "parasite", "clueless twit", "village idiot", "brain-dead zombie", "tool", "waster",
    "keyboard warrior", "keyboard coward", "drama queen", "gobshite", "halfwit", "tosspot",
    "clot", "berk", "nonce", "plonker", "absolute weapon", "attention seeker", "crybaby",
]
EN_INSULT_ADJ = ["absolute", "pathetic", "brainless", "utter", "complete", "useless", "sad little",
                 "thick", "ignorant", "deluded", "gutless", "spineless", "total", "miserable", ""]
EN_INSULT_FRAMES = [
    "you {A} {N}.", "you're a {A} {N}.", "what a {A} {N} you are.", "shut up, you {A} {N}.",
    "only a {A} {N} like you would write that.", "nobody asked you, {N}.", "run along, you {A} {N}.",
    "go back to your safe space, you {N}.", "learn to read, you {A} {N}.", "are you really this thick?",
    "you're too stupid to understand the article.", "get a brain, {N}.",
    "imagine being this much of a {N}.", "typical {N}, all mouth and no brain.",
    "you have the IQ of a houseplant.", "honestly you're the dumbest person on this thread.",
    "crawl back under your rock, {N}.", "{P} is a {A} {N}.", "{P} is a {A} {N} and a liar.",
    "{P}? What a {A} {N}.", "{P} is a spineless {N} who should be ashamed.",
    "{P} are a bunch of {A} {N}s.", "do us all a favour and stop typing, {N}.",
]
EN_HATE_EXTRA = [
    "no benefits, no housing, no NHS for any of {G}, let them rot", "{G} don't integrate, never have, never will",
    "Europe needs to be cleansed of {G}", "every one of {G} that gets through is another future criminal",
    "{G} have no place in a civilised country", "{G} should never have been let in, not one of them",
    "{G} are the front line of the invasion", "you can't call {G} human", "diversity is a code word for white genocide",
    "let {G} drown, it's their choice to get in the boats", "{G} are a stain on this country",
]
FR_HATE_EXTRA = [
    "pas un centime, pas un logement pour {G}, qu'ils crèvent", "{G} ne s'intègrent pas, ne se sont jamais intégrés",
    "il faut nettoyer l'Europe de {G}", "{G} n'ont rien à faire dans un pays civilisé", "qu'ils se noient, {G}, c'est leur choix",
    "{G} sont une honte pour ce pays", "{G} sont l'avant-garde de l'invasion", "on ne peut pas appeler {G} des humains",
]
EN_OBSCENE = [
    "what a fucking shitshow.", "this is total bullshit.", "fuck this, fuck all of it.",
    "same old shit every summer.", "the whole thing is a fucking joke.", "holy shit, what a mess.",
    "fuck the lot of it, I'm done.", "what a clusterfuck.", "this is such crap, who gives a shit.",
    "piss off with your bullshit.", "bollocks, the whole article is bollocks.",
]
EN_POLICY = [
    "immigration is too high and the government should say so", "the asylum system is broken and needs reform",
    "illegal crossings have to stop", "failed asylum seekers should be returned, that is the law",
    "the UK should process asylum claims in France", "Le Touquet should be scrapped",
    "the camp should be cleared and people housed properly", "we need a proper border force",
    "the costs of policing the port fall on Calais taxpayers", "the smugglers must be prosecuted",
    "Britain should take its fair share", "France cannot keep absorbing everyone",
    "open borders are not the answer", "the Dublin rules are not working", "quotas should be set by parliament",
    "family reunification should be faster so people stop risking the crossing",
    "the fence is a waste of money", "we should deport foreign criminals", "border controls should be tighter",
    "the numbers coming in are unsustainable", "integration needs more funding and clear rules",
    "people with no right to stay should be removed quickly", "safe legal routes would cut the crossings",
    "the state has lost control of the border", "residents are exhausted and nobody listens to them",
]
EN_OPENERS = ["", "I think ", "Frankly, ", "Let's be honest, ", "The truth is ", "In my view ",
              "Like it or not, ", "As a local, I'd say ", "Sorry, but ", "It seems to me ",
              "I'm no racist but I believe ", "Whatever you think of the protest, "]
EN_NEUTRAL = [
    "{G} arrived at the port late last night.", "My neighbour is one of the {g} and she's lovely.",
    "I work with {G} every week at the food bank.", "the {g} I met in the camp were exhausted.",
    "As a Muslim, I found the article fair.", "As a Black Briton, I read these comments with interest.",
    "my grandparents were {G} too, from Poland.", "how many {G} are actually in Calais now?",
    "the charity says {G} are sleeping in the woods.", "a lot of {G} speak three or four languages.",
    "{G} I've taught have been among my best students.", "my doctor is a refugee from Syria.",
    "the article interviews {G} about the crossing.", "{G} have the same rights under the law.",
    "there was a football match between locals and {G} on Sunday.", "the mosque collected blankets for the camp.",
    "some {G} told me they want to reach family in Birmingham.", "most {G} here are young men travelling alone.",
]
EN_COUNTER = [
    "calling {G} '{D}' is disgusting.", "people who say {G} are {D} should be ashamed.",
    "the comment above calling {G} {D} has been reported.", "I've flagged the post saying {G} {T}.",
    "describing human beings as {D} is how every genocide started.", "no, {G} are not {D}, they are people.",
    "it's racist to claim {G} {T}.", "the protesters' signs said {G} are {D}. Vile.",
    "the article quotes a protester saying {G} {T}, and that is simply false.",
    "remember 'cockroaches' was the word used on Rwandan radio before the killing.",
    "whoever wrote that {G} are {D} should read some history.", "I don't think {G} {T} at all.",
    "not every one of the {g} is a criminal, and saying so is lazy.", "moderators, please remove the comments calling people {D}.",
    "'{D}'? These are human beings you're talking about.", "it's not true that {G} {T}, the statistics say otherwise.",
    "my friend was told to go back to Africa. She was born in Lille.", "the spokesman claimed {G} {T}; he offered no evidence.",
    "some of the comments here say {G} are {D}. Shameful.", "the word '{D}' has no place in this debate.",
    "as a Muslim living here, the comments saying {G} {T} are exhausting.", "I'm literally one of the {g} you're talking about and I don't hate you.",
    "'{T}'? I've lived here thirty years. Are you talking about me?", "reported. Threatening people is a crime, whatever your view on the camp.",
    "the 'great replacement' is a conspiracy theory, not an argument.", "leetspeak doesn't hide what you're saying, it just makes you look silly.",
    "I don't think {G} are criminals. A few people doing stupid things doesn't make everyone dangerous.",
    "nobody is saying the crossings are fine, but calling people {D} is wrong.", "you can want tighter borders without calling anyone {D}.",
    "the smugglers are the ones making fortunes out of these people, go after them.", "this comment section is full of people calling {G} {D}. Moderators?",
]
EN_CIVIL_CRIT = [
    "{P} has no real plan for the camp.", "{P} should resign over this failure.", "I strongly disagree with {P}.",
    "{P} has handled this badly from the start.", "{P} is wrong about the numbers.",
    "{P} keeps promising and never delivers.", "with respect, {P} has misread the figures.",
    "{P} made a poor decision and should admit it.", "I don't trust {P} on this issue.",
    "{P} was evasive in the interview, which doesn't help.",
]
EN_IDIOM = [
    "the minister shot himself in the foot with that speech.", "this queue on the A16 is killing me.",
    "drivers are held hostage by the strikes every summer.", "the council is fighting a losing battle.",
    "the opposition tore his plan to pieces.", "that argument is dead on arrival.",
    "the budget is a time bomb for the town.", "he destroyed her arguments in the debate.",
    "I could murder a coffee after that ferry crossing.", "the mayor is under fire again.",
    "the port is a battlefield for politicians, not for residents.",
]
EN_APOLOGY = [
    "sorry for calling you an idiot yesterday, that was out of line.", "I take back what I said earlier, it was wrong.",
    "apologies, I lost my temper in the last thread.", "fair point, I was too harsh before.",
    "I retract my earlier comment, I didn't read the article properly.",
]
EN_JOKE = [
    "at this rate the seagulls will need visas too.", "the only thing crossing the Channel on time is the weather.",
    "I'd stay away from the port café, the coffee is the real crime.", "the minister's hi-vis vest deserves its own article.",
    "if the ferries ran like the rumour mill we'd all be in Dover by now.",
]
EN_CONTEXT = [
    "I read the whole article.", "Another summer, another mess in Calais.", "Nothing changes.",
    "I live near the port.", "Good article.", "Same story every year.", "Just look at the photos.",
    "I've been saying this for years.", "Read the article.", "Typical.", "Honestly.", "Wake up people.",
    "The lorry drivers deserve better.", "Nobody in London cares about Calais.", "Spot on.",
    "The police are doing their best.", "Look at the state of the Jungle.", "I drove through there last week.",
]
EN_HANDLES = ["@dave_62", "@Marianne", "@LocalLad", "@QuietReader", "@Tom_NGO", "@Kent_Mum", "@JP_Calais",
              "@truth_seeker", "@Sam", "@RefugeeAction_Tom", "@Brexit_Bob", "@sarah.k", "@Nordiste"]

# ----------------------------------------------------------------------------- FR slots
FR_GROUPS = [
    "les migrants", "les réfugiés", "les immigrés", "les demandeurs d'asile", "les musulmans",
    "les Africains", "les Arabes", "les Érythréens", "les Soudanais", "les Afghans", "les Syriens",
    "les Maghrébins", "les exilés", "les étrangers", "ces gens-là", "les clandestins", "les Noirs",
    "les gens du camp", "ces jeunes hommes", "les Roms", "les Somaliens", "les nouveaux arrivants",
]
FR_DEHUM_NP = [
    "de la vermine", "des rats", "des cafards", "des parasites", "des animaux", "des sauvages",
    "des ordures", "de la racaille", "des sous-hommes", "des sangsues", "des nuisibles", "une plaie",
    "une maladie", "un cancer", "une invasion de sauterelles", "des singes", "des bêtes", "des déchets",
    "une horde", "des envahisseurs", "de la pourriture", "des chiens", "des porcs", "des cloportes",
]
FR_DEHUM_PRED = [
    "sont {D}", "ne sont que {D}", "ne valent pas mieux que {D}", "sont {D}, point final",
    "se reproduisent comme des lapins", "ne sont même pas humains", "sont à peine humains",
    "ne sont pas des gens, ce sont {D}", "pullulent comme {D}", "envahissent nos villes comme {D}",
    "devraient être traités comme {D}", "sont {D} et le resteront", "sont une sous-espèce",
]
FR_TROPES = [
    "sont tous des délinquants et des violeurs", "viennent ici pour voler et violer",
    "sont tous des terroristes en puissance", "ne s'intégreront jamais, c'est dans leur sang",
    "sont incapables de vivre comme des gens civilisés", "n'ont jamais rien apporté à la civilisation",
    "vivent de nos allocs sans rien faire", "sont une cinquième colonne", "sont là pour nous remplacer",
    "colonisent l'Europe", "n'apportent que la crime et la maladie", "voient nos femmes comme des proies",
    "sont des voleurs nés", "sont tous pareils, violents et arriérés", "sont une bombe à retardement",
    "transforment chaque quartier en zone de non-droit", "sont violents par nature",
]
FR_RELIGION = [
    "l'islam est une secte de mort, pas une religion", "l'islam n'a rien à faire en Europe",
    "chaque mosquée est un nid de terroristes", "l'islam est un cancer qu'il faut extirper",
    "chaque musulman est un djihadiste en puissance", "il n'existe pas de musulman modéré",
    "le Coran est un manuel de terroriste", "les musulmans font des enfants pour nous submerger",
]
FR_CONSPIRACY = [
    "le grand remplacement est en marche et {G} en sont l'outil", "c'est une invasion, {G} sont l'armée",
    "les élites font venir {G} pour nous remplacer", "l'Europe est colonisée par le tiers-monde",
]
FR_ACTION = [
    "il faut tous les renvoyer chez eux", "dehors, tous", "qu'ils dégagent", "expulsez-les tous",
    "qu'ils retournent en Afrique", "pas un de plus", "remigration, maintenant", "virez-les",
    "renvoyez-les par le premier bateau", "il faut interdire l'islam", "fermez toutes les mosquées",
    "ils n'ont rien à faire chez nous", "rentrez chez vous",
]
FR_OFFICIALS = [
    "le maire", "le ministre", "le préfet", "le porte-parole", "ce journaliste", "l'auteur de l'article",
    "les bénévoles", "les militants", "les associatifs", "les gauchistes", "les bobos", "le député",
    "les No Borders", "les humanitaires", "le commissaire",
]
FR_THREAT = [
    "je vais tuer {T} de mes mains", "quelqu'un devrait mettre une balle à {T}", "on sait où dorment {T}",
    "{T} finiront à l'hôpital", "il faut pendre {T}", "il faut aligner {T} et les fusiller",
    "une nuit dans le camp avec un bidon d'essence et il n'y aura plus de problème",
    "brûlez le camp avec {T} dedans", "on va cramer leurs tentes pendant qu'ils dorment",
    "il faut noyer {T} dans la Manche", "{T} vont prendre une balle chacun", "on va faire la peau à {T}",
    "on accueillera {T} à coups de fusil", "le sang va couler, et ce sera celui de {T}",
    "quelques gars avec des battes vont s'occuper de {T}", "{T} feraient bien de surveiller leurs arrières",
    "je flinguerais {T} moi-même", "si je croise {T} je lui casse les jambes", "on viendra chercher {T} la nuit",
    "il faut gazer {T}", "il faut égorger {T}",
    "{T} repartiront sur un brancard", "on connaît les voitures de {T}, un jour ils retrouveront leurs pneus crevés",
    "un jour quelqu'un va mettre le feu au camp et personne ne pleurera", "{T} méritent une bonne correction et ils l'auront",
    "on va s'occuper de {T} nous-mêmes, à la barre de fer", "{T} sont sur une liste, on passera les voir",
    "{T} vont le payer très cher", "on ira rendre une petite visite à {T}",
]
FR_THREAT_FRAMES = [
    "{X}.", "Retenez bien ça : {X}.", "Si ça continue, {X}.", "La prochaine fois, {X}.",
    "Je suis sérieux : {X}.", "{X}, je vous le promets.", "Si la police ne fait rien, {X}.",
    "Qu'ils essaient. {X}.",
]
FR_THREAT_TARGETS_GROUP = ["les migrants", "ces gens-là", "les réfugiés", "les musulmans", "les clandestins",
                           "les Africains", "ceux du camp"]
FR_INSULT_N = [
    "idiot", "crétin", "imbécile", "abruti", "con", "connard", "débile", "guignol", "bouffon", "minable",
    "demeuré", "naze", "tocard", "boulet", "clown", "pauvre type", "lâche", "menteur", "hypocrite",
    "ignare", "idiot utile", "mouton", "troll", "fachos", "bobo décérébré", "gros nul", "sombre crétin",
    "imbécile heureux", "cas social", "rigolo", "collabo", "cruche", "idiote", "conne", "andouille",
    "blaireau", "baltringue", "bouffonne", "traître", "lèche-bottes", "neuneu", "pignouf",
]
FR_INSULT_ADJ = ["pauvre", "gros", "sale", "sombre", "espèce de", "vrai", "petit", ""]
FR_INSULT_FRAMES = [
    "t'es qu'un {A} {N}.", "espèce de {N}.", "ferme-la, {A} {N}.", "quel {N} tu fais.",
    "toi on t'a pas sonné, {N}.", "retourne lire tes manuels, {N}.", "t'es vraiment trop bête pour comprendre.",
    "personne ne t'a demandé ton avis, {N}.", "apprends à lire, {N}.", "t'as le QI d'une huître.",
    "va te coucher, {A} {N}.", "{P} est un {A} {N}.", "{P} ? Quel {N}.", "{P} n'est qu'un {N} et un menteur.",
    "{P} sont une bande de {N}s.", "arrête d'écrire, {N}, tu nous fais honte.", "pauvre {N}, va.",
]
FR_OBSCENE = [
    "putain, quel bordel.", "c'est de la merde, tout ça.", "putain de merde, encore.", "on s'en fout, bordel.",
    "quelle connerie, putain.", "fais chier, chaque été la même merde.", "rien à foutre de tout ça.",
]
FR_POLICY = [
    "il faut réduire l'immigration", "le système d'asile est à bout", "les traversées illégales doivent cesser",
    "ceux qui sont déboutés doivent être reconduits, c'est la loi", "le Royaume-Uni devrait traiter les demandes en France",
    "les accords du Touquet doivent être dénoncés", "le camp doit être évacué et les gens relogés",
    "le coût pour Calais est trop élevé", "il faut poursuivre les passeurs", "l'Angleterre doit prendre sa part",
    "la France ne peut pas accueillir tout le monde", "l'ouverture des frontières n'est pas la solution",
    "le règlement de Dublin ne fonctionne pas", "il faut expulser les délinquants étrangers",
    "les contrôles aux frontières doivent être renforcés", "l'État a perdu le contrôle de la frontière",
    "les habitants sont épuisés et personne ne les écoute", "des voies légales réduiraient les traversées",
    "l'intégration demande des moyens et des règles claires",
]
FR_OPENERS = ["", "Je pense que ", "Franchement, ", "Soyons honnêtes, ", "La vérité, c'est que ",
              "À mon avis ", "Qu'on le veuille ou non, ", "En tant que Calaisien, je dirais que ",
              "Désolé, mais ", "Je ne suis pas raciste mais je crois que "]
FR_NEUTRAL = [
    "{G} sont arrivés au port hier soir.", "je travaille avec {G} chaque semaine à l'association.",
    "ma voisine fait partie de ceux qu'on appelle {g}, elle est adorable.", "mes grands-parents étaient {g}, venus d'Italie.",
    "combien sont {G} à Calais aujourd'hui ?", "selon l'association, {G} dorment dans les bois.",
    "beaucoup parmi {G} parlent trois ou quatre langues.", "en tant que musulmane, j'ai trouvé l'article juste.",
    "je suis calaisien, d'origine marocaine, ma famille est ici depuis 1962.", "mon médecin est un réfugié syrien.",
    "l'article donne la parole à {G} sur la traversée.", "{G} ont les mêmes droits devant la loi.",
    "il y a eu un match de foot entre {G} et les habitants dimanche.", "la mosquée a collecté des couvertures pour le camp.",
    "{G} ont raconté leur voyage au journaliste.", "des réfugiés {a} témoignent dans le reportage.",
    "les familles {a} ont été relogées la semaine dernière.", "un médecin {a} soigne les gens du camp.",
    "des étudiants {a} ont organisé une collecte.", "{G} attendent leur rendez-vous à la préfecture.",
    "selon la préfecture, {G} sont environ 1 500 à Calais.", "des exilés {a} ont parlé à la presse de leurs conditions de vie.",
    "j'ai rencontré des jeunes {a} très motivés à l'association.", "les migrants {a} veulent rejoindre leur famille en Angleterre.",
]
FR_ADJ = ["érythréens", "soudanais", "afghans", "syriens", "africains", "musulmans", "arabes",
          "somaliens", "maghrébins", "iraniens", "kurdes", "albanais"]
FR_COUNTER = [
    "traiter {G} de {D2} est honteux.", "ceux qui disent que {G} sont {D} devraient avoir honte.",
    "le commentaire qui dit que {G} {T} a été signalé.", "qualifier des êtres humains de {D2}, c'est ignoble.",
    "non, {G} ne sont pas {D}, ce sont des gens.", "c'est raciste de prétendre que {G} {T}.",
    "l'article cite un manifestant qui affirme que {G} {T}, c'est faux.", "je ne pense pas du tout que {G} soient {D}.",
    "tous {G} ne sont pas des délinquants, arrêtez les généralités.", "modérateurs, supprimez les commentaires qui traitent les gens de {D2}.",
    "« {D2} » ? Vous parlez d'êtres humains.", "quand j'entends « l'invasion », je me demande si c'est de moi qu'on parle.",
    "le « grand remplacement » est une théorie complotiste, pas un argument.", "« {T} » ? J'habite ici depuis trente ans, vous parlez de moi ?",
    "signalé. Menacer quelqu'un est un délit, quelle que soit votre opinion sur le camp.", "personne ne parle des passeurs qui s'enrichissent sur le dos de ces gens.",
    "on peut vouloir des frontières plus strictes sans traiter les gens de {D2}.", "1 500 personnes dans un camp, ce n'est pas une invasion, c'est une crise humanitaire.",
    "je ne crois pas que {G} soient des criminels, quelques incidents ne font pas une population dangereuse.",
    "le porte-parole prétend que {G} {T}, sans aucune preuve.", "certains commentaires ici disent que {G} sont {D}. Lamentable.",
]
FR_CIVIL_CRIT = [
    "{P} n'a aucun plan pour le camp.", "{P} devrait démissionner après cet échec.", "je ne suis pas d'accord avec {P}.",
    "{P} a mal géré cette affaire depuis le début.", "{P} se trompe sur les chiffres.",
    "{P} promet beaucoup et ne fait rien.", "{P} a été évasif pendant l'interview.",
]
FR_IDIOM = [
    "le ministre s'est tiré une balle dans le pied.", "les automobilistes sont pris en otage chaque été.",
    "cette file d'attente me tue.", "la mairie mène un combat perdu d'avance.", "l'opposition a démoli son plan.",
    "cette réforme est une bombe à retardement pour le budget.", "elle l'a massacré pendant le débat.",
    "le maire est sous le feu des critiques.",
]
FR_APOLOGY = [
    "désolé de t'avoir traité d'idiot hier, c'était déplacé.", "je retire ce que j'ai dit, c'était injuste.",
    "excusez-moi, je me suis emporté dans l'autre fil.", "je me suis trompé, j'avais mal lu l'article.",
]
FR_JOKE = [
    "à ce rythme les mouettes vont demander un visa.", "le seul truc qui traverse la Manche à l'heure, c'est la pluie.",
    "le gilet fluo du ministre mérite son propre article.",
]
FR_CONTEXT = [
    "J'ai lu tout l'article.", "Encore un été de chaos à Calais.", "Rien ne change.", "J'habite près du port.",
    "Bon article.", "Toujours la même histoire.", "Regardez les photos.", "Je le dis depuis des années.",
    "Lisez l'article.", "Typique.", "Réveillez-vous.", "Les routiers méritent mieux.", "Paris s'en fiche de Calais.",
    "Regardez l'état de la Jungle.",
]
FR_HANDLES = ["@Marianne_libre", "@Samir.Calais", "@Nordiste62", "@JeanPierre", "@Bénévole_59", "@Lucie",
              "@Patriote62", "@Karim", "@Citoyen"]

_FR_PLAIN = ["vermines", "rats", "cafards", "parasites", "animaux", "sauvages", "ordures", "racailles",
             "sous-hommes", "sangsues", "nuisibles", "singes", "envahisseurs"]
EN_TROPE_SHORT = ["are all criminals", "are terrorists", "only come to rape and steal", "are invading us",
                  "will never integrate", "are parasites on the welfare state"]
FR_TROPE_SHORT = ["sont tous des délinquants", "sont des terroristes", "viennent pour voler et violer",
                  "nous envahissent", "ne s'intégreront jamais", "vivent des allocs"]

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5"}
_HOMO = {"a": "а", "e": "е", "o": "о", "i": "і", "c": "с"}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _noise(text: str, rng: random.Random, lang: str, obfuscate_words=()) -> str:
    """Realistic surface noise; obfuscation is applied only to the given key words."""
    r = rng.random()
    if obfuscate_words and r < 0.18:
        w = rng.choice(list(obfuscate_words))
        kind = rng.randrange(4)
        if kind == 0:
            ob = "".join(_LEET.get(c, c) if rng.random() < 0.6 else c for c in w)
        elif kind == 1:
            ob = " ".join(w)
        elif kind == 2:
            ob = "".join(_HOMO.get(c, c) if rng.random() < 0.5 else c for c in w)
        else:
            ob = "\u200b".join([w[: len(w) // 2], w[len(w) // 2:]])
        text = text.replace(w, ob, 1)
    if rng.random() < 0.25:
        text = text.lower()
    if rng.random() < 0.15:
        text = text.rstrip(".")
    if rng.random() < 0.12:  # one typo
        words = text.split(" ")
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4 and w.isalpha():
            j = rng.randrange(1, len(w) - 1)
            op = rng.randrange(3)
            w = w[:j] + w[j + 1:] if op == 0 else w[:j] + w[j + 1] + w[j] + w[j + 2:] if op == 1 else w[:j] + w[j] + w[j:]
            words[i] = w
        text = " ".join(words)
    if rng.random() < 0.06:
        text = text.upper()
    if rng.random() < 0.08:
        text += rng.choice([" !!", "!!!", " 😡", " 🙄", " ...", " 👍", " 🤷"])
    return text


# ----------------------------------------------------------------------------- round 3 (v3.3)
# Written after v3.2's one clean run on the third held-out set (which that run
# spent): its misses were insults of named public figures built from epithets
# rather than the insult nouns above, coded hate (dog whistles, "I'm not racist
# but", hate phrased as a question or as "just history"), threats without a
# violent verb from the lexicon (sink / ram the boats, "bring bricks", "be
# careful walking home") and sexual abuse aimed at a person; its false alarms
# were French civil comments on policy, integration and life in Calais, and
# (with this round's lower threat threshold) reports of past fires and fights. The
# themes were taken, not the sentences: every frame below is new, and each
# harmful frame has acceptable contrasts built from the same slots.
EN_NAMES = ["Farage", "Braverman", "Sunak", "Starmer", "Patel", "Jenrick", "Badenoch", "Cooper",
            "Brokenshire", "Mahmood", "Tice", "Anderson", "the Home Secretary", "the Mayor of Calais",
            "the spokesman", "the author", "the editor", "our MP", "the council leader", "the bishop"]
FR_NAMES = ["Darmanin", "Retailleau", "Bardella", "Le Pen", "Mélenchon", "Zemmour", "Macron", "Bouchart",
            "Attal", "Ciotti", "Wauquiez", "Reche", "le préfet", "la maire", "le porte-parole",
            "l'éditorialiste", "notre député", "le ministre", "la présidente de région", "l'évêque"]
EN_EPITHET_N = ["grifter", "charlatan", "bellend", "hack", "careerist", "chancer", "weasel", "snake",
                "windbag", "fraud", "con artist", "toad", "harpy", "crook", "stooge", "lickspittle",
                "bottom-feeder", "drip", "melt", "wazzock", "bozo", "jobsworth", "sock puppet", "gasbag"]
EN_EPITHET_A = ["smug", "slimy", "two-faced", "jumped-up", "vicious little", "sanctimonious",
                "hand-wringing", "pint-swilling", "oily", "shrieking", "gormless", "snivelling",
                "weaselly", "cold-eyed", "self-serving", "rat-faced", "dim", "greasy", "useless"]
FR_EPITHET_N = ["tocard", "nabot", "roquet", "girouette", "démagogue", "beauf", "charlatan", "larbin",
                "vendu", "fumiste", "escroc", "pitre", "branquignol", "gugusse", "manche à couilles",
                "faux-cul", "carpette", "pantin", "bouffon", "marchand de haine", "tartuffe", "pignouf",
                "plouc", "arriviste"]
FR_EPITHET_A = ["petit", "aigri", "prétentieux", "pathétique", "haineux", "minable", "vieux", "sale",
                "gros", "misérable", "ridicule", "lamentable", "insupportable", "méprisable"]
EN_EPITHET_FRAMES = [
    "{NAME}, the {A} {N}, has done it again.", "{NAME} is a {A} {N} with a face only a mother could love.",
    "what a {A} {N} {NAME} turned out to be.", "{NAME}? {A} {N}. Next question.",
    "{NAME} has the intellect of a damp tea towel.", "{NAME} is a {A} {N} and everyone in Kent knows it.",
    "you're a {A} {N}, mate, and your posts prove it daily.", "{NAME}, you {A} {N}, read your own report.",
    "listening to {NAME}, that {A} {N}, makes my ears bleed.", "{NAME} couldn't run a bath, the {A} {N}.",
    "absolute {N}.", "what a {N}.", "{NAME} is a {N}.", "the {A} {N} who wrote this should be sacked.",
    "your parents must be so embarrassed by you, you {A} {N}.", "nobody cares what you think, you {A} {N}.",
]
EN_EPITHET_OK = [
    "{NAME} has done it again: another promise, another u-turn.", "{NAME} turned out to be a disappointment on this.",
    "{NAME}? No plan. Next question.", "{NAME} has been in the job for years and the camp is still there.",
    "{NAME} is a career politician and it shows in the answers.", "{NAME}, with respect, read your own report.",
    "listening to {NAME} on the radio this morning, I heard nothing new.", "{NAME} couldn't give a straight answer on costs.",
    "{NAME} is wrong, and the figures in the article show why.", "the journalist who wrote this should check the Home Office figures.",
    "I voted for {NAME} and I regret it.", "{NAME} is smug on television, but the policy is what matters.",
    "{NAME} says one thing in Calais and another in London.", "{NAME} gave a slick interview with no substance.",
]
FR_EPITHET_FRAMES = [
    "{NAME}, ce {A} {N}, ferait mieux de se taire.", "{NAME} est un {A} {N}, point.",
    "quel {A} {N}, {NAME}.", "{NAME} ? Un {N}. Question suivante.", "{NAME}, {A} {N}, rentre chez toi.",
    "{NAME} a la cervelle d'un moineau.", "{NAME}, ce {N} en costume, nous prend pour des cons.",
    "t'es qu'un {A} {N}, toi et tes leçons.", "{NAME}, espèce de {N}, relis ton propre rapport.",
    "{N} !", "quel {N} ce type.", "le {A} {N} qui a écrit ça devrait changer de métier.",
    "mais quel {N}, sérieux, il comprend rien à rien.", "typique du {N} qui donne des leçons entre deux apéros.",
    "{NAME}, le {N} de service, retourne faire tes selfies.", "{NAME} est un {N} doublé d'un menteur.",
]
FR_EPITHET_OK = [
    "{NAME} ferait mieux de visiter le camp avant de parler.", "{NAME} a encore changé d'avis sur ce dossier.",
    "{NAME} ? Aucun plan. Question suivante.", "{NAME} vit de ce sujet électoralement, comme tous les autres partis.",
    "{NAME} devrait relire son propre rapport avant de parler.", "je ne fais plus confiance à {NAME} sur l'immigration.",
    "{NAME} promet des moyens qui n'arrivent jamais.", "l'interview de {NAME} ne contenait aucun chiffre.",
    "j'ai voté pour {NAME} et je le regrette.", "{NAME} dit une chose à Calais et l'inverse à Paris.",
    "{NAME} et ses adversaires ont tous intérêt à ce que le sujet dure.", "le journaliste qui a écrit ça aurait dû vérifier ses sources.",
    "{NAME} se trompe, et les chiffres de l'article le montrent.", "{NAME} parle beaucoup et agit peu.",
]
EN_CODED_HATE = [
    "not being funny, but {G} simply aren't capable of running anything, look at where they come from.",
    "I'm not racist, I have friends from everywhere, but {G} are a different breed.",
    "{G} in Europe were an experiment and the results are in: it failed.",
    "why exactly are we importing a culture of knife crime and sexual assault? Asking for a friend.",
    "if {G} are over-represented in crime, why not stop {G} coming at all? Just logic.",
    "these aren't refugees, they're settlers, and {G} know exactly what they're doing.",
    "paper doesn't change blood: a {g1} with a British passport is still a {g1}.", "{G} can't be assimilated, it's biological.",
    "count the faces in any reception class and tell me we're not being replaced.", "our people are being bred out. {G} have six kids each.",
    "14/88. You know what needs doing.", "notice who funds the boats? Always the same (((people))).",
    "the Kalergi plan is real, look it up.", "open borders is a Jewish project to mongrelise Europe.",
    "diversity is a code word for anti-white.", "Londonistan, Birminghamistan, next stop Doverstan.",
    "{PLACE} is starting to look like Mogadishu. Third world filth everywhere.",
    "the camp is basically a safari park, all it needs is a banana stall.", "they call it enrichment. I call it an occupation.",
    "remigration. All of them, born here or not.", "{G} will never be British, no matter how many generations.",
    "name one {g1} country you'd want to live in. Exactly. Now they're bringing it here.",
    "you can take {G} out of the jungle but you can't take the jungle out of {G}.",
    "they breed, we pay. Simple as.", "every {g1} in this country is a problem waiting to happen.",
]
FR_CODED_HATE = [
    "j'ai rien contre personne, mais {G} sont pas faits pour vivre dans une société moderne, c'est comme ça.",
    "je suis pas raciste, j'ai des potes de partout, mais {G} c'est pas pareil, c'est génétique.",
    "pourquoi on importe une culture du couteau et du harcèlement de rue ? Je pose juste la question.",
    "ce ne sont pas des réfugiés, ce sont des colons, et {G} le savent très bien.", "le papier ne change pas le sang : un {g1} naturalisé reste un {g1}.",
    "{G} ne sont pas assimilables, c'est biologique.",
    "comptez les visages dans n'importe quelle classe de maternelle et dites-moi qu'on n'est pas remplacés.",
    "leur natalité, c'est leur arme : dans vingt ans on sera minoritaires chez nous.",
    "les passeurs, les ONG, les banques : regardez les noms, c'est toujours la même communauté.",
    "le plan Kalergi n'est pas une théorie, c'est un programme.", "l'immigration de masse, c'est un projet de la finance juive.",
    "{PLACE}, on se croirait à Bamako, plus un Blanc dans les rues.", "remigration. Tous, binationaux compris.",
    "la France aux Français, {G} dehors.", "{G} ne seront jamais français, même à la troisième génération.",
    "{G}, c'est vol et mensonge dans le sang, on a le droit de le dire quand même.",
    "nommez-moi un pays {a} où vous voudriez vivre. Voilà. Et on les fait venir ici.",
    "ils se reproduisent, on paie. C'est tout.", "chaque {g1} dans ce pays est un problème en attente.",
    "on appelle ça le vivre-ensemble, moi j'appelle ça une occupation.",
]
EN_CODED_OK = [
    "'I'm not racist, but' is usually followed by something racist. This thread proves it.",
    "the 'great replacement' is a conspiracy theory that has inspired mass shootings.",
    "the Kalergi plan is an antisemitic hoax, please stop spreading it.",
    "triple brackets around names are an antisemitic code. Moderators, please look at this thread.",
    "calling a city 'Londonistan' is not an argument, it's a slur.",
    "{G} are our neighbours, not colonisers, whatever the comment above says.",
    "is crime higher among recent arrivals? The Home Office figures say it depends on age, not origin.",
    "a British citizen is British, whatever their parents' passport.", "it's about resources, not race: the town needs more teachers.",
    "the birth rate among {G} falls to the national average within a generation, the ONS says.",
    "culture changes. My Irish grandparents were called unassimilable too.",
    "genuine question: how many of the people in the camp end up with refugee status?",
    "I'm worried about integration, and I'd say the same about any group arriving in these numbers.",
    "as a {g1}, I find the comments here exhausting, but the article is fair.",
    "nobody is 'bred out'. People marry whoever they like. Relax.",
    "the zoo comments are vile. These are people in tents in the rain.",
    "remigration is a far-right slogan; deporting people born here would be illegal.",
]
FR_CODED_OK = [
    "« je ne suis pas raciste, mais » : la suite est presque toujours raciste.",
    "le « grand remplacement » est une théorie complotiste, démentie par l'INSEE.",
    "le plan Kalergi est un canular antisémite, arrêtez de le relayer.",
    "{G} sont nos voisins, pas des colons, n'en déplaise au commentaire du dessus.",
    "la délinquance dépend surtout de l'âge et de la précarité, pas de l'origine, selon les études.",
    "un Français est un Français, quelle que soit l'origine de ses parents.",
    "musulman pratiquant, je soutiens le renvoi des étrangers condamnés, la loi c'est la loi.",
    "je suis noire, née à Lille, et je paie mes impôts comme vous.",
    "un étranger qui a purgé une peine pour un crime grave doit pouvoir être renvoyé, ça me paraît logique.",
    "les Roms sont présents en France depuis des siècles, les traiter d'étrangers est absurde.",
    "on demande aux réfugiés de s'intégrer, mais il n'y a pas de places dans les cours de langue du département.",
    "l'intégration prend du temps : mes grands-parents italiens ont mis vingt ans.",
    "question sincère : combien de personnes du camp obtiennent finalement l'asile ?",
    "la natalité des immigrées rejoint la moyenne nationale en une génération.",
    "la remigration est un slogan d'extrême droite ; expulser des Français serait illégal.",
    "les commentaires sur le « zoo » sont ignobles. Ce sont des gens sous des tentes.",
]
EN_THREAT3 = [
    "sink the boats and be done with it.", "ram the dinghies mid-Channel, see how keen they are then.",
    "hotel's on the London road. Friday night, bring whatever you can throw.", "{NAME} wants to watch herself on the way home these days.",
    "found the reporter's address in {PLACE}. Might drop round with some friends.", "the {O} lot are due a beating, and it's coming.",
    "if one of them goes near my kids I'll bury him.", "one match, one can of petrol, problem solved at the hotel.",
    "every traitor in Westminster deserves the noose, {NAME} first.", "a few rounds into the boats and the crossings would stop.",
    "{NAME} has a family too. Just saying.", "people round here have long memories, {NAME}. Think about that.",
    "next time they march through town we'll be waiting with bats.", "shame if that hotel caught fire one night.",
    "the {O} office is on the high street. We know what time they lock up.",
]
FR_THREAT3 = [
    "coulez les bateaux, tous.", "la valise ou le cercueil, ils ont le choix.",
    "faut tirer dans les zodiacs, ça calmera les autres.", "le foyer du centre-ville, un coup de briquet et c'est fini.",
    "les {O}, on a vos adresses. Dormez bien.", "{NAME} devrait faire attention en rentrant le soir.",
    "on connaît l'adresse de l'hôtel. Samedi soir, ramenez des cailloux.", "un bidon d'essence et l'hôtel, c'est réglé.",
    "qu'on pende les traîtres, à commencer par {NAME}.", "{NAME} a une famille aussi. Je dis ça, je dis rien.",
    "si un de ces types approche ma fille, je l'enterre.", "ce serait dommage que ce centre brûle une nuit.",
]
EN_THREAT3_OK = [
    "a man who shouted 'sink the boats' at the harbour was convicted last week, rightly.",
    "the hotel fire last year was arson and the men who did it are in prison.",
    "Border Force said ramming dinghies would kill people and they refused to do it.",
    "my dad was a miner; he used to say the pit would kill him, and it nearly did.",
    "the riot police were careful walking through the camp, the footage shows.",
    "people round here have long memories of the 2016 clearance.", "we all know where the hotel is; the council has published the address.",
    "the crossings killed 70 people last year. That should shame everyone.", "the rugby lads gave the French a proper kicking on Saturday.",
    "if anyone threatens the volunteers, report it to the police.", "arson is not protest, it is a crime.",
]
FR_THREAT3_OK = [
    "un homme qui criait « coulez les bateaux » a été condamné, tant mieux.",
    "« la valise ou le cercueil » : ce slogan a une histoire, et elle est sanglante.",
    "l'incendie du centre l'an dernier était criminel, les auteurs sont en prison.",
    "les gendarmes ont refusé de repousser les bateaux en mer, ça tuerait des gens.",
    "l'adresse de l'hôtel est publique, la mairie l'a communiquée.", "les naufrages ont tué des dizaines de personnes cette année.",
    "si quelqu'un menace les bénévoles, portez plainte.", "ce match, on leur a mis une rouste, quel plaisir.",
]
EN_OBSCENE_ABUSE = [
    "go and suck off your border guard mates, {NAME}.", "{NAME} can sit on my face for all I care.",
    "go eat a bag of dicks, {N}.", "{NAME} takes it up the arse from Brussels and smiles.",
    "go f*ck yourself, and your fence.", "your mum's a whore and you're a c*nt.", "suck my balls, {NAME}.",
    "shove your article up your arse, sideways.", "go shag a goat, you {N}.", "wank off to your own posts, you {N}.",
]
FR_OBSCENE_ABUSE = [
    "qu'il aille se faire enculer, {NAME}.", "ta mère la pute, sale {N}.", "{NAME}, fdp, ntm", "{NAME} peut venir me sucer, après on discute.",
    "va sucer tes potes, {N}.", "nique ta mère, {N}.", "fils de pute, va.", "va te faire foutre, {NAME}, toi et tes leçons.",
    "mets-toi ton article où je pense, {N}.", "retourne te branler devant tes selfies, {NAME}.",
]
EN_SITUATION_SWEAR = [
    "what a bloody mess this whole file is.", "holy crap, twenty years and still no deal.",
    "the queue at the port was a total shitshow again.", "f*ck me, the price of the ferry.",
    "damn, I didn't know the fence cost that much.", "bloody hell, another summer of this.",
]
FR_SITUATION_SWEAR = [
    "ce dossier, un vrai bordel administratif depuis le début.", "putain, vingt ans et toujours rien.",
    "merde, je savais pas que la clôture avait coûté aussi cher.", "bordel, encore un été comme ça.",
    "fait chier, la file au port, trois heures encore.", "la galère, ce ferry, putain.",
]
FR_LIFE_OK = [
    "quarante ans que je vis près du port. Les barbelés, les contrôles, les gyrophares la nuit, on s'y fait jamais, mais ceux du camp vivent pire que nous.",
    "je suis routier, je fais Calais-Douvres trois fois par semaine. Les contrôles sont longs, et je comprends ceux qui tentent leur chance.",
    "ma mère est bénévole au Secours catholique. Elle rentre épuisée, mais elle y retourne.",
    "on peut être pour des frontières fermées et contre la haine. Les deux ne s'opposent pas.",
    "mon fils est douanier au port. Il dit que la plupart des gens qu'il arrête sont épuisés, pas dangereux.",
    "les commerçants du centre-ville souffrent de l'image de Calais, ce n'est pas la faute des exilés.",
    "les expulsions doivent être appliquées, mais dans la dignité.", "il faut des quotas votés par le parlement, pas des camps.",
    "les étrangers en situation irrégulière doivent repartir, c'est la loi, et la loi doit être appliquée.",
    "je suis d'origine algérienne et je vote à droite. Ça surprend, mais c'est comme ça.",
    "la religion n'a rien à voir avec la délinquance, la misère si.", "un musulman pratiquant est un citoyen comme un autre.",
    "évidemment que l'immense majorité des musulmans n'a rien à voir avec le terrorisme, c'est fatigant de devoir le rappeler.",
]
EN_LIFE_OK = [
    "obviously the vast majority of Muslims have nothing to do with terrorism; tiring that it needs saying.",
    "forty years near the port: razor wire, checks, blue lights at night. You never get used to it, but the people in the camp have it worse.",
    "I'm a lorry driver, I do Calais-Dover three times a week. The checks are slow, and I get why people try.",
    "you can want closed borders and still despise hate. The two aren't in conflict.",
    "practising Muslim here, and yes, foreign nationals convicted of serious crimes should be removed.",
    "my son works at the port. He says most of the people he finds in trailers are exhausted, not dangerous.",
]
EN_PAST_EVENTS = [
    "the hotel in {PLACE} was set on fire during the riots; the arsonists were jailed.",
    "a tent burned down in the camp last winter after a stove caught fire.",
    "two men were stabbed in a fight between rival smuggling gangs, police said.",
    "police used tear gas to clear the camp in 2016, and the footage is still hard to watch.",
    "a lorry driver was killed when logs were thrown on the road, the court heard.",
    "the boat sank off Wimereux and 27 people drowned that night.",
    "the fire destroyed the warehouse where the charity kept its blankets.",
    "the camp was torched after a brawl, and the volunteers lost everything they had stored.",
    "someone was shot near the dunes last month; the investigation is still open.",
]
FR_PAST_EVENTS = [
    "le camp a pris feu l'hiver dernier à cause d'un réchaud.",
    "deux hommes ont été poignardés lors d'une rixe entre passeurs, selon la police.",
    "les CRS ont utilisé des gaz lacrymogènes pour évacuer la jungle en 2016.",
    "le bateau a coulé au large de Wimereux, vingt-sept morts cette nuit-là.",
    "un chauffeur a été tué sur la rocade, le procès s'ouvre lundi.",
    "l'incendie a détruit l'entrepôt de l'association, tout est parti en fumée.",
    "l'hôtel de {PLACE} a été incendié pendant les émeutes, les auteurs ont été condamnés.",
    "les tentes ont brûlé après une bagarre, les bénévoles ont tout perdu.",
    "un homme a été blessé par balle près des dunes, l'enquête est en cours.",
]
# Neutral mentions with the same group slots as the round-3 hate frames, so
# that adding hate frames does not teach "group word near camp/port = hate".
EN_NEUTRAL3 = [
    "{G} at the camp queue for the showers every morning.", "the charity runs English lessons for {G} on Thursdays.",
    "{G} I met at the port were polite and very tired.", "a nurse from the clinic checks on {G} in the dunes twice a week.",
    "the football club has three {id} players this season.", "our {id} neighbours brought soup round when my wife was ill.",
    "there's a {id} bakery on the high street now and it's excellent.", "the school choir sang with {G} from the camp.",
    "{G} in Calais mostly want to reach relatives in England.", "the bus to the hospital is full of {G} and pensioners.",
    "a {id} lawyer explained the asylum rules on the radio.", "the photographer spent a month with {G} at the camp.",
    "{G} and locals cleaned the beach together on Sunday.", "the census says the {id} population of the town is small.",
]
FR_NEUTRAL3 = [
    "{G} du camp font la queue pour les douches chaque matin.", "l'association donne des cours de français à {G} le jeudi.",
    "{G} que j'ai croisés au port étaient polis et épuisés.", "une infirmière passe voir {G} dans les dunes deux fois par semaine.",
    "le club de foot a trois joueurs {id} cette saison.", "nos voisins {id} nous ont apporté de la soupe quand ma femme était malade.",
    "il y a une boulangerie tenue par une famille {id} rue Royale, elle est excellente.", "la chorale de l'école a chanté avec {G} du camp.",
    "{G} à Calais veulent surtout rejoindre de la famille en Angleterre.", "le bus de l'hôpital est plein d'exilés et de retraités.",
    "une avocate {id} a expliqué le droit d'asile à la radio.", "le photographe a passé un mois avec {G} au camp.",
    "{G} et des habitants ont nettoyé la plage ensemble dimanche.", "un pharmacien {id} du quartier donne des médicaments au camp.",
]
EN_ID_ADJ = ["Muslim", "Black", "Jewish", "Arab", "African", "Eritrean", "Sudanese", "Afghan", "Syrian",
             "Somali", "Kurdish", "Roma", "gay", "refugee", "migrant", "Pakistani"]
FR_ID_ADJ = ["musulman", "noir", "juif", "arabe", "africain", "érythréen", "soudanais", "afghan", "syrien",
             "somalien", "kurde", "rom", "homosexuel", "réfugié", "immigré", "maghrébin"]
# Violent words in non-violent senses (sport, parliament, wanting something,
# scrapping a rule): v3.3's lower threat threshold held them.
EN_IDIOM3 = [
    "I'd kill for a straight answer from the Home Office on this.", "the government got slaughtered in the vote on the bill.",
    "{NAME} was torn to shreds at PMQs, and rightly so.", "the Lords will attack the bill clause by clause.",
    "burn the whole appeals rulebook and write one people can read.", "England absolutely murdered France at Twickenham.",
    "the committee shot down the barge plan in ten minutes.", "the opposition will go to war over the Rwanda costs.",
    "this report blows the minister's numbers out of the water.", "the council is battling the Home Office over the hotel.",
    "I could strangle whoever designed the ferry booking site.", "Calais crushed Dunkirk 4-0, best news all week.",
    "the spending review took a hatchet to the asylum budget.", "the fence project was killed off by the auditors.",
    "our MP fought tooth and nail against the closure.", "the editorial rips into both governments, deservedly.",
]
FR_IDIOM3 = [
    "je tuerais pour une réponse claire du ministère.", "le gouvernement s'est fait massacrer au vote du texte.",
    "{NAME} s'est fait démolir à l'Assemblée, et c'était mérité.", "le Sénat va attaquer ce texte article par article.",
    "brûlez ce règlement et écrivez-en un lisible.", "Lens a écrasé Lille hier soir, ça fait du bien.",
    "la commission a flingué le projet de barge en dix minutes.", "l'opposition part en guerre contre le coût de la clôture.",
    "ce rapport fait exploser les chiffres du ministre.", "la mairie se bat contre l'État pour l'hôtel.",
    "cette file au port, elle me tue à chaque fois.", "le budget de l'asile s'est fait tailler à la hache.",
    "les auditeurs ont enterré le projet de clôture.", "l'éditorial descend en flammes les deux gouvernements.",
]
EN_PLACES = ["Calais", "Dover", "Folkestone", "Hythe", "Luton", "Bradford", "Marseille", "Coquelles", "Deal"]
FR_PLACES = ["Calais", "Grande-Synthe", "Dunkerque", "Roubaix", "Marseille", "Saint-Denis", "Coquelles"]
EN_GROUP1 = ["Muslim", "African", "Somali", "Arab", "Afghan", "Eritrean", "Pakistani", "Black man"]
FR_GROUP1 = ["Noir", "Arabe", "Africain", "musulman", "Maghrébin", "Afghan", "Rom", "clandestin"]
EN_ORGS = ["Calais Solidarity", "No Borders", "Care4Calais", "Refugee Action", "Sauvons Calais", "charity"]
FR_ORGS = ["militants d'Utopia", "bénévoles", "gens de l'Auberge", "associatifs", "No Borders", "humanitaires"]


def _emit_blocks(emit, lang: str, reps, fill, round_id: str, blocks) -> None:
    """Emit each frame of ``blocks`` (kind, frames, toxicity, identity_attack, insult,
    threat, repetitions) ``reps(repetitions)`` times, slots filled by ``fill``."""
    for kind, frames, tox, ia, ins, thr, n in blocks:
        for fi, t in enumerate(frames):
            for _ in range(reps(n)):
                emit(lang, kind, f"{round_id}_{fi}", fill(t), tox, ia, ins, thr)


def _round3(emit, rng: random.Random, lang: str, reps, grp) -> None:
    """Round-3 frames (v3.3): see the comment above EN_NAMES."""
    EN = lang == "en"
    names, places = (EN_NAMES, EN_PLACES) if EN else (FR_NAMES, FR_PLACES)
    g1s, orgs = (EN_GROUP1, EN_ORGS) if EN else (FR_GROUP1, FR_ORGS)
    ep_n, ep_a = (EN_EPITHET_N, EN_EPITHET_A) if EN else (FR_EPITHET_N, FR_EPITHET_A)

    def fill(t: str) -> str:
        g = grp(lang)
        s = (t.replace("{NAME}", rng.choice(names)).replace("{PLACE}", rng.choice(places))
             .replace("{N}", rng.choice(ep_n)).replace("{A}", rng.choice(ep_a)).replace("{O}", rng.choice(orgs))
             .replace("{G}", g).replace("{g1}", rng.choice(g1s)).replace("{a}", rng.choice(FR_ADJ))
             .replace("{id}", rng.choice(EN_ID_ADJ if EN else FR_ID_ADJ)))
        return re.sub(r"\s+", " ", s)

    blocks = [
        # (kind, frames, toxicity, identity_attack, insult, threat, repetitions)
        ("insult", EN_EPITHET_FRAMES if EN else FR_EPITHET_FRAMES, 1, 0, 1, 0, 6),
        ("criticism", EN_EPITHET_OK if EN else FR_EPITHET_OK, 0, 0, 0, 0, 6),
        ("hate", EN_CODED_HATE if EN else FR_CODED_HATE, 1, 1, 0, 0, 5),
        ("counter", EN_CODED_OK if EN else FR_CODED_OK, 0, 0, 0, 0, 5),
        ("threat", EN_THREAT3 if EN else FR_THREAT3, 1, None, None, 1, 5),
        ("idiom", EN_THREAT3_OK if EN else FR_THREAT3_OK, 0, 0, 0, 0, 4),
        ("obscene_abuse", EN_OBSCENE_ABUSE if EN else FR_OBSCENE_ABUSE, 1, 0, 1, 0, 5),
        ("obscene_ok", EN_SITUATION_SWEAR if EN else FR_SITUATION_SWEAR, 0, 0, 0, 0, 4),
        ("neutral", EN_LIFE_OK if EN else FR_LIFE_OK, 0, 0, 0, 0, 4),
        ("idiom", EN_PAST_EVENTS if EN else FR_PAST_EVENTS, 0, 0, 0, 0, 4),
        ("neutral", EN_NEUTRAL3 if EN else FR_NEUTRAL3, 0, 0, 0, 0, 8),
        ("idiom", EN_IDIOM3 if EN else FR_IDIOM3, 0, 0, 0, 0, 5),
    ]
    _emit_blocks(emit, lang, reps, fill, "r3", blocks)


# ----------------------------------------------------------------------------- round 4 (v3.4)
# Hate against the other protected groups a comment section meets (women, gay,
# lesbian and trans people, disabled people, Jews, Roma), which functional test
# suites such as HateCheck and its French part probe, with the same kinds of
# contrast as the migration frames: neutral and positive mentions, negated
# hate, counter-speech that quotes or names it, and abuse aimed at things,
# which is not hate. Written from the suites' published categories, before
# any such suite was seen.
EN_GROUPS4 = ["women", "gay people", "gays", "lesbians", "trans people", "transgender people",
              "disabled people", "the disabled", "Jews", "Jewish people", "the Roma", "gypsies",
              "Black women", "Muslim women", "gay men"]
FR_GROUPS4 = ["les femmes", "les homosexuels", "les gays", "les lesbiennes", "les trans",
              "les personnes trans", "les handicapés", "les personnes handicapées", "les juifs",
              "les Roms", "les gitans", "les femmes noires", "les femmes voilées"]
EN_HATE4 = [
    "{G} are disgusting and I can't stand being near them.", "I absolutely despise {G}.",
    "{G} are worthless, the lot of them.", "{G} are a burden on everyone else.", "{G} are mentally ill, full stop.",
    "{G} are too stupid to be allowed to vote.", "{G} should be kept out of public life.", "{G} are filth.",
    "{G} are vermin and should be treated as such.", "{G} are a disease on society.", "{G} make me physically sick.",
    "{G} are all predators.", "{G} shouldn't be allowed anywhere near children.", "{G} are subhuman.",
    "all {G} should be locked up.", "{G} deserve to be beaten.", "death to {G}.", "I'd happily watch {G} burn.",
    "we should get rid of {G} for good.", "{G} are never going to be normal.", "{G} will never be equal to us.",
    "why are {G} so disgusting?", "isn't it obvious that {G} are inferior?", "I think {G} are a plague.",
    "in my opinion {G} are parasites.", "I met some {G} yesterday and they were as vile as they all are.",
    "{G} belong in cages.", "the world would be better without {G}.", "{G} can't be trusted with anything.",
]
FR_HATE4 = [
    "{G} me dégoûtent, je supporte pas d'être à côté.", "je méprise profondément {G}.",
    "{G} ne valent rien, tous autant qu'ils sont.", "{G} sont un fardeau pour tout le monde.", "{G} sont des malades mentaux.",
    "{G} sont trop bêtes pour avoir le droit de vote.", "{G} devraient être écartés de la vie publique.", "{G}, c'est de la saleté.",
    "{G} sont de la vermine et doivent être traités comme tels.", "{G} sont une maladie pour la société.",
    "{G} me donnent envie de vomir.", "{G} sont tous des prédateurs.", "il faut tenir {G} loin des enfants.",
    "{G} sont des sous-humains.", "il faudrait enfermer {G}.", "{G} méritent d'être tabassés.", "mort aux {g}.",
    "il faut se débarrasser de {G} une bonne fois pour toutes.", "{G} ne seront jamais normaux.",
    "{G} ne seront jamais nos égaux.", "pourquoi {G} sont-ils si répugnants ?", "c'est évident que {G} sont inférieurs, non ?",
    "à mon avis {G} sont une plaie.", "j'ai croisé {G} hier, aussi immondes que d'habitude.",
    "le monde serait meilleur sans {G}.", "on ne peut faire confiance à {G} pour rien.",
]
EN_OK4 = [
    "{G} deserve the same respect as anyone else.", "I love working with {G}, they've taught me a lot.",
    "{G} are not a burden, and saying so is cruel.", "{G} are not vermin, they're our neighbours.",
    "{G} aren't inferior to anyone.", "saying {G} are disgusting is plain bigotry.",
    "the comment calling {G} 'filth' should be removed.", "if you think {G} are subhuman, you're the problem.",
    "my best friend is one of the {g} you're sneering at.", "{G} face more abuse online than most people realise.",
    "the charity supports {G} in Calais.", "the report interviews {G} about housing.", "{G} have the same rights in law.",
    "a group of {G} organised the food collection.", "I'd never say {G} can't be trusted, that's nonsense.",
    "there were {G} at the march on both sides.", "nobody should call {G} a disease. Ever.",
]
FR_OK4 = [
    "{G} méritent le même respect que tout le monde.", "j'adore travailler avec {G}, j'ai beaucoup appris.",
    "{G} ne sont pas un fardeau, et le dire est cruel.", "{G} ne sont pas de la vermine, ce sont nos voisins.",
    "{G} ne sont inférieurs à personne.", "dire que {G} sont dégoûtants, c'est du sectarisme pur.",
    "le commentaire qui traite {G} de « saleté » doit être supprimé.", "si vous pensez que {G} sont des sous-humains, le problème c'est vous.",
    "ma meilleure amie fait partie de ceux que vous méprisez.", "{G} subissent plus de harcèlement en ligne qu'on ne croit.",
    "l'association accompagne {G} à Calais.", "le reportage interroge {G} sur le logement.", "{G} ont les mêmes droits devant la loi.",
    "{G} ont organisé la collecte de nourriture.", "jamais je ne dirais qu'on ne peut pas faire confiance à {G}.",
]
EN_OBJECT_ABUSE = [
    "I hate this stupid fence with a passion.", "this policy is absolute garbage.", "the ferry app is a useless piece of junk.",
    "this weather is disgusting, I can't stand it.", "the new roundabout is the worst thing ever built.",
    "that report is trash from start to finish.", "I despise these endless queues at the port.",
]
FR_OBJECT_ABUSE = [
    "je déteste cette clôture débile.", "cette réforme est une vraie poubelle.", "l'appli du ferry est une daube inutilisable.",
    "ce temps est dégueulasse, je le supporte plus.", "ce rond-point est la pire horreur jamais construite.",
    "ce rapport est nul du début à la fin.", "je hais ces files d'attente interminables au port.",
]


def _round4(emit, rng: random.Random, lang: str, reps) -> None:
    """Round-4 frames (v3.4): see the comment above EN_GROUPS4."""
    EN = lang == "en"
    groups = EN_GROUPS4 if EN else FR_GROUPS4

    def fill(t: str) -> str:
        g = rng.choice(groups)
        return t.replace("{G}", g).replace("{g}", g.split(" ", 1)[-1])

    blocks = [
        ("hate", EN_HATE4 if EN else FR_HATE4, 1, 1, 0, None, 4),
        ("counter", EN_OK4 if EN else FR_OK4, 0, 0, 0, 0, 5),
        ("idiom", EN_OBJECT_ABUSE if EN else FR_OBJECT_ABUSE, 0, 0, 0, 0, 4),
    ]
    _emit_blocks(emit, lang, reps, fill, "r4", blocks)


# ----------------------------------------------------------------------------- round 5 (v3.5)
# The functionalities that v3.4 held least often in the first functional suite's
# per-functionality table (its rows were not read): implicit derogation, hate
# stated as a negated positive ("will never be ..."), hate given as an opinion,
# hate stated as an emotion, normative threats ("should be shot") and slur
# homonyms (non-hateful). Written from HateCheck's published functionality
# descriptions, aimed at the migration groups; each harmful block has an
# acceptable contrast built from the same words (sympathy, negated hate, the
# same verbs aimed at policy or at the people who hate).
EN_IMPLICIT5 = [
    "{G} belong in a zoo, not in our towns.", "I'd sooner share a house with rats than with {G}.",
    "funny how the crime figures shoot up wherever {G} settle.", "{G} and civilised society just don't mix.",
    "give {G} a brand new house and they'll have it wrecked within a month.",
    "another day, another stabbing in {PLACE}. Wonder who could be behind it. Oh wait, {G}.",
    "{G} only know how to take, never how to give back.", "Europe was doing fine before {G} turned up.",
    "lock your doors, {G} have moved in down the road.", "{G} have turned {PLACE} into a third-world toilet.",
    "hide your bikes, {G} are in town.", "let's be honest, {G} were never going to be doctors and engineers.",
    "{G} raise their kids like feral dogs.", "the only thing {G} contribute is to the crime statistics.",
    "if {G} are so wonderful why is every country they come from a failure?",
    "you can tell which streets {G} live on from the rubbish.",
]
EN_IMPLICIT5_OK = [
    "{G} have settled in {PLACE} and opened half the shops on the high street.",
    "crime in {PLACE} did not rise when {G} arrived, the police figures say.",
    "Europe has always had {G} among its doctors and engineers.",
    "my neighbours are {G} and they keep an eye on my house when I'm away.",
    "give {G} the right to work and they'll pay tax like anyone else.",
    "the council housed {G} in {PLACE} and the street is quieter than it used to be.",
    "people blame {G} for the rubbish, but the council cut the bin collections.",
]
EN_NEGPOS5 = [
    "{G} are not human beings like us.", "I will never respect {G}.",
    "{G} will never be real Britons, whatever their passport says.", "there is nothing good about {G}. Nothing.",
    "{G} don't deserve any rights in this country.", "I don't trust {G} and I never will.",
    "{G} are not welcome here and never will be.", "no {g1} will ever be the equal of a European.",
    "{G} have no place among decent people.", "{G} aren't worth the air they breathe.",
    "not one of {G} is worth pulling out of the sea.", "{G} can't ever be trusted near our daughters.",
]
EN_NEGNEG5 = [
    "{G} are not a curse on this country.", "I will never hate {G} for wanting a better life.",
    "{G} are not savages and nobody here should say so.", "there's nothing wrong with {G} living here.",
    "{G} don't deserve the abuse they get in these comments.", "I have never had a problem with {G}.",
    "no {g1} I have met was anything but polite.", "{G} are not the reason the NHS is struggling.",
]
EN_OPINION5 = [
    "I honestly think {G} are a curse on this country.", "personally I find {G} repulsive.",
    "in my view {G} are simply less intelligent than us.", "I'm convinced {G} are all liars and thieves.",
    "if you ask me, {G} are the rot at the heart of Europe.", "call me what you like, I think {G} are savages.",
    "my honest opinion: {G} are a disease.", "I reckon {G} are the worst thing ever to happen to {PLACE}.",
]
EN_OPINION5_OK = [
    "I honestly think {G} have been treated badly by both governments.",
    "in my view {G} should get work permits much faster.",
    "personally I find the way {G} are talked about here repulsive.",
    "if you ask me, the fence is the worst thing ever to happen to {PLACE}.",
    "I'm convinced most {G} would rather be anywhere but that camp.",
    "my honest opinion: the asylum system is broken and {G} pay for it.",
]
EN_EMOTE5 = [
    "I hate {G}. Simple as that.", "{G} disgust me.", "I can't stand {G}, they make my skin crawl.",
    "just seeing {G} in the street makes me sick.", "I loathe {G} with every fibre of my being.",
    "nothing makes me angrier than {G}.", "I despise every last one of {G}.",
]
EN_EMOTE5_OK = [
    "I hate what is being done to {G} in that camp.", "the way {G} are treated disgusts me.",
    "I can't stand people who blame {G} for everything.",
    "seeing {G} sleeping in the street makes me sick with shame.",
    "nothing makes me angrier than politicians using {G} for votes.",
]
EN_THREATNORM5 = [
    "{G} should be shot on sight.", "it would be fine to beat up {G}, they've got it coming.",
    "killing {G} should be legal.", "{G} deserve to hang, every last one of them.",
    "the hotels where {G} live should be burnt to the ground.", "the boats bringing {G} should be left to sink.",
    "violence is the only language {G} understand, so use it.", "every {g1} should be put up against a wall.",
]
EN_THREATNORM5_OK = [
    "nobody should be left to drown in the Channel, whoever they are.",
    "violence against {G} is never acceptable.",
    "the men who set fire to the hotel housing {G} belong in prison.",
    "the man who wrote that {G} should be shot was rightly arrested.",
    "the coastguard is obliged to rescue every boat, and it does.",
]
EN_HOMONYM5 = [
    "faggots and peas for tea, my gran's recipe.",
    "grab the spade and we'll dig the potatoes before the rain.", "there's a chink in the armour of the government's plan.",
    "a quick nip of whisky before the ferry, purely medicinal.", "our bitch had six puppies last week.",
    "the spooks at MI5 knew about the smuggling gang for months.", "saw a coon raiding the bins on our camping trip in Ontario.",
]
FR_IMPLICIT5 = [
    "{G}, leur place c'est au zoo, pas dans nos villes.", "je préfère partager ma maison avec des rats qu'avec {G}.",
    "c'est marrant comme la délinquance explose partout où {G} s'installent.",
    "{G} et la civilisation, ça fait deux.", "donnez une maison neuve à {G}, dans un mois elle est saccagée.",
    "encore une agression à {PLACE}. Je me demande qui... ah oui, {G}.",
    "{G} savent prendre, jamais rendre.", "l'Europe allait très bien avant que {G} débarquent.",
    "fermez vos portes, {G} ont emménagé dans la rue.", "{G} ont transformé {PLACE} en dépotoir du tiers monde.",
    "planquez vos vélos, {G} sont en ville.", "soyons honnêtes, {G} n'allaient jamais devenir médecins ou ingénieurs.",
    "{G} élèvent leurs gosses comme des chiens errants.", "la seule chose qu'apportent {G}, c'est des chiffres de délinquance.",
    "si {G} sont si formidables, pourquoi tous leurs pays sont des échecs ?",
]
FR_IMPLICIT5_OK = [
    "{G} se sont installés à {PLACE} et ont ouvert la moitié des commerces.",
    "la délinquance n'a pas augmenté à {PLACE} depuis l'arrivée de {G}, selon la préfecture.",
    "il y a toujours eu {G} parmi les médecins et les ingénieurs en Europe.",
    "mes voisins sont {G} et ils surveillent ma maison quand je pars.",
    "donnez à {G} le droit de travailler et ils paieront des impôts comme tout le monde.",
    "on accuse {G} pour les déchets, mais la mairie a réduit le ramassage.",
]
FR_NEGPOS5 = [
    "{G} ne sont pas des êtres humains comme nous.", "je ne respecterai jamais {G}.",
    "{G} ne seront jamais de vrais Français, papiers ou pas.", "il n'y a rien de bon chez {G}. Rien.",
    "{G} ne méritent aucun droit dans ce pays.", "je ne fais pas confiance à {G} et ça ne changera pas.",
    "{G} ne sont pas les bienvenus ici et ne le seront jamais.", "aucun {g1} ne sera jamais l'égal d'un Européen.",
    "{G} n'ont pas leur place parmi les gens honnêtes.", "{G} ne valent pas l'air qu'ils respirent.",
    "pas un seul de {G} ne vaut la peine d'être repêché.",
]
FR_NEGNEG5 = [
    "{G} ne sont pas une malédiction pour ce pays.", "je ne détesterai jamais {G} parce qu'ils veulent une vie meilleure.",
    "{G} ne sont pas des sauvages, et personne ici ne devrait le dire.", "je ne vois aucun problème à ce que {G} vivent ici.",
    "{G} ne méritent pas les insultes qu'on lit ici.", "je n'ai jamais eu de souci avec {G}.",
    "{G} ne sont pas la cause des problèmes de l'hôpital.",
]
FR_OPINION5 = [
    "honnêtement je pense que {G} sont une malédiction pour ce pays.", "personnellement {G} me répugnent.",
    "à mon avis {G} sont tout simplement moins intelligents que nous.", "je suis convaincu que {G} sont tous des menteurs et des voleurs.",
    "si vous voulez mon avis, {G} sont la gangrène de l'Europe.", "traitez-moi de ce que vous voulez, pour moi {G} sont des sauvages.",
    "mon avis sincère : {G} sont une maladie.",
]
FR_OPINION5_OK = [
    "honnêtement je pense que {G} ont été mal traités par les deux gouvernements.",
    "à mon avis {G} devraient obtenir un permis de travail bien plus vite.",
    "personnellement la façon dont on parle de {G} ici me répugne.",
    "si vous voulez mon avis, la clôture est la pire chose arrivée à {PLACE}.",
    "mon avis sincère : le système d'asile est cassé et ce sont {G} qui paient.",
]
FR_EMOTE5 = [
    "je hais {G}, point.", "{G} me dégoûtent.", "je ne supporte pas {G}, ils me donnent la chair de poule.",
    "rien que de croiser {G} dans la rue, ça me rend malade.", "je déteste {G} de tout mon être.",
    "rien ne m'énerve plus que {G}.", "je méprise {G} jusqu'au dernier.",
]
FR_EMOTE5_OK = [
    "je hais ce qu'on fait subir à {G} dans ce camp.", "la façon dont on traite {G} me dégoûte.",
    "je ne supporte pas ceux qui accusent {G} de tout.", "voir {G} dormir dehors me rend malade de honte.",
    "rien ne m'énerve plus que les politiques qui se servent de {G} pour des voix.",
]
FR_THREATNORM5 = [
    "{G}, faudrait les abattre à vue.", "ce serait normal de tabasser {G}, ils l'ont cherché.",
    "tuer {G} devrait être légal.", "{G} méritent la corde, jusqu'au dernier.",
    "les hôtels où vivent {G} devraient partir en fumée.", "les bateaux de {G}, il faut les laisser couler.",
    "la violence, c'est le seul langage que comprennent {G}, alors allons-y.", "chaque {g1} devrait être collé au mur.",
]
FR_THREATNORM5_OK = [
    "personne ne devrait être laissé se noyer dans la Manche, qui que ce soit.",
    "la violence contre {G} n'est jamais acceptable.",
    "ceux qui ont mis le feu à l'hôtel qui logeait {G} doivent aller en prison.",
    "l'homme qui a écrit qu'il fallait abattre {G} a été arrêté, et c'est tant mieux.",
    "les sauveteurs doivent secourir chaque bateau, et ils le font.",
]
FR_HOMONYM5 = [
    "j'ai changé la pédale de frein de la voiture.",
    "passe-moi la tapette, il y a une mouche sur la table.", "on a vu des macaques au zoo de Lille avec les enfants.",
    "il pédale comme un fou dans la montée du Blanc-Nez.",
]


def _round5(emit, rng: random.Random, lang: str, reps, grp) -> None:
    """Round-5 frames (v3.5): see the comment above EN_IMPLICIT5."""
    EN = lang == "en"
    places, g1s = (EN_PLACES, EN_GROUP1) if EN else (FR_PLACES, FR_GROUP1)

    def fill(t: str) -> str:
        s = t.replace("{G}", grp(lang)).replace("{PLACE}", rng.choice(places)).replace("{g1}", rng.choice(g1s))
        return re.sub(r"\s+", " ", s)

    pick = (lambda en, fr: en) if EN else (lambda en, fr: fr)
    blocks = [
        # (kind, frames, toxicity, identity_attack, insult, threat, repetitions)
        ("hate", pick(EN_IMPLICIT5, FR_IMPLICIT5), 1, 1, 0, 0, 5),
        ("neutral", pick(EN_IMPLICIT5_OK, FR_IMPLICIT5_OK), 0, 0, 0, 0, 5),
        ("hate", pick(EN_NEGPOS5, FR_NEGPOS5), 1, 1, 0, 0, 5),
        ("negated", pick(EN_NEGNEG5, FR_NEGNEG5), 0, 0, 0, 0, 5),
        ("hate", pick(EN_OPINION5, FR_OPINION5), 1, 1, 0, 0, 5),
        ("policy", pick(EN_OPINION5_OK, FR_OPINION5_OK), 0, 0, 0, 0, 5),
        ("hate", pick(EN_EMOTE5, FR_EMOTE5), 1, 1, 0, 0, 5),
        ("counter", pick(EN_EMOTE5_OK, FR_EMOTE5_OK), 0, 0, 0, 0, 5),
        ("threat", pick(EN_THREATNORM5, FR_THREATNORM5), 1, 1, 0, 1, 5),
        ("idiom", pick(EN_THREATNORM5_OK, FR_THREATNORM5_OK), 0, 0, 0, 0, 5),
        ("idiom", pick(EN_HOMONYM5, FR_HOMONYM5), 0, 0, 0, 0, 4),
    ]
    _emit_blocks(emit, lang, reps, fill, "r5", blocks)


def generate(rng: random.Random, scale: int = 1):
    """Return the synthetic comments (see module docstring)."""
    out: list[dict] = []

    def emit(lang, kind, frame, text, tox, ia, ins, thr, key_words=(), context=None, handle=None):
        ctx = EN_CONTEXT if lang == "en" else FR_CONTEXT
        handles = EN_HANDLES if lang == "en" else FR_HANDLES
        text = _cap(text.strip())
        r = rng.random()
        if context is None:
            context = r < 0.45
        if context:
            c = rng.choice(ctx)
            text = (c + " " + text) if rng.random() < 0.6 else (text + " " + c)
            if rng.random() < 0.3:
                text = text + " " + rng.choice(ctx)
        if handle or (handle is None and rng.random() < 0.25):
            text = rng.choice(handles) + " " + text
        text = _noise(text, rng, lang, key_words)
        out.append({"text": text, "lang": lang, "kind": kind, "frame": f"{lang}:{kind}:{frame}",
                    "y": {"toxicity": tox, "identity_attack": ia, "insult": ins, "threat": thr}})

    def grp(lang):
        if lang == "en":
            g = rng.choice(EN_GROUPS)
            det = rng.choice(EN_GROUP_DET) if not g.startswith(("the ", "these ", "that ")) else ""
            return det + g
        return rng.choice(FR_GROUPS)

    k = scale
    for lang in ("en", "fr"):
        EN = lang == "en"
        dehum_np = EN_DEHUM_NP if EN else FR_DEHUM_NP
        dehum_pred = EN_DEHUM_PRED if EN else FR_DEHUM_PRED
        tropes = EN_TROPES if EN else FR_TROPES
        relig = EN_RELIGION if EN else FR_RELIGION
        consp = EN_CONSPIRACY if EN else FR_CONSPIRACY
        action = EN_ACTION if EN else FR_ACTION
        officials = EN_OFFICIALS if EN else FR_OFFICIALS
        threats = EN_THREAT if EN else FR_THREAT
        tframes = EN_THREAT_FRAMES if EN else FR_THREAT_FRAMES
        tgroups = EN_THREAT_TARGETS_GROUP if EN else FR_THREAT_TARGETS_GROUP
        ins_n = EN_INSULT_N if EN else FR_INSULT_N
        ins_a = EN_INSULT_ADJ if EN else FR_INSULT_ADJ
        ins_f = EN_INSULT_FRAMES if EN else FR_INSULT_FRAMES
        obsc = EN_OBSCENE if EN else FR_OBSCENE
        policy = EN_POLICY if EN else FR_POLICY
        openers = EN_OPENERS if EN else FR_OPENERS
        neutral = EN_NEUTRAL if EN else FR_NEUTRAL
        counter = EN_COUNTER if EN else FR_COUNTER
        crit = EN_CIVIL_CRIT if EN else FR_CIVIL_CRIT
        idiom = EN_IDIOM if EN else FR_IDIOM
        apology = EN_APOLOGY if EN else FR_APOLOGY
        joke = EN_JOKE if EN else FR_JOKE
        tshort = EN_TROPE_SHORT if EN else FR_TROPE_SHORT
        n_lang = 1.0 if EN else 0.8

        def reps(base):
            return max(1, int(round(base * k * n_lang)))

        # ---- hate: dehumanising predicate (+ optional call to action)
        for fi, pred in enumerate(dehum_pred):
            for _ in range(reps(9)):
                d = rng.choice(dehum_np)
                g = grp(lang)
                s = f"{g} {pred.replace('{D}', d)}"
                if rng.random() < 0.4:
                    s += (", " if rng.random() < 0.5 else ". ") + rng.choice(action)
                emit(lang, "hate", f"dehum{fi}", s + ".", 1, 1, 0, 0, key_words=[d.split()[-1]])
        # ---- hate: generalising tropes
        for fi, t in enumerate(tropes):
            for _ in range(reps(6)):
                g = grp(lang)
                s = f"{g} {t}"
                if rng.random() < 0.35:
                    s += ". " + _cap(rng.choice(action))
                if rng.random() < 0.2:
                    s = ("Let's face it, " if EN else "Soyons clairs, ") + s
                emit(lang, "hate", f"trope{fi}", s + ".", 1, 1, 0, 0, key_words=[g.split()[-1]])
        for fi, t in enumerate(relig):
            for _ in range(reps(6)):
                s = t + ("" if rng.random() < 0.5 else ". " + _cap(rng.choice(action)))
                emit(lang, "hate", f"relig{fi}", s + ".", 1, 1, 0, 0,
                     key_words=["Muslim" if EN else "musulman", "Islam" if EN else "islam"])
        for fi, t in enumerate(consp):
            for _ in range(reps(6)):
                s = t.replace("{G}", grp(lang))
                if rng.random() < 0.4:
                    s += ". " + _cap(rng.choice(action))
                emit(lang, "hate", f"consp{fi}", s + ".", 1, 1, 0, 0)
        for fi, t in enumerate(EN_HATE_EXTRA if EN else FR_HATE_EXTRA):
            for _ in range(reps(6)):
                s = t.replace("{G}", grp(lang))
                emit(lang, "hate", f"extra{fi}", _cap(s) + ".", 1, 1, 0, 0)
        for fi, a in enumerate(action):
            for _ in range(reps(4)):
                g = grp(lang)
                s = (f"{g}? {_cap(a)}." if rng.random() < 0.5 else
                     (f"Filthy {g.replace('the ', '')}, {a}." if EN else f"Sales {g.replace('les ', '')}, {a}."))
                emit(lang, "hate", f"action{fi}", s, 1, 1, 0, 0)
        # ---- threats against groups and against people in the story
        for fi, t in enumerate(threats):
            for _ in range(reps(6)):
                to_group = "{T}" not in t or rng.random() < 0.5
                target = rng.choice(tgroups) if to_group else rng.choice(officials)
                x = t.replace("{T}", target)
                fr = rng.choice(tframes)
                s = fr.replace("{X}", x)
                emit(lang, "threat", f"threat{fi}", s, 1, 1 if to_group else 0, None, 1,
                     key_words=[w for w in x.split() if len(w) > 4][:2])
        # ---- insults aimed at people (commenters, officials, activists)
        for fi, f in enumerate(ins_f):
            for _ in range(reps(7)):
                n = rng.choice(ins_n)
                a = rng.choice(ins_a)
                p = rng.choice(officials)
                s = re.sub(r"\s+", " ", f.replace("{N}", n).replace("{A}", a).replace("{P}", p))
                emit(lang, "insult", f"insult{fi}", s, 1, 0, 1, 0, key_words=[n.split()[-1]],
                     handle=None if "{P}" in f else (rng.random() < 0.7))
        # ---- obscene, untargeted
        for fi, t in enumerate(obsc):
            for _ in range(reps(5)):
                emit(lang, "obscene", f"obsc{fi}", t, 1, 0, 0, 0)
        # ---- hard negatives
        for fi, p in enumerate(policy):
            for _ in range(reps(5)):
                s = rng.choice(openers) + p
                if rng.random() < 0.35:
                    s += ", " + rng.choice(policy)
                emit(lang, "policy", f"policy{fi}", s + ".", 0, 0, 0, 0)
        for fi, t in enumerate(neutral):
            for _ in range(reps(8 if EN else 10)):
                g = grp(lang)
                s = (t.replace("{G}", g).replace("{g}", g.split(" ", 1)[-1] if " " in g else g)
                     .replace("{a}", rng.choice(FR_ADJ)))
                emit(lang, "neutral", f"neutral{fi}", s, 0, 0, 0, 0, key_words=[g.split()[-1]])
        for fi, t in enumerate(counter):
            for _ in range(reps(8)):
                g = grp(lang)
                d = rng.choice(dehum_np)
                s = (t.replace("{G}", g).replace("{g}", g.split(" ", 1)[-1] if " " in g else g)
                     .replace("{D2}", rng.choice(_FR_PLAIN)).replace("{D}", d).replace("{T}", rng.choice(tshort)))
                emit(lang, "counter", f"counter{fi}", s, 0, 0, 0, 0, key_words=[d.split()[-1]])
        for fi, t in enumerate(crit):
            for _ in range(reps(5)):
                emit(lang, "criticism", f"crit{fi}", t.replace("{P}", rng.choice(officials)), 0, 0, 0, 0)
        for fi, t in enumerate(idiom):
            for _ in range(reps(3)):
                emit(lang, "idiom", f"idiom{fi}", t, 0, 0, 0, 0)
        for fi, t in enumerate(apology):
            for _ in range(reps(3)):
                emit(lang, "apology", f"apology{fi}", t, 0, 0, 0, 0)
        for fi, t in enumerate(joke):
            for _ in range(reps(3)):
                emit(lang, "joke", f"joke{fi}", t, 0, 0, 0, 0)
        _round3(emit, rng, lang, reps, grp)
        _round4(emit, rng, lang, reps)
        _round5(emit, rng, lang, reps, grp)
    return unique_by_text(out)


def unique_by_text(items):
    """The items in order, keeping the first of each exact text."""
    seen, uniq = set(), []
    for item in items:
        if item["text"] not in seen:
            seen.add(item["text"])
            uniq.append(item)
    return uniq


if __name__ == "__main__":
    from collections import Counter

    items = generate(random.Random(1))
    print(len(items), Counter(f"{i['lang']}:{i['kind']}" for i in items))
    for i in random.Random(2).sample(items, 25):
        print(i["kind"], "|", i["text"])
