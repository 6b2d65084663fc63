"""The words of the demo week's activities: small tables that seed.py composes into about 300.

Subjects × types × places × organisers make every title different without writing each one. The
texts are made up, but written the way a Swedish organiser would write them.
"""

from dataclasses import dataclass

from veckan.activities.models import ActivityType, Format, SignupMode, Status
from veckan.organisations.models import Kind


@dataclass(frozen=True)
class Subject:
    name: str  # how the subject starts a title
    phrase: str  # how it reads inside a sentence
    angles: tuple[str, ...]  # subtitles, lower-case
    what: str  # one or two sentences: what the activity shows
    points: tuple[str, ...]  # what a visitor takes home
    focus: tuple[str, ...]  # focus areas it belongs to, by name


DIGITAL = "Digital förvaltning"
HALLBAR = "Hållbar samhällsutveckling"
HALSA = "Hälsa och omsorg"
UPPHANDLING = "Innovationsupphandling"
KOMPETENS = "Kompetensförsörjning"
DEMOKRATI = "Demokrati och delaktighet"

SUBJECTS: dict[str, Subject] = {
    "ai": Subject(
        "AI i offentlig sektor",
        "AI i offentlig sektor",
        (
            "från pilot till vardag",
            "så använder vi språkmodeller ansvarsfullt",
            "vad säger lagen om AI?",
            "ett år med en AI-assistent i ärendehanteringen",
        ),
        "Vi berättar hur vi har prövat AI för att ge invånarna snabbare svar och ge handläggarna mer "
        "tid för det som kräver omdöme.",
        (
            "Hur vi valde vilka uppgifter AI fick pröva på först",
            "Vad vi gjorde för att skydda personuppgifter och sekretess",
            "Hur medarbetarna var med och formade arbetssättet",
            "Vad det har kostat, och vad det har gett",
        ),
        (DIGITAL, KOMPETENS),
    ),
    "e-tjanster": Subject(
        "E-tjänster som invånarna förstår",
        "e-tjänster som invånarna förstår",
        (
            "klarspråk i digitala formulär",
            "användartester med riktiga invånare",
            "från pappersblankett till e-tjänst på sex veckor",
            "tillgänglighet från första skissen",
        ),
        "Hur gör man en e-tjänst som människor klarar på första försöket? Vi visar hur vi har gjort "
        "om våra mest använda tjänster tillsammans med dem som använder dem.",
        (
            "Ett enkelt sätt att testa med användare varje vecka",
            "Exempel på formulär före och efter klarspråksarbetet",
            "Hur färre frågor till kundtjänsten blev ett mått på kvalitet",
            "Checklista för tillgängliga e-tjänster",
        ),
        (DIGITAL, DEMOKRATI),
    ),
    "innovationsupphandling": Subject(
        "Innovationsupphandling",
        "innovationsupphandling",
        (
            "att upphandla det som inte finns än",
            "dialog med leverantörer före upphandlingen",
            "funktionskrav i stället för detaljkrav",
            "lärdomar från en förkommersiell upphandling",
        ),
        "Upphandling kan driva förnyelse i stället för att bromsa den. Vi går igenom en upphandling "
        "där vi beskrev behovet och lät leverantörerna föreslå lösningen.",
        (
            "Hur behovsanalysen gick till och vilka som var med",
            "Så förde vi dialog med marknaden utan att snedvrida konkurrensen",
            "Hur funktionskraven formulerades och utvärderades",
            "Vad vi skulle göra annorlunda nästa gång",
        ),
        (UPPHANDLING,),
    ),
    "valfardsteknik": Subject(
        "Välfärdsteknik i hemtjänsten",
        "välfärdsteknik i hemtjänsten",
        (
            "digital tillsyn på natten",
            "läkemedelsrobotar och trygghet",
            "så tog vi med personalen från början",
            "vad tycker brukarna?",
        ),
        "Digital tillsyn, läkemedelsrobotar och trygghetslarm som fungerar: vi delar erfarenheter "
        "från införandet av välfärdsteknik i hemtjänsten.",
        (
            "Hur vi valde teknik tillsammans med brukare och anhöriga",
            "Vad införandet betydde för personalens arbetsdag",
            "Hur vi följer upp trygghet och integritet",
            "Vad som behövs för att gå från försök till ordinarie verksamhet",
        ),
        (HALSA, UPPHANDLING),
    ),
    "vardmoten": Subject(
        "Digitala vårdmöten",
        "digitala vårdmöten",
        (
            "vård nära patienten i glesbygd",
            "när videobesöket ersätter resan",
            "digital första linje i primärvården",
            "trygg identifiering i vården",
        ),
        "Allt fler vårdbesök sker via video och chatt. Vi berättar vad det har betytt för patienter "
        "med långa avstånd till vården och för personalens arbetssätt.",
        (
            "Vilka besök som passar digitalt – och vilka som inte gör det",
            "Hur patienterna har tagit emot de nya kontaktvägarna",
            "Så fungerar samverkan mellan vårdcentral och specialistvård",
            "Lärdomar om teknik, journalföring och säkerhet",
        ),
        (HALSA, DIGITAL),
    ),
    "oppna-data": Subject(
        "Öppna data",
        "öppna data",
        (
            "från dataset till nya tjänster",
            "så publicerar kommunen sina data",
            "öppna data om kollektivtrafik",
            "kvalitet och metadata i praktiken",
        ),
        "När offentliga data blir öppna kan andra bygga tjänster vi aldrig hade tänkt på. Vi visar "
        "hur vi har prioriterat, publicerat och följt upp våra öppna data.",
        (
            "Hur vi valde vilka data som skulle publiceras först",
            "Licenser, format och metadata – det praktiska",
            "Exempel på tjänster som andra har byggt",
            "Hur vi håller data aktuella över tid",
        ),
        (DIGITAL, HALLBAR),
    ),
    "medborgardialog": Subject(
        "Medborgardialog",
        "medborgardialog",
        (
            "att nå dem som sällan hörs",
            "dialog med unga om framtidens stadsdel",
            "digitala verktyg för delaktighet",
            "från synpunkt till beslut",
        ),
        "Dialog med invånarna ger bättre beslut, men bara om den når fler än de vanliga rösterna. Vi "
        "delar metoder som har fungerat och några som inte gjorde det.",
        (
            "Metoder för att nå grupper som sällan deltar",
            "Hur synpunkterna tas om hand och återkopplas",
            "Digitala och analoga verktyg som kompletterar varandra",
            "Politikens roll i dialogen",
        ),
        (DEMOKRATI,),
    ),
    "klimat": Subject(
        "Klimatomställning i kommunen",
        "klimatomställning i kommunen",
        (
            "klimatkontrakt och lokala färdplaner",
            "koldioxidbudget som styrverktyg",
            "energieffektivisering i egna fastigheter",
            "när invånarna är med och ställer om",
        ),
        "Hur tar en kommun sig från klimatmål till minskade utsläpp? Vi visar hur vi arbetar med "
        "färdplaner, uppföljning och samverkan med näringsliv och invånare.",
        (
            "Hur vi bröt ner klimatmålen till konkreta åtgärder",
            "Uppföljning som går att använda i budgetarbetet",
            "Samverkan med lokala företag och föreningar",
            "Vad som har gett störst effekt hittills",
        ),
        (HALLBAR,),
    ),
    "cirkular-upphandling": Subject(
        "Cirkulär upphandling",
        "cirkulär upphandling",
        (
            "återbrukade möbler i kommunens lokaler",
            "krav som minskar avfallet",
            "ett år med återbruksportalen",
            "livscykelkostnad i praktiken",
        ),
        "Genom att ställa andra krav i upphandlingen har vi minskat både kostnader och avfall. Vi "
        "berättar hur återbruk blev förstahandsvalet i hela organisationen.",
        (
            "Hur kraven på återbruk formulerades",
            "Så räknade vi på livscykelkostnaden",
            "Interna rutiner för att dela på möbler och utrustning",
            "Vad leverantörerna tyckte",
        ),
        (UPPHANDLING, HALLBAR),
    ),
    "skola": Subject(
        "Digitalisering i skolan",
        "digitalisering i skolan",
        (
            "lärplattformar som lärarna vill använda",
            "AI i klassrummet – möjligheter och risker",
            "digital kompetens för elever och lärare",
            "schemaläggning och skolskjuts med nya verktyg",
        ),
        "Skolan är en av de största digitala verksamheterna i en kommun. Vi visar hur vi har gjort "
        "de digitala verktygen enklare för lärare, elever och vårdnadshavare.",
        (
            "Hur lärarna var med och valde verktyg",
            "Vad vi har lärt oss om AI i undervisningen",
            "Hur vi stöttar elever som saknar utrustning hemma",
            "Gemensamma riktlinjer för skärmar och integritet",
        ),
        (KOMPETENS, DIGITAL),
    ),
    "samhallsbyggnad": Subject(
        "Digital samhällsbyggnadsprocess",
        "den digitala samhällsbyggnadsprocessen",
        (
            "digitala detaljplaner från start",
            "bygglov på dagar i stället för veckor",
            "3D-modeller i planarbetet",
            "gemensamma data för hela processen",
        ),
        "Från översiktsplan till färdigt hus: vi berättar hur digitala detaljplaner och gemensamma "
        "data gör samhällsbyggnadsprocessen snabbare och mer förutsägbar.",
        (
            "Hur vi gick över till digitala detaljplaner",
            "Vad 3D-modeller betyder för dialogen med invånarna",
            "Så korta handläggningstiderna blev – och varför",
            "Samarbetet med Lantmäteriet och Boverket",
        ),
        (DIGITAL, HALLBAR),
    ),
    "kompetens-valfard": Subject(
        "Kompetensförsörjning i välfärden",
        "kompetensförsörjning i välfärden",
        (
            "nya yrkesroller i äldreomsorgen",
            "att behålla medarbetare med rätt stöd",
            "validering och snabbare vägar in",
            "digitalt lärande på arbetstid",
        ),
        "Välfärden behöver fler medarbetare än det finns att rekrytera. Vi visar hur nya yrkesroller, "
        "smartare arbetssätt och lärande på arbetstid gör skillnad.",
        (
            "Nya roller som avlastar sjuksköterskor och undersköterskor",
            "Hur vi minskade personalomsättningen",
            "Validering av yrkeskunskaper i praktiken",
            "Korta digitala utbildningar som passar schemat",
        ),
        (KOMPETENS, HALSA),
    ),
    "tjanstedesign": Subject(
        "Tjänstedesign",
        "tjänstedesign",
        (
            "att börja i behoven",
            "prototyper på en eftermiddag",
            "invånarresor som arbetsverktyg",
            "tjänstedesign i en liten kommun",
        ),
        "Tjänstedesign hjälper oss att utgå från dem vi finns till för. Vi visar metoderna och "
        "berättar om en tjänst som blev helt annorlunda än vi först tänkt.",
        (
            "Intervjuer och observationer som alla kan göra",
            "Hur en invånarresa synliggör glappen mellan förvaltningar",
            "Snabba prototyper av papper och kartong",
            "Hur vi fick med ledningen",
        ),
        (DIGITAL, DEMOKRATI),
    ),
    "landsbygd": Subject(
        "Smart landsbygd",
        "smart landsbygd",
        (
            "servicepunkter som samlar det offentliga",
            "digitala byar och lokala krafter",
            "drönare som levererar i glesbygd",
            "bredband, service och mötesplatser",
        ),
        "Service på landsbygden kräver nya lösningar. Vi berättar hur kommun, region och föreningar "
        "tillsammans håller byarna levande med digitala verktyg och lokala mötesplatser.",
        (
            "Servicepunkter där flera myndigheter möts",
            "Hur byalag och föreningar blev medskapare",
            "Vad tekniken klarar, och var människor behövs",
            "Finansiering och ansvar över tid",
        ),
        (HALLBAR, DEMOKRATI),
    ),
    "psykisk-halsa": Subject(
        "Psykisk hälsa bland unga",
        "psykisk hälsa bland unga",
        (
            "digitalt stöd när mottagningen är stängd",
            "tidiga insatser i skolan",
            "unga som medskapare",
            "samverkan mellan skola och vård",
        ),
        "Allt fler unga mår dåligt. Vi visar hur tidiga insatser, digitalt stöd och unga själva som "
        "medskapare kan ge hjälp tidigare och närmare.",
        (
            "Hur unga var med och utformade stödet",
            "Samverkan mellan elevhälsa, socialtjänst och vård",
            "Digitala kontaktvägar som unga faktiskt använder",
            "Hur vi följer upp effekterna",
        ),
        (HALSA, DEMOKRATI),
    ),
    "innovationsledning": Subject(
        "Innovationsledning i offentlig sektor",
        "innovationsledning",
        (
            "att leda förnyelse i vardagen",
            "en innovationsfond för medarbetarnas idéer",
            "mät det som spelar roll",
            "när experimenten misslyckas",
        ),
        "Hur skapar man utrymme för nya idéer i en verksamhet som alltid måste fungera? Vi delar "
        "erfarenheter av att leda innovation i offentlig sektor.",
        (
            "Hur vi tar hand om medarbetarnas idéer",
            "Ett enkelt sätt att följa upp innovationsarbetet",
            "Hur vi pratar om misslyckanden",
            "Chefens roll i förnyelsen",
        ),
        (KOMPETENS,),
    ),
    "informationssakerhet": Subject(
        "Informationssäkerhet",
        "informationssäkerhet",
        (
            "molntjänster och dataskydd",
            "övningar som gör oss redo",
            "säker digital identitet för medarbetare",
            "när systemen ligger nere",
        ),
        "Digitaliseringen kräver att vi kan lita på våra system. Vi berättar hur vi arbetar med "
        "informationssäkerhet, övningar och kontinuitet utan att bromsa utvecklingen.",
        (
            "Hur vi bedömer risker innan vi väljer en molntjänst",
            "Övningar som involverar hela organisationen",
            "Reservrutiner när it-stödet inte fungerar",
            "Samverkan med andra aktörer vid incidenter",
        ),
        (DIGITAL,),
    ),
    "resande": Subject(
        "Hållbart resande",
        "hållbart resande",
        (
            "anropsstyrd kollektivtrafik på landsbygden",
            "cykelstaden i data",
            "mobilitetstjänster för äldre",
            "laddinfrastruktur i samverkan",
        ),
        "Hur gör vi det lätt att resa hållbart, också där bussen sällan går? Vi visar försök med "
        "anropsstyrd trafik, cykeldata och delade fordon.",
        (
            "Resultat från försöken med anropsstyrd trafik",
            "Hur cykeldata används i planeringen",
            "Samverkan mellan kommun, region och företag",
            "Vad resenärerna tyckte",
        ),
        (HALLBAR,),
    ),
    "maltider": Subject(
        "Offentliga måltider",
        "offentliga måltider",
        (
            "mindre matsvinn i skolköket",
            "lokalproducerat i upphandlingen",
            "växtbaserat som eleverna gillar",
            "digitala verktyg för menyplanering",
        ),
        "Varje dag serveras miljontals offentliga måltider. Vi berättar hur vi har minskat svinnet, "
        "ökat andelen lokala råvaror och fått fler att äta sig mätta.",
        (
            "Hur vi mäter och minskar matsvinnet",
            "Upphandling som ger lokala producenter en chans",
            "Recept som eleverna själva har varit med och tagit fram",
            "Digitala verktyg i köket",
        ),
        (HALLBAR, UPPHANDLING),
    ),
    "delningsekonomi": Subject(
        "Delningsekonomi",
        "delningsekonomi",
        (
            "bibliotek för saker",
            "lånecyklar och bilpooler",
            "att dela lokaler mellan förvaltningar",
            "kommunen som plattform",
        ),
        "Att dela i stället för att äga sparar både pengar och resurser. Vi visar hur kommunen kan "
        "göra det enkelt för invånare, föreningar och förvaltningar att dela.",
        (
            "Så fungerar ett bibliotek för saker",
            "Bokningssystem som gör delade lokaler möjliga",
            "Samarbete med föreningslivet",
            "Ekonomi och ansvar när många delar",
        ),
        (HALLBAR,),
    ),
    "arbete": Subject(
        "Vägar till arbete",
        "vägar till arbete",
        (
            "matchning med hjälp av data",
            "samverkan mellan kommun och stat",
            "språkstöd på arbetsplatsen",
            "sociala företag som arbetsplats",
        ),
        "Fler behöver hitta vägen till ett arbete, och fler arbetsgivare behöver hitta rätt "
        "medarbetare. Vi visar hur samverkan och nya verktyg kortar vägen.",
        (
            "Hur kommun och Arbetsförmedlingen delar på uppdraget",
            "Matchning som tar hänsyn till mer än cv:t",
            "Språkstöd som fungerar på arbetsplatsen",
            "Arbetsintegrerande sociala företag som samarbetspartner",
        ),
        (KOMPETENS,),
    ),
    "digital-inkludering": Subject(
        "Digital inkludering",
        "digital inkludering",
        (
            "digitala fixare på biblioteket",
            "seniorer som lär seniorer",
            "e-legitimation för alla",
            "när det digitala utestänger",
        ),
        "Alla kan inte, vill inte eller får inte vara digitala. Vi berättar hur vi hjälper fler att "
        "använda digitala tjänster – och hur vi ser till att ingen lämnas utanför.",
        (
            "Digital hjälp på biblioteket och i medborgarkontoret",
            "Seniorer som handledare för andra seniorer",
            "Vad som gör det svårt att skaffa e-legitimation",
            "Alternativa kontaktvägar som fungerar",
        ),
        (DEMOKRATI, DIGITAL),
    ),
    "nara-vard": Subject(
        "Nära vård",
        "nära vård",
        (
            "mobila team i hemmet",
            "kommun och region i samma team",
            "egenmonitorering vid kronisk sjukdom",
            "vårdplatser i hemmet",
        ),
        "Omställningen till nära vård flyttar vården till patienten. Vi visar hur kommun och region "
        "arbetar tillsammans med mobila team, egenmonitorering och gemensam planering.",
        (
            "Hur de mobila teamen är organiserade",
            "Gemensam planering mellan kommun och region",
            "Patienter som mäter sina värden hemma",
            "Vad omställningen kräver av ledning och ekonomi",
        ),
        (HALSA,),
    ),
    "klimatanpassning": Subject(
        "Klimatanpassning",
        "klimatanpassning",
        (
            "skyfall och gröna ytor",
            "när värmeböljan kommer",
            "riskkartor som alla kan läsa",
            "naturbaserade lösningar i staden",
        ),
        "Skyfall, värmeböljor och torka ställer nya krav på hur vi bygger och planerar. Vi visar "
        "hur vi använder data och naturbaserade lösningar för att stå bättre rustade.",
        (
            "Skyfallskartering och hur den används",
            "Stöd till äldre och sjuka under värmeböljor",
            "Gröna tak, regnbäddar och öppna dagvattenlösningar",
            "Hur vi prioriterar åtgärder med begränsad budget",
        ),
        (HALLBAR,),
    ),
    "automatisering": Subject(
        "Automatiserad handläggning",
        "automatiserad handläggning",
        (
            "robotar som sköter rutinerna",
            "ekonomiskt bistånd med automatiserade flöden",
            "rättssäkerhet i automatiserade beslut",
            "vad gör medarbetarna med tiden som frigörs?",
        ),
        "Automatisering kan frigöra tid för möten med människor. Vi berättar vad vi har "
        "automatiserat, hur vi säkrar rättssäkerheten och hur arbetet har förändrats.",
        (
            "Vilka processer som passade för automatisering",
            "Rättsliga förutsättningar för automatiserade beslut",
            "Hur medarbetarnas roller har förändrats",
            "Kostnader och nyttor efter två år",
        ),
        (DIGITAL,),
    ),
    "unga": Subject(
        "Ungas inflytande",
        "ungas inflytande",
        (
            "ungdomsfullmäktige som gör skillnad",
            "en budget där unga bestämmer",
            "sommarjobb med innovationsuppdrag",
            "unga som granskar kommunens tjänster",
        ),
        "Unga vet ofta bäst vad som behövs för unga. Vi visar hur vi ger unga verkligt inflytande "
        "över pengar, planer och tjänster.",
        (
            "Hur ungas förslag tas vidare till beslut",
            "Erfarenheter av en ungdomsbudget",
            "Sommarjobb där unga löser verkliga utmaningar",
            "Så når vi unga som inte redan är engagerade",
        ),
        (DEMOKRATI,),
    ),
    "arbetsplats": Subject(
        "Framtidens arbetsplats",
        "framtidens arbetsplats i offentlig sektor",
        (
            "aktivitetsbaserade kontor",
            "hybridmöten som fungerar",
            "lokalsamverkan mellan myndigheter",
            "arbetsmiljö när vi jobbar på distans",
        ),
        "Var och hur vi arbetar har förändrats. Vi berättar vad vi har lärt oss om lokaler, "
        "hybridarbete och arbetsmiljö – och vad det betyder för att locka nya medarbetare.",
        (
            "Hur vi utformade lokalerna tillsammans med medarbetarna",
            "Regler och vanor för hybridmöten",
            "Gemensamma lokaler för flera myndigheter",
            "Arbetsmiljöarbete på distans",
        ),
        (KOMPETENS,),
    ),
    "datadriven-styrning": Subject(
        "Datadriven styrning",
        "datadriven styrning",
        (
            "beslutsstöd med egna data",
            "analys av verksamhetens flöden",
            "prognoser för äldreomsorgens behov",
            "nyckeltal som chefer faktiskt använder",
        ),
        "Med bättre data kan vi fatta bättre beslut. Vi visar hur vi har byggt beslutsstöd som "
        "chefer och politiker använder, och hur vi håller data av god kvalitet.",
        (
            "Från många kalkylblad till ett gemensamt beslutsstöd",
            "Prognoser som används i budgetarbetet",
            "Datakvalitet är allas ansvar",
            "Hur vi skyddar personuppgifter i analyserna",
        ),
        (DIGITAL,),
    ),
    "social-innovation": Subject(
        "Social innovation",
        "social innovation",
        (
            "idéburet offentligt partnerskap",
            "sociala utfallskontrakt",
            "samskapande med civilsamhället",
            "lokala initiativ som växer",
        ),
        "Många av de bästa idéerna kommer från civilsamhället. Vi berättar hur kommun och "
        "föreningar samarbetar i partnerskap som tar tillvara båda parters styrkor.",
        (
            "Hur ett idéburet offentligt partnerskap kommer till",
            "Erfarenheter av sociala utfallskontrakt",
            "Roller och ansvar när många är med",
            "Hur lokala initiativ kan växa utan att tappa själen",
        ),
        (DEMOKRATI,),
    ),
    "tillganglighet": Subject(
        "Tillgänglighet för alla",
        "tillgänglighet för alla",
        (
            "webbtillgänglighet i praktiken",
            "lättläst och teckenspråk på webben",
            "tillgängliga offentliga miljöer",
            "användartester med personer med funktionsnedsättning",
        ),
        "Det som är nödvändigt för några är bra för alla. Vi visar hur vi arbetar med "
        "tillgänglighet i digitala tjänster och fysiska miljöer, från krav till test.",
        (
            "Hur vi ställer krav på tillgänglighet i upphandlingar",
            "Användartester tillsammans med funktionsrättsorganisationer",
            "Lättläst, teckenspråk och syntolkning i kommunikationen",
            "Vanliga brister och hur de åtgärdas",
        ),
        (DEMOKRATI, DIGITAL),
    ),
    "energi": Subject(
        "Energiomställning",
        "energiomställningen",
        (
            "solceller på kommunens tak",
            "effektbrist och smarta elnät",
            "energigemenskaper på landsbygden",
            "fossilfria fordonsflottor",
        ),
        "Energisystemet ställs om, och det offentliga kan gå före. Vi berättar om solceller, smarta "
        "elnät och fossilfria fordon i vår egen verksamhet.",
        (
            "Hur vi finansierade solcellerna",
            "Smart styrning som minskar effekttopparna",
            "Energigemenskaper där invånarna är delägare",
            "Erfarenheter av att byta till elfordon",
        ),
        (HALLBAR,),
    ),
    "infrastruktur": Subject(
        "Gemensam digital infrastruktur",
        "gemensam digital infrastruktur",
        (
            "nationella byggblock i praktiken",
            "mina ärenden på ett ställe",
            "säker datadelning mellan myndigheter",
            "öppna API:er som alla kan använda",
        ),
        "När myndigheter, regioner och kommuner använder samma byggblock blir tjänsterna enklare "
        "och billigare. Vi visar hur den gemensamma digitala infrastrukturen växer fram.",
        (
            "Vilka byggblock som finns och hur man ansluter",
            "Hur datadelning kan bli säker och laglig",
            "Exempel på tjänster som bygger på gemensamma API:er",
            "Vad som krävs av den egna organisationen",
        ),
        (DIGITAL,),
    ),
    "bibliotek": Subject(
        "Biblioteket som innovationsplats",
        "biblioteket som innovationsplats",
        (
            "makerspace för alla åldrar",
            "biblioteket som digital mötesplats",
            "läsfrämjande med nya verktyg",
            "meröppet i glesbygden",
        ),
        "Biblioteket är mycket mer än böcker. Vi visar hur biblioteket blir en plats där invånarna "
        "kan prova ny teknik, lära sig nytt och mötas.",
        (
            "Så startade vi ett makerspace",
            "Meröppna bibliotek och hur de används",
            "Läsfrämjande arbete med digitala verktyg",
            "Biblioteket som partner för andra förvaltningar",
        ),
        (DEMOKRATI, KOMPETENS),
    ),
    "krisberedskap": Subject(
        "Krisberedskap",
        "samhällets krisberedskap",
        (
            "övningar mellan kommun och region",
            "civilt försvar i kommunen",
            "information till invånarna vid kris",
            "frivilliga som resurs",
        ),
        "Ett robust samhälle byggs innan krisen kommer. Vi berättar hur vi övar, samverkar och tar "
        "tillvara frivilligas engagemang i krisberedskapen.",
        (
            "Hur en gemensam övning planeras och följs upp",
            "Det civila försvaret på lokal nivå",
            "Kriskommunikation som når alla",
            "Frivilliga resursgrupper och hur de organiseras",
        ),
        (HALLBAR, DEMOKRATI),
    ),
    "vatten": Subject(
        "Vatten och avlopp",
        "framtidens vatten och avlopp",
        (
            "sensorer som hittar läckorna",
            "dricksvatten i ett förändrat klimat",
            "näringsåtervinning från avloppet",
            "en digital tvilling av ledningsnätet",
        ),
        "Rent vatten tar vi för givet, men ledningarna åldras och klimatet förändras. Vi visar hur "
        "sensorer, digitala tvillingar och nya reningstekniker säkrar vattnet.",
        (
            "Hur sensorerna har minskat läckaget",
            "Så byggde vi en digital tvilling av ledningsnätet",
            "Nya tekniker för att återvinna näring",
            "Innovationsupphandling inom VA",
        ),
        (HALLBAR, UPPHANDLING),
    ),
    "foretag": Subject(
        "Enklare för företag",
        "en enklare vardag för företagare",
        (
            "en väg in för företagare",
            "tillstånd på nätet",
            "tillsyn som hjälper",
            "upphandlingar som små företag kan vara med i",
        ),
        "Företagare ska kunna lägga sin tid på sitt företag. Vi berättar hur vi har förenklat "
        "tillstånd, tillsyn och upphandlingar tillsammans med företagarna själva.",
        (
            "En gemensam ingång för alla företagsfrågor",
            "E-tjänster för tillstånd och anmälningar",
            "Tillsyn som ger råd i stället för bara kontroll",
            "Upphandlingar uppdelade så att små företag kan lämna anbud",
        ),
        (DIGITAL, UPPHANDLING),
    ),
}

# Organisations whose activities mostly keep to their own field.
ORGANISATION_SUBJECTS: dict[str, tuple[str, ...]] = {
    "Upphandlingsmyndigheten": ("innovationsupphandling", "cirkular-upphandling", "maltider"),
    "E-hälsomyndigheten": ("vardmoten", "nara-vard", "valfardsteknik"),
    "Myndigheten för digital förvaltning (DIGG)": ("infrastruktur", "ai", "e-tjanster"),
    "Lantmäteriet": ("samhallsbyggnad", "oppna-data"),
    "Boverket": ("samhallsbyggnad", "klimatanpassning"),
    "Trafikverket": ("resande", "oppna-data"),
    "Arbetsförmedlingen": ("arbete", "kompetens-valfard"),
    "Försäkringskassan": ("automatisering", "e-tjanster"),
    "Skatteverket": ("infrastruktur", "automatisering"),
    "Bolagsverket": ("foretag", "infrastruktur"),
    "Tillväxtverket": ("foretag", "landsbygd"),
    "Myndigheten för delaktighet": ("tillganglighet", "digital-inkludering"),
    "Famna": ("social-innovation", "valfardsteknik"),
    "Coompanion Sverige": ("social-innovation", "arbete"),
    "Studieförbundet Vuxenskolan": ("digital-inkludering", "bibliotek", "landsbygd"),
}
# Regions run health care: most of their activities are about it.
REGION_SUBJECTS = ("vardmoten", "nara-vard", "psykisk-halsa", "kompetens-valfard", "resande")

# Titles by type. {Name}/{phrase} come from the subject, {Angle}/{angle} from one of its angles,
# {place} is the municipality, so only physical and hybrid activities use those templates.
TITLE_TEMPLATES: dict[str, tuple[str, ...]] = {
    ActivityType.FORELASNING: (
        "{Name} – {angle}",
        "Föreläsning: {Angle}",
        "{Angle} – en föreläsning om {phrase}",
    ),
    ActivityType.SEMINARIUM: (
        "Seminarium: {Name} – {angle}",
        "Frukostseminarium om {phrase}: {angle}",
        "{Name} i {place} – {angle}",
    ),
    ActivityType.WORKSHOP: (
        "Workshop: {Angle}",
        "Workshop om {phrase} – {angle}",
        "Verkstad i {place}: {angle}",
    ),
    ActivityType.STUDIEBESOK: (
        "Studiebesök: {Name} i {place}",
        "Studiebesök i {place} – {angle}",
        "Bakom kulisserna: {angle}",
    ),
    ActivityType.UTSTALLNING: (
        "Utställning: {Name} – {angle}",
        "Se och prova: {angle}",
        "Utställning i {place} om {phrase}",
    ),
    ActivityType.DIALOGMOTE: (
        "Dialogmöte: {Angle}",
        "Dialog om {phrase} i {place}",
        "Rundabordssamtal om {phrase} – {angle}",
    ),
    ActivityType.WEBBSANDNING: (
        "Webbsändning: {Name} – {angle}",
        "Live: {Angle}",
        "Innovationsveckan live – {phrase}: {angle}",
    ),
    ActivityType.ANNAT: (
        "Innovationsfika om {phrase}",
        "Hackathon: {Angle}",
        "Öppet hus i {place}: {Name}",
    ),
}

TYPE_PITCHES: dict[str, tuple[str, ...]] = {
    ActivityType.FORELASNING: (
        "En föreläsning med konkreta exempel och tid för frågor.",
        "Föreläsningen riktar sig till dig som vill komma i gång i den egna organisationen.",
    ),
    ActivityType.SEMINARIUM: (
        "Ett seminarium med korta inspel och samtal med publiken.",
        "Seminariet samlar praktiker, forskare och beslutsfattare kring samma bord.",
    ),
    ActivityType.WORKSHOP: (
        "I workshoppen arbetar vi i små grupper med egna utmaningar.",
        "En praktisk workshop: ta med en utmaning från din egen verksamhet.",
    ),
    ActivityType.STUDIEBESOK: (
        "Följ med på ett studiebesök och möt dem som gör arbetet varje dag.",
        "Under studiebesöket får du se lösningen i drift och ställa frågor.",
    ),
    ActivityType.UTSTALLNING: (
        "Kom förbi utställningen, prova själv och prata med projektgruppen.",
        "Utställningen är öppen under hela passet – kom när det passar dig.",
    ),
    ActivityType.DIALOGMOTE: (
        "Ett dialogmöte där dina erfarenheter och frågor styr samtalet.",
        "Vi vill höra hur du ser på frågan – alla perspektiv behövs.",
    ),
    ActivityType.WEBBSANDNING: (
        "Sändningen går att se live och i efterhand.",
        "En webbsändning med studiogäster och frågor från tittarna i chatten.",
    ),
    ActivityType.ANNAT: (
        "Ett lättsamt format där vi träffas, testar idéer och lär av varandra.",
        "Välkommen att komma och gå som det passar dig.",
    ),
}

TYPE_INTROS: dict[str, str] = {
    ActivityType.FORELASNING: "Föreläsningen varvar konkreta exempel med det vi har lärt oss på vägen. "
    "Efteråt finns det tid för frågor.",
    ActivityType.SEMINARIUM: "Seminariet inleds med korta inspel och fortsätter med ett samtal där "
    "publiken är välkommen att delta.",
    ActivityType.WORKSHOP: "I workshoppen arbetar vi praktiskt i mindre grupper. Du behöver inga "
    "förkunskaper, bara nyfikenhet.",
    ActivityType.STUDIEBESOK: "Under studiebesöket visar vi verksamheten på plats och berättar hur vi "
    "har arbetat. Det finns gott om tid för frågor.",
    ActivityType.UTSTALLNING: "Utställningen visar lösningarna i verkligheten. Projektgruppen finns "
    "på plats och berättar gärna mer.",
    ActivityType.DIALOGMOTE: "Dialogmötet är ett samtal, inte en presentation. Vi vill höra dina "
    "erfarenheter, frågor och idéer.",
    ActivityType.WEBBSANDNING: "Webbsändningen går att se live, och du kan ställa frågor i chatten. "
    "Den spelas in och kan ses i efterhand.",
    ActivityType.ANNAT: "Formen är enkel: vi träffas, testar idéer och lär av varandra.",
}

# Weights of each type among generated activities.
TYPE_WEIGHTS: dict[str, int] = {
    ActivityType.FORELASNING: 16,
    ActivityType.SEMINARIUM: 20,
    ActivityType.WORKSHOP: 15,
    ActivityType.STUDIEBESOK: 11,
    ActivityType.UTSTALLNING: 6,
    ActivityType.DIALOGMOTE: 11,
    ActivityType.WEBBSANDNING: 14,
    ActivityType.ANNAT: 5,
}

# Weights of each format (physical, digital, hybrid), by type.
FORMAT_WEIGHTS: dict[str, tuple[int, int, int]] = {
    ActivityType.WEBBSANDNING: (0, 80, 20),
    ActivityType.STUDIEBESOK: (85, 15, 0),
    ActivityType.UTSTALLNING: (85, 0, 15),
}
DEFAULT_FORMAT_WEIGHTS = (50, 30, 20)
FORMATS = (Format.PHYSICAL, Format.DIGITAL, Format.HYBRID)

# Main organisers by kind, in the week's proportions.
KIND_WEIGHTS: dict[str, int] = {
    Kind.KOMMUN: 42,
    Kind.REGION: 18,
    Kind.STATLIG_MYNDIGHET: 22,
    Kind.AKADEMI: 7,
    Kind.ANNAN: 3,
    Kind.CIVILSAMHALLE: 5,
    Kind.FORETAG: 3,
}

VENUES: dict[str, tuple[str, ...]] = {
    Kind.KOMMUN: (
        "Stadshuset, sessionssalen",
        "Kommunhuset, stora sammanträdesrummet",
        "Stadsbiblioteket, hörsalen",
        "Medborgarhuset",
        "Kulturhuset, Black box",
        "Innovationsrummet i kommunhuset",
        "Träffpunkt Centrum",
        "Kontaktcenter, entréplan",
    ),
    Kind.REGION: (
        "Regionens hus, konferenssalen",
        "Universitetssjukhuset, aulan",
        "Vårdcentralen Centrum, personalrummet",
        "Regionens innovationscentrum",
        "Länssjukhuset, utbildningscentrum",
    ),
    Kind.STATLIG_MYNDIGHET: (
        "Myndighetens kontor, konferensrum Utsikten",
        "Myndighetshuset, plan 2",
        "Statens servicecenter, mötesrummet",
    ),
    Kind.AKADEMI: (
        "Campus, hörsal A2",
        "Innovationslabbet på campus",
        "Universitetsbiblioteket, grupprum 3",
    ),
    Kind.ANNAN: ("Konferenscentret, sal Atlas", "Science Park, Mötesplats Innovation"),
    Kind.CIVILSAMHALLE: ("Folkets hus, lilla salen", "Föreningarnas hus", "Bygdegården"),
    Kind.FORETAG: ("Coworkingplatsen Navet", "Science Park, Mötesplats Innovation"),
}
STREETS = (
    "Storgatan",
    "Kungsgatan",
    "Drottninggatan",
    "Järnvägsgatan",
    "Torggatan",
    "Skolgatan",
    "Kyrkogatan",
    "Nygatan",
    "Hamngatan",
    "Parkvägen",
    "Stationsgatan",
    "Sjögatan",
    "Ågatan",
    "Västra Vallgatan",
)

# Counties without a seeded organisation of their own get a local partner, named, not registered.
LOCAL_PARTNERS: dict[str, tuple[str, str]] = {
    # county code: (municipality, co-organiser)
    "04": ("Eskilstuna", "Eskilstuna kommun"),
    "13": ("Halmstad", "Halmstads kommun"),
}

# Co-organisers named on the activity, with a kind, because they have no account of their own.
NAMED_CO_ORGANISERS: tuple[tuple[str, str], ...] = (
    ("Föreningen Framtidens Byar", Kind.CIVILSAMHALLE),
    ("Nätverket Digitala Seniorer", Kind.CIVILSAMHALLE),
    ("Länets ungdomsråd", Kind.CIVILSAMHALLE),
    ("Brukarrådet för funktionsrätt", Kind.CIVILSAMHALLE),
    ("Byalaget Norrskenet", Kind.CIVILSAMHALLE),
    ("Innovationsnod Mitt ekonomisk förening", Kind.ANNAN),
    ("Hälsoteknikklustret Syd AB", Kind.FORETAG),
    ("Science Park Exempelstad AB", Kind.FORETAG),
    ("Folkhögskolan Solberga", Kind.AKADEMI),
    ("Energikontoret i länet", Kind.ANNAN),
)

FIRST_NAMES = (
    "Karin",
    "Anders",
    "Maria",
    "Johan",
    "Eva",
    "Mikael",
    "Sara",
    "Erik",
    "Lena",
    "Per",
    "Annika",
    "Ahmed",
    "Elin",
    "Jonas",
    "Fatima",
    "Lars",
    "Helena",
    "Oskar",
    "Ingrid",
    "Mohammed",
    "Sofia",
    "Nils",
    "Aino",
    "Jukka",
    "Emma",
    "Patrik",
    "Leila",
    "Björn",
    "Malin",
    "Niklas",
)
LAST_NAMES = (
    "Lindqvist",
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lundgren",
    "Berglund",
    "Sandberg",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Holm",
    "Öberg",
    "Hassan",
    "Nieminen",
    "Åkesson",
)
ROLES = (
    "utvecklingsledare",
    "digitaliseringsstrateg",
    "innovationsledare",
    "enhetschef",
    "verksamhetsutvecklare",
    "projektledare",
    "upphandlare",
    "hållbarhetsstrateg",
    "forskare",
    "förvaltningschef",
)

# What coordinators write when they send an activity back, reject it, and why organisers cancel.
CHANGE_REQUESTS = (
    "Tack för anmälan! Beskriv gärna vilka målgrupper aktiviteten riktar sig till och lägg till "
    "en kontaktperson som kan svara på frågor.",
    "Sammanfattningen behöver bli tydligare: vad får besökaren med sig? Skicka in igen när den "
    "är ändrad.",
    "Adressen saknar lokal och våningsplan. Komplettera gärna så att besökarna hittar rätt.",
    "Aktiviteten krockar med den nationella webbsändningen om samma ämne. Kan ni flytta den till "
    "eftermiddagen?",
    "Ange vilka tillgänglighetsanpassningar som finns på plats, till exempel hörslinga och "
    "tillgänglig toalett.",
)
REJECTION_REASONS = (
    "Aktiviteten är en produktdemonstration utan koppling till offentlig sektors "
    "innovationsarbete, och passar därför inte i programmet.",
    "Aktiviteten äger rum efter Innovationsveckan. Välkommen att anmäla den till nästa år!",
    "Det här är en intern utbildning som inte är öppen för andra. Programmet är till för "
    "aktiviteter som fler kan ta del av.",
)
CANCELLATION_REASONS = (
    "Föreläsaren har tyvärr blivit sjuk och vi hittar ingen ersättare i tid.",
    "För få anmälda – vi planerar att göra om aktiviteten under våren i stället.",
    "Lokalen behövs som evakueringslokal efter en vattenskada. Vi ber om ursäkt.",
    "Verksamheten vi skulle besöka har fått ändrade förutsättningar. Vi återkommer med ett nytt datum.",
)

MATERIAL_TITLES = (
    ("Presentationen (PDF)", "presentation.pdf"),
    ("Rapport från projektet", "rapport.pdf"),
    ("Bilder från dagen", "bilder"),
    ("Sammanfattning av samtalet", "sammanfattning.pdf"),
)

# Pictures drawn for some activities, each described for those who cannot see it.
IMAGE_MOTIFS: tuple[tuple[str, str], ...] = (
    ("sun_hills", "En gul sol över böljande gröna kullar mot en ljusblå himmel."),
    ("lake_forest", "Mörkgröna granar vid en stilla sjö i kvällsljus."),
    ("city", "Siluetten av en stad med höga och låga hus i skymningens lila ljus."),
    ("network", "Ljusa punkter förbundna med linjer, som ett nätverk, mot en mörkblå bakgrund."),
    ("northern_lights", "Grönt norrsken som böljar över ett snötäckt landskap en stjärnklar natt."),
    ("archipelago", "Små kobbar i en blå skärgård under en blek morgonsol."),
    ("circles", "Överlappande cirklar i pastellfärger mot en ljus bakgrund."),
    ("fields", "Gula och gröna åkrar i band mot horisonten under en klarblå himmel."),
    ("bridge", "En bro i en mjuk båge över mörkt vatten i solnedgång."),
)


@dataclass(frozen=True)
class DemoOrganiserActivity:
    """One of the demo organiser's own activities in the current edition, written by hand so that
    "Mina aktiviteter" shows every step of the lifecycle."""

    organisation: str
    status: str
    type: str
    format: str
    subject: str
    title: str
    summary: str
    day: int  # 0 = Monday
    start: tuple[int, int]
    minutes: int
    venue: str = ""
    address: str = ""
    signup_mode: str = SignupMode.NONE
    capacity: int | None = None
    co_organisers: tuple[str, ...] = ()
    comment: str = ""  # the coordinator's request, or the cancellation reason
    pending_move: tuple[int, int] | None = None  # (day, hour) of a change waiting for review
    image: str = ""  # a motif from IMAGE_MOTIFS


DEMO_ORGANISER_ACTIVITIES = (
    DemoOrganiserActivity(
        organisation="Linköpings kommun",
        status=Status.DRAFT,
        type=ActivityType.WORKSHOP,
        format=Format.PHYSICAL,
        subject="oppna-data",
        title="Vilka öppna data vill du att Linköping ska publicera?",
        summary="Vi har börjat publicera kommunens data öppet. Nu vill vi veta vilka data som skulle "
        "göra mest nytta för dig – som invånare, företagare eller forskare. Ta med dina idéer!",
        day=2,
        start=(13, 0),
        minutes=120,
        venue="Stadsbiblioteket, hörsalen",
        address="Östgötagatan 5, Linköping",
    ),
    DemoOrganiserActivity(
        organisation="Linköpings kommun",
        status=Status.SUBMITTED,
        type=ActivityType.STUDIEBESOK,
        format=Format.PHYSICAL,
        subject="samhallsbyggnad",
        title="Studiebesök: bygglov på dagar i stället för veckor",
        summary="Följ med till bygglovsenheten och se hur digitala ansökningar, automatiska "
        "kontroller och nya arbetssätt har kortat handläggningstiden från sju veckor till nio dagar.",
        day=1,
        start=(9, 0),
        minutes=90,
        venue="Stadshuset, bygglovsenheten",
        address="Drottninggatan 45, Linköping",
        signup_mode=SignupMode.EXTERNAL,
    ),
    DemoOrganiserActivity(
        organisation="Region Östergötland",
        status=Status.CHANGES_REQUESTED,
        type=ActivityType.SEMINARIUM,
        format=Format.HYBRID,
        subject="vardmoten",
        title="Digitala vårdmöten i Östergötlands glesbygd – vad har vi lärt oss?",
        summary="Tre år med digitala vårdmöten i Kinda, Ydre och Valdemarsvik: patienter, "
        "distriktssköterskor och läkare berättar om vad som blev bättre och vad som återstår.",
        day=3,
        start=(10, 0),
        minutes=120,
        venue="Regionens hus, konferenssalen",
        address="S:t Larsgatan 49 B, Linköping",
        comment="Tack för en intressant anmälan! Lägg till vilka målgrupper seminariet riktar sig "
        "till och en kontaktperson, så godkänner vi den.",
    ),
    DemoOrganiserActivity(
        organisation="Linköpings kommun",
        status=Status.APPROVED,
        type=ActivityType.FORELASNING,
        format=Format.PHYSICAL,
        subject="ai",
        title="AI-stöd i hemtjänsten – erfarenheter från Linköping",
        summary="Hemtjänsten i Linköping har under ett år använt AI för planering och "
        "dokumentation. Vi berättar vad det har betytt för medarbetarna och för dem som får hjälp "
        "– och vad vi har lärt oss om etik och dataskydd.",
        day=0,
        start=(13, 0),
        minutes=90,
        venue="Konsert & Kongress, sal Ljuset",
        address="Ågatan 45, Linköping",
        signup_mode=SignupMode.PLATFORM,
        capacity=60,
        co_organisers=("Linköpings universitet",),
    ),
    DemoOrganiserActivity(
        organisation="Linköpings kommun",
        status=Status.APPROVED,
        type=ActivityType.DIALOGMOTE,
        format=Format.HYBRID,
        subject="unga",
        title="Dialogmöte: unga ritar framtidens Linköping",
        summary="Elever från tre gymnasieskolor har byggt modeller av hur de vill att stadsdelen "
        "Tornby ska se ut. Kom och samtala med dem, planarkitekterna och kommunalråden.",
        day=2,
        start=(14, 0),
        minutes=120,
        venue="Stadshuset, sessionssalen",
        address="Drottninggatan 45, Linköping",
        co_organisers=("Länets ungdomsråd",),
        image="city",
    ),
    DemoOrganiserActivity(
        organisation="Region Östergötland",
        status=Status.APPROVED,
        type=ActivityType.WEBBSANDNING,
        format=Format.DIGITAL,
        subject="nara-vard",
        title="Webbsändning: nära vård i Östergötland – kommun och region i samma team",
        summary="Hur ser nära vård ut när kommunens hemsjukvård och regionens vårdcentraler "
        "planerar tillsammans? Möt teamen som gör det varje dag.",
        day=3,
        start=(9, 0),
        minutes=60,
        signup_mode=SignupMode.EXTERNAL,
        co_organisers=("Linköpings kommun",),
        pending_move=(4, 10),
    ),
    DemoOrganiserActivity(
        organisation="Linköpings kommun",
        status=Status.CANCELLED,
        type=ActivityType.UTSTALLNING,
        format=Format.PHYSICAL,
        subject="klimat",
        title="Utställning: Linköpings väg till ett klimatneutralt 2030",
        summary="Se hur fjärrvärme, biogasbussar och nya cykelstråk tar Linköping mot "
        "klimatneutralitet – och lämna dina egna förslag på vad kommunen borde göra härnäst.",
        day=4,
        start=(10, 0),
        minutes=180,
        venue="Stadsbiblioteket, utställningshallen",
        address="Östgötagatan 5, Linköping",
        comment="Lokalen behövs som evakueringslokal efter en vattenskada. Vi visar utställningen "
        "under våren i stället.",
    ),
)

# How the other activities of the current edition are spread over the lifecycle (143 in all).
CURRENT_STATUS_COUNTS: dict[str, int] = {
    Status.APPROVED: 102,
    Status.SUBMITTED: 13,
    Status.CHANGES_REQUESTED: 7,
    Status.DRAFT: 9,
    Status.REJECTED: 5,
    Status.WITHDRAWN: 4,
    Status.CANCELLED: 3,
}
# Approved activities of the current edition with a change of time waiting for review.
PENDING_CHANGES = 3
EARLIER_EDITION_SIZE = 75
EARLIER_CANCELLED = 3
