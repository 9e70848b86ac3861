"""What a provider's policies must cover under nel (C5-C12, A1-A5, 7-12) and hips Appendix A.
One check per requirement; the cues are in the framework data.
"""

from __future__ import annotations

from safecom.rules.documents.checker import document_check
from safecom.rules.documents.engine import Context, evaluate
from safecom.rules.documents.intervals import (
    limit_finding,
    sentences_with,
    stated_months,
    stated_working_days,
)
from safecom.rules.documents.model import Finding, RequirementSpec


@document_check("hips A.1")
def hips_a_1_policy_commits_to_national_and_local_guidance(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """A commitment to comply with national and local guidance and single and multi-agency
    policies and procedures to safeguard and promote the welfare of children including:
    Children Act 1989 & 2004 Working Together to Safeguarding Children (2018) HIPS LSCP
    Child Protection Procedures Disclosure, Vetting & Barring Guidance Criminal record
    checks: guidance for employers Local Safeguarding Partnership guidance
    """
    return evaluate(ctx, requirement)


@document_check("hips A.2")
def hips_a_2_clear_accountability_for_safeguarding_a_senior(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """A clear line of accountability for safeguarding all children 0-18 years which is
    properly reflected within governance arrangements and senior management commitment to
    the importance of safeguarding and promoting children's welfare. The chief executive of
    any provider organisation takes ultimate responsibility for safeguarding within the
    organisation. Appropriate to the organisations size, providers will need to ensure there
    is a senior lead within the Board / Committee structures to take leadership
    responsibility for organisation's safeguarding arrangements. This person can demonstrate
    a sound working knowledge of safeguarding legislation and policy and their role is
    defined within organisation's governance structure including job description. A clear
    declaration of the provider's responsibility to protect from harm and abuse without
    exception, all children regardless of gender, sexuality, disability, ethnicity, faith or
    cultural background. The declaration towards safeguarding children is visible to all
    staff, volunteers and the public.
    """
    return evaluate(ctx, requirement)


@document_check("hips A.3")
def hips_a_3_recorded_processes_for_mash_referrals_and_the(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Clearly recorded processes for making referrals to the Multi-Agency Safeguarding Hub
    (MASH) and the HIPS LSCP escalation policy.
    """
    return evaluate(ctx, requirement)


@document_check("hips A.4")
def hips_a_4_safe_recruitment_and_managing_allegations(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Systems and processes for safe recruitment in line with national guidance and the
    managing of allegations against staff and volunteers that may pose a risk of harm to
    children (including a description of the role of the Local Authority Designated Officer
    (LADO) and contact details).
    """
    return evaluate(ctx, requirement)


@document_check("hips A.5")
def hips_a_5_training_strategy_for_all_staff_and_volunteers(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """An effective training strategy for all staff and volunteers that takes into account
    current safeguarding themes.
    """
    return evaluate(ctx, requirement)


@document_check("nel C5")
def nel_c5_whistleblowing_procedure_reflecting_freedom_to(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 5: Clear whistleblowing procedures which reflect the principles in Sir Robert
    Francis's Freedom to Speak Up Review. ... Providers should have clear whistleblowing
    procedures which are suitably referenced in staff training and codes of conduct. ...
    Providers should ensure that all staff are aware of the organisation's whistle-blowing
    policy and feel confident to voice concerns about the attitude or actions of colleagues.
    """
    return evaluate(ctx, requirement)


@document_check("nel C6")
def nel_c6_a_suite_of_safeguarding_children_policies_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 6: A suite of safeguarding policies and procedures including chaperoning. ...
    Providers should ensure that all strategies, policies and procedures should be
    consistent with national and local guidance. ... Each provider should have documents
    that describe the following processes for: ... Identifying and making referrals to
    children's social care. ... Ensuring that all patients – including those in adults only
    services - are routinely asked about dependents such as children, or about any caring
    responsibilities. ... Following up children "was not brought" to health appointments.
    ... Handling suspected fabricated or induced illness. ... Providing 24-hour advice to
    staff on safeguarding issues. ... All staff should be made aware of the above policies
    and procedures and know how to access them.
    """
    return evaluate(ctx, requirement)


@document_check("nel C7")
def nel_c7_escalation_policy_for_unresolved_child(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 7: Clear escalation policies for staff to follow when their child safeguarding
    concerns are not being addressed within their organisation or by other agencies. ...
    Providers should ensure that their safeguarding children policy covers how to resolve
    professional disagreements between workers/ agencies when working with children and
    families. ... Providers should ensure that all their staff know how to contact Named and
    Designated Professionals for advice in relation to safeguarding children. ... Provider's
    escalation policies should be consistent with that of the safeguarding children
    partners.
    """
    return evaluate(ctx, requirement)


@document_check("nel C8")
def nel_c8_information_sharing_processes_with_practitioners(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 8: Arrangements which set out clearly the processes for sharing information
    with other practitioners and with safeguarding partners. ... Providers should ensure
    that all their employees are confident and knowledgeable in relation to processes for
    sharing information. Such policies and processes should be in line General Data
    Protection Regulation 2018 and Information Sharing, HM Government 2018. ... All
    providers should ensure effective arrangements are in place to share information across
    the health economy to promote the wellbeing and safety of children. ... All referrals to
    children's social care about safeguarding concerns should include an analysis of the
    information and how this impacts on the child's safety. ... All providers must share
    information about their safeguarding children arrangements with safeguarding children
    partnership.
    """
    return evaluate(ctx, requirement)


@document_check("nel C10")
def nel_c10_safer_recruitment_policy_reviewed_at_least_every(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 10: Processes for safe recruitment and managing allegations against staff that
    may pose a risk of harm to children. ... Providers should have in place a safer
    recruitment policy consistent with guidance from the Disclosure and Barring Service and
    is regularly reviewed at a minimum of three yearly. ... Providers should ensure that
    appropriate safer recruitment training is provided to all staff involved in recruiting
    staff including temporary staff/agency. ... Providers must ensure that their safe
    recruitment policy takes into account the work of any volunteer, charity fund raisers or
    celebrities.
    """
    finding = evaluate(ctx, requirement)
    years = requirement.parameters.get("safer_recruitment_policy_review_years")
    if not years:
        return finding
    stated = [
        st
        for i in sentences_with(ctx, ("review",))
        if "recruit" in ctx.doc.folded[ctx.doc.sentences[i].start : ctx.doc.sentences[i].end]
        for st in stated_months(ctx, i)
    ]
    return limit_finding(
        finding,
        ctx,
        stated=stated,
        limit=years * 12,
        unit="months",
        what="the recruitment policy is reviewed",
    )


@document_check("nel C10.1")
def nel_c10_1_managing_allegations_against_staff_telling_the(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers should comply with London Child Protection Procedures, Part A, section 7 for
    responding when allegations are made against people who work with children and young
    people. Providers must have procedures on how to manage allegations against staff. This
    will include having a named senior allegation officer and a deputy who has overall
    responsibility for: ... Informing the Local Authority Designated Officer (LADO) and the
    CCG Designated Nurse and or Doctor for safeguarding with the details of any referrals of
    allegations against staff within one working day of the allegation being made. ... All
    staff need to be informed during their induction period of this procedure and how to
    access it and report any concerns.
    """
    finding = evaluate(ctx, requirement)
    days = requirement.parameters.get("lado_referral_working_days")
    if not days:
        return finding
    stated = [
        st
        for i in sentences_with(ctx, ("lado", "designated officer"))
        for st in stated_working_days(ctx, i)
    ]
    return limit_finding(
        finding, ctx, stated=stated, limit=days, unit="working days", what="the LADO is told"
    )


@document_check("nel C12")
def nel_c12_safeguarding_children_supervision_arrangements(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 12: Effective supervision arrangements. ... Commissioned organisations should
    have a document that describes arrangements to provide staff with safeguarding children
    supervision and support to: ... Clinical staff working with children and families should
    receive both clinical and safeguarding children supervision. ... The level of
    safeguarding children supervision provided should be commensurate with the degree and
    nature of contact that staff have with children and young people. ... A confidential
    service should be made available for staff for emotional support. ... The provider
    should be able to produce evidence of all staffs access to safeguarding children's
    supervision.
    """
    return evaluate(ctx, requirement)


@document_check("nel A1")
def nel_a1_safe_recruitment_policy_and_process_reviewed_at(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 1: Processes for safe recruitment and managing allegations against staff who
    work with adults with care and support needs ... have a safe recruitment policy and
    process consistent with guidance from NHS Employers and the Disclosure and Barring
    Service, which are regularly reviewed - as a minimum every three years ... ensure that
    safe recruitment training is provided to all staff involved in recruiting staff and
    volunteers ... ensure that all of the above policies and processes must take into
    account the work of volunteers, charity fund raisers and external visitors ... have
    audit arrangements in place that check the policies or processes are being implemented
    """
    finding = evaluate(ctx, requirement)
    years = requirement.parameters.get("safer_recruitment_policy_review_years")
    if not years:
        return finding
    stated = [
        st
        for i in sentences_with(ctx, ("review",))
        if "recruit" in ctx.doc.folded[ctx.doc.sentences[i].start : ctx.doc.sentences[i].end]
        for st in stated_months(ctx, i)
    ]
    return limit_finding(
        finding,
        ctx,
        stated=stated,
        limit=years * 12,
        unit="months",
        what="the recruitment policy is reviewed",
    )


@document_check("nel A1.1")
def nel_a1_1_policy_and_process_for_managing_allegations(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 1: Processes for safe recruitment and managing allegations against staff who
    work with adults with care and support needs ... have a policy and process for managing
    allegations against staff ... inform staff during their induction period of this policy
    and process and how to access it and report any concerns ... ensure that all of the
    above policies and processes must take into account the work of volunteers, charity fund
    raisers and external visitors
    """
    return evaluate(ctx, requirement)


@document_check("nel A2")
def nel_a2_adult_safeguarding_policies_procedures_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 2: Safeguarding strategies, policies and procedures including a Mental Capacity
    Act policy and a chaperoning policy ... all organisations should have adult safeguarding
    policies and procedures to assist those working with adults to develop swift and
    personalised safeguarding responses and to involve adults in decision making. ...
    commissioned organisations should provide internal guidelines (which relate clearly to
    local multi-agency procedures) and which set out staff responsibilities. ... These
    guidelines should also explain the rights of staff and how their employers will respond
    where abuse is alleged against them within either a criminal or disciplinary context.
    """
    return evaluate(ctx, requirement)


@document_check("nel A2.1")
def nel_a2_1_mental_capacity_act_policy(ctx: Context, requirement: RequirementSpec) -> Finding:
    """Providers should have a Mental Capacity Act (MCA) policy. The Mental Capacity Act: A
    guide for CCGs (NHS England 2014) provides guidance on what assurance CCGs should seek
    from providers in relation to MCA policy.
    """
    return evaluate(ctx, requirement)


@document_check("nel A2.2")
def nel_a2_2_chaperoning_policy_available_to_patients_with_a(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers should have a chaperoning policy and this should be made available to
    patients. There should be an identified managerial lead. Chaperones should receive
    training. Family members or friends should not undertake the chaperoning role. The
    presence of a chaperone must be the clear expressed choice of the patient; patients also
    have the right to decline a chaperone.
    """
    return evaluate(ctx, requirement)


@document_check("nel A2.3")
def nel_a2_3_prevent_policies_and_procedures_setting_out(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers should also have Prevent policies and procedures that set out their Prevent
    and Channel duties and advise staff about identifying Prevent concerns and making
    Channel referrals.
    """
    return evaluate(ctx, requirement)


@document_check("nel A3")
def nel_a3_consent_to_care_and_treatment_obtained_in_line(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 3: Policies, arrangements and records to ensure consent to care and treatment
    is obtained in line with legislation and guidance including the Mental Capacity Act 2005
    ... If a person lacks capacity to consent to being deprived of their liberty to receive
    care and treatment and this is believed to be in their best interests or will protect
    them from harm, then the Deprivation of Liberty Safeguards must be used. ... Provider
    policies should address how people who cannot consent will be identified, the role of
    the decision maker, who is responsible for carrying out assessments of capacity and who
    is trained and expected to carry out best interests decisions. They should make it clear
    what staff should do if uncertain about a patient's ability to make a specific decision
    and include a best interests decision making checklist. ... the service provider's
    Mental Capacity Act lead should ensure all advice and guidance is up to date.
    """
    return evaluate(ctx, requirement)


@document_check("nel A5")
def nel_a5_safeguarding_adults_supervision_arrangements_set(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Standard 5: Effective supervision arrangements for staff working with adults with care
    and support needs ... Commissioned organisations should have a document that describes
    arrangements to provide staff with safeguarding adults supervision and support to: ...
    All safeguarding adult supervision should be delivered by suitably qualified and
    experienced trainers and formally evaluated. ... Staff should be aware of how to contact
    their named professional(s) and the CCG Designated Adult Safeguarding Professional for
    complex issues or where concerns may have to be escalated.
    """
    return evaluate(ctx, requirement)


@document_check("nel 7.1")
def nel_7_1_consider_at_once_whether_a_serious_incident(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Where a Serious Incident (SI) is identified the provider should give immediate
    consideration as to whether or not the incident should also be escalated as a
    safeguarding concern. If advice is required, this should be sought from the
    organisation's named professionals.
    """
    return evaluate(ctx, requirement)


@document_check("nel 7.2")
def nel_7_2_policies_for_managing_safeguarding_related(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Provider organisations must have policies and procedures that describe how incidents and
    complaints that relate to any aspect of safeguarding children and/or adults are managed.
    These policies and procedures should include: ... a requirement to inform the relevant
    senior management lead for safeguarding within the organisation ... A requirement to
    inform the relevant safeguarding lead. ... Responsibilities for informing the relevant
    designated professionals. ... Reference to the organisation's and their staff's duty of
    candour responsibilities ... As and where required, notification to CQC and other
    regulatory bodies.
    """
    return evaluate(ctx, requirement)


@document_check("nel 7.3")
def nel_7_3_every_incident_review_includes_a_suitably(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """A review of any incident must include a suitably experienced senior person with
    safeguarding expertise. If advice is required, this should be sought from the
    organisation's safeguarding lead and/or local CCG's Designated professionals for
    safeguarding.
    """
    return evaluate(ctx, requirement)


@document_check("nel 8.2")
def nel_8_2_arrangements_to_respond_to_the_death_of_a_child(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Provider organisations must ensure that they have appropriate arrangements in place to
    respond to the death of a child and for undertaking Child Death Reviews consistent with
    Chapter 5 of Working Together 2018 and Child Death Review: Statutory and Operation
    Guidance HM Government 2018.
    """
    return evaluate(ctx, requirement)


@document_check("nel 9")
def nel_9_consent_policy_addressing_children_and_young(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """CQC Regulation 11 requires that Providers must make sure that they obtain the consent
    lawfully and that the person who obtains the consent has the necessary knowledge and
    understanding of the care and/or treatment that they are asking consent for. Any policy
    relating to consent should specifically address issues of consent for children and young
    people and detail how consent decisions are made for children lacking capacity.
    """
    return evaluate(ctx, requirement)


@document_check("nel 10.1")
def nel_10_1_hospital_environment_suited_to_the_age_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """If a child or young person is admitted to hospital for any health treatment,
    arrangements should be in place to ensure that the environment is suited to their age
    and development.
    """
    return evaluate(ctx, requirement)


@document_check("nel 10.2")
def nel_10_2_notify_the_local_authority_when_a_child_is_or(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """When a child has been, or will be accommodated in hospital for three months or more, the
    organisation must notify the local authority for the area where the child is ordinarily
    resident, or where the child is accommodated if this is unclear – so that the local
    authority can assess the child's needs and decide whether services are required under
    Section 85 of the Children Act 1989.
    """
    finding = evaluate(ctx, requirement)
    months = requirement.parameters.get("hospital_stay_notify_months")
    if not months:
        return finding
    stated = [
        st
        for i in sentences_with(ctx, ("hospital", "inpatient", "admitted"))
        if "notif" in ctx.doc.folded[ctx.doc.sentences[i].start : ctx.doc.sentences[i].end]
        for st in stated_months(ctx, i)
    ]
    return limit_finding(
        finding,
        ctx,
        stated=stated,
        limit=months,
        unit="months",
        what="the local authority is told after",
    )


@document_check("nel 11.1")
def nel_11_1_policies_on_children_visiting_inpatients_in(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """All inpatient mental health services must have policies and procedures relating to
    children visiting inpatients, as set out in the Guidance on the Visiting of Psychiatric
    Patients by Children (Department of Health, Health Service Circular / Local Authority
    Circular 1999).
    """
    return evaluate(ctx, requirement)


@document_check("nel 11.2")
def nel_11_2_consider_the_needs_of_children_whose_parent_or(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Mental health practitioners must consider the needs of children whose parent or relative
    is an inpatient – whether formal or informal – in a mental health unit, and make
    appropriate arrangements for them to visit if this is in the child's best interests.
    """
    return evaluate(ctx, requirement)


@document_check("nel 11.3")
def nel_11_3_assess_the_impact_on_dependent_children_of(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Mental health service providers should assess the impact on dependent children of the
    treatment provided for adults.
    """
    return evaluate(ctx, requirement)


@document_check("nel 11.4")
def nel_11_4_follow_good_practice_guidelines_for_young_people(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Mental health services must comply with good practice guidelines in relation to young
    people being managed within an inpatient setting.
    """
    return evaluate(ctx, requirement)


@document_check("nel 12.1")
def nel_12_1_notify_the_local_authority_and_ccg_of_young(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Clinicians/ practitioners must notify the Local Authority and the CCG of any young
    person with an EHCP who requires continuation of their health care arrangements into
    adulthood, and ensure an individual health transition plan is in place in accordance
    with their organisation's transition protocol.
    """
    return evaluate(ctx, requirement)
