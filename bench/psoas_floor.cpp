#include "psoas_floor.hpp"

#include <cmath>

namespace ilio::bench::psoas_floor {

const std::array<std::string_view, conclusion_count> conclusion_names = {
    "test_not_valid.left",
    "test_not_valid.right",
    "one_joint_flexors_short.left",
    "one_joint_flexors_short.right",
    "psoas_length_not_optimal.left",
    "psoas_length_not_optimal.right",
    "test_position_painful.left",
    "test_position_painful.right",
    "rotation_with_short_flexors.left",
    "rotation_with_short_flexors.right",
    "thigh_rotated.left",
    "thigh_rotated.right",
    "tfl_tight.left",
    "tfl_tight.right",
    "rectus_femoris_short.left",
    "rectus_femoris_short.right",
    "passes_thomas_test.left",
    "passes_thomas_test.right",
    "one_side_short",
    "felt_tightness_not_shortness",
    "hip_joint_pathology",
    "lumbar_pathology",
    "si_joint_pathology",
    "nerve_irritation",
    "lfcn_pattern",
    "femoral_nerve_pattern",
    "compensation_pattern",
    "rf_cauda_equina",
    "rf_fever",
    "rf_night_pain",
    "rf_weight_loss",
    "rf_cancer_history",
    "rf_trauma",
    "rf_bilateral_neuro",
    "rf_pulsating_mass",
    "getting_worse",
    "cleared_for_release",
    "medical_referral",
    "urgent_referral",
    "emergency_referral",
    "address_compensation",
    "psoas_stretch.left",
    "psoas_stretch.right",
    "reciprocal_inhibition.left",
    "reciprocal_inhibition.right",
    "post_isometric_relaxation.left",
    "post_isometric_relaxation.right",
    "psoas_massage.left",
    "psoas_massage.right",
    "lesser_trochanter_massage.left",
    "lesser_trochanter_massage.right",
    "abdominal_contact_ruled_out",
    "massage_professional_only",
    "kneeling_hip_flexor_stretch.left",
    "kneeling_hip_flexor_stretch.right",
    "split_squat",
    "foam_roll_tfl.left",
    "foam_roll_tfl.right",
    "foam_roll_adductors_sartorius",
    "foam_rolling_sensitive",
    "glute_bridge",
    "bridge_low_back_cue",
    "keep_going",
    "programme_working",
    "programme_not_followed",
    "manual_therapy",
    "look_elsewhere",
    "psoas_strengthening",
};

namespace {

// Kleene's three-valued truth as two bits: bit 0 "certainly true", bit 1 "possibly true", so
// true is 3, false 0 and unknown 2. Kleene's `and` and `or` are then the bitwise ones, and
// nothing below branches on a fact: from one patient to the next the facts are unpredictable,
// and a mispredicted branch costs more than the few instructions computing both sides.
struct Truth {
    std::uint8_t bits;
};
constexpr Truth yes{3}, no{0};

constexpr Truth truth(bool b) {
    return {static_cast<std::uint8_t>(b * 3)};
}
constexpr Truth operator&(Truth a, Truth b) {
    return {static_cast<std::uint8_t>(a.bits & b.bits)};
}
constexpr Truth operator|(Truth a, Truth b) {
    return {static_cast<std::uint8_t>(a.bits | b.bits)};
}
// Not: certainly true when not possibly true, possibly true when not certainly true.
constexpr Truth operator!(Truth a) {
    return {static_cast<std::uint8_t>((((a.bits >> 1) | (a.bits << 1)) & 3) ^ 3)};
}

// Values within a relative 1e-9 count as equal, as ilio compares (docs/evaluation.md), so a
// reading exactly at a threshold or at a band's edge is decided as written.
// (Not std::fmax, which honours NaN and is a library call; a reading is never NaN.)
bool nearly_equal(double a, double b) {
    double abs_a = std::fabs(a), abs_b = std::fabs(b);
    double scale = abs_a > abs_b ? abs_a : abs_b;
    scale = scale > 1.0 ? scale : 1.0;
    return std::fabs(a - b) <= 1e-9 * scale;
}

// Strictly inside the band; at its edge the reading decides.
bool borderline(double reading, double threshold, double band) {
    double distance = std::fabs(reading - threshold);
    return (distance < band) & !nearly_equal(distance, band);
}

// A comparison of a measured fact: `holds`, unless the reading is borderline (unknown).
Truth measured(bool holds, bool borderline) {
    return {static_cast<std::uint8_t>(((holds * 3) | (borderline * 2)) & ~unsigned{borderline})};
}

// `reading <= threshold` for a measured fact.
Truth at_most(double reading, double threshold, double band) {
    return measured((reading < threshold) | nearly_equal(reading, threshold),
                    borderline(reading, threshold, band));
}

// `reading >= threshold` for a measured fact.
Truth at_least(double reading, double threshold, double band) {
    return measured((reading > threshold) | nearly_equal(reading, threshold),
                    borderline(reading, threshold, band));
}

// A conclusion without a gate: fired, not applicable or unknown as its condition. By the
// condition's bits (1 never occurs).
constexpr Status ungated_status[4] = {Status::not_applicable, Status::unknown, Status::unknown,
                                      Status::fired};
Status ungated(Truth when) {
    return ungated_status[when.bits];
}

// A conclusion of a step with a gate, by the bits of its condition and of the gate: a false
// condition wins over a closed gate, a closed gate over an open condition.
constexpr Status gated_status[4][4] = {
    // gate: false, (never), unknown, true
    {Status::not_applicable, Status::not_applicable, Status::not_applicable,
     Status::not_applicable},                                               // condition false
    {Status::unknown, Status::unknown, Status::unknown, Status::unknown},   // (never occurs)
    {Status::withheld, Status::unknown, Status::unknown, Status::unknown},  // condition unknown
    {Status::withheld, Status::unknown, Status::unknown, Status::fired},    // condition true
};
Status gated(Truth when, Truth gate) {
    return gated_status[when.bits][gate.bits];
}

}  // namespace

void evaluate(const Patient& p, Statuses& out) noexcept {
    // ---- Step 1: assess each leg ----
    Truth test_valid[2], thigh_parallel[2], no_pain_in_test[2], one_joint_flexors_short[2],
        test_position_painful[2];
    for (int s : {left, right}) {
        const ThomasTest& t = p.thomas[s];
        // criterion test_valid: thomas.low_back_flat = true
        test_valid[s] = truth(t.low_back_flat);
        // criterion thigh_parallel: thomas.thigh_angle <= thigh_parallel_max
        thigh_parallel[s] = at_most(t.thigh_angle, thigh_parallel_max, thigh_angle_band);
        // criterion thigh_optimal: thomas.thigh_angle <= thigh_optimal_max
        Truth thigh_optimal = at_most(t.thigh_angle, thigh_optimal_max, thigh_angle_band);
        // criterion no_pain_in_test: thomas.pain in {none, upper_thigh_stretch}
        no_pain_in_test[s] = truth(t.pain == Pain::none || t.pain == Pain::upper_thigh_stretch);
        // criterion thigh_not_rotated: thomas.thigh_rotation = neutral
        Truth thigh_not_rotated = truth(t.thigh_rotation == Rotation::neutral);
        // criterion abduction_within_norm: thomas.hip_abduction <= hip_abduction_max
        Truth abduction_within_norm =
            at_most(t.hip_abduction, hip_abduction_max, hip_abduction_band);
        // criterion knee_near_90: thomas.knee_flexion >= knee_flexion_min
        Truth knee_near_90 = at_least(t.knee_flexion, knee_flexion_min, knee_flexion_band);

        // test_not_valid: not test_valid
        out[test_not_valid_left + s] = ungated(!test_valid[s]);
        // one_joint_flexors_short: test_valid and not thigh_parallel
        one_joint_flexors_short[s] = test_valid[s] & !thigh_parallel[s];
        out[one_joint_flexors_short_left + s] = ungated(one_joint_flexors_short[s]);
        // psoas_length_not_optimal: test_valid and thigh_parallel and not thigh_optimal
        out[psoas_length_not_optimal_left + s] =
            ungated(test_valid[s] & thigh_parallel[s] & !thigh_optimal);
        // test_position_painful: not no_pain_in_test
        test_position_painful[s] = !no_pain_in_test[s];
        out[test_position_painful_left + s] = ungated(test_position_painful[s]);
        // rotation_with_short_flexors: one_joint_flexors_short and not thigh_not_rotated
        out[rotation_with_short_flexors_left + s] =
            ungated(one_joint_flexors_short[s] & !thigh_not_rotated);
        // thigh_rotated: test_valid and thigh_parallel and not thigh_not_rotated
        out[thigh_rotated_left + s] =
            ungated(test_valid[s] & thigh_parallel[s] & !thigh_not_rotated);
        // tfl_tight: test_valid and not abduction_within_norm
        out[tfl_tight_left + s] = ungated(test_valid[s] & !abduction_within_norm);
        // rectus_femoris_short: test_valid and not knee_near_90
        out[rectus_femoris_short_left + s] = ungated(test_valid[s] & !knee_near_90);
        // passes_thomas_test: all of (test_valid, thigh_parallel, no_pain_in_test,
        //                             thigh_not_rotated, knee_near_90)
        out[passes_thomas_test_left + s] =
            ungated(test_valid[s] & thigh_parallel[s] & no_pain_in_test[s] & thigh_not_rotated &
                    knee_near_90);
    }
    // one_side_short: any of one_joint_flexors_short and not all of one_joint_flexors_short
    out[one_side_short] =
        ungated((one_joint_flexors_short[left] | one_joint_flexors_short[right]) &
                !(one_joint_flexors_short[left] & one_joint_flexors_short[right]));
    // felt_tightness_not_shortness: (history.felt_tightness or posture.anterior_pelvic_tilt)
    //   and all of (test_valid, thigh_parallel, no_pain_in_test), each on both sides
    out[felt_tightness_not_shortness] =
        ungated(truth(p.felt_tightness || p.anterior_pelvic_tilt) & test_valid[left] &
                test_valid[right] & thigh_parallel[left] & thigh_parallel[right] &
                no_pain_in_test[left] & no_pain_in_test[right]);

    // ---- Step 2: rule out underlying pathology ----
    // criterion slr_reproduces_leg_pain:
    //   lumbar.slr_leg_pain and lumbar.slr_angle <= slr_positive_max
    Truth slr_reproduces_leg_pain =
        truth(p.slr_leg_pain) & at_most(p.slr_angle, slr_positive_max, slr_angle_band);
    // criterion si_provocation_positive: at least 3 of (si.distraction, si.thigh_thrust,
    //   si.compression, si.sacral_thrust, si.gaenslen)
    int si_positive = p.si_distraction + p.si_thigh_thrust + p.si_compression + p.si_sacral_thrust +
                      p.si_gaenslen;
    Truth si_provocation_positive = truth(si_positive >= 3);
    // criteria sensory_signs, motor_deficit, reflex_deficit: one nerve sign each
    Truth sensory_signs = truth(p.thigh_burning_numbness);
    Truth motor_deficit = truth(p.quadriceps_weakness);
    Truth reflex_deficit = truth(p.knee_reflex_reduced);
    // criteria tightness_worse, extension_worse (each side): a reading minus its baseline
    // > 0. With one visit the change is 0, within the minimal detectable change: no real
    // change, so each is false.
    Truth tightness_worse = no;
    Truth extension_worse[2] = {no, no};

    // hip_joint_pathology: any of test_position_painful or hip.labral_signs contains any of
    //   {clicking, locking, catching, giving_way} or (hip.groin_pain and hip.fadir_positive)
    Truth hip_joint_pathology_ = test_position_painful[left] | test_position_painful[right] |
                                 truth(p.labral_signs != 0) |
                                 truth(p.groin_pain && p.fadir_positive);
    out[hip_joint_pathology] = ungated(hip_joint_pathology_);
    // lumbar_pathology: lumbar.pain_below_knee or slr_reproduces_leg_pain or lumbar.leg_neuro
    //   contains any of {numbness, tingling, weakness}
    Truth lumbar_pathology_ =
        truth(p.pain_below_knee) | slr_reproduces_leg_pain | truth(p.leg_neuro != 0);
    out[lumbar_pathology] = ungated(lumbar_pathology_);
    // si_joint_pathology: si_provocation_positive
    Truth si_joint_pathology_ = si_provocation_positive;
    out[si_joint_pathology] = ungated(si_joint_pathology_);
    // nerve_irritation: any of (sensory_signs, motor_deficit, reflex_deficit)
    Truth nerve_irritation_ = sensory_signs | motor_deficit | reflex_deficit;
    out[nerve_irritation] = ungated(nerve_irritation_);
    // lfcn_pattern: sensory_signs and not motor_deficit
    out[lfcn_pattern] = ungated(sensory_signs & !motor_deficit);
    // femoral_nerve_pattern: motor_deficit and reflex_deficit
    out[femoral_nerve_pattern] = ungated(motor_deficit & reflex_deficit);
    // compensation_pattern: exam.compensation_elsewhere
    Truth compensation_pattern_ = truth(p.compensation_elsewhere);
    out[compensation_pattern] = ungated(compensation_pattern_);

    // The red flags: history.red_flags contains ...
    // rf_cauda_equina: any of {saddle_anaesthesia, bladder_bowel_change}
    Truth rf_cauda_equina_ = truth(p.red_flags & (saddle_anaesthesia | bladder_bowel_change));
    out[rf_cauda_equina] = ungated(rf_cauda_equina_);
    // rf_fever: fever
    Truth rf_fever_ = truth(p.red_flags & fever);
    out[rf_fever] = ungated(rf_fever_);
    // rf_night_pain: night_pain
    Truth rf_night_pain_ = truth(p.red_flags & night_pain);
    out[rf_night_pain] = ungated(rf_night_pain_);
    // rf_weight_loss: weight_loss
    Truth rf_weight_loss_ = truth(p.red_flags & weight_loss);
    out[rf_weight_loss] = ungated(rf_weight_loss_);
    // rf_cancer_history: cancer_history
    Truth rf_cancer_history_ = truth(p.red_flags & cancer_history);
    out[rf_cancer_history] = ungated(rf_cancer_history_);
    // rf_trauma: any of {recent_trauma, cannot_bear_weight}
    Truth rf_trauma_ = truth(p.red_flags & (recent_trauma | cannot_bear_weight));
    out[rf_trauma] = ungated(rf_trauma_);
    // rf_bilateral_neuro: bilateral_leg_symptoms
    Truth rf_bilateral_neuro_ = truth(p.red_flags & bilateral_leg_symptoms);
    out[rf_bilateral_neuro] = ungated(rf_bilateral_neuro_);
    // rf_pulsating_mass: pulsating_abdominal_mass
    Truth rf_pulsating_mass_ = truth(p.red_flags & pulsating_abdominal_mass);
    out[rf_pulsating_mass] = ungated(rf_pulsating_mass_);

    // getting_worse: tightness_worse or any of extension_worse
    Truth getting_worse_ = tightness_worse | extension_worse[left] | extension_worse[right];
    out[getting_worse] = ungated(getting_worse_);
    // medical_referral: any of (hip_joint_pathology, lumbar_pathology, si_joint_pathology,
    //   nerve_irritation)
    Truth medical_referral_ =
        hip_joint_pathology_ | lumbar_pathology_ | si_joint_pathology_ | nerve_irritation_;
    out[medical_referral] = ungated(medical_referral_);
    // The red flags, the referral and getting worse, which cleared_for_release and
    // address_compensation both rule out.
    Truth referral_or_red_flag = rf_cauda_equina_ | rf_bilateral_neuro_ | rf_trauma_ | rf_fever_ |
                                 rf_cancer_history_ | rf_weight_loss_ | rf_night_pain_ |
                                 rf_pulsating_mass_ | medical_referral_ | getting_worse_;
    // cleared_for_release: not any of (the eight red flags, medical_referral, getting_worse,
    //   compensation_pattern)
    Truth cleared_for_release_ = !(referral_or_red_flag | compensation_pattern_);
    out[cleared_for_release] = ungated(cleared_for_release_);
    // urgent_referral: any of (rf_fever, rf_night_pain, rf_weight_loss, rf_cancer_history,
    //   rf_trauma, rf_bilateral_neuro, rf_pulsating_mass)
    out[urgent_referral] =
        ungated(rf_fever_ | rf_night_pain_ | rf_weight_loss_ | rf_cancer_history_ | rf_trauma_ |
                rf_bilateral_neuro_ | rf_pulsating_mass_);
    // emergency_referral: rf_cauda_equina
    out[emergency_referral] = ungated(rf_cauda_equina_);
    // address_compensation: compensation_pattern and not any of (the eight red flags,
    //   medical_referral, getting_worse)
    out[address_compensation] = ungated(compensation_pattern_ & !referral_or_red_flag);

    // Steps 3-7 require cleared_for_release.
    const Truth gate = cleared_for_release_;

    // ---- Step 3: stretch the psoas ----
    for (int s : {left, right}) {
        // psoas_stretch, reciprocal_inhibition, post_isometric_relaxation:
        //   one_joint_flexors_short
        out[psoas_stretch_left + s] = gated(one_joint_flexors_short[s], gate);
        out[reciprocal_inhibition_left + s] = gated(one_joint_flexors_short[s], gate);
        out[post_isometric_relaxation_left + s] = gated(one_joint_flexors_short[s], gate);
    }

    // ---- Step 4: psoas release massage ----
    // criterion chronic_tightness: history.symptom_weeks >= chronic_after
    Truth chronic_tightness = truth(p.symptom_weeks >= chronic_after_weeks);
    // criterion abdominal_contact_safe: not abdomen.contraindications contains any of {every
    //   member} and not abdomen.aneurysm_profile contains any of {every member}
    Truth abdominal_contact_safe =
        (!truth(p.abdomen_contraindications != 0)) & (!truth(p.aneurysm_profile != 0));
    Truth massage_indicated[2];
    for (int s : {left, right}) {
        // criterion massage_indicated: one_joint_flexors_short and chronic_tightness
        massage_indicated[s] = one_joint_flexors_short[s] & chronic_tightness;
        // psoas_massage: massage_indicated and abdominal_contact_safe
        out[psoas_massage_left + s] = gated(massage_indicated[s] & abdominal_contact_safe, gate);
        // lesser_trochanter_massage: massage_indicated and not abdominal_contact_safe
        out[lesser_trochanter_massage_left + s] =
            gated(massage_indicated[s] & !abdominal_contact_safe, gate);
    }
    Truth any_massage_indicated = massage_indicated[left] | massage_indicated[right];
    // abdominal_contact_ruled_out: any of massage_indicated and not abdominal_contact_safe
    out[abdominal_contact_ruled_out] = gated(any_massage_indicated & !abdominal_contact_safe, gate);
    // massage_professional_only: any of massage_indicated
    out[massage_professional_only] = gated(any_massage_indicated, gate);

    // ---- Step 5: release the other hip flexors ----
    // criterion hip_flexor_group_tension (each side): test_valid
    const Truth* hip_flexor_group_tension = test_valid;
    for (int s : {left, right}) {
        // kneeling_hip_flexor_stretch, foam_roll_tfl: hip_flexor_group_tension
        out[kneeling_hip_flexor_stretch_left + s] = gated(hip_flexor_group_tension[s], gate);
        out[foam_roll_tfl_left + s] = gated(hip_flexor_group_tension[s], gate);
    }
    Truth any_group_tension = hip_flexor_group_tension[left] | hip_flexor_group_tension[right];
    // split_squat, foam_roll_adductors_sartorius, foam_rolling_sensitive:
    //   any of hip_flexor_group_tension
    out[split_squat] = gated(any_group_tension, gate);
    out[foam_roll_adductors_sartorius] = gated(any_group_tension, gate);
    out[foam_rolling_sensitive] = gated(any_group_tension, gate);

    // ---- Step 6: glutes and hamstrings ----
    // glute_bridge: any of hip_flexor_group_tension
    out[glute_bridge] = gated(any_group_tension, gate);
    // bridge_low_back_cue: any of hip_flexor_group_tension and bridge.low_back_discomfort
    out[bridge_low_back_cue] = gated(any_group_tension & truth(p.bridge_low_back_discomfort), gate);

    // ---- Step 7: when psoas tension persists ----
    // criterion programme_long_enough: time since baseline >= escalate_after. One visit: 0
    // days since the baseline.
    Truth programme_long_enough = no;
    // criterion steps_followed: program.steps_followed = true
    Truth steps_followed = truth(p.steps_followed);
    // criteria tightness_improved, extension_improved (each side): baseline minus the reading
    // > 0; with one visit no real change, as for getting worse.
    Truth tightness_improved = no;
    Truth extension_improved[2] = {no, no};
    // criterion improving: tightness_improved or any of extension_improved
    Truth improving = tightness_improved | extension_improved[left] | extension_improved[right];
    // criterion tension_persists: all of (programme_long_enough, steps_followed) and not
    //   improving
    Truth tension_persists = programme_long_enough & steps_followed & !improving;
    // keep_going: not programme_long_enough
    out[keep_going] = gated(!programme_long_enough, gate);
    // programme_working: all of (programme_long_enough, steps_followed, improving)
    out[programme_working] = gated(programme_long_enough & steps_followed & improving, gate);
    // programme_not_followed: programme_long_enough and not steps_followed
    out[programme_not_followed] = gated(programme_long_enough & !steps_followed, gate);
    // manual_therapy, look_elsewhere, psoas_strengthening: tension_persists
    out[manual_therapy] = gated(tension_persists, gate);
    out[look_elsewhere] = gated(tension_persists, gate);
    out[psoas_strengthening] = gated(tension_persists, gate);
}

}  // namespace ilio::bench::psoas_floor
