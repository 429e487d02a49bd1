"""Word lists of the name filter: Dutch words that are also surnames, and countries.

``WORD_SURNAMES``: Dutch words that are also surnames in deduce's list (and not first names).

At the start of a sentence such a word on its own ("Pas geblokkeerd", "Prijs van een
paspoort?", "Stap 2 lukt niet") is an ordinary word far more often than a person named Pas,
Prijs or Stap, so wegwijs.privacy.names does not flag it there. A surname with a title or a
first name ("mevrouw Bakker", "Piet Visser"), or anywhere else in a sentence, is still flagged.

Made once from the words that deduce 3.0.6 flags as a name when capitalised at the start of a
sentence, kept where the word is in a Dutch dictionary (Debian's wdutch) in lower case and in
deduce's surname list but not in its first-name list.
"""


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


def phrases(text: str) -> frozenset[str]:
    """The semicolon-separated phrases of ``text``, with single spaces."""
    return frozenset(" ".join(p.split()) for p in text.split(";") if p.strip())


WORD_SURNAMES = words(
    """
    aal aanraad aanstoot aarden abrahams achten adelaar admiraal advocaat aker akker
    akkerman alleman ambachtsheer appel appelboom appels ariaans ars assen avontuur baak
    baar baardman baars baarslag baart baas backer baggerman bah bak baken bakhuis bakhuizen
    bakker bakkers bakkes bal balk ballast banga bank banken banning barbier bark baron bast
    baten batist bats bavelaar bazen bazuin beek beentjes bek beker bekers bello benard
    benjamins berende berg bergen berger bergers berghout berghuis bes besten betten beugels
    beuk beuker beukers beulen beun beunen bevaart beverdam bevers bezembinder biersteker
    bies bijen bijker bijkerk bijl bijman bijpost bijster bijvoet bik bikker bil binken
    binnendijk bisschop bitter blaak blank blanke blanken blanker blauw bleker bles bliek
    blik blink bloemen blok blokhuis blokker blokland blom blonk bloos bloot blouw bod bode
    boef boek boekel boekhoudt boel boelen boender boer boeren boers boertje boes boeters
    bogaard bogerd bok boks bol bolder bolk bolle bollen bols bolster bolt bolwerk bom
    bomers bon bond bonder bonnes bonnet bons bont bonte bonten bood boog boom boomgaard
    boon boontje boontjes boor boosten boot boots bootsman borg borger borstlap bos bosland
    boss bots bottelier botter bout bouten bouw bouwer bouwers bouwhuis bouwkamp bouwman
    bouwmeester boven box braad braaf braak braam brak braker brander brandjes bras
    braspenning brasser breeuwer brem brink brobbel broeder broeders broek broeken broers
    brok brokken brom brommer bron bronk brons broos brouwer brouwers bruinen bruintjes
    bruls brummel brus bui buil buist buit buitelaar buitendijk buitenhuis buitenweg buizer
    bul bulder bulk bult bulten bunk bunt burg burgemeester burgers burggraaf burgwal bus
    buur buurman camp camps centen cents chow commandeur cools copier cornet corporaal cox
    croonen cupido cuppen daalder daas dal dam dammer dammers das dassen degen degens dek
    deken dekens dekker dekkers denkers derby diender dijk dijker dijkers dijkgraaf dijkhuis
    dijkhuizen dijkslag dikken dikker dingen disco dissel dobbe dobbelaar dobbelsteen dobber
    doek doelman does doggen dogger dol dolk dolleman dolman dolmans domen donders donk
    donkers dons dool doornbos doosje dop doppen dors dost douw driesen driesprong drijfhout
    drijver drijvers droog drop dros drost droste drummen dubbelaar duif duiker duin duister
    duisters duiven dul dunning dwars ebben edel edelman eek eerden eggen eilander eisen
    eker eland ellens emmers engelen engels enting erven evers fabriek faro feller fikse
    fitters flapper fleer flens fleuren flier flik flos fluit fok fokker foks fontein foppen
    fortuin franken fransman fris frissen gaal gaillard gans garnier gast geels geers geilen
    gelling geluk gerits geus geuze geven gevers giebels giezen glas glorie go goedbloed
    goedkoop goeman gommeren goor gootjes gordijn gort goud gouda gouw graaf graas graat
    gras grave graven griffioen grift grim grit groen groenen groener groenhart groenland
    grol grond groos groothuis gros groters grutters guit gulpen gunst haag haak haalboom
    haan haars haas haasjes haast habibi hack hagen hagenaar hagenaars hagendoorn hak
    hakkers halma ham hamel hamer hamers hamerslag handels harder harders harte hartjes
    haspels haven haver havik hazelaar hazen heek heerschap hees heesters hegge heideveld
    heil heilig heinen hek held heling heller helling hemelrijk hemmen hengst henzen herder
    herfst hertog hes hesen hesp heugen heuker heus heuvel heuvels hink hobbel hobbelen hobo
    hoedjes hoedt hoefnagel hoefnagels hoek hoekman hoeks hoen hoenen hoepel hoes hoeve
    hoeven hoevenaar hoezen hof hofmeester hofstede hofstee hogers hol holm holst holster
    holt holten holvast hommel honig honing hoofs hoogland hoogmoed hooi hoorn hoos hop
    hopman hopmans hoppe hoppen hopstaken horn horsten hos hospes hout houtzager houwen
    houwer houwers hoveling hoven hoving hu huigen huisjes huisman huizing huls hulst hummel
    hup hus hut hutten immers jager jagers jak janmaat jas jeuken jol jongeling jongens
    jongste jonk jonker jonkers jonkman juffer jutte jutten kaag kaagman kaal kaars
    kaasjager kabel kadijk kaffa kalf kalis kalk kamerling kamp kampen kamper kampers
    kamphuis kanis kanon kant kap kapel kaper kapitein kappen kappers karman kasteel
    kastelein kat kater katoen keen kegel keizer keizers kelder kelders kemp kempen
    kempenaar kenter keppel kerkhof kerkhoven kern kers ket ketel ketelaar ketelaars ketels
    ketting keuken keukens keur keus keuter kicken kiel kielman kieviet kievit kikken
    kikkert kil kinds kip kippers kist kits klap klaver kleiboer kleingeld klep klepper
    klerk klever klijn kling klinge klink klinker klinkers klinkhamer klip kloek kloet klok
    klomp klooster kloosterhuis klop klopper kloppers klos kluft kluit knaap knap knapen
    knapper knarren knevel kniest knip knippers knol knook knoop knop knot kodde koehoorn
    koek koeken koekoek koel koele koelen koers koet koetje koets koetsier koevoet kohl
    kokken koks kolder kolen kolenbrander kolk kollen konijn konijnenberg koning koningen
    konings kooi kooiker kooiman kool koolhaas koolmees koopman koopmanschap koot kop koper
    koppelaar koppen koppers kops koren korf kornet korporaal korrel korst korsten korten
    kost kostelijk koster kosters kouters kraai kraak kraal kraan krab krabben kram kramer
    kramers kranen krap kreeft kregel krekels kreuk kriek krielen krijger krijgsman krijt
    krikken krist kroep kroes kroeze kroezen krol krom kromhout krook kroon kroos kroot
    kruidenier kruik kruiper kruis kruit kruk krul kuiken kuil kuin kuip kuiper kuiperij
    kuipers kuis kuit kuiters kunst kwak kwakkel kwant kwarten kwast kwee laagland laan
    lamme land lander landheer landman landsman landzaat langen langhout lans latten lauwen
    laven law leeman leemans leemkuil leenheer leenman leers leertouwer leeuw leeuwerik
    leidekker lek lelieveld lemmers lens lensen lepelaar lepelaars leus levels levering
    liefhebber lier lindeboom linden link lint list loch lock lodder lodders loef loenen
    loer lof loggen lokken lokker lommen lont loo loof loos louter louwen lub lubben luik
    luiken luiten luitjes lust lustig lut maat mager majoor mak mandjes maneschijn mank mars
    mast maters meerman meester meesters meier melisse menger mennen mes messing mesters
    meter mets metselaar metten middag mijnen milder minderman minnaar minnen moed moerdijk
    moes mok molenaar mollen mom monden monster mooi moonen moor moraal morel morren mors
    mos mossel mosselman mosterd mout mouw mouwen mud mudde muis mul mulder mulders muller
    munster munsters munten munter muntslag nagel nakken nap nebbeling neef neefjes nellen
    netten neutel nevels neven ngo niesen niesten nieuwkoop niezen nijp niks nissen nobel
    nobels nollen noordhoek noordzij noot noppen nota noten notenboom oei oldenburger olie
    olieman onderdijk onderwater onland ooms oord oosten oosterling oosthoek oosting
    opperman oppers opstal oranje ossendrijver otter oud overman overtoom overwater overweg
    paalvast paap paas padding paffen pak paling palm palmen pan pander pang pap papen
    pappot pardon pas pastoor pastoors pastor pater patijn paus pauw peetoom pegels pekel
    pelgrim pels pelser pelt pen penners penning peper pepers perk peters peulen pieper
    piepers piest pieterman pijl pijnappel pijnappels pijnen pijper pijpers piket pinas
    pinkster piqué pit plak planken planting plas plat platje platvoet pleiter plet ploeg
    ploeger plomp plompen plug pluim pluis poel poelen poepjes polak polder polderdijk
    poldervaart poll pompen pomper ponsen pont pool poolen poort poorter poos poot pop
    poppen portier pot potgieter pothuizen pots potter potters prak prakken pranger prent
    priem priester prijs pril prins prinsen profijt pronk proost proper provoost pruim pul
    pullen punt punter purperhart put puts putter putters quant raap raas raat raatjes
    radder radix ramp ras rave rebel reek regeer reins rekker rekkers remmen remmers
    rentmeester rep reus reuter richter richters ridder rieken riem rietveld rijbroek
    rijkaart rijke rijken rijks rijnen rijper rijs rijsdam rikken riksen ringeling rinkel
    rip ris ritmeester robben robbers roes roest roet roeten roffel rog roggen rondeel
    rongen ronken rook roost root ros roskam rossen rossing rotgans rots rouw rovers
    rozenblad rozenboom ruis ruiten ruiter ruiterkamp ruiters rus sabel sakkers salet sambo
    sap sassen satijn schaaf schaap schaapherder schaar schaart schaft schakel schakelaar
    schalken schalks schamp schans schaper schat scheel scheen scheepmaker scheer scheerder
    schel schelle schellen schelling schelvis schenk schenkel schenkels schepel scheper
    schepers schermer schets schijf schijven schild schilder schilders schilling schilt
    schimmel schinkel schipper schipperen schippers schobben schoen schoenmaker schoenmakers
    schoffelen schokker schol scholing scholte schoof schoon schoor schoot schop schot
    schotel schots schotten schout schouten schraal schram schreven schrijver schrijvers
    schrik schroten schuil schuit schuiten schulpen schuring schut schutte schutten schutter
    schuur seinen selder siepel sier sikken sip slagboom slager slagman slagmolen slangen
    sliepen slijpen slik slikker slim slinger slobbe slof slok slokker slomp sloof sloot
    slootjes slot slots sluimer sluis sluiter slump smaal smal smeding smelt smet smid smith
    smook smout snapper sneep snellen snijder snijders snip snoei snoek snoep snoeren sok
    soldaat sonderen spa spaan spaander span spanbroek spang speek speelman speet spek
    speksnijder spel spelde spelt spieker spiering spies spijk spijker spijkers spil spin
    spit spits spitters spoel sprakel spreeuw sprenkeling sprenkels sprik springer sprong
    spruit staats stad stadhouders stal stam stammen stap stapel stapper stappers starren
    stavast steeg steegs steeman steen steenbakker steenbakkers steenbergen steenhuis steens
    steentjes stege stek stelling sterken sterling steur stevens stijf stijger stil stins
    stip stobbe stoel stoeten stoffels stoffers stok stoker stokvis stol stolp stomp stoof
    stoop stoppels stoter stout strang straten streng strijk strijker strik stroeve stroop
    struik stubbe stuifzand stuiver stulp stuurman sukkel super taalman tabak takken taks
    talen tamboer tammer tang tange tap tas taverne teeuw temming tempel tempels tempert
    tent tichelaar timmer timmerman timp tip tobben toet tol tolboom tollenaar tool toonders
    tops toren torn tournier touw touwen tramper treffers treur treuren treurniet trip
    trommel trommelen trompetter troost tros trouw tuin tuinder tuinier tuinman tuit tuk
    tukker tulen tulp turfboer turk uil uithol vaags vaandrager vaartjes valies valk vallen
    veen veenboer veerman veger veld veldhoen velt vendel vendrig verbaas verbeet verberg
    verdoold verhaar verhagen verharen verhoog verkijk verkoelen verkuil verleg vermaak
    vermanen vermaning verschoof verschut versluis versnel verstappen verstraten verton
    vervaart vervat vervelde verver ververs vervuurt verwater verwegen verwijs verwijst
    vetter vijgen vingerling vink vinken vis visser vissers vleeshouwers vletter vleugel
    vleugels vlieg vliegen vlieger vlijm vlug vluggen vo voerman vogel vogelaar vogelpoel
    vogels vogelzang volders volk vondeling vonder vonk vonken voois voorbij voorend
    voorhuis voorn vork vorst vossen vrede vree vriend vries vriezen vrind vrolijks vromen
    vroom vroon waal waas wachtmeester wagenmakers walhout walker wals wammes wanten
    wassenaar wasser wassing waterval webers weel weerman weide weiland welles welling welp
    welter wendt went werkman westen westers wever wevers wezel wiegel wieling wiers wijfje
    wijfjes wijn wijnberg wijnbergen wijnen wijngaard wijngaarden wijntjes wijs wildeman
    wilders wildschut wils wind winder windt wink winkel winkelaar winkels winters witjes
    wittebrood witten witter witvoet wobben wolzak woord worm worst wortel woud wouters zaal
    zagers zalm zandberg zandbergen zanders zant zee zeeman zeestraten zeilmaker ziel zijl
    zijp zinken zitter zoet zoetelief zoethout zomerdijk zomers zoontjes zorgdrager zuidhoek
    zwaard zwager zwang zwart zwartjes zwarts zweep zwemmer zwerver zwetsloot zwiep zwijgers
    zwikker
    """
)


# Countries and territories in Dutch and English, lower case: deduce's surname list holds some
# ("Poland", "Jordan", "Chad"), and a country is not a person ("Visitor from Poland"). Made once
# from Faker's nl_NL and en_US country lists (without the notes in brackets), with common
# short forms added ("Engeland", "Amerika", "Rusland", "Turkije", "Oekraïne").
COUNTRIES = phrases(
    """
    afghanistan; albania; albanië; algeria; algerije; american samoa; amerika; amerikaans-samoa;
    amerikaanse maagdeneilanden; andorra; angola; anguilla; antarctica; antigua and barbuda; antigua
    en barbuda; antillen; argentina; argentinië; armenia; armenië; aruba; australia; australië;
    austria; azerbaijan; azerbeidzjan; bahama's; bahamas; bahrain; bahrein; bangladesh; barbados;
    belarus; belgium; belgië; belize; benin; bermuda; bhutan; bolivia; bonaire; bosnia and
    herzegovina; bosnië en herzegovina; botswana; bouvet island; bouveteiland; brazil; brazilië;
    british indian ocean territory; british virgin islands; brits indische oceaanterritorium; britse
    maagdeneilanden; brunei; brunei darussalam; bulgaria; bulgarije; burkina faso; burundi;
    cambodia; cambodja; cameroon; canada; cape verde; cayman islands; centraal-afrikaanse republiek;
    central african republic; chad; chile; chili; china; christmas island; christmaseiland; cocos
    islands; cocoseilanden; colombia; comoren; comoros; congo; congo-brazzaville; congo-kinshasa;
    cook islands; cookeilanden; costa rica; cote d'ivoire; croatia; cuba; curacao; curaçao; cyprus;
    czech republic; denemarken; denmark; djibouti; dominica; dominicaanse republiek; dominican
    republic; duitsland; ecuador; egypt; egypte; el salvador; engeland; england; equatoriaal-guinea;
    equatorial guinea; eritrea; estland; estonia; ethiopia; ethiopië; faeröer; falkland islands;
    falklandeilanden; faroe islands; fiji; filipijnen; finland; france; frankrijk; frans-guyana;
    frans-polynesië; franse zuidelijke en antarctische gebieden; french guiana; french polynesia;
    french southern territories; gabon; gambia; georgia; georgië; germany; ghana; gibraltar; greece;
    greenland; grenada; griekenland; groenland; guadeloupe; guam; guatemala; guernsey; guinea;
    guinea-bissau; guinee; guinee-bissau; guyana; haiti; haïti; heard en mcdonaldeilanden; heard
    island and mcdonald islands; holland; holy see; honduras; hong kong; hongarije; hongkong;
    hungary; iceland; ierland; ijsland; india; indonesia; indonesië; irak; iran; iraq; ireland; isle
    of man; israel; israël; italië; italy; ivoorkust; jamaica; japan; jemen; jersey; jordan;
    jordanië; kaaimaneilanden; kaapverdië; kameroen; kazachstan; kazakhstan; kenia; kenya; kirgizië;
    kiribati; kleine pacifische eilanden van de verenigde staten; koerdistan; koeweit; korea;
    kroatië; kuwait; kyrgyz republic; lao people's democratic republic; laos; latvia; lebanon;
    lesotho; letland; libanon; liberia; libië; libyan arab jamahiriya; liechtenstein; lithuania;
    litouwen; luxembourg; luxemburg; macao; macau; madagascar; madagaskar; malawi; malaysia;
    maldiven; maldives; maleisië; mali; malta; man; marokko; marshall islands; marshalleilanden;
    martinique; mauritania; mauritanië; mauritius; mayotte; mexico; micronesia; moldavië; moldova;
    monaco; mongolia; mongolië; montenegro; montserrat; morocco; mozambique; myanmar; namibia;
    namibië; nauru; nederland; nepal; netherlands; netherlands antilles; new caledonia; new zealand;
    nicaragua; nieuw-caledonië; nieuw-zeeland; niger; nigeria; niue; noord-korea; noord-macedonië;
    noordelijke marianen; noorwegen; norfolk; norfolk island; north macedonia; northern mariana
    islands; norway; oeganda; oekraine; oekraïne; oezbekistan; oman; oost-timor; oostenrijk;
    pakistan; palau; palestina; palestinian territory; panama; papoea-nieuw-guinea; papua new
    guinea; paraguay; peru; philippines; pitcairn islands; pitcairneilanden; poland; polen;
    portugal; puerto rico; qatar; reunion; roemenië; romania; rusland; russian federation; rwanda;
    réunion; saint barthelemy; saint helena; saint kitts and nevis; saint kitts en nevis; saint
    lucia; saint martin; saint pierre and miquelon; saint vincent and the grenadines; saint vincent
    en de grenadines; saint-barthélemy; saint-pierre en miquelon; salomonseilanden; samoa; san
    marino; sao tome and principe; sao tomé en principe; saoedi-arabië; saudi arabia; schotland;
    scotland; senegal; serbia; servië; seychellen; seychelles; sierra leone; singapore; sint
    maarten; sint-helena; sint-maarten; slovakia; slovenia; slovenië; slowakije; soedan; solomon
    islands; somalia; somalië; south africa; south georgia and the south sandwich islands; spain;
    spanje; spitsbergen en jan mayen; sri lanka; staten; sudan; suriname; svalbard & jan mayen
    islands; swaziland; sweden; switzerland; syrian arab republic; syrie; syrië; tadzjikistan;
    taiwan; tajikistan; tanzania; thailand; timor-leste; togo; tokelau; tonga; trinidad and tobago;
    trinidad en tobago; tsjaad; tsjechië; tunesië; tunisia; turkey; turkije; turkmenistan; turks and
    caicos islands; turks- en caicoseilanden; tuvalu; uganda; ukraine; united arab emirates; united
    kingdom; united states; united states minor outlying islands; united states of america; united
    states virgin islands; uruguay; usa; uzbekistan; vanuatu; vaticaanstad; venezuela; verenigd
    koninkrijk; verenigde; verenigde arabische emiraten; verenigde staten; vietnam; wales; wallis
    and futuna; wallis en futuna; westelijke sahara; western sahara; wit-rusland; yemen; zambia;
    zimbabwe; zuid-afrika; zuid-georgia en de zuidelijke sandwicheilanden; zuid-korea; zuid-soedan;
    zweden; zwitserland; åland
    """
)
