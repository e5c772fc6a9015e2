import type { Language } from '../i18n/i18n';

/**
 * Words that show which language a message is written in, accents folded ("är" → "ar").
 * Taken from how admins write and from the admin-center article in each language (seeds 000–003).
 * A word listed under several languages counts for each of them by a share.
 * Product and domain words used in every language (partner, ID, E3, Exchange…) are left out.
 */
const LANGUAGE_WORDS: Readonly<Record<Language, string>> = {
  en: `the a an to on of for from with and or our my we i you your me us it is are be can could would will
    do does did please pls plz thanks thank thx hi hello hey who whos what whats which how why when where there
    this that show list view see display add adding set put attach link register assign include remove delete
    drop unlink clear get rid take off change replace switch swap update modify edit different another want
    like need help talk speak human real someone somebody support agent helpdesk buying buy purchase
    purchasing checkout order time during while new current all every subscription subscriptions license
    licenses licences relationship relationships have has any no longer not dont cant about at in them their
    they working stop end reply answer respond english swedish french dutch commands weather many left
    reset password escalate connect person u be s t d ll m re ve reseller good morning afternoon evening options call anymore fix wrong transfer cancel lol company right now
    create called channel name`,
  sv: `och pa till for att jag vi var vara vart mitt mina min du ni kan vill har ar en ett det den inte nagon
    med fran tack hej hejsan visa lagg lagga lagger lag ta tar bort tabort andra andrar byt byta ersatt
    uppdatera radera avsluta vem vilken vilka vad hur hjalp prenumeration prenumerationer prenumerationen
    abonnemang abonnemanget abonnemangen partnern partnerna partnrar kop koper kopa koptillfallet kassan alla
    samtliga som finns mig lista langre svara skriv prata tala manniska riktig handlaggare supporten gora fungerar
    behover ska nya licenser kvar idag vader blir aterstall losenord okej skulle vilja gor post koppla ange
    ut mot god morgon kvall middag halla kolla ringa rensa bytt nya bli av nasta vecka ut mot svenska engelska franska nederlandska hollandska annan aterforsaljare aterforsaljaren nar sa
    ny nytt eskalera`,
  fr: `le la les de des du un une et a au aux sur pour nos notre mes mon vous nous je j l d qu est sont quel
    quels quelle quelles qui ajouter ajoute ajoutez supprimer supprime supprimez modifier changer remplacer
    remplace remplacez enleve retire mets
    retirer retirez enlever afficher montre montrer voir liste partenaire partenaires abonnement abonnements
    revendeur merci bonjour salut svp plait il te avec ne pas plus pouvez peux puis comment pourquoi achat
    achete acheter lors moment par en tous toutes aide besoin humain vraie personne parler quelqu contacter
    mettez moi contact passer fait temps reinitialiser mot passe accord combien licences reste faire ca marche
    registre version essai relation relations fin mettre jour ai veux voudrais souhaitons voulons allons
    indiquer pendant commande quand reponds repondre francais anglais neerlandais suedois autre nouveau ce
    associer avons y t bonsoir coucou tu fais quoi donner stp dissocier debarrasser terme appeler ici mdr
    voudrait voudrions comme dehors dedans nom affichage escalade`,
  nl: `de het een en van voor aan op onze ons mijn ik we wij u je kunt kun kan wil willen is zijn wie welke
    wat hoe toevoegen voeg toe verwijder verwijderen wijzig wijzigen vervang verander veranderen abonnement
    abonnementen reseller wederverkoper graag bedankt dank hallo hoi met niet geen meer bij aankoop alle door naar
    er dit staat hebben heb hulp nodig helpen doen werkt goedemorgen mens praten spreken iemand medewerker
    verbind doorverbinden echte persoon me weer wordt reset wachtwoord oke hoeveel licenties nog antwoord
    antwoorden engels zweeds nederlands frans toon tonen laat zien overzicht bekijk huidige proefversie koppel
    gaan kopen koop erbij tijdens afrekenen opgeven bestelling als haal af weghalen pas aanpassen wisselen
    andere relatie beeindig waarom aub alstublieft recordpartner resellerrelatie partnerrelaties goedenavond goedemiddag lijst geef zit wis zet overstappen instellen kiezen iets bestel volgende week dan hier wanneer komt
    nieuwe nieuw eruit erin escaleren`,
};

/** Each folded word → the languages it is evidence for. */
export const LANGUAGE_EVIDENCE: ReadonlyMap<string, readonly Language[]> = (() => {
  const map = new Map<string, Language[]>();
  for (const [lang, words] of Object.entries(LANGUAGE_WORDS) as [Language, string][]) {
    for (const w of words.split(/\s+/)) {
      if (!w) continue;
      const langs = map.get(w) ?? [];
      if (!langs.includes(lang)) langs.push(lang);
      map.set(w, langs);
    }
  }
  return map;
})();

/** Words that name no language: product names, IDs and the word "partner" itself. */
export const NEUTRAL_WORDS: ReadonlySet<string> = new Set(
  `partner partners mpn pla id microsoft office m365 o365 business premium exchange online teams essentials
   trial e3 e5 plan ok asdfgh`.split(/\s+/),
);

/** Accented letters typical of each language, in the lower-cased text before folding. */
export const LANGUAGE_LETTERS: ReadonlyArray<readonly [RegExp, Language, number]> = [
  [/[åäö]/g, 'sv', 1],
  [/[éèêàçùâîôûœ]/g, 'fr', 0.5],
  [/[ëï]|ij/g, 'nl', 0.5],
];

/**
 * Words the typo corrector may map misspellings to (the verbs and nouns that decide an intent).
 * Kept to the domain: correcting everyday words would change meaning.
 */
export const CORRECTABLE_WORDS: readonly string[] = `
  add remove delete change replace switch update modify show view help partner partners reseller resellers
  subscription subscriptions purchase checkout buying human helpdesk relationship relationships register
  lagga andra radera byta ersatt uppdatera visa lista aterforsaljare aterforsaljaren prenumeration
  prenumerationer abonnemang abonnemanget hjalp manniska supporten avsluta
  ajouter ajoutez supprimer supprimez modifier changer remplacer retirer enlever afficher partenaire
  partenaires revendeur abonnement abonnements achat acheter humain
  toevoegen verwijder verwijderen wijzig wijzigen vervang vervangen verander veranderen toon bekijk
  wederverkoper abonnementen aankoop aanschaf kopen helpen medewerker
  premium business exchange essentials teams trial`.split(/\s+/).filter(Boolean);

/** Every word the parser knows: never "corrected" as a typo, never taken for a company name. */
export const KNOWN_WORDS: ReadonlySet<string> = new Set([...LANGUAGE_EVIDENCE.keys(), ...NEUTRAL_WORDS, ...CORRECTABLE_WORDS]);

/**
 * Concepts an intent is decided from, matched on the folded, typo-corrected token string
 * (" word word … " with single spaces and a space at each end). Multilingual on purpose: the
 * words do not collide across en/sv/fr/nl in this domain, so one pass serves all four.
 */
const w = (body: string): RegExp => new RegExp(` (?:${body.replace(/\s*\n\s*/g, '')})(?= )`);

export const CONCEPTS = {
  reseller: w(`re ?sell\\w*|aterforsalj\\w*|revendeu\\w*|wederverko\\w*|distributor\\w*
    |sells|sold us|sell us|saljer|salde|vend|vendent|vendu|verkoopt|verkocht|verkoper`),
  partner: w(`partn\\w*|partenai\\w*|advis\\w*|radgivar\\w*|conseill\\w*|recordpartner\\w*|mpn|pla|por`),
  add: w(`add|adds|adding|(?<!(?:is|s|are|was|been|be) )set|assign|attach|link|register|put|include|associate|give(?! (?:me|us))|credit\\w*
    |lagg(?:a|er)?|lag till|koppla(?! mig| bort)|ange|ge(?! mig| oss)
    |(?<!(?:ete|est|sont|partenaires?) )(?:ajout\\w*|associ\\w*|rattach\\w*)|indiqu\\w*|(?<!(?:me|m|nous) )donn\\w*(?! moi| nous)
    |toevoeg\\w*|voeg|koppel|opgeven|erbij|hangen|geven`),
  remove: w(`remov\\w*|delet\\w*|drop|unlink\\w*|detach\\w*|unassign\\w*|disassociat\\w*|clear|cancel\\w*|get rid|take(?: \\w+){0,3} off|stop\\w*|end|ending|ended|terminat\\w*|cut ties
    |ta(?: \\w+){0,2} bort|tar(?: \\w+){0,2} bort|tabort|radera\\w*|avsluta\\w*|koppla bort|rensa|bli av med|sag\\w*(?: \\w+){0,2} upp|uppsag\\w*
    |supprim\\w*|retir\\w*|enlev\\w*|effac\\w*|dissoci\\w*|mettre fin|mettre un terme|debarrass\\w*|annul\\w*|resili\\w*|separ\\w*|arret\\w*|termin\\w*|pris fin
    |verwijder\\w*|weghal\\w*|haal(?: \\w+){0,6} (?:af|weg)|wis|wissen|ontkoppel\\w*|beeindig\\w*|opzeg\\w*|van(?: \\w+){1,3} af
    |has to go|have to go|must go|needs to go|ska bort|mast bort|ska ut|mast ut|doit partir|doivent partir|vire|virer|virez|moet(?: \\w+){0,2} (?:weg|eruit)|eruit|gooi\\w*`),
  /** "no longer want a partner" without a verb to remove it. */
  notWanted: w(`no longer|don t want|dont want|do not want|want out|done with|fed up|vill inte|klara med|ne (?:veu\\w*|voul\\w*|souhait\\w*) plus|plus besoin|geen(?: \\w+)? meer|klaar mee|klaar met`),
  change: w(`chang\\w*|replac\\w*|switch\\w*|swap\\w*|updat\\w*|modif\\w*|edit\\w*|transfer\\w*|move to|fix
    |andra|andrar|andring|byt\\w*|ersatt\\w*|uppdater\\w*|flytta till
    |remplac\\w*|mettre a jour|mets a jour|passer (?:a|au|chez)|corrig\\w*
    |wijzig\\w*|verander\\w*|vervang\\w*|pas(?: \\w+){1,6} aan|aanpass\\w*|wissel\\w*|overstap\\w*|overzett\\w*`),
  /** A successor named ("new partner is …", "Litware takes over", "instead of Fabrikam"): a change. */
  successor: w(`new (?:partn\\w*|advis\\w*)(?: (?:for|on|of) \\w+)? (?:is|will|should|would|shall|becomes|=)|takes? over|taking over|instead of|in place of
    |nya? (?:partner\\w*|radgivar\\w*)(?: (?:for|pa|till) \\w+)? (?:ar|blir|ska|skall)|tar over|istallet for|i stallet for
    |nouve\\w* (?:partenai\\w*|conseill\\w*)(?: (?:pour|sur|de|du) \\w+)? (?:est|sera|c est)|reprend\\w*|a la place|au lieu
    |nieuwe (?:partner\\w*|adviseur\\w*)(?: (?:voor|op|van) \\w+)? (?:is|wordt|zal|moet)|neemt(?: \\w+){0,3} over|overnem\\w*|in plaats van`),
  /** "a different partner": a change when nothing is being added. */
  other: w(`different|another|other|annan|nagon annan|autre|ander|andere`),
  view: w(`show\\w*|list\\w*|view\\w*|see|display|who|whos|which|what|whats|current|check|is there|are there|do we have
    |visa|vem|vilk\\w*|vad|finns|har vi|nuvarande|kolla
    |voir|affich\\w*|montr\\w*|quel\\w*|qui|avons|y a t il|actuel\\w*
    |toon|tonen|laat(?: \\w+){0,4} zien|bekijk\\w*|wie|welk\\w*|wat|overzicht|lijst|hebben (?:we|wij)|is er|huidig\\w*`),
  purchase: w(`buy\\w*|purchas\\w*|checkout|check out|order\\w*
    |kop|kopa|koper|koptillfal\\w*|kassan?|bestall\\w*
    |achat\\w*|achet\\w*|achete\\w*|commande\\w*
    |aankoop|aanschaf\\w*|kopen|koop|afreken\\w*|bestel\\w*`),
  /** "what is a partner of record?": a question about the concept, answered by help. */
  define: w(`differen\\w*|skillnad\\w*|verschil\\w*|explain\\w*|forklara|expliqu\\w*|uitleg\\w*|leg(?: \\w+){0,3} uit|what is an?|what s an?|whats an?|vad ar en|vad betyder|qu est ce qu(?:e|un|une)?|c est quoi|wat is een|wat betekent`),
  help: w(`help|helpen|hjalp|aide|aidez|hulp|options|what can (?:you|i) do|vad kan (?:du|jag) gora|que peux tu|que pouvez vous|que puis je faire|qu est ce que je peux faire|wat kun je|wat kan (?:je|ik)
    |how does (?:this|it) work|hur fungerar|comment ca marche|comment ca fonctionne|hoe werkt
    |what do you do|vad gor du|tu fais quoi|que fais tu|vous faites quoi|que faites vous|wat doe (?:je|jij)
    |(?:where|how) (?:do|should|can) i (?:\\w+ )?(?:start|begin)|where to start|get(?:ting)? started|var (?:\\w+ )?borja\\w*|kom(?:ma)? igang|par (?:ou|quoi) (?:\\w+ )?commenc\\w*|waar (?:\\w+ )?begin\\w*
    |commands?|menu|start|hi|hiya|hey|hello|howdy|yo|tjena|tjenare|tja|coucou|good (?:morning|afternoon|evening)|hej|hejsan|halla|god (?:morgon|middag|kvall)|bonjour|bonsoir|salut|hallo|hoi|goedemorgen|goedemiddag|goedenavond`),
  handoffStrong: w(`human|humans|(?:real|actual|live) (?:person|human)|live agent|agent|helpdesk|help desk|service ?desk|escalat\\w*|eskaler\\w*|escalad\\w*|escaler\\w*
    |manniska|handlaggare|riktig person|humain|vraie personne|personne reelle|mens|medewerker|echte? persoon|doorverbind\\w*`),
  talk: w(`talk|speak|chat|contact|connect|get me|call me|call back|rappel\\w*|terugbel\\w*|ring upp|ringa upp|phone|prata|tala|koppla mig|ringa|ring mig|parler|contacter|joindre|passer|m appeler|appelle|spreken|praten|bellen|verbind\\w*`),
  person: w(`someone|somebody|person|people|support|colleague|expert|technician|tekniker|technicien|monteur|nagon|supporten|quelqu un|personne|iemand|persoon`),
  /** Other things admins manage: "add a user to a group" is not about partners. */
  otherObject: w(`users?|members?|groups?|mailbox\\w*|distribution|domains?|passwords?|guests?|devices?|channels?|crm|contacts?
    |anvandar\\w*|medlem\\w*|grupp\\w*|brevlad\\w*|distributionslist\\w*|doman\\w*|losenord|gast\\w*|enhet\\w*|kontakt|kontakten|kontakter|kontakterna|partnerkontakt\\w*
    |utilisateur\\w*|membres?|groupes?|boite|distribution|diffusion|domaines?|mot de passe|invites?|appareils?
    |gebruiker\\w*|leden|groep\\w*|mailbox\\w*|distributie\\w*|domein\\w*|wachtwoord\\w*|gast\\w*|gastgebruiker\\w*|apparat\\w*`),
  /** Admin objects that are not partners of record: a partner portal account, a "Partners" group, a channel, a meeting… */
  adminObject: w(`portals?|accounts?|channels?|meetings?|calendar|invites?|invitation\\w*|owners?|sites?|sharepoint|onedrive|printers?|interns?|employees?|staff|newsletter
    |portalen\\w*|portal\\w*|konto\\w*|kanal\\w*|teamskanal\\w*|mote\\w*|kalender\\w*|agare|agaren|webbplats\\w*|skrivar\\w*|praktikant\\w*|anstalld\\w*|personal
    |portail\\w*|comptes?|canal|canaux|reunion\\w*|rendez|agenda|proprietaire\\w*|imprimante\\w*|stagiaire\\w*|employe\\w*|salarie\\w*
    |portaal\\w*|partnerportaal\\w*|kanaal\\w*|teamskanaal\\w*|vergadering\\w*|afspraak\\w*|eigenaar\\w*|printer\\w*|stagiair\\w*|werknemer\\w*`),
  /** "what happens if we…", "vad händer om…", "que se passe-t-il si…", "wat gebeurt er als…": a question, not a request. */
  hypothetical: w(`what happens|what would happen|if we|if i|would it|vad hander|vad skulle|om vi|om jag|que se passe|que devien\\w*|si on|si nous|si je|wat gebeurt|wat zou|als we|als wij|als ik`),
  /** Questions about money, data, rights and approval: what admins ask before they let a partner in or trust the bot. */
  concern: w(`pay|paying|cost\\w*|price\\w*|fees?|charged?|expensive|cheaper|free|money
    |betala\\w*|kosta\\w*|kostnad\\w*|pris\\w*|avgift\\w*|dyr\\w*|gratis
    |pai\\w*|payer|cout\\w*|prix|frais|cher|chere|gratuit\\w*
    |betalen|betaal\\w*|kost|kosten|prijs\\w*|duur\\w*|gratis
    |data|access|rights|permissions?|gdap|delegated|read our|see our|logg?ed|logs?|stored|privacy|approv\\w*|without asking|same as|same thing
    |atkomst\\w*|behorighet\\w*|rattighet\\w*|lasa|loggas|loggat|sparas|godkan\\w*|utan att fraga|samma sak
    |donnees|acces|droits|lire|enregistr\\w*|journalis\\w*|valid\\w*|approuv\\w*|sans demander|meme chose
    |gegevens|toegang|rechten|lezen|gelogd|opgeslagen|bewaard|goedgekeurd|goedkeur\\w*|zonder te vragen|hetzelfde|dezelfde`),
  /** Addressed to the bot: "you", "du", "tu / vous", "je / jij". */
  you: w(`you|your|yourself|du|dig|din|ditt|tu|toi|vous|te|jij|je|jou|jouw`),
  /** A request negated ("don't remove anything", "ta inte bort", "ne supprime rien", "niks verwijderen"). */
  negation: w(`t|dont|not|never|nothing|inte|aldrig|inget|ingenting|ne|n|rien|jamais|niet|nooit|niks|niets`),
  /** Saying or asking: "I never said change E3", "jag sa aldrig att…", "je n'ai jamais dit de…", "ik heb nooit gezegd dat…". */
  speech: w(`said|say|asked|ask|told|meant|sa|sagt|sade|bad|bett|menade|dit|demande|gezegd|gevraagd|bedoeld`),
  /** "can't / kan inte / ne peux pas / kan niet": not being able to is a problem report, not a negation. */
  modal: w(`can|could|cannot|kan|kunde|kunna|peux|peut|pouvons|pouvez|kun|kunnen|kon|lukt`),
  /** "all subscriptions" in the four languages. */
  all: w(`(?:all|every|alla|samtliga|tous|toutes|alle|al)(?: \\w+){0,2} (?:subscriptions?|subs|licen[sc]es?|products?
    |prenumeration\\w*|abonnemang\\w*|licenser|produkter|abonnements?|produits|abonnementen|licenties|producten)`),
} as const;

/** Thanks, folded ("thanks", "tack", "merci", "bedankt"), and the words around it ("so much", "så mycket", "beaucoup", "wel"). */
export const THANKS: ReadonlySet<string> = new Set('thanks thank thx ty cheers tack tackar merci bedankt dank'.split(' '));
export const AROUND_THANKS: ReadonlySet<string> = new Set('you so very much a lot lots many again sa mycket jattemycket hjalpen beaucoup bien encore je u wel hartelijk heel veel nogmaals'.split(' '));

/** Words right before the new ID in "from 4391507 to 1234567", "remplacer … par …", "vervang … door …". */
export const TARGET_WORDS: ReadonlySet<string> = new Set(
  'to with by onto into till mot med par pour vers en naar door in new ny nouveau nieuwe'.split(' '),
);
