"""The four pages every Swedish public service needs, with their first real text.

Coordinators keep them current at /samordning/sidor/. Placeholders ({personuppgiftsansvarig},
{dataskyddsombud}, {webbplats}) are filled in from the settings each time a page is shown.
"""

import datetime

from django.db import migrations

ASSESSED_ON = datetime.date(2026, 11, 22)

ABOUT_SV = """\
Innovationsveckan är den svenska offentliga sektorns nationella innovationsvecka. Varje år, runt vecka 40, visar kommuner, regioner och myndigheter hur de förnyar sina verksamheter – ofta tillsammans med akademi, näringsliv och civilsamhälle. Det är som Almedalsveckan, fast var som helst i landet, på plats eller digitalt.

# Ett program som skapas tillsammans

Programmet skapas av dem som deltar. Organisationer i hela landet anmäler sina egna aktiviteter: föreläsningar, studiebesök, workshoppar, utställningar, dialogmöten och webbsändningar. Samordnarna granskar varje aktivitet, och sedan publiceras alla i ett gemensamt, sökbart nationellt program.

Varje aktivitet har minst en offentlig arrangör, till exempel en kommun, en region, en myndighet eller en organisation i civilsamhället.

# Vem står bakom Innovationsveckan?

Innovationsveckan samordnas av

- Sveriges Kommuner och Regioner (SKR)
- Vinnova
- Upphandlingsmyndigheten
- Myndigheten för digital förvaltning (DIGG).

Samordnarna bestämmer årets tema och datum, granskar aktiviteterna, publicerar och marknadsför programmet, sänder egna nationella webbsändningar och delar ut Lätt att sprida-priset.

# Så kan du vara med

## Arrangera en aktivitet

Visa hur ni förnyar er verksamhet – stort eller smått, färdigt eller på gång. Så här gör du:

1. [Skapa ett konto]({webbplats}/konto/signup/) och bekräfta din e-postadress.
2. Registrera din organisation, eller be en kollega som redan har registrerat den att bjuda in dig.
3. Anmäl aktiviteten innan anmälan stänger. Du kan spara ett utkast och skicka in det när det är klart.

Företag, lärosäten och andra organisationer är välkomna att arrangera aktiviteter tillsammans med en offentlig medarrangör.

## Besök och delta

Sök i programmet efter ämne, ort, dag eller form och välj det som intresserar dig. Många aktiviteter är digitala, så du kan delta var du än bor. Till en del aktiviteter behöver du anmäla dig, andra kan du bara komma till.

## Rösta i Lätt att sprida-priset

Lätt att sprida-priset lyfter fram lösningar som andra i offentlig sektor kan ta efter. Under veckan kan alla rösta på de nominerade bidragen.

# Det är gratis

Det kostar ingenting att anmäla en aktivitet till programmet, och aktiviteterna är kostnadsfria att delta i.

# Efter veckan

Inspelningar, statistik och program från tidigare år finns kvar i arkivet, så att idéerna kan fortsätta spridas.

# Kontakt

Har du frågor om Innovationsveckan? Skriv till [kontakt@innovationsveckan.se](mailto:kontakt@innovationsveckan.se). Frågor om en viss aktivitet besvaras bäst av arrangören: kontaktuppgifterna finns på aktivitetens sida.
"""

ABOUT_EN = """\
Innovationsveckan (Innovation Week) is the Swedish public sector's national innovation week. Every year, around week 40, municipalities, regions and government agencies show how they are renewing their services – often together with academia, business and civil society. Think of it as Almedalen Week, but anywhere in the country, on site or online.

# A programme created together

The programme is created by those who take part. Organisations all over Sweden register their own activities: talks, study visits, workshops, exhibitions, dialogue meetings and webcasts. The coordinators review every activity, and then all of them are published in one shared, searchable national programme.

Every activity has at least one public organiser, such as a municipality, a region, a government agency or a civil society organisation.

# Who is behind Innovationsveckan?

Innovationsveckan is coordinated by

- the Swedish Association of Local Authorities and Regions (SKR)
- Vinnova, Sweden's innovation agency
- the National Agency for Public Procurement (Upphandlingsmyndigheten)
- the Agency for Digital Government (DIGG).

The coordinators set each year's theme and dates, review the activities, publish and promote the programme, broadcast their own national webcasts and present the Lätt att sprida award (Easy to Spread).

# How to take part

## Organise an activity

Show how your organisation is renewing its work – big or small, finished or in progress. Here is how:

1. [Create an account]({webbplats}/konto/signup/) and confirm your email address.
2. Register your organisation, or ask a colleague who has already registered it to invite you.
3. Register the activity before registration closes. You can save a draft and submit it when it is ready.

Companies, universities and other organisations are welcome to organise activities together with a public co-organiser.

## Visit and take part

Search the programme by topic, place, day or format and choose what interests you. Many activities are online, so you can take part wherever you live. Some activities ask you to sign up; others you can simply attend.

## Vote for the Lätt att sprida award

The Lätt att sprida award highlights solutions that others in the public sector can adopt. During the week, anyone can vote for the nominated entries.

# It is free

It costs nothing to register an activity in the programme, and the activities are free to attend.

# After the week

Recordings, statistics and the programmes of earlier years stay in the archive, so the ideas can keep spreading.

# Contact

Questions about Innovationsveckan? Write to [kontakt@innovationsveckan.se](mailto:kontakt@innovationsveckan.se). Questions about a particular activity are best answered by its organiser: their contact details are on the activity's page.
"""

PRIVACY_SV = """\
Här beskriver vi vilka personuppgifter som behandlas när du använder Innovationsveckans webbplats, varför vi behandlar dem, hur länge de sparas och vilka rättigheter du har.

# Personuppgiftsansvarig

{personuppgiftsansvarig} är personuppgiftsansvarig för behandlingen av personuppgifter på webbplatsen. Innovationsveckan samordnas av Sveriges Kommuner och Regioner (SKR), Vinnova, Upphandlingsmyndigheten och Myndigheten för digital förvaltning (DIGG).

Den organisation som arrangerar en aktivitet ser uppgifterna om dem som har anmält sig till just den aktiviteten. Om arrangören laddar ner uppgifterna och använder dem utanför webbplatsen, till exempel för egna utskick, är arrangören personuppgiftsansvarig för den användningen.

# Dataskyddsombud

Har du frågor om hur vi behandlar dina personuppgifter, eller vill du använda dina rättigheter? Kontakta dataskyddsombudet: {dataskyddsombud}.

# Vilka uppgifter vi behandlar och varför

## Konton för arrangörer och samordnare

Vi behandlar din e-postadress, ditt namn om du anger det, vilka organisationer du tillhör och vilken roll du har där. Lösenordet sparas bara i en form som inte går att läsa ut (ett hashvärde). Om du använder tvåstegsinloggning sparar vi det som behövs för den.

Syfte: att du ska kunna logga in och anmäla och sköta aktiviteter för din organisation.

Rättslig grund: avtal – kontot är en tjänst som du ber om och som vi inte kan ge dig utan uppgifterna. När du företräder din organisation stöder vi oss på vårt berättigade intresse av att veta vem som gör det.

## Anmälan av aktiviteter

För varje aktivitet sparar vi kontaktpersoner (namn, e-postadress och telefonnummer om det anges) och vem som har skapat, ändrat och granskat aktiviteten. Arrangören väljer för varje kontaktperson om e-postadressen och telefonnumret ska visas i programmet.

Syfte: att sätta ihop, granska och publicera det nationella programmet och att kunna nå arrangören med frågor.

Rättslig grund: uppgift av allmänt intresse – att samla och sprida den offentliga sektorns innovationsarbete ingår i samordnarnas uppdrag.

## Anmälan till aktiviteter

När du anmäler dig till en aktivitet sparar vi ditt namn, din e-postadress, din organisation om du anger den och om du inte vill synas på bild eller film. Vi frågar aldrig efter personnummer eller uppgifter om hälsa.

Syfte: att arrangören ska kunna hålla en plats åt dig, sköta väntelistan och skicka bekräftelse, påminnelser och länk till sändningen.

Rättslig grund: uppgift av allmänt intresse – att genomföra Innovationsveckans program.

## Omröstningen om Lätt att sprida-priset

När du röstar sparar vi din e-postadress och vilket bidrag du röstade på. E-postadressen behövs för att bekräfta rösten och se till att varje person bara röstar en gång.

Rättslig grund: samtycke – du väljer själv att rösta. Du kan ta tillbaka ditt samtycke; medan omröstningen pågår tar vi då bort din röst.

## Synpunkter om tillgänglighet

När du rapporterar ett tillgänglighetsproblem sparar vi det du skriver, vilken sida det gäller och – om du väljer att lämna dem – ditt namn och din e-postadress. Du kan vara anonym.

Syfte: att rätta bristen och kunna svara dig. För att stoppa automatiska massutskick räknar vi också hur många meddelanden som kommer från samma IP-adress. Räknaren sparas i förvrängd (hashad) form, aldrig tillsammans med meddelandet, och tas bort tio minuter efter det senaste meddelandet.

Rättslig grund: uppgift av allmänt intresse – lagen (2018:1937) om tillgänglighet till digital offentlig service kräver att det finns ett sätt att meddela brister i tillgängligheten.

## Statistik

Vi tar fram statistik om programmet och deltagandet, till exempel antal aktiviteter och deltagare per län. Statistiken innehåller inga personuppgifter. Vi använder inga analysverktyg som följer vad besökare gör på webbplatsen.

## Tekniska uppgifter

Som alla webbplatser tar vår server emot din IP-adress när du besöker en sida. Den behövs för att skicka sidan till dig och för att skydda webbplatsen mot överbelastning och intrång. Vi använder den inte för att kartlägga besökare. Vilka kakor webbplatsen använder står på sidan om [kakor]({webbplats}/kakor/).

Rättslig grund: berättigat intresse – att hålla webbplatsen säker och i drift.

# Vilka som får ta del av uppgifterna

- **Arrangörer** ser dem som har anmält sig till deras egna aktiviteter och kan ladda ner listan för att genomföra aktiviteten.
- **Samordnarna** ser anmälda aktiviteter och deras kontaktpersoner för att kunna granska programmet, och tar emot synpunkter om tillgänglighet.
- **Alla besökare** ser de kontaktuppgifter som arrangören har valt att visa i programmet. Webbplatsens öppna data innehåller aldrig personuppgifter.
- **Personuppgiftsbiträden:** vi anlitar leverantörer som driver webbplatsens servrar och databas och skickar e-post åt oss. De får bara behandla uppgifterna enligt våra instruktioner och har personuppgiftsbiträdesavtal med oss.

Vi för inte över personuppgifter till länder utanför EU och EES.

# Allmänna handlingar och arkiv

Flera av samordnarna och många arrangörer är myndigheter, kommuner eller regioner. Det du skickar in via webbplatsen – en aktivitet, en anmälan eller en synpunkt – kan därför bli en allmän handling när det kommer in till en myndighet. Enligt offentlighetsprincipen kan vem som helst då begära att få ta del av den. Innan en allmän handling lämnas ut prövar myndigheten om uppgifterna omfattas av sekretess enligt offentlighets- och sekretesslagen (2009:400).

Allmänna handlingar kan också behöva bevaras enligt arkivlagen (1990:782). Då gäller myndighetens beslut om bevarande och gallring i stället för tiderna nedan, och den rättsliga grunden är rättslig förpliktelse.

# Hur länge vi sparar uppgifterna

- **Anmälningar till aktiviteter och röster:** tas bort eller avidentifieras 90 dagar efter att veckan är slut. Antalet deltagare sparas som statistik utan personuppgifter.
- **Kontaktpersoner för aktiviteter:** tas bort 90 dagar efter att veckan är slut. Aktiviteten finns kvar i arkivet med arrangörens namn.
- **Konton:** så länge du har kvar ditt konto. Vill du att vi tar bort det, kontakta oss.
- **Synpunkter om tillgänglighet:** två år efter att vi tog emot dem.
- **Tekniska uppgifter** (IP-adresser i serverns loggar): bara så länge som behövs för att upptäcka fel och intrång.

# Dina rättigheter

Du har rätt att

- få veta vilka uppgifter vi har om dig och få en kopia av dem (registerutdrag)
- få felaktiga uppgifter rättade
- få uppgifter raderade, till exempel när de inte längre behövs eller när du tar tillbaka ett samtycke
- begära att vi begränsar behandlingen, till exempel medan vi utreder om uppgifterna stämmer
- invända mot behandling som grundar sig på allmänt intresse eller berättigat intresse
- få ut uppgifter som du själv har lämnat i ett maskinläsbart format och föra över dem till någon annan (dataportabilitet), när behandlingen grundar sig på avtal eller samtycke.

Kontakta dataskyddsombudet på {dataskyddsombud} för att använda dina rättigheter. Vi svarar inom en månad.

# Om du vill klaga

Tycker du att vi behandlar dina personuppgifter på fel sätt? Kontakta oss gärna först. Du har också rätt att lämna klagomål till Integritetsskyddsmyndigheten (IMY), [www.imy.se](https://www.imy.se).
"""

PRIVACY_EN = """\
This page describes which personal data is processed when you use the Innovationsveckan website, why we process it, how long it is kept and what your rights are.

# Data controller

{personuppgiftsansvarig} is the controller for the processing of personal data on the website. Innovationsveckan is coordinated by the Swedish Association of Local Authorities and Regions (SKR), Vinnova, the National Agency for Public Procurement (Upphandlingsmyndigheten) and the Agency for Digital Government (DIGG).

The organisation that arranges an activity sees the details of the people who have signed up for that activity. If the organiser downloads the details and uses them outside the website, for example for its own mailings, the organiser is the controller for that use.

# Data protection officer

Do you have questions about how we process your personal data, or do you want to exercise your rights? Contact the data protection officer: {dataskyddsombud}.

# What we process and why

## Accounts for organisers and coordinators

We process your email address, your name if you give it, which organisations you belong to and your role in them. Your password is only stored in a form that cannot be read back (a hash). If you use two-factor login, we store what it needs.

Purpose: so that you can log in and register and manage activities for your organisation.

Legal basis: contract – the account is a service you ask for, which we cannot provide without the data. When you act for your organisation, we rely on our legitimate interest in knowing who does so.

## Registering activities

For each activity we store its contact persons (name, email address and phone number if given) and who created, changed and reviewed the activity. For each contact person, the organiser chooses whether the email address and phone number are shown in the programme.

Purpose: to put together, review and publish the national programme, and to be able to reach the organiser with questions.

Legal basis: a task carried out in the public interest – gathering and spreading the public sector's innovation work is part of the coordinators' remit.

## Signing up for activities

When you sign up for an activity, we store your name, your email address, your organisation if you give it, and whether you do not want to appear in photos or films. We never ask for personal identity numbers or health information.

Purpose: so that the organiser can keep a place for you, manage the waiting list and send you a confirmation, reminders and the link to the broadcast.

Legal basis: a task carried out in the public interest – running the Innovationsveckan programme.

## The vote for the Lätt att sprida award

When you vote, we store your email address and which entry you voted for. The email address is needed to confirm your vote and to make sure everyone votes only once.

Legal basis: consent – you choose to vote. You can withdraw your consent; while the vote is open, we then remove your vote.

## Accessibility feedback

When you report an accessibility problem, we store what you write, which page it concerns and – if you choose to give them – your name and email address. You can stay anonymous.

Purpose: to fix the problem and to be able to reply to you. To stop automated mass submissions, we also count how many messages come from the same IP address. The counter is stored in scrambled (hashed) form, never together with the message, and is deleted ten minutes after the latest message.

Legal basis: a task carried out in the public interest – the Swedish Act on accessibility to digital public services (2018:1937) requires a way to report accessibility problems.

## Statistics

We produce statistics about the programme and participation, such as the number of activities and participants per county. The statistics contain no personal data. We use no analytics tools that follow what visitors do on the website.

## Technical data

Like every website, our server receives your IP address when you visit a page. It is needed to send you the page and to protect the website against overload and intrusion. We do not use it to track visitors. The cookies the website uses are listed on the [cookies]({webbplats}/kakor/) page.

Legal basis: legitimate interest – keeping the website secure and running.

# Who can see the data

- **Organisers** see the people who have signed up for their own activities and can download the list to run the activity.
- **The coordinators** see registered activities and their contact persons in order to review the programme, and receive accessibility feedback.
- **All visitors** see the contact details the organiser has chosen to show in the programme. The website's open data never contains personal data.
- **Processors:** we use suppliers who run the website's servers and database and send email for us. They may only process the data on our instructions and have data processing agreements with us.

We do not transfer personal data to countries outside the EU and the EEA.

# Official documents and archives

Several of the coordinators and many organisers are government agencies, municipalities or regions. What you send in through the website – an activity, a sign-up or feedback – can therefore become an official document (allmän handling) when it reaches a public authority. Under the principle of public access to information (offentlighetsprincipen), anyone may then ask to see it. Before an official document is released, the authority checks whether the information is confidential under the Public Access to Information and Secrecy Act (2009:400).

Official documents may also have to be kept under the Archives Act (1990:782). The authority's decisions on keeping and disposing of records then apply instead of the periods below, and the legal basis is a legal obligation.

# How long we keep the data

- **Sign-ups for activities and votes:** deleted or anonymised 90 days after the week ends. The number of participants is kept as statistics without personal data.
- **Contact persons for activities:** deleted 90 days after the week ends. The activity stays in the archive with the organiser's name.
- **Accounts:** for as long as you keep your account. If you want us to delete it, contact us.
- **Accessibility feedback:** two years after we received it.
- **Technical data** (IP addresses in the server's logs): only as long as needed to detect faults and intrusions.

# Your rights

You have the right to

- know which data we hold about you and get a copy of it
- have incorrect data corrected
- have data erased, for example when it is no longer needed or when you withdraw your consent
- ask us to restrict the processing, for example while we check whether the data is correct
- object to processing based on the public interest or a legitimate interest
- receive data you have given us in a machine-readable format and move it elsewhere (data portability), when the processing is based on a contract or consent.

Contact the data protection officer at {dataskyddsombud} to exercise your rights. We reply within one month.

# Complaints

Do you think we are processing your personal data incorrectly? Please contact us first. You also have the right to lodge a complaint with the Swedish Authority for Privacy Protection (Integritetsskyddsmyndigheten, IMY), [www.imy.se](https://www.imy.se).
"""

COOKIES_SV = """\
En kaka (cookie) är en liten textfil som en webbplats sparar i din webbläsare. Innovationsveckans webbplats använder bara kakor som behövs för att webbplatsen ska fungera, till exempel för att du ska kunna logga in. Sådana kakor får användas utan samtycke enligt 9 kap. 28 § lagen (2022:482) om elektronisk kommunikation. Därför visar vi ingen ruta som frågar om lov för kakor – men vi berättar här vilka kakor vi använder och varför.

# Kakor vi använder

## sessionid

Håller dig inloggad när du går mellan sidorna. Kakan sätts bara när du loggar in, eller när du använder en funktion som behöver komma ihåg något mellan sidorna. Den innehåller bara en slumpmässig nyckel; uppgifterna om inloggningen finns på vår server. Kakan tas bort när du loggar ut eller stänger webbläsaren – eller efter två veckor, om du valde ”Kom ihåg mig” när du loggade in.

## csrftoken

Skyddar formulären mot förfalskade anrop från andra webbplatser (så kallad CSRF). Kakan sätts när du öppnar en sida med ett formulär, till exempel inloggningen eller formuläret för att rapportera ett tillgänglighetsproblem. Den innehåller ett slumpmässigt värde och inga uppgifter om dig. Den gäller i ett år.

## messages

Visar ett kort besked på nästa sida du kommer till, till exempel att något har sparats. Kakan tas bort så fort beskedet har visats.

# Kakor vi inte använder

- **Ingen kaka för språk.** Du väljer språk med adressen: de engelska sidorna börjar med /en/.
- **Ingen besöksstatistik eller analys.** Vi följer inte vad du gör på webbplatsen.
- **Inga kakor från tredje part.** Vi bäddar inte in innehåll från andra webbplatser, som videor, kartor eller knappar för sociala medier; kartan över Sverige ritar webbplatsen själv. Följer du en länk till en annan webbplats, till exempel till en arrangörs sändning, gäller den webbplatsens regler för kakor.

# Så tar du bort kakor

Du kan när som helst ta bort kakor i webbläsarens inställningar. Om du stänger av kakor helt kan du fortfarande läsa programmet, men inte logga in eller skicka formulär.
"""

COOKIES_EN = """\
A cookie is a small text file that a website stores in your browser. The Innovationsveckan website only uses cookies that are needed for the website to work, for example so that you can log in. Such cookies may be used without consent under Chapter 9, Section 28 of the Swedish Electronic Communications Act (2022:482). That is why we show no box asking for permission to use cookies – but here we explain which cookies we use and why.

# Cookies we use

## sessionid

Keeps you logged in as you move between pages. It is only set when you log in, or when you use a feature that needs to remember something between pages. It only holds a random key; the details of your login are kept on our server. The cookie is removed when you log out or close your browser – or after two weeks, if you chose "Remember me" when you logged in.

## csrftoken

Protects the forms against forged requests from other websites (CSRF). It is set when you open a page with a form, such as the login page or the form for reporting an accessibility problem. It holds a random value and no information about you. It lasts for one year.

## messages

Shows a short notice on the next page you visit, for example that something has been saved. It is removed as soon as the notice has been shown.

# Cookies we do not use

- **No language cookie.** You choose the language by the address: the English pages start with /en/.
- **No visitor statistics or analytics.** We do not follow what you do on the website.
- **No third-party cookies.** We do not embed content from other websites, such as videos, maps or social media buttons; the website draws the map of Sweden itself. If you follow a link to another website, for example to an organiser's broadcast, that website's cookie rules apply.

# How to remove cookies

You can remove cookies in your browser's settings at any time. If you turn cookies off completely, you can still read the programme, but you cannot log in or send forms.
"""

ACCESSIBILITY_SV = """\
Innovationsveckan samordnas av Sveriges Kommuner och Regioner (SKR), Vinnova, Upphandlingsmyndigheten och Myndigheten för digital förvaltning (DIGG). {personuppgiftsansvarig} ansvarar för webbplatsen Innovationsveckan ({webbplats}).

Vi vill att så många som möjligt ska kunna använda webbplatsen. Här beskriver vi hur webbplatsen uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du kan rapportera brister till oss.

# Hur tillgänglig är webbplatsen?

Vi bygger webbplatsen för att den ska uppfylla WCAG 2.1 på nivå AA, och följer WCAG 2.2 där vi kan. Det finns brister som vi känner till, och webbplatsen har ännu inte granskats av någon utomstående. Bristerna beskrivs längre ned på sidan.

# Vad kan du göra om du inte kan använda delar av webbplatsen?

Om du behöver innehåll från webbplatsen i ett annat format, eller inte kommer åt något, [kontakta oss via formuläret]({webbplats}/tillganglighet/rapportera/) så hjälper vi dig. Gäller det material från en aktivitet, till exempel en presentation eller en inspelning, kan du också kontakta arrangören. Kontaktuppgifterna finns på aktivitetens sida.

# Rapportera brister i webbplatsens tillgänglighet

Vi försöker hela tiden förbättra webbplatsens tillgänglighet. Om du upptäcker problem som inte beskrivs på den här sidan, eller om du anser att vi inte uppfyller lagens krav, [meddela oss via formuläret]({webbplats}/tillganglighet/rapportera/). Du kan vara anonym. Om du lämnar din e-postadress svarar vi dig.

# Tillsyn

Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du [kontakta DIGG och göra en anmälan om bristande tillgänglighet](https://www.digg.se/tdosanmalan).

# Teknisk information om webbplatsens tillgänglighet

Den här webbplatsen är **delvis förenlig** med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan. Vi bedömer den som delvis förenlig tills en extern granskning har visat att den uppfyller kraven.

## Innehåll som inte är tillgängligt

### Brister som vi känner till

- **Kartan över Sverige.** Kartan i programmet visar var aktiviteterna äger rum. Den går inte att uppfatta med skärmläsare. Samma uppgifter finns i tabellen som hör till kartan, med antal aktiviteter per län och kommun, och allt du kan välja på kartan kan du också välja bland de vanliga filtren.
- **Ingen extern granskning ännu.** Vi har testat webbplatsen själva (se nedan), men ingen utomstående har granskat den. Det kan finnas brister som våra tester inte har hittat.

### Innehåll som inte omfattas av lagkraven

- **Material från arrangörer.** PDF-filer, presentationer och andra dokument som arrangörerna delar som material till sina aktiviteter är inte alltid tillgängliga. Den arrangör som delar materialet ansvarar för det. Kontakta arrangören om du behöver materialet i ett annat format.
- **Inspelningar och sändningar från arrangörer.** Inspelningar som arrangörerna länkar till kan sakna undertexter, syntolkning eller textalternativ. Arrangörerna ansvarar för sina inspelningar. Direktsända sändningar omfattas inte av lagens krav på undertexter.

# Hur vi testat webbplatsen

Vi har gjort en självskattning (intern testning) av webbplatsen:

- Automatiska tester med axe-core av varje typ av sida, i en riktig webbläsare, varje gång koden ändras.
- Tester med bara tangentbord av de vanligaste vägarna genom webbplatsen, till exempel att logga in, anmäla en aktivitet och granska aktiviteter.
- Manuell granskning mot WCAG 2.1 nivå AA av sidornas struktur, rubriker, länkar, formulär och felmeddelanden.

När webbplatsen senast bedömdes och när redogörelsen senast uppdaterades står längst ned på sidan.
"""

ACCESSIBILITY_EN = """\
Innovationsveckan is coordinated by the Swedish Association of Local Authorities and Regions (SKR), Vinnova, the National Agency for Public Procurement (Upphandlingsmyndigheten) and the Agency for Digital Government (DIGG). {personuppgiftsansvarig} is responsible for the Innovationsveckan website ({webbplats}).

We want as many people as possible to be able to use the website. This statement describes how the website complies with the Swedish Act on accessibility to digital public services (2018:1937), the problems we know of and how you can report problems to us.

# How accessible is the website?

We build the website to meet WCAG 2.1 at level AA, and follow WCAG 2.2 where we can. There are problems we know of, and the website has not yet been audited by anyone outside the project. The problems are described further down this page.

# What can you do if you cannot use parts of the website?

If you need content from the website in another format, or cannot reach something, [contact us through the form]({webbplats}/tillganglighet/rapportera/) and we will help you. If it concerns material from an activity, such as a presentation or a recording, you can also contact the organiser. Their contact details are on the activity's page.

# Report accessibility problems

We keep working to improve the website's accessibility. If you find problems that are not described on this page, or if you think we do not meet the requirements of the law, [tell us through the form]({webbplats}/tillganglighet/rapportera/). You can stay anonymous. If you give your email address, we will reply to you.

# Enforcement

The Agency for Digital Government (DIGG) is responsible for enforcing the Act on accessibility to digital public services. If you are not satisfied with how we handle your feedback, you can [contact DIGG and report the lack of accessibility](https://www.digg.se/tdosanmalan) (in Swedish).

# Technical information about the website's accessibility

This website is **partially compliant** with the Act on accessibility to digital public services, because of the problems described below. We consider it partially compliant until an external audit has shown that it meets the requirements.

## Content that is not accessible

### Problems we know of

- **The map of Sweden.** The map in the programme shows where activities take place. It cannot be perceived with a screen reader. The same information is in the table that goes with the map, with the number of activities per county and municipality, and everything you can choose on the map you can also choose among the ordinary filters.
- **No external audit yet.** We have tested the website ourselves (see below), but no one outside the project has audited it. There may be problems our tests have not found.

### Content not covered by the requirements

- **Material from organisers.** PDF files, presentations and other documents that organisers share as material for their activities are not always accessible. The organiser who shares the material is responsible for it. Contact the organiser if you need the material in another format.
- **Recordings and broadcasts from organisers.** Recordings that organisers link to may lack captions, audio description or text alternatives. The organisers are responsible for their recordings. Live broadcasts are not covered by the law's requirement for captions.

# How we tested the website

We have carried out a self-assessment (internal testing) of the website:

- Automated tests with axe-core of every type of page, in a real browser, every time the code changes.
- Keyboard-only tests of the most common paths through the website, such as logging in, registering an activity and reviewing activities.
- Manual review against WCAG 2.1 level AA of the pages' structure, headings, links, forms and error messages.

When the website was last assessed and when this statement was last updated is shown at the bottom of the page.
"""

PAGES = [
    ("om", "Om Innovationsveckan", "About Innovationsveckan", ABOUT_SV, ABOUT_EN),
    (
        "personuppgifter",
        "Så hanterar vi personuppgifter",
        "How we handle personal data",
        PRIVACY_SV,
        PRIVACY_EN,
    ),
    ("kakor", "Kakor", "Cookies", COOKIES_SV, COOKIES_EN),
    (
        "tillganglighet",
        "Tillgänglighetsredogörelse",
        "Accessibility statement",
        ACCESSIBILITY_SV,
        ACCESSIBILITY_EN,
    ),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for slug, title, title_en, body, body_en in PAGES:
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "title_en": title_en,
                "body": body,
                "body_en": body_en,
                "assessed_on": ASSESSED_ON if slug == "tillganglighet" else None,
            },
        )


def delete_pages(apps, schema_editor):
    apps.get_model("pages", "Page").objects.filter(slug__in=[p[0] for p in PAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, delete_pages)]
