"""Word lists for bench/generate.py: parallel vocabularies, one per language.

Index i of a list means the same thing in every language, so the languages of a generated
policy are translations of each other sentence by sentence. Fields are separated by "|".
`order` is the word order (S subject, M modal, V verb, O object, P phrase); `summary` holds the
changelog templates: changed wordings, an inserted, a removed and a moved clause.
"""

_V = {
    "sv": dict(
        order="S M V O P",
        title="Integritetspolicy",
        preamble="Inledning",
        S="Vi|Företaget|Våra leverantörer|Personuppgiftsbiträden|Tjänsten|Våra partner",
        M="får|kommer att|måste|ska|kan",
        V="behandla|lagra|samla in|dela|radera|skydda|granska|överföra|använda|begränsa|anonymisera|uppdatera",
        O="dina personuppgifter|dina kontouppgifter|dina kontaktuppgifter|tekniska loggar|"
        "betalningsinformation|uppgifter om din enhet|din köphistorik|dina inställningar|"
        "cookies och liknande tekniker|meddelanden som du skickar till oss",
        P="i enlighet med gällande lag|inom Europeiska unionen|under avtalets löptid|"
        "för att fullgöra våra åtaganden|med ditt uttryckliga samtycke|när det krävs enligt lag|"
        "för att förhindra bedrägerier|i den utsträckning som är nödvändig|på ett säkert sätt|"
        "utan onödigt dröjsmål|för statistiska ändamål|enligt våra interna riktlinjer",
        topics="Insamling av uppgifter|Användning av uppgifter|Utlämnande till tredje part|Lagring|"
        "Cookies|Dina rättigheter|Informationssäkerhet|Överföring till tredje land|Barn|"
        "Marknadsföring|Ändringar av policyn|Kontakt",
        also="och",
        summary="Version {v}: ändrade formuleringar i {changed}.|Ny punkt {x}.|Punkt {x} har tagits bort.|"
        "Punkt {x} har flyttats till {y}.",
    ),
    "en": dict(
        order="S M V O P",
        title="Privacy Policy",
        preamble="Introduction",
        S="We|The company|Our suppliers|Data processors|The service|Our partners",
        M="may|will|must|shall|can",
        V="process|store|collect|share|erase|protect|review|transfer|use|restrict|anonymise|update",
        O="your personal data|your account details|your contact details|technical logs|"
        "payment information|information about your device|your purchase history|your settings|"
        "cookies and similar technologies|messages that you send us",
        P="in accordance with applicable law|within the European Union|for the term of the agreement|"
        "to fulfil our obligations|with your explicit consent|where required by law|"
        "to prevent fraud|to the extent necessary|in a secure manner|"
        "without undue delay|for statistical purposes|according to our internal guidelines",
        topics="Collection of data|Use of data|Disclosure to third parties|Storage|Cookies|Your rights|"
        "Information security|Transfers to third countries|Children|Marketing|"
        "Changes to this policy|Contact",
        also="and",
        summary="Version {v}: wording changed in {changed}.|New clause {x}.|Clause {x} has been removed.|"
        "Clause {x} has moved to {y}.",
    ),
    "de": dict(
        order="S M O P V",
        title="Datenschutzerklärung",
        preamble="Einleitung",
        S="Wir|Die Unternehmen|Unsere Lieferanten|Auftragsverarbeiter|Die Dienste|Unsere Partner",
        M="dürfen|werden|müssen|sollen|können",
        V="verarbeiten|speichern|erheben|weitergeben|löschen|schützen|prüfen|übermitteln|verwenden|"
        "einschränken|anonymisieren|aktualisieren",
        O="Ihre personenbezogenen Daten|Ihre Kontodaten|Ihre Kontaktdaten|technische Protokolle|"
        "Zahlungsinformationen|Angaben zu Ihrem Gerät|Ihren Kaufverlauf|Ihre Einstellungen|"
        "Cookies und ähnliche Technologien|Nachrichten, die Sie uns senden,",
        P="nach geltendem Recht|innerhalb der Europäischen Union|während der Vertragslaufzeit|"
        "zur Erfüllung unserer Pflichten|mit Ihrer ausdrücklichen Einwilligung|soweit gesetzlich vorgeschrieben|"
        "zur Verhinderung von Betrug|im erforderlichen Umfang|auf sichere Weise|"
        "unverzüglich|zu statistischen Zwecken|nach unseren internen Richtlinien",
        topics="Erhebung von Daten|Verwendung von Daten|Weitergabe an Dritte|Speicherung|Cookies|Ihre Rechte|"
        "Informationssicherheit|Übermittlung in Drittländer|Kinder|Werbung|Änderungen|Kontakt",
        also="und",
        summary="Version {v}: geänderte Formulierungen in {changed}.|Neue Klausel {x}.|"
        "Klausel {x} wurde gestrichen.|Klausel {x} steht jetzt unter {y}.",
    ),
    "fr": dict(
        order="S M V O P",
        title="Politique de confidentialité",
        preamble="Introduction",
        S="Les sociétés du groupe|Les sociétés|Nos fournisseurs|Les sous-traitants|Les services|Nos partenaires",
        M="peuvent|vont|doivent|devront|pourront",
        V="traiter|conserver|collecter|partager|effacer|protéger|examiner|transférer|utiliser|"
        "limiter|anonymiser|mettre à jour",
        O="vos données personnelles|les données de votre compte|vos coordonnées|des journaux techniques|"
        "les informations de paiement|des informations sur votre appareil|votre historique d'achat|"
        "vos paramètres|les cookies et technologies similaires|les messages que vous nous envoyez",
        P="conformément à la loi applicable|au sein de l'Union européenne|pendant la durée du contrat|"
        "pour remplir nos obligations|avec votre consentement explicite|lorsque la loi l'exige|"
        "pour prévenir la fraude|dans la mesure nécessaire|de manière sécurisée|"
        "dans les meilleurs délais|à des fins statistiques|selon nos règles internes",
        topics="Collecte des données|Utilisation des données|Communication à des tiers|Conservation|Cookies|"
        "Vos droits|Sécurité de l'information|Transferts hors de l'UE|Enfants|Marketing|"
        "Modifications|Contact",
        also="et",
        summary="Version {v} : formulations modifiées dans {changed}.|Nouvelle clause {x}.|"
        "La clause {x} a été supprimée.|La clause {x} a été déplacée en {y}.",
    ),
    "fi": dict(
        order="S M V O P",
        title="Tietosuojakäytäntö",
        preamble="Johdanto",
        S="Konserniyhtiömme|Yhtiöt|Toimittajamme|Henkilötietojen käsittelijät|Palvelut|Kumppanimme",
        M="voivat|aikovat|joutuvat|saavat|haluavat",
        V="käsitellä|tallentaa|kerätä|jakaa|poistaa|suojata|tarkastaa|siirtää|käyttää|rajoittaa|anonymisoida|päivittää",
        O="henkilötietojasi|tilitietojasi|yhteystietojasi|teknisiä lokeja|maksutietoja|"
        "laitettasi koskevia tietoja|ostohistoriaasi|asetuksiasi|evästeitä ja vastaavia tekniikoita|"
        "meille lähettämiäsi viestejä",
        P="sovellettavan lain mukaisesti|Euroopan unionin alueella|sopimuksen voimassaoloaikana|"
        "velvoitteidemme täyttämiseksi|nimenomaisella suostumuksellasi|kun laki sitä edellyttää|"
        "petosten estämiseksi|tarpeellisessa laajuudessa|turvallisella tavalla|"
        "ilman aiheetonta viivytystä|tilastollisiin tarkoituksiin|sisäisten ohjeidemme mukaisesti",
        topics="Tietojen kerääminen|Tietojen käyttö|Luovuttaminen kolmansille|Säilytys|Evästeet|"
        "Oikeutesi|Tietoturva|Siirrot kolmansiin maihin|Lapset|Markkinointi|Muutokset|Yhteystiedot",
        also="ja",
        summary="Versio {v}: muutettu sanamuotoa kohdissa {changed}.|Uusi kohta {x}.|"
        "Kohta {x} on poistettu.|Kohta {x} on siirretty kohtaan {y}.",
    ),
}
LISTS = {"S", "M", "V", "O", "P", "topics", "summary"}
VOCAB = {lang: {k: (v.split("|") if k in LISTS else v) for k, v in d.items()} for lang, d in _V.items()}
