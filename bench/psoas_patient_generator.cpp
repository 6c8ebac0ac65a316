#include "psoas_patient_generator.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ilio::bench::psoas_floor {

bool PatientGenerator::chance(double p) {
    return std::bernoulli_distribution(p)(random_);
}

double PatientGenerator::reading(double low, double high, std::initializer_list<double> thresholds,
                                 double band) {
    for (;;) {
        double value = any_reading(low, high, thresholds, band);
        if (readings_ == Readings::any ||
            std::none_of(thresholds.begin(), thresholds.end(),
                         [&](double t) { return std::fabs(value - t) < band; }))
            return value;
    }
}

double PatientGenerator::any_reading(double low, double high,
                                     std::initializer_list<double> thresholds, double band) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    double kind = unit(random_);
    double value;
    if (kind < 0.3) {
        // Anywhere in the range, to the 0.1 deg a goniometer reading would be written with.
        value = std::round((low + (high - low) * unit(random_)) * 10.0) / 10.0;
    } else if (kind < 0.35) {
        value = chance(0.5) ? low : high;
    } else {
        std::vector<double> at(thresholds);
        double threshold =
            at[std::uniform_int_distribution<std::size_t>(0, at.size() - 1)(random_)];
        double sign = chance(0.5) ? 1.0 : -1.0;
        double where = unit(random_);
        if (where < 0.2)
            value = threshold;
        else if (where < 0.4)
            value = threshold + sign * band;  // on the band's edge: decided
        else if (where < 0.7)
            value = threshold + sign * band * unit(random_);  // inside: borderline
        else
            value = threshold + sign * (band + 3.0 * unit(random_));  // just beyond
    }
    return std::clamp(value, low, high);
}

template <typename Bits>
Bits PatientGenerator::members(int count, double p) {
    Bits bits = 0;
    for (int i = 0; i < count; ++i)
        if (chance(p)) bits = static_cast<Bits>(bits | (1u << i));
    return bits;
}

ThomasTest PatientGenerator::thomas_test(double screen_rate) {
    ThomasTest t;
    t.low_back_flat = chance(0.75);
    t.thigh_angle = reading(-60, 90, {thigh_parallel_max, thigh_optimal_max}, thigh_angle_band);
    // A painful test position counts towards the Step 2 screen.
    if (chance(screen_rate))
        t.pain = static_cast<Pain>(std::uniform_int_distribution<int>(
            static_cast<int>(Pain::hip), static_cast<int>(Pain::groin))(random_));
    else
        t.pain = chance(0.5) ? Pain::none : Pain::upper_thigh_stretch;
    double rotation = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    t.thigh_rotation = rotation < 0.5    ? Rotation::neutral
                       : rotation < 0.75 ? Rotation::external
                                         : Rotation::internal;
    t.hip_abduction = reading(-30, 60, {hip_abduction_max}, hip_abduction_band);
    t.knee_flexion = reading(0, 160, {knee_flexion_min}, knee_flexion_band);
    return t;
}

Patient PatientGenerator::next() {
    Patient p;
    // How often each sign of the Step 2 screen is present for this patient: none at all for
    // many patients, so that release work is cleared often; a few for many others, so that a
    // single sign (the compensation pattern alone) decides often enough.
    static constexpr double screen_rates[] = {0.0, 0.0, 0.02, 0.1, 0.4};
    double r = screen_rates[std::uniform_int_distribution<int>(0, 4)(random_)];
    p.thomas[left] = thomas_test(r);
    p.thomas[right] = thomas_test(r);
    p.felt_tightness = chance(0.5);
    p.anterior_pelvic_tilt = chance(0.5);
    p.labral_signs = members<std::uint8_t>(4, r / 2);
    p.groin_pain = chance(r + 0.1);
    p.fadir_positive = chance(r + 0.1);
    p.pain_below_knee = chance(r);
    // The leg pain is read with its angle, so it is present often enough to put the angle's
    // borderline band to work while the rest of the screen is clear.
    p.slr_leg_pain = chance(r + 0.15);
    p.slr_angle = reading(0, 110, {slr_positive_max}, slr_angle_band);
    p.leg_neuro = members<std::uint8_t>(3, r / 2);
    // Three of five SI tests count: each is positive often enough for both outcomes.
    double si = r > 0 ? 0.5 : 0.0;
    p.si_distraction = chance(si);
    p.si_thigh_thrust = chance(si);
    p.si_compression = chance(si);
    p.si_sacral_thrust = chance(si);
    p.si_gaenslen = chance(si);
    p.compensation_elsewhere = chance(r > 0 ? 0.3 : 0.0);
    p.thigh_burning_numbness = chance(r);
    p.quadriceps_weakness = chance(r);
    p.knee_reflex_reduced = chance(r);
    p.red_flags = members<std::uint16_t>(10, r / 3);
    p.abdomen_contraindications = members<std::uint8_t>(8, 0.06);
    p.aneurysm_profile = members<std::uint8_t>(4, 0.1);
    p.symptom_weeks = chance(0.4) ? std::uniform_int_distribution<int>(0, 1040)(random_)
                                  : std::uniform_int_distribution<int>(
                                        chronic_after_weeks - 2, chronic_after_weeks + 2)(random_);
    p.bridge_low_back_discomfort = chance(0.5);
    p.steps_followed = chance(0.5);
    p.tightness = std::uniform_int_distribution<int>(0, 10)(random_);
    return p;
}

}  // namespace ilio::bench::psoas_floor
