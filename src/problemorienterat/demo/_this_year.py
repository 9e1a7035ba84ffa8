"""This year's eight problems: in response, in analysis, in scanning, and one rejected."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from problemorienterat.demo._stories import (
    AREA_POLICE,
    BRA,
    POLICE,
    SAFETY,
    YOUTH_CENTRE,
    YOUTH_WORKER,
    C,
    Stories,
    T,
    measure,
)
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.sara import (
    ActionKind,
    Priority,
    ProblemSource,
    RepeatPattern,
    Technique,
    TimeHorizon,
)


class ThisYearsProblems(Stories):
    """Problems identified this year, at the first three SARA stages."""

    def load(self) -> list[UUID]:
        """The problems in a fixed order, so their references are the same every time."""
        return [
            self.youths_at_bus_station(),
            self.graffiti_at_school(),
            self.drug_dealing_near_sports_ground(),
            self.unsafe_park(),
            self.storage_room_thefts(),
            self.loud_music_at_harbour(),
            self.bicycle_thefts_at_station(),
            self.outboard_motor_thefts(),
        ]

    def youths_at_bus_station(self) -> UUID:
        """Response: actions completed, started, deviated and planned; effort recorded."""
        y = self.year
        pid = self.identify(
            YOUTH_WORKER,
            title="Ungdomar som samlas vid busstationen kvällstid",
            description=(
                "Grupper om 10–20 ungdomar samlas vid busstationen fredag- och lördagskvällar. "
                "Resenärer och busspersonal upplever otrygghet; nedskräpning, glasflaskor och "
                "enstaka bråk förekommer."
            ),
            place="Busstationen",
            source=ProblemSource.EST_REPORT,
            reported_by="Busspersonalens EST-rapporter",
            frequency="Nästan varje fredag och lördag kväll",
            harmed="Resenärer, busspersonal och ungdomarna själva",
            group_id=self.groups.youth,
        )
        self.pass_cheers(
            YOUTH_WORKER,
            pid,
            community="Resenärer och näringsidkare i centrum beskriver busstationen som den "
            "otryggaste platsen i tätorten.",
            harm="Rädsla hos resenärer, skadegörelse i väntsalen och bråk mellan ungdomar.",
            expectation="Frågan togs upp i kommunfullmäktige och av regionens kollektivtrafik.",
            events="EST-rapporter om ordningsstörning vid busstationen.",
            recurring=f"38 EST-rapporter andra halvåret {y - 1}.",
            similarity="Fredag och lördag mellan kl. 20 och 01, i och kring väntsalen.",
        )
        self.app.prioritise(
            BRA, pid, priority=Priority.HIGH, reason="Prioriterat i årets medborgarlöfte."
        )
        self.link(pid, self.focus.town_centre)
        self.app.start_analysis(YOUTH_WORKER, pid)
        self.record_findings(
            YOUTH_WORKER,
            pid,
            {
                T.OFFENDER: "Mest ungdomar 14–17 år från hela kommunen; busstationen är den enda "
                "platsen med tak, värme och belysning som är öppen sent.",
                T.TARGET: "Resenärer som väntar ensamma på de sista bussarna.",
                T.PLACE: "Väntsalen är olåst dygnet runt och obemannad efter kl. 19.",
                T.HANDLER: "Få vårdnadshavare vet var ungdomarna är sent på kvällen.",
                T.MANAGER: "Regionens kollektivtrafik ansvarar för väntsalen men har ingen "
                "personal på plats kvällstid.",
            },
        )
        self.app.record_data_source(
            YOUTH_WORKER, pid, name=f"EST-rapporter {y - 1}", extracted_on=date(y, 1, 15)
        )
        self.app.record_data_source(
            SAFETY, pid, name=f"Trygghetsmätningen {y - 1}", extracted_on=date(y, 1, 15)
        )
        self.app.record_cause(
            YOUTH_WORKER,
            pid,
            description="Det finns ingen öppen mötesplats för unga i centrum efter kl. 21, "
            "när fritidsgården stänger.",
        )
        self.app.describe_current_response(
            POLICE,
            pid,
            description="Polisen åker förbi vid larm; det finns ingen planerad närvaro.",
        )
        self.app.state_hypothesis(
            YOUTH_WORKER,
            pid,
            hypothesis="Om ungdomarna har en annan mötesplats sent på helgerna och fler vuxna "
            "finns vid busstationen minskar ordningsstörningarna och resenärernas otrygghet.",
        )
        self.app.register_baseline(
            YOUTH_WORKER,
            pid,
            measure=measure(
                "EST-rapporter om ordningsstörning vid busstationen per halvår",
                "Busstationen",
                year=y - 1,
                months=(7, 12),
                value=38,
                unit="rapporter",
            ),
        )
        self.app.complete_analysis(YOUTH_WORKER, pid)
        late_opening = self.plan(
            YOUTH_CENTRE,
            pid,
            title="Fritidsgården har öppet till kl. 24 fredagar och lördagar",
            organisation=Organisation.KOMMUN,
            party="Fritidsgården",
            owner="Fritidsgårdens föreståndare",
            start=date(y, 2, 1),
            due=date(y, 6, 30),
            objective="Öppet till kl. 24 varje fredag och lördag under vårterminen.",
            mechanism="Ungdomarna får en bemannad mötesplats i stället för väntsalen.",
            kind=ActionKind.SOCIAL,
            horizon=TimeHorizon.LONG,
        )
        night_walks = self.plan(
            YOUTH_WORKER,
            pid,
            title="Nattvandring med föräldrar och föreningar fredagskvällar",
            organisation=Organisation.FORENING,
            party="Föräldraföreningen",
            owner="Samordnaren för nattvandringen",
            start=date(y, 2, 1),
            due=date(y, 12, 31),
            objective="Nattvandring varje fredag med minst fyra vuxna.",
            mechanism="Vuxna på plats ökar tryggheten och den sociala kontrollen.",
            technique=Technique.EXTEND_GUARDIANSHIP,
            horizon=TimeHorizon.LONG,
        )
        police_presence = self.plan(
            AREA_POLICE,
            pid,
            title="Synlig polis vid busstationen kl. 20–24 fredag och lördag",
            organisation=Organisation.POLIS,
            party="Lokalpolisområde Västra Mälardalen",
            owner="Områdespolisen",
            start=date(y, 2, 1),
            due=date(y, 6, 30),
            objective="Polis på plats minst tre helgkvällar av fyra under vårterminen.",
            mechanism="Risken att bli upptäckt ökar.",
            technique=Technique.STRENGTHEN_FORMAL_SURVEILLANCE,
        )
        self.plan(
            SAFETY,
            pid,
            title="Väntsalen låses kl. 23 och perrongen får bättre belysning",
            organisation=Organisation.REGION,
            party="Regionens kollektivtrafikförvaltning",
            owner="Stationsansvarig",
            start=date(y, 9, 1),
            due=date(y, 12, 31),
            objective="Väntsalen är låst kl. 23–05 och perrongen fullt upplyst.",
            mechanism="Väntsalen kan inte längre användas som samlingsplats sent på natten.",
            technique=Technique.CONTROL_ACCESS,
        )
        for action_id in (late_opening, night_walks, police_presence):
            self.app.start_action(YOUTH_WORKER, pid, action_id=action_id)
        self.app.complete_action(AREA_POLICE, pid, action_id=police_presence)
        self.app.record_deviation(
            YOUTH_CENTRE,
            pid,
            action_id=late_opening,
            reason="Öppet till kl. 24 bara fredagar; det saknas personal för lördagar.",
        )
        self.app.record_effort(
            AREA_POLICE,
            pid,
            organisation=Organisation.POLIS,
            partner="Lokalpolisområde Västra Mälardalen",
            hours=96,
            action_id=police_presence,
        )
        self.app.record_effort(
            YOUTH_CENTRE,
            pid,
            organisation=Organisation.KOMMUN,
            partner="Fritidsgården",
            hours=120,
            cost_sek=38000,
            action_id=late_opening,
        )
        self.app.record_effort(
            YOUTH_WORKER,
            pid,
            organisation=Organisation.FORENING,
            partner="Föräldraföreningen",
            hours=64,
            action_id=night_walks,
        )
        return pid

    def graffiti_at_school(self) -> UUID:
        """Response: one action started, two planned."""
        y = self.year
        pid = self.identify(
            SAFETY,
            title="Klotter vid Centrumskolan",
            description=(
                "Återkommande klotter på Centrumskolans fasader, gymnastiksalen och "
                "skolgårdens förråd, oftast under helger. Klottret har ibland kränkande "
                "budskap."
            ),
            place="Centrumskolan",
            source=ProblemSource.STAFF_DIALOGUE,
            reported_by="Centrumskolans rektor",
            frequency="2–3 nya klotter i veckan",
            harmed="Elever, personal och fastighetsförvaltningen",
            group_id=self.groups.town_centre,
        )
        self.pass_cheers(
            SAFETY,
            pid,
            community="Elever och föräldrar tar upp klottret i skolans trygghetsenkät.",
            harm="Saneringskostnader och kränkande budskap riktade mot elever.",
            expectation="Skolans rektor och föräldraråd har begärt åtgärder.",
            events="Saneringsärenden hos fastighetsförvaltningen.",
            recurring=f"29 saneringsärenden under fjärde kvartalet {y - 1}.",
            similarity="Samma väggar och samma signaturer återkommer.",
        )
        self.link(pid, self.focus.town_centre)
        self.app.start_analysis(SAFETY, pid)
        self.record_findings(
            SAFETY,
            pid,
            {
                T.OFFENDER: "Signaturerna återkommer; ett fåtal personer står för det mesta.",
                T.PLACE: "Gymnastiksalens baksida ligger i skymundan och saknar belysning.",
                T.MANAGER: "Fastighetsförvaltningen sanerar först efter flera veckor.",
            },
        )
        self.app.classify_repeat_pattern(
            SAFETY,
            pid,
            pattern=RepeatPattern.REPEAT_PLACE,
            description="Gymnastiksalens baksida klottras ned varje vecka.",
        )
        self.app.record_data_source(
            SAFETY,
            pid,
            name="Fastighetsförvaltningens saneringsärenden",
            extracted_on=date(y, 2, 20),
        )
        self.app.state_hypothesis(
            SAFETY,
            pid,
            hypothesis="Om klottret saneras inom ett dygn och baksidan blir upplyst uteblir "
            "belöningen av att synas, och klottret minskar.",
        )
        self.app.register_baseline(
            SAFETY,
            pid,
            measure=measure(
                "Saneringsärenden för klotter per kvartal",
                "Centrumskolan",
                year=y - 1,
                months=(10, 12),
                value=29,
                unit="saneringsärenden",
            ),
        )
        self.app.complete_analysis(SAFETY, pid)
        removal = self.plan(
            SAFETY,
            pid,
            title="Klotter saneras inom ett dygn",
            organisation=Organisation.KOMMUN,
            party="Fastighetsförvaltningen",
            owner="Fastighetschefen",
            start=date(y, 3, 1),
            due=date(y, 12, 31),
            objective="Nio av tio klotter är borta inom ett dygn.",
            mechanism="Klottret syns inte länge nog för att ge klottraren något.",
            technique=Technique.DENY_BENEFITS,
            horizon=TimeHorizon.LONG,
        )
        self.plan(
            SAFETY,
            pid,
            title="Belysning med rörelsevakt på gymnastiksalens baksida",
            organisation=Organisation.KOMMUN,
            party="Fastighetsförvaltningen",
            owner="Fastighetschefen",
            start=date(y, 11, 1),
            due=date(y + 1, 1, 31),
            objective="Baksidan är upplyst när någon rör sig där.",
            mechanism="Den som klottrar syns från gatan.",
            technique=Technique.ASSIST_NATURAL_SURVEILLANCE,
        )
        self.plan(
            SAFETY,
            pid,
            title="Elevrådet och lärarna genomför ett värdegrundsprojekt om skadegörelse",
            organisation=Organisation.SKOLA,
            party="Centrumskolan",
            owner="Rektorn",
            start=date(y + 1, 1, 15),
            due=date(y + 1, 5, 31),
            objective="Alla klasser i årskurs 7–9 har deltagit.",
            mechanism="Eleverna tar själva ställning mot skadegörelse på sin skola.",
            kind=ActionKind.SOCIAL,
            horizon=TimeHorizon.LONG,
        )
        self.app.start_action(SAFETY, pid, action_id=removal)
        self.app.record_effort(
            SAFETY,
            pid,
            organisation=Organisation.KOMMUN,
            partner="Fastighetsförvaltningen",
            hours=30,
            cost_sek=22000,
            action_id=removal,
        )
        return pid

    def drug_dealing_near_sports_ground(self) -> UUID:
        """Analysis: the whole triangle, data sources, hypothesis and baseline recorded."""
        y = self.year
        pid = self.identify(
            POLICE,
            title="Narkotikaförsäljning nära idrottsplatsen",
            description=(
                "Signaler om att narkotika säljs till unga på parkeringen bakom klubbstugan "
                "vid idrottsplatsen, kvällstid efter träningarna."
            ),
            place="Idrottsplatsen",
            source=ProblemSource.SITUATION_PICTURE,
            reported_by=f"Strategisk lägesbild {y}",
            frequency="Flera kvällar i veckan",
            harmed="Unga som tränar eller vistas vid idrottsplatsen",
            group_id=self.groups.youth,
        )
        self.pass_cheers(
            POLICE,
            pid,
            community="Föreningsledare och föräldrar har hört av sig till skolan och polisen.",
            harm="Unga riskerar att börja använda narkotika och dras in i kriminalitet.",
            expectation="Idrottsföreningarna har bett kommunen och polisen om hjälp.",
            events="Anmälda narkotikabrott och iakttagelser av försäljning.",
            recurring=f"9 anmälda narkotikabrott andra halvåret {y - 1}.",
            similarity="Samma plats och tid: parkeringen efter kvällsträningarna.",
        )
        self.app.prioritise(
            BRA,
            pid,
            priority=Priority.HIGH,
            reason="Allvarlig risk för unga; prioriterat i medborgarlöftet.",
        )
        self.link(pid, self.focus.young_people)
        self.app.start_analysis(POLICE, pid)
        self.record_findings(
            POLICE,
            pid,
            {
                T.OFFENDER: "Säljare som inte bor i kommunen kommer med bil kvällstid.",
                T.TARGET: "Ungdomar 14–17 år som tränar eller hänger vid idrottsplatsen.",
                T.PLACE: "Parkeringen bakom klubbstugan är mörk och syns inte från vägen.",
                T.HANDLER: "Tränare och föräldrar känner inte igen tecknen på narkotikabruk.",
                T.GUARDIAN: "Inga vuxna finns kvar efter att träningarna slutat kl. 20.",
                T.MANAGER: "Fritidsförvaltningen ansvarar för området men har ingen personal "
                "där kvällstid.",
            },
        )
        self.app.classify_repeat_pattern(
            POLICE,
            pid,
            pattern=RepeatPattern.REPEAT_PLACE,
            description="Nästan alla iakttagelser gäller parkeringen bakom klubbstugan.",
        )
        self.app.record_data_source(
            POLICE,
            pid,
            name="Polisens anmälningsstatistik, narkotikabrott",
            extracted_on=date(y, 3, 10),
            description="Brottsplats idrottsplatsen med omnejd.",
        )
        self.app.record_data_source(
            YOUTH_WORKER,
            pid,
            name="Drogvaneundersökningen i årskurs 9",
            extracted_on=date(y, 3, 1),
        )
        self.app.record_cause(
            POLICE,
            pid,
            description="Platsen är mörk och obevakad just när många unga passerar.",
        )
        self.app.describe_current_response(
            POLICE,
            pid,
            description="Polisen gör enstaka insatser; föreningarna har ingen gemensam rutin.",
        )
        self.app.state_hypothesis(
            POLICE,
            pid,
            hypothesis="Om parkeringen blir upplyst och vuxna finns på plats efter "
            "träningarna blir försäljningen för riskabel för säljarna.",
        )
        self.app.register_baseline(
            POLICE,
            pid,
            measure=measure(
                "Anmälda narkotikabrott med brottsplats idrottsplatsen per halvår",
                "Idrottsplatsen",
                year=y - 1,
                months=(7, 12),
                value=9,
                unit="anmälda brott",
            ),
        )
        return pid

    def unsafe_park(self) -> UUID:
        """Analysis, early: two findings and one data source so far."""
        y = self.year
        pid = self.identify(
            SAFETY,
            title="Otrygghet i Kungsparken kvällstid",
            description=(
                "Boende, särskilt kvinnor och äldre, undviker Kungsparken när det är mörkt. "
                "Det förekommer berusade personer och enstaka rån mot förbipasserande."
            ),
            place="Kungsparken",
            source=ProblemSource.SAFETY_WALK,
            reported_by="Trygghetsvandring i centrum",
            group_id=self.groups.town_centre,
        )
        self.pass_cheers(
            SAFETY,
            pid,
            community="Trygghetsvandringens deltagare pekade ut parken som otryggast.",
            harm="Rädsla som gör att många väljer andra vägar; enstaka rån.",
            expectation="Pensionärsorganisationerna har skrivit till kommunen.",
            events="Polisanmälningar och synpunkter till kommunen.",
            recurring="Återkommer i trygghetsmätningen år efter år.",
            similarity="Kvällstid under vinterhalvåret, längs samma gångstråk.",
        )
        self.link(pid, self.focus.town_centre)
        self.app.start_analysis(SAFETY, pid)
        self.record_findings(
            SAFETY,
            pid,
            {
                T.PLACE: "Flera armaturer är trasiga och buskagen skymmer gångstråken.",
                T.GUARDIAN: "Få människor rör sig i parken efter kl. 20 på vintern.",
            },
        )
        self.app.record_data_source(
            SAFETY, pid, name="Trygghetsvandringens protokoll", extracted_on=date(y, 4, 25)
        )
        return pid

    def storage_room_thefts(self) -> UUID:
        """Scanning, with CHEERS only partly answered."""
        pid = self.identify(
            POLICE,
            title="Stölder ur förråd och källare i Valla",
            description=(
                "Förråd och källarutrymmen i radhusområdena i Valla bryts upp; cyklar, verktyg "
                "och trädgårdsmaskiner stjäls."
            ),
            place="Valla",
            source=ProblemSource.COMPLAINT,
            reported_by="Grannsamverkan Valla",
            group_id=self.groups.neighbourhood_watch,
        )
        self.app.answer_cheers(
            POLICE,
            pid,
            question=C.COMMUNITY,
            met=True,
            evidence="Kontaktpersonen i grannsamverkan har fått många frågor från grannarna.",
        )
        self.app.answer_cheers(
            POLICE,
            pid,
            question=C.HARM,
            met=True,
            evidence="Ekonomisk skada och oro för nya inbrott.",
        )
        self.app.answer_cheers(
            POLICE,
            pid,
            question=C.EVENTS,
            met=True,
            evidence="Anmälda stölder ur förråd med brottsplats i Valla.",
        )
        self.link(pid, self.focus.burglary)
        return pid

    def loud_music_at_harbour(self) -> UUID:
        """Rejected: it does not pass CHEERS."""
        pid = self.identify(
            SAFETY,
            title="Bilar som spelar hög musik vid hamnen",
            description="Bilar som står parkerade vid hamnen spelar hög musik sena kvällar.",
            place="Hamnen",
            source=ProblemSource.COMPLAINT,
            reported_by="Klagomål till kommunen",
        )
        self.app.answer_cheers(
            SAFETY,
            pid,
            question=C.COMMUNITY,
            met=True,
            evidence="Två boende vid hamnen har klagat.",
        )
        self.app.answer_cheers(
            SAFETY,
            pid,
            question=C.HARM,
            met=False,
            evidence="Störningen är kortvarig; ingen beskriver skada eller rädsla.",
        )
        self.app.answer_cheers(
            SAFETY,
            pid,
            question=C.RECURRING,
            met=False,
            evidence="Två tillfällen under sommaren enligt klagomålen.",
        )
        self.app.reject(
            BRA,
            pid,
            reason="Uppfyller inte CHEERS: händelserna är få och ger ingen påtaglig skada. "
            "Klagomålen lämnas till miljöförvaltningen som en störningsfråga.",
        )
        return pid

    def bicycle_thefts_at_station(self) -> UUID:
        """Scanning, complete: CHEERS passed, prioritised, assigned, ready for analysis."""
        pid = self.identify(
            AREA_POLICE,
            title="Cykelstölder vid järnvägsstationen",
            description=(
                "Cyklar som pendlare ställer vid järnvägsstationen stjäls, oftast dagtid "
                "medan ägarna är på arbetet."
            ),
            place="Järnvägsstationen",
            source=ProblemSource.POLICE_STATISTICS,
            reported_by="Lokalpolisområde Västra Mälardalen",
            frequency="3–4 anmälda stölder i månaden",
            harmed="Pendlare",
        )
        self.pass_cheers(
            AREA_POLICE,
            pid,
            community="Pendlare tar upp stölderna i kommunens synpunktshantering.",
            harm="Ekonomisk skada; pendlare slutar cykla till stationen.",
            expectation="Pendlarföreningen har bett om säkrare cykelparkering.",
            events="Anmälda cykelstölder med brottsplats vid stationen.",
            recurring="Varje månad under hela förra året.",
            similarity="Samma cykelställ, dagtid på vardagar, cyklar med enkla lås.",
        )
        self.app.prioritise(
            BRA,
            pid,
            priority=Priority.MEDIUM,
            reason="Många drabbade men lägre allvar än problemen i medborgarlöftet.",
        )
        self.app.assign_group(BRA, pid, group_id=self.groups.town_centre)
        return pid

    def outboard_motor_thefts(self) -> UUID:
        """Response: actions planned, none started yet, due dates already passed."""
        y = self.year
        pid = self.identify(
            AREA_POLICE,
            title="Stölder av båtmotorer i hamnen",
            description="Utombordsmotorer stjäls från båtar i småbåtshamnen under båtsäsongen.",
            place="Hamnen",
            source=ProblemSource.POLICE_STATISTICS,
            reported_by="Lokalpolisområde Västra Mälardalen",
            frequency="Ett par stölder i månaden under båtsäsongen",
            harmed="Båtägare",
            group_id=self.groups.town_centre,
        )
        self.pass_cheers(
            AREA_POLICE,
            pid,
            community="Båtklubben tar upp stölderna på varje medlemsmöte.",
            harm="Stora ekonomiska förluster och höjda försäkringspremier.",
            expectation="Båtklubben har bett kommunen om grindar och belysning.",
            events="Anmälda stölder av båtmotorer.",
            recurring=f"7 anmälda stölder under båtsäsongen {y - 1}.",
            similarity="Samma bryggor, nattetid, omärkta motorer.",
        )
        self.app.start_analysis(AREA_POLICE, pid)
        self.record_findings(
            AREA_POLICE,
            pid,
            {
                T.TARGET: "Utombordsmotorer som ofta är omärkta och bara låsta med vingmuttrar.",
                T.PLACE: "Bryggorna är oupplysta och saknar grind.",
                T.GUARDIAN: "Båtklubben har ingen nattvakt.",
            },
        )
        self.app.state_hypothesis(
            AREA_POLICE,
            pid,
            hypothesis="Om motorerna märks och låses och bryggorna får grind minskar stölderna.",
        )
        self.app.register_baseline(
            AREA_POLICE,
            pid,
            measure=measure(
                "Anmälda stölder av båtmotorer per båtsäsong",
                "Hamnen",
                year=y - 1,
                months=(4, 10),
                value=7,
                unit="anmälda stölder",
            ),
        )
        self.app.complete_analysis(AREA_POLICE, pid)
        self.plan(
            AREA_POLICE,
            pid,
            title="Märkning av båtmotorer vid båtklubbens vårmöte",
            organisation=Organisation.FORENING,
            party="Båtklubben",
            owner="Båtklubbens ordförande",
            start=date(y, 4, 1),
            due=date(y, 5, 31),
            objective="Minst 80 motorer är märkta före midsommar.",
            mechanism="Märkta motorer är svåra att sälja vidare.",
            technique=Technique.IDENTIFY_PROPERTY,
        )
        self.plan(
            AREA_POLICE,
            pid,
            title="Grind med kodlås till bryggorna",
            organisation=Organisation.KOMMUN,
            party="Tekniska förvaltningen",
            owner="Hamnansvarig",
            start=date(y, 3, 1),
            due=date(y, 5, 15),
            objective="Grinden är på plats när båtsäsongen börjar.",
            mechanism="Bara båtägare kommer ut på bryggorna.",
            technique=Technique.CONTROL_ACCESS,
        )
        return pid
