"""Last year's four problems: closed, returned by lokala BRÅ, submitted, and under assessment."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from problemorienterat.demo._stories import (
    BRA,
    HOUSING,
    POLICE,
    SAFETY,
    YOUTH_CENTRE,
    YOUTH_WORKER,
    Stories,
    T,
    measure,
)
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.sara import (
    ActionKind,
    Outcome,
    Priority,
    ProblemSource,
    RepeatPattern,
    SpreadDimension,
    SpreadKind,
    Technique,
    TimeHorizon,
)


class LastYearsProblems(Stories):
    """Problems identified last year, now at the end of the SARA cycle."""

    def load(self) -> list[UUID]:
        """The problems in a fixed order, so their references are the same every time."""
        return [
            self.burglaries_in_valla(),
            self.laundry_room_vandalism(),
            self.moped_joyriding(),
            self.threats_at_youth_centre(),
        ]

    def burglaries_in_valla(self) -> UUID:
        """Closed: grannsamverkan, lighting and property marking halved the burglaries."""
        y = self.last_year
        pid = self.identify(
            POLICE,
            year=y,
            title="Bostadsinbrott i Valla",
            description=(
                "Återkommande inbrott i villor och radhus i Valla, främst dagtid på vardagar "
                "och under semesterperioder. Gärningspersonerna tar sig in via altandörrar "
                "och källarfönster på husens baksida."
            ),
            place="Valla",
            source=ProblemSource.POLICE_STATISTICS,
            reported_by="Kommunpolisen, lokalpolisområde Västra Mälardalen",
            frequency="10–15 anmälda inbrott per halvår",
            harmed="Boende i Valla, särskilt äldre som bor ensamma",
            group_id=self.groups.neighbourhood_watch,
        )
        self.pass_cheers(
            POLICE,
            pid,
            community="Boende i Valla tar upp inbrotten vid medborgardialogen och i "
            "trygghetsmätningen.",
            harm="Ekonomisk skada och stark otrygghet; flera drabbade säger att de inte vågar "
            "lämna bostaden tom.",
            expectation="Boendeföreningen har skriftligen bett kommunen och polisen att agera.",
            events="Anmälda bostadsinbrott med brottsplats i Valla.",
            recurring=f"14 anmälda inbrott andra halvåret {y - 1}, spridda över alla månader.",
            similarity="Samma tillvägagångssätt: altandörrar på baksidan bryts upp dagtid när "
            "ingen är hemma.",
        )
        self.app.prioritise(
            BRA,
            pid,
            priority=Priority.HIGH,
            reason="Många drabbade hushåll och tydlig förväntan från de boende.",
        )
        self.link(pid, self.focus.burglary)
        self.app.start_analysis(POLICE, pid)
        self.record_findings(
            POLICE,
            pid,
            {
                T.OFFENDER: "Polisen bedömer att ett fåtal gärningspersoner från andra orter "
                "står för de flesta inbrotten; de kommer med bil.",
                T.TARGET: "Villor och radhus med altandörrar mot skogsdungen, ofta tomma dagtid.",
                T.PLACE: "Gångvägar och en skogsdunge bakom husen ger skyddade vägar in och ut "
                "utan insyn.",
                T.GUARDIAN: "Få grannar är hemma dagtid och det finns ingen organiserad "
                "grannsamverkan.",
                T.MANAGER: "Kommunens parkenhet ansvarar för skogsdungen; buskagen har inte "
                "röjts på flera år.",
            },
        )
        self.app.classify_repeat_pattern(
            POLICE,
            pid,
            pattern=RepeatPattern.REPEAT_PLACE,
            description="Sex av de fjorton inbrotten skedde i samma kvarter.",
        )
        self.app.record_data_source(
            POLICE,
            pid,
            name="Polisens anmälningsstatistik, bostadsinbrott",
            extracted_on=date(y, 1, 20),
            description=f"Anmälda brott andra halvåret {y - 1} med brottsplats i Valla.",
        )
        self.app.record_data_source(
            SAFETY, pid, name=f"Trygghetsmätningen {y - 1}", extracted_on=date(y, 1, 10)
        )
        self.app.record_cause(
            POLICE,
            pid,
            description="Bristande insyn bakom husen och svaga altandörrar gör det lätt att "
            "ta sig in oupptäckt.",
        )
        self.app.describe_current_response(
            POLICE,
            pid,
            description="Polisen utreder anmälda inbrott men har ingen förebyggande närvaro i "
            "området.",
        )
        self.app.state_hypothesis(
            POLICE,
            pid,
            hypothesis="Om insynen bakom husen ökar och grannarna håller uppsikt genom "
            "grannsamverkan blir det svårare att ta sig in oupptäckt, och inbrotten minskar.",
        )
        indicator = "Anmälda bostadsinbrott per halvår"
        self.app.register_baseline(
            POLICE,
            pid,
            measure=measure(
                indicator, "Valla", year=y - 1, months=(7, 12), value=14, unit="inbrott"
            ),
        )
        self.app.complete_analysis(POLICE, pid)
        watch = self.plan(
            POLICE,
            pid,
            title="Starta grannsamverkan i Valla",
            organisation=Organisation.POLIS,
            party="Lokalpolisområde Västra Mälardalen",
            owner="Kommunpolisen",
            start=date(y, 2, 1),
            due=date(y, 4, 30),
            objective="Minst 60 procent av hushållen i Valla är anslutna till grannsamverkan "
            "senast den 30 april.",
            mechanism="Grannar som håller uppsikt ökar risken att bli upptäckt.",
            technique=Technique.EXTEND_GUARDIANSHIP,
            horizon=TimeHorizon.LONG,
        )
        lighting = self.plan(
            SAFETY,
            pid,
            title="Röja buskage och förbättra belysningen på gångvägarna bakom husen",
            organisation=Organisation.KOMMUN,
            party="Tekniska förvaltningen",
            owner="Parkchefen",
            start=date(y, 3, 1),
            due=date(y, 5, 31),
            objective="Alla gångvägar bakom husen har fri sikt och fungerande belysning "
            "senast den 31 maj.",
            mechanism="Bättre insyn gör att den som rör sig bakom husen syns.",
            technique=Technique.ASSIST_NATURAL_SURVEILLANCE,
        )
        marking = self.plan(
            POLICE,
            pid,
            title="Erbjuda hembesök med inbrottsskyddsråd och stöldmärkning",
            organisation=Organisation.POLIS,
            party="Lokalpolisområde Västra Mälardalen",
            owner="Kommunpolisen",
            start=date(y, 4, 1),
            due=date(y, 6, 30),
            objective="Minst 40 hushåll har fått besök och märkningssats senast den 30 juni.",
            mechanism="Märkt egendom är svårare att sälja; förstärkta dörrar tar längre tid "
            "att bryta upp.",
            technique=Technique.IDENTIFY_PROPERTY,
        )
        for action_id in (watch, lighting, marking):
            self.app.start_action(POLICE, pid, action_id=action_id)
            self.app.complete_action(POLICE, pid, action_id=action_id)
        self.app.record_effort(
            POLICE,
            pid,
            organisation=Organisation.POLIS,
            partner="Lokalpolisområde Västra Mälardalen",
            hours=60,
            action_id=watch,
        )
        self.app.record_effort(
            SAFETY,
            pid,
            organisation=Organisation.KOMMUN,
            partner="Tekniska förvaltningen",
            hours=80,
            cost_sek=45000,
            action_id=lighting,
        )
        self.app.record_effort(
            HOUSING,
            pid,
            organisation=Organisation.BOSTADSBOLAG,
            partner="Kommunala bostadsbolaget",
            hours=12,
            note="Lokal och inbjudan till informationsträffen.",
        )
        self.app.start_assessment(POLICE, pid)
        self.app.evaluate_process(
            POLICE,
            pid,
            summary="Alla tre åtgärderna genomfördes. Belysningen blev klar tre veckor sent "
            "på grund av leveransproblem.",
            carried_out_as_planned=True,
        )
        self.app.record_follow_up(
            POLICE,
            pid,
            measure=measure(indicator, "Valla", year=y, months=(7, 12), value=6, unit="inbrott"),
        )
        self.app.record_spread(
            POLICE,
            pid,
            kind=SpreadKind.DIFFUSION_OF_BENEFITS,
            dimension=SpreadDimension.PLACE,
            description="Inbrotten minskade också i angränsande bostadsområden, där inga "
            "åtgärder gjordes.",
        )
        self.app.judge_outcome(
            POLICE,
            pid,
            outcome=Outcome.REDUCED,
            motivation="Anmälda bostadsinbrott i Valla minskade från 14 till 6 per halvår, "
            "mätt på samma sätt och under jämförbar period; ingen förflyttning syns.",
        )
        self.app.record_lesson(
            POLICE,
            pid,
            lesson="Grannsamverkan fick snabbt fäste när bostadsbolaget bjöd in till "
            "informationsträffen. Börja där nästa gång.",
        )
        self.app.submit_assessment(POLICE, pid)
        self.app.approve_assessment(
            BRA,
            pid,
            comments="Väl genomfört och tydligt uppföljt. Erfarenheterna används när "
            "grannsamverkan sprids till fler områden.",
        )
        self.app.close_problem(BRA, pid)
        return pid

    def laundry_room_vandalism(self) -> UUID:
        """Assessment returned by lokala BRÅ: the follow-up period is not comparable."""
        y = self.last_year
        pid = self.identify(
            HOUSING,
            year=y,
            title="Skadegörelse i tvättstugor i flerbostadshus",
            description=(
                "Tvättmaskiner, torkskåp och belysning i tvättstugorna i bostadsbolagets hus "
                "i centrum förstörs kvällstid. Hyresgäster undviker att tvätta efter kl. 18."
            ),
            place="Bostadsbolagets flerbostadshus i centrum",
            source=ProblemSource.COMPLAINT,
            reported_by="Kommunala bostadsbolaget",
            frequency="3–5 tillfällen per månad",
            harmed="Hyresgäster och bostadsbolaget",
            group_id=self.groups.town_centre,
        )
        self.pass_cheers(
            HOUSING,
            pid,
            community="Hyresgästföreningen tar upp skadegörelsen på varje husmöte.",
            harm="Kostnader för reparationer och hyresgäster som inte kan tvätta.",
            expectation="Hyresgästerna har krävt åtgärder av bostadsbolaget skriftligen.",
            events="Felanmälningar om skadegörelse i tvättstugor.",
            recurring="13 felanmälningar under årets första kvartal.",
            similarity="Samma tvättstugor, kvällstid, genom dörrar som ställts upp.",
        )
        self.app.start_analysis(HOUSING, pid)
        self.record_findings(
            HOUSING,
            pid,
            {
                T.OFFENDER: "Skadegörelsen sker kvällstid av ungdomar som inte bor i husen.",
                T.PLACE: "Tvättstugorna ligger i källarplan med egen entré utan passersystem.",
                T.MANAGER: "Bostadsbolaget har ingen rutin för att kontrollera dörrarna kvällstid.",
            },
        )
        self.app.record_data_source(
            HOUSING, pid, name="Bostadsbolagets felanmälningar", extracted_on=date(y, 4, 5)
        )
        self.app.state_hypothesis(
            HOUSING,
            pid,
            hypothesis="Om obehöriga inte kan ta sig in i tvättstugorna kvällstid upphör "
            "skadegörelsen.",
        )
        indicator = "Felanmälningar om skadegörelse i tvättstugor per kvartal"
        area = "Bostadsbolagets hus i centrum"
        self.app.register_baseline(
            HOUSING,
            pid,
            measure=measure(
                indicator, area, year=y, months=(1, 3), value=13, unit="felanmälningar"
            ),
        )
        self.app.complete_analysis(HOUSING, pid)
        access = self.plan(
            HOUSING,
            pid,
            title="Passersystem med tagg på tvättstugornas entréer",
            organisation=Organisation.BOSTADSBOLAG,
            party="Kommunala bostadsbolaget",
            owner="Bostadsförvaltaren",
            start=date(y, 4, 15),
            due=date(y, 5, 31),
            objective="Alla fem tvättstugeentréer har passersystem senast den 31 maj.",
            mechanism="Bara de som bor i huset kommer in.",
            technique=Technique.CONTROL_ACCESS,
        )
        closers = self.plan(
            HOUSING,
            pid,
            title="Dörrstängare och larm på dörrar som ställs upp",
            organisation=Organisation.BOSTADSBOLAG,
            party="Kommunala bostadsbolaget",
            owner="Bostadsförvaltaren",
            start=date(y, 4, 15),
            due=date(y, 4, 30),
            objective="Inga källardörrar står uppställda efter kl. 20.",
            mechanism="Dörrarna går inte att lämna öppna för obehöriga.",
            technique=Technique.TARGET_HARDEN,
        )
        outreach = self.plan(
            SAFETY,
            pid,
            title="Fältsekreterare söker upp ungdomarna som samlas i trapphusen",
            organisation=Organisation.KOMMUN,
            party="Fältgruppen",
            owner="Fältsekreteraren",
            start=date(y, 5, 1),
            due=date(y, 6, 30),
            objective="Ungdomarna har erbjudits andra mötesplatser före sommarlovet.",
            mechanism="Kontakt med vuxna och alternativ till trapphusen.",
            kind=ActionKind.SOCIAL,
        )
        self.app.start_action(HOUSING, pid, action_id=closers)
        self.app.complete_action(HOUSING, pid, action_id=closers)
        self.app.start_action(HOUSING, pid, action_id=access)
        self.app.record_deviation(
            HOUSING,
            pid,
            action_id=access,
            reason="Leveransen av passersystemet försenades; två av fem entréer var klara i juni.",
        )
        self.app.complete_action(HOUSING, pid, action_id=access)
        self.app.cancel_action(
            SAFETY,
            pid,
            action_id=outreach,
            reason="Ungdomarna slutade samlas i trapphusen när dörrarna började gå i lås.",
        )
        self.app.record_effort(
            HOUSING,
            pid,
            organisation=Organisation.BOSTADSBOLAG,
            partner="Kommunala bostadsbolaget",
            hours=40,
            cost_sek=185000,
            action_id=access,
        )
        self.app.start_assessment(HOUSING, pid)
        self.app.evaluate_process(
            HOUSING,
            pid,
            summary="Passersystemet kom på plats sex veckor sent. Den sociala insatsen "
            "ställdes in eftersom den inte längre behövdes.",
            carried_out_as_planned=False,
        )
        self.app.record_follow_up(
            HOUSING,
            pid,
            measure=measure(indicator, area, year=y, months=(7, 9), value=9, unit="felanmälningar"),
        )
        self.app.judge_outcome(
            HOUSING,
            pid,
            outcome=Outcome.REDUCED,
            motivation="Felanmälningarna minskade från 13 till 9 per kvartal.",
        )
        self.app.submit_assessment(HOUSING, pid)
        self.app.return_assessment(
            BRA,
            pid,
            comments="Första och tredje kvartalet skiljer sig i hur mycket tvättstugorna "
            "används. Jämför med samma kvartal året innan och undersök om skadegörelsen har "
            "flyttat till cykelrum och förråd innan uppföljningen lämnas in igen.",
        )
        return pid

    def moped_joyriding(self) -> UUID:
        """Assessment submitted, waiting for lokala BRÅ's review."""
        y = self.last_year
        pid = self.identify(
            YOUTH_WORKER,
            year=y,
            title="Buskörning med moped på gång- och cykelvägar",
            description=(
                "Ungdomar kör trimmade mopeder i hög fart på gång- och cykelvägarna längs ån "
                "och runt idrottsplatsen, kvällstid under sommarhalvåret."
            ),
            place="Gång- och cykelvägar i tätorten",
            source=ProblemSource.CITIZEN_DIALOGUE,
            reported_by="Kommunens medborgardialog",
            frequency="Flera kvällar i veckan från maj till september",
            harmed="Gående och cyklister, särskilt barn och äldre",
            group_id=self.groups.youth,
        )
        self.pass_cheers(
            YOUTH_WORKER,
            pid,
            community="Buskörningen var den vanligaste frågan vid medborgardialogen.",
            harm="Flera olyckstillbud med barn; äldre undviker gång- och cykelvägarna.",
            expectation="Boende har lämnat 31 klagomål till kommunen och polisen.",
            events="Klagomål och polisens iakttagelser av mopeder på gång- och cykelvägar.",
            recurring="Återkommer varje sommarhalvår sedan flera år.",
            similarity="Samma sträckor, kvällstid, trimmade mopeder.",
        )
        self.link(pid, self.focus.young_people)
        self.app.start_analysis(YOUTH_WORKER, pid)
        self.record_findings(
            YOUTH_WORKER,
            pid,
            {
                T.OFFENDER: "En grupp om 8–10 ungdomar 15–17 år med trimmade mopeder.",
                T.HANDLER: "Vårdnadshavarna känner ofta inte till att mopederna är trimmade.",
                T.PLACE: "Långa raksträckor utan hinder längs ån.",
            },
        )
        self.app.classify_repeat_pattern(
            POLICE,
            pid,
            pattern=RepeatPattern.REPEAT_OFFENDER,
            description="Samma fordon återkommer i polisens kontroller.",
        )
        self.app.record_data_source(
            YOUTH_WORKER, pid, name="Klagomål till kommunen", extracted_on=date(y, 3, 1)
        )
        self.app.record_data_source(
            POLICE, pid, name="Polisens trafikkontroller", extracted_on=date(y, 3, 1)
        )
        self.app.state_hypothesis(
            YOUTH_WORKER,
            pid,
            hypothesis="Om raksträckorna får fysiska hinder och vårdnadshavarna görs "
            "uppmärksamma på trimningen minskar buskörningen.",
        )
        indicator = "Klagomål om buskörning med moped per sommarhalvår"
        area = "Kungsörs tätort"
        self.app.register_baseline(
            YOUTH_WORKER,
            pid,
            measure=measure(indicator, area, year=y - 1, months=(4, 9), value=31, unit="klagomål"),
        )
        self.app.complete_analysis(YOUTH_WORKER, pid)
        actions = [
            self.plan(
                SAFETY,
                pid,
                title="Farthinder på gång- och cykelvägen längs ån",
                organisation=Organisation.KOMMUN,
                party="Tekniska förvaltningen",
                owner="Gatuchefen",
                start=date(y, 4, 1),
                due=date(y, 5, 15),
                objective="Fem farthinder på plats före maj.",
                mechanism="Hindren gör det omöjligt att köra fort.",
                technique=Technique.DEFLECT_OFFENDERS,
            ),
            self.plan(
                YOUTH_WORKER,
                pid,
                title="Brev och samtal med vårdnadshavare",
                organisation=Organisation.KOMMUN,
                party="Fältgruppen",
                owner="Fältsekreteraren",
                start=date(y, 4, 1),
                due=date(y, 6, 15),
                objective="Alla vårdnadshavare till kända förare har fått brev och erbjudits "
                "samtal.",
                mechanism="Vårdnadshavare som vet om trimningen kan sätta gränser.",
                kind=ActionKind.SOCIAL,
            ),
            self.plan(
                POLICE,
                pid,
                title="Riktade kontroller av trimmade mopeder",
                organisation=Organisation.POLIS,
                party="Lokalpolisområde Västra Mälardalen",
                owner="Kommunpolisen",
                start=date(y, 5, 1),
                due=date(y, 9, 30),
                objective="Minst en kontroll i veckan under sommarhalvåret.",
                mechanism="Risken att bli stoppad och få mopeden avställd ökar.",
                technique=Technique.STRENGTHEN_FORMAL_SURVEILLANCE,
            ),
        ]
        for action_id in actions:
            self.app.start_action(YOUTH_WORKER, pid, action_id=action_id)
            self.app.complete_action(YOUTH_WORKER, pid, action_id=action_id)
        self.app.record_effort(
            POLICE,
            pid,
            organisation=Organisation.POLIS,
            partner="Lokalpolisområde Västra Mälardalen",
            hours=90,
            action_id=actions[2],
        )
        self.app.record_effort(
            YOUTH_WORKER,
            pid,
            organisation=Organisation.KOMMUN,
            partner="Fältgruppen",
            hours=35,
            action_id=actions[1],
        )
        self.app.start_assessment(YOUTH_WORKER, pid)
        self.app.evaluate_process(
            YOUTH_WORKER,
            pid,
            summary="Alla åtgärder genomfördes enligt plan.",
            carried_out_as_planned=True,
        )
        self.app.record_follow_up(
            YOUTH_WORKER,
            pid,
            measure=measure(indicator, area, year=y, months=(4, 9), value=12, unit="klagomål"),
        )
        self.app.record_spread(
            YOUTH_WORKER,
            pid,
            kind=SpreadKind.DISPLACEMENT,
            dimension=SpreadDimension.PLACE,
            description="En del av buskörningen flyttade till grusvägarna vid hamnen.",
        )
        self.app.judge_outcome(
            YOUTH_WORKER,
            pid,
            outcome=Outcome.REDUCED,
            motivation="Klagomålen minskade från 31 till 12 under sommarhalvåret, men en del "
            "av problemet flyttade till hamnen.",
        )
        self.app.submit_assessment(YOUTH_WORKER, pid)
        return pid

    def threats_at_youth_centre(self) -> UUID:
        """Assessment under way: the process is evaluated, the follow-up is not yet measured."""
        y = self.last_year
        pid = self.identify(
            YOUTH_CENTRE,
            year=y,
            title="Hot och trakasserier mot personal på fritidsgården",
            description=(
                "Personalen på fritidsgården utsätts för hot och trakasserier från några "
                "äldre besökare, särskilt fredagskvällar."
            ),
            place="Fritidsgården",
            source=ProblemSource.STAFF_DIALOGUE,
            reported_by="Fritidsgårdens personal",
            frequency="Varje vecka under vårterminen",
            harmed="Personalen och de yngre besökarna",
            group_id=self.groups.youth,
        )
        self.pass_cheers(
            YOUTH_CENTRE,
            pid,
            community="Personal och besökare beskriver stämningen som otrygg.",
            harm="Två anställda har varit sjukskrivna; yngre besökare har slutat komma.",
            expectation="Fackliga företrädare och föräldrar har krävt åtgärder.",
            events="Incidentrapporter om hot mot personal.",
            recurring="11 incidentrapporter under vårterminen.",
            similarity="Samma tid på veckan och samma situation: personal ensam i entrén.",
        )
        self.link(pid, self.focus.young_people)
        self.app.start_analysis(YOUTH_CENTRE, pid)
        self.record_findings(
            YOUTH_CENTRE,
            pid,
            {
                T.OFFENDER: "Ett fåtal äldre besökare som inte längre hör till målgruppen.",
                T.GUARDIAN: "Personalen är ofta ensam i tjänst kvällstid.",
                T.PLACE: "Entrén syns inte från personalrummet.",
            },
        )
        self.app.state_hypothesis(
            YOUTH_CENTRE,
            pid,
            hypothesis="Om personalen inte är ensam i tjänst och reglerna är tydliga minskar "
            "hoten.",
        )
        indicator = "Incidentrapporter om hot mot personal per termin"
        self.app.register_baseline(
            YOUTH_CENTRE,
            pid,
            measure=Measure.of(
                indicator=indicator,
                area="Fritidsgården",
                period_start=date(y, 1, 9),
                period_end=date(y, 6, 15),
                value=11,
                unit="incidentrapporter",
            ),
        )
        self.app.complete_analysis(YOUTH_CENTRE, pid)
        actions = [
            self.plan(
                YOUTH_CENTRE,
                pid,
                title="Dubbelbemanning fredag och lördag kväll",
                organisation=Organisation.KOMMUN,
                party="Fritidsgården",
                owner="Fritidsgårdens föreståndare",
                start=date(y, 8, 18),
                due=date(y, 12, 19),
                objective="Aldrig ensam personal efter kl. 18 på helger.",
                mechanism="Fler vuxna på plats ökar tryggheten och risken att bli upptäckt.",
                technique=Technique.EXTEND_GUARDIANSHIP,
            ),
            self.plan(
                YOUTH_CENTRE,
                pid,
                title="Ordningsregler som besökarna tar fram tillsammans med personalen",
                organisation=Organisation.KOMMUN,
                party="Fritidsgården",
                owner="Fritidsgårdens föreståndare",
                start=date(y, 8, 18),
                due=date(y, 9, 30),
                objective="Reglerna är antagna vid ett husmöte och uppsatta i entrén.",
                mechanism="Tydliga regler som besökarna själva står bakom.",
                technique=Technique.SET_RULES,
            ),
        ]
        for action_id in actions:
            self.app.start_action(YOUTH_CENTRE, pid, action_id=action_id)
            self.app.complete_action(YOUTH_CENTRE, pid, action_id=action_id)
        self.app.start_assessment(YOUTH_CENTRE, pid)
        self.app.evaluate_process(
            YOUTH_CENTRE,
            pid,
            summary="Dubbelbemanningen infördes vecka 34 och reglerna antogs vid ett husmöte i "
            "september.",
            carried_out_as_planned=True,
        )
        return pid
