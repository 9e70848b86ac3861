"""What a provider's policies must cover under the Dorset standards (0.1-5.2). One check per
requirement; the cues are in the framework data.
"""

from __future__ import annotations

from dataclasses import replace

from safecom.rules.documents.checker import document_check
from safecom.rules.documents.engine import Context, evaluate, quote_span
from safecom.rules.documents.intervals import limit_finding, sentences_with, stated_months
from safecom.rules.documents.model import MET, PARTLY_MET, Finding, RequirementSpec


@document_check("dorset 0.1")
def dorset_0_1_policies_and_practices_follow_the_pdscp(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """These policies and practices must be in line with the Pan-Dorset Safeguarding Children
    Partnership policies and procedures (PDSCP) manual and follow Working Together to
    Safeguard Children.
    """
    return evaluate(ctx, requirement)


@document_check("dorset 0.2")
def dorset_0_2_education_providers_including_alternative(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """All commissioned education providers, including alternative provision, must also
    following the latest version of Keeping Children Safe in Education (KCSiE), which is
    updated each September.
    """
    finding = evaluate(ctx, requirement)
    stale = [
        w
        for w in ctx.warnings
        if w.code == "superseded_edition" and "Keeping Children Safe" in w.message
    ]
    if finding.status != MET or not stale:
        return finding
    # "The latest version": citing an edition no longer in force is short of the source.
    return replace(
        finding,
        status=PARTLY_MET,
        evidence=(quote_span(ctx, stale[0].char_start, stale[0].char_end), *finding.evidence),
        explanation=f"Partly met (page {stale[0].page}): {stale[0].message}",
        missing=("the latest edition of Keeping Children Safe in Education",),
    )


@document_check("dorset 0.5")
def dorset_0_5_services_for_young_adults_aged_18_to_25_follow(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """If your service relates to adults aged 18 to 25 years, commissioned providers must also
    ensure that your policy is in line with policies and procedures under Dorset
    Safeguarding Adults Board.
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1")
def dorset_1_up_to_date_safeguarding_policies_and_procedures(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers must have up-to-date safeguarding policies and procedures."""
    return evaluate(ctx, requirement)


@document_check("dorset 1.1.1")
def dorset_1_1_1_policy_covers_indicators_of_abuse_and_neglect(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers must include information on reporting concerns about children in the policy,
    covering: information on potential indicators of abuse or neglect and how to recognise
    and respond to concerns
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.1.2")
def dorset_1_1_2_named_designated_safeguarding_lead_and_deputy(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers must include information on reporting concerns about children in the policy,
    covering: ... a named person and deputy that all staff are aware leads on safeguarding
    and deals with relevant concerns; Designated Safeguarding Lead (DSL) and deputy DSL
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.1.3")
def dorset_1_1_3_concerns_reported_immediately_to_the_dsl_or(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """how individual staff and volunteers who are concerned that a child has or may have been
    abused, is required to report this immediately to the Designated Safeguarding
    Lead/deputy and consider with them a referral to the relevant locality team or
    Children's Advice and Duty Service (ChAD)
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.1.4")
def dorset_1_1_4_policy_explains_recording_storing_and_sharing_of(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """The policy should include information on recording, storing and sharing of information"""
    return evaluate(ctx, requirement)


@document_check("dorset 1.1.5")
def dorset_1_1_5_policy_details_effective_inter_agency_working_on(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """The policy must detail how you will ensure effective inter-agency working around
    safeguarding
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.1.6")
def dorset_1_1_6_online_safety_policy_covering_it_and_phones(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers will have a policy or section within their safeguarding policy on online
    safety that includes: use of personal/organisations IT system and/or mobile phones
    taking, storing and destructing photographs and videos of children expectations
    regarding an individual's behaviour, conduct and interaction when using all social
    media. This includes contact with parents and children who use the providers services
    appropriate lines of intervention, response and protection following any internet safety
    incident how to ensure the leadership team and relevant staff: are aware of and
    understand the system for online safety is in place manage them effectively understand
    how to escalate concerns when identified
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.1.7")
def dorset_1_1_7_schools_and_colleges_review_the_effectiveness_of(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers will have a policy or section within their safeguarding policy on online
    safety that includes: ... for schools or colleges or educational provider; how to review
    the effectiveness of filtering and monitoring system, to limit children's exposure of
    online risk from the school/colleges IT System
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.2.1")
def dorset_1_2_1_safer_recruitment_policy_in_line_with_pdscp(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers must ensure their safeguarding policy: is in line with the PDSCP guidance on
    safer recruitment practices.
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.2.2")
def dorset_1_2_2_recruitment_process_for_paid_volunteer_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """details the recruitment process for paid staff, volunteers and agency staff, which
    should include as a minimum: planning advertising scrutinising shortlisting references
    interviews DBS (including online search) and other suitability checks
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.2.3")
def dorset_1_2_3_compliance_with_government_criteria_for_dbs(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """how the governments criteria for DBS checks and risk assessments for convictions or
    concerns is complied with
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.2.4")
def dorset_1_2_4_staff_responsible_for_recruitment_expected_to(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """outlines expectations that staff responsible for recruitment undertake safer recruitment
    training
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.2.5")
def dorset_1_2_5_at_least_one_interview_panel_member_has_safer(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """explains that at least one member of interview panels must undertake safer recruitment
    training.
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.2.6")
def dorset_1_2_6_all_staff_and_volunteers_in_regulated_activity(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """requires all staff/volunteers working in regulated activity to be DBS checked."""
    return evaluate(ctx, requirement)


@document_check("dorset 1.2.7")
def dorset_1_2_7_expectations_on_induction_and_supervision(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """covers expectations regarding induction and supervision"""
    return evaluate(ctx, requirement)


@document_check("dorset 1.2.8")
def dorset_1_2_8_safer_recruitment_policy_references_staff(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """references staff records (see section 2)"""
    return evaluate(ctx, requirement)


@document_check("dorset 1.2.9")
def dorset_1_2_9_process_for_dealing_with_convictions_soft(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """To manage a positive DBS disclosure (stating a criminal conviction or caution),
    providers will ensure: your policy includes the process of dealing with convictions,
    relevant 'soft' information and third-party information
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.3")
def dorset_1_3_managing_allegations_procedures_in_place_known(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers must ensure you have clear internal procedures and policies for managing
    allegations against staff and volunteers and that this is known by and operated by
    everyone in your organisation, either as part of your safeguarding policy or as a
    standalone policy.
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.3.1")
def dorset_1_3_1_managing_allegations_policy_aligned_with_pdscp(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """These should: be aligned with PDSCP managing allegations procedures"""
    return evaluate(ctx, requirement)


@document_check("dorset 1.3.2")
def dorset_1_3_2_named_designated_senior_manager_and_deputy_for(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """include the name and contact details of the designated senior manager to whom an
    allegation or concern should be reported and deputy in their absence
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.3.3")
def dorset_1_3_3_process_when_the_designated_senior_manager_or(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """describe the process if the designated senior manager or deputy is the subject of the
    allegation or concern
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.3.4")
def dorset_1_3_4_policy_covers_confidentiality_support_response(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """contain managing confidentiality, providing support, how to respond to an allegation or
    concern, disciplinary process, record keeping, monitoring progress and learning lessons
    process
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.3.5")
def dorset_1_3_5_named_officer_reports_all_allegations_to_the(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """include a named officer who will report all allegations to the Local Authority
    Safeguarding Officer (LADO) as appropriate and continue to liaise as appropriate, in
    accordance with the PDSCP procedures
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.3.7")
def dorset_1_3_7_sole_traders_and_self_employed_providers_also(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """The requirement to have a managing allegation policy includes providers working alone
    for example self-employed or sole-traders.
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.4")
def dorset_1_4_clear_whistleblowing_guidance(ctx: Context, requirement: RequirementSpec) -> Finding:
    """Providers recognise the importance of raising concerns at work in the public interest or
    'whistleblowing' and must have a clear guidance for 'whistleblowing'.
    """
    return evaluate(ctx, requirement)


@document_check("dorset 1.5")
def dorset_1_5_code_of_conduct_covering_technology_low_level(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Providers should have an effectively implemented code of conduct which covers staff
    behaviour policy. The list isn't exhaustive, but it should include: acceptable use of
    technologies (including the use of mobile devices) how to respond to low level of
    concern staff/pupil relationships communications including the use of social media
    """
    return evaluate(ctx, requirement)


@document_check("dorset 5.1")
def dorset_5_1_policies_reviewed_regularly_safeguarding_policy(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """All policies listed in this document: should be reviewed regularly. For your
    safeguarding policy this needs to be annually or as changes occur on your practice or
    within legislation and regulations
    """
    finding = evaluate(ctx, requirement)
    limit = requirement.parameters.get("safeguarding_policy_review_months")
    if not limit:
        return finding
    stated = [st for i in sentences_with(ctx, ("review",)) for st in stated_months(ctx, i)]
    return limit_finding(
        finding, ctx, stated=stated, limit=limit, unit="months", what="the policy is reviewed"
    )


@document_check("dorset 5.2")
def dorset_5_2_policies_published_to_staff_and_volunteers_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """All policies listed in this document: ... must be made available and published to all
    relevant staff and volunteers working with children and their families and implemented
    through relevant training. We would recommend that updated policies are made available
    in your website (if available)
    """
    return evaluate(ctx, requirement)
