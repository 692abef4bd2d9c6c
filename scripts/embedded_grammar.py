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

Nothing here is taken from seeds/comments.jsonl (the dev set) or any held-out set.
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
