#pragma once
// The floor: the psoas rules (rules/psoas_release.ilio, version 3.0.0) written by hand as plain
// C++ for one complete, dated visit, with every parameter at its default. It is what a
// programmer would write for speed for exactly this rule set, and what ilio's evaluation is
// timed against (floor_bench.cpp); psoas_floor_test.cpp checks that it gives the same status as
// ilio for every conclusion.
//
// A complete visit is one visit, dated, every fact known. With no earlier visit, the first visit
// is the latest: `time since baseline` is 0 days and every change since it is 0, within the
// minimal detectable change, so no change counts as real (docs/evaluation.md, Visits).

#include <array>
#include <cstdint>
#include <string_view>

namespace ilio::bench::psoas_floor {

// The rules' parameters at their defaults (angles in degrees).
inline constexpr double thigh_parallel_max = 0.0;
inline constexpr double thigh_optimal_max = -10.0;
inline constexpr double knee_flexion_min = 80.0;
inline constexpr double hip_abduction_max = 15.6;
inline constexpr double slr_positive_max = 70.0;
inline constexpr int chronic_after_weeks = 12;
// escalate_after (6 weeks) is read only by programme_long_enough, which a single visit fails.

// A reading within error_k standard errors of a threshold is borderline: the comparison is
// unknown. The bands, error_k × the fact's error:
inline constexpr double error_k = 1.96;
inline constexpr double thigh_angle_band = error_k * 2.0;
inline constexpr double hip_abduction_band = error_k * 2.0;
inline constexpr double knee_flexion_band = error_k * 1.5;
inline constexpr double slr_angle_band = error_k * 2.0;

enum class Pain : std::uint8_t { none, upper_thigh_stretch, hip, knee, groin };
enum class Rotation : std::uint8_t { neutral, external, internal };

/// Set-of facts as bit masks, one bit per member in declaration order.
enum LabralSign : std::uint8_t { clicking = 1, locking = 2, catching = 4, giving_way = 8 };
enum LegNeuro : std::uint8_t { numbness = 1, tingling = 2, weakness = 4 };
enum RedFlag : std::uint16_t {
    fever = 1,
    night_pain = 2,
    weight_loss = 4,
    cancer_history = 8,
    recent_trauma = 16,
    cannot_bear_weight = 32,
    saddle_anaesthesia = 64,
    bladder_bowel_change = 128,
    bilateral_leg_symptoms = 256,
    pulsating_abdominal_mass = 512,
};
enum AbdomenContraindication : std::uint8_t {
    known_aneurysm = 1,
    pregnancy = 2,
    recent_abdominal_surgery = 4,
    hernia = 8,
    acute_abdominal_pain = 16,
    inflammatory_bowel_disease = 32,
    anticoagulation = 64,
    bleeding_disorder = 128,
};
enum AneurysmProfile : std::uint8_t {
    older_age = 1,
    smoker = 2,
    vascular_disease = 4,
    high_blood_pressure = 8,
};

/// The Thomas test of one leg (the facts declared `per side`). Angles in degrees.
struct ThomasTest {
    bool low_back_flat = false;
    double thigh_angle = 0;  // [-60, 90], error 2 deg
    Pain pain = Pain::none;
    Rotation thigh_rotation = Rotation::neutral;
    double hip_abduction = 0;  // [-30, 60], error 2 deg
    double knee_flexion = 0;   // [0, 160], error 1.5 deg
};

enum Side : std::uint8_t { left, right };

/// The 37 facts of one complete visit, in the rules' declaration order.
struct Patient {
    std::array<ThomasTest, 2> thomas;  // by Side
    bool felt_tightness = false;
    bool anterior_pelvic_tilt = false;
    std::uint8_t labral_signs = 0;  // LabralSign bits
    bool groin_pain = false;
    bool fadir_positive = false;
    bool pain_below_knee = false;
    bool slr_leg_pain = false;
    double slr_angle = 0;        // deg, [0, 110], error 2 deg
    std::uint8_t leg_neuro = 0;  // LegNeuro bits
    bool si_distraction = false;
    bool si_thigh_thrust = false;
    bool si_compression = false;
    bool si_sacral_thrust = false;
    bool si_gaenslen = false;
    bool compensation_elsewhere = false;
    bool thigh_burning_numbness = false;
    bool quadriceps_weakness = false;
    bool knee_reflex_reduced = false;
    std::uint16_t red_flags = 0;                 // RedFlag bits
    std::uint8_t abdomen_contraindications = 0;  // AbdomenContraindication bits
    std::uint8_t aneurysm_profile = 0;           // AneurysmProfile bits
    int symptom_weeks = 0;                       // [0, 1040]
    bool bridge_low_back_discomfort = false;
    bool steps_followed = false;
    int tightness = 0;  // points, [0, 10], error 1 point
};

/// A conclusion's status, as ilio's ConclusionStatus names them. The psoas rules declare no
/// population, so no conclusion is ever out of population.
enum class Status : std::uint8_t { fired, not_applicable, unknown, withheld };

/// The 68 conclusions, in the rules' declaration order (a conclusion `per side` as NAME.left,
/// NAME.right).
enum Conclusion : std::uint8_t {
    // Step 1: assess
    test_not_valid_left,
    test_not_valid_right,
    one_joint_flexors_short_left,
    one_joint_flexors_short_right,
    psoas_length_not_optimal_left,
    psoas_length_not_optimal_right,
    test_position_painful_left,
    test_position_painful_right,
    rotation_with_short_flexors_left,
    rotation_with_short_flexors_right,
    thigh_rotated_left,
    thigh_rotated_right,
    tfl_tight_left,
    tfl_tight_right,
    rectus_femoris_short_left,
    rectus_femoris_short_right,
    passes_thomas_test_left,
    passes_thomas_test_right,
    one_side_short,
    felt_tightness_not_shortness,
    // Step 2: rule out
    hip_joint_pathology,
    lumbar_pathology,
    si_joint_pathology,
    nerve_irritation,
    lfcn_pattern,
    femoral_nerve_pattern,
    compensation_pattern,
    rf_cauda_equina,
    rf_fever,
    rf_night_pain,
    rf_weight_loss,
    rf_cancer_history,
    rf_trauma,
    rf_bilateral_neuro,
    rf_pulsating_mass,
    getting_worse,
    cleared_for_release,
    medical_referral,
    urgent_referral,
    emergency_referral,
    address_compensation,
    // Step 3: stretch (gate: cleared_for_release)
    psoas_stretch_left,
    psoas_stretch_right,
    reciprocal_inhibition_left,
    reciprocal_inhibition_right,
    post_isometric_relaxation_left,
    post_isometric_relaxation_right,
    // Step 4: massage (gate: cleared_for_release)
    psoas_massage_left,
    psoas_massage_right,
    lesser_trochanter_massage_left,
    lesser_trochanter_massage_right,
    abdominal_contact_ruled_out,
    massage_professional_only,
    // Step 5: other flexors (gate: cleared_for_release)
    kneeling_hip_flexor_stretch_left,
    kneeling_hip_flexor_stretch_right,
    split_squat,
    foam_roll_tfl_left,
    foam_roll_tfl_right,
    foam_roll_adductors_sartorius,
    foam_rolling_sensitive,
    // Step 6: glutes (gate: cleared_for_release)
    glute_bridge,
    bridge_low_back_cue,
    // Step 7: persists (gate: cleared_for_release)
    keep_going,
    programme_working,
    programme_not_followed,
    manual_therapy,
    look_elsewhere,
    psoas_strengthening,
    conclusion_count
};

/// The rules' name of each conclusion ("one_joint_flexors_short.left"), by Conclusion.
extern const std::array<std::string_view, conclusion_count> conclusion_names;

using Statuses = std::array<Status, conclusion_count>;

/// The status of every conclusion for one complete visit.
void evaluate(const Patient& patient, Statuses& out) noexcept;

}  // namespace ilio::bench::psoas_floor
